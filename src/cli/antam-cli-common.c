/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

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

/* Asks on the terminal; only a yes is a yes. */
gboolean
antam_cli_ask (const char *question)
{
  char answer[64] = "";
  g_autofree char *word = NULL;

  g_print ("%s ", question);
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  word = g_utf8_strdown (g_strstrip (answer), -1);
  /* Vietnamese readers answer "c" (có) as naturally as "y". */
  return g_str_equal (word, "y") || g_str_equal (word, "yes") ||
         g_str_equal (word, "c") || g_str_equal (word, "có") || g_str_equal (word, "co");
}
