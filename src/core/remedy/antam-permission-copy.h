/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

void     antam_permission_revoke_in_copy_async  (AntamSysroot        *copy,
                                                 const char          *app_id,
                                                 const char          *device,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean antam_permission_revoke_in_copy_finish (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
