/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "antam-cli.h"
#include "rules/antam-rules.h"

int
antam_cli_rules (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("check FILE — validate a rules file"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamRules) rules = antam_rules_new ();
  g_autofree char *contents = NULL;
  gsize length;

  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 3 || !g_str_equal (argv[1], "check"))
    return antam_cli_usage_error (context, _("Usage: antam-cli rules check FILE"));

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
