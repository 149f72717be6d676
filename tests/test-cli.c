/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <cjson/cJSON.h>
#include <string.h>

#include "antam-test-root.h"
#include "antam-test-schema.h"

typedef struct {
  int exit_code;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static void
run_cli (CliRun              *run,
         const char * const  *env_extra,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *cli = g_getenv ("ANTAM_CLI");
  int status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, env_extra);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* No display, no session bus: antam-cli must not need them. */
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
  for (guint i = 0; env_extra && env_extra[i]; i += 2)
    env = g_environ_setenv (env, env_extra[i], env_extra[i + 1], TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  run->exit_code = WEXITSTATUS (status);
}

static cJSON *
scan_json (const char *root,
           int         expected_exit,
           const char *only)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  cJSON *json;

  if (only)
    run_cli (&run, NULL, "scan", "--json", "--root", root, "--home", home, "--only", only, NULL);
  else
    run_cli (&run, NULL, "scan", "--json", "--root", root, "--home", home, NULL);
  if (run.exit_code != expected_exit)
    g_error ("antam-cli exited %d, expected %d; stderr:\n%s", run.exit_code, expected_exit, run.err);

  json = cJSON_Parse (run.out);
  g_assert_nonnull (json);
  antam_test_report_keep (run.out, -1);
  return json;
}

static const char *
str (const cJSON *object,
     const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);
  return cJSON_IsString (node) ? node->valuestring : NULL;
}

static void
test_report_shape (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  cJSON *json = scan_json (root, 0, "risky-apps,downloads");
  const cJSON *system = cJSON_GetObjectItemCaseSensitive (json, "system");
  const cJSON *app = cJSON_GetObjectItemCaseSensitive (json, "app");
  const cJSON *summary = cJSON_GetObjectItemCaseSensitive (json, "summary");
  const cJSON *results = cJSON_GetObjectItemCaseSensitive (json, "results");
  const cJSON *first = cJSON_GetArrayItem (results, 0);
  g_autoptr(GDateTime) generated = g_date_time_new_from_iso8601 (str (json, "generated"), NULL);

  g_assert_cmpstr (str (json, "schema"), ==, "antam.report/1");
  g_assert_nonnull (generated);
  /* ISO 8601 with an offset, not a bare local time. */
  g_assert_true (g_regex_match_simple ("T\\d\\d:\\d\\d:\\d\\d.*([+-]\\d\\d:\\d\\d|Z)$",
                                       str (json, "generated"), 0, 0));
  g_assert_cmpstr (str (app, "name"), ==, "An Tâm");
  g_assert_nonnull (str (app, "version"));
  g_assert_cmpstr (str (system, "os_id"), ==, "debian");
  g_assert_cmpstr (str (system, "os_version"), ==, "12");
  g_assert_cmpstr (str (system, "os_name"), ==, "Debian GNU/Linux 12 (bookworm)");
  g_assert_cmpstr (str (system, "hostname"), ==, "pc-vanphong-01");

  g_assert_cmpint (cJSON_GetArraySize (results), ==, 2);
  g_assert_cmpstr (str (first, "check"), ==, "risky-apps");
  g_assert_cmpstr (str (first, "status"), ==, "ok");
  g_assert_true (cJSON_IsArray (cJSON_GetObjectItemCaseSensitive (first, "items")));
  g_assert_cmpstr (str (cJSON_GetObjectItemCaseSensitive (first, "remedy"), "kind"), ==, "none");
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (summary, "ok")->valueint, ==, 2);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (summary, "risk")->valueint, ==, 0);

  cJSON_Delete (json);
  antam_test_remove_root (root);
}

static void
test_zoom_deb_items_and_exit (void)
{
  static const char * const expected[] = {
    "deb zoom", "path /opt/zoom", "path /usr/bin/zoom", "path /usr/share/applications/Zoom.desktop",
    "path /usr/share/mime/packages/zoom.xml", "home-path ~/.zoom", "home-path ~/.config/zoomus.conf",
    "desktop-entry Zoom.desktop", "url-handler zoommtg", "url-handler zoomus",
    "url-handler zoomphonecall", "url-handler zoomrc", "url-handler zoomjoinevent",
  };
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  cJSON *json = scan_json (root, 2, "risky-apps");
  const cJSON *results = cJSON_GetObjectItemCaseSensitive (json, "results");
  const cJSON *zoom = cJSON_GetArrayItem (results, 0);
  const cJSON *items = cJSON_GetObjectItemCaseSensitive (zoom, "items");
  const cJSON *remedy = cJSON_GetObjectItemCaseSensitive (zoom, "remedy");
  const cJSON *item;
  guint i = 0;

  g_assert_cmpint (cJSON_GetArraySize (results), ==, 1);
  g_assert_cmpstr (str (zoom, "status"), ==, "risk");
  g_assert_cmpstr (str (zoom, "id"), ==, "risky-apps/zoom");
  g_assert_cmpstr (str (zoom, "check"), ==, "risky-apps");
  g_assert_cmpstr (str (zoom, "title"), ==, "Zoom is installed");
  g_assert_cmpstr (str (remedy, "kind"), ==, "uninstall");
  g_assert_cmpstr (str (remedy, "target"), ==, "zoom");

  g_assert_cmpint (cJSON_GetArraySize (items), ==, G_N_ELEMENTS (expected));
  cJSON_ArrayForEach (item, items)
    {
      g_autofree char *got = g_strdup_printf ("%s %s", str (item, "kind"), str (item, "name"));
      g_assert_cmpstr (got, ==, expected[i++]);
      /* Each footprint names its rule, for a program to count. */
      g_assert_cmpstr (str (item, "rule"), ==, "zoom");
    }
  item = cJSON_GetArrayItem (items, 0);
  g_assert_cmpstr (str (item, "version"), ==, "6.2.11.5069");
  /* Unknown fields are absent, not empty. */
  g_assert_null (cJSON_GetObjectItemCaseSensitive (item, "origin"));
  g_assert_null (cJSON_GetObjectItemCaseSensitive (item, "sha256"));

  cJSON_Delete (json);
  antam_test_remove_root (root);
}

static void
test_exit_codes (void)
{
  g_autofree char *leftovers = antam_test_make_root ("base", "zoom-leftovers", NULL);
  g_autofree char *eol = antam_test_make_root ("base", "eol-debian10", NULL);
  cJSON *json;

  /* The worst is a warning: 1. */
  json = scan_json (leftovers, 1, "risky-apps");
  cJSON_Delete (json);

  /* Debian 10 ended its LTS in June 2024: a risk. */
  json = scan_json (eol, 2, "os-support");
  g_assert_cmpstr (str (cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (json, "results"), 0), "status"),
                   ==, "risk");
  cJSON_Delete (json);

  antam_test_remove_root (leftovers);
  antam_test_remove_root (eol);
}

/* A note ("info") is neither OK nor a warning: it has its own count, and
 * the exit code stays 0.  In Vietnamese, the tag and the count line call
 * it by the same word as the app's rows and tiles. */
static void
test_info_exit_and_names (void)
{
  static const char * const vietnamese[] = { "LANGUAGE", "vi", "LC_ALL", "C.UTF-8", NULL };
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_auto(CliRun) run = { 0 };
  const cJSON *summary;
  cJSON *json;

  antam_test_write (root, "proc/mounts", "/dev/sda2 / ext4 rw 0 0\n");
  antam_test_write (root, "sys/class/dmi/id/chassis_type", "3\n");
  json = scan_json (root, 0, "disk-encryption");
  g_assert_cmpstr (str (cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (json, "results"), 0), "status"),
                   ==, "info");
  summary = cJSON_GetObjectItemCaseSensitive (json, "summary");
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (summary, "info")->valueint, ==, 1);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (summary, "ok")->valueint, ==, 0);
  cJSON_Delete (json);

  run_cli (&run, vietnamese, "scan", "--root", root, "--home", home, "--only", "disk-encryption", NULL);
  g_assert_cmpint (run.exit_code, ==, 0);
  g_assert_nonnull (strstr (run.out, "[LƯU Ý]"));
  g_assert_nonnull (strstr (run.out, "Lưu ý: 1"));
  g_assert_nonnull (strstr (run.out, "Đạt: 0"));
  g_assert_nonnull (strstr (run.out, "Không kiểm tra được: 0"));
  g_assert_null (strstr (run.out, "[ĐẠT]"));

  antam_test_remove_root (root);
}

static void
test_usage_errors (void)
{
  g_auto(CliRun) unknown_check = { 0 };
  g_auto(CliRun) missing_root = { 0 };
  g_auto(CliRun) no_command = { 0 };
  g_auto(CliRun) bad_command = { 0 };
  g_auto(CliRun) bad_option = { 0 };

  run_cli (&unknown_check, NULL, "scan", "--only", "risky-apps,frobnicate", NULL);
  g_assert_cmpint (unknown_check.exit_code, ==, 64);
  g_assert_nonnull (strstr (unknown_check.err, "frobnicate"));
  g_assert_cmpstr (unknown_check.out, ==, "");

  run_cli (&missing_root, NULL, "scan", "--root", "/nonexistent/antam", NULL);
  g_assert_cmpint (missing_root.exit_code, ==, 64);
  g_assert_nonnull (strstr (missing_root.err, "/nonexistent/antam"));

  run_cli (&no_command, NULL, NULL);
  g_assert_cmpint (no_command.exit_code, ==, 64);
  run_cli (&bad_command, NULL, "frob", NULL);
  g_assert_cmpint (bad_command.exit_code, ==, 64);
  run_cli (&bad_option, NULL, "scan", "--frob", NULL);
  g_assert_cmpint (bad_option.exit_code, ==, 64);
}

static void
test_text_table_in_vietnamese (void)
{
  static const char * const vietnamese[] = { "LANGUAGE", "vi", "LC_ALL", "C.UTF-8", NULL };
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_auto(CliRun) run = { 0 };

  run_cli (&run, vietnamese, "scan", "--root", root, "--home", home, "--only", "risky-apps", NULL);
  g_assert_cmpint (run.exit_code, ==, 2);
  g_assert_nonnull (strstr (run.out, "[RỦI RO]"));
  g_assert_nonnull (strstr (run.out, "Zoom đã được cài đặt"));
  /* The rule's own text, in Vietnamese, citing the letter. */
  g_assert_nonnull (strstr (run.out, "Gỡ bỏ Zoom khỏi máy tính này"));
  g_assert_nonnull (strstr (run.out, "/opt/zoom"));

  antam_test_remove_root (root);
}

/* The command line speaks the process's locale and LANGUAGE; --lang, before
 * or after the command, overrides them. */
static void
test_lang_option (void)
{
  /* A fresh server: C.UTF-8, no LANGUAGE. */
  static const char * const plain[] = { "LANGUAGE", "", "LC_ALL", "", "LANG", "C.UTF-8", NULL };
  static const char * const vietnamese[] = { "LANGUAGE", "vi", "LC_ALL", "", "LANG", "C.UTF-8", NULL };
  /* glibc's gettext ignores LANGUAGE under the plain C locale. */
  static const char * const c_locale[] = { "LANGUAGE", "vi", "LC_ALL", "", "LANG", "C", NULL };
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  struct {
    const char * const *env;
    const char *lang_before;
    const char *lang_after;
    gboolean in_vietnamese;
  } runs[] = {
    { plain, NULL, NULL, FALSE },
    { plain, "--lang", "vi", TRUE },
    { plain, "--lang=vi", NULL, TRUE },
    { vietnamese, NULL, NULL, TRUE },
    { vietnamese, "--lang", "en", FALSE },
    { c_locale, NULL, NULL, TRUE },
    { c_locale, "--lang", "en", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_auto(CliRun) before = { 0 };
      g_auto(CliRun) after = { 0 };
      CliRun *both[] = { &before, &after };

      /* antam-cli --lang en scan …, and antam-cli scan … --lang en */
      if (runs[i].lang_before == NULL)
        run_cli (&before, runs[i].env, "scan", "--root", root, "--home", home, "--only", "risky-apps", NULL);
      else if (runs[i].lang_after == NULL)
        run_cli (&before, runs[i].env, runs[i].lang_before,
                 "scan", "--root", root, "--home", home, "--only", "risky-apps", NULL);
      else
        run_cli (&before, runs[i].env, runs[i].lang_before, runs[i].lang_after,
                 "scan", "--root", root, "--home", home, "--only", "risky-apps", NULL);
      run_cli (&after, runs[i].env, "scan", "--root", root, "--home", home, "--only", "risky-apps",
               runs[i].lang_before, runs[i].lang_after, NULL);

      for (guint j = 0; j < G_N_ELEMENTS (both); j++)
        {
          g_test_message ("LANG=%s LANGUAGE=%s %s %s: %s", runs[i].env[5], runs[i].env[1],
                          runs[i].lang_before ? runs[i].lang_before : "",
                          runs[i].lang_after ? runs[i].lang_after : "", both[j]->out);
          g_assert_cmpint (both[j]->exit_code, ==, 2);
          g_assert_cmpstr (both[j]->err, ==, "");
          if (runs[i].in_vietnamese)
            {
              g_assert_nonnull (strstr (both[j]->out, "[RỦI RO]"));
              g_assert_nonnull (strstr (both[j]->out, "Zoom đã được cài đặt"));
              g_assert_nonnull (strstr (both[j]->out, "Gỡ bỏ Zoom khỏi máy tính này"));
            }
          else
            {
              g_assert_nonnull (strstr (both[j]->out, "[RISK]"));
              g_assert_nonnull (strstr (both[j]->out, "Zoom is installed"));
              g_assert_null (strstr (both[j]->out, "Gỡ bỏ"));
            }
        }
    }

  antam_test_remove_root (root);
}

static void
test_lang_errors (void)
{
  static const char * const plain[] = { "LANGUAGE", "", "LC_ALL", "", "LANG", "C.UTF-8", NULL };
  const char *commands[] = { "scan", "remove", "rules", "report", "remind" };
  g_auto(CliRun) unknown = { 0 };
  g_auto(CliRun) missing = { 0 };

  run_cli (&unknown, plain, "--lang", "xx", "scan", NULL);
  g_assert_cmpint (unknown.exit_code, ==, 64);
  g_assert_nonnull (strstr (unknown.err, "“xx”"));
  run_cli (&missing, plain, "scan", "--lang", NULL);
  g_assert_cmpint (missing.exit_code, ==, 64);

  /* Every command lists it. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(CliRun) help = { 0 };

      run_cli (&help, plain, commands[i], "--help", "--lang", "vi", NULL);
      g_assert_cmpint (help.exit_code, ==, 0);
      g_assert_nonnull (strstr (help.out, "--lang=NGÔN_NGỮ"));
    }
}

static void
test_rules_check (void)
{
  g_autofree char *shipped = g_test_build_filename (G_TEST_DIST, "..", "data", "rules", "risky-apps.json", NULL);
  g_autofree char *broken = g_test_build_filename (G_TEST_DIST, "roots", "broken", "etc", "antam",
                                                   "rules.d", "50-broken.json", NULL);
  g_auto(CliRun) good = { 0 };
  g_auto(CliRun) bad = { 0 };

  run_cli (&good, NULL, "rules", "check", shipped, NULL);
  g_assert_cmpint (good.exit_code, ==, 0);
  g_assert_nonnull (strstr (good.out, "valid, 9 app rules"));

  run_cli (&bad, NULL, "rules", "check", broken, NULL);
  g_assert_cmpint (bad.exit_code, ==, 1);
  g_assert_nonnull (strstr (bad.err, "50-broken.json"));
  g_assert_nonnull (strstr (bad.err, "is not valid JSON"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/report-shape", test_report_shape);
  g_test_add_func ("/cli/zoom-deb-items-and-exit", test_zoom_deb_items_and_exit);
  g_test_add_func ("/cli/exit-codes", test_exit_codes);
  g_test_add_func ("/cli/info-exit-and-names", test_info_exit_and_names);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/text-table-in-vietnamese", test_text_table_in_vietnamese);
  g_test_add_func ("/cli/rules-check", test_rules_check);
  g_test_add_func ("/cli/lang-option", test_lang_option);
  g_test_add_func ("/cli/lang-errors", test_lang_errors);

  antam_test_report_add_validation ();
  return g_test_run ();
}
