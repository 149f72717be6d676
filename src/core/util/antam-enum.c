/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "util/antam-enum.h"

static GEnumClass *
enum_class (GType enum_type)
{
  gpointer klass = g_type_class_peek (enum_type);

  /* The class of a static type lives as long as the process: the
   * reference is never given back. */
  return klass != NULL ? klass : g_type_class_ref (enum_type);
}

/**
 * antam_enum_to_nick:
 *
 * Returns: (nullable): the nick of @value, or %NULL when @value is not one
 *   of @enum_type's
 */
const char *
antam_enum_to_nick (GType enum_type,
                    int   value)
{
  GEnumValue *found = g_enum_get_value (enum_class (enum_type), value);

  return found != NULL ? found->value_nick : NULL;
}

/**
 * antam_enum_from_nick:
 * @nick: (nullable): a name read back
 *
 * Returns: whether @nick names a value of @enum_type, then in @value
 */
gboolean
antam_enum_from_nick (GType       enum_type,
                      const char *nick,
                      int        *value)
{
  GEnumValue *found;

  if (nick == NULL)
    return FALSE;
  found = g_enum_get_value_by_nick (enum_class (enum_type), nick);
  if (found == NULL)
    return FALSE;
  *value = found->value;
  return TRUE;
}
