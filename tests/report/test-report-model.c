/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "report/antam-contacts.h"
#include "antam-i18n.h"
#include "rules/antam-questions.h"
#include "report/antam-send.h"
#include "report/antam-report-model.h"
#include "antam-test-root.h"
#include "antam-test-schema.h"
#include "report-test-util.h"

/* ---- Contacts ------------------------------------------------------------ */

static void
test_contacts_shipped (void)
{
  g_autoptr(AntamContact) kg = rt_kien_giang ();

  /* Exactly as letter 1200/UBND-KGVX gives it. */
  g_assert_nonnull (kg);
  g_assert_cmpstr (kg->name_vi, ==, "Đội Ứng cứu sự cố máy tính tỉnh Kiên Giang");
  g_assert_cmpstr (kg->phone, ==, "0824563838");
  g_assert_cmpstr (kg->person_vi, ==, "ông Đặng Vũ Hùng");
  g_assert_cmpstr (kg->email, ==, "dvhung.sttt@kiengiang.gov.vn");
  g_assert_null (kg->https_endpoint);
  g_assert_nonnull (kg->name_en);
}

static void
expect_invalid (const char *json,
                const char *message_part)
{
  g_autoptr(AntamContacts) contacts = antam_contacts_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (antam_contacts_add_file (contacts, "/etc/antam/contacts.json", json, strlen (json), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "/etc/antam/contacts.json: "));
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
  g_assert_cmpuint (contacts->contacts->len, ==, 0);
}

#define CONTACT(body) "{\"schema\": \"antam.contacts/1\", \"contacts\": [" body "]}"
#define NAME "\"name\": {\"vi\": \"Đội\", \"en\": \"Team\"}"

static void
test_contacts_invalid (void)
{
  expect_invalid ("{", "is not valid JSON");
  expect_invalid ("[]", "must contain one JSON object");
  expect_invalid ("{\"schema\": \"antam.rules/1\", \"contacts\": []}", "schema");
  expect_invalid ("{\"schema\": \"antam.contacts/1\", \"contacts\": {}}", "contacts: must be a list");
  expect_invalid (CONTACT ("{\"id\": \"Hà Nội\", " NAME ", \"phone\": \"1\"}"), "contacts[0].id");
  expect_invalid (CONTACT ("{\"id\": \"a\", \"phone\": \"0824563838\"}"), "contacts[0] (a).name");
  expect_invalid (CONTACT ("{\"id\": \"a\", \"name\": {\"vi\": \"Đội\"}, \"phone\": \"0824563838\"}"),
                  "contacts[0] (a).name.en");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME ", \"email\": \"x@y.vn\\r\\nBcc: z@evil.example\"}"),
                  "contacts[0] (a).email");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME ", \"email\": \"not-an-address\"}"), "(a).email");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME ", \"phone\": \"call me\"}"), "(a).phone");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME ", \"https_endpoint\": \"http://csirt.example.gov.vn/r\"}"),
                  "(a).https_endpoint");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME ", \"https_endpoint\": \"https://u:p@csirt.example.gov.vn/\"}"),
                  "(a).https_endpoint");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME "}"), "needs a phone number");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME ", \"phone\": \"1234\", \"fax\": \"1\"}"), "contacts[0].fax");
  expect_invalid (CONTACT ("{\"id\": \"a\", " NAME ", \"phone\": \"1234\"},"
                           "{\"id\": \"a\", " NAME ", \"phone\": \"5678\"}"), "given twice");
}

static void
test_contacts_override (void)
{
  g_autofree char *root = rt_make_tmpdir ("contacts");
  g_autofree char *etc = g_build_filename (root, "etc", "antam", NULL);
  g_autofree char *file = g_build_filename (etc, "contacts.json", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamContacts) contacts = NULL;
  g_autoptr(GError) error = NULL;
  const AntamContact *kg, *other;
  const char *agency =
    "{\"schema\": \"antam.contacts/1\", \"contacts\": ["
    " {\"id\": \"kien-giang\", \"name\": {\"vi\": \"Đội Ứng cứu sự cố máy tính tỉnh Kiên Giang\","
    "  \"en\": \"Kiên Giang CSIRT\"}, \"phone\": \"0824563838\", \"email\": \"dvhung.sttt@kiengiang.gov.vn\","
    "  \"https_endpoint\": \"https://csirt.kiengiang.example/api/reports\"},"
    " {\"id\": \"so-tttt-test\", \"name\": {\"vi\": \"Sở Thông tin và Truyền thông (thử)\","
    "  \"en\": \"Department of Information and Communications (test)\"}, \"phone\": \"0123 456 789\"}"
    "]}";

  g_assert_cmpint (g_mkdir_with_parents (etc, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, agency, -1, NULL));

  sysroot = antam_sysroot_new (root, "/home/lan", &error);
  g_assert_no_error (error);
  contacts = antam_contacts_load (sysroot);
  g_assert_cmpuint (contacts->errors->len, ==, 0);
  g_assert_cmpuint (contacts->contacts->len, ==, 2);
  kg = antam_contacts_lookup (contacts, "kien-giang");
  g_assert_true (kg == g_ptr_array_index (contacts->contacts, 0));
  g_assert_cmpstr (kg->https_endpoint, ==, "https://csirt.kiengiang.example/api/reports");
  other = antam_contacts_lookup (contacts, "so-tttt-test");
  g_assert_nonnull (other);
  g_assert_null (other->email);

  /* The agency's folder, in name order, may name its team: chosen until
   * the user chooses; another team is the last, by its address. */
  g_assert_cmpstr (antam_contacts_get_default_id (contacts), ==, "kien-giang");
  {
    g_autofree char *dir = g_build_filename (etc, "contacts.d", NULL);
    g_autofree char *first = g_build_filename (dir, "10-ca-mau.json", NULL);
    g_autofree char *second = g_build_filename (dir, "20-default.json", NULL);
    AntamContact *added;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (g_file_set_contents (first, "{\"schema\": \"antam.contacts/1\", \"contacts\": ["
                                        " {\"id\": \"ca-mau\", \"name\": {\"vi\": \"Đội Ứng cứu sự cố tỉnh Cà Mau\","
                                        "  \"en\": \"Cà Mau CSIRT\"}, \"email\": \"ucsc@camau.gov.vn\"}]}", -1, NULL));
    g_assert_true (g_file_set_contents (second, "{\"schema\": \"antam.contacts/1\", \"default\": \"ca-mau\","
                                        " \"contacts\": []}", -1, NULL));
    g_clear_pointer (&contacts, antam_contacts_free);
    contacts = antam_contacts_load (sysroot);
    g_assert_cmpuint (contacts->errors->len, ==, 0);
    g_assert_cmpuint (contacts->contacts->len, ==, 3);
    g_assert_cmpstr (antam_contacts_lookup (contacts, "ca-mau")->email, ==, "ucsc@camau.gov.vn");
    g_assert_cmpstr (antam_contacts_get_default_id (contacts), ==, "ca-mau");

    added = antam_contacts_add_other (contacts, "  not an address ");
    g_assert_null (added->email);
    antam_contact_set_other_email (added, " ucsc@tp.hcm.gov.vn ");
    g_assert_cmpstr (added->email, ==, "ucsc@tp.hcm.gov.vn");
    g_assert_true (antam_contacts_lookup (contacts, ANTAM_OTHER_CONTACT) == added);
    g_assert_cmpint (g_unlink (first), ==, 0);
    g_assert_cmpint (g_unlink (second), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }

  /* A broken agency file is reported and the shipped contact still stands. */
  g_assert_true (g_file_set_contents (file, "{\"schema\": 1}", -1, NULL));
  g_clear_pointer (&contacts, antam_contacts_free);
  contacts = antam_contacts_load (sysroot);
  g_assert_cmpuint (contacts->errors->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (contacts->errors, 0), "contacts.json"));
  g_assert_cmpstr (antam_contacts_lookup (contacts, "kien-giang")->email, ==, "dvhung.sttt@kiengiang.gov.vn");
  g_assert_null (antam_contacts_lookup (contacts, "kien-giang")->https_endpoint);

  rt_rm_rf (root);
}

/* ---- JSON ---------------------------------------------------------------- */

static cJSON *
model_json (AntamReportModel *model)
{
  g_autofree char *text = antam_report_model_to_json (model);
  cJSON *root = cJSON_Parse (text);

  g_assert_nonnull (root);
  antam_test_report_keep (text, -1);
  return root;
}

static const cJSON *
get (const cJSON *node,
     const char  *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] && node; i++)
    {
      char *end;
      guint64 index = g_ascii_strtoull (parts[i], &end, 10);

      if (*end == '\0' && end != parts[i])
        node = cJSON_GetArrayItem (node, (int) index);
      else
        node = cJSON_GetObjectItemCaseSensitive (node, parts[i]);
    }
  return node;
}

static const char *
get_string (const cJSON *node,
            const char  *path)
{
  const cJSON *found = get (node, path);

  return cJSON_IsString (found) ? found->valuestring : NULL;
}

static void
test_json_full (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  cJSON *root;

  model->incident_what = g_strdup ("Một người lạ vào phòng họp trực tuyến và ghi hình");
  model->incident_when = g_strdup ("Sáng 19/11/2026");
  model->incident_affected = g_strdup ("Cuộc họp giao ban");
  root = model_json (model);

  g_assert_cmpstr (get_string (root, "schema"), ==, "antam.report/1");
  g_assert_cmpstr (get_string (root, "report_id"), ==, model->id);
  g_assert_cmpstr (get_string (root, "generated"), ==, "2026-11-20T09:30:00+07:00");
  g_assert_cmpstr (get_string (root, "system.hostname"), ==, "pc-lan-vanphong");
  g_assert_cmpstr (get_string (root, "system.user"), ==, "lan");
  g_assert_cmpstr (get_string (root, "sender.name"), ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (get_string (root, "sender.unit"), ==, "Văn phòng UBND huyện Châu Thành");
  g_assert_cmpstr (get_string (root, "recipient.id"), ==, "kien-giang");
  g_assert_cmpstr (get_string (root, "recipient.email"), ==, "dvhung.sttt@kiengiang.gov.vn");
  g_assert_cmpstr (get_string (root, "incident.when"), ==, "Sáng 19/11/2026");
  g_assert_cmpstr (get_string (root, "answers.meeting-password"), ==, "no");
  g_assert_cmpstr (get_string (root, "results.1.items.0.location"), ==, "/home/lan/Downloads/ZoomInstaller.deb");
  g_assert_cmpstr (get_string (root, "results.1.items.0.origin"), ==,
                   "https://zoom-download.example.com/ZoomInstaller.deb");
  g_assert_null (get (root, "withheld"));
  g_assert_null (get (root, "training"));
  g_assert_cmpint (get (root, "summary.risk")->valueint, ==, 1);
  g_assert_cmpint (get (root, "summary.warning")->valueint, ==, 2);
  cJSON_Delete (root);
}

static void
test_json_withheld_absent (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autofree char *text = NULL;
  cJSON *root;

  model->withhold = ANTAM_WITHHOLD_HOSTNAME | ANTAM_WITHHOLD_USER_NAME |
                    ANTAM_WITHHOLD_HOME_PATHS | ANTAM_WITHHOLD_DOWNLOAD_URLS;
  text = antam_report_model_to_json (model);
  root = cJSON_Parse (text);
  antam_test_report_keep (text, -1);
  g_test_message ("%s", text);

  /* Absent, not empty. */
  g_assert_nonnull (get (root, "system"));
  g_assert_null (get (root, "system.hostname"));
  g_assert_null (get (root, "system.user"));
  g_assert_nonnull (get (root, "results.1.items.0"));
  g_assert_null (get (root, "results.1.items.0.location"));
  g_assert_null (get (root, "results.1.items.0.origin"));
  g_assert_null (get (root, "results.1.items.0.detail"));
  g_assert_null (get (root, "results.1.remedy.target"));
  g_assert_null (get (root, "results.0.items.1.location"));
  /* What is not private stays. */
  g_assert_cmpstr (get_string (root, "results.0.items.0.location"), ==, "/usr/bin/zoom");
  g_assert_cmpstr (get_string (root, "results.1.items.0.name"), ==, "ZoomInstaller.deb");
  g_assert_cmpstr (get_string (root, "results.1.items.0.sha256"), ==,
                   "0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_cmpstr (get_string (root, "withheld.0"), ==, "hostname");
  g_assert_cmpuint (cJSON_GetArraySize (get (root, "withheld")), ==, 4);

  /* Nowhere in the document either, not even inside a sentence. */
  g_assert_null (strstr (text, "pc-lan-vanphong"));
  g_assert_null (strstr (text, "/home/lan"));
  g_assert_null (strstr (text, "zoom-download.example.com"));
  g_assert_null (strstr (text, "bit.example"));
  g_assert_null (strstr (text, "\"\""));
  cJSON_Delete (root);
}

static void
test_json_user_name_only (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autofree char *text = NULL;
  cJSON *root;

  model->withhold = ANTAM_WITHHOLD_USER_NAME;
  text = antam_report_model_to_json (model);
  root = cJSON_Parse (text);
  antam_test_report_keep (text, -1);
  /* The place stays, relative to home; the account name goes. */
  g_assert_cmpstr (get_string (root, "results.1.items.0.location"), ==, "~/Downloads/ZoomInstaller.deb");
  g_assert_cmpstr (get_string (root, "results.1.remedy.text"), ==,
                   "Delete ~/Downloads/ZoomInstaller.deb without opening it.");
  g_assert_null (strstr (text, "/home/lan"));
  g_assert_null (get (root, "system.user"));
  g_assert_cmpstr (get_string (root, "system.hostname"), ==, "pc-lan-vanphong");
  cJSON_Delete (root);
}

static void
test_json_training (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autofree char *subject = NULL;
  cJSON *root;

  model->training = TRUE;
  root = model_json (model);
  g_assert_true (cJSON_IsTrue (get (root, "training")));
  cJSON_Delete (root);
  subject = antam_report_model_get_subject (model);
  g_assert_true (g_str_has_prefix (subject, "[TRAINING] "));
}

/* The report the CLI and the app have always made is unchanged. */
static void
test_legacy_json (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autofree char *text = antam_report_to_json (model->results, model->system, model->generated);
  g_autoptr(GPtrArray) parsed = antam_report_parse_results (text, strlen (text), NULL);
  cJSON *root = cJSON_Parse (text);

  antam_test_report_keep (text, -1);

  g_assert_nonnull (parsed);
  g_assert_cmpuint (parsed->len, ==, 4);
  g_assert_null (get (root, "sender"));
  g_assert_null (get (root, "report_id"));
  g_assert_cmpstr (get_string (root, "system.hostname"), ==, "pc-lan-vanphong");
  cJSON_Delete (root);
}

/* Results say what they are about in fields a program can count, and the
 * ids come back when the report is read again. */
static void
test_json_ids (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autofree char *text = antam_report_model_to_json (model);
  g_autoptr(GPtrArray) parsed = antam_report_parse_results (text, strlen (text), NULL);
  cJSON *root = cJSON_Parse (text);

  g_assert_cmpstr (get_string (root, "results.0.id"), ==, "risky-apps/zoom");
  g_assert_cmpstr (get_string (root, "results.0.check"), ==, "risky-apps");
  g_assert_cmpstr (get_string (root, "results.0.items.0.rule"), ==, "zoom");
  g_assert_cmpstr (get_string (root, "results.0.items.1.rule"), ==, "zoom");
  g_assert_cmpstr (get_string (root, "results.1.id"), ==, "downloads/fake:zoom");
  g_assert_cmpstr (get_string (root, "results.2.id"), ==, "os-support");
  g_assert_cmpstr (get_string (root, "results.3.id"), ==, "meeting-hygiene/meeting-password");
  g_assert_cmpstr (antam_result_get_id (g_ptr_array_index (parsed, 0)), ==, "risky-apps/zoom");
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (((AntamResult *) g_ptr_array_index (parsed, 0))->items, 0))->rule,
                   ==, "zoom");
  g_assert_cmpstr (antam_result_get_id (g_ptr_array_index (parsed, 2)), ==, "os-support");
  /* The machine, by its key; the summary counts notes apart from OK. */
  g_assert_cmpstr (get_string (root, "machine_key"), ==,
                   "9c0586f1e3dba3952e8732272337a391965c34a7119066d391d290d774faadd8");
  g_assert_true (cJSON_IsNumber (get (root, "summary.info")));
  cJSON_Delete (root);
}

/* Every time carries its offset from UTC, to the second. */
static void
test_json_timestamps (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autoptr(GTimeZone) hanoi = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) created = g_date_time_new (hanoi, 2026, 12, 3, 16, 5, 0.25);
  g_autoptr(GDateTime) in_utc = g_date_time_new (utc, 2026, 12, 3, 9, 5, 0);
  g_autofree char *utc_text = antam_timestamp_format (in_utc);
  cJSON *root;

  g_date_time_unref (model->created);
  model->created = g_date_time_ref (created);
  root = model_json (model);
  g_assert_cmpstr (get_string (root, "created"), ==, "2026-12-03T16:05:00+07:00");
  g_assert_cmpstr (get_string (root, "generated"), ==, "2026-11-20T09:30:00+07:00");
  g_assert_cmpstr (utc_text, ==, "2026-12-03T09:05:00+00:00");
  cJSON_Delete (root);
}

/* systemd's way: HMAC-SHA256 keyed with the machine id, of the app id
 * (the figure checked with "openssl dgst -sha256 -hmac"). */
static void
test_machine_key (void)
{
  const char *id = "3d1219c7c4c5404aaa1f6d2a48adfda4\n";
  g_autofree char *key = antam_machine_key_compute (id, strlen (id));
  g_autofree char *again = antam_machine_key_compute ("3d1219c7c4c5404aaa1f6d2a48adfda4", 32);
  g_autofree char *other = antam_machine_key_compute ("00000000000000000000000000000001", 32);

  g_assert_cmpstr (key, ==, "9c0586f1e3dba3952e8732272337a391965c34a7119066d391d290d774faadd8");
  g_assert_cmpstr (again, ==, key);
  g_assert_cmpstr (other, !=, key);
  g_assert_null (antam_machine_key_compute (" \n", 2));
}

/* The schema is not a formality: what breaks it is refused. */
static void
test_schema_refuses (void)
{
  static const char * const bad[] = {
    /* a time without its offset */
    "{\"schema\":\"antam.report/1\",\"generated\":\"2026-12-03T16:05:00\",\"app\":{\"name\":\"An Tâm\",\"version\":\"1\"},"
    "\"system\":{},\"results\":[],\"summary\":{\"ok\":0,\"info\":0,\"manual\":0,\"unknown\":0,\"warning\":0,\"risk\":0}}",
    /* a status no one knows */
    "{\"schema\":\"antam.report/1\",\"generated\":\"2026-12-03T16:05:00+07:00\",\"app\":{\"name\":\"An Tâm\",\"version\":\"1\"},"
    "\"system\":{},\"results\":[{\"id\":\"x\",\"check\":\"x\",\"status\":\"fine\",\"items\":[],\"remedy\":{\"kind\":\"none\"}}],"
    "\"summary\":{\"ok\":0,\"info\":0,\"manual\":0,\"unknown\":0,\"warning\":0,\"risk\":0}}",
    /* no info count */
    "{\"schema\":\"antam.report/1\",\"generated\":\"2026-12-03T16:05:00+07:00\",\"app\":{\"name\":\"An Tâm\",\"version\":\"1\"},"
    "\"system\":{},\"results\":[],\"summary\":{\"ok\":0,\"manual\":0,\"unknown\":0,\"warning\":0,\"risk\":0}}",
    /* a field the schema does not describe */
    "{\"schema\":\"antam.report/1\",\"generated\":\"2026-12-03T16:05:00+07:00\",\"app\":{\"name\":\"An Tâm\",\"version\":\"1\"},"
    "\"system\":{},\"results\":[],\"summary\":{\"ok\":0,\"info\":0,\"manual\":0,\"unknown\":0,\"warning\":0,\"risk\":0},"
    "\"secret\":1}",
    /* a machine key that is not one */
    "{\"schema\":\"antam.report/1\",\"generated\":\"2026-12-03T16:05:00+07:00\",\"app\":{\"name\":\"An Tâm\",\"version\":\"1\"},"
    "\"machine_key\":\"pc-lan\",\"system\":{},\"results\":[],"
    "\"summary\":{\"ok\":0,\"info\":0,\"manual\":0,\"unknown\":0,\"warning\":0,\"risk\":0}}",
  };
  g_autofree char *dir = rt_make_tmpdir ("schema");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *output = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.json", i);
      char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  g_assert_true (antam_test_report_validate ((const char * const *) paths->pdata, FALSE, &output));
  rt_rm_rf (dir);
}

/* ---- Text and PDF -------------------------------------------------------- */

static void
test_text (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  const char *risk, *warning, *ok;

  text = antam_report_model_to_text (model);
  g_test_message ("%s", text);
  /* When, with the zone: the team may read it elsewhere. */
  g_assert_nonnull (strstr (text, "Checked on: 20/11/2026 09:30 (UTC+07:00)\n"));
  g_assert_nonnull (strstr (text, "Nguyễn Thị Lan"));
  g_assert_nonnull (strstr (text, "pc-lan-vanphong"));
  g_assert_nonnull (strstr (text, model->id));
  risk = strstr (text, "Zoom is installed");
  warning = strstr (text, "An installer from an unofficial site");
  ok = strstr (text, "The system is supported");
  /* Worst first. */
  g_assert_true (risk && warning && ok && risk < warning && warning < ok);

  model->withhold = ANTAM_WITHHOLD_HOSTNAME | ANTAM_WITHHOLD_HOME_PATHS | ANTAM_WITHHOLD_DOWNLOAD_URLS;
  g_free (text);
  text = antam_report_model_to_text (model);
  g_assert_null (strstr (text, "pc-lan-vanphong"));
  g_assert_null (strstr (text, "/home/lan"));
  g_assert_null (strstr (text, "zoom-download.example.com"));

  subject = antam_report_model_get_subject (model);
  g_assert_null (strchr (subject, '\n'));
  g_assert_nonnull (strstr (subject, "Văn phòng UBND huyện Châu Thành"));
}

static char *
pdf_text (AntamReportModel *model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = antam_report_model_to_pdf (model, &error);
  g_autofree char *dir = rt_make_tmpdir ("pdf");
  g_autofree char *path = g_build_filename (dir, "form.pdf", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { pdftotext, "-enc", "UTF-8", "-raw", path, "-", NULL };
  char *text = NULL;
  int status;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  if (pdftotext == NULL)
    {
      rt_rm_rf (dir);
      return NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  rt_rm_rf (dir);
  return text;
}

/* Every question goes to the CSIRT with the answer given: "Yes", "No",
 * "Not sure" or "Not answered yet", safe answers included; sending state
 * secrets through online apps is a risk. */
static void
test_questions_with_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamQuestions) questions = antam_questions_load_default (&error);
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamReportModel) model = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdf = NULL;
  const AntamQuestion *secrets, *password, *participants;

  g_assert_no_error (error);
  antam_i18n_set_language ("en");
  secrets = antam_questions_lookup (questions, "data-state-secrets-online");
  password = antam_questions_lookup (questions, "meeting-password");
  participants = antam_questions_lookup (questions, "meeting-participants");
  g_hash_table_insert (answers, secrets->id, GINT_TO_POINTER (ANTAM_ANSWER_YES));
  g_hash_table_insert (answers, password->id, GINT_TO_POINTER (ANTAM_ANSWER_YES));
  g_hash_table_insert (answers, participants->id, GINT_TO_POINTER (ANTAM_ANSWER_NOT_SURE));
  results = antam_questions_to_results (questions, answers);
  model = antam_report_model_new (results, NULL, NULL);

  text = antam_report_model_to_text (model);
  g_test_message ("%s", text);
  {
    g_autofree char *risk = g_strdup_printf ("[RISK] %s\n    %s\n    Answer: Yes\n",
                                             secrets->topic_en, secrets->text_en);
    g_autofree char *ok = g_strdup_printf ("[OK] %s\n    %s\n    Answer: Yes\n",
                                           password->topic_en, password->text_en);
    g_autofree char *not_sure = g_strdup_printf ("[WARNING] %s\n    %s\n    Answer: Not sure\n",
                                                 participants->topic_en, participants->text_en);

    g_assert_nonnull (strstr (text, risk));
    g_assert_nonnull (strstr (text, ok));
    g_assert_nonnull (strstr (text, not_sure));
    g_assert_nonnull (strstr (text, "Answer: Not answered yet"));
    g_assert_nonnull (strstr (text, "Risk: 1 · Warning: 1 · Could not check: 0 · Your answer needed: 4"));
  }

  pdf = pdf_text (model);
  if (pdf != NULL)
    {
      g_assert_nonnull (strstr (pdf, "Answer: Yes"));
      g_assert_nonnull (strstr (pdf, "Answer: Not sure"));
      g_assert_nonnull (strstr (pdf, "Answer: Not answered yet"));
    }
  else
    g_test_message ("pdftotext not installed: the PDF's text was not read back");
  antam_i18n_set_language (NULL);
}

/* No mail app: xdg-email fails ("Child process exited with code 4") and no
 * mailto: handler is set.  The user reads what to do, not either error. */
static void
test_no_mail_app (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = rt_make_tmpdir ("mail");
      g_autofree char *bin = g_build_filename (dir, "bin", NULL);
      g_autofree char *fake = g_build_filename (bin, "xdg-email", NULL);
      g_autofree char *path = g_strdup_printf ("%s:/usr/bin:/bin", bin);
      g_autofree char *outbox = g_build_filename (dir, "outbox", NULL);
      g_autofree char *empty = g_build_filename (dir, "share", NULL);
      g_autoptr(AntamReportModel) model = NULL;
      g_autoptr(GError) error = NULL;
      AntamOutboxEntry *entry;

      g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
      g_assert_cmpint (g_mkdir_with_parents (empty, 0755), ==, 0);
      g_assert_true (g_file_set_contents (fake, "#!/bin/sh\nexit 4\n", -1, NULL));
      g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
      g_setenv ("PATH", path, TRUE);
      g_setenv ("XDG_DATA_DIRS", empty, TRUE);

      model = rt_make_model ();
      entry = antam_outbox_add_report (outbox, model, ANTAM_CHANNEL_MAIL_CLIENT, &error);
      g_assert_no_error (error);
      g_assert_false (antam_mail_client_compose (entry, NULL, &error));
      g_assert_error (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT);
      g_test_message ("%s", error->message);
      g_assert_null (strstr (error->message, "Child process"));
      g_assert_null (strstr (error->message, "exited"));
      g_assert_null (strstr (error->message, "Failed to find"));
      g_assert_null (strstr (error->message, "not supported"));
      g_assert_nonnull (strstr (error->message, "save the report"));
      antam_outbox_entry_unref (entry);
      rt_rm_rf (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_pdf (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = rt_make_tmpdir ("pdf");
  g_autofree char *path = g_build_filename (dir, "form.pdf", NULL);
  g_autofree char *text = NULL;
  const char *out_dir = g_getenv ("ANTAM_TEST_PDF_OUT");

  model->incident_what = g_strdup ("Một người lạ vào phòng họp trực tuyến và ghi hình");
  model->incident_when = g_strdup ("Sáng 19/11/2026");
  pdf = antam_report_model_to_pdf (model, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (pdf), >, 1000);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  if (out_dir != NULL)
    {
      g_autofree char *keep = g_build_filename (out_dir, "antam-form.pdf", NULL);
      g_file_set_contents (keep, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL);
    }

  text = antam_test_pdf_text (path);
  if (text != NULL)
    {
      /* The text comes back out with its diacritics: the fonts cover
       * Vietnamese and the PDF maps the glyphs back to characters. */
      g_assert_nonnull (strstr (text, "Nguyễn Thị Lan"));
      g_assert_nonnull (strstr (text, "Văn phòng UBND huyện Châu Thành"));
      g_assert_nonnull (strstr (text, "Một người lạ vào phòng họp trực tuyến và ghi hình"));
      g_assert_nonnull (strstr (text, "Zoom is installed"));
      g_assert_nonnull (strstr (text, "INFORMATION SECURITY SELF-CHECK FORM"));
      g_assert_nonnull (strstr (text, "20/11/2026 09:30 (UTC+07:00)"));
    }
  else
    g_test_message ("pdftotext not installed: the PDF's text was not read back");

  rt_rm_rf (dir);
}

static void
test_pdf_many_pages (void)
{
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autoptr(GBytes) pdf = NULL;
  AntamResult *risky = g_ptr_array_index (model->results, 0);
  const char *data;
  gsize size;
  guint pages = 0;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("zoom-helper-%u", i);
      antam_result_add_item (risky, "path", name, "/opt/zoom/helper");
    }
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (model->results,
                     antam_result_new ("firewall", ANTAM_STATUS_UNKNOWN, "Could not tell",
                                       "A long reason that wraps over a few lines of the table, to see "
                                       "that the rows break across pages with the header repeated."));
  pdf = antam_report_model_to_pdf (model, NULL);
  g_assert_nonnull (pdf);
  data = g_bytes_get_data (pdf, &size);
  for (const char *p = data; (p = memmem (p, size - (p - data), "/Type /Page", 11)) != NULL; p++)
    if (p[11] != 's')
      pages++;
  g_test_message ("%u pages", pages);
  g_assert_cmpuint (pages, >=, 2);
}

/* ---- The last check, as the app saved it --------------------------------- */

static void
test_load_last (void)
{
  g_autofree char *dir = rt_make_tmpdir ("state");
  g_autoptr(AntamReportModel) model = rt_make_model ();
  g_autoptr(AntamReportModel) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = antam_report_to_json (model->results, model->system, model->generated);
  g_autofree char *report_path = g_build_filename (dir, "last-report.json", NULL);
  g_autofree char *state_path = g_build_filename (dir, "state.json", NULL);

  loaded = antam_report_model_load_last (dir, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (report_path, report, -1, NULL));
  g_assert_true (g_file_set_contents (state_path,
                                      "{\"schema\": \"antam.state/1\", \"step\": 8,"
                                      " \"answers\": {\"meeting-password\": \"no\"}}", -1, NULL));
  loaded = antam_report_model_load_last (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->results->len, ==, 4);
  g_assert_cmpstr (loaded->system->hostname, ==, "pc-lan-vanphong");
  g_assert_true (g_date_time_equal (loaded->generated, model->generated));
  g_assert_cmpstr (g_hash_table_lookup (loaded->answers, "meeting-password"), ==, "no");
  rt_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  antam_i18n_set_language ("en");

  g_test_add_func ("/report/contacts/shipped", test_contacts_shipped);
  g_test_add_func ("/report/contacts/invalid", test_contacts_invalid);
  g_test_add_func ("/report/contacts/override", test_contacts_override);
  g_test_add_func ("/report/json/full", test_json_full);
  g_test_add_func ("/report/json/withheld-absent", test_json_withheld_absent);
  g_test_add_func ("/report/json/user-name-only", test_json_user_name_only);
  g_test_add_func ("/report/json/training", test_json_training);
  g_test_add_func ("/report/json/legacy", test_legacy_json);
  g_test_add_func ("/report/json/ids", test_json_ids);
  g_test_add_func ("/report/json/timestamps", test_json_timestamps);
  g_test_add_func ("/report/machine-key", test_machine_key);
  g_test_add_func ("/report/schema-refuses", test_schema_refuses);
  g_test_add_func ("/report/text", test_text);
  g_test_add_func ("/report/questions-with-answers", test_questions_with_answers);
  g_test_add_func ("/report/no-mail-app", test_no_mail_app);
  g_test_add_func ("/report/pdf", test_pdf);
  g_test_add_func ("/report/pdf/many-pages", test_pdf_many_pages);
  g_test_add_func ("/report/load-last", test_load_last);
  antam_test_report_add_validation ();
  return g_test_run ();
}
