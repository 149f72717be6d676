/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "report/antam-outbox.h"

G_BEGIN_DECLS

/* Shared by the outbox's envelope and states (antam-outbox.c) and its
 * files (antam-outbox-files.c). */

AntamOutboxEntry *antam_outbox_entry_new       (const char        *dir);
gboolean          antam_outbox_is_safe_name    (const char        *name);
void              antam_outbox_set_write_error (GError           **error,
                                                int                saved_errno,
                                                const char        *path);
gboolean          antam_outbox_write_private   (const char        *path,
                                                const char        *contents,
                                                gssize             length,
                                                GError           **error);
gboolean          antam_outbox_write_envelope  (AntamOutboxEntry  *entry,
                                                const char        *dir,
                                                GError           **error);
void              antam_outbox_remove_tree     (const char        *dir);

G_END_DECLS
