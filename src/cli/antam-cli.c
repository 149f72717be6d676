/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "antam-report.h"
#include "antam-rules.h"
#include "antam-scan.h"

/* The exit codes of DESIGN.md, as sysexits(3) names the last two. */
enum {
  EXIT_ALL_OK = 0,
  EXIT_WORST_WARNING = 1,
  EXIT_ANY_RISK = 2,
  EXIT_USAGE = 64,
  EXIT_INTERNAL = 70,
};

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("antam-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

static const char *
status_label (AntamStatus status)
{
  /* Brackets and words, so the table reads the same without colour. */
  switch (status)
    {
    case ANTAM_STATUS_OK: return _("[OK]");
    case ANTAM_STATUS_MANUAL: return _("[ANSWER]");
    case ANTAM_STATUS_UNKNOWN: return _("[UNKNOWN]");
    case ANTAM_STATUS_WARNING: return _("[WARNING]");
    case ANTAM_STATUS_RISK: return _("[RISK]");
    case ANTAM_N_STATUSES:
    default: return "";
    }
}

static void
print_text_report (GPtrArray             *results,
                   const AntamSystemInfo *system)
{
  guint counts[ANTAM_N_STATUSES];

  g_print ("%s\n", _("An Tâm — information security self-check"));
  if (system->os_name)
    g_print (_("System: %s"), system->os_name);
  g_print ("\n\n");

  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);

      g_print ("%-12s %s  (%s)\n", status_label (result->status), result->title, result->check);
      for (guint j = 0; j < result->items->len; j++)
        {
          AntamItem *item = g_ptr_array_index (result->items, j);
          g_autofree char *location = item->location ? g_filename_display_name (item->location) : NULL;
          g_autoptr(GString) line = g_string_new ("             - ");

          g_string_append_printf (line, "%s: %s", item->kind, item->name ? item->name : "");
          if (item->version)
            g_string_append_printf (line, " %s", item->version);
          if (location && g_strcmp0 (location, item->name) != 0)
            g_string_append_printf (line, " — %s", location);
          g_print ("%s\n", line->str);
          if (item->origin)
            g_print ("               %s %s\n", _("from:"), item->origin);
          if (item->sha256)
            g_print ("               SHA-256: %s\n", item->sha256);
          if (item->detail)
            g_print ("               %s\n", item->detail);
        }
      if (result->status >= ANTAM_STATUS_WARNING && result->remedy_text)
        g_print ("             %s %s\n", _("What to do:"), result->remedy_text);
    }

  antam_results_count (results, counts);
  g_print ("\n");
  g_print (_("%u risk, %u warning, %u could not be checked, %u OK"),
           counts[ANTAM_STATUS_RISK], counts[ANTAM_STATUS_WARNING],
           counts[ANTAM_STATUS_UNKNOWN], counts[ANTAM_STATUS_OK]);
  g_print ("\n");
}

static AntamSysroot *
open_sysroot (const char  *root,
              const char  *home,
              GError     **error)
{
  return antam_sysroot_new (root, home, error);
}

static int
exit_code_for (GPtrArray *results)
{
  AntamStatus worst = antam_results_worst (results);

  if (worst == ANTAM_STATUS_RISK)
    return EXIT_ANY_RISK;
  /* "Could not tell" is not "all is well". */
  if (worst >= ANTAM_STATUS_MANUAL)
    return EXIT_WORST_WARNING;
  return EXIT_ALL_OK;
}

static int
command_scan (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check this computer"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamScanContext) scan = NULL;
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamSystemInfo) system = NULL;
  g_auto(GStrv) only = NULL;
  g_autofree char *root = NULL;
  g_autofree char *home = NULL;
  g_autofree char *only_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the JSON report"), NULL },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, N_("Check the system installed under DIR"), N_("DIR") },
    { "home", 0, 0, G_OPTION_ARG_FILENAME, &home, N_("Read the user's home from DIR"), N_("DIR") },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only_text, N_("Run only these checks"), N_("ID,…") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    return usage_error (context, _("Unexpected argument"));

  if (only_text != NULL)
    {
      only = g_strsplit (only_text, ",", -1);
      for (guint i = 0; only[i]; i++)
        g_strstrip (only[i]);
      if (!antam_scan_validate_only ((const char * const *) only, &error))
        return usage_error (context, error->message);
    }

  sysroot = open_sysroot (root, home, &error);
  if (sysroot == NULL)
    return usage_error (context, error->message);

  rules = antam_rules_load (sysroot);
  for (guint i = 0; i < rules->errors->len; i++)
    g_printerr ("antam-cli: %s\n", (const char *) g_ptr_array_index (rules->errors, i));

  scan = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (scan, (const char * const *) only, NULL, NULL, NULL, &error);
  if (results == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return EXIT_INTERNAL;
    }

  system = antam_system_info_read (sysroot);
  if (json)
    {
      g_autofree char *text = antam_report_to_json (results, system,
                                                    antam_scan_context_get_now (scan));
      fputs (text, stdout);
    }
  else
    print_text_report (results, system);

  return exit_code_for (results);
}

static int
command_rules (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("check FILE — validate a rules file"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamRules) rules = antam_rules_new ();
  g_autofree char *contents = NULL;
  gsize length;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 3 || !g_str_equal (argv[1], "check"))
    return usage_error (context, _("Usage: antam-cli rules check FILE"));

  if (!g_file_get_contents (argv[2], &contents, &length, &error) ||
      !antam_rules_add_file (rules, argv[2], contents, length, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: valid, %u app rule\n", "%s: valid, %u app rules\n",
                        rules->apps->len),
           argv[2], rules->apps->len);
  return 0;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n  antam-cli scan [--json] [--root DIR] [--home DIR] [--only ID,...]\n"
                   "  antam-cli rules check FILE\n",
           _("Usage:"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  antam_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "scan"))
    return command_scan (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "rules"))
    return command_rules (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("antam-cli %s\n", VERSION);
      return 0;
    }

  g_printerr (_("antam-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
