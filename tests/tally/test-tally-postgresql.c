/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "report-test-util.h"
#include "tally-test-util.h"
#include "tally/antam-tally-store.h"

/* antam-cli tally --db postgresql://…: a real PostgreSQL from Debian,
 * made by the test in a temporary folder (initdb) and started on
 * 127.0.0.1 only (pg_ctl), then stopped.  initdb refuses to run as root:
 * as root, the server runs as "nobody" through runuser.  Where the server
 * is not installed, the test says so and skips. */

typedef struct {
  char *dir;
  char *bindir;
  char *data;
  char *uri;
  gboolean started;
} Fixture;

static char *
find_bindir (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  const char *name;
  char *best = NULL;
  guint best_version = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
      guint version = (guint) g_ascii_strtoull (name, NULL, 10);

      if (version > best_version && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_free (best);
          best = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
          best_version = version;
        }
    }
  return best;
}

/* As root, through runuser as "nobody": PostgreSQL will not run as root. */
static gboolean
run_server_tool (Fixture            *f,
                 const char * const *args,
                 char              **output)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  if (getuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("nobody"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (f->bindir, args[0], NULL));
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    {
      *output = g_strdup (error->message);
      return FALSE;
    }
  *output = g_strconcat (out, err, NULL);
  return g_spawn_check_wait_status (status, NULL);
}


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;
  guint port;

  f->bindir = find_bindir ();
  if (f->bindir == NULL)
    return;
  f->dir = rt_make_tmpdir ("tally-postgresql");
  f->data = g_build_filename (f->dir, "data", NULL);
  log = g_build_filename (f->dir, "server.log", NULL);
  if (getuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      g_assert_cmpint (chown (f->dir, nobody->pw_uid, nobody->pw_gid), ==, 0);
    }

  {
    const char *args[] = { "initdb", "-D", f->data, "-U", "antam", "--auth=trust", "-E", "UTF8", "--no-locale", NULL };
    if (!run_server_tool (f, args, &out))
      g_error ("initdb failed: %s", out);
  }
  port = tt_free_port ();
  /* Loopback only, and the socket in the test's folder, not /run. */
  options = g_strdup_printf ("-c listen_addresses=127.0.0.1 -p %u -k %s", port, f->dir);
  {
    const char *args[] = { "pg_ctl", "-D", f->data, "-l", log, "-o", options, "-w", "-t", "60", "start", NULL };

    g_clear_pointer (&out, g_free);
    if (!run_server_tool (f, args, &out))
      {
        g_autofree char *server_log = NULL;

        g_file_get_contents (log, &server_log, NULL, NULL);
        g_error ("pg_ctl start failed: %s\n%s", out, server_log ? server_log : "");
      }
  }
  f->started = TRUE;
  /* A failed assertion skips the tear-down: a watcher stops the server
   * when this test is gone, however it ended. */
  {
    g_autofree char *script = g_strdup_printf ("while [ -d /proc/%d ]; do sleep 1; done; "
                                               "%s/pg_ctl -D '%s' -m immediate stop >/dev/null 2>&1",
                                               (int) getpid (), f->bindir, f->data);
    const char *as_nobody[] = { "runuser", "-u", "nobody", "--", "sh", "-c", script, NULL };
    g_autoptr(GSubprocess) watcher = g_subprocess_newv (getuid () == 0 ? as_nobody : as_nobody + 4,
                                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  }
  f->uri = g_strdup_printf ("postgresql://antam@127.0.0.1:%u/postgres", port);
  g_test_message ("PostgreSQL from %s on 127.0.0.1:%u", f->bindir, port);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->started)
    {
      const char *args[] = { "pg_ctl", "-D", f->data, "-m", "fast", "-w", "stop", NULL };
      g_autofree char *out = NULL;

      /* pg_ctl stops the server it started, by the PID in its data folder. */
      if (!run_server_tool (f, args, &out))
        g_test_message ("pg_ctl stop: %s", out);
    }
  if (f->dir != NULL)
    rt_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->bindir);
  g_free (f->data);
  g_free (f->uri);
}

/* Four machines' reports, an older one of the first, a training report. */
static const guint picked[] = { 0, 1, 2, 5, TT_TRAINING };


static double
number (const cJSON *node,
        const char  *a,
        const char  *b)
{
  const cJSON *at = cJSON_GetObjectItemCaseSensitive (node, a);

  if (b != NULL)
    at = cJSON_GetObjectItemCaseSensitive (at, b);
  g_assert_true (cJSON_IsNumber (at));
  return at->valuedouble;
}

static void
test_postgresql (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *folder = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

#ifndef HAVE_LIBPQ
  g_test_skip ("An Tâm was built without libpq (-Dpostgresql=disabled)");
  return;
#endif
  if (f->bindir == NULL)
    {
      g_test_skip ("The PostgreSQL server is not installed (no /usr/lib/postgresql/*/bin/initdb; "
                   "Debian: apt-get install postgresql)");
      return;
    }

  folder = g_build_filename (f->dir, "reports", NULL);
  g_mkdir (folder, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (picked); i++)
    {
      const TtReport *spec = &tt_reports[picked[i]];
      g_autoptr(AntamReportModel) model = tt_make_model (spec);
      g_autofree char *json = tt_report_json (model, spec);
      g_autofree char *name = g_strdup_printf ("%s.json", model->id);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_true (g_file_set_contents (path, json, -1, &error));
    }

  /* The same tables as in SQLite, made by the same migrations. */
  {
    g_autoptr(AntamTallyStore) store = antam_tally_store_open (f->uri, &error);

    g_assert_no_error (error);
    g_assert_cmpint (antam_tally_db_get_kind (antam_tally_store_get_db (store)), ==, ANTAM_TALLY_DB_POSTGRESQL);
    g_assert_cmpuint (antam_tally_store_get_version (store), ==, ANTAM_TALLY_STORE_VERSION);
  }

  {
    const char *args[] = { folder, "--db", f->uri, "--format", "json", NULL };
    cJSON *picture;

    out = tt_run_cli (args, "en", NULL, &err, &status);
    if (status != 0)
      g_printerr ("%s", err);
    g_assert_cmpint (status, ==, 0);
    tt_assert_contains (err, "5 messages or files read; 5 reports added; 0 already imported");
    tt_assert_contains (err, "1 of those added is a training report");
    picture = cJSON_Parse (out);
    g_assert_cmpint (number (picture, "totals", "machines"), ==, 3);
    g_assert_cmpint (number (picture, "totals", "units"), ==, 2);
    g_assert_cmpint (number (picture, "reports_counted", NULL), ==, 4);
    g_assert_cmpint (number (picture, "training_reports", NULL), ==, 1);
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (picture, "zoom")), ==, 1);
    cJSON_Delete (picture);
  }
  /* Twice: nothing added, the same picture. */
  {
    const char *args[] = { folder, "--db", f->uri, "--format", "csv", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 0);
    tt_assert_contains (err, "5 messages or files read; 0 reports added; 5 already imported");
    tt_assert_contains (out, "Province total,3,");
  }
  /* A database that is not there: a clear error, and never the password. */
  {
    g_autofree char *server = g_strndup (f->uri, strrchr (f->uri, '/') - f->uri);
    g_autofree char *with_secret = g_strdup_printf ("%s/khong-co?password=bi-mat", server);
    const char *args[] = { "--db", with_secret, NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 70);
    tt_assert_contains (err, "Database error:");
    tt_assert_contains (err, "khong-co");
    g_assert_null (strstr (err, "bi-mat"));
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  antam_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tally/postgresql", Fixture, NULL, fixture_set_up, test_postgresql, fixture_tear_down);
  return g_test_run ();
}
