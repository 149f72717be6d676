/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "report/antam-report-model.h"
#include "antam-session.h"

G_BEGIN_DECLS

typedef enum {
  ANTAM_REPORT_FORMAT_PDF,    /* the printable record: what a person reads */
  ANTAM_REPORT_FORMAT_JSON,   /* the data: what the team's tools read */
} AntamReportFormat;

/* Says how a save went, in plain words, the way @parent shows messages. */
typedef void (*AntamReportSavedFunc) (GtkWidget  *parent,
                                      const char *message);

AntamReportModel *antam_report_model_from_session (AntamSession          *session);
GFile            *antam_report_file_for_format    (GFile                 *file,
                                                   AntamReportFormat      format);
gboolean          antam_report_save_to_file       (const AntamReportModel *model,
                                                   AntamReportFormat      format,
                                                   GFile                 *file,
                                                   GError               **error);
void              antam_report_save_choose        (GtkWindow             *parent,
                                                   AntamReportModel      *model,
                                                   gboolean               open_folder,
                                                   AntamReportSavedFunc   done);

G_END_DECLS
