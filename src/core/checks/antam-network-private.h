/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* What network-services reads besides the sockets: the SSH server's
 * settings and what the computer shares (Samba, NFS, printers).  Pure
 * readers over the system view, so that they work on a disk that is not
 * running, and tested on fixture roots. */

/* ---- the SSH server ------------------------------------------------------ */

typedef struct {
  char *value;     /* as written, lower case; sshd's default when file is NULL */
  char *file;      /* where it was set, or NULL */
  guint line;
} AntamSshdSetting;

typedef struct {
  AntamSshdSetting password_authentication;
  AntamSshdSetting kbd_interactive_authentication;
  AntamSshdSetting use_pam;
  AntamSshdSetting permit_root_login;
  AntamSshdSetting permit_empty_passwords;
  GArray *ports;                  /* guint; sshd's 22 when none is set */
  GPtrArray *listen_addresses;    /* char *; empty means every address */
  AntamSshdSetting match_password; /* a Match block that turns passwords on, or file NULL */
  GPtrArray *files;               /* the files read, in the order sshd reads them */
} AntamSshdConfig;

AntamSshdConfig *antam_sshd_config_read             (AntamSysroot    *sysroot,
                                                     GError         **error);
void             antam_sshd_config_free             (AntamSshdConfig *config);
gboolean         antam_sshd_config_allows_password  (AntamSshdConfig *config);
const AntamSshdSetting *antam_sshd_config_password_setting (AntamSshdConfig *config);
gboolean         antam_sshd_config_allows_root_password (AntamSshdConfig *config);
gboolean         antam_sshd_config_loopback_only    (AntamSshdConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamSshdConfig, antam_sshd_config_free)

/* ---- shares ------------------------------------------------------------- */

typedef enum {
  ANTAM_SHARE_SAMBA,           /* a section of smb.conf */
  ANTAM_SHARE_SAMBA_USERSHARE, /* made from the file manager */
  ANTAM_SHARE_NFS,
  ANTAM_SHARE_PRINTER,
} AntamShareKind;

typedef struct {
  AntamShareKind kind;
  char *name;       /* the share's, the printer's, or the exported folder */
  char *path;       /* the folder shared, or NULL */
  char *file;       /* where it is set */
  gboolean guest;   /* anyone may use it without a password */
  gboolean writable;
  char *clients;    /* NFS: who may mount it, as written; NULL for everyone */
} AntamShare;

void       antam_share_free            (AntamShare   *share);

/* Each fails with G_IO_ERROR_NOT_FOUND when the program is not set up at
 * all; an empty array means it is, and shares nothing. */
GPtrArray *antam_samba_read_shares     (AntamSysroot *sysroot,
                                        GError      **usershares_error,
                                        GError      **error);
GPtrArray *antam_nfs_read_exports      (AntamSysroot *sysroot,
                                        GError      **error);
GPtrArray *antam_cups_read_shared      (AntamSysroot *sysroot,
                                        gboolean     *listens_beyond_loopback,
                                        GError      **error);

G_END_DECLS
