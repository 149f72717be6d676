/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-inventory.h"

/* STUB: to be implemented */
AntamDesktopEntry *antam_desktop_entry_parse (const char *text, gsize length, GError **error) { g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "stub"); return NULL; }
GPtrArray *antam_inventory_read_desktop_entries (AntamSysroot *sysroot, GError **error) { g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "stub"); return NULL; }
GPtrArray *antam_inventory_read_autostart (AntamSysroot *sysroot, GError **error) { g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "stub"); return NULL; }
GHashTable *antam_inventory_read_default_handlers (AntamSysroot *sysroot, GError **error) { return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free); }
