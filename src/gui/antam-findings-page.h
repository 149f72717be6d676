/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "antam-page.h"

G_BEGIN_DECLS

/* One class for the three steps that show scan findings: each instance
 * lists the results of its own checks ("check-ids", comma-separated). */

#define ANTAM_TYPE_FINDINGS_PAGE (antam_findings_page_get_type ())
G_DECLARE_FINAL_TYPE (AntamFindingsPage, antam_findings_page, ANTAM, FINDINGS_PAGE, AntamPage)

GtkListBox *antam_findings_page_get_list   (AntamFindingsPage *self);
guint     antam_findings_page_get_n_rows   (AntamFindingsPage *self);

G_END_DECLS
