/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <string.h>

#include "antam-i18n.h"
#include "util/antam-data-dir.h"
#include "rules/antam-rules.h"
#include "scan/antam-scan.h"
#include "tally-test-util.h"

static GHashTable *scans;

/* The tests' reports: seven of five machines in three units (see the
 * counts test-tally.c expects), then a training report and one that a
 * test makes invalid. */
const TtReport tt_reports[] = {
  { "zoom-deb", "UBND huyện Châu Thành", NULL, "Nguyễn Thị Lan", "lan@chauthanh.gov.vn", "pc-lan", "machine-a",
    "2026-11-01T08:00:00+07:00", FALSE, FALSE, FALSE, TT_MACHINE_KEY },
  /* The same machine after Zoom was removed. */
  { "clean-pc", "UBND huyện Châu Thành", NULL, "Nguyễn Thị Lan", "lan@chauthanh.gov.vn", "pc-lan", "machine-a",
    "2026-11-15T08:00:00+07:00", FALSE, FALSE, FALSE, TT_MACHINE_KEY },
  { "eol-pc", "ubnd  huyen chau thanh", NULL, "Trần Văn Hùng", "hung@chauthanh.gov.vn", "pc-hung", "machine-b",
    "2026-11-10T09:00:00+07:00", FALSE, FALSE, FALSE, TT_MACHINE_KEY },
  { "laptop-device", "Sở Thông tin và Truyền thông", "STTTT", "Lê Ngọc Hà", "ha@stttt.gov.vn", "laptop-ha",
    "machine-c", "2026-11-12T10:00:00+07:00", FALSE, FALSE, TRUE, TT_MACHINE_KEY },
  { "zoom-flatpak-fake-installer", "Sở TT&TT", "STTTT", "Phạm Minh Tuấn", "tuan@stttt.gov.vn", "pc-tuan",
    "machine-d", "2026-11-13T10:00:00+07:00", FALSE, FALSE, FALSE, TT_MACHINE_KEY },
  /* Older reports, from before machine keys: known by unit and host. */
  { "zoom-deb", "UBND huyện Gò Quao", NULL, "Võ Thị Hoa", "hoa@goquao.gov.vn", "pc-goquao", "machine-e",
    "2026-11-05T14:00:00+07:00", FALSE, TRUE, FALSE, TT_OLD_REPORT },
  { "zoom-deb", "UBND huyện Gò Quao", NULL, "Võ Thị Hoa", "hoa@goquao.gov.vn", "pc-goquao", "machine-e",
    "2026-11-18T14:00:00+07:00", FALSE, FALSE, FALSE, TT_OLD_REPORT },
  /* A training report: never counted. */
  {
  "zoom-deb", "UBND huyện Châu Thành", NULL, "Giảng viên", "gv@stttt.gov.vn", "may-tap-huan", "machine-t",
  "2026-11-16T08:00:00+07:00", TRUE, FALSE, FALSE, TT_MACHINE_KEY,
  },
  /* Made invalid by the test that uses it. */
  {
  "clean-pc", "UBND huyện Gò Quao", NULL, "Đặng Quốc Bảo", "bao@goquao.gov.vn", "pc-bao", "machine-x",
  "2026-11-17T08:00:00+07:00", FALSE, FALSE, FALSE, TT_MACHINE_KEY,
  },
};   /* scenario → results, each scanned once */

GPtrArray *
tt_scan_scenario (const char *scenario)
{
  GPtrArray *results;

  if (scans == NULL)
    scans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  results = g_hash_table_lookup (scans, scenario);
  if (results == NULL)
    {
      g_autofree char *root = antam_data_path ("scenarios", scenario, NULL);
      g_autofree char *spec_path = g_build_filename (root, "scenario.json", NULL);
      g_autofree char *spec = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AntamSysroot) sysroot = NULL;
      g_autoptr(AntamScanContext) context = NULL;
      g_autofree char *home = NULL;
      AntamRules *rules;
      cJSON *json;

      g_assert_true (g_file_get_contents (spec_path, &spec, NULL, &error));
      json = cJSON_Parse (spec);
      home = g_build_filename (root, cJSON_GetObjectItem (json, "home")->valuestring, NULL);
      cJSON_Delete (json);
      sysroot = antam_sysroot_new (root, home, &error);
      g_assert_no_error (error);
      rules = antam_rules_load (sysroot);
      context = antam_scan_context_new (sysroot, rules);
      results = antam_scan_run (context, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      antam_rules_free (rules);
      g_hash_table_insert (scans, g_strdup (scenario), results);
    }
  return results;
}

AntamReportModel *
tt_make_model (const TtReport *spec)
{
  g_autoptr(GPtrArray) results = g_ptr_array_copy (tt_scan_scenario (spec->scenario),
                                                   (GCopyFunc) antam_result_ref, NULL);
  AntamSystemInfo system = { "debian", "12", "Debian GNU/Linux 12 (bookworm)", (char *) spec->hostname };
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (spec->created, NULL);
  AntamReportModel *model;

  g_assert_nonnull (created);
  g_ptr_array_set_free_func (results, (GDestroyNotify) antam_result_unref);
  if (spec->unsafe_answer)
    g_ptr_array_add (results, antam_result_new ("meeting-hygiene", ANTAM_STATUS_WARNING,
                                                "Phòng họp riêng, có mật khẩu", "Anh/chị đã trả lời: không."));
  model = antam_report_model_new (results, &system, created);
  if (spec->unsafe_answer)
    antam_report_model_set_answer (model, "meeting-password", "no");
  g_date_time_unref (model->created);
  model->created = g_date_time_ref (created);
  model->sender_name = g_strdup (spec->sender_name);
  model->sender_unit = g_strdup (spec->unit);
  model->sender_email = g_strdup (spec->sender_email);
  model->sender_phone = g_strdup ("0900000000");
  model->training = spec->training;
  if (spec->incident)
    {
      model->incident_what = g_strdup ("Máy tự mở trang lạ và hiện thông báo đòi tiền chuộc");
      model->incident_when = g_strdup ("sáng nay");
    }
  return model;
}

char *
tt_machine_key (const char *machine)
{
  /* As the contract says: HMAC-SHA256, keyed with the machine id. */
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) machine, strlen (machine),
                                    "io.github.antam.AnTam", -1);
}

/* The report as antam_report_model_to_json() writes it, with what the
 * contracts add when @spec asks for it: machine_key, result ids and the
 * rule of each risky app's item. */
char *
tt_report_json (AntamReportModel *model,
                const TtReport   *spec)
{
  g_autofree char *json = antam_report_model_to_json (model);
  g_autoptr(GHashTable) seen = NULL;
  cJSON *root, *node;
  char *printed, *text;

  if (!(spec->fields & TT_MACHINE_KEY) && spec->agency_code == NULL)
    return g_steal_pointer (&json);

  root = cJSON_Parse (json);
  if (spec->agency_code != NULL)
    cJSON_AddStringToObject (cJSON_GetObjectItem (root, "sender"), "agency_code", spec->agency_code);
  if (spec->fields & TT_MACHINE_KEY)
    {
      g_autofree char *key = tt_machine_key (spec->machine);

      seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      cJSON_DeleteItemFromObject (root, "machine_key");
      cJSON_AddStringToObject (root, "machine_key", key);
      cJSON_ArrayForEach (node, cJSON_GetObjectItem (root, "results"))
        {
          /* The app writes ids and rules itself now; older reports had none. */
          if (cJSON_GetObjectItem (node, "id") != NULL)
            continue;
          const char *check = cJSON_GetObjectItem (node, "check")->valuestring;
          const cJSON *target = cJSON_GetObjectItem (cJSON_GetObjectItem (node, "remedy"), "target");
          g_autofree char *id = NULL;
          cJSON *item;

          if (g_str_equal (check, "risky-apps") && cJSON_IsString (target))
            {
              id = g_strdup_printf ("risky-apps/%s", target->valuestring);
              cJSON_ArrayForEach (item, cJSON_GetObjectItem (node, "items"))
                cJSON_AddStringToObject (item, "rule", target->valuestring);
            }
          else if (g_hash_table_contains (seen, check))
            id = g_strdup_printf ("%s/%u", check, g_hash_table_size (seen));
          else
            id = g_strdup (check);
          g_hash_table_add (seen, g_strdup (check));
          cJSON_AddStringToObject (node, "id", id);
        }
    }
  printed = cJSON_Print (root);
  cJSON_Delete (root);
  text = g_strconcat (printed, "\n", NULL);
  cJSON_free (printed);
  return text;
}

static void
append_base64 (GString      *out,
               const guchar *data,
               gsize         length)
{
  g_autofree char *encoded = g_base64_encode (data, length);
  gsize total = strlen (encoded);

  for (gsize i = 0; i < total; i += 76)
    {
      g_string_append_len (out, encoded + i, MIN (76, total - i));
      g_string_append (out, "\r\n");
    }
}

/* The message antam-send.c has libcurl write: a text body in
 * quoted-printable, the JSON and the PDF in base64. */
char *
tt_build_message (AntamReportModel *model,
                  const char       *json,
                  GBytes           *pdf)
{
  g_autofree char *subject = antam_report_model_get_subject (model);
  g_autofree char *body = antam_report_model_to_text (model);
  g_autofree char *stem = antam_report_model_get_file_stem (model);
  g_autofree char *subject64 = g_base64_encode ((const guchar *) subject, strlen (subject));
  g_autofree char *date = g_date_time_format (model->created, "%a, %d %b %Y %H:%M:%S %z");
  g_autofree char *boundary = g_strdup_printf ("------------------------%.16s", model->id + 19);
  g_autofree char *name64 = g_base64_encode ((const guchar *) model->sender_name, strlen (model->sender_name));
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "From: =?UTF-8?B?%s?= <%s>\r\n", name64, model->sender_email);
  g_string_append (out, "To: <dvhung.sttt@kiengiang.gov.vn>\r\n");
  g_string_append_printf (out, "Subject: =?UTF-8?B?%s?=\r\n", subject64);
  g_string_append_printf (out, "Date: %s\r\n", date);
  g_string_append_printf (out, "Message-ID: <%s@%s>\r\n", model->id, strchr (model->sender_email, '@') + 1);
  g_string_append_printf (out, "X-AnTam-Report-Id: %s\r\n", model->id);
  g_string_append (out, "MIME-Version: 1.0\r\n");
  g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=%s\r\n\r\n", boundary);

  g_string_append_printf (out, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                               "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
  for (const guchar *p = (const guchar *) body; *p; p++)
    {
      if (*p == '\n')
        g_string_append (out, "\r\n");
      else if (*p >= 128 || *p == '=')
        g_string_append_printf (out, "=%02X", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_printf (out, "\r\n--%s\r\nContent-Disposition: attachment; filename=\"%s.json\"\r\n"
                               "Content-Type: application/json\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                          boundary, stem);
  append_base64 (out, (const guchar *) json, strlen (json));
  if (pdf != NULL)
    {
      gsize length;
      const guchar *data = g_bytes_get_data (pdf, &length);

      g_string_append_printf (out, "--%s\r\nContent-Disposition: attachment; filename=\"%s.pdf\"\r\n"
                                   "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                              boundary, stem);
      append_base64 (out, data, length);
    }
  g_string_append_printf (out, "--%s--\r\n", boundary);
  return g_string_free (out, FALSE);
}

char *
tt_write_maildir_message (const char *maildir,
                          const char *message,
                          guint       serial)
{
  g_autofree char *dir = g_build_filename (maildir, "new", NULL);
  g_autofree char *name = g_strdup_printf ("1764000000.M%uP1.antam-test", serial);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  for (const char *sub = "cur"; sub; sub = g_str_equal (sub, "cur") ? "tmp" : NULL)
    {
      g_autofree char *other = g_build_filename (maildir, sub, NULL);
      g_mkdir_with_parents (other, 0700);
    }
  g_assert_true (g_file_set_contents (path, message, -1, &error));
  return path;
}

void
tt_append_mbox (GString    *mbox,
                const char *message)
{
  const char *p = message;

  /* mboxrd: "From " lines inside a message are quoted with ">".  Walked
   * with memchr(): a 50 MB message has a million lines. */
  g_string_append (mbox, "From antam@example.gov.vn Thu Nov 20 09:30:00 2026\n");
  while (*p != '\0')
    {
      const char *eol = strchr (p, '\n');
      gsize length = eol ? (gsize) (eol - p) : strlen (p);
      const char *quotes_end = p + strspn (p, ">");

      if (length >= 5 && strncmp (quotes_end, "From ", 5) == 0)
        g_string_append_c (mbox, '>');
      /* An mbox keeps the system's line ends. */
      g_string_append_len (mbox, p, length > 0 && p[length - 1] == '\r' ? length - 1 : length);
      g_string_append_c (mbox, '\n');
      if (eol == NULL)
        break;
      p = eol + 1;
    }
  g_string_append_c (mbox, '\n');
}

const char *
tt_cli (void)
{
  const char *cli = g_getenv ("ANTAM_CLI");

  g_assert_nonnull (cli);
  return cli;
}

/* antam-cli tally ARGS… with @input on its standard input (nullable);
 * LANGUAGE as given (NULL: unset, so Vietnamese), the C.UTF-8 locale. */
char *
tt_run_cli (const char * const *args,
            const char         *language,
            const char         *input,
            char              **err,
            int                *status)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_ptr_array_add (argv, (gpointer) tt_cli ());
  g_ptr_array_add (argv, (gpointer) "tally");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return out;
}

void
tt_assert_contains (const char *haystack,
                    const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

guint
tt_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
