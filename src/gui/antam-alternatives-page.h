/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ANTAM_TYPE_ALTERNATIVES_PAGE (antam_alternatives_page_get_type ())
G_DECLARE_FINAL_TYPE (AntamAlternativesPage, antam_alternatives_page, ANTAM, ALTERNATIVES_PAGE, GtkWidget)

void antam_alternatives_page_reload (AntamAlternativesPage *self);

G_END_DECLS
