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

#define ANTAM_SOURCE_BIT(source) (1u << (source))

typedef struct {
  const char *id;
  const char *(*get_name) (void);   /* translated, for progress: "Risky apps" */
  void (*run) (AntamScanContext *context,
               GPtrArray        *results);
  guint sources;                    /* ANTAM_SOURCE_BIT()s it reads, loaded ahead */
} AntamCheck;

const AntamCheck *antam_checks_get_all        (guint            *n_checks);
const AntamCheck *antam_checks_lookup         (const char       *id);

typedef void (*AntamScanProgressFunc) (const char *check_id,
                                       const char *check_name,
                                       guint       index,
                                       guint       total,
                                       gpointer    user_data);

gboolean   antam_scan_validate_only   (const char * const *only,
                                       GError           **error);
GPtrArray *antam_scan_run             (AntamScanContext     *context,
                                       const char * const   *only,
                                       AntamScanProgressFunc progress,
                                       gpointer              user_data,
                                       GCancellable         *cancellable,
                                       GError              **error);

void       antam_scan_run_async       (AntamSysroot         *sysroot,
                                       const char * const   *only,
                                       AntamScanProgressFunc progress,
                                       gpointer              progress_data,
                                       GDestroyNotify        progress_destroy,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GPtrArray *antam_scan_run_finish      (GAsyncResult         *result,
                                       AntamRules          **rules,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamScanContext, antam_scan_context_free)

G_END_DECLS
