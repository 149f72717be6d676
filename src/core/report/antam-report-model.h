/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "report/antam-contacts.h"
#include "report/antam-report.h"
#include "antam-result.h"

G_BEGIN_DECLS

/* One report to the CSIRT, before it is written out: the results of the
 * last scan (with the answers' results), the answers themselves, what
 * happened (optional), who sends it, and what the user chose to withhold.
 * The JSON, the e-mail text and the PDF are all made from the same
 * redacted view, so the preview shows exactly what is sent. */

typedef enum {
  ANTAM_WITHHOLD_NONE          = 0,
  ANTAM_WITHHOLD_HOSTNAME      = 1 << 0,
  ANTAM_WITHHOLD_USER_NAME     = 1 << 1,
  ANTAM_WITHHOLD_HOME_PATHS    = 1 << 2,
  ANTAM_WITHHOLD_DOWNLOAD_URLS = 1 << 3,
} AntamWithhold;

typedef struct {
  char *id;                  /* a UUID: names the outbox entry */
  GPtrArray *results;        /* AntamResult */
  AntamSystemInfo *system;
  char *user_name;           /* the account the scan ran as */
  char *home_dir;            /* its home, as the paths in the results show it */
  GDateTime *generated;      /* when the scan ran */
  GDateTime *created;        /* when this report was made */
  GHashTable *answers;       /* question id → "yes" / "no" / "not-sure" */

  char *sender_name;
  char *sender_unit;
  char *sender_phone;
  char *sender_email;

  char *incident_what;       /* optional, all three */
  char *incident_when;
  char *incident_affected;

  AntamContact *contact;     /* nullable */
  AntamWithhold withhold;
  gboolean training;
} AntamReportModel;

AntamReportModel *antam_report_model_new        (GPtrArray              *results,
                                                 const AntamSystemInfo  *system,
                                                 GDateTime              *generated);
void              antam_report_model_free       (AntamReportModel       *model);
void              antam_report_model_set_contact (AntamReportModel      *model,
                                                  const AntamContact    *contact);
void              antam_report_model_set_answer (AntamReportModel       *model,
                                                 const char             *question_id,
                                                 const char             *answer);
gboolean          antam_report_model_has_incident (const AntamReportModel *model);

GPtrArray        *antam_report_model_get_redacted_results (const AntamReportModel *model);
char             *antam_report_model_to_json    (const AntamReportModel *model);
char             *antam_report_model_get_subject (const AntamReportModel *model);
char             *antam_report_model_to_text    (const AntamReportModel *model);
GBytes           *antam_report_model_to_pdf     (const AntamReportModel *model,
                                                 GError                **error);
char             *antam_report_model_get_file_stem (const AntamReportModel *model);

AntamReportModel *antam_report_model_new_from_json (const char           *json,
                                                   gsize                 length,
                                                   GError              **error);
AntamReportModel *antam_report_model_load_last  (const char             *state_dir,
                                                 GError                **error);

AntamSystemInfo  *antam_system_info_copy        (const AntamSystemInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamReportModel, antam_report_model_free)

G_END_DECLS
