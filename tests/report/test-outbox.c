/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "antam-i18n.h"
#include "antam-outbox.h"
#include "antam-send.h"
#include "antam-test-schema.h"
#include "report-test-util.h"

static AntamOutboxEntry *
queue (const char *outbox,
       gboolean    training,
       AntamChannel channel)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autoptr(AntamSendConfig) config = antam_send_config_new ();
  g_autoptr(GError) error = NULL;
  AntamOutboxEntry *entry;

  model->training = training;
  config->channel = channel;
  entry = antam_outbox_add_report (outbox, model, config->channel, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_add_private_atomic (void)
{
  g_autofree char *outbox = antam_outbox_get_default_dir ();
  g_autoptr(AntamOutboxEntry) entry = queue (outbox, FALSE, ANTAM_CHANNEL_SMTP);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *json_path = antam_outbox_entry_get_attachment_path (entry, "json");
  g_autofree char *pdf_path = antam_outbox_entry_get_attachment_path (entry, "pdf");
  g_autofree char *body_path = antam_outbox_entry_get_path (entry, ANTAM_OUTBOX_BODY_FILE);
  g_autofree char *envelope = antam_outbox_entry_get_path (entry, "envelope.json");
  g_autofree char *json = NULL;

  /* Under the XDG data dir, as the isolated test sets it. */
  g_assert_true (g_str_has_prefix (outbox, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (outbox, "/antam/outbox"));
  assert_mode (outbox, 0700);
  assert_mode (entry->dir, 0700);
  assert_mode (json_path, 0600);
  assert_mode (pdf_path, 0600);
  assert_mode (body_path, 0600);
  assert_mode (envelope, 0600);
  g_assert_true (g_str_has_prefix (g_path_get_basename (json_path), "antam-report-"));

  g_assert_cmpint (entry->state, ==, ANTAM_OUTBOX_PENDING);
  g_assert_cmpint (entry->channel, ==, ANTAM_CHANNEL_SMTP);
  g_assert_cmpstr (entry->recipient, ==, "dvhung.sttt@kiengiang.gov.vn");
  g_assert_cmpuint (entry->attempts, ==, 0);
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"antam.report/1\""));

  list = antam_outbox_list (outbox, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((AntamOutboxEntry *) g_ptr_array_index (list, 0))->id, ==, entry->id);
  g_assert_cmpstr (((AntamOutboxEntry *) g_ptr_array_index (list, 0))->subject, ==, entry->subject);
}

static void
test_list_skips_partial_and_garbage (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(AntamOutboxEntry) entry = queue (outbox, FALSE, ANTAM_CHANNEL_SMTP);
  g_autofree char *partial = g_build_filename (outbox, ".new-0123", NULL);
  g_autofree char *garbage = g_build_filename (outbox, "garbage", NULL);
  g_autofree char *garbage_env = g_build_filename (garbage, "envelope.json", NULL);
  g_autoptr(GPtrArray) list = NULL;

  /* A crash while writing leaves a hidden folder: not a report yet. */
  g_assert_cmpint (g_mkdir (partial, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (garbage, 0700), ==, 0);
  g_assert_true (g_file_set_contents (garbage_env, "{\"schema\": \"antam.outbox/1\", \"id\": 3", -1, NULL));
  list = antam_outbox_list (outbox, NULL);
  /* The half-written one is not there; the garbage is, as damaged: kept
   * for the user to look at, never retried by itself, never pruned. */
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      AntamOutboxEntry *listed = g_ptr_array_index (list, i);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      if (!g_str_equal (listed->id, "garbage"))
        continue;
      g_assert_cmpint (listed->state, ==, ANTAM_OUTBOX_DAMAGED);
      g_assert_nonnull (listed->damage);
      g_assert_true (antam_outbox_entry_is_waiting (listed));
      g_assert_false (antam_outbox_entry_is_due (listed, now, NULL));
    }
  antam_test_report_keep_outbox (outbox);
  rt_rm_rf (outbox);
}

static void
test_attempts_and_states (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(AntamOutboxEntry) entry = queue (outbox, FALSE, ANTAM_CHANNEL_SMTP);
  g_autoptr(AntamOutboxEntry) again = NULL;
  g_autoptr(GError) failure = g_error_new_literal (ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NETWORK, "no route");

  g_assert_true (antam_outbox_entry_begin_attempt (entry, NULL));
  g_assert_true (antam_outbox_entry_finish_attempt (entry, ANTAM_OUTBOX_PENDING, failure,
                                                    ANTAM_OUTBOX_FAILURE_TRANSIENT, NULL, NULL));
  again = antam_outbox_entry_load (entry->dir, NULL);
  g_assert_cmpint (again->state, ==, ANTAM_OUTBOX_PENDING);
  g_assert_cmpuint (again->attempts, ==, 1);
  g_assert_cmpstr (again->last_error, ==, "no route");
  g_assert_null (again->sent);

  g_assert_true (antam_outbox_entry_begin_attempt (entry, NULL));
  g_assert_true (antam_outbox_entry_finish_attempt (entry, ANTAM_OUTBOX_SENT, NULL,
                                                    ANTAM_OUTBOX_FAILURE_NONE, NULL, NULL));
  g_clear_pointer (&again, antam_outbox_entry_unref);
  again = antam_outbox_entry_load (entry->dir, NULL);
  g_assert_cmpint (again->state, ==, ANTAM_OUTBOX_SENT);
  g_assert_cmpuint (again->attempts, ==, 2);
  g_assert_null (again->last_error);
  g_assert_nonnull (again->sent);
  antam_test_report_keep_outbox (outbox);
  rt_rm_rf (outbox);
}

static void
test_lock (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(AntamOutboxEntry) entry = queue (outbox, FALSE, ANTAM_CHANNEL_SMTP);
  g_autoptr(AntamSendConfig) config = antam_send_config_new ();
  g_autoptr(GError) error = NULL;
  int first, second;

  first = antam_outbox_entry_lock (entry, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >=, 0);
  second = antam_outbox_entry_lock (entry, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_cmpint (second, ==, -1);
  g_clear_error (&error);

  /* Another sender holds it: leave it alone, count nothing. */
  g_assert_false (antam_send_entry (entry, config, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (entry->attempts, ==, 0);

  antam_outbox_entry_unlock (first);
  second = antam_outbox_entry_lock (entry, &error);
  g_assert_no_error (error);
  antam_outbox_entry_unlock (second);
  antam_test_report_keep_outbox (outbox);
  rt_rm_rf (outbox);
}

static void
test_training_never_sent (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(AntamOutboxEntry) entry = queue (outbox, TRUE, ANTAM_CHANNEL_SMTP);
  g_autoptr(AntamSendConfig) config = antam_send_config_new ();
  g_autoptr(GError) error = NULL;
  guint sent = 99, failed = 99;
  g_autofree char *json = NULL;
  g_autofree char *json_path = antam_outbox_entry_get_attachment_path (entry, "json");

  g_assert_cmpint (entry->state, ==, ANTAM_OUTBOX_TRAINING);
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"training\":\ttrue"));

  /* Even with a server configured, nothing goes out. */
  config->smtp_server = g_strdup ("127.0.0.1");
  config->smtp_port = 9;
  config->smtp_security = ANTAM_SMTP_SECURITY_NONE;
  g_assert_false (antam_send_entry (entry, config, NULL, &error));
  g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_TRAINING);
  g_assert_true (antam_outbox_flush (outbox, config, NULL, &sent, &failed, NULL));
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (failed, ==, 0);
  {
    g_autoptr(AntamOutboxEntry) reloaded = antam_outbox_entry_load (entry->dir, NULL);

    g_assert_cmpint (reloaded->state, ==, ANTAM_OUTBOX_TRAINING);
    g_assert_cmpuint (reloaded->attempts, ==, 0);
  }
  antam_test_report_keep_outbox (outbox);
  rt_rm_rf (outbox);
}

static void
test_no_address (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autoptr(AntamSendConfig) config = antam_send_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOutboxEntry) entry = NULL;

  /* The letter gives no HTTPS endpoint for Kiên Giang. */
  config->channel = ANTAM_CHANNEL_HTTPS;
  entry = antam_outbox_add_report (outbox, model, config->channel, &error);
  g_assert_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS);
  g_assert_null (entry);
  antam_test_report_keep_outbox (outbox);
  rt_rm_rf (outbox);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  antam_i18n_set_language ("en");

  g_test_add_func ("/outbox/add-private-atomic", test_add_private_atomic);
  g_test_add_func ("/outbox/list-partial-and-damaged", test_list_skips_partial_and_garbage);
  g_test_add_func ("/outbox/attempts-and-states", test_attempts_and_states);
  g_test_add_func ("/outbox/lock", test_lock);
  g_test_add_func ("/outbox/training-never-sent", test_training_never_sent);
  g_test_add_func ("/outbox/no-address", test_no_address);
  antam_test_report_add_validation ();
  return g_test_run ();
}
