/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The guided removal in the window, in training mode, as a trainer shows
 * it: Remove… on the Zoom finding opens the removal page over the wizard,
 * "Gỡ bỏ" runs it on the scenario's copy, and it ends on "removed
 * completely" only because the re-check found nothing.  Screenshots of the
 * plan and of the end go to $ANTAM_SCREENSHOT_DIR (default: the build dir). */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-removal-page.h"
#include "sysroot/antam-sysroot-private.h"
#include "antam-test-root.h"
#include "gui-test-util.h"
#include "remedy/antam-removal.h"

static char *out_dir;

static void
save (GtkWidget  *widget,
      const char *name)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);

  g_assert_true (gui_test_save_png (widget, path));
  g_test_message ("saved %s", path);
}

static AntamRemovalPage *
find_page (GtkWindow **window_out)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWidget *content;
      GtkWidget *child;

      if (!ADW_IS_WINDOW (window) || !gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      content = adw_window_get_content (ADW_WINDOW (window));
      for (child = content ? gtk_widget_get_first_child (content) : NULL; child;
           child = gtk_widget_get_next_sibling (child))
        if (ANTAM_IS_REMOVAL_PAGE (child))
          {
            *window_out = window;
            return ANTAM_REMOVAL_PAGE (child);
          }
    }
  return NULL;
}

static gboolean
is_expander (GtkWidget     *widget,
             gconstpointer  label)
{
  return GTK_IS_EXPANDER (widget) && g_strcmp0 (gtk_expander_get_label (GTK_EXPANDER (widget)), label) == 0;
}

static void
test_training_flow (void)
{
  g_autoptr(AntamApplication) app = NULL;
  g_autoptr(AntamSession) session = NULL;
  AntamWindow *window;
  AntamRemovalPage *page;
  GtkWindow *dialog = NULL;
  AntamRemovalOutcome *outcome;
  g_autofree char *expected = NULL;
  gint64 deadline;

  if (!gui_test_have_display ())
    {
      g_test_skip ("no display: run under xvfb-run -a dbus-run-session");
      return;
    }
  g_mkdir_with_parents (out_dir, 0755);

  app = gui_test_application ();
  session = gui_test_training_session ("zoom-deb");
  window = gui_test_window (app, session);
  antam_session_scan (session);
  gui_test_wait_scan (session);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 2);

  /* The finding's Remove… is win.remove-app("zoom"). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-app", "s", "zoom"));
  gui_test_iterate (300);
  page = find_page (&dialog);
  g_assert_nonnull (page);
  gtk_window_set_default_size (dialog, 1240, 780);
  gui_test_iterate (200);

  /* Training acts on the scenario's copy, never on this machine. */
  g_assert_true (antam_removal_plan_acts_on_copy (antam_removal_page_get_plan (page)));
  g_assert_cmpuint (antam_removal_plan_get_n_steps (antam_removal_page_get_plan (page)), >, 5);
  save (GTK_WIDGET (dialog), "removal-1-plan.png");

  /* The guide is for IT staff, folded, and only for the way Zoom is
   * installed here: the deb's command, not dnf's, Flatpak's or snap's. */
  {
    GtkWidget *expander = gui_test_find_widget (GTK_WIDGET (page), is_expander, _("For IT staff: the commands"));

    g_assert_nonnull (expander);
    g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
    gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
    g_assert_nonnull (gui_test_find_widget (GTK_WIDGET (page), gui_test_is_label_saying, "sudo apt remove zoom"));
    g_assert_null (gui_test_find_widget (GTK_WIDGET (page), gui_test_is_label_saying, "sudo dnf remove zoom"));
    g_assert_null (gui_test_find_widget (GTK_WIDGET (page), gui_test_is_label_saying,
                                         "flatpak uninstall us.zoom.Zoom"));
    save (GTK_WIDGET (dialog), "removal-1-guide.png");
    gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "removal.remove", NULL));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (antam_removal_page_get_outcome (page) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  gui_test_iterate (400);

  outcome = antam_removal_page_get_outcome (page);
  for (guint i = 0; i < outcome->leftovers->len; i++)
    {
      AntamRemovalLeftover *left = g_ptr_array_index (outcome->leftovers, i);
      g_test_message ("left: %s %s: %s", left->kind, left->name, left->why);
    }
  g_assert_true (outcome->complete);
  /* TRANSLATORS: the same string as in core */
  expected = g_strdup_printf (_("%s has been removed completely"), "Zoom");
  g_assert_cmpstr (outcome->headline, ==, expected);
  /* It says where it happened: on the scenario's copy, under the banner. */
  {
    GtkWidget *banner = gui_test_find_widget (GTK_WIDGET (page), gui_test_is_label_saying,
                                              _("Training: this happened on the copy of the example computer. "
                                                "Nothing on this computer was changed."));
    g_assert_nonnull (banner);
    g_assert_true (gtk_widget_is_visible (banner));
  }
  save (GTK_WIDGET (dialog), "removal-2-done.png");

  /* The page's end re-scans the session: the wizard no longer shows Zoom. */
  gui_test_wait_scan (session);
  {
    GPtrArray *results = antam_session_get_results (session);
    for (guint i = 0; results && i < results->len; i++)
      {
        AntamResult *result = g_ptr_array_index (results, i);
        g_assert_false (result->remedy == ANTAM_REMEDY_UNINSTALL &&
                        g_strcmp0 (result->remedy_target, "zoom") == 0);
      }
  }

  gtk_widget_activate_action (GTK_WIDGET (page), "removal.close", NULL);
  gui_test_iterate (200);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* From a Flatpak the page is the plan and the guide, and says why: no
 * Remove button that could not work. */
static void
test_flatpak (void)
{
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", "zoom-leftovers", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) scanned = antam_sysroot_new (root, home, NULL);
  g_autoptr(AntamSysroot) sandboxed = antam_sysroot_new_live_for_host (root);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  AntamRules *rules = NULL;
  AntamRemovalPage *page;
  GtkWidget *window;
  GtkWidget *remove_button;

  if (!gui_test_have_display ())
    {
      g_test_skip ("no display: run under xvfb-run -a dbus-run-session");
      return;
    }
  results = antam_removal_scan_app (scanned, "zoom", &rules, NULL, &error);
  g_assert_no_error (error);

  page = antam_removal_page_new (sandboxed, antam_rules_lookup (rules, "zoom"), results);
  window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 1240, 780);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate (300);

  g_assert_false (antam_removal_plan_can_act (antam_removal_page_get_plan (page)));
  remove_button = find_button (GTK_WIDGET (page), "removal.remove");
  g_assert_nonnull (remove_button);
  g_assert_false (gtk_widget_get_visible (remove_button));
  /* Nor does the action run, should anything still ask for it. */
  gtk_widget_activate_action (GTK_WIDGET (page), "removal.remove", NULL);
  gui_test_iterate (100);
  g_assert_null (antam_removal_page_get_outcome (page));
  g_assert_cmpint (antam_removal_plan_get_step (antam_removal_page_get_plan (page), 0)->state, ==,
                   ANTAM_REMOVAL_STEP_PENDING);
  save (window, "removal-flatpak.png");

  gtk_window_destroy (GTK_WINDOW (window));
  antam_rules_free (rules);
  antam_test_remove_root (root);
}

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("ANTAM_SCREENSHOT_DIR");
  int status;

  g_test_init (&argc, &argv, NULL);
  antam_application_init_i18n ();
  if (gui_test_have_display ())
    adw_init ();
  out_dir = g_strdup (dir && *dir ? dir : g_getenv ("G_TEST_BUILDDIR"));

  g_test_add_func ("/removal-page/training-flow", test_training_flow);
  g_test_add_func ("/removal-page/flatpak", test_flatpak);
  status = g_test_run ();
  g_free (out_dir);
  return status;
}
