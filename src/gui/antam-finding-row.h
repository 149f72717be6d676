/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "antam-result.h"

G_BEGIN_DECLS

#define ANTAM_TYPE_FINDING_ROW (antam_finding_row_get_type ())
G_DECLARE_FINAL_TYPE (AntamFindingRow, antam_finding_row, ANTAM, FINDING_ROW, AdwExpanderRow)

GtkWidget   *antam_finding_row_new           (AntamResult  *result);
AntamResult *antam_finding_row_get_result    (AntamFindingRow *self);

/* Shared by every view of a status, so that one status always looks and
 * reads the same. */
const char  *antam_status_icon_name          (AntamStatus   status);
const char  *antam_status_css_class          (AntamStatus   status);

G_END_DECLS
