/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-result.h"
#include "report/antam-send.h"
#include "antam-enums.h"
#include "util/antam-enum.h"

/* How reports are sent: Preferences (GSettings), each team's own
 * certificate authority from contacts.json, and a digest of them all. */

#define DEFAULT_CONNECT_TIMEOUT 20
#define DEFAULT_STALL_TIMEOUT 60
#define DEFAULT_TOTAL_TIMEOUT (15 * 60)

const char *
antam_smtp_security_to_string (AntamSmtpSecurity security)
{
  const char *nick = antam_enum_to_nick (ANTAM_TYPE_SMTP_SECURITY, security);

  g_return_val_if_fail (nick != NULL, NULL);
  return nick;
}

gboolean
antam_smtp_security_from_string (const char        *text,
                                 AntamSmtpSecurity *security)
{
  int value;

  if (!antam_enum_from_nick (ANTAM_TYPE_SMTP_SECURITY, text, &value))
    return FALSE;
  *security = (AntamSmtpSecurity) value;
  return TRUE;
}

AntamSendConfig *
antam_send_config_new (void)
{
  AntamSendConfig *config = g_new0 (AntamSendConfig, 1);
  const char *ca_file = g_getenv ("ANTAM_TEST_CA_FILE");

  config->channel = ANTAM_CHANNEL_MAIL_CLIENT;
  config->contact_id = g_strdup (ANTAM_DEFAULT_CONTACT);
  config->smtp_security = ANTAM_SMTP_SECURITY_STARTTLS;
  config->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  config->stall_timeout = DEFAULT_STALL_TIMEOUT;
  config->total_timeout = DEFAULT_TOTAL_TIMEOUT;
  config->reminder_days = 30;
  /* Only the tests set this, to trust the certificate they made. */
  if (ca_file != NULL && *ca_file != '\0')
    config->ca_file = g_strdup (ca_file);
  return config;
}

AntamSendConfig *
antam_send_config_copy (const AntamSendConfig *config)
{
  AntamSendConfig *copy = g_memdup2 (config, sizeof *config);

  copy->contact_id = g_strdup (config->contact_id);
  copy->smtp_server = g_strdup (config->smtp_server);
  copy->smtp_user = g_strdup (config->smtp_user);
  copy->smtp_password = g_strdup (config->smtp_password);
  copy->from_name = g_strdup (config->from_name);
  copy->from_address = g_strdup (config->from_address);
  copy->https_token = g_strdup (config->https_token);
  copy->ca_file = g_strdup (config->ca_file);
  if (config->team_ca_files != NULL)
    copy->team_ca_files = g_hash_table_ref (config->team_ca_files);
  return copy;
}

void
antam_send_config_free (AntamSendConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->contact_id);
  g_free (config->smtp_server);
  g_free (config->smtp_user);
  if (config->smtp_password != NULL)
    memset (config->smtp_password, 0, strlen (config->smtp_password));
  g_free (config->smtp_password);
  g_free (config->from_name);
  g_free (config->from_address);
  if (config->https_token != NULL)
    memset (config->https_token, 0, strlen (config->https_token));
  g_free (config->https_token);
  g_free (config->ca_file);
  g_clear_pointer (&config->team_ca_files, g_hash_table_unref);
  g_free (config);
}

/**
 * antam_report_settings_new:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL when
 *   the schema is not installed (antam-cli run from a build tree): then the
 *   defaults apply, rather than GSettings aborting
 */
GSettings *
antam_report_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "report-channel"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static char *
get_string_or_null (GSettings  *settings,
                    const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_strstrip (value);
  return *value ? g_steal_pointer (&value) : NULL;
}

/**
 * antam_send_config_load:
 * @settings: (nullable): from antam_report_settings_new()
 */
AntamSendConfig *
antam_send_config_load (GSettings *settings)
{
  AntamSendConfig *config = antam_send_config_new ();
  g_autofree char *channel = NULL;
  g_autofree char *security = NULL;

  if (settings == NULL)
    return config;

  channel = g_settings_get_string (settings, "report-channel");
  if (!antam_channel_from_string (channel, &config->channel))
    config->channel = ANTAM_CHANNEL_MAIL_CLIENT;
  g_free (config->contact_id);
  config->contact_id = get_string_or_null (settings, "report-contact");
  if (config->contact_id == NULL)
    config->contact_id = g_strdup (ANTAM_DEFAULT_CONTACT);
  config->smtp_server = get_string_or_null (settings, "smtp-server");
  config->smtp_port = g_settings_get_uint (settings, "smtp-port");
  security = g_settings_get_string (settings, "smtp-security");
  if (!antam_smtp_security_from_string (security, &config->smtp_security))
    config->smtp_security = ANTAM_SMTP_SECURITY_STARTTLS;
  config->smtp_user = get_string_or_null (settings, "smtp-user");
  config->from_name = get_string_or_null (settings, "sender-name");
  config->from_address = get_string_or_null (settings, "sender-email");
  config->reminder_days = g_settings_get_uint (settings, "reminder-interval-days");
  {
    g_autofree char *ca_file = get_string_or_null (settings, "ca-file");

    if (ca_file != NULL)
      {
        g_free (config->ca_file);
        config->ca_file = g_steal_pointer (&ca_file);
      }
  }
  return config;
}

/**
 * antam_send_config_add_contacts:
 *
 * Takes each team's own certificate authority ("ca_file" in contacts.json)
 * for its reports: an agency can trust a private authority for one team
 * without touching the system's store.  Preferences' "ca-file", when set,
 * applies to every team instead.
 */
void
antam_send_config_add_contacts (AntamSendConfig *config,
                                AntamContacts   *contacts)
{
  g_return_if_fail (config != NULL && contacts != NULL);

  for (guint i = 0; i < contacts->contacts->len; i++)
    {
      const AntamContact *contact = g_ptr_array_index (contacts->contacts, i);

      if (contact->ca_file == NULL)
        continue;
      if (config->team_ca_files == NULL)
        config->team_ca_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (config->team_ca_files, g_strdup (contact->id), g_strdup (contact->ca_file));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * antam_send_config_get_key:
 *
 * Returns: a digest of what a send depends on (channel, server, port,
 *   encryption, login, sender, certificate authorities): a report that
 *   failed for good is tried again by itself only once this changed
 */
char *
antam_send_config_get_key (const AntamSendConfig *config)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree gpointer *teams = NULL;
  guint n_teams = 0;
  g_autofree char *fields = g_strdup_printf ("%s\n%s\n%s\n%u\n%s\n%s\n%s\n%s\n",
                                             antam_channel_to_string (config->channel),
                                             config->contact_id ? config->contact_id : "",
                                             config->smtp_server ? config->smtp_server : "",
                                             config->smtp_port,
                                             antam_smtp_security_to_string (config->smtp_security),
                                             config->smtp_user ? config->smtp_user : "",
                                             config->from_address ? config->from_address : "",
                                             config->ca_file ? config->ca_file : "");

  g_checksum_update (checksum, (const guchar *) fields, -1);
  if (config->team_ca_files != NULL)
    {
      teams = g_hash_table_get_keys_as_array (config->team_ca_files, &n_teams);
      qsort (teams, n_teams, sizeof (gpointer), compare_strings);
    }
  for (guint i = 0; i < n_teams; i++)
    {
      g_checksum_update (checksum, teams[i], -1);
      g_checksum_update (checksum, g_hash_table_lookup (config->team_ca_files, teams[i]), -1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

void
antam_report_model_load_sender (AntamReportModel *model,
                                GSettings        *settings)
{
  if (settings == NULL)
    return;
  g_free (model->sender_name);
  model->sender_name = get_string_or_null (settings, "sender-name");
  g_free (model->sender_unit);
  model->sender_unit = get_string_or_null (settings, "sender-unit");
  g_free (model->sender_phone);
  model->sender_phone = get_string_or_null (settings, "sender-phone");
  g_free (model->sender_email);
  model->sender_email = get_string_or_null (settings, "sender-email");
}
