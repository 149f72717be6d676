/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "antam-page.h"

G_BEGIN_DECLS

#define ANTAM_TYPE_SUMMARY_PAGE (antam_summary_page_get_type ())
G_DECLARE_FINAL_TYPE (AntamSummaryPage, antam_summary_page, ANTAM, SUMMARY_PAGE, AntamPage)

guint antam_summary_page_get_count    (AntamSummaryPage *self,
                                       AntamStatus       status);
guint antam_summary_page_get_n_rows   (AntamSummaryPage *self);

G_END_DECLS
