/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "inventory/antam-home-access.h"

G_BEGIN_DECLS

/* The part of a fix that was done, and what could not be. */
typedef struct {
  guint n_fixed;
  GPtrArray *problems;   /* char *, for the user */
} AntamHomeFixOutcome;

AntamHomeFixOutcome *antam_home_fix                (AntamSysroot         *sysroot,
                                                    AntamHomeInspection  *inspection);
void                 antam_home_fix_outcome_free   (AntamHomeFixOutcome  *outcome);

void                 antam_home_fix_async          (AntamSysroot         *sysroot,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AntamHomeFixOutcome *antam_home_fix_finish         (GAsyncResult         *result,
                                                    GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamHomeFixOutcome, antam_home_fix_outcome_free)

G_END_DECLS
