/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "checks/antam-checks.h"
#include "util/antam-ini.h"

G_BEGIN_DECLS

/* What the device-protection checks share: INI-like config files (GDM,
 * LightDM, SDDM, KDE, dconf keyfiles; util/antam-ini.h), systemd unit state, and whether the
 * machine is a laptop, which decides how loudly to speak. */

#define ANTAM_DEVICE_MAX_CONFIG_SIZE (1024 * 1024)

AntamIni   *antam_ini_read           (AntamSysroot *sysroot,
                                      const char   *abs_path,
                                      GError      **error);

/* "*.conf" entries of a drop-in dir, sorted as the programs apply them;
 * an empty array when the dir does not exist. */
GPtrArray  *antam_list_conf_dir      (AntamSysroot *sysroot,
                                      const char   *abs_dir,
                                      const char   *suffix);

typedef enum {
  ANTAM_UNIT_ABSENT,     /* no unit file anywhere */
  ANTAM_UNIT_DISABLED,   /* installed, not started at boot */
  ANTAM_UNIT_ENABLED,
  ANTAM_UNIT_MASKED,
} AntamUnitState;

AntamUnitState antam_unit_state      (AntamSysroot *sysroot,
                                      const char   *unit);

typedef enum {
  ANTAM_FORM_UNKNOWN,
  ANTAM_FORM_DESKTOP,
  ANTAM_FORM_LAPTOP,
} AntamFormFactor;

AntamFormFactor antam_form_factor    (AntamSysroot *sysroot);

const AntamAppRule *antam_rules_find_footprint (AntamRules         *rules,
                                                AntamFootprintKind  kind,
                                                const char         *value);

G_END_DECLS
