/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "remedy/antam-removal-plan.h"
#include "rules/antam-rules.h"

G_BEGIN_DECLS

/* The written guide: for each way the app can be installed, what to do by
 * hand and the commands to copy, for people who prefer a terminal and for
 * trainers to show.  Built from the rule, so it covers every install kind;
 * a plan, when given, marks the kinds found on this computer. */

typedef struct {
  char *kind;          /* deb, rpm, flatpak, snap, system-paths, home, links, running */
  char *title;         /* translated */
  char *text;          /* translated */
  char **commands;     /* one a line, to copy as they are; may be empty */
  gboolean found;      /* this computer has it, per the plan */
} AntamGuideSection;

GPtrArray *antam_removal_guide_new      (const AntamAppRule *rule,
                                         AntamRemovalPlan   *plan);
char      *antam_removal_guide_to_text  (GPtrArray          *sections);

G_END_DECLS
