/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remedy/antam-removal-target-private.h"
#include "remedy/antam-removal.h"
#include "remedy/antam-safe-remove.h"

/* A copy (a training scenario, a fixture, a --root tree) is changed
 * directly, the way dpkg, flatpak, snapd and the Trash would change it. */

#define MAX_STATUS_SIZE (256 * 1024 * 1024)

/* Removes DIR/NAME (NAME a single component) under the copy: DIR is
 * resolved inside the root, NAME itself is never followed. */
static gboolean
remove_in_copy (AntamSysroot  *sysroot,
                const char    *dir,
                const char    *name,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host_dir = antam_sysroot_resolve (sysroot, dir, error);
  g_autofree char *leaf = NULL;

  if (host_dir == NULL)
    return FALSE;
  leaf = g_strconcat ("/", name, NULL);
  if (!antam_safe_remove (host_dir, leaf, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      /* A link inside the copy is unlinked, never followed. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS))
        {
          g_autofree char *host = g_build_filename (host_dir, name, NULL);
          if (unlink (host) == 0)
            return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Entries of DIR whose name starts with PREFIX (and then SEPARATORS). */
static void
remove_matching_in_copy (AntamSysroot *sysroot,
                         const char   *dir,
                         const char   *prefix,
                         const char   *separators)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, dir, NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gsize len = strlen (prefix);

      if (strncmp (name, prefix, len) == 0 &&
          (name[len] == '\0' || strchr (separators, name[len]) != NULL))
        remove_in_copy (sysroot, dir, name, NULL);
    }
}

/* ---- dpkg, simulated on a copy ---------------------------------------- */

static char *
stanza_field (const char *stanza,
              const char *field)
{
  g_auto(GStrv) lines = g_strsplit (stanza, "\n", -1);
  gsize len = strlen (field);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], field, len) == 0 && lines[i][len] == ':')
      return g_strstrip (g_strdup (lines[i] + len + 1));
  return NULL;
}

/* Whether a Depends-like field cannot be satisfied without PACKAGE: one of
 * its groups has PACKAGE as the only alternative. */
static gboolean
depends_only_on (const char *field,
                 const char *package)
{
  g_auto(GStrv) groups = NULL;

  if (field == NULL)
    return FALSE;
  groups = g_strsplit (field, ",", -1);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) alternatives = g_strsplit (groups[g], "|", -1);
      gboolean only = alternatives[0] != NULL;

      for (guint a = 0; alternatives[a] != NULL; a++)
        {
          g_autofree char *name = g_strstrip (g_strdup (alternatives[a]));
          char *cut = strpbrk (name, " (:[");

          if (cut)
            *cut = '\0';
          only &= g_str_equal (name, package);
        }
      if (only)
        return TRUE;
    }
  return FALSE;
}

static gboolean
stanza_is_installed (const char *stanza)
{
  g_autofree char *status = stanza_field (stanza, "Status");

  return status != NULL && g_str_has_suffix (status, " installed");
}

/**
 * antam_dpkg_remove_in_copy:
 *
 * What `dpkg --remove` would do to a copy: refuse when an installed
 * package depends on it, else delete the files its .list names, then its
 * info files, then its stanza in the status file (written atomically).
 */
gboolean
antam_dpkg_remove_in_copy (AntamSysroot  *sysroot,
                           const char    *package,
                           const char    *arch,
                           char         **message,
                           GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *host_status = NULL;
  g_autofree char *list_path = g_strdup_printf ("/var/lib/dpkg/info/%s.list", package);
  g_autofree char *list = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autoptr(GPtrArray) needed_by = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) stanzas = NULL;
  gboolean found = FALSE;

  if (!antam_sysroot_read_file (sysroot, "/var/lib/dpkg/status", MAX_STATUS_SIZE, &contents, NULL, error))
    return FALSE;

  /* Stanzas are separated by blank lines; CRLF files are not dpkg's. */
  stanzas = g_regex_split_simple ("\\n\\s*\\n", contents, 0, 0);
  for (guint i = 0; stanzas[i] != NULL; i++)
    {
      g_autofree char *name = stanza_field (stanzas[i], "Package");
      g_autofree char *stanza_arch = stanza_field (stanzas[i], "Architecture");
      g_autofree char *depends = NULL;
      g_autofree char *pre_depends = NULL;

      if (name == NULL)
        continue;
      if (g_str_equal (name, package) && (arch == NULL || g_strcmp0 (arch, stanza_arch) == 0 ||
                                          g_strcmp0 (stanza_arch, "all") == 0))
        {
          found = TRUE;
          continue;
        }
      if (!stanza_is_installed (stanzas[i]))
        continue;
      depends = stanza_field (stanzas[i], "Depends");
      pre_depends = stanza_field (stanzas[i], "Pre-Depends");
      if (depends_only_on (depends, package) || depends_only_on (pre_depends, package))
        g_ptr_array_add (needed_by, g_steal_pointer (&name));
    }

  if (!found)
    {
      *message = g_strdup_printf (_("The package “%s” was already removed."), package);
      return TRUE;
    }

  if (needed_by->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (needed_by, NULL);
      names = g_strjoinv (", ", (char **) needed_by->pdata);
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NEEDED_BY_OTHERS,
                   _("The package “%s” is needed by other software (%s), so it was not removed. "
                     "Ask your IT staff whether those can go too."), package, names);
      return FALSE;
    }

  /* Files before the dirs that hold them: the list names dirs first. */
  if (!antam_sysroot_read_file (sysroot, list_path, MAX_STATUS_SIZE, &list, NULL, NULL) && arch != NULL)
    {
      g_free (list_path);
      list_path = g_strdup_printf ("/var/lib/dpkg/info/%s:%s.list", package, arch);
      antam_sysroot_read_file (sysroot, list_path, MAX_STATUS_SIZE, &list, NULL, NULL);
    }
  if (list != NULL)
    {
      g_auto(GStrv) paths = g_strsplit (list, "\n", -1);

      for (guint i = g_strv_length (paths); i > 0; i--)
        {
          const char *path = paths[i - 1];
          g_autofree char *dir = NULL;
          g_autofree char *host_dir = NULL;
          g_autofree char *name = NULL;
          g_autofree char *host = NULL;
          struct stat st;

          if (!antam_safe_path_is_clean (path))
            continue;
          dir = g_path_get_dirname (path);
          name = g_path_get_basename (path);
          host_dir = antam_sysroot_resolve (sysroot, dir, NULL);
          if (host_dir == NULL)
            continue;
          host = g_build_filename (host_dir, name, NULL);
          if (lstat (host, &st) != 0)
            continue;
          /* dpkg leaves a dir that something else still uses. */
          if (S_ISDIR (st.st_mode))
            g_rmdir (host);
          else
            g_unlink (host);
        }
    }
  remove_matching_in_copy (sysroot, "/var/lib/dpkg/info", package, ".:");

  for (guint i = 0; stanzas[i] != NULL; i++)
    {
      g_autofree char *name = stanza_field (stanzas[i], "Package");
      g_autofree char *stanza_arch = stanza_field (stanzas[i], "Architecture");
      g_autofree char *stripped = g_strstrip (g_strdup (stanzas[i]));

      if (stripped[0] == '\0')
        continue;
      if (g_strcmp0 (name, package) == 0 && (arch == NULL || g_strcmp0 (arch, stanza_arch) == 0 ||
                                             g_strcmp0 (stanza_arch, "all") == 0))
        continue;
      g_string_append (kept, stripped);
      g_string_append (kept, "\n\n");
    }

  host_status = antam_sysroot_resolve (sysroot, "/var/lib/dpkg/status", error);
  if (host_status == NULL || !g_file_set_contents (host_status, kept->str, (gssize) kept->len, error))
    return FALSE;

  *message = g_strdup_printf (_("The package “%s” was removed."), package);
  return TRUE;
}

/* ---- the freedesktop Trash, inside a copy ------------------------------ */

static char *
escape_trash_path (const char *path)
{
  return g_uri_escape_string (path, "/", FALSE);
}

/**
 * antam_trash_in_copy:
 *
 * g_file_trash() only knows this machine's Trash; a copy gets its own in
 * its home, as the Trash spec lays it out: the .trashinfo is created first
 * (O_EXCL picks a free name), then the file is renamed next to it.  A
 * rename that cannot be done leaves the file where it was, never deleted.
 */
gboolean
antam_trash_in_copy (AntamSysroot  *sysroot,
                     const char    *abs_path,
                     const char    *host_path,
                     GError       **error)
{
  g_autofree char *trash = g_build_filename (antam_sysroot_get_data_home (sysroot), "Trash", NULL);
  g_autofree char *files_dir = g_build_filename (trash, "files", NULL);
  g_autofree char *info_dir = g_build_filename (trash, "info", NULL);
  g_autofree char *host_files = antam_sysroot_path (sysroot, files_dir);
  g_autofree char *host_info = antam_sysroot_path (sysroot, info_dir);
  g_autofree char *base = g_path_get_basename (abs_path);
  g_autofree char *escaped = escape_trash_path (abs_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *info_text = g_strdup_printf ("[Trash Info]\nPath=%s\nDeletionDate=%s\n", escaped, date);

  if (g_mkdir_with_parents (host_files, 0700) != 0 || g_mkdir_with_parents (host_info, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_TRASH_UNAVAILABLE,
                   _("The Trash could not be used (%s), so nothing was moved or deleted."),
                   g_strerror (saved));
      return FALSE;
    }

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s.%u", base, n);
      g_autofree char *info_name = g_strconcat (name, ".trashinfo", NULL);
      g_autofree char *info_path = g_build_filename (host_info, info_name, NULL);
      g_autofree char *dest = g_build_filename (host_files, name, NULL);
      gsize len = strlen (info_text);
      int fd = g_open (info_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

      if (fd < 0 && errno == EEXIST)
        continue;
      if (fd < 0 || write (fd, info_text, len) != (gssize) len)
        {
          int saved = errno;
          if (fd >= 0)
            {
              close (fd);
              g_unlink (info_path);
            }
          g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_TRASH_UNAVAILABLE,
                       _("The Trash could not be used (%s), so nothing was moved or deleted."),
                       g_strerror (saved));
          return FALSE;
        }
      close (fd);

      if (g_rename (host_path, dest) != 0)
        {
          int saved = errno;
          g_unlink (info_path);
          g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_TRASH_UNAVAILABLE,
                       _("The Trash could not be used (%s), so nothing was moved or deleted."),
                       g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_TRASH_UNAVAILABLE,
               _("The Trash could not be used (%s), so nothing was moved or deleted."),
               _("it already holds too many items of that name"));
  return FALSE;
}

/* ---- a copy ------------------------------------------------------------ */

static gboolean
copy_remove_package (AntamRemovalTarget *target,
                     AntamRemovalStep   *step,
                     char              **message,
                     GError            **error)
{
  if (!g_str_equal (step->kind, "deb"))
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NOT_SIMULATED,
                   _("Removing an %s package cannot be shown on a copy; on a real computer "
                     "PackageKit removes it."), step->kind);
      return FALSE;
    }
  return antam_dpkg_remove_in_copy (target->sysroot, step->target, step->arch, message, error);
}

static gboolean
copy_uninstall_flatpak (AntamRemovalTarget *target,
                        AntamRemovalStep   *step,
                        char              **message,
                        GError            **error)
{
  g_autofree char *install = step->user_install
    ? g_build_filename (antam_sysroot_get_data_home (target->sysroot), "flatpak", NULL)
    : g_strdup ("/var/lib/flatpak");
  g_autofree char *apps = g_build_filename (install, "app", NULL);
  g_autofree char *exports = g_build_filename (install, "exports", "share", "applications", NULL);
  g_autofree char *remotes = g_build_filename (install, "repo", "refs", "remotes", NULL);
  g_autoptr(GPtrArray) remote_names = antam_sysroot_list_dir (target->sysroot, remotes, NULL);

  /* What `flatpak uninstall` takes away: the deployment, its exports and
   * its refs.  The app's data in ~/.var/app is a step of its own. */
  if (!remove_in_copy (target->sysroot, apps, step->target, error))
    return FALSE;
  remove_matching_in_copy (target->sysroot, exports, step->target, ".");
  for (guint i = 0; remote_names != NULL && i < remote_names->len; i++)
    {
      g_autofree char *dir = g_build_filename (remotes, g_ptr_array_index (remote_names, i), "app", NULL);
      remove_in_copy (target->sysroot, dir, step->target, NULL);
    }
  *message = g_strdup_printf (_("The Flatpak app “%s” was uninstalled."), step->target);
  return TRUE;
}

static gboolean
copy_remove_snap (AntamRemovalTarget *target,
                  AntamRemovalStep   *step,
                  char              **message,
                  GError            **error)
{
  if (!remove_in_copy (target->sysroot, "/snap", step->target, error))
    return FALSE;
  remove_matching_in_copy (target->sysroot, "/snap/bin", step->target, ".");
  remove_matching_in_copy (target->sysroot, "/var/lib/snapd/snaps", step->target, "_");
  remove_matching_in_copy (target->sysroot, "/var/lib/snapd/desktop/applications", step->target, "_");
  *message = g_strdup_printf (_("The snap “%s” was removed."), step->target);
  return TRUE;
}

static void
set_refused_from (GError      **error,
                  GError       *cause)
{
  g_set_error_literal (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_REFUSED, cause->message);
}

static gboolean
copy_remove_system_path (AntamRemovalTarget *target,
                         AntamRemovalStep   *step,
                         char              **message,
                         GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (step->target);

  if (!antam_removal_target_check_rule_lists (target, step->target, error))
    return FALSE;
  /* No pkexec on a copy: the same refusals as the helper, done here. */
  if (!antam_safe_remove (antam_sysroot_get_root (target->sysroot), step->target,
                          (const char * const *) target->system_paths, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          *message = g_strdup_printf (_("“%s” was already gone."), display);
          return TRUE;
        }
      set_refused_from (error, local_error);
      return FALSE;
    }
  *message = g_strdup_printf (_("“%s” was deleted."), display);
  return TRUE;
}

static gboolean
copy_trash (AntamRemovalTarget *target,
            AntamRemovalStep   *step,
            const char         *host_path,
            char              **message,
            GError            **error)
{
  if (!antam_trash_in_copy (target->sysroot, step->target, host_path, error))
    return FALSE;
  *message = g_strdup (_("Moved to the Trash."));
  return TRUE;
}

static gboolean
copy_end_process (AntamRemovalTarget *target,
                  AntamRemovalStep   *step,
                  gboolean            allowed,
                  char              **message,
                  GError            **error)
{
  const char *proc = antam_sysroot_get_proc_dir (target->sysroot);
  g_autofree char *dir = proc ? g_build_filename (proc, step->target, NULL) : NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      *message = g_strdup_printf (_("%s is not running any more."), target->app_name);
      return TRUE;
    }
  if (!allowed)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_STILL_RUNNING,
                   _("%s is still running. Quit it, then start the removal again, or allow "
                     "An Tâm to end it."), target->app_name);
      return FALSE;
    }
  /* A fixture's processes are dirs: ending one is removing it. */
  {
    g_autofree char *leaf = g_strconcat ("/", step->target, NULL);
    if (!antam_safe_remove (proc, leaf, NULL, error))
      return FALSE;
  }
  *message = g_strdup_printf (_("%s was ended."), target->app_name);
  return TRUE;
}

const AntamRemovalTargetVTable antam_removal_copy_vtable = {
  "copy",
  copy_remove_package,
  copy_uninstall_flatpak,
  copy_remove_snap,
  copy_remove_system_path,
  copy_trash,
  copy_end_process,
};
