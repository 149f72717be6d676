/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "remedy/antam-removal.h"
#include "remedy/antam-removal-target.h"
#include "scan/antam-scan.h"

G_DEFINE_QUARK (antam-removal-error-quark, antam_removal_error)

/* The progress callback outlives the task only as long as updates still
 * queued for the caller's context need it. */
typedef struct {
  gatomicrefcount ref_count;
  AntamRemovalProgressFunc func;
  gpointer data;
  GDestroyNotify destroy;
} Progress;

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (Progress *progress)
{
  if (!g_atomic_ref_count_dec (&progress->ref_count))
    return;
  if (progress->destroy)
    progress->destroy (progress->data);
  g_free (progress);
}

typedef struct {
  AntamRemovalPlan *plan;
  AntamRemovalTarget *target;
  GMainContext *context;
  Progress *progress;
  gboolean end_running;
  /* The worker's own record; the plan's steps are only written on the
   * caller's context, so a window can read them at any time. */
  AntamRemovalStepState *states;
  char **messages;
  gboolean cancelled;
} RunData;

static void
run_data_free (RunData *data)
{
  guint n = antam_removal_plan_get_n_steps (data->plan);

  for (guint i = 0; i < n; i++)
    g_free (data->messages[i]);
  g_free (data->messages);
  g_free (data->states);
  antam_removal_target_free (data->target);
  antam_removal_plan_unref (data->plan);
  g_main_context_unref (data->context);
  progress_unref (data->progress);
  g_free (data);
}

typedef struct {
  AntamRemovalPlan *plan;
  Progress *progress;
  guint index;
  AntamRemovalStepState state;
  char *message;
} Update;

static void
update_free (Update *update)
{
  antam_removal_plan_unref (update->plan);
  progress_unref (update->progress);
  g_free (update->message);
  g_free (update);
}

static gboolean
apply_update (gpointer user_data)
{
  Update *update = user_data;
  AntamRemovalStep *step = antam_removal_plan_get_step (update->plan, update->index);

  step->state = update->state;
  g_free (step->message);
  step->message = g_strdup (update->message);
  if (update->progress->func)
    update->progress->func (update->plan, update->index, update->progress->data);
  return G_SOURCE_REMOVE;
}

static void
set_state (RunData              *data,
           guint                 index,
           AntamRemovalStepState state,
           char                 *message)
{
  Update *update = g_new0 (Update, 1);

  data->states[index] = state;
  g_free (data->messages[index]);
  data->messages[index] = message;

  update->plan = antam_removal_plan_ref (data->plan);
  update->progress = progress_ref (data->progress);
  update->index = index;
  update->state = state;
  update->message = g_strdup (message);
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, apply_update, update,
                              (GDestroyNotify) update_free);
}

typedef enum { PATH_MISSING, PATH_SAME, PATH_CHANGED } PathCheck;

/* "A path that changed since the scan": not the same file any more (a
 * link put in place of a folder, say) is not removed. */
static PathCheck
check_path (AntamSysroot     *sysroot,
            AntamRemovalStep *step,
            char            **host_out)
{
  g_autofree char *host = antam_sysroot_path (sysroot, step->target);
  struct stat st;

  if (lstat (host, &st) != 0)
    return PATH_MISSING;
  if (host_out)
    *host_out = g_strdup (host);
  if (step->has_stat && (st.st_dev != step->dev || st.st_ino != step->ino ||
                         (guint) (st.st_mode & S_IFMT) != step->mode))
    return PATH_CHANGED;
  return PATH_SAME;
}

static gboolean
is_install_step (AntamRemovalStep *step)
{
  return step->action == ANTAM_REMOVAL_REMOVE_PACKAGE ||
         step->action == ANTAM_REMOVAL_UNINSTALL_FLATPAK ||
         step->action == ANTAM_REMOVAL_REMOVE_SNAP;
}

static void
run_step (RunData          *data,
          guint             index,
          gboolean          installs_failed,
          gboolean         *stop)
{
  AntamRemovalPlan *plan = data->plan;
  AntamRemovalStep *step = antam_removal_plan_get_step (plan, index);
  AntamSysroot *sysroot = antam_removal_plan_get_sysroot (plan);
  const AntamRemovalTargetVTable *vtable = data->target->vtable;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  char *message = NULL;
  gboolean ok = FALSE;
  AntamRemovalStep *owner = step->owner >= 0 ? antam_removal_plan_get_step (plan, (guint) step->owner) : NULL;
  gboolean owner_done = owner != NULL && data->states[step->owner] == ANTAM_REMOVAL_STEP_DONE;

  set_state (data, index, ANTAM_REMOVAL_STEP_RUNNING, NULL);

  switch (step->action)
    {
    case ANTAM_REMOVAL_END_PROCESS:
      ok = vtable->end_process (data->target, step, data->end_running, &message, &error);
      if (!ok && g_error_matches (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_STILL_RUNNING))
        *stop = TRUE;
      break;

    case ANTAM_REMOVAL_REMOVE_PACKAGE:
      ok = vtable->remove_package (data->target, step, &message, &error);
      break;

    case ANTAM_REMOVAL_UNINSTALL_FLATPAK:
      ok = vtable->uninstall_flatpak (data->target, step, &message, &error);
      break;

    case ANTAM_REMOVAL_REMOVE_SNAP:
      ok = vtable->remove_snap (data->target, step, &message, &error);
      break;

    case ANTAM_REMOVAL_REMOVE_SYSTEM_PATH:
      switch (check_path (sysroot, step, NULL))
        {
        case PATH_MISSING:
          ok = TRUE;
          message = owner_done
            ? g_strdup_printf (_("Removed with: %s."), owner->title)
            : g_strdup (_("It was already gone."));
          break;
        case PATH_CHANGED:
          g_set_error (&error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_CHANGED,
                       _("It has changed since the check, so it was not touched. Check again, "
                         "then remove it."));
          break;
        case PATH_SAME:
        default:
          /* Files of a package that is still installed are the package's:
           * deleting them behind its back would break it. */
          if (installs_failed || (owner != NULL && !owner_done))
            {
              set_state (data, index, ANTAM_REMOVAL_STEP_SKIPPED,
                         g_strdup (_("Not done: it waits for a package removal that did not succeed.")));
              return;
            }
          ok = vtable->remove_system_path (data->target, step, &message, &error);
          break;
        }
      break;

    case ANTAM_REMOVAL_TRASH:
      switch (check_path (sysroot, step, &host))
        {
        case PATH_MISSING:
          ok = TRUE;
          message = g_strdup (_("It was already gone."));
          break;
        case PATH_CHANGED:
          g_set_error (&error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_CHANGED,
                       _("It has changed since the check, so it was not touched. Check again, "
                         "then remove it."));
          break;
        case PATH_SAME:
        default:
          ok = vtable->trash (data->target, step, host, &message, &error);
          break;
        }
      break;

    case ANTAM_REMOVAL_FORGET_URL_HANDLER:
      ok = antam_removal_forget_url_handler (sysroot, step, &message, &error);
      break;

    case ANTAM_REMOVAL_WITH_OTHER_STEP:
      if (!owner_done)
        {
          set_state (data, index, ANTAM_REMOVAL_STEP_SKIPPED,
                     g_strdup_printf (_("Not done, because this step did not succeed: %s."),
                                      owner ? owner->title : "?"));
          return;
        }
      if (step->target[0] == '/' && check_path (sysroot, step, NULL) != PATH_MISSING)
        g_set_error (&error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                     _("It is still there, although this step was done: %s."), owner->title);
      else
        {
          ok = TRUE;
          message = g_strdup_printf (_("Removed with: %s."), owner->title);
        }
      break;

    case ANTAM_REMOVAL_MANUAL:
    default:
      set_state (data, index, ANTAM_REMOVAL_STEP_SKIPPED,
                 g_strdup (_("Left for your IT staff: An Tâm cannot remove it by itself.")));
      return;
    }

  if (ok)
    set_state (data, index, ANTAM_REMOVAL_STEP_DONE, message);
  else
    {
      g_free (message);
      set_state (data, index, ANTAM_REMOVAL_STEP_FAILED,
                 g_strdup (error ? error->message : _("It did not succeed.")));
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  guint n = antam_removal_plan_get_n_steps (data->plan);
  gboolean installs_failed = FALSE;
  gboolean stop = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  AntamRemovalOutcome *outcome;

  for (guint i = 0; i < n; i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (data->plan, i);

      /* Between steps only: a step once begun is finished, so nothing is
       * left half done. */
      if (g_cancellable_is_cancelled (cancellable) || stop)
        {
          data->cancelled |= g_cancellable_is_cancelled (cancellable);
          set_state (data, i, ANTAM_REMOVAL_STEP_SKIPPED,
                     stop ? g_strdup_printf (_("Not started: %s is still running."),
                                             antam_removal_plan_get_app_name (data->plan))
                          : g_strdup (_("Not started: the removal was cancelled.")));
          continue;
        }
      run_step (data, i, installs_failed, &stop);
      if (is_install_step (step) && data->states[i] != ANTAM_REMOVAL_STEP_DONE)
        installs_failed = TRUE;
    }

  /* The truth is what a fresh scan sees, not what the steps reported. */
  results = antam_removal_scan_app (antam_removal_plan_get_sysroot (data->plan),
                                    antam_removal_plan_get_app_id (data->plan), NULL, NULL, &error);
  outcome = antam_removal_outcome_from_recheck (data->plan, results);
  outcome->cancelled = data->cancelled;
  if (results == NULL)
    {
      g_free (outcome->headline);
      outcome->headline = g_strdup_printf (_("The check after the removal failed: %s"), error->message);
    }
  /* Counted from the worker's record: the plan's copy may lag behind. */
  outcome->n_done = outcome->n_failed = outcome->n_skipped = 0;
  for (guint i = 0; i < n; i++)
    {
      if (data->states[i] == ANTAM_REMOVAL_STEP_DONE)
        outcome->n_done++;
      else if (data->states[i] == ANTAM_REMOVAL_STEP_FAILED)
        outcome->n_failed++;
      else
        outcome->n_skipped++;
    }
  if (outcome->cancelled && !outcome->complete)
    {
      g_free (outcome->headline);
      outcome->headline = g_strdup_printf (_("The removal was cancelled after %u of %u steps; "
                                             "what is left is listed below."),
                                           outcome->n_done + outcome->n_failed, n);
    }
  g_task_return_pointer (task, outcome, (GDestroyNotify) antam_removal_outcome_free);
}

/**
 * antam_removal_run_async:
 * @progress: (nullable): called on the caller's context after a step changed
 *
 * Runs @plan.  The plan's steps get their state and message as they go.
 */
void
antam_removal_run_async (AntamRemovalPlan        *plan,
                         AntamRemovalProgressFunc progress,
                         gpointer                 progress_data,
                         GDestroyNotify           progress_destroy,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;
  guint n;

  g_return_if_fail (plan != NULL);

  n = antam_removal_plan_get_n_steps (plan);
  data = g_new0 (RunData, 1);
  data->plan = antam_removal_plan_ref (plan);
  data->target = antam_removal_target_new (plan);
  data->context = g_main_context_ref_thread_default ();
  data->progress = g_new0 (Progress, 1);
  g_atomic_ref_count_init (&data->progress->ref_count);
  data->progress->func = progress;
  data->progress->data = progress_data;
  data->progress->destroy = progress_destroy;
  data->end_running = antam_removal_plan_get_end_running (plan);
  data->states = g_new0 (AntamRemovalStepState, MAX (n, 1));
  data->messages = g_new0 (char *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (plan, i);
      step->state = ANTAM_REMOVAL_STEP_PENDING;
      g_clear_pointer (&step->message, g_free);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, antam_removal_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  /* Cancelled is an outcome too: what was done, and what is left. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

AntamRemovalOutcome *
antam_removal_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  GTask *task = G_TASK (result);
  RunData *data;
  AntamRemovalOutcome *outcome;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == antam_removal_run_async, NULL);

  outcome = g_task_propagate_pointer (task, error);
  /* Updates may still be queued behind this callback: the plan gets the
   * final states now, so what the caller reads is complete. */
  data = g_task_get_task_data (task);
  for (guint i = 0; outcome && i < antam_removal_plan_get_n_steps (data->plan); i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (data->plan, i);
      step->state = data->states[i];
      g_free (step->message);
      step->message = g_strdup (data->messages[i]);
    }
  return outcome;
}

/**
 * antam_removal_scan_app:
 * @rules: (out) (optional): the rules the scan used
 *
 * Returns: (transfer container): the results of risky-apps, downloads and
 *   network-services (where servers are found)
 */
GPtrArray *
antam_removal_scan_app (AntamSysroot  *sysroot,
                        const char    *app_id,
                        AntamRules   **rules_out,
                        GCancellable  *cancellable,
                        GError       **error)
{
  static const char * const only[] = { "risky-apps", "downloads", "network-services", NULL };
  AntamRules *rules = antam_rules_load (sysroot);
  g_autoptr(AntamScanContext) context = antam_scan_context_new (sysroot, rules);
  GPtrArray *results = antam_scan_run (context, only, NULL, NULL, cancellable, error);

  /* The context borrows the rules: it goes first. */
  g_clear_pointer (&context, antam_scan_context_free);
  if (rules_out)
    *rules_out = rules;
  else
    antam_rules_free (rules);
  return results;
}

static void
leftover_free (AntamRemovalLeftover *leftover)
{
  g_free (leftover->kind);
  g_free (leftover->name);
  g_free (leftover->location);
  g_free (leftover->why);
  g_free (leftover);
}

void
antam_removal_outcome_free (AntamRemovalOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->headline);
  g_ptr_array_unref (outcome->leftovers);
  g_free (outcome);
}

static gboolean
step_matches (AntamRemovalStep *step,
              AntamItem        *item)
{
  return g_strcmp0 (step->kind, item->kind) == 0 &&
         (g_strcmp0 (step->target, item->location) == 0 ||
          g_strcmp0 (step->target, item->id) == 0 ||
          g_strcmp0 (step->target, item->name) == 0);
}

static char *
why_left (AntamRemovalPlan *plan,
          AntamItem        *item)
{
  for (guint i = 0; i < antam_removal_plan_get_n_steps (plan); i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (plan, i);

      if (!step_matches (step, item))
        continue;
      switch (step->state)
        {
        case ANTAM_REMOVAL_STEP_FAILED:
        case ANTAM_REMOVAL_STEP_SKIPPED:
          return g_strdup (step->message ? step->message : _("Its step was not done."));
        case ANTAM_REMOVAL_STEP_DONE:
          return g_strdup (_("Its step was done, yet it is still there."));
        case ANTAM_REMOVAL_STEP_PENDING:
        case ANTAM_REMOVAL_STEP_RUNNING:
        default:
          return g_strdup (_("Its step was not done."));
        }
    }
  return g_strdup (_("It was not there when the removal was planned; check again to plan its removal."));
}

/**
 * antam_removal_outcome_from_recheck:
 * @results: (nullable): a fresh scan, see antam_removal_scan_app()
 *
 * What is left of the plan's app, and why, judged by @results alone.
 */
AntamRemovalOutcome *
antam_removal_outcome_from_recheck (AntamRemovalPlan *plan,
                                    GPtrArray        *results)
{
  AntamRemovalOutcome *outcome = g_new0 (AntamRemovalOutcome, 1);
  g_autoptr(GPtrArray) mine = NULL;
  const char *app_name = antam_removal_plan_get_app_name (plan);

  outcome->leftovers = g_ptr_array_new_with_free_func ((GDestroyNotify) leftover_free);
  outcome->rechecked = results != NULL;
  mine = antam_removal_results_for_app (results, antam_removal_plan_get_app_id (plan));

  for (guint r = 0; r < mine->len; r++)
    {
      AntamResult *result = g_ptr_array_index (mine, r);

      for (guint i = 0; i < result->items->len; i++)
        {
          AntamItem *item = g_ptr_array_index (result->items, i);
          AntamRemovalLeftover *leftover = g_new0 (AntamRemovalLeftover, 1);

          leftover->kind = g_strdup (item->kind);
          leftover->name = g_strdup (item->name);
          leftover->location = g_strdup (item->location);
          leftover->why = why_left (plan, item);
          g_ptr_array_add (outcome->leftovers, leftover);
        }
    }

  /* A place that could not be read proves nothing either way. */
  for (guint r = 0; results != NULL && r < results->len; r++)
    {
      AntamResult *result = g_ptr_array_index (results, r);

      /* network-services could not see the running programs: that says
       * nothing about where an app's files are. */
      if (result->status != ANTAM_STATUS_UNKNOWN || g_str_equal (result->check, "network-services"))
        continue;
      for (guint i = 0; i < result->items->len; i++)
        {
          AntamItem *item = g_ptr_array_index (result->items, i);
          AntamRemovalLeftover *leftover;

          if (g_str_equal (item->kind, "rules-file"))
            continue;
          leftover = g_new0 (AntamRemovalLeftover, 1);
          leftover->kind = g_strdup (item->kind);
          leftover->name = g_strdup (item->name ? item->name : result->title);
          leftover->location = g_strdup (item->location);
          leftover->why = g_strdup (_("This place could not be checked, so An Tâm cannot say "
                                      "that nothing is left there."));
          g_ptr_array_add (outcome->leftovers, leftover);
        }
    }

  outcome->complete = results != NULL && outcome->leftovers->len == 0;
  if (outcome->complete)
    /* TRANSLATORS: %s is an app's name; shown only when a fresh check found nothing of it */
    outcome->headline = g_strdup_printf (_("%s has been removed completely"), app_name);
  else if (results == NULL)
    outcome->headline = g_strdup_printf (_("It could not be checked whether %s is gone"), app_name);
  else
    outcome->headline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%s was not removed completely: %u thing is left",
                                                      "%s was not removed completely: %u things are left",
                                                      outcome->leftovers->len),
                                         app_name, outcome->leftovers->len);
  return outcome;
}
