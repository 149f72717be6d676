/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "antam-test-root.h"
#include "inventory/antam-packagekit.h"

/* Run by tests/packagekit-session.sh, which gives it a real packagekitd
 * when run as root; otherwise the PackageKit parts skip, saying why.  Built
 * with -Dpackagekit=disabled it runs on its own, and checks instead that
 * every call says at once that PackageKit is not there. */

static gboolean
require_packagekit (void)
{
  g_autoptr(GError) error = NULL;

  if (antam_packagekit_is_available (&error))
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    g_test_skip_printf ("built without PackageKit (-Dpackagekit=disabled): %s", error->message);
  else
    g_test_skip_printf ("no PackageKit on a system bus (%s): run this test through "
                        "tests/packagekit-session.sh as root", error->message);
  return FALSE;
}

/* "name candidate installed" for each line of `apt list --upgradable`:
 * "openssl/oldstable-security 3.0.17-1~deb12u3 amd64 [upgradable from: 3.0.16-1~deb12u1]";
 * @security gets "name candidate" of those offered by a security suite. */
static GHashTable *
apt_upgradable (GHashTable *security)
{
  const char *argv[] = { "apt", "list", "--upgradable", NULL };
  const char *envp[] = { "LC_ALL=C", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_SEARCH_PATH_FROM_ENVP | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
      char *slash;
      const char *from = strstr (lines[i], "[upgradable from: ");

      if (g_strv_length (words) < 3 || (slash = strchr (words[0], '/')) == NULL || from == NULL)
        continue;
      *slash = '\0';
      {
        g_auto(GStrv) suites = g_strsplit (slash + 1, ",", -1);

        for (guint j = 0; suites[j]; j++)
          if (g_str_has_suffix (suites[j], "-security"))
            g_hash_table_add (security, g_strdup_printf ("%s %s", words[0], words[1]));
      }
      from += strlen ("[upgradable from: ");
      g_hash_table_add (set, g_strdup_printf ("%s %s %.*s", words[0], words[1],
                                              (int) strcspn (from, "]"), from));
    }
  return set;
}

static GHashTable *
result_set (AntamResult *result,
            GHashTable  *security)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < result->items->len; i++)
    {
      AntamItem *item = g_ptr_array_index (result->items, i);
      g_auto(GStrv) versions = g_strsplit (item->version, " → ", 2);

      g_assert_cmpuint (g_strv_length (versions), ==, 2);
      g_hash_table_add (set, g_strdup_printf ("%s %s %s", item->name, versions[1], versions[0]));
      if (g_strcmp0 (item->detail, "Security update") == 0)
        g_hash_table_add (security, g_strdup_printf ("%s %s", item->name, versions[1]));
    }
  return set;
}

static guint
report_missing (GHashTable *from,
                GHashTable *in,
                const char *what)
{
  GHashTableIter iter;
  gpointer key;
  guint missing = 0;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (in, key))
      {
        g_test_message ("%s: %s", what, (const char *) key);
        missing++;
      }
  return missing;
}

static void
assert_same (GHashTable *apt,
             GHashTable *ours,
             const char *what,
             gboolean    through_packagekit)
{
  guint missing;

  missing = report_missing (apt, ours, "apt has it, An Tâm does not");
  missing += report_missing (ours, apt, "An Tâm has it, apt does not");
  g_test_message ("%u %s from apt, %u from An Tâm (%s), %u differences",
                  g_hash_table_size (apt), what, g_hash_table_size (ours),
                  through_packagekit ? "PackageKit" : "apt lists", missing);
  g_assert_cmpuint (missing, ==, 0);
}

static AntamResult *
scan_live_os_updates (GPtrArray **results_out)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autoptr(AntamRules) rules = antam_rules_load (sysroot);
  g_autoptr(AntamScanContext) context = antam_scan_context_new (sysroot, rules);
  const char *only[] = { "os-updates", NULL };
  g_autoptr(GError) error = NULL;
  GPtrArray *results = antam_scan_run (context, only, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  *results_out = results;
  return g_ptr_array_index (results, 0);
}

static void
cross_check (gboolean through_packagekit)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) ours = NULL;
  g_autoptr(GHashTable) apt = NULL;
  g_autoptr(GHashTable) our_security = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) apt_security = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  AntamResult *result;

  if (!g_file_test ("/var/lib/dpkg/status", G_FILE_TEST_EXISTS) || g_find_program_in_path ("apt") == NULL)
    {
      g_test_skip ("not a Debian-like machine: there is no apt to compare with");
      return;
    }
  if (through_packagekit)
    {
      if (!require_packagekit ())
        return;
      g_unsetenv ("ANTAM_NO_PACKAGEKIT");
    }
  else
    g_setenv ("ANTAM_NO_PACKAGEKIT", "1", TRUE);

  result = scan_live_os_updates (&results);
  g_unsetenv ("ANTAM_NO_PACKAGEKIT");
  apt = apt_upgradable (apt_security);

  g_test_message ("%s: %s", result->title, result->summary);
  if (g_hash_table_size (apt) == 0)
    g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  else
    g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  /* Make sure the answer came the way this test means to check. */
  g_assert_nonnull (strstr (result->summary, through_packagekit ? "PackageKit, the system’s updater"
                                                                : "/var/lib/apt/lists"));

  ours = result_set (result, our_security);
  assert_same (apt, ours, "updates", through_packagekit);
  /* A security update is one a security suite offers, whichever way the
   * answer came: the count must not depend on whether PackageKit answered. */
  assert_same (apt_security, our_security, "security updates", through_packagekit);
}

static void
test_cross_check_packagekit (void)
{
  cross_check (TRUE);
}

static void
test_cross_check_apt_lists (void)
{
  cross_check (FALSE);
}

/* A daemon too slow for the deadline costs the deadline plus the grace
 * time, no more. */
static void
test_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) updates = NULL;
  gint64 start;

  if (!require_packagekit ())
    return;

  start = g_get_monotonic_time ();
  updates = antam_updates_get_from_packagekit (1, NULL, NULL, &error);
  g_assert_null (updates);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* -Dpackagekit=disabled, as in the Flatpak: no call waits for anything, a
 * and os-updates reads the apt
 * lists, saying that PackageKit is not available. */
static void
test_not_built (void)
{
#ifdef HAVE_PACKAGEKIT
  g_test_skip ("built with PackageKit: see the other /packagekit/ tests");
#else
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) updates = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gint64 age = 0;
  AntamResult *result;

  g_assert_false (antam_packagekit_is_available (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  updates = antam_updates_get_from_packagekit (ANTAM_PACKAGEKIT_TIMEOUT_MS, &age, NULL, &error);
  g_assert_null (updates);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (age, ==, -1);
  g_clear_error (&error);

  if (!g_file_test ("/var/lib/dpkg/status", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("not a Debian-like machine: no apt lists to fall back to");
      return;
    }
  g_unsetenv ("ANTAM_NO_PACKAGEKIT");
  result = scan_live_os_updates (&results);
  g_test_message ("%s: %s", result->title, result->summary);
  g_assert_nonnull (strstr (result->summary, "PackageKit is not available in this version of An Tâm"));
  if (result->status != ANTAM_STATUS_UNKNOWN)
    g_assert_nonnull (strstr (result->summary, "/var/lib/apt/lists"));
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/packagekit/cross-check", test_cross_check_packagekit);
  g_test_add_func ("/packagekit/apt-lists-cross-check", test_cross_check_apt_lists);
  g_test_add_func ("/packagekit/timeout", test_timeout);
  g_test_add_func ("/packagekit/not-built", test_not_built);

  return g_test_run ();
}
