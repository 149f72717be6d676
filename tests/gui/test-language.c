/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "antam-i18n.h"
#include "antam-report-dialog.h"
#include "report/antam-report-model.h"
#include "antam-test-root.h"
#include "antam-welcome-page.h"
#include "gui-test-util.h"

/* The app's language as a user meets it, start after start: Vietnamese on
 * a fresh profile whatever the locale (meson runs this under C.UTF-8 and
 * under C, with no LANGUAGE), the choice offered on the first run only,
 * and English after choosing it and starting again; the window and the
 * report it would send (e-mail and PDF) in the same language.  Each start is a new
 * process, this program with --run-app, which runs the app as main() does
 * on settings kept in a file of a folder the test makes; what it must see
 * comes in ANTAM_TEST_EXPECT, ANTAM_TEST_OFFER and ANTAM_TEST_PRESS. */

typedef struct {
  const char *start;       /* the Start button */
  const char *title;       /* the window's title on step 1 */
  const char *subtitle;    /* under the app's name */
  const char *greeting;    /* the report's e-mail */
  const char *form;        /* the report's PDF */
} Texts;

/* Written out, not through gettext: the test must not speak the language
 * it checks. */
static const Texts vietnamese = {
  "Bắt đầu", "Giới thiệu", "Tự kiểm tra an toàn thông tin cho máy tính này",
  "\nKính gửi:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
};
static const Texts english = {
  "Start", "Welcome", "Security self-check of this computer",
  "\nDear ", "SOCIALIST REPUBLIC OF VIETNAM",
};

static void
skip_without_display (void)
{
  g_test_skip ("no display: run under xvfb-run -a dbus-run-session -- meson test");
}

/* ---- The app, in a subprocess ------------------------------------------ */

static gboolean
is_window_title (GtkWidget     *widget,
                 gconstpointer  unused)
{
  return ADW_IS_WINDOW_TITLE (widget) && gtk_widget_get_mapped (widget);
}

static AntamWindow *
wait_for_window (AntamApplication *app)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GtkWindow *window;

  while ((window = gtk_application_get_active_window (GTK_APPLICATION (app))) == NULL ||
         !gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  gui_test_iterate (300);
  g_assert_true (ANTAM_IS_WINDOW (window));
  return ANTAM_WINDOW (window);
}

/* What the window says, read off its widgets. */
static void
assert_window_speaks (AntamWindow *window,
                      const Texts *texts)
{
  GtkWidget *welcome = antam_window_get_page (window, 1);
  GtkWidget *start = gui_test_find_widget (welcome, gui_test_is_action_button, "win.start");
  GtkWidget *title = gui_test_find_widget (GTK_WIDGET (window), is_window_title, NULL);

  g_assert_cmpuint (antam_window_get_step (window), ==, 1);
  g_assert_nonnull (start);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, texts->start);
  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, texts->title);
  g_assert_nonnull (gui_test_find_widget (welcome, gui_test_is_label_saying, texts->subtitle));
}

static void
assert_choice (AntamWindow *window,
               gboolean     offered,
               const char  *pressed)
{
  AntamWelcomePage *welcome = ANTAM_WELCOME_PAGE (antam_window_get_page (window, 1));
  AntamLanguageChoice *choice = antam_welcome_page_get_language_choice (welcome);
  GtkWidget *vi = antam_language_choice_get_button (choice, "vi");
  GtkWidget *en = antam_language_choice_get_button (choice, "en");

  g_assert_cmpint (gtk_widget_get_mapped (GTK_WIDGET (choice)), ==, offered);
  if (!offered)
    return;
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (vi)), ==, "Tiếng Việt");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (en)), ==, "English");
  g_assert_cmpint (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (vi)), ==, g_str_equal (pressed, "vi"));
  g_assert_cmpint (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (en)), ==, g_str_equal (pressed, "en"));
}

/* The report the user would send now: its e-mail in the preview, and its
 * PDF read back with pdftotext. */
static void
assert_report_speaks (AntamWindow *window,
                      const Texts *texts)
{
  AntamSession *session = antam_window_get_session (window);
  AntamReportDialog *dialog = antam_report_dialog_new (GTK_WINDOW (window), session);
  g_autoptr(AntamSystemInfo) system = antam_system_info_read (antam_session_get_sysroot (session));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(AntamReportModel) model = antam_report_model_new (antam_session_get_results (session), system, now);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "report.pdf", NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (strstr (antam_report_dialog_get_email_text (dialog), texts->greeting));
  gtk_window_destroy (GTK_WINDOW (dialog));

  pdf = antam_report_model_to_pdf (model, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  text = antam_test_pdf_text (path);
  if (text != NULL)
    g_assert_nonnull (strstr (text, texts->form));
  else
    g_printerr ("pdftotext is not installed (poppler-utils): the PDF's language was not read back\n");
}

static const Texts *
texts_for (const char *language)
{
  return g_str_equal (language, "vi") ? &vietnamese : &english;
}

static void
disable_animations (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
on_activate (AntamApplication *app)
{
  const char *expect = g_getenv ("ANTAM_TEST_EXPECT");
  gboolean offer = g_strcmp0 (g_getenv ("ANTAM_TEST_OFFER"), "1") == 0;
  const char *press = g_getenv ("ANTAM_TEST_PRESS");
  AntamWindow *window = wait_for_window (app);

  g_test_message ("started: LANG=%s LANGUAGE=%s, speaks %s", g_getenv ("LANG"), g_getenv ("LANGUAGE"),
                  antam_i18n_get_language ());
  g_assert_cmpstr (antam_i18n_get_language (), ==, expect);
  assert_window_speaks (window, texts_for (expect));
  assert_choice (window, offer, expect);
  assert_report_speaks (window, texts_for (expect));

  if (press != NULL && press[0] != '\0')
    {
      AntamLanguageChoice *choice =
        antam_welcome_page_get_language_choice (ANTAM_WELCOME_PAGE (antam_window_get_page (window, 1)));

      g_assert_true (gtk_widget_activate (antam_language_choice_get_button (choice, press)));
      gui_test_iterate (300);
      /* The window is rebuilt in that language, still asking, so that a
       * wrong press can be undone. */
      window = wait_for_window (app);
      g_assert_cmpstr (antam_i18n_get_language (), ==, press);
      assert_window_speaks (window, texts_for (press));
      assert_choice (window, TRUE, press);
      assert_report_speaks (window, texts_for (press));
      g_assert_cmpstr (_("Start"), ==, texts_for (press)->start);
    }

  /* As the menu's Quit does: the settings are written on the way out. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static int
run_app (void)
{
  g_autoptr(AntamApplication) app = NULL;
  char *argv[] = { (char *) "antam", NULL };

  /* As main() does, and nothing before it. */
  antam_application_init_i18n ();
  app = antam_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "startup", G_CALLBACK (disable_animations), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}

/* ---- The tests: starts of the app, one after the other ----------------- */

typedef struct {
  char *dir;
} Profile;

static void
profile_setup (Profile       *profile,
               gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  const char *dirs[] = { "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" };

  profile->dir = g_dir_make_tmp ("antam-language-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (profile->dir, dirs[i], NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_setenv (dirs[i], path, TRUE);
    }
  /* Settings that outlive the process, as dconf's do. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_unsetenv ("LANGUAGE");
}

static void
profile_teardown (Profile       *profile,
                  gconstpointer  unused)
{
  antam_test_remove_root (profile->dir);
  g_free (profile->dir);
  g_unsetenv ("LANGUAGE");
}

/* A key of the app's settings as the keyfile backend wrote it, or NULL. */
static char *
saved_setting (Profile    *profile,
               const char *key)
{
  g_autofree char *path = g_build_filename (profile->dir, "XDG_CONFIG_HOME", "glib-2.0", "settings",
                                            "keyfile", NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_value (file, "io/github/antam/AnTam", key, NULL);
}

static char *
read_settings (Profile *profile)
{
  g_autofree char *path = g_build_filename (profile->dir, "XDG_CONFIG_HOME", "glib-2.0", "settings",
                                            "keyfile", NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents != NULL ? contents : g_strdup ("");
}

/* One start of the app; returns when it has quit. */
static void
start (Profile    *profile,
       const char *expect,
       gboolean    offer,
       const char *press)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self, "--run-app", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *settings = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("ANTAM_TEST_EXPECT", expect, TRUE);
  g_setenv ("ANTAM_TEST_OFFER", offer ? "1" : "0", TRUE);
  g_setenv ("ANTAM_TEST_PRESS", press != NULL ? press : "", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("The app failed (expected %s%s%s%s):\n%s%s", expect, offer ? ", asking" : "",
             press ? ", pressing " : "", press ? press : "", out, err);

  settings = read_settings (profile);
  g_test_message ("started in %s%s%s%s; then the settings said:\n%s", expect, offer ? ", asking" : "",
                  press ? ", pressed " : "", press ? press : "", settings);
}

static void
test_first_run_then_english (Profile       *profile,
                             gconstpointer  unused)
{
  g_autofree char *language = NULL;
  g_autofree char *ask = NULL;

  if (!gui_test_have_display ())
    return skip_without_display ();

  start (profile, "vi", TRUE, "en");
  language = saved_setting (profile, "language");
  ask = saved_setting (profile, "ask-language");
  g_assert_cmpstr (language, ==, "'en'");
  g_assert_cmpstr (ask, ==, "false");

  /* Restarted: English, and the question is not asked again. */
  start (profile, "en", FALSE, NULL);
  start (profile, "en", FALSE, NULL);
}

static void
test_first_run_unanswered (Profile       *profile,
                           gconstpointer  unused)
{
  g_autofree char *language = NULL;

  if (!gui_test_have_display ())
    return skip_without_display ();

  /* The user goes on in Vietnamese without pressing anything. */
  start (profile, "vi", TRUE, NULL);
  language = saved_setting (profile, "language");
  g_assert_null (language);
  start (profile, "vi", FALSE, NULL);
}

static void
test_language_variable (Profile       *profile,
                        gconstpointer  unused)
{
  if (!gui_test_have_display ())
    return skip_without_display ();

  /* LANGUAGE set for the app (a developer, a test) is heard... */
  g_setenv ("LANGUAGE", "en", TRUE);
  start (profile, "en", TRUE, "vi");
  /* ...until the user chooses in the app. */
  start (profile, "vi", FALSE, NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--run-app"))
    return run_app ();

  /* Not isolated: each start must find what the one before it saved, in
   * the folder the test makes. */
  g_test_init (&argc, &argv, NULL);
  /* So that what a failed start said shows with its diacritics. */
  setlocale (LC_ALL, "");

  g_test_add ("/gui/language/first-run-then-english", Profile, NULL,
              profile_setup, test_first_run_then_english, profile_teardown);
  g_test_add ("/gui/language/first-run-unanswered", Profile, NULL,
              profile_setup, test_first_run_unanswered, profile_teardown);
  g_test_add ("/gui/language/variable", Profile, NULL,
              profile_setup, test_language_variable, profile_teardown);

  return g_test_run ();
}
