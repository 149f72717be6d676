/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "antam-cli.h"
#include "scan/antam-scan.h"
#include "remedy/antam-home-permissions.h"

/* antam-cli fix home-privacy: what the one-click fix of the window does,
 * for someone at a terminal or IT staff over ssh.  It shows each change
 * first, asks (or takes --yes), changes only the user's own files, and
 * ends with the same check again: its exit status is the check's. */

static void
print_plan (AntamHomeInspection *inspection)
{
  g_autofree char *commands = antam_home_fix_commands (inspection);

  g_print ("%s\n", _("An Tâm will make these private, so that only you can open them:"));
  for (guint i = 0; i < inspection->exposures->len; i++)
    {
      AntamExposure *exposure = g_ptr_array_index (inspection->exposures, i);
      const char *name = exposure->kind == ANTAM_EXPOSURE_HOME ? _("Your home folder") : exposure->display;

      if (exposure->ours)
        /* TRANSLATORS: a file or folder, then its permissions before and after, e.g. 0755 → 0700 */
        g_print (_("  %s (%04o → %04o)\n"), name, exposure->mode, exposure->fixed_mode);
      else
        g_print (_("  %s: belongs to another account, left to your IT staff\n"), name);
    }
  if (inspection->n_world_writable > inspection->exposures->len)
    g_print (_("  … and more files anyone can change, %u in all\n"), inspection->n_world_writable);
  g_print ("%s %s\n", _("The same, as commands:"), commands);
}

static AntamResult *
check_again (AntamSysroot  *sysroot,
             GPtrArray    **keep)
{
  static const char * const only[] = { "home-privacy", NULL };
  g_autoptr(AntamRules) rules = antam_rules_new ();
  g_autoptr(AntamScanContext) context = antam_scan_context_new (sysroot, rules);

  *keep = antam_scan_run (context, only, NULL, NULL, NULL, NULL);
  return *keep != NULL && (*keep)->len > 0 ? g_ptr_array_index (*keep, 0) : NULL;
}

static int
exit_code_for (AntamResult *result)
{
  if (result == NULL)
    return ANTAM_EXIT_INTERNAL;
  if (result->status == ANTAM_STATUS_RISK)
    return ANTAM_EXIT_ANY_RISK;
  return result->status >= ANTAM_STATUS_MANUAL ? ANTAM_EXIT_WORST_WARNING : ANTAM_EXIT_ALL_OK;
}

int
antam_cli_fix (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("home-privacy — make your own folders private, "
                                                              "then check again"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamHomeInspection) inspection = NULL;
  g_autoptr(AntamHomeFixOutcome) outcome = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *root = NULL;
  g_autofree char *home = NULL;
  gboolean yes = FALSE;
  AntamResult *result;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask before changing"), NULL },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, N_("Act on the system installed under DIR"), N_("DIR") },
    { "home", 0, 0, G_OPTION_ARG_FILENAME, &home, N_("Read the user's home from DIR"), N_("DIR") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 2 || !g_str_equal (argv[1], "home-privacy"))
    return antam_cli_usage_error (context, _("What to fix? An Tâm fixes one thing itself: antam-cli fix "
                                             "home-privacy"));

  sysroot = antam_sysroot_new (root, home, &error);
  if (sysroot == NULL)
    return antam_cli_usage_error (context, error->message);

  inspection = antam_home_inspect (sysroot, NULL, &error);
  if (inspection == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_INTERNAL;
    }
  if (inspection->exposures->len == 0)
    {
      result = check_again (sysroot, &results);
      g_print ("%s %s\n", _("Nothing to change:"), result ? result->title : "");
      return exit_code_for (result);
    }

  print_plan (inspection);
  if (antam_sysroot_is_sandboxed (sysroot))
    {
      g_printerr ("antam-cli: %s\n", _("Nothing was changed: from its Flatpak sandbox An Tâm may only read "
                                       "your files. Run the commands above."));
      return ANTAM_EXIT_USAGE;
    }
  if (!yes)
    {
      if (!isatty (STDIN_FILENO))
        {
          g_printerr ("antam-cli: %s\n", _("Nothing was changed: there is no terminal to ask on. Run again "
                                           "with --yes to change without asking."));
          return ANTAM_EXIT_USAGE;
        }
      if (!antam_cli_ask (_("Make them private as shown above? [y/N]")))
        {
          g_print ("%s\n", _("Nothing was changed."));
          return ANTAM_EXIT_WORST_WARNING;
        }
    }

  outcome = antam_home_fix (sysroot, inspection);
  g_print ("\n");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u file or folder made private.", "%u files and folders made private.",
                        outcome->n_fixed), outcome->n_fixed);
  g_print ("\n");
  for (guint i = 0; i < outcome->problems->len; i++)
    g_print ("  - %s\n", (const char *) g_ptr_array_index (outcome->problems, i));

  result = check_again (sysroot, &results);
  g_print ("%s %s\n", _("Checked again:"), result ? result->title : "");
  return exit_code_for (result);
}
