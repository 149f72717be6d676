/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "util/antam-json-fields.h"

gboolean
antam_json_fail (GError     **error,
                 const char  *file,
                 const char  *field,
                 const char  *format,
                 ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  if (field != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s: %s", file, field, problem);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", file, problem);
  return FALSE;
}

/* Ids are written by people and compared by programs: short kebab-case. */
gboolean
antam_json_is_valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* Every text an agency writes comes in "vi" and "en". */
gboolean
antam_json_read_localized (const cJSON  *node,
                           const char   *file,
                           const char   *field,
                           gboolean      required,
                           char        **vi,
                           char        **en,
                           GError      **error)
{
  const char *langs[] = { "vi", "en" };
  char **outs[] = { vi, en };

  if (node == NULL && !required)
    return TRUE;
  if (!cJSON_IsObject (node))
    return antam_json_fail (error, file, field, "%s", _("must be an object with “vi” and “en” texts"));

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      const cJSON *text = cJSON_GetObjectItemCaseSensitive (node, langs[i]);
      g_autofree char *where = g_strdup_printf ("%s.%s", field, langs[i]);

      if (!cJSON_IsString (text) || text->valuestring[0] == '\0')
        return antam_json_fail (error, file, where, "%s", _("is missing or empty"));
      if (!g_utf8_validate (text->valuestring, -1, NULL))
        return antam_json_fail (error, file, where, "%s", _("is not valid UTF-8"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    *outs[i] = g_strdup (cJSON_GetObjectItemCaseSensitive (node, langs[i])->valuestring);
  return TRUE;
}

gboolean
antam_json_read_string_array (const cJSON   *node,
                              const char    *file,
                              const char    *field,
                              char        ***out,
                              GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const cJSON *element;
  guint index = 0;

  if (!cJSON_IsArray (node))
    return antam_json_fail (error, file, field, "%s", _("must be a list of texts"));

  cJSON_ArrayForEach (element, node)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", field, index++);

      if (!cJSON_IsString (element) || element->valuestring[0] == '\0')
        return antam_json_fail (error, file, where, "%s", _("must be a non-empty text"));
      if (!g_utf8_validate (element->valuestring, -1, NULL))
        return antam_json_fail (error, file, where, "%s", _("is not valid UTF-8"));
      g_strv_builder_add (builder, element->valuestring);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

/**
 * antam_json_dup_string:
 *
 * Returns: (nullable): @object's text @key, or %NULL when it has none, or
 *   an empty one: for files An Tâm writes itself and reads back
 */
char *
antam_json_dup_string (const cJSON *object,
                       const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (node) && node->valuestring[0] != '\0' ? g_strdup (node->valuestring) : NULL;
}
