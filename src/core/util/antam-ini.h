/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A strict reader: the display managers use GKeyFile, which refuses a
 * file with a line it does not understand, so we say "could not tell"
 * rather than guess what they would do. */
typedef struct _AntamIni AntamIni;

AntamIni   *antam_ini_parse          (const char   *text,
                                      gsize         length,
                                      GError      **error);
void        antam_ini_free           (AntamIni     *ini);
/* The last value of @key in @section, as display managers read it. */
const char *antam_ini_get            (AntamIni     *ini,
                                      const char   *section,
                                      const char   *key);
char      **antam_ini_get_sections   (AntamIni     *ini);
char      **antam_ini_get_keys       (AntamIni     *ini,
                                      const char   *section);
gboolean    antam_ini_value_is_true  (const char   *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamIni, antam_ini_free)

G_END_DECLS
