/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n.h>

#include "antam-remedy-launcher.h"

/* The updaters An Tâm knows how to open on their updates page. */
static const struct {
  const char *desktop_id;
  const char *updates_argument;
} updaters[] = {
  { "org.gnome.Software.desktop", "--mode=updates" },
  { "org.kde.discover.desktop", "--mode=update" },
};

static GDesktopAppInfo *
find_updater (const char **argument)
{
  for (guint i = 0; i < G_N_ELEMENTS (updaters); i++)
    {
      GDesktopAppInfo *info = g_desktop_app_info_new (updaters[i].desktop_id);

      if (info != NULL)
        {
          *argument = updaters[i].updates_argument;
          return info;
        }
    }
  return NULL;
}

/* What a check asks to change, as GNOME Settings names the panel that
 * changes it; NULL when no panel does (automatic updates are the Software
 * app's preference). */
static const char *
settings_panel (const char *target)
{
  static const char * const panels[][2] = {
    { "sharing", "sharing" },
    { "users", "user-accounts" },
    { "screen", "privacy" },
    { "camera", "camera" },
    { "microphone", "microphone" },
  };

  for (guint i = 0; target != NULL && i < G_N_ELEMENTS (panels); i++)
    if (g_str_equal (target, panels[i][0]))
      return panels[i][1];
  return NULL;
}

/* Each panel of GNOME Settings installs its own launcher: present when the
 * panel is. */
static GDesktopAppInfo *
find_panel (const char *target)
{
  const char *panel = settings_panel (target);
  g_autofree char *desktop_id = NULL;

  if (panel == NULL)
    return NULL;
  desktop_id = g_strdup_printf ("gnome-%s-panel.desktop", panel);
  return g_desktop_app_info_new (desktop_id);
}

/**
 * antam_remedy_launcher_label:
 * @why_not: (out) (optional): set, when a button could be expected but
 *   would have nothing to open, to one plain sentence saying why
 *
 * Returns: (nullable): the label of the finding's button, or %NULL for
 *   none: what to do is then in the finding's details
 */
const char *
antam_remedy_launcher_label (const AntamResult  *result,
                             const char        **why_not)
{
  if (why_not != NULL)
    *why_not = NULL;

  switch (result->remedy)
    {
    case ANTAM_REMEDY_UNINSTALL:
      return _("Remove…");
    case ANTAM_REMEDY_FIX:
      return _("Make Private");
    case ANTAM_REMEDY_REPORT:
      return _("Send Report…");
    case ANTAM_REMEDY_UPDATE:
      {
        const char *argument;
        g_autoptr(GDesktopAppInfo) updater = find_updater (&argument);

        if (updater != NULL)
          return _("Update…");
        if (why_not != NULL)
          *why_not = _("There is no button to update: no Software app is installed on this computer, so ask "
                       "your IT staff to install the updates.");
        return NULL;
      }
    case ANTAM_REMEDY_SETTING:
      {
        g_autoptr(GDesktopAppInfo) panel = find_panel (result->remedy_target);

        if (panel != NULL)
          return _("Open Settings");
        if (settings_panel (result->remedy_target) != NULL && why_not != NULL)
          *why_not = _("There is no button to open the settings: GNOME Settings is not installed on this "
                       "computer, so follow the steps above or ask your IT staff.");
        return NULL;
      }
    case ANTAM_REMEDY_GUIDE:
    case ANTAM_REMEDY_DELETE:
    case ANTAM_REMEDY_NONE:
    default:
      return NULL;
    }
}

/**
 * antam_remedy_launcher_open:
 *
 * Opens the Software app on its updates page, or the Settings panel, for
 * @result.  The error says, in plain words, what could not be opened.
 */
gboolean
antam_remedy_launcher_open (GtkWidget          *widget,
                            const AntamResult  *result,
                            GError            **error)
{
  g_autoptr(GAppLaunchContext) context =
    G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));
  g_autoptr(GAppInfo) app = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *failure;

  if (result->remedy == ANTAM_REMEDY_UPDATE)
    {
      const char *argument = NULL;
      g_autoptr(GDesktopAppInfo) updater = find_updater (&argument);
      g_autofree char *quoted = NULL;
      g_autofree char *commandline = NULL;

      failure = _("The Software app could not be opened. Ask your IT staff to install the updates.");
      if (updater != NULL)
        {
          /* Its own program with the page to open: a running Software
           * app gets it through its D-Bus name and shows the page. */
          quoted = g_shell_quote (g_app_info_get_executable (G_APP_INFO (updater)));
          commandline = g_strdup_printf ("%s %s", quoted, argument);
          app = g_app_info_create_from_commandline (commandline, g_app_info_get_name (G_APP_INFO (updater)),
                                                    G_APP_INFO_CREATE_NONE, &local_error);
        }
    }
  else if (result->remedy == ANTAM_REMEDY_SETTING)
    {
      failure = _("The settings could not be opened. Follow the steps above or ask your IT staff.");
      app = G_APP_INFO (find_panel (result->remedy_target));
    }
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("There is nothing to open for this."));
      return FALSE;
    }

  if (app != NULL && g_app_info_launch (app, NULL, context, &local_error))
    return TRUE;
  g_message ("Opening the remedy of %s: %s", result->check,
             local_error ? local_error->message : "no such app");
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, failure);
  return FALSE;
}
