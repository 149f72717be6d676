/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "antam-cli.h"

/* "report", "remind" and "rules update" are a helper's (antam-cli-report): sending,
 * the PDF, the keyring and notifications need libcurl, Pango and Cairo,
 * libsecret and libnotify, some sixty shared libraries in all.  Loading
 * them took longer than a whole scan of most systems, for commands that
 * never use them.  The helper takes the process over with the same
 * arguments, so nothing changes for the caller.  Run from the build tree
 * it is found beside antam-cli; installed, in LIBEXECDIR.  "tally" is
 * antam-cli-tally's, for SQLite and libpq. */
static int
run_helper (const char  *name,
            char       **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *self_dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = self_dir != NULL ? g_build_filename (self_dir, name, NULL) : NULL;
  g_autofree char *installed = g_build_filename (LIBEXECDIR, name, NULL);
  const char *helper = beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE)
    ? beside : installed;
  int saved;

  execv (helper, argv);
  saved = errno;
  g_printerr (_("antam-cli: could not start %s: %s\n"), helper, g_strerror (saved));
  return ANTAM_EXIT_INTERNAL;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n  antam-cli scan [--json] [--root DIR] [--home DIR] [--only ID,...]\n"
                   "  antam-cli remove APP [--yes] [--root DIR] [--home DIR]\n"
                   "  antam-cli fix home-privacy [--yes] [--root DIR] [--home DIR]\n"
                   "  antam-cli rules check FILE\n"
                   "  antam-cli rules list [--json]\n"
                   "  antam-cli rules update\n"
                   "  antam-cli rules keygen -o DIR\n"
                   "  antam-cli rules publish RULES.json --key SECRET -o DIR\n"
                   "  antam-cli report [--format json|text|pdf] [-o FILE] [--send] [--withhold WHAT,...]\n"
                   "  antam-cli remind\n"
                   "  antam-cli tally [SOURCE…] [--db DB] [--format text|csv|json|html|pdf] [-o FILE] [--since DATE] [--unit TEXT]\n\n%s\n",
           _("Usage:"),
           _("Every command takes --lang vi or --lang en: the language it writes in, "
             "instead of the one of the locale and LANGUAGE."));
}

int
main (int    argc,
      char **argv)
{
  if (!antam_cli_init_i18n (&argc, &argv))
    return ANTAM_EXIT_USAGE;

  if (argc < 2)
    {
      print_usage (stderr);
      return ANTAM_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "scan"))
    return antam_cli_scan (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "rules"))
    {
      int rules_argc = argc - 1;
      char **rules_argv = argv + 1;

      if (g_strcmp0 (antam_cli_take_subcommand (&rules_argc, &rules_argv), "update") == 0)
        return run_helper (REPORT_HELPER_NAME, argv);
      return antam_cli_rules (argc - 1, argv + 1);
    }
  if (g_str_equal (argv[1], "remove"))
    return antam_cli_remove (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "fix"))
    return antam_cli_fix (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "report") || g_str_equal (argv[1], "remind"))
    return run_helper (REPORT_HELPER_NAME, argv);
  if (g_str_equal (argv[1], "tally"))
    return run_helper (TALLY_HELPER_NAME, argv);
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
