/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-secrets.h"
#include "antam-send-private.h"

/* ---- HTTPS --------------------------------------------------------------- */

static size_t
discard_body (char   *ptr,
              size_t  size,
              size_t  nmemb,
              void   *userdata)
{
  return size * nmemb;
}

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

  antam_send_curl_init ();
  curl = curl_easy_init ();
  antam_send_curl_set_options (curl, config, cancellable, errbuf);
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

  code = antam_send_curl_perform (curl, cancellable, &response);
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
    antam_send_set_curl_error (error, code, errbuf, response, cancellable);

  if (token != NULL)
    memset (token, 0, strlen (token));
  curl_slist_free_all (headers);
  return ok;
}

