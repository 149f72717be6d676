/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-gui-util.h"

/* For widgets whose template root has no id: gtk_widget_dispose_template()
 * only unparents the children it binds. */
void
antam_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* Rows made per turn of the main loop: a frame is drawn in between. */
#define ROWS_PER_TURN 4

typedef struct {
  GtkSliceListModel *slice;
  GListModel *model;
  gulong handler;
  guint source;
} Gradual;

static void
gradual_free (gpointer data)
{
  Gradual *gradual = data;

  g_clear_handle_id (&gradual->source, g_source_remove);
  g_signal_handler_disconnect (gradual->model, gradual->handler);
  g_object_unref (gradual->slice);
  g_free (gradual);
}

static gboolean
grow (gpointer data)
{
  Gradual *gradual = data;
  GListModel *model = gtk_slice_list_model_get_model (gradual->slice);
  guint size = gtk_slice_list_model_get_size (gradual->slice);
  guint n_items = g_list_model_get_n_items (model);

  if (size >= n_items)
    {
      gradual->source = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (gradual->slice, MIN (size + ROWS_PER_TURN, n_items));
  return G_SOURCE_CONTINUE;
}

static void
on_model_changed (Gradual *gradual)
{
  if (gradual->source == 0)
    gradual->source = g_idle_add (grow, gradual);
}

/**
 * antam_list_box_bind_gradually:
 *
 * Like gtk_list_box_bind_model(), but a long list is made a few rows at a
 * time, between frames: the first rows show at once and the window never
 * waits for the last.  Once made, a row follows its item as with
 * gtk_list_box_bind_model().
 */
void
antam_list_box_bind_gradually (GtkListBox                 *list,
                               GListModel                 *model,
                               GtkListBoxCreateWidgetFunc  create_row)
{
  Gradual *gradual = g_new0 (Gradual, 1);

  gradual->model = model;
  gradual->slice = gtk_slice_list_model_new (g_object_ref (model), 0, ROWS_PER_TURN);
  gtk_list_box_bind_model (list, G_LIST_MODEL (gradual->slice), create_row, NULL, NULL);
  gradual->handler = g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_model_changed), gradual);
  g_object_set_data_full (G_OBJECT (list), "antam-gradual", gradual, gradual_free);
  on_model_changed (gradual);
}

/**
 * antam_list_box_finish_rows:
 *
 * Makes at once the rows antam_list_box_bind_gradually() has not made yet.
 */
void
antam_list_box_finish_rows (GtkListBox *list)
{
  Gradual *gradual = g_object_get_data (G_OBJECT (list), "antam-gradual");

  if (gradual != NULL)
    gtk_slice_list_model_set_size (gradual->slice, G_MAXUINT);
}
