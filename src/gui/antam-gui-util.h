/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void antam_widget_unparent_children (GtkWidget *widget);

void antam_list_box_bind_gradually  (GtkListBox                 *list,
                                     GListModel                 *model,
                                     GtkListBoxCreateWidgetFunc  create_row);

void antam_list_box_finish_rows     (GtkListBox                 *list);

G_END_DECLS
