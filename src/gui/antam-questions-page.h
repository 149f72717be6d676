/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "antam-page.h"

G_BEGIN_DECLS

/* Steps 5 and 6: the questions of one check ("meeting-hygiene" or
 * "data-handling"), one class for both. */

#define ANTAM_TYPE_QUESTIONS_PAGE (antam_questions_page_get_type ())
G_DECLARE_FINAL_TYPE (AntamQuestionsPage, antam_questions_page, ANTAM, QUESTIONS_PAGE, AntamPage)


G_END_DECLS
