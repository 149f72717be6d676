/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <malloc.h>
#include <stdio.h>

#include "antam-cli.h"
#include "report/antam-report.h"
#include "rules/antam-rules.h"
#include "scan/antam-scan.h"
#include "report/antam-last-check.h"
#include "session/antam-scenario.h"

/* Brackets and words, so the table reads the same without colour; all
 * as wide as the widest, so that the titles line up. */
static char *
padded_tag (AntamStatus status)
{
  g_autofree char *tag = antam_status_tag (status);
  glong width = 0;

  for (guint s = 0; s < ANTAM_N_STATUSES; s++)
    {
      g_autofree char *other = antam_status_tag (s);
      width = MAX (width, g_utf8_strlen (other, -1));
    }
  return g_strdup_printf ("%s%*s", tag, (int) (width - g_utf8_strlen (tag, -1)), "");
}

static void
print_text_report (GPtrArray             *results,
                   const AntamSystemInfo *system)
{
  g_autofree char *counts = antam_results_describe_counts (results);

  g_print ("%s\n", _("An Tâm — information security self-check"));
  if (system->os_name)
    g_print (_("System: %s"), system->os_name);
  g_print ("\n\n");

  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      g_autofree char *tag = padded_tag (result->status);

      g_print ("%s %s  (%s)\n", tag, result->title, result->check);
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
      if (result->status != ANTAM_STATUS_OK && result->remedy_text)
        g_print ("             %s %s\n", _("What to do:"), result->remedy_text);
      if (result->status >= ANTAM_STATUS_WARNING && result->it_staff)
        g_print ("             %s %s\n", _("For IT staff:"), result->it_staff);
    }

  g_print ("\n%s\n", counts);
}

/* A training scenario is checked as the app checks it: on a private copy
 * of its made-up computer, removed afterwards. */
static AntamSysroot *
open_training_sysroot (const char     *name,
                       AntamScenario **scenario,
                       GError        **error)
{
  *scenario = antam_scenario_load (name, error);
  if (*scenario == NULL || !antam_scenario_prepare (*scenario, error))
    return NULL;
  return antam_scenario_create_sysroot (*scenario, error);
}

static int
exit_code_for (GPtrArray *results)
{
  AntamStatus worst = antam_results_worst (results);

  if (worst == ANTAM_STATUS_RISK)
    return ANTAM_EXIT_ANY_RISK;
  /* "Could not tell" is not "all is well". */
  if (worst >= ANTAM_STATUS_MANUAL)
    return ANTAM_EXIT_WORST_WARNING;
  return ANTAM_EXIT_ALL_OK;
}

static AntamScanContext *kept_scan;
static GPtrArray *kept_results;

int
antam_cli_scan (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check this computer"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamScenario) scenario = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamScanContext) scan = NULL;
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamSystemInfo) system = NULL;
  g_auto(GStrv) only = NULL;
  g_autofree char *root = NULL;
  g_autofree char *home = NULL;
  g_autofree char *only_text = NULL;
  g_autofree char *training = NULL;
  gboolean json = FALSE;
  int code;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the JSON report"), NULL },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, N_("Check the system installed under DIR"), N_("DIR") },
    { "home", 0, 0, G_OPTION_ARG_FILENAME, &home, N_("Read the user's home from DIR"), N_("DIR") },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only_text, N_("Run only these checks"), N_("ID,…") },
    { "training", 0, 0, G_OPTION_ARG_STRING, &training,
      N_("Check a training scenario instead of this computer"), N_("SCENARIO") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc > 1)
    return antam_cli_usage_error (context, _("Unexpected argument"));

  if (only_text != NULL)
    {
      only = g_strsplit (only_text, ",", -1);
      for (guint i = 0; only[i]; i++)
        g_strstrip (only[i]);
      if (!antam_scan_validate_only ((const char * const *) only, &error))
        return antam_cli_usage_error (context, error->message);
    }

  /* The inventory is read by several threads, each allocating from its own
   * malloc arena.  Such an arena grows by mprotect() in steps of 128 KiB,
   * and each call takes the address-space lock every other thread's page
   * faults wait on: on a large system that was a tenth of the scan.  Growing
   * in larger steps costs address space, not memory (untouched pages stay
   * unbacked). */
  mallopt (M_TOP_PAD, 8 * 1024 * 1024);

  if (training != NULL && (root != NULL || home != NULL))
    return antam_cli_usage_error (context, _("A training scenario is its own computer: leave out --root and --home"));
  if (training != NULL)
    sysroot = open_training_sysroot (training, &scenario, &error);
  else
    sysroot = antam_sysroot_new (root, home, &error);
  if (sysroot == NULL)
    return antam_cli_usage_error (context, error->message);

  rules = antam_rules_load (sysroot);
  for (guint i = 0; i < rules->errors->len; i++)
    g_printerr ("antam-cli: %s\n", (const char *) g_ptr_array_index (rules->errors, i));

  scan = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (scan, (const char * const *) only, NULL, NULL, NULL, &error);
  if (results == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_INTERNAL;
    }

  /* This computer, all of it: a check the reminder counts. */
  if (root == NULL && home == NULL && training == NULL && only == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      antam_last_check_record (now);
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

  code = exit_code_for (results);

  /* The inventory and the results are left for the process's end to take
   * back, which it does at once: freeing a large system's thousands of
   * entries one by one took a twentieth of the scan.  Kept reachable, so
   * that leak checkers have nothing to report. */
  kept_scan = g_steal_pointer (&scan);
  kept_results = g_steal_pointer (&results);
  return code;
}
