/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* A training scenario: a system-view tree under data/scenarios/NAME/ with a
 * scenario.json.  It is copied to a private temporary folder before use, so
 * that what git cannot hold (symlinks with absolute targets, extended
 * attributes such as a download's origin URL, folders' permissions) can
 * be applied there, and so
 * that nothing a trainer does touches the shipped tree. */

typedef struct {
  char *name;
  char *title_vi, *title_en;
  char *description_vi, *description_en;
  char *home;             /* as the scenario's system sees it: "/home/lan" */
  char *source_dir;
  char *root;             /* the temporary copy, once prepared */
  char *xattr_problem;    /* why origin URLs could not be applied, or NULL */
  GHashTable *xattrs;     /* relative path → GHashTable name → value */
  GHashTable *symlinks;   /* relative path → target */
  GHashTable *modes;      /* relative path → permissions, as GUINT_TO_POINTER */
} AntamScenario;

GStrv          antam_scenario_list_names   (void);
AntamScenario *antam_scenario_load         (const char     *name,
                                            GError        **error);
AntamScenario *antam_scenario_load_from_dir (const char    *dir,
                                             GError       **error);
gboolean       antam_scenario_prepare      (AntamScenario  *scenario,
                                            GError        **error);
AntamSysroot  *antam_scenario_create_sysroot (AntamScenario *scenario,
                                              GError      **error);
const char    *antam_scenario_get_title    (AntamScenario  *scenario);
const char    *antam_scenario_get_description (AntamScenario *scenario);
void           antam_scenario_free         (AntamScenario  *scenario);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamScenario, antam_scenario_free)

G_END_DECLS
