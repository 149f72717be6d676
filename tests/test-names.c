/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>

#include "antam-enums.h"
#include "antam-result.h"
#include "report/antam-outbox.h"
#include "report/antam-send.h"
#include "rules/antam-questions.h"
#include "rules/antam-rules-feed-store.h"
#include "util/antam-enum.h"

/* The names values are written as, in reports, outbox envelopes, answers
 * and settings: they are read back by older and newer versions alike, so
 * they never change.  Listed here by hand, in the order of the values, on
 * purpose: the generated nicks must give exactly these. */
typedef struct {
  const char *type_name;
  GType (*get_type) (void);
  const char *names[8];
} WrittenNames;

static const WrittenNames written[] = {
  { "AntamStatus", antam_status_get_type,
    { "ok", "info", "manual", "unknown", "warning", "risk" } },
  { "AntamAnswer", antam_answer_get_type, { "none", "yes", "no", "not-sure" } },
  { "AntamOutboxState", antam_outbox_state_get_type,
    { "pending", "sent", "handed-to-mail-client", "training", "handing-over",
      "maybe-delivered", "damaged" } },
  { "AntamOutboxFailure", antam_outbox_failure_get_type, { "none", "transient", "permanent" } },
  { "AntamChannel", antam_channel_get_type, { "mail-client", "smtp", "https" } },
  { "AntamSmtpSecurity", antam_smtp_security_get_type, { "tls", "starttls", "none" } },
  { "AntamAppCategory", antam_app_category_get_type, { "app", "remote-support", "server" } },
  { "AntamFeedCheck", antam_feed_check_get_type,
    { "never", "updated", "current", "refused", "unreachable" } },
};

static void
test_written_names (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (written); t++)
    {
      GType type = written[t].get_type ();
      GEnumClass *klass = g_type_class_ref (type);
      guint n = 0;

      g_assert_cmpstr (g_type_name (type), ==, written[t].type_name);
      for (; n < G_N_ELEMENTS (written[t].names) && written[t].names[n] != NULL; n++)
        {
          int value = -1;

          g_assert_cmpstr (antam_enum_to_nick (type, (int) n), ==, written[t].names[n]);
          g_assert_true (antam_enum_from_nick (type, written[t].names[n], &value));
          g_assert_cmpint (value, ==, n);
        }
      g_assert_cmpuint (klass->n_values, ==, n);
      g_assert_false (antam_enum_from_nick (type, "OK", &(int) { 0 }));
      g_assert_false (antam_enum_from_nick (type, NULL, &(int) { 0 }));
      g_assert_null (antam_enum_to_nick (type, (int) n));
      g_type_class_unref (klass);
    }

  /* The typed functions the rest of the code calls give the same. */
  g_assert_cmpstr (antam_status_to_string (ANTAM_STATUS_INFO), ==, "info");
  g_assert_cmpstr (antam_answer_to_string (ANTAM_ANSWER_NOT_SURE), ==, "not-sure");
  g_assert_cmpstr (antam_outbox_state_to_string (ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT), ==,
                   "handed-to-mail-client");
  g_assert_cmpstr (antam_channel_to_string (ANTAM_CHANNEL_HTTPS), ==, "https");
  g_assert_cmpstr (antam_smtp_security_to_string (ANTAM_SMTP_SECURITY_STARTTLS), ==, "starttls");
}

/* A setting that holds one of these values is an <enum> of the schema with
 * the same values and nicks. */
static void
test_settings_enums (void)
{
  static const struct {
    const char *key;
    GType (*get_type) (void);
  } keys[] = {
    { "report-channel", antam_channel_get_type },
    { "smtp-security", antam_smtp_security_get_type },
  };
  g_autoptr(GSettings) settings = g_settings_new ("io.github.antam.AnTam");
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, keys[k].key);
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GVariant) nicks = NULL;
      const char *range_type = NULL;
      GEnumClass *klass = g_type_class_ref (keys[k].get_type ());

      g_variant_get (range, "(&sv)", &range_type, &nicks);
      g_assert_cmpstr (range_type, ==, "enum");
      g_assert_cmpuint (g_variant_n_children (nicks), ==, klass->n_values);
      for (guint i = 0; i < klass->n_values; i++)
        {
          g_autofree char *written_name = NULL;

          g_assert_true (g_settings_set_enum (settings, keys[k].key, klass->values[i].value));
          written_name = g_settings_get_string (settings, keys[k].key);
          g_assert_cmpstr (written_name, ==, klass->values[i].value_nick);
          g_assert_cmpint (g_settings_get_enum (settings, keys[k].key), ==, klass->values[i].value);
        }
      g_settings_reset (settings, keys[k].key);
      g_type_class_unref (klass);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/written", test_written_names);
  g_test_add_func ("/names/settings-enums", test_settings_enums);
  return g_test_run ();
}
