/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "tally/antam-imap.h"
#include "tally/antam-tally-report.h"

/* A message larger than this is not a report's: it is skipped unread. */
#define MAX_MESSAGE_SIZE (128 * 1024 * 1024)
#define CONNECT_TIMEOUT 20L
#define STALL_TIMEOUT 60L

gboolean
antam_imap_url_is_imap (const char *text)
{
  return text != NULL && (g_str_has_prefix (text, "imaps://") || g_str_has_prefix (text, "imap://"));
}

void
antam_imap_url_free (AntamImapUrl *url)
{
  if (url == NULL)
    return;
  g_free (url->scheme);
  g_free (url->user);
  g_free (url->host);
  g_free (url->mailbox);
  g_free (url->base_url);
  g_free (url);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = g_strdup (host);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  g_strdelimit (bare, "[]", ' ');
  g_strstrip (bare);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

AntamImapUrl *
antam_imap_url_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_HAS_PASSWORD, NULL);
  g_autoptr(AntamImapUrl) url = NULL;
  const char *path;
  g_autofree char *mailbox = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      !antam_imap_url_is_imap (text))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a mailbox address such as imaps://user@mail.example.gov.vn/INBOX"), text);
      return NULL;
    }
  if (g_uri_get_password (uri) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Do not write the password in the mailbox address: it is read from the keyring "
                             "(store it with --set-password)"));
      return NULL;
    }

  url = g_new0 (AntamImapUrl, 1);
  url->scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  url->user = g_strdup (g_uri_get_user (uri));
  url->host = g_strdup (g_uri_get_host (uri));
  url->port = g_uri_get_port (uri);

  if (g_str_equal (url->scheme, "imap") && !is_loopback (url->host))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Plain IMAP would send the password and the reports unencrypted: imap:// is only "
                     "allowed to this computer. Use imaps://%s"), text + strlen ("imap://"));
      return NULL;
    }

  path = g_uri_get_path (uri);
  while (*path == '/')
    path++;
  mailbox = g_uri_unescape_string (path, NULL);
  if (mailbox == NULL || *mailbox == '\0' || strchr (mailbox, ';') || strchr (mailbox, '"') ||
      strchr (mailbox, '\r') || strchr (mailbox, '\n'))
    {
      if (mailbox != NULL && *mailbox != '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a mailbox name An Tâm can read"), mailbox);
          return NULL;
        }
      g_free (mailbox);
      mailbox = g_strdup ("INBOX");
    }
  url->mailbox = g_steal_pointer (&mailbox);
  {
    g_autofree char *escaped = g_uri_escape_string (url->mailbox, "/", FALSE);
    g_autofree char *host = strchr (url->host, ':') ? g_strdup_printf ("[%s]", url->host) : g_strdup (url->host);

    url->base_url = url->port > 0
      ? g_strdup_printf ("%s://%s:%d/%s", url->scheme, host, url->port, escaped)
      : g_strdup_printf ("%s://%s/%s", url->scheme, host, escaped);
  }
  return g_steal_pointer (&url);
}

GArray *
antam_imap_parse_search (const char *response,
                         gsize       length)
{
  GArray *uids = g_array_new (FALSE, FALSE, sizeof (guint64));
  const char *end = response + length;
  const char *p = response;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol ? eol : end;

      if (line_end - p >= 8 && g_ascii_strncasecmp (p, "* SEARCH", 8) == 0)
        {
          const char *q = p + 8;

          while (q < line_end)
            {
              guint64 uid = 0;
              gboolean digits = FALSE;

              while (q < line_end && *q == ' ')
                q++;
              while (q < line_end && g_ascii_isdigit (*q) && uid < G_MAXUINT32)
                {
                  uid = uid * 10 + (guint64) (*q - '0');
                  digits = TRUE;
                  q++;
                }
              if (digits && uid > 0)
                g_array_append_val (uids, uid);
              while (q < line_end && *q != ' ')
                q++;
            }
        }
      p = line_end + 1;
    }
  return uids;
}

char *
antam_imap_parse_uidvalidity (const char *response,
                              gsize       length)
{
  static const char key[] = "UIDVALIDITY ";
  const char *end = response + length;
  const char *hit = g_strstr_len (response, length, key);
  const char *p;

  if (hit == NULL)
    return NULL;
  p = hit + strlen (key);
  hit = p;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p > hit ? g_strndup (hit, p - hit) : NULL;
}

typedef struct {
  GByteArray *data;
  gboolean too_large;
} Sink;

static size_t
on_data (char   *ptr,
         size_t  size,
         size_t  nmemb,
         void   *user_data)
{
  Sink *sink = user_data;
  gsize n = size * nmemb;

  if (sink->data->len + n > MAX_MESSAGE_SIZE)
    {
      sink->too_large = TRUE;
      return 0;
    }
  g_byte_array_append (sink->data, (const guint8 *) ptr, n);
  return n;
}

static void
set_curl_error (GError     **error,
                CURLcode     code,
                const char  *errbuf,
                const char  *mailbox)
{
  const char *detail = errbuf[0] ? errbuf : curl_easy_strerror (code);

  if (code == CURLE_LOGIN_DENIED)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("The mail server did not accept the user name or password (%s)"), detail);
  else if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The mail server’s certificate could not be verified, so nothing was read (%s)"), detail);
  else
    /* TRANSLATORS: the first %s is a mailbox address, the second libcurl's reason */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read the mailbox %s: %s"), mailbox, detail);
}

static CURLcode
perform (CURL       *curl,
         const char *url,
         const char *command,
         Sink       *sink)
{
  g_byte_array_set_size (sink->data, 0);
  sink->too_large = FALSE;
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, command);
  return curl_easy_perform (curl);
}

/* "STATUS" needs the name quoted, as IMAP writes strings. */
static char *
quote_mailbox (const char *mailbox)
{
  GString *out = g_string_new ("\"");

  for (const char *p = mailbox; *p; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/**
 * antam_imap_fetch:
 * @validity: (out): the mailbox's UIDVALIDITY
 * @last_uid: (out): the highest UID read
 *
 * Calls @func with each message after @after_uid (all of them when the
 * mailbox's UIDVALIDITY is not @known_validity).
 */
gboolean
antam_imap_fetch (const char            *url_text,
                  const char            *ca_file,
                  const char            *password,
                  const char            *known_validity,
                  guint64                after_uid,
                  AntamImapMessageFunc   func,
                  gpointer               user_data,
                  char                 **validity,
                  guint64               *last_uid,
                  GError               **error)
{
  g_autoptr(AntamImapUrl) url = antam_imap_url_parse (url_text, error);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GArray) uids = NULL;
  g_autofree char *status = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *search = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  Sink sink = { buffer, FALSE };
  CURLcode code;
  CURL *curl;
  gboolean ok = FALSE;

  *validity = NULL;
  *last_uid = after_uid;
  if (url == NULL)
    return FALSE;

  curl_global_init (CURL_GLOBAL_DEFAULT);
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not start the IMAP client"));
      return FALSE;
    }
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
  curl_easy_setopt (curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, STALL_TIMEOUT);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, STALL_TIMEOUT);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, ca_file);
  if (url->user != NULL)
    curl_easy_setopt (curl, CURLOPT_USERNAME, url->user);
  if (password != NULL)
    curl_easy_setopt (curl, CURLOPT_PASSWORD, password);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &sink);

  /* libcurl selects the mailbox of the URL, then sends the command. */
  quoted = quote_mailbox (url->mailbox);
  status = g_strdup_printf ("STATUS %s (UIDVALIDITY)", quoted);
  code = perform (curl, url->base_url, status, &sink);
  if (code != CURLE_OK)
    {
      set_curl_error (error, code, errbuf, url->base_url);
      goto out;
    }
  *validity = antam_imap_parse_uidvalidity ((const char *) buffer->data, buffer->len);
  if (*validity == NULL)
    *validity = g_strdup ("");
  if (g_strcmp0 (*validity, known_validity) != 0)
    after_uid = 0;   /* the UIDs were renumbered: read everything again */

  search = g_strdup_printf ("UID SEARCH UID %" G_GUINT64_FORMAT ":*", after_uid + 1);
  code = perform (curl, url->base_url, search, &sink);
  if (code != CURLE_OK)
    {
      set_curl_error (error, code, errbuf, url->base_url);
      goto out;
    }
  uids = antam_imap_parse_search ((const char *) buffer->data, buffer->len);
  *last_uid = after_uid;

  for (guint i = 0; i < uids->len; i++)
    {
      guint64 uid = g_array_index (uids, guint64, i);
      g_autofree char *message_url = NULL;

      /* "N:*" always includes the last message, even below N. */
      if (uid <= after_uid)
        continue;
      message_url = g_strdup_printf ("%s/;UID=%" G_GUINT64_FORMAT, url->base_url, uid);
      errbuf[0] = '\0';
      code = perform (curl, message_url, NULL, &sink);
      if (code != CURLE_OK && !sink.too_large)
        {
          set_curl_error (error, code, errbuf, url->base_url);
          goto out;
        }
      if (sink.too_large)
        {
          static const char placeholder[] = "Subject: (too large)\r\n\r\n";
          /* A message too large to be a report: counted, not read. */
          if (!func (placeholder, strlen (placeholder), uid, user_data))
            goto out;
        }
      else if (!func ((const char *) buffer->data, buffer->len, uid, user_data))
        goto out;
      *last_uid = MAX (*last_uid, uid);
    }
  ok = TRUE;

out:
  curl_easy_cleanup (curl);
  return ok;
}

/* ---- The password ----------------------------------------------------------------- */

/* Kept in the Secret Service as the sender's SMTP password is, under its
 * own schema: a CSIRT's mailbox is not a sender's mail server. */
static const SecretSchema *
imap_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.antam.AnTam.Imap", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

gboolean
antam_imap_store_password (const AntamImapUrl  *url,
                           const char          *password,
                           GError             **error)
{
  g_autofree char *who = g_strdup_printf ("%s@%s", url->user ? url->user : "", url->host);
  /* TRANSLATORS: the label of the password in the keyring; %s is user@server */
  g_autofree char *label = g_strdup_printf (_("An Tâm: mailbox password for %s"), who);

  return secret_password_store_sync (imap_secret_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                     NULL, error, "server", url->host, "user", url->user ? url->user : "", NULL);
}

char *
antam_imap_lookup_password (const AntamImapUrl  *url,
                            GError             **error)
{
  char *secret = secret_password_lookup_sync (imap_secret_schema (), NULL, error,
                                              "server", url->host, "user", url->user ? url->user : "", NULL);
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}
