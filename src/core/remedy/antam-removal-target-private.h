/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "remedy/antam-removal-target.h"

G_BEGIN_DECLS

/* The two targets, one file each: antam-removal-live.c, antam-removal-copy.c. */
extern const AntamRemovalTargetVTable antam_removal_live_vtable;
extern const AntamRemovalTargetVTable antam_removal_copy_vtable;

gboolean antam_removal_target_check_rule_lists (AntamRemovalTarget *target,
                                                const char         *path,
                                                GError            **error);

G_END_DECLS
