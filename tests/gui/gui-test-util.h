/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "antam-application.h"
#include "antam-session.h"
#include "antam-window.h"

G_BEGIN_DECLS

/* Shared by the GUI tests and the screenshot tool: an application that
 * needs no D-Bus name, a window on a training scenario, and waiting for a
 * scan without freezing the main loop. */

gboolean          gui_test_have_display     (void);
AntamApplication *gui_test_application      (void);
AntamSession     *gui_test_training_session (const char   *scenario);
AntamWindow      *gui_test_window           (AntamApplication *app,
                                             AntamSession *session);
void              gui_test_wait_scan        (AntamSession *session);
void              gui_test_iterate          (guint         ms);
gboolean          gui_test_save_png         (GtkWidget    *widget,
                                             const char   *path);

typedef gboolean (*GuiTestMatch) (GtkWidget *widget, gconstpointer data);

GtkWidget        *gui_test_find_widget      (GtkWidget    *root,
                                             GuiTestMatch  match,
                                             gconstpointer data);
gboolean          gui_test_is_action_button (GtkWidget    *widget,
                                             gconstpointer action);
gboolean          gui_test_is_label_saying  (GtkWidget    *widget,
                                             gconstpointer text);

G_END_DECLS
