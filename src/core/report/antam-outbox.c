/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "report/antam-outbox-private.h"
#include "antam-enums.h"
#include "antam-result.h"
#include "util/antam-enum.h"

#define ENVELOPE_FILE "envelope.json"
#define ENVELOPE_COPY_FILE "envelope.copy.json"
#define LOCK_FILE "lock"
#define MAX_ENVELOPE_SIZE (64 * 1024)

G_DEFINE_QUARK (antam-outbox-error-quark, antam_outbox_error)

const char *
antam_outbox_state_to_string (AntamOutboxState state)
{
  const char *nick = antam_enum_to_nick (ANTAM_TYPE_OUTBOX_STATE, state);

  g_return_val_if_fail (nick != NULL, NULL);
  return nick;
}

gboolean
antam_outbox_state_from_string (const char       *text,
                                AntamOutboxState *state)
{
  int value;

  if (!antam_enum_from_nick (ANTAM_TYPE_OUTBOX_STATE, text, &value))
    return FALSE;
  *state = (AntamOutboxState) value;
  return TRUE;
}

const char *
antam_outbox_state_display_name (AntamOutboxState state)
{
  switch (state)
    {
    case ANTAM_OUTBOX_PENDING: return _("Waiting to be sent");
    case ANTAM_OUTBOX_SENT: return _("Sent");
    case ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT: return _("Handed to your mail app");
    case ANTAM_OUTBOX_TRAINING: return _("Training: not sent");
    case ANTAM_OUTBOX_HANDING_OVER: return _("Being sent");
    case ANTAM_OUTBOX_MAYBE_DELIVERED: return _("May have been delivered");
    case ANTAM_OUTBOX_DAMAGED: return _("Damaged");
    default: return "";
    }
}

const char *
antam_channel_to_string (AntamChannel channel)
{
  const char *nick = antam_enum_to_nick (ANTAM_TYPE_CHANNEL, channel);

  g_return_val_if_fail (nick != NULL, NULL);
  return nick;
}

gboolean
antam_channel_from_string (const char   *text,
                           AntamChannel *channel)
{
  int value;

  if (!antam_enum_from_nick (ANTAM_TYPE_CHANNEL, text, &value))
    return FALSE;
  *channel = (AntamChannel) value;
  return TRUE;
}

char *
antam_outbox_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "antam", "outbox", NULL);
}

AntamOutboxEntry *
antam_outbox_entry_new (const char *dir)
{
  AntamOutboxEntry *entry = g_new0 (AntamOutboxEntry, 1);

  g_atomic_ref_count_init (&entry->ref_count);
  entry->dir = g_strdup (dir);
  entry->checksums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return entry;
}

AntamOutboxEntry *
antam_outbox_entry_ref (AntamOutboxEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  g_atomic_ref_count_inc (&entry->ref_count);
  return entry;
}

void
antam_outbox_entry_unref (AntamOutboxEntry *entry)
{
  if (entry == NULL || !g_atomic_ref_count_dec (&entry->ref_count))
    return;
  g_free (entry->id);
  g_free (entry->dir);
  g_free (entry->contact_id);
  g_free (entry->recipient);
  g_free (entry->subject);
  g_free (entry->file_stem);
  g_free (entry->last_error);
  g_free (entry->settings_key);
  g_hash_table_unref (entry->checksums);
  g_clear_pointer (&entry->created, g_date_time_unref);
  g_clear_pointer (&entry->updated, g_date_time_unref);
  g_clear_pointer (&entry->handed_over, g_date_time_unref);
  g_clear_pointer (&entry->sent, g_date_time_unref);
  g_free (entry->damage);
  g_free (entry);
}

char *
antam_outbox_entry_get_path (AntamOutboxEntry *entry,
                             const char       *name)
{
  return g_build_filename (entry->dir, name, NULL);
}

/**
 * antam_outbox_entry_get_attachment_path:
 * @extension: "json" or "pdf"
 *
 * The attachments keep the names they are sent under, so that a mail app
 * given the path attaches "antam-report-….pdf", not "report.pdf".
 */
char *
antam_outbox_entry_get_attachment_path (AntamOutboxEntry *entry,
                                        const char       *extension)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", entry->file_stem, extension);

  return g_build_filename (entry->dir, name, NULL);
}

gboolean
antam_outbox_entry_read (AntamOutboxEntry  *entry,
                         const char        *name,
                         char             **contents,
                         gsize             *length,
                         GError           **error)
{
  g_autofree char *path = antam_outbox_entry_get_path (entry, name);

  return g_file_get_contents (path, contents, length, error);
}

/* ---- Writing ------------------------------------------------------------ */

/* What the user reads when the outbox cannot be written: the disk being
 * full is the usual reason, and the one they can do something about. */
void
antam_outbox_set_write_error (GError     **error,
                              int          saved_errno,
                              const char  *path)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error_literal (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_SPACE,
                         _("There is no room left on the disk to keep the report. Free some space "
                           "(empty the Trash, remove large files you no longer need) and try again."));
  else
    g_set_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_WRITE,
                 _("The report could not be kept in the outbox (%s): %s"), path, g_strerror (saved_errno));
}

/* Atomic, durable and private: a crash leaves the old file or the new one
 * (on the disk, not only in its cache), and the report names the machine
 * and what is installed on it. */
gboolean
antam_outbox_write_private (const char  *path,
                            const char  *contents,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_set_contents_full (path, contents, length,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600,
                                &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    antam_outbox_set_write_error (error, ENOSPC, path);
  else
    g_set_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_WRITE,
                 _("The report could not be kept in the outbox: %s"), local_error->message);
  return FALSE;
}

static void
add_time (cJSON      *node,
          const char *key,
          GDateTime  *when)
{
  g_autofree char *text = when ? antam_timestamp_format (when) : NULL;

  if (text != NULL)
    cJSON_AddStringToObject (node, key, text);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
envelope_to_json (AntamOutboxEntry *entry)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *files = cJSON_CreateObject ();
  g_autofree gpointer *names = NULL;
  guint n_names = 0;
  char *printed, *text;

  cJSON_AddStringToObject (root, "schema", ANTAM_OUTBOX_SCHEMA);
  cJSON_AddStringToObject (root, "id", entry->id);
  cJSON_AddStringToObject (root, "state", antam_outbox_state_to_string (entry->state));
  cJSON_AddStringToObject (root, "channel", antam_channel_to_string (entry->channel));
  if (entry->contact_id)
    cJSON_AddStringToObject (root, "contact", entry->contact_id);
  if (entry->recipient)
    cJSON_AddStringToObject (root, "recipient", entry->recipient);
  cJSON_AddStringToObject (root, "subject", entry->subject);
  cJSON_AddStringToObject (root, "file_stem", entry->file_stem);
  cJSON_AddBoolToObject (root, "has_pdf", entry->has_pdf);
  cJSON_AddNumberToObject (root, "attempts", entry->attempts);
  if (entry->last_error)
    {
      cJSON_AddStringToObject (root, "last_error", entry->last_error);
      cJSON_AddStringToObject (root, "failure",
                               antam_enum_to_nick (ANTAM_TYPE_OUTBOX_FAILURE, entry->failure));
    }
  if (entry->settings_key)
    cJSON_AddStringToObject (root, "settings_key", entry->settings_key);
  add_time (root, "created", entry->created);
  add_time (root, "updated", entry->updated);
  add_time (root, "handed_over", entry->handed_over);
  add_time (root, "sent", entry->sent);

  /* Sorted, so that the same envelope always reads the same. */
  names = g_hash_table_get_keys_as_array (entry->checksums, &n_names);
  qsort (names, n_names, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_names; i++)
    cJSON_AddStringToObject (files, names[i], g_hash_table_lookup (entry->checksums, names[i]));
  cJSON_AddItemToObject (root, "sha256", files);

  printed = cJSON_Print (root);
  cJSON_Delete (root);
  text = g_strconcat (printed, "\n", NULL);
  cJSON_free (printed);
  return text;
}

/* The copy first: should the second write fail, the envelope is the older
 * of the two, never a newer one without a copy. */
gboolean
antam_outbox_write_envelope (AntamOutboxEntry  *entry,
                             const char        *dir,
                             GError           **error)
{
  g_autofree char *text = envelope_to_json (entry);
  g_autofree char *copy = g_build_filename (dir, ENVELOPE_COPY_FILE, NULL);
  g_autofree char *path = g_build_filename (dir, ENVELOPE_FILE, NULL);

  return antam_outbox_write_private (copy, text, -1, error) && antam_outbox_write_private (path, text, -1, error);
}

gboolean
antam_outbox_entry_save (AntamOutboxEntry  *entry,
                         GError           **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);
  return antam_outbox_write_envelope (entry, entry->dir, error);
}

gboolean
antam_outbox_is_safe_name (const char *name)
{
  if (name == NULL || *name == '\0' || *name == '.' || strlen (name) > 128)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

void
antam_outbox_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (dir);
}

/* ---- Reading -------------------------------------------------------------- */

static char *
dup_string (const cJSON *object,
            const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (node) ? g_strdup (node->valuestring) : NULL;
}

static GDateTime *
dup_time (const cJSON *object,
          const char  *key)
{
  g_autofree char *text = dup_string (object, key);

  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static AntamOutboxEntry *
parse_envelope (const char  *entry_dir,
                const char  *file,
                GError     **error)
{
  g_autofree char *path = g_build_filename (entry_dir, file, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *state = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(AntamOutboxEntry) entry = NULL;
  const cJSON *attempts, *checksum;
  gsize length;
  cJSON *root;
  int value;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > MAX_ENVELOPE_SIZE || (root = cJSON_ParseWithLength (contents, length)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not an outbox envelope"), path);
      return NULL;
    }

  entry = antam_outbox_entry_new (entry_dir);
  entry->id = dup_string (root, "id");
  state = dup_string (root, "state");
  channel = dup_string (root, "channel");
  entry->contact_id = dup_string (root, "contact");
  entry->recipient = dup_string (root, "recipient");
  entry->subject = dup_string (root, "subject");
  entry->file_stem = dup_string (root, "file_stem");
  entry->has_pdf = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (root, "has_pdf"));
  attempts = cJSON_GetObjectItemCaseSensitive (root, "attempts");
  entry->attempts = cJSON_IsNumber (attempts) && attempts->valuedouble >= 0
                    ? (guint) attempts->valuedouble : 0;
  entry->last_error = dup_string (root, "last_error");
  failure = dup_string (root, "failure");
  entry->failure = antam_enum_from_nick (ANTAM_TYPE_OUTBOX_FAILURE, failure, &value)
                   ? (AntamOutboxFailure) value
                   : entry->last_error ? ANTAM_OUTBOX_FAILURE_TRANSIENT : ANTAM_OUTBOX_FAILURE_NONE;
  entry->settings_key = dup_string (root, "settings_key");
  entry->created = dup_time (root, "created");
  entry->updated = dup_time (root, "updated");
  entry->handed_over = dup_time (root, "handed_over");
  entry->sent = dup_time (root, "sent");
  cJSON_ArrayForEach (checksum, cJSON_GetObjectItemCaseSensitive (root, "sha256"))
    if (cJSON_IsString (checksum) && antam_outbox_is_safe_name (checksum->string))
      g_hash_table_replace (entry->checksums, g_strdup (checksum->string), g_strdup (checksum->valuestring));
  schema = dup_string (root, "schema");
  cJSON_Delete (root);

  if (g_strcmp0 (schema, ANTAM_OUTBOX_SCHEMA) != 0 || !antam_outbox_is_safe_name (entry->id) ||
      !antam_outbox_is_safe_name (entry->file_stem) || entry->subject == NULL || entry->created == NULL ||
      !antam_outbox_state_from_string (state, &entry->state) || entry->state == ANTAM_OUTBOX_DAMAGED ||
      !antam_channel_from_string (channel, &entry->channel))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not an outbox envelope"), path);
      return NULL;
    }
  if (entry->updated == NULL)
    entry->updated = g_date_time_ref (entry->created);
  return g_steal_pointer (&entry);
}

/* Whether a sender holds the report now: it takes the lock for the whole
 * send, and the lock goes with its process. */
static gboolean
is_being_sent (AntamOutboxEntry *entry)
{
  g_autoptr(GError) error = NULL;
  int fd = antam_outbox_entry_lock (entry, &error);

  antam_outbox_entry_unlock (fd);
  return fd < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY);
}

/* Files that are not as they were made, said in plain words; the PDF form
 * and the text can be made again from the report's data when it is sent. */
static void
note_missing_files (AntamOutboxEntry *entry)
{
  g_autofree char *json = antam_outbox_entry_get_attachment_path (entry, "json");
  g_autofree char *pdf = antam_outbox_entry_get_attachment_path (entry, "pdf");
  g_autofree char *body = antam_outbox_entry_get_path (entry, ANTAM_OUTBOX_BODY_FILE);
  const char *note = NULL;

  if (!g_file_test (json, G_FILE_TEST_IS_REGULAR))
    note = _("The report’s data file is missing, so it cannot be sent. Make a new report.");
  else if (entry->has_pdf && !g_file_test (pdf, G_FILE_TEST_IS_REGULAR))
    note = _("The PDF form is missing; it will be made again from the report’s data when it is sent.");
  else if (!g_file_test (body, G_FILE_TEST_IS_REGULAR))
    note = _("The text of the e-mail is missing; it will be made again from the report’s data when it is sent.");
  if (note != NULL && entry->damage == NULL)
    entry->damage = g_strdup (note);
}

/**
 * antam_outbox_entry_load:
 *
 * Reads a report's envelope, or its copy when the envelope is damaged
 * (and says so in @entry->damage).  A report found "handing-over" that no
 * sender holds is one whose sender died at the last step: it may have
 * been delivered.
 */
AntamOutboxEntry *
antam_outbox_entry_load (const char  *entry_dir,
                         GError     **error)
{
  g_autoptr(GError) envelope_error = NULL;
  AntamOutboxEntry *entry = parse_envelope (entry_dir, ENVELOPE_FILE, &envelope_error);

  if (entry == NULL)
    {
      g_autoptr(GError) copy_error = NULL;

      entry = parse_envelope (entry_dir, ENVELOPE_COPY_FILE, &copy_error);
      if (entry == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&envelope_error));
          return NULL;
        }
      entry->damage = g_strdup (_("Its record in the outbox was damaged; An Tâm read its copy instead."));
    }

  if (entry->state == ANTAM_OUTBOX_HANDING_OVER && !is_being_sent (entry))
    {
      entry->state = ANTAM_OUTBOX_MAYBE_DELIVERED;
      if (entry->last_error == NULL)
        {
          entry->last_error = g_strdup (_("An Tâm stopped while it was handing the report over, "
                                          "so whether it arrived is not known."));
          entry->failure = ANTAM_OUTBOX_FAILURE_TRANSIENT;
        }
    }
  if (antam_outbox_entry_is_waiting (entry))
    note_missing_files (entry);
  return entry;
}

/* A folder whose envelope and copy are both unreadable is still listed:
 * its files are kept for the user to send by hand. */
static AntamOutboxEntry *
damaged_entry (const char   *entry_dir,
               const char   *name,
               const GError *reason)
{
  AntamOutboxEntry *entry = antam_outbox_entry_new (entry_dir);
  g_autoptr(GDir) dir = g_dir_open (entry_dir, 0, NULL);
  const char *file;
  GStatBuf st;

  entry->id = g_strdup (name);
  entry->state = ANTAM_OUTBOX_DAMAGED;
  entry->subject = g_strdup (name);
  entry->file_stem = g_strdup ("antam-report");
  while (dir != NULL && (file = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (file, "antam-report-") && g_str_has_suffix (file, ".json"))
      {
        g_free (entry->file_stem);
        entry->file_stem = g_strndup (file, strlen (file) - strlen (".json"));
      }
  entry->created = g_stat (entry_dir, &st) == 0 ? g_date_time_new_from_unix_local (st.st_mtime)
                                                 : g_date_time_new_now_local ();
  entry->updated = g_date_time_ref (entry->created);
  entry->damage = g_strdup (_("Its record in the outbox cannot be read, so An Tâm cannot send it "
                              "by itself. Its files are kept: open its folder and send them from "
                              "your mail app."));
  g_debug ("Outbox entry %s: %s", entry_dir, reason->message);
  return entry;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const AntamOutboxEntry *ea = *(AntamOutboxEntry * const *) a;
  const AntamOutboxEntry *eb = *(AntamOutboxEntry * const *) b;

  return g_date_time_compare (eb->created, ea->created);
}

/**
 * antam_outbox_list:
 *
 * Returns: (transfer full) (element-type AntamOutboxEntry): every report in
 *   the outbox, newest first, the damaged ones too; an outbox not made yet
 *   is empty
 */
GPtrArray *
antam_outbox_list (const char  *outbox_dir,
                   GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_outbox_entry_unref);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (outbox_dir, 0, &local_error);
  const char *name;

  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) entry_error = NULL;
      AntamOutboxEntry *entry;

      /* ".new-…" is a report still being written, or one a crash cut short
       * before it was complete: never sent, never shown. */
      if (!antam_outbox_is_safe_name (name))
        continue;
      path = g_build_filename (outbox_dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      entry = antam_outbox_entry_load (path, &entry_error);
      if (entry == NULL)
        entry = damaged_entry (path, name, entry_error);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_newest_first);
  return g_steal_pointer (&entries);
}

/* ---- What waits, and when it goes again ---------------------------------- */

/**
 * antam_outbox_entry_is_waiting:
 *
 * Returns: whether the report is not yet known to have arrived: pending,
 *   being sent, may have been delivered, or damaged.  Such a report is
 *   never pruned.
 */
gboolean
antam_outbox_entry_is_waiting (AntamOutboxEntry *entry)
{
  return entry->state == ANTAM_OUTBOX_PENDING || entry->state == ANTAM_OUTBOX_HANDING_OVER ||
         entry->state == ANTAM_OUTBOX_MAYBE_DELIVERED || entry->state == ANTAM_OUTBOX_DAMAGED;
}

/**
 * antam_outbox_entry_is_due:
 * @settings_key: (nullable): the sending settings now
 *   (antam_send_config_get_key()); a report that failed for good with
 *   the same settings is not tried again by itself
 *
 * What a retry that runs by itself (at login, when the app starts, with
 * `antam-cli report --retry`) sends: what waits to be sent by SMTP or
 * HTTPS, unless it failed for a reason that only a change can cure and
 * nothing changed; and what may have been delivered, once a day has
 * passed without the team saying it has it.  A report for the mail app
 * needs the user, and a damaged one their hands.
 */
gboolean
antam_outbox_entry_is_due (AntamOutboxEntry *entry,
                           GDateTime        *now,
                           const char       *settings_key)
{
  if (entry->channel == ANTAM_CHANNEL_MAIL_CLIENT)
    return FALSE;
  switch (entry->state)
    {
    case ANTAM_OUTBOX_PENDING:
      return entry->failure != ANTAM_OUTBOX_FAILURE_PERMANENT ||
             g_strcmp0 (entry->settings_key, settings_key) != 0;
    case ANTAM_OUTBOX_MAYBE_DELIVERED:
      {
        GDateTime *since = entry->handed_over ? entry->handed_over : entry->updated;

        return g_date_time_difference (now, since) >= ANTAM_OUTBOX_RESEND_AFTER_HOURS * G_TIME_SPAN_HOUR;
      }
    case ANTAM_OUTBOX_SENT:
    case ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT:
    case ANTAM_OUTBOX_TRAINING:
    case ANTAM_OUTBOX_HANDING_OVER:
    case ANTAM_OUTBOX_DAMAGED:
    default:
      return FALSE;
    }
}

/**
 * antam_outbox_prune:
 *
 * Removes sent reports (and training ones) older than
 * %ANTAM_OUTBOX_KEEP_DAYS, but never the %ANTAM_OUTBOX_KEEP_NEWEST newest
 * of them, and never one that waits.
 *
 * Returns: how many were removed
 */
guint
antam_outbox_prune (const char *outbox_dir,
                    GDateTime  *now)
{
  g_autoptr(GPtrArray) entries = antam_outbox_list (outbox_dir, NULL);
  guint kept = 0, removed = 0;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      AntamOutboxEntry *entry = g_ptr_array_index (entries, i);
      GDateTime *when = entry->sent ? entry->sent : entry->created;
      int lock;

      if (antam_outbox_entry_is_waiting (entry))
        continue;
      if (++kept <= ANTAM_OUTBOX_KEEP_NEWEST ||
          g_date_time_difference (now, when) < ANTAM_OUTBOX_KEEP_DAYS * G_TIME_SPAN_DAY)
        continue;
      lock = antam_outbox_entry_lock (entry, NULL);
      if (lock < 0)
        continue;
      antam_outbox_remove_tree (entry->dir);
      antam_outbox_entry_unlock (lock);
      removed++;
    }
  return removed;
}

/**
 * antam_outbox_entry_withdraw:
 *
 * Takes back a report that was never handed over to anyone (its every
 * try failed before the last step), so that the one who made it can
 * correct it and send it anew under the same id.  A report that may have
 * been delivered, or is being sent now, stays.
 */
gboolean
antam_outbox_entry_withdraw (AntamOutboxEntry  *entry,
                             GError           **error)
{
  g_autoptr(AntamOutboxEntry) current = NULL;
  int lock;

  g_return_val_if_fail (entry != NULL, FALSE);

  lock = antam_outbox_entry_lock (entry, error);
  if (lock < 0)
    return FALSE;
  /* What the envelope says now, not what this copy said when it was read. */
  current = antam_outbox_entry_load (entry->dir, NULL);
  if (current == NULL || current->state != ANTAM_OUTBOX_PENDING || current->handed_over != NULL)
    {
      antam_outbox_entry_unlock (lock);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           "the report may have left already; it stays in the outbox");
      return FALSE;
    }
  antam_outbox_remove_tree (entry->dir);
  antam_outbox_entry_unlock (lock);
  return TRUE;
}

/* ---- One sender at a time, and what it did ------------------------------- */

/**
 * antam_outbox_entry_lock:
 *
 * One sender at a time for a report: the app retrying in the background
 * and antam-cli must not both send it.  The lock goes with the process, so
 * a sender that was killed leaves none behind.
 *
 * Returns: a descriptor for antam_outbox_entry_unlock(), or -1 with
 *   G_IO_ERROR_BUSY when another sender has it
 */
int
antam_outbox_entry_lock (AntamOutboxEntry  *entry,
                         GError           **error)
{
  g_autofree char *path = antam_outbox_entry_get_path (entry, LOCK_FILE);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "%s: %s", path, g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                             _("This report is being sent right now"));
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "%s: %s", path, g_strerror (saved));
      return -1;
    }
  return fd;
}

void
antam_outbox_entry_unlock (int fd)
{
  if (fd >= 0)
    close (fd);
}

/* Re-read under the lock: another process may have sent it meanwhile. */
static gboolean
refresh (AntamOutboxEntry  *entry,
         GError           **error)
{
  g_autoptr(AntamOutboxEntry) fresh = antam_outbox_entry_load (entry->dir, error);

  if (fresh == NULL)
    return FALSE;
  entry->state = fresh->state;
  entry->attempts = fresh->attempts;
  entry->has_pdf = fresh->has_pdf;
  entry->failure = fresh->failure;
  g_free (entry->last_error);
  entry->last_error = g_steal_pointer (&fresh->last_error);
  g_free (entry->settings_key);
  entry->settings_key = g_steal_pointer (&fresh->settings_key);
  g_free (entry->damage);
  entry->damage = g_steal_pointer (&fresh->damage);
  g_hash_table_unref (entry->checksums);
  entry->checksums = g_hash_table_ref (fresh->checksums);
  g_clear_pointer (&entry->handed_over, g_date_time_unref);
  entry->handed_over = g_steal_pointer (&fresh->handed_over);
  g_clear_pointer (&entry->sent, g_date_time_unref);
  entry->sent = g_steal_pointer (&fresh->sent);
  return TRUE;
}

static void
touch (AntamOutboxEntry *entry)
{
  g_clear_pointer (&entry->updated, g_date_time_unref);
  entry->updated = g_date_time_new_now_local ();
}

/**
 * antam_outbox_entry_begin_attempt:
 *
 * Counts the attempt on disk before anything goes out, so that a sender
 * killed mid-transfer leaves a trace of having tried.  Call it holding the
 * lock; it reads the envelope again first, and counts nothing when the
 * report was sent meanwhile (see @entry->state).
 */
gboolean
antam_outbox_entry_begin_attempt (AntamOutboxEntry  *entry,
                                  GError           **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  if (!refresh (entry, error))
    return FALSE;
  /* Under our lock, "handing-over" is a sender that died. */
  if (entry->state == ANTAM_OUTBOX_HANDING_OVER)
    entry->state = ANTAM_OUTBOX_MAYBE_DELIVERED;
  /* Sent meanwhile, by another sender: nothing to count. */
  if (entry->state != ANTAM_OUTBOX_PENDING && entry->state != ANTAM_OUTBOX_MAYBE_DELIVERED)
    return TRUE;
  entry->attempts++;
  touch (entry);
  if (antam_outbox_entry_save (entry, error))
    return TRUE;
  entry->attempts--;
  return FALSE;
}

/**
 * antam_outbox_entry_begin_hand_over:
 *
 * Written just before the last step of a send (the end of the message, of
 * the upload), and on the disk before that step: after it, the report may
 * have arrived, whatever happens to the answer.  A sender that cannot
 * write this must not take that step.
 */
gboolean
antam_outbox_entry_begin_hand_over (AntamOutboxEntry  *entry,
                                    GError           **error)
{
  AntamOutboxState previous = entry->state;

  g_return_val_if_fail (entry != NULL, FALSE);

  entry->state = ANTAM_OUTBOX_HANDING_OVER;
  touch (entry);
  g_clear_pointer (&entry->handed_over, g_date_time_unref);
  entry->handed_over = g_date_time_ref (entry->updated);
  if (antam_outbox_entry_save (entry, error))
    return TRUE;
  entry->state = previous;
  return FALSE;
}

/**
 * antam_outbox_entry_finish_attempt:
 * @state: what it became: sent or handed to the mail app when @failure is
 *   %NULL; pending or maybe-delivered when it is not
 * @failure: (nullable): why it was not accepted, in plain words
 * @kind: whether trying again as it is may work
 * @settings_key: (nullable): the settings it failed with
 *
 * A failure is recorded even when the entry cannot be saved: the entry in
 * memory says so, and @entry->unrecorded is set.
 */
gboolean
antam_outbox_entry_finish_attempt (AntamOutboxEntry   *entry,
                                   AntamOutboxState    state,
                                   const GError       *failure,
                                   AntamOutboxFailure  kind,
                                   const char         *settings_key,
                                   GError            **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  touch (entry);
  g_clear_pointer (&entry->last_error, g_free);
  g_clear_pointer (&entry->settings_key, g_free);
  entry->state = state;
  if (failure != NULL)
    {
      entry->last_error = g_strdup (failure->message);
      entry->failure = kind;
      if (kind == ANTAM_OUTBOX_FAILURE_PERMANENT)
        entry->settings_key = g_strdup (settings_key);
    }
  else
    {
      entry->failure = ANTAM_OUTBOX_FAILURE_NONE;
      g_clear_pointer (&entry->sent, g_date_time_unref);
      entry->sent = g_date_time_ref (entry->updated);
    }
  entry->unrecorded = !antam_outbox_entry_save (entry, error);
  return !entry->unrecorded;
}
