/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-inventory.h"

/* STUB: to be implemented */
GPtrArray *antam_rpm_parse_query (const char *text, GError **error) { g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "stub"); return NULL; }
GPtrArray *antam_inventory_read_rpm (AntamSysroot *sysroot, GError **error) { g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "stub"); return NULL; }
