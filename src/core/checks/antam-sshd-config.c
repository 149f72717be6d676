/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-network-private.h"

/* sshd_config(5): the first value obtained for a keyword is the one used,
 * Include reads other files in place (Debian's and Fedora's main file
 * starts with an Include of every sshd_config.d/NAME.conf, so a drop-in there
 * wins over the main file), and a Match block applies only to some
 * connections.  Read the way sshd reads them. */

#define SSHD_CONFIG "/etc/ssh/sshd_config"
#define MAX_CONFIG_SIZE (1024 * 1024)
/* sshd's own limit on nested Include. */
#define MAX_INCLUDE_DEPTH 16

typedef struct {
  AntamSysroot *sysroot;
  AntamSshdConfig *config;
  gboolean in_match;     /* inside a Match block that is not "Match all" */
  GError *error;
} Reader;

static void
setting_clear (AntamSshdSetting *setting)
{
  g_clear_pointer (&setting->value, g_free);
  g_clear_pointer (&setting->file, g_free);
}

void
antam_sshd_config_free (AntamSshdConfig *config)
{
  if (config == NULL)
    return;
  setting_clear (&config->password_authentication);
  setting_clear (&config->kbd_interactive_authentication);
  setting_clear (&config->use_pam);
  setting_clear (&config->permit_root_login);
  setting_clear (&config->permit_empty_passwords);
  setting_clear (&config->match_password);
  g_array_unref (config->ports);
  g_ptr_array_unref (config->listen_addresses);
  g_ptr_array_unref (config->files);
  g_free (config);
}

static void
set_first (AntamSshdSetting *setting,
           const char       *value,
           const char       *file,
           guint             line)
{
  if (setting->file != NULL)
    return;
  g_free (setting->value);
  setting->value = g_ascii_strdown (value, -1);
  setting->file = g_strdup (file);
  setting->line = line;
}

static void
set_default (AntamSshdSetting *setting,
             const char       *value)
{
  if (setting->value == NULL)
    setting->value = g_strdup (value);
}

/* "Keyword value", "Keyword=value", "Keyword = value"; a value may be
 * quoted.  Returns the keyword and the rest of the line. */
static gboolean
split_line (char  *line,
            char **keyword,
            char **rest)
{
  char *p = line;

  while (*p != '\0' && !g_ascii_isspace (*p) && *p != '=')
    p++;
  if (p == line)
    return FALSE;
  *keyword = line;
  if (*p != '\0')
    {
      *p++ = '\0';
      while (g_ascii_isspace (*p) || *p == '=')
        p++;
    }
  *rest = g_strstrip (p);
  return TRUE;
}

static char *
first_word (const char *rest)
{
  if (rest[0] == '"')
    {
      const char *end = strchr (rest + 1, '"');
      return end ? g_strndup (rest + 1, end - rest - 1) : g_strdup (rest + 1);
    }
  return g_strndup (rest, strcspn (rest, " \t"));
}

static gboolean
has_glob (const char *text)
{
  return strpbrk (text, "*?[") != NULL;
}

static void read_file (Reader *reader, const char *path, guint depth);

/* Include takes several patterns; a relative one is under /etc/ssh, and a
 * pattern's matches are read in sorted order, as glob(3) returns them. */
static void
include (Reader     *reader,
         const char *patterns,
         guint       depth)
{
  g_auto(GStrv) words = g_strsplit_set (patterns, " \t", -1);

  for (guint i = 0; words[i] != NULL && reader->error == NULL; i++)
    {
      g_autofree char *pattern = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *base = NULL;
      g_autoptr(GPatternSpec) spec = NULL;
      g_autoptr(GPtrArray) names = NULL;

      if (words[i][0] == '\0')
        continue;
      pattern = g_path_is_absolute (words[i]) ? g_strdup (words[i])
                                              : g_build_filename ("/etc/ssh", words[i], NULL);
      if (!has_glob (pattern))
        {
          if (antam_sysroot_exists (reader->sysroot, pattern))
            read_file (reader, pattern, depth + 1);
          continue;
        }

      dir = g_path_get_dirname (pattern);
      base = g_path_get_basename (pattern);
      /* Patterns in folder names are rare; sshd would expand them, we say
       * we could not follow. */
      if (has_glob (dir))
        {
          g_set_error (&reader->error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("The SSH server's settings include “%s”, which An Tâm cannot follow"), pattern);
          return;
        }
      spec = g_pattern_spec_new (base);
      names = antam_sysroot_list_dir (reader->sysroot, dir, NULL);
      for (guint n = 0; names != NULL && n < names->len && reader->error == NULL; n++)
        {
          const char *name = g_ptr_array_index (names, n);
          g_autofree char *path = NULL;

          /* glob(3) leaves out hidden files unless the pattern names them. */
          if ((name[0] == '.' && base[0] != '.') || !g_pattern_spec_match_string (spec, name))
            continue;
          path = g_build_filename (dir, name, NULL);
          read_file (reader, path, depth + 1);
        }
    }
}

static void
read_line (Reader     *reader,
           const char *path,
           guint       number,
           char       *line,
           guint       depth)
{
  AntamSshdConfig *config = reader->config;
  char *keyword, *rest;
  g_autofree char *value = NULL;

  line = g_strstrip (line);
  if (line[0] == '\0' || line[0] == '#' || !split_line (line, &keyword, &rest))
    return;

  if (g_ascii_strcasecmp (keyword, "Match") == 0)
    {
      reader->in_match = g_ascii_strcasecmp (rest, "all") != 0;
      return;
    }
  if (g_ascii_strcasecmp (keyword, "Include") == 0)
    {
      include (reader, rest, depth);
      return;
    }
  if (rest[0] == '\0')
    return;
  value = first_word (rest);

  if (reader->in_match)
    {
      /* Settings there change only for some users or addresses: enough to
       * say that passwords may be accepted. */
      if ((g_ascii_strcasecmp (keyword, "PasswordAuthentication") == 0 ||
           g_ascii_strcasecmp (keyword, "KbdInteractiveAuthentication") == 0 ||
           g_ascii_strcasecmp (keyword, "ChallengeResponseAuthentication") == 0) &&
          g_ascii_strcasecmp (value, "yes") == 0)
        set_first (&config->match_password, value, path, number);
      return;
    }

  if (g_ascii_strcasecmp (keyword, "PasswordAuthentication") == 0)
    set_first (&config->password_authentication, value, path, number);
  else if (g_ascii_strcasecmp (keyword, "KbdInteractiveAuthentication") == 0 ||
           g_ascii_strcasecmp (keyword, "ChallengeResponseAuthentication") == 0)
    set_first (&config->kbd_interactive_authentication, value, path, number);
  else if (g_ascii_strcasecmp (keyword, "UsePAM") == 0)
    set_first (&config->use_pam, value, path, number);
  else if (g_ascii_strcasecmp (keyword, "PermitRootLogin") == 0)
    set_first (&config->permit_root_login, value, path, number);
  else if (g_ascii_strcasecmp (keyword, "PermitEmptyPasswords") == 0)
    set_first (&config->permit_empty_passwords, value, path, number);
  else if (g_ascii_strcasecmp (keyword, "Port") == 0)
    {
      guint64 port;

      if (g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, NULL))
        {
          guint p = (guint) port;
          g_array_append_val (config->ports, p);
        }
    }
  else if (g_ascii_strcasecmp (keyword, "ListenAddress") == 0)
    g_ptr_array_add (config->listen_addresses, g_strdup (value));
}

static void
read_file (Reader     *reader,
           const char *path,
           guint       depth)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_match = reader->in_match;
  gsize length = 0;

  if (depth > MAX_INCLUDE_DEPTH)
    {
      g_set_error (&reader->error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                   _("The SSH server's settings include each other too deeply (a loop?) at “%s”"), path);
      return;
    }
  if (!antam_sysroot_read_file (reader->sysroot, path, MAX_CONFIG_SIZE, &contents, &length, &reader->error))
    return;
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (&reader->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not text"), path);
      return;
    }

  g_ptr_array_add (reader->config->files, g_strdup (path));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && reader->error == NULL; i++)
    read_line (reader, path, i + 1, lines[i], depth);
  /* A Match block ends with the file that opened it. */
  reader->in_match = in_match;
}

/**
 * antam_sshd_config_read:
 *
 * Returns: (transfer full): the SSH server's settings, or %NULL: with
 *   %G_IO_ERROR_NOT_FOUND when there is no sshd_config, otherwise with
 *   the reason a file could not be read
 */
AntamSshdConfig *
antam_sshd_config_read (AntamSysroot  *sysroot,
                        GError       **error)
{
  g_autoptr(AntamSshdConfig) config = g_new0 (AntamSshdConfig, 1);
  Reader reader = { sysroot, config, FALSE, NULL };

  config->ports = g_array_new (FALSE, FALSE, sizeof (guint));
  config->listen_addresses = g_ptr_array_new_with_free_func (g_free);
  config->files = g_ptr_array_new_with_free_func (g_free);

  read_file (&reader, SSHD_CONFIG, 0);
  if (reader.error != NULL)
    {
      g_propagate_error (error, reader.error);
      return NULL;
    }

  /* OpenSSH's own defaults, for what no file sets. */
  set_default (&config->password_authentication, "yes");
  set_default (&config->kbd_interactive_authentication, "yes");
  set_default (&config->use_pam, "no");
  set_default (&config->permit_root_login, "prohibit-password");
  set_default (&config->permit_empty_passwords, "no");
  if (config->ports->len == 0)
    {
      guint port = 22;
      g_array_append_val (config->ports, port);
    }
  return g_steal_pointer (&config);
}

/* Keyboard-interactive login asks for the password through PAM. */
static gboolean
kbd_asks_password (AntamSshdConfig *config)
{
  return !g_str_equal (config->kbd_interactive_authentication.value, "no") &&
         g_str_equal (config->use_pam.value, "yes");
}

gboolean
antam_sshd_config_allows_password (AntamSshdConfig *config)
{
  return !g_str_equal (config->password_authentication.value, "no") ||
         kbd_asks_password (config) || config->match_password.file != NULL;
}

/**
 * antam_sshd_config_password_setting:
 *
 * Returns: the setting that lets passwords in, for saying where it is
 */
const AntamSshdSetting *
antam_sshd_config_password_setting (AntamSshdConfig *config)
{
  if (!g_str_equal (config->password_authentication.value, "no"))
    return &config->password_authentication;
  if (kbd_asks_password (config))
    return &config->kbd_interactive_authentication;
  return &config->match_password;
}

gboolean
antam_sshd_config_allows_root_password (AntamSshdConfig *config)
{
  return g_str_equal (config->permit_root_login.value, "yes") && antam_sshd_config_allows_password (config);
}

/* ListenAddress 127.0.0.1 (and ::1, localhost): nobody else can reach it. */
gboolean
antam_sshd_config_loopback_only (AntamSshdConfig *config)
{
  if (config->listen_addresses->len == 0)
    return FALSE;
  for (guint i = 0; i < config->listen_addresses->len; i++)
    {
      const char *address = g_ptr_array_index (config->listen_addresses, i);

      if (!g_str_has_prefix (address, "127.") && !g_str_has_prefix (address, "[::1]") &&
          !g_str_equal (address, "::1") && !g_str_has_prefix (address, "localhost"))
        return FALSE;
    }
  return TRUE;
}
