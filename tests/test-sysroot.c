/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "inventory/antam-os-release.h"
#include "scan/antam-scan.h"
#include "sysroot/antam-sysroot-private.h"
#include "sysroot/antam-sysroot.h"
#include "antam-test-root.h"

/* A throwaway root: ROOT/etc, ROOT/home/lan, and whatever a test adds. */
static char *
make_root (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("antam-sysroot-XXXXXX", &error);
  g_autofree char *etc = NULL;
  g_autofree char *home = NULL;

  g_assert_no_error (error);
  etc = g_build_filename (root, "etc", NULL);
  home = g_build_filename (root, "home", "lan", ".config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (etc, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  return root;
}

static void
test_paths_map_under_root (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, &error);
  g_autofree char *etc = NULL;
  g_autofree char *zoom = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_false (antam_sysroot_is_live (sysroot));
  g_assert_cmpstr (antam_sysroot_get_home (sysroot), ==, "/home/lan");

  etc = antam_sysroot_path (sysroot, "/etc/os-release");
  expected = g_build_filename (root, "etc", "os-release", NULL);
  g_assert_cmpstr (etc, ==, expected);

  zoom = antam_sysroot_expand_home (sysroot, "~/.zoom");
  g_assert_cmpstr (zoom, ==, "/home/lan/.zoom");

  antam_test_remove_root (root);
}

static void
test_home_outside_root (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(GError) error = NULL;
  g_autofree char *other_home = g_dir_make_tmp ("antam-home-XXXXXX", &error);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autofree char *mapped = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  sysroot = antam_sysroot_new (root, other_home, &error);
  g_assert_no_error (error);

  mapped = antam_sysroot_path (sysroot, antam_sysroot_get_home (sysroot));
  g_assert_cmpstr (mapped, ==, other_home);

  g_free (mapped);
  mapped = antam_sysroot_path (sysroot, "/opt/zoom");
  expected = g_build_filename (root, "opt", "zoom", NULL);
  g_assert_cmpstr (mapped, ==, expected);

  antam_test_remove_root (root);
  antam_test_remove_root (other_home);
}

static void
test_absolute_symlink_stays_in_root (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *link = g_build_filename (root, "etc", "os-release", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autofree char *contents = NULL;

  antam_test_write (root, "usr/lib/os-release", "ID=debian\n");
  /* Absolute: on the host this would point at the host's own file. */
  g_assert_cmpint (symlink ("/usr/lib/os-release", link), ==, 0);

  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (antam_sysroot_read_file (sysroot, "/etc/os-release", 1024, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "ID=debian\n");

  antam_test_remove_root (root);
}

static void
test_dotdot_cannot_escape (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *link = g_build_filename (root, "etc", "escape", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autofree char *resolved = NULL;

  g_assert_cmpint (symlink ("../../../../../../etc/passwd", link), ==, 0);
  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);

  resolved = antam_sysroot_resolve (sysroot, "/etc/escape", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (resolved, root));
  g_assert_false (antam_sysroot_exists (sysroot, "/etc/escape"));

  antam_test_remove_root (root);
}

static void
test_symlink_loop_is_an_error (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *a = g_build_filename (root, "etc", "a", NULL);
  g_autofree char *b = g_build_filename (root, "etc", "b", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpint (symlink ("/etc/b", a), ==, 0);
  g_assert_cmpint (symlink ("a", b), ==, 0);
  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (antam_sysroot_read_file (sysroot, "/etc/a", 1024, &contents, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);

  antam_test_remove_root (root);
}

static void
test_read_file_limits (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *fifo = g_build_filename (root, "etc", "fifo", NULL);

  antam_test_write (root, "etc/big", "0123456789");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (antam_sysroot_read_file (sysroot, "/etc/big", 5, &contents, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);

  /* A FIFO would block a naive reader forever. */
  g_assert_false (antam_sysroot_read_file (sysroot, "/etc/fifo", 1024, &contents, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  g_assert_false (antam_sysroot_read_file (sysroot, "/etc/missing", 1024, &contents, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  antam_test_remove_root (root);
}

/* What a reader of antam_sysroot_read_file_in_parts() was given. */
typedef struct {
  GString *consumed;      /* all it consumed, in order */
  guint    calls;
  gsize    longest;       /* the most bytes one call was given */
  gboolean ended;
  gsize    keep;          /* bytes left unconsumed at each call before the end */
} PartReader;

static gsize
read_part (const char *text,
           gsize       length,
           gboolean    at_end,
           gpointer    user_data)
{
  PartReader *reader = user_data;
  gsize consumed = at_end ? length : length - MIN (length, reader->keep);

  g_assert_nonnull (text);
  g_assert_false (reader->ended);
  reader->calls++;
  reader->longest = MAX (reader->longest, length);
  reader->ended = at_end;
  g_string_append_len (reader->consumed, text, (gssize) consumed);
  return consumed;
}

static void
test_read_file_in_parts (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *link = g_build_filename (root, "etc", "large-link", NULL);
  g_autoptr(GString) large = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  PartReader reader = { 0 };

  for (guint i = 0; large->len < 300 * 1024; i++)
    g_string_append_printf (large, "line %u\n", i);
  antam_test_write_bytes (root, "usr/lib/large", large->str, (gssize) large->len);
  antam_test_write (root, "etc/empty", "");
  /* Absolute: on the host this would point at the host's own file. */
  g_assert_cmpint (symlink ("/usr/lib/large", link), ==, 0);
  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);

  /* Given in parts, what is left over coming again with the next one. */
  reader = (PartReader) { g_string_new (NULL), 0, 0, FALSE, 100 };
  g_assert_true (antam_sysroot_read_file_in_parts (sysroot, "/etc/large-link", large->len,
                                                   read_part, &reader, &error));
  g_assert_no_error (error);
  g_assert_true (reader.ended);
  g_assert_cmpuint (reader.calls, >, 2);
  g_assert_cmpuint (reader.longest, <, large->len);
  g_assert_true (g_string_equal (reader.consumed, large));
  g_string_free (reader.consumed, TRUE);

  /* A reader that consumes nothing before the end gets all of it then. */
  reader = (PartReader) { g_string_new (NULL), 0, 0, FALSE, G_MAXSIZE };
  g_assert_true (antam_sysroot_read_file_in_parts (sysroot, "/usr/lib/large", G_MAXSIZE,
                                                   read_part, &reader, &error));
  g_assert_no_error (error);
  g_assert_true (reader.ended);
  g_assert_cmpuint (reader.longest, ==, large->len);
  g_assert_true (g_string_equal (reader.consumed, large));
  g_string_free (reader.consumed, TRUE);

  /* An empty file is one call, at its end. */
  reader = (PartReader) { g_string_new (NULL), 0, 0, FALSE, 0 };
  g_assert_true (antam_sysroot_read_file_in_parts (sysroot, "/etc/empty", 1024,
                                                   read_part, &reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reader.calls, ==, 1);
  g_assert_true (reader.ended);
  g_assert_cmpuint (reader.consumed->len, ==, 0);
  g_string_free (reader.consumed, TRUE);

  antam_test_remove_root (root);
}

static void
test_read_file_in_parts_limits (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *fifo = g_build_filename (root, "etc", "fifo", NULL);
  g_autofree char *dir = g_build_filename (root, "etc", "dir", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live_for_host (NULL);
  g_autoptr(GString) consumed = g_string_new (NULL);
  PartReader reader = { consumed, 0, 0, FALSE, 0 };

  antam_test_write (root, "etc/big", "0123456789");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);

  /* Refused before a byte is read. */
  g_assert_false (antam_sysroot_read_file_in_parts (sysroot, "/etc/big", 5,
                                                    read_part, &reader, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);

  /* A FIFO would block a naive reader forever. */
  g_assert_false (antam_sysroot_read_file_in_parts (sysroot, "/etc/fifo", 1024,
                                                    read_part, &reader, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  g_assert_false (antam_sysroot_read_file_in_parts (sysroot, "/etc/dir", 1024,
                                                    read_part, &reader, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  g_assert_false (antam_sysroot_read_file_in_parts (sysroot, "/etc/missing", 1024,
                                                    read_part, &reader, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (reader.calls, ==, 0);

  /* A file that says it is empty and is not (/proc) is read to its end. */
  if (g_file_test ("/proc/self/status", G_FILE_TEST_EXISTS))
    {
      g_assert_true (antam_sysroot_read_file_in_parts (live, "/proc/self/status", 1024 * 1024,
                                                       read_part, &reader, &error));
      g_assert_no_error (error);
      g_assert_true (reader.ended);
      g_assert_true (g_str_has_prefix (consumed->str, "Name:"));
    }

  antam_test_remove_root (root);
}

static void
test_user_dirs (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamSysroot) defaults = NULL;

  defaults = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (antam_sysroot_get_user_dir (defaults, ANTAM_USER_DIR_DOWNLOAD), ==,
                   "/home/lan/Downloads");

  antam_test_write (root, "home/lan/.config/user-dirs.dirs",
                    "# written by xdg-user-dirs-update\n"
                    "XDG_DESKTOP_DIR=\"$HOME/Màn hình nền\"\n"
                    "XDG_DOWNLOAD_DIR=\"$HOME/Tải về\"\n"
                    "XDG_DOCUMENTS_DIR=\"/srv/docs\"\n");
  sysroot = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (antam_sysroot_get_user_dir (sysroot, ANTAM_USER_DIR_DOWNLOAD), ==,
                   "/home/lan/Tải về");
  g_assert_cmpstr (antam_sysroot_get_user_dir (sysroot, ANTAM_USER_DIR_DESKTOP), ==,
                   "/home/lan/Màn hình nền");
  g_assert_cmpstr (antam_sysroot_get_user_dir (sysroot, ANTAM_USER_DIR_DOCUMENTS), ==,
                   "/srv/docs");

  antam_test_remove_root (root);
}

static void
test_runner_uses_c_locale (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  const char *argv[] = { "sh", "-c", "printf %s \"$LC_ALL\"", NULL };
  int status = -1;

  g_assert_true (antam_sysroot_run (sysroot, argv, 5000, &output, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (output, ==, "C");
}

static void
test_runner_times_out (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  const char *argv[] = { "sleep", "30", NULL };
  gint64 start = g_get_monotonic_time ();

  g_assert_false (antam_sysroot_run (sysroot, argv, 300, &output, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static gboolean
fake_runner (const char * const *argv,
             guint               timeout_ms,
             char              **stdout_text,
             int                *exit_status,
             gpointer            user_data,
             GError            **error)
{
  guint *calls = user_data;

  (*calls)++;
  *stdout_text = g_strjoinv (" ", (char **) argv);
  *exit_status = 0;
  return TRUE;
}

static void
test_runner_is_replaceable (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autofree char *output = NULL;
  const char *argv[] = { "rpm", "-qa", NULL };
  guint calls = 0;
  int status = -1;

  antam_sysroot_set_runner (sysroot, fake_runner, &calls, NULL);
  g_assert_true (antam_sysroot_run (sysroot, argv, 0, &output, &status, NULL));
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpstr (output, ==, "rpm -qa");
}

static void
test_missing_root_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new ("/nonexistent/antam-root", NULL, &error);

  g_assert_null (sysroot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
}

/* @abs_path is read at @prefix + @abs_path; a %NULL @prefix: as it is. */
static void
assert_maps_to (AntamSysroot *sysroot,
                const char   *abs_path,
                const char   *prefix)
{
  g_autofree char *path = antam_sysroot_path (sysroot, abs_path);
  g_autofree char *expected = g_strconcat (prefix ? prefix : "", abs_path, NULL);

  g_assert_cmpstr (path, ==, expected);
}

/* A Flatpak's view of the host, with a temp dir standing in for /run/host:
 * the host's /usr, /etc, /bin, /sbin and /lib dirs under it, the rest at
 * its own path. */
static void
test_flatpak_reads_host_under_run_host (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_dir_make_tmp ("antam-run-host-XXXXXX", &error);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamOsRelease) release = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *zoom_dir = g_build_filename (g_get_home_dir (), ".zoom", NULL);
  g_autofree char *user_config = g_build_filename (g_get_home_dir (), ".config", NULL);
  g_autofree char *user_data = g_build_filename (g_get_home_dir (), ".local", "share", NULL);
  g_autofree char *os_release_link = NULL;
  g_autofree char *browser_link = NULL;
  g_autofree char *bin_link = NULL;
  const char *host_os[] = { "/etc/os-release", "/usr/share/applications", "/usr",
                            "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu", "/bin/sh",
                            "/sbin" };
  const char *shared[] = { "/opt/zoom", "/var/lib/dpkg/status", "/var/lib/apt/lists",
                           "/var/lib/flatpak/app", "/var/lib/snapd/snaps", "/library/x",
                           "/usrlocal", "/run/user/1000", zoom_dir };

  g_assert_no_error (error);
  /* Debian's own layout: a relative os-release link, a merged /usr, and an
   * absolute alternatives link that must not land in the sandbox's /usr. */
  antam_test_write (host, "usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  antam_test_write (host, "usr/bin/zoom", "host zoom\n");
  antam_test_write (host, "etc/alternatives/.keep", "");
  os_release_link = g_build_filename (host, "etc", "os-release", NULL);
  browser_link = g_build_filename (host, "etc", "alternatives", "x-www-browser", NULL);
  bin_link = g_build_filename (host, "bin", NULL);
  g_assert_cmpint (symlink ("../usr/lib/os-release", os_release_link), ==, 0);
  g_assert_cmpint (symlink ("/usr/bin/zoom", browser_link), ==, 0);
  g_assert_cmpint (symlink ("usr/bin", bin_link), ==, 0);

  g_unsetenv ("HOST_XDG_CONFIG_HOME");
  g_unsetenv ("HOST_XDG_DATA_HOME");
  sysroot = antam_sysroot_new_live_for_host (host);

  /* Still the machine An Tâm runs on. */
  g_assert_true (antam_sysroot_is_live (sysroot));
  g_assert_cmpstr (antam_sysroot_get_root (sysroot), ==, "/");

  for (guint i = 0; i < G_N_ELEMENTS (host_os); i++)
    assert_maps_to (sysroot, host_os[i], host);
  /* Whole components only; the rest, the home included, as it is. */
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    assert_maps_to (sysroot, shared[i], NULL);

  /* Reads follow the host's links within the host. */
  release = antam_os_release_read (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (release->id, ==, "debian");
  g_assert_cmpstr (release->version_id, ==, "12");
  g_assert_true (antam_sysroot_read_file (sysroot, "/etc/alternatives/x-www-browser", 1024,
                                          &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "host zoom\n");
  g_assert_true (antam_sysroot_exists (sysroot, "/bin/zoom"));
  /* The sandbox's own files never stand in for the host's. */
  g_assert_false (antam_sysroot_exists (sysroot, "/etc/passwd"));
  g_assert_false (antam_sysroot_exists (sysroot, "/usr/bin/env"));

  /* Processes are the sandbox's own: not visible. */
  g_assert_null (antam_sysroot_get_proc_dir (sysroot));

  /* The user's own config, not the app's ~/.var/app/ID/config. */
  g_assert_cmpstr (antam_sysroot_get_config_home (sysroot), ==, user_config);
  g_assert_cmpstr (antam_sysroot_get_data_home (sysroot), ==, user_data);

  antam_test_remove_root (host);
}

/* Flatpak passes on the host's own XDG dirs when the user set them. */
static void
test_flatpak_host_xdg_dirs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_dir_make_tmp ("antam-run-host-XXXXXX", &error);
  g_autoptr(AntamSysroot) sysroot = NULL;

  g_assert_no_error (error);
  g_setenv ("HOST_XDG_CONFIG_HOME", "/srv/lan/config/", TRUE);
  g_setenv ("HOST_XDG_DATA_HOME", "relative/is/ignored", TRUE);
  sysroot = antam_sysroot_new_live_for_host (host);
  g_unsetenv ("HOST_XDG_CONFIG_HOME");
  g_unsetenv ("HOST_XDG_DATA_HOME");

  g_assert_cmpstr (antam_sysroot_get_config_home (sysroot), ==, "/srv/lan/config");
  g_assert_true (g_str_has_suffix (antam_sysroot_get_data_home (sysroot), "/.local/share"));

  antam_test_remove_root (host);
}

/* The sandbox has a /run of its own: a restart request of the host's is
 * not visible, so the check must not say "no restart needed". */
static void
test_flatpak_reboot_pending_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_dir_make_tmp ("antam-run-host-XXXXXX", &error);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamRules) rules = antam_rules_new ();
  g_autoptr(AntamScanContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  const char *only[] = { "reboot-pending", NULL };
  AntamResult *result;

  g_assert_no_error (error);
  sysroot = antam_sysroot_new_live_for_host (host);
  g_assert_true (antam_sysroot_is_sandboxed (sysroot));
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, only, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "Flatpak"));

  antam_test_remove_root (host);
}

/* Outside a sandbox nothing is mapped, and processes are visible. */
static void
test_live_without_host_prefix (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live_for_host (NULL);
  g_autofree char *path = antam_sysroot_path (sysroot, "/etc/os-release");

  g_assert_false (antam_sysroot_is_sandboxed (sysroot));

  g_assert_cmpstr (path, ==, "/etc/os-release");
  g_assert_cmpstr (antam_sysroot_get_proc_dir (sysroot), ==, "/proc");
  g_assert_cmpstr (antam_sysroot_get_config_home (sysroot), ==, g_get_user_config_dir ());

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("running inside a Flatpak: the live view is the sandboxed one");
      return;
    }
  {
    g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
    g_autofree char *live_path = antam_sysroot_path (live, "/etc/os-release");

    g_assert_cmpstr (live_path, ==, "/etc/os-release");
    g_assert_cmpstr (antam_sysroot_get_proc_dir (live), ==, "/proc");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sysroot/paths-map-under-root", test_paths_map_under_root);
  g_test_add_func ("/sysroot/home-outside-root", test_home_outside_root);
  g_test_add_func ("/sysroot/absolute-symlink-stays-in-root", test_absolute_symlink_stays_in_root);
  g_test_add_func ("/sysroot/dotdot-cannot-escape", test_dotdot_cannot_escape);
  g_test_add_func ("/sysroot/symlink-loop-is-an-error", test_symlink_loop_is_an_error);
  g_test_add_func ("/sysroot/read-file-limits", test_read_file_limits);
  g_test_add_func ("/sysroot/read-file-in-parts", test_read_file_in_parts);
  g_test_add_func ("/sysroot/read-file-in-parts-limits", test_read_file_in_parts_limits);
  g_test_add_func ("/sysroot/user-dirs", test_user_dirs);
  g_test_add_func ("/sysroot/runner-uses-c-locale", test_runner_uses_c_locale);
  g_test_add_func ("/sysroot/runner-times-out", test_runner_times_out);
  g_test_add_func ("/sysroot/runner-is-replaceable", test_runner_is_replaceable);
  g_test_add_func ("/sysroot/missing-root-is-refused", test_missing_root_is_refused);
  g_test_add_func ("/sysroot/flatpak-reads-host-under-run-host", test_flatpak_reads_host_under_run_host);
  g_test_add_func ("/sysroot/flatpak-host-xdg-dirs", test_flatpak_host_xdg_dirs);
  g_test_add_func ("/sysroot/flatpak-reboot-pending-unknown", test_flatpak_reboot_pending_unknown);
  g_test_add_func ("/sysroot/live-without-host-prefix", test_live_without_host_prefix);

  return g_test_run ();
}
