/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tally/antam-json-schema.h"

#define MAX_SCHEMA_SIZE (1024 * 1024)
#define MAX_DEPTH 64

struct _AntamJsonSchema {
  cJSON *root;
  char *path;
  GHashTable *patterns;   /* pattern text → GRegex, compiled once */
};

typedef struct {
  AntamJsonSchema *schema;
  GPtrArray *problems;
  guint max_problems;
  guint found;
} Validation;

AntamJsonSchema *
antam_json_schema_new (const char  *data,
                       gsize        length,
                       GError     **error)
{
  AntamJsonSchema *schema;
  cJSON *root = cJSON_ParseWithLength (data, length);

  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The report schema is not a JSON object"));
      return NULL;
    }
  schema = g_new0 (AntamJsonSchema, 1);
  schema->root = root;
  schema->patterns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_regex_unref);
  return schema;
}

AntamJsonSchema *
antam_json_schema_load (const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  AntamJsonSchema *schema;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > MAX_SCHEMA_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is too large to read"), path);
      return NULL;
    }
  schema = antam_json_schema_new (contents, length, error);
  if (schema != NULL)
    schema->path = g_strdup (path);
  return schema;
}

void
antam_json_schema_free (AntamJsonSchema *schema)
{
  if (schema == NULL)
    return;
  cJSON_Delete (schema->root);
  g_hash_table_unref (schema->patterns);
  g_free (schema->path);
  g_free (schema);
}

const char *
antam_json_schema_get_path (AntamJsonSchema *schema)
{
  return schema->path;
}

G_GNUC_PRINTF (3, 4)
static void
problem (Validation *v,
         const char *where,
         const char *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  v->found++;
  if (v->problems == NULL || v->problems->len >= v->max_problems)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (v->problems, g_strdup_printf ("%s: %s", *where ? where : "/", what));
}

static const char *
type_of (const cJSON *node)
{
  if (cJSON_IsObject (node)) return "object";
  if (cJSON_IsArray (node)) return "array";
  if (cJSON_IsString (node)) return "string";
  if (cJSON_IsBool (node)) return "boolean";
  if (cJSON_IsNull (node)) return "null";
  if (cJSON_IsNumber (node))
    return (node->valuedouble == floor (node->valuedouble) && fabs (node->valuedouble) < 9.0e15)
           ? "integer" : "number";
  return "unknown";
}

static gboolean
has_type (const cJSON *node,
          const char  *type)
{
  const char *actual = type_of (node);

  return g_str_equal (actual, type) || (g_str_equal (type, "number") && g_str_equal (actual, "integer"));
}

static gboolean
json_equal (const cJSON *a,
            const cJSON *b)
{
  return cJSON_Compare (a, b, TRUE);
}

static const cJSON *
resolve_ref (AntamJsonSchema *schema,
             const char      *ref)
{
  const cJSON *node = schema->root;
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (ref, "#"))
    return NULL;
  if (ref[1] == '\0')
    return node;
  if (ref[1] != '/')
    return NULL;
  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    node = cJSON_GetObjectItemCaseSensitive (node, parts[i]);
  return node;
}

static GRegex *
get_pattern (AntamJsonSchema *schema,
             const char      *pattern)
{
  GRegex *regex = g_hash_table_lookup (schema->patterns, pattern);

  if (regex == NULL)
    {
      regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);
      if (regex == NULL)
        return NULL;
      g_hash_table_insert (schema->patterns, g_strdup (pattern), regex);
    }
  return regex;
}

/* RFC 3339's date-time, and the "+07" offset without minutes that
 * reports written before the contracts fixed "+07:00" carry: ISO 8601
 * allows both, and format is only an annotation in draft 2020-12. */
static gboolean
is_date_time (const char *text)
{
  static GRegex *form;
  g_autoptr(GDateTime) when = NULL;

  if (g_once_init_enter (&form))
    g_once_init_leave (&form, g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}"
                                           "([.][0-9]+)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$",
                                           G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (form, text, 0, NULL))
    return FALSE;
  when = g_date_time_new_from_iso8601 (text, NULL);
  return when != NULL;
}

static void validate_node (Validation  *v,
                           const cJSON *schema_node,
                           const cJSON *instance,
                           const char  *where,
                           guint        depth);

/* How many problems a sub-schema finds, without reporting them. */
static guint
count_problems (Validation  *v,
                const cJSON *schema_node,
                const cJSON *instance,
                const char  *where,
                guint        depth)
{
  Validation quiet = { v->schema, NULL, 0, 0 };

  validate_node (&quiet, schema_node, instance, where, depth);
  return quiet.found;
}

static void
validate_type (Validation  *v,
               const cJSON *type,
               const cJSON *instance,
               const char  *where)
{
  const cJSON *entry;

  if (cJSON_IsString (type))
    {
      if (!has_type (instance, type->valuestring))
        problem (v, where, _("is %s, not %s"), type_of (instance), type->valuestring);
      return;
    }
  cJSON_ArrayForEach (entry, type)
    if (cJSON_IsString (entry) && has_type (instance, entry->valuestring))
      return;
  problem (v, where, _("has the wrong type (%s)"), type_of (instance));
}

static void
validate_object (Validation  *v,
                 const cJSON *schema_node,
                 const cJSON *instance,
                 const char  *where,
                 guint        depth)
{
  const cJSON *properties = cJSON_GetObjectItemCaseSensitive (schema_node, "properties");
  const cJSON *required = cJSON_GetObjectItemCaseSensitive (schema_node, "required");
  const cJSON *additional = cJSON_GetObjectItemCaseSensitive (schema_node, "additionalProperties");
  const cJSON *entry;

  cJSON_ArrayForEach (entry, required)
    if (cJSON_IsString (entry) && cJSON_GetObjectItemCaseSensitive (instance, entry->valuestring) == NULL)
      problem (v, where, _("“%s” is missing"), entry->valuestring);

  {
    const cJSON *min = cJSON_GetObjectItemCaseSensitive (schema_node, "minProperties");
    const cJSON *max = cJSON_GetObjectItemCaseSensitive (schema_node, "maxProperties");
    int n = cJSON_GetArraySize (instance);

    if (cJSON_IsNumber (min) && n < min->valuedouble)
      problem (v, where, "%s", _("has too few entries"));
    if (cJSON_IsNumber (max) && n > max->valuedouble)
      problem (v, where, "%s", _("has too many entries"));
  }

  cJSON_ArrayForEach (entry, instance)
    {
      const cJSON *sub = cJSON_GetObjectItemCaseSensitive (properties, entry->string);
      const cJSON *names = cJSON_GetObjectItemCaseSensitive (schema_node, "propertyNames");
      g_autofree char *child = g_strdup_printf ("%s/%s", where, entry->string);

      if (names != NULL)
        {
          cJSON *name = cJSON_CreateStringReference (entry->string);

          validate_node (v, names, name, child, depth + 1);
          cJSON_Delete (name);
        }
      if (sub != NULL)
        validate_node (v, sub, entry, child, depth + 1);
      else if (cJSON_IsFalse (additional))
        problem (v, where, _("“%s” is not expected"), entry->string);
      else if (cJSON_IsObject (additional))
        validate_node (v, additional, entry, child, depth + 1);
    }
}

static void
validate_node (Validation  *v,
               const cJSON *schema_node,
               const cJSON *instance,
               const char  *where,
               guint        depth)
{
  const cJSON *keyword;

  if (cJSON_IsTrue (schema_node))
    return;
  if (cJSON_IsFalse (schema_node))
    {
      problem (v, where, "%s", _("is not allowed here"));
      return;
    }
  if (!cJSON_IsObject (schema_node) || depth > MAX_DEPTH)
    {
      problem (v, where, "%s", _("the schema cannot be followed here"));
      return;
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "$ref");
  if (cJSON_IsString (keyword))
    {
      const cJSON *target = resolve_ref (v->schema, keyword->valuestring);

      if (target == NULL)
        problem (v, where, _("the schema refers to “%s”, which it does not define"), keyword->valuestring);
      else
        validate_node (v, target, instance, where, depth + 1);
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "type");
  if (keyword != NULL)
    {
      guint before = v->found;

      validate_type (v, keyword, instance, where);
      if (v->found > before)
        return;   /* the rest would only repeat it */
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "const");
  if (keyword != NULL && !json_equal (keyword, instance))
    {
      g_autofree char *expected = cJSON_PrintUnformatted (keyword);
      problem (v, where, _("must be %s"), expected);
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "enum");
  if (cJSON_IsArray (keyword))
    {
      const cJSON *entry;
      gboolean found = FALSE;

      cJSON_ArrayForEach (entry, keyword)
        if (json_equal (entry, instance))
          found = TRUE;
      if (!found)
        {
          g_autofree char *actual = cJSON_PrintUnformatted (instance);
          problem (v, where, _("%s is not one of the allowed values"), actual);
        }
    }

  if (cJSON_IsString (instance))
    {
      glong chars = g_utf8_strlen (instance->valuestring, -1);

      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "minLength");
      if (cJSON_IsNumber (keyword) && chars < keyword->valuedouble)
        problem (v, where, "%s", _("is too short"));
      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "maxLength");
      if (cJSON_IsNumber (keyword) && chars > keyword->valuedouble)
        problem (v, where, "%s", _("is too long"));
      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "pattern");
      if (cJSON_IsString (keyword))
        {
          GRegex *regex = get_pattern (v->schema, keyword->valuestring);

          if (regex == NULL)
            problem (v, where, _("the schema’s pattern “%s” cannot be read"), keyword->valuestring);
          else if (!g_regex_match (regex, instance->valuestring, 0, NULL))
            problem (v, where, _("“%s” does not have the expected form"), instance->valuestring);
        }
      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "format");
      if (cJSON_IsString (keyword) && g_str_equal (keyword->valuestring, "date-time") &&
          !is_date_time (instance->valuestring))
        problem (v, where, _("“%s” is not a date and time with an offset"), instance->valuestring);
    }

  if (cJSON_IsNumber (instance))
    {
      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "minimum");
      if (cJSON_IsNumber (keyword) && instance->valuedouble < keyword->valuedouble)
        problem (v, where, _("is below %g"), keyword->valuedouble);
      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "maximum");
      if (cJSON_IsNumber (keyword) && instance->valuedouble > keyword->valuedouble)
        problem (v, where, _("is above %g"), keyword->valuedouble);
    }

  if (cJSON_IsObject (instance))
    validate_object (v, schema_node, instance, where, depth);

  if (cJSON_IsArray (instance))
    {
      const cJSON *items = cJSON_GetObjectItemCaseSensitive (schema_node, "items");
      const cJSON *entry;
      guint index = 0;

      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "minItems");
      if (cJSON_IsNumber (keyword) && cJSON_GetArraySize (instance) < keyword->valuedouble)
        problem (v, where, "%s", _("has too few entries"));
      keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "uniqueItems");
      if (cJSON_IsTrue (keyword))
        {
          const cJSON *a, *b;
          gboolean repeated = FALSE;

          for (a = instance->child; a != NULL && !repeated; a = a->next)
            for (b = a->next; b != NULL && !repeated; b = b->next)
              repeated = json_equal (a, b);
          if (repeated)
            problem (v, where, "%s", _("has the same entry twice"));
        }
      if (items != NULL)
        cJSON_ArrayForEach (entry, instance)
          {
            g_autofree char *child = g_strdup_printf ("%s/%u", where, index++);
            validate_node (v, items, entry, child, depth + 1);
          }
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "allOf");
  if (cJSON_IsArray (keyword))
    {
      const cJSON *entry;

      cJSON_ArrayForEach (entry, keyword)
        validate_node (v, entry, instance, where, depth + 1);
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "anyOf");
  if (cJSON_IsArray (keyword))
    {
      const cJSON *entry;
      gboolean any = FALSE;

      cJSON_ArrayForEach (entry, keyword)
        if (!any && count_problems (v, entry, instance, where, depth + 1) == 0)
          any = TRUE;
      if (!any)
        problem (v, where, "%s", _("matches none of the allowed forms"));
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "oneOf");
  if (cJSON_IsArray (keyword))
    {
      const cJSON *entry;
      guint matches = 0;

      cJSON_ArrayForEach (entry, keyword)
        if (count_problems (v, entry, instance, where, depth + 1) == 0)
          matches++;
      if (matches != 1)
        problem (v, where, "%s", _("must match exactly one of the allowed forms"));
    }

  keyword = cJSON_GetObjectItemCaseSensitive (schema_node, "not");
  if (keyword != NULL && count_problems (v, keyword, instance, where, depth + 1) == 0)
    problem (v, where, "%s", _("has a form that is not allowed"));
}

gboolean
antam_json_schema_validate (AntamJsonSchema *schema,
                            const cJSON     *instance,
                            GPtrArray       *problems,
                            guint            max_problems)
{
  Validation v = { schema, problems, max_problems, 0 };

  g_return_val_if_fail (schema != NULL, FALSE);
  validate_node (&v, schema->root, instance, "", 0);
  return v.found == 0;
}
