/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "report/antam-report.h"
#include "antam-report-save.h"

/**
 * antam_report_model_from_session:
 *
 * The report of what @session found and what the user answered, with no
 * sender yet: what "Save Report…" writes, and what the report dialog
 * fills in.
 */
AntamReportModel *
antam_report_model_from_session (AntamSession *session)
{
  AntamSysroot *sysroot = antam_session_get_sysroot (session);
  AntamQuestions *questions = antam_session_get_questions (session);
  g_autoptr(AntamSystemInfo) system = antam_system_info_read (sysroot);
  AntamReportModel *model = antam_report_model_new (antam_session_get_results (session), system,
                                                    antam_session_get_scanned_at (session));

  for (guint i = 0; questions != NULL && i < questions->questions->len; i++)
    {
      const AntamQuestion *question = g_ptr_array_index (questions->questions, i);
      AntamAnswer answer = antam_session_get_answer (session, question->id);

      if (answer != ANTAM_ANSWER_NONE)
        antam_report_model_set_answer (model, question->id, antam_answer_to_string (answer));
    }

  model->training = antam_session_is_training (session);
  g_free (model->home_dir);
  model->home_dir = g_strdup (antam_sysroot_get_home (sysroot));
  if (model->training)
    {
      /* The scenario's made-up user, not whoever runs the training. */
      g_free (model->user_name);
      model->user_name = g_path_get_basename (model->home_dir);
    }
  return model;
}

static const char *
format_extension (AntamReportFormat format)
{
  return format == ANTAM_REPORT_FORMAT_JSON ? ".json" : ".pdf";
}

/**
 * antam_report_file_for_format:
 *
 * Returns: (transfer full): @file, its name ending as @format's files do:
 * a record named "report.json" but saved as PDF becomes "report.pdf".
 */
GFile *
antam_report_file_for_format (GFile             *file,
                              AntamReportFormat  format)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  const char *extension = format_extension (format);
  g_autofree char *stem = NULL;
  g_autofree char *renamed = NULL;
  char *dot;

  if (g_str_has_suffix (name, extension) || parent == NULL)
    return g_object_ref (file);
  stem = g_strdup (name);
  dot = strrchr (stem, '.');
  if (dot != NULL && dot != stem &&
      (g_ascii_strcasecmp (dot, ".pdf") == 0 || g_ascii_strcasecmp (dot, ".json") == 0))
    *dot = '\0';
  renamed = g_strconcat (stem, extension, NULL);
  return g_file_get_child (parent, renamed);
}

gboolean
antam_report_save_to_file (const AntamReportModel *model,
                           AntamReportFormat       format,
                           GFile                  *file,
                           GError                **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (format == ANTAM_REPORT_FORMAT_PDF)
    {
      bytes = antam_report_model_to_pdf (model, error);
      if (bytes == NULL)
        return FALSE;
    }
  else
    {
      char *json = antam_report_model_to_json (model);
      bytes = g_bytes_new_take (json, strlen (json));
    }
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

typedef struct {
  GtkWindow *parent;            /* weak */
  AntamReportModel *model;
  gboolean open_folder;
  AntamReportSavedFunc done;
  GtkFileFilter *pdf_filter;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_weak_pointer (&data->parent);
  antam_report_model_free (data->model);
  g_clear_object (&data->pdf_filter);
  g_free (data);
}

static void
say (SaveData   *data,
     const char *message)
{
  if (data->parent != NULL && data->done != NULL)
    data->done (GTK_WIDGET (data->parent), message);
}

static void
on_folder_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("The folder of the saved report could not be opened: %s", error->message);
}

static void
open_folder (SaveData *data,
             GFile    *file)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *uri = g_file_get_uri (folder);
  g_autoptr(GAppLaunchContext) context = NULL;

  if (data->parent != NULL)
    context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
                                      gtk_widget_get_display (GTK_WIDGET (data->parent))));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, on_folder_opened, NULL);
}

static void
on_response (GtkNativeDialog *chooser,
             int              response,
             SaveData        *data)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  GtkFileFilter *filter;
  AntamReportFormat format = ANTAM_REPORT_FORMAT_PDF;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (chosen == NULL)
    goto out;

  /* The type chosen decides; a name typed as .json, with no type chosen,
   * is taken at its word. */
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  name = g_file_get_basename (chosen);
  if (filter != NULL)
    format = filter == data->pdf_filter ? ANTAM_REPORT_FORMAT_PDF : ANTAM_REPORT_FORMAT_JSON;
  else if (name != NULL && g_str_has_suffix (name, ".json"))
    format = ANTAM_REPORT_FORMAT_JSON;
  file = antam_report_file_for_format (chosen, format);

  if (!antam_report_save_to_file (data->model, format, file, &error))
    {
      g_message ("Saving the report failed: %s", error->message);
      say (data, _("The report could not be saved in that folder. Choose another one, for example Documents, "
                   "and try again."));
      goto out;
    }

  g_free (name);
  name = g_file_get_basename (file);
  if (format == ANTAM_REPORT_FORMAT_PDF)
    /* TRANSLATORS: %s is the file's name */
    message = g_strdup_printf (_("The printable record was saved as “%s”."), name);
  else
    /* TRANSLATORS: %s is the file's name */
    message = g_strdup_printf (_("The report data was saved as “%s”."), name);
  say (data, message);
  if (data->open_folder)
    open_folder (data, file);

out:
  g_object_set_data (G_OBJECT (chooser), "antam-save-data", NULL);
  g_object_unref (chooser);
}

/**
 * antam_report_save_choose:
 * @model: (transfer full): the report to save
 * @open_folder: whether to show the folder once saved (the report is
 *   then to be taken elsewhere by hand)
 *
 * Asks where, and as what: the printable record (PDF) first, the data
 * (JSON) second.  The name's extension follows the type chosen.
 */
void
antam_report_save_choose (GtkWindow            *parent,
                          AntamReportModel     *model,
                          gboolean              open_folder,
                          AntamReportSavedFunc  done)
{
  SaveData *data = g_new0 (SaveData, 1);
  GtkFileChooserNative *chooser;
  GtkFileFilter *json_filter;
  g_autofree char *stem = antam_report_model_get_file_stem (model);
  g_autofree char *name = g_strconcat (stem, ".pdf", NULL);

  g_set_weak_pointer (&data->parent, parent);
  data->model = model;
  data->open_folder = open_folder;
  data->done = done;

  chooser = gtk_file_chooser_native_new (_("Save Report"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  data->pdf_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (data->pdf_filter, _("Printable record (PDF)"));
  gtk_file_filter_add_mime_type (data->pdf_filter, "application/pdf");
  gtk_file_filter_add_suffix (data->pdf_filter, "pdf");
  g_object_ref (data->pdf_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), data->pdf_filter);

  json_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (json_filter, _("Report data for the team’s tools (JSON)"));
  gtk_file_filter_add_mime_type (json_filter, "application/json");
  gtk_file_filter_add_suffix (json_filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json_filter);
  g_object_unref (json_filter);

  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), data->pdf_filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "antam-save-data", data, (GDestroyNotify) save_data_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
