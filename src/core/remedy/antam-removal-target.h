/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "remedy/antam-removal-plan.h"

G_BEGIN_DECLS

/* Where a removal acts.  The live machine goes through PackageKit, flatpak,
 * snapd, the privileged helper and the desktop's Trash; a copy (a training
 * scenario, a fixture, a --root tree) is changed directly, the way those
 * would change it, so that the re-check proves the same things there.
 * The system view chooses: any root other than "/" is a copy. */

typedef struct _AntamRemovalTarget AntamRemovalTarget;

typedef struct {
  const char *name;
  gboolean (*remove_package)     (AntamRemovalTarget *target,
                                  AntamRemovalStep   *step,
                                  char              **message,
                                  GError            **error);
  gboolean (*uninstall_flatpak)  (AntamRemovalTarget *target,
                                  AntamRemovalStep   *step,
                                  char              **message,
                                  GError            **error);
  gboolean (*remove_snap)        (AntamRemovalTarget *target,
                                  AntamRemovalStep   *step,
                                  char              **message,
                                  GError            **error);
  gboolean (*remove_system_path) (AntamRemovalTarget *target,
                                  AntamRemovalStep   *step,
                                  char              **message,
                                  GError            **error);
  gboolean (*trash)              (AntamRemovalTarget *target,
                                  AntamRemovalStep   *step,
                                  const char         *host_path,
                                  char              **message,
                                  GError            **error);
  gboolean (*end_process)        (AntamRemovalTarget *target,
                                  AntamRemovalStep   *step,
                                  gboolean            allowed,
                                  char              **message,
                                  GError            **error);
} AntamRemovalTargetVTable;

struct _AntamRemovalTarget
{
  const AntamRemovalTargetVTable *vtable;
  AntamSysroot *sysroot;
  char *app_id;
  char *app_name;
  char **system_paths;
};

AntamRemovalTarget *antam_removal_target_new        (AntamRemovalPlan   *plan);
void                antam_removal_target_free       (AntamRemovalTarget *target);

/* The helper's path: $ANTAM_REMOVE_HELPER for tests, the installed one otherwise. */
const char         *antam_removal_helper_path       (void);

/* Shared by both targets: only the files differ. */
gboolean            antam_removal_forget_url_handler (AntamSysroot      *sysroot,
                                                      AntamRemovalStep  *step,
                                                      char             **message,
                                                      GError           **error);
gboolean            antam_trash_in_copy             (AntamSysroot       *sysroot,
                                                     const char         *abs_path,
                                                     const char         *host_path,
                                                     GError            **error);
gboolean            antam_dpkg_remove_in_copy       (AntamSysroot       *sysroot,
                                                     const char         *package,
                                                     const char         *arch,
                                                     char              **message,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamRemovalTarget, antam_removal_target_free)

G_END_DECLS
