/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-devices.h"
#include "inventory/antam-gvdb.h"

/* The store's file is small; a huge one is not the store's. */
#define MAX_STORE_FILE_SIZE (16 * 1024 * 1024)

static const char * const devices[] = { "camera", "microphone", NULL };

const char * const *
antam_permission_devices (void)
{
  return devices;
}

void
antam_permission_free (AntamPermission *permission)
{
  if (permission == NULL)
    return;
  g_free (permission->app_id);
  g_free (permission->device);
  g_strfreev (permission->permissions);
  g_free (permission);
}

/* The portal reads only the first word: "yes" lets the app in without
 * asking, "no" keeps it out, "ask" (or anything else) asks each time. */
gboolean
antam_permission_is_granted (const AntamPermission *permission)
{
  g_return_val_if_fail (permission != NULL, FALSE);
  return permission->permissions != NULL &&
         g_strcmp0 (permission->permissions[0], "yes") == 0;
}

static void
add_permissions (GPtrArray  *permissions,
                 const char *device,
                 GVariant   *app_map)
{
  GVariantIter iter;
  const char *app_id;
  GVariant *words;

  g_variant_iter_init (&iter, app_map);
  while (g_variant_iter_next (&iter, "{&s@as}", &app_id, &words))
    {
      AntamPermission *permission;

      /* An empty id is the store's entry for apps outside any sandbox,
       * which the portal does not ask about. */
      if (app_id[0] != '\0' && g_utf8_validate (app_id, -1, NULL))
        {
          permission = g_new0 (AntamPermission, 1);
          permission->app_id = g_strdup (app_id);
          permission->device = g_strdup (device);
          permission->permissions = g_variant_dup_strv (words, NULL);
          g_ptr_array_add (permissions, permission);
        }
      g_variant_unref (words);
    }
}

/* flatpak's store keeps an entry as "(va{sas})": the entry's data, then
 * the apps' permissions.  Take the map wherever it sits in the tuple. */
static GVariant *
find_app_map (GVariant *entry)
{
  if (entry == NULL)
    return NULL;
  if (g_variant_is_of_type (entry, G_VARIANT_TYPE ("a{sas}")))
    return g_variant_ref (entry);
  if (!g_variant_is_container (entry) || !g_variant_is_of_type (entry, G_VARIANT_TYPE_TUPLE))
    return NULL;

  for (gsize i = 0; i < g_variant_n_children (entry); i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (entry, i);

      if (g_variant_is_of_type (child, G_VARIANT_TYPE ("a{sas}")))
        return g_steal_pointer (&child);
    }
  return NULL;
}

/**
 * antam_permission_store_parse:
 * @contents: the store's "devices" file
 *
 * Returns: (transfer full) (element-type AntamPermission): the camera and
 *   microphone entries, or %NULL when @contents is not such a file
 */
GPtrArray *
antam_permission_store_parse (GBytes  *contents,
                              GError **error)
{
  g_autoptr(AntamGvdb) root = NULL;
  g_autoptr(AntamGvdb) main_table = NULL;
  g_autoptr(GPtrArray) permissions = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (contents != NULL, NULL);

  root = antam_gvdb_new (contents, error);
  if (root == NULL)
    return NULL;

  permissions = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_permission_free);

  main_table = antam_gvdb_get_table (root, "main", &local_error);
  if (main_table == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* A store written before anything was stored has no table yet. */
      return g_steal_pointer (&permissions);
    }

  for (guint i = 0; devices[i] != NULL; i++)
    {
      g_autoptr(GVariant) entry = antam_gvdb_get_value (main_table, devices[i]);
      g_autoptr(GVariant) app_map = find_app_map (entry);

      if (app_map != NULL)
        add_permissions (permissions, devices[i], app_map);
    }

  return g_steal_pointer (&permissions);
}

static gboolean
is_not_found (const GError *error)
{
  g_autofree char *remote = NULL;

  if (!g_dbus_error_is_remote_error (error))
    return FALSE;
  remote = g_dbus_error_get_remote_error (error);
  return g_strcmp0 (remote, "org.freedesktop.portal.Error.NotFound") == 0;
}

/**
 * antam_permission_store_lookup_bus:
 *
 * Asks the running permission store.  An id it has never stored is not an
 * error: nobody asked for that device yet.
 *
 * Returns: (transfer full) (element-type AntamPermission): the entries, or
 *   %NULL when the store could not be asked
 */
GPtrArray *
antam_permission_store_lookup_bus (GDBusConnection  *connection,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autoptr(GPtrArray) permissions = NULL;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);

  permissions = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_permission_free);
  for (guint i = 0; devices[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariant) app_map = NULL;

      reply = g_dbus_connection_call_sync (connection,
                                           ANTAM_PERMISSION_STORE_BUS_NAME,
                                           ANTAM_PERMISSION_STORE_PATH,
                                           ANTAM_PERMISSION_STORE_IFACE,
                                           "Lookup",
                                           g_variant_new ("(ss)", ANTAM_PERMISSION_DEVICES_TABLE, devices[i]),
                                           G_VARIANT_TYPE ("(a{sas}v)"),
                                           G_DBUS_CALL_FLAGS_NONE,
                                           ANTAM_PERMISSION_STORE_TIMEOUT_MS,
                                           cancellable,
                                           &local_error);
      if (reply == NULL)
        {
          if (is_not_found (local_error))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      app_map = g_variant_get_child_value (reply, 0);
      add_permissions (permissions, devices[i], app_map);
    }
  return g_steal_pointer (&permissions);
}

/* Without a bus address GLib would try to autolaunch a bus through X11:
 * never from a scan over ssh. */
static gboolean
session_bus_available (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *socket = NULL;

  if (address != NULL && address[0] != '\0')
    return TRUE;
  if (runtime_dir == NULL || runtime_dir[0] == '\0')
    return FALSE;
  socket = g_build_filename (runtime_dir, "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

/* Only the user's own running session has a store to ask; a view of
 * another home or another root must be read from its files. */
static gboolean
is_own_session (AntamSysroot *sysroot)
{
  return antam_sysroot_is_live (sysroot) &&
         g_strcmp0 (antam_sysroot_get_data_home (sysroot), g_get_user_data_dir ()) == 0;
}

/**
 * antam_permission_store_read:
 * @source: (out) (optional): where the answer came from
 *
 * The camera and microphone entries of the portal's permission store: from
 * the running store on the user's own session, else from its file under the
 * system view.  No file is not an error: nothing was ever stored.
 *
 * Returns: (transfer full) (element-type AntamPermission): the entries, or
 *   %NULL when the file exists but cannot be read
 */
GPtrArray *
antam_permission_store_read (AntamSysroot           *sysroot,
                             AntamPermissionSource  *source,
                             GError                **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *permissions;
  gsize length = 0;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  if (source)
    *source = ANTAM_PERMISSION_SOURCE_NONE;

  if (is_own_session (sysroot) && session_bus_available ())
    {
      g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &local_error);

      if (connection != NULL)
        permissions = antam_permission_store_lookup_bus (connection, NULL, &local_error);
      else
        permissions = NULL;

      if (permissions != NULL)
        {
          if (source)
            *source = ANTAM_PERMISSION_SOURCE_BUS;
          return permissions;
        }
      g_debug ("Permission store not reachable, reading its file: %s", local_error->message);
      g_clear_error (&local_error);
    }

  path = g_build_filename (antam_sysroot_get_data_home (sysroot), "flatpak", "db",
                           ANTAM_PERMISSION_DEVICES_TABLE, NULL);
  if (!antam_sysroot_read_file (sysroot, path, MAX_STORE_FILE_SIZE, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return g_ptr_array_new_with_free_func ((GDestroyNotify) antam_permission_free);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  permissions = antam_permission_store_parse (bytes, &local_error);
  if (permissions == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The permission store “%s” could not be read: %s"), display,
                   local_error->message);
      return NULL;
    }
  if (source)
    *source = ANTAM_PERMISSION_SOURCE_FILE;
  return permissions;
}

typedef struct {
  char *app_id;
  char *device;
} RevokeData;

static void
revoke_data_free (RevokeData *data)
{
  g_free (data->app_id);
  g_free (data->device);
  g_free (data);
}

static void
on_set_permission (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RevokeData *data = g_task_get_task_data (task);
  g_autoptr(GDBusConnection) connection = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *no[] = { "no", NULL };
  GError *error = NULL;

  connection = g_bus_get_finish (result, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* "no" rather than deleting the entry: the portal then refuses without
   * asking, which is what the user chose; deleting would only make it ask
   * again at the next meeting. */
  g_dbus_connection_call (connection,
                          ANTAM_PERMISSION_STORE_BUS_NAME,
                          ANTAM_PERMISSION_STORE_PATH,
                          ANTAM_PERMISSION_STORE_IFACE,
                          "SetPermission",
                          g_variant_new ("(sbss^as)", ANTAM_PERMISSION_DEVICES_TABLE, FALSE,
                                         data->device, data->app_id, no),
                          G_VARIANT_TYPE_UNIT,
                          G_DBUS_CALL_FLAGS_NONE,
                          ANTAM_PERMISSION_STORE_TIMEOUT_MS,
                          cancellable,
                          on_set_permission,
                          g_steal_pointer (&task));
}

/**
 * antam_permission_revoke_async:
 * @app_id: e.g. us.zoom.Zoom
 * @device: "camera" or "microphone"
 *
 * Takes the permission away in the running session's permission store: the
 * app can no longer use the device without the user being asked.
 */
void
antam_permission_revoke_async (const char          *app_id,
                               const char          *device,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RevokeData *data;

  g_return_if_fail (app_id != NULL && app_id[0] != '\0');
  g_return_if_fail (device != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, antam_permission_revoke_async);

  if (!g_strv_contains (devices, device))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a device the permission store knows"), device);
      return;
    }
  if (!session_bus_available ())
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("There is no desktop session to change the permission in"));
      return;
    }

  data = g_new0 (RevokeData, 1);
  data->app_id = g_strdup (app_id);
  data->device = g_strdup (device);
  g_task_set_task_data (task, data, (GDestroyNotify) revoke_data_free);

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, g_steal_pointer (&task));
}

gboolean
antam_permission_revoke_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == antam_permission_revoke_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
