/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-device-private.h"

/**
 * antam_ini_read:
 *
 * Returns: (transfer full): the parsed file, or %NULL; a missing file keeps
 *   %G_IO_ERROR_NOT_FOUND so that callers can tell "off" from "unreadable"
 */
AntamIni *
antam_ini_read (AntamSysroot  *sysroot,
                const char    *abs_path,
                GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  AntamIni *ini;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, abs_path, ANTAM_DEVICE_MAX_CONFIG_SIZE,
                                &contents, &length, error))
    return NULL;

  ini = antam_ini_parse (contents, length, &local_error);
  if (ini == NULL)
    {
      g_autofree char *display = g_filename_display_name (abs_path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” could not be understood: %s"), display, local_error->message);
    }
  return ini;
}

GPtrArray *
antam_list_conf_dir (AntamSysroot *sysroot,
                     const char   *abs_dir,
                     const char   *suffix)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, abs_dir, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  /* list_dir sorts by byte value: the order these programs apply drop-ins. */
  for (guint i = 0; names && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_str_has_suffix (name, suffix) && name[0] != '.')
        g_ptr_array_add (paths, g_build_filename (abs_dir, name, NULL));
    }
  return paths;
}

static gboolean
dir_lists (AntamSysroot *sysroot,
           const char   *abs_dir,
           const char   *name)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, abs_dir, NULL);

  for (guint i = 0; names && i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

/**
 * antam_unit_state:
 *
 * Whether systemd starts @unit at boot, from the links `systemctl enable`
 * makes, so that it works on a disk that is not running.
 */
AntamUnitState
antam_unit_state (AntamSysroot *sysroot,
                  const char   *unit)
{
  /* The targets firewall and display-manager units are wanted by. */
  static const char * const targets[] = {
    "multi-user.target", "sysinit.target", "graphical.target", "basic.target",
    "network-pre.target", "network.target", NULL,
  };
  static const char * const unit_dirs[] = {
    "/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system", NULL,
  };
  g_autofree char *etc_dir = antam_sysroot_resolve (sysroot, "/etc/systemd/system", NULL);

  if (etc_dir != NULL)
    {
      g_autofree char *link = g_build_filename (etc_dir, unit, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (g_strcmp0 (target, "/dev/null") == 0)
        return ANTAM_UNIT_MASKED;
    }

  for (guint i = 0; targets[i] != NULL; i++)
    {
      g_autofree char *wants = g_strdup_printf ("/etc/systemd/system/%s.wants", targets[i]);

      if (dir_lists (sysroot, wants, unit))
        return ANTAM_UNIT_ENABLED;
    }

  for (guint i = 0; unit_dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (unit_dirs[i], unit, NULL);

      if (antam_sysroot_exists (sysroot, path))
        return ANTAM_UNIT_DISABLED;
    }
  return ANTAM_UNIT_ABSENT;
}

static char *
read_sys_text (AntamSysroot *sysroot,
               const char   *abs_path)
{
  g_autofree char *contents = NULL;

  if (!antam_sysroot_read_file (sysroot, abs_path, 64 * 1024, &contents, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (contents));
}

/**
 * antam_form_factor:
 *
 * A laptop leaves the building, so a missing firewall or an unencrypted
 * disk matters more there.  A system battery says laptop (a mouse's battery
 * has the scope "Device" and does not); so does the DMI chassis type.
 */
AntamFormFactor
antam_form_factor (AntamSysroot *sysroot)
{
  /* SMBIOS chassis types: portable, laptop, notebook, sub-notebook,
   * convertible, detachable. */
  static const guint laptop_chassis[] = { 8, 9, 10, 14, 31, 32 };
  g_autoptr(GPtrArray) supplies = NULL;
  g_autofree char *chassis = NULL;
  gboolean looked = FALSE;
  guint64 type;

  supplies = antam_sysroot_list_dir (sysroot, "/sys/class/power_supply", NULL);
  for (guint i = 0; supplies && i < supplies->len; i++)
    {
      const char *name = g_ptr_array_index (supplies, i);
      g_autofree char *type_path = g_strdup_printf ("/sys/class/power_supply/%s/type", name);
      g_autofree char *scope_path = g_strdup_printf ("/sys/class/power_supply/%s/scope", name);
      g_autofree char *supply_type = NULL;
      g_autofree char *scope = NULL;

      if (g_str_has_prefix (name, "BAT"))
        return ANTAM_FORM_LAPTOP;
      supply_type = read_sys_text (sysroot, type_path);
      scope = read_sys_text (sysroot, scope_path);
      if (g_strcmp0 (supply_type, "Battery") == 0 && g_strcmp0 (scope, "Device") != 0)
        return ANTAM_FORM_LAPTOP;
    }
  looked = supplies != NULL;

  chassis = read_sys_text (sysroot, "/sys/class/dmi/id/chassis_type");
  if (chassis != NULL && g_ascii_string_to_unsigned (chassis, 10, 0, 255, &type, NULL))
    {
      for (guint i = 0; i < G_N_ELEMENTS (laptop_chassis); i++)
        if (type == laptop_chassis[i])
          return ANTAM_FORM_LAPTOP;
      return ANTAM_FORM_DESKTOP;
    }

  return looked ? ANTAM_FORM_DESKTOP : ANTAM_FORM_UNKNOWN;
}

const AntamAppRule *
antam_rules_find_footprint (AntamRules         *rules,
                            AntamFootprintKind  kind,
                            const char         *value)
{
  for (guint i = 0; rules != NULL && value != NULL && i < rules->apps->len; i++)
    {
      const AntamAppRule *rule = g_ptr_array_index (rules->apps, i);
      char **list = rule->footprints[kind];

      if (list != NULL && g_strv_contains ((const char * const *) list, value))
        return rule;
    }
  return NULL;
}
