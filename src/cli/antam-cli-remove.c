/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "antam-cli.h"
#include "rules/antam-rules.h"
#include "remedy/antam-removal-guide.h"
#include "remedy/antam-removal.h"

typedef struct {
  GMainLoop *loop;
  GCancellable *cancellable;
  AntamRemovalOutcome *outcome;
  GError *error;
} RemoveRun;

static const char *
state_label (AntamRemovalStepState state)
{
  switch (state)
    {
    case ANTAM_REMOVAL_STEP_DONE: return _("[done]");
    case ANTAM_REMOVAL_STEP_FAILED: return _("[failed]");
    case ANTAM_REMOVAL_STEP_SKIPPED: return _("[not done]");
    case ANTAM_REMOVAL_STEP_RUNNING: return _("[working]");
    case ANTAM_REMOVAL_STEP_PENDING:
    default: return "";
    }
}

static void
on_progress (AntamRemovalPlan *plan,
             guint             index,
             gpointer          user_data)
{
  AntamRemovalStep *step = antam_removal_plan_get_step (plan, index);

  if (step->state == ANTAM_REMOVAL_STEP_RUNNING)
    {
      g_print ("%2u. %s %s\n", index + 1, state_label (step->state), step->title);
      return;
    }
  g_print ("    %s %s\n", state_label (step->state), step->message ? step->message : "");
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RemoveRun *run = user_data;

  run->outcome = antam_removal_run_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  RemoveRun *run = user_data;

  /* A step under way is finished first: nothing is left half done. */
  g_printerr ("%s\n", _("Cancelling after the current step…"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
print_outcome (AntamRemovalOutcome *outcome)
{
  g_print ("\n%s\n", outcome->headline);
  for (guint i = 0; i < outcome->leftovers->len; i++)
    {
      AntamRemovalLeftover *left = g_ptr_array_index (outcome->leftovers, i);
      g_autofree char *location = left->location ? g_filename_display_name (left->location) : NULL;

      g_print ("  - %s: %s%s%s\n      %s\n", left->kind, left->name ? left->name : "",
               location && g_strcmp0 (location, left->name) != 0 ? " — " : "",
               location && g_strcmp0 (location, left->name) != 0 ? location : "",
               left->why);
    }
}

static void
print_guide (const AntamAppRule *rule,
             AntamRemovalPlan   *plan)
{
  g_autoptr(GPtrArray) guide = antam_removal_guide_new (rule, plan);
  g_autofree char *text = antam_removal_guide_to_text (guide);

  fputs (text, stdout);
}

int
antam_cli_remove (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("APP — remove a risky app, then check again"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamRemovalPlan) plan = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *root = NULL;
  g_autofree char *home = NULL;
  g_autofree char *plan_text = NULL;
  const AntamAppRule *rule;
  gboolean yes = FALSE;
  gboolean end_running = FALSE;
  gboolean guide_only = FALSE;
  RemoveRun run = { 0 };
  guint sigint;
  int status;
  GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask before removing"), NULL },
    { "end-running", 0, 0, G_OPTION_ARG_NONE, &end_running,
      N_("End the app if it is running and does not quit"), NULL },
    { "guide", 0, 0, G_OPTION_ARG_NONE, &guide_only,
      N_("Only print the guide with the commands to do it yourself"), NULL },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, N_("Act on the system installed under DIR"), N_("DIR") },
    { "home", 0, 0, G_OPTION_ARG_FILENAME, &home, N_("Read the user's home from DIR"), N_("DIR") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 2)
    return antam_cli_usage_error (context, argc < 2 ? _("Which app? For example: antam-cli remove zoom")
                                                    : _("Unexpected argument"));

  sysroot = antam_sysroot_new (root, home, &error);
  if (sysroot == NULL)
    return antam_cli_usage_error (context, error->message);

  results = antam_removal_scan_app (sysroot, argv[1], &rules, NULL, &error);
  if (results == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_INTERNAL;
    }
  rule = antam_rules_lookup (rules, argv[1]);
  if (rule == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No rule is called “%s”"), argv[1]);
      return antam_cli_usage_error (context, message);
    }

  plan = antam_removal_plan_new (sysroot, rule, results, &error);
  if (plan == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_USAGE;
    }

  if (guide_only)
    {
      print_guide (rule, plan);
      return ANTAM_EXIT_ALL_OK;
    }

  plan_text = antam_removal_plan_to_text (plan);
  fputs (plan_text, stdout);

  /* From a Flatpak: the plan says so; the guide is what can be done. */
  if (antam_removal_plan_get_n_steps (plan) > 0 && !antam_removal_plan_can_act (plan))
    {
      g_print ("\n");
      print_guide (rule, plan);
      return ANTAM_EXIT_WORST_WARNING;
    }

  if (antam_removal_plan_get_n_steps (plan) == 0)
    {
      g_autoptr(AntamRemovalOutcome) outcome = antam_removal_outcome_from_recheck (plan, results);
      print_outcome (outcome);
      return outcome->complete ? ANTAM_EXIT_ALL_OK : ANTAM_EXIT_WORST_WARNING;
    }

  if (!yes)
    {
      g_autofree char *question = NULL;

      if (!isatty (STDIN_FILENO))
        {
          g_printerr ("antam-cli: %s\n",
                      _("Nothing was removed: there is no terminal to ask on. Run again with --yes "
                        "to remove without asking."));
          return ANTAM_EXIT_USAGE;
        }
      question = g_strdup_printf (_("Remove %s as planned above? [y/N]"), rule->name);
      if (!antam_cli_ask (question))
        {
          g_print ("%s\n", _("Nothing was removed."));
          return ANTAM_EXIT_WORST_WARNING;
        }
      if (antam_removal_plan_has_running_app (plan) && !end_running)
        {
          g_autofree char *end_question =
            g_strdup_printf (_("%s is running. If it has not quit by then, may An Tâm end it? "
                               "Unsaved work in it is lost. [y/N]"), rule->name);
          end_running = antam_cli_ask (end_question);
        }
    }
  antam_removal_plan_set_end_running (plan, end_running);

  g_print ("\n");
  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  run.loop = loop;
  run.cancellable = cancellable;
  sigint = g_unix_signal_add (SIGINT, on_interrupt, &run);
  antam_removal_run_async (plan, on_progress, NULL, NULL, cancellable, on_removed, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);

  if (run.outcome == NULL)
    {
      g_printerr ("antam-cli: %s\n", run.error ? run.error->message : "?");
      g_clear_error (&run.error);
      return ANTAM_EXIT_INTERNAL;
    }

  print_outcome (run.outcome);
  if (!run.outcome->complete)
    {
      g_print ("\n");
      g_print (_("To finish by hand, see: antam-cli remove %s --guide"), argv[1]);
      g_print ("\n");
    }
  status = run.outcome->complete ? ANTAM_EXIT_ALL_OK : ANTAM_EXIT_WORST_WARNING;
  antam_removal_outcome_free (run.outcome);
  return status;
}
