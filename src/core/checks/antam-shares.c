/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-device-private.h"
#include "checks/antam-network-private.h"

/* What this computer shares with the network: Samba's shares (smb.conf,
 * and the "usershares" a user makes from the file manager's Sharing
 * Options), NFS exports, and printers shared by CUPS. */

#define SMB_CONF "/etc/samba/smb.conf"
#define USERSHARE_DIR "/var/lib/samba/usershares"
#define MAX_CONFIG_SIZE (1024 * 1024)
#define MAX_USERSHARES 1000

void
antam_share_free (AntamShare *share)
{
  if (share == NULL)
    return;
  g_free (share->name);
  g_free (share->path);
  g_free (share->file);
  g_free (share->clients);
  g_free (share);
}

static AntamShare *
share_new (AntamShareKind  kind,
           const char     *name,
           const char     *path,
           const char     *file)
{
  AntamShare *share = g_new0 (AntamShare, 1);

  share->kind = kind;
  share->name = g_strdup (name);
  share->path = g_strdup (path);
  share->file = g_strdup (file);
  return share;
}

static char *
read_text (AntamSysroot  *sysroot,
           const char    *path,
           GError       **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, path, MAX_CONFIG_SIZE, &contents, &length, error))
    return NULL;
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not text"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* Lines ending in a backslash go on on the next one, in smb.conf and in
 * exports alike. */
static GStrv
logical_lines (const char *text)
{
  g_auto(GStrv) raw = g_strsplit (text, "\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *part = g_strchomp (raw[i]);
      gsize len = strlen (part);

      if (len > 0 && part[len - 1] == '\\')
        {
          g_string_append_len (line, part, len - 1);
          continue;
        }
      g_string_append (line, part);
      g_strv_builder_add (builder, line->str);
      g_string_truncate (line, 0);
    }
  if (line->len > 0)
    g_strv_builder_add (builder, line->str);
  return g_strv_builder_end (builder);
}

/* smb.conf's names ignore case, spaces and underscores: "guest ok",
 * "Guest OK", "guestok" are one. */
static char *
smb_key (const char *text)
{
  GString *key = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != ' ' && *p != '\t' && *p != '_')
      g_string_append_c (key, g_ascii_tolower (*p));
  return g_string_free (key, FALSE);
}

static gboolean
smb_true (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "yes") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
                           g_str_equal (value, "1") || g_ascii_strcasecmp (value, "on") == 0);
}

typedef struct {
  char *name;
  GHashTable *values;   /* smb_key → value, the last one wins */
} SmbSection;

static void
smb_section_free (SmbSection *section)
{
  g_free (section->name);
  g_hash_table_unref (section->values);
  g_free (section);
}

static GPtrArray *
parse_smb_conf (const char *text)
{
  GPtrArray *sections = g_ptr_array_new_with_free_func ((GDestroyNotify) smb_section_free);
  g_auto(GStrv) lines = logical_lines (text);
  SmbSection *current = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals;

      if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
        continue;
      if (line[0] == '[')
        {
          char *end = strchr (line, ']');

          current = g_new0 (SmbSection, 1);
          current->name = g_strstrip (g_strndup (line + 1, end ? (gsize) (end - line - 1) : strlen (line + 1)));
          current->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_ptr_array_add (sections, current);
          continue;
        }
      equals = strchr (line, '=');
      if (equals == NULL || current == NULL)
        continue;
      *equals = '\0';
      g_hash_table_insert (current->values, smb_key (line), g_strdup (g_strstrip (equals + 1)));
    }
  return sections;
}

static const char *
smb_get (SmbSection *section,
         const char *key)
{
  return section ? g_hash_table_lookup (section->values, key) : NULL;
}

static gboolean
smb_writable (SmbSection *section)
{
  const char *read_only = smb_get (section, "readonly");
  const char *writable = smb_get (section, "writable");

  if (writable == NULL)
    writable = smb_get (section, "writeable");
  if (writable == NULL)
    writable = smb_get (section, "writeok");
  if (writable != NULL)
    return smb_true (writable);
  return read_only != NULL && !smb_true (read_only);
}

/* "S-1-1-0:F,": Everyone, full control.  Any F is writing; R reading. */
static void
read_usershare (AntamSysroot *sysroot,
                const char   *dir,
                const char   *name,
                gboolean      guests_allowed,
                GPtrArray    *shares)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = read_text (sysroot, path, NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *share_name = NULL;
  g_autofree char *folder = NULL;
  gboolean guest = FALSE, writable = FALSE;
  AntamShare *share;

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "path="))
        folder = g_strdup (line + 5);
      else if (g_str_has_prefix (line, "sharename="))
        share_name = g_strdup (line + 10);
      else if (g_str_has_prefix (line, "guest_ok="))
        guest = g_ascii_tolower (line[9]) == 'y';
      else if (g_str_has_prefix (line, "usershare_acl="))
        writable = strstr (line, ":F") != NULL || strstr (line, ":f") != NULL;
    }
  share = share_new (ANTAM_SHARE_SAMBA_USERSHARE, share_name ? share_name : name, folder, path);
  share->guest = guest && guests_allowed;
  share->writable = writable;
  g_ptr_array_add (shares, share);
}

/**
 * antam_samba_read_shares:
 * @usershares_error: (out) (optional): why the usershares could not be
 *   listed; the shares of smb.conf are returned all the same
 *
 * The folders Samba shares: the sections of smb.conf (not its settings,
 * nor the printers), and the usershares.
 *
 * Returns: (transfer full) (element-type AntamShare): the shares
 */
GPtrArray *
antam_samba_read_shares (AntamSysroot  *sysroot,
                         GError       **usershares_error,
                         GError       **error)
{
  g_autoptr(GPtrArray) shares = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_share_free);
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = read_text (sysroot, SMB_CONF, &local_error);
  SmbSection *global = NULL;
  const char *usershare_dir = USERSHARE_DIR;
  gboolean guests_allowed = TRUE;

  if (text == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  sections = parse_smb_conf (text);
  for (guint i = 0; i < sections->len; i++)
    {
      SmbSection *section = g_ptr_array_index (sections, i);

      if (g_ascii_strcasecmp (section->name, "global") == 0)
        global = section;
    }
  if (smb_get (global, "usersharepath") != NULL)
    usershare_dir = smb_get (global, "usersharepath");
  if (smb_get (global, "usershareallowguests") != NULL)
    guests_allowed = smb_true (smb_get (global, "usershareallowguests"));

  for (guint i = 0; i < sections->len; i++)
    {
      SmbSection *section = g_ptr_array_index (sections, i);
      const char *available = smb_get (section, "available");
      const char *guest = smb_get (section, "guestok");
      AntamShare *share;

      if (section == global || g_ascii_strcasecmp (section->name, "printers") == 0 ||
          g_ascii_strcasecmp (section->name, "print$") == 0 || smb_true (smb_get (section, "printable")) ||
          (available != NULL && !smb_true (available)))
        continue;
      share = share_new (ANTAM_SHARE_SAMBA, section->name, smb_get (section, "path"), SMB_CONF);
      if (guest == NULL)
        guest = smb_get (section, "public");
      share->guest = smb_true (guest) || smb_true (smb_get (section, "guestonly"));
      share->writable = smb_writable (section);
      /* [homes] shares every user's home folder, each to its owner. */
      if (g_ascii_strcasecmp (section->name, "homes") == 0 && share->path == NULL)
        share->path = g_strdup ("~");
      g_ptr_array_add (shares, share);
    }

  names = antam_sysroot_list_dir (sysroot, usershare_dir, &local_error);
  /* The sandbox does not share that folder: missing there proves nothing. */
  if (names == NULL && antam_sysroot_is_sandboxed (sysroot))
    g_set_error_literal (usershares_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                         _("From inside its Flatpak sandbox, An Tâm cannot see the folders shared from "
                           "the file manager"));
  else if (names == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    /* The folder is its group's (sambashare): someone outside it cannot list. */
    g_set_error (usershares_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("The folders shared from the file manager could not be listed: %s"),
                 local_error->message);
  for (guint i = 0; names != NULL && i < names->len && i < MAX_USERSHARES; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (name[0] != '.')
        read_usershare (sysroot, usershare_dir, name, guests_allowed, shares);
    }
  return g_steal_pointer (&shares);
}

/* "/srv/data 192.168.1.0/24(rw,sync) *(ro)": the folder (maybe quoted),
 * then who may mount it; a folder alone is for everyone. */
static void
parse_exports (const char *text,
               const char *file,
               GPtrArray  *shares)
{
  g_auto(GStrv) lines = logical_lines (text);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autofree char *folder = NULL;
      g_auto(GStrv) clients = NULL;
      g_autoptr(GStrvBuilder) hosts = g_strv_builder_new ();
      g_auto(GStrv) host_list = NULL;
      const char *rest;
      gboolean everyone = FALSE, writable = FALSE;
      guint n_clients = 0;
      AntamShare *share;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (line[0] == '"')
        {
          const char *end = strchr (line + 1, '"');
          if (end == NULL)
            continue;
          folder = g_strndup (line + 1, end - line - 1);
          rest = end + 1;
        }
      else
        {
          gsize len = strcspn (line, " \t");
          folder = g_strndup (line, len);
          rest = line + len;
        }

      clients = g_strsplit_set (rest, " \t", -1);
      for (guint c = 0; clients[c] != NULL; c++)
        {
          const char *client = clients[c];
          const char *paren = strchr (client, '(');
          g_autofree char *host = paren ? g_strndup (client, paren - client) : g_strdup (client);

          if (client[0] == '\0' || client[0] == '-')
            continue;
          n_clients++;
          if (paren != NULL)
            {
              g_autofree char *options = g_strndup (paren + 1, strcspn (paren + 1, ")"));
              g_auto(GStrv) list = g_strsplit (options, ",", -1);

              writable |= g_strv_contains ((const char * const *) list, "rw");
            }
          if (host[0] == '\0' || g_str_equal (host, "*"))
            everyone = TRUE;
          else
            g_strv_builder_add (hosts, host);
        }
      if (n_clients == 0)
        everyone = TRUE;

      share = share_new (ANTAM_SHARE_NFS, folder, folder, file);
      share->writable = writable;
      share->guest = everyone;
      host_list = g_strv_builder_end (hosts);
      if (!everyone && host_list[0] != NULL)
        share->clients = g_strjoinv (", ", host_list);
      g_ptr_array_add (shares, share);
    }
}

/**
 * antam_nfs_read_exports:
 *
 * Returns: (transfer full) (element-type AntamShare): /etc/exports and
 *   /etc/exports.d/\*.exports, one share a folder exported
 */
GPtrArray *
antam_nfs_read_exports (AntamSysroot  *sysroot,
                        GError       **error)
{
  g_autoptr(GPtrArray) shares = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_share_free);
  g_autoptr(GPtrArray) drop_ins = antam_list_conf_dir (sysroot, "/etc/exports.d", ".exports");
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = read_text (sysroot, "/etc/exports", &local_error);
  gboolean found = text != NULL;

  if (text == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (text != NULL)
    parse_exports (text, "/etc/exports", shares);

  for (guint i = 0; i < drop_ins->len; i++)
    {
      const char *path = g_ptr_array_index (drop_ins, i);
      g_autofree char *more = read_text (sysroot, path, error);

      if (more == NULL)
        return NULL;
      parse_exports (more, path, shares);
      found = TRUE;
    }

  if (!found)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&shares);
}

static gboolean
is_local_listen (const char *value)
{
  return value[0] == '/' || g_str_has_prefix (value, "localhost") || g_str_has_prefix (value, "127.") ||
         g_str_has_prefix (value, "[::1]");
}

/**
 * antam_cups_read_shared:
 * @listens_beyond_loopback: (out): whether cupsd.conf lets other
 *   computers reach the printing service: "Port 631" or a Listen on an
 *   address of the network, which is what "share printers" sets
 *
 * Returns: (transfer full) (element-type AntamShare): the printers marked
 *   shared, when printers.conf can be read (it is often the
 *   administrator's alone); an empty array otherwise
 */
GPtrArray *
antam_cups_read_shared (AntamSysroot  *sysroot,
                        gboolean      *listens_beyond_loopback,
                        GError       **error)
{
  g_autoptr(GPtrArray) shares = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_share_free);
  g_autofree char *conf = read_text (sysroot, "/etc/cups/cupsd.conf", error);
  g_autofree char *printers = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *current = NULL;

  *listens_beyond_loopback = FALSE;
  if (conf == NULL)
    return NULL;

  lines = g_strsplit (conf, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_auto(GStrv) words = g_strsplit_set (line, " \t", 2);

      if (words[0] == NULL || words[1] == NULL)
        continue;
      if (g_ascii_strcasecmp (words[0], "Port") == 0 ||
          (g_ascii_strcasecmp (words[0], "Listen") == 0 && !is_local_listen (g_strstrip (words[1]))))
        *listens_beyond_loopback = TRUE;
    }

  printers = read_text (sysroot, "/etc/cups/printers.conf", NULL);
  if (printers == NULL)
    return g_steal_pointer (&shares);
  g_strfreev (lines);
  lines = g_strsplit (printers, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "<Printer ") || g_str_has_prefix (line, "<DefaultPrinter "))
        {
          g_free (current);
          current = g_strndup (strchr (line, ' ') + 1, strcspn (strchr (line, ' ') + 1, ">"));
        }
      else if (current != NULL && g_ascii_strcasecmp (line, "Shared Yes") == 0)
        g_ptr_array_add (shares, share_new (ANTAM_SHARE_PRINTER, current, NULL, "/etc/cups/printers.conf"));
    }
  return g_steal_pointer (&shares);
}
