/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "scan/antam-scan.h"

struct _AntamScanContext
{
  AntamSysroot *sysroot;
  AntamRules *rules;
  GDateTime *now;
  GCancellable *cancellable;

  gboolean loaded[ANTAM_N_SOURCES];
  GPtrArray *sources[ANTAM_N_SOURCES];
  GError *errors[ANTAM_N_SOURCES];
  GError *damage[ANTAM_N_SOURCES];       /* read, but not whole */
  AntamSourceHealth health[ANTAM_N_SOURCES];
  char *reasons[ANTAM_N_SOURCES];        /* for the user, when not whole */
  char *details[ANTAM_N_SOURCES];        /* the error as it came, for IT staff */
  GHashTable *default_handlers;
  GPtrArray *appimages;
  AntamDownloadsGaps downloads_gaps;
};

/**
 * antam_scan_context_new:
 *
 * "Now" is the clock, unless $ANTAM_TODAY (YYYY-MM-DD) pins it, which the
 * tests use so that end-of-life verdicts do not change with the calendar.
 */
AntamScanContext *
antam_scan_context_new (AntamSysroot *sysroot,
                        AntamRules   *rules)
{
  AntamScanContext *context = g_new0 (AntamScanContext, 1);
  const char *today = g_getenv ("ANTAM_TODAY");

  context->sysroot = g_object_ref (sysroot);
  context->rules = rules;
  if (today != NULL)
    {
      g_autofree char *iso = g_strdup_printf ("%sT12:00:00Z", today);
      context->now = g_date_time_new_from_iso8601 (iso, NULL);
    }
  if (context->now == NULL)
    context->now = g_date_time_new_now_local ();
  return context;
}

void
antam_scan_context_free (AntamScanContext *context)
{
  if (context == NULL)
    return;
  g_object_unref (context->sysroot);
  g_date_time_unref (context->now);
  g_clear_object (&context->cancellable);
  for (guint i = 0; i < ANTAM_N_SOURCES; i++)
    {
      g_clear_pointer (&context->sources[i], g_ptr_array_unref);
      g_clear_error (&context->errors[i]);
      g_clear_error (&context->damage[i]);
      g_free (context->reasons[i]);
      g_free (context->details[i]);
    }
  g_clear_pointer (&context->default_handlers, g_hash_table_unref);
  g_clear_pointer (&context->appimages, g_ptr_array_unref);
  antam_downloads_gaps_clear (&context->downloads_gaps);
  g_free (context);
}

AntamSysroot *
antam_scan_context_get_sysroot (AntamScanContext *context)
{
  return context->sysroot;
}

AntamRules *
antam_scan_context_get_rules (AntamScanContext *context)
{
  return context->rules;
}

GDateTime *
antam_scan_context_get_now (AntamScanContext *context)
{
  return context->now;
}

GCancellable *
antam_scan_context_get_cancellable (AntamScanContext *context)
{
  return context->cancellable;
}

/**
 * antam_source_get_name:
 *
 * Returns: what the source is, in words a user reads in "%s could not be
 *   read"
 */
const char *
antam_source_get_name (AntamSource source)
{
  switch (source)
    {
    case ANTAM_SOURCE_DPKG:
      return _("the list of installed Debian packages (/var/lib/dpkg/status)");
    case ANTAM_SOURCE_RPM:
      return _("the list of installed RPM packages");
    case ANTAM_SOURCE_FLATPAKS:
      return _("the Flatpak apps");
    case ANTAM_SOURCE_SNAPS:
      return _("the Snap apps");
    case ANTAM_SOURCE_DESKTOP_ENTRIES:
      return _("the apps’ menu entries");
    case ANTAM_SOURCE_AUTOSTART:
      return _("the programs started at login");
    case ANTAM_SOURCE_FILES:
      return _("the programs in /opt and the AppImages");
    case ANTAM_SOURCE_PROCESSES:
      return _("the running programs");
    case ANTAM_SOURCE_DOWNLOADS:
      return _("the download folder");
    case ANTAM_N_SOURCES:
    default:
      g_return_val_if_reached ("");
    }
}

static GPtrArray *
read_source (AntamScanContext  *context,
             AntamSource        source,
             GError           **damage,
             GError           **error)
{
  AntamSysroot *sysroot = context->sysroot;

  switch (source)
    {
    case ANTAM_SOURCE_DPKG:
      return antam_inventory_read_dpkg (sysroot, damage, error);
    case ANTAM_SOURCE_RPM:
      return antam_inventory_read_rpm (sysroot, error);
    case ANTAM_SOURCE_FLATPAKS:
      return antam_inventory_read_flatpaks (sysroot, error);
    case ANTAM_SOURCE_SNAPS:
      return antam_inventory_read_snaps (sysroot, error);
    case ANTAM_SOURCE_DESKTOP_ENTRIES:
      return antam_inventory_read_desktop_entries (sysroot, error);
    case ANTAM_SOURCE_AUTOSTART:
      return antam_inventory_read_autostart (sysroot, error);
    case ANTAM_SOURCE_FILES:
      return antam_inventory_read_files (sysroot, error);
    case ANTAM_SOURCE_PROCESSES:
      return antam_inventory_read_processes (sysroot, error);
    case ANTAM_SOURCE_DOWNLOADS:
      return antam_inventory_read_downloads (sysroot, context->cancellable,
                                             &context->downloads_gaps, error);
    case ANTAM_SOURCE_LISTENERS:
      return antam_inventory_read_listeners (sysroot, error);
    case ANTAM_N_SOURCES:
    default:
      g_assert_not_reached ();
    }
}

typedef struct {
  AntamScanContext *context;
  AntamSource queue[ANTAM_N_SOURCES];
  guint n_queued;
  gint next;                 /* atomic: the next queue slot to take */
} LoadQueue;

/* Absent is what a reader says when the system simply has none: no dpkg
 * database on Fedora, no processes to see in a disk image. */
static gboolean
is_absence (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* Each reader fills only its own source's slots; the join publishes them. */
static void
load_one (AntamScanContext *context,
          AntamSource       source)
{
  GError *error = NULL;
  GError *damage = NULL;

  context->sources[source] = read_source (context, source, &damage, &error);
  if (context->sources[source] != NULL && damage == NULL)
    context->health[source] = ANTAM_SOURCE_WHOLE;
  else if (context->sources[source] != NULL)
    {
      /* The reader's own words already say what is missing. */
      context->health[source] = ANTAM_SOURCE_PARTIAL;
      context->reasons[source] = g_strdup (damage->message);
      g_debug ("%s was read in part: %s", antam_source_get_name (source), damage->message);
    }
  else if (is_absence (error))
    context->health[source] = ANTAM_SOURCE_ABSENT;
  else
    {
      /* A library's message ("Permission denied") is for IT staff: the
       * user reads what it means. */
      context->health[source] = ANTAM_SOURCE_UNREADABLE;
      context->reasons[source] = g_strdup_printf (_("An Tâm could not read %s."),
                                                  antam_source_get_name (source));
      context->details[source] = g_strdup (error ? error->message : NULL);
      g_debug ("%s could not be read: %s", antam_source_get_name (source),
               error ? error->message : "?");
    }
  context->errors[source] = error;
  context->damage[source] = damage;
  context->loaded[source] = TRUE;
}

static gpointer
load_worker (gpointer user_data)
{
  LoadQueue *queue = user_data;
  guint slot;

  while ((slot = (guint) g_atomic_int_add (&queue->next, 1)) < queue->n_queued)
    load_one (queue->context, queue->queue[slot]);
  return NULL;
}

/**
 * antam_scan_context_load:
 * @sources: ANTAM_SOURCE_BIT()s
 *
 * Reads the sources not read yet, in parallel: they are independent, and
 * most of a scan is waiting on the file system.  Returns when all are read.
 */
void
antam_scan_context_load (AntamScanContext *context,
                         guint             sources)
{
  /* The slowest first, so that the others fill in around them. */
  static const AntamSource by_cost[] = {
    ANTAM_SOURCE_DOWNLOADS, ANTAM_SOURCE_FLATPAKS, ANTAM_SOURCE_DPKG, ANTAM_SOURCE_RPM,
    ANTAM_SOURCE_DESKTOP_ENTRIES, ANTAM_SOURCE_FILES, ANTAM_SOURCE_SNAPS,
    ANTAM_SOURCE_AUTOSTART, ANTAM_SOURCE_LISTENERS, ANTAM_SOURCE_PROCESSES,
  };
  LoadQueue queue = { context };
  GThread *workers[ANTAM_N_SOURCES];
  guint n_workers;

  G_STATIC_ASSERT (G_N_ELEMENTS (by_cost) == ANTAM_N_SOURCES);

  for (guint i = 0; i < G_N_ELEMENTS (by_cost); i++)
    if ((sources & ANTAM_SOURCE_BIT (by_cost[i])) && !context->loaded[by_cost[i]])
      queue.queue[queue.n_queued++] = by_cost[i];

  /* Plain threads joined, not a pool: the join is what makes the readers'
   * writes visible here (and what ThreadSanitizer can see). */
  n_workers = MIN (queue.n_queued, MAX (g_get_num_processors (), 2));
  for (guint i = 0; i < n_workers; i++)
    workers[i] = g_thread_new ("antam-load", load_worker, &queue);
  for (guint i = 0; i < n_workers; i++)
    g_thread_join (workers[i]);
}

/**
 * antam_scan_context_get:
 * @error: (out) (transfer none): why the source could not be read
 *
 * Returns: (transfer none) (nullable): the source's entries, read on first use
 */
GPtrArray *
antam_scan_context_get (AntamScanContext  *context,
                        AntamSource        source,
                        const GError     **error)
{
  g_return_val_if_fail (source < ANTAM_N_SOURCES, NULL);

  if (!context->loaded[source])
    load_one (context, source);

  if (error)
    *error = context->errors[source];
  return context->sources[source];
}

/**
 * antam_scan_context_get_health:
 * @reason: (out) (optional) (transfer none): when not whole or absent, what
 *   it means, in words a user reads
 * @detail: (out) (optional) (transfer none): the error as the library gave
 *   it, for the report's items and IT staff, or %NULL
 *
 * Reads the source first if no check did yet.
 */
AntamSourceHealth
antam_scan_context_get_health (AntamScanContext  *context,
                               AntamSource        source,
                               const char       **reason,
                               const char       **detail)
{
  g_return_val_if_fail (source < ANTAM_N_SOURCES, ANTAM_SOURCE_UNREADABLE);

  if (!context->loaded[source])
    load_one (context, source);
  if (reason)
    *reason = context->reasons[source];
  if (detail)
    *detail = context->details[source];
  return context->health[source];
}

/**
 * antam_scan_context_get_unread:
 * @sources: ANTAM_SOURCE_BIT()s
 *
 * Returns: the ANTAM_SOURCE_BIT()s of @sources that were read in part or
 *   not at all (absent ones are not: there was nothing to read)
 */
guint
antam_scan_context_get_unread (AntamScanContext *context,
                               guint             sources)
{
  guint unread = 0;

  for (guint s = 0; s < ANTAM_N_SOURCES; s++)
    {
      AntamSourceHealth health;

      if (!(sources & ANTAM_SOURCE_BIT (s)))
        continue;
      health = antam_scan_context_get_health (context, s, NULL, NULL);
      if (health == ANTAM_SOURCE_PARTIAL || health == ANTAM_SOURCE_UNREADABLE)
        unread |= ANTAM_SOURCE_BIT (s);
    }
  return unread;
}

/**
 * antam_scan_context_get_default_handlers:
 *
 * Returns: (transfer none): mime type → desktop id of the default handler
 */
GHashTable *
antam_scan_context_get_default_handlers (AntamScanContext *context)
{
  if (context->default_handlers == NULL)
    {
      context->default_handlers = antam_inventory_read_default_handlers (context->sysroot, NULL);
      if (context->default_handlers == NULL)
        context->default_handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
  return context->default_handlers;
}

/**
 * antam_scan_context_get_downloads_gaps:
 *
 * Returns: (transfer none): what the walk of the download dir left out,
 *   read with the downloads source
 */
const AntamDownloadsGaps *
antam_scan_context_get_downloads_gaps (AntamScanContext *context)
{
  antam_scan_context_get (context, ANTAM_SOURCE_DOWNLOADS, NULL);
  return &context->downloads_gaps;
}

/**
 * antam_scan_context_get_appimages:
 *
 * The AppImages of the files and the downloads sources together (a check
 * that asks names both).
 *
 * Returns: (transfer none) (element-type AntamFileEntry): the AppImages,
 *   sorted by location
 */
GPtrArray *
antam_scan_context_get_appimages (AntamScanContext *context)
{
  if (context->appimages == NULL)
    context->appimages =
      antam_inventory_list_appimages (antam_scan_context_get (context, ANTAM_SOURCE_FILES, NULL),
                                      antam_scan_context_get (context, ANTAM_SOURCE_DOWNLOADS, NULL));
  return context->appimages;
}

static void
add_unread_items (AntamScanContext *context,
                  AntamResult      *result,
                  guint             unread)
{
  for (guint s = 0; s < ANTAM_N_SOURCES; s++)
    if (unread & ANTAM_SOURCE_BIT (s))
      {
        AntamItem *item = antam_result_add_item (result, "error", antam_source_get_name (s), NULL);

        item->detail = g_strdup (context->details[s] ? context->details[s] : context->reasons[s]);
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
        if (why->len > 0)
          g_string_append_c (why, ' ');
        g_string_append (why, context->reasons[s]);
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

  g_set_object (&context->cancellable, cancellable);

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
