/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "antam-checks-private.h"

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

/* In the order of the wizard's steps, which is the letters' order. */
static const AntamCheck checks[] = {
  { "risky-apps", risky_apps_name, antam_check_risky_apps },
  { "downloads", downloads_name, antam_check_downloads },
  { "os-support", os_support_name, antam_check_os_support },
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
