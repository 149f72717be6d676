/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "antam-result.h"
#include "inventory/antam-os-release.h"

G_BEGIN_DECLS

#define ANTAM_REPORT_SCHEMA "antam.report/1"

char            *antam_timestamp_format   (GDateTime             *when);
char            *antam_timestamp_display  (GDateTime             *when);

char            *antam_report_to_json     (GPtrArray             *results,
                                           const AntamSystemInfo *system,
                                           GDateTime             *generated);
GPtrArray       *antam_report_parse_results (const char          *json,
                                             gsize                length,
                                             GError             **error);

G_END_DECLS
