/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "antam-test-root.h"
#include "checks/antam-steps.h"

typedef struct {
  const char *kind;
  const char *name;
} ExpectedItem;

static void
assert_items (AntamResult        *result,
              const ExpectedItem *expected,
              guint               n_expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < result->items->len; i++)
    {
      AntamItem *item = g_ptr_array_index (result->items, i);
      g_string_append_printf (got, "%s %s\n", item->kind, item->name);
    }

  for (guint i = 0; i < MIN (n_expected, result->items->len); i++)
    {
      AntamItem *item = g_ptr_array_index (result->items, i);
      if (g_strcmp0 (item->kind, expected[i].kind) != 0 || g_strcmp0 (item->name, expected[i].name) != 0)
        g_error ("item %u: expected “%s %s”; all items:\n%s", i, expected[i].kind, expected[i].name, got->str);
    }
  if (result->items->len != n_expected)
    g_error ("expected %u items, got %u:\n%s", n_expected, result->items->len, got->str);
}

static void
test_clean_pc (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "risky-apps,downloads");
  AntamResult *result;

  g_assert_cmpuint (results->len, ==, 2);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->check, ==, "risky-apps");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpuint (result->items->len, ==, 0);

  result = g_ptr_array_index (results, 1);
  g_assert_cmpstr (result->check, ==, "downloads");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpint (antam_results_worst (results), ==, ANTAM_STATUS_OK);

  antam_test_remove_root (root);
}

static void
test_zoom_deb (void)
{
  static const ExpectedItem expected[] = {
    { "deb", "zoom" },
    { "path", "/opt/zoom" },
    { "path", "/usr/bin/zoom" },
    { "path", "/usr/share/applications/Zoom.desktop" },
    { "path", "/usr/share/mime/packages/zoom.xml" },
    { "home-path", "~/.zoom" },
    { "home-path", "~/.config/zoomus.conf" },
    { "desktop-entry", "Zoom.desktop" },
    { "url-handler", "zoommtg" },
    { "url-handler", "zoomus" },
    { "url-handler", "zoomphonecall" },
    { "url-handler", "zoomrc" },
    { "url-handler", "zoomjoinevent" },
  };
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "risky-apps");
  AntamResult *zoom;
  AntamItem *item;

  g_assert_cmpuint (results->len, ==, 1);
  zoom = g_ptr_array_index (results, 0);
  g_assert_cmpint (zoom->status, ==, ANTAM_STATUS_RISK);
  g_assert_cmpstr (zoom->title, ==, "Zoom is installed");
  g_assert_cmpint (zoom->remedy, ==, ANTAM_REMEDY_UNINSTALL);
  g_assert_cmpstr (zoom->remedy_target, ==, "zoom");
  assert_items (zoom, expected, G_N_ELEMENTS (expected));

  item = antam_test_find_item (zoom, "deb", "zoom");
  g_assert_cmpstr (item->version, ==, "6.2.11.5069");
  item = antam_test_find_item (zoom, "home-path", "~/.zoom");
  g_assert_cmpstr (item->location, ==, "/home/lan/.zoom");
  item = antam_test_find_item (zoom, "url-handler", "zoommtg");
  g_assert_cmpstr (item->detail, ==, "Opens zoommtg:// links by default");
  g_assert_cmpstr (item->location, ==, "/usr/share/applications/Zoom.desktop");
  item = antam_test_find_item (zoom, "url-handler", "zoomrc");
  g_assert_cmpstr (item->detail, ==, "Can open zoomrc:// links");

  antam_test_remove_root (root);
}

static void
test_zoom_flatpak_system (void)
{
  static const ExpectedItem expected[] = {
    { "flatpak", "us.zoom.Zoom" },
    { "desktop-entry", "us.zoom.Zoom.desktop" },
    { "url-handler", "zoommtg" },
    { "url-handler", "zoomus" },
    { "url-handler", "zoomphonecall" },
  };
  g_autofree char *root = antam_test_make_root ("base", "zoom-flatpak-system", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "risky-apps");
  AntamResult *zoom = g_ptr_array_index (results, 0);
  AntamItem *item;

  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (zoom->status, ==, ANTAM_STATUS_RISK);
  assert_items (zoom, expected, G_N_ELEMENTS (expected));
  item = antam_test_find_item (zoom, "flatpak", "us.zoom.Zoom");
  g_assert_cmpstr (item->version, ==, "6.2.5.2440");
  g_assert_cmpstr (item->origin, ==, "flathub");
  g_assert_cmpstr (item->detail, ==, "Installed for all users");
  g_assert_cmpstr (item->location, ==, "/var/lib/flatpak/app/us.zoom.Zoom/x86_64/stable/active");
  item = antam_test_find_item (zoom, "desktop-entry", "us.zoom.Zoom.desktop");
  g_assert_cmpstr (item->location, ==, "/var/lib/flatpak/exports/share/applications/us.zoom.Zoom.desktop");

  antam_test_remove_root (root);
}

static void
test_zoom_flatpak_user (void)
{
  static const ExpectedItem expected[] = {
    { "flatpak", "us.zoom.Zoom" },
    { "home-path", "~/.var/app/us.zoom.Zoom" },
    { "desktop-entry", "us.zoom.Zoom.desktop" },
    { "url-handler", "zoommtg" },
    { "url-handler", "zoomus" },
    { "url-handler", "zoomphonecall" },
  };
  g_autofree char *root = antam_test_make_root ("base", "zoom-flatpak-user", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "risky-apps");
  AntamResult *zoom = g_ptr_array_index (results, 0);
  AntamItem *item;

  g_assert_cmpuint (results->len, ==, 1);
  assert_items (zoom, expected, G_N_ELEMENTS (expected));
  item = antam_test_find_item (zoom, "flatpak", "us.zoom.Zoom");
  g_assert_cmpstr (item->detail, ==, "Installed for this user only");
  g_assert_cmpstr (item->location, ==,
                   "/home/lan/.local/share/flatpak/app/us.zoom.Zoom/x86_64/stable/active");

  antam_test_remove_root (root);
}

static void
test_zoom_snap (void)
{
  static const ExpectedItem expected[] = {
    { "snap", "zoom-client" },
  };
  g_autofree char *root = antam_test_make_root ("base", "zoom-snap", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "risky-apps");
  AntamResult *zoom = g_ptr_array_index (results, 0);
  AntamItem *item;

  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (zoom->status, ==, ANTAM_STATUS_RISK);
  assert_items (zoom, expected, G_N_ELEMENTS (expected));
  item = antam_test_find_item (zoom, "snap", "zoom-client");
  g_assert_cmpstr (item->version, ==, "6.1.11.1545");
  g_assert_cmpstr (item->detail, ==, "Revision 230");

  antam_test_remove_root (root);
}

static void
test_zoom_tarball_and_leftovers (void)
{
  static const ExpectedItem expected[] = {
    { "path", "/opt/zoom" },
    { "home-path", "~/.zoom" },
    { "home-path", "~/.config/zoomus.conf" },
    { "home-path", "~/.cache/zoom" },
    { "desktop-entry", "Zoom.desktop" },
    { "url-handler", "zoommtg" },
    { "url-handler", "zoomus" },
    { "autostart", "zoom.desktop" },
  };
  g_autofree char *root = antam_test_make_root ("base", "zoom-tarball", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "risky-apps");
  AntamResult *zoom = g_ptr_array_index (results, 0);
  AntamItem *item;

  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (zoom->status, ==, ANTAM_STATUS_RISK);
  g_assert_cmpstr (zoom->title, ==, "Zoom is installed");
  assert_items (zoom, expected, G_N_ELEMENTS (expected));
  item = antam_test_find_item (zoom, "autostart", "zoom.desktop");
  g_assert_cmpstr (item->location, ==, "/home/lan/.config/autostart/zoom.desktop");

  antam_test_remove_root (root);
}

static void
test_leftovers_only_is_a_warning (void)
{
  static const ExpectedItem expected[] = {
    { "home-path", "~/.zoom" },
    { "home-path", "~/.cache/zoom" },
  };
  g_autofree char *root = antam_test_make_root ("base", "zoom-leftovers", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "risky-apps");
  AntamResult *zoom = g_ptr_array_index (results, 0);

  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (zoom->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (zoom->title, ==, "Leftovers of Zoom remain");
  assert_items (zoom, expected, G_N_ELEMENTS (expected));

  antam_test_remove_root (root);
}

/* An AppImage is a program wherever it lies: in the download dir it is
 * also a download, and the three checks each say so in their terms. */
static void
test_zoom_appimage_in_downloads (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;

  antam_test_write (root, "home/lan/Downloads/Zoom-6.2.AppImage", "not really an AppImage");
  results = antam_test_scan (root, "risky-apps,downloads,install-sources");

  result = antam_test_find_result (results, "risky-apps", "Zoom is installed");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_RISK);
  item = antam_test_find_item (result, "appimage", "Zoom-6.2.AppImage");
  g_assert_cmpstr (item->location, ==, "/home/lan/Downloads/Zoom-6.2.AppImage");
  g_assert_cmpint (item->size, ==, strlen ("not really an AppImage"));

  result = antam_test_find_result (results, "downloads", NULL);
  item = antam_test_find_item (result, "download", "Zoom-6.2.AppImage");
  g_assert_nonnull (item->sha256);

  result = antam_test_find_result (results, "install-sources", "not installed from a package");
  item = antam_test_find_item (result, "appimage", "Zoom-6.2.AppImage");
  g_assert_cmpstr (item->location, ==, "/home/lan/Downloads/Zoom-6.2.AppImage");

  antam_test_remove_root (root);
}

static void
test_downloads_official_and_lookalike (void)
{
  g_autofree char *root = antam_test_make_root ("base", "downloads", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;

  if (!antam_test_set_xattr (root, "home/lan/Downloads/zoom_amd64.deb", "user.xdg.origin.url",
                             "https://zoom.us/client/6.2.11.5069/zoom_amd64.deb"))
    {
      antam_test_remove_root (root);
      return;
    }
  antam_test_set_xattr (root, "home/lan/Downloads/zoom_amd64.deb", "user.xdg.referrer.url",
                        "https://zoom.us/download");
  antam_test_set_xattr (root, "home/lan/Downloads/zoom-us-zoom_8371263541.exe", "user.xdg.origin.url",
                        "https://zoom-us-download.com/dl/zoom-us-zoom_8371263541.exe");
  antam_test_set_xattr (root, "home/lan/Downloads/zoom_installer.deb", "user.xdg.origin.url",
                        "https://zoom.us.evil.example/zoom_installer.deb");
  antam_test_set_xattr (root, "home/lan/Downloads/LibreOffice_24.8.3_Linux_x86-64_deb.tar.gz",
                        "user.xdg.origin.url",
                        "https://download.documentfoundation.org/libreoffice/stable/24.8.3/deb/x86_64/LibreOffice_24.8.3_Linux_x86-64_deb.tar.gz");

  results = antam_test_scan (root, "downloads");
  /* The installers of listed apps in file-name order, then the others of
   * unknown origin together; the LibreOffice tarball came from a recorded
   * address and is no app of the rules: not a finding. */
  g_assert_cmpuint (results->len, ==, 5);

  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->title, ==, "Zoom installer of unknown origin: ZoomInstallerFull.deb");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  item = g_ptr_array_index (result->items, 0);
  /* sha256sum tests/roots/downloads/home/lan/Downloads/ZoomInstallerFull.deb */
  g_assert_cmpstr (item->sha256, ==, "01ef55c7c62621f8d7a0841242fd2be4e5fa8e5b55d736e78bab2e948139c072");
  g_assert_null (item->origin);

  result = g_ptr_array_index (results, 1);
  g_assert_cmpstr (result->title, ==, "Fake Zoom installer: zoom-us-zoom_8371263541.exe");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_RISK);
  g_assert_nonnull (strstr (result->summary, "zoom-us-download.com"));
  item = g_ptr_array_index (result->items, 0);
  g_assert_cmpstr (item->origin, ==, "https://zoom-us-download.com/dl/zoom-us-zoom_8371263541.exe");
  g_assert_cmpstr (item->location, ==, "/home/lan/Downloads/zoom-us-zoom_8371263541.exe");
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_DELETE);

  result = g_ptr_array_index (results, 2);
  g_assert_cmpstr (result->title, ==, "Zoom installer: zoom_amd64.deb");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  item = g_ptr_array_index (result->items, 0);
  g_assert_cmpstr (item->detail, ==, "Linked from https://zoom.us/download");

  result = g_ptr_array_index (results, 3);
  g_assert_cmpstr (result->title, ==, "Fake Zoom installer: zoom_installer.deb");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_RISK);
  g_assert_nonnull (strstr (result->summary, "zoom.us.evil.example"));

  /* Installers of no listed app without a recorded origin: one finding. */
  result = g_ptr_array_index (results, 4);
  g_assert_cmpstr (result->title, ==, "Installer of unknown origin: cai-dat-chu-ky-so.sh");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpuint (result->items->len, ==, 1);

  antam_test_remove_root (root);
}

static void
make_empty_files (const char *root,
                  const char *relative_dir,
                  guint       n)
{
  g_autofree char *dir = antam_test_root_path (root, relative_dir);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("IMG_%05u.jpg", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0644);

      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }
}

/* Three folders of 9,000 photos and a Zoom installer at the top: the top
 * is read first, and the result says the walk stopped, never "ok". */
static void
test_downloads_limits (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  antam_test_write (root, "home/lan/Downloads/zoom_amd64.deb", "not really a package");
  make_empty_files (root, "home/lan/Downloads/Anh hop 2024", 9000);
  make_empty_files (root, "home/lan/Downloads/Anh hop 2025", 9000);
  make_empty_files (root, "home/lan/Downloads/Anh le hoi", 9000);

  results = antam_test_scan (root, "downloads");
  g_assert_nonnull (antam_test_find_result (results, "downloads", "zoom_amd64.deb"));
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (((AntamResult *) g_ptr_array_index (results, i))->status, !=, ANTAM_STATUS_OK);
  result = antam_test_find_result (results, "downloads", "checked only in part");
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "more than 20000 files and folders"));
  g_assert_nonnull (strstr (result->summary, "one in a part not looked at would not be"));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Too deep, and nothing found: still not "ok"; the folder is named. */
  antam_test_remove_root (root);
  g_free (root);
  root = antam_test_make_root ("base", NULL);
  antam_test_write (root, "home/lan/Downloads/a/b/c/d/zoom.deb", "x");
  results = antam_test_scan (root, "downloads");
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "1 folder lies more than 3 levels deep"));
  g_assert_nonnull (antam_test_find_item (result, "path", "/home/lan/Downloads/a/b/c/d"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A folder that cannot be opened.  Root opens anything: the scan then
   * runs as nobody. */
  {
    g_autofree char *path = antam_test_root_path (root, "home/lan/Downloads/a/b/c/d");
    g_autofree char *moved = antam_test_root_path (root, "home/lan/Downloads/private");
    g_assert_cmpint (g_rename (path, moved), ==, 0);
    g_assert_cmpint (g_chmod (moved, 0), ==, 0);
    g_assert_cmpint (g_chmod (root, 0755), ==, 0);
  }
  if (geteuid () == 0)
    g_assert_cmpint (seteuid (65534), ==, 0);
  results = antam_test_scan (root, "downloads");
  if (getuid () == 0)
    g_assert_cmpint (seteuid (0), ==, 0);
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "1 folder could not be opened"));
  g_assert_nonnull (antam_test_find_item (result, "path", "/home/lan/Downloads/private"));
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

static void
test_broken_everything (void)
{
  g_autofree char *root = antam_test_make_root ("base", "broken", NULL);
  g_autofree char *big = antam_test_root_path (root, "home/lan/Downloads/big-installer.run");
  g_autofree char *unreadable = antam_test_root_path (root, "home/lan/Downloads/private");
  g_autofree char *loop = antam_test_root_path (root, "home/lan/Downloads/loop");
  g_autofree char *escape = antam_test_root_path (root, "home/lan/Downloads/etc-link.deb");
  g_autofree char *non_utf8 = antam_test_root_path (root, "home/lan/Downloads/zoom_\xff\xfe.deb");
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;
  int fd;

  /* 200 MB, sparse: costs no disk, and must not be read whole. */
  fd = g_open (big, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 200 * 1024 * 1024), ==, 0);
  close (fd);
  g_assert_cmpint (g_mkdir (unreadable, 0), ==, 0);
  g_assert_cmpint (symlink ("loop", loop), ==, 0);
  g_assert_cmpint (symlink ("/etc/passwd", escape), ==, 0);
  antam_test_write (root, "home/lan/Downloads/zoom_\xff\xfe.deb", "x");
  g_assert_true (g_file_test (non_utf8, G_FILE_TEST_EXISTS));

  results = antam_test_scan (root, NULL);

  /* Zoom is still found in the stanza before the truncation. */
  result = antam_test_find_result (results, "risky-apps", "Zoom is installed");
  g_assert_nonnull (result);
  g_assert_cmpstr (antam_test_find_item (result, "deb", "zoom")->version, ==, "5.17.11.3835");

  /* The garbage rules file is named, and the scan went on. */
  result = antam_test_find_result (results, "risky-apps", "Some places could not be checked");
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  item = antam_test_find_item (result, "rules-file", "A rules file was not used");
  g_assert_nonnull (item);
  g_assert_nonnull (strstr (item->detail, "/etc/antam/rules.d/50-broken.json"));

  result = antam_test_find_result (results, "downloads", "big-installer.run");
  g_assert_nonnull (result);
  item = antam_test_find_item (result, "download", "big-installer.run");
  g_assert_null (item->sha256);
  g_assert_nonnull (strstr (item->detail, "fingerprint"));

  g_assert_nonnull (antam_test_find_result (results, "downloads", "zoom_setup.deb"));
  g_assert_nonnull (antam_test_find_result (results, "downloads", "zoom_\xef\xbf\xbd\xef\xbf\xbd.deb"));
  g_assert_null (antam_test_find_result (results, "downloads", "etc-link"));

  result = antam_test_find_result (results, "os-support", NULL);
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);

  antam_test_remove_root (root);
}

/* Every check is shown by exactly one findings step, and every question
 * check by a questions step: a check missing from the steps would be
 * scanned and never seen. */
static void
test_steps_cover_checks (void)
{
  guint n_checks;
  const AntamCheck *checks = antam_checks_get_all (&n_checks);

  for (guint i = 0; i < n_checks; i++)
    {
      guint shown = 0;

      for (guint step = 1; step <= ANTAM_N_STEPS; step++)
        {
          const AntamStep *s = antam_step_get (step);
          g_auto(GStrv) ids = s->checks ? g_strsplit (s->checks, ",", -1) : NULL;

          if (ids != NULL && g_strv_contains ((const char * const *) ids, checks[i].id))
            {
              g_assert_cmpint (s->kind, ==, ANTAM_STEP_PAGE_FINDINGS);
              shown++;
            }
        }
      g_assert_cmpuint (shown, ==, 1);
      g_assert_false (antam_check_is_question (checks[i].id));
    }
  g_assert_true (antam_check_is_question ("meeting-hygiene"));
  g_assert_true (antam_check_is_question ("data-handling"));
  g_assert_cmpstr (antam_step_get (ANTAM_N_STEPS)->page, ==, "summary");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/checks/clean-pc", test_clean_pc);
  g_test_add_func ("/checks/steps-cover-checks", test_steps_cover_checks);
  g_test_add_func ("/checks/risky-apps/zoom-deb", test_zoom_deb);
  g_test_add_func ("/checks/risky-apps/zoom-flatpak-system", test_zoom_flatpak_system);
  g_test_add_func ("/checks/risky-apps/zoom-flatpak-user", test_zoom_flatpak_user);
  g_test_add_func ("/checks/risky-apps/zoom-snap", test_zoom_snap);
  g_test_add_func ("/checks/risky-apps/zoom-appimage-in-downloads", test_zoom_appimage_in_downloads);
  g_test_add_func ("/checks/risky-apps/zoom-tarball", test_zoom_tarball_and_leftovers);
  g_test_add_func ("/checks/risky-apps/leftovers-only", test_leftovers_only_is_a_warning);
  g_test_add_func ("/checks/downloads/official-and-lookalike", test_downloads_official_and_lookalike);
  g_test_add_func ("/checks/downloads/limits", test_downloads_limits);
  g_test_add_func ("/checks/broken-everything", test_broken_everything);

  return g_test_run ();
}
