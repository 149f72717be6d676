/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "checks/antam-scan-context.h"

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
 * antam_scan_now:
 *
 * "Now" is the clock, unless $ANTAM_TODAY (YYYY-MM-DD) pins it, which the
 * tests use so that end-of-life verdicts and the expiry of rules feeds do
 * not change with the calendar.
 */
GDateTime *
antam_scan_now (void)
{
  const char *today = g_getenv ("ANTAM_TODAY");
  GDateTime *now = NULL;

  if (today != NULL)
    {
      g_autofree char *iso = g_strdup_printf ("%sT12:00:00Z", today);
      now = g_date_time_new_from_iso8601 (iso, NULL);
    }
  return now != NULL ? now : g_date_time_new_now_local ();
}

AntamScanContext *
antam_scan_context_new (AntamSysroot *sysroot,
                        AntamRules   *rules)
{
  AntamScanContext *context = g_new0 (AntamScanContext, 1);

  context->sysroot = g_object_ref (sysroot);
  context->rules = rules;
  context->now = antam_scan_now ();
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

/* The scan hands its cancellable to the checks through the context. */
void
antam_scan_context_set_cancellable (AntamScanContext *context,
                                    GCancellable     *cancellable)
{
  g_set_object (&context->cancellable, cancellable);
}
