/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "antam-i18n.h"
#include "antam-outbox-dialog.h"
#include "report/antam-outbox.h"
#include "antam-preferences-window.h"
#include "antam-report-dialog.h"
#include "report/antam-report-model.h"
#include "report/antam-send.h"
#include "antam-report-sender.h"
#include "gui-test-util.h"
#include "report-test-util.h"

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

/* The newest toplevel of @type. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gpointer found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        found = w;
    }
  return found;
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
  dialog = find_toplevel (ANTAM_TYPE_REPORT_DIALOG);
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
    GtkWindow *preferences = find_toplevel (ANTAM_TYPE_PREFERENCES_WINDOW);
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
  outbox = find_toplevel (ANTAM_TYPE_OUTBOX_DIALOG);
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

static AntamOutboxEntry *
add_entry (const char  *outbox,
           AntamChannel channel,
           const char  *subject)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  AntamOutboxEntry *entry = antam_outbox_add (outbox, id, channel, FALSE, "kien-giang",
                                              "dvhung.sttt@kiengiang.gov.vn", subject, "antam-report-20261203-1605",
                                              "Kính gửi Đội Ứng cứu sự cố máy tính tỉnh Kiên Giang,",
                                              "{\"schema\": \"antam.report/1\"}", NULL, &error);

  g_assert_no_error (error);
  return entry;
}

/* Every state a report can be in, each saying what happens next. */
static void
test_outbox_states (void)
{
  g_autofree char *outbox_dir = antam_outbox_get_default_dir ();
  g_autofree char *garbage = NULL;
  g_autofree char *garbage_envelope = NULL;
  g_autoptr(AntamSession) session = NULL;
  g_autoptr(GError) refused = g_error_new_literal (ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CERTIFICATE, "x");
  g_autoptr(AntamOutboxEntry) pending = NULL;
  g_autoptr(AntamOutboxEntry) permanent = NULL;
  g_autoptr(AntamOutboxEntry) maybe = NULL;
  g_autoptr(AntamOutboxEntry) sent = NULL;
  g_autoptr(GPtrArray) before = NULL;
  AntamOutboxDialog *outbox;
  AntamWindow *window;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display");
      return;
    }
  before = antam_outbox_list (outbox_dir, NULL);

  pending = add_entry (outbox_dir, ANTAM_CHANNEL_SMTP, "Tự kiểm tra an toàn thông tin — Văn phòng UBND huyện Châu Thành");
  g_assert_true (antam_outbox_entry_begin_attempt (pending, NULL));
  {
    g_autoptr(GError) failure = g_error_new_literal (ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK,
                                                     _("Could not connect to the server: it, or this computer, may be offline."));
    antam_outbox_entry_finish_attempt (pending, ANTAM_OUTBOX_PENDING, failure, ANTAM_OUTBOX_FAILURE_TRANSIENT,
                                       NULL, NULL);
  }
  permanent = add_entry (outbox_dir, ANTAM_CHANNEL_HTTPS, "Tự kiểm tra an toàn thông tin — Phòng Văn hóa và Thông tin");
  g_assert_true (antam_outbox_entry_begin_attempt (permanent, NULL));
  g_clear_error (&refused);
  refused = g_error_new_literal (ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CERTIFICATE,
                                 _("The server’s certificate is not trusted, so nothing was sent. If your agency "
                                   "uses its own certificate authority, your IT staff can set its certificate "
                                   "in Preferences; otherwise the server’s address may be wrong."));
  antam_outbox_entry_finish_attempt (permanent, ANTAM_OUTBOX_PENDING, refused, ANTAM_OUTBOX_FAILURE_PERMANENT,
                                     "key", NULL);
  maybe = add_entry (outbox_dir, ANTAM_CHANNEL_SMTP, "Thông báo sự cố và tự kiểm tra an toàn thông tin");
  g_assert_true (antam_outbox_entry_begin_attempt (maybe, NULL));
  g_assert_true (antam_outbox_entry_begin_hand_over (maybe, NULL));
  sent = add_entry (outbox_dir, ANTAM_CHANNEL_SMTP, "Tự kiểm tra an toàn thông tin — Sở Nội vụ");
  g_assert_true (antam_outbox_entry_begin_attempt (sent, NULL));
  antam_outbox_entry_finish_attempt (sent, ANTAM_OUTBOX_SENT, NULL, ANTAM_OUTBOX_FAILURE_NONE, NULL, NULL);
  garbage = g_build_filename (outbox_dir, "3f1c2d4e-damaged", NULL);
  garbage_envelope = g_build_filename (garbage, "envelope.json", NULL);
  g_assert_cmpint (g_mkdir_with_parents (garbage, 0700), ==, 0);
  g_assert_true (g_file_set_contents (garbage_envelope, "{\"schema\": \"antam.ou", -1, NULL));

  session = gui_test_training_session ("clean-pc");
  window = gui_test_window (app, session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL));
  gui_test_iterate (300);
  outbox = find_toplevel (ANTAM_TYPE_OUTBOX_DIALOG);
  g_assert_nonnull (outbox);
  g_assert_cmpuint (antam_outbox_dialog_get_n_rows (outbox), ==, before->len + 5);
  gtk_window_set_default_size (GTK_WINDOW (outbox), 900, 900);
  gui_test_iterate (300);
  screenshot (GTK_WIDGET (outbox), "outbox-states.png");
  gtk_window_destroy (GTK_WINDOW (outbox));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* When the app starts, what waits in the outbox goes by itself: the
 * outbox window's promise.  A real SMTP server on 127.0.0.1. */
static void
test_service_sends_at_start (void)
{
  g_autofree char *outbox_dir = antam_outbox_get_default_dir ();
  g_autofree char *server_dir = NULL;
  g_autoptr(GSettings) settings = antam_report_settings_new ();
  g_autoptr(AntamOutboxEntry) entry = NULL;
  g_autoptr(AntamOutboxEntry) after = NULL;
  g_autoptr(RtSmtpServer) server = NULL;

  if (!gui_test_have_display () || !rt_have_aiosmtpd ())
    {
      g_test_skip ("Needs a display and /usr/bin/python3 with aiosmtpd");
      return;
    }
  g_assert_nonnull (settings);
  server_dir = g_dir_make_tmp ("antam-service-XXXXXX", NULL);
  server = rt_smtp_server_start (server_dir, NULL);
  g_settings_set_string (settings, "smtp-server", "127.0.0.1");
  g_settings_set_uint (settings, "smtp-port", server->port);
  g_settings_set_string (settings, "smtp-security", "none");
  g_settings_set_string (settings, "sender-email", "ntlan@chauthanh.kiengiang.gov.vn");
  entry = add_entry (outbox_dir, ANTAM_CHANNEL_SMTP, "Tự kiểm tra an toàn thông tin — Văn phòng UBND huyện");

  /* As at start-up (the application's own service ran before the entry
   * was there). */
  antam_report_service_start (G_APPLICATION (app));
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&after, antam_outbox_entry_unref);
      after = antam_outbox_entry_load (entry->dir, NULL);
      if (after->state == ANTAM_OUTBOX_SENT)
        break;
      gui_test_iterate (50);
    }
  g_assert_cmpint (after->state, ==, ANTAM_OUTBOX_SENT);
  /* It arrived once (what else waited, from the tests before, went too). */
  {
    guint copies = 0;

    for (guint n = 1; n <= rt_smtp_server_count (server); n++)
      {
        cJSON *message = rt_smtp_server_wait_message (server, n, 5000);

        if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItem (message, "report_id")), entry->id) == 0)
          copies++;
        cJSON_Delete (message);
      }
    g_assert_cmpuint (copies, ==, 1);
  }
  g_settings_reset (settings, "smtp-server");
  g_settings_reset (settings, "smtp-port");
  g_settings_reset (settings, "smtp-security");
  g_settings_reset (settings, "sender-email");
  g_clear_pointer (&server, rt_smtp_server_stop);
  rt_rm_rf (server_dir);
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
  g_test_add_func ("/report-dialog/outbox-states", test_outbox_states);
  g_test_add_func ("/report-dialog/service-sends-at-start", test_service_sends_at_start);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
