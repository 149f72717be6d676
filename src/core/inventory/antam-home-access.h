/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* Who besides the user can reach the user's files, and the fix: the
 * user's own folders and files made private, which needs no
 * administrator.  "Others" are every account but the owner's and root's:
 * the other bits of the mode, a group the owner shares with someone, and
 * the accounts and groups a POSIX ACL names. */

typedef enum {
  ANTAM_EXPOSURE_HOME,            /* the home folder */
  ANTAM_EXPOSURE_FOLDER,          /* Desktop, Documents, Downloads, Pictures */
  ANTAM_EXPOSURE_SSH_FOLDER,      /* ~/.ssh others may change */
  ANTAM_EXPOSURE_SSH_KEY,         /* a private key others may read */
  ANTAM_EXPOSURE_SSH_AUTHORIZED,  /* authorized_keys others may change */
  ANTAM_EXPOSURE_WORLD_WRITABLE,  /* a file or folder anyone may change */
} AntamExposureKind;

typedef struct {
  AntamExposureKind kind;
  char *path;            /* as the system sees it */
  char *display;         /* "~/Tài liệu", valid UTF-8 */
  gboolean is_dir;
  guint mode;            /* permission bits now */
  guint fixed_mode;      /* what the fix sets */
  gboolean read;         /* others may read (list, for a folder) */
  gboolean write;        /* others may change */
  char **through;        /* how: accounts and groups an ACL or a shared group lets in */
  gboolean ours;         /* the user owns it: the fix can change it */
  guint64 dev, ino;      /* what it was, to notice a swap before the fix */
} AntamExposure;

typedef struct {
  char *home;                 /* as the system sees it */
  char *user;                 /* the account the home belongs to, or NULL */
  gboolean home_passable;     /* someone else may go through the home */
  GPtrArray *exposures;       /* AntamExposure */
  GPtrArray *other_accounts;  /* char *: accounts other than the user's that can log in */
  char *accounts_error;       /* why /etc/passwd could not be read, or NULL */
  guint n_walked;             /* entries of the home looked at */
  guint n_world_writable;     /* all found, also past those kept as exposures */
  gboolean walk_complete;     /* every folder others can reach was looked into */
  char *walk_problem;         /* why not, for the user; NULL when complete */
} AntamHomeInspection;

#define ANTAM_HOME_WALK_MAX_ENTRIES 100000
#define ANTAM_HOME_WALK_MAX_DEPTH 32
#define ANTAM_HOME_MAX_EXPOSURES 200

AntamHomeInspection *antam_home_inspect            (AntamSysroot         *sysroot,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void                 antam_home_inspection_free    (AntamHomeInspection  *inspection);
guint                antam_home_inspection_n_fixable (AntamHomeInspection *inspection);

/* The fix (remedy/antam-home-permissions.h) as commands, for IT staff. */
char                *antam_home_fix_commands       (AntamHomeInspection  *inspection);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamHomeInspection, antam_home_inspection_free)

G_END_DECLS
