/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "antam-cli.h"
#include "scan/antam-scan.h"
#include "rules/antam-rules-feed.h"

/* The CSIRT's side: "rules keygen" makes the team's signing key, "rules
 * publish" turns a rules file into the signed feed its web server serves. */

#define SECRET_KEY_NAME "antam-rules.key"
#define PUBLIC_KEY_NAME "antam-rules.pub"
#define MAX_PASSPHRASE 1024
#define MIN_PASSPHRASE 8
#define DEFAULT_VALID_DAYS 90

#ifdef HAVE_LIBSODIUM
#include <sodium.h>

/* A passphrase is wiped from memory once used. */
static void
passphrase_free (char *passphrase)
{
  if (passphrase == NULL)
    return;
  sodium_memzero (passphrase, strlen (passphrase));
  g_free (passphrase);
}

typedef char Passphrase;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Passphrase, passphrase_free)

/* The first line of @fd, up to MAX_PASSPHRASE bytes. */
static char *
read_line (int fd)
{
  char *line = g_malloc0 (MAX_PASSPHRASE + 1);
  gsize length = 0;

  while (length < MAX_PASSPHRASE)
    {
      char c;
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || c == '\n')
        break;
      line[length++] = c;
    }
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  return line;
}

/* From the terminal, without echo: not from stdin, which a script may
 * have redirected. */
static char *
ask_terminal (const char  *prompt,
              GError     **error)
{
  struct termios saved, quiet;
  char *line;
  int tty = g_open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY, 0);

  if (tty < 0 || tcgetattr (tty, &saved) != 0)
    {
      if (tty >= 0)
        close (tty);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No terminal to ask for the passphrase: give it with --passphrase-file FILE "
                             "(or - to read it from the standard input)"));
      return NULL;
    }
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHONL);
  quiet.c_lflag |= ICANON;
  if (write (tty, prompt, strlen (prompt)) < 0)
    g_debug ("Could not write the prompt: %s", g_strerror (errno));
  tcsetattr (tty, TCSAFLUSH, &quiet);
  line = read_line (tty);
  tcsetattr (tty, TCSAFLUSH, &saved);
  if (write (tty, "\n", 1) < 0)
    g_debug ("Could not end the prompt's line: %s", g_strerror (errno));
  close (tty);
  return line;
}

/**
 * read_passphrase:
 * @file: (nullable): a file whose first line is the passphrase, or "-"
 *   for the standard input; %NULL to ask on the terminal
 * @confirm: ask twice on the terminal (a new key)
 */
static char *
read_passphrase (const char  *file,
                 gboolean     confirm,
                 GError     **error)
{
  g_autoptr(Passphrase) first = NULL;
  g_autoptr(Passphrase) again = NULL;

  if (file != NULL && g_str_equal (file, "-"))
    first = read_line (STDIN_FILENO);
  else if (file != NULL)
    {
      int fd = g_open (file, O_RDONLY | O_CLOEXEC, 0);

      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", file, g_strerror (saved));
          return NULL;
        }
      first = read_line (fd);
      close (fd);
    }
  else
    {
      first = ask_terminal (confirm ? _("Passphrase for the new key: ") : _("Passphrase of the key: "), error);
      if (first == NULL)
        return NULL;
      if (confirm)
        {
          again = ask_terminal (_("The same passphrase again: "), error);
          if (again == NULL)
            return NULL;
          if (!g_str_equal (first, again))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("The two passphrases differ; nothing was made"));
              return NULL;
            }
        }
    }

  if (confirm && g_utf8_strlen (first, -1) < MIN_PASSPHRASE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The passphrase needs at least %d characters: it is all that protects the key"),
                   MIN_PASSPHRASE);
      return NULL;
    }
  if (first[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The passphrase is empty"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

/* Both commands take it; one command runs a process. */
static char *passphrase_file;
static const GOptionEntry passphrase_entries[] = {
  { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
    N_("Read the passphrase from the first line of FILE (- for the standard input) instead of the terminal"),
    N_("FILE") },
  { NULL }
};

/* minisign's cost, unless a test asks for less: a gibibyte of memory,
 * seconds of work, for each key made and each feed signed. */
static AntamMinisignKdfCost
kdf_cost (void)
{
  return g_getenv ("ANTAM_TEST_LIGHT_KDF") != NULL ? ANTAM_MINISIGN_KDF_INTERACTIVE
                                                   : ANTAM_MINISIGN_KDF_SENSITIVE;
}

static gboolean
write_new_file (const char  *path,
                const char  *contents,
                int          mode,
                GError     **error)
{
  gsize length = strlen (contents);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  gsize done = 0;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  while (done < length)
    {
      ssize_t n = write (fd, contents + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
          close (fd);
          g_unlink (path);
          return FALSE;
        }
      done += (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

int
antam_cli_rules_keygen (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— make the team’s key for signing rules feeds"));
  g_autoptr(GError) error = NULL;
  g_autoptr(Passphrase) passphrase = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *public_file = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *public_path = NULL;
  g_autofree char *secret_path = NULL;
  g_auto(GStrv) public_lines = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir, N_("Write the two key files into DIR"), N_("DIR") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, passphrase_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 1 || dir == NULL)
    return antam_cli_usage_error (context, _("Usage: antam-cli rules keygen -o DIR"));

  secret_path = g_build_filename (dir, SECRET_KEY_NAME, NULL);
  public_path = g_build_filename (dir, PUBLIC_KEY_NAME, NULL);
  if (g_file_test (secret_path, G_FILE_TEST_EXISTS) || g_file_test (public_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("antam-cli: %s already holds a key; a new key is made in an empty place, "
                    "so that no key is lost\n"), dir);
      return 1;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("antam-cli: %s: %s\n", dir, g_strerror (errno));
      return 1;
    }

  passphrase = read_passphrase (passphrase_file, TRUE, &error);
  if (passphrase == NULL ||
      !antam_minisign_generate (passphrase, kdf_cost (), &public_file, &secret_file, &error) ||
      !write_new_file (secret_path, secret_file, 0600, &error) ||
      !write_new_file (public_path, public_file, 0644, &error))
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return 1;
    }

  public_lines = g_strsplit (public_file, "\n", 3);
  g_print (_("Secret key (keep it with the team, with its passphrase): %s\n"), secret_path);
  g_print (_("Public key: %s\n\n"), public_path);
  /* For the team's IT staff, who publish the feed. */
  g_print ("%s\n", C_("it-staff", "In the team’s entry of contacts.json on every PC (/etc/antam/contacts.json):"));
  g_print ("  \"rules_url\": \"https://…/%s\",\n", ANTAM_RULES_FEED_FILE_NAME);
  g_print ("  \"rules_key\": \"%s\"\n", public_lines[1]);
  return 0;
}

/* The number of the feed published into @path before, if any: only a
 * default for the next one, from the team's own output, never read on a
 * PC (which checks the signature before reading anything). */
static guint64
previous_serial (const char *path)
{
  g_autofree char *contents = NULL;
  const char *payload;
  guint64 serial = 0;
  gsize length;
  cJSON *root;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length > ANTAM_RULES_FEED_MAX_SIZE)
    return 0;
  payload = contents;
  for (int lines = 0; lines < 4 && payload != NULL; lines++)
    payload = (payload = strchr (payload, '\n')) != NULL ? payload + 1 : NULL;
  if (payload == NULL)
    return 0;
  root = cJSON_Parse (payload);
  if (cJSON_IsNumber (cJSON_GetObjectItemCaseSensitive (root, "serial")))
    serial = (guint64) cJSON_GetObjectItemCaseSensitive (root, "serial")->valuedouble;
  cJSON_Delete (root);
  return serial;
}

int
antam_cli_rules_publish (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("RULES.json — sign a rules file into the team’s feed"));
  g_autoptr(GError) error = NULL;
  g_autoptr(Passphrase) passphrase = NULL;
  g_autoptr(AntamRules) rules = antam_rules_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *issued_text = NULL;
  g_autofree char *expires_text = NULL;
  gint64 serial_option = 0;
  gint valid_days = DEFAULT_VALID_DAYS;
  guint64 previous, serial;
  gsize length, secret_length, feed_length;
  GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, N_("The team’s secret key, from rules keygen"), N_("SECRET") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dir, N_("Write the feed into DIR"), N_("DIR") },
    { "serial", 0, 0, G_OPTION_ARG_INT64, &serial_option,
      N_("The feed’s number (by default, one more than the feed in DIR)"), N_("N") },
    { "valid-days", 0, 0, G_OPTION_ARG_INT, &valid_days,
      N_("How many days PCs may use the feed before it is old (90 by default)"), N_("DAYS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, passphrase_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 2 || key_file == NULL || dir == NULL)
    return antam_cli_usage_error (context, _("Usage: antam-cli rules publish RULES.json --key SECRET -o DIR"));
  if (valid_days < 1 || valid_days > 3650)
    return antam_cli_usage_error (context, _("--valid-days must be from 1 to 3650"));
  if (serial_option < 0 || (guint64) serial_option > ((guint64) 1 << 53))
    return antam_cli_usage_error (context, _("--serial must be a whole number from 1"));

  /* The same checks as "rules check", before the passphrase is asked. */
  if (!g_file_get_contents (argv[1], &contents, &length, &error) ||
      !antam_rules_add_file (rules, argv[1], contents, length, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  path = g_build_filename (dir, ANTAM_RULES_FEED_FILE_NAME, NULL);
  previous = previous_serial (path);
  serial = serial_option > 0 ? (guint64) serial_option : previous + 1;
  if (serial <= previous)
    {
      g_printerr (_("antam-cli: %s is feed %" PRIu64 " already: a new feed needs a greater "
                    "number, or PCs would refuse it as older\n"), path, previous);
      return 1;
    }

  if (!g_file_get_contents (key_file, &secret, &secret_length, &error))
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return 1;
    }
  now = antam_scan_now ();
  issued = g_date_time_to_local (now);
  expires = g_date_time_add_days (issued, valid_days);
  passphrase = read_passphrase (passphrase_file, FALSE, &error);
  if (passphrase == NULL ||
      (feed = antam_rules_feed_make (contents, length, argv[1], serial, issued, expires, secret, secret_length,
                                     passphrase, &feed_length, &error)) == NULL ||
      g_mkdir_with_parents (dir, 0755) != 0 ||
      !g_file_set_contents_full (path, feed, (gssize) feed_length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, &error))
    {
      if (error != NULL)
        g_printerr ("antam-cli: %s\n", error->message);
      else
        g_printerr ("antam-cli: %s: %s\n", dir, g_strerror (errno));
      sodium_memzero (secret, secret_length);
      return 1;
    }
  sodium_memzero (secret, secret_length);

  issued_text = g_date_time_format (issued, "%Y-%m-%d");
  expires_text = g_date_time_format (expires, "%Y-%m-%d");
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%s: feed %" PRIu64 " with %u app rule, issued %s, expires %s\n",
                        "%s: feed %" PRIu64 " with %u app rules, issued %s, expires %s\n",
                        rules->apps->len),
           path, serial, rules->apps->len, issued_text, expires_text);
  g_print ("%s\n", _("Put it on the team’s web server, at the address the contacts give as rules_url."));
  return 0;
}

#else

static int
not_built (void)
{
  g_printerr ("%s\n", _("antam-cli: this build of An Tâm cannot sign rules feeds: it was built without libsodium"));
  return 1;
}

int
antam_cli_rules_keygen (int    argc,
                        char **argv)
{
  return not_built ();
}

int
antam_cli_rules_publish (int    argc,
                         char **argv)
{
  return not_built ();
}

#endif
