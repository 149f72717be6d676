/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Desktop notifications for antam-cli (libnotify): the reminder at login
 * and what became of a report sent from the command line.  Over ssh, with
 * no session bus, they are skipped quietly. */

gboolean antam_cli_notify (const char *summary,
                           const char *body,
                           const char *action_label,
                           guint       wait_seconds,
                           gboolean   *action_invoked);

G_END_DECLS
