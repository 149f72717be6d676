/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-cli.h"

/* antam-cli-report: "antam-cli report", "antam-cli remind" and "antam-cli
 * rules update"; built again as antam-cli-tally for "antam-cli tally".
 * antam-cli hands over to them with execv() and its own arguments (see
 * run_helper() in antam-cli.c).  Not commands of their own. */
int
main (int    argc,
      char **argv)
{
  if (!antam_cli_init_i18n (&argc, &argv))
    return ANTAM_EXIT_USAGE;

#ifdef ANTAM_TALLY_HELPER
  if (argc >= 2 && g_str_equal (argv[1], "tally"))
    return antam_cli_tally (argc - 1, argv + 1);
  g_printerr ("Usage: antam-cli tally …\n");
#else
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
#endif
  return ANTAM_EXIT_USAGE;
}
