/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "antam-result.h"
#include "antam-send-private.h"

G_DEFINE_QUARK (antam-send-error-quark, antam_send_error)

#define DEFAULT_CONNECT_TIMEOUT 20
#define DEFAULT_STALL_TIMEOUT 60
#define DEFAULT_TOTAL_TIMEOUT (15 * 60)

static const char * const security_names[] = {
  [ANTAM_SMTP_SECURITY_TLS] = "tls",
  [ANTAM_SMTP_SECURITY_STARTTLS] = "starttls",
  [ANTAM_SMTP_SECURITY_NONE] = "none",
};

const char *
antam_smtp_security_to_string (AntamSmtpSecurity security)
{
  g_return_val_if_fail (security < G_N_ELEMENTS (security_names), NULL);
  return security_names[security];
}

gboolean
antam_smtp_security_from_string (const char        *text,
                                 AntamSmtpSecurity *security)
{
  int value = antam_name_lookup (security_names, G_N_ELEMENTS (security_names), text);

  if (value < 0)
    return FALSE;
  *security = (AntamSmtpSecurity) value;
  return TRUE;
}

/* ---- Configuration ------------------------------------------------------ */

AntamSendConfig *
antam_send_config_new (void)
{
  AntamSendConfig *config = g_new0 (AntamSendConfig, 1);
  const char *ca_file = g_getenv ("ANTAM_TEST_CA_FILE");

  config->channel = ANTAM_CHANNEL_MAIL_CLIENT;
  config->contact_id = g_strdup (ANTAM_DEFAULT_CONTACT);
  config->smtp_security = ANTAM_SMTP_SECURITY_STARTTLS;
  config->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  config->stall_timeout = DEFAULT_STALL_TIMEOUT;
  config->total_timeout = DEFAULT_TOTAL_TIMEOUT;
  config->reminder_days = 30;
  /* Only the tests set this, to trust the certificate they made. */
  if (ca_file != NULL && *ca_file != '\0')
    config->ca_file = g_strdup (ca_file);
  return config;
}

AntamSendConfig *
antam_send_config_copy (const AntamSendConfig *config)
{
  AntamSendConfig *copy = g_memdup2 (config, sizeof *config);

  copy->contact_id = g_strdup (config->contact_id);
  copy->smtp_server = g_strdup (config->smtp_server);
  copy->smtp_user = g_strdup (config->smtp_user);
  copy->smtp_password = g_strdup (config->smtp_password);
  copy->from_name = g_strdup (config->from_name);
  copy->from_address = g_strdup (config->from_address);
  copy->https_token = g_strdup (config->https_token);
  copy->ca_file = g_strdup (config->ca_file);
  return copy;
}

void
antam_send_config_free (AntamSendConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->contact_id);
  g_free (config->smtp_server);
  g_free (config->smtp_user);
  if (config->smtp_password != NULL)
    memset (config->smtp_password, 0, strlen (config->smtp_password));
  g_free (config->smtp_password);
  g_free (config->from_name);
  g_free (config->from_address);
  if (config->https_token != NULL)
    memset (config->https_token, 0, strlen (config->https_token));
  g_free (config->https_token);
  g_free (config->ca_file);
  g_free (config);
}

/**
 * antam_report_settings_new:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL when
 *   the schema is not installed (antam-cli run from a build tree): then the
 *   defaults apply, rather than GSettings aborting
 */
GSettings *
antam_report_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "report-channel"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static char *
get_string_or_null (GSettings  *settings,
                    const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_strstrip (value);
  return *value ? g_steal_pointer (&value) : NULL;
}

/**
 * antam_send_config_load:
 * @settings: (nullable): from antam_report_settings_new()
 */
AntamSendConfig *
antam_send_config_load (GSettings *settings)
{
  AntamSendConfig *config = antam_send_config_new ();
  g_autofree char *channel = NULL;
  g_autofree char *security = NULL;

  if (settings == NULL)
    return config;

  channel = g_settings_get_string (settings, "report-channel");
  if (!antam_channel_from_string (channel, &config->channel))
    config->channel = ANTAM_CHANNEL_MAIL_CLIENT;
  g_free (config->contact_id);
  config->contact_id = get_string_or_null (settings, "report-contact");
  if (config->contact_id == NULL)
    config->contact_id = g_strdup (ANTAM_DEFAULT_CONTACT);
  config->smtp_server = get_string_or_null (settings, "smtp-server");
  config->smtp_port = g_settings_get_uint (settings, "smtp-port");
  security = g_settings_get_string (settings, "smtp-security");
  if (!antam_smtp_security_from_string (security, &config->smtp_security))
    config->smtp_security = ANTAM_SMTP_SECURITY_STARTTLS;
  config->smtp_user = get_string_or_null (settings, "smtp-user");
  config->from_name = get_string_or_null (settings, "sender-name");
  config->from_address = get_string_or_null (settings, "sender-email");
  config->reminder_days = g_settings_get_uint (settings, "reminder-interval-days");
  return config;
}

void
antam_report_model_load_sender (AntamReportModel *model,
                                GSettings        *settings)
{
  if (settings == NULL)
    return;
  g_free (model->sender_name);
  model->sender_name = get_string_or_null (settings, "sender-name");
  g_free (model->sender_unit);
  model->sender_unit = get_string_or_null (settings, "sender-unit");
  g_free (model->sender_phone);
  model->sender_phone = get_string_or_null (settings, "sender-phone");
  g_free (model->sender_email);
  model->sender_email = get_string_or_null (settings, "sender-email");
}

/* ---- libcurl, for SMTP and HTTPS ----------------------------------------- */

static gpointer
init_curl (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

void
antam_send_curl_init (void)
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

void
antam_send_curl_set_options (CURL                  *curl,
                             const AntamSendConfig *config,
                             GCancellable          *cancellable,
                             char                  *errbuf)
{
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
}

void
antam_send_set_curl_error (GError       **error,
                           CURLcode       code,
                           const char    *errbuf,
                           long           response,
                           GCancellable  *cancellable)
{
  const char *detail = errbuf[0] ? errbuf : curl_easy_strerror (code);

  if (code == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending was cancelled"));
  else if (code == CURLE_LOGIN_DENIED)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_AUTH,
                 _("The mail server did not accept the user name or password (%s)"), detail);
  else if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                 _("The server’s certificate could not be verified, so nothing was sent (%s)"), detail);
  else if (code == CURLE_USE_SSL_FAILED || code == CURLE_SSL_CONNECT_ERROR)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                 _("No encrypted connection could be made with the mail server, so nothing was sent (%s)"),
                 detail);
  else if (code == CURLE_OPERATION_TIMEDOUT)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                 _("The server stopped answering (%s); the report stays in the outbox and will be sent again"),
                 detail);
  else if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
           code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                 _("Could not reach the server (%s); the report stays in the outbox and will be sent again"),
                 detail);
  else if (response >= 400)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REJECTED,
                 _("The server refused the report (%ld: %s)"), response, detail);
  else
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                 _("Sending failed (%s)"), detail);
}

/* ---- Sending an outbox entry ------------------------------------------- */

/**
 * antam_send_entry:
 *
 * Sends one report by its channel, under its lock, counting the attempt
 * before and recording the outcome after.  A report already sent, or made
 * in training, is not sent again.
 */
gboolean
antam_send_entry (AntamOutboxEntry      *entry,
                  const AntamSendConfig *config,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) save_error = NULL;
  AntamOutboxState outcome = ANTAM_OUTBOX_SENT;
  gboolean ok;
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
  if (entry->state != ANTAM_OUTBOX_PENDING)
    {
      /* Another sender finished it while we waited for the lock. */
      antam_outbox_entry_unlock (lock);
      return TRUE;
    }

  switch (entry->channel)
    {
    case ANTAM_CHANNEL_SMTP:
      ok = antam_send_smtp (entry, config, cancellable, &failure);
      break;
    case ANTAM_CHANNEL_HTTPS:
      ok = antam_send_https (entry, config, cancellable, &failure);
      break;
    case ANTAM_CHANNEL_MAIL_CLIENT:
    default:
      ok = antam_mail_client_compose (entry, cancellable, &failure);
      outcome = ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT;
      break;
    }

  if (!antam_outbox_entry_finish_attempt (entry, outcome, ok ? NULL : failure, &save_error))
    g_warning ("Could not record the outcome of sending %s: %s", entry->id, save_error->message);
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
 * Retries every pending report that can go without the user: by SMTP or
 * HTTPS.  One handed to the mail app needs the user, so it waits for the
 * Outbox view.  A report another sender holds is left to it.
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
  guint sent = 0, failed = 0;

  if (entries == NULL)
    return FALSE;

  /* Oldest first: they have waited longest. */
  for (guint i = entries->len; i > 0; i--)
    {
      AntamOutboxEntry *entry = g_ptr_array_index (entries, i - 1);
      g_autoptr(GError) local_error = NULL;

      if (entry->state != ANTAM_OUTBOX_PENDING || entry->channel == ANTAM_CHANNEL_MAIL_CLIENT)
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
