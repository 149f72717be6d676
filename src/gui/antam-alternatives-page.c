/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-gui-util.h"

#include "antam-alternatives-page.h"
#include "antam-i18n.h"
#include "rules/antam-questions.h"

/* Measure 2: the vendors the letter names, and nothing the letter does not
 * say.  An agency that has chosen a service adds a note and a link in its
 * own copy of alternatives.json. */
struct _AntamAlternativesPage
{
  GtkWidget parent_instance;

  GtkListBox *list;
  GtkLabel *source_label;
  GtkLabel *file_label;
};

G_DEFINE_FINAL_TYPE (AntamAlternativesPage, antam_alternatives_page, GTK_TYPE_WIDGET)

static GtkWidget *
vendor_row_new (const AntamVendor *vendor)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (vendor->name, -1);
  const char *note = antam_i18n_pick (vendor->note_vi, vendor->note_en);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (note != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (note, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  if (vendor->url != NULL)
    {
      GtkWidget *link = gtk_link_button_new_with_label (vendor->url, _("Website"));
      /* TRANSLATORS: %s is a company's name */
      g_autofree char *label = g_strdup_printf (_("Website of %s"), vendor->name);

      gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (link), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
    }
  return row;
}

void
antam_alternatives_page_reload (AntamAlternativesPage *self)
{
  g_autoptr(AntamAlternatives) alternatives = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (ANTAM_IS_ALTERNATIVES_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  alternatives = antam_alternatives_load_default (&error);
  if (alternatives == NULL)
    {
      /* TRANSLATORS: %s says which file and what is wrong in it */
      g_autofree char *text = g_strdup_printf (_("The list of alternatives could not be read: %s"),
                                               error->message);
      g_message ("%s", error->message);
      gtk_label_set_label (self->source_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
      return;
    }

  for (guint i = 0; i < alternatives->vendors->len; i++)
    gtk_list_box_append (self->list, vendor_row_new (g_ptr_array_index (alternatives->vendors, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), alternatives->vendors->len > 0);

  {
    /* TRANSLATORS: %s names the letter the list comes from */
    g_autofree char *text = g_strdup_printf (_("Source: %s"),
                                             antam_i18n_pick (alternatives->source_vi,
                                                              alternatives->source_en));
    gtk_label_set_label (self->source_label, text);
  }
  {
    g_autofree char *user = g_build_filename (g_get_user_config_dir (), "antam", "alternatives.json", NULL);
    /* TRANSLATORS: the first %s is a file path under /etc, the second one in the user's home */
    g_autofree char *text = g_strdup_printf (_("Your agency can name the services it uses in %s, or you in %s."),
                                             "/etc/antam/alternatives.json", user);
    gtk_label_set_label (self->file_label, text);
  }
}

static void
antam_alternatives_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ANTAM_TYPE_ALTERNATIVES_PAGE);
  /* The template's unnamed root is not bound, so not disposed with it. */
  antam_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (antam_alternatives_page_parent_class)->dispose (object);
}

static void
antam_alternatives_page_class_init (AntamAlternativesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_alternatives_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-alternatives-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamAlternativesPage, list);
  gtk_widget_class_bind_template_child (widget_class, AntamAlternativesPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, AntamAlternativesPage, file_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
antam_alternatives_page_init (AntamAlternativesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  antam_alternatives_page_reload (self);
}
