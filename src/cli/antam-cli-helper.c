/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-cli.h"

/* antam-cli-report: "antam-cli report", "antam-cli remind" and "antam-cli
 * rules update", which antam-cli hands over to it with execv() and its own
 * arguments (see run_helper() in antam-cli.c).  Not a command of its own. */
int
main (int    argc,
      char **argv)
{
  if (!antam_cli_init_i18n (&argc, &argv))
    return ANTAM_EXIT_USAGE;

  if (argc >= 2 && g_str_equal (argv[1], "report"))
    return antam_cli_report (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remind"))
    return antam_cli_remind (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "rules"))
    {
      argc--;
      argv++;
      if (g_strcmp0 (antam_cli_take_subcommand (&argc, &argv), "update") == 0)
        return antam_cli_rules_update (argc, argv);
    }

  g_printerr ("Usage: antam-cli report|remind|rules update …\n");
  return ANTAM_EXIT_USAGE;
}
