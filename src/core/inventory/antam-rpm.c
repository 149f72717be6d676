/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-inventory.h"

#define RPM_QUERY_FORMAT "%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n"
/* A large database on a slow disk can take a while to walk. */
#define RPM_TIMEOUT_MS 60000

/* Where rpm keeps its database: the classic place, and the one Fedora and
 * openSUSE moved to (the classic one is then a symlink to it).  The file
 * names are those of the sqlite, ndb and Berkeley DB back ends. */
static const char * const rpmdb_dirs[] = {
  "/var/lib/rpm",
  "/usr/lib/sysimage/rpm",
};
static const char * const rpmdb_files[] = {
  "rpmdb.sqlite",
  "Packages.db",
  "Packages",
};

/* A field of a line, not copied until the package is made. */
typedef struct {
  const char *value;
  gsize       len;
} Field;

static gboolean
field_has_prefix (Field       field,
                  const char *prefix)
{
  gsize len = strlen (prefix);

  return field.len >= len && memcmp (field.value, prefix, len) == 0;
}

static Field
field_skip (Field field,
            gsize n)
{
  return (Field) { field.value + n, field.len - n };
}

static Field
trim (Field field)
{
  while (field.len > 0 && g_ascii_isspace (field.value[0]))
    field = field_skip (field, 1);
  while (field.len > 0 && g_ascii_isspace (field.value[field.len - 1]))
    field.len--;
  return field;
}

/* rpm writes "(none)" for a tag without a value; empty means none too. */
static Field
valid_field (Field field)
{
  field = trim (field);
  if (field.len == strlen ("(none)") && field_has_prefix (field, "(none)"))
    field.len = 0;
  return field;
}

/* NAME\tVERSION\tARCH: exactly three fields, or the line is not one. */
static gboolean
split_line (const char *line,
            gsize       len,
            Field       fields[3])
{
  const char *end = line + len;
  const char *start = line;

  for (guint i = 0; i < 3; i++)
    {
      const char *tab = memchr (start, '\t', (gsize) (end - start));

      if ((tab == NULL) != (i == 2))
        return FALSE;
      fields[i] = (Field) { start, (gsize) ((tab ? tab : end) - start) };
      start = tab ? tab + 1 : end;
    }
  return TRUE;
}

/**
 * antam_rpm_parse_query:
 * @text: the output of `rpm -qa --queryformat
 *   '%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\t%{ARCH}\n'`
 *
 * Lines that do not have the three fields are skipped.  A zero epoch is
 * dropped from the version, as rpm itself shows it.
 *
 * Returns: (transfer full) (element-type AntamPackage): the packages
 */
GPtrArray *
antam_rpm_parse_query (const char  *text,
                       GError     **error)
{
  g_autoptr(GPtrArray) packages = NULL;
  gsize length;
  gsize pos = 0;

  g_return_val_if_fail (text != NULL, NULL);

  length = strnlen (text, (gsize) ANTAM_INVENTORY_MAX_FILE_SIZE + 1);
  if (length > ANTAM_INVENTORY_MAX_FILE_SIZE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("The list of rpm packages is too large to read"));
      return NULL;
    }

  packages = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_package_free);

  while (pos < length)
    {
      const char *line = text + pos;
      const char *newline = memchr (line, '\n', length - pos);
      gsize len = newline ? (gsize) (newline - line) : length - pos;
      Field fields[3];
      Field name, version, arch;

      pos += len + 1;

      if (!split_line (line, len, fields))
        continue;
      name = valid_field (fields[0]);
      if (name.len == 0)
        continue;

      version = trim (fields[1]);
      if (field_has_prefix (version, "0:"))
        version = field_skip (version, strlen ("0:"));
      /* %{EPOCH} rather than %{EPOCHNUM} says "(none)" when there is none. */
      else if (field_has_prefix (version, "(none):"))
        version = field_skip (version, strlen ("(none):"));
      version = valid_field (version);
      /* gpg-pubkey entries have no architecture. */
      arch = valid_field (fields[2]);

      g_ptr_array_add (packages,
                       antam_package_new ("rpm",
                                          name.value, name.len,
                                          version.value, version.len,
                                          arch.value, arch.len,
                                          "installed", strlen ("installed"),
                                          TRUE));
    }

  return g_steal_pointer (&packages);
}

/* The dir of the root's rpm database, as the root sees it: the classic
 * one or Fedora's, whichever holds a database once links are followed
 * inside the root (Fedora's /var/lib/rpm links to the other).  %NULL when
 * there is none: Debian's rpm package can leave an empty /var/lib/rpm
 * behind, and only a database file means this is an rpm system. */
static char *
find_rpmdb_dir (AntamSysroot *sysroot)
{
  const char *root = antam_sysroot_get_root (sysroot);

  for (guint d = 0; d < G_N_ELEMENTS (rpmdb_dirs); d++)
    {
      g_autofree char *host = antam_sysroot_resolve (sysroot, rpmdb_dirs[d], NULL);

      if (host == NULL || !g_file_test (host, G_FILE_TEST_IS_DIR))
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (rpmdb_files); f++)
        {
          g_autofree char *path = g_build_filename (host, rpmdb_files[f], NULL);

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          /* The resolved dir, back in the root's own terms. */
          if (g_str_equal (root, "/"))
            return g_steal_pointer (&host);
          if (g_str_has_prefix (host, root) && host[strlen (root)] == '/')
            return g_strdup (host + strlen (root));
          return g_strdup (rpmdb_dirs[d]);
        }
    }
  return NULL;
}

/* rpm with the root's database: under a foreign root, the host's rpm
 * would look for its own default (Debian's is ~/.rpmdb) inside the root. */
static GStrvBuilder *
rpm_command (AntamSysroot  *sysroot,
             GError       **error)
{
  g_autofree char *dbpath = find_rpmdb_dir (sysroot);
  g_autofree char *program = NULL;
  GStrvBuilder *builder;

  if (dbpath == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This system has no rpm package database"));
      return NULL;
    }
  program = antam_sysroot_find_program (sysroot, "rpm");
  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The rpm program needed to list rpm packages is not installed"));
      return NULL;
    }

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, program);
  if (!antam_sysroot_is_live (sysroot))
    g_strv_builder_add_many (builder, "--root", antam_sysroot_get_root (sysroot),
                             "--dbpath", dbpath, NULL);
  return builder;
}

/**
 * antam_inventory_read_rpm:
 *
 * Asks rpm, through the system view's runner, for the installed packages;
 * under a foreign root rpm reads that root's database (`--root`).
 *
 * Returns: (transfer full) (element-type AntamPackage): the packages, or
 *   %NULL with %G_IO_ERROR_NOT_FOUND when there is no rpm database or no
 *   rpm program
 */
GPtrArray *
antam_inventory_read_rpm (AntamSysroot  *sysroot,
                          GError       **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *output = NULL;
  int exit_status = 0;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  builder = rpm_command (sysroot, error);
  if (builder == NULL)
    return NULL;
  g_strv_builder_add_many (builder, "-qa", "--queryformat", RPM_QUERY_FORMAT, NULL);
  argv = g_strv_builder_end (builder);

  if (!antam_sysroot_run (sysroot, (const char * const *) argv, RPM_TIMEOUT_MS,
                          &output, &exit_status, error))
    return NULL;

  if (exit_status != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Listing the rpm packages failed (rpm exit status %d)"), exit_status);
      return NULL;
    }

  return antam_rpm_parse_query (output ? output : "", error);
}

/**
 * antam_rpm_find_owned:
 * @paths: (array zero-terminated=1): absolute paths, as the system sees them
 *
 * Which of @paths an installed rpm package owns, asked of rpm with the
 * root's database.
 *
 * Returns: (transfer full) (element-type utf8 utf8): the owned paths, or
 *   %NULL with an error when rpm could not be asked
 */
GHashTable *
antam_rpm_find_owned (AntamSysroot        *sysroot,
                      const char * const  *paths,
                      GError             **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *output = NULL;
  GHashTable *owned;
  int exit_status = 0;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  builder = rpm_command (sysroot, error);
  if (builder == NULL)
    return NULL;
  /* Each owner's files: rpm names only the owners, not which path of
   * ours each one owns, and says nothing on stdout for the others. */
  g_strv_builder_add_many (builder, "-qf", "--queryformat", "[%{FILENAMES}\\n]", "--", NULL);
  g_strv_builder_addv (builder, (const char **) paths);
  argv = g_strv_builder_end (builder);

  /* Exits with the count of paths nobody owns: that is an answer too. */
  if (!antam_sysroot_run (sysroot, (const char * const *) argv, RPM_TIMEOUT_MS,
                          &output, &exit_status, error))
    return NULL;

  owned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit (output ? output : "", "\n", -1);
  for (guint i = 0; paths[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) lines, paths[i]))
      g_hash_table_add (owned, g_strdup (paths[i]));
  return owned;
}
