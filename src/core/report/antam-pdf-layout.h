/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* The text of An Tâm's printed forms (the self-check form, the CSIRT's
 * summary report): one font, sizes in points, wrapped to a width. */

#define ANTAM_PDF_FONT "Noto Sans, DejaVu Sans"

PangoLayout *antam_pdf_layout_new    (cairo_t        *cr,
                                      const char     *text,
                                      double          size,
                                      gboolean        bold,
                                      gboolean        italic,
                                      double          width,
                                      PangoAlignment  align);
double       antam_pdf_layout_height (PangoLayout    *layout);

G_END_DECLS
