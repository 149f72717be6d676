/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "antam-result.h"
#include "antam-secrets.h"
#include "antam-send.h"

G_DEFINE_QUARK (antam-send-error-quark, antam_send_error)

#define DEFAULT_CONNECT_TIMEOUT 20
#define DEFAULT_STALL_TIMEOUT 60
#define DEFAULT_TOTAL_TIMEOUT (15 * 60)
#define MAIL_CLIENT_WAIT_MS (30 * 1000)

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

/* ---- Queueing ------------------------------------------------------------ */

/**
 * antam_outbox_add_report:
 *
 * Renders the report (JSON, text, PDF) exactly once and writes it to the
 * outbox, addressed by @config's channel: what the preview showed is what
 * is stored and what is sent.
 */
AntamOutboxEntry *
antam_outbox_add_report (const char            *outbox_dir,
                         AntamReportModel      *model,
                         const AntamSendConfig *config,
                         GError               **error)
{
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) pdf_error = NULL;
  const char *recipient = NULL;

  g_return_val_if_fail (model != NULL && config != NULL, NULL);

  if (model->contact == NULL)
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
                           _("No incident response team is chosen to send the report to"));
      return NULL;
    }
  if (config->channel == ANTAM_CHANNEL_HTTPS)
    {
      recipient = model->contact->https_endpoint;
      if (recipient == NULL)
        {
          g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
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
          g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
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

  return antam_outbox_add (outbox_dir, model->id, config->channel, model->training,
                           model->contact->id, recipient, subject, stem, text, json, pdf, error);
}

/* ---- SMTP ---------------------------------------------------------------- */

static char *
host_of (const char *server)
{
  /* "[::1]" is how a URL writes an IPv6 address. */
  if (server[0] == '[' && g_str_has_suffix (server, "]"))
    return g_strndup (server + 1, strlen (server) - 2);
  return g_strdup (server);
}

static gboolean
is_valid_host (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address != NULL)
    return TRUE;
  if (*host == '\0' || strlen (host) > 253 || *host == '.' || *host == '-')
    return FALSE;
  for (const char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * antam_smtp_check_server:
 *
 * Refuses, before any connection, a server name that is not a plain host,
 * and plain SMTP to anything but this computer: a report names the machine
 * and what is installed on it, and must not cross a network in clear text.
 */
gboolean
antam_smtp_check_server (const char         *server,
                         AntamSmtpSecurity   security,
                         GError            **error)
{
  g_autofree char *host = NULL;

  if (server == NULL || *server == '\0')
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
                           _("No mail server is set"));
      return FALSE;
    }
  host = host_of (server);
  if (!is_valid_host (host))
    {
      g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
                   _("“%s” is not a mail server name"), server);
      return FALSE;
    }
  if (security == ANTAM_SMTP_SECURITY_NONE)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
      gboolean loopback = address != NULL ? g_inet_address_get_is_loopback (address)
                                          : g_ascii_strcasecmp (host, "localhost") == 0;
      if (!loopback)
        {
          g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_PLAIN_REFUSED,
                       _("Sending to %s without encryption is not allowed: the report would cross "
                         "the network in clear text. Choose TLS or STARTTLS in the mail server settings."),
                       server);
          return FALSE;
        }
    }
  return TRUE;
}

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

static CURLcode
perform_keep (CURL         *curl,
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

static void
set_common_options (CURL                  *curl,
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

static void
set_curl_error (GError       **error,
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

/* RFC 2047: a header text that is not plain ASCII goes as UTF-8 base64
 * "encoded words", each cut on a character boundary. */
static char *
encode_header_text (const char *text)
{
  GString *out;
  const char *p = text;
  gboolean ascii = TRUE;

  for (const char *q = text; *q; q++)
    if ((guchar) *q >= 0x7f || (guchar) *q < ' ')
      ascii = FALSE;
  if (ascii)
    return g_strdup (text);

  out = g_string_new (NULL);
  while (*p)
    {
      const char *start = p;
      g_autofree char *chunk = NULL;

      while (*p && p - start < 45)
        {
          const char *next = g_utf8_next_char (p);
          if (next - start > 45)
            break;
          p = next;
        }
      chunk = g_base64_encode ((const guchar *) start, p - start);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "=?UTF-8?B?%s?=", chunk);
    }
  return g_string_free (out, FALSE);
}

static char *
format_rfc5322_date (GDateTime *when)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  gint64 offset = g_date_time_get_utc_offset (when) / G_TIME_SPAN_MINUTE;
  char sign = offset < 0 ? '-' : '+';

  /* Not g_date_time_format(): "%a" and "%b" follow the locale. */
  offset = ABS (offset);
  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d %c%02d%02d",
                          days[g_date_time_get_day_of_week (when) - 1],
                          g_date_time_get_day_of_month (when),
                          months[g_date_time_get_month (when) - 1],
                          g_date_time_get_year (when),
                          g_date_time_get_hour (when), g_date_time_get_minute (when),
                          g_date_time_get_second (when),
                          sign, (int) (offset / 60), (int) (offset % 60));
}

static char *
clean_header_value (const char *value)
{
  char *copy = g_strdup (value ? value : "");

  g_strdelimit (copy, "\r\n", ' ');
  return copy;
}

static gboolean
send_smtp (AntamOutboxEntry      *entry,
           const AntamSendConfig *config,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autofree char *password = NULL;
  g_autofree char *body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *json_name = NULL;
  g_autofree char *pdf_name = NULL;
  g_autofree char *from_address = NULL;
  g_autofree char *mail_from = NULL;
  g_autofree char *header = NULL;
  gsize json_len = 0, pdf_len = 0;
  struct curl_slist *recipients = NULL;
  struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_mime *mime = NULL;
  curl_mimepart *part;
  CURL *curl = NULL;
  CURLcode code;
  long response = 0;
  guint port;
  gboolean ok = FALSE;

  if (!antam_smtp_check_server (config->smtp_server, config->smtp_security, error))
    return FALSE;
  if (!antam_email_address_is_valid (entry->recipient))
    {
      g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
                   _("“%s” is not an e-mail address"), entry->recipient ? entry->recipient : "");
      return FALSE;
    }

  /* Who it is from: the sender's own address, else the login if it is one. */
  if (antam_email_address_is_valid (config->from_address))
    from_address = g_strdup (config->from_address);
  else if (antam_email_address_is_valid (config->smtp_user))
    from_address = g_strdup (config->smtp_user);
  else
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
                           _("Enter your e-mail address, so the team can answer you"));
      return FALSE;
    }

  if (config->smtp_user != NULL && *config->smtp_user != '\0')
    {
      if (config->smtp_password != NULL)
        password = g_strdup (config->smtp_password);
      else
        {
          g_autoptr(GError) secret_error = NULL;

          password = antam_secret_lookup_smtp (config->smtp_server, config->smtp_user,
                                               cancellable, &secret_error);
          if (password == NULL)
            {
              g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NEED_PASSWORD,
                           _("The password for %s on %s is needed"),
                           config->smtp_user, config->smtp_server);
              if (secret_error != NULL)
                g_debug ("Secret Service: %s", secret_error->message);
              return FALSE;
            }
        }
    }

  json_name = g_strdup_printf ("%s.json", entry->file_stem);
  pdf_name = g_strdup_printf ("%s.pdf", entry->file_stem);
  if (!antam_outbox_entry_read (entry, ANTAM_OUTBOX_BODY_FILE, &body, NULL, error) ||
      !antam_outbox_entry_read (entry, json_name, &json, &json_len, error) ||
      (entry->has_pdf && !antam_outbox_entry_read (entry, pdf_name, &pdf, &pdf_len, error)))
    return FALSE;

  host = host_of (config->smtp_server);
  port = config->smtp_port ? config->smtp_port
                           : config->smtp_security == ANTAM_SMTP_SECURITY_TLS ? 465
                           : config->smtp_security == ANTAM_SMTP_SECURITY_STARTTLS ? 587 : 25;
  url = g_strdup_printf ("%s://%s%s%s:%u",
                         config->smtp_security == ANTAM_SMTP_SECURITY_TLS ? "smtps" : "smtp",
                         strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "", port);

  ensure_curl ();
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK, _("Sending failed"));
      return FALSE;
    }
  set_common_options (curl, config, cancellable, errbuf);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (config->smtp_security == ANTAM_SMTP_SECURITY_STARTTLS)
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  if (password != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, config->smtp_user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, password);
    }
  mail_from = g_strdup_printf ("<%s>", from_address);
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  header = g_strdup_printf ("<%s>", entry->recipient);
  recipients = curl_slist_append (recipients, header);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *date = format_rfc5322_date (now);
    g_autofree char *name = clean_header_value (config->from_name);
    g_autofree char *from_name = encode_header_text (name);
    g_autofree char *subject_clean = clean_header_value (entry->subject);
    g_autofree char *subject = encode_header_text (subject_clean);
    g_autofree char *line = NULL;
    const char *domain = strchr (from_address, '@') + 1;

    line = *from_name ? g_strdup_printf ("From: %s <%s>", from_name, from_address)
                      : g_strdup_printf ("From: <%s>", from_address);
    headers = curl_slist_append (headers, line);
    g_free (line);
    line = g_strdup_printf ("To: <%s>", entry->recipient);
    headers = curl_slist_append (headers, line);
    g_free (line);
    line = g_strdup_printf ("Subject: %s", subject);
    headers = curl_slist_append (headers, line);
    g_free (line);
    line = g_strdup_printf ("Date: %s", date);
    headers = curl_slist_append (headers, line);
    g_free (line);
    /* The same id on every try: a server or the team can tell a retry
     * that went through twice. */
    line = g_strdup_printf ("Message-ID: <%s@%s>", entry->id, domain);
    headers = curl_slist_append (headers, line);
    g_free (line);
    line = g_strdup_printf ("X-AnTam-Report-Id: %s", entry->id);
    headers = curl_slist_append (headers, line);
  }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  mime = curl_mime_init (curl);
  part = curl_mime_addpart (mime);
  curl_mime_data (part, body, CURL_ZERO_TERMINATED);
  curl_mime_type (part, "text/plain; charset=utf-8");
  curl_mime_encoder (part, "quoted-printable");

  part = curl_mime_addpart (mime);
  curl_mime_data (part, json, json_len);
  curl_mime_type (part, "application/json");
  curl_mime_filename (part, json_name);
  curl_mime_encoder (part, "base64");

  if (pdf != NULL)
    {
      part = curl_mime_addpart (mime);
      curl_mime_data (part, pdf, pdf_len);
      curl_mime_type (part, "application/pdf");
      curl_mime_filename (part, pdf_name);
      curl_mime_encoder (part, "base64");
    }
  curl_easy_setopt (curl, CURLOPT_MIMEPOST, mime);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);

  /* libcurl returns CURLE_OK only after the server's 250 to the end of
   * DATA: the moment the report is the server's responsibility. */
  code = perform_keep (curl, cancellable, &response);
  if (code == CURLE_OK)
    ok = TRUE;
  else
    set_curl_error (error, code, errbuf, response, cancellable);

  if (password != NULL)
    memset (password, 0, strlen (password));
  curl_mime_free (mime);
  curl_slist_free_all (recipients);
  curl_slist_free_all (headers);
  return ok;
}

/* ---- HTTPS --------------------------------------------------------------- */

static size_t
discard_body (char   *ptr,
              size_t  size,
              size_t  nmemb,
              void   *userdata)
{
  return size * nmemb;
}

static gboolean
send_https (AntamOutboxEntry      *entry,
            const AntamSendConfig *config,
            GCancellable          *cancellable,
            GError               **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_name = NULL;
  g_autofree char *line = NULL;
  struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  gsize json_len = 0;
  long response = 0;
  CURLcode code;
  CURL *curl;
  gboolean ok = FALSE;

  uri = entry->recipient ? g_uri_parse (entry->recipient, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    {
      g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG,
                   _("“%s” is not an https:// address"), entry->recipient ? entry->recipient : "");
      return FALSE;
    }

  token = config->https_token ? g_strdup (config->https_token)
                              : (entry->contact_id ? antam_secret_lookup_token (entry->contact_id,
                                                                                cancellable, NULL)
                                                   : NULL);
  json_name = g_strdup_printf ("%s.json", entry->file_stem);
  if (!antam_outbox_entry_read (entry, json_name, &json, &json_len, error))
    return FALSE;

  ensure_curl ();
  curl = curl_easy_init ();
  set_common_options (curl, config, cancellable, errbuf);
  curl_easy_setopt (curl, CURLOPT_URL, entry->recipient);
  /* No redirects: a redirect could carry the token somewhere else. */
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");
  line = g_strdup_printf ("X-AnTam-Report-Id: %s", entry->id);
  headers = curl_slist_append (headers, line);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s", token);
      headers = curl_slist_append (headers, auth);
      memset (auth, 0, strlen (auth));
    }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, json);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) json_len);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_body);

  code = perform_keep (curl, cancellable, &response);
  if (code == CURLE_OK && response >= 200 && response < 300)
    ok = TRUE;
  else if (code == CURLE_OK)
    {
      if (response == 401 || response == 403)
        g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_AUTH,
                     _("The team's server did not accept the access token (HTTP %ld)"), response);
      else
        g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REJECTED,
                     _("The team's server refused the report (HTTP %ld)"), response);
    }
  else
    set_curl_error (error, code, errbuf, response, cancellable);

  if (token != NULL)
    memset (token, 0, strlen (token));
  curl_slist_free_all (headers);
  return ok;
}

/* ---- The user's own mail app ------------------------------------------- */

/**
 * antam_mailto_uri:
 *
 * A mailto: link (RFC 6068) with the subject and body filled in; the last
 * resort, since it cannot carry the attachments.
 */
char *
antam_mailto_uri (const char *address,
                  const char *subject,
                  const char *body)
{
  g_autofree char *to = g_uri_escape_string (address ? address : "", "@", FALSE);
  g_autofree char *s = g_uri_escape_string (subject ? subject : "", NULL, FALSE);
  g_autofree char *b = NULL;
  g_autofree char *crlf = NULL;

  /* RFC 6068 wants line breaks in the body as CRLF. */
  {
    g_auto(GStrv) lines = g_strsplit (body ? body : "", "\n", -1);
    crlf = g_strjoinv ("\r\n", lines);
  }
  b = g_uri_escape_string (crlf, NULL, FALSE);
  return g_strdup_printf ("mailto:%s?subject=%s&body=%s", to, s, b);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} WaitData;

static void
on_mail_client_exited (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  WaitData *data = user_data;

  data->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &data->error);
  data->done = TRUE;
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
run_xdg_email (AntamOutboxEntry  *entry,
               const char        *body,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autofree char *program = g_find_program_in_path ("xdg-email");
  g_autoptr(GSource) timeout = NULL;
  gboolean timed_out = FALSE;
  WaitData data = { 0 };

  if (program == NULL)
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT,
                           _("xdg-email is not installed"));
      return FALSE;
    }

  g_ptr_array_add (argv, g_steal_pointer (&program));
  g_ptr_array_add (argv, g_strdup ("--utf8"));
  g_ptr_array_add (argv, g_strdup ("--subject"));
  g_ptr_array_add (argv, g_strdup (entry->subject));
  g_ptr_array_add (argv, g_strdup ("--body"));
  g_ptr_array_add (argv, g_strdup (body));
  g_ptr_array_add (argv, g_strdup ("--attach"));
  g_ptr_array_add (argv, antam_outbox_entry_get_attachment_path (entry, "json"));
  if (entry->has_pdf)
    {
      g_ptr_array_add (argv, g_strdup ("--attach"));
      g_ptr_array_add (argv, antam_outbox_entry_get_attachment_path (entry, "pdf"));
    }
  g_ptr_array_add (argv, g_strdup_printf ("mailto:%s", entry->recipient));
  g_ptr_array_add (argv, NULL);

  /* A private context: this runs in a worker thread with no main loop. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_INHERIT, error);
  if (process == NULL)
    {
      g_main_context_pop_thread_default (context);
      return FALSE;
    }
  g_subprocess_wait_check_async (process, cancellable, on_mail_client_exited, &data);
  timeout = g_timeout_source_new (MAIL_CLIENT_WAIT_MS);
  g_source_set_callback (timeout, on_wait_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!data.done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (!data.done)
    {
      /* Some mail apps keep xdg-email waiting while their window is open:
       * still running after this long means the composer is up. */
      g_cancellable_cancel (cancellable);
      while (!data.done)
        g_main_context_iteration (context, TRUE);
      g_clear_error (&data.error);
      data.ok = TRUE;
    }
  g_main_context_pop_thread_default (context);

  if (!data.ok)
    {
      /* "Child process exited with code 4" tells the user nothing: xdg-email
       * found no mail app that would open. */
      g_debug ("xdg-email: %s", data.error->message);
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT,
                           _("Your mail app could not be opened: no mail app is set up on this "
                             "computer, or it did not start."));
      g_clear_error (&data.error);
      return FALSE;
    }
  return TRUE;
}

/**
 * antam_mail_client_compose:
 *
 * Hands the report to the user's mail app with the attachments, through
 * xdg-email; failing that, a mailto: link with the text alone and where
 * the files are.  The report then goes from the user's own mailbox.
 */
gboolean
antam_mail_client_compose (AntamOutboxEntry  *entry,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *with_note = NULL;
  g_autoptr(GError) xdg_error = NULL;
  g_autoptr(GError) link_error = NULL;
  g_autoptr(GCancellable) wait_cancellable = g_cancellable_new ();

  if (!antam_outbox_entry_read (entry, ANTAM_OUTBOX_BODY_FILE, &body, NULL, error))
    return FALSE;
  if (run_xdg_email (entry, body, wait_cancellable, &xdg_error))
    return TRUE;
  g_debug ("xdg-email: %s", xdg_error->message);

  with_note = g_strdup_printf ("%s\n%s\n%s\n", body,
                               _("Please attach the report files from this folder:"), entry->dir);
  uri = antam_mailto_uri (entry->recipient, entry->subject, with_note);
  if (g_app_info_launch_default_for_uri (uri, NULL, &link_error))
    return TRUE;

  g_debug ("mailto: %s", link_error->message);
  g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT,
                       _("No mail app could be opened on this computer. Choose one for e-mail in "
                         "Settings, or save the report and send it from your own mailbox."));
  return FALSE;
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
      ok = send_smtp (entry, config, cancellable, &failure);
      break;
    case ANTAM_CHANNEL_HTTPS:
      ok = send_https (entry, config, cancellable, &failure);
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
