/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "antam-cli-notify.h"

typedef struct {
  GMainLoop *loop;
  gboolean invoked;
  gboolean timed_out;
} Waiting;

static void
on_action (NotifyNotification *notification,
           char               *action,
           gpointer            user_data)
{
  Waiting *waiting = user_data;

  waiting->invoked = TRUE;
  g_main_loop_quit (waiting->loop);
}

static void
on_closed (NotifyNotification *notification,
           gpointer            user_data)
{
  g_main_loop_quit (((Waiting *) user_data)->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->timed_out = TRUE;
  g_main_loop_quit (waiting->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
have_session_bus (void)
{
  g_autofree char *bus = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;
  bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (bus, G_FILE_TEST_EXISTS);
}

/**
 * antam_cli_notify:
 * @action_label: (nullable): a button; then waits up to @wait_seconds for it
 * @action_invoked: (out) (optional): whether the user pressed it
 *
 * Returns: %TRUE if a notification server showed it
 */
gboolean
antam_cli_notify (const char *summary,
                  const char *body,
                  const char *action_label,
                  guint       wait_seconds,
                  gboolean   *action_invoked)
{
  NotifyNotification *notification = NULL;
  g_autoptr(GError) error = NULL;
  Waiting waiting = { 0 };

  if (action_invoked)
    *action_invoked = FALSE;
  if (!have_session_bus ())
    return FALSE;
  if (!notify_is_initted () && !notify_init (PACKAGE_NAME))
    return FALSE;

  notification = notify_notification_new (summary, body, APP_ID);
  notify_notification_set_app_name (notification, PACKAGE_NAME);
  /* So the shell groups it with the app and shows the app's icon. */
  notify_notification_set_hint_string (notification, "desktop-entry", APPLICATION_ID);
  if (action_label != NULL)
    {
      waiting.loop = g_main_loop_new (NULL, FALSE);
      notify_notification_add_action (notification, "open", action_label, on_action, &waiting, NULL);
      notify_notification_add_action (notification, "default", action_label, on_action, &waiting, NULL);
      g_signal_connect (notification, "closed", G_CALLBACK (on_closed), &waiting);
    }

  if (!notify_notification_show (notification, &error))
    {
      g_debug ("Notification not shown: %s", error->message);
      g_clear_pointer (&waiting.loop, g_main_loop_unref);
      g_object_unref (notification);
      return FALSE;
    }

  if (waiting.loop != NULL)
    {
      if (wait_seconds > 0)
        {
          guint timeout = g_timeout_add_seconds (wait_seconds, on_timeout, &waiting);

          g_main_loop_run (waiting.loop);
          if (!waiting.timed_out)
            g_source_remove (timeout);
        }
      g_main_loop_unref (waiting.loop);
      if (action_invoked)
        *action_invoked = waiting.invoked;
    }
  g_object_unref (notification);
  return TRUE;
}
