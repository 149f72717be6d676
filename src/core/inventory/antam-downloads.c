/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-inventory.h"

/* STUB: to be implemented */
gboolean antam_download_is_installer_name (const char *name) { return FALSE; }
GPtrArray *antam_inventory_read_downloads (AntamSysroot *sysroot, GCancellable *cancellable, GError **error) { g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "stub"); return NULL; }
