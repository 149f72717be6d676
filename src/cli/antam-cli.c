/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "antam-cli.h"
#include "antam-i18n.h"

int
antam_cli_usage_error (GOptionContext *context,
                       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("antam-cli: %s\n\n%s", message, help);
  return ANTAM_EXIT_USAGE;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n  antam-cli scan [--json] [--root DIR] [--home DIR] [--only ID,...]\n"
                   "  antam-cli remove APP [--yes] [--root DIR] [--home DIR]\n"
                   "  antam-cli rules check FILE\n"
                   "  antam-cli report [--format json|text|pdf] [-o FILE] [--send] [--withhold WHAT,...]\n"
                   "  antam-cli remind\n",
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
      return ANTAM_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "scan"))
    return antam_cli_scan (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "rules"))
    return antam_cli_rules (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "remove"))
    return antam_cli_remove (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "report"))
    return antam_cli_report (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "remind"))
    return antam_cli_remind (argc - 1, argv + 1);
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
  return ANTAM_EXIT_USAGE;
}
