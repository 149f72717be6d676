/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "session/antam-session.h"

G_BEGIN_DECLS

#define ANTAM_TYPE_SCAN_PROGRESS (antam_scan_progress_get_type ())
G_DECLARE_FINAL_TYPE (AntamScanProgress, antam_scan_progress, ANTAM, SCAN_PROGRESS, GtkWidget)

void antam_scan_progress_set_session (AntamScanProgress *self,
                                      AntamSession      *session);

G_END_DECLS
