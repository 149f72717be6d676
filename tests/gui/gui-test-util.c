/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "gui-test-util.h"

gboolean
gui_test_have_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && x11[0] != '\0') || (wayland != NULL && wayland[0] != '\0');
}

/* Not unique, not registered on the bus: several tests may run at once and
 * none needs a session bus. */
AntamApplication *
gui_test_application (void)
{
  AntamApplication *app = antam_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  /* A picture must show a page, not the cross-fade between two. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return app;
}

AntamSession *
gui_test_training_session (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamScenario) scenario = antam_scenario_load (name, &error);
  g_autoptr(AntamSysroot) sysroot = NULL;

  g_assert_no_error (error);
  antam_scenario_prepare (scenario, &error);
  g_assert_no_error (error);
  sysroot = antam_scenario_create_sysroot (scenario, &error);
  g_assert_no_error (error);
  return antam_session_new (sysroot, g_steal_pointer (&scenario), NULL);
}

AntamWindow *
gui_test_window (AntamApplication *app,
                 AntamSession     *session)
{
  AntamWindow *window = antam_window_new (app, session);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  gtk_window_present (GTK_WINDOW (window));
  gui_test_iterate (200);
  return window;
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
gui_test_iterate (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
gui_test_wait_scan (AntamSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (antam_session_get_scanning (session))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* Let the pages rebuild and lay out. */
  gui_test_iterate (300);
}

/**
 * gui_test_save_png:
 *
 * Renders @widget (a window: its client-side decorations included) the way
 * GTK itself draws it, so the picture is what a user sees, without a
 * window manager or a screen grab.
 */
gboolean
gui_test_save_png (GtkWidget  *widget,
                   const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = 0, height = 0;

  /* A widget whose layout is pending draws nothing: give the frame clock
   * the time to lay it out. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gui_test_iterate (100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      g_test_message ("nothing to draw for %s (%d×%d)", path, width, height);
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png (texture, path);
}

/* The first widget under @root, itself included, that @match accepts. */
GtkWidget *
gui_test_find_widget (GtkWidget     *root,
                      GuiTestMatch   match,
                      gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gui_test_find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
gui_test_is_action_button (GtkWidget     *widget,
                           gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

gboolean
gui_test_is_label_saying (GtkWidget     *widget,
                          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}
