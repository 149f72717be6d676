/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cjson/cJSON.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Reading the data files an agency edits (rules, contacts, questions): an
 * error names the file, the field as a JSON path, and the problem, so that
 * whoever edited the file can fix it without reading our code. */

gboolean antam_json_fail            (GError       **error,
                                     const char    *file,
                                     const char    *field,
                                     const char    *format,
                                     ...) G_GNUC_PRINTF (4, 5);
gboolean antam_json_is_valid_id     (const char    *id);
gboolean antam_json_read_localized  (const cJSON   *node,
                                     const char    *file,
                                     const char    *field,
                                     gboolean       required,
                                     char         **vi,
                                     char         **en,
                                     GError       **error);
char    *antam_json_dup_string      (const cJSON   *object,
                                     const char    *key);
gboolean antam_json_read_string_array (const cJSON *node,
                                       const char  *file,
                                       const char  *field,
                                       char      ***out,
                                       GError     **error);

G_END_DECLS
