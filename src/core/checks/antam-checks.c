/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-steps.h"

static const char *
risky_apps_name (void)
{
  return _("Risky apps");
}

static const char *
downloads_name (void)
{
  return _("Downloaded installers");
}

static const char *
os_support_name (void)
{
  return _("Operating system support");
}

static const char *
install_sources_name (void)
{
  return _("Software sources");
}

static const char *
os_updates_name (void)
{
  return _("Operating system updates");
}

static const char *
app_updates_name (void)
{
  return _("App updates");
}

static const char *
auto_updates_name (void)
{
  return _("Automatic updates");
}

static const char *
reboot_pending_name (void)
{
  return _("Pending restart");
}

static const char *
camera_mic_name (void)
{
  return _("Camera and microphone");
}

static const char *
screen_lock_name (void)
{
  return _("Screen lock");
}

static const char *
firewall_name (void)
{
  return _("Firewall");
}

static const char *
disk_encryption_name (void)
{
  return _("Disk encryption");
}

static const char *
auto_login_name (void)
{
  return _("Automatic login");
}

static const char *
network_services_name (void)
{
  return _("Services open to the network");
}

static const char *
home_privacy_name (void)
{
  return _("Who can read your files");
}

/* In the order of the wizard's steps, which is the letters' order.  The
 * sources a check names are read in parallel before the first check runs;
 * one it forgets is still read, on first use. */
static const AntamCheck checks[] = {
  { "risky-apps", risky_apps_name, antam_check_risky_apps,
    ANTAM_SOURCE_BIT (ANTAM_SOURCE_DPKG) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_RPM) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_FLATPAKS) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_SNAPS) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_DESKTOP_ENTRIES) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_AUTOSTART) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_FILES) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_DOWNLOADS) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_PROCESSES) },
  { "downloads", downloads_name, antam_check_downloads,
    ANTAM_SOURCE_BIT (ANTAM_SOURCE_DOWNLOADS) },
  { "install-sources", install_sources_name, antam_check_install_sources,
    ANTAM_SOURCE_BIT (ANTAM_SOURCE_FILES) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_RPM) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_DOWNLOADS) },
  { "os-support", os_support_name, antam_check_os_support },
  { "os-updates", os_updates_name, antam_check_os_updates,
    ANTAM_SOURCE_BIT (ANTAM_SOURCE_DPKG) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_RPM) },
  { "app-updates", app_updates_name, antam_check_app_updates,
    ANTAM_SOURCE_BIT (ANTAM_SOURCE_FLATPAKS) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_SNAPS) },
  { "auto-updates", auto_updates_name, antam_check_auto_updates,
    ANTAM_SOURCE_BIT (ANTAM_SOURCE_DPKG) },
  { "reboot-pending", reboot_pending_name, antam_check_reboot_pending },
  { "camera-mic", camera_mic_name, antam_check_camera_mic },
  { "screen-lock", screen_lock_name, antam_check_screen_lock },
  { "firewall", firewall_name, antam_check_firewall },
  { "disk-encryption", disk_encryption_name, antam_check_disk_encryption },
  { "auto-login", auto_login_name, antam_check_auto_login },
  /* The package lists are read only when a server is found, to offer
   * its removal: they decide no status. */
  { "network-services", network_services_name, antam_check_network_services,
    ANTAM_SOURCE_BIT (ANTAM_SOURCE_LISTENERS) |
      ANTAM_SOURCE_BIT (ANTAM_SOURCE_PROCESSES) },
  { "home-privacy", home_privacy_name, antam_check_home_privacy },
};

const AntamCheck *
antam_checks_get_all (guint *n_checks)
{
  *n_checks = G_N_ELEMENTS (checks);
  return checks;
}

const AntamCheck *
antam_checks_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (g_strcmp0 (checks[i].id, id) == 0)
      return &checks[i];
  return NULL;
}

/* Step numbers are 1-based everywhere a user or an action sees them:
 * "Bước 3/10" is win.go-to-step(3).  The checks of a step are those of
 * the table above, in its order; a questions step has the one check its
 * questions belong to (data/questions.json). */
static const AntamStep steps[ANTAM_N_STEPS] = {
  { "welcome", N_("Welcome"), ANTAM_STEP_PAGE_OTHER, NULL },
  { "risky", N_("Risky apps"), ANTAM_STEP_PAGE_FINDINGS, "risky-apps" },
  { "sources", N_("Sources and downloads"), ANTAM_STEP_PAGE_FINDINGS, "install-sources,downloads" },
  { "updates", N_("Updates and support"), ANTAM_STEP_PAGE_FINDINGS,
    "os-support,os-updates,app-updates,auto-updates,reboot-pending" },
  { "device", N_("Device protection"), ANTAM_STEP_PAGE_FINDINGS,
    "camera-mic,screen-lock,firewall,disk-encryption,auto-login" },
  { "access", N_("Remote access and sharing"), ANTAM_STEP_PAGE_FINDINGS, "network-services,home-privacy" },
  { "meetings", N_("Online meetings"), ANTAM_STEP_PAGE_QUESTIONS, "meeting-hygiene" },
  { "data", N_("Data"), ANTAM_STEP_PAGE_QUESTIONS, "data-handling" },
  { "alternatives", N_("Domestic alternatives"), ANTAM_STEP_PAGE_OTHER, NULL },
  { "summary", N_("Summary"), ANTAM_STEP_PAGE_OTHER, NULL },
};

/**
 * antam_step_get:
 * @step: 1 to %ANTAM_N_STEPS
 */
const AntamStep *
antam_step_get (guint step)
{
  g_return_val_if_fail (step >= 1 && step <= ANTAM_N_STEPS, NULL);
  return &steps[step - 1];
}

/**
 * antam_check_is_question:
 *
 * Whether @check is answered by the user rather than scanned: its results
 * are remade from the answers, never restored from a saved report.
 */
gboolean
antam_check_is_question (const char *check)
{
  g_return_val_if_fail (check != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_auto(GStrv) ids = NULL;

      if (steps[i].kind != ANTAM_STEP_PAGE_QUESTIONS)
        continue;
      ids = g_strsplit (steps[i].checks, ",", -1);
      if (g_strv_contains ((const char * const *) ids, check))
        return TRUE;
    }
  return FALSE;
}
