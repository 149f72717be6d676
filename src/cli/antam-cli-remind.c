/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-cli.h"
#include "antam-cli-notify.h"
#include "antam-cli-outbox.h"
#include "sysroot/antam-sysroot.h"
#include "report/antam-last-check.h"
#include "report/antam-report.h"
#include "report/antam-send.h"

static void
open_app (void)
{
  const char *argv[] = { "antam", NULL };
  g_autoptr(GError) error = NULL;

  /* Not D-Bus activation: the app's desktop file is not DBusActivatable. */
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &error))
    g_printerr ("antam-cli: %s\n", error->message);
}

int
antam_cli_remind (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— remind to check again when the last check is too old"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AntamSendConfig) config = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *body = NULL;
  gint wait = 600;
  gboolean invoked = FALSE;
  GOptionEntry entries[] = {
    { "wait", 0, 0, G_OPTION_ARG_INT, &wait,
      N_("How long to wait for the notification’s button, in seconds"), N_("SECONDS") },
    { NULL }
  };
  guint days;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc > 1 || wait < 0)
    return antam_cli_usage_error (context, _("Unexpected argument"));

  settings = antam_report_settings_new ();
  config = antam_send_config_load (settings);

  /* At login: what waits in the outbox goes first, whatever the reminder
   * says.  Quietly: the user is told what was sent and what needs them. */
  {
    g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
    g_autoptr(AntamContacts) contacts = antam_contacts_load (live);

    antam_send_config_add_contacts (config, contacts);
    antam_cli_outbox_retry (config, contacts, NULL, TRUE);
  }

  /* Then, whatever the reminder says, the CSIRTs' rules when due. */
  antam_cli_rules_update_when_due ();

  days = config->reminder_days;
  if (days == 0)
    return ANTAM_EXIT_ALL_OK;

  last = antam_last_check_read ();
  if (last != NULL && g_date_time_difference (now, last) < (GTimeSpan) days * G_TIME_SPAN_DAY)
    {
      g_autofree char *when = antam_timestamp_format (last);
      g_debug ("Last check %s is recent enough", when);
      return ANTAM_EXIT_ALL_OK;
    }

  if (last == NULL)
    body = g_strdup (_("This computer has not been checked yet. It takes a few minutes."));
  else
    {
      guint ago = (guint) (g_date_time_difference (now, last) / G_TIME_SPAN_DAY);
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The last check was %u day ago. It takes a few minutes.",
                                           "The last check was %u days ago. It takes a few minutes.", ago),
                              ago);
    }
  g_print ("%s\n", body);

  if (antam_cli_notify (_("Time to check this computer again"), body, _("Check now"),
                        (guint) wait, &invoked) && invoked)
    open_app ();
  return ANTAM_EXIT_ALL_OK;
}
