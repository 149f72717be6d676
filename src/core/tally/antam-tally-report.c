/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "report/antam-report.h"
#include "antam-result.h"
#include "tally/antam-tally-report.h"

#define SCHEMA_PREFIX "antam.report/"
#define MAX_PROBLEMS 8

G_DEFINE_QUARK (antam-tally-error-quark, antam_tally_error)

/* The detail os-updates writes on a security update, in English and as
 * po/vi.po translates it (test-tally checks that the two agree). */
static const char * const security_details[] = {
  "Security update",
  "Bản cập nhật bảo mật",
};

/* What a risky-apps item of these kinds shows is left behind, not a
 * program that can run (antam-check-risky-apps.c marks the others). */
static const char * const leftover_kinds[] = {
  "home-path", "desktop-entry", "url-handler", "autostart",
};

gboolean
antam_tally_is_security_detail (const char *detail)
{
  for (guint i = 0; detail != NULL && i < G_N_ELEMENTS (security_details); i++)
    if (g_str_equal (detail, security_details[i]))
      return TRUE;
  return FALSE;
}

void
antam_tally_app_free (AntamTallyApp *app)
{
  if (app == NULL)
    return;
  g_free (app->rule);
  g_free (app);
}

void
antam_tally_report_free (AntamTallyReport *report)
{
  if (report == NULL)
    return;
  g_free (report->report_id);
  g_free (report->machine_key);
  g_free (report->hostname);
  g_free (report->os_name);
  g_free (report->sender_name);
  g_free (report->sender_email);
  g_free (report->unit);
  g_free (report->agency_code);
  g_free (report->created_text);
  g_ptr_array_unref (report->apps);
  g_ptr_array_unref (report->problems);
  g_free (report->json);
  g_free (report);
}

gboolean
antam_tally_report_is_valid (const AntamTallyReport *report)
{
  return report->problems->len == 0;
}

const AntamTallyApp *
antam_tally_report_find_app (const AntamTallyReport *report,
                             const char             *rule)
{
  for (guint i = 0; i < report->apps->len; i++)
    {
      const AntamTallyApp *app = g_ptr_array_index (report->apps, i);

      if (g_str_equal (app->rule, rule))
        return app;
    }
  return NULL;
}

/* A text value, trimmed; NULL when absent or blank. */
static char *
dup_text (const cJSON *object,
          const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);
  char *text;

  if (!cJSON_IsString (node) || node->valuestring == NULL)
    return NULL;
  text = g_strstrip (g_utf8_make_valid (node->valuestring, -1));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
get_status (const cJSON *result,
            AntamStatus *status)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (result, "status");

  return cJSON_IsString (node) && antam_status_from_string (node->valuestring, status);
}

static gboolean
is_finding (const cJSON *result)
{
  AntamStatus status;

  return get_status (result, &status) && status >= ANTAM_STATUS_WARNING;
}

static gboolean
is_check (const cJSON *result,
          const char  *check)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (result, "check");

  return cJSON_IsString (node) && g_strcmp0 (node->valuestring, check) == 0;
}

static gboolean
is_rule_id (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* The rule a risky-apps result is about: each item names it in reports
 * since "rule" was added; the result's id ("risky-apps/zoom") or, in
 * older reports, the remedy's target (antam_result_set_remedy() is given
 * the rule id) say it otherwise. */
static char *
find_rule (const cJSON *result)
{
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (result, "items");
  const cJSON *remedy = cJSON_GetObjectItemCaseSensitive (result, "remedy");
  const cJSON *item;
  g_autofree char *id = dup_text (result, "id");
  g_autofree char *target = NULL;

  cJSON_ArrayForEach (item, items)
    {
      g_autofree char *rule = dup_text (item, "rule");

      if (is_rule_id (rule))
        return g_ascii_strdown (rule, -1);
    }
  if (id != NULL && g_str_has_prefix (id, "risky-apps/") && is_rule_id (id + strlen ("risky-apps/")))
    return g_ascii_strdown (id + strlen ("risky-apps/"), -1);
  target = dup_text (remedy, "target");
  if (is_rule_id (target))
    return g_ascii_strdown (target, -1);
  return NULL;
}

static gboolean
has_program (const cJSON *result)
{
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (result, "items");
  const cJSON *item;

  cJSON_ArrayForEach (item, items)
    {
      const cJSON *kind = cJSON_GetObjectItemCaseSensitive (item, "kind");
      gboolean leftover = FALSE;

      if (!cJSON_IsString (kind))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (leftover_kinds); i++)
        if (g_str_equal (kind->valuestring, leftover_kinds[i]))
          leftover = TRUE;
      if (!leftover)
        return TRUE;
    }
  return FALSE;
}

static void
add_app (AntamTallyReport *report,
         const cJSON      *result)
{
  g_autofree char *rule = find_rule (result);
  AntamTallyApp *app;

  if (rule == NULL)
    return;
  for (guint i = 0; i < report->apps->len; i++)
    {
      app = g_ptr_array_index (report->apps, i);
      if (g_str_equal (app->rule, rule))
        {
          app->installed |= has_program (result);
          return;
        }
    }
  app = g_new0 (AntamTallyApp, 1);
  app->rule = g_steal_pointer (&rule);
  app->installed = has_program (result);
  g_ptr_array_add (report->apps, app);
}

static guint
count_security_updates (const cJSON *result)
{
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (result, "items");
  const cJSON *item;
  guint n = 0;

  cJSON_ArrayForEach (item, items)
    {
      const cJSON *detail = cJSON_GetObjectItemCaseSensitive (item, "detail");

      if (cJSON_IsString (detail) && antam_tally_is_security_detail (detail->valuestring))
        n++;
    }
  return n;
}

static void
read_results (AntamTallyReport *report,
              const cJSON      *results)
{
  const cJSON *result;

  cJSON_ArrayForEach (result, results)
    {
      AntamStatus status;

      if (!is_finding (result))
        continue;
      get_status (result, &status);
      if (is_check (result, "risky-apps"))
        add_app (report, result);
      else if (is_check (result, "os-support"))
        report->os_unsupported |= status == ANTAM_STATUS_RISK;
      else if (is_check (result, "os-updates"))
        report->security_updates += count_security_updates (result);
      else if (is_check (result, "auto-updates"))
        report->auto_updates_off = TRUE;
      else if (is_check (result, "firewall"))
        report->firewall_off = TRUE;
      else if (is_check (result, "disk-encryption"))
        report->laptop_unencrypted = TRUE;
      else if (is_check (result, "meeting-hygiene") || is_check (result, "data-handling"))
        report->unsafe_answers++;
    }
}

static gboolean
has_incident (const cJSON *root)
{
  const cJSON *incident = cJSON_GetObjectItemCaseSensitive (root, "incident");
  const char * const keys[] = { "what", "when", "affected" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *text = dup_text (incident, keys[i]);

      if (text != NULL)
        return TRUE;
    }
  return FALSE;
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = text ? g_date_time_new_from_iso8601 (text, utc) : NULL;

  return when != NULL ? g_date_time_to_unix (when) : 0;
}

/* Ids are hex: the same in either case. */
static void
lower_in_place (char *text)
{
  for (char *p = text; p != NULL && *p; p++)
    *p = g_ascii_tolower (*p);
}

/* "…+07" → "…+07:00": how An Tâm wrote offsets before the contract
 * fixed RFC 3339's form (g_date_time_format_iso8601() drops the minutes). */
static gboolean
upgrade_offset (cJSON *node)
{
  const char *text = cJSON_IsString (node) ? node->valuestring : NULL;
  gsize len = text ? strlen (text) : 0;
  g_autofree char *fixed = NULL;

  if (len < 20 || !(text[len - 3] == '+' || text[len - 3] == '-') ||
      !g_ascii_isdigit (text[len - 2]) || !g_ascii_isdigit (text[len - 1]))
    return FALSE;
  fixed = g_strconcat (text, ":00", NULL);
  cJSON_SetValuestring (node, fixed);
  return TRUE;
}

/* What An Tâm wrote before the report contract of December 2026, brought
 * to today's form so that the published schema judges the rest: offsets
 * without minutes, no "info" count, results without an id (the check's,
 * or "risky-apps/RULE" from the remedy's target).  A report is not
 * invalid for being older than the schema; anything else still is. */
static gboolean
upgrade_older_report (cJSON *root)
{
  cJSON *summary = cJSON_GetObjectItemCaseSensitive (root, "summary");
  cJSON *result;
  gboolean upgraded = FALSE;

  upgraded |= upgrade_offset (cJSON_GetObjectItemCaseSensitive (root, "generated"));
  upgraded |= upgrade_offset (cJSON_GetObjectItemCaseSensitive (root, "created"));
  if (cJSON_IsObject (summary) && cJSON_GetObjectItemCaseSensitive (summary, "info") == NULL)
    {
      cJSON_AddNumberToObject (summary, "info", 0);
      upgraded = TRUE;
    }
  cJSON_ArrayForEach (result, cJSON_GetObjectItemCaseSensitive (root, "results"))
    {
      const cJSON *check = cJSON_GetObjectItemCaseSensitive (result, "check");
      const cJSON *target = cJSON_GetObjectItemCaseSensitive (cJSON_GetObjectItemCaseSensitive (result, "remedy"),
                                                              "target");
      g_autofree char *id = NULL;

      if (!cJSON_IsObject (result) || cJSON_GetObjectItemCaseSensitive (result, "id") != NULL ||
          !cJSON_IsString (check))
        continue;
      if (g_str_equal (check->valuestring, "risky-apps") && cJSON_IsString (target) && is_rule_id (target->valuestring))
        id = g_strdup_printf ("risky-apps/%s", target->valuestring);
      else
        id = g_strdup (check->valuestring);
      cJSON_AddStringToObject (result, "id", id);
      upgraded = TRUE;
    }
  return upgraded;
}

/* "antam.report/1" → 1; 0 when @schema is not a report's. */
static guint
schema_version (const char *schema)
{
  guint64 version = 0;

  if (schema == NULL || !g_str_has_prefix (schema, SCHEMA_PREFIX) ||
      !g_ascii_string_to_unsigned (schema + strlen (SCHEMA_PREFIX), 10, 1, G_MAXUINT, &version, NULL))
    return 0;
  return (guint) version;
}

/**
 * antam_tally_report_parse:
 * @data: the report's JSON, not necessarily nul-terminated
 * @fallback_id: (nullable): the report id the message carried
 *   (X-AnTam-Report-Id), for a report without "report_id"
 * @schema: (nullable): the published schema to validate against
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with an
 *   %ANTAM_TALLY_ERROR that says why it is not one this tally can count
 */
AntamTallyReport *
antam_tally_report_parse (const char       *data,
                          gsize             length,
                          const char       *fallback_id,
                          AntamJsonSchema  *schema,
                          GError          **error)
{
  g_autoptr(AntamTallyReport) report = NULL;
  const cJSON *node, *sender, *system;
  g_autofree char *schema_text = NULL;
  g_autofree char *generated = NULL;
  cJSON *root;
  guint version;

  if (length > ANTAM_TALLY_MAX_REPORT_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (ANTAM_TALLY_MAX_REPORT_SIZE);

      g_set_error (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_TOO_LARGE,
                   _("the report is too large (%s; at most %s)"), size, limit);
      return NULL;
    }

  root = cJSON_ParseWithLength (data, length);
  if (root == NULL)
    {
      g_set_error_literal (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_NOT_JSON, _("not valid JSON"));
      return NULL;
    }

  schema_text = dup_text (root, "schema");
  version = schema_version (schema_text);
  if (!cJSON_IsObject (root) || version == 0)
    {
      cJSON_Delete (root);
      g_set_error_literal (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_NOT_A_REPORT,
                           _("JSON, but not an An Tâm report"));
      return NULL;
    }
  if (version > 1)
    {
      cJSON_Delete (root);
      /* TRANSLATORS: %s is e.g. "antam.report/2" */
      g_set_error (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_FUTURE_VERSION,
                   _("a report of a newer version (%s) than this An Tâm reads: update An Tâm"),
                   schema_text);
      return NULL;
    }

  report = g_new0 (AntamTallyReport, 1);
  report->apps = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_tally_app_free);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->report_id = dup_text (root, "report_id");
  if (report->report_id == NULL && fallback_id != NULL && *fallback_id != '\0')
    report->report_id = g_strstrip (g_utf8_make_valid (fallback_id, -1));
  if (report->report_id == NULL)
    {
      cJSON_Delete (root);
      g_set_error_literal (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_NO_REPORT_ID,
                           _("a saved check without a report id, not a report that was sent"));
      return NULL;
    }
  lower_in_place (report->report_id);

  report->older_form = upgrade_older_report (root);
  if (schema != NULL)
    antam_json_schema_validate (schema, root, report->problems, MAX_PROBLEMS);

  system = cJSON_GetObjectItemCaseSensitive (root, "system");
  sender = cJSON_GetObjectItemCaseSensitive (root, "sender");
  report->machine_key = dup_text (root, "machine_key");
  lower_in_place (report->machine_key);
  report->hostname = dup_text (system, "hostname");
  report->os_name = dup_text (system, "os_name");
  report->sender_name = dup_text (sender, "name");
  report->sender_email = dup_text (sender, "email");
  report->unit = dup_text (sender, "unit");
  report->agency_code = dup_text (sender, "agency_code");

  report->created_text = dup_text (root, "created");
  generated = dup_text (root, "generated");
  report->created = parse_time (report->created_text);
  if (report->created == 0)
    {
      g_free (report->created_text);
      report->created_text = g_steal_pointer (&generated);
      report->created = parse_time (report->created_text);
    }

  node = cJSON_GetObjectItemCaseSensitive (root, "training");
  report->training = cJSON_IsTrue (node);
  report->incident = has_incident (root);
  read_results (report, cJSON_GetObjectItemCaseSensitive (root, "results"));

  cJSON_Delete (root);
  report->json = g_strndup (data, length);
  return g_steal_pointer (&report);
}
