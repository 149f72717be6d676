/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "report/antam-secrets.h"

const SecretSchema *
antam_smtp_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.antam.AnTam.Smtp", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

const SecretSchema *
antam_token_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.antam.AnTam.Token", SECRET_SCHEMA_NONE,
    {
      { "contact", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

gboolean
antam_secret_store_smtp (const char    *server,
                         const char    *user,
                         const char    *password,
                         GCancellable  *cancellable,
                         GError       **error)
{
  /* TRANSLATORS: the label of the password in the keyring; %s is user@server */
  g_autofree char *who = g_strdup_printf ("%s@%s", user, server);
  g_autofree char *label = g_strdup_printf (_("An Tâm: mail server password for %s"), who);

  g_return_val_if_fail (server != NULL && user != NULL && password != NULL, FALSE);
  return secret_password_store_sync (antam_smtp_secret_schema (), SECRET_COLLECTION_DEFAULT,
                                     label, password, cancellable, error,
                                     "server", server, "user", user, NULL);
}

/**
 * antam_secret_lookup_smtp:
 *
 * Returns: (nullable): the password, or %NULL without an error when none
 *   is stored
 */
char *
antam_secret_lookup_smtp (const char    *server,
                          const char    *user,
                          GCancellable  *cancellable,
                          GError       **error)
{
  char *secret;
  char *copy;

  g_return_val_if_fail (server != NULL && user != NULL, NULL);
  secret = secret_password_lookup_sync (antam_smtp_secret_schema (), cancellable, error,
                                        "server", server, "user", user, NULL);
  /* Out of the non-pageable memory libsecret keeps it in, into ours: the
   * caller hands it to libcurl, which copies it anyway. */
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

gboolean
antam_secret_clear_smtp (const char    *server,
                         const char    *user,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (antam_smtp_secret_schema (), cancellable, &local_error,
                              "server", server, "user", user, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
antam_secret_store_token (const char    *contact_id,
                          const char    *token,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *label = g_strdup_printf (_("An Tâm: access token for %s"), contact_id);

  return secret_password_store_sync (antam_token_secret_schema (), SECRET_COLLECTION_DEFAULT,
                                     label, token, cancellable, error,
                                     "contact", contact_id, NULL);
}

char *
antam_secret_lookup_token (const char    *contact_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  char *secret = secret_password_lookup_sync (antam_token_secret_schema (), cancellable,
                                              error, "contact", contact_id, NULL);
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}
