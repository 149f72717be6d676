/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "antam-i18n.h"
#include "rules/antam-questions.h"

/* No display needed: the questions file, the answers and the results they
 * become, and the alternatives file. */

/* A question with its check, then its safe answer and severity fields. */
#define ONE_QUESTION \
  "{ \"schema\": \"antam.questions/1\", \"questions\": [ {" \
  "  \"id\": \"q1\", \"check\": \"%s\", %s" \
  "  \"topic\": { \"vi\": \"Chủ đề\", \"en\": \"Topic\" }," \
  "  \"text\": { \"vi\": \"Câu hỏi?\", \"en\": \"Question?\" }," \
  "  \"why\": { \"vi\": \"Vì sao\", \"en\": \"Why\" }," \
  "  \"how\": { \"vi\": \"Làm thế nào\", \"en\": \"How\" } } ] }"

static void
test_shipped_questions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamQuestions) questions = antam_questions_load_default (&error);
  guint meeting = 0, data = 0;

  g_assert_no_error (error);
  g_assert_nonnull (questions);
  for (guint i = 0; i < questions->questions->len; i++)
    {
      const AntamQuestion *q = g_ptr_array_index (questions->questions, i);

      meeting += g_str_equal (q->check, "meeting-hygiene");
      data += g_str_equal (q->check, "data-handling");
      /* Both languages, and Vietnamese with its diacritics. */
      g_assert_true (g_utf8_validate (q->text_vi, -1, NULL));
      g_assert_nonnull (q->how_en);
    }
  /* Measure 3: passwords, authentication, details kept private, unknown
   * files; measure 4: secrets and internal data. */
  g_assert_cmpuint (meeting, >=, 4);
  g_assert_cmpuint (data, >=, 2);
  g_assert_nonnull (antam_questions_lookup (questions, "meeting-password"));

  /* Sending state secrets through online apps is a risk, and "Có" to it
   * is the answer that says so. */
  {
    const AntamQuestion *secrets = antam_questions_lookup (questions, "data-state-secrets-online");

    g_assert_nonnull (secrets);
    g_assert_cmpint (secrets->safe_answer, ==, ANTAM_ANSWER_NO);
    g_assert_cmpint (secrets->severity, ==, ANTAM_STATUS_RISK);
    g_assert_cmpint (antam_question_judge (secrets, ANTAM_ANSWER_YES), ==, ANTAM_STATUS_RISK);
  }
}

/* Each question asks one thing plainly, so that the answer words mean
 * what they say: "Anh/chị có … không?", no "không bao giờ", no "never". */
static void
test_shipped_questions_read_forwards (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamQuestions) questions = antam_questions_load_default (&error);

  g_assert_no_error (error);
  for (guint i = 0; i < questions->questions->len; i++)
    {
      const AntamQuestion *q = g_ptr_array_index (questions->questions, i);

      g_test_message ("%s: %s / %s", q->id, q->text_vi, q->text_en);
      g_assert_true (q->safe_answer == ANTAM_ANSWER_YES || q->safe_answer == ANTAM_ANSWER_NO);
      g_assert_true (g_str_has_suffix (q->text_vi, "?"));
      g_assert_true (g_str_has_suffix (q->text_en, "?"));
      g_assert_nonnull (strstr (q->text_vi, " có "));
      g_assert_nonnull (strstr (q->text_vi, " không"));
      g_assert_null (strstr (q->text_vi, "không bao giờ"));
      g_assert_null (strstr (q->text_vi, "Anh/chị không"));
      g_assert_null (strstr (q->text_en, "never"));
      g_assert_null (strstr (q->text_en, " not "));
      g_assert_null (strstr (q->text_en, "n't"));
    }
}

static void
test_answers_become_results (void)
{
  g_autofree char *json = g_strdup_printf (ONE_QUESTION, "meeting-hygiene", "\"safe_answer\": \"yes\",");
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamQuestions) questions = antam_questions_parse ("test.json", json, -1, &error);
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  static const struct { AntamAnswer answer; AntamStatus status; gboolean remedy; const char *shown; } cases[] = {
    { ANTAM_ANSWER_NONE, ANTAM_STATUS_MANUAL, TRUE, "Not answered yet" },
    { ANTAM_ANSWER_YES, ANTAM_STATUS_OK, FALSE, "Yes" },
    { ANTAM_ANSWER_NO, ANTAM_STATUS_WARNING, TRUE, "No" },
    /* An answer, not a safe one: what to do says how to make sure. */
    { ANTAM_ANSWER_NOT_SURE, ANTAM_STATUS_WARNING, TRUE, "Not sure" },
  };

  g_assert_no_error (error);
  antam_i18n_set_language ("en");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) results = NULL;
      AntamResult *result;
      AntamItem *item;

      g_hash_table_insert (answers, (gpointer) "q1", GINT_TO_POINTER (cases[i].answer));
      results = antam_questions_to_results (questions, answers);
      g_assert_cmpuint (results->len, ==, 1);
      result = g_ptr_array_index (results, 0);
      g_assert_cmpstr (result->check, ==, "meeting-hygiene");
      g_assert_cmpint (result->status, ==, cases[i].status);
      g_assert_cmpstr (result->title, ==, "Topic");
      g_assert_cmpstr (result->summary, ==, "Why");
      g_assert_cmpint (result->remedy == ANTAM_REMEDY_GUIDE, ==, cases[i].remedy);
      if (cases[i].remedy)
        g_assert_cmpstr (result->remedy_text, ==, "How");
      /* The report keeps the question and the answer given. */
      item = g_ptr_array_index (result->items, 0);
      g_assert_cmpstr (item->kind, ==, "answer");
      g_assert_cmpstr (item->id, ==, "q1");
      g_assert_cmpstr (item->name, ==, "Question?");
      g_assert_cmpstr (item->detail, ==, cases[i].shown);
    }

  antam_i18n_set_language ("vi");
  {
    g_autoptr(GPtrArray) results = antam_questions_to_results (questions, NULL);
    AntamResult *result = g_ptr_array_index (results, 0);
    g_assert_cmpstr (result->title, ==, "Chủ đề");
  }
  antam_i18n_set_language (NULL);
}

/* "No" is the safe answer, "Yes" a risk: the words mean what they say. */
static void
test_safe_answer_no (void)
{
  g_autofree char *json = g_strdup_printf (ONE_QUESTION, "data-handling",
                                           "\"safe_answer\": \"no\", \"severity\": \"risk\",");
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamQuestions) questions = antam_questions_parse ("test.json", json, -1, &error);
  const AntamQuestion *q;

  g_assert_no_error (error);
  q = g_ptr_array_index (questions->questions, 0);
  g_assert_cmpint (antam_question_judge (q, ANTAM_ANSWER_NO), ==, ANTAM_STATUS_OK);
  g_assert_cmpint (antam_question_judge (q, ANTAM_ANSWER_YES), ==, ANTAM_STATUS_RISK);
  g_assert_cmpint (antam_question_judge (q, ANTAM_ANSWER_NOT_SURE), ==, ANTAM_STATUS_WARNING);
  g_assert_cmpint (antam_question_judge (q, ANTAM_ANSWER_NONE), ==, ANTAM_STATUS_MANUAL);
}

static void
test_bad_questions (void)
{
  static const char *bad[] = {
    "",
    "[]",
    "{ \"schema\": \"antam.questions/2\", \"questions\": [] }",
    "{ \"schema\": \"antam.questions/1\", \"questions\": [] }",
    "{ \"schema\": \"antam.questions/1\", \"questions\": {} }",
    "{ \"schema\": \"antam.questions/1\", \"questions\": [ 1 ] }",
    "{ \"schema\": \"antam.questions/1\", \"questions\": [ { \"id\": \"x\" } ] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AntamQuestions) questions = antam_questions_parse ("bad.json", bad[i], -1, &error);

      g_assert_null (questions);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_true (g_str_has_prefix (error->message, "bad.json: "));
    }

  {
    /* An unknown check is named in the error. */
    g_autofree char *json = g_strdup_printf (ONE_QUESTION, "firewall", "\"safe_answer\": \"yes\",");
    g_autoptr(GError) error = NULL;
    g_autoptr(AntamQuestions) questions = antam_questions_parse ("q.json", json, -1, &error);

    g_assert_null (questions);
    g_assert_nonnull (strstr (error->message, "questions[0].check"));
  }

  {
    /* Which answer is safe must be said, as "yes" or "no". */
    static const struct { const char *fields; const char *field; } cases[] = {
      { "", "questions[0].safe_answer" },
      { "\"safe_answer\": \"not-sure\",", "questions[0].safe_answer" },
      { "\"safe_answer\": \"maybe\",", "questions[0].safe_answer" },
      { "\"safe_answer\": \"no\", \"severity\": \"ok\",", "questions[0].severity" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *json = g_strdup_printf (ONE_QUESTION, "data-handling", cases[i].fields);
        g_autoptr(GError) error = NULL;
        g_autoptr(AntamQuestions) questions = antam_questions_parse ("q.json", json, -1, &error);

        g_assert_null (questions);
        g_assert_nonnull (strstr (error->message, cases[i].field));
      }
  }
}

static void
test_answer_strings (void)
{
  for (AntamAnswer a = ANTAM_ANSWER_NONE; a <= ANTAM_ANSWER_NOT_SURE; a++)
    {
      AntamAnswer back;
      g_assert_true (antam_answer_from_string (antam_answer_to_string (a), &back));
      g_assert_cmpint (back, ==, a);
    }
  {
    AntamAnswer back = ANTAM_ANSWER_YES;
    g_assert_false (antam_answer_from_string ("maybe", &back));
    g_assert_false (antam_answer_from_string (NULL, &back));
  }
}

static void
test_shipped_alternatives (void)
{
  static const char *letter_vendors[] = { "VNPT", "Viettel", "MobiFone", "FPT", "VNG", "CMC", "Nhân Hòa" };
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamAlternatives) alternatives = antam_alternatives_load_default (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (alternatives->vendors->len, ==, G_N_ELEMENTS (letter_vendors));
  for (guint i = 0; i < G_N_ELEMENTS (letter_vendors); i++)
    {
      const AntamVendor *vendor = g_ptr_array_index (alternatives->vendors, i);

      g_assert_cmpstr (vendor->name, ==, letter_vendors[i]);
      /* The letter names companies, nothing more: neither do we. */
      g_assert_null (vendor->url);
      g_assert_null (vendor->note_vi);
    }
  g_assert_nonnull (strstr (alternatives->source_vi, "1200/UBND-KGVX"));
}

static void
test_alternatives_agency_fields (void)
{
  const char *json =
    "{ \"schema\": \"antam.alternatives/1\","
    "  \"source\": { \"vi\": \"Nguồn\", \"en\": \"Source\" },"
    "  \"vendors\": [ { \"id\": \"a\", \"name\": \"A\", \"url\": \"https://a.example\","
    "                   \"note\": { \"vi\": \"Ghi chú\", \"en\": \"Note\" } } ] }";
  const char *insecure =
    "{ \"schema\": \"antam.alternatives/1\","
    "  \"source\": { \"vi\": \"Nguồn\", \"en\": \"Source\" },"
    "  \"vendors\": [ { \"id\": \"a\", \"name\": \"A\", \"url\": \"http://a.example\" } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamAlternatives) ok = antam_alternatives_parse ("a.json", json, -1, &error);
  g_autoptr(AntamAlternatives) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (((AntamVendor *) g_ptr_array_index (ok->vendors, 0))->url, ==, "https://a.example");
  bad = antam_alternatives_parse ("b.json", insecure, -1, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "vendors[0].url"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/questions/shipped", test_shipped_questions);
  g_test_add_func ("/questions/shipped-read-forwards", test_shipped_questions_read_forwards);
  g_test_add_func ("/questions/answers-become-results", test_answers_become_results);
  g_test_add_func ("/questions/safe-answer-no", test_safe_answer_no);
  g_test_add_func ("/questions/bad-files", test_bad_questions);
  g_test_add_func ("/questions/answer-strings", test_answer_strings);
  g_test_add_func ("/alternatives/shipped", test_shipped_alternatives);
  g_test_add_func ("/alternatives/agency-fields", test_alternatives_agency_fields);

  return g_test_run ();
}
