/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "antam-finding-row.h"
#include "antam-i18n.h"
#include "antam-findings-page.h"
#include "antam-summary-page.h"
#include "gui-test-util.h"

/* Under xvfb-run: the window opens, every step is reachable by its action,
 * the training scenarios show the rows they are made for, and the summary
 * counts them.  Without a display every test is skipped, and says why. */

static AntamApplication *app;

static void
skip_without_display (void)
{
  g_test_skip ("no display: run under xvfb-run -a dbus-run-session -- meson test");
}

static AntamWindow *
open_training (const char *scenario)
{
  g_autoptr(AntamSession) session = gui_test_training_session (scenario);
  AntamWindow *window = antam_application_show_session (app, session);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  antam_session_scan (session);
  gui_test_wait_scan (session);
  return window;
}

static gboolean
page_has_row (GtkWidget  *page,
              const char *check,
              AntamStatus status,
              const char *title_part)
{
  GtkListBox *list = ANTAM_IS_FINDINGS_PAGE (page)
    ? antam_findings_page_get_list (ANTAM_FINDINGS_PAGE (page))
    : NULL;

  for (GtkWidget *child = list ? gtk_widget_get_first_child (GTK_WIDGET (list)) : NULL;
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AntamResult *result;

      if (!ANTAM_IS_FINDING_ROW (child))
        continue;
      result = antam_finding_row_get_result (ANTAM_FINDING_ROW (child));
      if (g_strcmp0 (result->check, check) == 0 && result->status == status &&
          (title_part == NULL || (result->title && strstr (result->title, title_part))))
        return TRUE;
    }
  return FALSE;
}

static void
test_window_opens (void)
{
  AntamWindow *window;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("clean-pc");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (antam_session_has_scanned (antam_window_get_session (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_every_step_reachable (void)
{
  AntamWindow *window;
  GtkWidget *stack;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("clean-pc");
  for (guint step = 1; step <= ANTAM_N_STEPS; step++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", (int) step));
      g_assert_cmpuint (antam_window_get_step (window), ==, step);
      stack = gtk_widget_get_parent (antam_window_get_page (window, step));
      g_assert_true (gtk_stack_get_visible_child (GTK_STACK (stack)) == antam_window_get_page (window, step));
      g_assert_cmpuint (antam_session_get_step (antam_window_get_session (window)), ==, step);
    }

  /* Back and Next walk the same steps, and stop at the ends. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 1);
  for (guint step = 2; step <= ANTAM_N_STEPS; step++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
      g_assert_cmpuint (antam_window_get_step (window), ==, step);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL);
  g_assert_cmpuint (antam_window_get_step (window), ==, ANTAM_N_STEPS);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpuint (antam_window_get_step (window), ==, ANTAM_N_STEPS - 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_zoom_deb (void)
{
  AntamWindow *window;
  AntamSummaryPage *summary;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("zoom-deb");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 2);
  g_assert_true (page_has_row (antam_window_get_page (window, 2), "risky-apps", ANTAM_STATUS_RISK, "Zoom"));

  summary = ANTAM_SUMMARY_PAGE (antam_window_get_page (window, ANTAM_N_STEPS));
  g_assert_cmpuint (antam_summary_page_get_count (summary, ANTAM_STATUS_RISK), >=, 1);
  g_assert_cmpuint (antam_summary_page_get_n_rows (summary), >=, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_zoom_flatpak_fake_installer (void)
{
  AntamWindow *window;
  AntamScenario *scenario;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("zoom-flatpak-fake-installer");
  g_assert_true (page_has_row (antam_window_get_page (window, 2), "risky-apps", ANTAM_STATUS_RISK, "Zoom"));

  scenario = antam_session_get_scenario (antam_window_get_session (window));
  if (scenario->xattr_problem != NULL)
    g_test_message ("origin URLs not applied: %s", scenario->xattr_problem);
  else
    {
      /* The fake installer is shown with the domain it really came from. */
      GPtrArray *results = antam_session_get_results (antam_window_get_session (window));
      gboolean found = FALSE;

      for (guint i = 0; i < results->len && !found; i++)
        {
          AntamResult *result = g_ptr_array_index (results, i);

          if (g_strcmp0 (result->check, "downloads") != 0 || result->status < ANTAM_STATUS_WARNING)
            continue;
          for (guint j = 0; j < result->items->len; j++)
            {
              AntamItem *item = g_ptr_array_index (result->items, j);
              found |= item->origin != NULL && strstr (item->origin, "zoom-us-download.com") != NULL;
            }
        }
      g_assert_true (found);
      g_assert_true (page_has_row (antam_window_get_page (window, 3), "downloads", ANTAM_STATUS_RISK, NULL) ||
                     page_has_row (antam_window_get_page (window, 3), "downloads", ANTAM_STATUS_WARNING, NULL));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_clean_pc (void)
{
  AntamWindow *window;
  AntamSummaryPage *summary;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("clean-pc");
  g_assert_true (page_has_row (antam_window_get_page (window, 2), "risky-apps", ANTAM_STATUS_OK, NULL));
  summary = ANTAM_SUMMARY_PAGE (antam_window_get_page (window, ANTAM_N_STEPS));
  g_assert_cmpuint (antam_summary_page_get_count (summary, ANTAM_STATUS_RISK), ==, 0);
  g_assert_cmpuint (antam_summary_page_get_count (summary, ANTAM_STATUS_OK), >=, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_answers_counted (void)
{
  AntamWindow *window;
  AntamSession *session;
  AntamSummaryPage *summary;
  AntamQuestions *questions;
  guint manual_before, n_questions;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("clean-pc");
  session = antam_window_get_session (window);
  summary = ANTAM_SUMMARY_PAGE (antam_window_get_page (window, ANTAM_N_STEPS));
  questions = antam_session_get_questions (session);
  g_assert_nonnull (questions);
  n_questions = questions->questions->len;

  manual_before = antam_summary_page_get_count (summary, ANTAM_STATUS_MANUAL);
  g_assert_cmpuint (manual_before, >=, n_questions);

  /* The first answered the unsafe way is a warning in the summary; every
   * safe answer is ok. */
  for (guint i = 0; i < n_questions; i++)
    {
      const AntamQuestion *q = g_ptr_array_index (questions->questions, i);
      AntamAnswer unsafe = q->safe_answer == ANTAM_ANSWER_YES ? ANTAM_ANSWER_NO : ANTAM_ANSWER_YES;

      antam_session_set_answer (session, q->id, i == 0 ? unsafe : q->safe_answer);
    }
  gui_test_iterate (100);
  g_assert_cmpuint (antam_summary_page_get_count (summary, ANTAM_STATUS_MANUAL), ==, manual_before - n_questions);
  g_assert_cmpuint (antam_summary_page_get_count (summary, ANTAM_STATUS_WARNING), >=, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *part)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, part);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "Có" to sending state secrets through online apps is shown at once as a
 * risk, in the summary's words; "Chưa rõ" counts as answered. */
static void
test_question_rows (void)
{
  AntamWindow *window;
  AntamSession *session;
  GtkWidget *data_page;
  AntamSummaryPage *summary;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("clean-pc");
  session = antam_window_get_session (window);
  data_page = antam_window_get_page (window, 8);
  summary = ANTAM_SUMMARY_PAGE (antam_window_get_page (window, ANTAM_N_STEPS));
  g_assert_null (find_label (data_page, "puts state data at risk"));
  g_assert_nonnull (find_label (data_page, "0 of 3 questions answered"));

  antam_session_set_answer (session, "data-state-secrets-online", ANTAM_ANSWER_YES);
  antam_session_set_answer (session, "data-internal-through-apps", ANTAM_ANSWER_NOT_SURE);
  gui_test_iterate (100);
  g_assert_nonnull (find_label (data_page, "Risk · This answer puts state data at risk"));
  g_assert_nonnull (find_label (data_page, "Warning · This answer needs your attention"));
  g_assert_nonnull (find_label (data_page, "2 of 3 questions answered"));
  g_assert_cmpuint (antam_summary_page_get_count (summary, ANTAM_STATUS_RISK), ==, 1);

  antam_session_set_answer (session, "data-state-secrets-online", ANTAM_ANSWER_NO);
  gui_test_iterate (100);
  g_assert_nonnull (find_label (data_page, "OK · This answer follows the letter."));
  g_assert_cmpuint (antam_summary_page_get_count (summary, ANTAM_STATUS_RISK), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whatever the removal hook opens (the guidance dialog, or issue 5's
 * guided removal) is a window on top of the wizard's. */
static GtkWindow *
find_transient_for (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (gtk_window_get_transient_for (window) == parent && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
test_remove_app_hook (void)
{
  AntamWindow *window;
  GtkWindow *removal;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("zoom-deb");
  g_assert_null (find_transient_for (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-app", "s", "zoom"));
  gui_test_iterate (200);
  removal = find_transient_for (GTK_WINDOW (window));
  g_assert_nonnull (removal);
  g_test_message ("win.remove-app opened a %s", G_OBJECT_TYPE_NAME (removal));
  gtk_window_destroy (removal);
  gui_test_iterate (200);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_language_switch (void)
{
  AntamWindow *window;
  GtkWindow *rebuilt;
  g_autofree char *vi = NULL;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("clean-pc");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 4);

  g_action_group_activate_action (G_ACTION_GROUP (app), "language", g_variant_new_string ("vi"));
  gui_test_iterate (200);
  vi = g_strdup (_("Risky apps"));
  g_test_message ("LANG=%s: “Risky apps” in Vietnamese is “%s”", g_getenv ("LANG"), vi);
  g_assert_cmpstr (vi, !=, "Risky apps");
  g_assert_true (g_utf8_validate (vi, -1, NULL));
  g_assert_null (strchr (vi, '?'));
  g_assert_cmpstr (antam_i18n_get_language (), ==, "vi");

  /* The window is rebuilt in the new language, on the same step. */
  rebuilt = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (ANTAM_IS_WINDOW (rebuilt));
  g_assert_cmpuint (antam_window_get_step (ANTAM_WINDOW (rebuilt)), ==, 4);
  gui_test_wait_scan (antam_window_get_session (ANTAM_WINDOW (rebuilt)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "language", g_variant_new_string ("en"));
  gui_test_iterate (200);
  g_assert_cmpstr (_("Risky apps"), ==, "Risky apps");
  g_assert_cmpstr (antam_i18n_get_language (), ==, "en");

  rebuilt = gtk_application_get_active_window (GTK_APPLICATION (app));
  gui_test_wait_scan (antam_window_get_session (ANTAM_WINDOW (rebuilt)));
  gtk_window_destroy (rebuilt);
}

static void
test_large_text (void)
{
  AntamWindow *window;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("clean-pc");
  g_action_group_change_action_state (G_ACTION_GROUP (app), "large-text", g_variant_new_boolean (TRUE));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "large-text"));
  g_action_group_change_action_state (G_ACTION_GROUP (app), "large-text", g_variant_new_boolean (FALSE));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "large-text"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_narrow_window (void)
{
  AntamWindow *window;

  if (!gui_test_have_display ())
    return skip_without_display ();

  /* At 360 px the side list folds away and the compact header takes over;
   * every step stays reachable. */
  {
    g_autoptr(AntamSession) session = gui_test_training_session ("zoom-deb");

    window = antam_application_show_session (app, session);
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
    antam_session_scan (session);
    gui_test_wait_scan (session);
  }
  gui_test_iterate (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  for (guint step = 1; step <= ANTAM_N_STEPS; step++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", (int) step);
      g_assert_cmpuint (antam_window_get_step (window), ==, step);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 7: the device-protection step, and a Revoke button on each camera
 * or microphone permission, which in training changes nothing. */
static GtkWidget *
find_revoke_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "win.revoke-permission") == 0)
        return child;
      if ((found = find_revoke_button (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The row of the camera-mic finding about Zoom, or NULL. */
static GtkWidget *
camera_mic_row (GtkWidget *page)
{
  GtkListBox *list = antam_findings_page_get_list (ANTAM_FINDINGS_PAGE (page));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AntamResult *result;

      if (!ANTAM_IS_FINDING_ROW (child))
        continue;
      result = antam_finding_row_get_result (ANTAM_FINDING_ROW (child));
      if (g_str_equal (result->check, "camera-mic") && result->title && strstr (result->title, "Zoom"))
        return child;
    }
  return NULL;
}

static const char *
camera_mic_title (GtkWidget *page)
{
  GtkWidget *row = camera_mic_row (page);

  return row ? antam_finding_row_get_result (ANTAM_FINDING_ROW (row))->title : NULL;
}

static void
test_laptop_device (void)
{
  AntamWindow *window;
  GtkWidget *page;
  GtkWidget *revoke;
  g_autofree char *before = NULL;
  gint64 deadline;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("laptop-device");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 5);
  page = antam_window_get_page (window, 5);
  g_assert_true (page_has_row (page, "camera-mic", ANTAM_STATUS_RISK, "Zoom"));
  g_assert_true (page_has_row (page, "screen-lock", ANTAM_STATUS_RISK, NULL));
  g_assert_true (page_has_row (page, "firewall", ANTAM_STATUS_WARNING, NULL));
  g_assert_true (page_has_row (page, "disk-encryption", ANTAM_STATUS_WARNING, NULL));
  g_assert_true (page_has_row (page, "auto-login", ANTAM_STATUS_RISK, NULL));

  /* "Revoke" acts on the scenario's copy, as the removal does, and the
   * check again no longer finds that permission granted. */
  before = g_strdup (camera_mic_title (page));
  revoke = find_revoke_button (camera_mic_row (page));
  g_assert_nonnull (revoke);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (revoke)), ==, "win.revoke-permission");
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.revoke-permission",
                                                     gtk_actionable_get_action_target_value (GTK_ACTIONABLE (revoke))));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_strcmp0 (camera_mic_title (antam_window_get_page (window, 5)), before) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      gui_test_iterate (100);
    }
  g_test_message ("after revoking: %s", camera_mic_title (antam_window_get_page (window, 5)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_row (GtkWidget  *page,
          const char *check)
{
  GtkListBox *list = antam_findings_page_get_list (ANTAM_FINDINGS_PAGE (page));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ANTAM_IS_FINDING_ROW (child) &&
        g_str_equal (antam_finding_row_get_result (ANTAM_FINDING_ROW (child))->check, check))
      return child;
  return NULL;
}

static gboolean
has_expander_titled (GtkWidget  *widget,
                     const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_EXPANDER_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return TRUE;
      if (has_expander_titled (child, title))
        return TRUE;
    }
  return FALSE;
}

/* The remote-access step on its scenario: SSH open with passwords, a home
 * anyone may open; the one-click fix changes the scenario's copy and the
 * check again shows it private. */
static void
test_ssh_open_home (void)
{
  AntamWindow *window;
  GtkWidget *page;
  GtkWidget *row;
  gint64 deadline;

  if (!gui_test_have_display ())
    return skip_without_display ();

  window = open_training ("ssh-open-home");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 6);
  page = antam_window_get_page (window, 6);
  g_assert_true (page_has_row (page, "network-services", ANTAM_STATUS_RISK, "SSH server"));
  g_assert_true (page_has_row (page, "home-privacy", ANTAM_STATUS_RISK, "home folder"));
  /* The made-up computer's sockets are part of the scenario: nothing is
   * said to be unseen. */
  g_assert_false (page_has_row (page, "network-services", ANTAM_STATUS_UNKNOWN, NULL));

  row = find_row (page, "home-privacy");
  g_assert_true (has_expander_titled (row, "For IT staff"));
  g_assert_true (gtk_widget_activate_action (row, "row.act", NULL));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!page_has_row (page, "home-privacy", ANTAM_STATUS_OK, NULL) && g_get_monotonic_time () < deadline)
    gui_test_iterate (100);
  g_assert_true (page_has_row (page, "home-privacy", ANTAM_STATUS_OK, NULL));
  g_assert_true (page_has_row (page, "network-services", ANTAM_STATUS_RISK, "SSH server"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Not isolated: GTK needs the real XDG_DATA_DIRS for icons and MIME
   * sniffing, and these tests write nowhere (training keeps no state). */
  g_test_init (&argc, &argv, NULL);
  antam_application_init_i18n ();

  if (gui_test_have_display ())
    {
      adw_init ();
      app = gui_test_application ();
    }

  g_test_add_func ("/gui/window/opens", test_window_opens);
  g_test_add_func ("/gui/window/every-step", test_every_step_reachable);
  g_test_add_func ("/gui/window/narrow", test_narrow_window);
  g_test_add_func ("/gui/training/zoom-deb", test_zoom_deb);
  g_test_add_func ("/gui/training/zoom-flatpak-fake-installer", test_zoom_flatpak_fake_installer);
  g_test_add_func ("/gui/training/clean-pc", test_clean_pc);
  g_test_add_func ("/gui/training/laptop-device", test_laptop_device);
  g_test_add_func ("/gui/training/ssh-open-home", test_ssh_open_home);
  g_test_add_func ("/gui/summary/answers", test_answers_counted);
  g_test_add_func ("/gui/questions/rows", test_question_rows);
  g_test_add_func ("/gui/remove-app", test_remove_app_hook);
  g_test_add_func ("/gui/language", test_language_switch);
  g_test_add_func ("/gui/large-text", test_large_text);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
