/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rules/antam-rules.h"
#include "sysroot/antam-sysroot.h"
#include "remedy/antam-removal.h"

G_BEGIN_DECLS

/* The guided removal of one app: every footprint and what will happen to
 * it, the "Gỡ bỏ" button, progress per step, cancel between steps, the
 * written guide beside it, and the outcome of the re-check.  It acts on
 * the session's system view: in training that is the scenario's copy. */

#define ANTAM_TYPE_REMOVAL_PAGE (antam_removal_page_get_type ())
G_DECLARE_FINAL_TYPE (AntamRemovalPage, antam_removal_page, ANTAM, REMOVAL_PAGE, AdwBin)

AntamRemovalPage    *antam_removal_page_new         (AntamSysroot       *sysroot,
                                                     const AntamAppRule *rule,
                                                     GPtrArray          *results);
AntamRemovalPlan    *antam_removal_page_get_plan    (AntamRemovalPage   *self);
AntamRemovalOutcome *antam_removal_page_get_outcome (AntamRemovalPage   *self);
gboolean             antam_removal_page_get_running (AntamRemovalPage   *self);
GtkWindow           *antam_removal_page_present     (AntamRemovalPage   *self,
                                                     GtkWindow          *parent);

G_END_DECLS
