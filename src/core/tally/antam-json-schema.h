/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* A JSON Schema (draft 2020-12) validator for the keywords the published
 * report schema uses: type, const, enum, properties, required,
 * additionalProperties, minProperties, maxProperties, propertyNames, items,
 * minItems, uniqueItems, pattern, minLength, maxLength,
 * minimum, maximum, format "date-time", allOf/anyOf/oneOf/not, and $ref to
 * "#/$defs/…".  Other keywords are annotations and are ignored, as the
 * specification allows; a $ref it cannot resolve is a problem, never a
 * pass. */

typedef struct _AntamJsonSchema AntamJsonSchema;

AntamJsonSchema *antam_json_schema_new      (const char       *data,
                                             gsize             length,
                                             GError          **error);
AntamJsonSchema *antam_json_schema_load     (const char       *path,
                                             GError          **error);
void             antam_json_schema_free     (AntamJsonSchema  *schema);
const char      *antam_json_schema_get_path (AntamJsonSchema  *schema);

/* Appends to @problems (char*) one line per violation, "PATH: what",
 * at most @max_problems; returns TRUE when there is none. */
gboolean         antam_json_schema_validate (AntamJsonSchema  *schema,
                                             const cJSON      *instance,
                                             GPtrArray        *problems,
                                             guint             max_problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamJsonSchema, antam_json_schema_free)

G_END_DECLS
