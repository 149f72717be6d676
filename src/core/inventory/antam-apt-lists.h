/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* apt's own view of what is available: ROOT/var/lib/apt/lists/…_Packages
 * (plain or compressed as apt stores them) with the …_Release / …_InRelease
 * they came with.  Read offline, so the answer is only as new as the lists. */

#define ANTAM_APT_LISTS_DIR "/var/lib/apt/lists"
/* A compressed list is refused above this; a decompressed one above
 * ANTAM_INVENTORY_MAX_FILE_SIZE. */
#define ANTAM_APT_MAX_COMPRESSED_SIZE (64 * 1024 * 1024)
#define ANTAM_APT_MAX_RELEASE_SIZE (16 * 1024 * 1024)

typedef struct {
  char *file;          /* the Release or InRelease file it was read from */
  char *origin;
  char *label;
  char *suite;
  char *codename;
  gboolean not_automatic;
  gboolean but_automatic_upgrades;
} AntamAptRelease;

/* One pending update, from whichever source found it. */
typedef struct {
  char *name;
  char *arch;
  char *installed;     /* version */
  char *candidate;     /* version */
  char *origin;        /* suites or repositories offering it: "bookworm-security" */
  gboolean security;
} AntamUpdate;

typedef gboolean (*AntamAptPackageFunc) (const char *package,
                                         const char *version,
                                         const char *arch,
                                         gpointer    user_data);

AntamAptRelease *antam_apt_release_parse     (const char       *text,
                                              gsize             length,
                                              GError          **error);
void             antam_apt_release_free      (AntamAptRelease  *release);
gboolean         antam_apt_release_is_security (const AntamAptRelease *release);
const char      *antam_apt_release_get_name  (const AntamAptRelease *release);

gboolean         antam_apt_packages_parse    (const char       *text,
                                              gsize             length,
                                              AntamAptPackageFunc func,
                                              gpointer          user_data,
                                              GError          **error);

gboolean         antam_apt_read_list_file    (AntamSysroot     *sysroot,
                                              const char       *path,
                                              char            **contents,
                                              gsize            *length,
                                              GError          **error);

void             antam_update_free           (AntamUpdate      *update);
int              antam_update_compare        (gconstpointer     a,
                                              gconstpointer     b);

gint64           antam_apt_lists_get_time    (AntamSysroot     *sysroot);
GPtrArray       *antam_apt_find_updates      (AntamSysroot     *sysroot,
                                              GPtrArray        *packages,
                                              GPtrArray        *problems,
                                              gint64           *lists_time,
                                              GCancellable     *cancellable,
                                              GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamAptRelease, antam_apt_release_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamUpdate, antam_update_free)

G_END_DECLS
