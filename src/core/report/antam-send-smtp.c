/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-secrets.h"
#include "antam-send-private.h"

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

gboolean
antam_send_smtp (AntamOutboxEntry      *entry,
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

  antam_send_curl_init ();
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK, _("Sending failed"));
      return FALSE;
    }
  antam_send_curl_set_options (curl, config, cancellable, errbuf);
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
  code = antam_send_curl_perform (curl, cancellable, &response);
  if (code == CURLE_OK)
    ok = TRUE;
  else
    antam_send_set_curl_error (error, code, errbuf, response, cancellable);

  if (password != NULL)
    memset (password, 0, strlen (password));
  curl_mime_free (mime);
  curl_slist_free_all (recipients);
  curl_slist_free_all (headers);
  return ok;
}

