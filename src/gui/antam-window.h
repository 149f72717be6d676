/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "antam-application.h"
#include "session/antam-session.h"

G_BEGIN_DECLS

#define ANTAM_TYPE_WINDOW (antam_window_get_type ())
G_DECLARE_FINAL_TYPE (AntamWindow, antam_window, ANTAM, WINDOW, AdwApplicationWindow)

AntamWindow  *antam_window_new              (AntamApplication *application,
                                             AntamSession     *session);
AntamSession *antam_window_get_session      (AntamWindow      *self);
guint         antam_window_get_step         (AntamWindow      *self);
GtkWidget    *antam_window_get_page         (AntamWindow      *self,
                                             guint             step);
void          antam_window_set_large_text   (AntamWindow      *self,
                                             gboolean          large);
void          antam_window_show_message     (AntamWindow      *self,
                                             const char       *message);

G_END_DECLS
