/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "scan/antam-scan.h"

static void
add_unread_items (AntamScanContext *context,
                  AntamResult      *result,
                  guint             unread)
{
  for (guint s = 0; s < ANTAM_N_SOURCES; s++)
    if (unread & ANTAM_SOURCE_BIT (s))
      {
        AntamItem *item = antam_result_add_item (result, "error", antam_source_get_name (s), NULL);
        const char *reason, *detail;

        antam_scan_context_get_health (context, s, &reason, &detail);
        item->detail = g_strdup (detail ? detail : reason);
      }
  antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL,
                           _("Ask your IT staff to look at what could not be read, then "
                             "check again."));
}

static gboolean
says_what_was_not_read (AntamResult *result)
{
  if (result->status == ANTAM_STATUS_UNKNOWN)
    return TRUE;
  for (guint i = 0; i < result->items->len; i++)
    if (g_strcmp0 (((AntamItem *) g_ptr_array_index (result->items, i))->kind, "error") == 0)
      return TRUE;
  return FALSE;
}

/* A verdict that all is well (or that nothing applies) needs every source
 * the check reads to have been read whole: from a damaged or unreadable
 * one, it would be a guess.  Such a verdict becomes "could not check",
 * with what could not be read and what the check would have said.  What
 * was found stands (a package found is found), but a check that says
 * nothing of what it could not read gets a result that does. */
static void
hold_back_unfounded_verdicts (AntamScanContext *context,
                              const AntamCheck *check,
                              GPtrArray        *results,
                              guint             first)
{
  guint unread = antam_scan_context_get_unread (context, check->sources);
  g_autoptr(GString) why = g_string_new (NULL);
  gboolean said = FALSE;

  if (unread == 0)
    return;
  for (guint s = 0; s < ANTAM_N_SOURCES; s++)
    if (unread & ANTAM_SOURCE_BIT (s))
      {
        const char *reason;

        antam_scan_context_get_health (context, s, &reason, NULL);
        if (why->len > 0)
          g_string_append_c (why, ' ');
        g_string_append (why, reason);
      }

  for (guint i = first; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      g_autofree char *verdict = NULL;

      if (result->status != ANTAM_STATUS_OK && result->status != ANTAM_STATUS_INFO)
        {
          said |= says_what_was_not_read (result);
          continue;
        }

      verdict = g_steal_pointer (&result->title);
      result->status = ANTAM_STATUS_UNKNOWN;
      /* TRANSLATORS: %s is a check's name, e.g. “Automatic updates” */
      result->title = g_strdup_printf (_("“%s” could not be fully checked"), check->get_name ());
      g_free (result->summary);
      /* TRANSLATORS: the first %s says what could not be read; the second
       * is what the check would otherwise have said, e.g. “The system is
       * up to date” */
      result->summary = g_strdup_printf (_("%s So An Tâm cannot say “%s”."), why->str, verdict);
      add_unread_items (context, result, unread);
      said = TRUE;
    }

  if (!said)
    {
      g_autofree char *title = g_strdup_printf (_("“%s” could not be fully checked"), check->get_name ());
      /* TRANSLATORS: %s says what could not be read */
      g_autofree char *summary = g_strdup_printf (_("%s What was found above stands, but more may "
                                                    "be missing from it."), why->str);
      AntamResult *result = antam_result_new (check->id, ANTAM_STATUS_UNKNOWN, title, summary);

      add_unread_items (context, result, unread);
      g_ptr_array_add (results, result);
    }
}

gboolean
antam_scan_validate_only (const char * const  *only,
                          GError             **error)
{
  for (guint i = 0; only != NULL && only[i] != NULL; i++)
    if (antam_checks_lookup (only[i]) == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a check An Tâm knows"), only[i]);
        return FALSE;
      }
  return TRUE;
}

/**
 * antam_scan_run:
 * @only: (nullable): check ids to run, in any order; %NULL for all
 *
 * Runs the checks in their own order.  A check that cannot tell adds an
 * "unknown" result; the scan itself only fails when cancelled.
 *
 * Returns: (transfer full) (element-type AntamResult): the results
 */
GPtrArray *
antam_scan_run (AntamScanContext      *context,
                const char * const    *only,
                AntamScanProgressFunc  progress,
                gpointer               user_data,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  const AntamCheck *checks;
  guint n_checks;
  guint needed = 0;

  if (!antam_scan_validate_only (only, error))
    return NULL;

  antam_scan_context_set_cancellable (context, cancellable);

  checks = antam_checks_get_all (&n_checks);
  for (guint i = 0; i < n_checks; i++)
    if (only == NULL || g_strv_contains (only, checks[i].id))
      {
        g_ptr_array_add (selected, (gpointer) &checks[i]);
        needed |= checks[i].sources;
      }

  for (guint i = 0; i < selected->len; i++)
    {
      const AntamCheck *check = g_ptr_array_index (selected, i);
      guint first = results->len;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (progress)
        progress (check->id, check->get_name (), i, selected->len, user_data);
      /* Under the first check's name, read what all of them will need. */
      if (i == 0)
        antam_scan_context_load (context, needed);
      check->run (context, results);
      hold_back_unfounded_verdicts (context, check, results, first);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (progress)
    progress (NULL, NULL, selected->len, selected->len, user_data);

  return g_steal_pointer (&results);
}

typedef struct {
  AntamSysroot *sysroot;
  char **only;
  AntamRules *rules;
  GMainContext *caller_context;
  AntamScanProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
} ScanTaskData;

static void
scan_task_data_free (ScanTaskData *data)
{
  g_object_unref (data->sysroot);
  g_strfreev (data->only);
  g_clear_pointer (&data->rules, antam_rules_free);
  g_main_context_unref (data->caller_context);
  if (data->progress_destroy)
    data->progress_destroy (data->progress_data);
  g_free (data);
}

typedef struct {
  ScanTaskData *data;
  GTask *task;
  char *check_id;
  char *check_name;
  guint index;
  guint total;
} ProgressEvent;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressEvent *event = user_data;

  event->data->progress (event->check_id, event->check_name, event->index, event->total,
                         event->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer user_data)
{
  ProgressEvent *event = user_data;

  g_object_unref (event->task);
  g_free (event->check_id);
  g_free (event->check_name);
  g_free (event);
}

/* Runs in the worker: hops to the caller's main context. */
static void
forward_progress (const char *check_id,
                  const char *check_name,
                  guint       index,
                  guint       total,
                  gpointer    user_data)
{
  GTask *task = user_data;
  ScanTaskData *data = g_task_get_task_data (task);
  ProgressEvent *event;

  if (data->progress == NULL)
    return;

  event = g_new0 (ProgressEvent, 1);
  event->data = data;
  event->task = g_object_ref (task);
  event->check_id = g_strdup (check_id);
  event->check_name = g_strdup (check_name);
  event->index = index;
  event->total = total;
  g_main_context_invoke_full (data->caller_context, G_PRIORITY_DEFAULT,
                              deliver_progress, event, progress_event_free);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanTaskData *data = task_data;
  g_autoptr(AntamScanContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GError *error = NULL;

  data->rules = antam_rules_load (data->sysroot);
  context = antam_scan_context_new (data->sysroot, data->rules);
  results = antam_scan_run (context, (const char * const *) data->only,
                            forward_progress, task, cancellable, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * antam_scan_run_async:
 * @progress: (nullable): called in the caller's main context as each check starts
 *
 * Loads the rules and runs the scan in a worker thread.
 */
void
antam_scan_run_async (AntamSysroot          *sysroot,
                      const char * const    *only,
                      AntamScanProgressFunc  progress,
                      gpointer               progress_data,
                      GDestroyNotify         progress_destroy,
                      GCancellable          *cancellable,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanTaskData *data;

  g_return_if_fail (ANTAM_IS_SYSROOT (sysroot));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, antam_scan_run_async);

  data = g_new0 (ScanTaskData, 1);
  data->sysroot = g_object_ref (sysroot);
  data->only = g_strdupv ((char **) only);
  data->caller_context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  g_task_set_task_data (task, data, (GDestroyNotify) scan_task_data_free);

  g_task_run_in_thread (task, scan_thread);
}

/**
 * antam_scan_run_finish:
 * @rules: (out) (optional) (transfer full): the rules the scan used
 *
 * Returns: (transfer full) (element-type AntamResult): the results
 */
GPtrArray *
antam_scan_run_finish (GAsyncResult  *result,
                       AntamRules   **rules,
                       GError       **error)
{
  GPtrArray *results;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == antam_scan_run_async, NULL);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results != NULL && rules != NULL)
    {
      ScanTaskData *data = g_task_get_task_data (G_TASK (result));
      *rules = g_steal_pointer (&data->rules);
    }
  return results;
}
