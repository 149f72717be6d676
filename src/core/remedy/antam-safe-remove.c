/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remedy/antam-safe-remove.h"

/* Deeper than any real install; stops a crafted tree from exhausting the
 * stack or the file descriptors. */
#define MAX_DEPTH 128

/**
 * antam_safe_path_is_clean:
 *
 * Whether @abs_path is absolute and plain: no "." or ".." component, no
 * empty component, no trailing slash, no control character, not "/".
 * Paths that are not plain are refused rather than normalised, so that
 * what is checked is exactly what is removed.
 */
gboolean
antam_safe_path_is_clean (const char *abs_path)
{
  g_auto(GStrv) parts = NULL;

  if (abs_path == NULL || abs_path[0] != '/' || abs_path[1] == '\0')
    return FALSE;
  if (strlen (abs_path) >= 4096)
    return FALSE;
  for (const char *p = abs_path; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  parts = g_strsplit (abs_path + 1, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *abs_path)
{
  g_autofree char *display = g_filename_display_name (abs_path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not remove “%s”: %s"), display, g_strerror (saved_errno));
}

static void
set_symlink_error (GError     **error,
                   const char  *abs_path)
{
  g_autofree char *display = g_filename_display_name (abs_path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
               _("“%s” is or passes through a symbolic link; it was not followed and nothing was removed"),
               display);
}

static gboolean
has_path_prefix (const char *path,
                 const char *prefix)
{
  gsize len = strlen (prefix);

  return strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* Removes the directory NAME in DIR_FD and everything below it.  Entries
 * are never followed: links are unlinked, subdirectories opened with
 * O_NOFOLLOW, and another file system mounted inside is left alone. */
static gboolean
remove_tree_at (int          dir_fd,
                const char  *name,
                dev_t        device,
                guint        depth,
                const char  *display_path,
                GError     **error)
{
  DIR *dir;
  struct dirent *entry;
  struct stat st;
  int fd;

  if (depth > MAX_DEPTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” is nested too deeply to remove safely"), display_path);
      return FALSE;
    }

  fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno == ELOOP || errno == ENOTDIR)
        set_symlink_error (error, display_path);
      else
        set_errno_error (error, errno, display_path);
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || st.st_dev != device)
    {
      g_autofree char *display = g_filename_display_name (display_path);
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” contains another file system; it was left in place"), display);
      return FALSE;
    }

  dir = fdopendir (fd);
  if (dir == NULL)
    {
      int saved = errno;
      close (fd);
      set_errno_error (error, saved, display_path);
      return FALSE;
    }

  while ((errno = 0, entry = readdir (dir)) != NULL)
    {
      const char *child = entry->d_name;
      struct stat child_st;

      if (g_str_equal (child, ".") || g_str_equal (child, ".."))
        continue;
      if (fstatat (dirfd (dir), child, &child_st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          if (errno == ENOENT)
            continue;
          set_errno_error (error, errno, display_path);
          closedir (dir);
          return FALSE;
        }

      if (S_ISDIR (child_st.st_mode))
        {
          g_autofree char *child_display = g_build_filename (display_path, child, NULL);

          if (!remove_tree_at (dirfd (dir), child, device, depth + 1, child_display, error))
            {
              closedir (dir);
              return FALSE;
            }
        }
      else if (unlinkat (dirfd (dir), child, 0) != 0 && errno != ENOENT)
        {
          g_autofree char *child_display = g_build_filename (display_path, child, NULL);
          set_errno_error (error, errno, child_display);
          closedir (dir);
          return FALSE;
        }
    }
  closedir (dir);

  if (unlinkat (dir_fd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
    {
      set_errno_error (error, errno, display_path);
      return FALSE;
    }
  return TRUE;
}

/**
 * antam_safe_remove:
 * @root: the directory that stands for "/" (itself trusted, "/" when live)
 * @abs_path: a plain absolute path, see antam_safe_path_is_clean()
 * @link_prefixes: (nullable): when @abs_path itself is a symbolic link, it
 *   is unlinked (never followed) only if it points into one of these paths,
 *   the way /usr/bin/zoom points into /opt/zoom
 *
 * Removes @abs_path under @root and, for a directory, all it contains.  No
 * component of the path may be a symbolic link.
 *
 * Returns: %FALSE with %G_IO_ERROR_NOT_FOUND when it is already gone,
 *   %G_IO_ERROR_TOO_MANY_LINKS for a symbolic link,
 *   %G_IO_ERROR_INVALID_ARGUMENT for a path that is not plain
 */
gboolean
antam_safe_remove (const char          *root,
                   const char          *abs_path,
                   const char * const  *link_prefixes,
                   GError             **error)
{
  g_auto(GStrv) parts = NULL;
  struct stat st;
  guint n;
  int dir_fd;
  gboolean ok;

  g_return_val_if_fail (root != NULL, FALSE);

  if (!antam_safe_path_is_clean (abs_path))
    {
      g_autofree char *display = g_filename_display_name (abs_path ? abs_path : "");
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a plain absolute path; it was refused"), display);
      return FALSE;
    }

  dir_fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    {
      set_errno_error (error, errno, abs_path);
      return FALSE;
    }

  parts = g_strsplit (abs_path + 1, "/", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i + 1 < n; i++)
    {
      int next = openat (dir_fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

      if (next < 0)
        {
          int saved = errno;
          close (dir_fd);
          if (saved == ELOOP || saved == ENOTDIR)
            set_symlink_error (error, abs_path);
          else
            set_errno_error (error, saved, abs_path);
          return FALSE;
        }
      close (dir_fd);
      dir_fd = next;
    }

  if (fstatat (dir_fd, parts[n - 1], &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      int saved = errno;
      close (dir_fd);
      set_errno_error (error, saved, abs_path);
      return FALSE;
    }

  if (S_ISLNK (st.st_mode))
    {
      char target[4096];
      gssize len = readlinkat (dir_fd, parts[n - 1], target, sizeof target - 1);
      gboolean allowed = FALSE;

      if (len > 0)
        {
          target[len] = '\0';
          for (guint i = 0; link_prefixes != NULL && link_prefixes[i] != NULL; i++)
            if (antam_safe_path_is_clean (target) &&
                !g_str_equal (link_prefixes[i], abs_path) &&
                has_path_prefix (target, link_prefixes[i]))
              allowed = TRUE;
        }
      if (!allowed)
        {
          close (dir_fd);
          set_symlink_error (error, abs_path);
          return FALSE;
        }
      ok = unlinkat (dir_fd, parts[n - 1], 0) == 0;
      if (!ok)
        set_errno_error (error, errno, abs_path);
    }
  else if (S_ISDIR (st.st_mode))
    ok = remove_tree_at (dir_fd, parts[n - 1], st.st_dev, 0, abs_path, error);
  else
    {
      ok = unlinkat (dir_fd, parts[n - 1], 0) == 0;
      if (!ok)
        set_errno_error (error, errno, abs_path);
    }

  close (dir_fd);
  return ok;
}
