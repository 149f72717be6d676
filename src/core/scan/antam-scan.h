/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "checks/antam-checks.h"

G_BEGIN_DECLS

typedef void (*AntamScanProgressFunc) (const char *check_id,
                                       const char *check_name,
                                       guint       index,
                                       guint       total,
                                       gpointer    user_data);

gboolean   antam_scan_validate_only   (const char * const *only,
                                       GError           **error);
GPtrArray *antam_scan_run             (AntamScanContext     *context,
                                       const char * const   *only,
                                       AntamScanProgressFunc progress,
                                       gpointer              user_data,
                                       GCancellable         *cancellable,
                                       GError              **error);

void       antam_scan_run_async       (AntamSysroot         *sysroot,
                                       const char * const   *only,
                                       AntamScanProgressFunc progress,
                                       gpointer              progress_data,
                                       GDestroyNotify        progress_destroy,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GPtrArray *antam_scan_run_finish      (GAsyncResult         *result,
                                       AntamRules          **rules,
                                       GError              **error);

G_END_DECLS
