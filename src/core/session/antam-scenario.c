/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "antam-i18n.h"
#include "session/antam-scenario.h"
#include "util/antam-data-dir.h"

#define MAX_SCENARIO_JSON (256 * 1024)

/* Symlinks are removed, never followed: the copy holds links to absolute
 * paths that would otherwise point into the trainer's machine. */
static void
delete_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        delete_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (file, NULL, NULL);
}

void
antam_scenario_free (AntamScenario *scenario)
{
  if (scenario == NULL)
    return;

  if (scenario->root != NULL)
    {
      /* The copy is ours alone: remove it so training leaves nothing behind. */
      g_autofree char *base = g_path_get_dirname (scenario->root);
      g_autoptr(GFile) file = g_file_new_for_path (base);

      delete_tree (file);
    }

  g_free (scenario->name);
  g_free (scenario->title_vi);
  g_free (scenario->title_en);
  g_free (scenario->description_vi);
  g_free (scenario->description_en);
  g_free (scenario->home);
  g_free (scenario->source_dir);
  g_free (scenario->root);
  g_free (scenario->xattr_problem);
  g_clear_pointer (&scenario->xattrs, g_hash_table_unref);
  g_clear_pointer (&scenario->symlinks, g_hash_table_unref);
  g_clear_pointer (&scenario->modes, g_hash_table_unref);
  g_free (scenario);
}

const char *
antam_scenario_get_title (AntamScenario *scenario)
{
  return antam_i18n_pick (scenario->title_vi, scenario->title_en);
}

const char *
antam_scenario_get_description (AntamScenario *scenario)
{
  return antam_i18n_pick (scenario->description_vi, scenario->description_en);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/**
 * antam_scenario_list_names:
 *
 * Returns: (transfer full): the shipped scenarios, sorted by name
 */
GStrv
antam_scenario_list_names (void)
{
  g_autofree char *dir_path = antam_data_path ("scenarios", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *json = g_build_filename (dir_path, name, "scenario.json", NULL);
      if (g_file_test (json, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static gboolean
read_text (cJSON       *root,
           const char  *key,
           char       **vi,
           char       **en)
{
  cJSON *object = cJSON_GetObjectItemCaseSensitive (root, key);
  cJSON *v = cJSON_GetObjectItemCaseSensitive (object, "vi");
  cJSON *e = cJSON_GetObjectItemCaseSensitive (object, "en");

  if (!cJSON_IsString (v) || !cJSON_IsString (e))
    return FALSE;
  *vi = g_strdup (v->valuestring);
  *en = g_strdup (e->valuestring);
  return TRUE;
}

/* A relative path that stays inside the scenario: no "..", not absolute. */
static gboolean
is_safe_relative (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || path[0] == '\0' || g_path_is_absolute (path))
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

AntamScenario *
antam_scenario_load_from_dir (const char  *dir,
                              GError     **error)
{
  g_autoptr(AntamScenario) scenario = g_new0 (AntamScenario, 1);
  g_autofree char *json_path = g_build_filename (dir, "scenario.json", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  cJSON *root;
  cJSON *home, *xattrs, *symlinks, *modes, *entry;
  gboolean ok = FALSE;

  scenario->name = g_path_get_basename (dir);
  scenario->source_dir = g_canonicalize_filename (dir, NULL);
  scenario->xattrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_hash_table_unref);
  scenario->symlinks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scenario->modes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_file_get_contents (json_path, &contents, &length, error))
    return NULL;
  if (length > MAX_SCENARIO_JSON)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The training scenario “%s” is too large"), scenario->name);
      return NULL;
    }

  root = cJSON_ParseWithLength (contents, length);
  home = cJSON_GetObjectItemCaseSensitive (root, "home");
  if (root == NULL ||
      !read_text (root, "title", &scenario->title_vi, &scenario->title_en) ||
      !read_text (root, "description", &scenario->description_vi, &scenario->description_en) ||
      !cJSON_IsString (home) || !g_str_has_prefix (home->valuestring, "/") ||
      strstr (home->valuestring, "..") != NULL)
    goto out;
  scenario->home = g_strdup (home->valuestring);

  xattrs = cJSON_GetObjectItemCaseSensitive (root, "xattrs");
  cJSON_ArrayForEach (entry, xattrs)
    {
      GHashTable *attrs;
      cJSON *attr;

      if (!is_safe_relative (entry->string) || !cJSON_IsObject (entry))
        goto out;
      attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (scenario->xattrs, g_strdup (entry->string), attrs);
      cJSON_ArrayForEach (attr, entry)
        {
          if (!cJSON_IsString (attr) || !g_str_has_prefix (attr->string, "user."))
            goto out;
          g_hash_table_insert (attrs, g_strdup (attr->string), g_strdup (attr->valuestring));
        }
    }

  symlinks = cJSON_GetObjectItemCaseSensitive (root, "symlinks");
  cJSON_ArrayForEach (entry, symlinks)
    {
      if (!is_safe_relative (entry->string) || !cJSON_IsString (entry))
        goto out;
      g_hash_table_insert (scenario->symlinks, g_strdup (entry->string),
                           g_strdup (entry->valuestring));
    }

  /* "0755": a folder others may open, as the scenario's story needs. */
  modes = cJSON_GetObjectItemCaseSensitive (root, "modes");
  cJSON_ArrayForEach (entry, modes)
    {
      guint64 mode;

      if (!is_safe_relative (entry->string) || !cJSON_IsString (entry) ||
          !g_ascii_string_to_unsigned (entry->valuestring, 8, 0, 0777, &mode, NULL))
        goto out;
      g_hash_table_insert (scenario->modes, g_strdup (entry->string), GUINT_TO_POINTER ((guint) mode));
    }

  ok = TRUE;

out:
  cJSON_Delete (root);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The training scenario “%s” has a damaged scenario.json"), scenario->name);
      return NULL;
    }
  return g_steal_pointer (&scenario);
}

/**
 * antam_scenario_load:
 * @name: a folder name under the data dir's scenarios/
 */
AntamScenario *
antam_scenario_load (const char  *name,
                     GError     **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (!is_safe_relative (name) || strchr (name, '/') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no training scenario called “%s”"), name);
      return NULL;
    }
  dir = antam_data_path ("scenarios", name, NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no training scenario called “%s”"), name);
      return NULL;
    }
  return antam_scenario_load_from_dir (dir, error);
}

static gboolean
copy_tree (GFile         *source,
           GFile         *dest,
           gboolean       top,
           GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  if (!g_file_make_directory (dest, NULL, error))
    return FALSE;

  children = g_file_enumerate_children (source,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;
      g_autoptr(GFile) target = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      if (top && g_str_equal (g_file_info_get_name (info), "scenario.json"))
        continue;

      target = g_file_get_child (dest, g_file_info_get_name (info));
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (child, target, FALSE, error))
            return FALSE;
        }
      else if (!g_file_copy (child, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Git keeps neither extended attributes, nor empty folders reliably, nor
 * folders' permissions, and an absolute symlink in the source tree would
 * point at the trainer's machine: scenario.json declares them and they are
 * made in the copy. */
static gboolean
apply_declarations (AntamScenario  *scenario,
                    GError        **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, scenario->symlinks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_build_filename (scenario->root, key, NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_mkdir_with_parents (parent, 0755);
      if (symlink (value, path) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s: %s", (const char *) key, g_strerror (saved));
          return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, scenario->modes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_build_filename (scenario->root, key, NULL);

      if (g_chmod (path, GPOINTER_TO_UINT (value)) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s: %s", (const char *) key, g_strerror (saved));
          return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, scenario->xattrs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_build_filename (scenario->root, key, NULL);
      GHashTableIter attr_iter;
      gpointer name, attr_value;

      g_hash_table_iter_init (&attr_iter, value);
      while (g_hash_table_iter_next (&attr_iter, &name, &attr_value))
        if (setxattr (path, name, attr_value, strlen (attr_value), 0) != 0)
          {
            int saved = errno;

            if (scenario->xattr_problem == NULL)
              scenario->xattr_problem =
                saved == ENOTSUP || saved == EOPNOTSUPP
                  ? g_strdup (_("The temporary folder does not support extended attributes, so downloads "
                                "in this scenario show no origin web address."))
                  : g_strdup_printf (_("The origin web address of a download could not be set: %s"),
                                     g_strerror (saved));
          }
    }
  return TRUE;
}

/**
 * antam_scenario_prepare:
 *
 * Copies the scenario to a new private temporary folder.  A failure to set
 * extended attributes is not an error: it is kept in xattr_problem for the
 * trainer to see.
 */
gboolean
antam_scenario_prepare (AntamScenario  *scenario,
                        GError        **error)
{
  g_autofree char *base = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;

  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (scenario->root == NULL, FALSE);

  base = g_dir_make_tmp ("antam-training-XXXXXX", error);
  if (base == NULL)
    return FALSE;
  scenario->root = g_build_filename (base, "root", NULL);

  source = g_file_new_for_path (scenario->source_dir);
  dest = g_file_new_for_path (scenario->root);
  if (!copy_tree (source, dest, TRUE, error))
    return FALSE;

  /* The home must exist even when the scenario leaves it empty. */
  {
    g_autofree char *home = g_build_filename (scenario->root, scenario->home, NULL);
    g_mkdir_with_parents (home, 0755);
  }

  return apply_declarations (scenario, error);
}

/* Training reads nothing of the real machine: no command is run. */
static gboolean
refuse_to_run (const char * const *argv,
               guint               timeout_ms,
               char              **stdout_text,
               int                *exit_status,
               gpointer            user_data,
               GError            **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Programs are not run in training mode"));
  return FALSE;
}

AntamSysroot *
antam_scenario_create_sysroot (AntamScenario  *scenario,
                               GError        **error)
{
  g_autofree char *home = NULL;
  AntamSysroot *sysroot;

  g_return_val_if_fail (scenario != NULL && scenario->root != NULL, NULL);

  home = g_build_filename (scenario->root, scenario->home, NULL);
  sysroot = antam_sysroot_new (scenario->root, home, error);
  if (sysroot == NULL)
    return NULL;
  antam_sysroot_set_proc_dir (sysroot, NULL);
  antam_sysroot_set_runner (sysroot, refuse_to_run, NULL, NULL);
  return sysroot;
}
