/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "util/antam-json-fields.h"
#include "rules/antam-rules-feed.h"

/* The four lines of the signature: minisign's longest comments, and the
 * two base64 lines. */
#define MAX_SIGNATURE_TEXT (1100 + 120 + ANTAM_MINISIGN_MAX_TRUSTED_COMMENT + 40 + 120)
/* JSON numbers are doubles: serials stay exact up to 2^53. */
#define MAX_SERIAL ((guint64) 1 << 53)

void
antam_rules_feed_free (AntamRulesFeed *feed)
{
  if (feed == NULL)
    return;
  g_clear_pointer (&feed->issued, g_date_time_unref);
  g_clear_pointer (&feed->expires, g_date_time_unref);
  g_free (feed->rules);
  g_free (feed->team);
  g_free (feed->path);
  g_free (feed);
}

gboolean
antam_rules_feed_is_expired (const AntamRulesFeed *feed,
                             GDateTime            *now)
{
  return g_date_time_compare (now, feed->expires) >= 0;
}

/* Where the signature ends: after its fourth line. */
static gsize
signature_length (const char *data,
                  gsize       length)
{
  gsize limit = MIN (length, MAX_SIGNATURE_TEXT);
  guint lines = 0;

  for (gsize i = 0; i < limit; i++)
    if (data[i] == '\n' && ++lines == 4)
      return i + 1;
  return 0;
}

/* "2026-11-21T09:00:00+07:00": a time with its offset, never a local one
 * that each PC would read in its own zone. */
static gboolean
read_time (const cJSON  *root,
           const char   *key,
           const char   *file,
           GDateTime   **out,
           GError      **error)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (root, key);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *text, *time_part;

  if (!cJSON_IsString (node))
    return antam_json_fail (error, file, key, "%s", _("must be a date and time such as “2026-11-21T09:00:00+07:00”"));
  text = node->valuestring;
  time_part = strchr (text, 'T');
  if (time_part == NULL ||
      (!g_str_has_suffix (text, "Z") && strchr (time_part, '+') == NULL && strchr (time_part, '-') == NULL) ||
      (*out = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    return antam_json_fail (error, file, key, "%s", _("must be a date and time such as “2026-11-21T09:00:00+07:00”"));
  return TRUE;
}

static gboolean
parse_payload (AntamRulesFeed  *feed,
               const cJSON     *root,
               const char      *file,
               GError         **error)
{
  static const char * const keys[] = { "schema", "serial", "issued", "expires", "rules", NULL };
  g_autoptr(AntamRules) scratch = antam_rules_new ();
  g_autofree char *rules_file = NULL;
  const cJSON *child, *schema, *serial, *rules;

  if (!cJSON_IsObject (root))
    return antam_json_fail (error, file, NULL, "%s", _("must contain one JSON object"));
  cJSON_ArrayForEach (child, root)
    if (!g_strv_contains (keys, child->string))
      return antam_json_fail (error, file, child->string, "%s", _("is not a known field"));

  schema = cJSON_GetObjectItemCaseSensitive (root, "schema");
  if (!cJSON_IsString (schema) || !g_str_equal (schema->valuestring, ANTAM_RULES_FEED_SCHEMA))
    return antam_json_fail (error, file, "schema", _("must be “%s”"), ANTAM_RULES_FEED_SCHEMA);

  serial = cJSON_GetObjectItemCaseSensitive (root, "serial");
  if (!cJSON_IsNumber (serial) || serial->valuedouble < 1 || serial->valuedouble > (double) MAX_SERIAL ||
      serial->valuedouble != (double) (guint64) serial->valuedouble)
    return antam_json_fail (error, file, "serial", "%s", _("must be a whole number from 1"));
  feed->serial = (guint64) serial->valuedouble;

  if (!read_time (root, "issued", file, &feed->issued, error) ||
      !read_time (root, "expires", file, &feed->expires, error))
    return FALSE;
  if (g_date_time_compare (feed->expires, feed->issued) <= 0)
    return antam_json_fail (error, file, "expires", "%s", _("must come after “issued”"));

  rules = cJSON_GetObjectItemCaseSensitive (root, "rules");
  if (!cJSON_IsObject (rules))
    return antam_json_fail (error, file, "rules", "%s", _("must be a rules file (an object with “schema” and “apps”)"));
  rules_file = cJSON_PrintUnformatted (rules);
  {
    g_autofree char *where = g_strdup_printf ("%s: rules", file);

    /* The same checks as "antam-cli rules check": a feed with one bad
     * rule is refused whole, as a bad rules.d file is. */
    if (!antam_rules_add_file (scratch, where, rules_file, strlen (rules_file), error))
      return FALSE;
  }
  feed->rules = g_steal_pointer (&rules_file);
  return TRUE;
}

/**
 * antam_rules_feed_open:
 * @key: the team's key, pinned in its contact
 * @display_name: how errors name the feed
 *
 * Checks the signature, then reads what it signs.
 *
 * Returns: (nullable): the feed, or %NULL when it is not one, is not
 *   signed by @key, or carries a rules file with a mistake
 */
AntamRulesFeed *
antam_rules_feed_open (const char                   *data,
                       gsize                         length,
                       const AntamMinisignPublicKey *key,
                       const char                   *display_name,
                       GError                      **error)
{
  g_autoptr(AntamRulesFeed) feed = NULL;
  gsize signed_from;
  cJSON *root;

  g_return_val_if_fail (key != NULL, NULL);

  if (length > ANTAM_RULES_FEED_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: is larger than a rules feed may be (%d MiB)"), display_name,
                   ANTAM_RULES_FEED_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  signed_from = signature_length (data, length);
  if (signed_from == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: is not a rules feed: it does not start with a minisign signature"), display_name);
      return NULL;
    }
  if (!antam_minisign_verify (key, data, signed_from, data + signed_from, length - signed_from, NULL, error))
    {
      g_prefix_error (error, "%s: ", display_name);
      return NULL;
    }

  root = cJSON_ParseWithLength (data + signed_from, length - signed_from);
  if (root == NULL)
    {
      antam_json_fail (error, display_name, NULL, "%s", _("is not valid JSON"));
      return NULL;
    }
  feed = g_new0 (AntamRulesFeed, 1);
  if (!parse_payload (feed, root, display_name, error))
    {
      cJSON_Delete (root);
      return NULL;
    }
  cJSON_Delete (root);
  return g_steal_pointer (&feed);
}

#ifdef HAVE_LIBSODIUM
static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

/**
 * antam_rules_feed_make:
 * @rules: a rules file, checked as "antam-cli rules check" does
 * @length: (out): the length of the feed
 *
 * Returns: (nullable): the feed, signed: what the team's web server serves
 */
char *
antam_rules_feed_make (const char  *rules,
                       gsize        rules_length,
                       const char  *display_name,
                       guint64      serial,
                       GDateTime   *issued,
                       GDateTime   *expires,
                       const char  *secret_key,
                       gsize        secret_key_length,
                       const char  *passphrase,
                       gsize       *length,
                       GError     **error)
{
  g_autoptr(AntamRules) scratch = antam_rules_new ();
  g_autofree char *issued_text = format_time (issued);
  g_autofree char *expires_text = format_time (expires);
  g_autofree char *payload = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *comment = NULL;
  cJSON *root, *parsed;
  gsize payload_length;
  char *feed;

  g_return_val_if_fail (serial >= 1 && serial <= MAX_SERIAL, NULL);
  g_return_val_if_fail (g_date_time_compare (expires, issued) > 0, NULL);

  if (!antam_rules_add_file (scratch, display_name, rules, rules_length, error))
    return NULL;
  parsed = cJSON_ParseWithLength (rules, rules_length);
  g_assert (parsed != NULL);

  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "schema", ANTAM_RULES_FEED_SCHEMA);
  cJSON_AddNumberToObject (root, "serial", (double) serial);
  cJSON_AddStringToObject (root, "issued", issued_text);
  cJSON_AddStringToObject (root, "expires", expires_text);
  cJSON_AddItemToObject (root, "rules", parsed);
  {
    char *printed = cJSON_Print (root);

    payload = g_strconcat (printed, "\n", NULL);
    cJSON_free (printed);
  }
  cJSON_Delete (root);
  payload_length = strlen (payload);

  /* For whoever checks the feed with minisign: it prints this line. */
  comment = g_strdup_printf ("%s serial:%" G_GUINT64_FORMAT " issued:%s expires:%s",
                             ANTAM_RULES_FEED_SCHEMA, serial, issued_text, expires_text);
  if (!antam_minisign_sign (secret_key, secret_key_length, passphrase, payload, payload_length,
                            comment, &signature, error))
    return NULL;

  feed = g_strconcat (signature, payload, NULL);
  *length = strlen (feed);
  if (*length > ANTAM_RULES_FEED_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: the feed would be larger than a PC accepts (%d MiB)"), display_name,
                   ANTAM_RULES_FEED_MAX_SIZE / (1024 * 1024));
      g_free (feed);
      return NULL;
    }
  return feed;
}
#endif
