/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "inventory/antam-inventory.h"

#define SNAP_MOUNT_DIR "/snap"
#define SNAP_BLOB_DIR "/var/lib/snapd/snaps"
/* A real system has tens of snaps; the bound only stops a crafted tree. */
#define MAX_SNAPS 10000
#define MAX_SNAP_YAML_SIZE (1024 * 1024)

typedef struct {
  AntamSysroot *sysroot;
  GPtrArray    *snaps;
  GHashTable   *names;    /* of the snaps already listed */
  GError       *error;    /* the first thing that could not be read */
} ReadState;

/* Snap names are lowercase ASCII letters, digits and dashes, with an
 * optional "_KEY" for a parallel install; revisions are digits (or "x1" for
 * a local install).  Anything else in these dirs is not snapd's. */
static gboolean
is_snap_name (const char *text)
{
  if (!g_ascii_isalnum (text[0]))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_snap_revision (const char *text)
{
  const char *p = text[0] == 'x' ? text + 1 : text;

  if (*p == '\0')
    return FALSE;
  for (; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static void
note_error (ReadState *state,
            GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY) ||
      state->error != NULL)
    g_error_free (error);
  else
    state->error = error;
}

/* The top-level "version:" of snap.yaml.  Not a YAML parser: snapcraft
 * writes this key as a plain or quoted scalar on one line. */
static char *
parse_snap_yaml_version (const char *text,
                         gsize       length)
{
  g_autofree char *copy = g_utf8_make_valid (text, (gssize) length);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *value;
      gsize len;

      if (!g_str_has_prefix (lines[i], "version:"))
        continue;
      value = g_strstrip (lines[i] + strlen ("version:"));
      len = strlen (value);
      if (len >= 2 && (value[0] == '\'' || value[0] == '"') && value[len - 1] == value[0])
        {
          value[len - 1] = '\0';
          value++;
        }
      else
        {
          /* An unquoted scalar ends at a comment. */
          char *hash = strstr (value, " #");
          if (hash != NULL)
            *hash = '\0';
          g_strchomp (value);
        }
      return value[0] != '\0' ? g_strdup (value) : NULL;
    }
  return NULL;
}

static void
add_snap (ReadState  *state,
          const char *name,
          char       *revision,
          char       *version,
          char       *location)
{
  AntamSnap *snap = g_new0 (AntamSnap, 1);

  snap->name = g_strdup (name);
  snap->revision = revision;
  snap->version = version;
  snap->location = location;
  g_ptr_array_add (state->snaps, snap);
  g_hash_table_add (state->names, g_strdup (name));
}

/* /snap/NAME/current -> REVISION.  The link is read, not followed, from
 * its resolved parent, so that it cannot point us out of the root. */
static void
read_mounted (ReadState *state)
{
  g_autoptr(GPtrArray) names = NULL;
  GError *error = NULL;

  names = antam_sysroot_list_dir (state->sysroot, SNAP_MOUNT_DIR, &error);
  if (names == NULL)
    {
      note_error (state, error);
      return;
    }

  for (guint i = 0; i < names->len && state->snaps->len < MAX_SNAPS; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *snap_dir = NULL;
      g_autofree char *host_dir = NULL;
      g_autofree char *host_link = NULL;
      g_autofree char *target = NULL;
      g_autofree char *yaml_path = NULL;
      g_autofree char *yaml = NULL;
      char *revision = NULL;
      char *version = NULL;
      gsize yaml_length = 0;

      /* /snap/bin holds the command wrappers, README explains the dir. */
      if (g_str_equal (name, "bin") || g_str_equal (name, "README") || !is_snap_name (name))
        continue;

      snap_dir = g_build_filename (SNAP_MOUNT_DIR, name, NULL);
      host_dir = antam_sysroot_resolve (state->sysroot, snap_dir, &error);
      if (host_dir == NULL)
        {
          note_error (state, g_steal_pointer (&error));
          continue;
        }
      host_link = g_build_filename (host_dir, "current", NULL);
      target = g_file_read_link (host_link, NULL);
      /* No "current": disabled or half removed; its .snap file, if any,
       * is listed below. */
      if (target == NULL)
        continue;
      if (is_snap_revision (target))
        revision = g_strdup (target);

      yaml_path = g_build_filename (snap_dir, "current", "meta", "snap.yaml", NULL);
      /* Under a foreign root the squashfs is not mounted: no version. */
      if (antam_sysroot_read_file (state->sysroot, yaml_path, MAX_SNAP_YAML_SIZE,
                                   &yaml, &yaml_length, NULL))
        version = parse_snap_yaml_version (yaml, yaml_length);

      add_snap (state, name, revision, version, g_steal_pointer (&snap_dir));
    }
}

/* Numeric revisions compare as numbers, so that 1663 beats 999. */
static gboolean
revision_newer (const char *a,
                const char *b)
{
  gboolean a_num = g_ascii_isdigit (a[0]);
  gboolean b_num = g_ascii_isdigit (b[0]);

  if (a_num && b_num)
    {
      guint64 x = g_ascii_strtoull (a, NULL, 10);
      guint64 y = g_ascii_strtoull (b, NULL, 10);
      return x > y;
    }
  if (a_num != b_num)
    return a_num;
  return strcmp (a, b) > 0;
}

/* /var/lib/snapd/snaps/NAME_REV.snap for snaps that are not in /snap: a
 * foreign root whose /snap is empty, or a snap that is not mounted.
 * snapd keeps old revisions; the newest stands for the snap. */
static void
read_blobs (ReadState *state)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GHashTable) newest = NULL;
  g_autoptr(GPtrArray) order = NULL;
  GError *error = NULL;

  files = antam_sysroot_list_dir (state->sysroot, SNAP_BLOB_DIR, &error);
  if (files == NULL)
    {
      note_error (state, error);
      return;
    }

  newest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  order = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *stem = NULL;
      g_autofree char *path = NULL;
      const char *current;
      char *underscore;

      if (!g_str_has_suffix (file, ".snap"))
        continue;
      stem = g_strndup (file, strlen (file) - strlen (".snap"));
      underscore = strrchr (stem, '_');
      if (underscore == NULL)
        continue;
      *underscore = '\0';
      if (!is_snap_name (stem) || !is_snap_revision (underscore + 1))
        continue;
      if (g_hash_table_contains (state->names, stem))
        continue;
      /* Dangling or looping: not a snap snapd could mount. */
      path = g_build_filename (SNAP_BLOB_DIR, file, NULL);
      if (!antam_sysroot_exists (state->sysroot, path))
        continue;

      current = g_hash_table_lookup (newest, stem);
      if (current == NULL)
        g_ptr_array_add (order, g_strdup (stem));
      else if (!revision_newer (underscore + 1, current))
        continue;
      g_hash_table_insert (newest, g_strdup (stem), g_strdup (underscore + 1));
    }

  for (guint i = 0; i < order->len && state->snaps->len < MAX_SNAPS; i++)
    {
      const char *name = g_ptr_array_index (order, i);
      const char *revision = g_hash_table_lookup (newest, name);
      g_autofree char *file = g_strconcat (name, "_", revision, ".snap", NULL);

      add_snap (state, name, g_strdup (revision), NULL,
                g_build_filename (SNAP_BLOB_DIR, file, NULL));
    }
}

/**
 * antam_inventory_read_snaps:
 *
 * Lists the snaps of /snap (with the version from their snap.yaml when it
 * can be read) and those only present as a .snap file.
 *
 * Returns: (transfer full) (element-type AntamSnap): the snaps, empty when
 *   snapd is not used, or %NULL when none could be listed because
 *   something could not be read
 */
GPtrArray *
antam_inventory_read_snaps (AntamSysroot  *sysroot,
                            GError       **error)
{
  ReadState state = { 0 };

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  state.sysroot = sysroot;
  state.snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_snap_free);
  state.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  read_mounted (&state);
  read_blobs (&state);
  g_hash_table_unref (state.names);

  if (state.error != NULL)
    {
      if (state.snaps->len == 0)
        {
          g_propagate_error (error, state.error);
          g_ptr_array_unref (state.snaps);
          return NULL;
        }
      g_debug ("Some snaps could not be read: %s", state.error->message);
      g_error_free (state.error);
    }

  return state.snaps;
}
