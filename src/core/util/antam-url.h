/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Hosts of URLs, for telling an official download site from a look-alike. */
gboolean antam_host_matches_domain (const char *host,
                                    const char *domain);
char    *antam_url_get_host        (const char *url);

G_END_DECLS
