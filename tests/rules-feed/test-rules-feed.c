/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "antam-test-root.h"
#include "report-test-util.h"
#include "report/antam-rules-feed-update.h"

/* A CSIRT's rules feed from end to end: the team makes its key and
 * publishes with antam-cli, a real HTTPS server on 127.0.0.1
 * (feed-server.py, with a certificate made now by openssl) serves the feed
 * well and badly, and antam-cli rules update / rules list / scan on the
 * PC side say what they did and which rules are in force.  Each test has
 * its own XDG dirs (G_TEST_OPTION_ISOLATE_DIRS): the contacts go in its
 * config dir, the installed feeds in its data dir. */

#define PASSPHRASE "đội ứng cứu 2026"

typedef struct {
  char *dir;
  char *feeds;          /* what the server serves */
  char *record;         /* what it recorded */
  char *cert, *cert_key;
  GSubprocess *server;
  guint port;
  char *csirt;          /* the team's key pair */
  char *stranger;       /* a key pair that is not the team's */
  char *passphrase;
  char *public_key;     /* the team's "RWQ…" line */
} Fixture;

typedef struct {
  int exit_code;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Keys are made with a light passphrase derivation, but in the test of
 * minisign's own. */
static gboolean light_kdf = TRUE;

static void
run_cli_env (Run                *run,
             const char * const *env_extra,
             const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ANTAM_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* No display, no session bus: what runs at login over ssh works so too. */
  /* The test's own dirs (G_TEST_OPTION_ISOLATE_DIRS sets them in this
   * process only, and /dev/null in the environment). */
  env = g_environ_setenv (env, "HOME", g_get_home_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "en", TRUE);
  if (light_kdf)
    env = g_environ_setenv (env, "ANTAM_TEST_LIGHT_KDF", "1", TRUE);
  else
    env = g_environ_unsetenv (env, "ANTAM_TEST_LIGHT_KDF");
  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i += 2)
    env = g_environ_setenv (env, env_extra[i], env_extra[i + 1], TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  run->exit_code = WEXITSTATUS (status);
  g_test_message ("antam-cli %s → %d\n%s%s", args[0], run->exit_code, run->out, run->err);
}

#define run_cli(run, env, ...) \
  run_cli_env (run, env, (const char * const []) { __VA_ARGS__, NULL })

static const char *
have_minisign (void)
{
  static char *path;

  if (path == NULL)
    path = g_find_program_in_path ("minisign");
  return path;
}

/* ---- The team's side ---------------------------------------------------- */

static char *
make_key (Fixture    *f,
          const char *name)
{
  g_auto(Run) run = { 0 };
  char *dir = g_build_filename (f->dir, name, NULL);

  run_cli (&run, NULL, "rules", "keygen", "-o", dir, "--passphrase-file", f->passphrase);
  g_assert_cmpint (run.exit_code, ==, 0);
  return dir;
}

static char *
read_public_key (const char *key_dir)
{
  g_autofree char *path = g_build_filename (key_dir, "antam-rules.pub", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", 3);
  g_assert_true (g_str_has_prefix (lines[0], "untrusted comment: minisign public key "));
  return g_strdup (lines[1]);
}

/* A rules file: FakeMeet, a meeting app the province found leaking, and
 * each id of @more as one more rule. */
static char *
rules_file (Fixture            *f,
            const char         *name,
            const char * const *more)
{
  g_autoptr(GString) json = g_string_new ("{ \"schema\": \"antam.rules/1\", \"apps\": [\n"
    "  { \"id\": \"fakemeet\", \"name\": \"FakeMeet\", \"severity\": \"risk\", \"remedy\": \"uninstall\",\n"
    "    \"why\": { \"vi\": \"FakeMeet gửi nội dung cuộc họp ra máy chủ ở nước ngoài.\",\n"
    "             \"en\": \"FakeMeet sends what is said in meetings to servers abroad.\" },\n"
    "    \"footprints\": { \"deb\": [\"fakemeet\"], \"paths\": [\"/opt/fakemeet\"] } }");
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  for (guint i = 0; more != NULL && more[i] != NULL; i++)
    g_string_append_printf (json, ",\n  { \"id\": \"%s\", \"name\": \"%s\", \"severity\": \"warning\",\n"
                                  "    \"why\": { \"vi\": \"Thử.\", \"en\": \"A test.\" },\n"
                                  "    \"footprints\": { \"deb\": [\"%s\"] } }",
                            more[i], more[i], more[i]);
  g_string_append (json, "\n] }\n");
  g_assert_true (g_file_set_contents (path, json->str, -1, NULL));
  return g_steal_pointer (&path);
}

/* Publishes @rules as feed number @serial, signed with @key_dir's key,
 * on @today, and puts it among what the server serves as @name. */
static void
publish (Fixture    *f,
         const char *rules,
         const char *key_dir,
         guint64     serial,
         const char *today,
         const char *valid_days,
         const char *name)
{
  g_autofree char *out = g_build_filename (f->dir, "published", NULL);
  g_autofree char *key = g_build_filename (key_dir, "antam-rules.key", NULL);
  g_autofree char *feed = g_build_filename (out, "rules.feed", NULL);
  g_autofree char *served = g_build_filename (f->feeds, name, NULL);
  g_autofree char *serial_text = g_strdup_printf ("%" G_GUINT64_FORMAT, serial);
  g_autofree char *contents = NULL;
  const char *env[] = { "ANTAM_TODAY", today, NULL };
  g_auto(Run) run = { 0 };
  gsize length;

  /* Each feed from a fresh output dir: the serial is the test's. */
  rt_rm_rf (out);
  run_cli (&run, env, "rules", "publish", rules, "--key", key, "-o", out, "--serial", serial_text,
           "--valid-days", valid_days, "--passphrase-file", f->passphrase);
  g_assert_cmpint (run.exit_code, ==, 0);
  g_assert_nonnull (strstr (run.out, "feed"));
  g_assert_true (g_file_get_contents (feed, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (served, contents, (gssize) length, NULL));
}

/* ---- The server --------------------------------------------------------- */

static void
server_start (Fixture *f)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "rules-feed", "feed-server.py", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { rt_python (), script, "--cert", f->cert, "--key", f->cert_key,
                         "--dir", f->feeds, "--record", f->record, NULL };

  f->server = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  f->port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (f->port, >, 0);
}

/* ---- The PC's side ------------------------------------------------------ */

/* The team in the user's contacts, with its feed at @path on the server. */
static void
set_team_trusting (Fixture    *f,
                   const char *path,
                   const char *ca_file)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "antam", NULL);
  g_autofree char *file = g_build_filename (dir, "contacts.json", NULL);
  g_autofree char *ca_field = ca_file != NULL ? g_strdup_printf ("  \"ca_file\": \"%s\",\n", ca_file) : g_strdup ("");
  g_autofree char *json = NULL;

  if (path == NULL)
    json = g_strdup ("{ \"schema\": \"antam.contacts/1\", \"contacts\": [] }");
  else
    json = g_strdup_printf ("{ \"schema\": \"antam.contacts/1\", \"contacts\": [ {\n"
                            "  \"id\": \"test-csirt\", \"name\": { \"vi\": \"Đội thử nghiệm\", \"en\": \"Test team\" },\n"
                            "  \"phone\": \"0297 3862 000\",\n%s"
                            "  \"rules_url\": \"https://127.0.0.1:%u%s\",\n"
                            "  \"rules_key\": \"%s\" } ] }\n",
                            ca_field, f->port, path, f->public_key);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, json, -1, NULL));
}

static void
set_team (Fixture    *f,
          const char *path)
{
  set_team_trusting (f, path, NULL);
}

/* antam-cli rules update, trusting the test's certificate as the tests
 * of reports do, unless @own_ca_only: then only what the contacts say. */
static int
update_with (Fixture    *f,
             gboolean    own_ca_only,
             const char *expected_text)
{
  const char *env[] = { "ANTAM_TEST_CA_FILE", own_ca_only ? "" : f->cert, NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, env, "rules", "update");
  if (expected_text != NULL && strstr (run.out, expected_text) == NULL)
    g_error ("“%s” not in:\n%s%s", expected_text, run.out, run.err);
  return run.exit_code;
}

static int
update (Fixture    *f,
        const char *expected_text)
{
  return update_with (f, FALSE, expected_text);
}

/* The rules in force, "id:layer" in the order they apply, and the serial
 * of the feed in force (0: none), from antam-cli rules list --json. */
static char *
rules_in_force (const char *root,
                guint64    *serial)
{
  g_autofree char *home = root != NULL ? g_build_filename (root, "home", "lan", NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(Run) run = { 0 };
  const cJSON *rule, *feed;
  cJSON *json;

  if (root != NULL)
    run_cli (&run, NULL, "rules", "list", "--json", "--root", root, "--home", home);
  else
    run_cli (&run, NULL, "rules", "list", "--json");
  g_assert_cmpint (run.exit_code, ==, 0);
  json = cJSON_Parse (run.out);
  g_assert_nonnull (json);
  cJSON_ArrayForEach (rule, cJSON_GetObjectItem (json, "rules"))
    g_string_append_printf (text, "%s%s:%s", text->len > 0 ? " " : "",
                            cJSON_GetObjectItem (rule, "id")->valuestring,
                            cJSON_GetObjectItem (rule, "layer")->valuestring);
  feed = cJSON_GetArrayItem (cJSON_GetObjectItem (json, "feeds"), 0);
  if (serial != NULL)
    *serial = cJSON_IsNumber (cJSON_GetObjectItem (feed, "serial"))
      ? (guint64) cJSON_GetObjectItem (feed, "serial")->valuedouble : 0;
  cJSON_Delete (json);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static AntamRules *
shipped_rules (void)
{
  static AntamRules *rules;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (rules == NULL)
    {
      path = g_build_filename (g_getenv ("ANTAM_DATA_DIR"), "rules", "risky-apps.json", NULL);
      rules = antam_rules_new ();
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (antam_rules_add_file (rules, path, contents, length, NULL));
    }
  return rules;
}

static guint
shipped_count (void)
{
  return shipped_rules ()->apps->len;
}

/* The shipped rules as rules_in_force() writes them, "id:shipped" in
 * their order; @changes (id, then what it becomes: "id:layer", or "" for
 * gone) in place; then @more. */
static const char *
shipped_with (const char * const *changes,
              const char         *more)
{
  static char *text;
  AntamRules *rules = shipped_rules ();
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < rules->apps->len; i++)
    {
      const char *id = ((AntamAppRule *) g_ptr_array_index (rules->apps, i))->id;
      g_autofree char *entry = g_strdup_printf ("%s:shipped", id);
      const char *shown = entry;

      for (guint j = 0; changes != NULL && changes[j] != NULL; j += 2)
        if (g_str_equal (changes[j], id))
          shown = changes[j + 1];
      if (*shown != '\0')
        g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", shown);
    }
  if (more != NULL)
    g_string_append_printf (out, " %s", more);
  g_free (text);
  text = g_string_free (g_steal_pointer (&out), FALSE);
  return text;
}

static void
assert_in_force (const char *expected,
                 guint64     expected_serial)
{
  guint64 serial = 0;
  g_autofree char *got = rules_in_force (NULL, &serial);

  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (serial, ==, expected_serial);
}

/* Nothing but the feed and its state in the store: no part of a download. */
static void
assert_store_clean (void)
{
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "antam", "rules-feed", NULL);
  g_autoptr(GDir) dir = g_dir_open (store, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (!g_str_equal (name, "test-csirt.feed") && !g_str_equal (name, "test-csirt.json") &&
        !g_str_equal (name, ".lock"))
      g_error ("Left in the store: %s", name);
}

/* ---- Fixture ------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = rt_make_tmpdir ("rules-feed");
  f->feeds = g_build_filename (f->dir, "feeds", NULL);
  f->record = g_build_filename (f->dir, "record", NULL);
  g_assert_cmpint (g_mkdir (f->feeds, 0700), ==, 0);
  f->passphrase = g_build_filename (f->dir, "passphrase", NULL);
  g_assert_true (g_file_set_contents (f->passphrase, PASSPHRASE "\n", -1, NULL));
  f->cert = rt_make_certificate (f->dir, &f->cert_key);
  f->csirt = make_key (f, "csirt");
  f->public_key = read_public_key (f->csirt);
  server_start (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->server != NULL)
    {
      /* By its PID, which GSubprocess holds: nothing else is touched. */
      g_subprocess_send_signal (f->server, SIGTERM);
      g_subprocess_wait (f->server, NULL, NULL);
      g_object_unref (f->server);
    }
  rt_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->feeds);
  g_free (f->record);
  g_free (f->cert);
  g_free (f->cert_key);
  g_free (f->csirt);
  g_free (f->stranger);
  g_free (f->passphrase);
  g_free (f->public_key);
}

/* ---- Tests -------------------------------------------------------------- */

/* Every way a feed can go wrong leaves the last good feed in force. */
static void
test_outcomes (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *v2 = rules_file (f, "v2.json", NULL);
  g_autofree char *v7 = rules_file (f, "v7.json", (const char *[]) { "extra", NULL });
  g_autofree char *old = rules_file (f, "v1.json", (const char *[]) { "older", NULL });
  g_autofree char *good = g_build_filename (f->feeds, "good.feed", NULL);
  g_autofree char *tampered = g_build_filename (f->feeds, "tampered.feed", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  char *byte;
  cJSON *request;

  f->stranger = make_key (f, "stranger");
  publish (f, v2, f->csirt, 2, "2026-11-20", "90", "good.feed");
  publish (f, v2, f->stranger, 5, "2026-11-20", "90", "stranger.feed");
  publish (f, old, f->csirt, 1, "2026-11-01", "90", "older.feed");
  publish (f, v7, f->csirt, 6, "2026-01-01", "30", "expired.feed");
  publish (f, v7, f->csirt, 7, "2026-11-21", "90", "newer.feed");

  /* One byte of what is signed changed: "FakeMeet" becomes "FakeMeeT". */
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  byte = strstr (strstr (contents, "trusted comment: ") + 1, "FakeMeet");
  g_assert_nonnull (byte);
  byte[7] = 'T';
  g_assert_true (g_file_set_contents (tampered, contents, (gssize) length, NULL));

  /* Before any feed: the shipped rules only. */
  assert_in_force (shipped_with (NULL, NULL), 0);

  /* A good feed: installed, FakeMeet is in force, from the feed. */
  set_team (f, "/feeds/good.feed");
  g_assert_cmpint (update (f, "installed feed 2"), ==, 0);
  g_assert_cmpint (update (f, NULL), ==, 0);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);
  /* The second time, a conditional request, and the server's 304. */
  g_assert_cmpuint (rt_count_records (f->record), ==, 2);
  request = rt_read_record (f->record, 1, 0);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (request, "if_none_match")));
  cJSON_Delete (request);
  request = rt_read_record (f->record, 2, 0);
  g_assert_true (cJSON_IsString (cJSON_GetObjectItem (request, "if_none_match")));
  g_assert_true (cJSON_IsString (cJSON_GetObjectItem (request, "if_modified_since")));
  cJSON_Delete (request);

  /* The same feed with one byte changed: refused. */
  set_team (f, "/feeds/tampered.feed");
  g_assert_cmpint (update (f, "the data was changed after it was signed"), ==, 1);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* A feed signed by another key: refused. */
  set_team (f, "/feeds/stranger.feed");
  g_assert_cmpint (update (f, "not with the team’s key"), ==, 1);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* An older feed, genuine: refused, no rollback. */
  set_team (f, "/feeds/older.feed");
  g_assert_cmpint (update (f, "feed 1 is older than feed 2 installed"), ==, 1);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* A newer feed that has expired: refused. */
  set_team (f, "/feeds/expired.feed");
  g_assert_cmpint (update (f, "expired on 2026-01-31"), ==, 1);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* The newer feed cut off halfway: not used; the server is to be tried again. */
  set_team (f, "/truncated/newer.feed");
  g_assert_cmpint (update (f, "no feed came"), ==, 75);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* 50 MB, announced or not: stopped at the size a feed may have. */
  set_team (f, "/huge");
  g_assert_cmpint (update (f, "more than a rules feed may be"), ==, 1);
  set_team (f, "/huge-unannounced");
  g_assert_cmpint (update (f, "more than a rules feed may be"), ==, 1);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* A page that is not there. */
  set_team (f, "/feeds/missing.feed");
  g_assert_cmpint (update (f, "the server answered 404"), ==, 75);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);
  assert_store_clean ();

  /* And at last the newer feed, whole: what changed is said. */
  set_team (f, "/feeds/newer.feed");
  g_assert_cmpint (update (f, "installed feed 7, in place of feed 2\n\n"
                              "What changed in the rules in force:\n"
                              "  added: extra (extra)\n"), ==, 0);
  assert_in_force (shipped_with (NULL, "fakemeet:feed extra:feed"), 7);
  assert_store_clean ();
}

/* A server that sends the headers and a few bytes, then nothing: the
 * check gives up after the stall timeout, and nothing changes. */
static void
test_stalled_server (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *v2 = rules_file (f, "v2.json", NULL);
  g_autoptr(AntamSysroot) live = NULL;
  g_autoptr(AntamContacts) contacts = NULL;
  g_autoptr(AntamFeedFetchOptions) options = antam_feed_fetch_options_new ();
  g_autoptr(GPtrArray) updates = NULL;
  g_autofree char *store = antam_rules_feed_store_dir ();
  AntamFeedUpdate *result;
  gint64 start;

  publish (f, v2, f->csirt, 2, "2026-11-20", "90", "good.feed");
  set_team (f, "/feeds/good.feed");
  g_assert_cmpint (update (f, "installed feed 2"), ==, 0);

  set_team (f, "/stall");
  live = antam_sysroot_new_live ();
  contacts = antam_contacts_load (live);
  g_free (options->ca_file);
  options->ca_file = g_strdup (f->cert);
  options->stall_timeout = 2;
  start = g_get_monotonic_time ();
  updates = antam_rules_feed_update (contacts, store, options, FALSE, NULL);
  g_assert_cmpuint (updates->len, ==, 1);
  result = g_ptr_array_index (updates, 0);
  g_test_message ("Stalled: %s, after %.1f s", result->problem,
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  g_assert_true (result->checked);
  g_assert_cmpint (result->outcome, ==, ANTAM_FEED_CHECK_UNREACHABLE);
  g_assert_cmpuint (result->new_serial, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);

  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);
  assert_store_clean ();
}

/* The reminder at login checks once a day, conditionally. */
static void
test_once_a_day (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *v2 = rules_file (f, "v2.json", NULL);
  const char *today[] = { "ANTAM_TEST_CA_FILE", f->cert, NULL };
  const char *tomorrow[] = { "ANTAM_TEST_CA_FILE", f->cert, "ANTAM_TODAY", "2026-11-22", NULL };
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) next_day = { 0 };
  cJSON *request;

  publish (f, v2, f->csirt, 2, "2026-11-20", "90", "good.feed");
  set_team (f, "/feeds/good.feed");

  run_cli (&first, today, "remind", "--wait", "0");
  g_assert_cmpint (first.exit_code, ==, 0);
  g_assert_cmpuint (rt_count_records (f->record), ==, 1);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  run_cli (&again, today, "remind", "--wait", "0");
  g_assert_cmpint (again.exit_code, ==, 0);
  g_assert_cmpuint (rt_count_records (f->record), ==, 1);

  run_cli (&next_day, tomorrow, "remind", "--wait", "0");
  g_assert_cmpint (next_day.exit_code, ==, 0);
  g_assert_cmpuint (rt_count_records (f->record), ==, 2);
  request = rt_read_record (f->record, 2, 0);
  g_assert_true (cJSON_IsString (cJSON_GetObjectItem (request, "if_none_match")));
  cJSON_Delete (request);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* On demand, at once, whatever the day. */
  g_assert_cmpint (update (f, "feed 2 is the newest"), ==, 0);
  g_assert_cmpuint (rt_count_records (f->record), ==, 3);
}

/* The agency's own rules come after the feeds: a feed can neither change
 * nor turn off a rule /etc/antam/rules.d sets.  (The agency's dir is read
 * through --root, as a check of that system reads it.) */
static void
test_agency_wins (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *rules = g_build_filename (f->dir, "override.json", NULL);
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *in_force = NULL;
  const char *feed_rules =
    "{ \"schema\": \"antam.rules/1\", \"apps\": [\n"
    "  { \"id\": \"zoom\", \"name\": \"Zoom (feed)\", \"severity\": \"warning\",\n"
    "    \"why\": { \"vi\": \"Thử.\", \"en\": \"A test.\" }, \"footprints\": { \"deb\": [\"zoom\"] } },\n"
    "  { \"id\": \"teamviewer\", \"disabled\": true },\n"
    "  { \"id\": \"anydesk\", \"disabled\": true } ] }\n";
  const char *agency_rules =
    "{ \"schema\": \"antam.rules/1\", \"apps\": [\n"
    "  { \"id\": \"zoom\", \"name\": \"Zoom (agency)\", \"severity\": \"risk\",\n"
    "    \"why\": { \"vi\": \"Sở quy định.\", \"en\": \"The agency says so.\" }, \"footprints\": { \"deb\": [\"zoom\"] } },\n"
    "  { \"id\": \"teamviewer\", \"name\": \"TeamViewer (agency)\", \"severity\": \"risk\",\n"
    "    \"why\": { \"vi\": \"Sở quy định.\", \"en\": \"The agency says so.\" }, \"footprints\": { \"deb\": [\"teamviewer\"] } } ] }\n";

  g_assert_true (g_file_set_contents (rules, feed_rules, -1, NULL));
  publish (f, rules, f->csirt, 3, "2026-11-20", "90", "override.feed");
  set_team (f, "/feeds/override.feed");
  g_assert_cmpint (update (f, "turned off: anydesk (AnyDesk)"), ==, 0);

  /* On this PC, no agency rules: the feed's changes are in force. */
  assert_in_force (shipped_with ((const char *[]) { "zoom", "zoom:feed", "anydesk", "", "teamviewer", "", NULL },
                                 NULL), 3);

  /* With the agency's: zoom and teamviewer are the agency's, anydesk
   * stays off (the agency does not set it). */
  antam_test_write (root, "etc/antam/rules.d/10-agency.json", agency_rules);
  in_force = rules_in_force (root, NULL);
  g_assert_cmpstr (in_force, ==,
                   shipped_with ((const char *[]) { "zoom", "zoom:agency", "anydesk", "", "teamviewer", "", NULL },
                                 "teamviewer:agency"));
  antam_test_remove_root (root);
}

/* The CSIRT publishes a rule that makes FakeMeet risky; once the PC has
 * the feed, a check of a computer with FakeMeet installed reports it. */
static void
test_end_to_end (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *rules = rules_file (f, "fakemeet.json", NULL);
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *status = NULL;
  g_autofree char *status_path = g_build_filename (root, "var", "lib", "dpkg", "status", NULL);
  g_autofree char *with_fakemeet = NULL;
  g_auto(Run) before = { 0 };
  g_auto(Run) after = { 0 };
  g_auto(Run) vietnamese = { 0 };
  const char *vi[] = { "LANGUAGE", "vi", NULL };
  const cJSON *result;
  cJSON *json;

  g_assert_true (g_file_get_contents (status_path, &status, NULL, NULL));
  with_fakemeet = g_strconcat (status, "\nPackage: fakemeet\nStatus: install ok installed\n"
                               "Architecture: amd64\nVersion: 3.1.4\nMaintainer: FakeMeet Ltd\n"
                               "Description: meetings, they say\n", NULL);
  antam_test_write (root, "var/lib/dpkg/status", with_fakemeet);
  antam_test_write (root, "opt/fakemeet/fakemeet", "#!/bin/sh\n");

  run_cli (&before, NULL, "scan", "--json", "--root", root, "--home", home, "--only", "risky-apps");
  g_assert_cmpint (before.exit_code, ==, 0);
  g_assert_null (strstr (before.out, "FakeMeet"));

  /* The team's side: a key (made before), a feed, on the web server. */
  publish (f, rules, f->csirt, 1, "2026-11-20", "90", "rules.feed");
  /* The PC's side: the team in its contacts, then the update. */
  set_team (f, "/feeds/rules.feed");
  g_assert_cmpint (update (f, "added: fakemeet (FakeMeet)"), ==, 0);

  run_cli (&after, NULL, "scan", "--json", "--root", root, "--home", home, "--only", "risky-apps");
  g_assert_cmpint (after.exit_code, ==, 2);
  json = cJSON_Parse (after.out);
  result = cJSON_GetArrayItem (cJSON_GetObjectItem (json, "results"), 0);
  g_assert_cmpstr (cJSON_GetObjectItem (result, "title")->valuestring, ==, "FakeMeet is installed");
  g_assert_cmpstr (cJSON_GetObjectItem (result, "status")->valuestring, ==, "risk");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (result, "remedy"), "target")->valuestring,
                   ==, "fakemeet");
  cJSON_Delete (json);

  /* In Vietnamese, with the feed's own text. */
  run_cli (&vietnamese, vi, "scan", "--json", "--root", root, "--home", home, "--only", "risky-apps");
  g_assert_nonnull (strstr (vietnamese.out, "FakeMeet đã được cài đặt"));
  g_assert_nonnull (strstr (vietnamese.out, "gửi nội dung cuộc họp ra máy chủ ở nước ngoài"));
  antam_test_remove_root (root);
}

/* A feed installed when it was good, now past its expiry, still applies,
 * and the check says the list is old. */
static void
test_expired_warning (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *rules = rules_file (f, "v2.json", NULL);
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  const char *later[] = { "ANTAM_TODAY", "2027-06-01", "LANGUAGE", "vi", NULL };
  g_auto(Run) now = { 0 };
  g_auto(Run) run = { 0 };

  publish (f, rules, f->csirt, 2, "2026-11-20", "90", "good.feed");
  set_team (f, "/feeds/good.feed");
  g_assert_cmpint (update (f, "installed feed 2"), ==, 0);

  run_cli (&now, NULL, "scan", "--root", root, "--home", home, "--only", "risky-apps");
  g_assert_cmpint (now.exit_code, ==, 0);
  g_assert_null (strstr (now.out, "out of date"));

  run_cli (&run, later, "scan", "--root", root, "--home", home, "--only", "risky-apps");
  g_assert_cmpint (run.exit_code, ==, 1);
  g_assert_nonnull (strstr (run.out, "Danh sách ứng dụng nguy cơ đã cũ"));
  g_assert_nonnull (strstr (run.out, "test-csirt"));
  antam_test_remove_root (root);
  /* Still the rules in force. */
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);
}

/* A team taken out of the contacts, or pinning a new key, loses its
 * installed feed at the next check. */
static void
test_forgotten (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *rules = rules_file (f, "v2.json", NULL);
  g_autofree char *other = NULL;

  publish (f, rules, f->csirt, 2, "2026-11-20", "90", "good.feed");
  set_team (f, "/feeds/good.feed");
  g_assert_cmpint (update (f, "installed feed 2"), ==, 0);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);

  /* A new key for the team: its feed number 1 is accepted, the old feed gone. */
  other = make_key (f, "new-key");
  g_free (f->public_key);
  f->public_key = read_public_key (other);
  publish (f, rules, other, 1, "2026-11-20", "90", "new.feed");
  set_team (f, "/feeds/new.feed");
  g_assert_cmpint (update (f, "installed feed 1\n"), ==, 0);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 1);

  set_team (f, NULL);
  g_assert_cmpint (update (f, "No team in the contacts publishes a rules feed"), ==, 0);
  assert_in_force (shipped_with (NULL, NULL), 0);
}

/* The server's certificate is checked: against the system's authorities,
 * which do not know the test's, or the one the team's contact names. */
static void
test_team_ca_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *rules = rules_file (f, "v2.json", NULL);

  publish (f, rules, f->csirt, 2, "2026-11-20", "90", "good.feed");
  set_team (f, "/feeds/good.feed");
  g_assert_cmpint (update_with (f, TRUE, "no feed came"), ==, 75);
  assert_in_force (shipped_with (NULL, NULL), 0);

  set_team_trusting (f, "/feeds/good.feed", f->cert);
  g_assert_cmpint (update_with (f, TRUE, "installed feed 2"), ==, 0);
  assert_in_force (shipped_with (NULL, "fakemeet:feed"), 2);
}

/* minisign's own tool checks what An Tâm signs, and signs what it checks. */
static void
test_minisign (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *rules = rules_file (f, "v2.json", NULL);
  g_autofree char *feed = NULL;
  g_autofree char *payload = g_build_filename (f->dir, "payload.json", NULL);
  g_autofree char *signature = g_build_filename (f->dir, "payload.minisig", NULL);
  g_autofree char *public_path = g_build_filename (f->csirt, "antam-rules.pub", NULL);
  g_autofree char *secret_path = g_build_filename (f->csirt, "antam-rules.key", NULL);
  g_autofree char *their_signature = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(AntamRulesFeed) opened = NULL;
  g_autoptr(GError) error = NULL;
  AntamMinisignPublicKey key;
  gsize length, signature_length;
  char *body;
  int status;

  if (have_minisign () == NULL)
    {
      g_test_skip ("minisign is not installed (Debian's package minisign)");
      return;
    }
  publish (f, rules, f->csirt, 4, "2026-11-20", "90", "good.feed");
  {
    g_autofree char *served = g_build_filename (f->feeds, "good.feed", NULL);
    g_assert_true (g_file_get_contents (served, &feed, &length, NULL));
  }
  /* The feed is a .minisig file, then the file it signs. */
  body = feed;
  for (int i = 0; i < 4; i++)
    body = strchr (body, '\n') + 1;
  g_assert_true (g_file_set_contents (signature, feed, body - feed, NULL));
  g_assert_true (g_file_set_contents (payload, body, -1, NULL));
  {
    const char *argv[] = { have_minisign (), "-V", "-p", public_path, "-x", signature, "-m", payload, NULL };
    g_autofree char *out = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "antam.rules-feed/1 serial:4"));
  }

  /* minisign signs with the team's key (its passphrase on stdin) a new
   * trusted comment; the PC accepts that feed too. */
  {
    g_autofree char *command = g_strdup_printf ("%s -S -l -s '%s' -x '%s.2' -m '%s' -t 'signed by minisign' < '%s'",
                                                have_minisign (), secret_path, signature, payload, f->passphrase);
    const char *argv[] = { "/bin/sh", "-c", command, NULL };
    g_autofree char *path = g_strconcat (signature, ".2", NULL);

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_get_contents (path, &their_signature, &signature_length, NULL));
  }
  joined = g_strconcat (their_signature, body, NULL);
  g_assert_true (antam_minisign_public_key_parse (f->public_key, &key, &error));
  opened = antam_rules_feed_open (joined, strlen (joined), &key, "joined", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (opened->serial, ==, 4);

  /* Its prehashed kind, which Nettle cannot check, is refused by name. */
  g_clear_pointer (&opened, antam_rules_feed_free);
  g_clear_pointer (&their_signature, g_free);
  g_clear_pointer (&joined, g_free);
  {
    g_autofree char *command = g_strdup_printf ("%s -S -s '%s' -x '%s.3' -m '%s' < '%s'",
                                                have_minisign (), secret_path, signature, payload, f->passphrase);
    const char *argv[] = { "/bin/sh", "-c", command, NULL };
    g_autofree char *path = g_strconcat (signature, ".3", NULL);

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, NULL));
    g_assert_true (g_file_get_contents (path, &their_signature, &signature_length, NULL));
  }
  joined = g_strconcat (their_signature, body, NULL);
  opened = antam_rules_feed_open (joined, strlen (joined), &key, "prehashed", &error);
  g_assert_null (opened);
  g_assert_error (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_UNSUPPORTED);
}

/* minisign's own cost, as a CSIRT's key gets: made and used once here. */
static void
test_sensitive_key (void)
{
  g_autofree char *dir = rt_make_tmpdir ("rules-key");
  g_autofree char *pass = g_build_filename (dir, "passphrase", NULL);
  g_autofree char *keys = g_build_filename (dir, "keys", NULL);
  g_autofree char *secret = g_build_filename (keys, "antam-rules.key", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *rules = g_test_build_filename (G_TEST_DIST, "..", "data", "rules", "risky-apps.json", NULL);
  g_autofree char *key_text = NULL;
  g_autofree guchar *raw = NULL;
  g_auto(Run) keygen = { 0 };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) publish_run = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) short_pass = { 0 };
  g_auto(GStrv) lines = NULL;
  gsize length;
  guint64 opslimit = 0, memlimit = 0;

  g_assert_true (g_file_set_contents (pass, "mật khẩu dài của đội\n", -1, NULL));
  light_kdf = FALSE;
  run_cli (&keygen, NULL, "rules", "keygen", "-o", keys, "--passphrase-file", pass);
  g_assert_cmpint (keygen.exit_code, ==, 0);
  g_assert_true (g_file_get_contents (secret, &key_text, NULL, NULL));
  lines = g_strsplit (key_text, "\n", 3);
  raw = g_base64_decode (lines[1], &length);
  g_assert_cmpuint (length, ==, 158);
  for (int i = 7; i >= 0; i--)
    {
      opslimit = (opslimit << 8) | raw[38 + i];
      memlimit = (memlimit << 8) | raw[46 + i];
    }
  /* minisign -G's: crypto_pwhash_scryptsalsa208sha256_*_SENSITIVE. */
  g_assert_cmpuint (opslimit, ==, 33554432);
  g_assert_cmpuint (memlimit, ==, 1073741824);

  /* Refused before anything is made: a key that is there, a short passphrase. */
  run_cli (&again, NULL, "rules", "keygen", "-o", keys, "--passphrase-file", pass);
  g_assert_cmpint (again.exit_code, ==, 1);
  g_assert_nonnull (strstr (again.err, "already holds a key"));
  {
    g_autofree char *short_file = g_build_filename (dir, "short", NULL);
    g_autofree char *other_keys = g_build_filename (dir, "other", NULL);

    g_assert_true (g_file_set_contents (short_file, "1234\n", -1, NULL));
    run_cli (&short_pass, NULL, "rules", "keygen", "-o", other_keys, "--passphrase-file", short_file);
    g_assert_cmpint (short_pass.exit_code, ==, 1);
    g_assert_nonnull (strstr (short_pass.err, "at least 8 characters"));
  }

  {
    g_autofree char *wrong_file = g_build_filename (dir, "wrong", NULL);

    g_assert_true (g_file_set_contents (wrong_file, "not the passphrase\n", -1, NULL));
    run_cli (&wrong, NULL, "rules", "publish", rules, "--key", secret, "-o", out, "--passphrase-file", wrong_file);
    g_assert_cmpint (wrong.exit_code, ==, 1);
    g_assert_nonnull (strstr (wrong.err, "Wrong passphrase"));
  }
  run_cli (&publish_run, NULL, "rules", "publish", rules, "--key", secret, "-o", out, "--passphrase-file", pass);
  g_assert_cmpint (publish_run.exit_code, ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("feed 1 with %u app rules", shipped_count ());
    g_assert_nonnull (strstr (publish_run.out, expected));
  }
  light_kdf = TRUE;
  rt_rm_rf (dir);
}

/* Signs @payload as a feed would be, with a key made here. */
static char *
sign_payload (const char             *payload,
              AntamMinisignPublicKey *key)
{
  g_autofree char *public_file = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (antam_minisign_generate ("passphrase", ANTAM_MINISIGN_KDF_INTERACTIVE,
                                          &public_file, &secret_file, &error));
  lines = g_strsplit (public_file, "\n", 3);
  g_assert_true (antam_minisign_public_key_parse (lines[1], key, &error));
  g_assert_true (antam_minisign_sign (secret_file, strlen (secret_file), "passphrase", payload, strlen (payload),
                                      "a test", &signature, &error));
  g_assert_no_error (error);
  return g_strconcat (signature, payload, NULL);
}

/* The feed's own format: what is signed but wrong is refused, naming the
 * field; what is damaged is refused before its JSON is read. */
static void
test_format (void)
{
  static const struct {
    const char *payload;
    const char *expected;
  } signed_but_wrong[] = {
    { "not json", "is not valid JSON" },
    { "[1, 2]", "must contain one JSON object" },
    { "{ \"schema\": \"antam.rules-feed/2\" }", "schema: must be “antam.rules-feed/1”" },
    { "{ \"schema\": \"antam.rules-feed/1\", \"serial\": 0 }", "serial: must be a whole number from 1" },
    { "{ \"schema\": \"antam.rules-feed/1\", \"serial\": 2.5 }", "serial: must be a whole number from 1" },
    { "{ \"schema\": \"antam.rules-feed/1\", \"serial\": 2, \"issued\": \"2026-11-20\" }",
      "issued: must be a date and time" },
    { "{ \"schema\": \"antam.rules-feed/1\", \"serial\": 2, \"issued\": \"2026-11-20T09:00:00\" }",
      "issued: must be a date and time" },
    { "{ \"schema\": \"antam.rules-feed/1\", \"serial\": 2, \"issued\": \"2026-11-20T09:00:00+07:00\", "
      "\"expires\": \"2026-11-19T09:00:00+07:00\" }", "expires: must come after “issued”" },
    { "{ \"schema\": \"antam.rules-feed/1\", \"serial\": 2, \"issued\": \"2026-11-20T09:00:00+07:00\", "
      "\"expires\": \"2027-11-19T09:00:00+07:00\", \"rules\": { \"schema\": \"antam.rules/1\", "
      "\"apps\": [ { \"id\": \"x\", \"name\": \"X\", \"severity\": \"fatal\" } ] } }",
      "rules: apps[0] (x).severity: must be “risk” or “warning”" },
    { "{ \"schema\": \"antam.rules-feed/1\", \"run\": \"rm -rf ~\" }", "run: is not a known field" },
  };
  static const char good[] =
    "{ \"schema\": \"antam.rules-feed/1\", \"serial\": 2, \"issued\": \"2026-11-20T09:00:00+07:00\", "
    "\"expires\": \"2027-11-19T09:00:00+07:00\", \"rules\": { \"schema\": \"antam.rules/1\", \"apps\": [] } }";

  for (guint i = 0; i < G_N_ELEMENTS (signed_but_wrong); i++)
    {
      AntamMinisignPublicKey key;
      g_autofree char *feed = sign_payload (signed_but_wrong[i].payload, &key);
      g_autoptr(AntamRulesFeed) opened = NULL;
      g_autoptr(GError) error = NULL;

      opened = antam_rules_feed_open (feed, strlen (feed), &key, "test.feed", &error);
      g_assert_null (opened);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, signed_but_wrong[i].expected));
    }

  {
    AntamMinisignPublicKey key;
    g_autofree char *feed = sign_payload (good, &key);
    g_autoptr(AntamRulesFeed) opened = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *damaged = NULL;
    char *line;

    opened = antam_rules_feed_open (feed, strlen (feed), &key, "test.feed", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (opened->serial, ==, 2);

    /* The signature's lines damaged: not minisign's format. */
    damaged = g_strdup (feed);
    line = strchr (damaged, '\n') + 1;
    line[3] = '*';
    g_clear_pointer (&opened, antam_rules_feed_free);
    opened = antam_rules_feed_open (damaged, strlen (damaged), &key, "test.feed", &error);
    g_assert_error (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_MALFORMED);
    g_clear_error (&error);

    /* The trusted comment changed: its own signature fails. */
    g_free (damaged);
    damaged = g_strdup (feed);
    line = strstr (damaged, "trusted comment: a test");
    line[strlen ("trusted comment: a ")] = 'b';
    opened = antam_rules_feed_open (damaged, strlen (damaged), &key, "test.feed", &error);
    g_assert_error (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_BAD_SIGNATURE);
    g_clear_error (&error);

    /* Cut anywhere: refused. */
    for (gsize length = 0; length < strlen (feed); length += 37)
      {
        g_autoptr(AntamRulesFeed) cut = antam_rules_feed_open (feed, length, &key, "test.feed", &error);
        g_assert_null (cut);
        g_clear_error (&error);
      }
  }
}

/* A team's rules_url and rules_key, as the contacts files give them. */
static void
test_contacts (void)
{
  static const struct {
    const char *fields;
    const char *expected;     /* NULL: accepted */
  } cases[] = {
    { "\"rules_url\": \"https://csirt.example.gov.vn/rules.feed\", \"rules_key\": \"KEY\"", NULL },
    { "\"rules_url\": \"http://csirt.example.gov.vn/rules.feed\", \"rules_key\": \"KEY\"",
      "rules_url: must be an https:// address" },
    { "\"rules_url\": \"https://user:pw@csirt.example.gov.vn/rules.feed\", \"rules_key\": \"KEY\"",
      "rules_url: must be an https:// address" },
    { "\"rules_url\": \"https://csirt.example.gov.vn/rules.feed\"", "rules_key: rules_url and rules_key go together" },
    { "\"rules_key\": \"KEY\"", "rules_url: rules_url and rules_key go together" },
    { "\"rules_url\": \"https://csirt.example.gov.vn/rules.feed\", \"rules_key\": \"RWQnotakey\"",
      "rules_key: is not a minisign public key" },
  };
  AntamMinisignPublicKey key;
  g_autofree char *feed = sign_payload ("{}", &key);
  g_autofree char *key_text = NULL;

  {
    guint8 raw[42] = { 'E', 'd' };
    memcpy (raw + 2, key.key_id, 8);
    memcpy (raw + 10, key.key, 32);
    key_text = g_base64_encode (raw, sizeof raw);
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AntamContacts) contacts = antam_contacts_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *fields = NULL;
      g_autofree char *json = NULL;
      g_auto(GStrv) parts = g_strsplit (cases[i].fields, "KEY", -1);

      fields = g_strjoinv (key_text, parts);
      json = g_strdup_printf ("{ \"schema\": \"antam.contacts/1\", \"contacts\": [ { \"id\": \"t\", "
                              "\"name\": { \"vi\": \"Đội\", \"en\": \"Team\" }, \"phone\": \"0123\", %s } ] }",
                              fields);
      if (cases[i].expected == NULL)
        {
          g_assert_true (antam_contacts_add_file (contacts, "contacts.json", json, strlen (json), &error));
          g_assert_no_error (error);
          g_assert_cmpstr (antam_contacts_lookup (contacts, "t")->rules_key, ==, key_text);
        }
      else
        {
          g_assert_false (antam_contacts_add_file (contacts, "contacts.json", json, strlen (json), &error));
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, cases[i].expected));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rules-feed/outcomes", test_outcomes);
  ADD ("/rules-feed/stalled-server", test_stalled_server);
  ADD ("/rules-feed/once-a-day", test_once_a_day);
  ADD ("/rules-feed/agency-wins", test_agency_wins);
  ADD ("/rules-feed/end-to-end", test_end_to_end);
  ADD ("/rules-feed/expired-warning", test_expired_warning);
  ADD ("/rules-feed/forgotten", test_forgotten);
  ADD ("/rules-feed/minisign", test_minisign);
  ADD ("/rules-feed/team-ca-file", test_team_ca_file);
#undef ADD
  g_test_add_func ("/rules-feed/sensitive-key", test_sensitive_key);
  g_test_add_func ("/rules-feed/format", test_format);
  g_test_add_func ("/rules-feed/contacts", test_contacts);

  return g_test_run ();
}
