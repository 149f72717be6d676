/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "antam-i18n.h"
#include "report/antam-outbox.h"
#include "report/antam-send.h"
#include "antam-test-schema.h"
#include "report-test-util.h"

/* The HTTPS POST channel against a real HTTPS server on 127.0.0.1
 * (tests/report/https-server.py: Debian's Python, http.server and ssl, with a
 * certificate made now by openssl), which records each request.  The report
 * leaves the outbox only on a 2xx; a 500, a refused token or a certificate
 * we do not trust keep it pending, with the error. */

#define TOKEN "TOKEN-kg-2026-7f3a9c"

typedef struct {
  GSubprocess *process;
  guint port;
  char *record_dir;
} HttpsServer;

typedef struct {
  char *dir;
  char *outbox;
  char *cert;
  char *key;
  AntamReportModel *model;
  AntamOutboxEntry *entry;
  AntamSendConfig *config;
  HttpsServer *server;
} Fixture;

static gboolean
have_python (void)
{
  return g_file_test (rt_python (), G_FILE_TEST_IS_EXECUTABLE);
}

static void
https_server_stop (HttpsServer *server)
{
  if (server == NULL)
    return;
  /* By its PID, which GSubprocess holds: nothing else is touched. */
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->record_dir);
  g_free (server);
}

/* In the child, before exec: a test that aborts before its tear-down
 * stops the server by PID does not leave it serving. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static HttpsServer *
https_server_start (Fixture            *f,
                    const char * const *extra_args)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "https-server.py", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  HttpsServer *server = g_new0 (HttpsServer, 1);

  server->record_dir = g_build_filename (f->dir, "received", NULL);
  g_ptr_array_add (argv, (gpointer) rt_python ());
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) "--cert");
  g_ptr_array_add (argv, f->cert);
  g_ptr_array_add (argv, (gpointer) "--key");
  g_ptr_array_add (argv, f->key);
  g_ptr_array_add (argv, (gpointer) "--record");
  g_ptr_array_add (argv, server->record_dir);
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  server->port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  g_test_message ("HTTPS server (pid %s) on 127.0.0.1:%u", g_subprocess_get_identifier (server->process),
                  server->port);
  return server;
}

static guint
https_server_count (HttpsServer *server)
{
  g_autoptr(GDir) dir = g_dir_open (server->record_dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      n++;
  return n;
}

static cJSON *
https_server_request (HttpsServer *server,
                      guint        n)
{
  g_autofree char *name = g_strdup_printf ("%u.json", n);
  g_autofree char *path = g_build_filename (server->record_dir, name, NULL);
  g_autofree char *contents = NULL;

  if (!rt_wait_for_file (path, 5000))
    return NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return cJSON_Parse (contents);
}

static const char *
get_string (const cJSON *node,
            const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (node, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

/* The report goes to the team's server, here on this computer: the
 * endpoint is what a contacts.json would list for it. */
static void
queue_report (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_free (f->model->contact->https_endpoint);
  f->model->contact->https_endpoint = g_strdup_printf ("https://127.0.0.1:%u/api/v1/reports?source=antam",
                                                       f->server->port);
  f->entry = antam_outbox_add_report (f->outbox, f->model, f->config->channel, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->entry);
  g_assert_cmpint (f->entry->channel, ==, ANTAM_CHANNEL_HTTPS);
  g_assert_cmpstr (f->entry->recipient, ==, f->model->contact->https_endpoint);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = rt_make_tmpdir ("https");
  f->outbox = g_build_filename (f->dir, "outbox", NULL);
  f->cert = rt_make_certificate (f->dir, &f->key);
  f->model = rt_make_model ();
  /* Trusting the test's certificate the way the app's tests do, through
   * $ANTAM_TEST_CA_FILE, read when a configuration is made. */
  g_setenv ("ANTAM_TEST_CA_FILE", f->cert, TRUE);
  f->config = antam_send_config_new ();
  g_unsetenv ("ANTAM_TEST_CA_FILE");
  g_assert_cmpstr (f->config->ca_file, ==, f->cert);
  f->config->channel = ANTAM_CHANNEL_HTTPS;
  f->config->https_token = g_strdup (TOKEN);
  f->config->connect_timeout = 5;
  f->config->stall_timeout = 5;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, https_server_stop);
  g_clear_pointer (&f->entry, antam_outbox_entry_unref);
  g_clear_pointer (&f->config, antam_send_config_free);
  g_clear_pointer (&f->model, antam_report_model_free);
  antam_test_report_keep_outbox (f->outbox);
  rt_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->outbox);
  g_free (f->cert);
  g_free (f->key);
}

static gboolean
skip_without_python (void)
{
  if (!have_python ())
    {
      g_test_skip ("No /usr/bin/python3 for the HTTPS server");
      return TRUE;
    }
  return FALSE;
}

static AntamOutboxEntry *
reload (Fixture *f)
{
  return rt_reload_entry (f->entry);
}

static void
assert_pending (Fixture    *f,
                guint       attempts,
                const char *error_part)
{
  g_autoptr(AntamOutboxEntry) on_disk = reload (f);

  g_assert_cmpint (on_disk->state, ==, ANTAM_OUTBOX_PENDING);
  g_assert_cmpuint (on_disk->attempts, ==, attempts);
  g_assert_nonnull (on_disk->last_error);
  g_assert_null (on_disk->sent);
  if (error_part != NULL)
    g_assert_nonnull (strstr (on_disk->last_error, error_part));
}

static void
assert_sent (Fixture *f,
             guint    attempts)
{
  g_autoptr(AntamOutboxEntry) on_disk = reload (f);

  g_assert_cmpint (on_disk->state, ==, ANTAM_OUTBOX_SENT);
  g_assert_cmpuint (on_disk->attempts, ==, attempts);
  g_assert_null (on_disk->last_error);
  g_assert_nonnull (on_disk->sent);
}

/* The request the server got is the report in the outbox, byte for byte,
 * posted with the token. */
static void
assert_request (Fixture *f,
                guint    n)
{
  cJSON *request = https_server_request (f->server, n);
  g_autofree char *json_path = antam_outbox_entry_get_attachment_path (f->entry, "json");
  g_autofree char *queued = NULL;
  g_autofree char *model_json = antam_report_model_to_json (f->model);
  cJSON *sent_report, *model_report;

  g_assert_nonnull (request);
  g_assert_cmpstr (get_string (request, "method"), ==, "POST");
  g_assert_cmpstr (get_string (request, "path"), ==, "/api/v1/reports?source=antam");
  g_assert_cmpstr (get_string (request, "authorization"), ==, "Bearer " TOKEN);
  g_assert_cmpstr (get_string (request, "content_type"), ==, "application/json; charset=utf-8");
  g_assert_cmpstr (get_string (request, "report_id"), ==, f->entry->id);
  /* The same key on every attempt: a server can take it once. */
  {
    g_autofree char *key = g_strdup_printf ("\"%s\"", f->entry->id);
    g_assert_cmpstr (get_string (request, "idempotency_key"), ==, key);
  }
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (request, "body_is_utf8")));

  g_assert_true (g_file_get_contents (json_path, &queued, NULL, NULL));
  g_assert_cmpstr (get_string (request, "body"), ==, queued);
  /* And that is the report the model makes, Vietnamese and all. */
  sent_report = cJSON_Parse (get_string (request, "body"));
  model_report = cJSON_Parse (model_json);
  g_assert_nonnull (sent_report);
  g_assert_true (cJSON_Compare (sent_report, model_report, TRUE));
  g_assert_nonnull (strstr (get_string (request, "body"), "Nguyễn Thị Lan"));

  cJSON_Delete (sent_report);
  cJSON_Delete (model_report);
  cJSON_Delete (request);
}

static void
test_accepted (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, NULL);
  queue_report (f);

  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (https_server_count (f->server), ==, 1);
  assert_request (f, 1);
  assert_sent (f, 1);

  /* Sent is sent: a flush does not post it again. */
  {
    guint sent = 0, failed = 0;

    g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sent, ==, 0);
    g_assert_cmpuint (failed, ==, 0);
    g_assert_cmpuint (https_server_count (f->server), ==, 1);
  }
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  const char *args[] = { "--status", "500", NULL };
  g_autoptr(GError) error = NULL;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, args);
  queue_report (f);

  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "500"));
  /* It did arrive, and was refused: still ours to send. */
  assert_request (f, 1);
  assert_pending (f, 1, "500");
}

static void
test_retry_after_error (Fixture       *f,
                        gconstpointer  data)
{
  const char *args[] = { "--fail-first", "1", NULL };
  g_autoptr(GError) error = NULL;
  guint sent = 0, failed = 0;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, args);
  queue_report (f);

  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REJECTED);
  g_clear_error (&error);
  assert_pending (f, 1, "500");

  /* The next start (or the network coming back) flushes the outbox. */
  g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpuint (failed, ==, 0);
  assert_request (f, 2);
  assert_sent (f, 2);
}

static void
test_token_refused (Fixture       *f,
                    gconstpointer  data)
{
  const char *args[] = { "--token", "another-token", NULL };
  g_autoptr(GError) error = NULL;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, args);
  queue_report (f);

  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_AUTH);
  /* What must change, and no promise of a retry. */
  g_assert_true (antam_send_error_is_permanent (error));
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_assert_null (strstr (error->message, "sent again"));
  assert_pending (f, 1, "401");
  {
    g_autoptr(AntamOutboxEntry) on_disk = reload (f);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *key = antam_send_config_get_key (f->config);

    g_assert_cmpint (on_disk->failure, ==, ANTAM_OUTBOX_FAILURE_PERMANENT);
    g_assert_false (antam_outbox_entry_is_due (on_disk, now, key));
  }
}

/* A request the server understood and refused: said, and not retried as
 * it is. */
static void
test_bad_request (Fixture       *f,
                  gconstpointer  data)
{
  const char *args[] = { "--status", "404", NULL };
  g_autoptr(GError) error = NULL;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, args);
  queue_report (f);
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REFUSED);
  g_assert_true (antam_send_error_is_permanent (error));
  assert_pending (f, 1, "404");
}

/* The server has the whole body and hangs up unanswered: it may have been
 * delivered; the retry does not post it again at once. */
static void
test_lost_answer (Fixture       *f,
                  gconstpointer  data)
{
  const char *args[] = { "--drop", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOutboxEntry) on_disk = NULL;
  guint sent = 0, failed = 0;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, args);
  queue_report (f);
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_MAYBE_DELIVERED);
  g_clear_error (&error);
  assert_request (f, 1);
  on_disk = reload (f);
  g_assert_cmpint (on_disk->state, ==, ANTAM_OUTBOX_MAYBE_DELIVERED);
  g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
  g_assert_cmpuint (https_server_count (f->server), ==, 1);
}

/* A team whose server's certificate comes from the agency's own
 * authority: contacts.json names it for that team, and nothing else
 * changes. */
static void
test_team_ca_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AntamContacts) contacts = antam_contacts_new ();
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, NULL);
  queue_report (f);
  g_clear_pointer (&f->config->ca_file, g_free);

  file = g_strdup_printf ("{\"schema\": \"antam.contacts/1\", \"contacts\": [{\"id\": \"kien-giang\","
                          " \"name\": {\"vi\": \"Đội ƯCSC\", \"en\": \"CSIRT\"}, \"email\": \"a@b.vn\","
                          " \"ca_file\": \"%s\"}]}", f->cert);
  g_assert_true (antam_contacts_add_file (contacts, "/etc/antam/contacts.json", file, strlen (file), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (antam_contacts_lookup (contacts, "kien-giang")->ca_file, ==, f->cert);
  antam_send_config_add_contacts (f->config, contacts);
  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  assert_sent (f, 1);

  /* Not a path: refused, naming the field. */
  g_free (file);
  file = g_strdup ("{\"schema\": \"antam.contacts/1\", \"contacts\": [{\"id\": \"x\","
                   " \"name\": {\"vi\": \"X\", \"en\": \"X\"}, \"email\": \"a@b.vn\","
                   " \"ca_file\": \"ca.pem\"}]}");
  g_assert_false (antam_contacts_add_file (contacts, "/etc/antam/contacts.json", file, strlen (file), &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "ca_file"));
}

static void
test_untrusted (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_dir = g_build_filename (f->dir, "other-ca", NULL);
  g_autofree char *other_key = NULL;
  g_autofree char *other_cert = NULL;

  if (skip_without_python ())
    return;
  f->server = https_server_start (f, NULL);
  queue_report (f);

  /* Only the system's authorities: a self-signed server is refused. */
  g_clear_pointer (&f->config->ca_file, g_free);
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("system CAs: %s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CERTIFICATE);
  g_clear_error (&error);
  assert_pending (f, 1, NULL);

  /* Another authority than the one that signed it: refused too. */
  g_mkdir (other_dir, 0700);
  other_cert = rt_make_certificate (other_dir, &other_key);
  f->config->ca_file = g_strdup (other_cert);
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("another CA: %s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CERTIFICATE);
  g_clear_error (&error);
  assert_pending (f, 2, NULL);

  /* Nothing, the token least of all, got past the handshake. */
  g_assert_cmpuint (https_server_count (f->server), ==, 0);

  /* It was the trust alone: with the right authority it goes. */
  g_free (f->config->ca_file);
  f->config->ca_file = g_strdup (f->cert);
  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  assert_request (f, 1);
  assert_sent (f, 3);
}

static void
test_not_https (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A contact with no server cannot be chosen for HTTPS at all. */
  g_clear_pointer (&f->model->contact->https_endpoint, g_free);
  g_assert_null (antam_outbox_add_report (f->outbox, f->model, f->config->channel, &error));
  g_assert_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS);
  g_test_message ("%s", error->message);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  antam_i18n_set_language ("en");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/https/accepted", test_accepted);
  ADD ("/https/server-error-stays-pending", test_server_error);
  ADD ("/https/retry-after-error", test_retry_after_error);
  ADD ("/https/token-refused", test_token_refused);
  ADD ("/https/bad-request", test_bad_request);
  ADD ("/https/lost-answer", test_lost_answer);
  ADD ("/https/team-ca-file", test_team_ca_file);
  ADD ("/https/untrusted-certificate", test_untrusted);
  ADD ("/https/contact-without-endpoint", test_not_https);
  antam_test_report_add_validation ();
  return g_test_run ();
}
