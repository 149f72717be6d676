/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every check reads the machine through one system view: a root directory
 * under which absolute paths are read, the user's home, and a command
 * runner.  The same checks then run on the live machine, a fixture tree, a
 * mounted disk or a training scenario. */

#define ANTAM_TYPE_SYSROOT (antam_sysroot_get_type ())
G_DECLARE_FINAL_TYPE (AntamSysroot, antam_sysroot, ANTAM, SYSROOT, GObject)

typedef enum {
  ANTAM_USER_DIR_DESKTOP,
  ANTAM_USER_DIR_DOWNLOAD,
  ANTAM_USER_DIR_DOCUMENTS,
  ANTAM_USER_DIR_PICTURES,
  ANTAM_N_USER_DIRS
} AntamUserDir;

/* Runs argv (never a shell) with LC_ALL=C; returns FALSE only when the
 * program could not be started or timed out. */
typedef gboolean (*AntamRunFunc) (const char * const *argv,
                                  guint               timeout_ms,
                                  char              **stdout_text,
                                  int                *exit_status,
                                  gpointer            user_data,
                                  GError            **error);

/* Gets the part of a file read so far that it has not consumed yet;
 * returns how many of those bytes it consumed.  With @at_end they are the
 * last of the file, and the return value does not matter. */
typedef gsize (*AntamPartFunc) (const char *text,
                                gsize       length,
                                gboolean    at_end,
                                gpointer    user_data);

#define ANTAM_SYSROOT_DEFAULT_TIMEOUT_MS 10000

AntamSysroot *antam_sysroot_new_live          (void);
AntamSysroot *antam_sysroot_new               (const char    *root,
                                               const char    *home,
                                               GError       **error);

gboolean      antam_sysroot_is_live           (AntamSysroot  *self);
gboolean      antam_sysroot_is_sandboxed      (AntamSysroot  *self);
const char   *antam_sysroot_get_root          (AntamSysroot  *self);
const char   *antam_sysroot_get_home          (AntamSysroot  *self);
const char   *antam_sysroot_get_user_dir      (AntamSysroot  *self,
                                               AntamUserDir   dir);
const char   *antam_sysroot_get_config_home   (AntamSysroot  *self);
const char   *antam_sysroot_get_data_home     (AntamSysroot  *self);

char         *antam_sysroot_path              (AntamSysroot  *self,
                                               const char    *abs_path);
char         *antam_sysroot_home_path         (AntamSysroot  *self,
                                               const char    *relative);
char         *antam_sysroot_expand_home       (AntamSysroot  *self,
                                               const char    *path);
char         *antam_sysroot_resolve           (AntamSysroot  *self,
                                               const char    *abs_path,
                                               GError       **error);

gboolean      antam_read_regular_fd           (int            fd,
                                               const char    *display_path,
                                               gsize          max_size,
                                               char         **contents,
                                               gsize         *length,
                                               GError       **error);
gboolean      antam_sysroot_read_file         (AntamSysroot  *self,
                                               const char    *abs_path,
                                               gsize          max_size,
                                               char         **contents,
                                               gsize         *length,
                                               GError       **error);
gboolean      antam_sysroot_read_file_in_parts (AntamSysroot   *self,
                                                const char     *abs_path,
                                                gsize           max_size,
                                                AntamPartFunc   func,
                                                gpointer        user_data,
                                                GError        **error);
int           antam_sysroot_open              (AntamSysroot  *self,
                                               const char    *abs_path,
                                               int            flags,
                                               GError       **error);
GPtrArray    *antam_sysroot_list_dir          (AntamSysroot  *self,
                                               const char    *abs_path,
                                               GError       **error);
gboolean      antam_sysroot_exists            (AntamSysroot  *self,
                                               const char    *abs_path);

const char   *antam_sysroot_get_proc_dir      (AntamSysroot  *self);
void          antam_sysroot_set_proc_dir      (AntamSysroot  *self,
                                               const char    *host_path);

void          antam_sysroot_set_runner        (AntamSysroot  *self,
                                               AntamRunFunc   func,
                                               gpointer       user_data,
                                               GDestroyNotify destroy);
gboolean      antam_sysroot_run               (AntamSysroot  *self,
                                               const char * const *argv,
                                               guint          timeout_ms,
                                               char         **stdout_text,
                                               int           *exit_status,
                                               GError       **error);
char         *antam_sysroot_find_program      (AntamSysroot  *self,
                                               const char    *name);

gboolean      antam_run_command               (const char * const *argv,
                                               guint          timeout_ms,
                                               char         **stdout_text,
                                               int           *exit_status,
                                               gpointer       user_data,
                                               GError       **error);

const char   *antam_describe_errno            (int            saved_errno);

G_END_DECLS
