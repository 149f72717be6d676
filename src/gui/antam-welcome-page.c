/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-language-choice.h"

#include "antam-welcome-page.h"

struct _AntamWelcomePage
{
  AntamPage parent_instance;

  AntamLanguageChoice *language_choice;
  GtkLabel *last_check_label;
  AdwPreferencesGroup *training_group;
  GtkDropDown *scenario_dropdown;
  GtkLabel *scenario_label;

  GStrv scenario_names;
};

G_DEFINE_FINAL_TYPE (AntamWelcomePage, antam_welcome_page, ANTAM_TYPE_PAGE)

static void
on_training_clicked (AntamWelcomePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->scenario_dropdown);

  if (self->scenario_names == NULL || selected >= g_strv_length (self->scenario_names))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.training", "s", self->scenario_names[selected]);
}

static void
load_scenarios (AntamWelcomePage *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) all = antam_scenario_list_names ();

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autoptr(AntamScenario) scenario = antam_scenario_load (all[i], NULL);

      if (scenario == NULL)
        continue;
      gtk_string_list_append (titles, antam_scenario_get_title (scenario));
      g_ptr_array_add (names, g_strdup (all[i]));
    }
  g_ptr_array_add (names, NULL);
  self->scenario_names = (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (titles));
  gtk_widget_set_visible (GTK_WIDGET (self->training_group), self->scenario_names[0] != NULL);
}

static void
update (AntamWelcomePage *self)
{
  AntamSession *session = antam_page_get_session (ANTAM_PAGE (self));
  GDateTime *when = session ? antam_session_get_scanned_at (session) : NULL;
  AntamScenario *scenario = session ? antam_session_get_scenario (session) : NULL;

  if (when != NULL && scenario == NULL)
    {
      g_autofree char *date = g_date_time_format (when, "%d/%m/%Y %H:%M");
      /* TRANSLATORS: %s is a date and time, e.g. 21/11/2026 09:30 */
      g_autofree char *text = g_strdup_printf (_("Last checked on %s. Start to check again, or go through the steps on the left."), date);

      gtk_label_set_label (self->last_check_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->last_check_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->last_check_label), FALSE);

  /* In training, the trainer needs the story of the made-up computer. */
  gtk_widget_set_visible (GTK_WIDGET (self->training_group),
                          scenario == NULL && self->scenario_names && self->scenario_names[0]);
  if (scenario != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n\n%s", antam_scenario_get_title (scenario),
                                               antam_scenario_get_description (scenario));
      gtk_label_set_label (self->scenario_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_label), scenario != NULL);
}

static void
antam_welcome_page_session_changed (AntamPage *page)
{
  AntamWelcomePage *self = ANTAM_WELCOME_PAGE (page);
  AntamSession *session = antam_page_get_session (page);

  if (session)
    g_signal_connect_swapped (session, "results-changed", G_CALLBACK (update), self);
  update (self);
}

/**
 * antam_welcome_page_set_offer_language:
 *
 * Shows the choice of language under the title: on the first run.
 */
void
antam_welcome_page_set_offer_language (AntamWelcomePage *self,
                                       gboolean          offer)
{
  g_return_if_fail (ANTAM_IS_WELCOME_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->language_choice), offer);
}

/**
 * antam_welcome_page_get_language_choice:
 *
 * Returns: (transfer none): the choice of language, shown or not
 */
AntamLanguageChoice *
antam_welcome_page_get_language_choice (AntamWelcomePage *self)
{
  g_return_val_if_fail (ANTAM_IS_WELCOME_PAGE (self), NULL);
  return self->language_choice;
}

static void
antam_welcome_page_dispose (GObject *object)
{
  AntamWelcomePage *self = ANTAM_WELCOME_PAGE (object);

  g_clear_pointer (&self->scenario_names, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (antam_welcome_page_parent_class)->dispose (object);
}

static void
antam_welcome_page_class_init (AntamWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  ANTAM_PAGE_CLASS (klass)->session_changed = antam_welcome_page_session_changed;
  object_class->dispose = antam_welcome_page_dispose;

  g_type_ensure (ANTAM_TYPE_LANGUAGE_CHOICE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamWelcomePage, language_choice);
  gtk_widget_class_bind_template_child (widget_class, AntamWelcomePage, last_check_label);
  gtk_widget_class_bind_template_child (widget_class, AntamWelcomePage, training_group);
  gtk_widget_class_bind_template_child (widget_class, AntamWelcomePage, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AntamWelcomePage, scenario_label);
  gtk_widget_class_bind_template_callback (widget_class, on_training_clicked);
}

static void
antam_welcome_page_init (AntamWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  load_scenarios (self);
}
