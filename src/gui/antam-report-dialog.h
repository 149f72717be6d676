/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "report/antam-outbox.h"
#include "session/antam-session.h"

G_BEGIN_DECLS

/* The preview of a report, then one click to send it: exactly the e-mail
 * and the JSON that will go, with switches to leave private details out,
 * the sender, an optional description, and the team with its phone. */

#define ANTAM_TYPE_REPORT_DIALOG (antam_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AntamReportDialog, antam_report_dialog, ANTAM, REPORT_DIALOG, AdwWindow)

AntamReportDialog *antam_report_dialog_new          (GtkWindow         *parent,
                                                     AntamSession      *session);
const char        *antam_report_dialog_get_email_text (AntamReportDialog *self);
const char        *antam_report_dialog_get_json     (AntamReportDialog *self);
void               antam_report_dialog_set_withhold (AntamReportDialog *self,
                                                     guint              withhold);
void               antam_report_dialog_set_incident (AntamReportDialog *self,
                                                     const char        *what,
                                                     const char        *when,
                                                     const char        *affected);
AntamOutboxEntry  *antam_report_dialog_get_entry    (AntamReportDialog *self);

G_END_DECLS
