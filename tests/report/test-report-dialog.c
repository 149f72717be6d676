/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "antam-i18n.h"
#include "antam-outbox-dialog.h"
#include "antam-outbox.h"
#include "antam-preferences-window.h"
#include "antam-report-dialog.h"
#include "antam-report-model.h"
#include "gui-test-util.h"

/* The preview dialog and the outbox view, on a training scenario (which
 * keeps the real outbox apart: reports are marked training and never
 * sent).  With $ANTAM_SCREENSHOT_DIR set, writes PNGs of both, in
 * Vietnamese. */

static AntamApplication *app;

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("ANTAM_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  gui_test_iterate (500);
  g_assert_true (gui_test_save_png (widget, path));
  g_test_message ("wrote %s", path);
}

static void
test_preview_and_training_send (void)
{
  g_autoptr(AntamSession) session = NULL;
  AntamWindow *window;
  AntamReportDialog *dialog;
  AntamOutboxDialog *outbox;
  AntamOutboxEntry *entry;
  g_autofree char *json_before = NULL;
  g_autofree char *queued_json = NULL;
  g_autofree char *json_path = NULL;
  const char *json, *email;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display (run under xvfb-run)");
      return;
    }

  session = gui_test_training_session ("zoom-deb");
  window = gui_test_window (app, session);
  antam_session_scan (session);
  gui_test_wait_scan (session);

  /* The Summary's button opens the preview. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.send-report", NULL));
  gui_test_iterate (300);
  dialog = NULL;
  {
    /* The newest toplevel is the dialog. */
    GListModel *toplevels = gtk_window_get_toplevels ();
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        if (ANTAM_IS_REPORT_DIALOG (w))
          dialog = ANTAM_REPORT_DIALOG (w);
      }
  }
  g_assert_nonnull (dialog);

  json = antam_report_dialog_get_json (dialog);
  email = antam_report_dialog_get_email_text (dialog);
  g_assert_nonnull (strstr (json, "\"training\":\ttrue"));
  g_assert_nonnull (strstr (json, "\"hostname\":"));
  g_assert_nonnull (strstr (email, "dvhung.sttt@kiengiang.gov.vn"));
  json_before = g_strdup (json);

  /* The switches change the preview at once: withheld is absent. */
  antam_report_dialog_set_withhold (dialog, ANTAM_WITHHOLD_HOSTNAME | ANTAM_WITHHOLD_HOME_PATHS);
  json = antam_report_dialog_get_json (dialog);
  g_assert_cmpstr (json, !=, json_before);
  g_assert_null (strstr (json, "\"hostname\":"));
  g_assert_nonnull (strstr (json, "\"withheld\""));

  antam_report_dialog_set_incident (dialog, "Một người lạ vào phòng họp trực tuyến",
                                    "Sáng 19/11/2026", "Cuộc họp giao ban");
  g_assert_nonnull (strstr (antam_report_dialog_get_email_text (dialog), "Một người lạ vào phòng họp trực tuyến"));
  screenshot (GTK_WIDGET (dialog), "report-dialog.png");

  /* How it is sent is a click away, over the dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.preferences", NULL));
  gui_test_iterate (300);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWindow *preferences = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        if (ANTAM_IS_PREFERENCES_WINDOW (w))
          preferences = GTK_WINDOW (w);
      }
    g_assert_nonnull (preferences);
    g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (dialog));
    gtk_window_destroy (preferences);
  }

  /* One click: into the outbox, marked training, not sent. */
  g_free (json_before);
  json_before = g_strdup (antam_report_dialog_get_json (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.send", NULL));
  for (guint i = 0; i < 50 && antam_report_dialog_get_entry (dialog) != NULL &&
                    antam_report_dialog_get_entry (dialog)->attempts == 0; i++)
    gui_test_iterate (50);
  gui_test_iterate (300);
  entry = antam_report_dialog_get_entry (dialog);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->state, ==, ANTAM_OUTBOX_TRAINING);
  json_path = antam_outbox_entry_get_attachment_path (entry, "json");
  g_assert_true (g_file_get_contents (json_path, &queued_json, NULL, NULL));
  /* Exactly what the preview showed. */
  g_assert_cmpstr (queued_json, ==, json_before);
  screenshot (GTK_WIDGET (dialog), "report-dialog-sent.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL));
  gui_test_iterate (300);
  outbox = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        if (ANTAM_IS_OUTBOX_DIALOG (w))
          outbox = ANTAM_OUTBOX_DIALOG (w);
      }
  }
  g_assert_nonnull (outbox);
  g_assert_cmpuint (antam_outbox_dialog_get_n_rows (outbox), ==, 1);
  screenshot (GTK_WIDGET (outbox), "outbox-dialog.png");
  gtk_window_destroy (GTK_WINDOW (outbox));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The default channel, the user's own mail app: run by portal-test.sh with
 * the Email portal (or, with ANTAM_NO_PORTAL, xdg-email) and a test mailto:
 * handler that records what it is given. */
static void
test_send_mail_client (void)
{
  const char *record = g_getenv ("ANTAM_TEST_MAILTO_RECORD");
  g_autofree char *root = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *unescaped = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamSession) session = NULL;
  g_autoptr(GError) error = NULL;
  AntamReportDialog *dialog;
  AntamOutboxEntry *entry;
  AntamWindow *window;
  g_autofree char *json_name = NULL;

  if (record == NULL || !gui_test_have_display ())
    {
      g_test_skip ("Run by tests/report/portal-test.sh, with a display and a mailto: recorder");
      return;
    }

  /* A real (not training) session on a fixture root: this one is sent. */
  root = g_test_build_filename (G_TEST_DIST, "..", "roots", "base", NULL);
  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);
  session = antam_session_new (sysroot, NULL, NULL);
  window = gui_test_window (app, session);
  dialog = antam_report_dialog_new (GTK_WINDOW (window), session);
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_iterate (300);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.send", NULL));
  for (guint i = 0; i < 400; i++)
    {
      entry = antam_report_dialog_get_entry (dialog);
      if (entry != NULL && entry->state != ANTAM_OUTBOX_PENDING && g_file_test (record, G_FILE_TEST_EXISTS))
        break;
      gui_test_iterate (50);
    }
  entry = antam_report_dialog_get_entry (dialog);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->state, ==, ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT);
  g_assert_true (g_file_get_contents (record, &recorded, NULL, NULL));
  unescaped = g_uri_unescape_string (recorded, NULL);
  g_test_message ("the mail app was given: %s", unescaped ? unescaped : recorded);
  g_assert_true (g_str_has_prefix (recorded, "mailto:"));
  g_assert_nonnull (strstr (recorded, "dvhung.sttt@kiengiang.gov.vn"));
  g_assert_nonnull (unescaped);
  g_assert_nonnull (strstr (unescaped, entry->subject));
  json_name = g_strdup_printf ("%s.json", entry->file_stem);
  if (strstr (unescaped, json_name) != NULL)
    g_test_message ("the JSON attachment %s was passed along", json_name);
  else
    g_test_message ("the handler got no attachment path (mailto: cannot carry files)");
  screenshot (GTK_WIDGET (dialog), "report-dialog-handed-over.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_autofree char *data_home = g_dir_make_tmp ("antam-report-dialog-XXXXXX", NULL);

  /* The outbox goes to a temporary XDG_DATA_HOME.  Not G_TEST_OPTION_ISOLATE_DIRS:
   * GTK needs the real XDG_DATA_DIRS for icons and MIME sniffing. */
  if (g_getenv ("ANTAM_TEST_MAILTO_RECORD") == NULL)
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  antam_application_init_i18n ();
  if (gui_test_have_display ())
    {
      adw_init ();
      app = gui_test_application ();
      if (g_strcmp0 (g_getenv ("ANTAM_SCREENSHOT_LANGUAGE"), "en") != 0)
        g_action_group_activate_action (G_ACTION_GROUP (app), "language", g_variant_new_string ("vi"));
    }
  g_test_add_func ("/report-dialog/preview-and-training-send", test_preview_and_training_send);
  g_test_add_func ("/report-dialog/send-mail-client", test_send_mail_client);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
