/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "antam-test-root.h"
#include "remedy/antam-home-permissions.h"

/* home-privacy: a home others may open (with and without another person
 * who can log in), a private one, a group and an ACL that let someone
 * in, files anyone may change, ~/.ssh, a walk cut short, and the fix,
 * which changes only what it inspected and only the user's own files. */

typedef struct {
  char *root;
  char *home;
} Fixture;

static void
chmod_or_die (Fixture    *fixture,
              const char *relative,
              guint       mode)
{
  g_autofree char *path = g_build_filename (fixture->home, relative, NULL);

  if (g_chmod (path, mode) != 0)
    g_error ("chmod %s: %s", path, g_strerror (errno));
}

static guint
mode_of (Fixture    *fixture,
         const char *relative)
{
  g_autofree char *path = g_build_filename (fixture->home, relative, NULL);
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->root = antam_test_make_root ("base", "doors-accounts", NULL);
  fixture->home = g_build_filename (fixture->root, "home", "lan", NULL);
  /* git keeps no folder modes, nor empty folders: each test says what
   * it wants. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (fixture->home, i ? "Pictures" : "Desktop", NULL);
      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    }
  chmod_or_die (fixture, ".", 0700);
  chmod_or_die (fixture, "Documents", 0700);
  chmod_or_die (fixture, "Downloads", 0700);
  chmod_or_die (fixture, "Desktop", 0700);
  chmod_or_die (fixture, "Pictures", 0700);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  antam_test_remove_root (fixture->root);
  g_free (fixture->root);
  g_free (fixture->home);
}

static AntamSysroot *
fixture_sysroot (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  AntamSysroot *sysroot = antam_sysroot_new (fixture->root, fixture->home, &error);

  g_assert_no_error (error);
  return sysroot;
}

static AntamResult *
scan_home (Fixture    *fixture,
           GPtrArray **keep)
{
  *keep = antam_test_scan (fixture->root, "home-privacy");
  g_assert_cmpuint ((*keep)->len, ==, 1);
  return g_ptr_array_index (*keep, 0);
}

static void
assert_status (AntamResult *result,
               AntamStatus  expected)
{
  if (result->status != expected)
    g_error ("%s: expected %s, got %s: %s — %s", result->check, antam_status_to_string (expected),
             antam_status_to_string (result->status), result->title, result->summary);
}

/* The fixture's case: 0755, as Debian 11 made homes, and Bình can log in. */
static void
test_open_home_second_user (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;

  chmod_or_die (fixture, ".", 0755);
  chmod_or_die (fixture, "Documents", 0755);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Other people with an account on this computer can open your home folder");
  item = antam_test_find_item (result, "folder", "Your home folder");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->detail, ==, "Others can open it and read what is in it.");
  g_assert_nonnull (antam_test_find_item (result, "folder", "~/Documents"));
  /* Downloads stays 0700. */
  g_assert_null (antam_test_find_item (result, "folder", "~/Downloads"));
  g_assert_nonnull (antam_test_find_item (result, "account", "bob"));
  /* System accounts and the user's own are not "other people". */
  g_assert_null (antam_test_find_item (result, "account", "avahi"));
  g_assert_null (antam_test_find_item (result, "account", "lan"));
  g_assert_null (antam_test_find_item (result, "account", "nobody"));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_FIX);
  g_assert_null (strstr (result->remedy_text, "chmod"));
  g_assert_nonnull (strstr (result->it_staff, "chmod 0700"));
}

static void
test_open_home_alone (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  antam_test_write (fixture->root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
                                                 "lan:x:1000:1000:Lan:/home/lan:/bin/bash\n"
                                                 "bob:x:1001:1001:Gone:/home/bob:/usr/sbin/nologin\n");
  chmod_or_die (fixture, ".", 0755);
  result = scan_home (fixture, &results);
  /* Nobody else logs in: a warning, not a risk. */
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Your home folder is open to the computer's other accounts");
  g_assert_null (antam_test_find_item (result, "account", "bob"));
}

static void
test_private_home (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* Documents 0755 inside a 0700 home: out of anyone else's reach. */
  chmod_or_die (fixture, "Documents", 0755);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "Only you can open your home folder");
  g_assert_nonnull (antam_test_find_item (result, "account", "bob"));
}

static gboolean
can_chown (void)
{
  if (geteuid () == 0)
    return TRUE;
  g_test_skip ("giving a file to another account needs root");
  return FALSE;
}

/* 0750 with the user's own group is private; with a group Bình is in, not. */
static void
test_shared_group (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  if (!can_chown ())
    return;
  chmod_or_die (fixture, ".", 0750);
  g_assert_cmpint (chown (fixture->home, 1000, 1000), ==, 0);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);

  g_assert_cmpint (chown (fixture->home, 1000, 100), ==, 0);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_nonnull (strstr (antam_test_find_item (result, "folder", "Your home folder")->detail, "the group “users”"));
  /* Owned by uid 1000, not by the tests' own account: not the user's to fix. */
  g_assert_cmpint (result->remedy, ==, geteuid () == 1000 ? ANTAM_REMEDY_FIX : ANTAM_REMEDY_GUIDE);
}

/* setfacl -m u:bob:rx ~, written as the kernel stores it. */
static gboolean
set_acl_for_bob (const char *path)
{
  const guint16 entries[][2] = {
    { 0x01, 7 }, { 0x02, 5 }, { 0x04, 0 }, { 0x10, 5 }, { 0x20, 0 },
  };
  const guint32 ids[] = { G_MAXUINT32, 1001, G_MAXUINT32, G_MAXUINT32, G_MAXUINT32 };
  guchar buffer[4 + 8 * G_N_ELEMENTS (entries)];
  guint32 version = GUINT32_TO_LE (2);

  memcpy (buffer, &version, 4);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      guint16 tag = GUINT16_TO_LE (entries[i][0]), perm = GUINT16_TO_LE (entries[i][1]);
      guint32 id = GUINT32_TO_LE (ids[i]);

      memcpy (buffer + 4 + i * 8, &tag, 2);
      memcpy (buffer + 4 + i * 8 + 2, &perm, 2);
      memcpy (buffer + 4 + i * 8 + 4, &id, 4);
    }
  if (setxattr (path, "system.posix_acl_access", buffer, sizeof buffer, 0) == 0)
    return TRUE;
  g_test_skip_printf ("this filesystem takes no POSIX ACL (%s)", g_strerror (errno));
  return FALSE;
}

static void
test_acl (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamHomeInspection) inspection = NULL;
  g_autoptr(AntamHomeFixOutcome) outcome = NULL;
  AntamResult *result;

  if (!set_acl_for_bob (fixture->home))
    return;
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (antam_test_find_item (result, "folder", "Your home folder")->detail, ==,
                   "Others can open it and read what is in it. Given to: the account “bob”.");

  /* chmod sets the mask: the entry stays, and lets nobody in. */
  sysroot = fixture_sysroot (fixture);
  inspection = antam_home_inspect (sysroot, NULL, NULL);
  outcome = antam_home_fix (sysroot, inspection);
  g_assert_cmpuint (outcome->n_fixed, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_OK);
}

static void
test_world_writable (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;

  /* Others may pass through the home, not list it. */
  chmod_or_die (fixture, ".", 0711);
  antam_test_write (fixture->root, "home/lan/ghi-chú.txt", "x");
  antam_test_write (fixture->root, "home/lan/Documents/bao-mat.txt", "x");
  chmod_or_die (fixture, "ghi-chú.txt", 0666);
  chmod_or_die (fixture, "Documents/bao-mat.txt", 0666);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Anyone can change some files in your home folder");
  item = antam_test_find_item (result, "file", "~/ghi-chú.txt");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->detail, ==, "Others can read it and change it.");
  /* Behind a folder others cannot enter: out of reach, not listed. */
  g_assert_null (antam_test_find_item (result, "file", "~/Documents/bao-mat.txt"));
  g_assert_null (antam_test_find_item (result, "folder", "Your home folder"));
}

static void
test_ssh_keys (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  chmod_or_die (fixture, ".", 0711);
  antam_test_write (fixture->root, "home/lan/.ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
  antam_test_write (fixture->root, "home/lan/.ssh/id_ed25519.pub", "ssh-ed25519 AAAA lan@may\n");
  antam_test_write (fixture->root, "home/lan/.ssh/authorized_keys", "ssh-ed25519 AAAA lan@may\n");
  chmod_or_die (fixture, ".ssh", 0755);
  chmod_or_die (fixture, ".ssh/id_ed25519", 0644);
  chmod_or_die (fixture, ".ssh/id_ed25519.pub", 0644);
  chmod_or_die (fixture, ".ssh/authorized_keys", 0664);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Your SSH keys are not kept private");
  g_assert_nonnull (antam_test_find_item (result, "file", "~/.ssh/id_ed25519"));
  g_assert_null (antam_test_find_item (result, "file", "~/.ssh/id_ed25519.pub"));
  /* 0664 lets the group write; the group is the user's own. */
  g_assert_null (antam_test_find_item (result, "file", "~/.ssh/authorized_keys"));
  chmod_or_die (fixture, ".ssh/authorized_keys", 0666);
  g_clear_pointer (&results, g_ptr_array_unref);
  result = scan_home (fixture, &results);
  g_assert_nonnull (antam_test_find_item (result, "file", "~/.ssh/authorized_keys"));
}

/* A walk cut short is never "OK", even with nothing found on the way. */
static void
test_walk_cut_short (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) deep = g_string_new ("home/lan");
  AntamResult *result;

  chmod_or_die (fixture, ".", 0711);
  for (guint i = 0; i < ANTAM_HOME_WALK_MAX_DEPTH + 2; i++)
    g_string_append (deep, "/d");
  g_string_append (deep, "/file");
  antam_test_write (fixture->root, deep->str, "x");
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->title, ==, "Not every file in your home folder could be checked");
  g_assert_nonnull (strstr (antam_test_find_item (result, "error", "Not every file was looked at")->detail,
                            "nested more than"));
}

static void
test_missing_home (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *moved = g_build_filename (fixture->root, "home", "elsewhere", NULL);
  AntamResult *result;

  g_assert_cmpint (g_rename (fixture->home, moved), ==, 0);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->title, ==, "Your home folder could not be checked");
  g_assert_cmpint (g_rename (moved, fixture->home), ==, 0);
}

static void
test_fix (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(AntamSysroot) sysroot = fixture_sysroot (fixture);
  g_autoptr(AntamHomeInspection) inspection = NULL;
  g_autoptr(AntamHomeFixOutcome) outcome = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  AntamResult *result;

  chmod_or_die (fixture, ".", 0755);
  chmod_or_die (fixture, "Documents", 0775);
  antam_test_write (fixture->root, "home/lan/Documents/bien-ban.txt", "x");
  antam_test_write (fixture->root, "home/lan/so-tay.txt", "x");
  chmod_or_die (fixture, "so-tay.txt", 0666);
  inspection = antam_home_inspect (sysroot, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (antam_home_inspection_n_fixable (inspection), ==, inspection->exposures->len);
  outcome = antam_home_fix (sysroot, inspection);
  g_assert_cmpuint (outcome->problems->len, ==, 0);
  g_assert_cmpuint (outcome->n_fixed, ==, inspection->exposures->len);

  g_assert_cmpuint (mode_of (fixture, "."), ==, 0700);
  g_assert_cmpuint (mode_of (fixture, "Documents"), ==, 0700);
  /* A file keeps what is not others' writing. */
  g_assert_cmpuint (mode_of (fixture, "so-tay.txt"), ==, 0664);
  result = scan_home (fixture, &results);
  assert_status (result, ANTAM_STATUS_OK);
}

/* A file swapped for a link between the check and the fix is left alone,
 * and so is what the link points to. */
static void
test_fix_refuses_swap (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AntamSysroot) sysroot = fixture_sysroot (fixture);
  g_autoptr(AntamHomeInspection) inspection = NULL;
  g_autoptr(AntamHomeFixOutcome) outcome = NULL;
  g_autofree char *file = g_build_filename (fixture->home, "chung.txt", NULL);
  g_autofree char *target = g_build_filename (fixture->root, "etc", "passwd", NULL);
  struct stat before;

  chmod_or_die (fixture, ".", 0711);
  antam_test_write (fixture->root, "home/lan/chung.txt", "x");
  chmod_or_die (fixture, "chung.txt", 0666);
  inspection = antam_home_inspect (sysroot, NULL, NULL);
  g_assert_cmpuint (inspection->exposures->len, ==, 1);

  g_assert_cmpint (g_chmod (target, 0666), ==, 0);
  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (symlink (target, file), ==, 0);
  outcome = antam_home_fix (sysroot, inspection);
  g_assert_cmpuint (outcome->n_fixed, ==, 0);
  g_assert_cmpuint (outcome->problems->len, ==, 1);
  g_assert_cmpint (stat (target, &before), ==, 0);
  g_assert_cmpuint (before.st_mode & 07777, ==, 0666);
}

static void
test_fix_not_ours (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AntamSysroot) sysroot = fixture_sysroot (fixture);
  g_autoptr(AntamHomeInspection) inspection = NULL;
  g_autoptr(AntamHomeFixOutcome) outcome = NULL;
  g_autofree char *file = g_build_filename (fixture->home, "cua-binh.txt", NULL);

  if (!can_chown ())
    return;
  chmod_or_die (fixture, ".", 0711);
  antam_test_write (fixture->root, "home/lan/cua-binh.txt", "x");
  chmod_or_die (fixture, "cua-binh.txt", 0666);
  g_assert_cmpint (chown (file, 1001, 1001), ==, 0);
  inspection = antam_home_inspect (sysroot, NULL, NULL);
  g_assert_cmpuint (antam_home_inspection_n_fixable (inspection), ==, 0);
  outcome = antam_home_fix (sysroot, inspection);
  g_assert_cmpuint (outcome->n_fixed, ==, 0);
  g_assert_nonnull (strstr (g_ptr_array_index (outcome->problems, 0), "belongs to another account"));
  g_assert_cmpuint (mode_of (fixture, "cua-binh.txt"), ==, 0666);
}

typedef struct {
  char *out;
  int status;
} CliRun;

static void
run_cli (CliRun      *run,
         const char  *root,
         const char  *home,
         gboolean     yes)
{
  const char *argv[] = { g_getenv ("ANTAM_CLI"), "fix", "home-privacy", "--root", root, "--home", home,
                         yes ? "--yes" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_CHILD_INHERITS_STDIN,
                NULL, NULL, &run->out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static void
test_cli_fix (Fixture       *fixture,
              gconstpointer  data)
{
  CliRun asked = { 0 }, done = { 0 }, again = { 0 };

  chmod_or_die (fixture, ".", 0755);
  /* No terminal to ask on, no --yes: nothing changes. */
  run_cli (&asked, fixture->root, fixture->home, FALSE);
  g_assert_cmpint (asked.status, ==, 64);
  g_assert_nonnull (strstr (asked.out, "chmod 0700"));
  g_assert_cmpuint (mode_of (fixture, "."), ==, 0755);

  run_cli (&done, fixture->root, fixture->home, TRUE);
  g_assert_cmpint (done.status, ==, 0);
  g_assert_cmpuint (mode_of (fixture, "."), ==, 0700);
  g_assert_nonnull (strstr (done.out, "Only you can open your home folder"));

  run_cli (&again, fixture->root, fixture->home, TRUE);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Nothing to change"));

  g_free (asked.out);
  g_free (done.out);
  g_free (again.out);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/home-privacy/open-home-second-user", test_open_home_second_user);
  ADD ("/home-privacy/open-home-alone", test_open_home_alone);
  ADD ("/home-privacy/private-home", test_private_home);
  ADD ("/home-privacy/shared-group", test_shared_group);
  ADD ("/home-privacy/acl", test_acl);
  ADD ("/home-privacy/world-writable", test_world_writable);
  ADD ("/home-privacy/ssh-keys", test_ssh_keys);
  ADD ("/home-privacy/walk-cut-short", test_walk_cut_short);
  ADD ("/home-privacy/missing-home", test_missing_home);
  ADD ("/home-privacy/fix", test_fix);
  ADD ("/home-privacy/fix-refuses-swap", test_fix_refuses_swap);
  ADD ("/home-privacy/fix-not-ours", test_fix_not_ours);
  ADD ("/home-privacy/cli-fix", test_cli_fix);
#undef ADD

  return g_test_run ();
}
