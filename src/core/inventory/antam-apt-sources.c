/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-apt-lists.h"
#include "inventory/antam-apt-sources.h"
#include "util/antam-url.h"

void
antam_apt_source_free (AntamAptSource *source)
{
  if (source == NULL)
    return;
  g_free (source->file);
  g_strfreev (source->types);
  g_strfreev (source->uris);
  g_strfreev (source->suites);
  g_strfreev (source->components);
  g_free (source);
}

gboolean
antam_apt_source_has_type (const AntamAptSource *source,
                           const char           *type)
{
  return source->types && g_strv_contains ((const char * const *) source->types, type);
}

/* Debian 11+ and Ubuntu: "bookworm-security", "jammy-security"; Debian 10
 * and older: "buster/updates" on security.debian.org. */
gboolean
antam_apt_suite_is_security (const char *suite)
{
  g_autofree char *lower = NULL;

  if (suite == NULL)
    return FALSE;
  lower = g_ascii_strdown (suite, -1);
  return g_str_has_suffix (lower, "-security") || g_str_has_suffix (lower, "/updates") ||
         g_str_has_suffix (lower, "/updates/");
}

/**
 * antam_apt_sources_get_security:
 * @sources: (element-type AntamAptSource): as antam_apt_sources_read() gives them
 *
 * Returns: whether a security suite is among the enabled sources, and if
 *   not, whether that is because the system follows unstable (whose fixes
 *   come in the suite itself) or has no source at all
 */
AntamAptSecurity
antam_apt_sources_get_security (GPtrArray *sources)
{
  gboolean only_unstable = TRUE;
  guint n_enabled = 0;

  for (guint i = 0; sources && i < sources->len; i++)
    {
      AntamAptSource *source = g_ptr_array_index (sources, i);

      if (!source->enabled)
        continue;
      n_enabled++;
      for (guint s = 0; source->suites && source->suites[s]; s++)
        {
          const char *suite = source->suites[s];

          if (antam_apt_source_has_type (source, "deb") && antam_apt_suite_is_security (suite))
            return ANTAM_APT_SECURITY_INCLUDED;
          if (!g_str_equal (suite, "sid") && !g_str_equal (suite, "unstable") &&
              !g_str_equal (suite, "experimental"))
            only_unstable = FALSE;
        }
    }
  if (n_enabled == 0)
    return ANTAM_APT_SECURITY_NO_SOURCE;
  return only_unstable ? ANTAM_APT_SECURITY_ROLLING : ANTAM_APT_SECURITY_MISSING;
}

/* apt's URItoFileName(): no scheme, no user or password, these bytes and
 * any outside printable ASCII as %xx, then every "/" as "_". */
static void
append_quoted (GString    *out,
               const char *text)
{
  static const char bad[] = "\\|{}[]<>\"^~_=!@#$%^&*";

  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (*p == '/')
        g_string_append_c (out, '_');
      else if (*p <= 0x20 || *p >= 0x7f || strchr (bad, *p) != NULL)
        g_string_append_printf (out, "%%%02x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
}

/**
 * antam_apt_source_list_prefix:
 * @uri: as written in the sources, "http://deb.debian.org/debian"
 * @suite: "bookworm", or a flat repository's path ending in "/"
 *
 * The start of the names apt gives the lists of one suite in
 * /var/lib/apt/lists: "deb.debian.org_debian_dists_bookworm_", to which it
 * adds "InRelease" or "main_binary-amd64_Packages".
 *
 * Returns: (transfer full) (nullable): the prefix; %NULL for a suite apt
 *   expands ("$(ARCH)") or a CD-ROM, whose lists are kept elsewhere
 */
char *
antam_apt_source_list_prefix (const char *uri,
                              const char *suite)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  const char *rest = uri;
  const char *colon = strchr (uri, ':');
  const char *slash;
  const char *at;

  if (g_str_has_prefix (uri, "cdrom:") || strstr (suite, "$(") != NULL)
    return NULL;

  /* "mirror+file:/etc/…" keeps its path; "https://user:pw@host:port/…"
   * keeps "host:port/…". */
  if (colon != NULL && strcspn (uri, "/") > (gsize) (colon - uri))
    rest = colon + 1;
  if (g_str_has_prefix (rest, "//"))
    {
      rest += 2;
      slash = strchr (rest, '/');
      at = memchr (rest, '@', slash ? (gsize) (slash - rest) : strlen (rest));
      if (at != NULL)
        rest = at + 1;
    }

  g_string_append (path, rest);
  if (path->len == 0 || path->str[path->len - 1] != '/')
    g_string_append_c (path, '/');
  if (g_str_has_suffix (suite, "/"))
    g_string_append (path, suite);
  else
    g_string_append_printf (path, "dists/%s/", suite);

  append_quoted (name, path->str);
  return g_strdup (name->str);
}

/**
 * antam_apt_sources_find_unfetched:
 * @sources: (element-type AntamAptSource): as antam_apt_sources_read() gives them
 *
 * The enabled suites whose Release apt never stored: added to the sources
 * and never downloaded, or failing ever since.  Their packages are in no
 * list, so no update from them can be seen.
 *
 * Returns: (transfer full) (element-type AntamAptSource): one entry for each
 *   such URI and suite, with the file and line that name it; %NULL when the
 *   lists dir cannot be listed
 */
GPtrArray *
antam_apt_sources_find_unfetched (AntamSysroot  *sysroot,
                                  GPtrArray     *sources,
                                  GError       **error)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, ANTAM_APT_LISTS_DIR, error);
  g_autoptr(GHashTable) present = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *unfetched;

  if (names == NULL)
    return NULL;

  present = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < names->len; i++)
    g_hash_table_add (present, g_ptr_array_index (names, i));

  unfetched = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_apt_source_free);
  for (guint i = 0; sources && i < sources->len; i++)
    {
      AntamAptSource *source = g_ptr_array_index (sources, i);

      if (!source->enabled || !antam_apt_source_has_type (source, "deb"))
        continue;
      for (guint u = 0; source->uris && source->uris[u]; u++)
        for (guint s = 0; source->suites && source->suites[s]; s++)
          {
            g_autofree char *prefix = antam_apt_source_list_prefix (source->uris[u], source->suites[s]);
            g_autofree char *inrelease = NULL;
            g_autofree char *release = NULL;
            AntamAptSource *missing;

            if (prefix == NULL || g_hash_table_contains (seen, prefix))
              continue;
            inrelease = g_strconcat (prefix, "InRelease", NULL);
            release = g_strconcat (prefix, "Release", NULL);
            if (g_hash_table_contains (present, inrelease) || g_hash_table_contains (present, release))
              continue;
            g_hash_table_add (seen, g_steal_pointer (&prefix));

            missing = g_new0 (AntamAptSource, 1);
            missing->file = g_strdup (source->file);
            missing->line = source->line;
            missing->deb822 = source->deb822;
            missing->enabled = TRUE;
            missing->types = g_strdupv ((char **) (const char * const[]) { "deb", NULL });
            missing->uris = g_strdupv ((char **) (const char * const[]) { source->uris[u], NULL });
            missing->suites = g_strdupv ((char **) (const char * const[]) { source->suites[s], NULL });
            missing->components = g_strdupv (source->components);
            g_ptr_array_add (unfetched, missing);
          }
    }
  return unfetched;
}

static char **
split_words (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, " \t\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static void
add_problem (GPtrArray  *problems,
             const char *file,
             guint       line,
             const char *what)
{
  g_autofree char *display = g_filename_display_name (file);

  if (problems)
    g_ptr_array_add (problems, g_strdup_printf (_("%s, line %u: %s"), display, line, what));
}

/**
 * antam_apt_sources_parse_list:
 * @problems: (element-type utf8) (nullable): gets a line for each entry apt
 *   would reject
 *
 * The one-line format of sources.list(5):
 * "deb [ option=value ... ] URI SUITE [COMPONENT...]".
 *
 * Returns: (transfer full) (element-type AntamAptSource): the entries
 */
GPtrArray *
antam_apt_sources_parse_list (const char *text,
                              gsize       length,
                              const char *file,
                              GPtrArray  *problems)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_apt_source_free);
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;

  if (memchr (text, '\0', length) != NULL)
    {
      add_problem (problems, file, 1, _("it is not a text file"));
      return sources;
    }

  copy = g_strndup (text, length);
  lines = g_strsplit (copy, "\n", -1);
  for (guint l = 0; lines[l]; l++)
    {
      char *line = lines[l];
      char *hash = strchr (line, '#');
      g_auto(GStrv) words = NULL;
      g_autoptr(AntamAptSource) source = NULL;
      guint w = 0, n;

      if (hash)
        *hash = '\0';

      /* "[ arch=amd64 signed-by=/k.gpg ]" is one group of options. */
      {
        char *open = strchr (line, '[');
        if (open != NULL)
          {
            char *close = strchr (open, ']');
            if (close == NULL)
              {
                add_problem (problems, file, l + 1, _("an option list without its “]”"));
                continue;
              }
            memset (open, ' ', close - open + 1);
          }
      }

      words = split_words (line);
      n = g_strv_length (words);
      if (n == 0)
        continue;

      if (!g_str_equal (words[0], "deb") && !g_str_equal (words[0], "deb-src"))
        {
          add_problem (problems, file, l + 1, _("it does not start with “deb” or “deb-src”"));
          continue;
        }
      if (n < 3)
        {
          add_problem (problems, file, l + 1, _("an address or a suite is missing"));
          continue;
        }

      source = g_new0 (AntamAptSource, 1);
      source->file = g_strdup (file);
      source->line = l + 1;
      source->enabled = TRUE;
      source->types = g_new0 (char *, 2);
      source->types[0] = g_utf8_make_valid (words[w++], -1);
      source->uris = g_new0 (char *, 2);
      source->uris[0] = g_utf8_make_valid (words[w++], -1);
      source->suites = g_new0 (char *, 2);
      source->suites[0] = g_utf8_make_valid (words[w++], -1);
      source->components = g_new0 (char *, n - w + 1);
      for (guint c = 0; w < n; w++, c++)
        source->components[c] = g_utf8_make_valid (words[w], -1);
      g_ptr_array_add (sources, g_steal_pointer (&source));
    }

  return sources;
}

typedef struct {
  guint line;
  GString *types, *uris, *suites, *components, *enabled;
  GString *current;
  gboolean any;
} Stanza;

static void
stanza_reset (Stanza *stanza)
{
  g_string_truncate (stanza->types, 0);
  g_string_truncate (stanza->uris, 0);
  g_string_truncate (stanza->suites, 0);
  g_string_truncate (stanza->components, 0);
  g_string_truncate (stanza->enabled, 0);
  stanza->current = NULL;
  stanza->any = FALSE;
  stanza->line = 0;
}

static void
stanza_flush (Stanza     *stanza,
              const char *file,
              GPtrArray  *sources,
              GPtrArray  *problems)
{
  AntamAptSource *source;
  g_autofree char *enabled = NULL;

  if (!stanza->any)
    return;

  if (stanza->types->len == 0 || stanza->uris->len == 0 || stanza->suites->len == 0)
    {
      add_problem (problems, file, stanza->line,
                   _("the entry lacks Types, URIs or Suites"));
      stanza_reset (stanza);
      return;
    }

  source = g_new0 (AntamAptSource, 1);
  source->file = g_strdup (file);
  source->line = stanza->line;
  source->deb822 = TRUE;
  enabled = g_ascii_strdown (g_strstrip (stanza->enabled->str), -1);
  source->enabled = !(g_str_equal (enabled, "no") || g_str_equal (enabled, "false") ||
                      g_str_equal (enabled, "0"));
  source->types = split_words (stanza->types->str);
  source->uris = split_words (stanza->uris->str);
  source->suites = split_words (stanza->suites->str);
  source->components = split_words (stanza->components->str);
  g_ptr_array_add (sources, source);
  stanza_reset (stanza);
}

/**
 * antam_apt_sources_parse_deb822:
 *
 * The DEB822 format of sources.list(5): one stanza an entry, several URIs
 * and suites an entry, "Enabled: no" to switch one off.
 *
 * Returns: (transfer full) (element-type AntamAptSource): the entries
 */
GPtrArray *
antam_apt_sources_parse_deb822 (const char *text,
                                gsize       length,
                                const char *file,
                                GPtrArray  *problems)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_apt_source_free);
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  Stanza stanza = { 0 };

  if (memchr (text, '\0', length) != NULL)
    {
      add_problem (problems, file, 1, _("it is not a text file"));
      return sources;
    }

  stanza.types = g_string_new (NULL);
  stanza.uris = g_string_new (NULL);
  stanza.suites = g_string_new (NULL);
  stanza.components = g_string_new (NULL);
  stanza.enabled = g_string_new (NULL);

  copy = g_strndup (text, length);
  lines = g_strsplit (copy, "\n", -1);
  for (guint l = 0; lines[l]; l++)
    {
      char *line = lines[l];
      gsize len = strlen (line);
      char *colon;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      /* Comments may sit anywhere in a stanza without ending it. */
      if (line[0] == '#')
        continue;
      {
        g_autofree char *stripped = g_strstrip (g_strdup (line));
        if (stripped[0] == '\0')
          {
            stanza_flush (&stanza, file, sources, problems);
            continue;
          }
      }

      if (line[0] == ' ' || line[0] == '\t')
        {
          if (stanza.current == NULL)
            {
              if (stanza.any)
                continue;
              add_problem (problems, file, l + 1, _("a continuation line outside an entry"));
              continue;
            }
          g_string_append_c (stanza.current, ' ');
          g_string_append (stanza.current, line);
          continue;
        }

      colon = strchr (line, ':');
      if (colon == NULL || colon == line)
        {
          add_problem (problems, file, l + 1, _("it is not a “Field: value” line"));
          continue;
        }
      *colon = '\0';
      if (!stanza.any)
        stanza.line = l + 1;
      stanza.any = TRUE;
      stanza.current = NULL;
      if (g_ascii_strcasecmp (line, "Types") == 0)
        stanza.current = stanza.types;
      else if (g_ascii_strcasecmp (line, "URIs") == 0)
        stanza.current = stanza.uris;
      else if (g_ascii_strcasecmp (line, "Suites") == 0)
        stanza.current = stanza.suites;
      else if (g_ascii_strcasecmp (line, "Components") == 0)
        stanza.current = stanza.components;
      else if (g_ascii_strcasecmp (line, "Enabled") == 0)
        stanza.current = stanza.enabled;
      if (stanza.current)
        {
          g_string_truncate (stanza.current, 0);
          g_string_append (stanza.current, colon + 1);
        }
    }
  stanza_flush (&stanza, file, sources, problems);

  g_string_free (stanza.types, TRUE);
  g_string_free (stanza.uris, TRUE);
  g_string_free (stanza.suites, TRUE);
  g_string_free (stanza.components, TRUE);
  g_string_free (stanza.enabled, TRUE);

  /* Values were made of raw bytes; what is shown must be UTF-8. */
  for (guint i = 0; i < sources->len; i++)
    {
      AntamAptSource *source = g_ptr_array_index (sources, i);
      char **fields[] = { source->types, source->uris, source->suites, source->components };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        for (guint j = 0; fields[f] && fields[f][j]; j++)
          if (!g_utf8_validate (fields[f][j], -1, NULL))
            {
              char *valid = g_utf8_make_valid (fields[f][j], -1);
              g_free (fields[f][j]);
              fields[f][j] = valid;
            }
    }

  return sources;
}

/**
 * antam_apt_sources_is_file_name:
 *
 * Whether apt reads that file of sources.list.d: letters, digits, "_",
 * "-" and ".", ending in ".list" or ".sources"; "x.list.save" or
 * "x.list.disabled" are ignored by apt, and so here.
 */
gboolean
antam_apt_sources_is_file_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return g_str_has_suffix (name, ".list") || g_str_has_suffix (name, ".sources");
}

static void
read_file (AntamSysroot *sysroot,
           const char   *path,
           gboolean      deb822,
           GPtrArray    *sources,
           GPtrArray    *problems,
           gboolean     *any_file)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, path, ANTAM_APT_SOURCES_MAX_FILE_SIZE, &text, &length, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_ptr_array_add (problems, g_strdup (error->message));
      return;
    }
  *any_file = TRUE;

  found = deb822 ? antam_apt_sources_parse_deb822 (text, length, path, problems)
                 : antam_apt_sources_parse_list (text, length, path, problems);
  g_ptr_array_extend_and_steal (sources, g_steal_pointer (&found));
}

/**
 * antam_apt_sources_read:
 * @problems: (element-type utf8): gets one line for each file or entry that
 *   could not be read
 *
 * Returns: (transfer full) (element-type AntamAptSource): the entries, in
 *   apt's order; %NULL with %G_IO_ERROR_NOT_FOUND when the system has no
 *   apt sources at all
 */
GPtrArray *
antam_apt_sources_read (AntamSysroot  *sysroot,
                        GPtrArray     *problems,
                        GError       **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_apt_source_free);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean any_file = FALSE;

  read_file (sysroot, "/etc/apt/sources.list", FALSE, sources, problems, &any_file);

  names = antam_sysroot_list_dir (sysroot, "/etc/apt/sources.list.d", &local_error);
  if (names == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_ptr_array_add (problems, g_strdup (local_error->message));

  for (guint i = 0; names && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;

      if (!antam_apt_sources_is_file_name (name))
        continue;
      path = g_build_filename ("/etc/apt/sources.list.d", name, NULL);
      read_file (sysroot, path, g_str_has_suffix (name, ".sources"), sources, problems, &any_file);
    }

  if (!any_file && !antam_sysroot_exists (sysroot, "/etc/apt"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This system does not use apt"));
      return NULL;
    }
  return g_steal_pointer (&sources);
}

/**
 * antam_apt_source_expand_uri:
 *
 * The addresses an entry really downloads from.  "mirror+file:/etc/apt/m.list"
 * names a file of mirror addresses (one a line, then tab-separated
 * metadata), read under the root; "mirror+http://…" names a list on a
 * server, which cannot be read offline: its own address stands for it.
 *
 * Returns: (transfer full): the addresses; empty when a mirror file cannot
 *   be read
 */
char **
antam_apt_source_expand_uri (AntamSysroot *sysroot,
                             const char   *uri)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);

  if (g_str_has_prefix (uri, "mirror+file:"))
    {
      const char *path = uri + strlen ("mirror+file:");
      g_autofree char *text = NULL;

      /* "mirror+file:///etc/…" and "mirror+file:/etc/…" are both seen. */
      while (path[0] == '/' && path[1] == '/')
        path++;
      if (path[0] == '/' &&
          antam_sysroot_read_file (sysroot, path, ANTAM_APT_SOURCES_MAX_FILE_SIZE, &text, NULL, NULL))
        {
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          for (guint i = 0; lines[i]; i++)
            {
              g_auto(GStrv) words = split_words (lines[i]);

              if (words[0] == NULL || words[0][0] == '#' ||
                  g_ptr_array_find_with_equal_func (uris, words[0], g_str_equal, NULL))
                continue;
              g_ptr_array_add (uris, g_utf8_make_valid (words[0], -1));
            }
        }
    }
  else if (g_str_has_prefix (uri, "mirror+"))
    g_ptr_array_add (uris, g_strdup (uri + strlen ("mirror+")));
  else if (g_str_has_prefix (uri, "tor+"))
    g_ptr_array_add (uris, g_strdup (uri + strlen ("tor+")));
  else
    g_ptr_array_add (uris, g_strdup (uri));

  g_ptr_array_add (uris, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&uris), FALSE);
}

/**
 * antam_apt_source_uri_hosts:
 *
 * Returns: (transfer full): the hosts of antam_apt_source_expand_uri(),
 *   lower-case; empty for a local "file:" or "cdrom:" source
 */
char **
antam_apt_source_uri_hosts (AntamSysroot *sysroot,
                            const char   *uri)
{
  g_auto(GStrv) uris = antam_apt_source_expand_uri (sysroot, uri);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; uris[i]; i++)
    {
      g_autofree char *host = antam_url_get_host (uris[i]);

      if (host && !g_ptr_array_find_with_equal_func (hosts, host, g_str_equal, NULL))
        g_ptr_array_add (hosts, g_steal_pointer (&host));
    }
  g_ptr_array_add (hosts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&hosts), FALSE);
}
