/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The two programs as a user (or pkexec) runs them: antam-cli remove, and
 * the privileged helper's refusals. */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "antam-test-root.h"

static int
run (const char * const *argv,
     const char * const *extra_env,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  int status = 0;

  for (guint i = 0; extra_env && extra_env[i]; i += 2)
    env = g_environ_setenv (env, extra_env[i], extra_env[i + 1], TRUE);
  /* stdin is /dev/null: no terminal to ask on. */
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static gboolean
exists_in (const char *root,
           const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  struct stat st;

  return lstat (path, &st) == 0;
}

/* ---- antam-cli remove --------------------------------------------------- */

static void
test_cli_yes (void)
{
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("ANTAM_CLI"), "remove", "zoom", "--yes", "--root", root,
                         "--home", home, NULL };

  g_assert_cmpint (run (argv, NULL, &out), ==, 0);
  g_assert_nonnull (strstr (out, "Plan to remove Zoom:"));
  g_assert_nonnull (strstr (out, "[done] The package “zoom” was removed."));
  g_assert_nonnull (strstr (out, "Zoom has been removed completely"));
  g_assert_false (exists_in (root, "opt/zoom"));
  g_assert_true (exists_in (root, "home/lan/.local/share/Trash/files/.zoom"));

  /* Again: nothing left, still a clean exit. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (argv, NULL, &out), ==, 0);
  g_assert_nonnull (strstr (out, "Nothing of Zoom was found"));
  antam_test_remove_root (root);
}

static void
test_cli_no_terminal (void)
{
  g_autofree char *root = antam_test_make_root ("base", "zoom-tarball", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("ANTAM_CLI"), "remove", "zoom", "--root", root,
                         "--home", home, NULL };

  g_assert_cmpint (run (argv, NULL, &out), ==, 64);
  g_assert_true (exists_in (root, "opt/zoom/ZoomLauncher"));
  g_assert_true (exists_in (root, "home/lan/.zoom"));
  antam_test_remove_root (root);
}

static void
test_cli_usage (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  const char *unknown[] = { g_getenv ("ANTAM_CLI"), "remove", "skype-xyz", "--yes", "--root", root, NULL };
  const char *missing[] = { g_getenv ("ANTAM_CLI"), "remove", "--yes", "--root", root, NULL };

  g_assert_cmpint (run (unknown, NULL, NULL), ==, 64);
  g_assert_cmpint (run (missing, NULL, NULL), ==, 64);
  antam_test_remove_root (root);
}

static void
test_cli_left_over (void)
{
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("ANTAM_CLI"), "remove", "zoom", "--yes", "--root", root,
                         "--home", home, NULL };

  antam_test_write (root, "var/lib/dpkg/info/zoom.list", "/opt/zoom\n/opt/zoom/ZoomLauncher\n");
  /* A package that needs zoom: the removal stops short, and says so. */
  {
    g_autofree char *status_path = g_build_filename (root, "var/lib/dpkg/status", NULL);
    g_autofree char *status = NULL;
    g_autofree char *more = NULL;

    g_assert_true (g_file_get_contents (status_path, &status, NULL, NULL));
    more = g_strconcat (status, "\nPackage: zoom-addin\nStatus: install ok installed\n"
                        "Architecture: amd64\nVersion: 1\nDepends: zoom\n", NULL);
    g_assert_true (g_file_set_contents (status_path, more, -1, NULL));
  }
  g_assert_cmpint (run (argv, NULL, &out), ==, 1);
  g_assert_nonnull (strstr (out, "[failed]"));
  g_assert_nonnull (strstr (out, "zoom-addin"));
  g_assert_nonnull (strstr (out, "not removed completely"));
  g_assert_nonnull (strstr (out, "antam-cli remove zoom --guide"));
  g_assert_true (exists_in (root, "opt/zoom/ZoomLauncher"));
  antam_test_remove_root (root);
}

static void
test_cli_guide (void)
{
  g_autofree char *out = NULL;
  g_autofree char *root = antam_test_make_root ("base", NULL);
  const char *argv[] = { g_getenv ("ANTAM_CLI"), "remove", "zoom", "--guide", "--root", root, NULL };

  g_assert_cmpint (run (argv, NULL, &out), ==, 0);
  g_assert_nonnull (strstr (out, "sudo apt remove zoom"));
  g_assert_nonnull (strstr (out, "flatpak uninstall us.zoom.Zoom"));
  antam_test_remove_root (root);
}

/* ---- the privileged helper ---------------------------------------------- */

typedef struct {
  char *root;
  char *rules;
} Helper;

static void
helper_setup (Helper *helper)
{
  helper->root = antam_test_make_root ("base", "zoom-tarball", NULL);
  helper->rules = g_build_filename (g_getenv ("ANTAM_DATA_DIR"), "rules", "risky-apps.json", NULL);
}

static void
helper_teardown (Helper *helper)
{
  antam_test_remove_root (helper->root);
  g_free (helper->root);
  g_free (helper->rules);
}

static int
run_helper (Helper     *helper,
            const char *path,
            char      **out)
{
  const char *argv[] = { g_getenv ("ANTAM_REMOVE_HELPER"), "--root", helper->root,
                         "--rules", helper->rules, "--app", "zoom", "--", path, NULL };
  return run (argv, NULL, out);
}

static void
test_helper_removes_listed (void)
{
  Helper helper = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *outside = g_dir_make_tmp ("antam-keep-XXXXXX", NULL);
  g_autofree char *keep = g_build_filename (outside, "keep", NULL);
  g_autofree char *inner_link = NULL;

  helper_setup (&helper);
  g_assert_true (g_file_set_contents (keep, "keep", -1, NULL));
  inner_link = g_build_filename (helper.root, "opt/zoom/cef", NULL);
  g_assert_cmpint (symlink (outside, inner_link), ==, 0);

  g_assert_cmpint (run_helper (&helper, "/opt/zoom", &out), ==, 0);
  g_assert_cmpstr (out, ==, "removed /opt/zoom\n");
  g_assert_false (exists_in (helper.root, "opt/zoom"));
  /* The link inside was unlinked, never followed. */
  g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_helper (&helper, "/opt/zoom", &out), ==, 0);
  g_assert_cmpstr (out, ==, "absent /opt/zoom\n");
  antam_test_remove_root (outside);
  helper_teardown (&helper);
}

static void
test_helper_refuses_unlisted (void)
{
  Helper helper = { 0 };
  g_autofree char *out = NULL;

  helper_setup (&helper);
  g_assert_cmpint (run_helper (&helper, "/etc/os-release", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused /etc/os-release: "));
  g_assert_true (exists_in (helper.root, "etc/os-release"));

  /* A path inside a listed one is not listed. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_helper (&helper, "/opt/zoom/zoom", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused "));
  g_assert_true (exists_in (helper.root, "opt/zoom/zoom"));
  helper_teardown (&helper);
}

static void
test_helper_refuses_dotdot (void)
{
  Helper helper = { 0 };
  g_autofree char *out = NULL;

  helper_setup (&helper);
  g_assert_cmpint (run_helper (&helper, "/opt/zoom/../../etc", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused /opt/zoom/../../etc: "));
  g_assert_true (exists_in (helper.root, "etc/os-release"));
  g_assert_true (exists_in (helper.root, "opt/zoom/ZoomLauncher"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_helper (&helper, "/opt/./zoom", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused "));
  helper_teardown (&helper);
}

static void
test_helper_refuses_symlink (void)
{
  Helper helper = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *opt_zoom = NULL;
  g_autofree char *opt_real = NULL;
  g_autofree char *usr = NULL;

  helper_setup (&helper);
  /* /opt/zoom is now a link to something precious: refused, not followed. */
  opt_zoom = g_build_filename (helper.root, "opt/zoom", NULL);
  opt_real = g_build_filename (helper.root, "srv/precious", NULL);
  antam_test_write (helper.root, "srv/precious/data", "keep");
  antam_test_remove_root (opt_zoom);
  g_assert_cmpint (symlink ("/srv/precious", opt_zoom), ==, 0);
  g_assert_cmpint (run_helper (&helper, "/opt/zoom", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused /opt/zoom: "));
  g_assert_nonnull (strstr (out, "symbolic link"));
  g_assert_true (exists_in (helper.root, "srv/precious/data"));
  g_assert_true (exists_in (helper.root, "opt/zoom"));

  /* A link on the way (/usr -> elsewhere) is refused too. */
  usr = g_build_filename (helper.root, "usr", NULL);
  antam_test_remove_root (usr);
  antam_test_write (helper.root, "elsewhere/bin/zoom", "x");
  g_assert_cmpint (symlink ("elsewhere", usr), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_helper (&helper, "/usr/bin/zoom", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused /usr/bin/zoom: "));
  g_assert_true (exists_in (helper.root, "elsewhere/bin/zoom"));
  helper_teardown (&helper);
}

/* The caller's wishes are not rules: only the installed rules count, and
 * the agency's may take a path away but never name a system folder. */
static void
test_helper_agency_rules (void)
{
  Helper helper = { 0 };
  g_autofree char *out = NULL;

  helper_setup (&helper);
  antam_test_write (helper.root, "etc/antam/rules.d/50-agency.json",
                    "{\"schema\":\"antam.rules/1\",\"apps\":[{\"id\":\"zoom\",\"name\":\"Zoom\","
                    "\"severity\":\"risk\",\"remedy\":\"uninstall\","
                    "\"why\":{\"vi\":\"x\",\"en\":\"x\"},\"action\":{\"vi\":\"x\",\"en\":\"x\"},"
                    "\"footprints\":{\"paths\":[\"/usr\",\"/opt/zoom\"]}}]}");
  g_assert_cmpint (run_helper (&helper, "/usr", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused /usr: "));
  g_assert_true (exists_in (helper.root, "usr/share/applications/firefox-esr.desktop"));

  antam_test_write (helper.root, "etc/antam/rules.d/60-off.json",
                    "{\"schema\":\"antam.rules/1\",\"apps\":[{\"id\":\"zoom\",\"disabled\":true}]}");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_helper (&helper, "/opt/zoom", &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "refused /opt/zoom: "));
  g_assert_true (exists_in (helper.root, "opt/zoom/ZoomLauncher"));
  helper_teardown (&helper);
}

/* Under pkexec the test options would let a caller choose what root
 * deletes: refused. */
static void
test_helper_test_options_under_pkexec (void)
{
  Helper helper = { 0 };
  const char *env[] = { "PKEXEC_UID", "1000", NULL };
  const char *argv[] = { g_getenv ("ANTAM_REMOVE_HELPER"), "--root", NULL, "--rules", NULL,
                         "--app", "zoom", "--", "/opt/zoom", NULL };

  helper_setup (&helper);
  argv[2] = helper.root;
  argv[4] = helper.rules;
  g_assert_cmpint (run (argv, env, NULL), ==, 64);
  g_assert_true (exists_in (helper.root, "opt/zoom/ZoomLauncher"));
  helper_teardown (&helper);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/remove-cli/yes", test_cli_yes);
  g_test_add_func ("/remove-cli/no-terminal", test_cli_no_terminal);
  g_test_add_func ("/remove-cli/usage", test_cli_usage);
  g_test_add_func ("/remove-cli/left-over", test_cli_left_over);
  g_test_add_func ("/remove-cli/guide", test_cli_guide);
  g_test_add_func ("/remove-helper/removes-listed", test_helper_removes_listed);
  g_test_add_func ("/remove-helper/refuses-unlisted", test_helper_refuses_unlisted);
  g_test_add_func ("/remove-helper/refuses-dotdot", test_helper_refuses_dotdot);
  g_test_add_func ("/remove-helper/refuses-symlink", test_helper_refuses_symlink);
  g_test_add_func ("/remove-helper/agency-rules", test_helper_agency_rules);
  g_test_add_func ("/remove-helper/test-options-under-pkexec", test_helper_test_options_under_pkexec);

  return g_test_run ();
}
