/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "inventory/antam-devices.h"
#include "remedy/antam-permission-copy.h"

/* Training takes a permission back the way the desktop does, with the
 * desktop's own permission store, but on the scenario's copy: a store of
 * its own, on a bus of its own, writing the copy's database.  Nothing of
 * the user's session is touched. */

#define PERMISSION_STORE_PROGRAM "/usr/libexec/xdg-permission-store"

typedef struct {
  char *data_home;
  char *app_id;
  char *device;
} CopyRevoke;

static void
copy_revoke_free (CopyRevoke *data)
{
  g_free (data->data_home);
  g_free (data->app_id);
  g_free (data->device);
  g_free (data);
}

static void
stop (GSubprocess *process)
{
  if (process == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
}

static gboolean
revoke_on_private_bus (CopyRevoke    *data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  const char *bus_argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  const char *store_argv[] = { PERMISSION_STORE_PROGRAM, "--replace", NULL };
  const char *no[] = { "no", NULL };
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GSubprocess) store = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = NULL;
  gboolean ok = FALSE;

  /* The bus too: a store it starts by itself must write the copy. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data->data_home, TRUE);
  bus = g_subprocess_launcher_spawnv (launcher, bus_argv, error);
  if (bus == NULL)
    return FALSE;
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (output, NULL, cancellable, error);
  if (address == NULL)
    goto out;
  g_strstrip (address);

  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  store = g_subprocess_launcher_spawnv (launcher, store_argv, error);
  if (store == NULL)
    goto out;

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, cancellable, error);
  if (connection == NULL)
    goto out;

  /* The store takes its name a moment after it starts; the bus must not
   * start another, which would not know where the copy is. */
  for (guint attempt = 0; attempt < 50 && reply == NULL; attempt++)
    {
      g_autoptr(GError) call_error = NULL;

      reply = g_dbus_connection_call_sync (connection, ANTAM_PERMISSION_STORE_BUS_NAME,
                                           ANTAM_PERMISSION_STORE_PATH, ANTAM_PERMISSION_STORE_IFACE,
                                           "SetPermission",
                                           g_variant_new ("(sbss^as)", ANTAM_PERMISSION_DEVICES_TABLE, FALSE,
                                                          data->device, data->app_id, no),
                                           G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                           ANTAM_PERMISSION_STORE_TIMEOUT_MS, cancellable, &call_error);
      if (reply == NULL && !g_dbus_error_is_remote_error (call_error))
        {
          g_propagate_error (error, g_steal_pointer (&call_error));
          goto out;
        }
      if (reply == NULL)
        g_usleep (100 * 1000);
      if (reply == NULL && attempt == 49)
        g_propagate_error (error, g_steal_pointer (&call_error));
    }
  ok = reply != NULL;

out:
  /* The store writes its database as it changes; stopping it is safe. */
  g_clear_object (&connection);
  stop (store);
  stop (bus);
  return ok;
}

static void
revoke_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (revoke_on_private_bus (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    {
      g_message ("Revoking on the training copy: %s", error ? error->message : "no reply");
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The permission could not be revoked on the example computer’s copy."));
    }
}

/**
 * antam_permission_revoke_in_copy_async:
 * @copy: a view of a copy (a training scenario's): never the live system
 *
 * Sets @app_id's permission for @device to "no" in the copy's own
 * permission store, as antam_permission_revoke_async() does in the
 * session's: a new check of the copy then finds it revoked.
 */
void
antam_permission_revoke_in_copy_async (AntamSysroot        *copy,
                                       const char          *app_id,
                                       const char          *device,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CopyRevoke *data;

  g_return_if_fail (ANTAM_IS_SYSROOT (copy));
  g_task_set_source_tag (task, antam_permission_revoke_in_copy_async);
  if (antam_sysroot_is_live (copy) || !g_strv_contains (antam_permission_devices (), device))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s",
                               _("The permission could not be revoked on the example computer’s copy."));
      return;
    }
  data = g_new0 (CopyRevoke, 1);
  data->data_home = antam_sysroot_path (copy, antam_sysroot_get_data_home (copy));
  data->app_id = g_strdup (app_id);
  data->device = g_strdup (device);
  g_task_set_task_data (task, data, (GDestroyNotify) copy_revoke_free);
  g_task_run_in_thread (task, revoke_thread);
}

gboolean
antam_permission_revoke_in_copy_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
