/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-gui-util.h"

#include "antam-language-choice.h"

/* The first run's question: two large buttons, each naming its language
 * in itself, on app.language; the current language is the pressed one. */
struct _AntamLanguageChoice
{
  GtkWidget parent_instance;

  GtkWidget *vietnamese_button;
  GtkWidget *english_button;
};

G_DEFINE_FINAL_TYPE (AntamLanguageChoice, antam_language_choice, GTK_TYPE_WIDGET)

/**
 * antam_language_choice_get_button:
 * @language: "vi" or "en"
 *
 * Returns: (transfer none) (nullable): the button that chooses @language
 */
GtkWidget *
antam_language_choice_get_button (AntamLanguageChoice *self,
                                  const char          *language)
{
  g_return_val_if_fail (ANTAM_IS_LANGUAGE_CHOICE (self), NULL);

  if (g_strcmp0 (language, "vi") == 0)
    return self->vietnamese_button;
  if (g_strcmp0 (language, "en") == 0)
    return self->english_button;
  return NULL;
}

static void
antam_language_choice_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ANTAM_TYPE_LANGUAGE_CHOICE);
  /* The template's unnamed root is not bound, so not disposed with it. */
  antam_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (antam_language_choice_parent_class)->dispose (object);
}

static void
antam_language_choice_class_init (AntamLanguageChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_language_choice_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-language-choice.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamLanguageChoice, vietnamese_button);
  gtk_widget_class_bind_template_child (widget_class, AntamLanguageChoice, english_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
antam_language_choice_init (AntamLanguageChoice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
