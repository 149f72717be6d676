/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "inventory/antam-os-release.h"
#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* When an operating system release stops receiving security updates.  The
 * dates come from Debian's distro-info-data (debian.csv, ubuntu.csv) on the
 * scanned system, then on this host, then from the table we ship
 * (data/os-eol.json), which is also the only source for Fedora. */

/* Within this many days of the end of support, an upgrade has to be
 * planned now: the result turns into a warning. */
#define ANTAM_EOL_WARNING_DAYS 90

typedef struct {
  char *version;   /* as the source spells it: "12", "22.04 LTS", "" for sid */
  char *codename;  /* "Bookworm", "Jammy Jellyfish" */
  char *series;    /* "bookworm", "jammy" */
  GDate release;   /* each date is invalid (cleared) when not known */
  GDate eol;       /* Debian: regular security support; Ubuntu: standard support */
  GDate eol_lts;   /* Debian LTS */
  GDate eol_esm;   /* Ubuntu Pro (ESM) */
} AntamEolRelease;

void              antam_eol_release_free     (AntamEolRelease *release);
AntamEolRelease  *antam_eol_release_copy     (const AntamEolRelease *release);

GPtrArray        *antam_distro_info_parse    (const char       *csv,
                                              gsize             len,
                                              GError          **error);
GPtrArray        *antam_eol_table_parse      (const char       *json,
                                              gsize             len,
                                              const char       *os_id,
                                              GError          **error);

const AntamEolRelease *antam_eol_lookup      (GPtrArray        *releases,
                                              const char       *os_id,
                                              const char       *version_id,
                                              const char       *codename);
AntamEolRelease  *antam_eol_find             (GPtrArray        *tables,
                                              const char       *os_id,
                                              const char       *version_id,
                                              const char       *codename);

GPtrArray        *antam_eol_load_tables      (AntamSysroot     *sysroot,
                                              const char       *os_id,
                                              GPtrArray        *problems);

char             *antam_eol_format_date      (const GDate      *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamEolRelease, antam_eol_release_free)

G_END_DECLS
