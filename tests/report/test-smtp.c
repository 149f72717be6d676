/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "antam-i18n.h"
#include "report/antam-outbox.h"
#include "report/antam-send.h"
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
  else if (g_strcmp0 (mode, "drop") == 0)
    args[0] = "--drop";
  else if (g_strcmp0 (mode, "refuse-rcpt") == 0)
    args[0] = "--refuse-rcpt";
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
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_CERTIFICATE);
  g_assert_true (antam_send_error_is_permanent (error));
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
use_plain_loopback (Fixture *f)
{
  f->config->smtp_server = g_strdup ("127.0.0.1");
  f->config->smtp_security = ANTAM_SMTP_SECURITY_NONE;
}

static AntamOutboxEntry *
reload (Fixture *f)
{
  return rt_reload_entry (f->entry);
}

/* As if the hand-over were @hours ago. */
static void
age_hand_over (Fixture *f,
               int      hours)
{
  g_autoptr(AntamOutboxEntry) on_disk = reload (f);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_assert_nonnull (on_disk->handed_over);
  g_date_time_unref (on_disk->handed_over);
  on_disk->handed_over = g_date_time_add_hours (now, -hours);
  g_assert_true (antam_outbox_entry_save (on_disk, NULL));
}

/* Stalled before the message was handed over: not sent, said so, and the
 * retry sends it. */
static void
test_stall_before_greeting (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = NULL;
  guint sent = 0, failed = 0;
  gint64 start;

  if (skip_without_server ())
    return;
  start_server (f, "stall-greeting");
  use_plain_loopback (f);

  start = g_get_monotonic_time ();
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("stalled after %.1f s: %s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK);
  g_assert_false (antam_send_error_is_permanent (error));
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

/* The server has the whole message and never answers, or hangs up: the
 * report may have been delivered.  That is what is recorded and said
 * (never "not sent"); the retry does not send a second copy at once, and
 * when it does, a day later, it is the same report id. */
static void
test_lost_reply (Fixture       *f,
                 gconstpointer  data)
{
  const char *mode = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOutboxEntry) on_disk = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint sent = 0, failed = 0;
  cJSON *message;

  if (skip_without_server ())
    return;
  start_server (f, mode);
  use_plain_loopback (f);

  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s: %s", mode, error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_MAYBE_DELIVERED);
  g_assert_null (strstr (error->message, "not sent"));
  g_assert_nonnull (strstr (error->message, "It may have been delivered"));
  on_disk = reload (f);
  g_assert_cmpint (on_disk->state, ==, ANTAM_OUTBOX_MAYBE_DELIVERED);
  g_assert_nonnull (on_disk->handed_over);
  g_assert_cmpuint (on_disk->attempts, ==, 1);
  g_assert_true (antam_outbox_entry_is_waiting (on_disk));
  g_assert_false (antam_outbox_entry_is_due (on_disk, now, NULL));
  g_clear_error (&error);
  g_clear_pointer (&f->server, rt_smtp_server_stop);

  /* A working server, and the retry runs: nothing goes twice. */
  start_server (f, NULL);
  g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (rt_smtp_server_count (f->server), ==, 0);

  /* A day later it goes again, as the same report. */
  age_hand_over (f, ANTAM_OUTBOX_RESEND_AFTER_HOURS + 1);
  g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  assert_state (f, ANTAM_OUTBOX_SENT, 2);
  message = rt_smtp_server_wait_message (f->server, 1, 10000);
  g_assert_cmpstr (cJSON_GetObjectItem (message, "report_id")->valuestring, ==, f->entry->id);
  g_assert_nonnull (strstr (cJSON_GetObjectItem (message, "message_id")->valuestring, f->entry->id));
  cJSON_Delete (message);
}

/* An address the server will not deliver to: said so, what to check, and
 * not tried again by itself while nothing changed. */
static void
test_refused_recipient (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOutboxEntry) on_disk = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *key = NULL;
  guint sent = 0, failed = 0;

  if (skip_without_server ())
    return;
  start_server (f, "refuse-rcpt");
  use_plain_loopback (f);

  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_REFUSED);
  g_assert_true (antam_send_error_is_permanent (error));
  g_assert_nonnull (strstr (error->message, "dvhung.sttt@kiengiang.gov.vn"));
  g_clear_error (&error);
  on_disk = reload (f);
  g_assert_cmpint (on_disk->state, ==, ANTAM_OUTBOX_PENDING);
  g_assert_cmpint (on_disk->failure, ==, ANTAM_OUTBOX_FAILURE_PERMANENT);
  key = antam_send_config_get_key (f->config);
  g_assert_false (antam_outbox_entry_is_due (on_disk, now, key));
  g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent + failed, ==, 0);
  assert_state (f, ANTAM_OUTBOX_PENDING, 1);

  /* A setting changed: worth a try again. */
  g_free (f->config->from_address);
  f->config->from_address = g_strdup ("vanthu@chauthanh.kiengiang.gov.vn");
  g_clear_pointer (&key, g_free);
  key = antam_send_config_get_key (f->config);
  g_assert_true (antam_outbox_entry_is_due (on_disk, now, key));
}

/* The headers as RFC 5322 and 2047 want them: a long Vietnamese subject
 * is folded, no line is longer than 76, and it reads back the same; the
 * date has its offset. */
static void
test_headers_folded (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const cJSON *line;
  cJSON *message;

  if (skip_without_server ())
    return;
  g_clear_pointer (&f->entry, antam_outbox_entry_unref);
  g_free (f->model->sender_unit);
  f->model->sender_unit = g_strdup ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Châu Thành, "
                                    "tỉnh Kiên Giang — Phòng Văn hóa và Thông tin");
  g_free (f->model->id);
  f->model->id = g_uuid_string_random ();
  f->entry = antam_outbox_add_report (f->outbox, f->model, f->config->channel, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (f->entry->subject), >, 150);

  start_server (f, NULL);
  use_plain_loopback (f);
  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  message = rt_smtp_server_wait_message (f->server, 1, 10000);
  g_assert_nonnull (message);
  g_assert_cmpstr (cJSON_GetObjectItem (message, "subject")->valuestring, ==, f->entry->subject);
  cJSON_ArrayForEach (line, cJSON_GetObjectItem (message, "header_lines"))
    {
      if (strlen (line->valuestring) > 76)
        g_error ("A header line of %zu characters: %s", strlen (line->valuestring), line->valuestring);
    }
  g_assert_true (g_regex_match_simple ("[+-]\\d{4}$", cJSON_GetObjectItem (message, "date")->valuestring, 0, 0));
  cJSON_Delete (message);
}

/* ---- Files damaged on disk ---------------------------------------------- */

static void
truncate_file (const char *path,
               gsize       keep)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, MIN (keep, length), NULL));
}

/* Its envelope cut short: the report is still listed, the user told, and
 * it is sent, once. */
static void
test_envelope_truncated (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *envelope = antam_outbox_entry_get_path (f->entry, "envelope.json");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  AntamOutboxEntry *listed;
  guint sent = 0, failed = 0;

  if (skip_without_server ())
    return;
  truncate_file (envelope, 40);
  list = antam_outbox_list (f->outbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  listed = g_ptr_array_index (list, 0);
  g_assert_cmpint (listed->state, ==, ANTAM_OUTBOX_PENDING);
  g_assert_nonnull (listed->damage);
  g_test_message ("%s", listed->damage);

  start_server (f, NULL);
  use_plain_loopback (f);
  g_assert_true (antam_outbox_flush (f->outbox, f->config, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  assert_delivered (f, 1);
  g_assert_cmpuint (rt_smtp_server_count (f->server), ==, 1);
  /* The envelope is whole again. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = antam_outbox_list (f->outbox, NULL);
  g_assert_null (((AntamOutboxEntry *) g_ptr_array_index (list, 0))->damage);
  g_assert_cmpint (((AntamOutboxEntry *) g_ptr_array_index (list, 0))->state, ==, ANTAM_OUTBOX_SENT);
}

/* Its data garbled after it was made: never sent, with a message that
 * says what happened and what to do; nothing is deleted. */
static void
test_json_garbled (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *json_path = antam_outbox_entry_get_attachment_path (f->entry, "json");
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOutboxEntry) on_disk = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (skip_without_server ())
    return;
  g_assert_true (g_file_get_contents (json_path, &contents, &length, NULL));
  memcpy (contents + length / 2, "GARBLED", 7);
  g_assert_true (g_file_set_contents (json_path, contents, length, NULL));

  start_server (f, NULL);
  use_plain_loopback (f);
  g_assert_false (antam_send_entry (f->entry, f->config, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_DAMAGED);
  g_assert_true (antam_send_error_is_permanent (error));
  g_assert_cmpuint (rt_smtp_server_count (f->server), ==, 0);
  on_disk = reload (f);
  g_assert_cmpint (on_disk->state, ==, ANTAM_OUTBOX_PENDING);
  g_assert_cmpint (on_disk->failure, ==, ANTAM_OUTBOX_FAILURE_PERMANENT);
  g_assert_nonnull (strstr (on_disk->last_error, "damaged"));
  g_assert_true (g_file_test (json_path, G_FILE_TEST_EXISTS));
}

/* Its PDF deleted: the reason is shown, and it is sent with the form made
 * again from its data. */
static void
test_pdf_deleted (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *pdf_path = antam_outbox_entry_get_attachment_path (f->entry, "pdf");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  const cJSON *part;
  gboolean has_pdf = FALSE;
  cJSON *message;

  if (skip_without_server ())
    return;
  g_assert_cmpint (g_unlink (pdf_path), ==, 0);
  list = antam_outbox_list (f->outbox, NULL);
  g_assert_nonnull (((AntamOutboxEntry *) g_ptr_array_index (list, 0))->damage);
  g_assert_nonnull (strstr (((AntamOutboxEntry *) g_ptr_array_index (list, 0))->damage, "PDF"));

  start_server (f, NULL);
  use_plain_loopback (f);
  g_assert_true (antam_send_entry (f->entry, f->config, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  message = rt_smtp_server_wait_message (f->server, 1, 10000);
  cJSON_ArrayForEach (part, cJSON_GetObjectItem (message, "attachments"))
    has_pdf |= g_str_equal (cJSON_GetObjectItem (part, "content_type")->valuestring, "application/pdf");
  g_assert_true (has_pdf);
  cJSON_Delete (message);
  assert_state (f, ANTAM_OUTBOX_SENT, 1);
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

/* Cancelled while waiting for the greeting: nothing was handed over, so
 * it is simply not sent yet.  Cancelled while waiting for the answer to
 * the whole message: it may have been delivered. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  const char *mode = data;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  gint64 start;

  if (skip_without_server ())
    return;
  start_server (f, mode);
  use_plain_loopback (f);
  f->config->stall_timeout = 60;

  start = g_get_monotonic_time ();
  antam_send_entry_async (f->entry, f->config, cancellable, on_sent, &error);
  g_timeout_add (500, cancel_later, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  if (g_str_equal (mode, "stall-greeting"))
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      assert_state (f, ANTAM_OUTBOX_PENDING, 1);
    }
  else
    {
      g_autoptr(AntamOutboxEntry) on_disk = reload (f);

      g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_MAYBE_DELIVERED);
      g_assert_cmpint (on_disk->state, ==, ANTAM_OUTBOX_MAYBE_DELIVERED);
    }
  g_clear_error (&error);
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
  ADD ("/smtp/stall-before-greeting", test_stall_before_greeting, NULL);
  ADD ("/smtp/stall-after-data", test_lost_reply, "stall-data");
  ADD ("/smtp/drop-after-data", test_lost_reply, "drop");
  ADD ("/smtp/refused-recipient", test_refused_recipient, NULL);
  ADD ("/smtp/headers-folded", test_headers_folded, NULL);
  ADD ("/smtp/envelope-truncated", test_envelope_truncated, NULL);
  ADD ("/smtp/json-garbled", test_json_garbled, NULL);
  ADD ("/smtp/pdf-deleted", test_pdf_deleted, NULL);
  ADD ("/smtp/cancel-before-hand-over", test_cancel, "stall-greeting");
  ADD ("/smtp/cancel-after-hand-over", test_cancel, "stall-data");
  antam_test_report_add_validation ();
  return g_test_run ();
}
