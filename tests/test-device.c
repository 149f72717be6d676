/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "antam-test-root.h"
#include "checks/antam-device-private.h"
#include "checks/antam-nftables-private.h"
#include "inventory/antam-devices.h"
#include "inventory/antam-gvdb.h"
#include "remedy/antam-permission-copy.h"
#include "report/antam-report-model.h"

/* Device protection: camera-mic, screen-lock, firewall, disk-encryption,
 * auto-login.  Each state of each check (on, off, missing, garbage) on a
 * fixture root; the permission store through a real xdg-permission-store
 * on the test session's bus. */

#define PERMISSION_STORE "/usr/libexec/xdg-permission-store"

/* ---- helpers ------------------------------------------------------------ */

static GPtrArray *
scan_with_proc (const char *root,
                const char *only,
                const char *proc_dir)
{
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, &error);
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  const char *ids[] = { only, NULL };
  GPtrArray *results;

  g_assert_no_error (error);
  if (proc_dir != NULL)
    antam_sysroot_set_proc_dir (sysroot, proc_dir);
  rules = antam_rules_load (sysroot);
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, ids, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return results;
}

static AntamResult *
single_result (GPtrArray  *results,
               const char *check)
{
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (((AntamResult *) g_ptr_array_index (results, 0))->check, ==, check);
  return g_ptr_array_index (results, 0);
}

/* What a user reads has no command line in it: that is for the IT staff,
 * in the items. */
static void
assert_plain_remedy (AntamResult *result)
{
  static const char * const commands[] = { "sudo", "systemctl", "firewall-cmd", "ufw enable", "apt install" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strstr (result->remedy_text, commands[i]) != NULL || strstr (result->summary, commands[i]) != NULL)
      g_error ("%s: a command in what the user reads: %s — %s", result->check, result->summary,
               result->remedy_text);
}

static void
assert_status (AntamResult *result,
               AntamStatus  expected)
{
  if (result->status != expected)
    g_error ("%s: expected %s, got %s: %s — %s", result->check,
             antam_status_to_string (expected), antam_status_to_string (result->status),
             result->title, result->summary);
}

/* Runs one check on a root made of the base layer plus @write'd files. */
static AntamResult *
scan_one (const char  *root,
          const char  *check,
          GPtrArray  **keep)
{
  *keep = antam_test_scan (root, check);
  return single_result (*keep, check);
}

static void
write_symlink (const char *root,
               const char *relative,
               const char *target)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static GBytes *
read_fixture (const char *relative)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "roots", relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* ---- registration --------------------------------------------------------- */

static void
test_registered (void)
{
  static const char * const ids[] = { "camera-mic", "screen-lock", "firewall", "disk-encryption", "auto-login" };
  guint n = 0;
  const AntamCheck *checks = antam_checks_get_all (&n);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const AntamCheck *check = antam_checks_lookup (ids[i]);
      g_assert_nonnull (check);
      g_assert_nonnull (check->get_name ());
    }
  /* After the updates checks, in the wizard's order, before remote access. */
  g_assert_cmpuint (n, >=, G_N_ELEMENTS (ids) + 2);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (checks[n - 2 - G_N_ELEMENTS (ids) + i].id, ==, ids[i]);
  g_assert_cmpstr (checks[n - 2].id, ==, "network-services");
  g_assert_cmpstr (checks[n - 1].id, ==, "home-privacy");
}

/* ---- GVDB ----------------------------------------------------------------- */

static void
test_gvdb_dconf (void)
{
  g_autoptr(GBytes) bytes = read_fixture ("device-gnome-lock-off/home/lan/.config/dconf/user");
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamGvdb) db = antam_gvdb_new (bytes, &error);
  g_auto(GStrv) keys = NULL;
  g_autoptr(GVariant) lock = NULL;
  g_autoptr(GVariant) idle = NULL;
  g_autoptr(GVariant) theme = NULL;

  g_assert_no_error (error);
  keys = antam_gvdb_list_keys (db);
  g_assert_true (g_strv_contains ((const char * const *) keys, "/org/gnome/desktop/screensaver/lock-enabled"));
  g_assert_true (g_strv_contains ((const char * const *) keys, "/org/gnome/desktop/session/idle-delay"));
  g_assert_true (antam_gvdb_has_key (db, "/org/gnome/desktop/interface/gtk-theme"));
  g_assert_false (antam_gvdb_has_key (db, "/org/gnome/desktop/screensaver/lock-delay"));

  lock = antam_gvdb_get_value (db, "/org/gnome/desktop/screensaver/lock-enabled");
  g_assert_nonnull (lock);
  g_assert_true (g_variant_is_of_type (lock, G_VARIANT_TYPE_BOOLEAN));
  g_assert_false (g_variant_get_boolean (lock));
  idle = antam_gvdb_get_value (db, "/org/gnome/desktop/session/idle-delay");
  g_assert_cmpuint (g_variant_get_uint32 (idle), ==, 300);
  theme = antam_gvdb_get_value (db, "/org/gnome/desktop/interface/gtk-theme");
  g_assert_cmpstr (g_variant_get_string (theme, NULL), ==, "Adwaita");
  g_assert_null (antam_gvdb_get_value (db, "/nothing"));
  g_assert_null (antam_gvdb_get_table (db, "/org/", NULL));
}

static void
test_gvdb_garbage (void)
{
  g_autoptr(GBytes) real = read_fixture ("device-gnome-lock-off/home/lan/.config/dconf/user");
  gsize size;
  const guint8 *data = g_bytes_get_data (real, &size);
  static const char *const texts[] = { "", "GVariant", "not a database at all, just text", NULL };

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (texts[i], strlen (texts[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(AntamGvdb) db = antam_gvdb_new (bytes, &error);

      g_assert_null (db);
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
    }

  /* Every truncation, and every single-byte corruption of the real file:
   * an error or some answer, never a crash or a hang. */
  for (gsize cut = 0; cut < size; cut++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, cut);
      g_autoptr(AntamGvdb) db = antam_gvdb_new (bytes, NULL);

      if (db != NULL)
        {
          g_auto(GStrv) keys = antam_gvdb_list_keys (db);
          g_autoptr(GVariant) value = antam_gvdb_get_value (db, "/org/gnome/desktop/screensaver/lock-enabled");
        }
    }
  for (gsize at = 0; at < size; at++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(AntamGvdb) db = NULL;

      copy[at] ^= 0xff;
      bytes = g_bytes_new (copy, size);
      db = antam_gvdb_new (bytes, NULL);
      if (db != NULL)
        {
          g_auto(GStrv) keys = antam_gvdb_list_keys (db);
          for (guint k = 0; keys[k] != NULL; k++)
            {
              g_autoptr(GVariant) value = antam_gvdb_get_value (db, keys[k]);
              g_autoptr(AntamGvdb) table = antam_gvdb_get_table (db, keys[k], NULL);
            }
        }
    }
}

/* A parent chain that loops must end, not spin. */
static void
test_gvdb_parent_loop (void)
{
  guint8 file[24 + 8 + 4 + 24 * 2 + 8] = { 0 };
  guint32 table_start = 24, table_end = sizeof file;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AntamGvdb) db = NULL;
  g_auto(GStrv) keys = NULL;

  memcpy (file, "GVariant", 8);
  memcpy (file + 16, &table_start, 4);
  memcpy (file + 20, &table_end, 4);
  /* no bloom words, one bucket */
  file[28] = 1;
  for (guint i = 0; i < 2; i++)
    {
      guint8 *item = file + 36 + 24 * i;
      guint32 parent = 1 - i;            /* 0 -> 1 -> 0 */
      guint32 key_start = 36 + 48;
      guint16 key_size = 4;

      memcpy (item + 4, &parent, 4);
      memcpy (item + 8, &key_start, 4);
      memcpy (item + 12, &key_size, 2);
      item[14] = 'v';
    }
  memcpy (file + 36 + 48, "loop", 4);

  bytes = g_bytes_new (file, sizeof file);
  db = antam_gvdb_new (bytes, NULL);
  g_assert_nonnull (db);
  keys = antam_gvdb_list_keys (db);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
  g_assert_null (antam_gvdb_get_value (db, "looploop"));
}

/* ---- camera-mic: the permission store --------------------------------------- */

typedef struct {
  GSubprocess *store;
  GDBusConnection *bus;
} StoreFixture;

static gboolean
store_is_ours (GDBusConnection *bus,
               GSubprocess     *store)
{
  g_autoptr(GVariant) reply = NULL;
  guint32 pid = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", ANTAM_PERMISSION_STORE_BUS_NAME),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(u)", &pid);
  return g_strcmp0 (g_subprocess_get_identifier (store), NULL) != 0 &&
         (guint64) pid == g_ascii_strtoull (g_subprocess_get_identifier (store), NULL, 10);
}

/* A real xdg-permission-store, writing under this test's XDG_DATA_HOME. */
static gboolean
start_store (StoreFixture *fixture)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus: run the tests with tools/test-session.sh (dbus-run-session) "
                   "to test the portal permission store");
      return FALSE;
    }
  /* --replace below would take the name from a desktop's own store. */
  if (strstr (g_getenv ("DBUS_SESSION_BUS_ADDRESS"), "/run/user/") != NULL)
    {
      g_test_skip ("this is a desktop's session bus: run the tests under dbus-run-session "
                   "(tools/test-session.sh) so that the permission store is a private one");
      return FALSE;
    }
  if (!g_file_test (PERMISSION_STORE, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip (PERMISSION_STORE " is not installed (Debian package xdg-desktop-portal)");
      return FALSE;
    }

  fixture->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  fixture->store = g_subprocess_launcher_spawn (launcher, &error, PERMISSION_STORE, "--replace", NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!store_is_ours (fixture->bus, fixture->store))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  return TRUE;
}

static void
stop_store (StoreFixture *fixture)
{
  if (fixture->store != NULL)
    {
      g_subprocess_send_signal (fixture->store, SIGTERM);
      g_subprocess_wait (fixture->store, NULL, NULL);
    }
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->bus);
}

static void
set_permission (GDBusConnection *bus,
                const char      *device,
                const char      *app_id,
                const char      *answer)
{
  const char *permissions[] = { answer, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, ANTAM_PERMISSION_STORE_BUS_NAME, ANTAM_PERMISSION_STORE_PATH,
                                       ANTAM_PERMISSION_STORE_IFACE, "SetPermission",
                                       g_variant_new ("(sbss^as)", "devices", TRUE, device, app_id, permissions),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

static AntamPermission *
find_permission (GPtrArray  *permissions,
                 const char *device,
                 const char *app_id)
{
  for (guint i = 0; i < permissions->len; i++)
    {
      AntamPermission *permission = g_ptr_array_index (permissions, i);
      if (g_str_equal (permission->device, device) && g_str_equal (permission->app_id, app_id))
        return permission;
    }
  return NULL;
}

typedef struct {
  GError *error;
  gboolean done;
} RevokeState;

static void
on_revoked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RevokeState *state = user_data;

  if (!antam_permission_revoke_finish (result, &state->error))
    g_assert_nonnull (state->error);
  state->done = TRUE;
}

static gboolean
revoke_sync (const char  *app_id,
             const char  *device,
             GError     **error)
{
  RevokeState state = { NULL, FALSE };

  antam_permission_revoke_async (app_id, device, NULL, on_revoked, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
scan_live (const char *only)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autoptr(AntamRules) rules = antam_rules_load (sysroot);
  g_autoptr(AntamScanContext) context = antam_scan_context_new (sysroot, rules);
  g_autoptr(GError) error = NULL;
  const char *ids[] = { only, NULL };
  GPtrArray *results = antam_scan_run (context, ids, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return results;
}

static void
test_permission_store_live (void)
{
  StoreFixture fixture = { 0 };
  g_autoptr(AntamSysroot) live = NULL;
  g_autoptr(GPtrArray) permissions = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  AntamPermissionSource source;
  AntamResult *zoom, *others;
  gint64 deadline;

  if (!start_store (&fixture))
    return;

  set_permission (fixture.bus, "camera", "us.zoom.Zoom", "yes");
  set_permission (fixture.bus, "microphone", "us.zoom.Zoom", "yes");
  set_permission (fixture.bus, "camera", "org.gnome.Snapshot", "yes");
  set_permission (fixture.bus, "microphone", "com.example.Recorder", "no");
  set_permission (fixture.bus, "microphone", "org.example.Asks", "ask");

  /* The live view asks the store over the bus. */
  live = antam_sysroot_new_live ();
  permissions = antam_permission_store_read (live, &source, &error);
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, ANTAM_PERMISSION_SOURCE_BUS);
  g_assert_cmpuint (permissions->len, ==, 5);
  g_assert_true (antam_permission_is_granted (find_permission (permissions, "camera", "us.zoom.Zoom")));
  g_assert_false (antam_permission_is_granted (find_permission (permissions, "microphone", "com.example.Recorder")));
  g_assert_false (antam_permission_is_granted (find_permission (permissions, "microphone", "org.example.Asks")));

  /* The check, run as the wizard runs it. */
  results = scan_live ("camera-mic");
  zoom = antam_test_find_result (results, "camera-mic", "Zoom");
  g_assert_nonnull (zoom);
  assert_status (zoom, ANTAM_STATUS_RISK);
  g_assert_cmpuint (zoom->items->len, ==, 2);
  g_assert_nonnull (antam_test_find_item (zoom, "camera-permission", "us.zoom.Zoom"));
  g_assert_nonnull (antam_test_find_item (zoom, "microphone-permission", "us.zoom.Zoom"));
  g_assert_cmpint (zoom->remedy, ==, ANTAM_REMEDY_SETTING);
  g_assert_cmpstr (zoom->remedy_target, ==, "camera");
  /* An app that may use the camera without asking is never "OK". */
  others = antam_test_find_result (results, "camera-mic", "without asking: org.gnome.Snapshot");
  g_assert_nonnull (others);
  assert_status (others, ANTAM_STATUS_INFO);
  g_assert_cmpuint (others->items->len, ==, 1);
  g_assert_nonnull (antam_test_find_item (others, "camera-permission", "org.gnome.Snapshot"));

  /* Revoke, and see the store change. */
  g_assert_true (revoke_sync ("us.zoom.Zoom", "camera", &error));
  g_assert_no_error (error);
  g_clear_pointer (&permissions, g_ptr_array_unref);
  permissions = antam_permission_store_lookup_bus (fixture.bus, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (find_permission (permissions, "camera", "us.zoom.Zoom")->permissions,
                    ((const char * const[]) { "no", NULL }));
  g_assert_true (antam_permission_is_granted (find_permission (permissions, "microphone", "us.zoom.Zoom")));

  /* A device the store does not know is refused before any call. */
  g_assert_false (revoke_sync ("us.zoom.Zoom", "speakers", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (revoke_sync ("us.zoom.Zoom", "microphone", &error));
  g_assert_no_error (error);
  after = scan_live ("camera-mic");
  g_assert_null (antam_test_find_result (after, "camera-mic", "Zoom"));

  /* The store's own GVDB file, read offline by our reader. */
  file = g_build_filename (g_get_user_data_dir (), "flatpak", "db", "devices", NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) offline = NULL;
      AntamPermission *camera;

      if (g_file_get_contents (file, &contents, &length, NULL))
        {
          bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
          offline = antam_permission_store_parse (bytes, &error);
          g_assert_no_error (error);
          camera = find_permission (offline, "camera", "us.zoom.Zoom");
          if (camera != NULL && g_strcmp0 (camera->permissions[0], "no") == 0 &&
              g_strcmp0 (find_permission (offline, "microphone", "us.zoom.Zoom")->permissions[0], "no") == 0)
            {
              g_assert_true (antam_permission_is_granted (find_permission (offline, "camera", "org.gnome.Snapshot")));
              g_assert_cmpuint (offline->len, ==, 5);
              break;
            }
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  /* The same file under a fixture root: the offline check. */
  {
    g_autofree char *root = antam_test_make_root ("base", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;
    g_autoptr(GPtrArray) offline_results = NULL;
    AntamResult *listed;

    set_permission (fixture.bus, "camera", "us.zoom.Zoom", "yes");
    /* The store writes on its own time; wait for it. */
    deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GPtrArray) offline = NULL;

        g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
        bytes = g_bytes_new (contents, length);
        offline = antam_permission_store_parse (bytes, NULL);
        if (offline && antam_permission_is_granted (find_permission (offline, "camera", "us.zoom.Zoom")))
          break;
        g_clear_pointer (&contents, g_free);
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (50 * 1000);
      }
    antam_test_write (root, "home/lan/.local/share/flatpak/db/devices", "");
    {
      g_autofree char *target = g_build_filename (root, "home/lan/.local/share/flatpak/db/devices", NULL);
      g_file_set_contents (target, contents, length, &error);
      g_assert_no_error (error);
    }
    offline_results = antam_test_scan (root, "camera-mic");
    g_assert_cmpuint (offline_results->len, ==, 2);
    zoom = antam_test_find_result (offline_results, "camera-mic", "Zoom");
    assert_status (zoom, ANTAM_STATUS_RISK);
    g_assert_cmpstr (zoom->title, ==, "Zoom may use the camera");
    listed = antam_test_find_result (offline_results, "camera-mic", "without asking");
    assert_status (listed, ANTAM_STATUS_INFO);
    g_assert_nonnull (antam_test_find_item (listed, "camera-permission", "org.gnome.Snapshot"));
    antam_test_remove_root (root);
  }

  stop_store (&fixture);
}

static void
test_permission_store_offline_states (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* Missing: nothing was ever allowed. */
  result = scan_one (root, "camera-mic", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpuint (result->items->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Garbage: said, not guessed. */
  antam_test_write (root, "home/lan/.local/share/flatpak/db/devices", "this is not a GVDB file");
  result = scan_one (root, "camera-mic", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "could not be read"));
  g_assert_nonnull (strstr (((AntamItem *) g_ptr_array_index (result->items, 0))->detail, "devices"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A real store file (a dconf database is GVDB too) with no "main" table:
   * an empty store. */
  {
    g_autoptr(GBytes) dconf = read_fixture ("device-gnome-ok/home/lan/.config/dconf/user");
    g_autoptr(GPtrArray) permissions = antam_permission_store_parse (dconf, NULL);

    g_assert_nonnull (permissions);
    g_assert_cmpuint (permissions->len, ==, 0);
  }

  antam_test_remove_root (root);
}

/* No session bus (a scan over ssh): the live view reads the store's file
 * itself, and never tries to start a bus. */
static void
test_permission_store_no_bus (void)
{
  g_autoptr(GBytes) store = read_fixture ("../../data/scenarios/laptop-device/home/ha/.local/share/flatpak/db/devices");
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "flatpak", "db", NULL);
  g_autofree char *path = g_build_filename (dir, "devices", NULL);
  g_autofree char *address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autofree char *runtime = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(GPtrArray) permissions = NULL;
  g_autoptr(GError) error = NULL;
  AntamPermissionSource source;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (store, NULL), g_bytes_get_size (store), NULL));

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("XDG_RUNTIME_DIR");
  permissions = antam_permission_store_read (live, &source, &error);
  if (address)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  if (runtime)
    g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);

  g_assert_no_error (error);
  g_assert_cmpint (source, ==, ANTAM_PERMISSION_SOURCE_FILE);
  g_assert_true (antam_permission_is_granted (find_permission (permissions, "camera", "us.zoom.Zoom")));
  g_assert_true (antam_permission_is_granted (find_permission (permissions, "microphone", "us.zoom.Zoom")));
  g_assert_false (antam_permission_is_granted (find_permission (permissions, "microphone", "org.gnome.SoundRecorder")));
}

/* ---- camera-mic: who uses the devices now ---------------------------------- */

static char *
make_proc_fixture (void)
{
  g_autoptr(GError) error = NULL;
  char *proc = g_dir_make_tmp ("antam-proc-XXXXXX", &error);

  g_assert_no_error (error);
  antam_test_write (proc, "1000/comm", "zoom\n");
  write_symlink (proc, "1000/fd/0", "/dev/null");
  write_symlink (proc, "1000/fd/31", "/dev/video0");
  write_symlink (proc, "1000/fd/32", "/dev/snd/pcmC0D0c");
  write_symlink (proc, "1000/fd/33", "/dev/snd/pcmC0D0p");   /* playback: not a microphone */
  write_symlink (proc, "1000/fd/34", "/dev/video0");         /* the same camera again */
  antam_test_write (proc, "2000/comm", "snapshot\n");
  write_symlink (proc, "2000/fd/12", "/dev/video2");
  write_symlink (proc, "2000/fd/13", "/dev/video2-not");
  antam_test_write (proc, "3000/comm", "pipewire\n");
  write_symlink (proc, "3000/fd/40", "/dev/snd/pcmC1D0c");
  write_symlink (proc, "3000/fd/41", "/dev/snd/controlC1");
  antam_test_write (proc, "4000/comm", "bash\n");
  write_symlink (proc, "4000/fd/0", "/dev/pts/0");
  antam_test_write (proc, "5000/comm", "exited\n");          /* no fd dir */
  write_symlink (proc, "self", "4000");
  antam_test_write (proc, "mounts", "");
  return proc;
}

static void
test_device_kind (void)
{
  g_assert_cmpstr (antam_device_kind_for_path ("/dev/video0"), ==, "camera");
  g_assert_cmpstr (antam_device_kind_for_path ("/dev/video12"), ==, "camera");
  g_assert_null (antam_device_kind_for_path ("/dev/video"));
  g_assert_null (antam_device_kind_for_path ("/dev/video0x"));
  g_assert_cmpstr (antam_device_kind_for_path ("/dev/snd/pcmC0D0c"), ==, "microphone");
  g_assert_cmpstr (antam_device_kind_for_path ("/dev/snd/pcmC10D3c"), ==, "microphone");
  g_assert_null (antam_device_kind_for_path ("/dev/snd/pcmC0D0p"));
  g_assert_null (antam_device_kind_for_path ("/dev/snd/pcmCD0c"));
  g_assert_null (antam_device_kind_for_path ("/dev/snd/pcmC0Dc"));
  g_assert_null (antam_device_kind_for_path ("/dev/snd/controlC0"));
  g_assert_null (antam_device_kind_for_path ("/home/lan/video0"));
}

static void
test_device_users_fixture (void)
{
  g_autofree char *proc = make_proc_fixture ();
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, NULL);
  g_autoptr(GPtrArray) uses = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  AntamDeviceUse *use;
  AntamResult *result;

  /* A fixture root has no processes... */
  uses = antam_inventory_read_device_users (sysroot, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (uses);
  g_clear_error (&error);

  /* ...until it is given a /proc. */
  antam_sysroot_set_proc_dir (sysroot, proc);
  uses = antam_inventory_read_device_users (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses->len, ==, 4);
  use = g_ptr_array_index (uses, 0);
  g_assert_cmpint (use->pid, ==, 1000);
  g_assert_cmpstr (use->comm, ==, "zoom");
  g_assert_cmpstr (use->path, ==, "/dev/snd/pcmC0D0c");
  g_assert_cmpstr (use->device, ==, "microphone");
  use = g_ptr_array_index (uses, 1);
  g_assert_cmpstr (use->path, ==, "/dev/video0");
  g_assert_cmpstr (use->device, ==, "camera");
  use = g_ptr_array_index (uses, 2);
  g_assert_cmpstr (use->comm, ==, "snapshot");
  g_assert_cmpstr (use->path, ==, "/dev/video2");
  use = g_ptr_array_index (uses, 3);
  g_assert_cmpstr (use->comm, ==, "pipewire");

  /* The check: Zoom watching and listening right now is the risk. */
  results = scan_with_proc (root, "camera-mic", proc);
  g_assert_cmpuint (results->len, ==, 2);
  result = antam_test_find_result (results, "camera-mic", "right now");
  g_assert_nonnull (result);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Zoom is using the camera and the microphone right now");
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_UNINSTALL);
  g_assert_cmpstr (result->remedy_target, ==, "zoom");
  g_assert_cmpuint (result->items->len, ==, 4);
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->name, ==, "zoom");
  g_assert_nonnull (antam_test_find_item (result, "process", "snapshot"));
  g_assert_nonnull (strstr (antam_test_find_item (result, "process", "pipewire")->detail, "sound server"));

  antam_test_remove_root (proc);
  antam_test_remove_root (root);
}

static void
test_device_users_harmless (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *proc = g_dir_make_tmp ("antam-proc-XXXXXX", &error);
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  antam_test_write (proc, "7/comm", "snapshot\n");
  write_symlink (proc, "7/fd/3", "/dev/video0");
  results = scan_with_proc (root, "camera-mic", proc);
  result = antam_test_find_result (results, "camera-mic", "In use");
  g_assert_nonnull (result);
  assert_status (result, ANTAM_STATUS_INFO);
  g_assert_cmpstr (result->title, ==, "In use right now: the camera");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Nothing open. */
  antam_test_remove_root (proc);
  g_free (proc);
  proc = g_dir_make_tmp ("antam-proc-XXXXXX", &error);
  antam_test_write (proc, "7/comm", "bash\n");
  results = scan_with_proc (root, "camera-mic", proc);
  assert_status (antam_test_find_result (results, "camera-mic", "Nothing is using"), ANTAM_STATUS_OK);

  antam_test_remove_root (proc);
  antam_test_remove_root (root);
}

/* The same code on the machine's own /proc: it must simply work. */
static void
test_device_users_live (void)
{
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uses = antam_inventory_read_device_users (live, &error);
  g_autoptr(GPtrArray) results = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (uses);
  for (guint i = 0; i < uses->len; i++)
    {
      AntamDeviceUse *use = g_ptr_array_index (uses, i);
      g_test_message ("in use: %s (%d) %s", use->comm, use->pid, use->path);
      g_assert_nonnull (antam_device_kind_for_path (use->path));
    }

  results = scan_live ("camera-mic");
  g_assert_cmpuint (results->len, >=, 2);
  for (guint i = 0; i < results->len; i++)
    g_test_message ("%s", ((AntamResult *) g_ptr_array_index (results, i))->title);
}

/* ---- screen-lock ------------------------------------------------------------- */

/* The device-gnome-* layers hold real dconf user databases, made with
 * `dconf compile home/lan/.config/dconf/user KEYFILE.d` from the keyfile
 * each test names (lock-off: lock-enabled=false, idle-delay=300 and a
 * gtk-theme; idle-never: idle-delay=0; idle-long: idle-delay=1800 and
 * lock-delay=120; ok: idle-delay=600). */

static AntamResult *
scan_screen_lock (const char  *layer,
                  GPtrArray  **keep)
{
  g_autofree char *root = antam_test_make_root ("base", "device-gnome", layer, NULL);
  AntamResult *result = scan_one (root, "screen-lock", keep);

  antam_test_remove_root (root);
  return result;
}

static void
test_screen_lock_gnome (void)
{
  g_autoptr(GPtrArray) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  AntamResult *result;

  result = scan_screen_lock ("device-gnome-lock-off", &r1);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "The screen never locks");
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_SETTING);
  g_assert_cmpstr (result->remedy_target, ==, "screen");
  g_assert_nonnull (antam_test_find_item (result, "setting", "GNOME"));
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->location, ==,
                   "/home/lan/.config/dconf/user");

  result = scan_screen_lock ("device-gnome-idle-never", &r2);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The screen does not lock by itself");

  result = scan_screen_lock ("device-gnome-idle-long", &r3);
  assert_status (result, ANTAM_STATUS_WARNING);
  /* 30 minutes of idle plus 2 of lock delay */
  g_assert_cmpstr (result->title, ==, "The screen locks only after 32 minutes");

  result = scan_screen_lock ("device-gnome-ok", &r4);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The screen locks after 10 minutes");
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_NONE);
}

static void
test_screen_lock_gnome_defaults_and_admin (void)
{
  g_autofree char *root = antam_test_make_root ("base", "device-gnome", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* No user database: GNOME's defaults, 5 minutes. */
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The screen locks after 5 minutes");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A distribution override. */
  antam_test_write (root, "usr/share/glib-2.0/schemas/90_vendor.gschema.override",
                    "[org.gnome.desktop.session]\nidle-delay=1200\n");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The screen locks only after 20 minutes");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* The administrator's keyfile wins over the override... */
  antam_test_write (root, "etc/dconf/db/local.d/00-lock",
                    "[org/gnome/desktop/session]\nidle-delay=uint32 240\n"
                    "[org/gnome/desktop/screensaver]\nlock-enabled=true\n");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The screen locks after 4 minutes");
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
  g_free (root);

  /* ...the user's database wins over the administrator's keyfile... */
  root = antam_test_make_root ("base", "device-gnome", "device-gnome-lock-off", NULL);
  antam_test_write (root, "etc/dconf/db/local.d/00-lock",
                    "[org/gnome/desktop/screensaver]\nlock-enabled=true\n");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* ...unless the administrator locked the key. */
  antam_test_write (root, "etc/dconf/db/local.d/locks/screensaver",
                    "/org/gnome/desktop/screensaver/lock-enabled\n");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

static void
test_screen_lock_garbage_and_missing (void)
{
  g_autofree char *root = antam_test_make_root ("base", "device-gnome", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  antam_test_write (root, "home/lan/.config/dconf/user", "GVariant but then nothing useful");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "could not be read"));
  g_assert_nonnull (strstr (antam_test_find_item (result, "error", result->title)->detail, "dconf/user"));
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
  g_free (root);

  /* No desktop at all. */
  root = antam_test_make_root ("base", NULL);
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "No desktop"));
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

static void
test_screen_lock_kde_xfce (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  antam_test_write (root, "usr/bin/plasmashell", "");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The screen locks after 5 minutes");
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_write (root, "home/lan/.config/kscreenlockerrc",
                    "[Daemon]\nAutolock=false\nTimeout=10\n\n[Greeter][Wallpaper][org.kde.image][General]\nImage=x\n");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  g_assert_nonnull (strstr (result->remedy_text, "Screen Locking"));
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_write (root, "home/lan/.config/kscreenlockerrc", "[Daemon]\nTimeout=forever\n");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
  g_free (root);

  root = antam_test_make_root ("base", NULL);
  antam_test_write (root, "usr/bin/xfce4-session", "");
  /* Xfce without xfce4-screensaver: nothing to read. */
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "Xfce"));
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_write (root, "home/lan/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<channel name=\"xfce4-screensaver\" version=\"1.0\">\n"
                    "  <property name=\"saver\" type=\"empty\">\n"
                    "    <property name=\"idle-activation\" type=\"empty\">\n"
                    "      <property name=\"delay\" type=\"int\" value=\"45\"/>\n"
                    "    </property>\n"
                    "  </property>\n"
                    "  <property name=\"lock\" type=\"empty\">\n"
                    "    <property name=\"enabled\" type=\"bool\" value=\"true\"/>\n"
                    "  </property>\n"
                    "</channel>\n");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The screen locks only after 45 minutes");
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_write (root, "home/lan/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml",
                    "<channel><property name=");
  result = scan_one (root, "screen-lock", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

/* ---- firewall --------------------------------------------------------------- */

static void
test_firewall_ufw (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* Missing, on a laptop. */
  antam_test_write (root, "sys/class/power_supply/BAT0/type", "Battery\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "No firewall is turned on");
  g_assert_nonnull (strstr (result->summary, "laptop"));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  g_assert_nonnull (strstr (result->remedy_text, "Gufw"));
  assert_plain_remedy (result);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Off. */
  antam_test_write (root, "etc/ufw/ufw.conf", "# /etc/ufw/ufw.conf\n\nENABLED=no\nLOGLEVEL=low\n");
  antam_test_write (root, "lib/systemd/system/ufw.service", "[Unit]\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The firewall is turned off");
  g_assert_nonnull (strstr (result->remedy_text, "switch “Status” on"));
  assert_plain_remedy (result);
  g_assert_nonnull (antam_test_find_item (result, "firewall", "ufw"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* On in the file, but the service does not start. */
  antam_test_write (root, "etc/ufw/ufw.conf", "ENABLED=\"yes\"\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_nonnull (strstr (result->remedy_text, "start with the computer"));
  assert_plain_remedy (result);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* On, but without the settings file ufw cannot start with. */
  write_symlink (root, "etc/systemd/system/multi-user.target.wants/ufw.service", "/lib/systemd/system/ufw.service");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* On, blocking what no rule lets in. */
  antam_test_write (root, "etc/default/ufw", "IPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The firewall is on (ufw)");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* On, letting everything in: not protection. */
  antam_test_write (root, "etc/default/ufw", "DEFAULT_INPUT_POLICY=ACCEPT\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The firewall lets every connection in");
  g_assert_nonnull (strstr (antam_test_find_item (result, "firewall", "ufw")->detail, "DEFAULT_INPUT_POLICY"));
  assert_plain_remedy (result);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_write (root, "etc/default/ufw", "DEFAULT_INPUT_POLICY=\"REJECT\"\n");

  /* Masked beats the wants link. */
  write_symlink (root, "etc/systemd/system/ufw.service", "/dev/null");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Garbage. */
  antam_test_remove_root (root);
  g_free (root);
  root = antam_test_make_root ("base", NULL);
  {
    g_autofree char *dir = g_build_filename (root, "etc", "ufw", NULL);
    g_autofree char *path = g_build_filename (dir, "ufw.conf", NULL);
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (g_file_set_contents (path, "ENABLED=yes\0\xff\xfe", 15, NULL));
  }
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

/* The machine: ufw on and started at boot, with an input policy
 * set to ACCEPT in /etc/default/ufw. */
static void
test_firewall_ufw_accept_fixture (void)
{
  g_autofree char *root = antam_test_make_root ("firewall-ufw-accept", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result = scan_one (root, "firewall", &results);
  AntamItem *item;

  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The firewall lets every connection in");
  item = antam_test_find_item (result, "firewall", "ufw");
  g_assert_cmpstr (item->location, ==, "/etc/default/ufw");
  g_assert_nonnull (strstr (item->detail, "DEFAULT_INPUT_POLICY=\"ACCEPT\""));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  assert_plain_remedy (result);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

static void
test_firewall_firewalld (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  antam_test_write (root, "sys/class/dmi/id/chassis_type", "3\n");
  antam_test_write (root, "usr/lib/systemd/system/firewalld.service", "[Unit]\n");
  antam_test_write (root, "etc/firewalld/firewalld.conf", "# firewalld config\nDefaultZone=home\nLogDenied=off\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The firewall is turned off");
  g_assert_nonnull (strstr (result->summary, "office network"));
  g_assert_nonnull (strstr (result->remedy_text, "start with the computer"));
  assert_plain_remedy (result);
  g_clear_pointer (&results, g_ptr_array_unref);

  write_symlink (root, "etc/systemd/system/multi-user.target.wants/firewalld.service",
                 "/usr/lib/systemd/system/firewalld.service");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The firewall is on (firewalld)");
  g_assert_nonnull (strstr (antam_test_find_item (result, "firewall", "firewalld")->detail, "home"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* The trusted zone lets everything in. */
  antam_test_write (root, "etc/firewalld/firewalld.conf", "DefaultZone=trusted\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The firewall lets every connection in");
  g_assert_nonnull (strstr (result->remedy_text, "“public”"));
  assert_plain_remedy (result);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* So does a zone of another name whose target accepts everything. */
  antam_test_write (root, "etc/firewalld/firewalld.conf", "DefaultZone=home\n");
  antam_test_write (root, "etc/firewalld/zones/home.xml",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<zone target=\"ACCEPT\">\n  <short>Home</short>\n  <service name=\"ssh\"/>\n</zone>\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (antam_test_find_item (result, "firewall", "firewalld")->location, ==,
                   "/etc/firewalld/zones/home.xml");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Its default target rejects what no rule lets in. */
  antam_test_write (root, "etc/firewalld/zones/home.xml",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n  <short>Home</short>\n</zone>\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_write (root, "etc/firewalld/zones/home.xml", "<zone target=\"ACCEPT\"");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);
  {
    g_autofree char *zone = antam_test_root_path (root, "etc/firewalld/zones/home.xml");
    g_assert_cmpint (g_unlink (zone), ==, 0);
  }

  /* No file: firewalld's default zone. */
  antam_test_write (root, "etc/firewalld/firewalld.conf", "");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_nonnull (strstr (antam_test_find_item (result, "firewall", "firewalld")->detail, "public"));
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_write (root, "etc/firewalld/firewalld.conf", "<<<garbage>>>\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

static void
test_firewall_nftables (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* Debian's stock file: an input chain that accepts everything. */
  antam_test_write (root, "etc/nftables.conf",
                    "#!/usr/sbin/nft -f\n\nflush ruleset\n\n"
                    "table inet filter {\n"
                    "\tchain input {\n\t\ttype filter hook input priority filter;\n\t}\n"
                    "\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n\t}\n"
                    "\tchain output {\n\t\ttype filter hook output priority filter;\n\t}\n"
                    "}\n");
  write_symlink (root, "etc/systemd/system/sysinit.target.wants/nftables.service",
                 "/lib/systemd/system/nftables.service");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "No firewall is turned on");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A drop policy, with a comment that must not fool us. */
  antam_test_write (root, "etc/nftables.conf",
                    "table inet filter {\n"
                    "  chain input { # drop nothing here? no:\n"
                    "    type filter hook input priority 0; policy drop;\n"
                    "    ct state established,related accept\n"
                    "    iif lo accept\n"
                    "  }\n"
                    "}\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The firewall is on (nftables)");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Accept policy with a reject rule, and a chain named otherwise. */
  antam_test_write (root, "etc/nftables.conf",
                    "table ip t {\n  chain in_chain {\n    type filter hook input priority 0;\n"
                    "    tcp dport 22 accept\n    reject with icmp type port-unreachable\n  }\n}\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* An accept policy whose only drop is for invalid packets: a new
   * connection to any port gets in. */
  antam_test_write (root, "etc/nftables.conf",
                    "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy accept;\n"
                    "    ct state invalid counter drop\n    tcp dport { 22,\n 80 } accept\n  }\n}\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "No firewall is turned on");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* An unconditional accept ahead of the drop policy lets everything in;
   * a set over several lines is one statement. */
  antam_test_write (root, "etc/nftables.conf",
                    "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n"
                    "    tcp dport {\n      22,\n      80\n    } accept\n    counter accept\n  }\n}\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A jump to a chain that ends in a reject. */
  antam_test_write (root, "etc/nftables.conf",
                    "table inet filter {\n  chain input {\n    type filter hook input priority 0;\n"
                    "    iif lo accept\n    jump from_outside\n  }\n"
                    "  chain from_outside {\n    tcp dport 22 accept\n    log prefix \"in; \" counter reject\n  }\n}\n");
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Filtering rules, but nftables.service does not load them. */
  {
    g_autofree char *link = antam_test_root_path (root, "etc/systemd/system/sysinit.target.wants/nftables.service");
    g_assert_cmpint (g_unlink (link), ==, 0);
  }
  result = scan_one (root, "firewall", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The firewall is turned off");
  g_assert_nonnull (strstr (result->remedy_text, "load when the computer starts"));
  assert_plain_remedy (result);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

typedef struct {
  const char *output;
  int status;
  guint calls;
} FakeNft;

static gboolean
fake_nft (const char * const *argv,
          guint               timeout_ms,
          char              **stdout_text,
          int                *exit_status,
          gpointer            user_data,
          GError            **error)
{
  FakeNft *fake = user_data;

  g_assert_true (g_str_has_suffix (argv[0], "nft"));
  g_assert_cmpstr (argv[1], ==, "-j");
  fake->calls++;
  *stdout_text = g_strdup (fake->output);
  *exit_status = fake->status;
  return TRUE;
}

static AntamResult *
scan_live_firewall (FakeNft    *fake,
                    GPtrArray **keep)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("antam-home-XXXXXX", &error);
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (NULL, home, &error);
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  const char *ids[] = { "firewall", NULL };

  g_assert_no_error (error);
  g_assert_true (antam_sysroot_is_live (sysroot));
  antam_sysroot_set_runner (sysroot, fake_nft, fake, NULL);
  rules = antam_rules_load (sysroot);
  context = antam_scan_context_new (sysroot, rules);
  *keep = antam_scan_run (context, ids, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  antam_test_remove_root (home);
  return single_result (*keep, "firewall");
}

/* ufw through iptables-nft, as `nft -j list ruleset` shows it to root. */
static const char ruleset_ufw[] =
  "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}},"
  " {\"table\": {\"family\": \"ip\", \"name\": \"filter\", \"handle\": 1}},"
  " {\"chain\": {\"family\": \"ip\", \"table\": \"filter\", \"name\": \"INPUT\", \"handle\": 1,"
  "   \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},"
  " {\"chain\": {\"family\": \"ip\", \"table\": \"filter\", \"name\": \"ufw-before-input\", \"handle\": 9}},"
  " {\"rule\": {\"family\": \"ip\", \"table\": \"filter\", \"chain\": \"INPUT\", \"handle\": 20,"
  "   \"expr\": [{\"counter\": {\"packets\": 0, \"bytes\": 0}}, {\"jump\": {\"target\": \"ufw-before-input\"}}]}},"
  " {\"rule\": {\"family\": \"ip\", \"table\": \"filter\", \"chain\": \"ufw-before-input\", \"handle\": 30,"
  "   \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"lo\"}}, {\"accept\": null}]}},"
  " {\"rule\": {\"family\": \"ip\", \"table\": \"filter\", \"chain\": \"ufw-before-input\", \"handle\": 31,"
  "   \"expr\": [{\"counter\": null}, {\"drop\": null}]}}"
  "]}";

static const char ruleset_open[] =
  "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
  " {\"chain\": {\"family\": \"inet\", \"table\": \"filter\", \"name\": \"input\", \"handle\": 1,"
  "   \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},"
  " {\"chain\": {\"family\": \"inet\", \"table\": \"filter\", \"name\": \"forward\", \"handle\": 2,"
  "   \"type\": \"filter\", \"hook\": \"forward\", \"prio\": 0, \"policy\": \"drop\"}},"
  " {\"rule\": {\"family\": \"inet\", \"table\": \"filter\", \"chain\": \"forward\", \"handle\": 3,"
  "   \"expr\": [{\"drop\": null}]}}"
  "]}";

/* ufw with DEFAULT_INPUT_POLICY="ACCEPT": its chains drop only invalid
 * packets and named ports. */
static const char ruleset_ufw_accept[] =
  "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},"
  " {\"chain\": {\"family\": \"ip\", \"table\": \"filter\", \"name\": \"INPUT\", \"handle\": 1,"
  "   \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},"
  " {\"chain\": {\"family\": \"ip\", \"table\": \"filter\", \"name\": \"ufw-before-input\", \"handle\": 9}},"
  " {\"rule\": {\"family\": \"ip\", \"table\": \"filter\", \"chain\": \"INPUT\", \"handle\": 20,"
  "   \"expr\": [{\"counter\": {\"packets\": 0, \"bytes\": 0}}, {\"jump\": {\"target\": \"ufw-before-input\"}}]}},"
  " {\"rule\": {\"family\": \"ip\", \"table\": \"filter\", \"chain\": \"ufw-before-input\", \"handle\": 31,"
  "   \"expr\": [{\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": \"invalid\"}},"
  "   {\"counter\": null}, {\"drop\": null}]}},"
  " {\"rule\": {\"family\": \"ip\", \"table\": \"filter\", \"chain\": \"ufw-before-input\", \"handle\": 32,"
  "   \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 23}},"
  "   {\"reject\": null}]}}"
  "]}";

/* firewalld's own table: the zone dispatch goes to the default zone, then
 * a final reject; a trusted zone accepts before it is reached. */
#define FIREWALLD_RULESET(zone_verdict) \
  "{\"nftables\": [" \
  " {\"chain\": {\"family\": \"inet\", \"table\": \"firewalld\", \"name\": \"filter_INPUT\"," \
  "   \"type\": \"filter\", \"hook\": \"input\", \"prio\": 10, \"policy\": \"accept\"}}," \
  " {\"rule\": {\"family\": \"inet\", \"table\": \"firewalld\", \"chain\": \"filter_INPUT\"," \
  "   \"expr\": [{\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": [\"established\", \"related\"]}}, {\"accept\": null}]}}," \
  " {\"rule\": {\"family\": \"inet\", \"table\": \"firewalld\", \"chain\": \"filter_INPUT\"," \
  "   \"expr\": [{\"jump\": {\"target\": \"filter_INPUT_ZONES\"}}]}}," \
  " {\"rule\": {\"family\": \"inet\", \"table\": \"firewalld\", \"chain\": \"filter_INPUT\"," \
  "   \"expr\": [{\"reject\": {\"type\": \"icmpx\", \"expr\": \"admin-prohibited\"}}]}}," \
  " {\"rule\": {\"family\": \"inet\", \"table\": \"firewalld\", \"chain\": \"filter_INPUT_ZONES\"," \
  "   \"expr\": [{\"goto\": {\"target\": \"filter_IN_zone\"}}]}}," \
  " {\"rule\": {\"family\": \"inet\", \"table\": \"firewalld\", \"chain\": \"filter_IN_zone\"," \
  "   \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 22}}, {\"accept\": null}]}}" \
  zone_verdict \
  "]}"

static void
test_firewall_ruleset_verdicts (void)
{
  static const char loop[] =
    "{\"nftables\": ["
    " {\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"in\", \"hook\": \"input\", \"policy\": \"accept\"}},"
    " {\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"in\", \"expr\": [{\"jump\": {\"target\": \"a\"}}]}},"
    " {\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"a\", \"expr\": [{\"jump\": {\"target\": \"in\"}}]}}"
    "]}";

  g_assert_true (antam_nftables_json_blocks_input (ruleset_ufw));
  g_assert_false (antam_nftables_json_blocks_input (ruleset_open));
  g_assert_false (antam_nftables_json_blocks_input (ruleset_ufw_accept));
  g_assert_true (antam_nftables_json_blocks_input (FIREWALLD_RULESET ("")));
  g_assert_false (antam_nftables_json_blocks_input (FIREWALLD_RULESET (
    ", {\"rule\": {\"family\": \"inet\", \"table\": \"firewalld\", \"chain\": \"filter_IN_zone\","
    " \"expr\": [{\"accept\": null}]}}")));
  g_assert_false (antam_nftables_json_blocks_input (loop));
  /* A return ends the chain jumped to: its drop is never reached. */
  g_assert_false (antam_nftables_json_blocks_input (
    "{\"nftables\": ["
    " {\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"in\", \"hook\": \"input\", \"policy\": \"accept\"}},"
    " {\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"in\", \"expr\": [{\"jump\": {\"target\": \"a\"}}]}},"
    " {\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"a\", \"expr\": [{\"return\": null}]}},"
    " {\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"a\", \"expr\": [{\"drop\": null}]}}"
    "]}"));
  g_assert_false (antam_nftables_json_blocks_input ("{ not json"));
  g_assert_false (antam_nftables_json_blocks_input ("{\"nftables\": 3}"));
}

static void
test_firewall_running_ruleset (void)
{
  FakeNft fake = { ruleset_ufw, 0, 0 };
  g_autoptr(GPtrArray) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  AntamResult *result;

  result = scan_live_firewall (&fake, &r1);
  g_assert_cmpuint (fake.calls, ==, 1);
  assert_status (result, ANTAM_STATUS_OK);

  /* The machine's own files decide when the rules let all in; whatever
   * they say, the running rules are reported. */
  fake = (FakeNft) { ruleset_open, 0, 0 };
  result = scan_live_firewall (&fake, &r2);
  g_assert_cmpuint (fake.calls, ==, 1);
  if (result->status == ANTAM_STATUS_WARNING)
    g_assert_nonnull (antam_test_find_item (result, "firewall", "nftables"));

  /* As a user: "Operation not permitted", skipped without a word. */
  fake = (FakeNft) { "", 1, 0 };
  result = scan_live_firewall (&fake, &r3);
  g_assert_cmpuint (fake.calls, ==, 1);
  for (guint i = 0; i < result->items->len; i++)
    g_assert_null (strstr (((AntamItem *) g_ptr_array_index (result->items, i))->detail, "running rules"));

  fake = (FakeNft) { "{ not json", 0, 0 };
  result = scan_live_firewall (&fake, &r4);
  g_assert_cmpint (result->status, !=, ANTAM_STATUS_RISK);
}

/* ---- disk-encryption ---------------------------------------------------------- */

static void
write_dm (const char *root,
          const char *dm,
          const char *name,
          const char *uuid,
          const char *slave)
{
  g_autofree char *name_path = g_strdup_printf ("sys/block/%s/dm/name", dm);
  g_autofree char *uuid_path = g_strdup_printf ("sys/block/%s/dm/uuid", dm);
  g_autofree char *name_line = g_strdup_printf ("%s\n", name);
  g_autofree char *uuid_line = g_strdup_printf ("%s\n", uuid);

  antam_test_write (root, name_path, name_line);
  antam_test_write (root, uuid_path, uuid_line);
  if (slave != NULL)
    {
      g_autofree char *slave_path = g_strdup_printf ("sys/block/%s/slaves/%s", dm, slave);
      g_autofree char *target = g_strdup_printf ("../../%s", slave);
      write_symlink (root, slave_path, target);
    }
}

static void
test_disk_encryption (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* Missing: a disk image has no mount table. */
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "running system"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Plain partition on a desktop: a note, not an alarm. */
  antam_test_write (root, "proc/mounts",
                    "sysfs /sys sysfs rw,nosuid 0 0\n"
                    "/dev/nvme0n1p2 / ext4 rw,relatime 0 0\n"
                    "/dev/nvme0n1p1 /boot/efi vfat rw 0 0\n");
  antam_test_write (root, "sys/class/dmi/id/chassis_type", "3\n");
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_INFO);
  g_assert_cmpstr (result->title, ==, "The disk is not encrypted (desktop computer)");
  g_assert_nonnull (strstr (result->summary, "installed"));
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->location, ==, "/dev/nvme0n1p2");
  {
    /* The CSIRT reads it as a note too, never as "[OK]". */
    g_autoptr(AntamReportModel) model = antam_report_model_new (results, NULL, NULL);
    g_autofree char *text = antam_report_model_to_text (model);

    g_assert_nonnull (strstr (text, "[NOTE] The disk is not encrypted (desktop computer)"));
    g_assert_null (strstr (text, "[OK]"));
  }
  g_clear_pointer (&results, g_ptr_array_unref);

  /* The same on a laptop: a warning that explains, with nothing to click. */
  antam_test_write (root, "sys/class/dmi/id/chassis_type", "10\n");
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  g_assert_nonnull (strstr (result->summary, "cannot be switched on"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* LVM on LUKS, Debian's "guided - use entire disk and set up encrypted LVM". */
  antam_test_write (root, "proc/mounts",
                    "/dev/mapper/lan--vg-root / ext4 rw,relatime,errors=remount-ro 0 0\n"
                    "/dev/nvme0n1p2 /boot ext2 rw 0 0\n"
                    "/dev/mapper/lan--vg-home /home ext4 rw 0 0\n");
  write_dm (root, "dm-0", "nvme0n1p3_crypt", "CRYPT-LUKS2-0b1e3d0f2f9a4d7e8c6b5a4f3e2d1c0b-nvme0n1p3_crypt", "nvme0n1p3");
  write_dm (root, "dm-1", "lan--vg-root", "LVM-abcdefabcdef", "dm-0");
  write_dm (root, "dm-2", "lan--vg-home", "LVM-abcdefabcdeg", "dm-0");
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The disk is encrypted");
  g_assert_cmpuint (result->items->len, ==, 2);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* /home on a plain partition leaves the documents readable. */
  antam_test_write (root, "proc/mounts",
                    "/dev/dm-1 / ext4 rw 0 0\n"
                    "/dev/sda1 /home ext4 rw 0 0\n");
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Garbage: no root filesystem named. */
  antam_test_write (root, "proc/mounts", "\x01\x02 garbage\nnonsense\n");
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A live USB's overlay: cannot tell, says so. */
  antam_test_write (root, "proc/mounts", "overlay / overlay rw,lowerdir=/x 0 0\n");
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A loop in the slaves: ends. */
  antam_test_write (root, "proc/mounts", "/dev/mapper/loop-a / ext4 rw 0 0\n");
  write_dm (root, "dm-7", "loop-a", "LVM-a", "dm-8");
  write_dm (root, "dm-8", "loop-b", "LVM-b", "dm-7");
  result = scan_one (root, "disk-encryption", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_remove_root (root);
}

static void
test_form_factor (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, NULL);

  g_assert_cmpint (antam_form_factor (sysroot), ==, ANTAM_FORM_UNKNOWN);
  /* A wireless mouse's battery is not the computer's. */
  antam_test_write (root, "sys/class/power_supply/hid-00:11-battery/type", "Battery\n");
  antam_test_write (root, "sys/class/power_supply/hid-00:11-battery/scope", "Device\n");
  antam_test_write (root, "sys/class/power_supply/AC/type", "Mains\n");
  g_assert_cmpint (antam_form_factor (sysroot), ==, ANTAM_FORM_DESKTOP);
  antam_test_write (root, "sys/class/dmi/id/chassis_type", "31\n");
  g_assert_cmpint (antam_form_factor (sysroot), ==, ANTAM_FORM_LAPTOP);
  antam_test_write (root, "sys/class/dmi/id/chassis_type", "junk\n");
  g_assert_cmpint (antam_form_factor (sysroot), ==, ANTAM_FORM_DESKTOP);
  antam_test_write (root, "sys/class/power_supply/CMB1/type", "Battery\n");
  g_assert_cmpint (antam_form_factor (sysroot), ==, ANTAM_FORM_LAPTOP);
  antam_test_remove_root (root);
}

static void
test_disk_encryption_live (void)
{
  g_autoptr(GPtrArray) results = scan_live ("disk-encryption");
  AntamResult *result = single_result (results, "disk-encryption");

  g_test_message ("%s: %s", antam_status_to_string (result->status), result->title);
  g_assert_cmpint (result->status, !=, ANTAM_STATUS_RISK);
}

/* ---- auto-login ------------------------------------------------------------- */

static void
test_auto_login_gdm (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;

  /* No login screen at all: nothing says a password is asked. */
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_INFO);
  g_assert_cmpstr (result->title, ==, "No login screen was found");
  g_assert_null (strstr (result->summary, "asks for a password"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Off, as Debian ships it (commented out). */
  antam_test_write (root, "etc/gdm3/daemon.conf",
                    "# GDM configuration storage\n[daemon]\n#  AutomaticLoginEnable = true\n#  AutomaticLogin = user1\n\n[security]\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_nonnull (strstr (result->summary, "GDM"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* On. */
  antam_test_write (root, "etc/gdm3/daemon.conf",
                    "[daemon]\nAutomaticLoginEnable = true\nAutomaticLogin = lan\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Automatic login is on for “lan”");
  item = antam_test_find_item (result, "config", "/etc/gdm3/daemon.conf");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->id, ==, "lan");
  g_assert_cmpstr (item->detail, ==, "AutomaticLoginEnable=true");
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_SETTING);
  g_assert_cmpstr (result->remedy_target, ==, "users");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Enabled but with nobody to log in: off. */
  antam_test_write (root, "etc/gdm3/daemon.conf", "[daemon]\nAutomaticLoginEnable=True\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Timed login, in Fedora's file. */
  antam_test_write (root, "etc/gdm/custom.conf",
                    "[daemon]\nTimedLoginEnable=true\nTimedLogin=khach\nTimedLoginDelay=10\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Automatic login after a delay is on for “khach”");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Garbage: cannot tell what GDM makes of it. */
  antam_test_write (root, "etc/gdm/custom.conf", "");
  antam_test_write (root, "etc/gdm3/daemon.conf", "[daemon\nAutomaticLoginEnable=true\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "daemon.conf"));
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

static void
test_auto_login_lightdm_sddm (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  antam_test_write (root, "etc/lightdm/lightdm.conf",
                    "[LightDM]\n[Seat:*]\n#autologin-user=\ngreeter-session=lightdm-gtk-greeter\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);

  antam_test_write (root, "etc/lightdm/lightdm.conf.d/50-autologin.conf",
                    "[Seat:*]\nautologin-user=lan\nautologin-user-timeout=0\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_nonnull (antam_test_find_item (result, "config", "/etc/lightdm/lightdm.conf.d/50-autologin.conf"));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  /* The line is for the IT staff, in the item; the remedy is plain words. */
  g_assert_null (strstr (result->remedy_text, "autologin-user"));
  g_assert_cmpstr (antam_test_find_item (result, "config", "/etc/lightdm/lightdm.conf.d/50-autologin.conf")->detail,
                   ==, "autologin-user=lan");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* lightdm.conf is read last and turns it off again. */
  antam_test_write (root, "etc/lightdm/lightdm.conf", "[SeatDefaults]\nautologin-user=\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_OK);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
  g_free (root);

  root = antam_test_make_root ("base", NULL);
  antam_test_write (root, "etc/sddm.conf.d/kde_settings.conf",
                    "[Autologin]\nRelogin=false\nSession=plasma\nUser=lan\n\n[General]\nHaltCommand=\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_nonnull (strstr (result->summary, "SDDM"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* The display manager in use is GDM: SDDM's setting would not apply. */
  write_symlink (root, "etc/systemd/system/display-manager.service", "/lib/systemd/system/gdm3.service");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_WARNING);
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

/* A getty drop-in that logs in on a text console, with no display manager:
 * the kiosk recipe.  Each way of writing it, and what undoes it. */
static void
test_auto_login_console (void)
{
  g_autofree char *root = antam_test_make_root ("console-autologin", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;

  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Automatic login is on for “lan” (text console)");
  g_assert_nonnull (strstr (result->summary, "the text console tty1 logs in as “lan”"));
  item = antam_test_find_item (result, "config", "/etc/systemd/system/getty@tty1.service.d/autologin.conf");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->id, ==, "lan");
  g_assert_nonnull (strstr (item->detail, "--autologin lan"));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  g_assert_null (strstr (result->remedy_text, "agetty"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A later drop-in puts the stock command back. */
  antam_test_write (root, "etc/systemd/system/getty@tty1.service.d/zz-undo.conf",
                    "[Service]\nExecStart=\nExecStart=-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_INFO);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* For every console, through the template, with agetty's short option;
   * a GDM that asks for a password does not make that safe. */
  antam_test_write (root, "etc/gdm3/daemon.conf", "[daemon]\nAutomaticLoginEnable=false\n");
  antam_test_write (root, "etc/systemd/system/getty@.service.d/override.conf",
                    "[Service]\nExecStart=\nExecStart=-/sbin/agetty -a root --noclear %I $TERM\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Automatic login is on for “root” (text console)");
  g_assert_nonnull (strstr (result->summary, "every text console"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* sysvinit's inittab. */
  antam_test_remove_root (root);
  g_free (root);
  root = antam_test_make_root ("base", NULL);
  antam_test_write (root, "etc/inittab",
                    "id:2:initdefault:\n"
                    "# 1:2345:respawn:/sbin/getty --autologin nobody 38400 tty1\n"
                    "2:23:respawn:/sbin/getty --autologin=khach 38400 tty2\n");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Automatic login is on for “khach” (text console)");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* A login screen whose settings are not read here: cannot tell. */
  antam_test_write (root, "etc/inittab", "id:2:initdefault:\n");
  write_symlink (root, "etc/systemd/system/display-manager.service", "/lib/systemd/system/lxdm.service");
  result = scan_one (root, "auto-login", &results);
  assert_status (result, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (antam_test_find_item (result, "service", "lxdm.service"));
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_remove_root (root);
}

static void
test_ini (void)
{
  g_autoptr(GError) error = NULL;
  static const char text[] = "top=1\n[a]\nk = v1\nk=v2\n; c\n# c\n[b] \n k=x\n";
  g_autoptr(AntamIni) ini = antam_ini_parse (text, strlen (text), &error);
  g_autoptr(AntamIni) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (antam_ini_get (ini, "", "top"), ==, "1");
  g_assert_cmpstr (antam_ini_get (ini, "a", "k"), ==, "v2");
  g_assert_cmpstr (antam_ini_get (ini, "b", "k"), ==, "x");
  g_assert_null (antam_ini_get (ini, "c", "k"));

  bad = antam_ini_parse ("[a]\njust words\n", 16, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  bad = antam_ini_parse ("a=b\0c", 5, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Training takes the permission back on the scenario's copy, through a
 * real permission store of its own: the copy's file then says "no". */
static void
on_revoked_in_copy (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError **error = user_data;

  if (!antam_permission_revoke_in_copy_finish (result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "failed without an error");
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
test_revoke_in_copy (void)
{
  g_autofree char *home = NULL;
  g_autofree char *scenario_db = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *root = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GPtrArray) permissions = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  gboolean found = FALSE;

  if (!g_file_test (PERMISSION_STORE, G_FILE_TEST_IS_EXECUTABLE) ||
      g_find_program_in_path ("dbus-daemon") == NULL)
    {
      g_test_skip ("needs " PERMISSION_STORE " and dbus-daemon");
      return;
    }
  scenario_db = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "laptop-device", "home", "ha",
                                       ".local", "share", "flatpak", "db", "devices", NULL);
  g_assert_true (g_file_get_contents (scenario_db, &contents, &length, NULL));
  root = antam_test_make_root (NULL, NULL);
  antam_test_write_bytes (root, "home/ha/.local/share/flatpak/db/devices", contents, length);
  home = antam_test_root_path (root, "home/ha");
  sysroot = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);

  antam_permission_revoke_in_copy_async (sysroot, "us.zoom.Zoom", "camera", NULL, on_revoked_in_copy, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  permissions = antam_permission_store_read (sysroot, NULL, &error);
  g_assert_no_error (error);
  /* The copy's other answers stay as they were. */
  {
    g_autoptr(GBytes) before = g_bytes_new (contents, length);
    g_autoptr(GPtrArray) original = antam_permission_store_parse (before, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (permissions->len, ==, original->len);
  }
  for (guint i = 0; i < permissions->len; i++)
    {
      AntamPermission *permission = g_ptr_array_index (permissions, i);

      if (g_str_equal (permission->app_id, "us.zoom.Zoom") && g_str_equal (permission->device, "camera"))
        {
          found = TRUE;
          g_assert_false (antam_permission_is_granted (permission));
          g_assert_cmpstr (permission->permissions[0], ==, "no");
        }
    }
  g_assert_true (found);
  antam_test_remove_root (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/device/registered", test_registered);
  g_test_add_func ("/device/ini", test_ini);
  g_test_add_func ("/device/gvdb/dconf", test_gvdb_dconf);
  g_test_add_func ("/device/gvdb/garbage", test_gvdb_garbage);
  g_test_add_func ("/device/gvdb/parent-loop", test_gvdb_parent_loop);
  g_test_add_func ("/device/camera-mic/store-live", test_permission_store_live);
  g_test_add_func ("/device/camera-mic/revoke-in-copy", test_revoke_in_copy);
  g_test_add_func ("/device/camera-mic/store-offline", test_permission_store_offline_states);
  g_test_add_func ("/device/camera-mic/store-no-bus", test_permission_store_no_bus);
  g_test_add_func ("/device/camera-mic/device-kind", test_device_kind);
  g_test_add_func ("/device/camera-mic/in-use-fixture", test_device_users_fixture);
  g_test_add_func ("/device/camera-mic/in-use-harmless", test_device_users_harmless);
  g_test_add_func ("/device/camera-mic/in-use-live", test_device_users_live);
  g_test_add_func ("/device/screen-lock/gnome", test_screen_lock_gnome);
  g_test_add_func ("/device/screen-lock/gnome-defaults-admin", test_screen_lock_gnome_defaults_and_admin);
  g_test_add_func ("/device/screen-lock/garbage-missing", test_screen_lock_garbage_and_missing);
  g_test_add_func ("/device/screen-lock/kde-xfce", test_screen_lock_kde_xfce);
  g_test_add_func ("/device/firewall/ufw", test_firewall_ufw);
  g_test_add_func ("/device/firewall/ufw-accept", test_firewall_ufw_accept_fixture);
  g_test_add_func ("/device/firewall/firewalld", test_firewall_firewalld);
  g_test_add_func ("/device/firewall/nftables", test_firewall_nftables);
  g_test_add_func ("/device/firewall/running-ruleset", test_firewall_running_ruleset);
  g_test_add_func ("/device/firewall/ruleset-verdicts", test_firewall_ruleset_verdicts);
  g_test_add_func ("/device/form-factor", test_form_factor);
  g_test_add_func ("/device/disk-encryption/states", test_disk_encryption);
  g_test_add_func ("/device/disk-encryption/live", test_disk_encryption_live);
  g_test_add_func ("/device/auto-login/gdm", test_auto_login_gdm);
  g_test_add_func ("/device/auto-login/lightdm-sddm", test_auto_login_lightdm_sddm);
  g_test_add_func ("/device/auto-login/console", test_auto_login_console);

  return g_test_run ();
}
