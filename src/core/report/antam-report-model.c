/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "report/antam-report-model.h"
#include "report/antam-report-private.h"

#define MAX_STATE_SIZE (8 * 1024 * 1024)

AntamSystemInfo *
antam_system_info_copy (const AntamSystemInfo *info)
{
  AntamSystemInfo *copy = g_new0 (AntamSystemInfo, 1);

  if (info != NULL)
    {
      copy->os_id = g_strdup (info->os_id);
      copy->os_version = g_strdup (info->os_version);
      copy->os_name = g_strdup (info->os_name);
      copy->hostname = g_strdup (info->hostname);
      copy->machine_key = g_strdup (info->machine_key);
    }
  return copy;
}

/**
 * antam_report_model_new:
 * @results: (element-type AntamResult): the scan's and the answers' results
 * @system: (nullable): copied
 * @generated: (nullable): when the scan ran; now when %NULL
 */
AntamReportModel *
antam_report_model_new (GPtrArray             *results,
                        const AntamSystemInfo *system,
                        GDateTime             *generated)
{
  AntamReportModel *model = g_new0 (AntamReportModel, 1);

  g_return_val_if_fail (results != NULL, model);

  model->id = g_uuid_string_random ();
  model->results = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);
  for (guint i = 0; i < results->len; i++)
    g_ptr_array_add (model->results, antam_result_ref (g_ptr_array_index (results, i)));
  model->system = antam_system_info_copy (system);
  model->created = g_date_time_new_now_local ();
  model->generated = generated ? g_date_time_ref (generated) : g_date_time_ref (model->created);
  model->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->user_name = g_strdup (g_get_user_name ());
  model->home_dir = g_strdup (g_get_home_dir ());
  return model;
}

void
antam_report_model_free (AntamReportModel *model)
{
  if (model == NULL)
    return;
  g_free (model->id);
  g_ptr_array_unref (model->results);
  antam_system_info_free (model->system);
  g_free (model->user_name);
  g_free (model->home_dir);
  g_date_time_unref (model->generated);
  g_date_time_unref (model->created);
  g_hash_table_unref (model->answers);
  g_free (model->sender_name);
  g_free (model->sender_unit);
  g_free (model->sender_phone);
  g_free (model->sender_email);
  g_free (model->incident_what);
  g_free (model->incident_when);
  g_free (model->incident_affected);
  antam_contact_free (model->contact);
  g_free (model);
}

void
antam_report_model_set_contact (AntamReportModel   *model,
                                const AntamContact *contact)
{
  g_return_if_fail (model != NULL);
  g_clear_pointer (&model->contact, antam_contact_free);
  model->contact = antam_contact_copy (contact);
}

void
antam_report_model_set_answer (AntamReportModel *model,
                               const char       *question_id,
                               const char       *answer)
{
  g_return_if_fail (model != NULL && question_id != NULL);
  if (answer == NULL)
    g_hash_table_remove (model->answers, question_id);
  else
    g_hash_table_insert (model->answers, g_strdup (question_id), g_strdup (answer));
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gboolean
antam_report_model_has_incident (const AntamReportModel *model)
{
  return !is_blank (model->incident_what) || !is_blank (model->incident_when) ||
         !is_blank (model->incident_affected);
}

/* ---- Redaction --------------------------------------------------------- */

static gboolean
is_under (const char *path,
          const char *dir)
{
  gsize len;

  if (path == NULL || dir == NULL || *dir == '\0' || g_str_equal (dir, "/"))
    return FALSE;
  len = strlen (dir);
  return strncmp (path, dir, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static gboolean
is_token_end (char c)
{
  return c == '\0' || g_ascii_isspace (c) || strchr ("\"'<>()[]{},;", c) != NULL ||
         (guchar) c >= 0x80;
}

/* Replaces each token of @text that starts with @prefix (and ends at a
 * blank or a quote) with @replacement, or only the prefix when
 * @whole_token is FALSE. */
static char *
replace_tokens (const char *text,
                const char *prefix,
                gboolean    prefix_is_dir,
                gboolean    whole_token,
                const char *replacement)
{
  GString *out;
  gsize plen;
  const char *p;

  if (text == NULL || prefix == NULL || *prefix == '\0')
    return g_strdup (text);
  plen = strlen (prefix);
  out = g_string_new (NULL);
  p = text;
  while (*p)
    {
      const char *hit = strstr (p, prefix);
      const char *end;

      if (hit == NULL)
        break;
      end = hit + plen;
      if (prefix_is_dir && !(*end == '\0' || *end == '/' || is_token_end (*end)))
        {
          g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }
      g_string_append_len (out, p, hit - p);
      g_string_append (out, replacement);
      if (whole_token)
        while (!is_token_end (*end))
          end++;
      p = end;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

static const char * const url_schemes[] = { "https://", "http://", "ftp://", NULL };

static char *
redact_text (const AntamReportModel *model,
             const char             *text,
             gboolean                urls)
{
  g_autofree char *step = g_strdup (text);

  if (text == NULL)
    return NULL;
  if (urls && (model->withhold & ANTAM_WITHHOLD_DOWNLOAD_URLS))
    for (guint i = 0; url_schemes[i]; i++)
      {
        char *next = replace_tokens (step, url_schemes[i], FALSE, TRUE, _("[withheld]"));
        g_free (step);
        step = next;
      }
  if (model->withhold & ANTAM_WITHHOLD_HOME_PATHS)
    {
      char *next = replace_tokens (step, model->home_dir, TRUE, TRUE, _("[withheld]"));
      g_free (step);
      step = next;
    }
  else if (model->withhold & ANTAM_WITHHOLD_USER_NAME)
    {
      /* "~/Downloads/x" tells the CSIRT where it is without naming the user. */
      char *next = replace_tokens (step, model->home_dir, TRUE, FALSE, "~");
      g_free (step);
      step = next;
    }
  return g_steal_pointer (&step);
}

/* A field that is a path: absent when it is under home and the user
 * withholds those, not an empty or placeholder value. */
static char *
redact_path (const AntamReportModel *model,
             const char             *path)
{
  if (path == NULL)
    return NULL;
  if (is_under (path, model->home_dir))
    {
      if (model->withhold & ANTAM_WITHHOLD_HOME_PATHS)
        return NULL;
      if (model->withhold & ANTAM_WITHHOLD_USER_NAME)
        return g_strconcat ("~", path + strlen (model->home_dir), NULL);
    }
  return g_strdup (path);
}

static gboolean
is_url (const char *text)
{
  for (guint i = 0; text != NULL && url_schemes[i]; i++)
    if (g_ascii_strncasecmp (text, url_schemes[i], strlen (url_schemes[i])) == 0)
      return TRUE;
  return FALSE;
}

static AntamResult *
redact_result (const AntamReportModel *model,
               const AntamResult      *result)
{
  gboolean downloads = g_strcmp0 (result->check, "downloads") == 0;
  g_autofree char *title = redact_text (model, result->title, downloads);
  g_autofree char *summary = redact_text (model, result->summary, downloads);
  g_autofree char *target = redact_path (model, result->remedy_target);
  g_autofree char *remedy_text = redact_text (model, result->remedy_text, downloads);
  g_autofree char *it_staff = redact_text (model, result->it_staff, downloads);
  AntamResult *copy = antam_result_new (result->check, result->status, title, summary);

  copy->id = g_strdup (result->id);

  for (guint i = 0; i < result->items->len; i++)
    {
      const AntamItem *item = g_ptr_array_index (result->items, i);
      gboolean download = downloads || g_strcmp0 (item->kind, "download") == 0;
      g_autofree char *name = redact_text (model, item->name, download);
      g_autofree char *location = redact_path (model, item->location);
      AntamItem *out = antam_result_add_item (copy, item->kind, name, location);

      out->id = redact_text (model, item->id, download);
      out->version = g_strdup (item->version);
      if (is_url (item->origin))
        out->origin = (download && (model->withhold & ANTAM_WITHHOLD_DOWNLOAD_URLS))
                      ? NULL : g_strdup (item->origin);
      else
        out->origin = redact_path (model, item->origin);
      /* A detail that was nothing but the withheld URL or path goes too. */
      out->detail = redact_text (model, item->detail, download);
      if (out->detail != NULL && item->detail != NULL && !g_str_equal (out->detail, item->detail) &&
          download && (model->withhold & ANTAM_WITHHOLD_DOWNLOAD_URLS) && strstr (item->detail, "://"))
        g_clear_pointer (&out->detail, g_free);
      out->sha256 = g_strdup (item->sha256);
      out->size = item->size;
      out->rule = g_strdup (item->rule);
    }
  antam_result_set_remedy (copy, result->remedy, target, remedy_text);
  antam_result_set_it_staff (copy, it_staff);
  return copy;
}

/**
 * antam_report_model_get_redacted_results:
 *
 * Returns: (transfer full) (element-type AntamResult): the results as they
 *   will be sent
 */
GPtrArray *
antam_report_model_get_redacted_results (const AntamReportModel *model)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);

  g_return_val_if_fail (model != NULL, out);
  for (guint i = 0; i < model->results->len; i++)
    g_ptr_array_add (out, redact_result (model, g_ptr_array_index (model->results, i)));
  return out;
}

/* ---- JSON --------------------------------------------------------------- */

static void
add_text (cJSON      *object,
          const char *key,
          const char *value)
{
  g_autofree char *valid = NULL;
  g_autofree char *stripped = NULL;

  if (is_blank (value))
    return;
  valid = g_utf8_make_valid (value, -1);
  stripped = g_strstrip (g_strdup (valid));
  cJSON_AddStringToObject (object, key, stripped);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * antam_report_model_to_json:
 *
 * The "antam.report/1" document of DESIGN.md with what only a sent report
 * has: its id, the sender, the recipient, the answers and the incident.
 * Withheld fields are absent, and "withheld" lists what was held back so
 * that the CSIRT knows the gap is a choice.
 */
char *
antam_report_model_to_json (const AntamReportModel *model)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamSystemInfo) system = NULL;
  g_autofree char *created = NULL;
  cJSON *root, *sys, *node;
  char *printed, *text;

  g_return_val_if_fail (model != NULL, NULL);

  results = antam_report_model_get_redacted_results (model);
  system = antam_system_info_copy (model->system);
  if (model->withhold & ANTAM_WITHHOLD_HOSTNAME)
    g_clear_pointer (&system->hostname, g_free);

  root = antam_report_build_object (results, system, model->generated);
  sys = cJSON_GetObjectItemCaseSensitive (root, "system");
  if (!(model->withhold & ANTAM_WITHHOLD_USER_NAME))
    add_text (sys, "user", model->user_name);

  add_text (root, "report_id", model->id);
  created = antam_timestamp_format (model->created);
  add_text (root, "created", created);
  if (model->training)
    cJSON_AddTrueToObject (root, "training");

  node = cJSON_CreateObject ();
  add_text (node, "name", model->sender_name);
  add_text (node, "unit", model->sender_unit);
  add_text (node, "phone", model->sender_phone);
  add_text (node, "email", model->sender_email);
  if (cJSON_GetArraySize (node) > 0)
    cJSON_AddItemToObject (root, "sender", node);
  else
    cJSON_Delete (node);

  if (model->contact != NULL)
    {
      node = cJSON_AddObjectToObject (root, "recipient");
      add_text (node, "id", model->contact->id);
      add_text (node, "name", antam_contact_get_name (model->contact));
      add_text (node, "email", model->contact->email);
    }

  if (antam_report_model_has_incident (model))
    {
      node = cJSON_AddObjectToObject (root, "incident");
      add_text (node, "what", model->incident_what);
      add_text (node, "when", model->incident_when);
      add_text (node, "affected", model->incident_affected);
    }

  if (g_hash_table_size (model->answers) > 0)
    {
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (model->answers, NULL);
      guint n = g_hash_table_size (model->answers);

      /* Sorted, so the same answers always print the same. */
      qsort (keys, n, sizeof (gpointer), compare_strings);
      node = cJSON_AddObjectToObject (root, "answers");
      for (guint i = 0; i < n; i++)
        add_text (node, keys[i], g_hash_table_lookup (model->answers, keys[i]));
    }

  if (model->withhold != ANTAM_WITHHOLD_NONE)
    {
      node = cJSON_AddArrayToObject (root, "withheld");
      if (model->withhold & ANTAM_WITHHOLD_HOSTNAME)
        cJSON_AddItemToArray (node, cJSON_CreateString ("hostname"));
      if (model->withhold & ANTAM_WITHHOLD_USER_NAME)
        cJSON_AddItemToArray (node, cJSON_CreateString ("user_name"));
      if (model->withhold & ANTAM_WITHHOLD_HOME_PATHS)
        cJSON_AddItemToArray (node, cJSON_CreateString ("home_paths"));
      if (model->withhold & ANTAM_WITHHOLD_DOWNLOAD_URLS)
        cJSON_AddItemToArray (node, cJSON_CreateString ("download_urls"));
    }

  printed = cJSON_Print (root);
  cJSON_Delete (root);
  text = g_strconcat (printed, "\n", NULL);
  cJSON_free (printed);
  return text;
}

/* ---- E-mail text --------------------------------------------------------- */

char *
antam_report_model_get_file_stem (const AntamReportModel *model)
{
  g_autofree char *when = g_date_time_format (model->created, "%Y%m%d-%H%M");

  return g_strdup_printf ("antam-report-%s", when);
}

/**
 * antam_report_model_get_subject:
 *
 * Returns: the subject line: what it is, from which unit, when; an
 *   incident says so first, so it is read first
 */
char *
antam_report_model_get_subject (const AntamReportModel *model)
{
  g_autofree char *date = g_date_time_format (model->created, "%d/%m/%Y");
  GString *subject = g_string_new (NULL);

  if (model->training)
    g_string_append_printf (subject, "[%s] ", _("TRAINING"));
  if (antam_report_model_has_incident (model))
    g_string_append (subject, _("Incident notification and information security self-check"));
  else
    g_string_append (subject, _("Information security self-check"));
  if (!is_blank (model->sender_unit))
    {
      g_autofree char *unit = g_strstrip (g_strdup (model->sender_unit));
      g_string_append_printf (subject, " — %s", unit);
    }
  g_string_append_printf (subject, " — %s", date);
  /* Never a line break in a header. */
  g_strdelimit (subject->str, "\r\n\t", ' ');
  return g_string_free (subject, FALSE);
}

/**
 * antam_report_get_answer:
 *
 * Returns: (nullable): the question and the answer given (name and
 *   detail), for a result made from an answer
 */
const AntamItem *
antam_report_get_answer (const AntamResult *result)
{
  const AntamItem *item = result->items->len > 0 ? g_ptr_array_index (result->items, 0) : NULL;

  return item != NULL && g_strcmp0 (item->kind, "answer") == 0 ? item : NULL;
}

static void
append_field (GString    *out,
              const char *label,
              const char *value)
{
  g_autofree char *stripped = NULL;

  if (is_blank (value))
    return;
  stripped = g_strstrip (g_strdup (value));
  g_string_append_printf (out, "%s %s\n", label, stripped);
}

/**
 * antam_report_model_to_text:
 *
 * The e-mail body: a letter a person can read on a phone, with the
 * findings first; the JSON and the PDF are attached.
 */
char *
antam_report_model_to_text (const AntamReportModel *model)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *scanned = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *counts = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (model != NULL, NULL);

  results = antam_report_model_get_redacted_results (model);
  counts = antam_results_describe_counts (results);

  if (model->training)
    g_string_append_printf (out, "%s\n\n",
                            _("TRAINING — this report was made in training mode and is not about a real computer."));

  if (model->contact != NULL)
    /* TRANSLATORS: the salutation of the e-mail; %s is the team's name */
    g_string_append_printf (out, _("Dear %s,"), antam_contact_get_name (model->contact));
  else
    g_string_append (out, _("Dear incident response team,"));
  g_string_append (out, "\n\n");

  if (antam_report_model_has_incident (model))
    g_string_append (out, _("I am reporting signs of an information security incident on my computer, "
                            "with the result of the self-check made with An Tâm."));
  else
    g_string_append (out, _("I am sending the result of the information security self-check of my "
                            "computer, made with An Tâm."));
  g_string_append (out, "\n\n");

  append_field (out, _("Sender:"), model->sender_name);
  append_field (out, _("Unit:"), model->sender_unit);
  append_field (out, _("Phone:"), model->sender_phone);
  append_field (out, _("E-mail:"), model->sender_email);
  append_field (out, _("Computer:"), model->system ? model->system->os_name : NULL);
  if (!(model->withhold & ANTAM_WITHHOLD_HOSTNAME))
    append_field (out, _("Computer name:"), model->system ? model->system->hostname : NULL);
  if (!(model->withhold & ANTAM_WITHHOLD_USER_NAME))
    append_field (out, _("User account:"), model->user_name);
  scanned = antam_timestamp_display (model->generated);
  append_field (out, _("Checked on:"), scanned);
  g_string_append (out, "\n");

  if (antam_report_model_has_incident (model))
    {
      g_string_append_printf (out, "%s\n", _("WHAT HAPPENED"));
      append_field (out, _("What:"), model->incident_what);
      append_field (out, _("When:"), model->incident_when);
      append_field (out, _("What was affected:"), model->incident_affected);
      g_string_append (out, "\n");
    }

  g_string_append_printf (out, "%s\n%s\n\n", _("RESULT"), counts);

  /* Worst first: the team reads the risks before the rest. */
  for (int status = ANTAM_STATUS_RISK; status >= ANTAM_STATUS_OK; status--)
    for (guint i = 0; i < results->len; i++)
      {
        AntamResult *result = g_ptr_array_index (results, i);
        const AntamItem *answer;
        g_autofree char *tag = NULL;

        if ((int) result->status != status)
          continue;
        tag = antam_status_tag (result->status);
        g_string_append_printf (out, "%s %s\n", tag, result->title ? result->title : result->check);
        /* A question is read with the answer given, whatever it was. */
        if ((answer = antam_report_get_answer (result)) != NULL)
          {
            g_string_append_printf (out, "    %s\n    %s %s\n", answer->name, _("Answer:"), answer->detail);
            if (result->status != ANTAM_STATUS_OK && result->remedy_text)
              g_string_append_printf (out, "    %s %s\n", _("What to do:"), result->remedy_text);
            continue;
          }
        if (result->status == ANTAM_STATUS_OK)
          continue;
        /* Why it could not be checked, or why it is only a note. */
        if ((result->status == ANTAM_STATUS_UNKNOWN || result->status == ANTAM_STATUS_INFO) &&
            !is_blank (result->summary))
          g_string_append_printf (out, "    %s\n", result->summary);
        for (guint j = 0; j < result->items->len; j++)
          {
            AntamItem *item = g_ptr_array_index (result->items, j);

            /* A list a person reads; the JSON has them all. */
            if (j == 10)
              {
                g_string_append (out, "    ");
                g_string_append_printf (out, _("… and %u more"), result->items->len - j);
                g_string_append (out, "\n");
                break;
              }

            g_string_append_printf (out, "    - %s", item->name ? item->name : item->kind);
            if (item->version)
              g_string_append_printf (out, " %s", item->version);
            if (item->location && g_strcmp0 (item->location, item->name) != 0)
              g_string_append_printf (out, " (%s)", item->location);
            g_string_append (out, "\n");
            if (item->origin)
              g_string_append_printf (out, "      %s %s\n", _("from:"), item->origin);
          }
        if (result->remedy_text)
          g_string_append_printf (out, "    %s %s\n", _("What to do:"), result->remedy_text);
        if (result->status >= ANTAM_STATUS_WARNING && result->it_staff)
          g_string_append_printf (out, "    %s %s\n", _("For IT staff:"), result->it_staff);
      }

  stem = antam_report_model_get_file_stem (model);
  g_string_append (out, "\n");
  /* TRANSLATORS: %s.json and %s.pdf are the names of the attached files */
  g_string_append_printf (out, _("Attached: %s.json (the data, for software) and %s.pdf (the form, for printing)."),
                          stem, stem);
  g_string_append (out, "\n\n");
  g_string_append (out, _("Yours faithfully,"));
  g_string_append (out, "\n");
  if (!is_blank (model->sender_name))
    g_string_append_printf (out, "%s\n", model->sender_name);
  if (!is_blank (model->sender_unit))
    g_string_append_printf (out, "%s\n", model->sender_unit);
  g_string_append (out, "\n-- \n");
  g_string_append_printf (out, _("Sent with %s %s, report %s"), PACKAGE_NAME, VERSION, model->id);
  g_string_append (out, "\n");
  return g_string_free (out, FALSE);
}

/* ---- The last check, as the app saved it ------------------------------- */

static char *
dup_string (const cJSON *object,
            const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (node) ? g_strdup (node->valuestring) : NULL;
}

static const char *
get_text (const cJSON *object,
          const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (node) ? node->valuestring : NULL;
}

/**
 * antam_report_model_new_from_json:
 *
 * The model of a report already made (the JSON in the outbox), to make
 * its e-mail text or its PDF form again when those files are lost: the
 * JSON is what was previewed, already without what the user withheld.
 *
 * Returns: (transfer full) (nullable): the model, with the report's id
 */
AntamReportModel *
antam_report_model_new_from_json (const char  *json,
                                  gsize        length,
                                  GError     **error)
{
  g_autoptr(GPtrArray) results = antam_report_parse_results (json, length, error);
  g_autoptr(AntamSystemInfo) system = g_new0 (AntamSystemInfo, 1);
  g_autoptr(GDateTime) generated = NULL;
  AntamReportModel *model;
  const cJSON *sys, *node, *child;
  cJSON *root;

  if (results == NULL)
    return NULL;
  root = cJSON_ParseWithLength (json, length);
  if (root == NULL || get_text (root, "report_id") == NULL)
    {
      cJSON_Delete (root);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The saved report is not an An Tâm report"));
      return NULL;
    }

  sys = cJSON_GetObjectItemCaseSensitive (root, "system");
  system->os_id = g_strdup (get_text (sys, "os_id"));
  system->os_version = g_strdup (get_text (sys, "os_version"));
  system->os_name = g_strdup (get_text (sys, "os_name"));
  system->hostname = g_strdup (get_text (sys, "hostname"));
  system->machine_key = g_strdup (get_text (root, "machine_key"));
  if (get_text (root, "generated") != NULL)
    generated = g_date_time_new_from_iso8601 (get_text (root, "generated"), NULL);

  model = antam_report_model_new (results, system, generated);
  g_free (model->id);
  model->id = g_strdup (get_text (root, "report_id"));
  if (get_text (root, "created") != NULL)
    {
      GDateTime *created = g_date_time_new_from_iso8601 (get_text (root, "created"), NULL);

      if (created != NULL)
        {
          g_date_time_unref (model->created);
          model->created = created;
        }
    }
  g_free (model->user_name);
  model->user_name = g_strdup (get_text (sys, "user"));
  /* Already redacted: nothing under a home to take out again. */
  g_clear_pointer (&model->home_dir, g_free);
  model->training = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (root, "training"));

  node = cJSON_GetObjectItemCaseSensitive (root, "sender");
  model->sender_name = g_strdup (get_text (node, "name"));
  model->sender_unit = g_strdup (get_text (node, "unit"));
  model->sender_phone = g_strdup (get_text (node, "phone"));
  model->sender_email = g_strdup (get_text (node, "email"));

  node = cJSON_GetObjectItemCaseSensitive (root, "incident");
  model->incident_what = g_strdup (get_text (node, "what"));
  model->incident_when = g_strdup (get_text (node, "when"));
  model->incident_affected = g_strdup (get_text (node, "affected"));

  node = cJSON_GetObjectItemCaseSensitive (root, "recipient");
  if (get_text (node, "id") != NULL && get_text (node, "name") != NULL)
    {
      model->contact = g_new0 (AntamContact, 1);
      model->contact->id = g_strdup (get_text (node, "id"));
      model->contact->name_vi = g_strdup (get_text (node, "name"));
      model->contact->name_en = g_strdup (get_text (node, "name"));
      model->contact->email = g_strdup (get_text (node, "email"));
    }

  cJSON_ArrayForEach (child, cJSON_GetObjectItemCaseSensitive (root, "answers"))
    if (cJSON_IsString (child))
      antam_report_model_set_answer (model, child->string, child->valuestring);

  cJSON_ArrayForEach (child, cJSON_GetObjectItemCaseSensitive (root, "withheld"))
    {
      if (!cJSON_IsString (child))
        continue;
      if (g_str_equal (child->valuestring, "hostname"))
        model->withhold |= ANTAM_WITHHOLD_HOSTNAME;
      else if (g_str_equal (child->valuestring, "user_name"))
        model->withhold |= ANTAM_WITHHOLD_USER_NAME;
      else if (g_str_equal (child->valuestring, "home_paths"))
        model->withhold |= ANTAM_WITHHOLD_HOME_PATHS;
      else if (g_str_equal (child->valuestring, "download_urls"))
        model->withhold |= ANTAM_WITHHOLD_DOWNLOAD_URLS;
    }
  cJSON_Delete (root);
  return model;
}

/**
 * antam_report_model_load_last:
 * @state_dir: where the app keeps its progress (g_get_user_state_dir()/antam)
 *
 * The results of the last check (last-report.json, which already has the
 * answers' results) and the answers themselves (state.json), as the app
 * saved them.
 *
 * Returns: (transfer full) (nullable): the model, or %NULL with
 *   G_IO_ERROR_NOT_FOUND when nothing was checked yet
 */
AntamReportModel *
antam_report_model_load_last (const char  *state_dir,
                              GError     **error)
{
  g_autofree char *report_path = g_build_filename (state_dir, "last-report.json", NULL);
  g_autofree char *state_path = g_build_filename (state_dir, "state.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GDateTime) generated = NULL;
  g_autoptr(AntamSystemInfo) system = g_new0 (AntamSystemInfo, 1);
  g_autoptr(GError) local_error = NULL;
  AntamReportModel *model;
  gsize length = 0;
  cJSON *root;

  if (!g_file_get_contents (report_path, &contents, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                   ? G_IO_ERROR_NOT_FOUND : G_IO_ERROR_FAILED,
                   "%s", local_error->message);
      return NULL;
    }
  if (length > MAX_STATE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is too large to read"), report_path);
      return NULL;
    }
  results = antam_report_parse_results (contents, length, error);
  if (results == NULL)
    return NULL;

  root = cJSON_ParseWithLength (contents, length);
  if (root != NULL)
    {
      const cJSON *sys = cJSON_GetObjectItemCaseSensitive (root, "system");
      g_autofree char *when = dup_string (root, "generated");

      system->os_id = dup_string (sys, "os_id");
      system->os_version = dup_string (sys, "os_version");
      system->os_name = dup_string (sys, "os_name");
      system->hostname = dup_string (sys, "hostname");
      system->machine_key = dup_string (root, "machine_key");
      if (when != NULL)
        generated = g_date_time_new_from_iso8601 (when, NULL);
      cJSON_Delete (root);
    }

  model = antam_report_model_new (results, system, generated);

  if (g_file_get_contents (state_path, &state, &length, NULL) && length <= MAX_STATE_SIZE)
    {
      cJSON *state_root = cJSON_ParseWithLength (state, length);
      const cJSON *answers = cJSON_GetObjectItemCaseSensitive (state_root, "answers");
      const cJSON *entry;

      cJSON_ArrayForEach (entry, answers)
        if (cJSON_IsString (entry))
          antam_report_model_set_answer (model, entry->string, entry->valuestring);
      cJSON_Delete (state_root);
    }
  return model;
}
