/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* unshare */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "report/antam-outbox.h"
#include "report/antam-secrets.h"
#include "report/antam-send.h"
#include "antam-test-schema.h"
#include "report-test-util.h"

/* antam-cli report and remind, run as a user would, against the real
 * parts: an SMTP server on 127.0.0.1, GNOME Keyring and a notification
 * daemon (python3-dbusmock) on a private session bus (GTestDBus) that this
 * program starts, so the test needs no desktop. */

static GTestDBus *bus;

static void
write_keyfile (const char *extra)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *text = g_strdup_printf ("[io/github/antam/AnTam]\n"
                                           "sender-name='Nguyễn Thị Lan'\n"
                                           "sender-unit='Văn phòng UBND huyện Châu Thành'\n"
                                           "sender-email='ntlan@chauthanh.kiengiang.gov.vn'\n"
                                           "%s", extra ? extra : "");

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
write_smtp_keyfile (guint       port,
                    const char *server,
                    const char *security,
                    const char *user)
{
  g_autofree char *extra = g_strdup_printf ("report-channel='smtp'\nsmtp-server='%s'\nsmtp-port=%u\n"
                                            "smtp-security='%s'\nsmtp-user='%s'\n",
                                            server, port, security, user ? user : "");
  write_keyfile (extra);
}

/* The last check, as the app saves it. */
static void
write_state (GDateTime *generated)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "antam", NULL);
  g_autofree char *report_path = g_build_filename (dir, "last-report.json", NULL);
  g_autofree char *state_path = g_build_filename (dir, "state.json", NULL);
  g_autofree char *report = antam_report_to_json (model->results, model->system,
                                                  generated ? generated : model->generated);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (report_path, report, -1, NULL));
  g_assert_true (g_file_set_contents (state_path,
                                      "{\"schema\": \"antam.state/1\", \"step\": 8,"
                                      " \"answers\": {\"meeting-password\": \"no\"}}", -1, NULL));
}

/* antam-cli with @args (after "antam-cli"), in the test's isolated dirs. */
static GSubprocess *
spawn_cliv (GSubprocessFlags    flags,
            const char * const *env,
            const char * const *args,
            GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  /* The test's isolated dirs, which GLib keeps for this process only. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  for (guint i = 0; env && env[i]; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  g_ptr_array_add (argv, (gpointer) g_getenv ("ANTAM_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

static GSubprocess *
spawn_cli_va (GSubprocessFlags    flags,
              const char * const *env,
              GError            **error,
              va_list             ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);
  return spawn_cliv (flags, env, (const char * const *) args->pdata, error);
}

static GSubprocess *
spawn_cli (GSubprocessFlags    flags,
           const char * const *env,
           GError            **error,
           ...)
{
  GSubprocess *process;
  va_list ap;

  va_start (ap, error);
  process = spawn_cli_va (flags, env, error, ap);
  va_end (ap);
  return process;
}

#define RUN_CLI(out, status, env, ...) \
  G_STMT_START { \
    g_autoptr(GError) run_error_ = NULL; \
    g_autoptr(GSubprocess) run_ = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_PIPE, env, &run_error_, __VA_ARGS__, NULL); \
    g_assert_no_error (run_error_); \
    g_assert_true (g_subprocess_communicate_utf8 (run_, NULL, NULL, out, NULL, &run_error_)); \
    g_assert_no_error (run_error_); \
    *(status) = g_subprocess_get_exit_status (run_); \
  } G_STMT_END

static GPtrArray *
outbox_entries (void)
{
  g_autofree char *outbox = antam_outbox_get_default_dir ();
  GPtrArray *entries = antam_outbox_list (outbox, NULL);

  antam_test_report_keep_outbox (outbox);
  g_assert_nonnull (entries);
  return entries;
}

/* ---- Formats ------------------------------------------------------------- */

static void
test_json_from_state (void)
{
  g_autofree char *out = NULL;
  cJSON *root;
  int status;

  write_state (NULL);
  write_keyfile (NULL);
  RUN_CLI (&out, &status, NULL, "report", "--format", "json", "--withhold", "hostname");
  g_assert_cmpint (status, ==, 0);
  root = cJSON_Parse (out);
  g_assert_nonnull (root);
  antam_test_report_keep (out, -1);
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "recipient"), "email")->valuestring, ==,
                   "dvhung.sttt@kiengiang.gov.vn");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "sender"), "name")->valuestring, ==,
                   "Nguyễn Thị Lan");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "answers"), "meeting-password")->valuestring,
                   ==, "no");
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (root, "results")), ==, 4);
  g_assert_null (cJSON_GetObjectItem (cJSON_GetObjectItem (root, "system"), "hostname"));
  cJSON_Delete (root);
  /* Nothing was queued: only --send does. */
  g_assert_cmpuint (outbox_entries ()->len, ==, 0);
}

static void
test_pdf_and_text (void)
{
  g_autofree char *dir = rt_make_tmpdir ("cli-pdf");
  g_autofree char *pdf = g_build_filename (dir, "phieu.pdf", NULL);
  g_autofree char *text = g_build_filename (dir, "thu.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  GStatBuf st;
  int status;

  write_state (NULL);
  write_keyfile (NULL);
  RUN_CLI (&out, &status, NULL, "report", "--format", "pdf", "-o", pdf);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&contents, g_free);

  g_clear_pointer (&out, g_free);
  RUN_CLI (&out, &status, NULL, "report", "-o", text);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (text, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Subject: "));
  g_assert_nonnull (strstr (contents, "Nguyễn Thị Lan"));

  g_clear_pointer (&out, g_free);
  RUN_CLI (&out, &status, NULL, "report", "--format", "xml");
  g_assert_cmpint (status, ==, 64);
  g_clear_pointer (&out, g_free);
  RUN_CLI (&out, &status, NULL, "report", "--withhold", "everything");
  g_assert_cmpint (status, ==, 64);
  rt_rm_rf (dir);
}

/* ---- Sending ------------------------------------------------------------- */

static void
test_send_smtp (void)
{
  g_autofree char *dir = rt_make_tmpdir ("cli-smtp");
  g_autoptr(RtSmtpServer) server = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *out = NULL;
  cJSON *message;
  int status;

  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  server = rt_smtp_server_start (dir, NULL);
  write_state (NULL);
  write_smtp_keyfile (server->port, "127.0.0.1", "none", NULL);

  RUN_CLI (&out, &status, NULL, "report", "--send");
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  /* What was sent was shown first. */
  g_assert_nonnull (strstr (out, "Nguyễn Thị Lan"));
  g_assert_nonnull (strstr (out, "by e-mail, to dvhung.sttt@kiengiang.gov.vn."));

  message = rt_smtp_server_wait_message (server, 1, 5000);
  g_assert_nonnull (message);
  g_assert_cmpstr (cJSON_GetArrayItem (cJSON_GetObjectItem (message, "rcpt_tos"), 0)->valuestring, ==,
                   "dvhung.sttt@kiengiang.gov.vn");
  entries = outbox_entries ();
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((AntamOutboxEntry *) g_ptr_array_index (entries, 0))->state, ==, ANTAM_OUTBOX_SENT);
  g_assert_cmpstr (cJSON_GetObjectItem (message, "report_id")->valuestring, ==,
                   ((AntamOutboxEntry *) g_ptr_array_index (entries, 0))->id);
  cJSON_Delete (message);
  rt_rm_rf (dir);
}

static void
test_send_refused_plain (void)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *out = NULL;
  AntamOutboxEntry *entry;
  int status;

  write_state (NULL);
  /* Refused before any connection is made. */
  write_smtp_keyfile (25, "10.20.30.40", "none", NULL);
  RUN_CLI (&out, &status, NULL, "report", "--send");
  /* A setting must change: not "try later". */
  g_assert_cmpint (status, ==, 78);
  entries = outbox_entries ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->state, ==, ANTAM_OUTBOX_PENDING);
  g_assert_cmpint (entry->failure, ==, ANTAM_OUTBOX_FAILURE_PERMANENT);
  g_assert_nonnull (strstr (entry->last_error, "10.20.30.40"));
}

/* Runs antam-cli, with its standard error too. */
static int
run_cli_err (char              **out,
             char              **err,
             const char * const *env,
             ...)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, env);
  process = spawn_cli_va (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, env, &error, args);
  va_end (args);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_test_message ("antam-cli said:\n%s%s", *out, *err);
  return g_subprocess_get_exit_status (process);
}

static AntamOutboxEntry *
find_entry (GPtrArray  *entries,
            const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((AntamOutboxEntry *) g_ptr_array_index (entries, i))->id, id))
      return g_ptr_array_index (entries, i);
  g_assert_not_reached ();
}

/* The sender is killed while the server holds its answer to the whole
 * message: the outbox says the report may have been delivered, the next
 * send does not deliver a second copy of it, the retry does not either
 * (not within a day), and the user can send it again, as the same
 * report. */
static void
test_sigkill_while_reply_held (void)
{
  g_autofree char *dir = rt_make_tmpdir ("cli-kill");
  g_autofree char *dir2 = rt_make_tmpdir ("cli-kill2");
  g_autofree char *held = NULL;
  g_autoptr(RtSmtpServer) server = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *killed_id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  AntamOutboxEntry *entry;
  cJSON *first, *second;
  int status;

  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  write_state (NULL);
  {
    const char *hold[] = { "--hold", NULL };
    server = rt_smtp_server_start (dir, hold);
  }
  write_smtp_keyfile (server->port, "127.0.0.1", "none", NULL);

  child = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL, &error,
                     "report", "--send", NULL);
  g_assert_no_error (error);
  held = g_build_filename (server->received, "held", NULL);
  g_assert_true (rt_wait_for_file (held, 20000));
  g_test_message ("the server holds its answer; killing antam-cli (pid %s)", g_subprocess_get_identifier (child));
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (child));

  entries = outbox_entries ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->state, ==, ANTAM_OUTBOX_MAYBE_DELIVERED);
  g_assert_cmpuint (entry->attempts, ==, 1);
  killed_id = g_strdup (entry->id);
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_clear_pointer (&server, rt_smtp_server_stop);

  /* The user sees it so. */
  status = run_cli_err (&out, &err, NULL, "report", "--outbox", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "May have been delivered"));
  g_assert_nonnull (strstr (out, killed_id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Next run, the server works again: the new report goes, the old one
   * does not go twice. */
  server = rt_smtp_server_start (dir2, NULL);
  write_smtp_keyfile (server->port, "127.0.0.1", "none", NULL);
  status = run_cli_err (&out, &err, NULL, "report", "--send", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (out, "earlier report"));
  first = rt_smtp_server_wait_message (server, 1, 5000);
  g_assert_nonnull (first);
  g_assert_cmpstr (cJSON_GetObjectItem (first, "report_id")->valuestring, !=, killed_id);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli_err (&out, &err, NULL, "report", "--retry", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "May have been delivered, not sent again now"));
  g_assert_cmpuint (rt_smtp_server_count (server), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The user decides to send it again: the same report id. */
  status = run_cli_err (&out, &err, NULL, "report", "--resend", killed_id, NULL);
  g_assert_cmpint (status, ==, 0);
  second = rt_smtp_server_wait_message (server, 2, 5000);
  g_assert_nonnull (second);
  g_assert_cmpstr (cJSON_GetObjectItem (second, "report_id")->valuestring, ==, killed_id);
  entries = outbox_entries ();
  g_assert_cmpuint (entries->len, ==, 2);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpint (((AntamOutboxEntry *) g_ptr_array_index (entries, i))->state, ==, ANTAM_OUTBOX_SENT);
  g_assert_cmpuint (find_entry (entries, killed_id)->attempts, ==, 2);
  cJSON_Delete (first);
  cJSON_Delete (second);
  rt_rm_rf (dir);
  rt_rm_rf (dir2);
}

/* --retry sends what waits and makes nothing new; a connection error is
 * said once for two reports; --outbox lists them with state, date, team
 * and the last error in words. */
static void
test_retry_and_outbox (void)
{
  g_autofree char *dir = rt_make_tmpdir ("cli-retry");
  g_autoptr(RtSmtpServer) server = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  write_state (NULL);
  /* Nothing listens on port 9 of this computer. */
  write_smtp_keyfile (9, "127.0.0.1", "none", NULL);
  status = run_cli_err (&out, &err, NULL, "report", "--send", NULL);
  g_assert_cmpint (status, ==, 75);
  g_assert_nonnull (strstr (err, "Not sent yet"));
  g_assert_nonnull (strstr (err, "sent again by itself"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A second report fails alike: the reason is not said twice. */
  status = run_cli_err (&out, &err, NULL, "report", "--send", NULL);
  g_assert_cmpint (status, ==, 75);
  g_assert_nonnull (strstr (err, "Could not connect to the server"));
  g_assert_null (strstr (strstr (err, "Could not connect to the server") + 1, "Could not connect to the server"));
  g_assert_nonnull (strstr (err, "For the same reason."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli_err (&out, &err, NULL, "report", "--outbox", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Waiting to be sent — "));
  g_assert_nonnull (strstr (out, "(UTC"));
  g_assert_nonnull (strstr (out, "Kiên Giang"));
  g_assert_nonnull (strstr (out, "Tried 2 times. Could not connect to the server"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The server is there now: --retry sends the two, and nothing new. */
  server = rt_smtp_server_start (dir, NULL);
  write_smtp_keyfile (server->port, "127.0.0.1", "none", NULL);
  status = run_cli_err (&out, &err, NULL, "report", "--retry", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Sent to Kiên Giang Provincial Computer Incident Response Team by e-mail, "
                                 "to dvhung.sttt@kiengiang.gov.vn."));
  g_assert_cmpuint (rt_smtp_server_count (server), ==, 2);
  entries = outbox_entries ();
  g_assert_cmpuint (entries->len, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli_err (&out, &err, NULL, "report", "--retry", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Nothing is waiting in the outbox."));
  g_assert_cmpuint (rt_smtp_server_count (server), ==, 2);
  rt_rm_rf (dir);
}

/* ---- A full disk ---------------------------------------------------------- */

static gboolean have_mount_namespace;

/* A small tmpfs over the data dir, in this test's own mount namespace (so
 * it goes with the test, whatever happens). */
static char *
mount_small_disk (void)
{
  const char *data = g_get_user_data_dir ();

  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  if (mount ("antam-test", data, "tmpfs", 0, "size=2m,mode=0700") != 0)
    g_error ("mount tmpfs on %s: %s", data, g_strerror (errno));
  return g_build_filename (data, "filler", NULL);
}

static void
fill_disk (const char *filler)
{
  static char block[64 * 1024];
  FILE *file = fopen (filler, "w");

  g_assert_nonnull (file);
  while (fwrite (block, 1, sizeof block, file) == sizeof block && fflush (file) == 0)
    ;
  fclose (file);
}

static void
test_full_disk (void)
{
  g_autofree char *dir = rt_make_tmpdir ("cli-full");
  g_autofree char *filler = NULL;
  g_autofree char *held = NULL;
  g_autofree char *release = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(RtSmtpServer) server = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!have_mount_namespace)
    {
      g_test_skip ("A full disk is made with a small tmpfs, which needs root (and a mount namespace)");
      return;
    }
  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  filler = mount_small_disk ();
  write_state (NULL);
  {
    const char *hold[] = { "--hold", NULL };
    server = rt_smtp_server_start (dir, hold);
  }
  write_smtp_keyfile (server->port, "127.0.0.1", "none", NULL);

  /* Full before anything: the report cannot even be kept.  Said plainly,
   * with its own exit code. */
  fill_disk (filler);
  status = run_cli_err (&out, &err, NULL, "report", "--send", NULL);
  g_assert_cmpint (status, ==, 73);
  g_assert_nonnull (strstr (err, "There is no room left on the disk"));
  g_assert_null (strstr (err, "Failed to"));
  g_assert_null (strstr (err, "No space left on device"));
  g_assert_cmpuint (rt_smtp_server_count (server), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Room again; the disk fills while the server holds its answer: the
   * report went, the outbox could not write it down, and says "may have
   * been delivered", not "pending". */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  child = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, NULL, &error,
                     "report", "--send", NULL);
  g_assert_no_error (error);
  held = g_build_filename (server->received, "held", NULL);
  g_assert_true (rt_wait_for_file (held, 20000));
  fill_disk (filler);
  release = g_build_filename (server->received, "release", NULL);
  g_assert_true (g_file_set_contents (release, "", 0, NULL));
  g_assert_true (g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error));
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  g_assert_nonnull (strstr (out, "Sent to "));
  g_assert_nonnull (strstr (err, "could not write down that it was sent"));
  g_assert_cmpuint (rt_smtp_server_count (server), ==, 1);
  g_assert_cmpint (g_unlink (filler), ==, 0);

  entries = outbox_entries ();
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((AntamOutboxEntry *) g_ptr_array_index (entries, 0))->state, ==,
                   ANTAM_OUTBOX_MAYBE_DELIVERED);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* And the retry does not send it twice. */
  g_assert_true (g_file_set_contents (release, "", 0, NULL));
  status = run_cli_err (&out, &err, NULL, "report", "--retry", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (rt_smtp_server_count (server), ==, 1);

  g_clear_pointer (&server, rt_smtp_server_stop);
  g_assert_cmpint (umount2 (g_get_user_data_dir (), MNT_DETACH), ==, 0);
  rt_rm_rf (dir);
}

/* ---- The keyring ----------------------------------------------------------- */

static void
test_keyring_password (void)
{
  const char *password = "Mật-khẩu 2026!";
  g_autofree char *dir = rt_make_tmpdir ("cli-keyring");
  g_autofree char *keyring_home = rt_make_tmpdir ("keyring-home");
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *found = NULL;
  g_autofree char *out = NULL;
  g_autofree char *where = NULL;
  g_autofree char *isolated = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autoptr(RtSmtpServer) server = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *message;
  int status;

  if (g_find_program_in_path ("gnome-keyring-daemon") == NULL)
    {
      g_test_skip ("No Secret Service: gnome-keyring-daemon is not installed (install gnome-keyring)");
      return;
    }
  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  keyring = rt_start_keyring (keyring_home);
  if (keyring == NULL)
    {
      g_test_skip ("No Secret Service: gnome-keyring-daemon did not start on the test bus");
      return;
    }

  /* Stored once ("remember"), and read back. */
  g_assert_true (antam_secret_store_smtp ("localhost", "lan", password, NULL, &error));
  g_assert_no_error (error);
  found = antam_secret_lookup_smtp ("localhost", "lan", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, password);
  g_clear_pointer (&found, g_free);
  found = antam_secret_lookup_smtp ("localhost", "someone-else", NULL, &error);
  g_assert_null (found);

  /* antam-cli finds it there and logs in with it, over STARTTLS. */
  cert = rt_make_certificate (dir, &key);
  {
    g_autofree char *auth = g_strdup_printf ("lan:%s", password);
    const char *args[] = { "--starttls", cert, key, "--auth", auth, NULL };
    server = rt_smtp_server_start (dir, args);
  }
  write_state (NULL);
  write_smtp_keyfile (server->port, "localhost", "starttls", "lan");
  {
    const char *env[] = { "ANTAM_TEST_CA_FILE", cert, NULL };
    RUN_CLI (&out, &status, env, "report", "--send");
  }
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  message = rt_smtp_server_wait_message (server, 1, 5000);
  g_assert_nonnull (message);
  cJSON_Delete (message);

  /* And it never reached a file of ours: not in HOME, the settings, the
   * outbox or the state, all under the isolated dirs. */
  isolated = g_path_get_dirname (g_get_home_dir ());
  g_test_message ("searching %s for the password", isolated);
  if (rt_tree_contains (isolated, password, &where))
    g_error ("The password is in %s", where);
  if (rt_tree_contains (keyring_home, password, &where))
    g_test_message ("note: the keyring's own file %s holds it in clear", where);

  g_assert_true (antam_secret_clear_smtp ("localhost", "lan", NULL, NULL));
  g_subprocess_send_signal (keyring, SIGTERM);
  g_subprocess_wait (keyring, NULL, NULL);
  rt_rm_rf (dir);
  rt_rm_rf (keyring_home);
}

/* ---- Notifications ------------------------------------------------------- */

static GSubprocess *
start_notification_daemon (void)
{
  const char *argv[] = { rt_python (), "-m", "dbusmock", "--template", "notification_daemon",
                         "-p", "{\"capabilities\": \"body actions\"}", NULL };
  g_autoptr(GError) error = NULL;
  GSubprocess *daemon;

  daemon = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  if (!rt_wait_for_bus_name ("org.freedesktop.Notifications", 10000))
    {
      g_subprocess_force_exit (daemon);
      g_object_unref (daemon);
      return NULL;
    }
  return daemon;
}

static void
stop_daemon (GSubprocess *daemon)
{
  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, NULL);
  g_object_unref (daemon);
  /* The name must be free for the next test's daemon. */
  {
    g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
    for (guint i = 0; i < 100; i++)
      {
        g_autoptr(GVariant) reply =
          g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
        gboolean owned = TRUE;
        if (reply)
          g_variant_get (reply, "(b)", &owned);
        if (!owned)
          break;
        g_usleep (50 * 1000);
      }
  }
}

/* The Notify calls the daemon recorded: (summary, body, actions). */
static GPtrArray *
get_notify_calls (void)
{
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) calls = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *notifies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  const char *method;
  GVariant *args;
  guint64 when;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications", "org.freedesktop.DBus.Mock",
                                       "GetCalls", NULL, G_VARIANT_TYPE ("(a(tsav))"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(a(tsav))", &calls);
  while (g_variant_iter_next (calls, "(t&s@av)", &when, &method, &args))
    {
      if (g_str_equal (method, "Notify"))
        g_ptr_array_add (notifies, args);
      else
        g_variant_unref (args);
    }
  return notifies;
}

static char *
notify_arg_string (GVariant *args,
                   guint     index)
{
  g_autoptr(GVariant) boxed = g_variant_get_child_value (args, index);
  g_autoptr(GVariant) value = g_variant_get_variant (boxed);

  return g_variant_dup_string (value, NULL);
}

static void
test_remind_fresh_silent (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) recent = g_date_time_add_days (now, -3);
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *out = NULL;
  GSubprocess *daemon;
  int status;

  daemon = start_notification_daemon ();
  if (daemon == NULL)
    {
      g_test_skip ("python3-dbusmock's notification daemon did not start");
      return;
    }
  write_keyfile (NULL);
  write_state (recent);
  RUN_CLI (&out, &status, NULL, "remind", "--wait", "0");
  g_assert_cmpint (status, ==, 0);
  calls = get_notify_calls ();
  g_assert_cmpuint (calls->len, ==, 0);
  stop_daemon (daemon);
}

static void
test_remind_old_notifies_and_opens (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) old = g_date_time_add_days (now, -45);
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GSubprocess) remind = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bin = rt_make_tmpdir ("fake-app");
  g_autofree char *fake = g_build_filename (bin, "antam", NULL);
  g_autofree char *opened = g_build_filename (bin, "opened", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho \"$@\" > '%s'\n", opened);
  g_autofree char *path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder signal_args;
  GSubprocess *daemon;

  daemon = start_notification_daemon ();
  if (daemon == NULL)
    {
      g_test_skip ("python3-dbusmock's notification daemon did not start");
      return;
    }
  /* The app the action opens: a stand-in that says it ran. */
  g_assert_true (g_file_set_contents (fake, script, -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);

  write_keyfile (NULL);
  write_state (old);
  {
    const char *env[] = { "PATH", path, NULL };
    remind = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, env, &error, "remind", "--wait", "30", NULL);
  }
  g_assert_no_error (error);

  for (guint i = 0; i < 200; i++)
    {
      g_clear_pointer (&calls, g_ptr_array_unref);
      calls = get_notify_calls ();
      if (calls->len > 0)
        break;
      g_usleep (50 * 1000);
    }
  g_assert_cmpuint (calls->len, ==, 1);
  summary = notify_arg_string (g_ptr_array_index (calls, 0), 3);
  body = notify_arg_string (g_ptr_array_index (calls, 0), 4);
  g_test_message ("Notify: %s — %s", summary, body);
  g_assert_cmpstr (summary, ==, "Time to check this computer again");
  g_assert_nonnull (strstr (body, "45 days"));

  /* The user presses the button. */
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_variant_builder_init (&signal_args, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&signal_args, "v", g_variant_new_uint32 (1));
  g_variant_builder_add (&signal_args, "v", g_variant_new_string ("open"));
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications", "org.freedesktop.DBus.Mock",
                                       "EmitSignal",
                                       g_variant_new ("(sssav)", "org.freedesktop.Notifications",
                                                      "ActionInvoked", "us", &signal_args),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (remind, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (remind), ==, 0);
  g_assert_true (rt_wait_for_file (opened, 5000));

  stop_daemon (daemon);
  rt_rm_rf (bin);
}

/* The reminder as its autostart entry starts it at login: in the language
 * of the app, not in the session's. */
static void
test_remind_speaks_app_language (void)
{
  g_autofree char *desktop = g_test_build_filename (G_TEST_DIST, "..", "..", "data",
                                                    "io.github.antam.AnTam-remind.desktop.in", NULL);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) old = g_date_time_add_days (now, -45);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *exec = NULL;
  g_auto(GStrv) exec_argv = NULL;
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  GSubprocess *daemon;
  struct {
    const char *saved;            /* chosen in the app, or NULL */
    const char *session_language; /* LANGUAGE of the session */
    const char *summary;
    const char *days;
  } cases[] = {
    { NULL, "", "Đã đến lúc kiểm tra lại máy tính", "45 ngày" },
    { "en", "", "Time to check this computer again", "45 days" },
    { "en", "vi", "Time to check this computer again", "45 days" },
    { "vi", "en", "Đã đến lúc kiểm tra lại máy tính", "45 ngày" },
  };

  g_assert_true (g_key_file_load_from_file (entry, desktop, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_true (g_shell_parse_argv (exec, NULL, &exec_argv, &error));
  g_assert_cmpstr (exec_argv[0], ==, "antam-cli");
  for (guint i = 1; exec_argv[i] != NULL; i++)
    g_ptr_array_add (args, exec_argv[i]);
  /* Not waiting ten minutes for the button. */
  g_ptr_array_add (args, (gpointer) "--wait");
  g_ptr_array_add (args, (gpointer) "0");
  g_ptr_array_add (args, NULL);

  daemon = start_notification_daemon ();
  if (daemon == NULL)
    {
      g_test_skip ("python3-dbusmock's notification daemon did not start");
      return;
    }
  write_state (old);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *saved = cases[i].saved ? g_strdup_printf ("language='%s'\n", cases[i].saved) : NULL;
      const char *env[] = { "LANGUAGE", cases[i].session_language, NULL };
      g_autoptr(GSubprocess) remind = NULL;
      g_autoptr(GPtrArray) calls = NULL;
      g_autoptr(GVariant) cleared = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *body = NULL;

      write_keyfile (saved);
      remind = spawn_cliv (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, env, (const char * const *) args->pdata, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait_check (remind, NULL, &error));
      g_assert_no_error (error);

      calls = get_notify_calls ();
      g_assert_cmpuint (calls->len, ==, 1);
      summary = notify_arg_string (g_ptr_array_index (calls, 0), 3);
      body = notify_arg_string (g_ptr_array_index (calls, 0), 4);
      g_test_message ("chosen in the app: %s, session LANGUAGE=%s: %s — %s",
                      cases[i].saved ? cases[i].saved : "nothing", cases[i].session_language, summary, body);
      g_assert_cmpstr (summary, ==, cases[i].summary);
      g_assert_nonnull (strstr (body, cases[i].days));

      cleared = g_dbus_connection_call_sync (connection, "org.freedesktop.Notifications",
                                             "/org/freedesktop/Notifications", "org.freedesktop.DBus.Mock",
                                             "ClearCalls", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
    }

  stop_daemon (daemon);
}

/* At login the reminder sends what waits before it reminds. */
static void
test_remind_retries_first (void)
{
  g_autofree char *dir = rt_make_tmpdir ("cli-remind-retry");
  g_autofree char *outbox = antam_outbox_get_default_dir ();
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autoptr(AntamOutboxEntry) entry = NULL;
  g_autoptr(AntamOutboxEntry) after = NULL;
  g_autoptr(RtSmtpServer) server = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) recent = g_date_time_add_days (now, -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  cJSON *message;
  int status;

  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  entry = antam_outbox_add_report (outbox, model, ANTAM_CHANNEL_SMTP, &error);
  g_assert_no_error (error);
  server = rt_smtp_server_start (dir, NULL);
  write_smtp_keyfile (server->port, "127.0.0.1", "none", NULL);
  write_state (recent);

  status = run_cli_err (&out, &err, NULL, "remind", "--wait", "0", NULL);
  g_assert_cmpint (status, ==, 0);
  message = rt_smtp_server_wait_message (server, 1, 5000);
  g_assert_nonnull (message);
  g_assert_cmpstr (cJSON_GetObjectItem (message, "report_id")->valuestring, ==, entry->id);
  after = antam_outbox_entry_load (entry->dir, NULL);
  g_assert_cmpint (after->state, ==, ANTAM_OUTBOX_SENT);
  cJSON_Delete (message);
  rt_rm_rf (dir);
}

/* A check made with antam-cli counts: the reminder does not say "not
 * checked yet" after it. */
static void
test_remind_sees_cli_scan (void)
{
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "antam", "last-report.json", NULL);
  GSubprocess *daemon;
  int status;

  daemon = start_notification_daemon ();
  if (daemon == NULL)
    {
      g_test_skip ("python3-dbusmock's notification daemon did not start");
      return;
    }
  write_keyfile (NULL);
  g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
  run_cli_err (&out, &err, NULL, "scan", NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli_err (&out, &err, NULL, "remind", "--wait", "0", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (out, "not been checked"));
  calls = get_notify_calls ();
  g_assert_cmpuint (calls->len, ==, 0);
  stop_daemon (daemon);
}

static void
test_send_notifies (void)
{
  g_autofree char *dir = rt_make_tmpdir ("cli-notify");
  g_autoptr(RtSmtpServer) server = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *out = NULL;
  g_autofree char *summary = NULL;
  GSubprocess *daemon;
  int status;

  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  daemon = start_notification_daemon ();
  if (daemon == NULL)
    {
      g_test_skip ("python3-dbusmock's notification daemon did not start");
      return;
    }
  server = rt_smtp_server_start (dir, NULL);
  write_state (NULL);

  write_smtp_keyfile (server->port, "127.0.0.1", "none", NULL);
  RUN_CLI (&out, &status, NULL, "report", "--send");
  g_assert_cmpint (status, ==, 0);
  write_smtp_keyfile (1, "192.168.1.20", "none", NULL);
  g_clear_pointer (&out, g_free);
  RUN_CLI (&out, &status, NULL, "report", "--send");
  g_assert_cmpint (status, ==, 78);

  calls = get_notify_calls ();
  g_assert_cmpuint (calls->len, ==, 2);
  summary = notify_arg_string (g_ptr_array_index (calls, 0), 3);
  g_assert_cmpstr (summary, ==, "Report sent");
  g_free (summary);
  summary = notify_arg_string (g_ptr_array_index (calls, 1), 3);
  g_assert_cmpstr (summary, ==, "Report not sent");

  stop_daemon (daemon);
  rt_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  /* Before any thread starts: a mount namespace of our own, for the
   * small disk the full-disk test mounts. */
  have_mount_namespace = geteuid () == 0 && unshare (CLONE_NEWNS) == 0 &&
                         mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  antam_i18n_set_language ("en");

  /* A private session bus for the keyring and the notification daemon. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  g_test_add_func ("/cli-report/json-from-state", test_json_from_state);
  g_test_add_func ("/cli-report/pdf-and-text", test_pdf_and_text);
  g_test_add_func ("/cli-report/send-smtp", test_send_smtp);
  g_test_add_func ("/cli-report/send-refused-plain", test_send_refused_plain);
  g_test_add_func ("/cli-report/sigkill-while-reply-held", test_sigkill_while_reply_held);
  g_test_add_func ("/cli-report/retry-and-outbox", test_retry_and_outbox);
  g_test_add_func ("/cli-report/full-disk", test_full_disk);
  g_test_add_func ("/cli-report/keyring-password", test_keyring_password);
  g_test_add_func ("/cli-report/send-notifies", test_send_notifies);
  g_test_add_func ("/cli-remind/fresh-is-silent", test_remind_fresh_silent);
  g_test_add_func ("/cli-remind/old-notifies-and-opens", test_remind_old_notifies_and_opens);
  g_test_add_func ("/cli-remind/speaks-app-language", test_remind_speaks_app_language);
  g_test_add_func ("/cli-remind/retries-first", test_remind_retries_first);
  g_test_add_func ("/cli-remind/sees-cli-scan", test_remind_sees_cli_scan);
  antam_test_report_add_validation ();
  ret = g_test_run ();

  /* Stop, not down: libsecret and GDBus keep the connection until exit. */
  g_test_dbus_stop (bus);

  return ret;
}
