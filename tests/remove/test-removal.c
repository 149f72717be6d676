/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "sysroot/antam-sysroot-private.h"
#include "antam-test-root.h"
#include "remedy/antam-removal-guide.h"
#include "remedy/antam-removal-target.h"
#include "remedy/antam-removal.h"
#include "remedy/antam-safe-remove.h"

/* The vendor's zoom .deb, as dpkg records what it unpacked. */
static const char zoom_list[] =
  "/.\n/opt\n/opt/zoom\n/opt/zoom/ZoomLauncher\n/opt/zoom/cef\n/opt/zoom/cef/chrome-sandbox\n"
  "/opt/zoom/zoom\n/usr\n/usr/bin\n/usr/bin/zoom\n/usr/share\n/usr/share/applications\n"
  "/usr/share/applications/Zoom.desktop\n/usr/share/mime\n/usr/share/mime/packages\n"
  "/usr/share/mime/packages/zoom.xml\n";

typedef struct {
  char *root;
  AntamSysroot *sysroot;
  AntamRules *rules;
  AntamRemovalPlan *plan;
} Fixture;

static void
fixture_open (Fixture    *fixture,
              const char *root)
{
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  const AntamAppRule *rule;

  fixture->root = g_strdup (root);
  fixture->sysroot = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);
  results = antam_removal_scan_app (fixture->sysroot, "zoom", &fixture->rules, NULL, &error);
  g_assert_no_error (error);
  rule = antam_rules_lookup (fixture->rules, "zoom");
  g_assert_nonnull (rule);
  fixture->plan = antam_removal_plan_new (fixture->sysroot, rule, results, &error);
  g_assert_no_error (error);
}

static void
fixture_close (Fixture *fixture)
{
  g_clear_pointer (&fixture->plan, antam_removal_plan_unref);
  g_clear_pointer (&fixture->rules, antam_rules_free);
  g_clear_object (&fixture->sysroot);
  antam_test_remove_root (fixture->root);
  g_free (fixture->root);
}

static AntamRemovalStep *
find_step (AntamRemovalPlan *plan,
           const char       *kind,
           const char       *target)
{
  for (guint i = 0; i < antam_removal_plan_get_n_steps (plan); i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (plan, i);

      if (g_str_equal (step->kind, kind) && (target == NULL || g_str_equal (step->target, target)))
        return step;
    }
  return NULL;
}

static guint
index_of (AntamRemovalPlan *plan,
          AntamRemovalStep *wanted)
{
  for (guint i = 0; i < antam_removal_plan_get_n_steps (plan); i++)
    if (antam_removal_plan_get_step (plan, i) == wanted)
      return i;
  g_assert_not_reached ();
}

typedef struct {
  GMainLoop *loop;
  AntamRemovalOutcome *outcome;
  guint progress_calls;
} Run;

static void
on_progress (AntamRemovalPlan *plan,
             guint             index,
             gpointer          user_data)
{
  Run *run = user_data;
  run->progress_calls++;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  run->outcome = antam_removal_run_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (run->loop);
}

static AntamRemovalOutcome *
run_plan (AntamRemovalPlan *plan,
          GCancellable     *cancellable)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop, NULL, 0 };

  antam_removal_run_async (plan, on_progress, &run, NULL, cancellable, on_done, &run);
  g_main_loop_run (loop);
  g_assert_nonnull (run.outcome);
  /* Running, then its end: at least two reports a step. */
  g_assert_cmpuint (run.progress_calls, >=, MIN (2 * antam_removal_plan_get_n_steps (plan), 2));
  return run.outcome;
}

static gboolean
exists_in (const char *root,
           const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  struct stat st;

  return lstat (path, &st) == 0;
}

/* ---- plans, one per fixture root --------------------------------------- */

static void
test_plan_deb (void)
{
  Fixture f = { 0 };
  AntamRemovalStep *package, *opt, *entry;
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);

  antam_test_write (root, "var/lib/dpkg/info/zoom.list", zoom_list);
  fixture_open (&f, root);

  package = find_step (f.plan, "deb", "zoom");
  g_assert_nonnull (package);
  g_assert_cmpint (package->action, ==, ANTAM_REMOVAL_REMOVE_PACKAGE);
  g_assert_true (package->needs_admin);
  g_assert_cmpstr (package->arch, ==, "amd64");
  g_assert_nonnull (strstr (package->description, "PackageKit"));
  /* The package comes first: its files wait for it. */
  g_assert_cmpuint (index_of (f.plan, package), ==, 0);

  opt = find_step (f.plan, "path", "/opt/zoom");
  g_assert_nonnull (opt);
  g_assert_cmpint (opt->action, ==, ANTAM_REMOVAL_REMOVE_SYSTEM_PATH);
  g_assert_cmpint (opt->owner, ==, 0);
  g_assert_nonnull (strstr (opt->description, "zoom"));

  entry = find_step (f.plan, "desktop-entry", NULL);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->action, ==, ANTAM_REMOVAL_WITH_OTHER_STEP);
  g_assert_cmpint (entry->owner, ==, 0);

  g_assert_cmpint (find_step (f.plan, "home-path", "/home/lan/.zoom")->action, ==, ANTAM_REMOVAL_TRASH);
  g_assert_false (find_step (f.plan, "home-path", "/home/lan/.zoom")->needs_admin);
  g_assert_cmpint (find_step (f.plan, "url-handler", "zoommtg")->action, ==, ANTAM_REMOVAL_FORGET_URL_HANDLER);
  g_assert_true (g_strv_contains ((const char * const *) find_step (f.plan, "url-handler", "zoommtg")->desktop_ids,
                                  "Zoom.desktop"));
  g_assert_true (antam_removal_plan_needs_admin (f.plan));
  g_assert_true (antam_removal_plan_acts_on_copy (f.plan));
  g_assert_false (antam_removal_plan_has_running_app (f.plan));

  /* Every step says, before anything happens, what will happen. */
  for (guint i = 0; i < antam_removal_plan_get_n_steps (f.plan); i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (f.plan, i);
      g_assert_nonnull (step->title);
      g_assert_nonnull (step->description);
      g_assert_cmpint (step->state, ==, ANTAM_REMOVAL_STEP_PENDING);
    }
  fixture_close (&f);
}

static void
test_plan_flatpak_user (void)
{
  Fixture f = { 0 };
  AntamRemovalStep *flatpak, *data;

  fixture_open (&f, antam_test_make_root ("base", "zoom-flatpak-user", NULL));
  flatpak = find_step (f.plan, "flatpak", "us.zoom.Zoom");
  g_assert_nonnull (flatpak);
  g_assert_cmpint (flatpak->action, ==, ANTAM_REMOVAL_UNINSTALL_FLATPAK);
  g_assert_true (flatpak->user_install);
  g_assert_false (flatpak->needs_admin);

  /* Its data is offered for the Trash, separately. */
  data = find_step (f.plan, "home-path", "/home/lan/.var/app/us.zoom.Zoom");
  g_assert_nonnull (data);
  g_assert_cmpint (data->action, ==, ANTAM_REMOVAL_TRASH);

  /* The exported menu entry goes with the app. */
  g_assert_cmpint (find_step (f.plan, "desktop-entry", NULL)->action, ==, ANTAM_REMOVAL_WITH_OTHER_STEP);
  g_assert_false (antam_removal_plan_needs_admin (f.plan));
  fixture_close (&f);
}

static void
test_plan_flatpak_system (void)
{
  Fixture f = { 0 };
  AntamRemovalStep *flatpak;

  fixture_open (&f, antam_test_make_root ("base", "zoom-flatpak-system", NULL));
  flatpak = find_step (f.plan, "flatpak", "us.zoom.Zoom");
  g_assert_nonnull (flatpak);
  g_assert_false (flatpak->user_install);
  g_assert_true (flatpak->needs_admin);
  g_assert_cmpint (find_step (f.plan, "desktop-entry", NULL)->owner, ==, (int) index_of (f.plan, flatpak));
  fixture_close (&f);
}

static void
test_plan_snap (void)
{
  Fixture f = { 0 };
  AntamRemovalStep *snap;

  fixture_open (&f, antam_test_make_root ("base", "zoom-snap", NULL));
  snap = find_step (f.plan, "snap", "zoom-client");
  g_assert_nonnull (snap);
  g_assert_cmpint (snap->action, ==, ANTAM_REMOVAL_REMOVE_SNAP);
  g_assert_true (snap->needs_admin);
  g_assert_nonnull (strstr (snap->description, "snapd"));
  fixture_close (&f);
}

static void
test_plan_tarball (void)
{
  Fixture f = { 0 };
  AntamRemovalStep *opt;

  fixture_open (&f, antam_test_make_root ("base", "zoom-tarball", NULL));
  g_assert_null (find_step (f.plan, "deb", NULL));
  opt = find_step (f.plan, "path", "/opt/zoom");
  g_assert_nonnull (opt);
  g_assert_cmpint (opt->action, ==, ANTAM_REMOVAL_REMOVE_SYSTEM_PATH);
  g_assert_cmpint (opt->owner, ==, -1);
  g_assert_true (opt->needs_admin);
  g_assert_true (opt->has_stat);
  g_assert_cmpint (find_step (f.plan, "autostart", NULL)->action, ==, ANTAM_REMOVAL_TRASH);
  g_assert_cmpint (find_step (f.plan, "desktop-entry", NULL)->action, ==, ANTAM_REMOVAL_TRASH);
  g_assert_nonnull (find_step (f.plan, "home-path", "/home/lan/.cache/zoom"));
  fixture_close (&f);
}

static void
test_plan_leftovers (void)
{
  Fixture f = { 0 };

  fixture_open (&f, antam_test_make_root ("base", "zoom-leftovers", NULL));
  g_assert_cmpuint (antam_removal_plan_get_n_steps (f.plan), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (antam_removal_plan_get_step (f.plan, i)->action, ==, ANTAM_REMOVAL_TRASH);
  g_assert_false (antam_removal_plan_needs_admin (f.plan));
  fixture_close (&f);
}

static void
test_plan_nothing (void)
{
  Fixture f = { 0 };
  g_autofree char *text = NULL;

  fixture_open (&f, antam_test_make_root ("base", NULL));
  g_assert_cmpuint (antam_removal_plan_get_n_steps (f.plan), ==, 0);
  text = antam_removal_plan_to_text (f.plan);
  g_assert_nonnull (strstr (text, "Zoom"));
  fixture_close (&f);
}

static void
test_plan_not_uninstall (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new ("/", "/nonexistent", NULL);
  g_autoptr(GError) error = NULL;
  AntamAppRule rule = { 0 };

  rule.id = (char *) "x";
  rule.name = (char *) "X";
  rule.remedy = ANTAM_REMEDY_GUIDE;
  g_assert_null (antam_removal_plan_new (sysroot, &rule, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* ---- removal on a copy, proven by the re-check -------------------------- */

static void
test_copy_deb (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  g_autofree char *status = NULL;
  g_autofree char *mimeapps = NULL;
  g_autofree char *mimeapps_path = NULL;
  g_autofree char *status_path = NULL;

  antam_test_write (root, "var/lib/dpkg/info/zoom.list", zoom_list);
  antam_test_write (root, "var/lib/dpkg/info/zoom.md5sums", "");
  fixture_open (&f, root);
  outcome = run_plan (f.plan, NULL);

  g_assert_true (outcome->rechecked);
  g_assert_cmpuint (outcome->leftovers->len, ==, 0);
  g_assert_true (outcome->complete);
  g_assert_cmpstr (outcome->headline, ==, "Zoom has been removed completely");
  g_assert_cmpuint (outcome->n_failed, ==, 0);
  g_assert_cmpuint (outcome->n_done, ==, antam_removal_plan_get_n_steps (f.plan));
  for (guint i = 0; i < antam_removal_plan_get_n_steps (f.plan); i++)
    g_assert_cmpint (antam_removal_plan_get_step (f.plan, i)->state, ==, ANTAM_REMOVAL_STEP_DONE);

  /* dpkg's record: the stanza is gone, the others stay. */
  status_path = g_build_filename (root, "var/lib/dpkg/status", NULL);
  g_assert_true (g_file_get_contents (status_path, &status, NULL, NULL));
  g_assert_null (strstr (status, "Package: zoom\n"));
  g_assert_nonnull (strstr (status, "Package: firefox-esr\n"));
  g_assert_nonnull (strstr (status, "Package: libc6\n"));
  g_assert_false (exists_in (root, "var/lib/dpkg/info/zoom.list"));
  g_assert_false (exists_in (root, "opt/zoom"));
  g_assert_false (exists_in (root, "usr/bin/zoom"));
  /* Dirs others use stay. */
  g_assert_true (exists_in (root, "usr/share/applications/firefox-esr.desktop"));

  /* The home's leftovers are in its Trash, with the spec's .trashinfo. */
  g_assert_true (exists_in (root, "home/lan/.local/share/Trash/files/.zoom/data/zoommeeting.enc.db"));
  g_assert_true (exists_in (root, "home/lan/.local/share/Trash/files/zoomus.conf"));
  {
    g_autofree char *info_path = g_build_filename (root, "home/lan/.local/share/Trash/info/.zoom.trashinfo", NULL);
    g_autofree char *info = NULL;
    g_assert_true (g_file_get_contents (info_path, &info, NULL, NULL));
    g_assert_true (g_str_has_prefix (info, "[Trash Info]\nPath=/home/lan/.zoom\nDeletionDate="));
  }

  /* mimeapps.list: Zoom's lines gone, the browser's kept. */
  mimeapps_path = g_build_filename (root, "home/lan/.config/mimeapps.list", NULL);
  g_assert_true (g_file_get_contents (mimeapps_path, &mimeapps, NULL, NULL));
  g_assert_null (strstr (mimeapps, "Zoom.desktop"));
  g_assert_nonnull (strstr (mimeapps, "x-scheme-handler/https=firefox-esr.desktop"));
  fixture_close (&f);
}

static void
test_copy_deb_without_list (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;

  /* No .list: the package's record goes, its files go as rule paths. */
  fixture_open (&f, antam_test_make_root ("base", "zoom-deb", NULL));
  outcome = run_plan (f.plan, NULL);
  g_assert_true (outcome->complete);
  g_assert_false (exists_in (f.root, "opt/zoom"));
  fixture_close (&f);
}

static void
test_copy_tarball (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;

  fixture_open (&f, antam_test_make_root ("base", "zoom-tarball", NULL));
  outcome = run_plan (f.plan, NULL);
  g_assert_true (outcome->complete);
  g_assert_false (exists_in (f.root, "opt/zoom"));
  g_assert_true (exists_in (f.root, "home/lan/.local/share/Trash/files/zoom.desktop"));
  g_assert_true (exists_in (f.root, "home/lan/.local/share/Trash/files/Zoom.desktop"));
  g_assert_true (exists_in (f.root, "home/lan/.local/share/Trash/files/.zoom"));
  g_assert_true (exists_in (f.root, "home/lan/.local/share/Trash/files/zoom"));
  fixture_close (&f);
}

static void
test_copy_flatpak_user (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;

  fixture_open (&f, antam_test_make_root ("base", "zoom-flatpak-user", NULL));
  outcome = run_plan (f.plan, NULL);
  g_assert_true (outcome->complete);
  g_assert_false (exists_in (f.root, "home/lan/.local/share/flatpak/app/us.zoom.Zoom"));
  g_assert_false (exists_in (f.root, "home/lan/.local/share/flatpak/exports/share/applications/us.zoom.Zoom.desktop"));
  g_assert_true (exists_in (f.root, "home/lan/.local/share/Trash/files/us.zoom.Zoom/config/zoomus.conf"));
  fixture_close (&f);
}

static void
test_copy_flatpak_system_and_snap (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;

  fixture_open (&f, antam_test_make_root ("base", "zoom-flatpak-system", "zoom-snap", NULL));
  outcome = run_plan (f.plan, NULL);
  g_assert_true (outcome->complete);
  g_assert_false (exists_in (f.root, "var/lib/flatpak/app/us.zoom.Zoom"));
  g_assert_false (exists_in (f.root, "snap/zoom-client"));
  g_assert_false (exists_in (f.root, "var/lib/snapd/snaps/zoom-client_230.snap"));
  fixture_close (&f);
}

/* "A package that another needs": nothing removed, its files left for it,
 * the re-check names it and says why. */
static void
test_copy_needed_by_others (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", NULL);
  g_autofree char *status_path = g_build_filename (root, "var/lib/dpkg/status", NULL);
  g_autofree char *status = NULL;
  g_autofree char *more = NULL;
  AntamRemovalStep *package, *opt;
  gboolean found_deb = FALSE;

  g_assert_true (g_file_get_contents (status_path, &status, NULL, NULL));
  more = g_strconcat (status, "\nPackage: zoom-plugin\nStatus: install ok installed\n"
                      "Architecture: amd64\nVersion: 1.0\nDepends: libc6, zoom (>= 5)\n"
                      "Description: needs zoom\n", NULL);
  g_assert_true (g_file_set_contents (status_path, more, -1, NULL));
  antam_test_write (root, "var/lib/dpkg/info/zoom.list", zoom_list);

  fixture_open (&f, root);
  outcome = run_plan (f.plan, NULL);
  g_assert_false (outcome->complete);

  package = find_step (f.plan, "deb", "zoom");
  g_assert_cmpint (package->state, ==, ANTAM_REMOVAL_STEP_FAILED);
  g_assert_nonnull (strstr (package->message, "zoom-plugin"));
  opt = find_step (f.plan, "path", "/opt/zoom");
  g_assert_cmpint (opt->state, ==, ANTAM_REMOVAL_STEP_SKIPPED);
  g_assert_true (exists_in (root, "opt/zoom/ZoomLauncher"));
  /* What could be done was done, and is said to be done. */
  g_assert_cmpint (find_step (f.plan, "home-path", "/home/lan/.zoom")->state, ==, ANTAM_REMOVAL_STEP_DONE);

  for (guint i = 0; i < outcome->leftovers->len; i++)
    {
      AntamRemovalLeftover *left = g_ptr_array_index (outcome->leftovers, i);
      if (g_str_equal (left->kind, "deb"))
        {
          found_deb = TRUE;
          g_assert_nonnull (strstr (left->why, "zoom-plugin"));
        }
    }
  g_assert_true (found_deb);
  g_assert_nonnull (strstr (outcome->headline, "not removed completely"));
  fixture_close (&f);
}

/* "A path that changed since the scan" is not touched. */
static void
test_copy_changed_path (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;
  g_autofree char *zoom_dir = NULL;
  g_autofree char *elsewhere = NULL;
  AntamRemovalStep *step;

  fixture_open (&f, antam_test_make_root ("base", "zoom-leftovers", NULL));
  zoom_dir = g_build_filename (f.root, "home/lan/.zoom", NULL);
  elsewhere = g_build_filename (f.root, "home/lan/Documents", NULL);
  antam_test_write (f.root, "home/lan/Documents/cong-van.odt", "important");
  antam_test_remove_root (zoom_dir);
  g_assert_cmpint (symlink ("Documents", zoom_dir), ==, 0);

  outcome = run_plan (f.plan, NULL);
  step = find_step (f.plan, "home-path", "/home/lan/.zoom");
  g_assert_cmpint (step->state, ==, ANTAM_REMOVAL_STEP_FAILED);
  g_assert_nonnull (strstr (step->message, "changed"));
  g_assert_true (exists_in (f.root, "home/lan/Documents/cong-van.odt"));
  g_assert_false (outcome->complete);
  fixture_close (&f);
}

static void
test_copy_cancelled (void)
{
  Fixture f = { 0 };
  g_autoptr(AntamRemovalOutcome) outcome = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  fixture_open (&f, antam_test_make_root ("base", "zoom-tarball", NULL));
  g_cancellable_cancel (cancellable);
  outcome = run_plan (f.plan, cancellable);
  g_assert_true (outcome->cancelled);
  g_assert_false (outcome->complete);
  g_assert_cmpuint (outcome->n_done, ==, 0);
  g_assert_true (exists_in (f.root, "opt/zoom"));
  for (guint i = 0; i < antam_removal_plan_get_n_steps (f.plan); i++)
    g_assert_cmpint (antam_removal_plan_get_step (f.plan, i)->state, ==, ANTAM_REMOVAL_STEP_SKIPPED);
  fixture_close (&f);
}

/* Never killed silently: without the user's word, nothing is removed. */
static void
test_copy_running (void)
{
  Fixture f = { 0 };
  g_autofree char *root = antam_test_make_root ("base", "zoom-leftovers", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *proc = g_build_filename (root, "proc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  AntamRemovalStep *step;

  antam_test_write (root, "proc/4242/comm", "zoom\n");
  f.root = g_strdup (root);
  f.sysroot = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);
  antam_sysroot_set_proc_dir (f.sysroot, proc);
  results = antam_removal_scan_app (f.sysroot, "zoom", &f.rules, NULL, &error);
  g_assert_no_error (error);
  f.plan = antam_removal_plan_new (f.sysroot, antam_rules_lookup (f.rules, "zoom"), results, &error);
  g_assert_no_error (error);

  g_assert_true (antam_removal_plan_has_running_app (f.plan));
  step = antam_removal_plan_get_step (f.plan, 0);
  g_assert_cmpint (step->action, ==, ANTAM_REMOVAL_END_PROCESS);
  g_assert_cmpstr (step->target, ==, "4242");

  {
    g_autoptr(AntamRemovalOutcome) outcome = run_plan (f.plan, NULL);
    g_assert_false (outcome->complete);
    g_assert_cmpint (step->state, ==, ANTAM_REMOVAL_STEP_FAILED);
    g_assert_cmpint (antam_removal_plan_get_step (f.plan, 1)->state, ==, ANTAM_REMOVAL_STEP_SKIPPED);
    g_assert_true (exists_in (root, "home/lan/.zoom"));
    g_assert_true (exists_in (root, "proc/4242"));
  }

  antam_removal_plan_set_end_running (f.plan, TRUE);
  {
    g_autoptr(AntamRemovalOutcome) outcome = run_plan (f.plan, NULL);
    g_assert_true (outcome->complete);
    g_assert_false (exists_in (root, "proc/4242"));
  }
  fixture_close (&f);
}

static void
test_trash_collision (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *host = g_build_filename (home, ".zoom", NULL);
      antam_test_write (root, "home/lan/.zoom", "x");
      g_assert_true (antam_trash_in_copy (sysroot, "/home/lan/.zoom", host, &error));
      g_assert_no_error (error);
    }
  g_assert_true (exists_in (root, "home/lan/.local/share/Trash/files/.zoom"));
  g_assert_true (exists_in (root, "home/lan/.local/share/Trash/files/.zoom.2"));
  g_assert_true (exists_in (root, "home/lan/.local/share/Trash/info/.zoom.2.trashinfo"));
  antam_test_remove_root (root);
}

/* ---- the guide ---------------------------------------------------------- */

static void
test_guide (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) guide = NULL;
  g_autofree char *text = NULL;
  gboolean deb_found = FALSE, snap_found = TRUE;

  fixture_open (&f, antam_test_make_root ("base", "zoom-deb", NULL));
  guide = antam_removal_guide_new (antam_rules_lookup (f.rules, "zoom"), f.plan);
  text = antam_removal_guide_to_text (guide);
  g_assert_nonnull (strstr (text, "sudo apt remove zoom\n"));
  g_assert_nonnull (strstr (text, "sudo dnf remove zoom\n"));
  g_assert_nonnull (strstr (text, "flatpak uninstall us.zoom.Zoom\n"));
  g_assert_nonnull (strstr (text, "rm -rf ~/.var/app/us.zoom.Zoom\n"));
  g_assert_nonnull (strstr (text, "sudo snap remove zoom-client\n"));
  g_assert_nonnull (strstr (text, "sudo rm -rf /opt/zoom "));
  g_assert_nonnull (strstr (text, "rm -rf ~/.zoom ~/.config/zoomus.conf"));
  g_assert_nonnull (strstr (text, "~/.config/autostart/zoom.desktop"));
  g_assert_nonnull (strstr (text, "zoommtg|zoomus"));

  for (guint i = 0; i < guide->len; i++)
    {
      AntamGuideSection *section = g_ptr_array_index (guide, i);
      if (g_str_equal (section->kind, "deb"))
        deb_found = section->found;
      if (g_str_equal (section->kind, "snap"))
        snap_found = section->found;
    }
  g_assert_true (deb_found);
  g_assert_false (snap_found);
  fixture_close (&f);
}

/* Texts come translated from core. */
static void
test_vietnamese (void)
{
  Fixture f = { 0 };
  g_autofree char *text = NULL;
  const char *old = g_getenv ("LANGUAGE");
  g_autofree char *saved = g_strdup (old);
  g_autofree char *saved_locale = g_strdup (setlocale (LC_MESSAGES, NULL));

  if (setlocale (LC_MESSAGES, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale");
      return;
    }
  g_setenv ("LANGUAGE", "vi", TRUE);
  fixture_open (&f, antam_test_make_root ("base", "zoom-leftovers", NULL));
  text = antam_removal_plan_to_text (f.plan);
  if (strstr (text, "Thùng rác") == NULL)
    {
      /* Only a build with the Vietnamese catalogue compiled can say it. */
      g_test_skip ("the Vietnamese catalogue is not built");
    }
  else
    {
      g_autoptr(AntamRemovalOutcome) outcome = run_plan (f.plan, NULL);
      g_assert_cmpstr (outcome->headline, ==, "Zoom đã được gỡ bỏ hoàn toàn");
    }
  fixture_close (&f);
  if (saved)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  /* gettext caches translations by locale, not by LANGUAGE: the other tests
   * read English again only once that cache is dropped. */
  setlocale (LC_MESSAGES, saved_locale);
  {
    extern int _nl_msg_cat_cntr;
    ++_nl_msg_cat_cntr;
  }
}

/* ---- never following a link -------------------------------------------- */

static void
test_safe_remove (void)
{
  g_autofree char *root = antam_test_make_root ("base", "zoom-tarball", NULL);
  g_autofree char *outside = g_dir_make_tmp ("antam-outside-XXXXXX", NULL);
  g_autofree char *precious = g_build_filename (outside, "precious", NULL);
  g_autofree char *link_inside = g_build_filename (root, "opt/zoom/to-outside", NULL);
  g_autofree char *opt_link = g_build_filename (root, "opt/zoom2", NULL);
  const char * const prefixes[] = { "/opt/zoom", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (precious, "keep", -1, NULL));
  g_assert_cmpint (symlink (outside, link_inside), ==, 0);
  g_assert_cmpint (symlink (outside, opt_link), ==, 0);

  g_assert_false (antam_safe_path_is_clean ("/opt/zoom/../etc"));
  g_assert_false (antam_safe_path_is_clean ("/opt//zoom"));
  g_assert_false (antam_safe_path_is_clean ("opt/zoom"));
  g_assert_false (antam_safe_path_is_clean ("/"));
  g_assert_true (antam_safe_path_is_clean ("/opt/zoom"));

  g_assert_false (antam_safe_remove (root, "/opt/zoom/../../etc", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A link as the path itself, pointing out: refused. */
  g_assert_false (antam_safe_remove (root, "/opt/zoom2", prefixes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_clear_error (&error);
  /* Through a link: refused. */
  g_assert_false (antam_safe_remove (root, "/opt/zoom2/precious", prefixes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_clear_error (&error);

  /* A link inside the tree is unlinked, its target untouched. */
  g_assert_true (antam_safe_remove (root, "/opt/zoom", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (exists_in (root, "opt/zoom"));
  g_assert_true (g_file_test (precious, G_FILE_TEST_IS_REGULAR));

  g_assert_false (antam_safe_remove (root, "/opt/zoom", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  antam_test_remove_root (outside);
  antam_test_remove_root (root);
}

/* From a Flatpak (a system view that maps the host's /usr and /etc from
 * /run/host): the same findings make a plan of steps for the user, which
 * says why, and whose text ends in the reason; nothing is for An Tâm. */
static void
test_plan_in_flatpak (void)
{
  g_autofree char *root = antam_test_make_root ("base", "zoom-deb", "zoom-leftovers", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) scanned = antam_sysroot_new (root, home, NULL);
  g_autoptr(AntamSysroot) sandboxed = antam_sysroot_new_live_for_host (root);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamRemovalPlan) plan = NULL;
  g_autoptr(GPtrArray) guide = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  AntamRules *rules = NULL;
  const AntamAppRule *rule;
  guint n_manual = 0;

  results = antam_removal_scan_app (scanned, "zoom", &rules, NULL, &error);
  g_assert_no_error (error);
  rule = antam_rules_lookup (rules, "zoom");
  plan = antam_removal_plan_new (sandboxed, rule, results, &error);
  g_assert_no_error (error);

  g_assert_true (antam_sysroot_is_sandboxed (sandboxed));
  g_assert_false (antam_removal_plan_can_act (plan));
  g_assert_nonnull (strstr (antam_removal_plan_get_reason (plan), "Flatpak"));
  g_assert_cmpuint (antam_removal_plan_get_n_steps (plan), >, 3);
  for (guint i = 0; i < antam_removal_plan_get_n_steps (plan); i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (plan, i);

      if (step->action == ANTAM_REMOVAL_WITH_OTHER_STEP)
        continue;
      g_assert_cmpint (step->action, ==, ANTAM_REMOVAL_MANUAL);
      g_assert_nonnull (strstr (step->description, "guide"));
      n_manual++;
    }
  g_assert_cmpuint (n_manual, >, 0);
  g_assert_nonnull (find_step (plan, "deb", "zoom"));
  g_assert_false (antam_removal_plan_needs_admin (plan));

  text = antam_removal_plan_to_text (plan);
  g_assert_nonnull (strstr (text, antam_removal_plan_get_reason (plan)));
  /* The guide still has the commands for each footprint. */
  guide = antam_removal_guide_new (rule, plan);
  g_assert_cmpuint (guide->len, >, 0);

  /* Outside a sandbox the same findings are An Tâm's to remove. */
  g_clear_pointer (&plan, antam_removal_plan_unref);
  plan = antam_removal_plan_new (scanned, rule, results, &error);
  g_assert_no_error (error);
  g_assert_true (antam_removal_plan_can_act (plan));
  g_assert_null (antam_removal_plan_get_reason (plan));
  g_assert_cmpint (find_step (plan, "deb", "zoom")->action, ==, ANTAM_REMOVAL_REMOVE_PACKAGE);

  antam_rules_free (rules);
  antam_test_remove_root (root);
}

/* -Dpackagekit=disabled (the Flatpak): removing a package on the live
 * machine fails at once, as when the daemon is absent, and points to the
 * guide.  Nothing is asked of any service. */
static void
test_live_package_without_packagekit (void)
{
#ifdef HAVE_PACKAGEKIT
  g_test_skip ("built with PackageKit: the end-to-end test removes a real package");
#else
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new ("/", "/nonexistent", NULL);
  g_autoptr(AntamRemovalPlan) plan = NULL;
  g_autoptr(AntamRemovalTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AntamAppRule rule = { 0 };
  AntamRemovalStep step = { 0 };

  rule.id = (char *) "zoom";
  rule.name = (char *) "Zoom";
  rule.remedy = ANTAM_REMEDY_UNINSTALL;
  plan = antam_removal_plan_new (sysroot, &rule, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (antam_removal_plan_acts_on_copy (plan));
  target = antam_removal_target_new (plan);

  step.action = ANTAM_REMOVAL_REMOVE_PACKAGE;
  step.kind = (char *) "deb";
  step.target = (char *) "antam-no-such-package";
  step.owner = -1;
  g_assert_false (target->vtable->remove_package (target, &step, &message, &error));
  g_assert_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE);
  g_assert_nonnull (strstr (error->message, "The guide shows the command"));
  g_assert_null (message);
#endif
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  antam_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/removal/plan/deb", test_plan_deb);
  g_test_add_func ("/removal/plan/flatpak-user", test_plan_flatpak_user);
  g_test_add_func ("/removal/plan/flatpak-system", test_plan_flatpak_system);
  g_test_add_func ("/removal/plan/snap", test_plan_snap);
  g_test_add_func ("/removal/plan/tarball", test_plan_tarball);
  g_test_add_func ("/removal/plan/leftovers", test_plan_leftovers);
  g_test_add_func ("/removal/plan/nothing", test_plan_nothing);
  g_test_add_func ("/removal/plan/not-uninstall", test_plan_not_uninstall);
  g_test_add_func ("/removal/plan/in-flatpak", test_plan_in_flatpak);
  g_test_add_func ("/removal/live/package-without-packagekit", test_live_package_without_packagekit);
  g_test_add_func ("/removal/copy/deb", test_copy_deb);
  g_test_add_func ("/removal/copy/deb-without-list", test_copy_deb_without_list);
  g_test_add_func ("/removal/copy/tarball", test_copy_tarball);
  g_test_add_func ("/removal/copy/flatpak-user", test_copy_flatpak_user);
  g_test_add_func ("/removal/copy/flatpak-system-and-snap", test_copy_flatpak_system_and_snap);
  g_test_add_func ("/removal/copy/needed-by-others", test_copy_needed_by_others);
  g_test_add_func ("/removal/copy/changed-path", test_copy_changed_path);
  g_test_add_func ("/removal/copy/cancelled", test_copy_cancelled);
  g_test_add_func ("/removal/copy/running", test_copy_running);
  g_test_add_func ("/removal/copy/trash-collision", test_trash_collision);
  g_test_add_func ("/removal/guide", test_guide);
  g_test_add_func ("/removal/vietnamese", test_vietnamese);
  g_test_add_func ("/removal/safe-remove", test_safe_remove);

  return g_test_run ();
}
