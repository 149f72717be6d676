/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The status model: "OK" (and "does not apply") only from sources read
 * whole.  Every check runs over every fixture root and every training
 * scenario, as shipped and with each inventory source damaged in turn
 * (cut short, garbage inside, missing, a symlink loop where it should be);
 * a verdict of ok or info while a source the check declares was read in
 * part or not at all fails the test. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "antam-test-root.h"
#include "inventory/antam-inventory.h"
#include "report/antam-report-model.h"

typedef void (*DamageFunc) (const char *root,
                            const char *home);

typedef struct {
  const char *name;
  AntamSource source;          /* what it damages */
  const char *needs;           /* applies only when this exists, or NULL */
  DamageFunc damage;
} Damage;

static char *
read_root_file (const char *root,
                const char *relative,
                gsize      *length)
{
  g_autofree char *path = antam_test_root_path (root, relative);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
replace_with_loop (const char *root,
                   const char *relative)
{
  g_autofree char *path = antam_test_root_path (root, relative);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *argv[] = { "rm", "-rf", "--", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (base, path), ==, 0);
}

/* Cut in the middle of a line, as a full disk or a crash leaves it. */
static void
dpkg_cut_short (const char *root,
               const char *home)
{
  gsize length = 0;
  g_autofree char *text = read_root_file (root, "var/lib/dpkg/status", &length);
  gsize cut = length * 2 / 3;

  while (cut > 1 && (text[cut - 1] == '\n' || text[cut - 1] == ' '))
    cut--;
  antam_test_write_bytes (root, "var/lib/dpkg/status", text, (gssize) cut);
}

static void
dpkg_garbage (const char *root,
             const char *home)
{
  gsize length = 0;
  g_autofree char *text = read_root_file (root, "var/lib/dpkg/status", &length);
  const char *first_end = g_strstr_len (text, (gssize) length, "\n\n");
  gsize at = first_end ? (gsize) (first_end - text) + 2 : length;
  g_autoptr(GString) damaged = g_string_new_len (text, (gssize) at);

  g_string_append_len (damaged, "\x7f" "ELF\x02\x01\x01\0\0\0 junk without a colon\n", 30);
  g_string_append_len (damaged, text + at, (gssize) (length - at));
  antam_test_write_bytes (root, "var/lib/dpkg/status", damaged->str, (gssize) damaged->len);
}

static void
dpkg_missing (const char *root,
             const char *home)
{
  g_autofree char *dir = antam_test_root_path (root, "var/lib/dpkg");
  g_autofree char *path = antam_test_root_path (root, "var/lib/dpkg/status");

  /* dpkg's folder is there: the file is missing, not absent. */
  g_unlink (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
}

static void
dpkg_loop (const char *root,
          const char *home)
{
  replace_with_loop (root, "var/lib/dpkg/status");
}

static void
downloads_loop (const char *root,
               const char *home)
{
  g_autofree char *downloads = g_build_filename (home, "Downloads", NULL);

  replace_with_loop (root, downloads);
}

static const Damage damages[] = {
  { "dpkg-cut-short", ANTAM_SOURCE_DPKG, "var/lib/dpkg/status", dpkg_cut_short },
  { "dpkg-garbage", ANTAM_SOURCE_DPKG, "var/lib/dpkg/status", dpkg_garbage },
  { "dpkg-missing", ANTAM_SOURCE_DPKG, NULL, dpkg_missing },
  { "dpkg-loop", ANTAM_SOURCE_DPKG, NULL, dpkg_loop },
  { "downloads-loop", ANTAM_SOURCE_DOWNLOADS, NULL, downloads_loop },
};

/* What libraries say, which a user must never read in a title, a summary
 * or what to do (in the C locale the tests run in). */
static void
assert_no_raw_errors (GString           *failures,
                      const char        *what,
                      const AntamResult *result)
{
  const char *raw[] = {
    g_strerror (ENOENT), g_strerror (EACCES), g_strerror (ELOOP), g_strerror (EISDIR),
    g_strerror (ENOTDIR), g_strerror (EIO), "Child process exited", "Could not connect",
    "Key file contains", "GDBus.Error", "Error opening file", "Error when getting information",
  };
  const char *texts[] = { result->title, result->summary, result->remedy_text };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint r = 0; texts[t] != NULL && r < G_N_ELEMENTS (raw); r++)
      if (strstr (texts[t], raw[r]) != NULL)
        g_string_append_printf (failures, "%s: %s shows the library's “%s”: %s\n",
                                what, result->check, raw[r], texts[t]);
}

typedef struct {
  guint runs;
  guint held_back;             /* results the rule applied to */
  GString *failures;
} Walk;

static gboolean
check_says_what_was_not_read (GPtrArray  *results,
                              const char *check)
{
  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);

      if (!g_str_equal (result->check, check))
        continue;
      if (result->status == ANTAM_STATUS_UNKNOWN)
        return TRUE;
      for (guint j = 0; j < result->items->len; j++)
        if (g_str_equal (((AntamItem *) g_ptr_array_index (result->items, j))->kind, "error"))
          return TRUE;
    }
  return FALSE;
}

static void
check_one (Walk       *walk,
           const char *what,
           const char *root,
           const char *home,
           const Damage *damage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, &error);
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;

  g_assert_no_error (error);
  rules = antam_rules_load (sysroot);
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  walk->runs++;

  /* The damage must be seen, or this walk proves nothing. */
  if (damage != NULL)
    {
      AntamSourceHealth health = antam_scan_context_get_health (context, damage->source, NULL, NULL);

      if (health != ANTAM_SOURCE_PARTIAL && health != ANTAM_SOURCE_UNREADABLE)
        g_string_append_printf (walk->failures, "%s: %s was damaged, but read as %s\n",
                                what, antam_source_get_name (damage->source),
                                health == ANTAM_SOURCE_WHOLE ? "whole" : "absent");
    }

  /* A check that could not read a source says so in one of its results. */
  {
    guint n_checks;
    const AntamCheck *checks = antam_checks_get_all (&n_checks);

    for (guint c = 0; c < n_checks; c++)
      if (antam_scan_context_get_unread (context, checks[c].sources) != 0 &&
          !check_says_what_was_not_read (results, checks[c].id))
        g_string_append_printf (walk->failures, "%s: %s says nothing of the source it could not read\n",
                                what, checks[c].id);
  }

  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      const AntamCheck *check = antam_checks_lookup (result->check);
      guint unread;

      g_assert_nonnull (check);
      assert_no_raw_errors (walk->failures, what, result);
      unread = antam_scan_context_get_unread (context, check->sources);
      if (unread == 0)
        continue;
      walk->held_back++;
      if (result->status == ANTAM_STATUS_OK || result->status == ANTAM_STATUS_INFO)
        g_string_append_printf (walk->failures, "%s: %s says %s (“%s”) though some of its sources "
                                "(bits %#x) were not read whole\n",
                                what, result->check, antam_status_to_string (result->status),
                                result->title, unread);
    }
}

static void
walk_tree (Walk       *walk,
           const char *what,
           char       *(*make) (gpointer),
           gpointer    data,
           const char *home_relative)
{
  for (gint d = -1; d < (gint) G_N_ELEMENTS (damages); d++)
    {
      const Damage *damage = d >= 0 ? &damages[d] : NULL;
      g_autofree char *root = make (data);
      g_autofree char *home = g_build_filename (root, home_relative, NULL);
      g_autofree char *label = g_strdup_printf ("%s%s%s", what, damage ? " + " : "",
                                                damage ? damage->name : "");

      if (damage != NULL)
        {
          g_autofree char *needed = damage->needs ? antam_test_root_path (root, damage->needs) : NULL;

          if (needed != NULL && !g_file_test (needed, G_FILE_TEST_EXISTS))
            {
              antam_test_remove_root (root);
              continue;
            }
          damage->damage (root, home_relative);
        }
      check_one (walk, label, root, home, damage);
      antam_test_remove_root (root);
    }
}

static char *
make_fixture_root (gpointer data)
{
  const char * const *layers = data;

  return layers[1] ? antam_test_make_root (layers[0], layers[1], NULL)
                   : antam_test_make_root (layers[0], NULL);
}

static char *
make_scenario_root (gpointer data)
{
  const char *source = data;
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("antam-scenario-XXXXXX", &error);
  g_autofree char *from = g_build_filename (source, ".", NULL);
  const char *argv[] = { "cp", "-a", "--", from, root, NULL };
  int status = 0;

  g_autofree char *json_path = g_build_filename (source, "scenario.json", NULL);
  g_autofree char *json = NULL;
  const cJSON *link;
  cJSON *scenario;

  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The links git does not keep, as training mode makes them. */
  g_file_get_contents (json_path, &json, NULL, &error);
  g_assert_no_error (error);
  scenario = cJSON_Parse (json);
  cJSON_ArrayForEach (link, cJSON_GetObjectItemCaseSensitive (scenario, "symlinks"))
    {
      g_autofree char *path = antam_test_root_path (root, link->string);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_cmpint (symlink (link->valuestring, path), ==, 0);
    }
  /* The modes git does not keep either. */
  cJSON_ArrayForEach (link, cJSON_GetObjectItemCaseSensitive (scenario, "modes"))
    {
      g_autofree char *path = antam_test_root_path (root, link->string);

      g_assert_cmpint (g_chmod (path, (int) g_ascii_strtoull (link->valuestring, NULL, 8)), ==, 0);
    }
  cJSON_Delete (scenario);
  return root;
}

static char *
scenario_home (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "scenario.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) home = g_regex_new ("\"home\"\\s*:\\s*\"/([^\"]+)\"", 0, 0, NULL);

  g_file_get_contents (path, &json, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match (home, json, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
test_every_root_and_scenario (void)
{
  g_autofree char *roots_dir = g_test_build_filename (G_TEST_DIST, "roots", NULL);
  g_autofree char *scenarios_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autoptr(GDir) roots = g_dir_open (roots_dir, 0, NULL);
  g_autoptr(GDir) scenarios = g_dir_open (scenarios_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Walk walk = { 0, 0, g_string_new (NULL) };
  const char *name;

  g_assert_nonnull (roots);
  g_assert_nonnull (scenarios);

  while ((name = g_dir_read_name (roots)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *root_name = g_ptr_array_index (names, i);
      const char *alone[] = { root_name, NULL };
      const char *on_base[] = { "base", root_name };
      g_autofree char *on_base_label = g_strdup_printf ("base+%s", root_name);

      /* As the tests use them: on their own, and layered on "base". */
      walk_tree (&walk, root_name, make_fixture_root, alone, "home/lan");
      if (!g_str_equal (root_name, "base"))
        walk_tree (&walk, on_base_label, make_fixture_root, on_base, "home/lan");
    }

  while ((name = g_dir_read_name (scenarios)) != NULL)
    {
      g_autofree char *dir = g_build_filename (scenarios_dir, name, NULL);
      g_autofree char *home = scenario_home (dir);
      g_autofree char *label = g_strdup_printf ("scenario %s", name);

      walk_tree (&walk, label, make_scenario_root, dir, home);
    }

  g_test_message ("%u scans; %u verdicts met a damaged source", walk.runs, walk.held_back);
  /* Damage was met, or the rule was never put to the test. */
  g_assert_cmpuint (walk.held_back, >, 0);
  if (walk.failures->len > 0)
    g_error ("verdicts from sources not read whole:\n%s", walk.failures->str);
  g_string_free (walk.failures, TRUE);
}

static void
test_join_names (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  static const char * const expected[] = {
    "", "a", "a and b", "a, b and c", "a, b, c and 1 more", "a, b, c and 2 more",
  };
  static const char * const all[] = { "a", "b", "c", "d", "e" };

  for (guint n = 0; n < G_N_ELEMENTS (expected); n++)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_set_size (names, 0);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (names, (gpointer) all[i]);
      joined = antam_join_names (names, ANTAM_TITLE_NAMES);
      g_assert_cmpstr (joined, ==, expected[n]);
    }
}

/* 714 programs copied into /opt: the title names three and counts the
 * rest, and the CLI and the e-mail carry that same short title. */
static void
test_long_title (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamReportModel) model = NULL;
  g_autofree char *text = NULL;
  AntamResult *result = NULL;

  /* dpkg's file lists, so that /opt's owners are known: none. */
  antam_test_write (root, "var/lib/dpkg/info/base-files.list", "/.\n/etc\n/etc/debian_version\n");
  for (guint i = 0; i < 714; i++)
    {
      g_autofree char *program = g_strdup_printf ("opt/app-%03u/bin/app", i);
      g_autofree char *path = antam_test_root_path (root, program);

      antam_test_write (root, program, "#!/bin/sh\n");
      g_assert_cmpint (g_chmod (path, 0755), ==, 0);
    }
  results = antam_test_scan (root, "install-sources");
  result = antam_test_find_result (results, "install-sources", "not installed from a package");
  g_assert_nonnull (result);
  g_assert_cmpstr (result->title, ==,
                   "714 programs not installed from a package: /opt/app-000, /opt/app-001, "
                   "/opt/app-002 and 711 more");
  g_assert_cmpuint (result->items->len, ==, 714);

  model = antam_report_model_new (results, NULL, NULL);
  text = antam_report_model_to_text (model);
  g_assert_nonnull (strstr (text, result->title));

  antam_test_remove_root (root);
}

static GPtrArray *
scan_scenario (const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", name, NULL);
  g_autofree char *root = make_scenario_root (dir);
  g_autofree char *home_relative = scenario_home (dir);
  g_autofree char *home = g_build_filename (root, home_relative, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, &error);
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  GPtrArray *results;

  g_assert_no_error (error);
  rules = antam_rules_load (sysroot);
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  antam_test_remove_root (root);
  return results;
}

/* The training scenarios show what the issue was found on: the safe
 * computer's titles agree with their details and nothing in it is a
 * warning; its unencrypted desktop disk and the laptop's camera app are
 * notes; a support date already past reads "ended on". */
static void
test_scenarios (void)
{
  g_autoptr(GPtrArray) clean = scan_scenario ("clean-pc");
  g_autoptr(GPtrArray) laptop = scan_scenario ("laptop-device");
  g_autoptr(GPtrArray) zoom_deb = scan_scenario ("zoom-deb");
  AntamResult *result;

  result = antam_test_find_result (clean, "auto-updates", NULL);
  g_assert_cmpstr (result->title, ==, "Security updates install automatically");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  result = antam_test_find_result (clean, "disk-encryption", NULL);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_INFO);
  g_assert_cmpint (antam_results_worst (clean), ==, ANTAM_STATUS_INFO);

  result = antam_test_find_result (laptop, "camera-mic", "org.gnome.Snapshot");
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_INFO);

  result = antam_test_find_result (zoom_deb, "os-support", NULL);
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->detail, ==,
                   "Security support ended on 11/07/2026; Debian LTS until 30/06/2028");
}

/* PackageKit out of reach (no system bus): the user reads what that means;
 * the library's "Could not connect: …" stays in the item's detail. */
static void
test_packagekit_unreachable (void)
{
  const char *only[] = { "os-updates", NULL };
  g_autoptr(AntamSysroot) live = NULL;
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autofree char *saved = g_strdup (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS"));
  AntamResult *result;
  AntamItem *item;

  if (!g_file_test ("/var/lib/dpkg/status", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this machine has no dpkg database to compare updates with");
      return;
    }
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/antam-system-bus", TRUE);
  live = antam_sysroot_new_live ();
  rules = antam_rules_load (live);
  context = antam_scan_context_new (live, rules);
  results = antam_scan_run (context, only, NULL, NULL, NULL, &error);
  if (saved)
    g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", saved, TRUE);
  else
    g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
  g_assert_no_error (error);

  result = antam_test_find_result (results, "os-updates", NULL);
  g_assert_nonnull (result);
  g_test_message ("%s: %s", result->title, result->summary);
  assert_no_raw_errors (failures, "live", result);
  g_assert_cmpstr (failures->str, ==, "");
  item = antam_test_find_item (result, "error", "PackageKit could not be reached");
  if (item != NULL)
    g_assert_nonnull (item->detail);
  else
    g_test_message ("PackageKit was not asked (built without it, or disabled)");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status-model/every-root-and-scenario", test_every_root_and_scenario);
  g_test_add_func ("/status-model/join-names", test_join_names);
  g_test_add_func ("/status-model/long-title", test_long_title);
  g_test_add_func ("/status-model/scenarios", test_scenarios);
  g_test_add_func ("/status-model/packagekit-unreachable", test_packagekit_unreachable);

  return g_test_run ();
}
