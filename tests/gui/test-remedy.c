/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "antam-finding-row.h"
#include "antam-remedy-launcher.h"
#include "gui-test-util.h"

/* A finding's button opens what its label says, or is not there and the
 * details say why.  A fake Software app and a fake Settings panel, each a
 * desktop file whose program writes down how it was started, stand in for
 * GNOME's (which this machine may not have). */

static char *data_dir;
static char *record_dir;

static void
write_fake_app (const char *desktop_id,
                const char *name)
{
  g_autofree char *apps = g_build_filename (data_dir, "applications", NULL);
  g_autofree char *program = g_build_filename (data_dir, name, NULL);
  g_autofree char *record = g_build_filename (record_dir, name, NULL);
  g_autofree char *desktop = g_build_filename (apps, desktop_id, NULL);
  /* Written aside, then moved: the test never reads it half written. */
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho \"$@\" > '%s.tmp' && mv '%s.tmp' '%s'\n",
                                             record, record, record);
  g_autofree char *entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=%s\nExec=%s %s\n",
                                            name, program,
                                            g_str_has_prefix (desktop_id, "gnome-") ? "sharing" : "%U");

  g_assert_cmpint (g_mkdir_with_parents (apps, 0755), ==, 0);
  g_assert_true (g_file_set_contents (program, script, -1, NULL));
  g_assert_cmpint (g_chmod (program, 0755), ==, 0);
  g_assert_true (g_file_set_contents (desktop, entry, -1, NULL));
}

static char *
wait_record (const char *name)
{
  g_autofree char *record = g_build_filename (record_dir, name, NULL);
  char *contents = NULL;

  for (guint i = 0; i < 100 && !g_file_get_contents (record, &contents, NULL, NULL); i++)
    gui_test_iterate (50);
  g_assert_nonnull (contents);
  return g_strstrip (contents);
}

static AntamResult *
result_with (AntamRemedyKind kind,
             const char     *target)
{
  AntamResult *result = antam_result_new ("test", ANTAM_STATUS_WARNING, "Một việc cần làm",
                                          "Câu thứ nhất. Câu thứ hai.");

  antam_result_set_remedy (result, kind, target, "Làm theo các bước.");
  return result;
}

static gboolean
is_button_saying (GtkWidget     *widget,
                  gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_subtitle_with (GtkWidget     *widget,
                  gconstpointer  text)
{
  return ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != NULL &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text) != NULL;
}

static void
test_update_opens_software (void)
{
  g_autoptr(AntamResult) result = result_with (ANTAM_REMEDY_UPDATE, "os");
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;
  GtkWidget *window, *row;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display");
      return;
    }
  g_assert_cmpstr (antam_remedy_launcher_label (result, NULL), ==, _("Update…"));
  row = antam_finding_row_new (result);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), row);
  g_assert_nonnull (gui_test_find_widget (row, is_button_saying, _("Update…")));

  g_assert_true (antam_remedy_launcher_open (window, result, &error));
  g_assert_no_error (error);
  args = wait_record ("software");
  g_assert_cmpstr (args, ==, "--mode=updates");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_setting_opens_panel (void)
{
  g_autoptr(AntamResult) sharing = result_with (ANTAM_REMEDY_SETTING, "sharing");
  g_autoptr(AntamResult) users = result_with (ANTAM_REMEDY_SETTING, "users");
  g_autoptr(AntamResult) auto_updates = result_with (ANTAM_REMEDY_SETTING, "auto-updates");
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;
  const char *why = NULL;
  GtkWidget *window, *row;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display");
      return;
    }
  g_assert_cmpstr (antam_remedy_launcher_label (sharing, &why), ==, _("Open Settings"));
  g_assert_null (why);
  window = gtk_window_new ();
  g_assert_true (antam_remedy_launcher_open (window, sharing, &error));
  args = wait_record ("settings");
  g_assert_cmpstr (args, ==, "sharing");

  /* No panel installed for it: no button, and the details say why. */
  g_assert_null (antam_remedy_launcher_label (users, &why));
  g_assert_nonnull (why);
  row = antam_finding_row_new (users);
  gtk_window_set_child (GTK_WINDOW (window), row);
  g_assert_null (gui_test_find_widget (row, is_button_saying, _("Open Settings")));
  g_assert_nonnull (gui_test_find_widget (row, is_subtitle_with, why));

  /* No panel changes it: no button, and nothing to excuse. */
  g_assert_null (antam_remedy_launcher_label (auto_updates, &why));
  g_assert_null (why);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The details do not repeat what the row already says. */
static void
test_no_repeat (void)
{
  g_autoptr(AntamResult) passing = antam_result_new ("test", ANTAM_STATUS_OK, "Tường lửa đang bật",
                                                     "Tường lửa chặn các kết nối từ bên ngoài.");
  g_autoptr(AntamResult) guide = result_with (ANTAM_REMEDY_GUIDE, NULL);
  GtkWidget *row;

  if (!gui_test_have_display ())
    {
      g_test_skip ("No display");
      return;
    }
  row = g_object_ref_sink (antam_finding_row_new (passing));
  g_assert_null (gui_test_find_widget (row, gui_test_is_label_saying, _("Why it matters")));
  g_object_unref (row);

  /* Two sentences: the second is only below.  A guide is the details
   * themselves: no button to show them again. */
  row = g_object_ref_sink (antam_finding_row_new (guide));
  g_assert_nonnull (gui_test_find_widget (row, gui_test_is_label_saying, _("Why it matters")));
  g_assert_null (gui_test_find_widget (row, is_button_saying, _("Learn More")));
  g_object_unref (row);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dirs = NULL;
  int status;

  data_dir = g_dir_make_tmp ("antam-remedy-XXXXXX", NULL);
  record_dir = g_build_filename (data_dir, "records", NULL);
  g_assert_cmpint (g_mkdir_with_parents (record_dir, 0755), ==, 0);
  write_fake_app ("org.gnome.Software.desktop", "software");
  write_fake_app ("gnome-sharing-panel.desktop", "settings");
  /* Only the fakes: what this machine has installed must not decide. */
  dirs = g_strdup (data_dir);
  g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
  g_setenv ("XDG_DATA_HOME", record_dir, TRUE);

  g_test_init (&argc, &argv, NULL);
  antam_application_init_i18n ();
  if (gui_test_have_display ())
    adw_init ();
  g_test_add_func ("/remedy/update-opens-software", test_update_opens_software);
  g_test_add_func ("/remedy/setting-opens-panel", test_setting_opens_panel);
  g_test_add_func ("/remedy/no-repeat", test_no_repeat);
  status = g_test_run ();
  return status;
}
