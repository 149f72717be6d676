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
#include "antam-report-save.h"
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

static GtkWidget *
find_required (GtkWidget     *root,
               GuiTestMatch   match,
               gconstpointer  data)
{
  GtkWidget *found = gui_test_find_widget (root, match, data);

  g_assert_nonnull (found);
  return found;
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  return find_required (root, gui_test_is_action_button, action);
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  return gui_test_find_widget (root, is_label_with, text);
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
find_entry_row (GtkWidget  *root,
                const char *title)
{
  return find_required (root, is_entry_row, title);
}

static gboolean
is_combo_row (GtkWidget     *widget,
              gconstpointer  unused)
{
  return ADW_IS_COMBO_ROW (widget);
}

static void
fill_sender (AntamReportDialog *dialog)
{
  GtkWidget *send = find_action_button (GTK_WIDGET (dialog), "report.send");
  GtkWidget *hint = find_label (GTK_WIDGET (dialog), _("Enter your full name and unit to send the report."));

  g_assert_nonnull (hint);
  g_assert_true (gtk_widget_get_visible (hint));
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (dialog), _("Full name"))), "Nguyễn Thị Lan");
  g_assert_false (gtk_widget_get_sensitive (send));   /* the unit too */
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (GTK_WIDGET (dialog), _("Unit"))),
                         "Văn phòng UBND huyện Châu Thành");
  g_assert_true (gtk_widget_get_sensitive (send));
  g_assert_false (gtk_widget_get_visible (hint));
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

  /* Asked once: the agency's team selected, and the first thing in focus. */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));
    GtkWidget *contact_row = gui_test_find_widget (GTK_WIDGET (dialog), is_combo_row, NULL);

    g_assert_nonnull (focus);
    g_assert_true (focus == contact_row || gtk_widget_is_ancestor (focus, contact_row));
    g_assert_nonnull (find_label (GTK_WIDGET (dialog), _("Check the team your reports go to: your agency’s team is "
                                                         "selected. Choose another if you work elsewhere.")));
  }

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

  /* Who sends it, first: without a name and a unit it cannot go. */
  g_assert_false (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (dialog), "report.send")));
  fill_sender (dialog);

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
  /* Sent to the team shown: asked no more. */
  {
    g_autoptr(GSettings) settings = antam_report_settings_new ();
    g_assert_true (g_settings_get_boolean (settings, "report-contact-chosen"));
    g_settings_reset (settings, "report-contact-chosen");
    g_settings_reset (settings, "report-contact");
  }
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

/* The Summary ends the check: sending the report is the bottom bar's main
 * action there, and the page says when the check was run. */
static void
test_summary_sends (void)
{
  g_autoptr(AntamSession) session = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *checked = NULL;
  AntamWindow *window;
  GtkWidget *send = NULL;
  GtkWidget *label;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display");
      return;
    }
  session = gui_test_training_session ("clean-pc");
  window = gui_test_window (app, session);
  antam_session_scan (session);
  gui_test_wait_scan (session);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", ANTAM_N_STEPS);
  gui_test_iterate (300);

  /* The bar's button, beside Back: the last child of its kind. */
  for (GtkWidget *back = gui_test_find_widget (GTK_WIDGET (window), gui_test_is_action_button, "win.back");
       back != NULL && send == NULL; back = gtk_widget_get_parent (back))
    send = gui_test_find_widget (back, gui_test_is_action_button, "win.send-report");
  g_assert_nonnull (send);
  g_assert_true (gtk_widget_is_visible (send));
  g_assert_true (gtk_widget_has_css_class (send, "suggested-action"));

  local = g_date_time_to_local (antam_session_get_scanned_at (session));
  checked = g_date_time_format (local, _("Checked on %d/%m/%Y at %H:%M"));
  label = gui_test_find_widget (GTK_WIDGET (window), gui_test_is_label_saying, checked);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_visible (label));
  screenshot (GTK_WIDGET (window), "summary-send.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 2);
  gui_test_iterate (100);
  g_assert_false (gtk_widget_is_visible (send));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A real (not training) session on a fixture root: its report is sent. */
static AntamSession *
real_session (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "..", "roots", "base", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;

  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);
  return antam_session_new (sysroot, NULL, NULL);
}

/* The dialog, filled in by the user, and Send pressed. */
static AntamReportDialog *
send_with_sender (AntamWindow  *window,
                  AntamSession *session)
{
  AntamReportDialog *dialog = antam_report_dialog_new (GTK_WINDOW (window), session);

  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_iterate (300);
  fill_sender (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.send", NULL));
  return dialog;
}

/* A port on 127.0.0.1 that nobody listens on. */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A send that fails says what happened and what to do, in the dialog,
 * with the PDF record and the team's phone; the form stays editable, and
 * a change takes the failed report back so it is sent corrected, once. */
static void
test_send_failure_plain (void)
{
  g_autofree char *entry_dir = NULL;
  g_autoptr(AntamSession) session = NULL;
  g_autoptr(GSettings) settings = antam_report_settings_new ();
  AntamReportDialog *dialog;
  AntamWindow *window;
  GtkWidget *failure, *call, *name_row;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display");
      return;
    }
  g_settings_reset (settings, "sender-name");
  g_settings_reset (settings, "sender-unit");
  g_settings_set_string (settings, "report-channel", "smtp");
  g_settings_set_string (settings, "smtp-server", "127.0.0.1");
  g_settings_set_uint (settings, "smtp-port", closed_port ());
  g_settings_set_string (settings, "smtp-security", "none");
  g_settings_set_string (settings, "sender-email", "ntlan@chauthanh.kiengiang.gov.vn");

  session = real_session ();
  window = gui_test_window (app, session);
  dialog = send_with_sender (window, session);
  failure = NULL;
  for (guint i = 0; i < 200; i++)
    {
      failure = find_label (GTK_WIDGET (dialog), _("The report has not been sent"));
      if (failure != NULL && gtk_widget_is_visible (failure))
        break;
      gui_test_iterate (50);
    }
  g_assert_nonnull (failure);
  g_assert_true (gtk_widget_is_visible (failure));
  g_assert_nonnull (antam_report_dialog_get_entry (dialog));
  entry_dir = g_strdup (antam_report_dialog_get_entry (dialog)->dir);

  /* The way out that always works, and whom to call. */
  g_assert_true (gtk_widget_is_visible (find_action_button (GTK_WIDGET (dialog), "report.save-pdf")));
  call = find_label (GTK_WIDGET (dialog), "0824563838");
  g_assert_nonnull (call);
  g_assert_true (gtk_widget_is_visible (call));
  /* Still editable, still sendable. */
  name_row = find_entry_row (GTK_WIDGET (dialog), _("Full name"));
  g_assert_true (gtk_widget_is_sensitive (name_row));
  g_assert_true (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (dialog), "report.send")));
  screenshot (GTK_WIDGET (dialog), "report-dialog-failed.png");

  /* Corrected: the failed report is taken back, to go anew, once. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Nguyễn Thị Lan (Văn thư)");
  g_assert_null (antam_report_dialog_get_entry (dialog));
  g_assert_false (g_file_test (entry_dir, G_FILE_TEST_EXISTS));

  /* Asked for the PDF record, the file chooser offers it first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "report.save-pdf", NULL));
  gui_test_iterate (300);
  {
    GtkWindow *chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
    g_autoptr(GListModel) filters = NULL;
    GtkFileFilter *first;
    g_autofree char *name = NULL;

    g_assert_nonnull (chooser);
    filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
    g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 2);
    first = g_list_model_get_item (filters, 0);
    g_assert_cmpstr (gtk_file_filter_get_name (first), ==, _("Printable record (PDF)"));
    g_object_unref (first);
    name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
    g_assert_true (g_str_has_suffix (name, ".pdf"));
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
    gui_test_iterate (100);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "report-channel");
  g_settings_reset (settings, "smtp-server");
  g_settings_reset (settings, "smtp-port");
  g_settings_reset (settings, "smtp-security");
  g_settings_reset (settings, "sender-email");
  g_settings_reset (settings, "sender-name");
  g_settings_reset (settings, "sender-unit");
}

/* Saved by type: a record named .json but saved as PDF is a .pdf, and
 * is one. */
static void
test_save_by_type (void)
{
  g_autoptr(AntamSession) session = NULL;
  g_autoptr(AntamReportModel) model = NULL;
  g_autofree char *dir = g_dir_make_tmp ("antam-save-XXXXXX", NULL);
  g_autofree char *asked_path = g_build_filename (dir, "bao-cao.json", NULL);
  g_autoptr(GFile) asked = g_file_new_for_path (asked_path);
  g_autoptr(GFile) pdf = NULL;
  g_autoptr(GFile) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pdf_name = NULL;
  gsize length;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display");
      return;
    }
  session = gui_test_training_session ("zoom-deb");
  antam_session_scan (session);
  gui_test_wait_scan (session);
  model = antam_report_model_from_session (session);

  pdf = antam_report_file_for_format (asked, ANTAM_REPORT_FORMAT_PDF);
  pdf_name = g_file_get_basename (pdf);
  g_assert_cmpstr (pdf_name, ==, "bao-cao.pdf");
  g_assert_true (antam_report_save_to_file (model, ANTAM_REPORT_FORMAT_PDF, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (pdf, NULL, &contents, &length, NULL, NULL));
  g_assert_true (length > 5 && memcmp (contents, "%PDF-", 5) == 0);
  g_clear_pointer (&contents, g_free);

  json = antam_report_file_for_format (asked, ANTAM_REPORT_FORMAT_JSON);
  g_assert_true (g_file_equal (json, asked));
  g_assert_true (antam_report_save_to_file (model, ANTAM_REPORT_FORMAT_JSON, json, &error));
  g_assert_true (g_file_load_contents (json, NULL, &contents, &length, NULL, NULL));
  g_assert_nonnull (strstr (contents, "antam.report/1"));
  rt_rm_rf (dir);
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
  g_autoptr(AntamSession) session = NULL;
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
  session = real_session ();
  window = gui_test_window (app, session);
  dialog = send_with_sender (window, session);
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
  g_test_add_func ("/report-dialog/send-failure-plain", test_send_failure_plain);
  g_test_add_func ("/report-dialog/save-by-type", test_save_by_type);
  g_test_add_func ("/report-dialog/summary-sends", test_summary_sends);
  g_test_add_func ("/report-dialog/outbox-states", test_outbox_states);
  g_test_add_func ("/report-dialog/service-sends-at-start", test_service_sends_at_start);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
