/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "report/antam-report.h"
#include "report/antam-report-private.h"

/**
 * antam_timestamp_format:
 *
 * Returns: @when as ISO 8601 with its offset from UTC, to the second:
 *   "2026-12-03T16:05:00+07:00", the form of every time in a report and
 *   in the outbox
 */
char *
antam_timestamp_format (GDateTime *when)
{
  g_return_val_if_fail (when != NULL, NULL);
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S%:z");
}

/**
 * antam_timestamp_display:
 *
 * Returns: @when for a person to read, with its offset from UTC: a report
 *   is read in another office, maybe on a machine set to another zone
 */
char *
antam_timestamp_display (GDateTime *when)
{
  g_return_val_if_fail (when != NULL, NULL);
  /* TRANSLATORS: a date and time as g_date_time_format() writes it, with
   * the offset from UTC: "03/12/2026 16:05 (UTC+07:00)" */
  return g_date_time_format (when, _("%d/%m/%Y %H:%M (UTC%:z)"));
}

/* Absent, not empty: a field we do not know or the user withheld is left
 * out.  The tree refers to @value rather than copying it, and to @key, a
 * literal: a report of a full download folder has tens of thousands of
 * fields, and three allocations each (node, key, value) were most of the
 * time it took to write it.  So the tree must be deleted before the
 * results and system info it was built from. */
static void
add_string (cJSON      *object,
            const char *key,
            const char *value)
{
  if (value == NULL)
    return;
  if (g_utf8_validate (value, -1, NULL))
    cJSON_AddItemToObjectCS (object, key, cJSON_CreateStringReference (value));
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      cJSON_AddItemToObjectCS (object, key, cJSON_CreateString (valid));
    }
}

/* Written as digits: cJSON prints every number as a double, with a
 * sprintf() and an sscanf() back to check it, which was a fifth of the
 * time a report of a full download folder took to write. */
static void
add_integer (cJSON      *object,
             const char *key,
             gint64      value)
{
  char digits[24];

  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);
  cJSON_AddItemToObjectCS (object, key, cJSON_CreateRaw (digits));
}

static cJSON *
item_to_json (const AntamItem *item)
{
  cJSON *node = cJSON_CreateObject ();

  add_string (node, "kind", item->kind);
  add_string (node, "id", item->id);
  add_string (node, "name", item->name);
  add_string (node, "version", item->version);
  add_string (node, "location", item->location);
  add_string (node, "origin", item->origin);
  add_string (node, "detail", item->detail);
  add_string (node, "sha256", item->sha256);
  if (item->size >= 0)
    add_integer (node, "size", item->size);
  add_string (node, "rule", item->rule);
  return node;
}

static cJSON *
result_to_json (const AntamResult *result)
{
  cJSON *node = cJSON_CreateObject ();
  cJSON *items = cJSON_CreateArray ();
  cJSON *remedy = cJSON_CreateObject ();

  add_string (node, "id", antam_result_get_id (result));
  add_string (node, "check", result->check);
  add_string (node, "status", antam_status_to_string (result->status));
  add_string (node, "title", result->title);
  add_string (node, "summary", result->summary);
  for (guint i = 0; i < result->items->len; i++)
    cJSON_AddItemToArray (items, item_to_json (g_ptr_array_index (result->items, i)));
  cJSON_AddItemToObject (node, "items", items);

  add_string (remedy, "kind", antam_remedy_to_string (result->remedy));
  add_string (remedy, "target", result->remedy_target);
  add_string (remedy, "text", result->remedy_text);
  add_string (remedy, "it_staff", result->it_staff);
  cJSON_AddItemToObject (node, "remedy", remedy);
  return node;
}

/* The report as a cJSON tree, for the report model (antam-report-model.c)
 * to add the sender, the answers and the incident to the same document.
 * It refers to the strings of @results and @system: delete it first. */
cJSON *
antam_report_build_object (GPtrArray             *results,
                           const AntamSystemInfo *system,
                           GDateTime             *generated)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *app = cJSON_CreateObject ();
  cJSON *sys = cJSON_CreateObject ();
  cJSON *list = cJSON_CreateArray ();
  cJSON *summary = cJSON_CreateObject ();
  g_autofree char *when = antam_timestamp_format (generated);
  guint counts[ANTAM_N_STATUSES];

  add_string (root, "schema", ANTAM_REPORT_SCHEMA);
  cJSON_AddStringToObject (root, "generated", when);

  add_string (app, "name", PACKAGE_NAME);
  add_string (app, "version", VERSION);
  cJSON_AddItemToObject (root, "app", app);
  if (system != NULL)
    add_string (root, "machine_key", system->machine_key);

  if (system != NULL)
    {
      add_string (sys, "os_id", system->os_id);
      add_string (sys, "os_version", system->os_version);
      add_string (sys, "os_name", system->os_name);
      add_string (sys, "hostname", system->hostname);
    }
  cJSON_AddItemToObject (root, "system", sys);

  for (guint i = 0; i < results->len; i++)
    cJSON_AddItemToArray (list, result_to_json (g_ptr_array_index (results, i)));
  cJSON_AddItemToObject (root, "results", list);

  antam_results_count (results, counts);
  for (guint i = 0; i < ANTAM_N_STATUSES; i++)
    cJSON_AddNumberToObject (summary, antam_status_to_string (i), counts[i]);
  cJSON_AddItemToObject (root, "summary", summary);
  return root;
}

/**
 * antam_report_to_json:
 *
 * Returns: (transfer full): the report as DESIGN.md defines it ("antam.report/1")
 */
char *
antam_report_to_json (GPtrArray             *results,
                      const AntamSystemInfo *system,
                      GDateTime             *generated)
{
  cJSON *root = antam_report_build_object (results, system, generated);
  char *printed;
  char *text;

  printed = cJSON_Print (root);
  cJSON_Delete (root);
  text = g_strconcat (printed, "\n", NULL);
  cJSON_free (printed);
  return text;
}

static char *
dup_string (const cJSON *object,
            const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (node) ? g_strdup (node->valuestring) : NULL;
}

/**
 * antam_report_parse_results:
 *
 * Reads back the results of a saved report, for the app to open on the last
 * scan.
 *
 * Returns: (transfer full) (element-type AntamResult): the results
 */
GPtrArray *
antam_report_parse_results (const char  *json,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);
  cJSON *root = cJSON_ParseWithLength (json, length);
  const cJSON *schema, *list, *node;

  if (root == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved report is not valid JSON"));
      return NULL;
    }

  schema = cJSON_GetObjectItemCaseSensitive (root, "schema");
  list = cJSON_GetObjectItemCaseSensitive (root, "results");
  if (!cJSON_IsString (schema) || !g_str_equal (schema->valuestring, ANTAM_REPORT_SCHEMA) ||
      !cJSON_IsArray (list))
    {
      cJSON_Delete (root);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved report is not an An Tâm report"));
      return NULL;
    }

  cJSON_ArrayForEach (node, list)
    {
      g_autofree char *check = dup_string (node, "check");
      g_autofree char *id = dup_string (node, "id");
      g_autofree char *status_text = dup_string (node, "status");
      g_autofree char *title = dup_string (node, "title");
      g_autofree char *summary = dup_string (node, "summary");
      const cJSON *items = cJSON_GetObjectItemCaseSensitive (node, "items");
      const cJSON *remedy = cJSON_GetObjectItemCaseSensitive (node, "remedy");
      const cJSON *item_node;
      AntamStatus status;
      AntamResult *result;

      if (check == NULL || !antam_status_from_string (status_text, &status))
        continue;
      result = antam_result_new (check, status, title, summary);
      if (id != NULL && g_str_has_prefix (id, check) && id[strlen (check)] == '/')
        result->id = g_steal_pointer (&id);
      cJSON_ArrayForEach (item_node, items)
        {
          g_autofree char *kind = dup_string (item_node, "kind");
          g_autofree char *name = dup_string (item_node, "name");
          g_autofree char *location = dup_string (item_node, "location");
          AntamItem *item = antam_result_add_item (result, kind, name, location);
          const cJSON *size = cJSON_GetObjectItemCaseSensitive (item_node, "size");

          item->id = dup_string (item_node, "id");
          item->version = dup_string (item_node, "version");
          item->origin = dup_string (item_node, "origin");
          item->detail = dup_string (item_node, "detail");
          item->sha256 = dup_string (item_node, "sha256");
          item->rule = dup_string (item_node, "rule");
          if (cJSON_IsNumber (size))
            item->size = (gint64) size->valuedouble;
        }
      if (cJSON_IsObject (remedy))
        {
          g_autofree char *kind = dup_string (remedy, "kind");
          g_autofree char *target = dup_string (remedy, "target");
          g_autofree char *text = dup_string (remedy, "text");
          g_autofree char *it_staff = dup_string (remedy, "it_staff");
          AntamRemedyKind remedy_kind = ANTAM_REMEDY_NONE;

          for (AntamRemedyKind k = ANTAM_REMEDY_NONE; k <= ANTAM_REMEDY_FIX; k++)
            if (g_strcmp0 (kind, antam_remedy_to_string (k)) == 0)
              remedy_kind = k;
          antam_result_set_remedy (result, remedy_kind, target, text);
          antam_result_set_it_staff (result, it_staff);
        }
      g_ptr_array_add (results, result);
    }

  cJSON_Delete (root);
  return g_steal_pointer (&results);
}
