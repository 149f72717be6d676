/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "util/antam-ini.h"

typedef struct {
  char *section;
  char *key;
  char *value;
} IniEntry;

struct _AntamIni
{
  GPtrArray *entries;
};

static void
ini_entry_free (IniEntry *entry)
{
  g_free (entry->section);
  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

void
antam_ini_free (AntamIni *ini)
{
  if (ini == NULL)
    return;
  g_ptr_array_unref (ini->entries);
  g_free (ini);
}

AntamIni *
antam_ini_parse (const char  *text,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(AntamIni) ini = g_new0 (AntamIni, 1);
  g_autofree char *section = g_strdup ("");
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  ini->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ini_entry_free);

  if (memchr (text, '\0', length) != NULL || !g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is not text"));
      return NULL;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals;
      IniEntry *entry;

      if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
        continue;

      if (line[0] == '[')
        {
          gsize len = strlen (line);

          if (line[len - 1] != ']')
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Line %u is not understood"), i + 1);
              return NULL;
            }
          line[len - 1] = '\0';
          g_free (section);
          section = g_strdup (g_strstrip (line + 1));
          continue;
        }

      equals = strchr (line, '=');
      if (equals == NULL || equals == line)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Line %u is not understood"), i + 1);
          return NULL;
        }
      *equals = '\0';

      entry = g_new0 (IniEntry, 1);
      entry->section = g_strdup (section);
      entry->key = g_strdup (g_strstrip (line));
      entry->value = g_strdup (g_strstrip (equals + 1));
      g_ptr_array_add (ini->entries, entry);
    }

  return g_steal_pointer (&ini);
}

const char *
antam_ini_get (AntamIni   *ini,
               const char *section,
               const char *key)
{
  g_return_val_if_fail (ini != NULL, NULL);

  for (guint i = ini->entries->len; i > 0; i--)
    {
      IniEntry *entry = g_ptr_array_index (ini->entries, i - 1);

      if (g_str_equal (entry->section, section) && g_str_equal (entry->key, key))
        return entry->value;
    }
  return NULL;
}

char **
antam_ini_get_sections (AntamIni *ini)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (ini != NULL, NULL);

  for (guint i = 0; i < ini->entries->len; i++)
    {
      IniEntry *entry = g_ptr_array_index (ini->entries, i);

      if (g_hash_table_add (seen, entry->section))
        g_strv_builder_add (builder, entry->section);
    }
  return g_strv_builder_end (builder);
}

char **
antam_ini_get_keys (AntamIni   *ini,
                    const char *section)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (ini != NULL, NULL);

  for (guint i = 0; i < ini->entries->len; i++)
    {
      IniEntry *entry = g_ptr_array_index (ini->entries, i);

      if (g_str_equal (entry->section, section) && g_hash_table_add (seen, entry->key))
        g_strv_builder_add (builder, entry->key);
    }
  return g_strv_builder_end (builder);
}

gboolean
antam_ini_value_is_true (const char *value)
{
  if (value == NULL)
    return FALSE;
  return g_ascii_strcasecmp (value, "true") == 0 ||
         g_ascii_strcasecmp (value, "yes") == 0 ||
         g_ascii_strcasecmp (value, "on") == 0 ||
         g_str_equal (value, "1");
}
