/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small read-only reader of GVDB files: the format of the portal
 * permission store (XDG_DATA_HOME/flatpak/db/TABLE) and of dconf databases
 * (~/.config/dconf/user, /etc/dconf/db/NAME).  GLib keeps its own reader
 * private, so we carry one; it trusts nothing in the file: every offset is
 * checked, and a bad file is an error, never a crash. */

typedef struct _AntamGvdb AntamGvdb;

AntamGvdb  *antam_gvdb_new        (GBytes      *bytes,
                                   GError     **error);
void        antam_gvdb_free       (AntamGvdb   *table);

char      **antam_gvdb_list_keys  (AntamGvdb   *table);
gboolean    antam_gvdb_has_key    (AntamGvdb   *table,
                                   const char  *key);
GVariant   *antam_gvdb_get_value  (AntamGvdb   *table,
                                   const char  *key);
AntamGvdb  *antam_gvdb_get_table  (AntamGvdb   *table,
                                   const char  *key,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamGvdb, antam_gvdb_free)

G_END_DECLS
