/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "report-test-util.h"
#include "tally-test-util.h"

/* antam-cli tally reading an IMAP mailbox: a real Dovecot from Debian,
 * started by the test on 127.0.0.1 with a throwaway configuration, its
 * certificate signed by a test CA that only this test trusts, the
 * password in the Secret Service (the gnome-keyring of the test
 * session).  Where Dovecot is not installed, the test says so and skips. */

#define DOVECOT "/usr/sbin/dovecot"
#define PASSWORD "Mật-khẩu CSIRT 2026"

typedef struct {
  char *dir;
  char *maildir;
  char *ca;
  char *other_ca;
  char *db;
  guint tls_port;
  guint plain_port;
  GSubprocess *dovecot;
  GTestDBus *bus;
  GSubprocess *keyring;
  char *keyring_home;
  char *url;
} Fixture;

static void
run_or_die (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A CA, and a certificate for 127.0.0.1 that it signs. */
static void
make_ca (const char  *dir,
         const char  *name,
         char       **ca_path,
         char       **cert_path,
         char       **key_path)
{
  g_autofree char *ca_key = g_strdup_printf ("%s/%s-ca.key", dir, name);
  g_autofree char *csr = g_strdup_printf ("%s/%s.csr", dir, name);
  g_autofree char *ext = g_strdup_printf ("%s/%s.ext", dir, name);
  g_autoptr(GError) error = NULL;

  *ca_path = g_strdup_printf ("%s/%s-ca.pem", dir, name);
  *cert_path = g_strdup_printf ("%s/%s-cert.pem", dir, name);
  *key_path = g_strdup_printf ("%s/%s-key.pem", dir, name);
  g_assert_true (g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n", -1, &error));
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                           "-subj", "/CN=An Tam test CA", "-keyout", ca_key, "-out", *ca_path, NULL };
    run_or_die (argv);
  }
  {
    const char *argv[] = { "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                           "-keyout", *key_path, "-out", csr, NULL };
    run_or_die (argv);
  }
  {
    const char *argv[] = { "openssl", "x509", "-req", "-in", csr, "-CA", *ca_path, "-CAkey", ca_key,
                           "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", *cert_path, NULL };
    run_or_die (argv);
  }
}


static gboolean
port_open (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port,
                                                                            NULL, NULL);
  return connection != NULL;
}

/* Who Dovecot's processes run as: root may not read mail, so an
 * unprivileged account owns the mailbox; anyone else runs it all. */
static void
mail_user (uid_t *uid,
           gid_t *gid,
           char **name)
{
  struct passwd *pw = getuid () == 0 ? getpwnam ("nobody") : getpwuid (getuid ());

  g_assert_nonnull (pw);
  *uid = pw->pw_uid;
  *gid = pw->pw_gid;
  *name = g_strdup (pw->pw_name);
}

static void
chown_tree (const char *path,
            uid_t       uid,
            gid_t       gid)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_cmpint (chown (path, uid, gid), ==, 0);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      chown_tree (child, uid, gid);
    }
}

static void
add_report (Fixture        *f,
            const TtReport *spec,
            guint           serial)
{
  g_autoptr(AntamReportModel) model = tt_make_model (spec);
  g_autofree char *json = tt_report_json (model, spec);
  g_autofree char *message = tt_build_message (model, json, NULL);
  g_autofree char *path = tt_write_maildir_message (f->maildir, message, serial);
}

/* Four machines, in three units; one report from before machine keys. */
static const guint picked[] = { 0, 2, 3, 5 };


static void
stop_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *cert = NULL, *key = NULL, *other_cert = NULL, *other_key = NULL;
  g_autofree char *config = NULL, *users = NULL, *user_name = NULL, *config_text = NULL;
  g_autofree char *run_dir = NULL, *mail_root = NULL;
  g_autoptr(GError) error = NULL;
  uid_t uid;
  gid_t gid;

  if (!g_file_test (DOVECOT, G_FILE_TEST_IS_EXECUTABLE))
    return;

  f->dir = rt_make_tmpdir ("tally-imap");
  g_assert_cmpint (chmod (f->dir, 0755), ==, 0);
  mail_root = g_build_filename (f->dir, "mail", NULL);
  f->maildir = g_build_filename (mail_root, "csirt", NULL);
  f->db = g_build_filename (f->dir, "imap.sqlite", NULL);
  make_ca (f->dir, "test", &f->ca, &cert, &key);
  make_ca (f->dir, "other", &f->other_ca, &other_cert, &other_key);

  for (guint i = 0; i < G_N_ELEMENTS (picked); i++)
    add_report (f, &tt_reports[picked[i]], i);
  tt_write_maildir_message (f->maildir, "From: a@b.gov.vn\r\nSubject: hello\r\n\r\nNo report here.\r\n", 99);

  mail_user (&uid, &gid, &user_name);
  chown_tree (mail_root, uid, gid);

  users = g_build_filename (f->dir, "users", NULL);
  g_assert_true (g_file_set_contents (users, "csirt:{PLAIN}" PASSWORD "\n", -1, &error));
  run_dir = g_build_filename (f->dir, "run", NULL);
  g_mkdir (run_dir, 0755);
  f->tls_port = tt_free_port ();
  f->plain_port = tt_free_port ();
  config_text = g_strdup_printf (
    "base_dir = %s\n"
    "state_dir = %s\n"
    "log_path = %s/dovecot.log\n"
    "protocols = imap\n"
    "listen = 127.0.0.1\n"
    "ssl = yes\n"
    "ssl_cert = <%s\n"
    "ssl_key = <%s\n"
    "disable_plaintext_auth = no\n"
    "auth_mechanisms = plain login\n"
    "default_internal_user = %s\n"
    "default_internal_group = %s\n"
    "default_login_user = %s\n"
    "first_valid_uid = %u\n"
    "mail_location = maildir:%s/%%u:INDEX=MEMORY\n"
    "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%%u %s\n}\n"
    "userdb {\n  driver = static\n  args = uid=%u gid=%u home=%s/%%u\n}\n"
    "service imap-login {\n"
    "  chroot =\n"
    "  inet_listener imap {\n    address = 127.0.0.1\n    port = %u\n  }\n"
    "  inet_listener imaps {\n    address = 127.0.0.1\n    port = %u\n    ssl = yes\n  }\n"
    "}\n"
    "service anvil {\n  chroot =\n}\n",
    run_dir, run_dir, f->dir, cert, key, user_name, getuid () == 0 ? "nogroup" : user_name, user_name,
    (guint) uid, mail_root, users, (guint) uid, (guint) gid, mail_root, f->plain_port, f->tls_port);
  config = g_build_filename (f->dir, "dovecot.conf", NULL);
  g_assert_true (g_file_set_contents (config, config_text, -1, &error));
  g_assert_cmpint (chmod (config, 0644), ==, 0);
  g_assert_cmpint (chmod (users, 0644), ==, 0);
  g_assert_cmpint (chmod (key, 0644), ==, 0);

  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

    /* A failed assertion skips the tear-down: Dovecot goes with us. */
    g_subprocess_launcher_set_child_setup (launcher, stop_with_parent, NULL, NULL);
    f->dovecot = g_subprocess_launcher_spawn (launcher, &error, DOVECOT, "-F", "-c", config, NULL);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 100 && !(port_open (f->tls_port) && port_open (f->plain_port)); i++)
    g_usleep (100 * 1000);
  if (!port_open (f->tls_port))
    {
      g_autofree char *log_path = g_build_filename (f->dir, "dovecot.log", NULL);
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      g_error ("Dovecot did not start: %s", log ? log : "(no log)");
    }
  g_test_message ("Dovecot (pid %s) on 127.0.0.1:%u (imaps) and :%u (imap)",
                  g_subprocess_get_identifier (f->dovecot), f->tls_port, f->plain_port);
  f->url = g_strdup_printf ("imaps://csirt@127.0.0.1:%u/INBOX", f->tls_port);

  /* A keyring of the test's own, on a bus of its own, so that no other
   * Secret Service answers (nor asks for a password): the password goes
   * there, and antam-cli, started from here, finds it there. */
  if (g_find_program_in_path ("gnome-keyring-daemon") != NULL)
    {
      f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (f->bus);
      f->keyring_home = rt_make_tmpdir ("tally-keyring");
      f->keyring = rt_start_keyring (f->keyring_home);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dovecot != NULL)
    {
      /* By its PID: Dovecot's master stops its own processes. */
      g_subprocess_send_signal (f->dovecot, SIGTERM);
      g_subprocess_wait (f->dovecot, NULL, NULL);
      g_clear_object (&f->dovecot);
    }
  if (f->keyring != NULL)
    {
      g_subprocess_send_signal (f->keyring, SIGTERM);
      g_subprocess_wait (f->keyring, NULL, NULL);
      g_clear_object (&f->keyring);
    }
  if (f->bus != NULL)
    {
      g_test_dbus_down (f->bus);
      g_clear_object (&f->bus);
    }
  if (f->keyring_home != NULL)
    rt_rm_rf (f->keyring_home);
  g_free (f->keyring_home);
  if (f->dir != NULL)
    rt_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->maildir);
  g_free (f->ca);
  g_free (f->other_ca);
  g_free (f->db);
  g_free (f->url);
}



static gboolean
skip_without_dovecot (Fixture *f)
{
  if (f->dir == NULL)
    {
      g_test_skip ("Dovecot is not installed (" DOVECOT "; Debian: apt-get install dovecot-imapd)");
      return TRUE;
    }
  return FALSE;
}

static gboolean
store_password (Fixture *f)
{
  const char *args[] = { "--set-password", f->url, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status;

  if (f->keyring == NULL)
    {
      g_test_skip ("No Secret Service: gnome-keyring-daemon is not installed or did not start on the test bus");
      return FALSE;
    }
  out = tt_run_cli (args, "en", PASSWORD "\n", &err, &status);
  if (status != 0)
    {
      g_autofree char *reason = g_strdup_printf ("the Secret Service did not keep the password: %s", err);
      g_test_skip (reason);
      return FALSE;
    }
  tt_assert_contains (out, "The password for csirt@127.0.0.1 is in the keyring.");
  return TRUE;
}

static void
test_imaps (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  int status;

  if (skip_without_dovecot (f) || !store_password (f))
    return;

  {
    const char *args[] = { f->url, "--ca-file", f->ca, "--db", f->db, "--format", "json", NULL };
    cJSON *picture;

    out = tt_run_cli (args, "en", NULL, &err, &status);
    if (status != 1)
      g_printerr ("%s", err);
    g_assert_cmpint (status, ==, 1);
    tt_assert_contains (err, "5 messages or files read; 4 reports added; 0 already imported (the same report id); "
                          "1 without a report");
    tt_assert_contains (err, ";UID=5: no report attached");
    picture = cJSON_Parse (out);
    g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (picture, "totals"), "machines")->valuedouble, ==, 4);
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (picture, "zoom")), ==, 3);
    cJSON_Delete (picture);
  }
  /* Read again: only what arrived since. */
  {
    const char *args[] = { f->url, "--ca-file", f->ca, "--db", f->db, "--import-only", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    if (status != 0)
      g_printerr ("%s", err);
    g_assert_cmpint (status, ==, 0);
    tt_assert_contains (err, "0 messages or files read; 0 reports added");

    {
      uid_t uid;
      gid_t gid;
      g_autofree char *user = NULL;

      /* The first machine again, without Zoom now. */
      add_report (f, &tt_reports[1], 200);
      mail_user (&uid, &gid, &user);
      chown_tree (f->maildir, uid, gid);
    }
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 0);
    tt_assert_contains (err, "1 message or file read; 1 report added");
  }
}

/* Plain IMAP: to this computer only; the certificate: verified. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *plain = NULL;
  int status;

  if (skip_without_dovecot (f) || !store_password (f))
    return;

  {
    const char *args[] = { f->url, "--ca-file", f->other_ca, "--db", f->db, "--import-only", NULL };

    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 1);
    tt_assert_contains (err, "The mail server’s certificate could not be verified, so nothing was read");
    tt_assert_contains (err, "0 messages or files read");
  }
  {
    /* Without --ca-file: the system's CAs do not know the test CA. */
    const char *args[] = { f->url, "--db", f->db, "--import-only", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 1);
    tt_assert_contains (err, "certificate could not be verified");
  }
  {
    const char *args[] = { "imap://csirt@mail.kiengiang.gov.vn/INBOX", "--db", f->db, NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 64);
    tt_assert_contains (err, "imap:// is only allowed to this computer. Use imaps://csirt@mail.kiengiang.gov.vn/INBOX");
  }
  {
    /* To 127.0.0.1 plain IMAP is allowed: nothing leaves the machine.
     * The keyring knows the password for the same user and host. */
    const char *args[] = { NULL, "--db", f->db, "--import-only", NULL };

    plain = g_strdup_printf ("imap://csirt@127.0.0.1:%u/INBOX", f->plain_port);
    args[0] = plain;
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, ==, 1);
    tt_assert_contains (err, "5 messages or files read; 4 reports added");
  }
  {
    const char *args[] = { "imaps://nobody@127.0.0.1/INBOX", "--db", f->db, NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    out = tt_run_cli (args, "en", NULL, &err, &status);
    g_assert_cmpint (status, !=, 0);
    tt_assert_contains (err, "No password for nobody@127.0.0.1 in the keyring: store it with antam-cli tally --set-password");
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  antam_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tally/imap/imaps", Fixture, NULL, fixture_set_up, test_imaps, fixture_tear_down);
  g_test_add ("/tally/imap/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  return g_test_run ();
}
