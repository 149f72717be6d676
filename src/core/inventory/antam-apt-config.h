/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* apt's configuration as apt itself reads it: ROOT/etc/apt/apt.conf.d/ files in
 * name order, then ROOT/etc/apt/apt.conf; a later value overrides an earlier
 * one.  Keys are case-insensitive ("APT::Periodic::Unattended-Upgrade"). */

typedef struct _AntamAptConfig AntamAptConfig;

#define ANTAM_APT_CONFIG_MAX_FILE_SIZE (1024 * 1024)

AntamAptConfig *antam_apt_config_new         (void);
void            antam_apt_config_free        (AntamAptConfig  *config);
gboolean        antam_apt_config_parse       (AntamAptConfig  *config,
                                              const char      *text,
                                              gsize            length,
                                              const char      *file,
                                              GError         **error);
const char     *antam_apt_config_get         (AntamAptConfig  *config,
                                              const char      *key);
const char     *antam_apt_config_get_file    (AntamAptConfig  *config,
                                              const char      *key);
const char * const *antam_apt_config_get_list (AntamAptConfig *config,
                                              const char      *key);
gboolean        antam_apt_config_is_part_name (const char     *name);
AntamAptConfig *antam_apt_config_read        (AntamSysroot    *sysroot,
                                              GPtrArray       *problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamAptConfig, antam_apt_config_free)

G_END_DECLS
