/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "antam-cli.h"
#include "antam-i18n.h"
#include "util/antam-data-dir.h"
#include "rules/antam-rules.h"
#include "tally/antam-imap.h"
#include "tally/antam-tally-import.h"
#include "tally/antam-tally-picture.h"

/* antam-cli tally: a CSIRT's mailbox of reports into one picture of the
 * province.  Reports are imported into the store (idempotently), then the
 * picture is made from the store, so a tally with no SOURCE redraws the
 * last one from what was imported before. */

/* The picture is in Vietnamese unless LANGUAGE asks for English: it is
 * read by a CSIRT and its leadership in Vietnam, whatever the server's
 * locale.  glibc's gettext ignores LANGUAGE under the "C" locale, so
 * C.UTF-8 stands in for it. */
static void
choose_language (void)
{
  const char *language = g_getenv ("LANGUAGE");
  gboolean english = language != NULL && g_str_has_prefix (language, "en");
  const char *messages = setlocale (LC_MESSAGES, NULL);
  const char *ctype = setlocale (LC_CTYPE, NULL);

  g_setenv ("LANGUAGE", english ? "en" : "vi", TRUE);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  if (ctype == NULL || g_str_equal (ctype, "C") || g_str_equal (ctype, "POSIX"))
    setlocale (LC_CTYPE, "C.UTF-8");
  antam_i18n_set_language (english ? "en" : "vi");
}

/* "Now" is the clock, unless $ANTAM_TODAY pins it as for a scan. */
static gint64
now_unix (void)
{
  const char *today = g_getenv ("ANTAM_TODAY");

  if (today != NULL)
    {
      g_autofree char *iso = g_strdup_printf ("%sT12:00:00Z", today);
      g_autoptr(GDateTime) pinned = g_date_time_new_from_iso8601 (iso, NULL);

      if (pinned != NULL)
        return g_date_time_to_unix (pinned);
    }
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
parse_since (const char *text,
             gint64     *since)
{
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return FALSE;
  date = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (date == NULL)
    return FALSE;
  *since = g_date_time_to_unix (date);
  return TRUE;
}

static char *
read_password (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char buffer[1024];
  char *line;

  if (tty)
    {
      g_printerr ("%s ", _("Password:"));
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (line == NULL)
    return NULL;
  buffer[strcspn (buffer, "\r\n")] = '\0';
  line = g_strdup (buffer);
  memset (buffer, 0, sizeof buffer);
  return line;
}

static int
set_password (const char *url_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamImapUrl) url = antam_imap_url_parse (url_text, &error);
  g_autofree char *password = NULL;

  if (url == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_USAGE;
    }
  if (url->user == NULL)
    {
      g_printerr ("antam-cli: %s\n", _("Write the user name in the address: imaps://USER@server/INBOX"));
      return ANTAM_EXIT_USAGE;
    }
  password = read_password ();
  if (password == NULL || *password == '\0')
    {
      g_printerr ("antam-cli: %s\n", _("No password was given"));
      return ANTAM_EXIT_USAGE;
    }
  if (!antam_imap_store_password (url, password, &error))
    {
      memset (password, 0, strlen (password));
      /* TRANSLATORS: %s is the keyring's own message */
      g_printerr (_("antam-cli: the password could not be kept in the keyring: %s\n"), error->message);
      return ANTAM_EXIT_INTERNAL;
    }
  memset (password, 0, strlen (password));
  /* TRANSLATORS: %s is user@server */
  g_print (_("The password for %s@%s is in the keyring.\n"), url->user, url->host);
  return ANTAM_EXIT_ALL_OK;
}

static gboolean
import_imap (AntamTallyImport  *import,
             const char        *url_text,
             const char        *ca_file,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AntamImapUrl) url = antam_imap_url_parse (url_text, &local_error);
  AntamTallyImapOptions options = { url_text, ca_file, NULL };
  gboolean ok;

  if (url == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (url->user != NULL)
    {
      options.password = antam_imap_lookup_password (url, &local_error);
      if (options.password == NULL)
        {
          if (local_error != NULL)
            g_debug ("Secret Service: %s", local_error->message);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       /* TRANSLATORS: the %s are user@server and the mailbox address */
                       _("No password for %s@%s in the keyring: store it with antam-cli tally --set-password %s"),
                       url->user, url->host, url_text);
          return FALSE;
        }
    }
  ok = antam_tally_import_imap (import, &options, error);
  if (options.password != NULL)
    {
      memset (options.password, 0, strlen (options.password));
      g_free (options.password);
    }
  return ok;
}

static GHashTable *
load_rule_names (void)
{
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(AntamRules) rules = antam_rules_load (live);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < rules->apps->len; i++)
    {
      const AntamAppRule *rule = g_ptr_array_index (rules->apps, i);
      g_hash_table_insert (names, g_strdup (rule->id), g_strdup (rule->name));
    }
  return names;
}

int
antam_cli_tally (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamTallyStore) store = NULL;
  g_autoptr(AntamJsonSchema) schema = NULL;
  g_autoptr(AntamTallyImport) import = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) rule_names = NULL;
  g_autoptr(AntamTallyPicture) picture = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autofree char *db = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *password_url = NULL;
  g_autofree char *schema_path = NULL;
  g_auto(GStrv) sources = NULL;
  gboolean import_only = FALSE;
  gboolean incomplete = FALSE;
  gint64 since = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &db,
      N_("The database: a file, or postgresql://… (default: tally.sqlite in your data folder)"), N_("DB") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("text, csv, json, html or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of the screen"), N_("FILE") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, N_("Count only reports made on or after DATE"), N_("YYYY-MM-DD") },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("Only the units whose name contains TEXT, or with this agency code"),
      N_("TEXT") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the mail server’s certificate from this CA file (IMAP)"), N_("FILE") },
    { "set-password", 0, 0, G_OPTION_ARG_STRING, &password_url,
      N_("Keep the password of this mailbox in the keyring (read from the terminal)"), N_("IMAPS-URL") },
    { "import-only", 0, 0, G_OPTION_ARG_NONE, &import_only, N_("Import, print the summary, make no picture"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sources, NULL, N_("SOURCE…") },
    { NULL }
  };

  choose_language ();
  context = g_option_context_new (_("— the picture of the province from the reports received"));
  g_option_context_set_summary (context,
                                _("SOURCE: a Maildir, an mbox file, a folder of .json reports, a .json or .eml file, "
                                  "or an IMAP mailbox (imaps://user@server/INBOX)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);

  if (password_url != NULL)
    return set_password (password_url);

  if (format == NULL)
    format = g_strdup ("text");
  if (!g_strv_contains ((const char * const[]) { "text", "csv", "json", "html", "pdf", NULL }, format))
    return antam_cli_usage_error (context, _("The format must be text, csv, json, html or pdf"));
  if (since_text != NULL && !parse_since (since_text, &since))
    return antam_cli_usage_error (context, _("Write the date as YYYY-MM-DD, e.g. 2026-11-01"));
  if (g_str_equal (format, "pdf") && !import_only && (output == NULL || g_str_equal (output, "-")) &&
      isatty (STDOUT_FILENO))
    return antam_cli_usage_error (context, _("A PDF is not for the terminal: give -o FILE"));

  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    if (antam_imap_url_is_imap (sources[i]))
      {
        g_autoptr(AntamImapUrl) url = antam_imap_url_parse (sources[i], &error);

        if (url == NULL)
          return antam_cli_usage_error (context, error->message);
      }

  store = antam_tally_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_INTERNAL;
    }

  if (sources != NULL && sources[0] != NULL)
    {
      /* Validation needs the published schema: without it nothing is
       * called valid. */
      schema_path = antam_data_path ("antam-report.schema.json", NULL);
      schema = antam_json_schema_load (schema_path, &error);
      if (schema == NULL)
        {
          /* TRANSLATORS: %s is the system's reason */
          g_printerr (_("antam-cli: the published report schema could not be read, so reports cannot be "
                        "checked: %s\n"), error->message);
          return ANTAM_EXIT_INTERNAL;
        }
      import = antam_tally_import_new (store, schema, now_unix ());
      for (guint i = 0; sources[i] != NULL; i++)
        {
          gboolean ok = antam_imap_url_is_imap (sources[i])
                        ? import_imap (import, sources[i], ca_file, &error)
                        : antam_tally_import_path (import, sources[i], &error);

          if (!ok)
            {
              g_autofree char *summary = antam_tally_import_format_summary (import);

              g_printerr ("%s", summary);
              g_printerr ("antam-cli: %s\n", error->message);
              return g_error_matches (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_UNREADABLE)
                     ? ANTAM_EXIT_INTERNAL : ANTAM_EXIT_TEMPFAIL;
            }
        }
      {
        g_autofree char *summary = antam_tally_import_format_summary (import);
        GPtrArray *summaries = antam_tally_import_get_summaries (import);

        g_printerr ("%s\n", _("Import summary:"));
        g_printerr ("%s", summary);
        for (guint i = 0; i < summaries->len; i++)
          {
            AntamTallySourceSummary *s = g_ptr_array_index (summaries, i);
            incomplete |= s->failed || s->problems > s->invalid;
          }
      }
    }
  if (import_only)
    return incomplete ? ANTAM_EXIT_WORST_WARNING : ANTAM_EXIT_ALL_OK;

  records = antam_tally_store_load (store, &error);
  if (records == NULL)
    goto failed;
  rule_names = load_rule_names ();
  picture = antam_tally_picture_build (records, rule_names, since, unit, now_unix ());
  if (!antam_tally_picture_update_trend (picture, store, &error))
    goto failed;

  if (g_str_equal (format, "csv"))
    document = antam_tally_picture_to_csv (picture);
  else if (g_str_equal (format, "json"))
    document = antam_tally_picture_to_json (picture);
  else if (g_str_equal (format, "html"))
    document = antam_tally_picture_to_html (picture);
  else if (g_str_equal (format, "pdf"))
    document = antam_tally_picture_to_pdf (picture, &error);
  else
    document = antam_tally_picture_to_text (picture);
  if (document == NULL || !antam_cli_write_output (output, g_bytes_get_data (document, NULL), g_bytes_get_size (document), &error))
    goto failed;
  return incomplete ? ANTAM_EXIT_WORST_WARNING : ANTAM_EXIT_ALL_OK;

failed:
  g_printerr ("antam-cli: %s\n", error->message);
  return ANTAM_EXIT_INTERNAL;
}
