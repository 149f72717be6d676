/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* apt's sources in both of its formats: one-line ("deb URI SUITE COMP...")
 * in /etc/apt/sources.list and sources.list.d/…list, and DEB822 stanzas in
 * sources.list.d/…sources (Types/URIs/Suites/Components/Enabled). */

#define ANTAM_APT_SOURCES_MAX_FILE_SIZE (1024 * 1024)

typedef struct {
  char *file;          /* as the system sees it */
  guint line;          /* of the line, or of the stanza's first field */
  gboolean deb822;
  gboolean enabled;    /* DEB822 "Enabled: no" is kept, but disabled */
  char **types;        /* "deb", "deb-src" */
  char **uris;
  char **suites;
  char **components;
} AntamAptSource;

void       antam_apt_source_free          (AntamAptSource *source);
gboolean   antam_apt_source_has_type      (const AntamAptSource *source,
                                           const char     *type);

GPtrArray *antam_apt_sources_parse_list   (const char     *text,
                                           gsize           length,
                                           const char     *file,
                                           GPtrArray      *problems);
GPtrArray *antam_apt_sources_parse_deb822 (const char     *text,
                                           gsize           length,
                                           const char     *file,
                                           GPtrArray      *problems);
gboolean   antam_apt_sources_is_file_name (const char     *name);
GPtrArray *antam_apt_sources_read         (AntamSysroot   *sysroot,
                                           GPtrArray      *problems,
                                           GError        **error);
char     **antam_apt_source_expand_uri    (AntamSysroot   *sysroot,
                                           const char     *uri);
char     **antam_apt_source_uri_hosts     (AntamSysroot   *sysroot,
                                           const char     *uri);
gboolean   antam_apt_suite_is_security    (const char     *suite);

/* Whether security fixes can reach the machine through the enabled sources. */
typedef enum {
  ANTAM_APT_SECURITY_INCLUDED,    /* a security suite is among them */
  ANTAM_APT_SECURITY_ROLLING,     /* only unstable: fixes come in the suite itself */
  ANTAM_APT_SECURITY_MISSING,
  ANTAM_APT_SECURITY_NO_SOURCE,   /* no source is enabled at all */
} AntamAptSecurity;

AntamAptSecurity antam_apt_sources_get_security (GPtrArray *sources);

char      *antam_apt_source_list_prefix   (const char     *uri,
                                           const char     *suite);
GPtrArray *antam_apt_sources_find_unfetched (AntamSysroot *sysroot,
                                             GPtrArray    *sources,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamAptSource, antam_apt_source_free)

G_END_DECLS
