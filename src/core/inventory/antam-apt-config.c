/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-apt-config.h"

typedef struct {
  char *value;          /* NULL when only a list was given */
  char *file;           /* where the value was set */
  GPtrArray *list;      /* char*, NULL-terminated, or NULL */
} Entry;

struct _AntamAptConfig
{
  GHashTable *entries;  /* lower-case key → Entry */
};

static void
entry_free (Entry *entry)
{
  g_free (entry->value);
  g_free (entry->file);
  g_clear_pointer (&entry->list, g_ptr_array_unref);
  g_free (entry);
}

AntamAptConfig *
antam_apt_config_new (void)
{
  AntamAptConfig *config = g_new0 (AntamAptConfig, 1);

  config->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) entry_free);
  return config;
}

void
antam_apt_config_free (AntamAptConfig *config)
{
  if (config == NULL)
    return;
  g_hash_table_unref (config->entries);
  g_free (config);
}

static Entry *
ensure_entry (AntamAptConfig *config,
              const char     *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);
  Entry *entry = g_hash_table_lookup (config->entries, lower);

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (config->entries, g_steal_pointer (&lower), entry);
    }
  return entry;
}

static void
set_value (AntamAptConfig *config,
           const char     *key,
           const char     *value,
           const char     *file)
{
  Entry *entry = ensure_entry (config, key);

  g_free (entry->value);
  entry->value = g_strdup (value);
  g_free (entry->file);
  entry->file = g_strdup (file);
}

static void
add_list_item (AntamAptConfig *config,
               const char     *key,
               const char     *value,
               const char     *file)
{
  Entry *entry = ensure_entry (config, key);

  if (entry->list == NULL)
    {
      entry->list = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (entry->list, NULL);
    }
  g_ptr_array_insert (entry->list, (gint) entry->list->len - 1, g_strdup (value));
  if (entry->file == NULL || entry->value == NULL)
    {
      g_free (entry->file);
      entry->file = g_strdup (file);
    }
}

/* "#clear Unattended-Upgrade::Origins-Pattern" empties a key and its subtree. */
static void
clear_key (AntamAptConfig *config,
           const char     *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);
  g_autofree char *prefix = g_strconcat (lower, "::", NULL);
  GHashTableIter iter;
  gpointer k;

  g_hash_table_iter_init (&iter, config->entries);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    if (g_str_equal (k, lower) || g_str_has_prefix (k, prefix))
      g_hash_table_iter_remove (&iter);
}

typedef struct {
  char *text;
  gboolean quoted;
} Token;

static void
token_free (Token *token)
{
  g_free (token->text);
  g_free (token);
}

static char *
scoped_key (GPtrArray  *scopes,
            const char *tag)
{
  if (scopes->len == 0)
    return g_strdup (tag);
  if (tag == NULL || *tag == '\0')
    return g_strdup (g_ptr_array_index (scopes, scopes->len - 1));
  return g_strconcat (g_ptr_array_index (scopes, scopes->len - 1), "::", tag, NULL);
}

static gboolean
syntax_error (GError    **error,
              guint       line,
              const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("syntax error at line %u: %s"), line, what);
  return FALSE;
}

/* One statement ends at ';', '{' or '}'. */
static gboolean
flush_statement (AntamAptConfig *config,
                 GPtrArray      *scopes,
                 GPtrArray      *tokens,
                 const char     *file,
                 guint           line,
                 GError        **error)
{
  Token *first;

  if (tokens->len == 0)
    return TRUE;
  first = g_ptr_array_index (tokens, 0);

  if (tokens->len == 1 && first->quoted)
    {
      /* A bare value inside a block is an item of the block's list. */
      g_autofree char *key = NULL;

      if (scopes->len == 0)
        return syntax_error (error, line, _("a value without a name"));
      key = scoped_key (scopes, NULL);
      add_list_item (config, key, first->text, file);
    }
  else if (first->quoted)
    return syntax_error (error, line, _("a name in quotes"));
  else
    {
      g_autofree char *key = scoped_key (scopes, first->text);
      const char *value = "";

      if (tokens->len > 2)
        return syntax_error (error, line, _("more than one value"));
      if (tokens->len == 2)
        value = ((Token *) g_ptr_array_index (tokens, 1))->text;
      set_value (config, key, value, file);
    }

  g_ptr_array_set_size (tokens, 0);
  return TRUE;
}

/**
 * antam_apt_config_parse:
 * @file: the file name, remembered with each value it sets
 *
 * apt.conf(5) syntax: "A::B "v";", nested "A { B "v"; };" blocks, lists
 * of bare values in a block, comments "//", "/∗ ∗/" and "#", and the
 * "#clear" directive.  On a syntax error the values read before it are kept
 * (as apt keeps them) and %FALSE is returned.
 */
gboolean
antam_apt_config_parse (AntamAptConfig  *config,
                        const char      *text,
                        gsize            length,
                        const char      *file,
                        GError         **error)
{
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
  const char *p = text;
  const char *end = text + length;
  guint line = 1;

  if (memchr (text, '\0', length) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("it is not a text file"));
      return FALSE;
    }

  while (p < end)
    {
      char c = *p;

      if (c == '\n')
        {
          line++;
          p++;
          continue;
        }
      if (g_ascii_isspace (c))
        {
          p++;
          continue;
        }

      if (c == '/' && p + 1 < end && p[1] == '/')
        {
          while (p < end && *p != '\n')
            p++;
          continue;
        }
      if (c == '/' && p + 1 < end && p[1] == '*')
        {
          guint start = line;

          p += 2;
          while (p + 1 < end && !(p[0] == '*' && p[1] == '/'))
            {
              if (*p == '\n')
                line++;
              p++;
            }
          if (p + 1 >= end)
            return syntax_error (error, start, _("a comment that never ends"));
          p += 2;
          continue;
        }
      if (c == '#')
        {
          const char *eol = memchr (p, '\n', end - p);
          g_autofree char *directive = g_strndup (p, (eol ? eol : end) - p);

          if (g_str_has_prefix (directive, "#clear") && g_ascii_isspace (directive[6]))
            {
              char *name = g_strstrip (directive + 6);
              gsize n = strlen (name);

              if (n > 0 && name[n - 1] == ';')
                name[n - 1] = '\0';
              g_strstrip (name);
              if (*name)
                {
                  g_autofree char *key = scoped_key (scopes, name);
                  clear_key (config, key);
                }
            }
          /* "#include" would read another file; apt's default files use
           * none, and following paths from a foreign root is not safe. */
          p = eol ? eol : end;
          continue;
        }

      if (c == '"')
        {
          const char *close;
          Token *token;

          p++;
          close = memchr (p, '"', end - p);
          if (close == NULL)
            return syntax_error (error, line, _("a quote that never ends"));
          token = g_new0 (Token, 1);
          token->text = g_utf8_make_valid (p, close - p);
          token->quoted = TRUE;
          for (const char *q = p; q < close; q++)
            if (*q == '\n')
              line++;
          g_ptr_array_add (tokens, token);
          p = close + 1;
          continue;
        }

      if (c == ';')
        {
          if (!flush_statement (config, scopes, tokens, file, line, error))
            return FALSE;
          p++;
          continue;
        }

      if (c == '{')
        {
          Token *tag;
          g_autofree char *key = NULL;

          if (tokens->len == 0)
            return syntax_error (error, line, _("a block without a name"));
          tag = g_ptr_array_index (tokens, 0);
          if (tag->quoted || tokens->len > 2)
            return syntax_error (error, line, _("a block without a name"));
          key = scoped_key (scopes, tag->text);
          if (tokens->len == 2)
            set_value (config, key, ((Token *) g_ptr_array_index (tokens, 1))->text, file);
          g_ptr_array_add (scopes, g_steal_pointer (&key));
          g_ptr_array_set_size (tokens, 0);
          p++;
          continue;
        }

      if (c == '}')
        {
          if (!flush_statement (config, scopes, tokens, file, line, error))
            return FALSE;
          if (scopes->len == 0)
            return syntax_error (error, line, _("a “}” without its “{”"));
          g_ptr_array_remove_index (scopes, scopes->len - 1);
          p++;
          continue;
        }

      /* An unquoted word: a name, or an old-style unquoted value. */
      {
        const char *start = p;
        Token *token;

        while (p < end && !g_ascii_isspace (*p) && *p != ';' && *p != '{' && *p != '}' &&
               *p != '"' && *p != '#' && !(*p == '/' && p + 1 < end && (p[1] == '/' || p[1] == '*')))
          p++;
        token = g_new0 (Token, 1);
        token->text = g_utf8_make_valid (start, p - start);
        g_ptr_array_add (tokens, token);
      }
    }

  if (scopes->len > 0)
    return syntax_error (error, line, _("a “{” without its “}”"));
  if (tokens->len > 0)
    return syntax_error (error, line, _("the last setting has no “;”"));
  return TRUE;
}

static Entry *
lookup (AntamAptConfig *config,
        const char     *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);
  return g_hash_table_lookup (config->entries, lower);
}

/**
 * antam_apt_config_get:
 *
 * Returns: (nullable): the value of @key, or %NULL when it is not set
 */
const char *
antam_apt_config_get (AntamAptConfig *config,
                      const char     *key)
{
  Entry *entry = lookup (config, key);
  return entry ? entry->value : NULL;
}

const char *
antam_apt_config_get_file (AntamAptConfig *config,
                           const char     *key)
{
  Entry *entry = lookup (config, key);
  return entry ? entry->file : NULL;
}

/**
 * antam_apt_config_get_list:
 *
 * Returns: (nullable): the items of the list @key, or %NULL when it has none
 */
const char * const *
antam_apt_config_get_list (AntamAptConfig *config,
                           const char     *key)
{
  Entry *entry = lookup (config, key);
  return entry && entry->list ? (const char * const *) entry->list->pdata : NULL;
}

/**
 * antam_apt_config_is_part_name:
 *
 * Whether apt reads a file of that name in apt.conf.d: only letters,
 * digits, "_", "-" and "."; no extension or ".conf".  "foo.dpkg-old" and
 * "foo.disabled" are ignored, as apt ignores them.
 */
gboolean
antam_apt_config_is_part_name (const char *name)
{
  const char *dot;

  if (name[0] == '\0' || name[0] == '.')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  dot = strrchr (name, '.');
  return dot == NULL || g_str_equal (dot, ".conf");
}

static void
read_one (AntamSysroot   *sysroot,
          AntamAptConfig *config,
          const char     *path,
          GPtrArray      *problems)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, path, ANTAM_APT_CONFIG_MAX_FILE_SIZE, &text, &length, &error))
    {
      /* apt skips what is not a regular file, and a missing apt.conf is normal. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE))
        g_ptr_array_add (problems, g_strdup (error->message));
      return;
    }
  if (!antam_apt_config_parse (config, text, length, path, &error))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_ptr_array_add (problems, g_strdup_printf ("%s: %s", display, error->message));
    }
}

/**
 * antam_apt_config_read:
 * @problems: (element-type utf8): gets one line per file that could not be
 *   read or parsed
 *
 * Returns: (transfer full): what apt would see; never %NULL
 */
AntamAptConfig *
antam_apt_config_read (AntamSysroot *sysroot,
                       GPtrArray    *problems)
{
  AntamAptConfig *config = antam_apt_config_new ();
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;

  names = antam_sysroot_list_dir (sysroot, "/etc/apt/apt.conf.d", &error);
  if (names == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_ptr_array_add (problems, g_strdup (error->message));

  for (guint i = 0; names && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;

      if (!antam_apt_config_is_part_name (name))
        continue;
      path = g_build_filename ("/etc/apt/apt.conf.d", name, NULL);
      read_one (sysroot, config, path, problems);
    }
  read_one (sysroot, config, "/etc/apt/apt.conf", problems);

  return config;
}
