/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-i18n.h"
#include "antam-question-row.h"
#include "antam-questions-page.h"

struct _AntamQuestionsPage
{
  AntamPage parent_instance;

  GtkLabel *progress_label;
  GtkBox *questions_box;
  GtkLabel *source_label;

  char *check;
};

G_DEFINE_FINAL_TYPE (AntamQuestionsPage, antam_questions_page, ANTAM_TYPE_PAGE)

enum {
  PROP_0,
  PROP_CHECK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_progress (AntamQuestionsPage *self)
{
  AntamSession *session = antam_page_get_session (ANTAM_PAGE (self));
  AntamQuestions *questions = session ? antam_session_get_questions (session) : NULL;
  guint asked = 0, answered = 0;
  g_autofree char *text = NULL;

  if (questions == NULL)
    {
      const char *problem = session ? antam_session_get_problem (session) : NULL;
      gtk_label_set_label (self->progress_label, problem ? problem : "");
      return;
    }

  for (guint i = 0; i < questions->questions->len; i++)
    {
      const AntamQuestion *q = g_ptr_array_index (questions->questions, i);
      AntamAnswer answer;

      if (g_strcmp0 (q->check, self->check) != 0)
        continue;
      asked++;
      answer = antam_session_get_answer (session, q->id);
      /* "Not sure" is an answer too. */
      if (answer != ANTAM_ANSWER_NONE)
        answered++;
    }

  /* TRANSLATORS: "2 of 4 questions answered" */
  text = g_strdup_printf (ngettext ("%u of %u question answered", "%u of %u questions answered", asked),
                          answered, asked);
  gtk_label_set_label (self->progress_label, text);
}

static void
rebuild (AntamQuestionsPage *self)
{
  AntamSession *session = antam_page_get_session (ANTAM_PAGE (self));
  AntamQuestions *questions = session ? antam_session_get_questions (session) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->questions_box))) != NULL)
    gtk_box_remove (self->questions_box, child);

  for (guint i = 0; questions && i < questions->questions->len; i++)
    {
      const AntamQuestion *q = g_ptr_array_index (questions->questions, i);

      if (g_strcmp0 (q->check, self->check) == 0)
        gtk_box_append (self->questions_box, antam_question_row_new (session, q));
    }

  if (questions && questions->source_vi)
    {
      /* TRANSLATORS: %s names the letter the questions come from */
      g_autofree char *text = g_strdup_printf (_("Source: %s"),
                                               antam_i18n_pick (questions->source_vi, questions->source_en));
      gtk_label_set_label (self->source_label, text);
    }
  update_progress (self);
}

static void
antam_questions_page_session_changed (AntamPage *page)
{
  AntamQuestionsPage *self = ANTAM_QUESTIONS_PAGE (page);
  AntamSession *session = antam_page_get_session (page);

  if (session)
    g_signal_connect_swapped (session, "results-changed", G_CALLBACK (update_progress), self);
  rebuild (self);
}

static void
antam_questions_page_dispose (GObject *object)
{
  AntamQuestionsPage *self = ANTAM_QUESTIONS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_QUESTIONS_PAGE);

  G_OBJECT_CLASS (antam_questions_page_parent_class)->dispose (object);
}

static void
antam_questions_page_finalize (GObject *object)
{
  AntamQuestionsPage *self = ANTAM_QUESTIONS_PAGE (object);

  g_free (self->check);

  G_OBJECT_CLASS (antam_questions_page_parent_class)->finalize (object);
}

static void
antam_questions_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AntamQuestionsPage *self = ANTAM_QUESTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHECK:
      g_value_set_string (value, self->check);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_questions_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AntamQuestionsPage *self = ANTAM_QUESTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHECK:
      g_free (self->check);
      self->check = g_value_dup_string (value);
      rebuild (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_questions_page_class_init (AntamQuestionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AntamPageClass *page_class = ANTAM_PAGE_CLASS (klass);

  page_class->session_changed = antam_questions_page_session_changed;
  object_class->dispose = antam_questions_page_dispose;
  object_class->finalize = antam_questions_page_finalize;
  object_class->get_property = antam_questions_page_get_property;
  object_class->set_property = antam_questions_page_set_property;

  properties[PROP_CHECK] =
    g_param_spec_string ("check", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-questions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionsPage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, AntamQuestionsPage, source_label);
}

static void
antam_questions_page_init (AntamQuestionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
