/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "report/antam-send-private.h"

G_DEFINE_QUARK (antam-send-error-quark, antam_send_error)

/* ---- libcurl, for SMTP and HTTPS ----------------------------------------- */

static gpointer
init_curl (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

static void
ensure_curl (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_curl, NULL);
}

/* Cancelling must also end a wait for a server's reply, during which
 * libcurl calls no progress function: the socket is shut down under it. */
typedef struct {
  GMutex lock;
  GPtrArray *sockets;   /* GINT_TO_POINTER (fd) */
  gboolean cancelled;
} Transfer;

static curl_socket_t
on_open_socket (void                 *clientp,
                curlsocktype          purpose,
                struct curl_sockaddr *address)
{
  Transfer *transfer = clientp;
  curl_socket_t fd = socket (address->family, address->socktype | SOCK_CLOEXEC, address->protocol);

  if (fd != CURL_SOCKET_BAD)
    {
      g_mutex_lock (&transfer->lock);
      if (transfer->cancelled)
        shutdown (fd, SHUT_RDWR);
      g_ptr_array_add (transfer->sockets, GINT_TO_POINTER (fd));
      g_mutex_unlock (&transfer->lock);
    }
  return fd;
}

static int
on_close_socket (void          *clientp,
                 curl_socket_t  fd)
{
  Transfer *transfer = clientp;

  g_mutex_lock (&transfer->lock);
  g_ptr_array_remove (transfer->sockets, GINT_TO_POINTER (fd));
  g_mutex_unlock (&transfer->lock);
  return close (fd);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Transfer *transfer = user_data;

  g_mutex_lock (&transfer->lock);
  transfer->cancelled = TRUE;
  for (guint i = 0; i < transfer->sockets->len; i++)
    shutdown (GPOINTER_TO_INT (g_ptr_array_index (transfer->sockets, i)), SHUT_RDWR);
  g_mutex_unlock (&transfer->lock);
}

CURLcode
antam_send_curl_perform (CURL         *curl,
                         GCancellable *cancellable,
                         long         *response)
{
  Transfer transfer = { 0 };
  gulong handler = 0;
  CURLcode code;

  g_mutex_init (&transfer.lock);
  transfer.sockets = g_ptr_array_new ();
  curl_easy_setopt (curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt (curl, CURLOPT_OPENSOCKETDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
  curl_easy_setopt (curl, CURLOPT_CLOSESOCKETDATA, &transfer);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &transfer, NULL);

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, response);

  /* Also closes what the handle kept open, while the callbacks' data lives. */
  g_cancellable_disconnect (cancellable, handler);
  curl_easy_cleanup (curl);
  g_ptr_array_unref (transfer.sockets);
  g_mutex_clear (&transfer.lock);
  if (code != CURLE_OK && g_cancellable_is_cancelled (cancellable))
    return CURLE_ABORTED_BY_CALLBACK;
  return code;
}

static int
on_progress (void       *clientp,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  return g_cancellable_is_cancelled (clientp) ? 1 : 0;
}

/**
 * antam_send_curl_new:
 * @errbuf: (out caller-allocates): CURL_ERROR_SIZE bytes for libcurl's
 *   own words, which go to the debug log only
 *
 * A libcurl handle that verifies the server's certificate (with the
 * system's authorities, or those of @config's certificate file), gives up
 * on a server that stalls, and stops when @cancellable is cancelled.
 */
CURL *
antam_send_curl_new (const AntamSendConfig *config,
                     GCancellable          *cancellable,
                     char                  *errbuf)
{
  CURL *curl;

  ensure_curl ();
  curl = curl_easy_init ();
  g_assert (curl != NULL);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) config->connect_timeout);
  /* A server that takes the connection and then stalls must fail, not hang:
   * less than one byte a second for stall_timeout seconds ends it. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) config->stall_timeout);
  /* The speed check does not run while libcurl waits for an SMTP reply
   * (the greeting, or the 250 after DATA): this bounds those waits. */
  curl_easy_setopt (curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long) config->stall_timeout);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) config->total_timeout);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
  return curl;
}

/**
 * antam_send_set_curl_error:
 *
 * What went wrong, in words the user can act on; libcurl's own words go to
 * the debug log.  Whether trying again may help is in the code: see
 * antam_send_error_is_permanent().
 */
void
antam_send_set_curl_error (GError       **error,
                           CURLcode       code,
                           const char    *errbuf,
                           GCancellable  *cancellable)
{
  g_debug ("libcurl: %s (%s)", errbuf[0] ? errbuf : "", curl_easy_strerror (code));

  if (code == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled"));
  else if (code == CURLE_LOGIN_DENIED)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_AUTH,
                         _("The mail server did not accept the user name or password: check them in "
                           "Preferences."));
  else if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CERTIFICATE,
                         _("The server’s certificate is not trusted, so nothing was sent. If your agency "
                           "uses its own certificate authority, your IT staff can set its certificate "
                           "in Preferences; otherwise the server’s address may be wrong."));
  else if (code == CURLE_USE_SSL_FAILED)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CERTIFICATE,
                         _("The mail server offers no encrypted connection, so nothing was sent. Ask "
                           "your IT staff for the right encryption setting (TLS or STARTTLS) and port."));
  else if (code == CURLE_SSL_CONNECT_ERROR)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                         _("No encrypted connection could be made with the server, so nothing was sent."));
  else if (code == CURLE_OPERATION_TIMEDOUT)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                         _("The server stopped answering."));
  else if (code == CURLE_COULDNT_RESOLVE_HOST)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                         _("The server’s name could not be looked up: this computer may be offline."));
  else if (code == CURLE_COULDNT_CONNECT)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                         _("Could not connect to the server: it, or this computer, may be offline."));
  else if (code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING)
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                         _("The connection to the server was cut."));
  else
    g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                         _("Sending failed, for a reason An Tâm does not know."));
}

/**
 * antam_send_set_maybe_delivered:
 *
 * Turns the error of a send that failed after the report was handed over
 * into what it means: the report may have arrived.  Never "not sent".
 */
void
antam_send_set_maybe_delivered (GError **error)
{
  g_autofree char *reason = NULL;

  if (error == NULL || *error == NULL)
    return;
  reason = g_strdup ((*error)->message);
  g_clear_error (error);
  g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_MAYBE_DELIVERED,
               _("The whole report was handed over, but the server’s answer never came (%s) It may "
                 "have been delivered. An Tâm sends it again by itself only after a day, with the same "
                 "report number, so that the team counts it once."),
               reason);
}

/* ---- The upload, and its hand-over --------------------------------------- */

static size_t
on_upload_read (char   *buffer,
                size_t  size,
                size_t  nitems,
                void   *user_data)
{
  AntamUpload *upload = user_data;
  gsize n = MIN (size * nitems, upload->length - upload->offset);

  /* The last bytes: once libcurl has them it ends the message (or the
   * request) and waits for the answer, without asking for more when it
   * knows the size.  Written down first, or not done at all. */
  if (upload->offset + n == upload->length && !upload->handed_over)
    {
      if (upload->hand_over_error == NULL &&
          (upload->entry == NULL || antam_outbox_entry_begin_hand_over (upload->entry, &upload->hand_over_error)))
        upload->handed_over = TRUE;
      else
        return CURL_READFUNC_ABORT;
    }
  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;
  return n;
}

void
antam_upload_init (AntamUpload      *upload,
                   AntamOutboxEntry *entry,
                   const char       *data,
                   gsize             length)
{
  upload->entry = entry;
  upload->data = data;
  upload->length = length;
  upload->offset = 0;
  upload->handed_over = FALSE;
  upload->hand_over_error = NULL;
}

void
antam_upload_set (AntamUpload *upload,
                  CURL        *curl)
{
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, on_upload_read);
  curl_easy_setopt (curl, CURLOPT_READDATA, upload);
}

void
antam_upload_clear (AntamUpload *upload)
{
  g_clear_error (&upload->hand_over_error);
}

/* ---- Sending an outbox entry ------------------------------------------- */

/**
 * antam_send_error_is_permanent:
 *
 * Returns: whether sending again as it is cannot help: a setting, a
 *   password, a certificate, an address or a file must change first.  The
 *   user is told what, and no retry is promised.
 */
gboolean
antam_send_error_is_permanent (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == ANTAM_OUTBOX_ERROR)
    return error->code == ANTAM_OUTBOX_ERROR_DAMAGED || error->code == ANTAM_OUTBOX_ERROR_NO_ADDRESS;
  if (error->domain != ANTAM_SEND_ERROR)
    return FALSE;
  switch ((AntamSendError) error->code)
    {
    case ANTAM_SEND_ERROR_CONFIG:
    case ANTAM_SEND_ERROR_PLAIN_REFUSED:
    case ANTAM_SEND_ERROR_NEED_PASSWORD:
    case ANTAM_SEND_ERROR_AUTH:
    case ANTAM_SEND_ERROR_CERTIFICATE:
    case ANTAM_SEND_ERROR_REFUSED:
    case ANTAM_SEND_ERROR_TRAINING:
    case ANTAM_SEND_ERROR_NO_MAIL_CLIENT:
      return TRUE;
    case ANTAM_SEND_ERROR_REJECTED:
    case ANTAM_SEND_ERROR_NETWORK:
    case ANTAM_SEND_ERROR_MAYBE_DELIVERED:
    default:
      return FALSE;
    }
}

/* The settings a report goes with, for its team: its own certificate
 * authority where contacts.json gives one and Preferences does not. */
static AntamSendConfig *
config_for_entry (const AntamSendConfig *config,
                  AntamOutboxEntry      *entry)
{
  AntamSendConfig *copy = antam_send_config_copy (config);
  const char *team_ca = config->team_ca_files && entry->contact_id
                        ? g_hash_table_lookup (config->team_ca_files, entry->contact_id) : NULL;

  if (copy->ca_file == NULL && team_ca != NULL)
    copy->ca_file = g_strdup (team_ca);
  return copy;
}

/**
 * antam_send_entry:
 *
 * Sends one report by its channel, under its lock: the attempt is counted
 * before, the hand-over recorded just before the last step, the outcome
 * after.  The report's data must be as it was made; its text and form are
 * made again if lost.  A report already sent, or made in training, is not
 * sent again; one that may have been delivered is (the caller decided),
 * with the same id.
 *
 * Returns: %TRUE when it was accepted (or handed to the mail app); then
 *   @entry->unrecorded says whether the outbox could write that down.
 *   %ANTAM_SEND_ERROR_MAYBE_DELIVERED when it was handed over and the
 *   answer never came.
 */
gboolean
antam_send_entry (AntamOutboxEntry      *entry,
                  const AntamSendConfig *config,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(AntamSendConfig) effective = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autofree char *settings_key = NULL;
  AntamOutboxState outcome = ANTAM_OUTBOX_SENT;
  AntamOutboxState before;
  gboolean ok = FALSE;
  int lock;

  g_return_val_if_fail (entry != NULL && config != NULL, FALSE);

  if (entry->state == ANTAM_OUTBOX_TRAINING)
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_TRAINING,
                           _("This report was made in training mode and is never sent"));
      return FALSE;
    }

  lock = antam_outbox_entry_lock (entry, error);
  if (lock < 0)
    return FALSE;

  if (!antam_outbox_entry_begin_attempt (entry, error))
    {
      antam_outbox_entry_unlock (lock);
      return FALSE;
    }
  if (entry->state != ANTAM_OUTBOX_PENDING && entry->state != ANTAM_OUTBOX_MAYBE_DELIVERED)
    {
      /* Another sender finished it while we waited for the lock. */
      antam_outbox_entry_unlock (lock);
      return TRUE;
    }
  before = entry->state;

  effective = config_for_entry (config, entry);
  settings_key = antam_send_config_get_key (config);
  entry->unrecorded = FALSE;
  if (antam_outbox_entry_check_files (entry, &failure))
    switch (entry->channel)
      {
      case ANTAM_CHANNEL_SMTP:
        ok = antam_send_smtp (entry, effective, cancellable, &failure);
        break;
      case ANTAM_CHANNEL_HTTPS:
        ok = antam_send_https (entry, effective, cancellable, &failure);
        break;
      case ANTAM_CHANNEL_MAIL_CLIENT:
      default:
        ok = antam_mail_client_compose (entry, cancellable, &failure);
        outcome = ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT;
        break;
      }

  if (!ok)
    /* Handed over now, or some time before: it may be there already. */
    outcome = g_error_matches (failure, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_MAYBE_DELIVERED) ||
              before == ANTAM_OUTBOX_MAYBE_DELIVERED
              ? ANTAM_OUTBOX_MAYBE_DELIVERED : ANTAM_OUTBOX_PENDING;
  if (!antam_outbox_entry_finish_attempt (entry, outcome, ok ? NULL : failure,
                                          antam_send_error_is_permanent (failure)
                                            ? ANTAM_OUTBOX_FAILURE_PERMANENT : ANTAM_OUTBOX_FAILURE_TRANSIENT,
                                          settings_key, &save_error))
    g_message ("Could not record the outcome of sending %s: %s", entry->id, save_error->message);
  antam_outbox_entry_unlock (lock);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }
  return TRUE;
}

static void
send_entry_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  AntamOutboxEntry *entry = g_object_get_data (G_OBJECT (task), "entry");
  GError *error = NULL;

  if (antam_send_entry (entry, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
antam_send_entry_async (AntamOutboxEntry      *entry,
                        const AntamSendConfig *config,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, antam_send_entry_async);
  /* Cancelled after the hand-over is "may have been delivered", not
   * "cancelled": the outcome is the sender's to say. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, antam_send_config_copy (config), (GDestroyNotify) antam_send_config_free);
  g_object_set_data_full (G_OBJECT (task), "entry", antam_outbox_entry_ref (entry),
                          (GDestroyNotify) antam_outbox_entry_unref);
  g_task_run_in_thread (task, send_entry_thread);
}

gboolean
antam_send_entry_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == antam_send_entry_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * antam_outbox_flush:
 *
 * The retry that runs by itself: sends every report that is due
 * (antam_outbox_entry_is_due()), oldest first, then prunes old sent
 * reports.  A report another sender holds is left to it.
 *
 * @n_failed counts those that are still waiting after this try.
 */
gboolean
antam_outbox_flush (const char            *outbox_dir,
                    const AntamSendConfig *config,
                    GCancellable          *cancellable,
                    guint                 *n_sent,
                    guint                 *n_failed,
                    GError               **error)
{
  g_autoptr(GPtrArray) entries = antam_outbox_list (outbox_dir, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *settings_key = antam_send_config_get_key (config);
  guint sent = 0, failed = 0;

  if (entries == NULL)
    return FALSE;

  /* Oldest first: they have waited longest. */
  for (guint i = entries->len; i > 0; i--)
    {
      AntamOutboxEntry *entry = g_ptr_array_index (entries, i - 1);
      g_autoptr(GError) local_error = NULL;

      if (!antam_outbox_entry_is_due (entry, now, settings_key))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (antam_send_entry (entry, config, cancellable, &local_error))
        sent++;
      else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BUSY))
        {
          g_debug ("Outbox %s: %s", entry->id, local_error->message);
          failed++;
        }
    }
  antam_outbox_prune (outbox_dir, now);
  if (n_sent)
    *n_sent = sent;
  if (n_failed)
    *n_failed = failed;
  return TRUE;
}

typedef struct {
  char *outbox_dir;
  AntamSendConfig *config;
  guint sent, failed;
} FlushData;

static void
flush_data_free (FlushData *data)
{
  g_free (data->outbox_dir);
  antam_send_config_free (data->config);
  g_free (data);
}

static void
flush_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FlushData *data = task_data;
  GError *error = NULL;

  if (antam_outbox_flush (data->outbox_dir, data->config, cancellable, &data->sent, &data->failed, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
antam_outbox_flush_async (const char            *outbox_dir,
                          const AntamSendConfig *config,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FlushData *data = g_new0 (FlushData, 1);

  data->outbox_dir = g_strdup (outbox_dir);
  data->config = antam_send_config_copy (config);
  g_task_set_source_tag (task, antam_outbox_flush_async);
  g_task_set_task_data (task, data, (GDestroyNotify) flush_data_free);
  g_task_run_in_thread (task, flush_thread);
}

gboolean
antam_outbox_flush_finish (GAsyncResult  *result,
                           guint         *n_sent,
                           guint         *n_failed,
                           GError       **error)
{
  FlushData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  data = g_task_get_task_data (G_TASK (result));
  if (n_sent)
    *n_sent = data->sent;
  if (n_failed)
    *n_failed = data->failed;
  return g_task_propagate_boolean (G_TASK (result), error);
}
