/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-inventory.h"

/* Real desktop files are a few kilobytes; anything bigger is not one. */
#define MAX_DESKTOP_FILE_SIZE (1024 * 1024)
/* mimeapps.list grows with every association the user ever made. */
#define MAX_MIMEAPPS_SIZE (4 * 1024 * 1024)

#define DESKTOP_GROUP "Desktop Entry"

typedef struct {
  const char *dir;     /* logical, or NULL when built from a home dir below */
  const char *scope;
} AppDir;

static char *
get_optional_string (GKeyFile   *keyfile,
                     const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value = g_key_file_get_string (keyfile, DESKTOP_GROUP, key, &error);

  /* A value that is not UTF-8 is as good as missing: it cannot be shown. */
  return error == NULL ? value : NULL;
}

static gboolean
get_flag (GKeyFile   *keyfile,
          const char *key)
{
  g_autoptr(GError) error = NULL;
  gboolean value = g_key_file_get_boolean (keyfile, DESKTOP_GROUP, key, &error);

  return error == NULL && value;
}

static char **
split_list (const char *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  if (value == NULL)
    return g_strv_builder_end (builder);

  parts = g_strsplit (value, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (part[0] != '\0')
        g_strv_builder_add (builder, part);
    }
  return g_strv_builder_end (builder);
}

static AntamDesktopEntry *
parse_entry (const char  *text,
             gsize        length,
             gboolean     autostart,
             GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(AntamDesktopEntry) entry = NULL;
  g_autofree char *mime = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length > MAX_DESKTOP_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("This is too large to be a desktop entry (%s)"), size);
      return NULL;
    }

  if (!g_key_file_load_from_data (keyfile, text ? text : "", length, G_KEY_FILE_NONE, error))
    return NULL;

  if (!g_key_file_has_group (keyfile, DESKTOP_GROUP))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This is not a desktop entry: it has no [Desktop Entry] section"));
      return NULL;
    }

  entry = g_new0 (AntamDesktopEntry, 1);
  /* Unlocalized on purpose: rules match the vendor's own name. */
  entry->name = get_optional_string (keyfile, "Name");
  entry->exec = get_optional_string (keyfile, "Exec");
  mime = get_optional_string (keyfile, "MimeType");
  entry->mime_types = split_list (mime);

  if (autostart)
    {
      /* Session managers ignore NoDisplay when autostarting: an entry hidden
       * from menus still runs at login, so it must not be called disabled. */
      entry->hidden = get_flag (keyfile, "Hidden");
      if (g_key_file_has_key (keyfile, DESKTOP_GROUP, "X-GNOME-Autostart-enabled", NULL))
        {
          g_autoptr(GError) local_error = NULL;
          gboolean enabled = g_key_file_get_boolean (keyfile, DESKTOP_GROUP,
                                                     "X-GNOME-Autostart-enabled", &local_error);

          if (local_error == NULL && !enabled)
            entry->hidden = TRUE;
        }
    }
  else
    entry->hidden = get_flag (keyfile, "Hidden") || get_flag (keyfile, "NoDisplay");

  return g_steal_pointer (&entry);
}

/**
 * antam_desktop_entry_parse:
 * @text: the contents of a .desktop file
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL with @error when
 *   @text is not a desktop entry; @name and @exec may be %NULL (a file that
 *   only says Hidden=true has neither)
 */
AntamDesktopEntry *
antam_desktop_entry_parse (const char  *text,
                           gsize        length,
                           GError     **error)
{
  return parse_entry (text, length, FALSE, error);
}

static AntamDesktopEntry *
read_entry (AntamSysroot *sysroot,
            const char   *location,
            const char   *id,
            const char   *scope,
            gboolean      autostart)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  AntamDesktopEntry *entry;

  /* read_file resolves symlinks inside the root: Flatpak exports are links
   * into the app's deploy dir. */
  if (!antam_sysroot_read_file (sysroot, location, MAX_DESKTOP_FILE_SIZE,
                                &contents, &length, &error))
    {
      g_debug ("Skipping %s: %s", location, error->message);
      return NULL;
    }

  entry = parse_entry (contents, length, autostart, &error);
  if (entry == NULL)
    {
      g_debug ("Skipping %s: %s", location, error->message);
      return NULL;
    }

  entry->id = g_strdup (id);
  entry->location = g_strdup (location);
  entry->scope = g_strdup (scope);
  return entry;
}

static gboolean
is_desktop_name (const char *name)
{
  /* A desktop file id must be valid UTF-8; anything else cannot be shown
   * or matched.  Dot files count: desktops read them, so may malware. */
  return g_str_has_suffix (name, ".desktop") &&
         strlen (name) > strlen (".desktop") &&
         g_utf8_validate (name, -1, NULL);
}

/* The desktop file id of DIR/sub/foo.desktop is "sub-foo.desktop" (Desktop
 * Entry spec); one level of subfolders is all that is used in practice. */
static void
read_app_dir (AntamSysroot *sysroot,
              const char   *dir,
              const char   *scope,
              GPtrArray    *entries)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, dir, NULL);

  if (names == NULL)
    return;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (is_desktop_name (name))
        {
          AntamDesktopEntry *entry = read_entry (sysroot, path, name, scope, FALSE);

          if (entry != NULL)
            g_ptr_array_add (entries, entry);
        }
      else if (g_utf8_validate (name, -1, NULL))
        {
          /* Subfolders such as kde4/ or wine/; on a file (mimeinfo.cache)
           * listing simply fails. */
          g_autoptr(GPtrArray) sub_names = antam_sysroot_list_dir (sysroot, path, NULL);

          for (guint j = 0; sub_names != NULL && j < sub_names->len; j++)
            {
              const char *sub_name = g_ptr_array_index (sub_names, j);
              g_autofree char *sub_path = NULL;
              g_autofree char *id = NULL;
              AntamDesktopEntry *entry;

              if (!is_desktop_name (sub_name))
                continue;
              sub_path = g_build_filename (path, sub_name, NULL);
              id = g_strconcat (name, "-", sub_name, NULL);
              entry = read_entry (sysroot, sub_path, id, scope, FALSE);
              if (entry != NULL)
                g_ptr_array_add (entries, entry);
            }
        }
    }
}

/**
 * antam_inventory_read_desktop_entries:
 *
 * Every desktop entry of the application dirs, in XDG_DATA_DIRS order
 * (user, Flatpak user, Flatpak system, /usr/local, /usr).  An id found in
 * several dirs is listed once per file: the removal step needs each of them.
 *
 * Returns: (transfer full) (element-type AntamDesktopEntry): the entries
 */
GPtrArray *
antam_inventory_read_desktop_entries (AntamSysroot  *sysroot,
                                      GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  const char *data_home;
  g_autofree char *user_dir = NULL;
  g_autofree char *flatpak_user_dir = NULL;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  data_home = antam_sysroot_get_data_home (sysroot);
  user_dir = g_build_filename (data_home, "applications", NULL);
  flatpak_user_dir = g_build_filename (data_home, "flatpak", "exports", "share",
                                       "applications", NULL);

  {
    const AppDir dirs[] = {
      { user_dir, "user" },
      { flatpak_user_dir, "flatpak-user" },
      { "/var/lib/flatpak/exports/share/applications", "flatpak-system" },
      { "/usr/local/share/applications", "local" },
      { "/usr/share/applications", "system" },
    };

    entries = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_desktop_entry_free);
    for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
      read_app_dir (sysroot, dirs[i].dir, dirs[i].scope, entries);
  }

  return g_steal_pointer (&entries);
}

/**
 * antam_inventory_read_autostart:
 *
 * The autostart entries, the user's first.  A user file replaces the system
 * file of the same name (XDG Autostart spec), so the system one is then
 * marked hidden: it no longer starts anything, though it is still listed for
 * the removal step.
 *
 * Returns: (transfer full) (element-type AntamDesktopEntry): the entries
 */
GPtrArray *
antam_inventory_read_autostart (AntamSysroot  *sysroot,
                                GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *user_dir = NULL;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  user_dir = g_build_filename (antam_sysroot_get_config_home (sysroot), "autostart", NULL);

  {
    const AppDir dirs[] = {
      { user_dir, "autostart-user" },
      { "/etc/xdg/autostart", "autostart-system" },
    };

    entries = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_desktop_entry_free);
    for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
      {
        g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, dirs[d].dir, NULL);
        guint first = entries->len;

        for (guint i = 0; names != NULL && i < names->len; i++)
          {
            const char *name = g_ptr_array_index (names, i);
            g_autofree char *path = NULL;
            AntamDesktopEntry *entry;

            if (!is_desktop_name (name))
              continue;
            path = g_build_filename (dirs[d].dir, name, NULL);
            entry = read_entry (sysroot, path, name, dirs[d].scope, TRUE);
            if (entry == NULL)
              continue;
            if (g_hash_table_contains (seen, entry->id))
              entry->hidden = TRUE;
            g_ptr_array_add (entries, entry);
          }

        /* Only after the whole dir: ids within one dir are unique anyway. */
        for (guint i = first; i < entries->len; i++)
          {
            AntamDesktopEntry *entry = g_ptr_array_index (entries, i);
            g_hash_table_add (seen, entry->id);
          }
      }
  }

  return g_steal_pointer (&entries);
}

static GKeyFile *
load_mimeapps (AntamSysroot *sysroot,
               const char   *path)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, path, MAX_MIMEAPPS_SIZE, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Skipping %s: %s", path, error->message);
      return NULL;
    }

  if (!g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &error))
    {
      g_debug ("Skipping %s: %s", path, error->message);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

static void
collect_group (GKeyFile   *keyfile,
               const char *group,
               GHashTable *handlers)
{
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      g_auto(GStrv) ids = NULL;
      char *mime;

      /* Localized keys make no sense here; a value that is not UTF-8 is
       * not a desktop id. */
      if (strchr (keys[i], '[') != NULL)
        continue;
      value = g_key_file_get_string (keyfile, group, keys[i], NULL);
      if (value == NULL)
        continue;
      ids = split_list (value);
      if (ids[0] == NULL)
        continue;

      /* Mime types compare case-insensitively; lookups use lower case. */
      mime = g_ascii_strdown (g_strstrip (keys[i]), -1);
      if (g_hash_table_contains (handlers, mime))
        {
          g_free (mime);
          continue;
        }
      g_hash_table_insert (handlers, mime, g_strdup (ids[0]));
    }
}

/**
 * antam_inventory_read_default_handlers:
 *
 * The default application of each mime type, as the mimeapps.list files
 * say in XDG order (first wins).  [Added Associations] only count for a
 * type that no file gives a default for.  The first listed id is taken even
 * when its desktop file is gone: such a leftover still routes links.
 *
 * Returns: (transfer full): mime type -> desktop id, never %NULL
 */
GHashTable *
antam_inventory_read_default_handlers (AntamSysroot  *sysroot,
                                       GError       **error)
{
  g_autoptr(GHashTable) handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) keyfiles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_key_file_unref);
  g_autofree char *data_apps = NULL;
  const char *config_home;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  config_home = antam_sysroot_get_config_home (sysroot);
  data_apps = g_build_filename (antam_sysroot_get_data_home (sysroot), "applications", NULL);

  {
    const char *dirs[] = {
      config_home,
      "/etc/xdg",
      data_apps,
      "/usr/local/share/applications",
      "/usr/share/applications",
    };

    for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
      {
        /* The desktop-specific file comes before the plain one. */
        const char *files[] = { "gnome-mimeapps.list", "mimeapps.list" };

        for (guint f = 0; f < G_N_ELEMENTS (files); f++)
          {
            g_autofree char *path = g_build_filename (dirs[d], files[f], NULL);
            GKeyFile *keyfile = load_mimeapps (sysroot, path);

            if (keyfile != NULL)
              g_ptr_array_add (keyfiles, keyfile);
          }
      }
  }

  for (guint i = 0; i < keyfiles->len; i++)
    collect_group (g_ptr_array_index (keyfiles, i), "Default Applications", handlers);
  for (guint i = 0; i < keyfiles->len; i++)
    collect_group (g_ptr_array_index (keyfiles, i), "Added Associations", handlers);

  return g_steal_pointer (&handlers);
}
