/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "antam-finding-row.h"
#include "antam-findings-page.h"
#include "antam-preferences-window.h"
#include "antam-rules-feed-group.h"
#include "scan/antam-scan.h"
#include "antam-summary-page.h"
#include "gui-test-util.h"
#include "report-test-util.h"
#include "report/antam-rules-feed-update.h"

/* What the app shows of a team's list of risky apps: the Preferences group
 * (which list, issued when, good until when, the last check; Check Now),
 * and the Summary's warning once the list is past its expiry.  A feed is
 * made, signed and installed here as antam-cli rules update would, in a
 * home of the test's own; in Vietnamese, with PNGs in the build dir. */

static AntamApplication *app;
static char *home;
static char *public_key;

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), name, NULL);

  gui_test_iterate (400);
  g_assert_true (gui_test_save_png (widget, path));
  g_test_message ("wrote %s", path);
}

/* The team, its feed at an address where nothing answers. */
static void
write_contacts (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "antam", NULL);
  g_autofree char *path = g_build_filename (dir, "contacts.json", NULL);
  g_autofree char *json = g_strdup_printf (
    "{ \"schema\": \"antam.contacts/1\", \"contacts\": [ {\n"
    "  \"id\": \"so-tttt-mau\", \"name\": { \"vi\": \"Đội ứng cứu sự cố Sở TT&TT (mẫu)\", \"en\": \"Sample response team\" },\n"
    "  \"phone\": \"0297 3 999 999\",\n"
    "  \"rules_url\": \"https://127.0.0.1:9/antam/rules.feed\",\n"
    "  \"rules_key\": \"%s\" } ] }\n", public_key);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

/* Feed number 3 with the FakeMeet rule, issued on 20/11/2026 for 90 days,
 * installed and checked "today" (ANTAM_TODAY). */
static void
install_feed (void)
{
  static const char rules[] =
    "{ \"schema\": \"antam.rules/1\", \"apps\": [ { \"id\": \"fakemeet\", \"name\": \"FakeMeet\",\n"
    "  \"severity\": \"risk\", \"why\": { \"vi\": \"Thử.\", \"en\": \"A test.\" },\n"
    "  \"footprints\": { \"deb\": [\"fakemeet\"] } } ] }\n";
  g_autofree char *public_file = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *store = antam_rules_feed_store_dir ();
  g_autoptr(GDateTime) issued = g_date_time_new_from_iso8601 ("2026-11-20T09:00:00+07:00", NULL);
  g_autoptr(GDateTime) expires = g_date_time_add_days (issued, 90);
  g_autoptr(AntamFeedState) state = g_new0 (AntamFeedState, 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length;

  g_assert_true (antam_minisign_generate ("mật khẩu thử nghiệm", ANTAM_MINISIGN_KDF_INTERACTIVE,
                                          &public_file, &secret_file, &error));
  lines = g_strsplit (public_file, "\n", 3);
  public_key = g_strdup (lines[1]);
  feed = antam_rules_feed_make (rules, strlen (rules), "rules.json", 3, issued, expires, secret_file,
                                strlen (secret_file), "mật khẩu thử nghiệm", &length, &error);
  g_assert_no_error (error);
  g_assert_true (antam_rules_feed_store_install (store, "so-tttt-mau", feed, length, &error));
  g_assert_no_error (error);

  state->team = g_strdup ("so-tttt-mau");
  state->rules_url = g_strdup ("https://127.0.0.1:9/antam/rules.feed");
  state->rules_key = g_strdup (public_key);
  state->serial = 3;
  state->outcome = ANTAM_FEED_CHECK_CURRENT;
  state->checked = antam_scan_now ();
  g_assert_true (antam_feed_state_save (state, store, &error));
}

static AntamRulesFeedGroup *
find_group (GtkWidget *widget)
{
  if (ANTAM_IS_RULES_FEED_GROUP (widget))
    return ANTAM_RULES_FEED_GROUP (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AntamRulesFeedGroup *found = find_group (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_idle (AntamRulesFeedGroup *group)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (antam_rules_feed_group_is_busy (group))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static const char *
row_subtitle (AntamRulesFeedGroup *group)
{
  GPtrArray *rows = antam_rules_feed_group_get_rows (group);

  g_assert_cmpuint (rows->len, ==, 1);
  return adw_action_row_get_subtitle (g_ptr_array_index (rows, 0));
}

static void
test_preferences (void)
{
  AntamPreferencesWindow *prefs;
  AntamRulesFeedGroup *group;
  GtkWidget *button;
  GtkAdjustment *scroll;

  if (!gui_test_have_display ())
    {
      g_test_skip ("no display: run under xvfb-run -a dbus-run-session -- meson test");
      return;
    }

  prefs = antam_preferences_window_new (NULL, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 900);
  gtk_window_present (GTK_WINDOW (prefs));
  group = find_group (GTK_WIDGET (prefs));
  g_assert_nonnull (group);
  wait_idle (group);
  g_test_message ("%s", row_subtitle (group));
  g_assert_nonnull (strstr (row_subtitle (group),
                            "Danh sách số 3, ban hành ngày 20/11/2026, có hiệu lực đến ngày 18/02/2027"));
  g_assert_nonnull (strstr (row_subtitle (group), "Kiểm tra lần cuối lúc 21/11/2026"));
  g_assert_nonnull (strstr (row_subtitle (group), "danh sách đang dùng là mới nhất"));
  /* At the end of the page, as a user scrolls to it. */
  gui_test_iterate (200);
  scroll = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (group), GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (scroll, gtk_adjustment_get_upper (scroll));
  screenshot (GTK_WIDGET (prefs), "rules-feed-preferences.png");
  screenshot (GTK_WIDGET (group), "rules-feed-group.png");

  /* Check Now, and nothing answers: said in words, the list stays. */
  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (group), ANTAM_TYPE_RULES_FEED_GROUP,
                                                      "check_button"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (antam_rules_feed_group_is_busy (group));
  g_assert_false (gtk_widget_get_sensitive (button));
  wait_idle (group);
  g_test_message ("%s", row_subtitle (group));
  g_assert_nonnull (strstr (row_subtitle (group), "Danh sách số 3"));
  g_assert_nonnull (strstr (row_subtitle (group), "không kết nối được máy chủ của đội"));
  screenshot (GTK_WIDGET (prefs), "rules-feed-unreachable.png");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
summary_has_row (GtkWidget  *page,
                 const char *title)
{
  for (GtkWidget *widget = page; widget != NULL; )
    {
      if (ANTAM_IS_FINDING_ROW (widget))
        {
          AntamResult *result = antam_finding_row_get_result (ANTAM_FINDING_ROW (widget));
          if (g_strcmp0 (result->title, title) == 0 && result->status == ANTAM_STATUS_WARNING)
            return TRUE;
        }
      /* Depth first, through the whole page. */
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != page && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == page ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }
  return FALSE;
}

/* Months later, nothing newer came: the Summary says the list is old. */
static void
test_summary_expired (void)
{
  g_autoptr(AntamSession) session = NULL;
  AntamWindow *window;
  GtkWidget *summary;

  if (!gui_test_have_display ())
    {
      g_test_skip ("no display: run under xvfb-run -a dbus-run-session -- meson test");
      return;
    }

  g_setenv ("ANTAM_TODAY", "2027-06-01", TRUE);
  session = gui_test_training_session ("clean-pc");
  window = antam_application_show_session (app, session);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  antam_session_scan (session);
  gui_test_wait_scan (session);
  g_setenv ("ANTAM_TODAY", "2026-11-21", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", (int) ANTAM_N_STEPS);
  summary = antam_window_get_page (window, ANTAM_N_STEPS);
  g_assert_cmpuint (antam_summary_page_get_count (ANTAM_SUMMARY_PAGE (summary), ANTAM_STATUS_WARNING), >=, 1);
  g_assert_true (summary_has_row (summary, "Danh sách ứng dụng nguy cơ đã cũ"));
  screenshot (GTK_WIDGET (window), "rules-feed-summary-expired.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 2);
  g_assert_true (summary_has_row (antam_window_get_page (window, 2), "Danh sách ứng dụng nguy cơ đã cũ"));
  screenshot (GTK_WIDGET (window), "rules-feed-risky-apps-expired.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* A home of our own.  Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the
   * real XDG_DATA_DIRS for its icons. */
  home = rt_make_tmpdir ("rules-feed-gui");
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, names[i], NULL);
      g_setenv (names[i], dir, TRUE);
    }
  /* No bus: nothing here needs one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/antam-test-bus", TRUE);

  g_test_init (&argc, &argv, NULL);
  antam_application_init_i18n ();
  install_feed ();
  write_contacts ();
  if (gui_test_have_display ())
    {
      adw_init ();
      app = gui_test_application ();
    }
  g_test_add_func ("/rules-feed/gui/preferences", test_preferences);
  g_test_add_func ("/rules-feed/gui/summary-expired", test_summary_expired);
  status = g_test_run ();
  g_clear_object (&app);
  rt_rm_rf (home);
  g_free (home);
  g_free (public_key);
  return status;
}
