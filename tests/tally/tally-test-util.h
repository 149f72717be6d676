/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "report/antam-report-model.h"

G_BEGIN_DECLS

/* Reports for the tally's tests and benchmark, made by the app's own code:
 * a scan of a training scenario (data/scenarios/), the report model, its
 * JSON and PDF, and an e-mail shaped as the SMTP sender shapes it. */

typedef enum {
  TT_OLD_REPORT = 0,           /* as today's code writes it */
  TT_MACHINE_KEY = 1 << 0,     /* with the fields the contracts add */
} TtFields;

typedef struct {
  const char *scenario;        /* "zoom-deb", "eol-pc", … */
  const char *unit;
  const char *agency_code;     /* nullable */
  const char *sender_name;
  const char *sender_email;
  const char *hostname;        /* nullable: withheld */
  const char *machine;         /* seed of the machine key */
  const char *created;         /* ISO 8601 with offset */
  gboolean training;
  gboolean incident;
  gboolean unsafe_answer;      /* answered "no" to the meeting password question */
  TtFields fields;
} TtReport;

enum { TT_N_REAL_REPORTS = 7, TT_TRAINING = 7, TT_INVALID = 8 };
extern const TtReport tt_reports[];

GPtrArray        *tt_scan_scenario     (const char      *scenario);
AntamReportModel *tt_make_model        (const TtReport  *spec);
char             *tt_machine_key       (const char      *machine);
char             *tt_report_json       (AntamReportModel *model,
                                        const TtReport  *spec);
char             *tt_build_message     (AntamReportModel *model,
                                        const char      *json,
                                        GBytes          *pdf);
char             *tt_write_maildir_message (const char  *maildir,
                                            const char  *message,
                                            guint        serial);
void              tt_append_mbox       (GString         *mbox,
                                        const char      *message);
const char       *tt_cli               (void);
char             *tt_run_cli           (const char * const *args,
                                        const char      *language,
                                        const char      *input,
                                        char           **err,
                                        int             *status);
guint             tt_free_port         (void);
void              tt_assert_contains   (const char      *haystack,
                                        const char      *needle);

G_END_DECLS
