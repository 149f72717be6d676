/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "antam-preferences-window.h"
#include "report/antam-secrets.h"
#include "gui-test-util.h"
#include "report-test-util.h"

/* The Preferences window, driven through its widgets, with GSettings in
 * memory: the choices land in the settings, what core would refuse is said
 * in the window, and the password and token go to a real Secret Service
 * (gnome-keyring on a private bus) and nowhere else.  Writes PNGs of its
 * pages, in Vietnamese, to $ANTAM_SCREENSHOT_DIR or the build dir. */

static AntamApplication *app;
static char *home;              /* XDG_CONFIG_HOME, XDG_DATA_HOME, … live under it */
static GSubprocess *bus;        /* our own session bus: the keyring's, and nobody else's */
static char *bus_dir;

#define TEST_CONTACTS \
  "{\n" \
  "  \"schema\": \"antam.contacts/1\",\n" \
  "  \"contacts\": [\n" \
  "    {\n" \
  "      \"id\": \"so-tttt-mau\",\n" \
  "      \"name\": { \"vi\": \"Đội ứng cứu sự cố Sở Thông tin và Truyền thông (mẫu)\",\n" \
  "                \"en\": \"Department of Information and Communications response team (sample)\" },\n" \
  "      \"phone\": \"0297 3 999 999\",\n" \
  "      \"email\": \"ucsc@stttt.example.gov.vn\",\n" \
  "      \"https_endpoint\": \"https://ucsc.example.gov.vn/api/reports\"\n" \
  "    }\n" \
  "  ]\n" \
  "}\n"

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static GObject *
child (AntamPreferencesWindow *prefs,
       const char             *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (prefs), ANTAM_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("ANTAM_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    dir = g_getenv ("G_TEST_BUILDDIR");
  path = g_build_filename (dir, name, NULL);
  gui_test_iterate (400);
  g_assert_true (gui_test_save_png (widget, path));
  g_test_message ("wrote %s", path);
}

static AntamPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AntamPreferencesWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (ANTAM_IS_PREFERENCES_WINDOW (w))
        found = ANTAM_PREFERENCES_WINDOW (w);
    }
  return found;
}

static GtkMenuButton *
find_primary_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkMenuButton *found = find_primary_menu (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The primary menu offers it, by its own name, at the place GNOME apps do. */
static void
assert_menu_item (AntamWindow *window)
{
  GtkMenuButton *button = find_primary_menu (GTK_WIDGET (window));
  GMenuModel *menu;
  gboolean found = FALSE;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (button);
  for (int i = 0; i < g_menu_model_get_n_items (menu) && !found; i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;
          g_autofree char *label = NULL;

          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          if (g_strcmp0 (action, "win.preferences") == 0)
            {
              g_test_message ("menu item: %s", label);
              found = TRUE;
            }
        }
    }
  g_assert_true (found);
  gtk_menu_button_popup (button);
  screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)), "preferences-main-menu.png");
  gtk_menu_button_popdown (button);
  gui_test_iterate (100);
}

static AntamPreferencesWindow *
open_preferences (AntamWindow *window)
{
  AntamPreferencesWindow *prefs;

  /* As the menu item and Ctrl+, do. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  gui_test_iterate (300);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 680, 860);
  return prefs;
}

static AntamSession *
fixture_session (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "..", "roots", "base", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;

  sysroot = antam_sysroot_new (root, NULL, &error);
  g_assert_no_error (error);
  return antam_session_new (sysroot, NULL, NULL);
}

static const char *
subtitle (AntamPreferencesWindow *prefs,
          const char             *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (prefs, row)));
}

static gboolean
label_shown (AntamPreferencesWindow *prefs,
             const char             *name)
{
  GtkWidget *label = GTK_WIDGET (child (prefs, name));

  return gtk_widget_get_visible (label) && *gtk_label_get_label (GTK_LABEL (label)) != '\0';
}

static void
set_text (AntamPreferencesWindow *prefs,
          const char             *row,
          const char             *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (prefs, row)), text);
  gui_test_iterate (50);
}

/* No key of ours may hold a secret: they are all strings, numbers and
 * booleans that the user can read with gsettings. */
static void
assert_settings_free_of (GSettings  *settings,
                         const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, secret));
    }
}

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
}

static void
test_contact_and_sender (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AntamSession) session = NULL;
  g_auto(GStrv) accels = NULL;
  AntamPreferencesWindow *prefs;
  AntamWindow *window;
  AdwComboRow *contact_row;
  g_autofree char *channel = NULL;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display (run under xvfb-run)");
      return;
    }
  settings = g_settings_new (APP_ID);
  reset_settings (settings);
  session = fixture_session ();
  window = gui_test_window (app, session);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.preferences");
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  assert_menu_item (window);
  prefs = open_preferences (window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "training_group"))));

  /* The letter's team by default, with its phone and e-mail; then the
   * agency's other team, chosen in the combo. */
  contact_row = ADW_COMBO_ROW (child (prefs, "contact_row"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (contact_row)), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (contact_row), ==, 0);
  g_assert_nonnull (strstr (subtitle (prefs, "contact_phone_row"), "0824563838"));
  g_assert_cmpstr (subtitle (prefs, "contact_email_row"), ==, "dvhung.sttt@kiengiang.gov.vn");
  g_assert_nonnull (strstr (subtitle (prefs, "contact_source_row"), "1200/UBND-KGVX"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (prefs, "https_row"))));
  screenshot (GTK_WIDGET (prefs), "preferences-report-default.png");

  adw_combo_row_set_selected (contact_row, 1);
  gui_test_iterate (50);
  {
    g_autofree char *contact = g_settings_get_string (settings, "report-contact");
    g_assert_cmpstr (contact, ==, "so-tttt-mau");
  }
  g_assert_cmpstr (subtitle (prefs, "contact_phone_row"), ==, "0297 3 999 999");
  g_assert_cmpstr (subtitle (prefs, "contact_email_row"), ==, "ucsc@stttt.example.gov.vn");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (prefs, "https_row"))));
  g_assert_nonnull (strstr (subtitle (prefs, "https_row"), "https://ucsc.example.gov.vn/api/reports"));

  /* Last, a team in no file: by the e-mail address the user gives. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "other_email_row"))));
  adw_combo_row_set_selected (contact_row, 2);
  gui_test_iterate (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "other_email_row"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "contact_email_row"))));
  set_text (prefs, "other_email_row", "ucsc@camau.gov.vn");
  gui_test_iterate (50);
  {
    g_autofree char *contact = g_settings_get_string (settings, "report-contact");
    g_autofree char *email = g_settings_get_string (settings, "report-contact-email");
    g_assert_cmpstr (contact, ==, "other");
    g_assert_cmpstr (email, ==, "ucsc@camau.gov.vn");
  }
  g_assert_cmpstr (subtitle (prefs, "contact_email_row"), ==, "ucsc@camau.gov.vn");
  gtk_window_set_default_size (GTK_WINDOW (prefs), 700, 900);
  screenshot (GTK_WIDGET (prefs), "preferences-team-other.png");
  adw_combo_row_set_selected (contact_row, 1);
  gui_test_iterate (50);

  /* The sender, typed in the rows. */
  set_text (prefs, "sender_name_row", "Nguyễn Thị Lan");
  set_text (prefs, "sender_unit_row", "Văn phòng UBND huyện Châu Thành");
  set_text (prefs, "sender_phone_row", "0297 3862 111");
  {
    g_autofree char *name = g_settings_get_string (settings, "sender-name");
    g_autofree char *unit = g_settings_get_string (settings, "sender-unit");
    g_autofree char *phone = g_settings_get_string (settings, "sender-phone");
    g_assert_cmpstr (name, ==, "Nguyễn Thị Lan");
    g_assert_cmpstr (unit, ==, "Văn phòng UBND huyện Châu Thành");
    g_assert_cmpstr (phone, ==, "0297 3862 111");
  }

  /* A half-typed address is shown as wrong and not kept. */
  set_text (prefs, "sender_email_row", "ntlan@");
  g_assert_true (label_shown (prefs, "email_problem_label"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (child (prefs, "sender_email_row")), "error"));
  {
    g_autofree char *email = g_settings_get_string (settings, "sender-email");
    g_assert_cmpstr (email, ==, "");
  }
  set_text (prefs, "sender_email_row", "ntlan@chauthanh.kiengiang.gov.vn");
  g_assert_false (label_shown (prefs, "email_problem_label"));
  {
    g_autofree char *email = g_settings_get_string (settings, "sender-email");
    g_assert_cmpstr (email, ==, "ntlan@chauthanh.kiengiang.gov.vn");
  }

  /* And the other way: the window follows the settings. */
  g_settings_set_string (settings, "sender-unit", "Sở Nội vụ");
  gui_test_iterate (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (prefs, "sender_unit_row"))), ==, "Sở Nội vụ");
  g_settings_set_string (settings, "report-contact", "kien-giang");
  gui_test_iterate (50);
  g_assert_cmpuint (adw_combo_row_get_selected (contact_row), ==, 0);
  screenshot (GTK_WIDGET (prefs), "preferences-report.png");

  /* HTTPS is not offered for a team without a server. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.channel", "s", "https"));
  gui_test_iterate (50);
  channel = g_settings_get_string (settings, "report-channel");
  g_assert_cmpstr (channel, ==, "https");
  g_assert_true (label_shown (prefs, "channel_problem_label"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "token_group"))));
  adw_combo_row_set_selected (contact_row, 1);
  gui_test_iterate (50);
  g_assert_false (label_shown (prefs, "channel_problem_label"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "token_group"))));
  adw_combo_row_set_selected (contact_row, 0);

  /* The mail server: plain SMTP to another machine is refused, and said so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.channel", "s", "smtp"));
  gui_test_iterate (50);
  g_clear_pointer (&channel, g_free);
  channel = g_settings_get_string (settings, "report-channel");
  g_assert_cmpstr (channel, ==, "smtp");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (prefs, "smtp_check"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (prefs, "mail_client_check"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "smtp_group"))));
  set_text (prefs, "smtp_server_row", "mail.agency.example");
  set_text (prefs, "smtp_user_row", "ntlan");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (prefs, "smtp_security_row")), 2);
  gui_test_iterate (50);
  {
    g_autofree char *security = g_settings_get_string (settings, "smtp-security");
    g_autofree char *server = g_settings_get_string (settings, "smtp-server");
    g_assert_cmpstr (security, ==, "none");
    g_assert_cmpstr (server, ==, "mail.agency.example");
  }
  g_assert_true (label_shown (prefs, "smtp_problem_label"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (prefs, "smtp_problem_label"))),
                            "mail.agency.example"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (child (prefs, "smtp_security_row")), "error"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (prefs, "smtp_port_spin")), 25);
  gui_test_iterate (50);
  g_assert_cmpuint (g_settings_get_uint (settings, "smtp-port"), ==, 25);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sending");
  screenshot (GTK_WIDGET (prefs), "preferences-sending-refused.png");

  /* To this computer it is allowed; with STARTTLS, anywhere. */
  set_text (prefs, "smtp_server_row", "127.0.0.1");
  g_assert_false (label_shown (prefs, "smtp_problem_label"));
  set_text (prefs, "smtp_server_row", "mail.agency.example");
  g_assert_true (label_shown (prefs, "smtp_problem_label"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (prefs, "smtp_security_row")), 1);
  gui_test_iterate (50);
  g_assert_false (label_shown (prefs, "smtp_problem_label"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (child (prefs, "smtp_security_row")), "error"));
  /* Not a host name at all. */
  set_text (prefs, "smtp_server_row", "mail.agency.example/smtp");
  g_assert_true (label_shown (prefs, "smtp_problem_label"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (child (prefs, "smtp_server_row")), "error"));
  set_text (prefs, "smtp_server_row", "mail.agency.example");
  g_assert_false (label_shown (prefs, "smtp_problem_label"));
  {
    g_autofree char *security = g_settings_get_string (settings, "smtp-security");
    g_assert_cmpstr (security, ==, "starttls");
  }
  /* The port stays in its range whatever is typed. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (prefs, "smtp_port_spin")), 70000);
  gui_test_iterate (50);
  g_assert_cmpuint (g_settings_get_uint (settings, "smtp-port"), ==, 65535);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (prefs, "smtp_port_spin")), 587);
  gui_test_iterate (50);
  g_assert_cmpuint (g_settings_get_uint (settings, "smtp-port"), ==, 587);
  screenshot (GTK_WIDGET (prefs), "preferences-sending.png");

  /* The agency's own certificate authority, for IT staff: shown for SMTP
   * and HTTPS, kept in "ca-file", and back to the system's in a click. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "ca_group"))));
  g_assert_null (strchr (subtitle (prefs, "ca_file_row"), '/'));
  g_settings_set_string (settings, "ca-file", "/etc/antam/ca/so-tttt-kien-giang.pem");
  gui_test_iterate (50);
  g_assert_cmpstr (subtitle (prefs, "ca_file_row"), ==, "/etc/antam/ca/so-tttt-kien-giang.pem");
  {
    GtkWidget *group = GTK_WIDGET (child (prefs, "ca_group"));
    GtkWidget *scrolled = gtk_widget_get_ancestor (group, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    gui_test_iterate (100);
    screenshot (GTK_WIDGET (prefs), "preferences-sending-ca.png");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (child (prefs, "ca_file_row")), "ca-file.clear", NULL));
  gui_test_iterate (50);
  {
    g_autofree char *ca_file = g_settings_get_string (settings, "ca-file");
    g_assert_cmpstr (ca_file, ==, "");
  }
  g_assert_null (strchr (subtitle (prefs, "ca_file_row"), '/'));

  /* Reminders: 0 turns them off. */
  g_assert_cmpuint (g_settings_get_uint (settings, "reminder-interval-days"), ==, 30);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (prefs, "reminder_spin")), 0);
  gui_test_iterate (50);
  g_assert_cmpuint (g_settings_get_uint (settings, "reminder-interval-days"), ==, 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (prefs, "reminder_spin")), 14);
  gui_test_iterate (50);
  g_assert_cmpuint (g_settings_get_uint (settings, "reminder-interval-days"), ==, 14);
  g_assert_nonnull (strstr (subtitle (prefs, "reminder_row"), "14"));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "reminders");
  screenshot (GTK_WIDGET (prefs), "preferences-reminders.png");

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate (50);
}

static void
test_training (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AntamSession) session = NULL;
  AntamPreferencesWindow *prefs;
  AntamWindow *window;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display (run under xvfb-run)");
      return;
    }
  settings = g_settings_new (APP_ID);
  reset_settings (settings);
  session = gui_test_training_session ("zoom-deb");
  window = gui_test_window (app, session);
  prefs = open_preferences (window);

  /* Still the user's settings, and the window says nothing is sent. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (prefs, "training_group"))));
  g_assert_nonnull (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (prefs, "channel_group"))));
  set_text (prefs, "sender_name_row", "Trần Văn Bình");
  {
    g_autofree char *name = g_settings_get_string (settings, "sender-name");
    g_assert_cmpstr (name, ==, "Trần Văn Bình");
  }
  screenshot (GTK_WIDGET (prefs), "preferences-training.png");
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* On the projector: the window carries the large text over. */
  antam_window_set_large_text (window, TRUE);
  prefs = open_preferences (window);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (prefs), "large-text"));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sending");
  screenshot (GTK_WIDGET (prefs), "preferences-training-large.png");
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate (50);
}

/* ---- The keyring ---------------------------------------------------------- */

/* In the child, before exec: should this test die before it stops them by
 * their PIDs (a failed assertion aborts), the bus and the keyring go too. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
name_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  if (connection == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

static GSubprocess *
start_keyring (const char *keyring_home)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *data = g_build_filename (keyring_home, "data", NULL);
  g_autofree char *runtime = g_build_filename (keyring_home, "runtime", NULL);
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  GSubprocess *daemon;
  GOutputStream *stdin_pipe;
  gint64 deadline;

  g_mkdir_with_parents (runtime, 0700);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  daemon = g_subprocess_launcher_spawnv (launcher, argv, NULL);
  if (daemon == NULL)
    return NULL;
  /* --unlock reads the new login keyring's password from stdin. */
  stdin_pipe = g_subprocess_get_stdin_pipe (daemon);
  g_output_stream_write_all (stdin_pipe, "keyring-unlock-for-tests", 24, NULL, NULL, NULL);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!name_has_owner ("org.freedesktop.secrets"))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_subprocess_force_exit (daemon);
          g_subprocess_wait (daemon, NULL, NULL);
          g_object_unref (daemon);
          return NULL;
        }
      g_usleep (50 * 1000);
    }
  return daemon;
}

static void
wait_for_subtitle (AntamPreferencesWindow *prefs,
                   const char             *row,
                   const char             *expected)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (g_strcmp0 (subtitle (prefs, row), expected) != 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s says “%s”, not “%s”", row, subtitle (prefs, row), expected);
      gui_test_iterate (50);
    }
}

/* Into the focused row, as the user types: a row with an apply button
 * offers it only for what was typed while it had the focus. */
static void
type_text (AntamPreferencesWindow *prefs,
           const char             *row,
           const char             *text)
{
  GtkWidget *widget = GTK_WIDGET (child (prefs, row));

  g_assert_true (gtk_widget_grab_focus (widget));
  gui_test_iterate (50);
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
  gui_test_iterate (50);
}

/* Enter in the row, as the user does: the row's text is "activated". */
static void
press_enter (AntamPreferencesWindow *prefs,
             const char             *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (child (prefs, row)));

  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
}

static void
test_keyring (void)
{
  const char *password = "Mật-khẩu Sở 2026!";
  const char *token = "TOKEN-kg-7f3a9c";
  g_autofree char *keyring_home = NULL;
  g_autofree char *found = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AntamSession) session = NULL;
  g_autoptr(GError) error = NULL;
  AntamPreferencesWindow *prefs;
  AntamWindow *window;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display (run under xvfb-run)");
      return;
    }
  if (bus == NULL)
    {
      g_test_skip ("No private D-Bus (install dbus-daemon)");
      return;
    }
  if (!have_program ("gnome-keyring-daemon"))
    {
      g_test_skip ("No Secret Service: gnome-keyring-daemon is not installed (install gnome-keyring)");
      return;
    }
  keyring_home = rt_make_tmpdir ("prefs-keyring");
  keyring = start_keyring (keyring_home);
  if (keyring == NULL)
    {
      g_test_skip ("No Secret Service: gnome-keyring-daemon did not start on the test bus");
      rt_rm_rf (keyring_home);
      return;
    }

  settings = g_settings_new (APP_ID);
  reset_settings (settings);
  g_settings_set_string (settings, "report-channel", "smtp");
  session = fixture_session ();
  window = gui_test_window (app, session);
  prefs = open_preferences (window);

  set_text (prefs, "smtp_server_row", "mail.agency.example");
  set_text (prefs, "smtp_user_row", "ntlan");
  wait_for_subtitle (prefs, "password_status_row",
                     _("None saved. An Tâm asks for it when sending, and can remember it then."));

  /* Typed, then Enter: into the keyring, out of the window. */
  type_text (prefs, "smtp_password_row", password);
  press_enter (prefs, "smtp_password_row");
  wait_for_subtitle (prefs, "password_status_row", _("Saved in the keyring."));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (prefs, "smtp_password_row"))), ==, "");
  found = antam_secret_lookup_smtp ("mail.agency.example", "ntlan", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, password);
  g_clear_pointer (&found, g_free);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sending");
  screenshot (GTK_WIDGET (prefs), "preferences-password-saved.png");

  /* Another user on the same server has none. */
  set_text (prefs, "smtp_user_row", "someone-else");
  wait_for_subtitle (prefs, "password_status_row",
                     _("None saved. An Tâm asks for it when sending, and can remember it then."));
  set_text (prefs, "smtp_user_row", "ntlan");
  wait_for_subtitle (prefs, "password_status_row", _("Saved in the keyring."));

  /* The token of the team with a server. */
  g_settings_set_string (settings, "report-contact", "so-tttt-mau");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.channel", "s", "https"));
  wait_for_subtitle (prefs, "token_status_row", _("None saved. The team’s server may refuse reports without it."));
  type_text (prefs, "token_row", token);
  press_enter (prefs, "token_row");
  wait_for_subtitle (prefs, "token_status_row", _("Saved in the keyring."));
  found = antam_secret_lookup_token ("so-tttt-mau", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, token);
  g_clear_pointer (&found, g_free);

  /* Neither reached the settings nor a file of ours. */
  assert_settings_free_of (settings, password);
  assert_settings_free_of (settings, token);
  if (rt_tree_contains (home, password, &where) || rt_tree_contains (home, token, &where))
    g_error ("A secret is in %s", where);

  /* Forgotten, from the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.forget-token", NULL));
  wait_for_subtitle (prefs, "token_status_row", _("None saved. The team’s server may refuse reports without it."));
  g_assert_null (antam_secret_lookup_token ("so-tttt-mau", NULL, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.channel", "s", "smtp"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.forget-password", NULL));
  wait_for_subtitle (prefs, "password_status_row",
                     _("None saved. An Tâm asks for it when sending, and can remember it then."));
  g_assert_null (antam_secret_lookup_smtp ("mail.agency.example", "ntlan", NULL, NULL));

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_test_iterate (50);
  /* By its PID, which GSubprocess holds. */
  g_subprocess_send_signal (keyring, SIGTERM);
  g_subprocess_wait (keyring, NULL, NULL);
  rt_rm_rf (keyring_home);
}

/* ---- Setting up ------------------------------------------------------------ */

/* A session bus of our own, with no services to activate: the keyring is
 * started by the test, and nothing of the desktop's is reached. */
static void
start_private_bus (void)
{
  g_autofree char *config = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *argv[] = { "dbus-daemon", "--nofork", "--print-address=1", "--config-file", NULL, NULL };

  bus_dir = rt_make_tmpdir ("prefs-bus");
  config = g_build_filename (bus_dir, "session.conf", NULL);
  contents = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                              " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                              "<busconfig>\n"
                              "  <type>session</type>\n"
                              "  <listen>unix:dir=%s</listen>\n"
                              "  <auth>EXTERNAL</auth>\n"
                              "  <policy context=\"default\">\n"
                              "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                              "    <allow eavesdrop=\"true\"/>\n"
                              "    <allow own=\"*\"/>\n"
                              "  </policy>\n"
                              "</busconfig>\n", bus_dir);
  g_assert_true (g_file_set_contents (config, contents, -1, NULL));
  argv[4] = config;

  /* Its messages are not ours to report, and must not hold the test's
   * output open. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (have_program ("dbus-daemon"))
    bus = g_subprocess_launcher_spawnv (launcher, argv, NULL);
  if (bus != NULL)
    {
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
      address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
    }
  if (address == NULL || *address == '\0')
    {
      g_clear_object (&bus);
      /* Never the desktop's keyring, nor an autolaunched bus. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/antam-test-bus", TRUE);
      return;
    }
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
}

static void
stop_private_bus (void)
{
  if (bus != NULL)
    {
      g_subprocess_send_signal (bus, SIGTERM);
      g_subprocess_wait (bus, NULL, NULL);
      g_clear_object (&bus);
    }
  rt_rm_rf (bus_dir);
  g_clear_pointer (&bus_dir, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config_home = NULL;
  g_autofree char *contacts_dir = NULL;
  g_autofree char *contacts = NULL;
  int status;

  /* Our own XDG dirs, with a second team in the user's contacts.  Not
   * G_TEST_OPTION_ISOLATE_DIRS: GTK needs the real XDG_DATA_DIRS for icons. */
  home = rt_make_tmpdir ("prefs-home");
  config_home = g_build_filename (home, "config", NULL);
  contacts_dir = g_build_filename (config_home, "antam", NULL);
  g_mkdir_with_parents (contacts_dir, 0700);
  contacts = g_build_filename (contacts_dir, "contacts.json", NULL);
  g_assert_true (g_file_set_contents (contacts, TEST_CONTACTS, -1, NULL));
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  {
    g_autofree char *data = g_build_filename (home, "data", NULL);
    g_autofree char *state = g_build_filename (home, "state", NULL);
    g_autofree char *cache = g_build_filename (home, "cache", NULL);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  start_private_bus ();

  g_test_init (&argc, &argv, NULL);
  antam_application_init_i18n ();
  if (gui_test_have_display ())
    {
      adw_init ();
      app = gui_test_application ();
      if (g_strcmp0 (g_getenv ("ANTAM_SCREENSHOT_LANGUAGE"), "en") != 0)
        g_action_group_activate_action (G_ACTION_GROUP (app), "language", g_variant_new_string ("vi"));
    }
  g_test_add_func ("/preferences/contact-and-sender", test_contact_and_sender);
  g_test_add_func ("/preferences/training", test_training);
  g_test_add_func ("/preferences/keyring", test_keyring);
  status = g_test_run ();
  g_clear_object (&app);
  stop_private_bus ();
  rt_rm_rf (home);
  g_free (home);
  return status;
}
