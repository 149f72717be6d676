/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-ca-file-row.h"

struct _AntamCaFileRow
{
  AdwActionRow parent_instance;

  GSettings *settings;
  GtkNativeDialog *chooser;

  GtkWidget *clear_button;
};

G_DEFINE_FINAL_TYPE (AntamCaFileRow, antam_ca_file_row, ADW_TYPE_ACTION_ROW)

static void
update (AntamCaFileRow *self)
{
  g_autofree char *path = self->settings ? g_settings_get_string (self->settings, "ca-file") : g_strdup ("");

  if (*path == '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                                 _("The authorities this computer trusts, or the one the team’s entry names."));
  else
    {
      g_autofree char *shown = g_filename_display_name (path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), shown);
    }
  gtk_widget_set_sensitive (self->clear_button, *path != '\0');
}

static void
on_chosen (GtkNativeDialog *chooser,
           int              response,
           gpointer         user_data)
{
  AntamCaFileRow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "ca-file", path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AntamCaFileRow *self = ANTAM_CA_FILE_ROW (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->settings == NULL || self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose the Certificate Authority"), window,
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                                                  _("_Cancel")));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chosen), self);
  gtk_native_dialog_show (self->chooser);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AntamCaFileRow *self = ANTAM_CA_FILE_ROW (widget);

  if (self->settings != NULL)
    g_settings_reset (self->settings, "ca-file");
}

static void
on_setting_changed (GSettings  *settings,
                    const char *key,
                    gpointer    user_data)
{
  update (user_data);
}

void
antam_ca_file_row_bind (AntamCaFileRow *self,
                        GSettings      *settings)
{
  g_return_if_fail (ANTAM_IS_CA_FILE_ROW (self));

  g_set_object (&self->settings, settings);
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::ca-file", G_CALLBACK (on_setting_changed), self, 0);
  update (self);
}

static void
antam_ca_file_row_dispose (GObject *object)
{
  AntamCaFileRow *self = ANTAM_CA_FILE_ROW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (antam_ca_file_row_parent_class)->dispose (object);
}

static void
antam_ca_file_row_class_init (AntamCaFileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_ca_file_row_dispose;
  gtk_widget_class_install_action (widget_class, "ca-file.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "ca-file.clear", NULL, clear_action);
}

static void
antam_ca_file_row_init (AntamCaFileRow *self)
{
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Certificate authority"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 2);

  self->clear_button = gtk_button_new_with_mnemonic (_("_System’s"));
  gtk_widget_set_tooltip_text (self->clear_button, _("Trust the authorities this computer trusts"));
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->clear_button), "ca-file.clear");
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "ca-file.choose");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), choose);
  update (self);
}
