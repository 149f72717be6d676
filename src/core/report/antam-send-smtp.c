/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "report/antam-secrets.h"
#include "report/antam-send-private.h"

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

/* ---- The message ------------------------------------------------------------ */

#define LINE_LIMIT 76

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x7f || (guchar) *p < ' ')
      return FALSE;
  return TRUE;
}

/* "Name: value" as RFC 5322 and RFC 2047 want it: no line longer than 76
 * characters, a text that is not plain ASCII as UTF-8 "encoded words",
 * each cut on a character boundary, folded onto lines of their own.
 * @trailer (an address in <>) follows the text. */
static void
append_header (GString    *out,
               const char *name,
               const char *text,
               const char *trailer)
{
  gsize line_start = out->len;
  const char *p = text ? text : "";

  g_string_append_printf (out, "%s:", name);
  if (*p != '\0' && is_plain_ascii (p) && strlen (name) + 2 + strlen (p) <= LINE_LIMIT)
    g_string_append_printf (out, " %s", p);
  else
    while (*p)
      {
        /* What is left on this line for " =?UTF-8?B?…?=", then the base64
         * of at most that many bytes, rounded down to whole characters. */
        gsize used = out->len - line_start + strlen (" =?UTF-8?B?" "?=");
        gsize max_bytes = used < LINE_LIMIT ? (LINE_LIMIT - used) / 4 * 3 : 0;
        const char *start = p;
        g_autofree char *chunk = NULL;

        /* Room for at least one whole character, or a new line. */
        if (max_bytes < 6)
          {
            g_string_append (out, "\r\n");
            line_start = out->len;
            continue;
          }
        while (*p)
          {
            const char *next = g_utf8_next_char (p);
            if ((gsize) (next - start) > max_bytes)
              break;
            p = next;
          }
        chunk = g_base64_encode ((const guchar *) start, p - start);
        g_string_append_printf (out, " =?UTF-8?B?%s?=", chunk);
      }
  if (trailer != NULL)
    {
      if (out->len - line_start + 1 + strlen (trailer) > LINE_LIMIT)
        {
          g_string_append (out, "\r\n");
          line_start = out->len;
        }
      g_string_append_printf (out, " %s", trailer);
    }
  g_string_append (out, "\r\n");
}

/* A header whose value cannot be cut (an address, a message id): on the
 * next line when it does not fit on the first. */
static void
append_header_unfolded (GString    *out,
                        const char *name,
                        const char *value)
{
  if (strlen (name) + 2 + strlen (value) > LINE_LIMIT)
    g_string_append_printf (out, "%s:\r\n %s\r\n", name, value);
  else
    g_string_append_printf (out, "%s: %s\r\n", name, value);
}

/* Quoted-printable (RFC 2045), lines ending in CRLF, none over 76: the
 * text reads as it is in any mail app, with its diacritics. */
static void
append_quoted_printable (GString    *out,
                         const char *text)
{
  gsize column = 0;

  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      char encoded[4];
      gboolean line_end = p[1] == '\0' || p[1] == '\n';

      if (*p == '\n')
        {
          g_string_append (out, "\r\n");
          column = 0;
          continue;
        }
      if (*p == '\r')
        continue;
      /* A dot starting a line could end the message on the wire. */
      if ((*p >= 33 && *p <= 126 && *p != '=' && !(*p == '.' && column == 0)) ||
          ((*p == ' ' || *p == '\t') && !line_end))
        {
          encoded[0] = (char) *p;
          encoded[1] = '\0';
        }
      else
        g_snprintf (encoded, sizeof encoded, "=%02X", *p);
      if (column + strlen (encoded) > LINE_LIMIT - 1)
        {
          g_string_append (out, "=\r\n");
          column = 0;
        }
      g_string_append (out, encoded);
      column += strlen (encoded);
    }
  if (column > 0)
    g_string_append (out, "\r\n");
}

static void
append_base64 (GString    *out,
               const char *data,
               gsize       length)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) data, length);
  gsize total = strlen (encoded);

  for (gsize i = 0; i < total; i += LINE_LIMIT)
    {
      g_string_append_len (out, encoded + i, MIN (LINE_LIMIT, total - i));
      g_string_append (out, "\r\n");
    }
}

static void
append_attachment (GString    *out,
                   const char *boundary,
                   const char *type,
                   const char *file_name,
                   const char *data,
                   gsize       length)
{
  g_string_append_printf (out, "--%s\r\n", boundary);
  g_string_append_printf (out, "Content-Type: %s; name=\"%s\"\r\n", type, file_name);
  g_string_append_printf (out, "Content-Disposition: attachment; filename=\"%s\"\r\n", file_name);
  g_string_append (out, "Content-Transfer-Encoding: base64\r\n\r\n");
  append_base64 (out, data, length);
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

  g_strdelimit (copy, "\r\n\t", ' ');
  return copy;
}

/* The whole message as it goes on the wire, written here rather than by
 * libcurl so that its end (where the report is handed over) is ours to
 * see, and its headers are folded as the RFCs want.  The same report id
 * is its Message-ID on every try: a server, or the team, can tell a retry
 * that went through twice. */
static char *
build_message (AntamOutboxEntry      *entry,
               const AntamSendConfig *config,
               const char            *from_address,
               const char            *body,
               const char            *json,
               gsize                  json_len,
               const char            *pdf,
               gsize                  pdf_len)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = format_rfc5322_date (now);
  g_autofree char *name = clean_header_value (config->from_name);
  g_autofree char *subject = clean_header_value (entry->subject);
  g_autofree char *from = g_strdup_printf ("<%s>", from_address);
  g_autofree char *boundary = g_strdup_printf ("antam-%s", entry->id);
  g_autofree char *json_name = g_strdup_printf ("%s.json", entry->file_stem);
  g_autofree char *pdf_name = g_strdup_printf ("%s.pdf", entry->file_stem);
  g_autofree char *to = g_strdup_printf ("<%s>", entry->recipient);
  g_autofree char *message_id = g_strdup_printf ("<%s@%s>", entry->id, strchr (from_address, '@') + 1);

  if (*name != '\0')
    append_header (out, "From", name, from);
  else
    append_header_unfolded (out, "From", from);
  append_header_unfolded (out, "To", to);
  append_header (out, "Subject", subject, NULL);
  g_string_append_printf (out, "Date: %s\r\n", date);
  append_header_unfolded (out, "Message-ID", message_id);
  g_string_append_printf (out, "X-AnTam-Report-Id: %s\r\n", entry->id);
  g_string_append (out, "MIME-Version: 1.0\r\n");
  g_string_append_printf (out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n", boundary);

  g_string_append_printf (out, "--%s\r\n", boundary);
  g_string_append (out, "Content-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
  append_quoted_printable (out, body);
  append_attachment (out, boundary, "application/json", json_name, json, json_len);
  if (pdf != NULL)
    append_attachment (out, boundary, "application/pdf", pdf_name, pdf, pdf_len);
  g_string_append_printf (out, "--%s--\r\n", boundary);
  return g_string_free (out, FALSE);
}

/* ---- Sending --------------------------------------------------------------- */

/* What the mail server's reply code says, when it said no. */
static void
set_smtp_refusal (GError     **error,
                  long         response,
                  const char  *recipient,
                  gboolean     after_data)
{
  if (response >= 500 && !after_data)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REFUSED,
                 _("The mail server would not deliver to %s (reply %ld): the address may be wrong, or "
                   "the server may not send outside the agency. Check the team’s address, or ask "
                   "your IT staff."),
                 recipient, response);
  else if (response >= 500)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REFUSED,
                 _("The mail server refused the report (reply %ld); sending it again as it is will "
                   "not help. Ask your IT staff."),
                 response);
  else
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REJECTED,
                 _("The mail server could not take the report now (reply %ld)."), response);
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
  g_autofree char *rcpt = NULL;
  g_autofree char *message = NULL;
  gsize json_len = 0, pdf_len = 0;
  struct curl_slist *recipients = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  AntamUpload upload = { 0 };
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
  message = build_message (entry, config, from_address, body, json, json_len, pdf, pdf_len);

  host = host_of (config->smtp_server);
  port = config->smtp_port ? config->smtp_port
                           : config->smtp_security == ANTAM_SMTP_SECURITY_TLS ? 465
                           : config->smtp_security == ANTAM_SMTP_SECURITY_STARTTLS ? 587 : 25;
  url = g_strdup_printf ("%s://%s%s%s:%u",
                         config->smtp_security == ANTAM_SMTP_SECURITY_TLS ? "smtps" : "smtp",
                         strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "", port);

  curl = antam_send_curl_new (config, cancellable, errbuf);
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
  rcpt = g_strdup_printf ("<%s>", entry->recipient);
  recipients = curl_slist_append (recipients, rcpt);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);

  /* libcurl reads the message, then ends it with "." and waits for the
   * server's 250: the hand-over is recorded between the two. */
  antam_upload_init (&upload, entry, message, strlen (message));
  antam_upload_set (&upload, curl);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);

  code = antam_send_curl_perform (curl, cancellable, &response);
  if (code == CURLE_OK)
    ok = TRUE;
  else if (upload.hand_over_error != NULL)
    g_propagate_error (error, g_steal_pointer (&upload.hand_over_error));
  else if (response >= 400 && code != CURLE_LOGIN_DENIED && !g_cancellable_is_cancelled (cancellable))
    /* The server answered, and not with yes: nothing was delivered. */
    set_smtp_refusal (error, response, entry->recipient, upload.handed_over);
  else
    {
      antam_send_set_curl_error (error, code, errbuf, cancellable);
      if (upload.handed_over)
        antam_send_set_maybe_delivered (error);
    }

  if (password != NULL)
    memset (password, 0, strlen (password));
  curl_slist_free_all (recipients);
  antam_upload_clear (&upload);
  return ok;
}
