/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "antam-scan.h"

G_BEGIN_DECLS

/* One file a check: each appends its results for the scan. */
void antam_check_risky_apps (AntamScanContext *context, GPtrArray *results);
void antam_check_downloads  (AntamScanContext *context, GPtrArray *results);
void antam_check_os_support (AntamScanContext *context, GPtrArray *results);

G_END_DECLS
