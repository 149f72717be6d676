/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "gui-test-util.h"

/* How long the window stops answering, measured from inside: a
 * high-priority timeout ticks every few milliseconds and the longest gap
 * between two ticks is the longest the main loop was busy elsewhere (a
 * click made then waits that long).  Prints figures, asserts nothing: run
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' meson test -C BUILD --benchmark gui-latency -v
 *
 * on the real machine ("live") and on the zoom-deb training scenario. */

#define TICK_MS 5

static gint64 last_tick;
static gint64 longest_gap;

static gboolean
on_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_reset (void)
{
  /* Whatever ran before this action is not counted against it. */
  last_tick = g_get_monotonic_time ();
  longest_gap = 0;
}

static double
stall_ms (void)
{
  return longest_gap / 1000.0;
}

static long
rss_kb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Until nothing is left to do for a moment: the rows built, laid out and
 * drawn. */
static void
settle (void)
{
  gui_test_iterate (250);
}

static void
print_action (const char *label,
              const char *action,
              double      ms)
{
  printf ("%-6s %-26s longest stall %7.1f ms\n", label, action, ms);
  fflush (stdout);
}

static gint64 first_paint;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (first_paint == 0)
    first_paint = g_get_monotonic_time ();
}

static AntamWindow *
active_window (AntamApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (ANTAM_IS_WINDOW (window));
  return ANTAM_WINDOW (window);
}

static void
wait_scan_measured (AntamApplication *app)
{
  AntamSession *session = antam_window_get_session (active_window (app));

  while (antam_session_get_scanning (session))
    g_main_context_iteration (NULL, TRUE);
  settle ();
}

static void
run (AntamApplication *app,
     AntamSession     *session,
     const char       *label,
     gint64            started)
{
  AntamWindow *window;
  AntamQuestions *questions;
  GdkFrameClock *clock;
  double worst_answer = 0;
  long after_one, after_ten;

  first_paint = 0;
  stall_reset ();
  window = antam_application_show_session (app, session);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  while (first_paint == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
  printf ("%-6s %-26s %7.1f ms\n", label, "first frame", (first_paint - started) / 1000.0);
  settle ();

  stall_reset ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  wait_scan_measured (app);
  print_action (label, "first scan", stall_ms ());

  /* Each page makes its rows when first shown: what a user waits for
   * stepping through the wizard, the longest of the steps. */
  {
    double worst_step = 0;
    int worst = 0;
    g_autofree char *action = NULL;

    for (int step = 3; step <= ANTAM_N_STEPS; step++)
      {
        stall_reset ();
        gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", step);
        settle ();
        if (stall_ms () > worst_step)
          {
            worst_step = stall_ms ();
            worst = step;
          }
      }
    action = g_strdup_printf ("first visit (worst: step %d)", worst);
    print_action (label, action, worst_step);
  }

  /* The questions' step on screen, as when a user answers them. */
  questions = antam_session_get_questions (session);
  for (guint i = 0; questions != NULL && i < questions->questions->len; i++)
    {
      const AntamQuestion *question = g_ptr_array_index (questions->questions, i);
      const AntamAnswer answers[] = { ANTAM_ANSWER_YES, ANTAM_ANSWER_NO, ANTAM_ANSWER_NOT_SURE };

      gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i",
                                  g_str_equal (question->check, "meeting-hygiene") ? 7 : 8);
      settle ();
      stall_reset ();
      antam_session_set_answer (session, question->id, answers[i % G_N_ELEMENTS (answers)]);
      settle ();
      worst_answer = MAX (worst_answer, stall_ms ());
    }
  print_action (label, "answer (worst of all)", worst_answer);

  stall_reset ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.recheck", NULL);
  wait_scan_measured (app);
  print_action (label, "re-check", stall_ms ());
  after_one = rss_kb ();

  for (guint i = 0; i < 9; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.recheck", NULL);
      wait_scan_measured (app);
    }
  after_ten = rss_kb ();
  printf ("%-6s %-26s %7.1f MB after 1, %.1f MB after 10 (%+.1f %%)\n", label, "memory, re-checks",
          after_one / 1024.0, after_ten / 1024.0, 100.0 * (after_ten - after_one) / after_one);

  stall_reset ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "language", g_variant_new_string ("en"));
  settle ();
  print_action (label, "language switch", stall_ms ());
  wait_scan_measured (app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "language", g_variant_new_string ("vi"));
  settle ();
  wait_scan_measured (app);

  stall_reset ();
  g_action_group_change_action_state (G_ACTION_GROUP (app), "large-text", g_variant_new_boolean (TRUE));
  settle ();
  print_action (label, "large text on", stall_ms ());
  stall_reset ();
  g_action_group_change_action_state (G_ACTION_GROUP (app), "large-text", g_variant_new_boolean (FALSE));
  settle ();
  print_action (label, "large text off", stall_ms ());

  printf ("%-6s %-26s %7.1f MB\n", label, "peak RSS so far", peak_rss_kb () / 1024.0);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  gint64 started = g_get_monotonic_time ();
  g_autoptr(AntamApplication) app = NULL;
  g_autofree char *state_dir = NULL;
  const char *only = argc > 1 ? argv[1] : NULL;

  if (!gui_test_have_display ())
    {
      printf ("latency: no display, nothing measured\n");
      return 0;
    }

  antam_application_init_i18n ();
  gtk_init ();
  adw_init ();
  app = gui_test_application ();
  g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, on_tick, NULL, NULL);

  printf ("renderer: %s; %u CPUs\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default",
          g_get_num_processors ());

  if (only == NULL || g_str_equal (only, "live"))
    {
      g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
      g_autoptr(AntamSession) session = NULL;

      state_dir = g_dir_make_tmp ("antam-latency-XXXXXX", NULL);
      session = antam_session_new (sysroot, NULL, state_dir);
      antam_session_load_state (session);
      run (app, session, "live", started);
    }
  if (only == NULL || g_str_equal (only, "zoom-deb"))
    {
      g_autoptr(AntamSession) session = gui_test_training_session ("zoom-deb");

      run (app, session, "zoom", g_get_monotonic_time ());
    }

  if (state_dir != NULL)
    {
      g_autofree char *state = g_build_filename (state_dir, "state.json", NULL);
      g_autofree char *report = g_build_filename (state_dir, "last-report.json", NULL);

      g_unlink (state);
      g_unlink (report);
      g_rmdir (state_dir);
    }
  return 0;
}
