/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* O_PATH */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysroot/antam-sysroot.h"
#include "sysroot/antam-sysroot-private.h"

/* Linux gives up after 40 links; so do we, which also ends symlink loops. */
#define MAX_SYMLINKS 40
#define MAX_COMMAND_OUTPUT (64 * 1024 * 1024)

struct _AntamSysroot
{
  GObject parent_instance;

  char *root;          /* host path, "/" when live */
  char *host_os;       /* in a Flatpak, where the host's /usr and /etc are: /run/host */
  char *home;          /* the home as the system sees it, e.g. /home/lan */
  char *home_host;     /* where that home is read on this host */
  char *config_home;   /* logical */
  char *data_home;     /* logical */
  char *user_dirs[ANTAM_N_USER_DIRS];
  char *proc_dir;      /* host path, NULL when processes cannot be seen */
  int root_fd;         /* for openat2 (RESOLVE_IN_ROOT), -1 when not usable */
  gint openat2_refused; /* atomic: the kernel refused openat2 once, walk from then on */

  AntamRunFunc   run_func;
  gpointer       run_data;
  GDestroyNotify run_destroy;
};

G_DEFINE_FINAL_TYPE (AntamSysroot, antam_sysroot, G_TYPE_OBJECT)

static void
antam_sysroot_finalize (GObject *object)
{
  AntamSysroot *self = ANTAM_SYSROOT (object);

  g_free (self->root);
  g_free (self->host_os);
  g_free (self->home);
  g_free (self->home_host);
  g_free (self->config_home);
  g_free (self->data_home);
  for (guint i = 0; i < ANTAM_N_USER_DIRS; i++)
    g_free (self->user_dirs[i]);
  g_free (self->proc_dir);
  if (self->root_fd >= 0)
    close (self->root_fd);
  if (self->run_destroy)
    self->run_destroy (self->run_data);

  G_OBJECT_CLASS (antam_sysroot_parent_class)->finalize (object);
}

static void
antam_sysroot_class_init (AntamSysrootClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = antam_sysroot_finalize;
}

static void
antam_sysroot_init (AntamSysroot *self)
{
  self->run_func = antam_run_command;
  self->root_fd = -1;
}

static char *
strip_trailing_slashes (const char *path)
{
  char *copy = g_strdup (path);
  gsize len = strlen (copy);

  while (len > 1 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

static gboolean
has_path_prefix (const char *path,
                 const char *prefix)
{
  gsize len = strlen (prefix);

  if (g_str_equal (prefix, "/"))
    return path[0] == '/';
  return strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* Inside a Flatpak these are the runtime's own; the host's are mounted
 * under /run/host (--filesystem=host-os, host-etc).  Everything else An Tâm
 * reads (/opt, /var/lib/dpkg, /var/lib/apt/lists, /var/lib/flatpak,
 * /var/lib/snapd/snaps, the home) is shared at its own path. */
static const char * const host_os_dirs[] = {
  "/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
};

static gboolean
is_host_os_path (const char *abs_path)
{
  for (guint i = 0; i < G_N_ELEMENTS (host_os_dirs); i++)
    if (has_path_prefix (abs_path, host_os_dirs[i]))
      return TRUE;
  return FALSE;
}

/* user-dirs.dirs is shell syntax written by xdg-user-dirs-update; only
 * "$HOME/..." and absolute values are valid there. */
static void
load_user_dirs (AntamSysroot *self)
{
  static const struct { const char *key; const char *fallback; } keys[ANTAM_N_USER_DIRS] = {
    [ANTAM_USER_DIR_DESKTOP] = { "XDG_DESKTOP_DIR", "Desktop" },
    [ANTAM_USER_DIR_DOWNLOAD] = { "XDG_DOWNLOAD_DIR", "Downloads" },
    [ANTAM_USER_DIR_DOCUMENTS] = { "XDG_DOCUMENTS_DIR", "Documents" },
    [ANTAM_USER_DIR_PICTURES] = { "XDG_PICTURES_DIR", "Pictures" },
  };
  g_autofree char *path = g_build_filename (self->config_home, "user-dirs.dirs", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < ANTAM_N_USER_DIRS; i++)
    self->user_dirs[i] = g_build_filename (self->home, keys[i].fallback, NULL);

  if (!antam_sysroot_read_file (self, path, 64 * 1024, &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      const char *line = g_strstrip (lines[l]);

      for (guint i = 0; i < ANTAM_N_USER_DIRS; i++)
        {
          gsize klen = strlen (keys[i].key);
          g_autofree char *value = NULL;
          gsize vlen;

          if (strncmp (line, keys[i].key, klen) != 0 || line[klen] != '=')
            continue;

          value = g_strdup (line + klen + 1);
          vlen = strlen (value);
          if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"')
            {
              value[vlen - 1] = '\0';
              memmove (value, value + 1, vlen - 1);
            }

          if (g_str_has_prefix (value, "$HOME/") && value[6] != '\0')
            {
              g_free (self->user_dirs[i]);
              self->user_dirs[i] = g_build_filename (self->home, value + 6, NULL);
            }
          else if (g_str_equal (value, "$HOME") || g_str_equal (value, "$HOME/"))
            {
              g_free (self->user_dirs[i]);
              self->user_dirs[i] = g_strdup (self->home);
            }
          else if (g_path_is_absolute (value))
            {
              g_free (self->user_dirs[i]);
              self->user_dirs[i] = strip_trailing_slashes (value);
            }
        }
    }
}

static void
finish_setup (AntamSysroot *self)
{
  g_autofree char *home_in_root = NULL;

  /* The kernel resolves paths inside the root for us (openat2 with
   * RESOLVE_IN_ROOT), as long as the home is where the root says it is;
   * a home given from elsewhere needs our own walk. */
  if (!g_str_equal (self->root, "/"))
    {
      home_in_root = g_strconcat (self->root, self->home, NULL);
      if (g_str_equal (home_in_root, self->home_host))
        self->root_fd = open (self->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    }

  load_user_dirs (self);
}

typedef enum {
  FAST_FOUND,
  FAST_MISSING,      /* a component is missing, or loops */
  FAST_UNAVAILABLE,  /* no openat2 here: walk it ourselves */
} FastResult;

/* Several inventory readers may resolve paths at once (the scan loads them
 * in parallel): the root fd stays open until the view goes, and a refusal
 * only raises a flag, so that no thread ever uses a closed or reused fd. */
static gboolean
openat2_usable (AntamSysroot *self)
{
  return self->root_fd >= 0 && !g_atomic_int_get (&self->openat2_refused);
}

static FastResult
resolve_fast (AntamSysroot  *self,
              const char    *abs_path,
              char         **host_path)
{
  struct open_how how = {
    .flags = O_PATH | O_CLOEXEC,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  const char *relative = abs_path;
  char proc_link[64];
  char *target;
  int fd;

  if (!openat2_usable (self))
    return FAST_UNAVAILABLE;

  while (*relative == '/')
    relative++;
  fd = (int) syscall (SYS_openat2, self->root_fd, *relative ? relative : ".", &how, sizeof how);
  if (fd < 0)
    {
      if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
        return FAST_MISSING;
      if (errno == ENOSYS || errno == EPERM || errno == EINVAL)
        g_atomic_int_set (&self->openat2_refused, TRUE);
      return FAST_UNAVAILABLE;
    }

  /* antam_sysroot_exists() only asks whether it is there. */
  if (host_path == NULL)
    {
      close (fd);
      return FAST_FOUND;
    }

  g_snprintf (proc_link, sizeof proc_link, "/proc/self/fd/%d", fd);
  target = g_file_read_link (proc_link, NULL);
  close (fd);
  if (target == NULL || !has_path_prefix (target, self->root))
    {
      g_free (target);
      return FAST_UNAVAILABLE;
    }
  *host_path = target;
  return FAST_FOUND;
}

/* A host XDG dir that Flatpak passed on (HOST_XDG_CONFIG_HOME, …), or
 * the default under the home. */
static char *
host_xdg_dir (const char *home,
              const char *variable,
              const char *fallback)
{
  const char *value = g_getenv (variable);

  if (value != NULL && g_path_is_absolute (value))
    return strip_trailing_slashes (value);
  return g_build_filename (home, fallback, NULL);
}

/**
 * antam_sysroot_new_live:
 *
 * The machine An Tâm runs on, as the user's session sees it; from inside a
 * Flatpak, the host through what the sandbox shares of it.
 */
AntamSysroot *
antam_sysroot_new_live (void)
{
  /* Flatpak puts this file at the root of every sandbox it starts. */
  gboolean in_flatpak = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);

  return antam_sysroot_new_live_for_host (in_flatpak ? "/run/host" : NULL);
}

/**
 * antam_sysroot_new_live_for_host:
 * @host_os: (nullable): where the host's /usr, /etc, /bin, /sbin and /lib
 *   dirs are mounted (/run/host in a Flatpak), or %NULL when they are at
 *   their own paths
 *
 * The live machine; with @host_os, as seen from inside a sandbox.  Split
 * from antam_sysroot_new_live() so that tests can stand a temp dir in for
 * /run/host.
 */
AntamSysroot *
antam_sysroot_new_live_for_host (const char *host_os)
{
  AntamSysroot *self = g_object_new (ANTAM_TYPE_SYSROOT, NULL);

  self->root = g_strdup ("/");
  self->home = strip_trailing_slashes (g_get_home_dir ());
  self->home_host = g_strdup (self->home);
  if (host_os == NULL)
    {
      self->config_home = g_strdup (g_get_user_config_dir ());
      self->data_home = g_strdup (g_get_user_data_dir ());
      self->proc_dir = g_strdup ("/proc");
    }
  else
    {
      self->host_os = strip_trailing_slashes (host_os);
      /* The sandbox's XDG dirs are the app's own (~/.var/app/ID/…); the
       * checks want the user's. */
      self->config_home = host_xdg_dir (self->home, "HOST_XDG_CONFIG_HOME", ".config");
      self->data_home = host_xdg_dir (self->home, "HOST_XDG_DATA_HOME", ".local/share");
      /* The sandbox's /proc shows its own processes only: leave them as
       * not visible, so that the checks say they could not tell. */
      self->proc_dir = NULL;
    }
  finish_setup (self);
  return self;
}

/**
 * antam_sysroot_new:
 * @root: (nullable): host directory that stands for "/", or %NULL for the live root
 * @home: (nullable): host directory of the user's home, or %NULL for $HOME under @root
 *
 * Returns: (transfer full): a system view, or %NULL if @root is not a directory
 */
AntamSysroot *
antam_sysroot_new (const char  *root,
                   const char  *home,
                   GError     **error)
{
  g_autoptr(AntamSysroot) self = NULL;
  g_autofree char *root_abs = NULL;
  g_autofree char *home_abs = NULL;

  if (root == NULL && home == NULL)
    return antam_sysroot_new_live ();

  self = g_object_new (ANTAM_TYPE_SYSROOT, NULL);

  if (root != NULL)
    {
      g_autofree char *canonical = g_canonicalize_filename (root, NULL);

      if (!g_file_test (canonical, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *display = g_filename_display_name (root);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                       _("The system root “%s” is not a folder"), display);
          return NULL;
        }
      root_abs = strip_trailing_slashes (canonical);
    }
  else
    root_abs = g_strdup ("/");
  self->root = g_steal_pointer (&root_abs);

  if (home != NULL)
    {
      g_autofree char *canonical = g_canonicalize_filename (home, NULL);

      self->home_host = strip_trailing_slashes (canonical);
      /* A home inside the root keeps the name the system gives it. */
      if (!g_str_equal (self->root, "/") && has_path_prefix (self->home_host, self->root))
        {
          const char *rest = self->home_host + strlen (self->root);
          self->home = g_strdup (*rest ? rest : "/");
        }
      else
        self->home = g_strdup (self->home_host);
    }
  else
    {
      self->home = strip_trailing_slashes (g_get_home_dir ());
      self->home_host = g_build_filename (self->root, self->home, NULL);
    }

  if (g_str_equal (self->root, "/"))
    {
      /* Only the home differs from the live machine. */
      self->config_home = g_build_filename (self->home, ".config", NULL);
      self->data_home = g_build_filename (self->home, ".local", "share", NULL);
      self->proc_dir = g_strdup ("/proc");
    }
  else
    {
      self->config_home = g_build_filename (self->home, ".config", NULL);
      self->data_home = g_build_filename (self->home, ".local", "share", NULL);
    }

  finish_setup (self);
  return g_steal_pointer (&self);
}

gboolean
antam_sysroot_is_live (AntamSysroot *self)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), FALSE);
  return g_str_equal (self->root, "/");
}

/**
 * antam_sysroot_is_sandboxed:
 *
 * Returns: %TRUE when An Tâm runs in a Flatpak and sees the host's system
 *   only through what the sandbox shares (/run/host, the listed dirs)
 */
gboolean
antam_sysroot_is_sandboxed (AntamSysroot *self)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), FALSE);
  return self->host_os != NULL;
}

const char *
antam_sysroot_get_root (AntamSysroot *self)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  return self->root;
}

const char *
antam_sysroot_get_home (AntamSysroot *self)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  return self->home;
}

const char *
antam_sysroot_get_config_home (AntamSysroot *self)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  return self->config_home;
}

const char *
antam_sysroot_get_data_home (AntamSysroot *self)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  return self->data_home;
}

const char *
antam_sysroot_get_user_dir (AntamSysroot *self,
                            AntamUserDir  dir)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  g_return_val_if_fail (dir < ANTAM_N_USER_DIRS, NULL);
  return self->user_dirs[dir];
}

/**
 * antam_sysroot_path:
 * @abs_path: a path as the system sees it
 *
 * Maps @abs_path to where it is read on this host, without following
 * symlinks; use antam_sysroot_resolve() before opening.
 */
char *
antam_sysroot_path (AntamSysroot *self,
                    const char   *abs_path)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  g_return_val_if_fail (abs_path != NULL && abs_path[0] == '/', NULL);

  /* Before the home: no home is under /usr or /etc, but a home of "/" would
   * swallow them. */
  if (self->host_os != NULL && is_host_os_path (abs_path))
    return g_strconcat (self->host_os, abs_path, NULL);
  if (has_path_prefix (abs_path, self->home))
    return g_strconcat (self->home_host, abs_path + strlen (self->home), NULL);
  if (g_str_equal (self->root, "/"))
    return g_strdup (abs_path);
  return g_strconcat (self->root, abs_path, NULL);
}

char *
antam_sysroot_home_path (AntamSysroot *self,
                         const char   *relative)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  return g_build_filename (self->home, relative, NULL);
}

/* "~/x" in rules and scenarios means the user's home. */
char *
antam_sysroot_expand_home (AntamSysroot *self,
                           const char   *path)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);

  if (g_str_equal (path, "~"))
    return g_strdup (self->home);
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (self->home, path + 2, NULL);
  return g_strdup (path);
}

static void
push_components (GQueue     *pending,
                 const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  /* Pushed in reverse so that the first component is popped first. */
  for (guint i = n; i > 0; i--)
    if (parts[i - 1][0] != '\0' && !g_str_equal (parts[i - 1], "."))
      g_queue_push_head (pending, g_strdup (parts[i - 1]));
}

/**
 * antam_sysroot_resolve:
 *
 * Resolves @abs_path the way the kernel would inside the root: absolute
 * symlinks stay under the root and ".." never climbs out of it.  A missing
 * component ends resolution and the rest is appended as it is.
 *
 * Returns: the host path, or %NULL with %G_IO_ERROR_TOO_MANY_LINKS on a loop
 */
char *
antam_sysroot_resolve (AntamSysroot  *self,
                       const char    *abs_path,
                       GError       **error)
{
  g_autoptr(GString) logical = g_string_new ("");
  GQueue pending = G_QUEUE_INIT;
  guint links = 0;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  g_return_val_if_fail (abs_path != NULL && abs_path[0] == '/', NULL);

  /* The live machine resolves its own paths; in a Flatpak the kernel would
   * follow the host's absolute links into the runtime, so walk them. */
  if (g_str_equal (self->root, "/") && g_str_equal (self->home, self->home_host) &&
      self->host_os == NULL)
    return g_strdup (abs_path);

  {
    char *host = NULL;
    if (resolve_fast (self, abs_path, &host) == FAST_FOUND)
      return host;
  }

  push_components (&pending, abs_path);

  while (!g_queue_is_empty (&pending))
    {
      g_autofree char *component = g_queue_pop_head (&pending);
      g_autofree char *host = NULL;
      g_autofree char *target = NULL;
      struct stat st;

      if (g_str_equal (component, ".."))
        {
          char *slash = strrchr (logical->str, '/');
          if (slash != NULL)
            g_string_truncate (logical, slash - logical->str);
          continue;
        }

      g_string_append_c (logical, '/');
      g_string_append (logical, component);
      host = antam_sysroot_path (self, logical->str);

      if (lstat (host, &st) != 0)
        {
          /* Nothing more to resolve: keep the rest as it is. */
          while (!g_queue_is_empty (&pending))
            {
              g_autofree char *rest = g_queue_pop_head (&pending);
              g_string_append_c (logical, '/');
              g_string_append (logical, rest);
            }
          break;
        }

      if (!S_ISLNK (st.st_mode))
        continue;

      if (++links > MAX_SYMLINKS)
        {
          g_autofree char *display = g_filename_display_name (abs_path);
          g_queue_clear_full (&pending, g_free);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                       _("Too many symbolic links (a loop?) in “%s”"), display);
          return NULL;
        }

      target = g_file_read_link (host, NULL);
      if (target == NULL)
        continue;

      /* Drop the link itself, then walk its target. */
      {
        char *slash = strrchr (logical->str, '/');
        g_string_truncate (logical, slash - logical->str);
      }
      if (target[0] == '/')
        g_string_truncate (logical, 0);
      push_components (&pending, target);
    }

  if (logical->len == 0)
    g_string_append_c (logical, '/');
  return antam_sysroot_path (self, logical->str);
}

gboolean
antam_sysroot_exists (AntamSysroot *self,
                      const char   *abs_path)
{
  g_autofree char *host = NULL;
  struct stat st;

  switch (resolve_fast (self, abs_path, NULL))
    {
    case FAST_FOUND:
      return TRUE;
    case FAST_MISSING:
      return FALSE;
    case FAST_UNAVAILABLE:
    default:
      host = antam_sysroot_resolve (self, abs_path, NULL);
      return host != NULL && lstat (host, &st) == 0;
    }
}

/**
 * antam_describe_errno:
 *
 * Why a file could not be read, in words a user reads ("An Tâm is not
 * allowed to read it"), not the C library's ("Permission denied").
 *
 * Returns: (transfer none): the words
 */
const char *
antam_describe_errno (int saved_errno)
{
  switch (saved_errno)
    {
    case EACCES:
    case EPERM:
      return _("An Tâm is not allowed to read it");
    case ENOENT:
      return _("it does not exist");
    case ELOOP:
      return _("its links lead round in a loop");
    case EISDIR:
      return _("it is a folder, not a file");
    case ENOTDIR:
      return _("a part of its path is not a folder");
    case EIO:
      return _("the disk reported an error while reading it");
    default:
      return _("it could not be opened");
    }
}

static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *abs_path)
{
  g_autofree char *display = g_filename_display_name (abs_path);

  g_debug ("%s: %s", display, g_strerror (saved_errno));
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not read “%s”: %s"), display, antam_describe_errno (saved_errno));
}

/* Opens @abs_path under the root for reading.  With openat2 this is one
 * walk of the path: resolving it first and opening the host path was three
 * (openat2, the /proc/self/fd link, open), and a missing file cost the
 * whole component-by-component walk, which a scan meets hundreds of times
 * on a large system (Flatpak apps, probes for optional files).  Errors are
 * the ones that opening the resolved path gives. */
static int
open_in_root (AntamSysroot  *self,
              const char    *abs_path,
              int            flags,
              GError       **error)
{
  g_autofree char *host = NULL;
  int fd;

  if (openat2_usable (self))
    {
      struct open_how how = {
        .flags = (guint64) (flags | O_CLOEXEC),
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
      };
      const char *relative = abs_path;

      while (*relative == '/')
        relative++;
      fd = (int) syscall (SYS_openat2, self->root_fd, *relative ? relative : ".", &how, sizeof how);
      if (fd >= 0)
        return fd;

      switch (errno)
        {
        case ENOSYS:
        case EPERM:
        case EINVAL:
          /* No openat2 here (an old kernel, a seccomp filter): as in
           * resolve_fast(), walk from now on. */
          g_atomic_int_set (&self->openat2_refused, TRUE);
          break;
        case ELOOP:   /* the walk names the loop */
        case EXDEV:   /* a rename raced the lookup */
        case EAGAIN:
          break;
        default:
          set_io_error (error, errno, abs_path);
          return -1;
        }
    }

  host = antam_sysroot_resolve (self, abs_path, error);
  if (host == NULL)
    return -1;
  fd = open (host, flags | O_CLOEXEC);
  if (fd < 0)
    set_io_error (error, errno, abs_path);
  return fd;
}

/* FIFOs, devices and directories are refused so that a strange system
 * cannot hang or flood a scan; so is a file above @max_size.  On failure
 * @fd is closed. */
static gboolean
check_regular_fd (int          fd,
                  const char  *display_path,
                  gsize        max_size,
                  struct stat *st,
                  GError     **error)
{
  if (fstat (fd, st) != 0)
    {
      int saved = errno;
      close (fd);
      set_io_error (error, saved, display_path);
      return FALSE;
    }

  if (!S_ISREG (st->st_mode))
    {
      g_autofree char *display = g_filename_display_name (display_path);
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), display);
      return FALSE;
    }

  if ((guint64) st->st_size > max_size)
    {
      g_autofree char *display = g_filename_display_name (display_path);
      g_autofree char *size = g_format_size ((guint64) st->st_size);
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("“%s” is too large to read (%s)"), display, size);
      return FALSE;
    }

  return TRUE;
}

static void
set_too_large_error (GError     **error,
                     const char  *display_path)
{
  g_autofree char *display = g_filename_display_name (display_path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("“%s” is too large to read"), display);
}

/**
 * antam_read_regular_fd:
 * @fd: an open file, which this takes
 * @display_path: (type filename): the file's name for messages
 * @max_size: files larger than this are refused, never read in part
 *
 * Reads a regular file whole.  FIFOs, devices and directories are refused
 * so that a strange system cannot hang or flood a scan.
 */
gboolean
antam_read_regular_fd (int          fd,
                       const char  *display_path,
                       gsize        max_size,
                       char       **contents,
                       gsize       *length,
                       GError     **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize filled = 0;
  gsize capacity;

  g_return_val_if_fail (contents != NULL, FALSE);

  if (!check_regular_fd (fd, display_path, max_size, &st, error))
    return FALSE;

  /* Room for one byte more than the size, so that a file that grew is
   * noticed; a size of 0 may be a lie (/proc): start with a page.  A read
   * that brings exactly the size the file had is its end: a scan reads
   * thousands of small files, and the read that would return 0 was a
   * third of the system calls spent on each. */
  capacity = MIN (st.st_size > 0 ? (gsize) st.st_size + 1 : 4096, max_size + 1);
  buffer = g_malloc (capacity + 1);
  for (;;)
    {
      gssize n = read (fd, buffer + filled, capacity - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          set_io_error (error, saved, display_path);
          return FALSE;
        }
      if (n == 0)
        break;
      filled += (gsize) n;
      if (filled > max_size)
        {
          close (fd);
          set_too_large_error (error, display_path);
          return FALSE;
        }
      if (st.st_size > 0 && filled == (gsize) st.st_size)
        break;
      if (filled == capacity)
        {
          capacity = MIN (capacity * 2, max_size + 1);
          buffer = g_realloc (buffer, capacity + 1);
        }
    }
  close (fd);

  buffer[filled] = '\0';
  *contents = g_steal_pointer (&buffer);
  if (length)
    *length = filled;
  return TRUE;
}

/**
 * antam_sysroot_read_file:
 * @max_size: files larger than this are refused, never read in part
 *
 * Reads a regular file under the root, as antam_read_regular_fd() does.
 */
gboolean
antam_sysroot_read_file (AntamSysroot  *self,
                         const char    *abs_path,
                         gsize          max_size,
                         char         **contents,
                         gsize         *length,
                         GError       **error)
{
  int fd;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  fd = open_in_root (self, abs_path, O_RDONLY | O_NONBLOCK | O_NOCTTY, error);
  if (fd < 0)
    return FALSE;
  return antam_read_regular_fd (fd, abs_path, max_size, contents, length, error);
}

/**
 * antam_sysroot_read_file_in_parts:
 * @max_size: files larger than this are refused, never read in part
 * @func: (scope call): gets the bytes of the file that it has not consumed
 *   yet, and returns how many of them it consumed now
 *
 * Reads a regular file under the root, with the same checks as
 * antam_sysroot_read_file(), a part at a time through one small buffer,
 * for a large file that is parsed as it comes.  Reading it whole cost more
 * than parsing it: faulting in fresh pages for a copy of all of it.
 * Mapping it would save even that copy, but then a read error (a damaged
 * or unplugged disk, a file cut short while it is read) is a SIGBUS that
 * ends the program instead of an error.
 *
 * What @func leaves is given again at its next call, followed by more of
 * the file; the buffer grows when @func consumes nothing of a full one.
 * Its last call has @at_end set and gives the rest of the file: all of the
 * file when it fits in one part, "" when it is empty.
 *
 * Returns: %FALSE with @error when the file could not be read whole;
 *   @func may have been called with its first parts by then
 */
gboolean
antam_sysroot_read_file_in_parts (AntamSysroot  *self,
                                  const char    *abs_path,
                                  gsize          max_size,
                                  AntamPartFunc  func,
                                  gpointer       user_data,
                                  GError       **error)
{
  /* A few system calls per megabyte, in a buffer that stays in the cache. */
  const gsize part_size = 64 * 1024;
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize capacity;
  gsize filled = 0;
  gsize total = 0;
  int fd;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  fd = open_in_root (self, abs_path, O_RDONLY | O_NONBLOCK | O_NOCTTY, error);
  if (fd < 0)
    return FALSE;
  if (!check_regular_fd (fd, abs_path, max_size, &st, error))
    return FALSE;

  /* A size of 0 may be a lie (/proc): start with a page. */
  capacity = st.st_size > 0 ? MIN ((gsize) st.st_size, part_size) : 4096;
  buffer = g_malloc (capacity);
  for (;;)
    {
      gboolean at_end;
      gsize consumed;
      gssize n;

      /* Here capacity <= total <= max_size; one byte more than that still
       * shows a file that grew too large. */
      if (filled == capacity)
        {
          capacity += MIN (capacity, max_size - capacity + 1);
          buffer = g_realloc (buffer, capacity);
        }

      n = read (fd, buffer + filled, capacity - filled);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          set_io_error (error, saved, abs_path);
          return FALSE;
        }
      filled += (gsize) n;
      total += (gsize) n;
      if (total > max_size)
        {
          close (fd);
          set_too_large_error (error, abs_path);
          return FALSE;
        }

      /* As in antam_read_regular_fd(), a read that brings the size the
       * file had is its end. */
      at_end = n == 0 || (st.st_size > 0 && total == (gsize) st.st_size);
      consumed = func (buffer, filled, at_end, user_data);
      if (at_end)
        break;
      g_assert (consumed <= filled);
      memmove (buffer, buffer + consumed, filled - consumed);
      filled -= consumed;
    }
  close (fd);
  return TRUE;
}

/**
 * antam_sysroot_open:
 * @flags: open(2) flags; %O_CLOEXEC is always added
 *
 * Opens @abs_path under the root, for a check that needs the file itself
 * rather than its contents: its owner and mode, its ACL, a folder to walk
 * with openat().  The view resolves the path, so that nothing outside the
 * root is ever opened.
 *
 * Returns: a file descriptor the caller closes, or -1 with @error
 */
int
antam_sysroot_open (AntamSysroot  *self,
                    const char    *abs_path,
                    int            flags,
                    GError       **error)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), -1);
  g_return_val_if_fail (abs_path != NULL && abs_path[0] == '/', -1);

  return open_in_root (self, abs_path, flags, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * antam_sysroot_list_dir:
 *
 * Returns: (transfer full) (element-type filename): the entries of a
 *   directory under the root, sorted by byte value; names may not be UTF-8
 */
GPtrArray *
antam_sysroot_list_dir (AntamSysroot  *self,
                        const char    *abs_path,
                        GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  struct dirent *entry;
  DIR *dir;
  int fd;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);

  fd = open_in_root (self, abs_path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, error);
  if (fd < 0)
    return NULL;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      set_io_error (error, errno, abs_path);
      close (fd);
      return NULL;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((entry = readdir (dir)) != NULL)
    {
      const char *name = entry->d_name;

      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  closedir (dir);

  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/**
 * antam_sysroot_get_proc_dir:
 *
 * Returns: (nullable): the host directory holding the running processes,
 *   or %NULL when the view is not of a running system
 */
const char *
antam_sysroot_get_proc_dir (AntamSysroot *self)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  return self->proc_dir;
}

void
antam_sysroot_set_proc_dir (AntamSysroot *self,
                            const char   *host_path)
{
  g_return_if_fail (ANTAM_IS_SYSROOT (self));
  g_free (self->proc_dir);
  self->proc_dir = g_strdup (host_path);
}

void
antam_sysroot_set_runner (AntamSysroot   *self,
                          AntamRunFunc    func,
                          gpointer        user_data,
                          GDestroyNotify  destroy)
{
  g_return_if_fail (ANTAM_IS_SYSROOT (self));

  if (self->run_destroy)
    self->run_destroy (self->run_data);
  self->run_func = func ? func : antam_run_command;
  self->run_data = func ? user_data : NULL;
  self->run_destroy = func ? destroy : NULL;
}

gboolean
antam_sysroot_run (AntamSysroot        *self,
                   const char * const  *argv,
                   guint                timeout_ms,
                   char               **stdout_text,
                   int                 *exit_status,
                   GError             **error)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), FALSE);
  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);

  return self->run_func (argv, timeout_ms ? timeout_ms : ANTAM_SYSROOT_DEFAULT_TIMEOUT_MS,
                         stdout_text, exit_status, self->run_data, error);
}

char *
antam_sysroot_find_program (AntamSysroot *self,
                            const char   *name)
{
  g_return_val_if_fail (ANTAM_IS_SYSROOT (self), NULL);
  return g_find_program_in_path (name);
}

typedef struct {
  GMainLoop *loop;
  GBytes    *output;
  GError    *error;
  gboolean   timed_out;
  gboolean   done;
} RunState;

static void
on_communicate_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  RunState *state = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result,
                                   &state->output, NULL, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

static gboolean
on_command_timeout (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/**
 * antam_run_command:
 *
 * The default runner: argv only, LC_ALL=C so that output is parseable,
 * stdin closed, stderr discarded, killed after @timeout_ms.
 */
gboolean
antam_run_command (const char * const  *argv,
                   guint                timeout_ms,
                   char               **stdout_text,
                   int                 *exit_status,
                   gpointer             user_data,
                   GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = NULL;
  RunState state = { 0 };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  g_main_context_push_thread_default (context);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, error);
  if (process == NULL)
    {
      g_main_context_pop_thread_default (context);
      return FALSE;
    }

  loop = g_main_loop_new (context, FALSE);
  state.loop = loop;
  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_command_timeout, cancellable, NULL);
  g_source_attach (timeout, context);

  g_subprocess_communicate_async (process, NULL, cancellable, on_communicate_done, &state);
  while (!state.done)
    g_main_loop_run (loop);
  g_source_destroy (timeout);

  if (state.error != NULL && g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_main_context_pop_thread_default (context);
      g_clear_error (&state.error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("“%s” did not answer within %u seconds"), argv[0], timeout_ms / 1000);
      return FALSE;
    }

  g_main_context_pop_thread_default (context);

  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      g_clear_pointer (&state.output, g_bytes_unref);
      return FALSE;
    }

  if (exit_status)
    *exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  if (stdout_text)
    {
      gsize len = 0;
      const char *data = state.output ? g_bytes_get_data (state.output, &len) : NULL;

      *stdout_text = g_strndup (data ? data : "", MIN (len, MAX_COMMAND_OUTPUT));
    }
  g_clear_pointer (&state.output, g_bytes_unref);
  return TRUE;
}
