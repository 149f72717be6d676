/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "rules/antam-eol.h"
#include "util/antam-data-dir.h"

/* debian.csv is a few kilobytes; anything near this is not distro-info. */
#define MAX_EOL_DATA_SIZE (1024 * 1024)
#define DISTRO_INFO_DIR "/usr/share/distro-info"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

static AntamEolRelease *
eol_release_new (void)
{
  AntamEolRelease *release = g_new0 (AntamEolRelease, 1);

  g_date_clear (&release->release, 1);
  g_date_clear (&release->eol, 1);
  g_date_clear (&release->eol_lts, 1);
  g_date_clear (&release->eol_esm, 1);
  return release;
}

void
antam_eol_release_free (AntamEolRelease *release)
{
  if (release == NULL)
    return;
  g_free (release->version);
  g_free (release->codename);
  g_free (release->series);
  g_free (release);
}

AntamEolRelease *
antam_eol_release_copy (const AntamEolRelease *release)
{
  AntamEolRelease *copy;

  g_return_val_if_fail (release != NULL, NULL);

  copy = g_new0 (AntamEolRelease, 1);
  *copy = *release;
  copy->version = g_strdup (release->version);
  copy->codename = g_strdup (release->codename);
  copy->series = g_strdup (release->series);
  return copy;
}

/* Only YYYY-MM-DD, as distro-info-data writes it: a looser parser would
 * turn a typo into a wrong verdict instead of a rejected file. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* ---- distro-info CSV ------------------------------------------------- */

typedef enum {
  COLUMN_VERSION,
  COLUMN_CODENAME,
  COLUMN_SERIES,
  COLUMN_RELEASE,
  COLUMN_EOL,
  COLUMN_EOL_LTS,
  COLUMN_EOL_ESM,
  N_COLUMNS
} Column;

/* The columns we use; others (created, eol-elts, eol-server, eol-legacy)
 * are ignored, and new ones may appear: the header decides, not the order. */
static const char * const column_names[N_COLUMNS] = {
  "version", "codename", "series", "release", "eol", "eol-lts", "eol-esm",
};

static const char *
get_field (char      **fields,
           guint       n_fields,
           int         column)
{
  /* Rows stop early when the later dates are not known yet. */
  if (column < 0 || (guint) column >= n_fields)
    return "";
  return fields[column];
}

static gboolean
read_date_field (char      **fields,
                 guint       n_fields,
                 int         column,
                 guint       line,
                 GDate      *date,
                 GError    **error)
{
  const char *text = get_field (fields, n_fields, column);

  if (text[0] == '\0' || parse_date (text, date))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* TRANSLATORS: %u is a line number, %s the text found there;
                * YYYY-MM-DD is the expected date format, keep it as is */
               _("Line %u: “%s” is not a date (YYYY-MM-DD)"), line, text);
  return FALSE;
}

/**
 * antam_distro_info_parse:
 * @csv: the text of a distro-info-data file (debian.csv, ubuntu.csv)
 * @len: its length in bytes
 *
 * Returns: (transfer full) (element-type AntamEolRelease): the releases in
 *   the file's order, or %NULL when it is not distro-info data
 */
GPtrArray *
antam_distro_info_parse (const char  *csv,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(GPtrArray) releases = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  /* Set from the header line; initialised only because -O3 (release
   * builds) cannot see that no data line is read before the header. */
  int columns[N_COLUMNS] = { 0 };
  guint n_header = 0;

  g_return_val_if_fail (csv != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len == 0 || memchr (csv, '\0', len) != NULL || !g_utf8_validate_len (csv, len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is empty or is not text"));
      return NULL;
    }

  releases = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_eol_release_free);
  copy = g_strndup (csv, len);
  lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize line_len = strlen (line);
      g_auto(GStrv) fields = NULL;
      g_autoptr(AntamEolRelease) release = NULL;
      guint n_fields;

      if (line_len > 0 && line[line_len - 1] == '\r')
        line[line_len - 1] = '\0';
      if (g_strstrip (line)[0] == '\0')
        continue;

      fields = g_strsplit (line, ",", -1);
      n_fields = g_strv_length (fields);
      for (guint j = 0; j < n_fields; j++)
        g_strstrip (fields[j]);

      if (n_header == 0)
        {
          static const Column required[] = { COLUMN_VERSION, COLUMN_SERIES, COLUMN_EOL };

          for (guint c = 0; c < N_COLUMNS; c++)
            columns[c] = -1;
          for (guint j = 0; j < n_fields; j++)
            for (guint c = 0; c < N_COLUMNS; c++)
              if (g_str_equal (fields[j], column_names[c]))
                {
                  if (columns[c] != -1)
                    {
                      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   /* TRANSLATORS: %s is a column name such as “eol” */
                                   _("The header names the column “%s” twice"),
                                   column_names[c]);
                      return NULL;
                    }
                  columns[c] = (int) j;
                }
          for (guint r = 0; r < G_N_ELEMENTS (required); r++)
            if (columns[required[r]] == -1)
              {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             /* TRANSLATORS: %s is a column name such as “eol” */
                             _("The header has no “%s” column"),
                             column_names[required[r]]);
                return NULL;
              }
          n_header = n_fields;
          continue;
        }

      if (n_fields > n_header)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* TRANSLATORS: %u is a line number */
                       _("Line %u has more fields than the header"), i + 1);
          return NULL;
        }

      release = eol_release_new ();
      release->version = g_strdup (get_field (fields, n_fields, columns[COLUMN_VERSION]));
      release->codename = g_strdup (get_field (fields, n_fields, columns[COLUMN_CODENAME]));
      release->series = g_strdup (get_field (fields, n_fields, columns[COLUMN_SERIES]));
      if (release->series[0] == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* TRANSLATORS: %u is a line number */
                       _("Line %u names no release series"), i + 1);
          return NULL;
        }
      if (!read_date_field (fields, n_fields, columns[COLUMN_RELEASE], i + 1,
                            &release->release, error) ||
          !read_date_field (fields, n_fields, columns[COLUMN_EOL], i + 1,
                            &release->eol, error) ||
          !read_date_field (fields, n_fields, columns[COLUMN_EOL_LTS], i + 1,
                            &release->eol_lts, error) ||
          !read_date_field (fields, n_fields, columns[COLUMN_EOL_ESM], i + 1,
                            &release->eol_esm, error))
        return NULL;

      g_ptr_array_add (releases, g_steal_pointer (&release));
    }

  if (n_header == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is empty or is not text"));
      return NULL;
    }
  return g_steal_pointer (&releases);
}

/* ---- the shipped table ----------------------------------------------- */

static gboolean
read_json_string (const cJSON  *entry,
                  const char   *key,
                  gboolean      required,
                  const char   *os_id,
                  guint         index,
                  char        **value,
                  GError      **error)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (entry, key);

  if (node == NULL && !required)
    return TRUE;
  if (!cJSON_IsString (node) || node->valuestring[0] == '\0' ||
      !g_utf8_validate (node->valuestring, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* TRANSLATORS: “releases.debian[3].eol: …”: the first %s is an
                    * operating system id, %u a position, the last %s a field name */
                   _("releases.%s[%u].%s: expected a non-empty text"),
                   os_id, index, key);
      return FALSE;
    }
  *value = g_strdup (node->valuestring);
  return TRUE;
}

static gboolean
read_json_date (const cJSON  *entry,
                const char   *key,
                gboolean      required,
                const char   *os_id,
                guint         index,
                GDate        *date,
                GError      **error)
{
  g_autofree char *text = NULL;

  if (!read_json_string (entry, key, required, os_id, index, &text, error))
    return FALSE;
  if (text == NULL || parse_date (text, date))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* TRANSLATORS: the first %s is an operating system id, %u a
                * position, then a field name and the text found there */
               _("releases.%s[%u].%s: “%s” is not a date (YYYY-MM-DD)"),
               os_id, index, key, text);
  return FALSE;
}

/**
 * antam_eol_table_parse:
 * @json: the text of data/os-eol.json
 * @os_id: the os-release ID whose releases to read
 *
 * Returns: (transfer full) (element-type AntamEolRelease): the releases of
 *   @os_id, empty when the table has none, %NULL when it is not valid
 */
GPtrArray *
antam_eol_table_parse (const char  *json,
                       gsize        len,
                       const char  *os_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(cJSON) root = NULL;
  const cJSON *table, *list, *entry;
  guint index = 0;

  g_return_val_if_fail (json != NULL || len == 0, NULL);
  g_return_val_if_fail (os_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = cJSON_ParseWithLength (json, len);
  table = cJSON_GetObjectItemCaseSensitive (root, "releases");
  if (!cJSON_IsObject (root) || !cJSON_IsObject (table))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Not a JSON object with a “releases” object"));
      return NULL;
    }

  releases = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_eol_release_free);
  list = cJSON_GetObjectItemCaseSensitive (table, os_id);
  if (list == NULL)
    return g_steal_pointer (&releases);
  if (!cJSON_IsArray (list))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* TRANSLATORS: %s is an operating system id such as “debian” */
                   _("releases.%s: expected a list"), os_id);
      return NULL;
    }

  cJSON_ArrayForEach (entry, list)
    {
      g_autoptr(AntamEolRelease) release = eol_release_new ();

      if (!cJSON_IsObject (entry))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* TRANSLATORS: %s is an operating system id, %u a position */
                       _("releases.%s[%u]: expected an object"), os_id, index);
          return NULL;
        }
      if (!read_json_string (entry, "version", TRUE, os_id, index, &release->version, error) ||
          !read_json_string (entry, "series", FALSE, os_id, index, &release->series, error) ||
          !read_json_string (entry, "codename", FALSE, os_id, index, &release->codename, error) ||
          !read_json_date (entry, "release", FALSE, os_id, index, &release->release, error) ||
          !read_json_date (entry, "eol", TRUE, os_id, index, &release->eol, error) ||
          !read_json_date (entry, "eol-lts", FALSE, os_id, index, &release->eol_lts, error) ||
          !read_json_date (entry, "eol-esm", FALSE, os_id, index, &release->eol_esm, error))
        return NULL;

      if (release->series == NULL)
        release->series = g_strdup ("");
      if (release->codename == NULL)
        release->codename = g_strdup ("");
      g_ptr_array_add (releases, g_steal_pointer (&release));
      index++;
    }
  return g_steal_pointer (&releases);
}

/* ---- matching -------------------------------------------------------- */

/* "22.04 LTS" in ubuntu.csv is VERSION_ID "22.04" in os-release. */
static char *
normalize_version (const char *version)
{
  const char *space = strchr (version, ' ');

  return space ? g_strndup (version, space - version) : g_strdup (version);
}

static gboolean
version_matches (const char *os_id,
                 const char *row_version,
                 const char *version_id)
{
  g_autofree char *row = normalize_version (row_version);
  g_autofree char *wanted = normalize_version (version_id);
  char *dot;

  if (row[0] == '\0' || wanted[0] == '\0')
    return FALSE;
  if (g_str_equal (row, wanted))
    return TRUE;

  /* Debian's tables list major releases ("12"); a VERSION_ID that carries
   * the point release ("12.5", as some derivatives write it) is that one. */
  if (g_strcmp0 (os_id, "debian") == 0 && (dot = strchr (wanted, '.')) != NULL)
    {
      *dot = '\0';
      return g_str_equal (row, wanted);
    }
  return FALSE;
}

static gboolean
codename_matches (const AntamEolRelease *release,
                  const char            *codename)
{
  g_autofree char *first_word = NULL;

  if (release->series != NULL && g_ascii_strcasecmp (release->series, codename) == 0)
    return TRUE;
  if (release->codename == NULL || release->codename[0] == '\0')
    return FALSE;
  /* "Jammy Jellyfish" is "jammy" */
  first_word = normalize_version (release->codename);
  return g_ascii_strcasecmp (first_word, codename) == 0;
}

/**
 * antam_eol_lookup:
 * @releases: (element-type AntamEolRelease): one table
 * @version_id: (nullable): VERSION_ID from os-release
 * @codename: (nullable): VERSION_CODENAME from os-release
 *
 * Returns: (transfer none) (nullable): the release, by version first, by
 *   codename when the version is absent or not listed
 */
const AntamEolRelease *
antam_eol_lookup (GPtrArray  *releases,
                  const char *os_id,
                  const char *version_id,
                  const char *codename)
{
  g_return_val_if_fail (releases != NULL, NULL);

  if (version_id != NULL && version_id[0] != '\0')
    for (guint i = 0; i < releases->len; i++)
      {
        const AntamEolRelease *release = g_ptr_array_index (releases, i);
        if (version_matches (os_id, release->version, version_id))
          return release;
      }

  if (codename != NULL && codename[0] != '\0')
    for (guint i = 0; i < releases->len; i++)
      {
        const AntamEolRelease *release = g_ptr_array_index (releases, i);
        if (codename_matches (release, codename))
          return release;
      }

  return NULL;
}

static void
fill_date (GDate       *into,
           const GDate *from)
{
  if (!g_date_valid (into) && g_date_valid (from))
    *into = *from;
}

static void
fill_string (char       **into,
             const char  *from)
{
  if ((*into == NULL || (*into)[0] == '\0') && from != NULL && from[0] != '\0')
    {
      g_free (*into);
      *into = g_strdup (from);
    }
}

/**
 * antam_eol_find:
 * @tables: (element-type GPtrArray): tables, most trusted first
 *
 * The first table that lists the release decides each date, and the later
 * ones fill in what it leaves out: a scanned system's distro-info-data is
 * often older than the dates Debian announced since (the eol-lts of the
 * current stable is added years after its release).
 *
 * Returns: (transfer full) (nullable): the release, merged from all tables
 */
AntamEolRelease *
antam_eol_find (GPtrArray  *tables,
                const char *os_id,
                const char *version_id,
                const char *codename)
{
  AntamEolRelease *merged = NULL;

  g_return_val_if_fail (tables != NULL, NULL);

  for (guint i = 0; i < tables->len; i++)
    {
      const AntamEolRelease *release =
        antam_eol_lookup (g_ptr_array_index (tables, i), os_id, version_id, codename);

      if (release == NULL)
        continue;
      if (merged == NULL)
        {
          merged = antam_eol_release_copy (release);
          continue;
        }
      fill_string (&merged->version, release->version);
      fill_string (&merged->codename, release->codename);
      fill_string (&merged->series, release->series);
      fill_date (&merged->release, &release->release);
      fill_date (&merged->eol, &release->eol);
      fill_date (&merged->eol_lts, &release->eol_lts);
      fill_date (&merged->eol_esm, &release->eol_esm);
    }
  return merged;
}

/* ---- loading --------------------------------------------------------- */

static const char *
distro_info_file (const char *os_id)
{
  if (g_strcmp0 (os_id, "debian") == 0)
    return "debian.csv";
  if (g_strcmp0 (os_id, "ubuntu") == 0)
    return "ubuntu.csv";
  return NULL;
}

/* The host's distro-info-data is our reference data, like the table we
 * ship, and not part of the system being scanned: so this one file is read
 * directly, not through the system view.  It keeps the dates current when
 * a scanned root (a mounted disk, a minimal debootstrap, a training
 * scenario) has no or an old distro-info-data.  $ANTAM_DISTRO_INFO_DIR
 * moves it so that tests do not depend on the machine that runs them. */
static gboolean
read_host_distro_info (const char  *file_name,
                       char       **contents,
                       gsize       *length,
                       GError     **error)
{
  const char *dir = g_getenv ("ANTAM_DISTRO_INFO_DIR");
  g_autofree char *path = g_build_filename (dir != NULL && dir[0] != '\0' ? dir : DISTRO_INFO_DIR,
                                            file_name, NULL);

  return g_file_get_contents (path, contents, length, error);
}

static void
add_problem (GPtrArray  *problems,
             const char *where,
             const char *message)
{
  if (problems != NULL)
    g_ptr_array_add (problems, g_strdup_printf ("%s: %s", where, message));
}

static void
add_table (GPtrArray *tables,
           GPtrArray *table)
{
  if (table->len > 0)
    g_ptr_array_add (tables, table);
  else
    g_ptr_array_unref (table);
}

/**
 * antam_eol_load_tables:
 * @problems: (nullable) (element-type utf8): collects why a source could
 *   not be used, "FILE: problem"; a source that is simply absent is not one
 *
 * Returns: (transfer full) (element-type GPtrArray): the tables for @os_id
 *   that could be read, most trusted first: the scanned system's
 *   distro-info-data, the host's, then data/os-eol.json
 */
GPtrArray *
antam_eol_load_tables (AntamSysroot *sysroot,
                       const char   *os_id,
                       GPtrArray    *problems)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  const char *csv_name = distro_info_file (os_id);
  g_autofree char *shipped = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *table;
  gsize length = 0;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), tables);
  g_return_val_if_fail (os_id != NULL, tables);

  if (csv_name != NULL)
    {
      g_autofree char *abs_path = g_build_filename (DISTRO_INFO_DIR, csv_name, NULL);

      if (!antam_sysroot_read_file (sysroot, abs_path, MAX_EOL_DATA_SIZE, &contents, &length,
                                    &error))
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            add_problem (problems, abs_path, error->message);
        }
      else if ((table = antam_distro_info_parse (contents, length, &error)) != NULL)
        add_table (tables, table);
      else
        add_problem (problems, abs_path, error->message);
      g_clear_error (&error);
      g_clear_pointer (&contents, g_free);

      /* On the live system the scanned file is the host's: read once. */
      if (!antam_sysroot_is_live (sysroot))
        {
          if (!read_host_distro_info (csv_name, &contents, &length, &error))
            {
              if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
                add_problem (problems, csv_name, error->message);
            }
          else if ((table = antam_distro_info_parse (contents, length, &error)) != NULL)
            add_table (tables, table);
          else
            add_problem (problems, csv_name, error->message);
          g_clear_error (&error);
          g_clear_pointer (&contents, g_free);
        }
    }

  shipped = antam_data_path ("os-eol.json", NULL);
  if (!g_file_get_contents (shipped, &contents, &length, &error))
    add_problem (problems, shipped, error->message);
  else if ((table = antam_eol_table_parse (contents, length, os_id, &error)) != NULL)
    add_table (tables, table);
  else
    add_problem (problems, shipped, error->message);

  return tables;
}

/* ---- the verdict ----------------------------------------------------- */

/**
 * antam_eol_format_date:
 *
 * Returns: (transfer full): @date as Vietnamese readers write it, dd/mm/yyyy
 */
char *
antam_eol_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), g_strdup ("?"));

  return g_strdup_printf ("%02u/%02u/%04u",
                          (guint) g_date_get_day (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_year (date));
}
