/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-question-row.h"
#include "gui-test-util.h"

/* The wizard by keyboard alone: on every step, Tab reaches every control
 * of the page, in reading order (top to bottom), never stops on a text
 * (which would select it), and on the questions' steps reaches each
 * question's answers before its explanation. */

static AntamApplication *app;

#define MAX_TABS 200

/* What the Tab key does: GtkWindow moves the focus on, and past the last
 * control starts again from none. */
static const char *
describe (GtkWidget *widget)
{
  static char text[256];
  const char *label = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : NULL;

  g_snprintf (text, sizeof text, "%s %s", G_OBJECT_TYPE_NAME (widget), label ? label : "");
  return text;
}

static GtkWidget *
press_tab (GtkWindow *window)
{
  if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
    gtk_window_set_focus (window, NULL);
  /* The page scrolls to the focus, as it would between two key presses. */
  gui_test_iterate (20);
  return gtk_root_get_focus (GTK_ROOT (window));
}

static GPtrArray *
tab_through (GtkWindow *window)
{
  GPtrArray *order = g_ptr_array_new ();

  gtk_window_set_focus (window, NULL);
  for (guint i = 0; i < MAX_TABS; i++)
    {
      GtkWidget *focus = press_tab (window);

      if (focus == NULL || g_ptr_array_find (order, focus, NULL))
        {
          g_test_message ("  then: %s", focus ? describe (focus) : "nothing");
          break;
        }
      g_ptr_array_add (order, focus);
    }
  return order;
}

static gboolean
is_control (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget) &&
         gtk_widget_get_focusable (widget) && gtk_widget_get_can_focus (widget) &&
         (GTK_IS_BUTTON (widget) || GTK_IS_LIST_BOX_ROW (widget) || GTK_IS_CHECK_BUTTON (widget) ||
          GTK_IS_SWITCH (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_DROP_DOWN (widget));
}

static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (is_control (widget))
    g_ptr_array_add (controls, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static float
top_in (GtkWidget *widget,
        GtkWidget *page)
{
  GtkWidget *viewport = NULL;
  graphene_rect_t bounds;

  /* In the scrolled content's coordinates (the outermost scrolled part
   * of the page): the focus scrolls the page. */
  for (GtkWidget *w = widget; w != NULL && w != page; w = gtk_widget_get_parent (w))
    if (GTK_IS_VIEWPORT (w))
      viewport = w;
  if (viewport != NULL)
    page = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
  return bounds.origin.y;
}

static void
check_page (AntamWindow *window,
            guint        step)
{
  GtkWidget *page = antam_window_get_page (window, step);
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  float last_top = -G_MAXFLOAT;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", (int) step);
  /* A page's rows are made when it is first shown, then laid out. */
  gui_test_iterate (1000);
  order = tab_through (GTK_WINDOW (window));
  collect_controls (page, controls);
  g_test_message ("step %u: %u stops, %u controls on the page", step, order->len, controls->len);

  for (guint i = 0; i < order->len; i++)
    {
      GtkWidget *focus = g_ptr_array_index (order, i);

      g_test_message ("  %u: %s", i, describe (focus));
      /* A text that takes the focus selects itself: a trap, not a stop. */
      g_assert_false (GTK_IS_LABEL (focus));
      if (!gtk_widget_is_ancestor (focus, page))
        continue;
      /* Reading order: never back up the page. */
      g_assert_cmpfloat (top_in (focus, page), >=, last_top - 1);
      last_top = top_in (focus, page);
    }

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);
      gboolean reached = FALSE;

      for (guint j = 0; j < order->len && !reached; j++)
        reached = g_ptr_array_index (order, j) == control ||
                  gtk_widget_is_ancestor (g_ptr_array_index (order, j), control);
      if (!reached)
        g_test_message ("step %u: not reached by Tab: %s", step, describe (control));
      g_assert_true (reached);
    }

  /* The answers before the explanation, for every question. */
  for (guint i = 0; i < order->len; i++)
    {
      GtkWidget *focus = g_ptr_array_index (order, i);
      GtkWidget *row = gtk_widget_get_ancestor (focus, ANTAM_TYPE_QUESTION_ROW);

      if (row == NULL || !GTK_IS_EXPANDER (focus))
        continue;
      for (guint j = i + 1; j < order->len; j++)
        g_assert_false (GTK_IS_TOGGLE_BUTTON (g_ptr_array_index (order, j)) &&
                        gtk_widget_is_ancestor (g_ptr_array_index (order, j), row));
    }
}

static void
test_tab_through_every_step (void)
{
  g_autoptr(AntamSession) session = NULL;
  AntamWindow *window;

  if (!gui_test_have_display ())
    {
      g_test_skip ("no display: run under xvfb-run -a dbus-run-session -- meson test");
      return;
    }

  session = gui_test_training_session ("zoom-deb");
  window = antam_application_show_session (app, session);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  antam_session_scan (session);
  gui_test_wait_scan (session);
  /* One answer that is not safe opens its explanation. */
  antam_session_set_answer (session, "meeting-password", ANTAM_ANSWER_NO);
  gui_test_iterate (200);

  for (guint step = 1; step <= ANTAM_N_STEPS; step++)
    check_page (window, step);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  antam_application_init_i18n ();
  if (gui_test_have_display ())
    {
      adw_init ();
      app = gui_test_application ();
    }
  g_test_add_func ("/gui/keyboard/tab-through-every-step", test_tab_through_every_step);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
