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

#include "antam-outbox.h"
#include "antam-result.h"

#define ENVELOPE_FILE "envelope.json"
#define LOCK_FILE "lock"
#define MAX_ENVELOPE_SIZE (64 * 1024)

G_DEFINE_QUARK (antam-outbox-error-quark, antam_outbox_error)

static const char * const state_names[] = {
  [ANTAM_OUTBOX_PENDING] = "pending",
  [ANTAM_OUTBOX_SENT] = "sent",
  [ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT] = "handed-to-mail-client",
  [ANTAM_OUTBOX_TRAINING] = "training",
};

static const char * const channel_names[] = {
  [ANTAM_CHANNEL_MAIL_CLIENT] = "mail-client",
  [ANTAM_CHANNEL_SMTP] = "smtp",
  [ANTAM_CHANNEL_HTTPS] = "https",
};

const char *
antam_outbox_state_to_string (AntamOutboxState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
antam_outbox_state_from_string (const char       *text,
                                AntamOutboxState *state)
{
  int value = antam_name_lookup (state_names, G_N_ELEMENTS (state_names), text);

  if (value < 0)
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
    default: return "";
    }
}

const char *
antam_channel_to_string (AntamChannel channel)
{
  g_return_val_if_fail (channel < G_N_ELEMENTS (channel_names), NULL);
  return channel_names[channel];
}

gboolean
antam_channel_from_string (const char   *text,
                           AntamChannel *channel)
{
  int value = antam_name_lookup (channel_names, G_N_ELEMENTS (channel_names), text);

  if (value < 0)
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
  g_clear_pointer (&entry->created, g_date_time_unref);
  g_clear_pointer (&entry->updated, g_date_time_unref);
  g_clear_pointer (&entry->sent, g_date_time_unref);
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

static void
add_time (cJSON      *node,
          const char *key,
          GDateTime  *when)
{
  g_autofree char *text = when ? antam_timestamp_format (when) : NULL;

  if (text != NULL)
    cJSON_AddStringToObject (node, key, text);
}

static gboolean
write_private (const char  *path,
               const char  *contents,
               gssize       length,
               GError     **error)
{
  /* Atomic and private: a crash leaves the old file or the new one, and the
   * report names the machine and what is installed on it. */
  return g_file_set_contents_full (path, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
write_envelope (AntamOutboxEntry  *entry,
                const char        *dir,
                GError           **error)
{
  g_autofree char *path = g_build_filename (dir, ENVELOPE_FILE, NULL);
  cJSON *root = cJSON_CreateObject ();
  char *text;
  gboolean ok;

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
    cJSON_AddStringToObject (root, "last_error", entry->last_error);
  add_time (root, "created", entry->created);
  add_time (root, "updated", entry->updated);
  add_time (root, "sent", entry->sent);

  text = cJSON_Print (root);
  cJSON_Delete (root);
  ok = write_private (path, text, -1, error);
  cJSON_free (text);
  return ok;
}

gboolean
antam_outbox_entry_save (AntamOutboxEntry  *entry,
                         GError           **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);
  return write_envelope (entry, entry->dir, error);
}

static gboolean
is_safe_name (const char *name)
{
  if (name == NULL || *name == '\0' || *name == '.' || strlen (name) > 128)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/**
 * antam_outbox_add:
 * @training: the report was made on a training scenario: it is kept,
 *   marked, and never sent
 *
 * Writes the report into a hidden folder first and renames it into place
 * at the end, so the outbox never lists half a report.
 *
 * Returns: (transfer full): the new entry, pending (or training)
 */
AntamOutboxEntry *
antam_outbox_add (const char    *outbox_dir,
                  const char    *id,
                  AntamChannel   channel,
                  gboolean       training,
                  const char    *contact_id,
                  const char    *recipient,
                  const char    *subject,
                  const char    *file_stem,
                  const char    *body,
                  const char    *json,
                  GBytes        *pdf,
                  GError       **error)
{
  g_autoptr(AntamOutboxEntry) entry = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *final_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json_name = NULL;
  g_autofree char *pdf_name = NULL;

  g_return_val_if_fail (outbox_dir != NULL, NULL);
  g_return_val_if_fail (is_safe_name (id), NULL);
  g_return_val_if_fail (is_safe_name (file_stem), NULL);
  g_return_val_if_fail (subject != NULL && body != NULL && json != NULL, NULL);

  if (g_mkdir_with_parents (outbox_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the outbox “%s”: %s"), outbox_dir, g_strerror (saved));
      return NULL;
    }

  tmp_name = g_strdup_printf (".new-%s", id);
  tmp_dir = g_build_filename (outbox_dir, tmp_name, NULL);
  final_dir = g_build_filename (outbox_dir, id, NULL);
  if (g_mkdir (tmp_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create “%s”: %s"), tmp_dir, g_strerror (saved));
      return NULL;
    }

  entry = g_new0 (AntamOutboxEntry, 1);
  g_atomic_ref_count_init (&entry->ref_count);
  entry->id = g_strdup (id);
  entry->dir = g_strdup (final_dir);
  entry->state = training ? ANTAM_OUTBOX_TRAINING : ANTAM_OUTBOX_PENDING;
  entry->channel = channel;
  entry->contact_id = g_strdup (contact_id);
  entry->recipient = g_strdup (recipient);
  entry->subject = g_strdup (subject);
  entry->file_stem = g_strdup (file_stem);
  entry->has_pdf = pdf != NULL;
  entry->created = g_date_time_new_now_local ();
  entry->updated = g_date_time_ref (entry->created);

  json_name = g_strdup_printf ("%s.json", file_stem);
  pdf_name = g_strdup_printf ("%s.pdf", file_stem);

#define WRITE(name, data, len) \
  (g_free (path), path = g_build_filename (tmp_dir, name, NULL), write_private (path, data, len, error))

  if (!WRITE (ANTAM_OUTBOX_BODY_FILE, body, -1) ||
      !WRITE (json_name, json, -1) ||
      (pdf != NULL && !WRITE (pdf_name, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf))) ||
      !write_envelope (entry, tmp_dir, error))
    goto fail;
#undef WRITE

  if (g_rename (tmp_dir, final_dir) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not move the report into the outbox: %s"), g_strerror (saved));
      goto fail;
    }
  return g_steal_pointer (&entry);

fail:
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmp_dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (tmp_dir);
  }
  return NULL;
}

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

AntamOutboxEntry *
antam_outbox_entry_load (const char  *entry_dir,
                         GError     **error)
{
  g_autofree char *path = g_build_filename (entry_dir, ENVELOPE_FILE, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *state = NULL;
  g_autofree char *channel = NULL;
  g_autoptr(AntamOutboxEntry) entry = NULL;
  const cJSON *attempts;
  gsize length;
  cJSON *root;
  gboolean ok;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > MAX_ENVELOPE_SIZE || (root = cJSON_ParseWithLength (contents, length)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not an outbox envelope"), path);
      return NULL;
    }

  entry = g_new0 (AntamOutboxEntry, 1);
  g_atomic_ref_count_init (&entry->ref_count);
  entry->dir = g_strdup (entry_dir);
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
  entry->created = dup_time (root, "created");
  entry->updated = dup_time (root, "updated");
  entry->sent = dup_time (root, "sent");

  {
    g_autofree char *schema = dup_string (root, "schema");
    ok = g_strcmp0 (schema, ANTAM_OUTBOX_SCHEMA) == 0;
  }
  cJSON_Delete (root);

  if (!ok || !is_safe_name (entry->id) || !is_safe_name (entry->file_stem) || entry->subject == NULL ||
      entry->created == NULL || !antam_outbox_state_from_string (state, &entry->state) ||
      !antam_channel_from_string (channel, &entry->channel))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not an outbox envelope"), path);
      return NULL;
    }
  if (entry->updated == NULL)
    entry->updated = g_date_time_ref (entry->created);
  return g_steal_pointer (&entry);
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
 *   the outbox, newest first; an outbox not made yet is empty
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

      /* ".new-…" is a report still being written, or one a crash cut short. */
      if (!is_safe_name (name))
        continue;
      path = g_build_filename (outbox_dir, name, NULL);
      entry = antam_outbox_entry_load (path, &entry_error);
      if (entry == NULL)
        {
          g_debug ("Skipping outbox entry %s: %s", path, entry_error->message);
          continue;
        }
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_newest_first);
  return g_steal_pointer (&entries);
}

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
  g_free (entry->last_error);
  entry->last_error = g_steal_pointer (&fresh->last_error);
  g_clear_pointer (&entry->sent, g_date_time_unref);
  entry->sent = g_steal_pointer (&fresh->sent);
  return TRUE;
}

/**
 * antam_outbox_entry_begin_attempt:
 *
 * Counts the attempt on disk before anything goes out, so that a sender
 * killed mid-transfer leaves a trace of having tried.
 */
gboolean
antam_outbox_entry_begin_attempt (AntamOutboxEntry  *entry,
                                  GError           **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  if (!refresh (entry, error))
    return FALSE;
  entry->attempts++;
  g_clear_pointer (&entry->updated, g_date_time_unref);
  entry->updated = g_date_time_new_now_local ();
  return antam_outbox_entry_save (entry, error);
}

/**
 * antam_outbox_entry_finish_attempt:
 * @state: what it became when @failure is %NULL
 * @failure: (nullable): why it was not accepted; the entry stays pending
 */
gboolean
antam_outbox_entry_finish_attempt (AntamOutboxEntry  *entry,
                                   AntamOutboxState   state,
                                   const GError      *failure,
                                   GError           **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  g_clear_pointer (&entry->updated, g_date_time_unref);
  entry->updated = g_date_time_new_now_local ();
  g_clear_pointer (&entry->last_error, g_free);
  if (failure != NULL)
    {
      entry->state = ANTAM_OUTBOX_PENDING;
      entry->last_error = g_strdup (failure->message);
    }
  else
    {
      entry->state = state;
      g_clear_pointer (&entry->sent, g_date_time_unref);
      entry->sent = g_date_time_ref (entry->updated);
    }
  return antam_outbox_entry_save (entry, error);
}

/**
 * antam_outbox_add_report:
 *
 * Renders the report (JSON, text, PDF) exactly once and writes it to the
 * outbox, addressed for @channel: what the preview showed is what
 * is stored and what is sent.
 */
AntamOutboxEntry *
antam_outbox_add_report (const char            *outbox_dir,
                         AntamReportModel      *model,
                         AntamChannel           channel,
                         GError               **error)
{
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) pdf_error = NULL;
  const char *recipient = NULL;

  g_return_val_if_fail (model != NULL, NULL);

  if (model->contact == NULL)
    {
      g_set_error_literal (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS,
                           _("No incident response team is chosen to send the report to"));
      return NULL;
    }
  if (channel == ANTAM_CHANNEL_HTTPS)
    {
      recipient = model->contact->https_endpoint;
      if (recipient == NULL)
        {
          g_set_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS,
                       _("%s does not take reports over HTTPS; choose e-mail instead"),
                       antam_contact_get_name (model->contact));
          return NULL;
        }
    }
  else
    {
      recipient = model->contact->email;
      if (recipient == NULL)
        {
          g_set_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS,
                       _("%s has no e-mail address; please call them instead"),
                       antam_contact_get_name (model->contact));
          return NULL;
        }
    }

  json = antam_report_model_to_json (model);
  text = antam_report_model_to_text (model);
  subject = antam_report_model_get_subject (model);
  stem = antam_report_model_get_file_stem (model);
  pdf = antam_report_model_to_pdf (model, &pdf_error);
  /* The form is for printing; without it the report still goes. */
  if (pdf == NULL)
    g_message ("The PDF form could not be made: %s", pdf_error->message);

  return antam_outbox_add (outbox_dir, model->id, channel, model->training,
                           model->contact->id, recipient, subject, stem, text, json, pdf, error);
}
