/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "antam-result.h"
#include "sysroot/antam-sysroot.h"
#include "rules/antam-rules.h"

G_BEGIN_DECLS

/* A removal plan: from an app rule and the findings of a scan, one step per
 * footprint, each saying before anything happens what will happen to it and
 * whether the administrator is needed.  Building a plan changes nothing. */

typedef enum {
  ANTAM_REMOVAL_END_PROCESS,        /* ask to quit; end it only if allowed */
  ANTAM_REMOVAL_REMOVE_PACKAGE,     /* deb or rpm through PackageKit */
  ANTAM_REMOVAL_UNINSTALL_FLATPAK,
  ANTAM_REMOVAL_REMOVE_SNAP,        /* through snapd */
  ANTAM_REMOVAL_REMOVE_SYSTEM_PATH, /* through the privileged helper */
  ANTAM_REMOVAL_TRASH,              /* a file of the user's, to the Trash */
  ANTAM_REMOVAL_FORGET_URL_HANDLER, /* entries of the user's mimeapps.list */
  ANTAM_REMOVAL_WITH_OTHER_STEP,    /* goes away with another step */
  ANTAM_REMOVAL_MANUAL,             /* An Tâm cannot do it: explained */
} AntamRemovalAction;

typedef enum {
  ANTAM_REMOVAL_STEP_PENDING,
  ANTAM_REMOVAL_STEP_RUNNING,
  ANTAM_REMOVAL_STEP_DONE,
  ANTAM_REMOVAL_STEP_FAILED,
  ANTAM_REMOVAL_STEP_SKIPPED,       /* not tried: cancelled, or an earlier step failed */
} AntamRemovalStepState;

typedef struct {
  AntamRemovalAction action;
  char *kind;              /* the footprint's kind: deb, flatpak, home-path, … */
  char *target;            /* package, app id, snap, path as the system sees it, scheme, pid */
  char *name;              /* the footprint's name as the scan gave it */
  char *title;             /* translated, short: "Package “zoom” (deb)" */
  char *description;       /* translated: what will happen, said before */
  gboolean needs_admin;
  gboolean user_install;   /* Flatpak: the per-user installation */
  int owner;               /* index of the step this one depends on, or -1 */
  char *arch;              /* package architecture, or NULL */
  char **desktop_ids;      /* url handlers: the app's desktop ids to forget */
  /* what the path was when the scan saw it, to notice a change */
  gboolean has_stat;
  guint64 dev, ino;
  guint mode;

  AntamRemovalStepState state;
  char *message;           /* after it ran: what happened, or why not */
} AntamRemovalStep;

typedef struct _AntamRemovalPlan AntamRemovalPlan;

AntamRemovalPlan *antam_removal_plan_new        (AntamSysroot        *sysroot,
                                                 const AntamAppRule  *rule,
                                                 GPtrArray           *results,
                                                 GError             **error);
AntamRemovalPlan *antam_removal_plan_ref        (AntamRemovalPlan    *plan);
void              antam_removal_plan_unref      (AntamRemovalPlan    *plan);

AntamSysroot     *antam_removal_plan_get_sysroot (AntamRemovalPlan   *plan);
const char       *antam_removal_plan_get_app_id  (AntamRemovalPlan   *plan);
const char       *antam_removal_plan_get_app_name (AntamRemovalPlan  *plan);
gboolean          antam_removal_plan_acts_on_copy (AntamRemovalPlan  *plan);
gboolean          antam_removal_plan_can_act     (AntamRemovalPlan   *plan);
const char       *antam_removal_plan_get_reason  (AntamRemovalPlan   *plan);
guint             antam_removal_plan_get_n_steps (AntamRemovalPlan   *plan);
AntamRemovalStep *antam_removal_plan_get_step    (AntamRemovalPlan   *plan,
                                                  guint               index);
gboolean          antam_removal_plan_needs_admin (AntamRemovalPlan   *plan);
gboolean          antam_removal_plan_has_running_app (AntamRemovalPlan *plan);
const char * const *antam_removal_plan_get_system_paths (AntamRemovalPlan *plan);

/* Ending a running app is never silent: only after the user said so. */
void              antam_removal_plan_set_end_running (AntamRemovalPlan *plan,
                                                      gboolean          allowed);
gboolean          antam_removal_plan_get_end_running (AntamRemovalPlan *plan);

const char       *antam_removal_action_to_string (AntamRemovalAction  action);
const char       *antam_removal_step_state_to_string (AntamRemovalStepState state);
char             *antam_removal_plan_to_text     (AntamRemovalPlan   *plan);

GPtrArray        *antam_removal_results_for_app  (GPtrArray          *results,
                                                  const char         *app_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamRemovalPlan, antam_removal_plan_unref)

G_END_DECLS
