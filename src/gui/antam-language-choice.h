/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ANTAM_TYPE_LANGUAGE_CHOICE (antam_language_choice_get_type ())
G_DECLARE_FINAL_TYPE (AntamLanguageChoice, antam_language_choice, ANTAM, LANGUAGE_CHOICE, GtkWidget)

GtkWidget *antam_language_choice_get_button (AntamLanguageChoice *self,
                                             const char          *language);

G_END_DECLS
