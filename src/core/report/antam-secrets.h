/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The SMTP password and a CSIRT's token live in the Secret Service (GNOME
 * Keyring), never in a file of ours.  These are the sync calls for worker
 * threads; the app uses libsecret's async calls with the same schemas. */

const SecretSchema *antam_smtp_secret_schema  (void) G_GNUC_CONST;
const SecretSchema *antam_token_secret_schema (void) G_GNUC_CONST;

gboolean  antam_secret_store_smtp   (const char    *server,
                                     const char    *user,
                                     const char    *password,
                                     GCancellable  *cancellable,
                                     GError       **error);
char     *antam_secret_lookup_smtp  (const char    *server,
                                     const char    *user,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean  antam_secret_clear_smtp   (const char    *server,
                                     const char    *user,
                                     GCancellable  *cancellable,
                                     GError       **error);

gboolean  antam_secret_store_token  (const char    *contact_id,
                                     const char    *token,
                                     GCancellable  *cancellable,
                                     GError       **error);
char     *antam_secret_lookup_token (const char    *contact_id,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS
