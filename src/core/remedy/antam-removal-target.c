/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#ifdef HAVE_PACKAGEKIT
#include <packagekit-glib2/packagekit.h>
#endif
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remedy/antam-removal-target.h"
#include "remedy/antam-removal.h"
#include "remedy/antam-safe-remove.h"
#include "util/antam-snapd.h"

#ifndef LIBEXECDIR
#define LIBEXECDIR "/usr/libexec"
#endif

#define PACKAGEKIT_NAME "org.freedesktop.PackageKit"
/* pk-client.c reports a daemon error as PK_CLIENT_ERROR, 0xff + PkErrorEnum. */
#define PK_DAEMON_ERROR_OFFSET 0xff
/* A password dialog can wait for the person as long as they need. */
#define INTERACTIVE_TIMEOUT_MS (15 * 60 * 1000)
#define MAX_STATUS_SIZE (256 * 1024 * 1024)
#define MAX_MIMEAPPS_SIZE (4 * 1024 * 1024)

const char *
antam_removal_helper_path (void)
{
  const char *env = g_getenv ("ANTAM_REMOVE_HELPER");

  /* Only which program we ask pkexec to start: pkexec's own policy still
   * decides, and a helper anywhere else has none of ours. */
  return env != NULL && env[0] == '/' ? env : LIBEXECDIR "/antam-remove-helper";
}

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

/* ---- mimeapps.list, the same for both targets -------------------------- */

static gboolean
forget_in_file (AntamSysroot      *sysroot,
                const char        *path,
                AntamRemovalStep  *step,
                gboolean          *changed,
                GError           **error)
{
  g_autofree char *mime = g_strconcat ("x-scheme-handler/", step->target, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  const char *groups[] = { "Default Applications", "Added Associations" };
  gsize length = 0;
  gboolean edited = FALSE;

  if (!antam_sysroot_read_file (sysroot, path, MAX_MIMEAPPS_SIZE, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!g_key_file_load_from_data (keyfile, contents, length,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return FALSE;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);

      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          g_auto(GStrv) ids = NULL;
          g_autoptr(GStrvBuilder) kept = NULL;
          g_auto(GStrv) kept_ids = NULL;
          g_autofree char *key = g_strstrip (g_strdup (keys[k]));
          gboolean dropped = FALSE;

          /* Mime types compare case-insensitively, as the scan reads them. */
          if (g_ascii_strcasecmp (key, mime) != 0)
            continue;
          ids = g_key_file_get_string_list (keyfile, groups[g], keys[k], NULL, NULL);
          kept = g_strv_builder_new ();
          for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
            {
              g_autofree char *id = g_strstrip (g_strdup (ids[i]));

              if (step->desktop_ids && g_strv_contains ((const char * const *) step->desktop_ids, id))
                dropped = TRUE;
              else if (id[0] != '\0')
                g_strv_builder_add (kept, id);
            }
          if (!dropped)
            continue;
          kept_ids = g_strv_builder_end (kept);
          if (kept_ids[0] == NULL)
            g_key_file_remove_key (keyfile, groups[g], keys[k], NULL);
          else
            g_key_file_set_string_list (keyfile, groups[g], keys[k],
                                        (const char * const *) kept_ids, g_strv_length (kept_ids));
          edited = TRUE;
        }
      /* An empty group is noise that the file did not have before. */
      {
        g_auto(GStrv) left = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);
        if (edited && left != NULL && left[0] == NULL)
          g_key_file_remove_group (keyfile, groups[g], NULL);
      }
    }

  if (!edited)
    return TRUE;

  /* g_key_file_save_to_file writes a temp file and renames it: a crash
   * leaves either the old list or the new one, never half of one. */
  host = antam_sysroot_resolve (sysroot, path, error);
  if (host == NULL || !g_key_file_save_to_file (keyfile, host, error))
    return FALSE;
  *changed = TRUE;
  return TRUE;
}

gboolean
antam_removal_forget_url_handler (AntamSysroot      *sysroot,
                                  AntamRemovalStep  *step,
                                  char             **message,
                                  GError           **error)
{
  g_autofree char *data_apps = g_build_filename (antam_sysroot_get_data_home (sysroot), "applications", NULL);
  const char *dirs[] = { antam_sysroot_get_config_home (sysroot), data_apps };
  const char *files[] = { "gnome-mimeapps.list", "mimeapps.list" };
  gboolean changed = FALSE;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    for (guint f = 0; f < G_N_ELEMENTS (files); f++)
      {
        g_autofree char *path = g_build_filename (dirs[d], files[f], NULL);
        g_autoptr(GError) local_error = NULL;

        if (!forget_in_file (sysroot, path, step, &changed, &local_error))
          {
            g_autofree char *display = g_filename_display_name (path);
            g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                         _("“%s” could not be changed: %s"), display, local_error->message);
            return FALSE;
          }
      }

  *message = changed
    ? g_strdup_printf (_("%s:// links are no longer sent to it."), step->target)
    : g_strdup_printf (_("No setting of yours sent %s:// links to it; its menu entry goes with another step."),
                       step->target);
  return TRUE;
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

static gboolean
check_rule_lists (AntamRemovalTarget *target,
                  const char         *path,
                  GError            **error)
{
  if (target->system_paths == NULL ||
      !g_strv_contains ((const char * const *) target->system_paths, path))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_REFUSED,
                   _("“%s” is not one of the paths the rules list for %s; it was not removed."),
                   display, target->app_name);
      return FALSE;
    }
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

  if (!check_rule_lists (target, step->target, error))
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

static const AntamRemovalTargetVTable copy_vtable = {
  "copy",
  copy_remove_package,
  copy_uninstall_flatpak,
  copy_remove_snap,
  copy_remove_system_path,
  copy_trash,
  copy_end_process,
};

/* ---- the live machine -------------------------------------------------- */

static void
set_no_packagekit_error (GError **error)
{
  g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
               _("PackageKit, the system's software service, is not available on this computer, "
                 "so An Tâm cannot remove packages. The guide shows the command to do it yourself."));
}

#ifdef HAVE_PACKAGEKIT

static gboolean
packagekit_available (GError **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean owned = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &local_error);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         g_variant_new ("(s)", PACKAGEKIT_NAME), G_VARIANT_TYPE ("(b)"),
                                         G_DBUS_CALL_FLAGS_NONE, 3000, NULL, &local_error);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  if (!owned && bus != NULL)
    {
      g_autoptr(GVariant) names = NULL;
      g_autofree const char **list = NULL;

      g_clear_error (&local_error);
      names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                           G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 3000,
                                           NULL, &local_error);
      if (names != NULL)
        {
          g_variant_get (names, "(^a&s)", &list);
          owned = g_strv_contains (list, PACKAGEKIT_NAME);
        }
    }
  if (!owned)
    {
      set_no_packagekit_error (error);
      return FALSE;
    }
  return TRUE;
}

static void
set_packagekit_error (GError     **error,
                      GError      *cause,
                      const char  *package)
{
  int code = cause->domain == PK_CLIENT_ERROR ? cause->code : -1;
  int daemon = code >= PK_DAEMON_ERROR_OFFSET ? code - PK_DAEMON_ERROR_OFFSET : -1;

  if (code == PK_CLIENT_ERROR_FAILED_AUTH || daemon == PK_ERROR_ENUM_NOT_AUTHORIZED)
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                 _("Permission to remove “%s” was not given (the administrator's password was not "
                   "entered or was refused). Nothing was removed."), package);
  else if (code == PK_CLIENT_ERROR_DECLINED_INTERACTION || daemon == PK_ERROR_ENUM_TRANSACTION_CANCELLED)
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_AUTH_CANCELLED,
                 _("Removing “%s” was cancelled. Nothing was removed."), package);
  else if (daemon == PK_ERROR_ENUM_DEP_RESOLUTION_FAILED || daemon == PK_ERROR_ENUM_CANNOT_REMOVE_SYSTEM_PACKAGE)
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NEEDED_BY_OTHERS,
                 _("The package “%s” is needed by other software, so it was not removed (%s). "
                   "Ask your IT staff whether those can go too."), package, cause->message);
  else if (code == PK_CLIENT_ERROR_CANNOT_START_DAEMON ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN))
    set_no_packagekit_error (error);
  else
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                 _("PackageKit could not remove “%s”: %s"), package, cause->message);
}

static gboolean
live_remove_package (AntamRemovalTarget *target,
                     AntamRemovalStep   *step,
                     char              **message,
                     GError            **error)
{
  g_autoptr(PkClient) client = NULL;
  g_autoptr(PkResults) resolved = NULL;
  g_autoptr(PkResults) removed = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *package_id = NULL;
  char *names[] = { step->target, NULL };
  char *ids[] = { NULL, NULL };

  if (!packagekit_available (error))
    return FALSE;

  client = pk_client_new ();
  pk_client_set_interactive (client, TRUE);
  pk_client_set_background (client, FALSE);

  /* The exact installed package: name and architecture, never a pattern. */
  resolved = pk_client_resolve (client, pk_bitfield_value (PK_FILTER_ENUM_INSTALLED), names,
                                NULL, NULL, NULL, &local_error);
  if (resolved == NULL)
    {
      set_packagekit_error (error, local_error, step->target);
      return FALSE;
    }
  packages = pk_results_get_package_array (resolved);
  for (guint i = 0; i < packages->len && package_id == NULL; i++)
    {
      PkPackage *package = g_ptr_array_index (packages, i);

      if (g_str_equal (pk_package_get_name (package), step->target) &&
          (step->arch == NULL || g_strcmp0 (pk_package_get_arch (package), step->arch) == 0 ||
           g_strcmp0 (pk_package_get_arch (package), "all") == 0) &&
          pk_package_get_info (package) == PK_INFO_ENUM_INSTALLED)
        package_id = g_strdup (pk_package_get_id (package));
    }
  if (package_id == NULL)
    {
      *message = g_strdup_printf (_("The package “%s” was already removed."), step->target);
      return TRUE;
    }

  ids[0] = package_id;
  /* allow_deps FALSE: a package another one needs is refused, not taken
   * along; autoremove FALSE: nothing unrelated goes with it. */
  removed = pk_client_remove_packages (client, 0,
                                       ids, FALSE, FALSE, NULL, NULL, NULL, &local_error);
  if (removed == NULL)
    {
      set_packagekit_error (error, local_error, step->target);
      return FALSE;
    }
  {
    g_autoptr(PkError) pk_error = pk_results_get_error_code (removed);
    if (pk_error != NULL)
      {
        g_autoptr(GError) cause = g_error_new_literal (PK_CLIENT_ERROR,
                                                       PK_DAEMON_ERROR_OFFSET + pk_error_get_code (pk_error),
                                                       pk_error_get_details (pk_error));
        set_packagekit_error (error, cause, step->target);
        return FALSE;
      }
  }

  *message = g_strdup_printf (_("The package “%s” was removed."), step->target);
  return TRUE;
}

#else /* !HAVE_PACKAGEKIT */

/* Built without PackageKit (the Flatpak): the same answer as when the
 * daemon is absent, and the guide has the command. */
static gboolean
live_remove_package (AntamRemovalTarget *target,
                     AntamRemovalStep   *step,
                     char              **message,
                     GError            **error)
{
  set_no_packagekit_error (error);
  return FALSE;
}

#endif /* HAVE_PACKAGEKIT */

static gboolean
live_uninstall_flatpak (AntamRemovalTarget *target,
                        AntamRemovalStep   *step,
                        char              **message,
                        GError            **error)
{
  g_autofree char *flatpak = antam_sysroot_find_program (target->sysroot, "flatpak");
  g_autoptr(GError) local_error = NULL;
  int status = -1;
  const char *argv[] = {
    flatpak, "uninstall", step->user_install ? "--user" : "--system",
    "-y", "--noninteractive", "--app", step->target, NULL,
  };

  if (flatpak == NULL)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
                   _("The flatpak program is not installed, so An Tâm cannot uninstall “%s”."),
                   step->target);
      return FALSE;
    }
  /* A system installation goes through flatpak's system helper, which
   * polkit authorises; that can wait for a password. */
  if (!antam_sysroot_run (target->sysroot, argv, INTERACTIVE_TIMEOUT_MS, NULL, &status, &local_error))
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("“%s” could not be uninstalled: %s"), step->target, local_error->message);
      return FALSE;
    }
  if (status != 0)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR,
                   step->user_install ? ANTAM_REMOVAL_ERROR_FAILED : ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                   step->user_install
                     ? _("flatpak could not uninstall “%s” (exit status %d).")
                     : _("flatpak could not uninstall “%s” (exit status %d); perhaps permission was "
                         "not given."),
                   step->target, status);
      return FALSE;
    }
  *message = g_strdup_printf (_("The Flatpak app “%s” was uninstalled."), step->target);
  return TRUE;
}

static const char *
json_string (cJSON      *object,
             const char *key)
{
  cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

static gboolean
live_remove_snap (AntamRemovalTarget *target,
                  AntamRemovalStep   *step,
                  char              **message,
                  GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_strdup_printf ("/v2/snaps/%s", step->target);
  g_autofree char *change_path = NULL;
  cJSON *reply;
  guint http_status = 0;
  gint64 deadline = g_get_monotonic_time () + (gint64) INTERACTIVE_TIMEOUT_MS * 1000;

  if (!g_file_test (ANTAM_SNAPD_SOCKET, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
                   _("snapd, the snap service, is not running, so An Tâm cannot remove the snap “%s”."),
                   step->target);
      return FALSE;
    }

  reply = antam_snapd_request (ANTAM_SNAPD_SOCKET, "POST", path, "{\"action\":\"remove\"}", 0, TRUE,
                               &http_status, NULL, &local_error);
  if (reply == NULL)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
                   _("snapd could not be asked to remove “%s”: %s"), step->target,
                   local_error ? local_error->message : "");
      return FALSE;
    }
  if (http_status == 401 || http_status == 403)
    {
      cJSON_Delete (reply);
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                   _("Permission to remove “%s” was not given (the administrator's password was not "
                     "entered or was refused). Nothing was removed."), step->target);
      return FALSE;
    }
  if (g_strcmp0 (json_string (reply, "type"), "async") != 0 || json_string (reply, "change") == NULL)
    {
      cJSON *result = cJSON_GetObjectItemCaseSensitive (reply, "result");
      const char *why = result ? json_string (result, "message") : NULL;
      const char *kind = result ? json_string (result, "kind") : NULL;

      if (g_strcmp0 (kind, "snap-not-installed") == 0)
        {
          cJSON_Delete (reply);
          *message = g_strdup_printf (_("The snap “%s” was already removed."), step->target);
          return TRUE;
        }
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("snapd could not remove “%s”: %s"), step->target, why ? why : "?");
      cJSON_Delete (reply);
      return FALSE;
    }
  change_path = g_strdup_printf ("/v2/changes/%s", json_string (reply, "change"));
  cJSON_Delete (reply);

  /* The removal is a change snapd works through; wait for it to be ready. */
  while (g_get_monotonic_time () < deadline)
    {
      cJSON *result;
      const char *status;

      g_usleep (500 * 1000);
      reply = antam_snapd_request (ANTAM_SNAPD_SOCKET, "GET", change_path, NULL, 0, TRUE,
                                   &http_status, NULL, NULL);
      if (reply == NULL)
        continue;
      result = cJSON_GetObjectItemCaseSensitive (reply, "result");
      if (!cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (result, "ready")))
        {
          cJSON_Delete (reply);
          continue;
        }
      status = json_string (result, "status");
      if (g_strcmp0 (status, "Done") == 0)
        {
          cJSON_Delete (reply);
          *message = g_strdup_printf (_("The snap “%s” was removed."), step->target);
          return TRUE;
        }
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("snapd could not remove “%s”: %s"), step->target,
                   json_string (result, "err") ? json_string (result, "err") : status);
      cJSON_Delete (reply);
      return FALSE;
    }
  g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
               _("snapd did not finish removing “%s” in time."), step->target);
  return FALSE;
}

/* pkexec: 126 when the dialog was dismissed, 127 when not authorised. */
#define PKEXEC_DISMISSED 126
#define PKEXEC_NOT_AUTHORIZED 127

static gboolean
live_remove_system_path (AntamRemovalTarget *target,
                         AntamRemovalStep   *step,
                         char              **message,
                         GError            **error)
{
  const char *helper = antam_removal_helper_path ();
  g_autofree char *pkexec = antam_sysroot_find_program (target->sysroot, "pkexec");
  g_autofree char *display = g_filename_display_name (step->target);
  g_autofree char *output = NULL;
  g_autoptr(GError) local_error = NULL;
  int status = -1;
  struct stat st;
  const char *argv[] = { pkexec, helper, "--app", target->app_id, "--", step->target, NULL };

  if (!check_rule_lists (target, step->target, error))
    return FALSE;
  if (lstat (step->target, &st) != 0 && errno == ENOENT)
    {
      *message = g_strdup_printf (_("“%s” was already gone."), display);
      return TRUE;
    }
  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE) || pkexec == NULL)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_HELPER,
                   _("An Tâm's removal helper (%s) or pkexec is not installed, so “%s” could not be "
                     "removed. The guide shows the command to do it yourself."), helper, display);
      return FALSE;
    }

  if (!antam_sysroot_run (target->sysroot, argv, INTERACTIVE_TIMEOUT_MS, &output, &status, &local_error))
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("The removal helper could not be started: %s"), local_error->message);
      return FALSE;
    }
  if (status == PKEXEC_DISMISSED)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_AUTH_CANCELLED,
                   _("The password dialog was closed, so “%s” was not removed."), display);
      return FALSE;
    }
  if (status == PKEXEC_NOT_AUTHORIZED)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                   _("Permission to remove “%s” was not given (the administrator's password was not "
                     "entered or was refused). Nothing was removed."), display);
      return FALSE;
    }
  if (status != 0)
    {
      /* The helper says why on a "refused PATH: reason" line. */
      g_auto(GStrv) lines = g_strsplit (output ? output : "", "\n", -1);
      const char *why = NULL;

      for (guint i = 0; lines[i] != NULL && why == NULL; i++)
        if (g_str_has_prefix (lines[i], "refused ") || g_str_has_prefix (lines[i], "failed "))
          why = strstr (lines[i], ": ") ? strstr (lines[i], ": ") + 2 : lines[i];
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_REFUSED,
                   _("The removal helper did not remove “%s”: %s"), display,
                   why ? why : _("it gave no reason"));
      return FALSE;
    }
  *message = g_strdup_printf (_("“%s” was deleted."), display);
  return TRUE;
}

static gboolean
live_trash (AntamRemovalTarget *target,
            AntamRemovalStep   *step,
            const char         *host_path,
            char              **message,
            GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (host_path);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_trash (file, NULL, &local_error))
    {
      g_autofree char *display = g_filename_display_name (step->target);
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_TRASH_UNAVAILABLE,
                   _("“%s” could not be moved to the Trash (%s). It was not deleted; if you are "
                     "sure, delete it yourself."), display, local_error->message);
      return FALSE;
    }
  *message = g_strdup (_("Moved to the Trash."));
  return TRUE;
}

static gboolean
process_is (const char *pid,
            const char *comm)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "comm", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_strchomp (text);
  return g_strcmp0 (text, comm) == 0;
}

static gboolean
wait_gone (const char *pid,
           const char *comm,
           guint       ms)
{
  for (guint waited = 0; waited < ms; waited += 100)
    {
      if (!process_is (pid, comm))
        return TRUE;
      g_usleep (100 * 1000);
    }
  return !process_is (pid, comm);
}

static gboolean
live_end_process (AntamRemovalTarget *target,
                  AntamRemovalStep   *step,
                  gboolean            allowed,
                  char              **message,
                  GError            **error)
{
  gint64 pid = g_ascii_strtoll (step->target, NULL, 10);

  /* The same pid with another name is another program now: leave it. */
  if (pid <= 1 || !process_is (step->target, step->name))
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

  /* Asked to close first; forced only if it does not. */
  if (kill ((pid_t) pid, SIGTERM) != 0 && errno != ESRCH)
    {
      int saved = errno;
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_STILL_RUNNING,
                   _("%s could not be ended (%s). Quit it yourself, then start the removal again."),
                   target->app_name, g_strerror (saved));
      return FALSE;
    }
  if (!wait_gone (step->target, step->name, 5000))
    {
      kill ((pid_t) pid, SIGKILL);
      if (!wait_gone (step->target, step->name, 3000))
        {
          g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_STILL_RUNNING,
                       _("%s could not be ended. Quit it yourself, then start the removal again."),
                       target->app_name);
          return FALSE;
        }
    }
  *message = g_strdup_printf (_("%s was ended."), target->app_name);
  return TRUE;
}

static const AntamRemovalTargetVTable live_vtable = {
  "live",
  live_remove_package,
  live_uninstall_flatpak,
  live_remove_snap,
  live_remove_system_path,
  live_trash,
  live_end_process,
};

AntamRemovalTarget *
antam_removal_target_new (AntamRemovalPlan *plan)
{
  AntamRemovalTarget *target = g_new0 (AntamRemovalTarget, 1);

  target->vtable = antam_removal_plan_acts_on_copy (plan) ? &copy_vtable : &live_vtable;
  target->sysroot = g_object_ref (antam_removal_plan_get_sysroot (plan));
  target->app_id = g_strdup (antam_removal_plan_get_app_id (plan));
  target->app_name = g_strdup (antam_removal_plan_get_app_name (plan));
  target->system_paths = g_strdupv ((char **) antam_removal_plan_get_system_paths (plan));
  return target;
}

void
antam_removal_target_free (AntamRemovalTarget *target)
{
  if (target == NULL)
    return;
  g_object_unref (target->sysroot);
  g_free (target->app_id);
  g_free (target->app_name);
  g_strfreev (target->system_paths);
  g_free (target);
}
