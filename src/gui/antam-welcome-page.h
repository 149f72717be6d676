/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "antam-language-choice.h"
#include "antam-page.h"

G_BEGIN_DECLS

#define ANTAM_TYPE_WELCOME_PAGE (antam_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (AntamWelcomePage, antam_welcome_page, ANTAM, WELCOME_PAGE, AntamPage)

void                 antam_welcome_page_set_offer_language  (AntamWelcomePage *self,
                                                             gboolean          offer);
AntamLanguageChoice *antam_welcome_page_get_language_choice (AntamWelcomePage *self);

G_END_DECLS
