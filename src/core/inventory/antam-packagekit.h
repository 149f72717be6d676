/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "inventory/antam-apt-lists.h"

G_BEGIN_DECLS

/* Pending updates through PackageKit on the live machine: what the
 * distribution's own updater would offer, without refreshing anything.
 * Every call has a deadline, so an absent, hung or dying packagekitd costs
 * a scan at most that long.  Built without PackageKit (-Dpackagekit=disabled),
 * every call fails at once with %G_IO_ERROR_NOT_SUPPORTED. */

#define ANTAM_PACKAGEKIT_TIMEOUT_MS (60 * 1000)

gboolean   antam_packagekit_is_available     (GError       **error);
GPtrArray *antam_updates_get_from_packagekit (guint          timeout_ms,
                                              gint64        *seconds_since_refresh,
                                              GCancellable  *cancellable,
                                              GError       **error);

G_END_DECLS
