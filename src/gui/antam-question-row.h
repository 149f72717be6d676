/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "session/antam-session.h"

G_BEGIN_DECLS

#define ANTAM_TYPE_QUESTION_ROW (antam_question_row_get_type ())
G_DECLARE_FINAL_TYPE (AntamQuestionRow, antam_question_row, ANTAM, QUESTION_ROW, GtkWidget)

GtkWidget *antam_question_row_new (AntamSession        *session,
                                   const AntamQuestion *question);

G_END_DECLS
