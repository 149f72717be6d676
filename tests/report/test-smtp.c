/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "antam-i18n.h"
#include "antam-outbox.h"
#include "antam-send.h"
#include "antam-test-schema.h"
#include "report-test-util.h"

typedef struct {
  char *dir;
  char *outbox;
  AntamReportModel *model;
  AntamOutboxEntry *entry;
  AntamSendConfig *config;
  RtSmtpServer *server;
  char *cert;
  char *key;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = rt_make_tmpdir ("smtp");
  f->outbox = g_build_filename (f->dir, "outbox", NULL);
  f->model = rt_make_model ();
  f->config = antam_send_config_new ();
  f->config->channel = ANTAM_CHANNEL_SMTP;
  f->config->from_name = g_strdup (f->model->sender_name);
  f->config->from_address = g_strdup (f->model->sender_email);
  f->config->stall_timeout = 3;
  f->config->connect_timeout = 5;
  f->entry = antam_outbox_add_report (f->outbox, f->model, f->config->channel, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, rt_smtp_server_stop);
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
skip_without_server (void)
{
  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return TRUE;
    }
  return FALSE;
}

static void
start_server (Fixture    *f,
              const char *mode)
{
  g_autofree char *server_dir = g_build_filename (f->dir, "server", NULL);
  const char *args[5] = { NULL };

  g_mkdir (server_dir, 0700);
  if (g_strcmp0 (mode, "starttls") == 0 || g_strcmp0 (mode, "tls") == 0 ||
      g_strcmp0 (mode, "starttls-auth") == 0)
    {
      if (f->cert == NULL)
        f->cert = rt_make_certificate (f->dir, &f->key);
      args[0] = g_str_has_prefix (mode, "starttls") ? "--starttls" : "--tls";
      args[1] = f->cert;
      args[2] = f->key;
      if (g_str_equal (mode, "starttls-auth"))
        {
          args[3] = "--auth";
          args[4] = NULL;
        }
    }
  else if (g_strcmp0 (mode, "stall-data") == 0)
    {
      args[0] = "--stall";
      args[1] = "data";
    }
  else if (g_strcmp0 (mode, "stall-greeting") == 0)
    {
      args[0] = "--stall";
      args[1] = "greeting";
    }
  if (g_strcmp0 (mode, "starttls-auth") == 0)
    {
      const char *auth_args[] = { "--starttls", f->cert, f->key, "--auth", "lan:Mật-khẩu 2026!", NULL };
      f->server = rt_smtp_server_start (server_dir, auth_args);
    }
  else
    f->server = rt_smtp_server_start (server_dir, args);
  f->config->smtp_port = f->server->port;
}

static const cJSON *
get (const cJSON *node,
     const char  *key)
{
  return cJSON_GetObjectItemCaseSensitive (node, key);
}

/* What arrived is what was queued: recipient, subject, the body, and the
 * JSON attachment equal to the report in the outbox. */
static void
assert_delivered (Fixture *f,
                  guint    n)
{
  cJSON *message = rt_smtp_server_wait_message (f->server, n, 10000);
  g_autofree char *json = NULL;
  g_autofree char *pdf_path = antam_outbox_entry_get_attachment_path (f->entry, "pdf");
  g_autofree char *json_path = antam_outbox_entry_get_attachment_path (f->entry, "json");
  g_autofree char *expected_json_name = g_path_get_basename (json_path);
  const cJSON *attachments, *json_part = NULL, *pdf_part = NULL, *part;
  cJSON *sent_report, *queued_report, *model_report;
  g_autofree char *model_json = antam_report_model_to_json (f->model);
  GStatBuf st;

  g_assert_nonnull (message);
  g_assert_cmpint (cJSON_GetArraySize (get (message, "rcpt_tos")), ==, 1);
  g_assert_cmpstr (cJSON_GetArrayItem (get (message, "rcpt_tos"), 0)->valuestring, ==,
                   "dvhung.sttt@kiengiang.gov.vn");
  g_assert_cmpstr (get (message, "mail_from")->valuestring, ==, "ntlan@chauthanh.kiengiang.gov.vn");
  g_assert_cmpstr (get (message, "subject")->valuestring, ==, f->entry->subject);
  g_assert_nonnull (strstr (get (message, "from")->valuestring, "Nguyễn Thị Lan"));
  g_assert_cmpstr (get (message, "report_id")->valuestring, ==, f->entry->id);
  g_assert_cmpstr (get (message, "content_type")->valuestring, ==, "multipart/mixed");
  g_assert_nonnull (strstr (get (message, "body")->valuestring, "Nguyễn Thị Lan"));

  attachments = get (message, "attachments");
  cJSON_ArrayForEach (part, attachments)
    {
      if (g_str_equal (get (part, "content_type")->valuestring, "application/json"))
        json_part = part;
      if (g_str_equal (get (part, "content_type")->valuestring, "application/pdf"))
        pdf_part = part;
    }
  g_assert_nonnull (json_part);
  g_assert_nonnull (pdf_part);
  g_assert_cmpstr (get (json_part, "filename")->valuestring, ==, expected_json_name);

  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_cmpstr (get (json_part, "text")->valuestring, ==, json);
  sent_report = cJSON_Parse (get (json_part, "text")->valuestring);
  queued_report = cJSON_Parse (json);
  g_assert_nonnull (sent_report);
  g_assert_true (cJSON_Compare (sent_report, queued_report, TRUE));
  /* And both are the report the model makes (but for the creation time,
   * the same here since it is one model). */
  model_report = cJSON_Parse (model_json);
  g_assert_true (cJSON_Compare (sent_report, model_report, TRUE));

  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (get (pdf_part, "size")->valueint, ==, st.st_size);

  cJSON_Delete (sent_report);
  cJSON_Delete (queued_report);
  cJSON_Delete (model_report);
  cJSON_Delete (message);
}

static void
assert_state (Fixture          *f,
              AntamOutboxState  state,
              guint             attempts)
{
  g_autoptr(AntamOutboxEntry) on_disk = antam_outbox_entry_load (f->entry->dir, NULL);

  g_assert_nonnull (on_disk);
  g_assert_cmpint (on_disk->state, ==, state);
  g_assert_cmpuint (on_disk->attempts, ==, attempts);
  if (state == ANTAM_OUTBOX_PENDING)
    g_assert_nonnull (on_disk->last_error);
  else
    g_assert_null (on_disk->last_error);
}

static void
test_plain_loopback (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_server ())
    return;
  start_server (f, NULL);
  f->config->smtp_server = g_strdup ("127.0.0.1");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_NONE;

  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  assert_state (f, ANTAM_OUTBOX_SENT, 1);
  assert_delivered (f, 1);
}

static void
test_starttls (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_server ())
    return;
  start_server (f, "starttls");
  f->config->smtp_server = g_strdup ("localhost");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_STARTTLS;

  /* Without trusting the test certificate, TLS refuses it. */
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("untrusted: %s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK);
  g_clear_error (&error);
  assert_state (f, ANTAM_OUTBOX_PENDING, 1);
  g_assert_cmpuint (rt_smtp_server_count (f->server), ==, 0);

  f->config->ca_file = g_strdup (f->cert);
  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  assert_state (f, ANTAM_OUTBOX_SENT, 2);
  assert_delivered (f, 1);
}

static void
test_starttls_required (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_server ())
    return;
  /* A server that offers no STARTTLS: we must not fall back to clear text. */
  start_server (f, NULL);
  f->config->smtp_server = g_strdup ("127.0.0.1");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_STARTTLS;
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_cmpuint (rt_smtp_server_count (f->server), ==, 0);
  assert_state (f, ANTAM_OUTBOX_PENDING, 1);
}

static void
test_implicit_tls (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_server ())
    return;
  start_server (f, "tls");
  f->config->smtp_server = g_strdup ("127.0.0.1");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_TLS;
  f->config->ca_file = g_strdup (f->cert);
  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  assert_delivered (f, 1);
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_server ())
    return;
  f->cert = rt_make_certificate (f->dir, &f->key);
  start_server (f, "starttls-auth");
  f->config->smtp_server = g_strdup ("localhost");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_STARTTLS;
  f->config->ca_file = g_strdup (f->cert);
  f->config->smtp_user = g_strdup ("lan");

  f->config->smtp_password = g_strdup ("wrong");
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_AUTH);
  g_clear_error (&error);
  assert_state (f, ANTAM_OUTBOX_PENDING, 1);

  g_free (f->config->smtp_password);
  f->config->smtp_password = g_strdup ("Mật-khẩu 2026!");
  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  assert_delivered (f, 1);
}

static void
test_plain_refused (Fixture       *f,
                    gconstpointer  data)
{
  const char *refused[] = { "10.1.2.3", "192.168.1.10", "172.16.0.1", "203.0.113.5",
                            "mail.agency.example", "[2001:db8::1]", "127.0.0.1.example.com", NULL };
  const char *allowed[] = { "127.0.0.1", "127.10.0.1", "localhost", "[::1]", NULL };
  g_autoptr(GError) error = NULL;
  gint64 start;

  for (guint i = 0; refused[i]; i++)
    {
      g_assert_false (antam_smtp_check_server (refused[i], ANTAM_SMTP_SECURITY_NONE, &error));
      g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_PLAIN_REFUSED);
      g_clear_error (&error);
      /* With TLS the same server is fine. */
      g_assert_true (antam_smtp_check_server (refused[i], ANTAM_SMTP_SECURITY_STARTTLS, NULL));
    }
  for (guint i = 0; allowed[i]; i++)
    g_assert_true (antam_smtp_check_server (allowed[i], ANTAM_SMTP_SECURITY_NONE, NULL));
  g_assert_false (antam_smtp_check_server ("smtp.example.vn/evil", ANTAM_SMTP_SECURITY_TLS, &error));
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CONFIG);
  g_clear_error (&error);

  /* Through the whole sender: refused before any connection (so at once),
   * with a message the user can act on, and the report kept. */
  f->config->smtp_server = g_strdup ("10.1.2.3");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_NONE;
  f->config->smtp_port = 25;
  start = g_get_monotonic_time ();
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_PLAIN_REFUSED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "10.1.2.3"));
  assert_state (f, ANTAM_OUTBOX_PENDING, 1);
}

static void
test_stall (Fixture       *f,
            gconstpointer  data)
{
  const char *mode = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = NULL;
  guint sent = 0, failed = 0;
  gint64 start;

  if (skip_without_server ())
    return;
  start_server (f, mode);
  f->config->smtp_server = g_strdup ("127.0.0.1");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_NONE;

  /* Accepts, then never answers: we give up after the stall timeout
   * instead of hanging, and the report stays. */
  start = g_get_monotonic_time ();
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("stalled after %.1f s: %s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  marker = g_build_filename (f->server->received, "stalled", NULL);
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  assert_state (f, ANTAM_OUTBOX_PENDING, 1);
  g_clear_error (&error);
  g_clear_pointer (&f->server, rt_smtp_server_stop);

  /* The server is back: the retry sends it. */
  start_server (f, NULL);
  g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpuint (failed, ==, 0);
  assert_state (f, ANTAM_OUTBOX_SENT, 2);
  assert_delivered (f, 1);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (antam_send_entry_finish (result, error));
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  gint64 start;

  if (skip_without_server ())
    return;
  start_server (f, "stall-data");
  f->config->smtp_server = g_strdup ("127.0.0.1");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_NONE;
  f->config->stall_timeout = 60;

  start = g_get_monotonic_time ();
  antam_send_entry_async (f->entry, f->config, cancellable, on_sent, &error);
  g_timeout_add (500, cancel_later, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);
  assert_state (f, ANTAM_OUTBOX_PENDING, 1);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  antam_i18n_set_language ("en");

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/smtp/plain-loopback", test_plain_loopback, NULL);
  ADD ("/smtp/starttls", test_starttls, NULL);
  ADD ("/smtp/starttls-required", test_starttls_required, NULL);
  ADD ("/smtp/implicit-tls", test_implicit_tls, NULL);
  ADD ("/smtp/auth", test_auth, NULL);
  ADD ("/smtp/plain-refused", test_plain_refused, NULL);
  ADD ("/smtp/stall-after-data", test_stall, "stall-data");
  ADD ("/smtp/stall-before-greeting", test_stall, "stall-greeting");
  ADD ("/smtp/cancel", test_cancel, NULL);
  antam_test_report_add_validation ();
  return g_test_run ();
}
