/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "remedy/antam-removal-plan.h"

G_BEGIN_DECLS

/* Running a removal plan: step by step in a worker thread, progress after
 * each step, cancel between steps (never inside one, so that nothing is
 * left half done), then a re-check of risky-apps, downloads and
 * network-services.  The outcome says "removed completely" only when that
 * re-check finds nothing of the app. */

#define ANTAM_REMOVAL_ERROR (antam_removal_error_quark ())

typedef enum {
  ANTAM_REMOVAL_ERROR_FAILED,
  ANTAM_REMOVAL_ERROR_STILL_RUNNING,    /* the app runs and may not be ended */
  ANTAM_REMOVAL_ERROR_AUTH_CANCELLED,   /* the password dialog was dismissed */
  ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,   /* polkit said no */
  ANTAM_REMOVAL_ERROR_NO_SERVICE,       /* no PackageKit, flatpak, snapd */
  ANTAM_REMOVAL_ERROR_NEEDED_BY_OTHERS, /* another package depends on it */
  ANTAM_REMOVAL_ERROR_CHANGED,          /* the path is not what the scan saw */
  ANTAM_REMOVAL_ERROR_TRASH_UNAVAILABLE,
  ANTAM_REMOVAL_ERROR_NO_HELPER,        /* the privileged helper is not installed */
  ANTAM_REMOVAL_ERROR_REFUSED,          /* the helper refused a path */
  ANTAM_REMOVAL_ERROR_NOT_SIMULATED,    /* a copy cannot show this step */
  ANTAM_REMOVAL_ERROR_WAITING,          /* not tried: what it depends on failed */
} AntamRemovalError;

GQuark antam_removal_error_quark (void);

typedef struct {
  char *kind;
  char *name;
  char *location;
  char *why;               /* translated */
} AntamRemovalLeftover;

typedef struct {
  gboolean complete;       /* the re-check found nothing of the app */
  gboolean cancelled;
  gboolean rechecked;      /* FALSE when the re-check itself failed */
  guint n_done;
  guint n_failed;
  guint n_skipped;
  char *headline;          /* translated */
  GPtrArray *leftovers;    /* AntamRemovalLeftover */
} AntamRemovalOutcome;

/* Called on the caller's main context after a step changed state. */
typedef void (*AntamRemovalProgressFunc) (AntamRemovalPlan *plan,
                                          guint             step_index,
                                          gpointer          user_data);

void                 antam_removal_run_async      (AntamRemovalPlan        *plan,
                                                   AntamRemovalProgressFunc progress,
                                                   gpointer                 progress_data,
                                                   GDestroyNotify           progress_destroy,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
AntamRemovalOutcome *antam_removal_run_finish     (GAsyncResult            *result,
                                                   GError                 **error);

/* Scans only what a removal needs to know (risky-apps, downloads and
 * network-services). */
GPtrArray           *antam_removal_scan_app       (AntamSysroot            *sysroot,
                                                   const char              *app_id,
                                                   AntamRules             **rules,
                                                   GCancellable            *cancellable,
                                                   GError                 **error);
AntamRemovalOutcome *antam_removal_outcome_from_recheck (AntamRemovalPlan  *plan,
                                                         GPtrArray         *results);
void                 antam_removal_outcome_free   (AntamRemovalOutcome     *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamRemovalOutcome, antam_removal_outcome_free)

G_END_DECLS
