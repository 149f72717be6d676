/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* /etc/os-release, or /usr/lib/os-release, as os-release(5) defines it. */
typedef struct {
  char *id;               /* debian, ubuntu, fedora */
  char **id_like;
  char *version_id;       /* 12, 22.04, 41 */
  char *version_codename; /* bookworm, jammy */
  char *name;
  char *pretty_name;
} AntamOsRelease;

AntamOsRelease *antam_os_release_parse (const char    *text,
                                        gsize          length,
                                        GError       **error);
AntamOsRelease *antam_os_release_read  (AntamSysroot  *sysroot,
                                        GError       **error);
void            antam_os_release_free  (AntamOsRelease *release);
gboolean        antam_os_release_is_like (const AntamOsRelease *release,
                                          const char           *id);

char           *antam_sysroot_get_hostname (AntamSysroot *sysroot);

typedef struct {
  char *os_id;
  char *os_version;
  char *os_name;
  char *hostname;
  char *machine_key;    /* nullable: see antam_machine_key_compute() */
} AntamSystemInfo;

AntamSystemInfo *antam_system_info_read    (AntamSysroot          *sysroot);
void             antam_system_info_free    (AntamSystemInfo       *info);
char            *antam_machine_key_compute (const char            *machine_id,
                                            gsize                  length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamOsRelease, antam_os_release_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamSystemInfo, antam_system_info_free)

G_END_DECLS
