/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "inventory/antam-inventory.h"
#include "antam-test-root.h"

#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A throwaway system: ROOT/home/lan and whatever a test adds. */
typedef struct {
  char *root;
  char *home;   /* host path of /home/lan */
  AntamSysroot *sysroot;
} Fixture;

static void
make_dir (const char *root,
          const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);

  g_assert_cmpint (g_mkdir_with_parents (full, 0755), ==, 0);
}

static void
make_symlink (const char *target,
              const char *root,
              const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, full), ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->root = g_dir_make_tmp ("antam-files-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->home = g_build_filename (fixture->root, "home", "lan", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->home, 0755), ==, 0);
}

/* After the tree is written: user-dirs.dirs is read when the view is made. */
static AntamSysroot *
fixture_get_sysroot (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->sysroot == NULL)
    {
      fixture->sysroot = antam_sysroot_new (fixture->root, fixture->home, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (antam_sysroot_get_home (fixture->sysroot), ==, "/home/lan");
    }
  return fixture->sysroot;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->sysroot);
  antam_test_remove_root (fixture->root);
  g_free (fixture->root);
  g_free (fixture->home);
}

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "files", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* Desktop entries */

static void
test_desktop_parse_zoom (void)
{
  const char * const expected_mime[] = {
    "x-scheme-handler/zoommtg", "x-scheme-handler/zoomus", "x-scheme-handler/tel",
    "x-scheme-handler/callto", "x-scheme-handler/zoomphonecall", "x-scheme-handler/zoomrc",
    "x-scheme-handler/zoomjoinevent", "application/x-zoom", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamDesktopEntry) entry = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  text = read_fixture ("Zoom.desktop", &length);
  entry = antam_desktop_entry_parse (text, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);

  /* The vendor's name, not the translation. */
  g_assert_cmpstr (entry->name, ==, "Zoom");
  g_assert_cmpstr (entry->exec, ==, "/usr/bin/zoom %U");
  g_assert_cmpstrv (entry->mime_types, expected_mime);
  g_assert_false (entry->hidden);
  /* The reader fills these in, not the parser. */
  g_assert_null (entry->id);
  g_assert_null (entry->location);
  g_assert_null (entry->scope);
}

static void
test_desktop_parse_flags (void)
{
  const char * const no_mime[] = { NULL };
  const char * const spaced_mime[] = { "text/plain", "text/html", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamDesktopEntry) nodisplay = NULL;
  g_autoptr(AntamDesktopEntry) hidden_only = NULL;
  g_autoptr(AntamDesktopEntry) spaced = NULL;
  const char *text;

  text = "[Desktop Entry]\nType=Application\nName=Zoom URL handler\n"
         "Exec=/opt/zoom/ZoomLauncher %u\nNoDisplay=true\n";
  nodisplay = antam_desktop_entry_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_true (nodisplay->hidden);
  g_assert_cmpstrv (nodisplay->mime_types, no_mime);

  /* How a user "deletes" a system entry: no Name, no Exec. */
  text = "[Desktop Entry]\nHidden=true\n";
  hidden_only = antam_desktop_entry_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_true (hidden_only->hidden);
  g_assert_null (hidden_only->name);
  g_assert_null (hidden_only->exec);

  text = "[Desktop Entry]\nName=x\nMimeType=;text/plain; ;;text/html\nHidden=maybe\n";
  spaced = antam_desktop_entry_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (spaced->mime_types, spaced_mime);
  g_assert_false (spaced->hidden);
}

static void
test_desktop_parse_garbage (void)
{
  static const struct { const char *text; gssize length; } cases[] = {
    { "", 0 },
    { "not a key file at all", -1 },
    { "[Other Group]\nName=Zoom\n", -1 },
    { "\x00\x01\x02\x03[Desktop Entry]", 20 },
    { "[Desktop Entry\nName=Zoom\n", -1 },
    { "\xff\xfe[Desktop Entry]\n\xff=\xff\n", -1 },
  };
  g_autofree char *huge = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1200);
  gsize huge_length = 1024 * 1024 + 1;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length < 0 ? strlen (cases[i].text) : (gsize) cases[i].length;
      g_autoptr(AntamDesktopEntry) entry = antam_desktop_entry_parse (cases[i].text, length, &error);

      g_assert_null (entry);
      g_assert_nonnull (error);
    }

  /* Over 1 MiB is refused before parsing, even when well-formed. */
  huge = g_malloc (huge_length);
  memset (huge, '#', huge_length);
  memcpy (huge, "[Desktop Entry]\nName=x\n", strlen ("[Desktop Entry]\nName=x\n"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AntamDesktopEntry) entry = antam_desktop_entry_parse (huge, huge_length, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_null (entry);
  }

  /* Random bytes after a valid header: anything but a crash will do. */
  for (guint i = 0; i < 500; i++)
    {
      char buffer[512];
      gsize length = (gsize) g_rand_int_range (rand, 16, sizeof buffer);
      g_autoptr(GError) error = NULL;
      g_autoptr(AntamDesktopEntry) entry = NULL;

      memcpy (buffer, "[Desktop Entry]\n", 16);
      for (gsize j = 16; j < length; j++)
        buffer[j] = (char) g_rand_int_range (rand, 0, 256);
      entry = antam_desktop_entry_parse (buffer, length, &error);
      g_assert_true ((entry == NULL) != (error == NULL));
    }
}

static void
assert_entry (GPtrArray  *entries,
              guint       index,
              const char *id,
              const char *scope,
              const char *location,
              gboolean    hidden)
{
  AntamDesktopEntry *entry;

  g_assert_cmpuint (index, <, entries->len);
  entry = g_ptr_array_index (entries, index);
  g_assert_cmpstr (entry->id, ==, id);
  g_assert_cmpstr (entry->scope, ==, scope);
  g_assert_cmpstr (entry->location, ==, location);
  g_assert_cmpint (entry->hidden, ==, hidden);
}

static void
test_desktop_entries_read (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *root = fixture->root;
  const char *flatpak_app = "var/lib/flatpak/app/us.zoom.Zoom";
  const char *flatpak_desktop =
    "[Desktop Entry]\nName=Zoom\nExec=/usr/bin/flatpak run us.zoom.Zoom\n"
    "MimeType=x-scheme-handler/zoommtg;\n";
  g_autofree char *zoom = NULL;
  g_autofree char *deploy = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  AntamDesktopEntry *entry;

  zoom = read_fixture ("Zoom.desktop", NULL);
  antam_test_write (root, "usr/share/applications/Zoom.desktop", zoom);
  antam_test_write (root, "usr/share/applications/firefox.desktop",
                    "[Desktop Entry]\nName=Firefox\nExec=firefox %u\n");
  antam_test_write (root, "usr/share/applications/kde4/zoomlauncher.desktop",
                    "[Desktop Entry]\nName=Zoom Launcher\nExec=zoom\n");
  antam_test_write (root, "usr/share/applications/broken.desktop", "\x7f" "ELF garbage");
  antam_test_write (root, "usr/share/applications/mimeinfo.cache", "[MIME Cache]\n");
  antam_test_write (root, "usr/share/applications/zoom-url-handler.desktop",
                    "[Desktop Entry]\nName=Zoom links\nExec=zoom %u\nNoDisplay=true\n");
  antam_test_write_bytes (root, "usr/share/applications/bad_\xff.desktop", zoom, -1);
  make_dir (root, "usr/share/applications/empty.desktop");
  antam_test_write (root, "usr/local/share/applications/zoom-local.desktop",
                    "[Desktop Entry]\nName=Zoom (local)\nExec=/usr/local/bin/zoom\n");

  /* The user hides the system Zoom entry: both files are kept. */
  antam_test_write (root, "home/lan/.local/share/applications/Zoom.desktop",
                    "[Desktop Entry]\nHidden=true\n");
  antam_test_write (root, "home/lan/.local/share/flatpak/exports/share/applications/us.zoom.Zoom.desktop",
                    flatpak_desktop);

  /* Flatpak exports are relative links through "current" and "active". */
  deploy = g_build_filename (flatpak_app, "x86_64", "stable", "0123abcd", "export", "share",
                             "applications", "us.zoom.Zoom.desktop", NULL);
  antam_test_write (root, deploy, flatpak_desktop);
  make_symlink ("x86_64/stable", root, "var/lib/flatpak/app/us.zoom.Zoom/current");
  make_symlink ("0123abcd", root, "var/lib/flatpak/app/us.zoom.Zoom/x86_64/stable/active");
  make_symlink ("../../../app/us.zoom.Zoom/current/active/export/share/applications/us.zoom.Zoom.desktop",
                root, "var/lib/flatpak/exports/share/applications/us.zoom.Zoom.desktop");
  /* A link loop must not hang or abort the listing. */
  make_symlink ("loop.desktop", root, "var/lib/flatpak/exports/share/applications/loop.desktop");

  entries = antam_inventory_read_desktop_entries (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);

  assert_entry (entries, 0, "Zoom.desktop", "user",
                "/home/lan/.local/share/applications/Zoom.desktop", TRUE);
  assert_entry (entries, 1, "us.zoom.Zoom.desktop", "flatpak-user",
                "/home/lan/.local/share/flatpak/exports/share/applications/us.zoom.Zoom.desktop",
                FALSE);
  assert_entry (entries, 2, "us.zoom.Zoom.desktop", "flatpak-system",
                "/var/lib/flatpak/exports/share/applications/us.zoom.Zoom.desktop", FALSE);
  assert_entry (entries, 3, "zoom-local.desktop", "local",
                "/usr/local/share/applications/zoom-local.desktop", FALSE);
  assert_entry (entries, 4, "Zoom.desktop", "system",
                "/usr/share/applications/Zoom.desktop", FALSE);
  assert_entry (entries, 5, "firefox.desktop", "system",
                "/usr/share/applications/firefox.desktop", FALSE);
  assert_entry (entries, 6, "kde4-zoomlauncher.desktop", "system",
                "/usr/share/applications/kde4/zoomlauncher.desktop", FALSE);
  assert_entry (entries, 7, "zoom-url-handler.desktop", "system",
                "/usr/share/applications/zoom-url-handler.desktop", TRUE);
  g_assert_cmpuint (entries->len, ==, 8);

  entry = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (entry->exec, ==, "/usr/bin/flatpak run us.zoom.Zoom");
  entry = g_ptr_array_index (entries, 4);
  g_assert_cmpstr (entry->name, ==, "Zoom");
  g_assert_true (g_strv_contains ((const char * const *) entry->mime_types,
                                  "x-scheme-handler/zoommtg"));
}

static void
test_desktop_entries_empty (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) autostart = NULL;
  g_autoptr(GHashTable) handlers = NULL;

  entries = antam_inventory_read_desktop_entries (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);

  autostart = antam_inventory_read_autostart (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (autostart->len, ==, 0);

  handlers = antam_inventory_read_default_handlers (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_nonnull (handlers);
  g_assert_cmpuint (g_hash_table_size (handlers), ==, 0);
}

static void
test_default_handlers (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *root = fixture->root;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) handlers = NULL;

  antam_test_write (root, "usr/share/applications/mimeapps.list",
                    "[Default Applications]\n"
                    "x-scheme-handler/zoommtg=firefox.desktop\n"
                    "x-scheme-handler/http=firefox.desktop;\n"
                    "image/png=\n"
                    "[Added Associations]\n"
                    "x-scheme-handler/zoomus=Zoom.desktop;firefox.desktop;\n"
                    "x-scheme-handler/zoommtg=other.desktop;\n");
  antam_test_write (root, "etc/xdg/gnome-mimeapps.list",
                    "[Default Applications]\ntext/html=org.gnome.Epiphany.desktop\n");
  antam_test_write (root, "etc/xdg/mimeapps.list",
                    "[Default Applications]\ntext/html=firefox.desktop\n"
                    "x-scheme-handler/https=firefox.desktop\n");
  /* The user's file wins over every system one. */
  antam_test_write (root, "home/lan/.config/mimeapps.list",
                    "[Added Associations]\n"
                    "application/x-zoom=Zoom.desktop;\n"
                    "x-scheme-handler/https=Zoom.desktop;\n"
                    "[Default Applications]\n"
                    "x-scheme-handler/zoommtg=Zoom.desktop;firefox.desktop;\n"
                    "X-Scheme-Handler/TEL=Zoom.desktop\n");
  antam_test_write (root, "home/lan/.local/share/applications/mimeapps.list", "\x01\x02garbage[[[");

  handlers = antam_inventory_read_default_handlers (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_nonnull (handlers);

  g_assert_cmpstr (g_hash_table_lookup (handlers, "x-scheme-handler/zoommtg"), ==, "Zoom.desktop");
  g_assert_cmpstr (g_hash_table_lookup (handlers, "x-scheme-handler/tel"), ==, "Zoom.desktop");
  g_assert_cmpstr (g_hash_table_lookup (handlers, "x-scheme-handler/http"), ==, "firefox.desktop");
  /* A default anywhere beats an added association, even the user's. */
  g_assert_cmpstr (g_hash_table_lookup (handlers, "x-scheme-handler/https"), ==, "firefox.desktop");
  g_assert_cmpstr (g_hash_table_lookup (handlers, "x-scheme-handler/zoomus"), ==, "Zoom.desktop");
  g_assert_cmpstr (g_hash_table_lookup (handlers, "application/x-zoom"), ==, "Zoom.desktop");
  g_assert_cmpstr (g_hash_table_lookup (handlers, "text/html"), ==, "org.gnome.Epiphany.desktop");
  g_assert_false (g_hash_table_contains (handlers, "image/png"));
  g_assert_cmpuint (g_hash_table_size (handlers), ==, 7);
}

static void
test_autostart (Fixture       *fixture,
                gconstpointer  data)
{
  const char *root = fixture->root;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  AntamDesktopEntry *entry;

  antam_test_write (root, "etc/xdg/autostart/anydesk.desktop",
                    "[Desktop Entry]\nName=AnyDesk\nExec=/usr/bin/anydesk --tray\n");
  antam_test_write (root, "etc/xdg/autostart/zoom.desktop",
                    "[Desktop Entry]\nName=Zoom\nExec=/usr/bin/zoom --autostart\n");
  antam_test_write (root, "etc/xdg/autostart/README", "not an entry\n");
  antam_test_write (root, "home/lan/.config/autostart/teams.desktop",
                    "[Desktop Entry]\nName=Teams\nExec=teams-for-linux\n"
                    "X-GNOME-Autostart-enabled=false\n");
  /* NoDisplay hides an entry from menus; it still starts at login. */
  antam_test_write (root, "home/lan/.config/autostart/skype.desktop",
                    "[Desktop Entry]\nName=Skype\nExec=skypeforlinux\nNoDisplay=true\n"
                    "X-GNOME-Autostart-enabled=true\n");
  antam_test_write (root, "home/lan/.config/autostart/zoom.desktop",
                    "[Desktop Entry]\nName=Zoom\nExec=/usr/bin/zoom --autostart\nHidden=true\n");

  entries = antam_inventory_read_autostart (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);

  assert_entry (entries, 0, "skype.desktop", "autostart-user",
                "/home/lan/.config/autostart/skype.desktop", FALSE);
  assert_entry (entries, 1, "teams.desktop", "autostart-user",
                "/home/lan/.config/autostart/teams.desktop", TRUE);
  assert_entry (entries, 2, "zoom.desktop", "autostart-user",
                "/home/lan/.config/autostart/zoom.desktop", TRUE);
  assert_entry (entries, 3, "anydesk.desktop", "autostart-system",
                "/etc/xdg/autostart/anydesk.desktop", FALSE);
  /* Replaced by the user's file of the same name, so it does not run. */
  assert_entry (entries, 4, "zoom.desktop", "autostart-system",
                "/etc/xdg/autostart/zoom.desktop", TRUE);
  g_assert_cmpuint (entries->len, ==, 5);

  entry = g_ptr_array_index (entries, 3);
  g_assert_cmpstr (entry->name, ==, "AnyDesk");
  g_assert_cmpstr (entry->exec, ==, "/usr/bin/anydesk --tray");
}

/* /opt and AppImages */

static void
assert_file (GPtrArray  *files,
             guint       index,
             const char *location,
             const char *kind,
             gboolean    is_dir,
             gint64      size)
{
  AntamFileEntry *file;

  g_assert_cmpuint (index, <, files->len);
  file = g_ptr_array_index (files, index);
  g_assert_cmpstr (file->location, ==, location);
  g_assert_cmpstr (file->kind, ==, kind);
  g_assert_cmpint (file->is_dir, ==, is_dir);
  g_assert_cmpint (file->size, ==, size);
}

static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  const char *root = fixture->root;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  g_autoptr(GPtrArray) appimages = NULL;

  antam_test_write (root, "opt/zoom/ZoomLauncher", "#!/bin/sh\n");
  antam_test_write (root, "opt/README.txt", "hello");
  antam_test_write (root, "srv/teamviewer/teamviewer", "");
  /* Absolute: must resolve under the root, not on the host. */
  make_symlink ("/srv/teamviewer", root, "opt/teamviewer");

  antam_test_write (root, "home/lan/Applications/Zoom-5.16.AppImage", "0123456789");
  antam_test_write (root, "home/lan/Applications/Tools/other.appimage", "abc");
  antam_test_write (root, "home/lan/Applications/Tools/deeper/too-deep.AppImage", "x");
  antam_test_write (root, "home/lan/Applications/notes.txt", "x");
  make_dir (root, "home/lan/Applications/folder.AppImage");
  make_symlink ("Zoom-5.16.AppImage", root, "home/lan/Applications/link.AppImage");
  make_symlink ("..", root, "home/lan/Applications/up");
  antam_test_write (root, "home/lan/.local/bin/cursor.AppImage", "ab");
  antam_test_write (root, "home/lan/Downloads/zoom.AppImage", "abcd");
  antam_test_write (root, "home/lan/Desktop/x.AppImage", "");

  files = antam_inventory_read_files (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);

  assert_file (files, 0, "/opt/README.txt", "opt", FALSE, 5);
  assert_file (files, 1, "/opt/teamviewer", "opt", TRUE, 0);
  assert_file (files, 2, "/opt/zoom", "opt", TRUE, 0);
  assert_file (files, 3, "/home/lan/.local/bin/cursor.AppImage", "appimage", FALSE, 2);
  assert_file (files, 4, "/home/lan/Applications/Tools/other.appimage", "appimage", FALSE, 3);
  assert_file (files, 5, "/home/lan/Applications/Zoom-5.16.AppImage", "appimage", FALSE, 10);
  assert_file (files, 6, "/home/lan/Desktop/x.AppImage", "appimage", FALSE, 0);
  /* The download dir is the downloads reader's. */
  g_assert_cmpuint (files->len, ==, 7);

  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  appimages = antam_inventory_list_appimages (files, downloads);
  assert_file (appimages, 0, "/home/lan/.local/bin/cursor.AppImage", "appimage", FALSE, 2);
  assert_file (appimages, 1, "/home/lan/Applications/Tools/other.appimage", "appimage", FALSE, 3);
  assert_file (appimages, 2, "/home/lan/Applications/Zoom-5.16.AppImage", "appimage", FALSE, 10);
  assert_file (appimages, 3, "/home/lan/Desktop/x.AppImage", "appimage", FALSE, 0);
  assert_file (appimages, 4, "/home/lan/Downloads/zoom.AppImage", "appimage", FALSE, 4);
  g_assert_cmpuint (appimages->len, ==, 5);
}

/* With $HOME as both the download and the desktop dir, as some set it, an
 * AppImage there is found once, and ~/Applications, inside the download
 * dir then, gives no second copy either. */
static void
test_files_download_dir_is_home (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *root = fixture->root;
  AntamSysroot *sysroot;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  g_autoptr(GPtrArray) appimages = NULL;

  antam_test_write (root, "home/lan/.config/user-dirs.dirs",
                    "XDG_DOWNLOAD_DIR=\"$HOME\"\nXDG_DESKTOP_DIR=\"$HOME\"\n");
  antam_test_write (root, "home/lan/Zoom.AppImage", "abcd");
  antam_test_write (root, "home/lan/Applications/Other.AppImage", "ab");
  sysroot = fixture_get_sysroot (fixture);

  files = antam_inventory_read_files (sysroot, &error);
  g_assert_no_error (error);
  downloads = antam_inventory_read_downloads (sysroot, NULL, NULL, &error);
  g_assert_no_error (error);
  appimages = antam_inventory_list_appimages (files, downloads);
  assert_file (appimages, 0, "/home/lan/Applications/Other.AppImage", "appimage", FALSE, 2);
  assert_file (appimages, 1, "/home/lan/Zoom.AppImage", "appimage", FALSE, 4);
  g_assert_cmpuint (appimages->len, ==, 2);
}

static void
test_files_empty (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  files = antam_inventory_read_files (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 0);
}

/* Processes */

static void
assert_process (GPtrArray  *processes,
                guint       index,
                int         pid,
                const char *comm,
                const char *exe)
{
  AntamProcess *process;

  g_assert_cmpuint (index, <, processes->len);
  process = g_ptr_array_index (processes, index);
  g_assert_cmpint (process->pid, ==, pid);
  g_assert_cmpstr (process->comm, ==, comm);
  g_assert_cmpstr (process->exe, ==, exe);
}

static void
test_processes_fixture (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *root = fixture->root;
  g_autofree char *proc = g_build_filename (root, "proc-fixture", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) processes = NULL;

  antam_test_write (root, "proc-fixture/123/comm", "zoom\n");
  make_symlink ("/opt/zoom/zoom", root, "proc-fixture/123/exe");
  antam_test_write (root, "proc-fixture/456/comm", "ZoomWebviewHost\n");
  make_symlink ("/opt/zoom/ZoomWebviewHost", root, "proc-fixture/456/exe");
  /* Another user's process: its exe cannot be read. */
  antam_test_write (root, "proc-fixture/1000/comm", "bash\n");
  /* Gone between listing and reading. */
  make_dir (root, "proc-fixture/999");
  make_symlink ("123", root, "proc-fixture/self");
  antam_test_write (root, "proc-fixture/12a/comm", "nope\n");
  antam_test_write (root, "proc-fixture/0/comm", "nope\n");
  antam_test_write (root, "proc-fixture/meminfo", "MemTotal: 1 kB\n");

  antam_sysroot_set_proc_dir (fixture_get_sysroot (fixture), proc);
  processes = antam_inventory_read_processes (fixture_get_sysroot (fixture), &error);
  g_assert_no_error (error);
  g_assert_nonnull (processes);

  assert_process (processes, 0, 123, "zoom", "/opt/zoom/zoom");
  assert_process (processes, 1, 456, "ZoomWebviewHost", "/opt/zoom/ZoomWebviewHost");
  assert_process (processes, 2, 1000, "bash", NULL);
  g_assert_cmpuint (processes->len, ==, 3);
}

static void
test_processes_not_live (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) processes = NULL;

  processes = antam_inventory_read_processes (fixture_get_sysroot (fixture), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (processes);
}

static void
test_processes_live (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  gboolean found_self = FALSE;

  if (!g_file_test ("/proc/self", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("/proc is not mounted here");
      return;
    }

  processes = antam_inventory_read_processes (sysroot, &error);
  g_assert_no_error (error);
  g_assert_nonnull (processes);
  g_assert_cmpuint (processes->len, >=, 1);

  for (guint i = 0; i < processes->len; i++)
    {
      AntamProcess *process = g_ptr_array_index (processes, i);

      g_assert_true (g_utf8_validate (process->comm, -1, NULL));
      if (process->pid == getpid ())
        {
          g_assert_cmpstr (process->exe, ==, self_exe);
          found_self = TRUE;
        }
    }
  g_assert_true (found_self);
}

/* Downloads */

static void
test_installer_names (void)
{
  static const char * const installers[] = {
    "zoom_amd64.deb", "zoom_x86_64.rpm", "Zoom.AppImage", "zoom.appimage",
    "us.zoom.Zoom.flatpakref", "app.flatpak", "zoom-client_1.snap", "setup.run",
    "install.sh", "INSTALL.SH", "firmware.bin", "zoom_x86_64.tar.xz", "a.tar.gz",
    "a.tar.bz2", "a.tar.zst", "a.tgz", "a.txz", "a.tar", "zoom.zip",
    "zoom-us-zoom_1234567890.exe", "ZoomInstallerFull.msi", "zoomusInstaller.dmg",
    "Zoom.pkg", "zoom_x86_64.pkg.tar.xz", "zoom.pkg.tar.zst", "zoom_\xff.DEB",
  };
  static const char * const others[] = {
    "report.pdf", "notes.txt", "photo.jpg", "zoom.deb.part", "zoom.deb.crdownload",
    "debian", "deb", ".deb", "shell", "zoom.desktop", "tar", "zoom.rpm.sig", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (installers); i++)
    if (!antam_download_is_installer_name (installers[i]))
      g_error ("“%s” should count as an installer", installers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (antam_download_is_installer_name (others[i]))
      g_error ("“%s” should not count as an installer", others[i]);
}

static AntamDownload *
find_download (GPtrArray  *downloads,
               const char *location)
{
  for (guint i = 0; i < downloads->len; i++)
    {
      AntamDownload *download = g_ptr_array_index (downloads, i);

      if (g_str_equal (download->location, location))
        return download;
    }
  return NULL;
}

static void
assert_download (GPtrArray  *downloads,
                 guint       index,
                 const char *location,
                 const char *display_name,
                 gint64      size,
                 const char *sha256)
{
  AntamDownload *download;

  g_assert_cmpuint (index, <, downloads->len);
  download = g_ptr_array_index (downloads, index);
  g_assert_cmpstr (download->location, ==, location);
  g_assert_cmpstr (download->display_name, ==, display_name);
  g_assert_true (g_utf8_validate (download->display_name, -1, NULL));
  g_assert_cmpint (download->size, ==, size);
  g_assert_cmpstr (download->sha256, ==, sha256);
  g_assert_null (download->error);
}

static void
test_downloads_walk (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *root = fixture->root;
  g_autofree char *fifo = g_build_filename (root, "home/lan/Downloads/pipe.deb", NULL);
  g_autofree char *outside = g_build_filename (root, "etc/secret.deb", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  gint64 start;

  antam_test_write (root, "home/lan/Downloads/zoom_amd64.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/report.pdf", "%PDF");
  antam_test_write (root, "home/lan/Downloads/notes.txt", "abc");
  antam_test_write (root, "home/lan/Downloads/sub/setup.SH", "");
  antam_test_write (root, "home/lan/Downloads/folder.deb/inner.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/a/b/c/deep.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/a/b/c/d/too-deep.deb", "abc");
  antam_test_write_bytes (root, "home/lan/Downloads/zoom_\xff.deb", "abc", -1);
  antam_test_write (root, "etc/secret.deb", "secret");

  /* Links are never followed, whatever they point at. */
  make_symlink (outside, root, "home/lan/Downloads/escape-host.deb");
  make_symlink ("/etc/secret.deb", root, "home/lan/Downloads/escape-root.deb");
  make_symlink ("../../../etc", root, "home/lan/Downloads/etc-link");
  make_symlink ("zoom_amd64.deb", root, "home/lan/Downloads/copy.deb");
  make_symlink ("loop2.deb", root, "home/lan/Downloads/loop1.deb");
  make_symlink ("loop1.deb", root, "home/lan/Downloads/loop2.deb");
  make_symlink (".", root, "home/lan/Downloads/sub/again");
  make_symlink ("..", root, "home/lan/Downloads/sub/up.deb");
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  start = g_get_monotonic_time ();
  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (downloads);
  g_test_message ("Walk took %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - start);

  assert_download (downloads, 0, "/home/lan/Downloads/a/b/c/deep.deb", "deep.deb", 3, SHA256_ABC);
  assert_download (downloads, 1, "/home/lan/Downloads/folder.deb/inner.deb", "inner.deb", 3,
                   SHA256_ABC);
  assert_download (downloads, 2, "/home/lan/Downloads/sub/setup.SH", "setup.SH", 0, SHA256_EMPTY);
  assert_download (downloads, 3, "/home/lan/Downloads/zoom_amd64.deb", "zoom_amd64.deb", 3,
                   SHA256_ABC);
  /* Raw bytes to act on, U+FFFD to show. */
  assert_download (downloads, 4, "/home/lan/Downloads/zoom_\xff.deb", "zoom_\xef\xbf\xbd.deb", 3,
                   SHA256_ABC);
  g_assert_cmpuint (downloads->len, ==, 5);

  for (guint i = 0; i < downloads->len; i++)
    {
      AntamDownload *download = g_ptr_array_index (downloads, i);

      g_assert_null (download->origin_url);
      g_assert_null (download->referrer_url);
    }
}

/* Fingerprints of files read in one part, exactly one buffer (256 KiB),
 * and several, against GLib's own SHA-256. */
static void
test_downloads_fingerprints (Fixture       *fixture,
                             gconstpointer  data)
{
  static const gsize sizes[] = { 0, 1, 256 * 1024, 300000, 1024 * 1024 + 7 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  g_autofree guchar *bytes = g_malloc (1024 * 1024 + 7);

  for (gsize i = 0; i < 1024 * 1024 + 7; i++)
    bytes[i] = (guchar) (i * 131 + (i >> 9));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *relative = g_strdup_printf ("home/lan/Downloads/setup-%zu.run", sizes[i]);

      antam_test_write_bytes (fixture->root, relative, (const char *) bytes, (gssize) sizes[i]);
    }

  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (downloads->len, ==, G_N_ELEMENTS (sizes));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *location = g_strdup_printf ("/home/lan/Downloads/setup-%zu.run", sizes[i]);
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, sizes[i]);
      AntamDownload *download = find_download (downloads, location);

      g_assert_nonnull (download);
      g_assert_cmpint (download->size, ==, (gint64) sizes[i]);
      g_assert_cmpstr (download->sha256, ==, expected);
    }
}

static void
test_downloads_xattrs (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *root = fixture->root;
  const char *origin = "https://zoom-us-download.com/zoom_amd64.deb";
  const char *referrer = "https://zoom-us-download.com/";
  g_autofree char *fake = g_build_filename (root, "home/lan/Downloads/zoom_amd64.deb", NULL);
  g_autofree char *real = g_build_filename (root, "home/lan/Downloads/zoom_x86_64.rpm", NULL);
  g_autofree char *odd = g_build_filename (root, "home/lan/Downloads/odd.deb", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  AntamDownload *download;

  antam_test_write (root, "home/lan/Downloads/zoom_amd64.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/zoom_x86_64.rpm", "abc");
  antam_test_write (root, "home/lan/Downloads/odd.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/plain.deb", "abc");

  if (setxattr (fake, "user.xdg.origin.url", origin, strlen (origin), 0) != 0)
    {
      int saved = errno;

      if (saved == ENOTSUP || saved == EOPNOTSUPP)
        {
          g_test_skip ("This file system does not accept user extended attributes "
                       "(user.xdg.origin.url), so the browser origin cannot be tested here");
          return;
        }
      g_error ("setxattr: %s", g_strerror (saved));
    }
  g_assert_cmpint (setxattr (fake, "user.xdg.referrer.url", referrer, strlen (referrer), 0), ==, 0);
  /* Only a referrer; and one tool that stores the terminating NUL. */
  g_assert_cmpint (setxattr (real, "user.xdg.referrer.url", "https://zoom.us/download",
                             strlen ("https://zoom.us/download"), 0), ==, 0);
  g_assert_cmpint (setxattr (odd, "user.xdg.origin.url", "https://example.org/\xff.deb",
                             strlen ("https://example.org/\xff.deb") + 1, 0), ==, 0);

  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (downloads->len, ==, 4);

  download = find_download (downloads, "/home/lan/Downloads/zoom_amd64.deb");
  g_assert_nonnull (download);
  g_assert_cmpstr (download->origin_url, ==, origin);
  g_assert_cmpstr (download->referrer_url, ==, referrer);
  g_assert_cmpstr (download->sha256, ==, SHA256_ABC);

  download = find_download (downloads, "/home/lan/Downloads/zoom_x86_64.rpm");
  g_assert_null (download->origin_url);
  g_assert_cmpstr (download->referrer_url, ==, "https://zoom.us/download");

  download = find_download (downloads, "/home/lan/Downloads/odd.deb");
  g_assert_cmpstr (download->origin_url, ==, "https://example.org/\xef\xbf\xbd.deb");
  g_assert_null (download->referrer_url);

  download = find_download (downloads, "/home/lan/Downloads/plain.deb");
  g_assert_null (download->origin_url);
  g_assert_null (download->referrer_url);
}

/* A signed CDN address can be long: past the reader's first, smaller
 * buffer it is asked for again at full size. */
static void
test_downloads_long_xattr (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *root = fixture->root;
  g_autofree char *file = g_build_filename (root, "home/lan/Downloads/zoom_amd64.deb", NULL);
  g_autoptr(GString) origin = g_string_new ("https://cdn.zoom.us/prod/zoom_amd64.deb?token=");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  AntamDownload *download;

  while (origin->len < 6000)
    g_string_append (origin, "0123456789abcdef");
  antam_test_write (root, "home/lan/Downloads/zoom_amd64.deb", "abc");

  if (setxattr (file, "user.xdg.origin.url", origin->str, origin->len, 0) != 0)
    {
      int saved = errno;

      /* ext4 keeps an xattr in one block unless it has the ea_inode feature. */
      if (saved == ENOTSUP || saved == EOPNOTSUPP || saved == ENOSPC || saved == E2BIG)
        {
          g_test_skip ("This file system does not keep a 6,000-byte user extended attribute");
          return;
        }
      g_error ("setxattr: %s", g_strerror (saved));
    }

  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (downloads->len, ==, 1);
  download = find_download (downloads, "/home/lan/Downloads/zoom_amd64.deb");
  g_assert_cmpstr (download->origin_url, ==, origin->str);
  g_assert_cmpstr (download->sha256, ==, SHA256_ABC);
}

/* The live view also asks GIO (gvfs metadata, Firefox); without gvfs that
 * finds nothing, and must not get in the way of the xattrs. */
static void
test_downloads_live_view (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *root = fixture->root;
  const char *origin = "https://zoom.us/client/latest/zoom_amd64.deb";
  g_autofree char *file = g_build_filename (root, "home/lan/Downloads/zoom_amd64.deb", NULL);
  g_autofree char *expected = g_build_filename (fixture->home, "Downloads", "zoom_amd64.deb", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  gboolean have_xattr;
  AntamDownload *download;

  antam_test_write (root, "home/lan/Downloads/zoom_amd64.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/firefox.deb", "abc");
  have_xattr = setxattr (file, "user.xdg.origin.url", origin, strlen (origin), 0) == 0;

  sysroot = antam_sysroot_new (NULL, fixture->home, &error);
  g_assert_no_error (error);
  g_assert_true (antam_sysroot_is_live (sysroot));

  downloads = antam_inventory_read_downloads (sysroot, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (downloads->len, ==, 2);

  download = find_download (downloads, expected);
  g_assert_nonnull (download);
  g_assert_cmpstr (download->sha256, ==, SHA256_ABC);
  if (have_xattr)
    g_assert_cmpstr (download->origin_url, ==, origin);
}

static void
test_downloads_too_large (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *root = fixture->root;
  g_autofree char *big = g_build_filename (root, "home/lan/Downloads/zoom-huge.AppImage", NULL);
  g_autofree char *size = g_format_size ((guint64) ANTAM_DOWNLOADS_MAX_HASH_SIZE + 1);
  g_autofree char *expected_error = g_strdup_printf ("Too large to fingerprint (%s)", size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  AntamDownload *download;
  gint64 start;
  int fd;

  make_dir (root, "home/lan/Downloads");
  /* Sparse: costs no disk, and a reader that hashed it would be slow. */
  fd = open (big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) ANTAM_DOWNLOADS_MAX_HASH_SIZE + 1), ==, 0);
  close (fd);

  start = g_get_monotonic_time ();
  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  g_assert_cmpuint (downloads->len, ==, 1);
  download = g_ptr_array_index (downloads, 0);
  g_assert_cmpstr (download->location, ==, "/home/lan/Downloads/zoom-huge.AppImage");
  g_assert_cmpint (download->size, ==, (gint64) ANTAM_DOWNLOADS_MAX_HASH_SIZE + 1);
  g_assert_null (download->sha256);
  g_assert_cmpstr (download->error, ==, expected_error);
}

static void
test_downloads_localized_dir (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *root = fixture->root;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;

  antam_test_write (root, "home/lan/.config/user-dirs.dirs",
                    "# written by xdg-user-dirs-update\n"
                    "XDG_DESKTOP_DIR=\"$HOME/Màn hình nền\"\n"
                    "XDG_DOWNLOAD_DIR=\"$HOME/Tải về\"\n");
  antam_test_write (root, "home/lan/Tải về/zoom_amd64.deb", "abc");
  /* The English dir is not the download dir any more. */
  antam_test_write (root, "home/lan/Downloads/other.deb", "abc");

  g_assert_cmpstr (antam_sysroot_get_user_dir (fixture_get_sysroot (fixture),
                                               ANTAM_USER_DIR_DOWNLOAD), ==, "/home/lan/Tải về");
  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  assert_download (downloads, 0, "/home/lan/Tải về/zoom_amd64.deb", "zoom_amd64.deb", 3, SHA256_ABC);
  g_assert_cmpuint (downloads->len, ==, 1);
}

static void
test_downloads_missing (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;

  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (downloads);
}

static void
test_downloads_dir_is_loop (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;

  make_symlink ("Downloads", fixture->root, "home/lan/Downloads");
  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_null (downloads);
}

static void
test_downloads_cancelled (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;

  antam_test_write (fixture->root, "home/lan/Downloads/zoom_amd64.deb", "abc");
  g_cancellable_cancel (cancellable);
  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), cancellable, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (downloads);
}

static void
test_downloads_unreadable (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *root = fixture->root;
  g_autofree char *private_dir = g_build_filename (root, "home/lan/Downloads/private", NULL);
  g_autofree char *locked = g_build_filename (root, "home/lan/Downloads/locked.deb", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  AntamDownload *download;

  if (geteuid () == 0)
    {
      g_test_skip ("Running as root, which reads every file regardless of its mode");
      return;
    }

  antam_test_write (root, "home/lan/Downloads/private/hidden.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/locked.deb", "abc");
  antam_test_write (root, "home/lan/Downloads/zoom_amd64.deb", "abc");
  g_assert_cmpint (chmod (private_dir, 0), ==, 0);
  g_assert_cmpint (chmod (locked, 0), ==, 0);

  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (downloads->len, ==, 2);

  download = g_ptr_array_index (downloads, 0);
  g_assert_cmpstr (download->location, ==, "/home/lan/Downloads/locked.deb");
  g_assert_cmpint (download->size, ==, 3);
  g_assert_null (download->sha256);
  g_assert_nonnull (download->error);
  assert_download (downloads, 1, "/home/lan/Downloads/zoom_amd64.deb", "zoom_amd64.deb", 3,
                   SHA256_ABC);
}

static void
test_downloads_many (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->root, "home/lan/Downloads", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;
  gint64 start;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *name = g_strdup_printf (i % 50 == 0 ? "file%04u.deb" : "file%04u.pdf", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (path, "abc", 3, NULL));
    }

  start = g_get_monotonic_time ();
  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("5000 files took %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);

  g_assert_cmpuint (downloads->len, ==, 100);
  assert_download (downloads, 0, "/home/lan/Downloads/file0000.deb", "file0000.deb", 3, SHA256_ABC);
  assert_download (downloads, 99, "/home/lan/Downloads/file4950.deb", "file4950.deb", 3,
                   SHA256_ABC);
}

static void
test_downloads_file_limit (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->root, "home/lan/Downloads", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) downloads = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < ANTAM_DOWNLOADS_MAX_FILES + 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%05u.deb", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      int fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0644);

      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }

  downloads = antam_inventory_read_downloads (fixture_get_sysroot (fixture), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (downloads->len, ==, ANTAM_DOWNLOADS_MAX_FILES);
}

int
main (int argc, char **argv)
{
  /* No gvfs and no session bus in tests: keep GIO local and quiet. */
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/desktop/parse/zoom", test_desktop_parse_zoom);
  g_test_add_func ("/desktop/parse/flags", test_desktop_parse_flags);
  g_test_add_func ("/desktop/parse/garbage", test_desktop_parse_garbage);
  ADD ("/desktop/read", test_desktop_entries_read);
  ADD ("/desktop/empty-root", test_desktop_entries_empty);
  ADD ("/desktop/default-handlers", test_default_handlers);
  ADD ("/desktop/autostart", test_autostart);

  ADD ("/files/opt-and-appimages", test_files);
  ADD ("/files/download-dir-is-home", test_files_download_dir_is_home);
  ADD ("/files/empty-root", test_files_empty);

  ADD ("/processes/fixture", test_processes_fixture);
  ADD ("/processes/not-live", test_processes_not_live);
  g_test_add_func ("/processes/live", test_processes_live);

  g_test_add_func ("/downloads/installer-names", test_installer_names);
  ADD ("/downloads/walk", test_downloads_walk);
  ADD ("/downloads/fingerprints", test_downloads_fingerprints);
  ADD ("/downloads/xattrs", test_downloads_xattrs);
  ADD ("/downloads/long-xattr", test_downloads_long_xattr);
  ADD ("/downloads/live-view", test_downloads_live_view);
  ADD ("/downloads/too-large", test_downloads_too_large);
  ADD ("/downloads/localized-dir", test_downloads_localized_dir);
  ADD ("/downloads/missing", test_downloads_missing);
  ADD ("/downloads/dir-is-loop", test_downloads_dir_is_loop);
  ADD ("/downloads/cancelled", test_downloads_cancelled);
  ADD ("/downloads/unreadable", test_downloads_unreadable);
  ADD ("/downloads/many", test_downloads_many);
  ADD ("/downloads/file-limit", test_downloads_file_limit);

#undef ADD

  return g_test_run ();
}
