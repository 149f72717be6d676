/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "inventory/antam-apt-config.h"
#include "inventory/antam-apt-sources.h"
#include "inventory/antam-os-release.h"

#define CHECK_ID "auto-updates"
#define MAX_CONF_SIZE (1024 * 1024)
#define TIMERS_WANTS "/etc/systemd/system/timers.target.wants"

typedef enum {
  SETTING_UNSET,
  SETTING_OFF,
  SETTING_ON,
} Setting;

/* APT::Periodic values are a number of days ("1"), "0" for never, or
 * "always" in newer apt; apt.systemd.daily treats anything else as 0. */
static Setting
periodic_setting (const char *value)
{
  g_autofree char *lower = NULL;
  char *end = NULL;
  gint64 days;

  if (value == NULL)
    return SETTING_UNSET;
  lower = g_ascii_strdown (value, -1);
  g_strstrip (lower);
  if (g_str_equal (lower, "always") || g_str_equal (lower, "true") || g_str_equal (lower, "yes"))
    return SETTING_ON;
  days = g_ascii_strtoll (lower, &end, 10);
  if (end == lower)
    return SETTING_OFF;
  return days > 0 ? SETTING_ON : SETTING_OFF;
}

static AntamItem *
add_setting_item (AntamResult    *result,
                  AntamAptConfig *config,
                  const char     *key,
                  Setting         setting)
{
  const char *value = antam_apt_config_get (config, key);
  AntamItem *item = antam_result_add_item (result, "setting", key,
                                           antam_apt_config_get_file (config, key));

  item->version = g_strdup (value);
  switch (setting)
    {
    case SETTING_ON:
      item->detail = g_strdup (_("On"));
      break;
    case SETTING_OFF:
      item->detail = g_strdup (_("Off"));
      break;
    case SETTING_UNSET:
    default:
      item->detail = g_strdup (_("Not set (off)"));
      break;
    }
  return item;
}

static gboolean
origins_include_security (AntamAptConfig  *config,
                          const char     **which,
                          const char     **which_key)
{
  static const char * const keys[] = {
    "Unattended-Upgrade::Origins-Pattern",
    "Unattended-Upgrade::Allowed-Origins",
  };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      const char * const *items = antam_apt_config_get_list (config, keys[k]);

      for (guint i = 0; items && items[i]; i++)
        {
          g_autofree char *lower = g_ascii_strdown (items[i], -1);
          if (strstr (lower, "security") != NULL)
            {
              *which = items[i];
              *which_key = keys[k];
              return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
package_installed (GPtrArray  *packages,
                   const char *name)
{
  for (guint i = 0; packages && i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      if (package->installed && g_strcmp0 (package->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A unit masked by a link to /dev/null never runs, whatever else says. */
static gboolean
unit_masked (AntamSysroot *sysroot,
             const char   *unit)
{
  g_autofree char *dir = antam_sysroot_resolve (sysroot, "/etc/systemd/system", NULL);
  g_autofree char *host = dir ? g_build_filename (dir, unit, NULL) : NULL;
  g_autofree char *target = host ? g_file_read_link (host, NULL) : NULL;

  return target != NULL && g_str_equal (target, "/dev/null");
}

/* [commands] apply_updates = yes in /etc/dnf/automatic.conf */
static gboolean
dnf_applies_updates (AntamSysroot *sysroot,
                     gboolean     *known)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  gsize length = 0;

  *known = FALSE;
  if (!antam_sysroot_read_file (sysroot, "/etc/dnf/automatic.conf", MAX_CONF_SIZE, &text, &length, NULL) ||
      !g_key_file_load_from_data (keyfile, text, length, G_KEY_FILE_NONE, NULL))
    return FALSE;
  *known = TRUE;
  value = g_key_file_get_string (keyfile, "commands", "apply_updates", NULL);
  if (value == NULL)
    return FALSE;
  g_strstrip (value);
  return g_ascii_strcasecmp (value, "yes") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
         g_str_equal (value, "1");
}

typedef struct {
  guint n_timers;
  gboolean installs;        /* a timer that installs updates is enabled */
} DnfState;

static void
check_dnf_timers (AntamSysroot *sysroot,
                  AntamResult  *items,
                  DnfState     *state)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, TIMERS_WANTS, NULL);
  gboolean conf_known = FALSE;
  gboolean conf_applies = dnf_applies_updates (sysroot, &conf_known);

  for (guint i = 0; names && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *location = NULL;
      AntamItem *item;

      /* dnf-automatic.timer, dnf-automatic-install.timer, dnf5-automatic.timer … */
      if (!g_str_has_prefix (name, "dnf") || strstr (name, "-automatic") == NULL ||
          !g_str_has_suffix (name, ".timer") || unit_masked (sysroot, name))
        continue;

      state->n_timers++;
      location = g_build_filename (TIMERS_WANTS, name, NULL);
      item = antam_result_add_item (items, "setting", name, location);
      if (strstr (name, "-install") != NULL)
        {
          state->installs = TRUE;
          item->detail = g_strdup (_("Enabled: installs updates"));
        }
      else if (strstr (name, "-download") != NULL || strstr (name, "-notifyonly") != NULL)
        item->detail = g_strdup (_("Enabled: only downloads or notifies"));
      else if (conf_applies)
        {
          state->installs = TRUE;
          item->detail = g_strdup (_("Enabled: installs updates (apply_updates = yes)"));
        }
      else
        item->detail = g_strdup (conf_known ? _("Enabled, but apply_updates is off: only downloads")
                                            : _("Enabled, but its settings could not be read"));
    }
}

/* GNOME Software's own setting, in the user's session only. */
static gboolean
gnome_software_downloads (AntamSysroot *sysroot,
                          gboolean     *known)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  *known = FALSE;
  if (!antam_sysroot_is_live (sysroot) || source == NULL)
    return FALSE;
  schema = g_settings_schema_source_lookup (source, "org.gnome.software", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "download-updates"))
    return FALSE;
  settings = g_settings_new_full (schema, NULL, NULL);
  *known = TRUE;
  return g_settings_get_boolean (settings, "download-updates");
}

/* Whether the sources hold anything for unattended-upgrades to install:
 * on Debian and Ubuntu security fixes come only from the security suite.
 * Judged as install-sources judges it, so the two never disagree. */
static gboolean
sources_lack_security (AntamSysroot *sysroot,
                       GPtrArray    *problems)
{
  g_autoptr(AntamOsRelease) release = antam_os_release_read (sysroot, NULL);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  AntamAptSecurity security;

  if (release == NULL ||
      !(antam_os_release_is_like (release, "debian") || antam_os_release_is_like (release, "ubuntu")))
    return FALSE;
  sources = antam_apt_sources_read (sysroot, problems, &error);
  if (sources == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_ptr_array_add (problems, g_strdup (error->message));
      return FALSE;
    }
  security = antam_apt_sources_get_security (sources);
  return security == ANTAM_APT_SECURITY_MISSING || security == ANTAM_APT_SECURITY_NO_SOURCE;
}

static char *
problems_text (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_string_append (text, "\n• ");
      g_string_append (text, g_ptr_array_index (problems, i));
    }
  return g_string_free (text, FALSE);
}

void
antam_check_auto_updates (AntamScanContext *context,
                          GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AntamResult) result = NULL;
  g_autoptr(AntamAptConfig) config = NULL;
  const GError *dpkg_error = NULL;
  GPtrArray *packages = antam_scan_context_get (context, ANTAM_SOURCE_DPKG, &dpkg_error);
  gboolean is_apt = antam_sysroot_exists (sysroot, "/etc/apt") || packages != NULL;
  gboolean gs_known = FALSE;
  gboolean gs_downloads = gnome_software_downloads (sysroot, &gs_known);
  DnfState dnf = { 0 };
  const char *dpkg_reason = NULL;
  gboolean installed_known = TRUE;
  gboolean leaves_out_security = FALSE;
  gboolean apt_on = FALSE;
  gboolean no_security_source = FALSE;
  AntamStatus status;
  g_autofree char *title = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) it_staff = g_string_new (NULL);

  /* Items first, verdict after: the result is built once all is known. */
  result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN, "", "");

  if (is_apt)
    {
      Setting enable, lists, upgrade;
      gboolean installed = package_installed (packages, "unattended-upgrades");
      /* Found is found; not found means "not installed" only in a list
       * read to its end. */
      installed_known = installed ||
        antam_scan_context_get_health (context, ANTAM_SOURCE_DPKG, &dpkg_reason, NULL) == ANTAM_SOURCE_WHOLE;
      gboolean masked = unit_masked (sysroot, "apt-daily-upgrade.timer");
      const char *security_origin = NULL;
      const char *origins_key = "Unattended-Upgrade::Origins-Pattern";
      gboolean security;

      config = antam_apt_config_read (sysroot, problems);
      enable = periodic_setting (antam_apt_config_get (config, "APT::Periodic::Enable"));
      lists = periodic_setting (antam_apt_config_get (config, "APT::Periodic::Update-Package-Lists"));
      upgrade = periodic_setting (antam_apt_config_get (config, "APT::Periodic::Unattended-Upgrade"));
      security = origins_include_security (config, &security_origin, &origins_key);

      add_setting_item (result, config, "APT::Periodic::Update-Package-Lists", lists);
      add_setting_item (result, config, "APT::Periodic::Unattended-Upgrade", upgrade);
      if (enable == SETTING_OFF)
        add_setting_item (result, config, "APT::Periodic::Enable", enable);

      {
        AntamItem *item = antam_result_add_item (result, "deb", "unattended-upgrades", NULL);
        item->id = g_strdup ("unattended-upgrades");
        item->detail = g_strdup (installed ? _("Installed")
                                 : installed_known ? _("Not installed")
                                 : _("Not found in the part of the package list that could be read"));
      }
      if (installed)
        {
          AntamItem *item = antam_result_add_item (result, "setting", origins_key,
                                                   antam_apt_config_get_file (config, origins_key));
          item->version = g_strdup (security_origin);
          item->detail = g_strdup (security ? _("Includes security updates")
                                            : _("Does not include security updates"));
        }
      if (masked)
        {
          AntamItem *item = antam_result_add_item (result, "setting", "apt-daily-upgrade.timer",
                                                   "/etc/systemd/system/apt-daily-upgrade.timer");
          item->detail = g_strdup (_("Masked: never runs"));
        }

      apt_on = enable != SETTING_OFF && lists == SETTING_ON && upgrade == SETTING_ON &&
               installed && security && !masked;
      no_security_source = sources_lack_security (sysroot, problems);
      if (no_security_source)
        {
          AntamItem *item = antam_result_add_item (result, "apt-repo", _("Security archive"), NULL);
          item->detail = g_strdup (_("Not among the software sources"));
        }

      if (apt_on && no_security_source)
        g_string_append (summary, _("Automatic updates are on, but this computer does not receive "
                                    "updates from the security archive, so security fixes never "
                                    "reach it."));
      else if (apt_on)
        g_string_append (summary, _("The package lists are refreshed every day and security "
                                    "updates are installed automatically by unattended-upgrades."));
      else if (!installed_known)
        {
          g_string_append (summary, dpkg_reason ? dpkg_reason
                                                : _("The list of installed Debian packages could not be read."));
          g_string_append_c (summary, ' ');
          g_string_append (summary, _("So An Tâm cannot tell whether unattended-upgrades, the tool "
                                      "that installs security updates by itself, is installed."));
        }
      else if (!installed)
        g_string_append (summary, _("unattended-upgrades, the tool that installs security updates "
                                    "by itself, is not installed."));
      else if (enable == SETTING_OFF)
        {
          g_string_append (summary, _("The computer’s daily update tasks are switched off."));
          g_string_append (it_staff, C_("it-staff", "APT::Periodic::Enable is “0”: apt’s daily jobs are "
                                        "switched off. Remove that line from /etc/apt/apt.conf.d/. "));
        }
      else if (masked)
        g_string_append (summary, _("apt’s daily upgrade job is masked, so it never runs."));
      else if (lists != SETTING_ON || upgrade != SETTING_ON)
        {
          g_string_append (summary, _("unattended-upgrades, the tool that installs security updates "
                                      "by itself, is installed but switched off."));
          g_string_append_printf (it_staff, C_("it-staff", "APT::Periodic::Update-Package-Lists is %s and "
                                               "APT::Periodic::Unattended-Upgrade is %s; both must be “1”. "),
                                  lists == SETTING_ON ? "1" : "0", upgrade == SETTING_ON ? "1" : "0");
        }
      else
        {
          leaves_out_security = TRUE;
          g_string_append (summary, _("unattended-upgrades is switched on, but it is not set to "
                                      "install security updates."));
          g_string_append (it_staff, C_("it-staff", "No entry of Unattended-Upgrade::Origins-Pattern "
                                        "names the security archive: add "
                                        "\"origin=Debian,codename=${distro_codename},label=Debian-Security\". "));
        }
    }

  check_dnf_timers (sysroot, result, &dnf);
  if (dnf.n_timers > 0)
    {
      if (summary->len)
        g_string_append_c (summary, ' ');
      g_string_append (summary, dnf.installs
                                  ? _("dnf-automatic is enabled and installs updates.")
                                  : _("dnf-automatic is enabled but only downloads updates or "
                                      "notifies; it does not install them."));
    }

  if (gs_known)
    {
      AntamItem *item = antam_result_add_item (result, "setting", "org.gnome.software download-updates", NULL);
      item->version = g_strdup (gs_downloads ? "true" : "false");
      item->detail = g_strdup (gs_downloads ? _("GNOME Software downloads updates by itself")
                                            : _("GNOME Software does not download updates"));
    }

  if (problems->len > 0)
    {
      g_autofree char *lines = problems_text (problems);
      if (summary->len)
        g_string_append_c (summary, '\n');
      g_string_append (summary, _("Some of apt’s settings could not be read:"));
      g_string_append (summary, lines);
    }

  if (!is_apt && dnf.n_timers == 0 && !gs_known)
    {
      status = ANTAM_STATUS_UNKNOWN;
      title = g_strdup (_("Automatic updates could not be checked"));
      g_string_assign (summary, _("This system uses neither apt nor dnf-automatic, the updaters "
                                  "An Tâm knows how to check."));
    }
  else if (!installed_known && !dnf.installs)
    {
      status = ANTAM_STATUS_UNKNOWN;
      title = g_strdup (_("Automatic updates could not be fully checked"));
    }
  else if (problems->len > 0 && !dnf.installs)
    {
      /* apt itself refuses to run with a broken settings or sources file,
       * and unattended-upgrades with it. */
      status = ANTAM_STATUS_UNKNOWN;
      title = g_strdup (_("The automatic-update settings could not be read"));
    }
  else if (apt_on && no_security_source && !dnf.installs)
    {
      status = ANTAM_STATUS_WARNING;
      title = g_strdup (_("Automatic updates cannot fetch security fixes"));
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, "apt-security",
                               _("Ask your IT staff to add the distribution’s security archive "
                                 "to the software sources."));
    }
  else if (apt_on || dnf.installs)
    {
      status = ANTAM_STATUS_OK;
      title = g_strdup (_("Security updates install automatically"));
    }
  else if (gs_downloads)
    {
      status = ANTAM_STATUS_WARNING;
      title = g_strdup (_("Updates are downloaded automatically but not installed"));
      g_string_append_c (summary, ' ');
      g_string_append (summary, _("GNOME Software downloads updates and offers to install them "
                                  "at the next restart; until you accept, the flaws stay open."));
    }
  else if (leaves_out_security)
    {
      /* Not "off": it runs, and the title says what it misses. */
      status = ANTAM_STATUS_WARNING;
      title = g_strdup (_("Automatic updates leave out security updates"));
    }
  else
    {
      status = ANTAM_STATUS_WARNING;
      title = g_strdup (_("Automatic security updates are off"));
    }

  if (status == ANTAM_STATUS_WARNING && result->remedy == ANTAM_REMEDY_NONE)
    {
      g_string_append_c (summary, ' ');
      g_string_append (summary, _("Without automatic updates, a security fix waits until someone "
                                  "remembers to install it, while attackers already know the flaw."));
      antam_result_set_remedy (result, ANTAM_REMEDY_SETTING, "auto-updates",
                               _("Ask your IT staff to switch on automatic security updates, or "
                                 "switch on automatic updates yourself in the Software app’s "
                                 "preferences."));
      g_string_append (it_staff, is_apt
                                   ? C_("it-staff", "sudo apt install unattended-upgrades, then sudo "
                                        "dpkg-reconfigure -plow unattended-upgrades.")
                                   : C_("it-staff", "sudo dnf install dnf-automatic, then sudo systemctl "
                                        "enable --now dnf-automatic-install.timer."));
    }

  result->status = status;
  g_free (result->title);
  result->title = g_steal_pointer (&title);
  g_free (result->summary);
  result->summary = g_strdup (summary->str);
  if (it_staff->len > 0)
    antam_result_set_it_staff (result, g_strchomp (it_staff->str));
  g_ptr_array_add (results, g_steal_pointer (&result));
}
