/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cjson/cJSON.h>

#include "report/antam-report.h"

G_BEGIN_DECLS

cJSON *antam_report_build_object (GPtrArray             *results,
                                  const AntamSystemInfo *system,
                                  GDateTime             *generated);
const AntamItem *antam_report_get_answer (const AntamResult *result);

G_END_DECLS
