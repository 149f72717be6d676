/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-cli.h"

/* Shared by antam-cli and its helper, antam-cli-report. */
int
antam_cli_usage_error (GOptionContext *context,
                       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("antam-cli: %s\n\n%s", message, help);
  return ANTAM_EXIT_USAGE;
}
