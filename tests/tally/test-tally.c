/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "report/antam-outbox.h"
#include "report/antam-send.h"
#include "report-test-util.h"
#include "tally-test-util.h"
#include "tally/antam-mime.h"
#include "tally/antam-json-schema.h"
#include "tally/antam-tally-report.h"
#include "tally/antam-tally-store.h"

/* antam-cli tally end to end.  The mailbox is made of what the app itself
 * writes: reports of the training scenarios, sent by the app's SMTP sender
 * to a real SMTP server (aiosmtpd) that files them in a Maildir, a resend
 * of one of them, and next to them a training report, a report that
 * breaks the schema and six damaged or foreign messages.  Every count the
 * tally prints is checked to the unit. */

typedef struct {
  char *dir;                 /* everything below is in here */
  char *maildir;             /* the corpus */
  GPtrArray *messages;       /* char*: each message, as filed, in order */
  GPtrArray *jsons;          /* char*: the JSON of the seven real reports */
} Corpus;

static Corpus corpus;

#define N_REAL TT_N_REAL_REPORTS


static cJSON *
run_json (const char * const *args,
          char              **err,
          int                 expected_status)
{
  g_autofree char *out = NULL;
  int status;
  cJSON *json;

  out = tt_run_cli (args, "en", NULL, err, &status);
  if (status != expected_status)
    g_printerr ("%s\n", *err);
  g_assert_cmpint (status, ==, expected_status);
  json = cJSON_Parse (out);
  g_assert_nonnull (json);
  return json;
}

static double
number (const cJSON *node,
        const char  *path)
{
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);
  const cJSON *at = node;

  for (guint i = 0; keys[i] != NULL; i++)
    at = cJSON_GetObjectItemCaseSensitive (at, keys[i]);
  if (!cJSON_IsNumber (at))
    g_error ("no number at %s", path);
  return at->valuedouble;
}

static void
add_message (const char *message)
{
  g_autofree char *path = tt_write_maildir_message (corpus.maildir, message, corpus.messages->len + 100);

  g_ptr_array_add (corpus.messages, g_strdup (message));
}

/* ---- The corpus ---------------------------------------------------------------- */

static void
send_real_reports (void)
{
  g_autofree char *server_dir = g_build_filename (corpus.dir, "server", NULL);
  g_autofree char *outbox = g_build_filename (corpus.dir, "outbox", NULL);
  g_autoptr(AntamContact) contact = rt_kien_giang ();
  g_autoptr(AntamSendConfig) config = antam_send_config_new ();
  g_autoptr(AntamOutboxEntry) resent = NULL;
  g_autoptr(GError) error = NULL;
  const char *no_args[] = { NULL };
  RtSmtpServer *server;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_mkdir (server_dir, 0700);
  server = rt_smtp_server_start (server_dir, no_args);
  config->channel = ANTAM_CHANNEL_SMTP;
  config->smtp_server = g_strdup ("127.0.0.1");
  config->smtp_port = server->port;
  config->smtp_security = ANTAM_SMTP_SECURITY_NONE;
  config->stall_timeout = 10;
  config->connect_timeout = 10;

  for (guint i = 0; i < N_REAL; i++)
    {
      g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[i]);
      g_autoptr(AntamOutboxEntry) entry = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_path = NULL;

      antam_report_model_set_contact (model, contact);
      g_free (config->from_name);
      g_free (config->from_address);
      config->from_name = g_strdup (model->sender_name);
      config->from_address = g_strdup (model->sender_email);
      entry = antam_outbox_add_report (outbox, model, ANTAM_CHANNEL_SMTP, &error);
      g_assert_no_error (error);
      /* What the outbox wrote, as this machine of the corpus would have
       * made it (its own machine key); the sender reads the attachment
       * from there and checks it against the envelope's digest. */
      json = tt_report_json (model, &tt_reports[i]);
      json_path = antam_outbox_entry_get_attachment_path (entry, "json");
      g_assert_true (g_file_set_contents (json_path, json, -1, &error));
      g_hash_table_insert (entry->checksums, g_path_get_basename (json_path),
                           g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1));
      g_assert_true (antam_outbox_entry_save (entry, &error));
      g_ptr_array_add (corpus.jsons, g_steal_pointer (&json));
      g_assert_true (antam_send_entry (entry, config, NULL, &error));
      g_assert_no_error (error);
      if (i == 2)
        resent = antam_outbox_entry_ref (entry);
    }
  /* A resend of one of them, as after a connection lost before the
   * server's answer: the same report id, once more. */
  resent->state = ANTAM_OUTBOX_PENDING;
  g_assert_true (antam_outbox_entry_save (resent, &error));
  g_assert_true (antam_send_entry (resent, config, NULL, &error));
  g_assert_no_error (error);
  cJSON_Delete (rt_smtp_server_wait_message (server, N_REAL + 1, 20000));
  {
    g_autofree char *new_dir = g_build_filename (server->maildir, "new", NULL);

    rt_smtp_server_stop (server);
    dir = g_dir_open (new_dir, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_ptr_array_add (names, g_build_filename (new_dir, name, NULL));
  }
  g_assert_cmpuint (names->len, ==, N_REAL + 1);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *message = NULL;

      g_assert_true (g_file_get_contents (g_ptr_array_index (names, i), &message, NULL, &error));
      add_message (message);
    }
}

static char *
crafted (const TtReport *spec,
         const char     *json_override)
{
  g_autoptr(AntamReportModel) model = tt_make_model (spec);
  g_autofree char *json = json_override ? g_strdup (json_override) : tt_report_json (model, spec);

  return tt_build_message (model, json, NULL);
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *hit = strstr (text, from);

  g_assert_nonnull (hit);
  return g_strdup_printf ("%.*s%s%s", (int) (hit - text), text, to, hit + strlen (from));
}

static void
build_corpus (void)
{
  if (corpus.dir != NULL)
    return;
  corpus.dir = rt_make_tmpdir ("tally");
  corpus.maildir = g_build_filename (corpus.dir, "maildir", NULL);
  corpus.messages = g_ptr_array_new_with_free_func (g_free);
  corpus.jsons = g_ptr_array_new_with_free_func (g_free);

  send_real_reports ();

  /* A training report, attached by hand: the app never sends one. */
  {
    g_autofree char *message = crafted (&tt_reports[TT_TRAINING], NULL);
    add_message (message);
  }
  /* A report that breaks the schema: a status no An Tâm writes. */
  {
    g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[TT_INVALID]);
    g_autofree char *json = tt_report_json (model, &tt_reports[TT_INVALID]);
    g_autofree char *broken = replace_once (json, "\"status\":\t\"ok\"", "\"status\":\t\"fine\"");
    g_autofree char *message = crafted (&tt_reports[TT_INVALID], broken);
    add_message (message);
  }
  /* A multipart message that does not say where its parts begin. */
  add_message ("From: a@b.gov.vn\r\nSubject: report\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\nhello\r\n");
  /* A plain message with nothing attached. */
  add_message ("From: a@b.gov.vn\r\nSubject: =?UTF-8?B?SOG7j2k=?=\r\n\r\nXin chào, tôi gửi báo cáo sau.\r\n");
  /* JSON, but not a report. */
  add_message ("From: a@b.gov.vn\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
               "Content-Type: application/json; name=\"data.json\"\r\n\r\n{\"hello\": 1}\r\n--b1--\r\n");
  /* A report of a version this tally does not know. */
  {
    g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[TT_INVALID]);
    g_autofree char *json = tt_report_json (model, &tt_reports[TT_INVALID]);
    g_autofree char *future = replace_once (json, "antam.report/1", "antam.report/2");
    g_autofree char *message = crafted (&tt_reports[TT_INVALID], future);
    add_message (message);
  }
  /* A report's message cut short in the middle of its attachment (a
   * report of its own: a cut copy of a stored one would be known as a
   * resend by its X-AnTam-Report-Id). */
  {
    g_autofree char *whole = crafted (&tt_reports[4], NULL);
    const char *json_part = strstr (whole, "Content-Type: application/json");
    g_autofree char *cut = g_strndup (whole, json_part - whole + 200);

    add_message (cut);
  }
  /* A 50 MB attachment that calls itself a report. */
  {
    gsize size = 50 * 1024 * 1024;
    GString *big = g_string_sized_new (size + 1024);

    g_string_append (big, "From: a@b.gov.vn\r\nContent-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n--b2\r\n"
                          "Content-Type: application/json\r\nContent-Disposition: attachment; filename=\"big.json\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\n");
    while (big->len < size)
      g_string_append (big, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n");
    g_string_append (big, "--b2--\r\n");
    tt_write_maildir_message (corpus.maildir, big->str, corpus.messages->len + 100);
    g_ptr_array_add (corpus.messages, g_string_free (big, FALSE));
  }
}

/* ---- Checks ---------------------------------------------------------------------- */


/* What the corpus must give, to the unit. */
static void
check_picture (const cJSON *picture)
{
  const cJSON *zoom = cJSON_GetObjectItem (picture, "zoom");
  const cJSON *units = cJSON_GetObjectItem (picture, "units");
  const cJSON *unit;
  guint installed = 0;

  g_assert_cmpint (number (picture, "totals.machines"), ==, 5);
  g_assert_cmpint (number (picture, "totals.units"), ==, 3);
  g_assert_cmpint (number (picture, "reports_counted"), ==, 7);
  g_assert_cmpint (number (picture, "reports_replaced_by_newer"), ==, 2);
  g_assert_cmpint (number (picture, "training_reports"), ==, 1);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (picture, "invalid_reports")), ==, 1);
  g_assert_cmpint (number (picture, "totals.machines_known_by_unit_and_hostname"), ==, 1);
  g_assert_cmpint (number (picture, "totals.apps.zoom"), ==, 3);
  g_assert_cmpint (number (picture, "totals.facts.os_unsupported"), ==, 1);
  g_assert_cmpint (number (picture, "totals.facts.security_updates"), ==, 1);
  g_assert_cmpint (number (picture, "totals.facts.laptop_unencrypted"), ==, 1);
  g_assert_cmpint (number (picture, "totals.facts.unsafe_answers"), ==, 1);
  g_assert_cmpint (number (picture, "totals.facts.incidents"), ==, 1);
  g_assert_cmpint (number (picture, "totals.facts.firewall_off"), ==, 5);

  /* Zoom: the laptop and the fake installer's machine keep leftovers, Gò
   * Quao's still has it; Châu Thành's removed it in its newer report. */
  g_assert_cmpint (cJSON_GetArraySize (zoom), ==, 3);
  cJSON_ArrayForEach (unit, zoom)
    installed += cJSON_IsTrue (cJSON_GetObjectItem (unit, "installed"));
  g_assert_cmpuint (installed, ==, 1);

  /* The units, grouped: two spellings of Châu Thành, two names under one
   * agency code. */
  g_assert_cmpint (cJSON_GetArraySize (units), ==, 3);
  cJSON_ArrayForEach (unit, units)
    {
      const char *name = cJSON_GetObjectItem (unit, "name")->valuestring;

      if (g_str_equal (name, "UBND huyện Châu Thành"))
        g_assert_cmpint (number (unit, "machines"), ==, 2);
      else if (g_str_equal (cJSON_GetObjectItem (unit, "key")->valuestring, "#STTTT"))
        g_assert_cmpint (number (unit, "machines"), ==, 2);
      else
        {
          g_assert_cmpstr (name, ==, "UBND huyện Gò Quao");
          g_assert_cmpint (number (unit, "machines"), ==, 1);
          g_assert_cmpint (number (unit, "machines_known_by_unit_and_hostname"), ==, 1);
        }
    }
}

/* The import summary of the corpus, read for the first time. */
static void
check_first_import (const char *summary)
{
  tt_assert_contains (summary, "16 messages or files read; 9 reports added; 1 already imported (the same report id); "
                            "6 without a report");
  tt_assert_contains (summary, "1 of those added is a training report: kept apart, never counted");
  tt_assert_contains (summary, "1 of those added does not follow the published schema: listed, not counted");
  tt_assert_contains (summary, "/results/0/status: \"fine\" is not one of the allowed values");
  tt_assert_contains (summary, "damaged message: a multipart message that does not say where its parts begin");
  tt_assert_contains (summary, "no report attached");
  tt_assert_contains (summary, "attachment data.json: JSON, but not an An Tâm report");
  tt_assert_contains (summary, "a report of a newer version (antam.report/2) than this An Tâm reads: update An Tâm");
  tt_assert_contains (summary, "the message is cut short and no report could be read from it");
  tt_assert_contains (summary, "attachment big.json is too large to be a report");
}

static void
test_maildir (void)
{
  g_autofree char *db = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  cJSON *picture;

  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  build_corpus ();
  db = g_build_filename (corpus.dir, "maildir.sqlite", NULL);
  {
    const char *args[] = { corpus.maildir, "--db", db, "--format", "json", NULL };

    /* Exit 1: some messages could not be read, and the summary says so. */
    picture = run_json (args, &err, 1);
    check_first_import (err);
    check_picture (picture);
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (picture, "previous")));
    cJSON_Delete (picture);

    /* Again: nothing changes, not even the trend (there is still no
     * earlier tally of fewer reports). */
    picture = run_json (args, &err2, 1);
    tt_assert_contains (err2, "16 messages or files read; 0 reports added; 10 already imported (the same report id); "
                           "6 without a report");
    check_picture (picture);
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (picture, "previous")));
    cJSON_Delete (picture);
  }
}

static void
test_mbox (void)
{
  g_autofree char *db = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  cJSON *picture;

  if (!rt_have_aiosmtpd ())
    {
      g_test_skip ("/usr/bin/python3 has no aiosmtpd (install python3-aiosmtpd)");
      return;
    }
  build_corpus ();
  /* The corpus with its cut-short message last, the file ending inside it. */
  for (guint i = 0; i < corpus.messages->len; i++)
    if (i != corpus.messages->len - 2)
      tt_append_mbox (mbox, g_ptr_array_index (corpus.messages, i));
  tt_append_mbox (mbox, g_ptr_array_index (corpus.messages, corpus.messages->len - 2));
  g_string_truncate (mbox, mbox->len - 3);
  path = g_build_filename (corpus.dir, "reports.mbox", NULL);
  g_assert_true (g_file_set_contents (path, mbox->str, mbox->len, &error));

  db = g_build_filename (corpus.dir, "mbox.sqlite", NULL);
  {
    const char *args[] = { path, "--db", db, "--format", "json", NULL };

    picture = run_json (args, &err, 1);
    check_first_import (err);
    tt_assert_contains (err, "the mailbox file ends in the middle of a line: it was cut short");
    tt_assert_contains (err, "reports.mbox, message 16: the message is cut short");
    check_picture (picture);
    cJSON_Delete (picture);
  }
}

/* What an HTTPS receiver or a shared folder collects: .json files, in
 * sub-folders too, and .eml files beside them. */
static void
test_folder (void)
{
  g_autofree char *dir = rt_make_tmpdir ("tally-folder");
  g_autofree char *sub = g_build_filename (dir, "2026-11", NULL);
  g_autofree char *db = g_build_filename (dir, "folder.sqlite", NULL);
  g_autofree char *err = NULL;
  g_autofree char *single_err = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *picture;

  g_mkdir (sub, 0700);
  for (guint i = 0; i < N_REAL; i++)
    {
      g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[i]);
      g_autofree char *json = tt_report_json (model, &tt_reports[i]);
      g_autofree char *name = g_strdup_printf ("%s.json", model->id);
      g_autofree char *path = g_build_filename (i % 2 ? sub : dir, name, NULL);

      g_assert_true (g_file_set_contents (path, json, -1, &error));
    }
  {
    g_autofree char *garbage = g_build_filename (dir, "garbage.json", NULL);
    g_autofree char *scan = g_build_filename (dir, "scan.json", NULL);
    g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *eml = g_build_filename (sub, "training.eml", NULL);
    g_autofree char *message = crafted (&tt_reports[TT_TRAINING], NULL);

    g_assert_true (g_file_set_contents (garbage, "{\"schema\": \"antam.report/1\", \"results\": [", -1, &error));
    /* antam-cli scan --json: a check, not a report that was sent. */
    g_assert_true (g_file_set_contents (scan, "{\"schema\": \"antam.report/1\", \"results\": []}", -1, &error));
    g_assert_true (g_file_set_contents (notes, "not read", -1, &error));
    g_assert_true (g_file_set_contents (eml, message, -1, &error));
  }
  {
    const char *args[] = { dir, "--db", db, "--format", "json", NULL };

    picture = run_json (args, &err, 1);
    tt_assert_contains (err, "10 messages or files read; 8 reports added; 0 already imported (the same report id); "
                          "2 without a report");
    tt_assert_contains (err, "garbage.json: not valid JSON");
    tt_assert_contains (err, "scan.json: a saved check without a report id, not a report that was sent");
    g_assert_cmpint (number (picture, "totals.machines"), ==, 5);
    g_assert_cmpint (number (picture, "training_reports"), ==, 1);
    cJSON_Delete (picture);
  }
  /* One .json given by itself, already there. */
  {
    g_autofree char *first = NULL;
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;
    const char *args[] = { NULL, "--db", db, "--format", "json", NULL };

    while ((name = g_dir_read_name (listing)) != NULL)
      if (g_str_has_suffix (name, ".json") && strlen (name) == 41 && first == NULL)
        first = g_build_filename (dir, name, NULL);
    args[0] = first;
    picture = run_json (args, &single_err, 0);
    tt_assert_contains (single_err, "1 message or file read; 0 reports added; 1 already imported (the same report id)");
    cJSON_Delete (picture);
  }
  rt_rm_rf (dir);
}

static void
test_formats (void)
{
  g_autofree char *dir = rt_make_tmpdir ("tally-formats");
  g_autofree char *db = g_build_filename (dir, "formats.sqlite", NULL);
  g_autofree char *json_path = g_build_filename (dir, "report.json", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "tong-hop.pdf", NULL);
  g_autofree char *csv = NULL, *csv_en = NULL, *html = NULL, *text = NULL, *pdf = NULL, *err = NULL;
  g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[0]);
  g_autofree char *json = tt_report_json (model, &tt_reports[0]);
  g_autoptr(GError) error = NULL;
  gsize pdf_length = 0;
  int status;
  GStatBuf st;

  g_assert_true (g_file_set_contents (json_path, json, -1, &error));
  {
    const char *args[] = { json_path, "--db", db, "--import-only", NULL };
    g_autofree char *out = tt_run_cli (args, NULL, NULL, &err, &status);

    g_assert_cmpint (status, ==, 0);
    /* Vietnamese by default, whatever the locale. */
    tt_assert_contains (err, "Tóm tắt việc nhập báo cáo:");
  }
  {
    const char *args[] = { "--db", db, "--format", "csv", NULL };
    csv = tt_run_cli (args, NULL, NULL, &err, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "Đơn vị,"));
    tt_assert_contains (csv, "UBND huyện Châu Thành,1,01/11/2026,1,");
    tt_assert_contains (csv, "Toàn tỉnh,1,");
  }
  {
    const char *args[] = { "--db", db, "--format", "csv", NULL };
    csv_en = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_true (g_str_has_prefix (csv_en, "\xEF\xBB\xBF" "Unit,Machines reporting,"));
    tt_assert_contains (csv_en, "Province total,1,");
  }
  {
    const char *args[] = { "--db", db, "--format", "html", NULL };
    html = tt_run_cli (args, NULL, NULL, &err, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"vi\">"));
    tt_assert_contains (html, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    /* Self-contained: nothing to run, nothing to fetch. */
    g_assert_null (strstr (html, "<script"));
    g_assert_null (strstr (html, "src="));
    g_assert_null (strstr (html, "href="));
    g_assert_null (strstr (html, "url("));
  }
  {
    const char *args[] = { "--db", db, NULL };
    text = tt_run_cli (args, NULL, NULL, &err, &status);
    tt_assert_contains (text, "MÁY CÒN ZOOM");
  }
  {
    const char *args[] = { "--db", db, "--format", "pdf", "-o", pdf_path, NULL };
    g_autofree char *out = tt_run_cli (args, NULL, NULL, &err, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_length, &error));
    g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
    g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  /* Written into what is not a file (a pipe here, /dev/null as often),
   * never renamed over: that would leave a file in its place. */
  {
    g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
    g_autofree char *copy = g_build_filename (dir, "from-pipe.csv", NULL);
    g_autofree char *shell = g_strdup_printf ("cat '%s' > '%s'", fifo, copy);
    const char *reader_argv[] = { "sh", "-c", shell, NULL };
    const char *args[] = { "--db", db, "--format", "csv", "-o", fifo, NULL };
    g_autoptr(GSubprocess) reader = NULL;
    g_autofree char *out = NULL;
    g_autofree char *piped = NULL;

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    reader = g_subprocess_newv (reader_argv, G_SUBPROCESS_FLAGS_NONE, &error);
    g_assert_no_error (error);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_subprocess_wait_check (reader, NULL, &error));
    g_assert_cmpint (g_stat (fifo, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
    g_assert_true (g_file_get_contents (copy, &piped, NULL, &error));
    g_assert_cmpstr (piped, ==, csv_en);
  }
  /* The database is private too. */
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  rt_rm_rf (dir);
}

static void
test_usage (void)
{
  const char *bad_format[] = { "--format", "xml", "--db", ":memory:", NULL };
  const char *bad_date[] = { "--since", "21/11/2026", "--db", ":memory:", NULL };
  const char *plain_imap[] = { "imap://mail.kiengiang.gov.vn/INBOX", "--db", ":memory:", NULL };
  g_autofree char *out1 = NULL, *out2 = NULL, *out3 = NULL, *err1 = NULL, *err2 = NULL, *err3 = NULL;
  g_autofree char *dir = rt_make_tmpdir ("tally-usage");
  g_autofree char *db = g_build_filename (dir, "u.sqlite", NULL);
  int status;

  out1 = tt_run_cli (bad_format, "en", NULL, &err1, &status);
  g_assert_cmpint (status, ==, 64);
  tt_assert_contains (err1, "The format must be text, csv, json, html or pdf");
  out2 = tt_run_cli (bad_date, "en", NULL, &err2, &status);
  g_assert_cmpint (status, ==, 64);
  plain_imap[2] = db;
  out3 = tt_run_cli (plain_imap, "en", NULL, &err3, &status);
  tt_assert_contains (err3, "imap:// is only allowed to this computer");
  g_assert_cmpint (status, ==, 64);
  rt_rm_rf (dir);
}

/* Trend: the picture made again compares with the same earlier tally;
 * after new reports, with the last one. */
static void
test_trend (void)
{
  g_autofree char *dir = rt_make_tmpdir ("tally-trend");
  g_autofree char *db = g_build_filename (dir, "trend.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  cJSON *picture;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[i == 2 ? 3 : i]);
      g_autofree char *json = tt_report_json (model, &tt_reports[i == 2 ? 3 : i]);
      g_autofree char *path = g_build_filename (dir, "r.json", NULL);
      const char *args[] = { path, "--db", db, "--format", "json", NULL };

      g_assert_true (g_file_set_contents (path, json, -1, &error));
      g_clear_pointer (&err, g_free);
      picture = run_json (args, &err, 0);
      if (i == 0)
        g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (picture, "previous")));
      else if (i == 1)
        {
          /* The same machine without Zoom now. */
          g_assert_cmpint (number (picture, "previous.machines"), ==, 1);
          g_assert_cmpint (number (picture, "previous.apps.zoom"), ==, 1);
          g_assert_cmpint (number (picture, "totals.apps.zoom"), ==, 0);
        }
      else
        {
          g_assert_cmpint (number (picture, "previous.machines"), ==, 1);
          g_assert_cmpint (number (picture, "totals.machines"), ==, 2);
        }
      cJSON_Delete (picture);
    }
  /* Drawn again with nothing new: the same trend. */
  {
    const char *args[] = { "--db", db, "--format", "json", NULL };

    picture = run_json (args, &err, 0);
    g_assert_cmpint (number (picture, "previous.machines"), ==, 1);
    cJSON_Delete (picture);
  }
  /* --since and --unit narrow the picture. */
  {
    const char *args[] = { "--db", db, "--format", "json", "--unit", "STTTT", NULL };

    picture = run_json (args, &err, 0);
    g_assert_cmpint (number (picture, "totals.machines"), ==, 1);
    cJSON_Delete (picture);
  }
  {
    const char *args[] = { "--db", db, "--format", "json", "--since", "2026-11-14", NULL };

    picture = run_json (args, &err, 0);
    g_assert_cmpint (number (picture, "totals.machines"), ==, 1);
    g_assert_cmpint (number (picture, "reports_counted"), ==, 1);
    cJSON_Delete (picture);
  }
  rt_rm_rf (dir);
}

/* A Maildir of 100,000 messages: read one at a time. */
static void
test_maildir_100k (void)
{
  g_autofree char *dir = rt_make_tmpdir ("tally-100k");
  g_autofree char *maildir = g_build_filename (dir, "maildir", NULL);
  g_autofree char *db = g_build_filename (dir, "100k.sqlite", NULL);
  g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[1]);
  g_autofree char *json = tt_report_json (model, &tt_reports[1]);
  g_autofree char *message = tt_build_message (model, json, NULL);
  g_autofree char *first = tt_write_maildir_message (maildir, message, 0);
  g_autofree char *source = g_strdup (first);
  g_autofree char *err = NULL;
  const guint n = 100000;
  cJSON *picture;

  /* One report, filed a hundred thousand times: hard links are cheap to
   * make, and ext4 allows 65,000 to a file, so a new copy every 50,000. */
  for (guint i = 1; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/cur/1764000000.M%uP2.antam-test:2,S", maildir, i);

      if (i % 50000 == 0)
        {
          g_free (source);
          source = tt_write_maildir_message (maildir, message, i);
          continue;
        }
      g_assert_cmpint (link (source, name), ==, 0);
    }
  {
    const char *args[] = { maildir, "--db", db, "--format", "json", NULL };

    picture = run_json (args, &err, 0);
    tt_assert_contains (err, "100000 messages or files read; 1 report added; 99999 already imported "
                          "(the same report id); 0 without a report");
    g_assert_cmpint (number (picture, "totals.machines"), ==, 1);
    cJSON_Delete (picture);
  }
  rt_rm_rf (dir);
}

/* ---- The parts, in the process ---------------------------------------------------- */

static void
test_unit_key (void)
{
  static const char * const same[] = {
    "UBND huyện Châu Thành", "ubnd  huyen chau thanh", " UBND Huyện Châu-Thành ", "UBND HUYỆN CHÂU THÀNH",
  };
  g_autofree char *key = antam_tally_unit_key (same[0], NULL);
  g_autofree char *dd = antam_tally_unit_key ("Đội Ứng cứu", NULL);
  g_autofree char *code = antam_tally_unit_key ("anything", " sttt ");

  g_assert_cmpstr (key, ==, "ubnd huyen chau thanh");
  for (guint i = 1; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *other = antam_tally_unit_key (same[i], NULL);
      g_assert_cmpstr (other, ==, key);
    }
  g_assert_cmpstr (dd, ==, "doi ung cuu");
  g_assert_cmpstr (code, ==, "#STTT");
}

/* The security marker is read as os-updates writes it, in both languages
 * reports are written in: po/vi.po must still translate it so. */
static void
test_security_detail (void)
{
  g_autofree char *po_path = g_build_filename (g_getenv ("ANTAM_SOURCE_ROOT"), "po", "vi.po", NULL);
  g_autofree char *po = NULL;
  g_autoptr(GError) error = NULL;
  const char *entry;
  g_autofree char *translation = NULL;

  g_assert_true (g_file_get_contents (po_path, &po, NULL, &error));
  entry = strstr (po, "\nmsgid \"Security update\"\nmsgstr \"");
  g_assert_nonnull (entry);
  entry = strstr (entry, "msgstr \"") + strlen ("msgstr \"");
  translation = g_strndup (entry, strchr (entry, '"') - entry);
  g_assert_true (antam_tally_is_security_detail ("Security update"));
  g_assert_true (antam_tally_is_security_detail (translation));
  g_assert_false (antam_tally_is_security_detail ("Update"));
}

/* @json as An Tâm wrote it before the contract: "+07" offsets, no result
 * ids, no "info" count.  Takes @json. */
static char *
older_form (char *json)
{
  cJSON *root = cJSON_Parse (json);
  cJSON *result;
  g_autofree char *printed = NULL;
  g_auto(GStrv) parts = NULL;

  cJSON_ArrayForEach (result, cJSON_GetObjectItem (root, "results"))
    cJSON_DeleteItemFromObject (result, "id");
  cJSON_DeleteItemFromObject (cJSON_GetObjectItem (root, "summary"), "info");
  printed = cJSON_Print (root);
  cJSON_Delete (root);
  g_free (json);
  parts = g_strsplit (printed, "+07:00\"", -1);
  return g_strjoinv ("+07\"", parts);
}

/* A report as An Tâm wrote it before the contract ("+07" offsets, no
 * result ids, no "info" count) follows the published schema once brought
 * up to date; an unknown field still breaks it. */
static void
test_older_reports (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ANTAM_DATA_DIR"), "antam-report.schema.json", NULL);
  g_autoptr(AntamJsonSchema) schema = antam_json_schema_load (path, NULL);
  g_autoptr(AntamReportModel) model = tt_make_model (&tt_reports[5]);
  g_autofree char *json = older_form (tt_report_json (model, &tt_reports[5]));
  g_autofree char *odd = g_strdup_printf ("{\"surprise\": 1,%s", strchr (json, '{') + 1);
  g_autoptr(AntamTallyReport) report = NULL;
  g_autoptr(AntamTallyReport) broken = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (schema);
  g_assert_nonnull (strstr (json, "+07\""));
  report = antam_tally_report_parse (json, strlen (json), NULL, schema, &error);
  g_assert_no_error (error);
  g_assert_true (report->older_form);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_nonnull (antam_tally_report_find_app (report, "zoom"));

  broken = antam_tally_report_parse (odd, strlen (odd), NULL, schema, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (broken->problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (broken->problems, 0), ==, "/: “surprise” is not expected");
}

static void
test_mime_parts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamMimeMessage) message = NULL;
  static const char qp[] =
    "Message-ID: <abc@x.gov.vn>\nX-AnTam-Report-Id: 0f7a\nSubject: =?UTF-8?Q?B=C3=A1o_c=C3=A1o?= =?UTF-8?B?IG3hu5tp?=\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
    "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n--inner\nContent-Type: text/plain\n\nhi\n"
    "--inner--\n--outer\nContent-Type: application/octet-stream\n"
    "Content-Disposition: attachment; filename*=utf-8''b%C3%A1o-c%C3%A1o.json\n"
    "Content-Transfer-Encoding: quoted-printable\n\n{\"a\": =\n\"=C3=A1\"}\n--outer--\n";

  message = antam_mime_parse (qp, strlen (qp), 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message->message_id, ==, "abc@x.gov.vn");
  g_assert_cmpstr (message->report_id, ==, "0f7a");
  g_assert_cmpstr (message->subject, ==, "Báo cáo mới");
  g_assert_cmpuint (message->json_parts->len, ==, 1);
  {
    AntamMimePart *part = g_ptr_array_index (message->json_parts, 0);
    g_autofree char *body = g_strndup (g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body));

    g_assert_cmpstr (part->filename, ==, "báo-cáo.json");
    g_assert_cmpstr (body, ==, "{\"a\": \"á\"}");
  }
  g_assert_false (message->truncated);
  g_clear_pointer (&message, antam_mime_message_free);

  message = antam_mime_parse ("no header here", 14, 1024, &error);
  g_assert_null (message);
  g_assert_error (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_BROKEN_MESSAGE);
}

/* A database of version 1, as the first tally wrote it, is migrated; one
 * from a newer An Tâm is refused, not damaged. */
static void
test_store_versions (void)
{
  g_autofree char *dir = rt_make_tmpdir ("tally-store");
  g_autofree char *old = g_build_filename (dir, "v1.sqlite", NULL);
  g_autofree char *newer = g_build_filename (dir, "v99.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamTallyStore) store = NULL;
  g_autoptr(AntamTallyDb) db = NULL;

  db = antam_tally_db_open (old, &error);
  g_assert_no_error (error);
  g_assert_true (antam_tally_db_exec (db,
                                      "CREATE TABLE antam_schema (version INTEGER NOT NULL);"
                                      "INSERT INTO antam_schema VALUES (1);"
                                      "CREATE TABLE reports (report_id TEXT PRIMARY KEY, machine TEXT NOT NULL,"
                                      " machine_fallback INTEGER NOT NULL, machine_key TEXT, hostname TEXT, os_name TEXT,"
                                      " unit TEXT, agency_code TEXT, sender_name TEXT, sender_email TEXT,"
                                      " created BIGINT NOT NULL, created_text TEXT, training INTEGER NOT NULL,"
                                      " valid INTEGER NOT NULL, problems TEXT, incident INTEGER NOT NULL,"
                                      " os_unsupported INTEGER NOT NULL, security_updates INTEGER NOT NULL,"
                                      " auto_updates_off INTEGER NOT NULL, firewall_off INTEGER NOT NULL,"
                                      " laptop_unencrypted INTEGER NOT NULL, unsafe_answers INTEGER NOT NULL,"
                                      " imported BIGINT NOT NULL, source TEXT, document TEXT NOT NULL);"
                                      "CREATE TABLE report_apps (report_id TEXT NOT NULL, rule TEXT NOT NULL,"
                                      " installed INTEGER NOT NULL, PRIMARY KEY (report_id, rule));"
                                      "CREATE TABLE tallies (scope TEXT NOT NULL, reports BIGINT NOT NULL,"
                                      " made BIGINT NOT NULL, totals TEXT NOT NULL, PRIMARY KEY (scope, reports));",
                                      &error));
  g_clear_pointer (&db, antam_tally_db_close);

  store = antam_tally_store_open (old, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (antam_tally_store_get_version (store), ==, ANTAM_TALLY_STORE_VERSION);
  g_assert_true (antam_tally_store_set_imap_state (store, "imaps://x/INBOX", "7", 12, &error));
  g_clear_pointer (&store, antam_tally_store_close);

  db = antam_tally_db_open (newer, &error);
  g_assert_true (antam_tally_db_exec (db, "CREATE TABLE antam_schema (version INTEGER NOT NULL);"
                                          "INSERT INTO antam_schema VALUES (99);", &error));
  g_clear_pointer (&db, antam_tally_db_close);
  store = antam_tally_store_open (newer, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "newer An Tâm"));
  rt_rm_rf (dir);
}

static void
cleanup_corpus (void)
{
  if (corpus.dir == NULL)
    return;
  rt_rm_rf (corpus.dir);
  g_clear_pointer (&corpus.dir, g_free);
  g_clear_pointer (&corpus.maildir, g_free);
  g_clear_pointer (&corpus.messages, g_ptr_array_unref);
  g_clear_pointer (&corpus.jsons, g_ptr_array_unref);
}

int
main (int    argc,
      char **argv)
{
  int result;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  antam_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tally/unit-key", test_unit_key);
  g_test_add_func ("/tally/security-detail", test_security_detail);
  g_test_add_func ("/tally/mime-parts", test_mime_parts);
  g_test_add_func ("/tally/older-reports", test_older_reports);
  g_test_add_func ("/tally/store-versions", test_store_versions);
  g_test_add_func ("/tally/maildir", test_maildir);
  g_test_add_func ("/tally/mbox", test_mbox);
  g_test_add_func ("/tally/folder", test_folder);
  g_test_add_func ("/tally/formats", test_formats);
  g_test_add_func ("/tally/trend", test_trend);
  g_test_add_func ("/tally/usage", test_usage);
  g_test_add_func ("/tally/maildir-100k", test_maildir_100k);
  result = g_test_run ();
  cleanup_corpus ();
  return result;
}
