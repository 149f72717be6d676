/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "antam-cli.h"
#include "antam-cli-outbox.h"
#include "rules/antam-rules.h"
#include "scan/antam-scan.h"
#include "report/antam-contacts.h"
#include "report/antam-last-check.h"
#include "report/antam-outbox.h"
#include "report/antam-report-model.h"
#include "report/antam-send.h"

static gboolean
parse_withhold (const char     *text,
                AntamWithhold  *withhold,
                GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i]; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_equal (part, "hostname"))
        *withhold |= ANTAM_WITHHOLD_HOSTNAME;
      else if (g_str_equal (part, "user"))
        *withhold |= ANTAM_WITHHOLD_USER_NAME;
      else if (g_str_equal (part, "home-paths"))
        *withhold |= ANTAM_WITHHOLD_HOME_PATHS;
      else if (g_str_equal (part, "download-urls"))
        *withhold |= ANTAM_WITHHOLD_DOWNLOAD_URLS;
      else if (g_str_equal (part, "all"))
        *withhold |= ANTAM_WITHHOLD_HOSTNAME | ANTAM_WITHHOLD_USER_NAME |
                     ANTAM_WITHHOLD_HOME_PATHS | ANTAM_WITHHOLD_DOWNLOAD_URLS;
      else if (*part != '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” cannot be withheld; use hostname, user, home-paths, download-urls or all"),
                       part);
          return FALSE;
        }
    }
  return TRUE;
}

/* The last check the app saved; without one, a check now. */
static AntamReportModel *
load_or_scan (GError **error)
{
  g_autofree char *state_dir = g_build_filename (g_get_user_state_dir (), "antam", NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) scan = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamSystemInfo) system = NULL;
  AntamReportModel *model;

  model = antam_report_model_load_last (state_dir, &local_error);
  if (model != NULL)
    return model;
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_printerr ("antam-cli: %s\n", local_error->message);

  g_printerr ("%s\n", _("No saved check was found; checking this computer now…"));
  sysroot = antam_sysroot_new_live ();
  rules = antam_rules_load (sysroot);
  scan = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (scan, NULL, NULL, NULL, NULL, error);
  if (results == NULL)
    return NULL;
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    antam_last_check_record (now);
  }
  system = antam_system_info_read (sysroot);
  return antam_report_model_new (results, system, antam_scan_context_get_now (scan));
}

int
antam_cli_report (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— make the report for the incident response team"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamReportModel) model = NULL;
  g_autoptr(AntamSendConfig) config = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AntamSysroot) live = NULL;
  g_autoptr(AntamContacts) contacts = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *withhold_text = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *what = NULL;
  g_autofree char *when = NULL;
  g_autofree char *affected = NULL;
  const AntamContact *contact;
  g_autofree char *resend_id = NULL;
  gboolean send = FALSE;
  gboolean retry = FALSE;
  gboolean list_outbox = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json, text (the e-mail) or pdf (the form)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of the screen"), N_("FILE") },
    { "send", 0, 0, G_OPTION_ARG_NONE, &send, N_("Send it by the configured channel"), NULL },
    { "retry", 0, 0, G_OPTION_ARG_NONE, &retry,
      N_("Send what waits in the outbox, and make nothing new"), NULL },
    { "resend", 0, 0, G_OPTION_ARG_STRING, &resend_id,
      N_("Send this report from the outbox again now, even if it may have been delivered"), N_("ID") },
    { "outbox", 0, 0, G_OPTION_ARG_NONE, &list_outbox,
      N_("List the reports in the outbox, with their state"), NULL },
    { "withhold", 0, 0, G_OPTION_ARG_STRING, &withhold_text,
      N_("Leave out hostname, user, home-paths, download-urls or all"), N_("WHAT,…") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact_id, N_("Send to this team (an id in contacts.json)"), N_("ID") },
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, N_("What happened, if anything"), N_("TEXT") },
    { "when", 0, 0, G_OPTION_ARG_STRING, &when, N_("When it happened"), N_("TEXT") },
    { "affected", 0, 0, G_OPTION_ARG_STRING, &affected, N_("What was affected"), N_("TEXT") },
    { NULL }
  };
  AntamWithhold withhold = ANTAM_WITHHOLD_NONE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc > 1)
    return antam_cli_usage_error (context, _("Unexpected argument"));
  if (format == NULL)
    format = g_strdup ("text");
  if (!g_str_equal (format, "json") && !g_str_equal (format, "text") && !g_str_equal (format, "pdf"))
    return antam_cli_usage_error (context, _("The format must be json, text or pdf"));
  if (withhold_text != NULL && !parse_withhold (withhold_text, &withhold, &error))
    return antam_cli_usage_error (context, error->message);
  if ((send ? 1 : 0) + (retry ? 1 : 0) + (resend_id ? 1 : 0) + (list_outbox ? 1 : 0) > 1)
    return antam_cli_usage_error (context, _("Choose one of --send, --retry, --resend and --outbox"));
  if (g_str_equal (format, "pdf") && (output == NULL || g_str_equal (output, "-")) && isatty (STDOUT_FILENO))
    return antam_cli_usage_error (context, _("A PDF is not for the terminal: give -o FILE"));

  settings = antam_report_settings_new ();
  config = antam_send_config_load (settings);
  if (contact_id != NULL)
    {
      g_free (config->contact_id);
      config->contact_id = g_strdup (contact_id);
    }

  /* Whom to send to is the agency's choice on this machine. */
  live = antam_sysroot_new_live ();
  contacts = antam_contacts_load (live);
  for (guint i = 0; i < contacts->errors->len; i++)
    g_printerr ("antam-cli: %s\n", (const char *) g_ptr_array_index (contacts->errors, i));
  antam_send_config_add_contacts (config, contacts);
  if (list_outbox)
    return antam_cli_outbox_list (contacts);
  if (retry || resend_id != NULL)
    return antam_cli_outbox_retry (config, contacts, resend_id, FALSE);
  contact = antam_contacts_lookup (contacts, config->contact_id);
  if (contact == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < contacts->contacts->len; i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "",
                                ((AntamContact *) g_ptr_array_index (contacts->contacts, i))->id);
      /* TRANSLATORS: the first %s is an id, the second a list of ids */
      g_printerr (_("antam-cli: no team “%s” in contacts.json (known: %s)\n"), config->contact_id, known->str);
      return ANTAM_EXIT_CONFIG;
    }

  model = load_or_scan (&error);
  if (model == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_INTERNAL;
    }
  antam_report_model_set_contact (model, contact);
  antam_report_model_load_sender (model, settings);
  model->withhold = withhold;
  model->incident_what = g_strdup (what);
  model->incident_when = g_strdup (when);
  model->incident_affected = g_strdup (affected);

  if (send)
    {
      /* Never send what was not seen: the e-mail text is shown first. */
      g_autofree char *subject = antam_report_model_get_subject (model);
      g_autofree char *text = antam_report_model_to_text (model);

      g_print ("%s %s\n\n%s\n", _("Subject:"), subject, text);
      return antam_cli_outbox_send_new (model, config, contacts);
    }

  if (g_str_equal (format, "json"))
    {
      g_autofree char *json = antam_report_model_to_json (model);
      if (!antam_cli_write_output (output, json, strlen (json), &error))
        goto failed;
    }
  else if (g_str_equal (format, "text"))
    {
      g_autofree char *subject = antam_report_model_get_subject (model);
      g_autofree char *body = antam_report_model_to_text (model);
      g_autofree char *text = g_strdup_printf ("%s %s\n\n%s", _("Subject:"), subject, body);
      if (!antam_cli_write_output (output, text, strlen (text), &error))
        goto failed;
    }
  else
    {
      g_autoptr(GBytes) pdf = antam_report_model_to_pdf (model, &error);
      if (pdf == NULL || !antam_cli_write_output (output, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error))
        goto failed;
    }
  return ANTAM_EXIT_ALL_OK;

failed:
  g_printerr ("antam-cli: %s\n", error->message);
  return ANTAM_EXIT_INTERNAL;
}
