/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "report/antam-outbox.h"
#include "report/antam-send.h"
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

/* Sent reports go after ANTAM_OUTBOX_KEEP_DAYS, but the newest
 * ANTAM_OUTBOX_KEEP_NEWEST stay; nothing that waits ever goes. */
static void
test_prune (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) list = NULL;
  guint n_old_sent = ANTAM_OUTBOX_KEEP_NEWEST + 5;
  guint pending = 0, sent = 0;

  for (guint i = 0; i < n_old_sent + 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("report-%02u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(AntamOutboxEntry) entry =
        antam_outbox_add (outbox, id, ANTAM_CHANNEL_SMTP, FALSE, "kien-giang", "a@b.vn", "S", "antam-report-x",
                          "body", "{\"schema\": \"antam.report/1\"}", NULL, &error);

      g_assert_no_error (error);
      g_date_time_unref (entry->created);
      entry->created = g_date_time_add_days (now, -(int) (400 - i));
      /* The last two wait, however old. */
      if (i < n_old_sent)
        {
          entry->state = ANTAM_OUTBOX_SENT;
          entry->sent = g_date_time_add_days (now, -(int) (ANTAM_OUTBOX_KEEP_DAYS + 30 - i));
        }
      g_assert_true (antam_outbox_entry_save (entry, NULL));
    }
  g_assert_cmpuint (antam_outbox_prune (outbox, now), ==, n_old_sent - ANTAM_OUTBOX_KEEP_NEWEST);
  list = antam_outbox_list (outbox, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      AntamOutboxEntry *entry = g_ptr_array_index (list, i);

      if (entry->state == ANTAM_OUTBOX_PENDING)
        pending++;
      else
        sent++;
    }
  g_assert_cmpuint (pending, ==, 2);
  g_assert_cmpuint (sent, ==, ANTAM_OUTBOX_KEEP_NEWEST);
  /* The oldest went, the newest stayed. */
  {
    g_autofree char *oldest = g_build_filename (outbox, "report-00", NULL);
    g_autofree char *newest_sent = g_strdup_printf ("%s/report-%02u", outbox, n_old_sent - 1);

    g_assert_false (g_file_test (oldest, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (newest_sent, G_FILE_TEST_IS_DIR));
  }
  rt_rm_rf (outbox);
}

/* A sender that died at the last step leaves "handing-over"; no sender
 * holds it: it may have been delivered. */
static void
test_handing_over_without_sender (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(AntamOutboxEntry) entry = queue (outbox, FALSE, ANTAM_CHANNEL_SMTP);
  g_autoptr(AntamOutboxEntry) again = NULL;
  g_autoptr(AntamOutboxEntry) held = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_hours (now, ANTAM_OUTBOX_RESEND_AFTER_HOURS + 1);
  int lock;

  g_assert_true (antam_outbox_entry_begin_hand_over (entry, NULL));
  /* While a sender holds it, it is being sent. */
  lock = antam_outbox_entry_lock (entry, NULL);
  g_assert_cmpint (lock, >=, 0);
  held = antam_outbox_entry_load (entry->dir, NULL);
  g_assert_cmpint (held->state, ==, ANTAM_OUTBOX_HANDING_OVER);
  antam_outbox_entry_unlock (lock);

  again = antam_outbox_entry_load (entry->dir, NULL);
  g_assert_cmpint (again->state, ==, ANTAM_OUTBOX_MAYBE_DELIVERED);
  g_assert_nonnull (again->last_error);
  g_assert_true (antam_outbox_entry_is_waiting (again));
  g_assert_false (antam_outbox_entry_is_due (again, now, NULL));
  g_assert_true (antam_outbox_entry_is_due (again, tomorrow, NULL));
  g_assert_cmpstr (antam_outbox_state_display_name (again->state), ==, "May have been delivered");
  antam_test_report_keep_outbox (outbox);
  rt_rm_rf (outbox);
}

/* The outbox cannot be written: said plainly, and nothing half-made
 * stays behind. */
static void
test_cannot_write (void)
{
  g_autofree char *outbox = rt_make_tmpdir ("outbox");
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes into a read-only folder; the full disk is tested in test-cli-report");
      rt_rm_rf (outbox);
      return;
    }
  g_assert_cmpint (g_chmod (outbox, 0500), ==, 0);
  entry = antam_outbox_add (outbox, "x", ANTAM_CHANNEL_SMTP, FALSE, "kien-giang", "a@b.vn", "S",
                            "antam-report-x", "body", "{}", NULL, &error);
  g_assert_null (entry);
  g_assert_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_WRITE);
  g_assert_cmpint (g_chmod (outbox, 0700), ==, 0);
  list = antam_outbox_list (outbox, NULL);
  g_assert_cmpuint (list->len, ==, 0);
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
  g_test_add_func ("/outbox/prune", test_prune);
  g_test_add_func ("/outbox/handing-over-without-sender", test_handing_over_without_sender);
  g_test_add_func ("/outbox/cannot-write", test_cannot_write);
  antam_test_report_add_validation ();
  return g_test_run ();
}
