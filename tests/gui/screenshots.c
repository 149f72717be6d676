/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "antam-finding-row.h"
#include "antam-findings-page.h"
#include "antam-i18n.h"
#include "gui-test-util.h"

/* Writes a PNG of every step, in Vietnamese, to $G_TEST_BUILDDIR/screenshots
 * (or the folder given as argument): what the metainfo shows and what a
 * reviewer looks at before calling a change to the UI done. */

static AntamApplication *app;
static char *out_dir;

static void
save (AntamWindow *window,
      const char  *name)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);

  gui_test_iterate (400);
  g_assert_true (gui_test_save_png (GTK_WIDGET (window), path));
  g_test_message ("wrote %s", path);
}

static void
save_widget (GtkWidget  *widget,
             const char *name)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);

  /* Another issue's window: a picture of it is welcome, not required. */
  gui_test_iterate (400);
  if (gui_test_save_png (widget, path))
    g_test_message ("wrote %s", path);
  else
    g_test_message ("could not draw %s", path);
}

/* Opens a dialog of @window by its action, says how wide and tall it asks
 * to be, and draws it. */
static void
save_dialog (AntamWindow *window,
             const char  *action,
             GVariant    *parameter,
             const char  *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (parameter != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter);
  else
    gtk_widget_activate_action (GTK_WIDGET (window), action, NULL);
  gui_test_iterate (1500);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) dialog = g_list_model_get_item (toplevels, i);
      int min_width, nat_width, min_height, nat_height;

      if (gtk_window_get_transient_for (dialog) != GTK_WINDOW (window) ||
          !gtk_widget_get_mapped (GTK_WIDGET (dialog)))
        continue;
      gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_VERTICAL, MIN (nat_width, 1024),
                          &min_height, &nat_height, NULL, NULL);
      g_test_message ("%s: width %d (natural %d), height %d (natural %d), shown %d×%d; large text: %s",
                      name, min_width, nat_width, min_height, nat_height,
                      gtk_widget_get_width (GTK_WIDGET (dialog)), gtk_widget_get_height (GTK_WIDGET (dialog)),
                      gtk_widget_has_css_class (GTK_WIDGET (dialog), "large-text") ? "yes" : "NO");
      save_widget (GTK_WIDGET (dialog), name);
      gtk_window_destroy (dialog);
      break;
    }
}

static AntamWindow *
show (AntamSession *session,
      int           width,
      int           height)
{
  AntamWindow *window = antam_application_show_session (app, session);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gui_test_iterate (300);
  return window;
}

static AntamWindow *
show_training (const char *scenario,
               int         width,
               int         height)
{
  g_autoptr(AntamSession) session = gui_test_training_session (scenario);
  AntamWindow *window = show (session, width, height);

  antam_session_scan (session);
  gui_test_wait_scan (session);
  return window;
}

static void
go (AntamWindow *window,
    int          step)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", step);
}

static void
expand_first_row (AntamWindow *window,
                  guint        step)
{
  GtkWidget *page = antam_window_get_page (window, step);
  GtkListBox *list = antam_findings_page_get_list (ANTAM_FINDINGS_PAGE (page));
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));

  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
}

static void
expand_nested (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_EXPANDER_ROW (child))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (child), TRUE);
      expand_nested (child);
    }
}

static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child))
        return GTK_SCROLLED_WINDOW (child);
      if ((found = find_scrolled (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The bottom of a step's page, where a long finding's last details are. */
static void
scroll_to_end (AntamWindow *window,
               guint        step)
{
  GtkScrolledWindow *scrolled = find_scrolled (antam_window_get_page (window, step));
  GtkAdjustment *adjustment;

  if (scrolled == NULL)
    return;
  gui_test_iterate (300);
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
}

/* A finding's details, its IT-staff part unfolded too. */
static void
expand_row_of (AntamWindow *window,
               guint        step,
               const char  *check)
{
  GtkWidget *page = antam_window_get_page (window, step);
  GtkListBox *list = antam_findings_page_get_list (ANTAM_FINDINGS_PAGE (page));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      gboolean mine = ANTAM_IS_FINDING_ROW (row) &&
                      g_str_equal (antam_finding_row_get_result (ANTAM_FINDING_ROW (row))->check, check);

      if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), mine);
      if (mine)
        expand_nested (row);
    }
}

static void
answer_some (AntamSession *session)
{
  antam_session_set_answer (session, "meeting-password", ANTAM_ANSWER_YES);
  antam_session_set_answer (session, "meeting-participants", ANTAM_ANSWER_NO);
  antam_session_set_answer (session, "meeting-details-posted", ANTAM_ANSWER_NO);
  antam_session_set_answer (session, "data-state-secrets-online", ANTAM_ANSWER_YES);
  antam_session_set_answer (session, "data-internal-through-apps", ANTAM_ANSWER_NOT_SURE);
}

static void
test_screenshots (void)
{
  g_autoptr(AntamSysroot) live = NULL;
  g_autoptr(AntamSession) welcome_session = NULL;
  AntamWindow *window;
  GListModel *toplevels;

  if (!gui_test_have_display ())
    {
      g_test_skip ("no display: run tests/gui/screenshots.sh, or meson test under xvfb-run");
      return;
    }

  g_mkdir_with_parents (out_dir, 0755);

  /* Step 1 as a user first sees it: nothing checked, nothing saved.  The
   * live system view is only created, never scanned. */
  live = antam_sysroot_new_live ();
  welcome_session = antam_session_new (live, NULL, NULL);
  window = show (welcome_session, 1000, 760);
  go (window, 1);
  save (window, "1-welcome.png");

  window = show_training ("zoom-deb", 1000, 720);
  go (window, 2);
  save (window, "2-risky-apps.png");
  expand_first_row (window, 2);
  save (window, "2-risky-apps-details.png");
  answer_some (antam_window_get_session (window));
  go (window, 5);
  save (window, "5-device.png");
  go (window, 7);
  save (window, "7-meetings.png");
  go (window, 8);
  save (window, "8-data.png");
  go (window, 9);
  save (window, "9-alternatives.png");
  go (window, 10);
  save (window, "10-summary.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-app", "s", "zoom");
  gui_test_iterate (300);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) dialog = g_list_model_get_item (toplevels, i);
      if (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window))
        {
          save_widget (GTK_WIDGET (dialog), "remove-zoom.png");
          gtk_window_destroy (dialog);
          break;
        }
    }

  window = show_training ("zoom-flatpak-fake-installer", 1000, 720);
  go (window, 3);
  expand_first_row (window, 3);
  save (window, "3-sources.png");
  go (window, 2);
  save (window, "2-risky-apps-flatpak.png");

  window = show_training ("eol-pc", 1000, 720);
  go (window, 4);
  save (window, "4-updates.png");

  /* Issue 7: device protection, on the unprotected laptop. */
  window = show_training ("laptop-device", 1000, 720);
  go (window, 5);
  save (window, "5-device.png");
  expand_first_row (window, 5);
  save (window, "5-device-details.png");

  /* Remote access and sharing, on its scenario. */
  window = show_training ("ssh-open-home", 1000, 720);
  go (window, 6);
  save (window, "6-access.png");
  expand_first_row (window, 6);
  save (window, "6-access-details.png");
  expand_row_of (window, 6, "home-privacy");
  save (window, "6-access-home.png");
  scroll_to_end (window, 6);
  save (window, "6-access-home-it-staff.png");
  go (window, 10);
  save (window, "10-summary-access.png");

  window = show_training ("clean-pc", 1000, 720);
  go (window, 10);
  save (window, "10-summary-clean.png");

  /* A phone-sized window: the compact header instead of the side list. */
  window = show_training ("zoom-deb", 360, 720);
  go (window, 2);
  save (window, "narrow-2-risky-apps.png");
  go (window, 10);
  save (window, "narrow-10-summary.png");

  /* A projector. */
  window = show_training ("zoom-deb", 1280, 800);
  g_action_group_change_action_state (G_ACTION_GROUP (app), "large-text", g_variant_new_boolean (TRUE));
  go (window, 2);
  save (window, "large-2-risky-apps.png");

  /* A projector's 1024×768: every dialog in large text too, and small
   * enough for it. */
  window = show_training ("zoom-deb", 1024, 768);
  go (window, 4);
  save (window, "large-1024-4-updates.png");
  save_dialog (window, "win.remove-app", g_variant_new_string ("zoom"), "large-1024-remove-zoom.png");
  save_dialog (window, "win.send-report", NULL, "large-1024-report.png");
  save_dialog (window, "win.preferences", NULL, "large-1024-preferences.png");
  save_dialog (window, "win.show-outbox", NULL, "large-1024-outbox.png");
  g_action_group_change_action_state (G_ACTION_GROUP (app), "large-text", g_variant_new_boolean (FALSE));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  go (window, 10);
  save (window, "dark-10-summary.png");
  go (window, 2);
  save (window, "dark-2-risky-apps.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

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

  out_dir = argc > 1 ? g_strdup (argv[1])
                     : g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                         "screenshots", NULL);

  if (gui_test_have_display ())
    {
      adw_init ();
      app = gui_test_application ();
      /* The screenshots are of the Vietnamese UI, whatever the machine's locale. */
      g_action_group_activate_action (G_ACTION_GROUP (app), "language", g_variant_new_string ("vi"));
    }

  g_test_add_func ("/gui/screenshots", test_screenshots);
  status = g_test_run ();
  g_clear_object (&app);
  g_free (out_dir);
  return status;
}
