/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "remedy/antam-removal-target-private.h"
#include "remedy/antam-removal.h"

#ifndef LIBEXECDIR
#define LIBEXECDIR "/usr/libexec"
#endif

#define MAX_MIMEAPPS_SIZE (4 * 1024 * 1024)

const char *
antam_removal_helper_path (void)
{
  const char *env = g_getenv ("ANTAM_REMOVE_HELPER");

  /* Only which program we ask pkexec to start: pkexec's own policy still
   * decides, and a helper anywhere else has none of ours. */
  return env != NULL && env[0] == '/' ? env : LIBEXECDIR "/antam-remove-helper";
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

/* Only what the installed rules list for the app is ever removed from
 * the system, on either target. */
gboolean
antam_removal_target_check_rule_lists (AntamRemovalTarget *target,
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

AntamRemovalTarget *
antam_removal_target_new (AntamRemovalPlan *plan)
{
  AntamRemovalTarget *target = g_new0 (AntamRemovalTarget, 1);

  target->vtable = antam_removal_plan_acts_on_copy (plan) ? &antam_removal_copy_vtable
                                                      : &antam_removal_live_vtable;
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
