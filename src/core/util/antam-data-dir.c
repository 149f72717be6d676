/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>

#include "util/antam-data-dir.h"

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
