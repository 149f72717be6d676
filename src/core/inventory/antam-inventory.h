/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* What is installed and how.  Each source has a pure parser (unit-tested on
 * fixture text) and a reader that goes through the system view.  Readers
 * return NULL with an error when they cannot tell; an empty array means
 * "looked, found nothing". */

/* Parsers refuse input larger than this rather than exhaust memory. */
#define ANTAM_INVENTORY_MAX_FILE_SIZE (256 * 1024 * 1024)

/* One block with its strings (antam_package_new()): read its fields, never
 * free or replace them. */
typedef struct {
  char *name;
  char *version;
  char *arch;
  char *state;        /* dpkg: the third word of Status; rpm: "installed" */
  const char *source; /* "deb" or "rpm", static */
  gboolean installed;
} AntamPackage;

typedef struct {
  char *id;
  char *arch;
  char *branch;
  char *origin;        /* the remote it was installed from, NULL if unknown */
  char *commit;
  char *version;       /* from its metainfo, NULL if none */
  char *installation;  /* "system" or "user" */
  char *location;      /* deploy dir, as the system sees it */
  char *latest_commit; /* what the origin's ref in the repo holds: the newest
                        * commit fetched, deployed or not; NULL if unreadable */
} AntamFlatpak;

typedef struct {
  char *name;
  char *revision;
  char *version;
  char *location;      /* /snap/NAME or the .snap file */
} AntamSnap;

typedef struct {
  char *id;            /* desktop file id, e.g. Zoom.desktop */
  char *location;
  char *name;
  char *exec;
  char **mime_types;
  char *scope;         /* system, local, user, flatpak-system, flatpak-user, autostart-system, autostart-user */
  gboolean hidden;     /* Hidden=true or NoDisplay for autostart: disabled */
} AntamDesktopEntry;

typedef struct {
  char *location;      /* as the system sees it */
  char *kind;          /* "opt" or "appimage" */
  gboolean is_dir;
  gint64 size;
} AntamFileEntry;

typedef struct {
  int pid;
  char *comm;
  char *exe;           /* NULL when not readable (another user's process) */
} AntamProcess;

/* A socket that waits for others to reach it. */
typedef struct {
  const char *protocol; /* "tcp" or "udp", static */
  int family;           /* 4 or 6 */
  char *address;        /* "0.0.0.0", "::", "192.168.1.20" */
  guint port;
  guint uid;            /* the account that opened it */
  guint64 inode;
  gboolean loopback;    /* reachable from this computer only */
  gboolean any_address; /* every address of the computer */
  /* who holds it: all unknown (0, NULL) when it could not be told */
  int pid;
  char *program;        /* the program's file name, or its 15-byte comm */
  char *exe;
  char *unit;           /* the systemd service it runs in */
} AntamListener;

/* A line of /etc/passwd, or of /etc/group (members set, home and shell
 * NULL, uid and gid both the group's id). */
typedef struct {
  char *name;
  guint uid;
  guint gid;
  char *home;
  char *shell;
  char **members;
} AntamAccount;

typedef struct {
  char *location;      /* as the system sees it; may not be UTF-8 */
  char *display_name;  /* UTF-8 for showing */
  gint64 size;
  char *sha256;        /* NULL when too large or unreadable, see error */
  char *origin_url;    /* as the browser recorded it, NULL if none */
  char *referrer_url;
  char *error;         /* why something could not be read, or NULL */
} AntamDownload;

/* What a walk of the download dir left out; all zero when it read all. */
typedef struct {
  gboolean   too_many;      /* stopped after ANTAM_DOWNLOADS_MAX_FILES entries */
  guint      n_too_deep;    /* folders deeper than ANTAM_DOWNLOADS_MAX_DEPTH, not entered */
  guint      n_unreadable;  /* folders that could not be opened */
  GPtrArray *skipped;       /* char*: the first few folders left out, as the system sees them */
} AntamDownloadsGaps;

#define ANTAM_DOWNLOADS_MAX_DEPTH 3
#define ANTAM_DOWNLOADS_MAX_FILES 20000
#define ANTAM_DOWNLOADS_MAX_HASH_SIZE (128 * 1024 * 1024)

AntamPackage *antam_package_new         (const char        *source,
                                         const char        *name,
                                         gsize              name_len,
                                         const char        *version,
                                         gsize              version_len,
                                         const char        *arch,
                                         gsize              arch_len,
                                         const char        *state,
                                         gsize              state_len,
                                         gboolean           installed);
void       antam_package_free           (AntamPackage      *package);
void       antam_flatpak_free           (AntamFlatpak      *flatpak);
void       antam_snap_free              (AntamSnap         *snap);
void       antam_desktop_entry_free     (AntamDesktopEntry *entry);
void       antam_file_entry_free        (AntamFileEntry    *entry);
void       antam_process_free           (AntamProcess      *process);
void       antam_download_free          (AntamDownload     *download);
void       antam_listener_free          (AntamListener     *listener);
void       antam_account_free           (AntamAccount      *account);

/* dpkg: ROOT/var/lib/dpkg/status */
GPtrArray *antam_dpkg_parse_status      (const char        *text,
                                         gsize              length,
                                         GError           **error);
GPtrArray *antam_inventory_read_dpkg    (AntamSysroot      *sysroot,
                                         GError           **damage,
                                         GError           **error);

/* rpm -qa through the runner, with --root and the root's own --dbpath
 * under a foreign root */
GPtrArray *antam_rpm_parse_query        (const char        *text,
                                         GError           **error);
GPtrArray *antam_inventory_read_rpm     (AntamSysroot      *sysroot,
                                         GError           **error);
GHashTable *antam_rpm_find_owned        (AntamSysroot      *sysroot,
                                         const char * const *paths,
                                         GError           **error);

/* Flatpak: ROOT/var/lib/flatpak and HOME/.local/share/flatpak */
GPtrArray *antam_inventory_read_flatpaks (AntamSysroot     *sysroot,
                                          GError          **error);

/* Snap: ROOT/snap/NAME/current and the .snap files of ROOT/var/lib/snapd/snaps */
GPtrArray *antam_inventory_read_snaps   (AntamSysroot      *sysroot,
                                         GError           **error);

/* Desktop entries of the application dirs, the Flatpak exports and autostart */
AntamDesktopEntry *antam_desktop_entry_parse (const char   *text,
                                              gsize         length,
                                              GError      **error);
GPtrArray *antam_inventory_read_desktop_entries (AntamSysroot *sysroot,
                                                 GError      **error);
GPtrArray *antam_inventory_read_autostart (AntamSysroot    *sysroot,
                                           GError         **error);
/* mime type -> desktop id, from the mimeapps.list files in XDG order */
GHashTable *antam_inventory_read_default_handlers (AntamSysroot *sysroot,
                                                   GError      **error);

/* The entries of /opt and AppImages under HOME (Applications, .local/bin,
 * Desktop; those in the download dir are among the downloads) */
GPtrArray *antam_inventory_read_files   (AntamSysroot      *sysroot,
                                         GError           **error);
GPtrArray *antam_inventory_list_appimages (GPtrArray       *files,
                                           GPtrArray       *downloads);

/* /proc, only on a live system view */
GArray    *antam_inventory_list_pids    (AntamSysroot      *sysroot,
                                         const char       **proc_dir,
                                         GError           **error);
GPtrArray *antam_inventory_read_processes (AntamSysroot    *sysroot,
                                           GError         **error);
/* A file under the view's /proc: the live one when there is one, else
 * ROOT/proc as a fixture or an image may provide it. */
gboolean   antam_read_proc_file         (AntamSysroot      *sysroot,
                                         const char        *name,
                                         char             **contents,
                                         GError           **error);

/* /proc/net/{tcp,tcp6,udp,udp6}, only on a running system */
GPtrArray *antam_listeners_parse        (const char        *text,
                                         const char        *protocol,
                                         int                family,
                                         GError           **error);
GPtrArray *antam_inventory_read_listeners (AntamSysroot    *sysroot,
                                           GError         **error);

/* /etc/passwd and /etc/group */
GPtrArray *antam_accounts_parse         (const char        *text,
                                         gboolean           groups);
GPtrArray *antam_inventory_read_accounts (AntamSysroot     *sysroot,
                                          GError          **error);
GPtrArray *antam_inventory_read_groups  (AntamSysroot      *sysroot,
                                         GError           **error);
void       antam_accounts_login_range   (AntamSysroot      *sysroot,
                                         guint             *uid_min,
                                         guint             *uid_max);
gboolean   antam_account_can_log_in     (const AntamAccount *account,
                                         guint              uid_min,
                                         guint              uid_max);
const AntamAccount *antam_accounts_find_uid (GPtrArray     *accounts,
                                             guint          uid);

/* installer-like files in the download dir */
gboolean   antam_download_is_installer_name (const char    *name);
GPtrArray *antam_inventory_read_downloads (AntamSysroot    *sysroot,
                                           GCancellable   *cancellable,
                                           AntamDownloadsGaps *gaps,
                                           GError        **error);
void       antam_downloads_gaps_clear   (AntamDownloadsGaps *gaps);
gboolean   antam_downloads_gaps_any     (const AntamDownloadsGaps *gaps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamPackage, antam_package_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamDesktopEntry, antam_desktop_entry_free)

G_END_DECLS
