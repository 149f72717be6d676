/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rules/antam-questions.h"
#include "rules/antam-rules.h"
#include "session/antam-scenario.h"
#include "sysroot/antam-sysroot.h"
#include "checks/antam-steps.h"

G_BEGIN_DECLS

/* What the wizard knows, apart from any window: the system view, the last
 * results, the answers and the step.  The application owns it, so that a
 * window rebuilt in another language (or a scan still running) keeps it.
 * No GTK here: the tests drive it without a display. */

#define ANTAM_TYPE_SESSION (antam_session_get_type ())
G_DECLARE_FINAL_TYPE (AntamSession, antam_session, ANTAM, SESSION, GObject)

AntamSession   *antam_session_new                (AntamSysroot   *sysroot,
                                                  AntamScenario  *scenario,
                                                  const char     *state_dir);
AntamSysroot   *antam_session_get_sysroot        (AntamSession   *self);
AntamScenario  *antam_session_get_scenario       (AntamSession   *self);
gboolean        antam_session_is_training        (AntamSession   *self);

guint           antam_session_get_step           (AntamSession   *self);
void            antam_session_set_step           (AntamSession   *self,
                                                  guint           step);

GPtrArray      *antam_session_get_results        (AntamSession   *self);
GListModel     *antam_session_get_model          (AntamSession   *self);
gboolean        antam_session_has_scanned        (AntamSession   *self);
GDateTime      *antam_session_get_scanned_at     (AntamSession   *self);
AntamRules     *antam_session_get_rules          (AntamSession   *self);
AntamQuestions *antam_session_get_questions      (AntamSession   *self);
const char     *antam_session_get_problem        (AntamSession   *self);

AntamAnswer     antam_session_get_answer         (AntamSession   *self,
                                                  const char     *question_id);
void            antam_session_set_answer         (AntamSession   *self,
                                                  const char     *question_id,
                                                  AntamAnswer     answer);

void            antam_session_scan               (AntamSession   *self);
void            antam_session_cancel_scan        (AntamSession   *self);
gboolean        antam_session_get_scanning       (AntamSession   *self);
double          antam_session_get_progress       (AntamSession   *self);
const char     *antam_session_get_progress_text  (AntamSession   *self);

void            antam_session_language_changed   (AntamSession   *self);

gboolean        antam_session_load_state         (AntamSession   *self);
gboolean        antam_session_save_state         (AntamSession   *self,
                                                  GError        **error);
char           *antam_session_build_report       (AntamSession   *self);

G_END_DECLS
