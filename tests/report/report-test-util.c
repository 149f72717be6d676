/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "report/antam-contacts.h"
#include "report-test-util.h"

/* Debian's Python, which has python3-aiosmtpd and python3-dbusmock: the
 * python3 first on PATH may be another one without them. */
const char *
rt_python (void)
{
  return "/usr/bin/python3";
}

gboolean
rt_have_aiosmtpd (void)
{
  const char *argv[] = { rt_python (), "-c", "import aiosmtpd", NULL };
  int status = -1;

  if (!g_file_test (rt_python (), G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

char *
rt_make_tmpdir (const char *name)
{
  g_autofree char *template = g_strdup_printf ("antam-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, NULL);

  g_assert_nonnull (dir);
  return dir;
}

void
rt_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rt_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/**
 * rt_tree_contains:
 *
 * Every regular file under @dir, read whole, searched for @needle: the
 * proof that a secret never reached the disk.
 */
gboolean
rt_tree_contains (const char  *dir,
                  const char  *needle,
                  char       **where)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (rt_tree_contains (child, needle, where))
            return TRUE;
        }
      else if (S_ISREG (st.st_mode))
        {
          g_autofree char *contents = NULL;
          gsize length;

          if (g_file_get_contents (child, &contents, &length, NULL) &&
              memmem (contents, length, needle, strlen (needle)) != NULL)
            {
              if (where)
                *where = g_steal_pointer (&child);
              return TRUE;
            }
        }
    }
  return FALSE;
}

RtSmtpServer *
rt_smtp_server_start (const char         *dir,
                      const char * const *extra_args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = g_build_filename (g_getenv ("ANTAM_TESTS_DIR"), "report", "smtp-server.py", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  RtSmtpServer *server = g_new0 (RtSmtpServer, 1);

  server->dir = g_strdup (dir);
  server->maildir = g_build_filename (dir, "maildir", NULL);
  server->received = g_build_filename (dir, "received", NULL);

  g_ptr_array_add (argv, (gpointer) rt_python ());
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) "--maildir");
  g_ptr_array_add (argv, server->maildir);
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  server->port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  g_test_message ("SMTP server (pid %s) on 127.0.0.1:%u", g_subprocess_get_identifier (server->process),
                  server->port);
  return server;
}

void
rt_smtp_server_stop (RtSmtpServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    {
      /* By its PID, which GSubprocess holds: nothing else is touched. */
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_object_unref (server->process);
    }
  g_free (server->dir);
  g_free (server->maildir);
  g_free (server->received);
  g_free (server);
}

gboolean
rt_wait_for_file (const char *path,
                  guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
  return TRUE;
}

/**
 * rt_read_record:
 *
 * The test servers record what they receive as DIR/1.json, DIR/2.json, …:
 * the @n-th, once it is there (waiting up to @timeout_ms), or %NULL.
 */
cJSON *
rt_read_record (const char *dir,
                guint       n,
                guint       timeout_ms)
{
  g_autofree char *name = g_strdup_printf ("%u.json", n);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;

  if (!rt_wait_for_file (path, timeout_ms))
    return NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return cJSON_Parse (contents);
}

guint
rt_count_records (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      n++;
  return n;
}

cJSON *
rt_smtp_server_wait_message (RtSmtpServer *server,
                             guint         n,
                             guint         timeout_ms)
{
  return rt_read_record (server->received, n, timeout_ms);
}

guint
rt_smtp_server_count (RtSmtpServer *server)
{
  return rt_count_records (server->received);
}

/**
 * rt_make_certificate:
 *
 * A self-signed certificate for localhost and 127.0.0.1, made now with
 * openssl: no key is kept in the repository.
 */
char *
rt_make_certificate (const char  *dir,
                     char       **key_path)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout", key, "-out", cert, NULL
  };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  *key_path = g_steal_pointer (&key);
  return g_steal_pointer (&cert);
}

AntamContact *
rt_kien_giang (void)
{
  g_autoptr(AntamContacts) contacts = antam_contacts_new ();
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  path = g_build_filename (g_getenv ("ANTAM_DATA_DIR"), "rules", "contacts.json", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (antam_contacts_add_file (contacts, path, contents, length, &error));
  g_assert_no_error (error);
  return antam_contact_copy (antam_contacts_lookup (contacts, "kien-giang"));
}

/* A report such as a real scan gives: Zoom installed as a .deb, a Zoom
 * installer downloaded from a look-alike domain into the user's home, and
 * the rest fine. */
AntamReportModel *
rt_make_model (void)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);
  g_autoptr(AntamContact) contact = rt_kien_giang ();
  AntamSystemInfo system = { "debian", "12", "Debian GNU/Linux 12 (bookworm)", "pc-lan-vanphong",
                             "9c0586f1e3dba3952e8732272337a391965c34a7119066d391d290d774faadd8" };
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 ("2026-11-20T09:30:00+07:00", NULL);
  AntamReportModel *model;
  AntamResult *result;
  AntamItem *item;

  result = antam_result_new ("risky-apps", ANTAM_STATUS_RISK, "Zoom is installed",
                             "Zoom shared user data and had flaws that let attackers take over the camera.");
  antam_result_set_sub_id (result, "zoom");
  item = antam_result_add_item (result, "deb", "zoom", "/usr/bin/zoom");
  item->version = g_strdup ("5.4.3");
  item->rule = g_strdup ("zoom");
  item = antam_result_add_item (result, "home-path", "~/.zoom", "/home/lan/.zoom");
  item->rule = g_strdup ("zoom");
  antam_result_set_remedy (result, ANTAM_REMEDY_UNINSTALL, "zoom", "Remove Zoom from this computer.");
  g_ptr_array_add (results, result);

  result = antam_result_new ("downloads", ANTAM_STATUS_WARNING, "An installer from an unofficial site",
                             "ZoomInstaller.deb came from https://zoom-download.example.com/ZoomInstaller.deb");
  antam_result_set_sub_id (result, "fake:zoom");
  item = antam_result_add_item (result, "download", "ZoomInstaller.deb", "/home/lan/Downloads/ZoomInstaller.deb");
  item->rule = g_strdup ("zoom");
  item->origin = g_strdup ("https://zoom-download.example.com/ZoomInstaller.deb");
  item->detail = g_strdup ("Linked from https://bit.example/zoom-free");
  item->sha256 = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
  item->size = 48213;
  antam_result_set_remedy (result, ANTAM_REMEDY_DELETE, "/home/lan/Downloads/ZoomInstaller.deb",
                           "Delete /home/lan/Downloads/ZoomInstaller.deb without opening it.");
  g_ptr_array_add (results, result);

  g_ptr_array_add (results, antam_result_new ("os-support", ANTAM_STATUS_OK, "The system is supported",
                                              "Debian 12 gets security updates."));
  result = antam_result_new ("meeting-hygiene", ANTAM_STATUS_WARNING, "Private rooms with a password",
                             "You answered no.");
  antam_result_set_sub_id (result, "meeting-password");
  g_ptr_array_add (results, result);

  model = antam_report_model_new (results, &system, when);
  g_free (model->user_name);
  model->user_name = g_strdup ("lan");
  g_free (model->home_dir);
  model->home_dir = g_strdup ("/home/lan");
  model->sender_name = g_strdup ("Nguyễn Thị Lan");
  model->sender_unit = g_strdup ("Văn phòng UBND huyện Châu Thành");
  model->sender_phone = g_strdup ("0297 3862 111");
  model->sender_email = g_strdup ("ntlan@chauthanh.kiengiang.gov.vn");
  antam_report_model_set_answer (model, "meeting-password", "no");
  antam_report_model_set_answer (model, "meeting-participants", "yes");
  antam_report_model_set_contact (model, contact);
  return model;
}

/* What is on disk, not what this process remembers. */
AntamOutboxEntry *
rt_reload_entry (AntamOutboxEntry *entry)
{
  g_autoptr(GError) error = NULL;
  AntamOutboxEntry *on_disk = antam_outbox_entry_load (entry->dir, &error);

  g_assert_no_error (error);
  return on_disk;
}

gboolean
rt_wait_for_bus_name (const char *name,
                      guint       timeout_ms)
{
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply =
        g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                     G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean has_owner = FALSE;

      if (reply != NULL)
        g_variant_get (reply, "(b)", &has_owner);
      if (has_owner)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

/* A gnome-keyring-daemon of the test's own, on the test's session bus,
 * with its files in @keyring_home and a login keyring unlocked with a
 * password: NULL when it cannot start. */
GSubprocess *
rt_start_keyring (const char *keyring_home)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (keyring_home, "data", NULL);
  g_autofree char *runtime = g_build_filename (keyring_home, "runtime", NULL);
  GSubprocess *daemon;
  GOutputStream *stdin_pipe;
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };

  g_mkdir_with_parents (runtime, 0700);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* Its own files outside the test HOME: what we grep is ours alone. */
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  daemon = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (daemon == NULL)
    return NULL;
  /* --unlock reads the new login keyring's password from stdin. */
  stdin_pipe = g_subprocess_get_stdin_pipe (daemon);
  g_output_stream_write_all (stdin_pipe, "keyring-unlock-for-tests", 24, NULL, NULL, NULL);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  if (!rt_wait_for_bus_name ("org.freedesktop.secrets", 10000))
    {
      g_subprocess_force_exit (daemon);
      g_object_unref (daemon);
      return NULL;
    }
  return daemon;
}
