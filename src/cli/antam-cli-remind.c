/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n.h>

#include "antam-cli.h"
#include "antam-cli-notify.h"
#include "antam-send.h"

#define MAX_REPORT_SIZE (8 * 1024 * 1024)

/* When the last check ran, as the app saved it: "generated" in
 * last-report.json, else the file's time. */
static GDateTime *
last_check_time (void)
{
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "antam", "last-report.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  GDateTime *when = NULL;
  gsize length;

  if (g_file_get_contents (path, &contents, &length, NULL) && length <= MAX_REPORT_SIZE)
    {
      cJSON *root = cJSON_ParseWithLength (contents, length);
      const cJSON *generated = cJSON_GetObjectItemCaseSensitive (root, "generated");

      if (cJSON_IsString (generated))
        when = g_date_time_new_from_iso8601 (generated->valuestring, NULL);
      cJSON_Delete (root);
    }
  if (when == NULL)
    {
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
      if (info != NULL)
        when = g_file_info_get_modification_date_time (info);
    }
  return when;
}

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

  /* At login, whatever the reminder says: the CSIRTs' rules, when due. */
  antam_cli_rules_update_when_due ();

  settings = antam_report_settings_new ();
  config = antam_send_config_load (settings);
  days = config->reminder_days;
  if (days == 0)
    return ANTAM_EXIT_ALL_OK;

  last = last_check_time ();
  if (last != NULL && g_date_time_difference (now, last) < (GTimeSpan) days * G_TIME_SPAN_DAY)
    {
      g_debug ("Last check %s is recent enough", g_date_time_format_iso8601 (last));
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
