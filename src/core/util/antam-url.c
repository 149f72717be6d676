/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "util/antam-url.h"

/**
 * antam_host_matches_domain:
 *
 * TRUE when @host is @domain or one of its subdomains, compared on label
 * boundaries: "us04web.zoom.us" matches "zoom.us", while "zoom.us.evil.example"
 * and "zoom-us-download.com" do not.
 */
gboolean
antam_host_matches_domain (const char *host,
                           const char *domain)
{
  g_autofree char *h = NULL;
  g_autofree char *d = NULL;
  gsize hlen, dlen;

  if (host == NULL || domain == NULL || *host == '\0' || *domain == '\0')
    return FALSE;

  h = g_ascii_strdown (host, -1);
  d = g_ascii_strdown (domain, -1);
  /* A fully qualified "zoom.us." is the same host. */
  hlen = strlen (h);
  if (hlen > 1 && h[hlen - 1] == '.')
    h[--hlen] = '\0';
  dlen = strlen (d);

  if (hlen == dlen)
    return g_str_equal (h, d);
  return hlen > dlen && h[hlen - dlen - 1] == '.' && g_str_equal (h + hlen - dlen, d);
}

/**
 * antam_url_get_host:
 *
 * Returns: (nullable): the host of @url in lower case, without user info
 *   or port; %NULL when @url has none
 */
char *
antam_url_get_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    return NULL;
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return NULL;
  return g_ascii_strdown (host, -1);
}
