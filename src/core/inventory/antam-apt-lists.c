/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "inventory/antam-apt-lists.h"
#include "inventory/antam-inventory.h"
#include "util/antam-debversion.h"

/* The sysroot runner keeps at most this much of a command's output; a list
 * that fills it was cut and must not pass for complete. */
#define MAX_COMMAND_OUTPUT (64 * 1024 * 1024)

typedef struct {
  const char *text;
  gsize length;
  gsize pos;
  guint number;
} LineReader;

static gboolean
next_line (LineReader  *reader,
           const char **line,
           gsize       *len)
{
  const char *start;
  const char *newline;

  if (reader->pos >= reader->length)
    return FALSE;
  start = reader->text + reader->pos;
  newline = memchr (start, '\n', reader->length - reader->pos);
  *line = start;
  *len = newline ? (gsize) (newline - start) : reader->length - reader->pos;
  reader->pos += *len + (newline ? 1 : 0);
  reader->number++;
  if (*len > 0 && start[*len - 1] == '\r')
    (*len)--;
  return TRUE;
}

static gboolean
is_blank (const char *line,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

/* A deb822 field line: a name without blanks, a colon, a value. */
static gboolean
split_field (const char  *line,
             gsize        len,
             gsize       *name_len,
             const char **value,
             gsize       *value_len)
{
  const char *colon = memchr (line, ':', len);

  if (colon == NULL || colon == line)
    return FALSE;
  for (const char *p = line; p < colon; p++)
    if (g_ascii_isspace (*p) || (guchar) *p < 0x21 || (guchar) *p > 0x7e)
      return FALSE;

  *name_len = (gsize) (colon - line);
  *value = colon + 1;
  *value_len = len - *name_len - 1;
  while (*value_len > 0 && g_ascii_isspace (**value))
    {
      (*value)++;
      (*value_len)--;
    }
  while (*value_len > 0 && g_ascii_isspace ((*value)[*value_len - 1]))
    (*value_len)--;
  return TRUE;
}

static gboolean
field_is (const char *line,
          gsize       name_len,
          const char *name)
{
  return strlen (name) == name_len && g_ascii_strncasecmp (line, name, name_len) == 0;
}

static char *
value_dup (const char *value,
           gsize       len)
{
  return len ? g_utf8_make_valid (value, (gssize) len) : NULL;
}

static gboolean
has_nul (const char *text,
         gsize       length)
{
  return memchr (text, '\0', length) != NULL;
}

void
antam_apt_release_free (AntamAptRelease *release)
{
  if (release == NULL)
    return;
  g_free (release->file);
  g_free (release->origin);
  g_free (release->label);
  g_free (release->suite);
  g_free (release->codename);
  g_free (release);
}

static gboolean
value_is_yes (const char *value,
              gsize       len)
{
  return len == 3 && g_ascii_strncasecmp (value, "yes", 3) == 0;
}

/**
 * antam_apt_release_parse:
 * @text: a Release file, or an InRelease file (clearsigned: the fields
 *   inside the signed part are read; the signature is apt's business)
 *
 * Returns: (transfer full): the release, or %NULL when @text is not a
 *   Release file or names neither a suite nor a codename
 */
AntamAptRelease *
antam_apt_release_parse (const char  *text,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(AntamAptRelease) release = g_new0 (AntamAptRelease, 1);
  g_autoptr(GString) body = NULL;
  LineReader reader = { text, length, 0, 0 };
  const char *line;
  gsize len;
  guint fields = 0;

  if (has_nul (text, length))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("it is not a text file"));
      return NULL;
    }

  if (length >= 34 && strncmp (text, "-----BEGIN PGP SIGNED MESSAGE-----", 34) == 0)
    {
      gboolean in_headers = TRUE;
      gboolean closed = FALSE;

      /* RFC 4880 §7: armor headers, a blank line, the dash-escaped text. */
      body = g_string_new (NULL);
      next_line (&reader, &line, &len);
      while (next_line (&reader, &line, &len))
        {
          if (in_headers)
            {
              if (is_blank (line, len))
                in_headers = FALSE;
              continue;
            }
          if (len >= 29 && strncmp (line, "-----BEGIN PGP SIGNATURE-----", 29) == 0)
            {
              closed = TRUE;
              break;
            }
          if (len >= 2 && line[0] == '-' && line[1] == ' ')
            {
              line += 2;
              len -= 2;
            }
          g_string_append_len (body, line, (gssize) len);
          g_string_append_c (body, '\n');
        }
      if (!closed)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("its signed part never ends: the file was cut short"));
          return NULL;
        }
      reader = (LineReader) { body->str, body->len, 0, 0 };
    }

  /* Leading blank lines are tolerated; the first stanza is the release. */
  while (next_line (&reader, &line, &len))
    {
      gsize name_len, value_len;
      const char *value;

      if (is_blank (line, len))
        {
          if (fields > 0)
            break;
          continue;
        }
      if (line[0] == ' ' || line[0] == '\t')
        continue;
      if (!split_field (line, len, &name_len, &value, &value_len))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("line %u is not a “Field: value” line"), reader.number);
          return NULL;
        }
      fields++;

      if (field_is (line, name_len, "Origin") && !release->origin)
        release->origin = value_dup (value, value_len);
      else if (field_is (line, name_len, "Label") && !release->label)
        release->label = value_dup (value, value_len);
      else if (field_is (line, name_len, "Suite") && !release->suite)
        release->suite = value_dup (value, value_len);
      else if (field_is (line, name_len, "Codename") && !release->codename)
        release->codename = value_dup (value, value_len);
      else if (field_is (line, name_len, "NotAutomatic"))
        release->not_automatic = value_is_yes (value, value_len);
      else if (field_is (line, name_len, "ButAutomaticUpgrades"))
        release->but_automatic_upgrades = value_is_yes (value, value_len);
    }

  if (release->suite == NULL && release->codename == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("it names no Suite or Codename"));
      return NULL;
    }

  return g_steal_pointer (&release);
}

/**
 * antam_apt_release_get_name:
 *
 * The suite as apt shows it ("bookworm-security" or "oldstable-security"):
 * the Suite, else the Codename.
 */
const char *
antam_apt_release_get_name (const AntamAptRelease *release)
{
  return release->suite ? release->suite : release->codename;
}

static gboolean
is_security_name (const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  return strstr (lower, "security") != NULL;
}

/* Debian: Suite "bookworm-security" / "oldstable-security", Label
 * "Debian-Security"; Ubuntu: "jammy-security", and ESM's
 * "jammy-apps-security". */
gboolean
antam_apt_release_is_security (const AntamAptRelease *release)
{
  return is_security_name (release->suite) || is_security_name (release->codename) ||
         is_security_name (release->label) || is_security_name (release->origin);
}

/**
 * antam_apt_packages_parse:
 * @func: called for each stanza; returns %FALSE to stop
 *
 * Reads the Package, Version and Architecture of each stanza of a Packages
 * file.  Anything that is not deb822 is refused as a whole: a damaged list
 * must not pass for a short one.
 */
gboolean
antam_apt_packages_parse (const char           *text,
                          gsize                 length,
                          AntamAptPackageFunc   func,
                          gpointer              user_data,
                          GError              **error)
{
  LineReader reader = { text, length, 0, 0 };
  const char *line;
  gsize len;
  g_autofree char *package = NULL;
  g_autofree char *version = NULL;
  g_autofree char *arch = NULL;
  guint stanza_line = 0;
  gboolean more = TRUE;

  if (has_nul (text, length))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("it is not a text file"));
      return FALSE;
    }

  while (more)
    {
      gsize name_len, value_len;
      const char *value;

      more = next_line (&reader, &line, &len);
      if (!more || is_blank (line, len))
        {
          if (package != NULL)
            {
              if (version == NULL)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("package “%s” (line %u) has no Version"), package, stanza_line);
                  return FALSE;
                }
              if (!func (package, version, arch, user_data))
                return TRUE;
            }
          else if (version != NULL || arch != NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the entry at line %u has no Package field"), stanza_line);
              return FALSE;
            }
          g_clear_pointer (&package, g_free);
          g_clear_pointer (&version, g_free);
          g_clear_pointer (&arch, g_free);
          stanza_line = 0;
          continue;
        }

      if (line[0] == ' ' || line[0] == '\t')
        {
          if (stanza_line == 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("line %u is not a “Field: value” line"), reader.number);
              return FALSE;
            }
          continue;
        }
      if (!split_field (line, len, &name_len, &value, &value_len))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("line %u is not a “Field: value” line"), reader.number);
          return FALSE;
        }
      if (stanza_line == 0)
        stanza_line = reader.number;

      if (field_is (line, name_len, "Package") && package == NULL)
        package = value_dup (value, value_len);
      else if (field_is (line, name_len, "Version") && version == NULL)
        version = value_dup (value, value_len);
      else if (field_is (line, name_len, "Architecture") && arch == NULL)
        arch = value_dup (value, value_len);
    }

  return TRUE;
}

static gboolean
gunzip (const char  *data,
        gsize        size,
        char       **contents,
        gsize       *length,
        GError     **error)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize in_pos = 0;
  guint8 buffer[64 * 1024];

  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult res;

      res = g_converter_convert (G_CONVERTER (decompressor), data + in_pos, size - in_pos,
                                 buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                 &read, &written, error);
      if (res == G_CONVERTER_ERROR)
        {
          g_prefix_error (error, _("the compressed data is damaged: "));
          return FALSE;
        }
      in_pos += read;
      g_byte_array_append (out, buffer, (guint) written);
      if (out->len > ANTAM_INVENTORY_MAX_FILE_SIZE)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("it is too large once decompressed"));
          return FALSE;
        }
      if (res == G_CONVERTER_FINISHED)
        break;
      if (read == 0 && written == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               _("the compressed data was cut short"));
          return FALSE;
        }
    }

  *length = out->len;
  g_byte_array_append (out, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

static const struct {
  const char *suffix;
  const char *program;
} decompressors[] = {
  { ".xz", "xz" },
  { ".lz4", "lz4" },
  { ".zst", "zstd" },
  { ".bz2", "bzip2" },
  { ".lzma", "xz" },
};

/**
 * antam_apt_read_list_file:
 *
 * Reads one file of the lists directory as text, decompressing it the way
 * apt stored it.  Gzip is done here; xz, lz4, zstd and bzip2 by their tools,
 * through the system view's runner.
 */
gboolean
antam_apt_read_list_file (AntamSysroot  *sysroot,
                          const char    *path,
                          char         **contents,
                          gsize         *length,
                          GError       **error)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *raw = NULL;
  gsize raw_len = 0;

  if (g_str_has_suffix (path, ".gz"))
    {
      if (!antam_sysroot_read_file (sysroot, path, ANTAM_APT_MAX_COMPRESSED_SIZE,
                                    &raw, &raw_len, error))
        return FALSE;
      return gunzip (raw, raw_len, contents, length, error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (decompressors); i++)
    {
      g_autofree char *program = NULL;
      g_autofree char *host = NULL;
      g_autofree char *output = NULL;
      int status = -1;

      if (!g_str_has_suffix (path, decompressors[i].suffix))
        continue;

      program = antam_sysroot_find_program (sysroot, decompressors[i].program);
      if (program == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("it is compressed and “%s” is not installed to read it"),
                       decompressors[i].program);
          return FALSE;
        }
      /* Refuse a huge or special file before a tool is let loose on it. */
      host = antam_sysroot_resolve (sysroot, path, error);
      if (host == NULL)
        return FALSE;
      if (!g_file_test (host, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                               _("it is not a regular file"));
          return FALSE;
        }
      {
        GStatBuf st;
        if (g_stat (host, &st) == 0 && (guint64) st.st_size > ANTAM_APT_MAX_COMPRESSED_SIZE)
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                 _("it is too large to read"));
            return FALSE;
          }
      }

      {
        const char *argv[] = { program, "-dc", host, NULL };
        if (!antam_sysroot_run (sysroot, argv, 60000, &output, &status, error))
          return FALSE;
      }
      if (status != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” could not decompress it: the file is damaged"),
                       decompressors[i].program);
          return FALSE;
        }
      *length = strlen (output);
      if (*length >= MAX_COMMAND_OUTPUT)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("it is too large once decompressed"));
          return FALSE;
        }
      *contents = g_steal_pointer (&output);
      return TRUE;
    }

  return antam_sysroot_read_file (sysroot, path, ANTAM_INVENTORY_MAX_FILE_SIZE,
                                  contents, length, error);
}

void
antam_update_free (AntamUpdate *update)
{
  if (update == NULL)
    return;
  g_free (update->name);
  g_free (update->arch);
  g_free (update->installed);
  g_free (update->candidate);
  g_free (update->origin);
  g_free (update);
}

/* Security first, then by name: the order the user reads them in. */
int
antam_update_compare (gconstpointer a,
                      gconstpointer b)
{
  const AntamUpdate *ua = *(const AntamUpdate * const *) a;
  const AntamUpdate *ub = *(const AntamUpdate * const *) b;
  int cmp;

  if (ua->security != ub->security)
    return ua->security ? -1 : 1;
  cmp = g_strcmp0 (ua->name, ub->name);
  return cmp ? cmp : g_strcmp0 (ua->arch, ub->arch);
}

typedef struct {
  char *version;
  GPtrArray *origins;   /* char*, unique, in the order met */
  gboolean security;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->version);
  g_ptr_array_unref (candidate->origins);
  g_free (candidate);
}

typedef struct {
  GHashTable *installed;     /* "name:arch" → AntamPackage (borrowed) */
  GHashTable *candidates;    /* "name:arch" → Candidate */
  GHashTable *backports;     /* same, from NotAutomatic-but-upgrades releases */
  const char *native_arch;
  const AntamAptRelease *release;
  const char *origin;
} Collect;

static char *
make_key (const char *name,
          const char *arch,
          const char *native_arch)
{
  /* apt treats Architecture: all as the native architecture, so a package
   * that moves between "all" and "amd64" is still the same package. */
  if (arch == NULL || g_str_equal (arch, "all"))
    arch = native_arch;
  return g_strconcat (name, ":", arch, NULL);
}

static gboolean
collect_package (const char *package,
                 const char *version,
                 const char *arch,
                 gpointer    user_data)
{
  Collect *collect = user_data;
  g_autofree char *key = make_key (package, arch, collect->native_arch);
  GHashTable *table = collect->candidates;
  Candidate *candidate;

  if (!g_hash_table_contains (collect->installed, key))
    return TRUE;

  if (collect->release && collect->release->not_automatic)
    {
      /* experimental: never a candidate on its own; backports: only for
       * what was installed from there. */
      if (!collect->release->but_automatic_upgrades)
        return TRUE;
      table = collect->backports;
    }

  candidate = g_hash_table_lookup (table, key);
  if (candidate == NULL || antam_debversion_compare (version, candidate->version) > 0)
    {
      candidate = g_new0 (Candidate, 1);
      candidate->version = g_strdup (version);
      candidate->origins = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_replace (table, g_steal_pointer (&key), candidate);
    }
  else if (antam_debversion_compare (version, candidate->version) < 0)
    return TRUE;

  if (!g_ptr_array_find_with_equal_func (candidate->origins, collect->origin, g_str_equal, NULL))
    g_ptr_array_add (candidate->origins, g_strdup (collect->origin));
  if (collect->release ? antam_apt_release_is_security (collect->release)
                       : is_security_name (collect->origin))
    candidate->security = TRUE;
  return TRUE;
}

static char *
join_origins (GPtrArray *origins)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < origins->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (origins, i));
    }
  return g_string_free (text, FALSE);
}

static char *
suite_from_list_name (const char *name)
{
  const char *dists = strstr (name, "_dists_");

  if (dists != NULL)
    {
      const char *suite = dists + strlen ("_dists_");
      return g_strndup (suite, strcspn (suite, "_"));
    }
  return g_strndup (name, strcspn (name, "_"));
}

static const char * const packages_suffixes[] = {
  "_Packages", "_Packages.gz", "_Packages.xz", "_Packages.lz4",
  "_Packages.zst", "_Packages.bz2", "_Packages.lzma",
};

static gsize
packages_base_length (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (packages_suffixes); i++)
    if (g_str_has_suffix (name, packages_suffixes[i]))
      return strlen (name) - strlen (packages_suffixes[i]) + strlen ("_Packages");
  return 0;
}

/* "deb.debian.org_debian_dists_bookworm_" from
 * "deb.debian.org_debian_dists_bookworm_InRelease". */
static char *
release_prefix (const char *name,
                gboolean   *inrelease)
{
  if (g_str_has_suffix (name, "_InRelease"))
    {
      *inrelease = TRUE;
      return g_strndup (name, strlen (name) - strlen ("InRelease"));
    }
  if (g_str_has_suffix (name, "_Release"))
    {
      *inrelease = FALSE;
      return g_strndup (name, strlen (name) - strlen ("Release"));
    }
  return NULL;
}

static void
update_time (AntamSysroot *sysroot,
             const char   *path,
             gint64       *newest)
{
  g_autofree char *host = antam_sysroot_resolve (sysroot, path, NULL);
  GStatBuf st;

  if (host != NULL && g_stat (host, &st) == 0 && (gint64) st.st_mtime > *newest)
    *newest = st.st_mtime;
}

/**
 * antam_apt_lists_get_time:
 *
 * When apt last fetched its lists, as far as the files tell: apt keeps
 * the server's dates on the lists themselves, but every update touches
 * the directory and partial/, and APT::Periodic leaves a stamp.
 *
 * Returns: a UNIX time, or 0 when unknown
 */
gint64
antam_apt_lists_get_time (AntamSysroot *sysroot)
{
  gint64 newest = 0;

  update_time (sysroot, ANTAM_APT_LISTS_DIR, &newest);
  update_time (sysroot, ANTAM_APT_LISTS_DIR "/partial", &newest);
  update_time (sysroot, "/var/lib/apt/periodic/update-success-stamp", &newest);
  return newest;
}

static const char *
native_arch_of (GPtrArray *packages)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_count = 0;

  /* dpkg is always of the native architecture. */
  for (guint i = 0; i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      if (g_strcmp0 (package->name, "dpkg") == 0 && package->arch && package->installed)
        return package->arch;
    }

  for (guint i = 0; i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      guint count;

      if (package->arch == NULL || g_str_equal (package->arch, "all"))
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, package->arch)) + 1;
      g_hash_table_insert (counts, package->arch, GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best = package->arch;
          best_count = count;
        }
    }
  return best ? best : "all";
}

/**
 * antam_apt_find_updates:
 * @packages: (element-type AntamPackage): the dpkg status
 * @problems: (element-type utf8): gets one line per list that could not be
 *   read; the others still count
 * @lists_time: (out) (optional): when the lists were last fetched, as a
 *   UNIX time, or 0 if unknown
 *
 * The updates apt would offer: for each installed package, the highest
 * version in the lists for its architecture, when it is newer than the
 * installed one.  Pins are not read: Debian and Ubuntu set none by default.
 *
 * Returns: (transfer full) (element-type AntamUpdate): the updates, the
 *   security ones first; %NULL when there are no lists to read at all
 */
GPtrArray *
antam_apt_find_updates (AntamSysroot  *sysroot,
                        GPtrArray     *packages,
                        GPtrArray     *problems,
                        gint64        *lists_time,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) candidates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) candidate_free);
  g_autoptr(GHashTable) backports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) candidate_free);
  g_autoptr(GHashTable) releases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) parsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) antam_apt_release_free);
  g_autoptr(GHashTable) seen_bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) updates = NULL;
  g_autoptr(GError) list_error = NULL;
  const char *native_arch = native_arch_of (packages);
  gint64 newest = 0;
  guint n_lists = 0, n_read = 0;
  GHashTableIter iter;
  gpointer key, value;

  names = antam_sysroot_list_dir (sysroot, ANTAM_APT_LISTS_DIR, &list_error);
  if (names == NULL)
    {
      if (g_error_matches (list_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("There are no package lists in /var/lib/apt/lists: the "
                               "package manager has never downloaded them"));
      else
        g_propagate_error (error, g_steal_pointer (&list_error));
      return NULL;
    }

  newest = antam_apt_lists_get_time (sysroot);

  for (guint i = 0; i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      if (package->installed && package->name && package->version)
        g_hash_table_insert (installed, make_key (package->name, package->arch, native_arch), package);
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gboolean inrelease = FALSE;
      char *prefix = release_prefix (name, &inrelease);

      if (prefix == NULL)
        continue;
      /* apt keeps one of the two; if both are there, InRelease is newer. */
      if (inrelease || !g_hash_table_contains (releases, prefix))
        g_hash_table_replace (releases, prefix, g_strdup (name));
      else
        g_free (prefix);
      {
        g_autofree char *path = g_build_filename (ANTAM_APT_LISTS_DIR, name, NULL);
        update_time (sysroot, path, &newest);
      }
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gsize base_len = packages_base_length (name);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *best_prefix = NULL;
      g_autofree char *host = NULL;
      g_autoptr(GError) local_error = NULL;
      const AntamAptRelease *release = NULL;
      g_autofree char *display = g_filename_display_name (name);
      gsize length = 0;
      Collect collect;

      if (base_len == 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      {
        g_autofree char *base = g_strndup (name, base_len);
        if (g_hash_table_contains (seen_bases, base))
          continue;
        g_hash_table_add (seen_bases, g_steal_pointer (&base));
      }
      n_lists++;

      /* The Release whose prefix is the longest prefix of this list. */
      g_hash_table_iter_init (&iter, releases);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_prefix (name, key) && (best_prefix == NULL || strlen (key) > strlen (best_prefix)))
          {
            g_free (best_prefix);
            best_prefix = g_strdup (key);
          }

      if (best_prefix != NULL)
        {
          const char *release_name = g_hash_table_lookup (releases, best_prefix);

          if (!g_hash_table_contains (parsed, release_name))
            {
              g_autofree char *release_path = g_build_filename (ANTAM_APT_LISTS_DIR, release_name, NULL);
              g_autofree char *release_text = NULL;
              g_autoptr(GError) release_error = NULL;
              gsize release_len = 0;
              AntamAptRelease *r = NULL;

              if (antam_sysroot_read_file (sysroot, release_path, ANTAM_APT_MAX_RELEASE_SIZE,
                                           &release_text, &release_len, &release_error))
                r = antam_apt_release_parse (release_text, release_len, &release_error);
              if (r == NULL)
                {
                  g_autofree char *release_display = g_filename_display_name (release_name);
                  /* The packages still count, under the suite in the file name. */
                  g_ptr_array_add (problems,
                                   g_strdup_printf (_("%s: %s; the suite is taken from the file name"),
                                                    release_display, release_error->message));
                }
              else
                r->file = g_strdup (release_path);
              g_hash_table_insert (parsed, g_strdup (release_name), r);
            }
          release = g_hash_table_lookup (parsed, release_name);
        }

      /* Without a usable Release, the file name still says the suite
       * ("…_dists_bookworm-security_…"), or at least the host. */
      host = suite_from_list_name (name);

      path = g_build_filename (ANTAM_APT_LISTS_DIR, name, NULL);
      if (!antam_apt_read_list_file (sysroot, path, &text, &length, &local_error))
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s: %s", display, local_error->message));
          continue;
        }

      collect = (Collect) {
        .installed = installed,
        .candidates = candidates,
        .backports = backports,
        .native_arch = native_arch,
        .release = release,
        .origin = release ? antam_apt_release_get_name (release) : host,
      };
      if (!antam_apt_packages_parse (text, length, collect_package, &collect, &local_error))
        {
          /* What was read before the damage would be a partial answer:
           * the list as a whole is reported unreadable. */
          g_ptr_array_add (problems, g_strdup_printf ("%s: %s", display, local_error->message));
          continue;
        }
      n_read++;
    }

  if (n_lists == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There are no package lists in /var/lib/apt/lists: the "
                             "package manager has never downloaded them"));
      return NULL;
    }
  if (n_read == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("None of the package lists in /var/lib/apt/lists could be read"));
      return NULL;
    }

  updates = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_update_free);
  g_hash_table_iter_init (&iter, installed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AntamPackage *package = value;
      Candidate *candidate = g_hash_table_lookup (candidates, key);
      Candidate *backport = g_hash_table_lookup (backports, key);
      AntamUpdate *update;

      /* A backport is followed only by what already came from there. */
      if (backport != NULL &&
          (candidate == NULL || antam_debversion_compare (package->version, candidate->version) > 0))
        candidate = backport;

      if (candidate == NULL || antam_debversion_compare (candidate->version, package->version) <= 0)
        continue;

      update = g_new0 (AntamUpdate, 1);
      update->name = g_strdup (package->name);
      update->arch = g_strdup (package->arch);
      update->installed = g_strdup (package->version);
      update->candidate = g_strdup (candidate->version);
      update->origin = join_origins (candidate->origins);
      update->security = candidate->security;
      g_ptr_array_add (updates, update);
    }
  g_ptr_array_sort (updates, antam_update_compare);

  if (lists_time)
    *lists_time = newest;
  return g_steal_pointer (&updates);
}
