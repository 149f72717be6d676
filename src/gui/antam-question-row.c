/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-gui-util.h"

#include "antam-question-row.h"

/* A question of measures 3 or 4: the question, why it matters, how to do
 * it, and three answers.  "Yes" always means the letter is followed. */
struct _AntamQuestionRow
{
  GtkWidget parent_instance;

  GtkLabel *text_label;
  GtkLabel *why_label;
  GtkLabel *how_label;
  GtkWidget *answer_box;
  GtkToggleButton *yes_button;
  GtkToggleButton *no_button;
  GtkToggleButton *not_sure_button;

  AntamSession *session;
  char *question_id;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (AntamQuestionRow, antam_question_row, GTK_TYPE_WIDGET)

static void
sync_from_session (AntamQuestionRow *self)
{
  AntamAnswer answer = antam_session_get_answer (self->session, self->question_id);

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->yes_button, answer == ANTAM_ANSWER_YES);
  gtk_toggle_button_set_active (self->no_button, answer == ANTAM_ANSWER_NO);
  gtk_toggle_button_set_active (self->not_sure_button, answer == ANTAM_ANSWER_NOT_SURE);
  self->updating = FALSE;
}

static void
on_toggled (AntamQuestionRow *self,
            GtkToggleButton  *button)
{
  AntamAnswer answer;

  if (self->updating || self->session == NULL || !gtk_toggle_button_get_active (button))
    return;

  if (button == self->yes_button)
    answer = ANTAM_ANSWER_YES;
  else if (button == self->no_button)
    answer = ANTAM_ANSWER_NO;
  else
    answer = ANTAM_ANSWER_NOT_SURE;
  antam_session_set_answer (self->session, self->question_id, answer);
}

static void
antam_question_row_dispose (GObject *object)
{
  AntamQuestionRow *self = ANTAM_QUESTION_ROW (object);

  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->question_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_QUESTION_ROW);
  /* The template's unnamed root is not bound, so not disposed with it. */
  antam_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (antam_question_row_parent_class)->dispose (object);
}

static void
antam_question_row_class_init (AntamQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_question_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-question-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, why_label);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, how_label);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, answer_box);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, yes_button);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, no_button);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, not_sure_button);
  gtk_widget_class_bind_template_callback (widget_class, on_toggled);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
antam_question_row_init (AntamQuestionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
antam_question_row_new (AntamSession        *session,
                        const AntamQuestion *question)
{
  AntamQuestionRow *self;
  GtkToggleButton *buttons[3];

  g_return_val_if_fail (ANTAM_IS_SESSION (session), NULL);
  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (ANTAM_TYPE_QUESTION_ROW, NULL);
  self->session = g_object_ref (session);
  self->question_id = g_strdup (question->id);

  gtk_label_set_label (self->text_label, antam_question_text (question));
  gtk_label_set_label (self->why_label, antam_question_why (question));
  gtk_label_set_label (self->how_label, antam_question_how (question));

  /* A screen reader hears which question each "Yes" answers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  antam_question_topic (question), -1);
  buttons[0] = self->yes_button;
  buttons[1] = self->no_button;
  buttons[2] = self->not_sure_button;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    antam_question_text (question), -1);

  /* Answers also change elsewhere: a restored state, another window. */
  g_signal_connect_swapped (session, "results-changed", G_CALLBACK (sync_from_session), self);
  sync_from_session (self);
  return GTK_WIDGET (self);
}
