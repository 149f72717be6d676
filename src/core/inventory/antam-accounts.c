/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-inventory.h"

/* The accounts of the view: /etc/passwd and /etc/group, read as files so
 * that a disk that is not running tells the same (NSS would ask the
 * running machine, and a directory service). */

#define MAX_ACCOUNTS_FILE_SIZE (16 * 1024 * 1024)
/* login.defs' defaults, which Debian and Fedora keep. */
#define DEFAULT_UID_MIN 1000
#define DEFAULT_UID_MAX 60000

void
antam_account_free (AntamAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->name);
  g_free (account->home);
  g_free (account->shell);
  g_strfreev (account->members);
  g_free (account);
}

static gboolean
parse_id (const char *text,
          guint      *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return FALSE;
  *id = (guint) value;
  return TRUE;
}

/**
 * antam_accounts_parse:
 * @text: /etc/passwd ("name:x:uid:gid:gecos:home:shell") or /etc/group
 *   ("name:x:gid:member,member")
 * @groups: which of the two
 *
 * Lines that are not understood are skipped: a NIS "+" line, a comment.
 *
 * Returns: (transfer full) (element-type AntamAccount): the entries
 */
GPtrArray *
antam_accounts_parse (const char *text,
                      gboolean    groups)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_account_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", -1);
      guint n = g_strv_length (fields);
      AntamAccount *account;
      guint id, gid = 0;

      if (n < (groups ? 4u : 7u) || fields[0][0] == '\0' || fields[0][0] == '#' ||
          fields[0][0] == '+' || fields[0][0] == '-' || !parse_id (fields[2], &id) ||
          (!groups && !parse_id (fields[3], &gid)))
        continue;
      account = g_new0 (AntamAccount, 1);
      account->name = g_utf8_make_valid (fields[0], -1);
      account->uid = id;
      account->gid = groups ? id : gid;
      if (groups)
        account->members = fields[3][0] ? g_strsplit (g_strstrip (fields[3]), ",", -1) : g_new0 (char *, 1);
      else
        {
          account->home = g_strdup (fields[5]);
          account->shell = g_strdup (g_strstrip (fields[6]));
        }
      g_ptr_array_add (accounts, account);
    }
  return accounts;
}

static GPtrArray *
read_file (AntamSysroot  *sysroot,
           const char    *path,
           gboolean       groups,
           GError       **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, path, MAX_ACCOUNTS_FILE_SIZE, &contents, &length, error))
    return NULL;
  if (memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not text"), path);
      return NULL;
    }
  return antam_accounts_parse (contents, groups);
}

GPtrArray *
antam_inventory_read_accounts (AntamSysroot  *sysroot,
                               GError       **error)
{
  return read_file (sysroot, "/etc/passwd", FALSE, error);
}

GPtrArray *
antam_inventory_read_groups (AntamSysroot  *sysroot,
                             GError       **error)
{
  return read_file (sysroot, "/etc/group", TRUE, error);
}

/**
 * antam_accounts_login_range:
 *
 * The uids given to people, from login.defs' UID_MIN and UID_MAX: the
 * others are the system's own accounts.
 */
void
antam_accounts_login_range (AntamSysroot *sysroot,
                            guint        *uid_min,
                            guint        *uid_max)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  *uid_min = DEFAULT_UID_MIN;
  *uid_max = DEFAULT_UID_MAX;
  if (!antam_sysroot_read_file (sysroot, "/etc/login.defs", 1024 * 1024, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = 0, value;

      while (words[n] != NULL)
        n++;
      if (n < 2 || !parse_id (words[n - 1], &value))
        continue;
      if (g_str_equal (words[0], "UID_MIN"))
        *uid_min = value;
      else if (g_str_equal (words[0], "UID_MAX"))
        *uid_max = value;
    }
}

/**
 * antam_account_can_log_in:
 *
 * Whether a person could log in with it: a uid in the range given to
 * people, and a shell that is not one of those that refuse (an empty
 * shell is /bin/sh).
 */
gboolean
antam_account_can_log_in (const AntamAccount *account,
                          guint               uid_min,
                          guint               uid_max)
{
  static const char * const refusing[] = { "nologin", "false", "sync", "shutdown", "halt", NULL };
  g_autofree char *base = NULL;

  if (account->uid < uid_min || account->uid > uid_max)
    return FALSE;
  if (account->shell == NULL || account->shell[0] == '\0')
    return TRUE;
  base = g_path_get_basename (account->shell);
  return !g_strv_contains (refusing, base);
}

const AntamAccount *
antam_accounts_find_uid (GPtrArray *accounts,
                         guint      uid)
{
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      const AntamAccount *account = g_ptr_array_index (accounts, i);

      if (account->uid == uid)
        return account;
    }
  return NULL;
}
