/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include "antam-i18n.h"
#include "session/antam-scenario.h"
#include "session/antam-session.h"

/* No display needed: the wizard's state between runs, and the training
 * scenarios' copies. */

static AntamSession *
training_session (const char *name,
                  const char *state_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamScenario) scenario = antam_scenario_load (name, &error);
  g_autoptr(AntamSysroot) sysroot = NULL;

  g_assert_no_error (error);
  antam_scenario_prepare (scenario, &error);
  g_assert_no_error (error);
  sysroot = antam_scenario_create_sysroot (scenario, &error);
  g_assert_no_error (error);
  return antam_session_new (sysroot, g_steal_pointer (&scenario), state_dir);
}

static void
wait_scan (AntamSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (antam_session_get_scanning (session))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
count_changes (guint   *n_changes,
               guint    position,
               guint    removed,
               guint    added,
               GListModel *model)
{
  guint *last_added = g_object_get_data (G_OBJECT (model), "last-added");

  (*n_changes)++;
  if (last_added != NULL)
    *last_added = added;
}

static void
test_state_round_trip (void)
{
  g_autofree char *state_dir = g_build_filename (g_get_user_state_dir (), "antam", NULL);
  g_autoptr(AntamSession) first = training_session ("zoom-deb", state_dir);
  g_autoptr(AntamSession) second = NULL;
  g_autofree char *state_path = g_build_filename (state_dir, "state.json", NULL);
  GStatBuf st;
  guint n_results;

  antam_session_scan (first);
  wait_scan (first);
  g_assert_true (antam_session_has_scanned (first));
  antam_session_set_answer (first, "meeting-password", ANTAM_ANSWER_NO);
  antam_session_set_answer (first, "data-internal-through-apps", ANTAM_ANSWER_NOT_SURE);
  antam_session_set_step (first, 5);
  n_results = antam_session_get_results (first)->len;
  g_assert_true (antam_session_save_state (first, NULL));

  /* Private: the report names the machine and what is on it. */
  g_assert_cmpint (g_stat (state_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  second = training_session ("zoom-deb", state_dir);
  g_assert_true (antam_session_load_state (second));
  g_assert_null (antam_session_get_problem (second));
  g_assert_cmpuint (antam_session_get_step (second), ==, 5);
  g_assert_cmpint (antam_session_get_answer (second, "meeting-password"), ==, ANTAM_ANSWER_NO);
  g_assert_cmpint (antam_session_get_answer (second, "data-internal-through-apps"), ==, ANTAM_ANSWER_NOT_SURE);
  g_assert_cmpint (antam_session_get_answer (second, "meeting-participants"), ==, ANTAM_ANSWER_NONE);
  g_assert_true (antam_session_has_scanned (second));
  g_assert_nonnull (antam_session_get_scanned_at (second));
  /* The scan's results come back from the report, the answers' are remade:
   * the same number, none twice. */
  g_assert_cmpuint (antam_session_get_results (second)->len, ==, n_results);
}

/* A click does not wait for the disk: the state is written by itself, in a
 * thread, once the clicks settle; the model changes one item per answer. */
static void
test_state_saved_soon (void)
{
  g_autofree char *state_dir = g_build_filename (g_get_user_state_dir (), "soon", NULL);
  g_autofree char *state_path = g_build_filename (state_dir, "state.json", NULL);
  g_autoptr(AntamSession) session = training_session ("zoom-deb", state_dir);
  GListModel *model = antam_session_get_model (session);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GObject) kept = NULL;
  guint n_changes = 0, last_added = 0;
  gulong handler;

  antam_session_scan (session);
  wait_scan (session);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, antam_session_get_results (session)->len);
  kept = g_list_model_get_item (model, 0);

  handler = g_signal_connect_swapped (model, "items-changed", G_CALLBACK (count_changes), &n_changes);
  g_object_set_data (G_OBJECT (model), "last-added", &last_added);
  antam_session_set_answer (session, "meeting-password", ANTAM_ANSWER_NO);
  g_signal_handler_disconnect (model, handler);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (last_added, ==, 1);
  /* The scan's results are the same objects: their rows stay. */
  {
    g_autoptr(GObject) still = g_list_model_get_item (model, 0);
    g_assert_true (still == kept);
  }

  for (;;)
    {
      g_autofree char *contents = NULL;

      if (g_file_get_contents (state_path, &contents, NULL, NULL) && strstr (contents, "meeting-password"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
saved_language (const char *state_path)
{
  g_autofree char *contents = NULL;
  cJSON *root, *language;
  char *value = NULL;

  g_assert_true (g_file_get_contents (state_path, &contents, NULL, NULL));
  root = cJSON_Parse (contents);
  language = cJSON_GetObjectItemCaseSensitive (root, "language");
  if (cJSON_IsString (language))
    value = g_strdup (language->valuestring);
  cJSON_Delete (root);
  return value;
}

/* Results saved in one language, the app started in another: they are
 * checked again, so that the window and the report speak one language. */
static void
test_state_in_another_language (void)
{
  g_autofree char *state_dir = g_build_filename (g_get_user_state_dir (), "antam", NULL);
  g_autofree char *state_path = g_build_filename (state_dir, "state.json", NULL);
  g_autoptr(AntamSession) first = NULL;
  g_autoptr(AntamSession) second = NULL;
  g_autoptr(AntamSession) third = NULL;
  g_autofree char *language = NULL;
  gboolean vietnamese = FALSE;
  GPtrArray *results;

  antam_i18n_use_language ("en");
  first = training_session ("zoom-deb", state_dir);
  antam_session_scan (first);
  wait_scan (first);
  g_assert_true (antam_session_save_state (first, NULL));
  language = saved_language (state_path);
  g_assert_cmpstr (language, ==, "en");

  /* The same language: nothing to do. */
  second = training_session ("zoom-deb", state_dir);
  g_assert_true (antam_session_load_state (second));
  g_assert_false (antam_session_get_scanning (second));

  antam_i18n_use_language ("vi");
  third = training_session ("zoom-deb", state_dir);
  g_assert_true (antam_session_load_state (third));
  g_assert_true (antam_session_has_scanned (third));
  g_assert_true (antam_session_get_scanning (third));
  wait_scan (third);

  results = antam_session_get_results (third);
  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      g_assert_null (strstr (result->title, "is installed"));
      vietnamese |= strstr (result->title, "Zoom đã được cài đặt") != NULL;
    }
  g_assert_true (vietnamese);
  g_free (language);
  g_assert_true (antam_session_save_state (third, NULL));
  language = saved_language (state_path);
  g_assert_cmpstr (language, ==, "vi");
  antam_i18n_use_language ("en");
}

static void
test_garbage_state_ignored (void)
{
  static const char *garbage[] = {
    "garbage{",
    "{\"schema\": \"antam.state/1\", \"step\": 99}",
    "{\"schema\": \"antam.state/1\", \"step\": 2, \"answers\": {\"meeting-password\": \"perhaps\"}}",
    "\xff\xfe\x00\x01",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autofree char *state_dir = g_build_filename (g_get_user_state_dir (), "garbage", NULL);
      g_autofree char *state = g_build_filename (state_dir, "state.json", NULL);
      g_autofree char *report = g_build_filename (state_dir, "last-report.json", NULL);
      g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
      g_autoptr(AntamSession) session = NULL;

      g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (state, garbage[i], -1, NULL));
      g_assert_true (g_file_set_contents (report, garbage[i], -1, NULL));

      /* G_DEBUG=fatal-warnings makes any g_warning() fail here. */
      session = antam_session_new (sysroot, NULL, state_dir);
      g_assert_false (antam_session_load_state (session));
      g_assert_nonnull (antam_session_get_problem (session));
      g_assert_cmpuint (antam_session_get_step (session), ==, 1);
      g_assert_false (antam_session_has_scanned (session));
      /* And it still works: the next save replaces the garbage. */
      antam_session_set_step (session, 3);
      g_assert_true (antam_session_save_state (session, NULL));
    }
}

static void
test_no_state_dir_is_training (void)
{
  g_autoptr(AntamSession) session = training_session ("clean-pc", NULL);

  g_assert_true (antam_session_is_training (session));
  g_assert_false (antam_session_load_state (session));
  g_assert_true (antam_session_save_state (session, NULL));
}

static void
test_scenarios_prepare (void)
{
  g_auto(GStrv) names = antam_scenario_list_names ();
  static const char *required[] = { "zoom-deb", "zoom-flatpak-fake-installer", "eol-pc", "clean-pc" };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_strv_contains ((const char * const *) names, required[i]));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AntamScenario) scenario = antam_scenario_load (names[i], &error);
      g_autofree char *root = NULL;
      g_autofree char *home = NULL;
      GHashTableIter iter;
      gpointer key, value;

      g_assert_no_error (error);
      g_assert_nonnull (scenario->title_vi);
      g_assert_nonnull (scenario->description_en);
      g_assert_true (antam_scenario_prepare (scenario, &error));
      g_assert_no_error (error);

      home = g_build_filename (scenario->root, scenario->home, NULL);
      g_assert_true (g_file_test (home, G_FILE_TEST_IS_DIR));

      g_hash_table_iter_init (&iter, scenario->symlinks);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *path = g_build_filename (scenario->root, key, NULL);
          g_autofree char *target = g_file_read_link (path, NULL);
          g_assert_cmpstr (target, ==, value);
        }

      if (scenario->xattr_problem == NULL)
        {
          g_hash_table_iter_init (&iter, scenario->xattrs);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              g_autofree char *path = g_build_filename (scenario->root, key, NULL);
              const char *url = g_hash_table_lookup (value, "user.xdg.origin.url");
              char buffer[512] = { 0 };

              if (url == NULL)
                continue;
              g_assert_cmpint (getxattr (path, "user.xdg.origin.url", buffer, sizeof buffer - 1), ==, strlen (url));
              g_assert_cmpstr (buffer, ==, url);
            }
        }
      else
        g_test_message ("%s: %s", names[i], scenario->xattr_problem);

      /* The copy goes away with the scenario. */
      root = g_path_get_dirname (scenario->root);
      g_clear_pointer (&scenario, antam_scenario_free);
      g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
    }
}

static void
test_training_runs_nothing (void)
{
  g_autoptr(AntamSession) session = training_session ("clean-pc", NULL);
  AntamSysroot *sysroot = antam_session_get_sysroot (session);
  const char *argv[] = { "true", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (antam_sysroot_run (sysroot, argv, 0, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (antam_sysroot_get_proc_dir (sysroot));
  g_assert_false (antam_sysroot_is_live (sysroot));
}

static void
test_bad_scenario_names (void)
{
  static const char *bad[] = { "../rules", "nope", "", "/etc", "zoom-deb/../../" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AntamScenario) scenario = antam_scenario_load (bad[i], &error);

      g_assert_null (scenario);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    }
}

/* The command line checks a training scenario as the window does: the
 * same results, in the same order, with the same statuses and titles. */
static void
test_cli_training_same_results (void)
{
  g_autoptr(AntamSession) session = training_session ("zoom-deb", NULL);
  const char *cli = g_getenv ("ANTAM_CLI");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  cJSON *root, *list;
  guint n_scanned = 0;
  int status;

  g_assert_nonnull (cli);
  antam_session_scan (session);
  wait_scan (session);
  results = antam_session_get_results (session);

  {
    const char *argv[] = { cli, "scan", "--training", "zoom-deb", "--json",
                           "--lang", antam_i18n_get_language (), NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  /* 2: a risk was found, which is what zoom-deb is made for. */
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 2)
    g_test_message ("antam-cli: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  root = cJSON_Parse (out);
  list = cJSON_GetObjectItemCaseSensitive (root, "results");
  g_assert_true (cJSON_IsArray (list));

  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      cJSON *entry;

      if (antam_check_is_question (result->check))
        continue;
      entry = cJSON_GetArrayItem (list, n_scanned++);
      g_assert_nonnull (entry);
      g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (entry, "id")->valuestring, ==, antam_result_get_id (result));
      g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (entry, "status")->valuestring, ==,
                       antam_status_to_string (result->status));
      g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (entry, "title")->valuestring, ==, result->title);
    }
  g_assert_cmpuint (n_scanned, >, 10);
  g_assert_cmpint (cJSON_GetArraySize (list), ==, n_scanned);
  cJSON_Delete (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  antam_i18n_init ();

  g_test_add_func ("/session/state-round-trip", test_state_round_trip);
  g_test_add_func ("/session/state-saved-soon", test_state_saved_soon);
  g_test_add_func ("/session/cli-training-same-results", test_cli_training_same_results);
  g_test_add_func ("/session/state-in-another-language", test_state_in_another_language);
  g_test_add_func ("/session/garbage-state-ignored", test_garbage_state_ignored);
  g_test_add_func ("/session/training-keeps-nothing", test_no_state_dir_is_training);
  g_test_add_func ("/scenario/prepare", test_scenarios_prepare);
  g_test_add_func ("/scenario/runs-nothing", test_training_runs_nothing);
  g_test_add_func ("/scenario/bad-names", test_bad_scenario_names);

  return g_test_run ();
}
