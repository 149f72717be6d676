/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libportal-gtk4/portal-gtk4.h>
#include <libportal/portal.h>

#include "antam-report-sender.h"
#include "sysroot/antam-sysroot.h"

typedef struct {
  AntamOutboxEntry *entry;
  AntamSendConfig *config;
  XdpPortal *portal;
} SendData;

static void
send_data_free (SendData *data)
{
  antam_outbox_entry_unref (data->entry);
  antam_send_config_free (data->config);
  g_clear_object (&data->portal);
  g_free (data);
}

static void
on_core_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (antam_send_entry_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
send_with_core (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  antam_send_entry_async (data->entry, data->config, g_task_get_cancellable (task),
                          on_core_sent, g_object_ref (task));
}

static void
on_composed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *save_error = NULL;
  int lock;

  if (!xdp_portal_compose_email_finish (XDP_PORTAL (source), result, &error))
    {
      /* The user closed the composer: not a failure to fall back from. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Email portal: %s; trying xdg-email", error->message);
      send_with_core (task);
      return;
    }

  /* Handed over: the report now leaves from the user's own mailbox. */
  lock = antam_outbox_entry_lock (data->entry, &save_error);
  if (lock >= 0 && antam_outbox_entry_begin_attempt (data->entry, &save_error))
    antam_outbox_entry_finish_attempt (data->entry, ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT, NULL,
                                       ANTAM_OUTBOX_FAILURE_NONE, NULL, &save_error);
  antam_outbox_entry_unlock (lock);
  if (save_error != NULL)
    {
      g_warning ("Could not record the handover of %s: %s", data->entry->id, save_error->message);
      g_clear_error (&save_error);
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * antam_report_send_async:
 *
 * Sends an outbox entry by its channel.  For the mail app, the Email
 * portal comes first: it works inside a Flatpak sandbox, and it attaches
 * files that a mailto: link cannot.
 */
void
antam_report_send_async (GtkWindow             *parent,
                         AntamOutboxEntry      *entry,
                         const AntamSendConfig *config,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SendData *data = g_new0 (SendData, 1);

  g_task_set_source_tag (task, antam_report_send_async);
  /* The sender says what a cancel after the hand-over means. */
  g_task_set_check_cancellable (task, FALSE);
  data->entry = antam_outbox_entry_ref (entry);
  data->config = antam_send_config_copy (config);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  if (entry->state == ANTAM_OUTBOX_TRAINING)
    {
      g_task_return_new_error (task, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_TRAINING, "%s",
                               _("This report was made in training mode and is never sent"));
      return;
    }

  if (entry->channel == ANTAM_CHANNEL_MAIL_CLIENT && g_getenv ("ANTAM_NO_PORTAL") == NULL)
    {
      g_autofree char *body = NULL;
      g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (g_free);
      const char *addresses[] = { entry->recipient, NULL };
      XdpParent *xdp_parent = parent ? xdp_parent_new_gtk (parent) : NULL;

      if (!antam_outbox_entry_read (entry, ANTAM_OUTBOX_BODY_FILE, &body, NULL, NULL))
        body = g_strdup ("");
      g_ptr_array_add (attachments, antam_outbox_entry_get_attachment_path (entry, "json"));
      if (entry->has_pdf)
        g_ptr_array_add (attachments, antam_outbox_entry_get_attachment_path (entry, "pdf"));
      g_ptr_array_add (attachments, NULL);

      data->portal = xdp_portal_new ();
      xdp_portal_compose_email (data->portal, xdp_parent, addresses, NULL, NULL, entry->subject, body,
                                (const char * const *) attachments->pdata, XDP_EMAIL_FLAG_NONE,
                                cancellable, on_composed, g_object_ref (task));
      if (xdp_parent != NULL)
        xdp_parent_free (xdp_parent);
      return;
    }

  send_with_core (task);
}

gboolean
antam_report_send_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Notifications --------------------------------------------------------- */

/* Whether anything would show a notification: without a server GIO only
 * complains, and a kiosk or a test display has none. */
static gboolean
have_notification_server (void)
{
  const char * const names[] = { "org.gtk.Notifications", "org.freedesktop.Notifications", NULL };
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) activatable = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *name;

  if (g_getenv ("FLATPAK_ID") != NULL)
    return TRUE;   /* the notification portal */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                     "NameHasOwner", g_variant_new ("(s)", names[i]), G_VARIANT_TYPE ("(b)"),
                                     G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
      gboolean owned = FALSE;

      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return TRUE;
    }
  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                             G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (activatable == NULL)
    return FALSE;
  g_variant_get (activatable, "(as)", &iter);
  while (g_variant_iter_next (iter, "&s", &name))
    if (g_strv_contains (names, name))
      return TRUE;
  return FALSE;
}

/**
 * antam_report_notify:
 *
 * A desktop notification when the user is not looking at the app: in it,
 * a toast says the same.
 */
void
antam_report_notify (GApplication *application,
                     const char   *id,
                     const char   *title,
                     const char   *body)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_autoptr(GNotification) notification = NULL;

  if (window != NULL && gtk_window_is_active (window))
    return;
  if (!have_notification_server ())
    return;
  notification = g_notification_new (title);
  if (body != NULL)
    g_notification_set_body (notification, body);
  g_application_send_notification (application, id, notification);
}

void
antam_report_notify_scan_finished (GtkWindow  *window,
                                   const char *error_message)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (window));

  if (application == NULL || gtk_window_is_active (window))
    return;
  if (error_message != NULL)
    antam_report_notify (application, "scan-finished", _("The check stopped"), error_message);
  else
    antam_report_notify (application, "scan-finished", _("The check is finished"),
                         _("Open An Tâm to see what was found and what to do."));
}

/* ---- The outbox, kept moving ------------------------------------------------ */

/* While the app runs, what is still waiting is tried again after these
 * many minutes, then every hour; the network coming back tries at once. */
static const guint backoff_minutes[] = { 1, 5, 15, 60 };

typedef struct {
  GApplication *application;    /* unowned: the service lives as its data */
  GNetworkMonitor *monitor;
  GCancellable *cancellable;
  guint timeout_id;
  guint failures;               /* flushes in a row that left something */
  gboolean flushing;
  gboolean again;
} Service;

static void flush (Service *service);

static void
service_free (Service *service)
{
  g_cancellable_cancel (service->cancellable);
  g_signal_handlers_disconnect_by_data (service->monitor, service);
  g_clear_handle_id (&service->timeout_id, g_source_remove);
  g_clear_object (&service->cancellable);
  g_free (service);
}

static gboolean
on_backoff_timeout (gpointer user_data)
{
  Service *service = user_data;

  service->timeout_id = 0;
  flush (service);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (Service *service)
{
  guint minutes = backoff_minutes[MIN (service->failures, G_N_ELEMENTS (backoff_minutes)) - 1];

  g_clear_handle_id (&service->timeout_id, g_source_remove);
  service->timeout_id = g_timeout_add_seconds (minutes * 60, on_backoff_timeout, service);
  g_debug ("Outbox: trying again in %u min", minutes);
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Service *service = user_data;
  g_autoptr(GError) error = NULL;
  guint sent = 0, failed = 0;

  if (!antam_outbox_flush_finish (result, &sent, &failed, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;   /* the app is going: service is freed */
      g_message ("Outbox: %s", error->message);
    }
  service->flushing = FALSE;
  if (sent > 0)
    {
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u report that was waiting in the outbox has been sent.",
                                                            "%u reports that were waiting in the outbox have been sent.",
                                                            sent), sent);
      antam_report_notify (service->application, "outbox", _("Report sent"), body);
    }
  if (failed > 0)
    {
      service->failures++;
      schedule_retry (service);
    }
  else
    service->failures = 0;
  if (service->again)
    {
      service->again = FALSE;
      flush (service);
    }
}

static void
flush (Service *service)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AntamSendConfig) config = NULL;
  g_autoptr(AntamSysroot) live = NULL;
  g_autoptr(AntamContacts) contacts = NULL;
  g_autofree char *outbox = NULL;

  if (service->flushing)
    {
      service->again = TRUE;
      return;
    }
  service->flushing = TRUE;
  settings = antam_report_settings_new ();
  config = antam_send_config_load (settings);
  live = antam_sysroot_new_live ();
  contacts = antam_contacts_load (live);
  antam_send_config_add_contacts (config, contacts);
  outbox = antam_outbox_get_default_dir ();
  antam_outbox_flush_async (outbox, config, service->cancellable, on_flushed, service);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  Service *service = user_data;

  if (available && service->failures > 0)
    flush (service);
}

/**
 * antam_report_service_start:
 *
 * Retries what waits in the outbox now, again with back-off while some
 * is left (1, 5, 15 minutes, then hourly), and whenever the network comes
 * back: the outbox window's promise.  What is due follows
 * antam_outbox_entry_is_due().
 */
void
antam_report_service_start (GApplication *application)
{
  Service *service = g_new0 (Service, 1);

  service->application = application;
  service->cancellable = g_cancellable_new ();
  service->monitor = g_network_monitor_get_default ();
  g_signal_connect (service->monitor, "network-changed", G_CALLBACK (on_network_changed), service);
  g_object_set_data_full (G_OBJECT (application), "antam-report-service", service,
                          (GDestroyNotify) service_free);
  flush (service);
}
