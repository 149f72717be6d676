/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Deleting a tree without ever following a symbolic link: every component
 * is opened with O_NOFOLLOW relative to its parent, and the tree is walked
 * with fstatat (AT_SYMLINK_NOFOLLOW) and unlinkat.  Shared by the
 * privileged helper and the training copy, so both refuse the same things. */

gboolean antam_safe_path_is_clean   (const char          *abs_path);

gboolean antam_safe_remove          (const char          *root,
                                     const char          *abs_path,
                                     const char * const  *link_prefixes,
                                     GError             **error);

G_END_DECLS
