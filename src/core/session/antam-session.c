/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "antam-i18n.h"
#include "report/antam-report.h"
#include "antam-result-object.h"
#include "scan/antam-scan.h"
#include "session/antam-session.h"

#define STATE_SCHEMA "antam.state/1"
#define MAX_STATE_SIZE (8 * 1024 * 1024)

struct _AntamSession
{
  GObject parent_instance;

  AntamSysroot *sysroot;
  AntamScenario *scenario;
  char *state_dir;

  guint step;
  GPtrArray *scan_results;      /* NULL until a scan ran or was restored */
  const char *scan_language;    /* interned: what scan_results are written in */
  GPtrArray *results;           /* scan results then the answers' */
  GListStore *model;            /* the same, as AntamResultObjects */
  GDateTime *scanned_at;
  AntamRules *rules;
  AntamQuestions *questions;
  GHashTable *answers;          /* question id → AntamAnswer */
  char *problem;

  GCancellable *cancellable;
  double progress;
  char *progress_text;

  guint save_source;            /* a save waiting for changes to settle */
  gboolean saving;              /* a save is being written in a thread */
  gboolean save_again;          /* and something changed since it started */
  GMutex write_lock;
  guint64 generation;           /* of the last snapshot taken */
  guint64 written;              /* of the last snapshot written */
};

G_DEFINE_FINAL_TYPE (AntamSession, antam_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STEP,
  PROP_SCANNING,
  PROP_PROGRESS,
  PROP_PROGRESS_TEXT,
  N_PROPS
};

enum {
  RESULTS_CHANGED,
  SCAN_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
antam_session_finalize (GObject *object)
{
  AntamSession *self = ANTAM_SESSION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* A save still waiting is written now: the last answer must not be lost. */
  if (self->save_source != 0)
    antam_session_save_state (self, NULL);
  g_mutex_clear (&self->write_lock);
  g_clear_object (&self->sysroot);
  g_clear_pointer (&self->scenario, antam_scenario_free);
  g_clear_pointer (&self->state_dir, g_free);
  g_clear_pointer (&self->scan_results, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->model);
  g_clear_pointer (&self->scanned_at, g_date_time_unref);
  g_clear_pointer (&self->rules, antam_rules_free);
  g_clear_pointer (&self->questions, antam_questions_free);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->progress_text, g_free);

  G_OBJECT_CLASS (antam_session_parent_class)->finalize (object);
}

static void
antam_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AntamSession *self = ANTAM_SESSION (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_SCANNING:
      g_value_set_boolean (value, antam_session_get_scanning (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AntamSession *self = ANTAM_SESSION (object);

  switch (prop_id)
    {
    case PROP_STEP:
      antam_session_set_step (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_session_class_init (AntamSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = antam_session_finalize;
  object_class->get_property = antam_session_get_property;
  object_class->set_property = antam_session_set_property;

  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 1, ANTAM_N_STEPS, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCANNING] =
    g_param_spec_boolean ("scanning", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TEXT] =
    g_param_spec_string ("progress-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The results were replaced: by a scan, an answer, a restored state or a
   * change of language. */
  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A scan ended; the string says why it did not complete, or is NULL. */
  signals[SCAN_FINISHED] =
    g_signal_new ("scan-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
antam_session_init (AntamSession *self)
{
  self->step = 1;
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->model = g_list_store_new (ANTAM_TYPE_RESULT_OBJECT);
  g_mutex_init (&self->write_lock);
}

static void queue_save (AntamSession *self);

static AntamResult *
model_result (AntamSession *self,
              guint         position)
{
  g_autoptr(AntamResultObject) object = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  return antam_result_object_get_result (object);
}

/* Brings the model to self->results touching only what changed: a row
 * bound to an item that stays is neither rebuilt nor laid out again.
 * Results keep their order across runs (the checks' order), so the
 * common and prefix and suffix leave a small middle to replace. */
static void
update_model (AntamSession *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint old_len = g_list_model_get_n_items (model);
  guint new_len = self->results->len;
  guint prefix = 0, suffix = 0;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  while (prefix < old_len && prefix < new_len &&
         antam_result_equal (model_result (self, prefix), g_ptr_array_index (self->results, prefix)))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         antam_result_equal (model_result (self, old_len - 1 - suffix),
                             g_ptr_array_index (self->results, new_len - 1 - suffix)))
    suffix++;

  if (old_len == new_len)
    {
      /* Same shape: each changed result is replaced alone, so that an
       * answer or a fixed finding changes one item and one row. */
      for (guint i = prefix; i < new_len - suffix; i++)
        {
          AntamResult *result = g_ptr_array_index (self->results, i);
          g_autoptr(AntamResultObject) object = NULL;

          if (antam_result_equal (model_result (self, i), result))
            continue;
          object = antam_result_object_new (result);
          g_list_store_splice (self->model, i, 1, (gpointer *) &object, 1);
        }
      return;
    }

  for (guint i = prefix; i < new_len - suffix; i++)
    g_ptr_array_add (added, antam_result_object_new (g_ptr_array_index (self->results, i)));
  g_list_store_splice (self->model, prefix, old_len - prefix - suffix, added->pdata, added->len);
}

static void
rebuild_results (AntamSession *self)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);

  for (guint i = 0; self->scan_results != NULL && i < self->scan_results->len; i++)
    g_ptr_array_add (results, antam_result_ref (g_ptr_array_index (self->scan_results, i)));

  if (self->questions != NULL)
    {
      g_autoptr(GPtrArray) answered = antam_questions_to_results (self->questions, self->answers);
      for (guint i = 0; i < answered->len; i++)
        g_ptr_array_add (results, antam_result_ref (g_ptr_array_index (answered, i)));
    }

  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
  update_model (self);
  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
}

/**
 * antam_session_new:
 * @scenario: (transfer full) (nullable): the training scenario, prepared
 * @state_dir: (nullable): where progress is kept; %NULL keeps nothing,
 *   which is what training does so that a session never mixes with the real one
 */
AntamSession *
antam_session_new (AntamSysroot  *sysroot,
                   AntamScenario *scenario,
                   const char    *state_dir)
{
  AntamSession *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  self = g_object_new (ANTAM_TYPE_SESSION, NULL);
  self->sysroot = g_object_ref (sysroot);
  self->scenario = scenario;
  self->state_dir = g_strdup (state_dir);
  self->questions = antam_questions_load_default (&error);
  if (self->questions == NULL)
    {
      g_message ("Questions not loaded: %s", error->message);
      self->problem = g_strdup_printf (_("The questions could not be loaded: %s"), error->message);
    }
  rebuild_results (self);
  return self;
}

AntamSysroot *
antam_session_get_sysroot (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return self->sysroot;
}

AntamScenario *
antam_session_get_scenario (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return self->scenario;
}

gboolean
antam_session_is_training (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), FALSE);
  return self->scenario != NULL;
}

guint
antam_session_get_step (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), 1);
  return self->step;
}

void
antam_session_set_step (AntamSession *self,
                        guint         step)
{
  g_return_if_fail (ANTAM_IS_SESSION (self));

  step = CLAMP (step, 1, ANTAM_N_STEPS);
  if (step == self->step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  queue_save (self);
}

/**
 * antam_session_get_results:
 *
 * Returns: (transfer none) (element-type AntamResult): the scan's results
 *   followed by one per question
 */
GPtrArray *
antam_session_get_results (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return self->results;
}

/**
 * antam_session_get_model:
 *
 * Returns: (transfer none): the results of antam_session_get_results() as
 *   a list of #AntamResultObject; an item is replaced only when its
 *   result changed
 */
GListModel *
antam_session_get_model (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->model);
}

gboolean
antam_session_has_scanned (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), FALSE);
  return self->scan_results != NULL;
}

GDateTime *
antam_session_get_scanned_at (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return self->scanned_at;
}

/**
 * antam_session_get_rules:
 *
 * Returns: (transfer none): the rules of the last scan, or freshly loaded
 *   when the results were restored from the saved state
 */
AntamRules *
antam_session_get_rules (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  if (self->rules == NULL)
    self->rules = antam_rules_load (self->sysroot);
  return self->rules;
}

AntamQuestions *
antam_session_get_questions (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return self->questions;
}

/**
 * antam_session_get_problem:
 *
 * Returns: (nullable): what went wrong loading the questions or the saved
 *   state, in words for the user
 */
const char *
antam_session_get_problem (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return self->problem;
}

AntamAnswer
antam_session_get_answer (AntamSession *self,
                          const char   *question_id)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), ANTAM_ANSWER_NONE);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->answers, question_id));
}

void
antam_session_set_answer (AntamSession *self,
                          const char   *question_id,
                          AntamAnswer   answer)
{
  g_return_if_fail (ANTAM_IS_SESSION (self));
  g_return_if_fail (question_id != NULL);

  if (antam_session_get_answer (self, question_id) == answer)
    return;
  if (answer == ANTAM_ANSWER_NONE)
    g_hash_table_remove (self->answers, question_id);
  else
    g_hash_table_insert (self->answers, g_strdup (question_id), GINT_TO_POINTER (answer));
  rebuild_results (self);
  queue_save (self);
}

gboolean
antam_session_get_scanning (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), FALSE);
  return self->cancellable != NULL;
}

double
antam_session_get_progress (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), 0.0);
  return self->progress;
}

const char *
antam_session_get_progress_text (AntamSession *self)
{
  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);
  return self->progress_text;
}

static void
set_progress (AntamSession *self,
              double        progress,
              const char   *text)
{
  self->progress = progress;
  g_free (self->progress_text);
  self->progress_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TEXT]);
}

typedef struct {
  AntamSession *self;
  GCancellable *cancellable;
  const char *language;         /* interned: what the scan writes in */
} ScanData;

static void
scan_data_free (gpointer user_data)
{
  ScanData *data = user_data;

  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

static ScanData *
scan_data_new (AntamSession *self)
{
  ScanData *data = g_new0 (ScanData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->language = g_intern_string (antam_i18n_get_language ());
  return data;
}

static void
on_scan_progress (const char *check_id,
                  const char *check_name,
                  guint       index,
                  guint       total,
                  gpointer    user_data)
{
  ScanData *data = user_data;
  g_autofree char *text = NULL;

  /* A scan that was replaced by a newer one may still report. */
  if (data->cancellable != data->self->cancellable)
    return;

  if (check_name != NULL)
    /* TRANSLATORS: %s is the name of a check, e.g. "Risky apps" */
    text = g_strdup_printf (_("Checking: %s"), check_name);
  set_progress (data->self, total > 0 ? (double) index / total : 0.0,
                text != NULL ? text : _("Finishing…"));
}

static void
on_scan_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree ScanData *data = user_data;
  g_autoptr(AntamSession) self = data->self;
  g_autoptr(GCancellable) cancellable = data->cancellable;
  g_autoptr(GError) error = NULL;
  AntamRules *rules = NULL;
  GPtrArray *results;

  results = antam_scan_run_finish (result, &rules, &error);

  if (cancellable != self->cancellable)
    {
      /* Superseded: the newer scan reports. */
      g_clear_pointer (&results, g_ptr_array_unref);
      g_clear_pointer (&rules, antam_rules_free);
      return;
    }

  g_clear_object (&self->cancellable);

  if (results != NULL)
    {
      g_clear_pointer (&self->scan_results, g_ptr_array_unref);
      self->scan_results = results;
      self->scan_language = data->language;
      g_clear_pointer (&self->rules, antam_rules_free);
      self->rules = rules;
      g_clear_pointer (&self->scanned_at, g_date_time_unref);
      self->scanned_at = g_date_time_new_now_local ();
      rebuild_results (self);
      queue_save (self);
    }
  else
    g_clear_pointer (&rules, antam_rules_free);

  set_progress (self, 0.0, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
  g_signal_emit (self, signals[SCAN_FINISHED], 0, error != NULL ? error->message : NULL);
}

/**
 * antam_session_scan:
 *
 * Runs every check in a worker thread; a scan already running is
 * cancelled first.  "scan-finished" tells when it is done.
 */
void
antam_session_scan (AntamSession *self)
{
  g_return_if_fail (ANTAM_IS_SESSION (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_progress (self, 0.0, _("Starting…"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);

  antam_scan_run_async (self->sysroot, NULL,
                        on_scan_progress, scan_data_new (self), scan_data_free,
                        self->cancellable, on_scan_done, scan_data_new (self));
}

void
antam_session_cancel_scan (AntamSession *self)
{
  g_return_if_fail (ANTAM_IS_SESSION (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * antam_session_language_changed:
 *
 * Results carry texts in the language they were made in: the answers'
 * are remade at once, the scan's by scanning again.
 */
void
antam_session_language_changed (AntamSession *self)
{
  g_return_if_fail (ANTAM_IS_SESSION (self));

  rebuild_results (self);
  if (self->scan_results != NULL || antam_session_get_scanning (self))
    antam_session_scan (self);
}

char *
antam_session_build_report (AntamSession *self)
{
  g_autoptr(AntamSystemInfo) info = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (ANTAM_IS_SESSION (self), NULL);

  info = antam_system_info_read (self->sysroot);
  now = g_date_time_new_now_local ();
  return antam_report_to_json (self->results, info, self->scanned_at ? self->scanned_at : now);
}

static void
set_problem (AntamSession *self,
             const char   *file,
             const char   *reason)
{
  /* Not a warning: a damaged file is the user's situation, not a bug. */
  g_message ("Ignoring saved state %s: %s", file, reason);
  g_free (self->problem);
  self->problem = g_strdup (_("The progress saved last time could not be read, so this check starts afresh."));
}

static gboolean
load_answers (AntamSession *self,
              const char   *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) answers = NULL;
  gsize length;
  cJSON *root, *schema, *step, *language, *list, *entry;
  gboolean ok = FALSE;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        set_problem (self, path, error->message);
      return FALSE;
    }
  if (length > MAX_STATE_SIZE)
    {
      set_problem (self, path, "too large");
      return FALSE;
    }

  answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  root = cJSON_ParseWithLength (contents, length);
  schema = cJSON_GetObjectItemCaseSensitive (root, "schema");
  step = cJSON_GetObjectItemCaseSensitive (root, "step");
  language = cJSON_GetObjectItemCaseSensitive (root, "language");
  list = cJSON_GetObjectItemCaseSensitive (root, "answers");
  if (!cJSON_IsObject (root) || !cJSON_IsString (schema) ||
      g_strcmp0 (schema->valuestring, STATE_SCHEMA) != 0 ||
      !cJSON_IsNumber (step) || step->valuedouble < 1 || step->valuedouble > ANTAM_N_STEPS ||
      (list != NULL && !cJSON_IsObject (list)))
    goto out;

  cJSON_ArrayForEach (entry, list)
    {
      AntamAnswer answer;

      if (!cJSON_IsString (entry) || !antam_answer_from_string (entry->valuestring, &answer))
        goto out;
      /* An answer to a question that is no longer asked is dropped. */
      if (answer != ANTAM_ANSWER_NONE && self->questions != NULL &&
          antam_questions_lookup (self->questions, entry->string) != NULL)
        g_hash_table_insert (answers, g_strdup (entry->string), GINT_TO_POINTER (answer));
    }

  self->step = (guint) step->valuedouble;
  self->scan_language = cJSON_IsString (language) ? g_intern_string (language->valuestring) : NULL;
  g_clear_pointer (&self->answers, g_hash_table_unref);
  self->answers = g_steal_pointer (&answers);
  ok = TRUE;

out:
  cJSON_Delete (root);
  if (!ok)
    set_problem (self, path, "not an An Tâm state file");
  return ok;
}

static GDateTime *
read_generated (const char *json,
                gsize       length)
{
  cJSON *root = cJSON_ParseWithLength (json, length);
  cJSON *generated = cJSON_GetObjectItemCaseSensitive (root, "generated");
  GDateTime *when = NULL;

  if (cJSON_IsString (generated))
    when = g_date_time_new_from_iso8601 (generated->valuestring, NULL);
  cJSON_Delete (root);
  return when;
}

static void
load_report (AntamSession *self,
             const char   *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  GPtrArray *results;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        set_problem (self, path, error->message);
      return;
    }
  if (length > MAX_STATE_SIZE)
    {
      set_problem (self, path, "too large");
      return;
    }
  parsed = antam_report_parse_results (contents, length, &error);
  if (parsed == NULL)
    {
      set_problem (self, path, error->message);
      return;
    }

  /* The answers' results are remade from the answers themselves. */
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);
  for (guint i = 0; i < parsed->len; i++)
    {
      AntamResult *result = g_ptr_array_index (parsed, i);
      if (!antam_check_is_question (result->check))
        g_ptr_array_add (results, antam_result_ref (result));
    }
  g_clear_pointer (&self->scan_results, g_ptr_array_unref);
  self->scan_results = results;
  g_clear_pointer (&self->scanned_at, g_date_time_unref);
  self->scanned_at = read_generated (contents, length);
}

/**
 * antam_session_load_state:
 *
 * Opens on the last results, answers and step.  A damaged file is ignored
 * (and said so in antam_session_get_problem()): the app must still start.
 * Results written in another language than the one in use are checked
 * again.
 *
 * Returns: %TRUE if a saved state was restored
 */
gboolean
antam_session_load_state (AntamSession *self)
{
  g_autofree char *state_path = NULL;
  g_autofree char *report_path = NULL;
  gboolean restored;

  g_return_val_if_fail (ANTAM_IS_SESSION (self), FALSE);

  if (self->state_dir == NULL)
    return FALSE;

  state_path = g_build_filename (self->state_dir, "state.json", NULL);
  report_path = g_build_filename (self->state_dir, "last-report.json", NULL);

  restored = load_answers (self, state_path);
  load_report (self, report_path);
  rebuild_results (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);

  /* Saved in another language (LANGUAGE set for one run, or a run from
   * before Vietnamese was the default): checked again, so that the window
   * and the report speak one language. */
  if (self->scan_results != NULL && self->scan_language != g_intern_string (antam_i18n_get_language ()))
    antam_session_scan (self);
  return restored;
}

static char *
build_state (AntamSession *self)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *answers = cJSON_AddObjectToObject (root, "answers");
  GHashTableIter iter;
  gpointer key, value;
  char *text;

  cJSON_AddStringToObject (root, "schema", STATE_SCHEMA);
  cJSON_AddNumberToObject (root, "step", self->step);
  /* The language the saved results (last-report.json) are written in. */
  if (self->scan_language != NULL)
    cJSON_AddStringToObject (root, "language", self->scan_language);
  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    cJSON_AddStringToObject (answers, key, antam_answer_to_string (GPOINTER_TO_INT (value)));

  text = cJSON_Print (root);
  cJSON_Delete (root);
  return text;
}

static gboolean
write_private (const char  *dir,
               const char  *name,
               const char  *contents,
               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  /* Atomic (a crash leaves the old file or the new one, never half) and
   * private: the report names the machine and what is installed on it. */
  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* What is saved, taken on the main thread, written in another. */
typedef struct {
  guint64 generation;
  char *state_dir;
  char *state;
  GPtrArray *results;           /* NULL before any scan: no report then */
  GDateTime *scanned_at;
  AntamSysroot *sysroot;
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->state_dir);
  g_free (snapshot->state);
  g_clear_pointer (&snapshot->results, g_ptr_array_unref);
  g_clear_pointer (&snapshot->scanned_at, g_date_time_unref);
  g_clear_object (&snapshot->sysroot);
  g_free (snapshot);
}

static Snapshot *
snapshot_new (AntamSession *self)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->generation = ++self->generation;
  snapshot->state_dir = g_strdup (self->state_dir);
  snapshot->state = build_state (self);
  /* The results never change once made: a reference is a copy. */
  if (self->scan_results != NULL)
    snapshot->results = g_ptr_array_ref (self->results);
  snapshot->scanned_at = self->scanned_at ? g_date_time_ref (self->scanned_at) : g_date_time_new_now_local ();
  snapshot->sysroot = g_object_ref (self->sysroot);
  return snapshot;
}

static gboolean
write_snapshot (AntamSession  *self,
                Snapshot      *snapshot,
                GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->write_lock);

  /* A save started earlier and finished later must not undo a newer one. */
  if (snapshot->generation <= self->written)
    return TRUE;

  if (g_mkdir_with_parents (snapshot->state_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", snapshot->state_dir, g_strerror (saved));
      return FALSE;
    }
  if (!write_private (snapshot->state_dir, "state.json", snapshot->state, error))
    return FALSE;
  if (snapshot->results != NULL)
    {
      g_autoptr(AntamSystemInfo) info = antam_system_info_read (snapshot->sysroot);
      g_autofree char *report = antam_report_to_json (snapshot->results, info, snapshot->scanned_at);

      if (!write_private (snapshot->state_dir, "last-report.json", report, error))
        return FALSE;
    }
  self->written = snapshot->generation;
  return TRUE;
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_snapshot (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AntamSession *self = ANTAM_SESSION (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("Could not save progress: %s", error->message);
  self->saving = FALSE;
  if (self->save_again)
    {
      self->save_again = FALSE;
      queue_save (self);
    }
}

static gboolean
save_soon_cb (gpointer user_data)
{
  AntamSession *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->save_source = 0;
  /* One write at a time, in order: the newest state follows this one. */
  if (self->saving)
    {
      self->save_again = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->saving = TRUE;
  task = g_task_new (self, NULL, on_saved, NULL);
  g_task_set_source_tag (task, save_soon_cb);
  g_task_set_task_data (task, snapshot_new (self), snapshot_free);
  g_task_run_in_thread (task, save_in_thread);
  return G_SOURCE_REMOVE;
}

/* Clicks come in bursts: the state is written once they settle, away from
 * the main thread, which never waits for a disk.  As gnome-text-editor's
 * session does. */
#define SAVE_DELAY_MS 500

static void
queue_save (AntamSession *self)
{
  if (self->state_dir == NULL || self->save_source != 0)
    return;
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_soon_cb, self);
}

/**
 * antam_session_save_state:
 *
 * Writes the state now, and waits for it: for the end of the session.
 * Every change is otherwise saved by itself, soon after, in a thread.
 */
gboolean
antam_session_save_state (AntamSession  *self,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Snapshot *snapshot;

  g_return_val_if_fail (ANTAM_IS_SESSION (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->state_dir == NULL)
    return TRUE;

  snapshot = snapshot_new (self);
  write_snapshot (self, snapshot, &local_error);
  snapshot_free (snapshot);

  if (local_error != NULL)
    {
      g_message ("Could not save progress: %s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
