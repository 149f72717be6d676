/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "antam-i18n.h"
#include "util/antam-json-fields.h"
#include "rules/antam-questions.h"
#include "antam-enums.h"
#include "util/antam-enum.h"
#include "antam-result.h"
#include "util/antam-data-dir.h"

#define QUESTIONS_SCHEMA "antam.questions/1"
#define ALTERNATIVES_SCHEMA "antam.alternatives/1"
#define MAX_FILE_SIZE (1024 * 1024)

const char *
antam_answer_to_string (AntamAnswer answer)
{
  const char *nick = antam_enum_to_nick (ANTAM_TYPE_ANSWER, answer);

  g_return_val_if_fail (nick != NULL, "none");
  return nick;
}

gboolean
antam_answer_from_string (const char  *text,
                          AntamAnswer *answer)
{
  int value;

  if (!antam_enum_from_nick (ANTAM_TYPE_ANSWER, text, &value))
    return FALSE;
  *answer = (AntamAnswer) value;
  return TRUE;
}

const char *
antam_question_topic (const AntamQuestion *question)
{
  return antam_i18n_pick (question->topic_vi, question->topic_en);
}

const char *
antam_question_text (const AntamQuestion *question)
{
  return antam_i18n_pick (question->text_vi, question->text_en);
}

const char *
antam_question_why (const AntamQuestion *question)
{
  return antam_i18n_pick (question->why_vi, question->why_en);
}

const char *
antam_question_how (const AntamQuestion *question)
{
  return antam_i18n_pick (question->how_vi, question->how_en);
}

static void
antam_question_free (AntamQuestion *question)
{
  g_free (question->id);
  g_free (question->check);
  g_free (question->topic_vi);
  g_free (question->topic_en);
  g_free (question->text_vi);
  g_free (question->text_en);
  g_free (question->why_vi);
  g_free (question->why_en);
  g_free (question->how_vi);
  g_free (question->how_en);
  g_free (question);
}

void
antam_questions_free (AntamQuestions *questions)
{
  if (questions == NULL)
    return;
  g_ptr_array_unref (questions->questions);
  g_free (questions->source_vi);
  g_free (questions->source_en);
  g_free (questions);
}

static void
antam_vendor_free (AntamVendor *vendor)
{
  g_free (vendor->id);
  g_free (vendor->name);
  g_free (vendor->note_vi);
  g_free (vendor->note_en);
  g_free (vendor->url);
  g_free (vendor);
}

void
antam_alternatives_free (AntamAlternatives *alternatives)
{
  if (alternatives == NULL)
    return;
  g_ptr_array_unref (alternatives->vendors);
  g_free (alternatives->source_vi);
  g_free (alternatives->source_en);
  g_free (alternatives);
}

static gboolean
get_string (cJSON       *object,
            const char  *key,
            gboolean     required,
            char       **out,
            const char  *file,
            const char  *where,
            GError     **error)
{
  cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autofree char *field = g_strdup_printf ("%s.%s", where, key);

  if (item == NULL || cJSON_IsNull (item))
    {
      if (required)
        return antam_json_fail (error, file, field, "%s", _("missing"));
      return TRUE;
    }
  if (!cJSON_IsString (item) || !g_utf8_validate (item->valuestring, -1, NULL) ||
      item->valuestring[0] == '\0')
    return antam_json_fail (error, file, field, "%s", _("must be a non-empty text"));
  *out = g_strdup (item->valuestring);
  return TRUE;
}

/* { "vi": "...", "en": "..." }: both, because users read either. */
static gboolean
get_text (cJSON       *object,
          const char  *key,
          gboolean     required,
          char       **vi,
          char       **en,
          const char  *file,
          const char  *where,
          GError     **error)
{
  cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autofree char *field = g_strdup_printf ("%s.%s", where, key);

  if (item == NULL)
    {
      if (required)
        return antam_json_fail (error, file, field, "%s", _("missing"));
      return TRUE;
    }
  if (!cJSON_IsObject (item))
    return antam_json_fail (error, file, field, "%s", _("must be an object with “vi” and “en” texts"));
  return get_string (item, "vi", TRUE, vi, file, field, error) &&
         get_string (item, "en", TRUE, en, file, field, error);
}

static cJSON *
parse_document (const char  *display_name,
                const char  *contents,
                gssize       length,
                const char  *schema,
                GError     **error)
{
  cJSON *root;
  cJSON *schema_item;

  if (length < 0)
    length = strlen (contents);
  if (length > MAX_FILE_SIZE)
    {
      antam_json_fail (error, display_name, "/", "%s", _("the file is too large"));
      return NULL;
    }
  root = cJSON_ParseWithLength (contents, length);
  if (root == NULL || !cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      antam_json_fail (error, display_name, "/", "%s", _("not a JSON object"));
      return NULL;
    }
  schema_item = cJSON_GetObjectItemCaseSensitive (root, "schema");
  if (!cJSON_IsString (schema_item) || g_strcmp0 (schema_item->valuestring, schema) != 0)
    {
      g_autofree char *expected = g_strdup_printf (_("must be “%s”"), schema);
      cJSON_Delete (root);
      antam_json_fail (error, display_name, "schema", "%s", expected);
      return NULL;
    }
  return root;
}

/* "safe_answer": "yes" or "no", required: a question that does not say
 * which answer is safe cannot be judged. */
static gboolean
get_safe_answer (cJSON          *entry,
                 AntamQuestion  *question,
                 const char     *file,
                 const char     *where,
                 GError        **error)
{
  g_autofree char *text = NULL;
  g_autofree char *field = g_strdup_printf ("%s.safe_answer", where);

  if (!get_string (entry, "safe_answer", TRUE, &text, file, where, error))
    return FALSE;
  if (!antam_answer_from_string (text, &question->safe_answer) ||
      (question->safe_answer != ANTAM_ANSWER_YES && question->safe_answer != ANTAM_ANSWER_NO))
    return antam_json_fail (error, file, field, "%s", _("must be “yes” or “no”"));
  return TRUE;
}

/* "severity": what the other answer costs, "warning" unless said. */
static gboolean
get_severity (cJSON          *entry,
              AntamQuestion  *question,
              const char     *file,
              const char     *where,
              GError        **error)
{
  g_autofree char *text = NULL;
  g_autofree char *field = g_strdup_printf ("%s.severity", where);

  question->severity = ANTAM_STATUS_WARNING;
  if (!get_string (entry, "severity", FALSE, &text, file, where, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!antam_status_from_string (text, &question->severity) ||
      (question->severity != ANTAM_STATUS_WARNING && question->severity != ANTAM_STATUS_RISK))
    return antam_json_fail (error, file, field, "%s", _("must be “warning” or “risk”"));
  return TRUE;
}

static gboolean
is_known_check (const char *check)
{
  return g_strcmp0 (check, "meeting-hygiene") == 0 || g_strcmp0 (check, "data-handling") == 0;
}

/**
 * antam_questions_parse:
 *
 * Returns: (transfer full) (nullable): the questions, or %NULL with an error
 *   naming the file and the field
 */
AntamQuestions *
antam_questions_parse (const char  *display_name,
                       const char  *contents,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(AntamQuestions) questions = g_new0 (AntamQuestions, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  cJSON *root;
  cJSON *list;
  cJSON *entry;
  guint index = 0;

  g_return_val_if_fail (contents != NULL, NULL);

  questions->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_question_free);

  root = parse_document (display_name, contents, length, QUESTIONS_SCHEMA, error);
  if (root == NULL)
    return NULL;

  if (!get_text (root, "source", FALSE, &questions->source_vi, &questions->source_en,
                 display_name, "", error))
    goto out_fail;

  list = cJSON_GetObjectItemCaseSensitive (root, "questions");
  if (!cJSON_IsArray (list))
    {
      antam_json_fail (error, display_name, "questions", "%s", _("must be a list"));
      goto out_fail;
    }

  cJSON_ArrayForEach (entry, list)
    {
      g_autofree char *where = g_strdup_printf ("questions[%u]", index++);
      AntamQuestion *q;

      if (!cJSON_IsObject (entry))
        {
          antam_json_fail (error, display_name, where, "%s", _("must be an object"));
          goto out_fail;
        }
      q = g_new0 (AntamQuestion, 1);
      g_ptr_array_add (questions->questions, q);
      if (!get_string (entry, "id", TRUE, &q->id, display_name, where, error) ||
          !get_string (entry, "check", TRUE, &q->check, display_name, where, error) ||
          !get_text (entry, "topic", TRUE, &q->topic_vi, &q->topic_en, display_name, where, error) ||
          !get_text (entry, "text", TRUE, &q->text_vi, &q->text_en, display_name, where, error) ||
          !get_text (entry, "why", TRUE, &q->why_vi, &q->why_en, display_name, where, error) ||
          !get_text (entry, "how", TRUE, &q->how_vi, &q->how_en, display_name, where, error))
        goto out_fail;
      if (!get_safe_answer (entry, q, display_name, where, error) ||
          !get_severity (entry, q, display_name, where, error))
        goto out_fail;
      if (!is_known_check (q->check))
        {
          g_autofree char *field = g_strdup_printf ("%s.check", where);
          antam_json_fail (error, display_name, field, "%s", _("must be “meeting-hygiene” or “data-handling”"));
          goto out_fail;
        }
      if (!g_hash_table_add (seen, q->id))
        {
          g_autofree char *field = g_strdup_printf ("%s.id", where);
          antam_json_fail (error, display_name, field, "%s", _("the same id is used twice"));
          goto out_fail;
        }
    }

  if (questions->questions->len == 0)
    {
      antam_json_fail (error, display_name, "questions", "%s", _("must not be empty"));
      goto out_fail;
    }

  cJSON_Delete (root);
  return g_steal_pointer (&questions);

out_fail:
  cJSON_Delete (root);
  return NULL;
}

/* The first of the user's, the agency's and the shipped file wins: an
 * agency that edits the questions replaces them all, in its own order. */
static char *
find_data_file (const char *basename)
{
  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "antam", basename, NULL);
  g_autofree char *agency = g_build_filename ("/etc", "antam", basename, NULL);

  if (g_file_test (user, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&user);
  if (g_file_test (agency, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&agency);
  return antam_data_path ("rules", basename, NULL);
}

static char *
read_data_file (const char  *basename,
                char       **path_out,
                gsize       *length,
                GError     **error)
{
  g_autofree char *path = find_data_file (basename);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, error))
    return NULL;
  *path_out = g_steal_pointer (&path);
  return contents;
}

AntamQuestions *
antam_questions_load_default (GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  contents = read_data_file ("questions.json", &path, &length, error);
  if (contents == NULL)
    return NULL;
  return antam_questions_parse (path, contents, length, error);
}

const AntamQuestion *
antam_questions_lookup (AntamQuestions *questions,
                        const char     *id)
{
  g_return_val_if_fail (questions != NULL, NULL);

  for (guint i = 0; i < questions->questions->len; i++)
    {
      const AntamQuestion *q = g_ptr_array_index (questions->questions, i);
      if (g_strcmp0 (q->id, id) == 0)
        return q;
    }
  return NULL;
}

/* The answer as the user gave it, in the words of the buttons: "Có",
 * "Không", "Chưa rõ", or "Chưa trả lời". */
const char *
antam_answer_display_name (AntamAnswer answer)
{
  switch (answer)
    {
    case ANTAM_ANSWER_YES:
      return _("Yes");
    case ANTAM_ANSWER_NO:
      return _("No");
    case ANTAM_ANSWER_NOT_SURE:
      return _("Not sure");
    case ANTAM_ANSWER_NONE:
    default:
      return _("Not answered yet");
    }
}

/**
 * antam_question_judge:
 *
 * The safe answer is OK; the other one is the question's severity;
 * "not sure" is an answer, but not a safe one: a warning (what to do
 * says how to make sure); no answer yet still needs the user.
 */
AntamStatus
antam_question_judge (const AntamQuestion *question,
                      AntamAnswer          answer)
{
  g_return_val_if_fail (question != NULL, ANTAM_STATUS_MANUAL);

  switch (answer)
    {
    case ANTAM_ANSWER_YES:
    case ANTAM_ANSWER_NO:
      return answer == question->safe_answer ? ANTAM_STATUS_OK : question->severity;
    case ANTAM_ANSWER_NOT_SURE:
      return ANTAM_STATUS_WARNING;
    case ANTAM_ANSWER_NONE:
    default:
      return ANTAM_STATUS_MANUAL;
    }
}

/**
 * antam_questions_to_results:
 * @answers: (element-type utf8 AntamAnswer): question id → answer, as
 *   GINT_TO_POINTER; a missing id is not answered yet
 *
 * One result per question, so that the report says which measure is not
 * followed (antam_question_judge()), with the question and the answer
 * given as its item.
 *
 * Returns: (transfer full) (element-type AntamResult): the results
 */
GPtrArray *
antam_questions_to_results (AntamQuestions *questions,
                            GHashTable     *answers)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);

  g_return_val_if_fail (questions != NULL, results);

  for (guint i = 0; i < questions->questions->len; i++)
    {
      const AntamQuestion *q = g_ptr_array_index (questions->questions, i);
      AntamAnswer answer = ANTAM_ANSWER_NONE;
      AntamStatus status;
      AntamResult *result;
      AntamItem *item;

      if (answers != NULL)
        answer = GPOINTER_TO_INT (g_hash_table_lookup (answers, q->id));

      status = antam_question_judge (q, answer);

      result = antam_result_new (q->check, status, antam_question_topic (q), antam_question_why (q));
      antam_result_set_sub_id (result, q->id);
      item = antam_result_add_item (result, "answer", antam_question_text (q), NULL);
      item->id = g_strdup (q->id);
      item->detail = g_strdup (antam_answer_display_name (answer));
      if (status != ANTAM_STATUS_OK)
        antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, q->id, antam_question_how (q));
      g_ptr_array_add (results, result);
    }

  return results;
}

/**
 * antam_alternatives_parse:
 *
 * A vendor needs only its name: the letter names vendors, not products, and
 * the shipped file says no more than the letter.  "note" and "url" are for an
 * agency that knows which service it has a contract for.
 */
AntamAlternatives *
antam_alternatives_parse (const char  *display_name,
                          const char  *contents,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(AntamAlternatives) alternatives = g_new0 (AntamAlternatives, 1);
  cJSON *root;
  cJSON *list;
  cJSON *entry;
  guint index = 0;

  g_return_val_if_fail (contents != NULL, NULL);

  alternatives->vendors = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_vendor_free);

  root = parse_document (display_name, contents, length, ALTERNATIVES_SCHEMA, error);
  if (root == NULL)
    return NULL;

  if (!get_text (root, "source", TRUE, &alternatives->source_vi, &alternatives->source_en,
                 display_name, "", error))
    goto out_fail;

  list = cJSON_GetObjectItemCaseSensitive (root, "vendors");
  if (!cJSON_IsArray (list))
    {
      antam_json_fail (error, display_name, "vendors", "%s", _("must be a list"));
      goto out_fail;
    }

  cJSON_ArrayForEach (entry, list)
    {
      g_autofree char *where = g_strdup_printf ("vendors[%u]", index++);
      AntamVendor *vendor;

      if (!cJSON_IsObject (entry))
        {
          antam_json_fail (error, display_name, where, "%s", _("must be an object"));
          goto out_fail;
        }
      vendor = g_new0 (AntamVendor, 1);
      g_ptr_array_add (alternatives->vendors, vendor);
      if (!get_string (entry, "id", TRUE, &vendor->id, display_name, where, error) ||
          !get_string (entry, "name", TRUE, &vendor->name, display_name, where, error) ||
          !get_text (entry, "note", FALSE, &vendor->note_vi, &vendor->note_en, display_name, where, error) ||
          !get_string (entry, "url", FALSE, &vendor->url, display_name, where, error))
        goto out_fail;
      if (vendor->url != NULL && !g_str_has_prefix (vendor->url, "https://"))
        {
          g_autofree char *field = g_strdup_printf ("%s.url", where);
          antam_json_fail (error, display_name, field, "%s", _("must start with https://"));
          goto out_fail;
        }
    }

  cJSON_Delete (root);
  return g_steal_pointer (&alternatives);

out_fail:
  cJSON_Delete (root);
  return NULL;
}

AntamAlternatives *
antam_alternatives_load_default (GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  contents = read_data_file ("alternatives.json", &path, &length, error);
  if (contents == NULL)
    return NULL;
  return antam_alternatives_parse (path, contents, length, error);
}
