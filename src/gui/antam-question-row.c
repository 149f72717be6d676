/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-gui-util.h"

#include "antam-finding-row.h"
#include "antam-question-row.h"

/* A question of measures 3 or 4: the question, why it matters, how to do
 * it, and three answers that mean what they say.  Which one is safe is
 * the question's: once answered, the row says what the answer means, in
 * the status words the summary uses. */
struct _AntamQuestionRow
{
  GtkWidget parent_instance;

  GtkLabel *text_label;
  GtkLabel *why_label;
  GtkLabel *how_label;
  GtkExpander *how_expander;
  GtkWidget *answer_box;
  GtkToggleButton *yes_button;
  GtkToggleButton *no_button;
  GtkToggleButton *not_sure_button;
  GtkWidget *verdict_box;
  GtkImage *verdict_icon;
  GtkLabel *verdict_label;

  AntamSession *session;
  const AntamQuestion *question;  /* the session's questions own it */
  char *question_id;
  AntamStatus shown_status;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (AntamQuestionRow, antam_question_row, GTK_TYPE_WIDGET)

static const char *
verdict_text (AntamStatus status)
{
  switch (status)
    {
    case ANTAM_STATUS_OK:
      return _("This answer follows the letter.");
    case ANTAM_STATUS_RISK:
      return _("This answer puts state data at risk: see “How to do it”.");
    case ANTAM_STATUS_WARNING:
    default:
      return _("This answer needs your attention: see “How to do it”.");
    }
}

static void
show_verdict (AntamQuestionRow *self,
              AntamAnswer       answer)
{
  AntamStatus status = antam_question_judge (self->question, answer);
  g_autofree char *escaped = NULL;
  g_autofree char *markup = NULL;

  gtk_widget_set_visible (self->verdict_box, answer != ANTAM_ANSWER_NONE);
  if (answer == ANTAM_ANSWER_NONE)
    return;

  /* The status in words beside its icon, as on the summary. */
  escaped = g_markup_escape_text (verdict_text (status), -1);
  markup = g_strdup_printf ("<b>%s</b> · %s", antam_status_display_name (status), escaped);
  gtk_label_set_markup (self->verdict_label, markup);
  gtk_image_set_from_icon_name (self->verdict_icon, antam_status_icon_name (status));
  gtk_widget_remove_css_class (self->verdict_box, antam_status_css_class (self->shown_status));
  gtk_widget_add_css_class (self->verdict_box, antam_status_css_class (status));
  self->shown_status = status;
  if (status != ANTAM_STATUS_OK)
    gtk_expander_set_expanded (self->how_expander, TRUE);
}

static void
sync_from_session (AntamQuestionRow *self)
{
  AntamAnswer answer = antam_session_get_answer (self->session, self->question_id);

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->yes_button, answer == ANTAM_ANSWER_YES);
  gtk_toggle_button_set_active (self->no_button, answer == ANTAM_ANSWER_NO);
  gtk_toggle_button_set_active (self->not_sure_button, answer == ANTAM_ANSWER_NOT_SURE);
  show_verdict (self, answer);
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
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, how_expander);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionRow, verdict_label);
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
  self->question = question;
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
