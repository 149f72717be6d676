/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the update checks (os-updates, app-updates, auto-updates,
 * reboot-pending, install-sources). */
gboolean antam_updates_packagekit_disabled (void);
char    *antam_updates_describe_age        (gint64     seconds);

G_END_DECLS
