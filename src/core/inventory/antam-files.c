/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "inventory/antam-inventory.h"

/* ~/Applications/Zoom/zoom.AppImage is as deep as people file them. */
#define APPIMAGE_MAX_DEPTH 2
/* A home dir used as the download dir can be huge; a scan must not crawl. */
#define APPIMAGE_MAX_ENTRIES 20000

static gboolean
is_appimage_name (const char *name)
{
  gsize len = strlen (name);
  gsize suffix = strlen (".appimage");

  return len > suffix && g_ascii_strcasecmp (name + len - suffix, ".appimage") == 0;
}

static int
compare_locations (gconstpointer a,
                   gconstpointer b)
{
  const AntamFileEntry *fa = *(const AntamFileEntry * const *) a;
  const AntamFileEntry *fb = *(const AntamFileEntry * const *) b;

  return strcmp (fa->location, fb->location);
}

static AntamFileEntry *
file_entry_new (const char *location,
                const char *kind,
                gboolean    is_dir,
                gint64      size)
{
  AntamFileEntry *entry = g_new0 (AntamFileEntry, 1);

  entry->location = g_strdup (location);
  entry->kind = g_strdup (kind);
  entry->is_dir = is_dir;
  entry->size = size;
  return entry;
}

static void
read_opt (AntamSysroot *sysroot,
          GPtrArray    *files)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, "/opt", NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *location = g_build_filename ("/opt", name, NULL);
      g_autofree char *host = NULL;
      struct stat st;

      /* /opt/zoom may be a link to a bigger disk; it is still Zoom. */
      host = antam_sysroot_resolve (sysroot, location, NULL);
      if (host == NULL || stat (host, &st) != 0)
        {
          g_ptr_array_add (files, file_entry_new (location, "opt", FALSE, 0));
          continue;
        }
      g_ptr_array_add (files, file_entry_new (location, "opt", S_ISDIR (st.st_mode),
                                              S_ISREG (st.st_mode) ? (gint64) st.st_size : 0));
    }
}

/* Walks with lstat and never enters a linked dir: a link back up would
 * make a loop, and one out of the home would list someone else's files. */
static void
walk_appimages (const char *host_dir,
                const char *logical_dir,
                guint       depth,
                guint      *budget,
                GHashTable *seen,
                GPtrArray  *files)
{
  DIR *dir = opendir (host_dir);
  struct dirent *dent;

  if (dir == NULL)
    return;

  while ((dent = readdir (dir)) != NULL && *budget > 0)
    {
      const char *name = dent->d_name;
      g_autofree char *host = NULL;
      g_autofree char *logical = NULL;
      struct stat st;

      if (g_str_equal (name, ".") || g_str_equal (name, ".."))
        continue;
      (*budget)--;
      /* A Downloads folder holds thousands of documents: d_type spares each
       * of them a stat. */
      if (dent->d_type == DT_REG && !is_appimage_name (name))
        continue;
      if (dent->d_type != DT_REG && dent->d_type != DT_DIR && dent->d_type != DT_UNKNOWN)
        continue;

      host = g_build_filename (host_dir, name, NULL);
      if (lstat (host, &st) != 0)
        continue;
      logical = g_build_filename (logical_dir, name, NULL);

      if (S_ISDIR (st.st_mode))
        {
          if (depth < APPIMAGE_MAX_DEPTH)
            walk_appimages (host, logical, depth + 1, budget, seen, files);
        }
      else if (S_ISREG (st.st_mode) && is_appimage_name (name) &&
               !g_hash_table_contains (seen, logical))
        {
          g_hash_table_add (seen, g_strdup (logical));
          g_ptr_array_add (files, file_entry_new (logical, "appimage", FALSE,
                                                  (gint64) st.st_size));
        }
    }
  closedir (dir);
}

/**
 * antam_inventory_read_files:
 *
 * The entries of /opt (kind "opt"), then the AppImages (kind "appimage")
 * in ~/Applications, ~/.local/bin and the desktop dir, one level of
 * subfolders deep, sorted by location.  Those in the download dir are
 * found by the downloads reader, which lists it anyway: a download dir can
 * hold thousands of files, and listing it twice cost more than all the
 * rest of this reader (see antam_inventory_list_appimages()).
 *
 * Returns: (transfer full) (element-type AntamFileEntry): the entries
 */
GPtrArray *
antam_inventory_read_files (AntamSysroot  *sysroot,
                            GError       **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) appimages = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *applications = NULL;
  g_autofree char *local_bin = NULL;
  guint budget = APPIMAGE_MAX_ENTRIES;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  files = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_file_entry_free);
  read_opt (sysroot, files);

  applications = antam_sysroot_home_path (sysroot, "Applications");
  local_bin = antam_sysroot_home_path (sysroot, ".local/bin");

  {
    const char *dirs[] = {
      applications,
      local_bin,
      antam_sysroot_get_user_dir (sysroot, ANTAM_USER_DIR_DESKTOP),
    };
    const char *download_dir = antam_sysroot_get_user_dir (sysroot, ANTAM_USER_DIR_DOWNLOAD);

    appimages = g_ptr_array_new ();
    for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
      {
        g_autofree char *host = NULL;

        /* Where the desktop is the download dir ($HOME for both, as
         * some set it), the downloads reader has it. */
        if (g_str_equal (dirs[i], download_dir))
          continue;
        host = antam_sysroot_resolve (sysroot, dirs[i], NULL);
        if (host != NULL)
          walk_appimages (host, dirs[i], 1, &budget, seen, appimages);
      }
  }

  g_ptr_array_sort (appimages, compare_locations);
  for (guint i = 0; i < appimages->len; i++)
    g_ptr_array_add (files, g_ptr_array_index (appimages, i));

  return g_steal_pointer (&files);
}

static gboolean
has_appimage (GPtrArray  *appimages,
              guint       n_first,
              const char *location)
{
  for (guint i = 0; i < n_first; i++)
    if (g_str_equal (((AntamFileEntry *) g_ptr_array_index (appimages, i))->location, location))
      return TRUE;
  return FALSE;
}

/**
 * antam_inventory_list_appimages:
 * @files: (nullable) (element-type AntamFileEntry): what
 *   antam_inventory_read_files() found
 * @downloads: (nullable) (element-type AntamDownload): what
 *   antam_inventory_read_downloads() found
 *
 * Every AppImage the two readers found: those of @files, and the
 * downloads whose name says AppImage, sorted by location.
 *
 * Returns: (transfer full) (element-type AntamFileEntry): the AppImages,
 *   kind "appimage"
 */
GPtrArray *
antam_inventory_list_appimages (GPtrArray *files,
                                GPtrArray *downloads)
{
  GPtrArray *appimages = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_file_entry_free);
  guint n_files;

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      AntamFileEntry *file = g_ptr_array_index (files, i);

      if (g_str_equal (file->kind, "appimage"))
        g_ptr_array_add (appimages, file_entry_new (file->location, file->kind, file->is_dir, file->size));
    }

  /* A handful of AppImages: a list is search enough. */
  n_files = appimages->len;
  for (guint i = 0; downloads != NULL && i < downloads->len; i++)
    {
      AntamDownload *download = g_ptr_array_index (downloads, i);
      g_autofree char *name = g_path_get_basename (download->location);

      if (!is_appimage_name (name))
        continue;
      /* The download dir may hold the others ($HOME as the download dir). */
      if (has_appimage (appimages, n_files, download->location))
        continue;
      g_ptr_array_add (appimages, file_entry_new (download->location, "appimage", FALSE, download->size));
    }

  g_ptr_array_sort (appimages, compare_locations);
  return appimages;
}
