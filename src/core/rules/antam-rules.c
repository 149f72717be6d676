/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-i18n.h"
#include "util/antam-json-fields.h"
#include "rules/antam-rules.h"
#include "antam-enums.h"
#include "util/antam-enum.h"
#include "util/antam-data-dir.h"
#include "rules/antam-rules-feed-store.h"

#define MAX_RULES_FILE_SIZE (4 * 1024 * 1024)

static const char * const footprint_keys[ANTAM_N_FOOTPRINTS] = {
  [ANTAM_FOOTPRINT_DEB] = "deb",
  [ANTAM_FOOTPRINT_RPM] = "rpm",
  [ANTAM_FOOTPRINT_FLATPAK] = "flatpak",
  [ANTAM_FOOTPRINT_SNAP] = "snap",
  [ANTAM_FOOTPRINT_PATH] = "paths",
  [ANTAM_FOOTPRINT_HOME_PATH] = "home_paths",
  [ANTAM_FOOTPRINT_DESKTOP_FILE] = "desktop_files",
  [ANTAM_FOOTPRINT_URL_SCHEME] = "url_schemes",
  [ANTAM_FOOTPRINT_AUTOSTART] = "autostart",
  [ANTAM_FOOTPRINT_PROCESS] = "processes",
  [ANTAM_FOOTPRINT_DOWNLOAD_NAME] = "download_names",
  [ANTAM_FOOTPRINT_APT_REPO] = "apt_repos",
  [ANTAM_FOOTPRINT_SERVICE] = "services",
};

const char *
antam_footprint_kind_to_key (AntamFootprintKind kind)
{
  g_return_val_if_fail (kind < ANTAM_N_FOOTPRINTS, NULL);
  return footprint_keys[kind];
}

void
antam_app_rule_free (AntamAppRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->id);
  g_free (rule->name);
  g_free (rule->why_vi);
  g_free (rule->why_en);
  g_free (rule->action_vi);
  g_free (rule->action_en);
  for (guint i = 0; i < ANTAM_N_FOOTPRINTS; i++)
    g_strfreev (rule->footprints[i]);
  g_strfreev (rule->official_domains);
  g_strfreev (rule->keywords);
  g_free (rule->source);
  g_clear_pointer (&rule->download_patterns, g_ptr_array_unref);
  g_free (rule);
}

const char *
antam_app_rule_why (const AntamAppRule *rule)
{
  return antam_i18n_pick (rule->why_vi, rule->why_en);
}

const char *
antam_app_rule_action (const AntamAppRule *rule)
{
  return antam_i18n_pick (rule->action_vi, rule->action_en);
}

gboolean
antam_app_rule_is_official_host (const AntamAppRule *rule,
                                 const char         *host)
{
  for (guint i = 0; rule->official_domains && rule->official_domains[i]; i++)
    if (antam_host_matches_domain (host, rule->official_domains[i]))
      return TRUE;
  return FALSE;
}

/* The same as g_utf8_strdown(), which for ASCII text, the usual name of
 * a download, costs many times more: this runs for every installer in
 * the download dir against every rule.  'I' is the one ASCII letter whose
 * lower case depends on the locale (Turkish "ı"): it takes the long way. */
static char *
text_down (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80 || *p == 'I')
      return g_utf8_strdown (text, -1);
  return g_ascii_strdown (text, -1);
}

/* Compiled once: every installer in the download dir is tried against
 * every rule. */
static void
compile_download_patterns (AntamAppRule *rule)
{
  char **globs = rule->footprints[ANTAM_FOOTPRINT_DOWNLOAD_NAME];

  rule->download_patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free);
  for (guint i = 0; globs != NULL && globs[i]; i++)
    {
      g_autofree char *glob = text_down (globs[i]);
      g_ptr_array_add (rule->download_patterns, g_pattern_spec_new (glob));
    }
}

/* Installer names are matched without regard to case: "Zoom_amd64.deb" is
 * as much Zoom's as "zoom_amd64.deb". */
gboolean
antam_app_rule_matches_download_name (const AntamAppRule *rule,
                                      const char         *name)
{
  g_autofree char *lower = NULL;

  if (rule->download_patterns == NULL || rule->download_patterns->len == 0 || name == NULL)
    return FALSE;
  lower = text_down (name);
  for (guint i = 0; i < rule->download_patterns->len; i++)
    if (g_pattern_spec_match_string (g_ptr_array_index (rule->download_patterns, i), lower))
      return TRUE;
  return FALSE;
}

AntamRules *
antam_rules_new (void)
{
  AntamRules *rules = g_new0 (AntamRules, 1);

  rules->apps = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_app_rule_free);
  rules->errors = g_ptr_array_new_with_free_func (g_free);
  rules->feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_rules_feed_free);
  return rules;
}

void
antam_rules_free (AntamRules *rules)
{
  if (rules == NULL)
    return;
  g_ptr_array_unref (rules->apps);
  g_ptr_array_unref (rules->errors);
  g_ptr_array_unref (rules->feeds);
  g_free (rules);
}

const AntamAppRule *
antam_rules_lookup (AntamRules *rules,
                    const char *id)
{
  for (guint i = 0; i < rules->apps->len; i++)
    {
      AntamAppRule *rule = g_ptr_array_index (rules->apps, i);
      if (g_str_equal (rule->id, id))
        return rule;
    }
  return NULL;
}

/**
 * antam_rules_find_package:
 * @source: "deb" or "rpm"
 *
 * Returns: (nullable): the first rule of @category that lists @package
 */
const AntamAppRule *
antam_rules_find_package (AntamRules       *rules,
                          AntamAppCategory  category,
                          const char       *source,
                          const char       *package)
{
  AntamFootprintKind kind = g_strcmp0 (source, "rpm") == 0 ? ANTAM_FOOTPRINT_RPM : ANTAM_FOOTPRINT_DEB;

  for (guint i = 0; rules != NULL && package != NULL && i < rules->apps->len; i++)
    {
      AntamAppRule *rule = g_ptr_array_index (rules->apps, i);
      char **list = rule->footprints[kind];

      if (rule->category == category && list != NULL &&
          g_strv_contains ((const char * const *) list, package))
        return rule;
    }
  return NULL;
}

static const char * const app_keys[] = {
  "id", "name", "category", "disabled", "severity", "remedy", "why", "action",
  "footprints", "official_domains", "keywords", NULL
};

static AntamAppRule *
parse_app (const cJSON  *node,
           const char   *file,
           guint         index,
           gboolean     *disabled,
           GError      **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  AntamAppRule *rule;
  const cJSON *child;
  const cJSON *id, *name, *category, *severity, *remedy, *footprints, *disabled_node;

  g_string_printf (field, "apps[%u]", index);
  if (!cJSON_IsObject (node))
    {
      antam_json_fail (error, file, field->str, "%s", _("must be an object"));
      return NULL;
    }

  cJSON_ArrayForEach (child, node)
    if (!g_strv_contains (app_keys, child->string))
      {
        g_autofree char *where = g_strdup_printf ("%s.%s", field->str, child->string);
        antam_json_fail (error, file, where, "%s", _("is not a known field"));
        return NULL;
      }

  id = cJSON_GetObjectItemCaseSensitive (node, "id");
  if (!cJSON_IsString (id) || !antam_json_is_valid_id (id->valuestring))
    {
      g_autofree char *where = g_strdup_printf ("%s.id", field->str);
      antam_json_fail (error, file, where, "%s", _("must be a short id in lower case letters, digits and dashes"));
      return NULL;
    }

  rule = g_new0 (AntamAppRule, 1);
  rule->id = g_strdup (id->valuestring);
  rule->source = g_strdup (file);
  g_string_printf (field, "apps[%u] (%s)", index, rule->id);

  disabled_node = cJSON_GetObjectItemCaseSensitive (node, "disabled");
  if (disabled_node != NULL && !cJSON_IsBool (disabled_node))
    {
      g_autofree char *where = g_strdup_printf ("%s.disabled", field->str);
      antam_json_fail (error, file, where, "%s", _("must be true or false"));
      goto error;
    }
  *disabled = cJSON_IsTrue (disabled_node);
  if (*disabled)
    return rule;

  name = cJSON_GetObjectItemCaseSensitive (node, "name");
  if (!cJSON_IsString (name) || name->valuestring[0] == '\0' ||
      !g_utf8_validate (name->valuestring, -1, NULL))
    {
      g_autofree char *where = g_strdup_printf ("%s.name", field->str);
      antam_json_fail (error, file, where, "%s", _("is missing or empty"));
      goto error;
    }
  rule->name = g_strdup (name->valuestring);

  category = cJSON_GetObjectItemCaseSensitive (node, "category");
  if (category != NULL)
    {
      int value;

      if (!cJSON_IsString (category) ||
          !antam_enum_from_nick (ANTAM_TYPE_APP_CATEGORY, category->valuestring, &value))
        {
          g_autofree char *where = g_strdup_printf ("%s.category", field->str);
          antam_json_fail (error, file, where, "%s", _("must be “app”, “remote-support” or “server”"));
          goto error;
        }
      rule->category = (AntamAppCategory) value;
    }

  severity = cJSON_GetObjectItemCaseSensitive (node, "severity");
  if (cJSON_IsString (severity) && g_str_equal (severity->valuestring, "risk"))
    rule->severity = ANTAM_STATUS_RISK;
  else if (cJSON_IsString (severity) && g_str_equal (severity->valuestring, "warning"))
    rule->severity = ANTAM_STATUS_WARNING;
  else
    {
      g_autofree char *where = g_strdup_printf ("%s.severity", field->str);
      antam_json_fail (error, file, where, "%s", _("must be “risk” or “warning”"));
      goto error;
    }

  remedy = cJSON_GetObjectItemCaseSensitive (node, "remedy");
  if (remedy == NULL || (cJSON_IsString (remedy) && g_str_equal (remedy->valuestring, "guide")))
    rule->remedy = ANTAM_REMEDY_GUIDE;
  else if (cJSON_IsString (remedy) && g_str_equal (remedy->valuestring, "uninstall"))
    rule->remedy = ANTAM_REMEDY_UNINSTALL;
  else
    {
      g_autofree char *where = g_strdup_printf ("%s.remedy", field->str);
      antam_json_fail (error, file, where, "%s", _("must be “uninstall” or “guide”"));
      goto error;
    }

  {
    g_autofree char *why_field = g_strdup_printf ("%s.why", field->str);
    g_autofree char *action_field = g_strdup_printf ("%s.action", field->str);

    if (!antam_json_read_localized (cJSON_GetObjectItemCaseSensitive (node, "why"), file, why_field,
                         TRUE, &rule->why_vi, &rule->why_en, error) ||
        !antam_json_read_localized (cJSON_GetObjectItemCaseSensitive (node, "action"), file, action_field,
                         FALSE, &rule->action_vi, &rule->action_en, error))
      goto error;
  }

  footprints = cJSON_GetObjectItemCaseSensitive (node, "footprints");
  if (!cJSON_IsObject (footprints))
    {
      g_autofree char *where = g_strdup_printf ("%s.footprints", field->str);
      antam_json_fail (error, file, where, "%s", _("must be an object"));
      goto error;
    }
  cJSON_ArrayForEach (child, footprints)
    {
      g_autofree char *where = g_strdup_printf ("%s.footprints.%s", field->str, child->string);
      guint kind;

      for (kind = 0; kind < ANTAM_N_FOOTPRINTS; kind++)
        if (g_str_equal (child->string, footprint_keys[kind]))
          break;
      if (kind == ANTAM_N_FOOTPRINTS)
        {
          antam_json_fail (error, file, where, "%s", _("is not a known kind of footprint"));
          goto error;
        }
      if (!antam_json_read_string_array (child, file, where, &rule->footprints[kind], error))
        goto error;

      for (guint i = 0; rule->footprints[kind][i]; i++)
        {
          const char *value = rule->footprints[kind][i];
          g_autofree char *item = g_strdup_printf ("%s[%u]", where, i);

          if (kind == ANTAM_FOOTPRINT_PATH && (value[0] != '/' || strstr (value, "/..") != NULL))
            {
              antam_json_fail (error, file, item, "%s", _("must be an absolute path without “..”"));
              goto error;
            }
          if (kind == ANTAM_FOOTPRINT_HOME_PATH &&
              (!g_str_has_prefix (value, "~/") || strstr (value, "/..") != NULL))
            {
              antam_json_fail (error, file, item, "%s", _("must start with “~/” and contain no “..”"));
              goto error;
            }
        }
    }

  child = cJSON_GetObjectItemCaseSensitive (node, "official_domains");
  if (child != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%s.official_domains", field->str);
      if (!antam_json_read_string_array (child, file, where, &rule->official_domains, error))
        goto error;
    }
  child = cJSON_GetObjectItemCaseSensitive (node, "keywords");
  if (child != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%s.keywords", field->str);
      if (!antam_json_read_string_array (child, file, where, &rule->keywords, error))
        goto error;
    }

  compile_download_patterns (rule);
  return rule;

error:
  antam_app_rule_free (rule);
  return NULL;
}

static void
replace_or_add (GPtrArray    *apps,
                AntamAppRule *rule,
                gboolean      disabled)
{
  for (guint i = 0; i < apps->len; i++)
    {
      AntamAppRule *existing = g_ptr_array_index (apps, i);

      if (g_str_equal (existing->id, rule->id))
        {
          if (disabled)
            {
              g_ptr_array_remove_index (apps, i);
              antam_app_rule_free (rule);
            }
          else
            {
              /* Keep the position so that the order of the shipped list stays. */
              antam_app_rule_free (g_ptr_array_index (apps, i));
              apps->pdata[i] = rule;
            }
          return;
        }
    }

  if (disabled)
    antam_app_rule_free (rule);
  else
    g_ptr_array_add (apps, rule);
}

/**
 * antam_rules_add_file:
 *
 * Validates a whole rules file and only then merges it: a file with one bad
 * field changes nothing.
 */
gboolean
antam_rules_add_file (AntamRules  *rules,
                      const char  *display_name,
                      const char  *contents,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_app_rule_free);
  g_autoptr(GArray) disabled = g_array_new (FALSE, FALSE, sizeof (gboolean));
  cJSON *root;
  const cJSON *schema, *apps, *child;
  guint index = 0;

  g_return_val_if_fail (rules != NULL, FALSE);

  root = cJSON_ParseWithLength (contents, length);
  if (root == NULL)
    {
      gsize offset = cJSON_GetErrorPtr () ? (gsize) (cJSON_GetErrorPtr () - contents) : 0;
      g_autofree char *where = g_strdup_printf (_("byte %zu"), MIN (offset, length));
      return antam_json_fail (error, display_name, where, "%s", _("is not valid JSON"));
    }

  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      return antam_json_fail (error, display_name, NULL, "%s", _("must contain one JSON object"));
    }

  cJSON_ArrayForEach (child, root)
    if (!g_str_equal (child->string, "schema") && !g_str_equal (child->string, "apps"))
      {
        antam_json_fail (error, display_name, child->string, "%s", _("is not a known field"));
        cJSON_Delete (root);
        return FALSE;
      }

  schema = cJSON_GetObjectItemCaseSensitive (root, "schema");
  if (!cJSON_IsString (schema) || !g_str_equal (schema->valuestring, "antam.rules/1"))
    {
      cJSON_Delete (root);
      return antam_json_fail (error, display_name, "schema", "%s", _("must be “antam.rules/1”"));
    }

  apps = cJSON_GetObjectItemCaseSensitive (root, "apps");
  if (!cJSON_IsArray (apps))
    {
      cJSON_Delete (root);
      return antam_json_fail (error, display_name, "apps", "%s", _("must be a list"));
    }

  cJSON_ArrayForEach (child, apps)
    {
      gboolean is_disabled = FALSE;
      AntamAppRule *rule = parse_app (child, display_name, index++, &is_disabled, error);

      if (rule == NULL)
        {
          cJSON_Delete (root);
          return FALSE;
        }
      for (guint i = 0; i < parsed->len; i++)
        if (g_str_equal (((AntamAppRule *) g_ptr_array_index (parsed, i))->id, rule->id))
          {
            g_autofree char *where = g_strdup_printf ("apps[%u].id", index - 1);
            antam_json_fail (error, display_name, where, _("“%s” is given twice"), rule->id);
            antam_app_rule_free (rule);
            cJSON_Delete (root);
            return FALSE;
          }
      g_ptr_array_add (parsed, rule);
      g_array_append_val (disabled, is_disabled);
    }
  cJSON_Delete (root);

  for (guint i = 0; i < disabled->len; i++)
    replace_or_add (rules->apps, g_steal_pointer (&parsed->pdata[i]),
                    g_array_index (disabled, gboolean, i));
  return TRUE;
}

static void
add_from_path (AntamRules   *rules,
               AntamSysroot *sysroot,
               const char   *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gboolean ok;

  if (sysroot != NULL)
    ok = antam_sysroot_read_file (sysroot, path, MAX_RULES_FILE_SIZE, &contents, &length, &error);
  else
    ok = g_file_get_contents (path, &contents, &length, &error);

  if (!ok || !antam_rules_add_file (rules, path, contents, length, &error))
    {
      g_ptr_array_add (rules->errors, g_strdup (error->message));
      g_debug ("%s", error->message);
    }
}

static void
add_from_dir (AntamRules   *rules,
              AntamSysroot *sysroot,
              const char   *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, dir, &error);

  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_ptr_array_add (rules->errors, g_strdup (error->message));
      return;
    }

  /* Sorted by name, so "10-agency.json" applies before "20-unit.json". */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir, name, NULL);
      add_from_path (rules, sysroot, path);
    }
}

/**
 * antam_rules_load:
 *
 * The shipped rules, then the CSIRTs' feeds installed for this user, then
 * the agency's, then the user's, the last two read through the system
 * view.  The agency's come after the feeds so that no feed can change or
 * turn off a rule the agency set.  Never fails: what could not be read is
 * listed in the rules' errors and the rest still applies.
 */
AntamRules *
antam_rules_load (AntamSysroot *sysroot)
{
  AntamRules *rules = antam_rules_new ();
  g_autofree char *shipped = antam_data_path ("rules", "risky-apps.json", NULL);
  g_autofree char *feeds = antam_rules_feed_store_dir ();
  g_autofree char *user_dir = NULL;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), rules);

  add_from_path (rules, NULL, shipped);
  antam_rules_feed_store_add_layer (rules, feeds);
  add_from_dir (rules, sysroot, "/etc/antam/rules.d");
  user_dir = g_build_filename (antam_sysroot_get_config_home (sysroot), "antam", "rules.d", NULL);
  add_from_dir (rules, sysroot, user_dir);
  return rules;
}
