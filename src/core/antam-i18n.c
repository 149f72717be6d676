/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>

#include "antam-i18n.h"

static char *forced_language;

/**
 * antam_i18n_get_language:
 *
 * Returns: "vi" or "en": Vietnamese whenever the user's languages put it
 *   before English, English otherwise.
 */
const char *
antam_i18n_get_language (void)
{
  const char * const *names;

  if (forced_language != NULL)
    return forced_language;

  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "vi"))
        return "vi";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }
  return "en";
}

void
antam_i18n_set_language (const char *language)
{
  /* LANGUAGE may be what antam_i18n_get_language() returned: this very string. */
  char *chosen = g_strdup (g_strcmp0 (language, "vi") == 0 ? "vi" : language ? "en" : NULL);

  g_free (forced_language);
  forced_language = chosen;
}

const char *
antam_i18n_pick (const char *vi,
                 const char *en)
{
  if (g_str_equal (antam_i18n_get_language (), "vi") && vi != NULL)
    return vi;
  return en != NULL ? en : vi;
}

/**
 * antam_data_dir:
 *
 * Where the shipped rules and scenarios are: $ANTAM_DATA_DIR when set (the
 * build tree and the tests use it), the installed data dir otherwise.
 */
const char *
antam_data_dir (void)
{
  const char *env = g_getenv ("ANTAM_DATA_DIR");

  return env != NULL && env[0] != '\0' ? env : PKGDATADIR;
}

char *
antam_data_path (const char *first_element,
                 ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (parts, (gpointer) antam_data_dir ());
  va_start (args, first_element);
  for (const char *e = first_element; e != NULL; e = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) e);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

/**
 * antam_i18n_init:
 *
 * Binds the gettext domain: $ANTAM_LOCALE_DIR (the build tree's po/) when
 * set, the installed locale dir otherwise.
 */
void
antam_i18n_init (void)
{
  const char *dir = g_getenv ("ANTAM_LOCALE_DIR");

  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
