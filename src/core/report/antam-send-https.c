/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "report/antam-secrets.h"
#include "report/antam-send-private.h"

static size_t
discard_body (char   *ptr,
              size_t  size,
              size_t  nmemb,
              void    *userdata)
{
  return size * nmemb;
}

/* What the team's server's answer says, when it is not 2xx.  A 4xx says
 * the request itself is wrong (the token, the address): sending it again
 * as it is will not help.  A 5xx, a 408 or a 429 is the server's trouble
 * of the moment. */
static void
set_http_refusal (GError **error,
                  long     response)
{
  if (response == 401 || response == 403)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_AUTH,
                 _("The team’s server did not accept the access token (HTTP %ld): enter the token the "
                   "team gave you in Preferences."),
                 response);
  else if (response >= 400 && response < 500 && response != 408 && response != 429)
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REFUSED,
                 _("The team’s server refused the report (HTTP %ld); sending it again as it is will "
                   "not help. Ask the team or your IT staff whether its address is right."),
                 response);
  else
    g_set_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REJECTED,
                 _("The team’s server could not take the report now (HTTP %ld)."), response);
}

/* The report's JSON, byte for byte as it is in the outbox, POSTed with the
 * team's token.  Idempotency-Key is the report id on every attempt: a
 * server that has it already can answer 2xx without counting it twice. */
gboolean
antam_send_https (AntamOutboxEntry      *entry,
                  const AntamSendConfig *config,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_name = NULL;
  g_autofree char *report_id = NULL;
  g_autofree char *idempotency_key = NULL;
  struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  AntamUpload upload = { 0 };
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

  curl = antam_send_curl_new (config, cancellable, errbuf);
  curl_easy_setopt (curl, CURLOPT_URL, entry->recipient);
  /* No redirects: a redirect could carry the token somewhere else. */
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");
  /* The body goes at once: no waiting for a "100 Continue". */
  headers = curl_slist_append (headers, "Expect:");
  report_id = g_strdup_printf ("X-AnTam-Report-Id: %s", entry->id);
  headers = curl_slist_append (headers, report_id);
  idempotency_key = g_strdup_printf ("Idempotency-Key: \"%s\"", entry->id);
  headers = curl_slist_append (headers, idempotency_key);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s", token);
      headers = curl_slist_append (headers, auth);
      memset (auth, 0, strlen (auth));
    }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) json_len);
  /* Read from here, so that the end of the upload, where the report is
   * handed over, is recorded before libcurl sends its last bytes. */
  antam_upload_init (&upload, entry, json, json_len);
  antam_upload_set (&upload, curl);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_body);

  code = antam_send_curl_perform (curl, cancellable, &response);
  if (code == CURLE_OK && response >= 200 && response < 300)
    ok = TRUE;
  else if (upload.hand_over_error != NULL)
    g_propagate_error (error, g_steal_pointer (&upload.hand_over_error));
  else if (code == CURLE_OK)
    /* An answer, and not yes: nothing was taken. */
    set_http_refusal (error, response);
  else
    {
      antam_send_set_curl_error (error, code, errbuf, cancellable);
      if (upload.handed_over)
        antam_send_set_maybe_delivered (error);
    }

  if (token != NULL)
    memset (token, 0, strlen (token));
  curl_slist_free_all (headers);
  antam_upload_clear (&upload);
  return ok;
}
