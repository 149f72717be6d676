/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* When this computer was last checked, whoever checked it: the app keeps
 * its last check in last-report.json; antam-cli, which keeps no results,
 * writes the time alone to last-check.  Both in
 * g_get_user_state_dir()/antam/, read by `antam-cli remind`. */

void       antam_last_check_record (GDateTime *when);
GDateTime *antam_last_check_read   (void);

G_END_DECLS
