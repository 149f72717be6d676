/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "antam-result.h"
#include "sysroot/antam-sysroot.h"
#include "inventory/antam-inventory.h"
#include "rules/antam-rules.h"

G_BEGIN_DECLS

/* What one scan reads, read once: the inventory sources are loaded on first
 * use and shared by every check of the scan. */
typedef struct _AntamScanContext AntamScanContext;

typedef enum {
  ANTAM_SOURCE_DPKG,
  ANTAM_SOURCE_RPM,
  ANTAM_SOURCE_FLATPAKS,
  ANTAM_SOURCE_SNAPS,
  ANTAM_SOURCE_DESKTOP_ENTRIES,
  ANTAM_SOURCE_AUTOSTART,
  ANTAM_SOURCE_FILES,
  ANTAM_SOURCE_PROCESSES,
  ANTAM_SOURCE_DOWNLOADS,
  ANTAM_SOURCE_LISTENERS,
  ANTAM_N_SOURCES
} AntamSource;

/* How completely a source was read.  A check may conclude "OK" (or "does
 * not apply") only from sources that were read whole or are absent; the
 * scan turns any such verdict on a partial or unreadable source into
 * "could not check", with the reason. */
typedef enum {
  ANTAM_SOURCE_WHOLE,       /* read to its end (perhaps empty) */
  ANTAM_SOURCE_ABSENT,      /* the system has none: not Debian-based, no Flatpak… */
  ANTAM_SOURCE_PARTIAL,     /* read in part: damaged, cut short, parts unreadable */
  ANTAM_SOURCE_UNREADABLE,  /* could not be read at all */
} AntamSourceHealth;

const char       *antam_source_get_name       (AntamSource       source);

GDateTime        *antam_scan_now              (void);
AntamScanContext *antam_scan_context_new      (AntamSysroot     *sysroot,
                                               AntamRules       *rules);
void              antam_scan_context_free     (AntamScanContext *context);
AntamSysroot     *antam_scan_context_get_sysroot (AntamScanContext *context);
AntamRules       *antam_scan_context_get_rules   (AntamScanContext *context);
GDateTime        *antam_scan_context_get_now     (AntamScanContext *context);
GCancellable     *antam_scan_context_get_cancellable (AntamScanContext *context);
GPtrArray        *antam_scan_context_get      (AntamScanContext *context,
                                               AntamSource       source,
                                               const GError    **error);
AntamSourceHealth antam_scan_context_get_health (AntamScanContext *context,
                                                 AntamSource       source,
                                                 const char      **reason,
                                                 const char      **detail);
guint             antam_scan_context_get_unread (AntamScanContext *context,
                                                 guint             sources);
GHashTable       *antam_scan_context_get_default_handlers (AntamScanContext *context);
GPtrArray        *antam_scan_context_get_appimages (AntamScanContext *context);
const AntamDownloadsGaps *antam_scan_context_get_downloads_gaps (AntamScanContext *context);
void              antam_scan_context_load     (AntamScanContext *context,
                                               guint             sources);
void              antam_scan_context_set_cancellable (AntamScanContext *context,
                                                      GCancellable     *cancellable);

#define ANTAM_SOURCE_BIT(source) (1u << (source))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamScanContext, antam_scan_context_free)

G_END_DECLS
