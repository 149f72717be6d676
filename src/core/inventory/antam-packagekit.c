/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#ifdef HAVE_PACKAGEKIT
#include <packagekit-glib2/packagekit.h>
#endif

#include "inventory/antam-packagekit.h"

/* Everything that talks to PackageKit is in this block.  Built without it
 * (-Dpackagekit=disabled, as in the Flatpak: the GNOME runtime has no
 * packagekit-glib2), the same calls answer "not supported" at once, and the
 * os-updates check reads the apt lists as it does when the daemon is
 * absent. */
#ifdef HAVE_PACKAGEKIT

#define PACKAGEKIT_NAME "org.freedesktop.PackageKit"
#define BUS_CALL_TIMEOUT_MS 3000
/* After a cancel, PackageKit still tells the daemon; a hung daemon gets
 * this long before the call is abandoned. */
#define CANCEL_GRACE_MS 3000

/* pk-client.c reports a daemon error as PK_CLIENT_ERROR, 0xff + PkErrorEnum. */
#define PK_DAEMON_ERROR_OFFSET 0xff

static gboolean
bus_has_name (GDBusConnection *bus,
              const char      *method,
              GError         **error,
              gboolean        *found)
{
  g_autoptr(GVariant) reply = NULL;

  if (g_str_equal (method, "NameHasOwner"))
    {
      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", PACKAGEKIT_NAME),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                           BUS_CALL_TIMEOUT_MS, NULL, error);
      if (reply == NULL)
        return FALSE;
      g_variant_get (reply, "(b)", found);
      return TRUE;
    }
  else
    {
      g_autofree const char **names = NULL;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "ListActivatableNames",
                                           NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                           BUS_CALL_TIMEOUT_MS, NULL, error);
      if (reply == NULL)
        return FALSE;
      g_variant_get (reply, "(^a&s)", &names);
      *found = g_strv_contains (names, PACKAGEKIT_NAME);
      return TRUE;
    }
}

/**
 * antam_packagekit_is_available:
 *
 * Whether PackageKit runs, or can be started, on the system bus.  Asked
 * first so that a machine without it answers at once instead of after a
 * timeout.
 *
 * Returns: %FALSE with %G_IO_ERROR_NOT_FOUND when there is no PackageKit
 */
gboolean
antam_packagekit_is_available (GError **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &local_error);
  if (bus == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no system bus to reach PackageKit (%s)"), local_error->message);
      return FALSE;
    }

  if (!bus_has_name (bus, "NameHasOwner", &local_error, &found) ||
      (!found && !bus_has_name (bus, "ListActivatableNames", &local_error, &found)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The system bus did not answer (%s)"), local_error->message);
      return FALSE;
    }

  if (!found)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("PackageKit is not installed"));
      return FALSE;
    }
  return TRUE;
}

/* One asynchronous call, waited for on a private main context with a
 * deadline.  Heap-allocated: when a call has to be abandoned, its late
 * callback may still hold this. */
typedef struct {
  GMainContext *context;
  GCancellable *cancellable;
  GAsyncResult *result;
  gboolean done;
  gboolean timed_out;
  gboolean abandoned;
} Wait;

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
  g_main_context_wakeup (wait->context);
}

static gboolean
on_deadline (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_cancellable_cancel (wait->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
on_grace_over (gpointer user_data)
{
  Wait *wait = user_data;

  wait->abandoned = TRUE;
  return G_SOURCE_REMOVE;
}

static void
forward_cancel (GCancellable *outer,
                gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static Wait *
wait_new (GMainContext *context)
{
  Wait *wait = g_new0 (Wait, 1);

  wait->context = g_main_context_ref (context);
  wait->cancellable = g_cancellable_new ();
  return wait;
}

static void
wait_free (Wait *wait)
{
  g_main_context_unref (wait->context);
  g_object_unref (wait->cancellable);
  g_clear_object (&wait->result);
  g_free (wait);
}

/* Runs the context until the call is done or abandoned.  Returns FALSE
 * (and keeps @wait alive for the late callback) when abandoned. */
static gboolean
wait_run (Wait         *wait,
          guint         timeout_ms,
          GCancellable *outer)
{
  g_autoptr(GSource) deadline = g_timeout_source_new (timeout_ms);
  g_autoptr(GSource) grace = NULL;
  gulong handler = 0;

  g_source_set_callback (deadline, on_deadline, wait, NULL);
  g_source_attach (deadline, wait->context);
  if (outer != NULL)
    handler = g_cancellable_connect (outer, G_CALLBACK (forward_cancel),
                                     g_object_ref (wait->cancellable), g_object_unref);

  while (!wait->done && !wait->abandoned)
    {
      if (grace == NULL && g_cancellable_is_cancelled (wait->cancellable))
        {
          grace = g_timeout_source_new (CANCEL_GRACE_MS);
          g_source_set_callback (grace, on_grace_over, wait, NULL);
          g_source_attach (grace, wait->context);
        }
      g_main_context_iteration (wait->context, TRUE);
    }

  g_source_destroy (deadline);
  if (grace)
    g_source_destroy (grace);
  if (outer != NULL)
    g_cancellable_disconnect (outer, handler);
  return wait->done;
}

static void
set_timeout_error (GError **error,
                   guint    timeout_ms)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _("PackageKit did not answer within %u seconds"), timeout_ms / 1000);
}

static GPtrArray *
updates_from_results (PkResults *results)
{
  g_autoptr(GPtrArray) packages = pk_results_get_package_array (results);
  GPtrArray *updates = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_update_free);

  for (guint i = 0; i < packages->len; i++)
    {
      PkPackage *package = g_ptr_array_index (packages, i);
      PkInfoEnum info = pk_package_get_info (package);
      AntamUpdate *update;

      /* Blocked updates are not offered by the updater either. */
      if (info == PK_INFO_ENUM_BLOCKED || info == PK_INFO_ENUM_INSTALLED)
        continue;

      update = g_new0 (AntamUpdate, 1);
      update->name = g_strdup (pk_package_get_name (package));
      update->arch = g_strdup (pk_package_get_arch (package));
      update->candidate = g_strdup (pk_package_get_version (package));
      update->origin = g_strdup (pk_package_get_data (package));
      update->security = info == PK_INFO_ENUM_SECURITY;
      g_ptr_array_add (updates, update);
    }
  g_ptr_array_sort (updates, antam_update_compare);
  return updates;
}

/**
 * antam_updates_get_from_packagekit:
 * @seconds_since_refresh: (out) (optional): how long ago PackageKit last
 *   refreshed its package lists, or -1 when it does not know
 *
 * Asks PackageKit for the pending updates from what it already knows: no
 * refresh, so no network and no authorisation.  The installed versions are
 * left %NULL: PackageKit only names the candidate.
 *
 * Returns: (transfer full) (element-type AntamUpdate): the updates, security
 *   ones first; %NULL with %G_IO_ERROR_NOT_FOUND when there is no
 *   PackageKit, %G_IO_ERROR_TIMED_OUT when it did not answer in time
 */
GPtrArray *
antam_updates_get_from_packagekit (guint          timeout_ms,
                                   gint64        *seconds_since_refresh,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(PkClient) client = NULL;
  g_autoptr(PkControl) control = NULL;
  g_autoptr(PkResults) results = NULL;
  g_autoptr(PkError) pk_error = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *updates = NULL;
  Wait *wait;

  if (seconds_since_refresh)
    *seconds_since_refresh = -1;

  if (!antam_packagekit_is_available (error))
    return NULL;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  client = pk_client_new ();
  pk_client_set_interactive (client, FALSE);
  pk_client_set_background (client, FALSE);

  wait = wait_new (context);
  pk_client_get_updates_async (client, pk_bitfield_value (PK_FILTER_ENUM_NONE), wait->cancellable,
                               NULL, NULL, on_call_done, wait);
  if (!wait_run (wait, timeout_ms, cancellable))
    {
      /* The client stays referenced by the pending call; leaking both is
       * the price of not hanging on a daemon that never answers. */
      g_main_context_pop_thread_default (context);
      g_steal_pointer (&client);
      g_steal_pointer (&context);
      set_timeout_error (error, timeout_ms);
      return NULL;
    }

  results = pk_client_generic_finish (client, wait->result, &local_error);
  if (results == NULL)
    {
      gboolean timed_out = wait->timed_out;

      wait_free (wait);
      g_main_context_pop_thread_default (context);
      if (timed_out)
        set_timeout_error (error, timeout_ms);
      else if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ;
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("PackageKit could not list the updates: %s"), local_error->message);
      return NULL;
    }
  wait_free (wait);

  pk_error = pk_results_get_error_code (results);
  if (pk_error != NULL)
    {
      g_main_context_pop_thread_default (context);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("PackageKit could not list the updates: %s"), pk_error_get_details (pk_error));
      return NULL;
    }
  updates = updates_from_results (results);

  /* How fresh that answer is; not knowing it is no reason to drop it. */
  if (seconds_since_refresh)
    {
      control = pk_control_new ();
      wait = wait_new (context);
      pk_control_get_time_since_action_async (control, PK_ROLE_ENUM_REFRESH_CACHE,
                                              wait->cancellable, on_call_done, wait);
      if (wait_run (wait, MIN (timeout_ms, 10000u), cancellable))
        {
          guint seconds = pk_control_get_time_since_action_finish (control, wait->result, NULL);

          /* G_MAXUINT: never; 0: the call failed. */
          if (seconds != 0 && seconds != G_MAXUINT)
            *seconds_since_refresh = seconds;
          wait_free (wait);
        }
      else
        g_steal_pointer (&control);
    }

  g_main_context_pop_thread_default (context);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_ptr_array_unref (updates);
      return NULL;
    }
  return updates;
}

#else /* !HAVE_PACKAGEKIT */

static void
set_not_built_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("PackageKit is not available in this version of An Tâm"));
}

/**
 * antam_packagekit_is_available:
 *
 * Returns: %FALSE with %G_IO_ERROR_NOT_SUPPORTED: built without PackageKit
 */
gboolean
antam_packagekit_is_available (GError **error)
{
  set_not_built_error (error);
  return FALSE;
}

GPtrArray *
antam_updates_get_from_packagekit (guint          timeout_ms,
                                   gint64        *seconds_since_refresh,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  if (seconds_since_refresh)
    *seconds_since_refresh = -1;
  set_not_built_error (error);
  return NULL;
}

#endif /* HAVE_PACKAGEKIT */
