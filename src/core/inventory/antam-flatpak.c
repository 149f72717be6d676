/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* O_PATH */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "inventory/antam-inventory.h"

/* Flatpak's own deploy data: origin, commit, subpaths, installed size,
 * metadata (see flatpak-dir-private.h). */
#define DEPLOY_DATA_TYPE "(ssasta{sv})"

#define SYSTEM_INSTALLATION "/var/lib/flatpak"
/* A real system has tens of apps, each with a dir or three; the bound
 * only stops a crafted tree from making the scan crawl. */
#define MAX_DIRS 30000
#define MAX_DEPLOY_SIZE (1024 * 1024)
#define MAX_METAINFO_SIZE (4 * 1024 * 1024)
#define MAX_REF_SIZE 4096

#define DENTS_SIZE (16 * 1024)

typedef struct {
  AntamSysroot *sysroot;
  GPtrArray    *apps;
  GError       *error;    /* the first thing that could not be read */
  guint         visited;  /* app and branch dirs looked at, bounded by MAX_DIRS */
  guint8       *dents;    /* DENTS_SIZE, for getdents64() */
} ReadState;

/* A dir of an installation: its path as the system sees it and, when it
 * was reached from a dir the system view resolved through plain dirs only,
 * an fd on it.  Each step down then looks up one name instead of
 * walking the whole path from the root again: a few hundred apps are
 * thousands of lookups of paths a dozen names deep.  Anything that is not
 * a plain dir (a link, a loop, an unreadable dir) is left to the system
 * view, which resolves it inside the root and says what is wrong. */
typedef struct {
  char *path;
  int   fd;    /* -1: go through the system view */
} Dir;

#define DIR_INIT { NULL, -1 }

typedef struct {
  const char *install;       /* as the system sees it */
  const char *installation;  /* "system" or "user" */
  GPtrArray  *remotes;       /* names under repo/refs/remotes, or NULL */
  Dir         remotes_dir;   /* repo/refs/remotes */
} Installation;

/* Flatpak names (ids, arches, branches, remotes) are ASCII; anything else
 * in these dirs is not something flatpak deployed. */
static gboolean
is_flatpak_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_commit (const char *text)
{
  gsize len = 0;

  for (const char *p = text; *p; p++, len++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return len == 64;
}

static void
note_error (ReadState *state,
            GError    *error)
{
  if (state->error == NULL)
    state->error = error;
  else
    g_error_free (error);
}

/* A missing dir or a stray file is just not an app; anything else (no
 * permission, a symlink loop) means we could not see what is there. */
static GPtrArray *
list_dir_noting (ReadState  *state,
                 const char *path)
{
  GError *error = NULL;
  GPtrArray *names = antam_sysroot_list_dir (state->sysroot, path, &error);

  if (names == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        g_error_free (error);
      else
        note_error (state, error);
    }
  return names;
}

static void
dir_clear (Dir *d)
{
  g_clear_pointer (&d->path, g_free);
  if (d->fd >= 0)
    close (d->fd);
  d->fd = -1;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Dir, dir_clear)

static int
open_dir_at (int         dir_fd,
             const char *name,
             int         flags)
{
  return openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC | flags);
}

/* The top of a walk: resolved by the system view, then opened. */
static void
dir_open (ReadState  *state,
          const char *path,
          Dir        *d)
{
  g_autofree char *host = antam_sysroot_resolve (state->sysroot, path, NULL);

  d->path = g_strdup (path);
  d->fd = host != NULL ? open_dir_at (AT_FDCWD, host, 0) : -1;
}

/* @name is a plain dir of @parent: opened without following a link. */
static void
dir_enter (const Dir  *parent,
           const char *name,
           Dir        *child)
{
  child->path = g_build_filename (parent->path, name, NULL);
  child->fd = parent->fd >= 0 ? open_dir_at (parent->fd, name, O_NOFOLLOW) : -1;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* As antam_sysroot_list_dir(): sorted, without "." and "..".  Read with
 * getdents64() from the open dir: fdopendir() would first check it with
 * three more system calls, for two dirs of every app. */
static GPtrArray *
dir_list (ReadState *state,
          Dir       *d)
{
  GPtrArray *names;

  if (d->fd < 0)
    return list_dir_noting (state, d->path);

  names = g_ptr_array_new_with_free_func (g_free);
  for (;;)
    {
      gssize n = getdents64 (d->fd, state->dents, DENTS_SIZE);

      /* An error part way is the end of the list, as for readdir(). */
      if (n <= 0)
        break;
      for (gssize offset = 0; offset < n;)
        {
          const struct dirent64 *entry = (const struct dirent64 *) (state->dents + offset);
          const char *name = entry->d_name;

          offset += entry->d_reclen;
          if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
            continue;
          g_ptr_array_add (names, g_strdup (name));
        }
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* Opens @relative under @d by fd, or says why not: the path must stay
 * beneath @d (RESOLVE_BENEATH), which it does unless a link or ".." leads
 * out of it; there the system view, which resolves inside the root, has
 * to decide.  Up to that point both walks are the same, so a missing name
 * (or a file where a dir should be, or no permission) is missing for both.
 *
 * Returns: the fd, -1 when the answer is no, -2 to ask the system view */
static int
open_beneath (const Dir  *d,
              const char *relative,
              int         flags)
{
  struct open_how how = {
    .flags = (guint64) (flags | O_CLOEXEC),
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
  };
  int fd;

  if (d->fd < 0)
    return -2;
  fd = (int) syscall (SYS_openat2, d->fd, relative, &how, sizeof how);
  if (fd >= 0)
    return fd;
  switch (errno)
    {
    case EXDEV:    /* out of @d */
    case ELOOP:    /* the system view names the loop */
    case EAGAIN:   /* a rename raced the lookup */
    case ENOSYS:   /* no openat2 here */
    case EPERM:    /* a seccomp filter */
    case EINVAL:
      return -2;
    default:
      return -1;
    }
}

/* @relative under @d, whose contents are read whole or not at all. */
static gboolean
dir_read_file (ReadState   *state,
               const Dir   *d,
               const char  *relative,
               gsize        max_size,
               char       **contents,
               gsize       *length)
{
  g_autofree char *path = NULL;
  int fd = open_beneath (d, relative, O_RDONLY | O_NONBLOCK | O_NOCTTY);

  if (fd >= 0)
    return antam_read_regular_fd (fd, relative, max_size, contents, length, NULL);
  if (fd == -1)
    return FALSE;
  path = g_build_filename (d->path, relative, NULL);
  return antam_sysroot_read_file (state->sysroot, path, max_size, contents, length, NULL);
}

static gboolean
dir_has (ReadState  *state,
         const Dir  *d,
         const char *relative)
{
  g_autofree char *path = NULL;
  int fd = open_beneath (d, relative, O_PATH);

  if (fd >= 0)
    close (fd);
  if (fd != -2)
    return fd >= 0;
  path = g_build_filename (d->path, relative, NULL);
  return antam_sysroot_exists (state->sysroot, path);
}

/* The target of the link @name in @d itself, which is not followed, so
 * it cannot lead out of the root.  @missing says that nothing at all is
 * named so, as opposed to something that is not a link or not readable. */
static char *
dir_read_link (AntamSysroot *sysroot,
               const Dir    *d,
               const char   *name,
               gboolean     *missing)
{
  g_autofree char *host_dir = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GError) error = NULL;
  char *target;

  *missing = FALSE;
  if (d->fd >= 0)
    {
      char buffer[PATH_MAX];
      gssize n = readlinkat (d->fd, name, buffer, sizeof buffer - 1);

      if (n < 0)
        {
          *missing = errno == ENOENT;
          return NULL;
        }
      return g_strndup (buffer, (gsize) n);
    }

  host_dir = antam_sysroot_resolve (sysroot, d->path, NULL);
  if (host_dir == NULL)
    return NULL;
  host = g_build_filename (host_dir, name, NULL);
  target = g_file_read_link (host, &error);
  *missing = g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  return target;
}

typedef struct {
  char *version;
} MetainfoParse;

static void
metainfo_start_element (GMarkupParseContext  *context,
                        const char           *element,
                        const char          **names,
                        const char          **values,
                        gpointer              user_data,
                        GError              **error)
{
  MetainfoParse *parse = user_data;
  const GSList *stack;

  if (!g_str_equal (element, "release"))
    return;
  /* Only <releases><release>, not a <release> word in a description. */
  stack = g_markup_parse_context_get_element_stack (context);
  if (stack == NULL || stack->next == NULL || !g_str_equal (stack->next->data, "releases"))
    return;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "version"))
      {
        g_autofree char *version = g_strstrip (g_strdup (values[i]));

        if (version[0] == '\0')
          return;
        parse->version = g_steal_pointer (&version);
        /* The first release is the newest: stop reading. */
        g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "done");
        return;
      }
}

static char *
metainfo_version (const char *text,
                  gsize       length)
{
  static const GMarkupParser parser = { metainfo_start_element, NULL, NULL, NULL, NULL };
  MetainfoParse parse = { NULL };
  GMarkupParseContext *context;

  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &parse, NULL);
  /* Fails on invalid XML or when stopped at the release: either way we
   * have read all we can use. */
  if (g_markup_parse_context_parse (context, text, (gssize) length, NULL))
    g_markup_parse_context_end_parse (context, NULL);
  g_markup_parse_context_free (context);
  return parse.version;
}

/* Returns whether one of the metainfo files could be read, whether or not
 * it gave a version. */
static gboolean
read_metainfo_version (ReadState   *state,
                       const Dir   *branch_dir,
                       const char  *id,
                       char       **version)
{
  static const struct { const char *dir; const char *suffix; } places[] = {
    { "active/files/share/metainfo", ".metainfo.xml" },
    { "active/files/share/metainfo", ".appdata.xml" },
    { "active/files/share/appdata", ".appdata.xml" },
    { "active/files/share/appdata", ".metainfo.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *path = g_strconcat (places[i].dir, "/", id, places[i].suffix, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (dir_read_file (state, branch_dir, path, MAX_METAINFO_SIZE, &contents, &length))
        {
          *version = metainfo_version (contents, length);
          return TRUE;
        }
    }
  return FALSE;
}

/* The deploy file is binary data from disk: it is only used when it is a
 * GVariant of the expected type in normal form, which also guarantees
 * valid UTF-8 strings.  Returns whether the file could be read. */
static gboolean
read_deploy_data (ReadState     *state,
                  const Dir     *branch_dir,
                  char         **origin,
                  char         **commit,
                  char         **version)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GVariant) metadata = NULL;
  char *contents = NULL;
  gsize length = 0;
  const char *text = NULL;

  if (!dir_read_file (state, branch_dir, "active/deploy", MAX_DEPLOY_SIZE, &contents, &length))
    return FALSE;
  bytes = g_bytes_new_take (contents, length);
  data = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (DEPLOY_DATA_TYPE), bytes, FALSE));
  if (!g_variant_is_normal_form (data))
    return TRUE;

  g_variant_get_child (data, 0, "&s", &text);
  if (text[0] != '\0')
    *origin = g_strdup (text);
  g_variant_get_child (data, 1, "&s", &text);
  if (is_commit (text))
    *commit = g_strdup (text);
  metadata = g_variant_get_child_value (data, 4);
  if (g_variant_lookup (metadata, "appdata-version", "&s", &text) && text[0] != '\0')
    *version = g_strdup (text);
  return TRUE;
}

/* REMOTE's ref for the app: the newest commit of it that the installation
 * fetched (flatpak update, or GNOME Software's background download),
 * whether it was deployed or not.  Read here, with the installation at
 * hand, for the app-updates check. */
static char *
read_latest_commit (ReadState    *state,
                    Installation *installation,
                    const char   *remote,
                    const char   *id,
                    const char   *arch,
                    const char   *branch)
{
  g_autofree char *ref = g_build_filename (remote, "app", id, arch, branch, NULL);
  char *text = NULL;
  gsize length = 0;

  if (!dir_read_file (state, &installation->remotes_dir, ref, MAX_REF_SIZE, &text, &length))
    return NULL;
  return g_strstrip (text);
}

/* Older deployments have no origin in the deploy data; the ref the
 * installation keeps for the app names the remote.  Reading it, rather
 * than asking whether it is there, also gives @latest_commit. */
static char *
origin_from_refs (ReadState     *state,
                  Installation  *installation,
                  const char    *id,
                  const char    *arch,
                  const char    *branch,
                  char         **latest_commit)
{
  for (guint i = 0; installation->remotes != NULL && i < installation->remotes->len; i++)
    {
      const char *remote = g_ptr_array_index (installation->remotes, i);
      g_autofree char *text = NULL;
      g_autofree char *ref = NULL;

      if (!is_flatpak_name (remote))
        continue;
      text = read_latest_commit (state, installation, remote, id, arch, branch);
      if (text == NULL)
        {
          /* There, but not a file it can read: still the origin. */
          ref = g_build_filename (remote, "app", id, arch, branch, NULL);
          if (!dir_has (state, &installation->remotes_dir, ref))
            continue;
        }
      *latest_commit = g_steal_pointer (&text);
      return g_strdup (remote);
    }
  return NULL;
}

/* "current" in an app's dir links to its default ARCH/BRANCH: those two
 * names, or NULL. */
static char **
read_current (const Dir *id_dir)
{
  char target[PATH_MAX];
  gssize n;
  char **parts;

  if (id_dir->fd < 0)
    return NULL;
  n = readlinkat (id_dir->fd, "current", target, sizeof target - 1);
  if (n <= 0)
    return NULL;
  target[n] = '\0';
  parts = g_strsplit (target, "/", -1);
  if (g_strv_length (parts) != 2 || !is_flatpak_name (parts[0]) || !is_flatpak_name (parts[1]))
    g_clear_pointer (&parts, g_strfreev);
  return parts;
}

/* The deployment is the dir "active" in @branch_dir leads to.  Its files
 * are opened through the link, beneath @branch_dir, where the kernel
 * follows it as the system view would (or leaves it to the system view):
 * the deploy dir needs no fd of its own, an open and a close fewer for
 * each app. */
static void
read_deployment (ReadState    *state,
                 Installation *installation,
                 const Dir    *branch_dir,
                 const char   *id,
                 const char   *arch,
                 const char   *branch)
{
  g_autofree char *link = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *commit = NULL;
  g_autofree char *version = NULL;
  g_autofree char *latest_commit = NULL;
  gboolean no_active;
  gboolean deployed;
  AntamFlatpak *app;

  /* No "active": fetched but not deployed. */
  link = dir_read_link (state->sysroot, branch_dir, "active", &no_active);
  if (no_active)
    return;

  deployed = read_deploy_data (state, branch_dir, &origin, &commit, &version);
  if (version == NULL)
    deployed |= read_metainfo_version (state, branch_dir, id, &version);
  /* Nothing could be read through "active": it may dangle, which is no
   * deployment either.  Asked last, as what was read already answers it
   * for nearly every app. */
  if (!deployed && !dir_has (state, branch_dir, "active"))
    return;

  if (link != NULL)
    {
      g_autofree char *base = g_path_get_basename (link);

      if (is_commit (base))
        {
          g_free (commit);
          commit = g_steal_pointer (&base);
        }
    }

  if (origin == NULL)
    origin = origin_from_refs (state, installation, id, arch, branch, &latest_commit);
  else
    latest_commit = read_latest_commit (state, installation, origin, id, arch, branch);

  app = g_new0 (AntamFlatpak, 1);
  app->id = g_strdup (id);
  app->arch = g_strdup (arch);
  app->branch = g_strdup (branch);
  app->origin = g_steal_pointer (&origin);
  app->commit = g_steal_pointer (&commit);
  app->version = g_steal_pointer (&version);
  app->installation = g_strdup (installation->installation);
  app->location = g_build_filename (branch_dir->path, "active", NULL);
  app->latest_commit = g_steal_pointer (&latest_commit);
  g_ptr_array_add (state->apps, app);
}

/* @expected, the branch "current" names, entered as the only one when the
 * arch dir's link count says it holds one subdir: opening it without
 * following a link proves it is that subdir.  Should the open fail, the
 * entry is looked at as it is: a plain dir that cannot be opened is still
 * the one, left to the system view.  %FALSE: the dir must be listed. */
static gboolean
read_expected_branch (ReadState    *state,
                      Installation *installation,
                      const Dir    *arch_dir,
                      const char   *id,
                      const char   *arch,
                      const char   *expected)
{
  g_auto(Dir) branch_dir = DIR_INIT;
  struct stat st;

  if (fstat (arch_dir->fd, &st) != 0 || st.st_nlink != 3)
    return FALSE;
  dir_enter (arch_dir, expected, &branch_dir);
  if (branch_dir.fd < 0 &&
      (fstatat (arch_dir->fd, expected, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR (st.st_mode)))
    return FALSE;
  state->visited++;
  read_deployment (state, installation, &branch_dir, id, arch, expected);
  return TRUE;
}

/* Every branch in an arch's dir; see read_expected_branch() for
 * @expected, or %NULL. */
static void
read_arch (ReadState    *state,
           Installation *installation,
           const Dir    *id_dir,
           const char   *id,
           const char   *arch,
           const char   *expected)
{
  g_auto(Dir) arch_dir = DIR_INIT;
  g_autoptr(GPtrArray) branches = NULL;

  dir_enter (id_dir, arch, &arch_dir);
  if (expected != NULL && arch_dir.fd >= 0 && state->visited < MAX_DIRS &&
      read_expected_branch (state, installation, &arch_dir, id, arch, expected))
    return;
  branches = dir_list (state, &arch_dir);
  if (branches == NULL)
    return;

  for (guint b = 0; b < branches->len && state->visited < MAX_DIRS; b++)
    {
      const char *branch = g_ptr_array_index (branches, b);
      g_auto(Dir) branch_dir = DIR_INIT;

      if (!is_flatpak_name (branch))
        continue;
      state->visited++;
      dir_enter (&arch_dir, branch, &branch_dir);
      read_deployment (state, installation, &branch_dir, id, arch, branch);
    }
}

/* ARCH/BRANCH of @id_dir when it is the only branch there, opened by one
 * lookup that follows no link (so both are plain dirs), beneath the app's
 * dir.  The caller knows that ARCH is the app's only subdir and holds
 * exactly one: the open proves that BRANCH is that one.
 *
 * Returns: %FALSE when it could not be opened so: ARCH is then read as
 *   read_arch() reads it */
static gboolean
read_only_branch (ReadState    *state,
                  Installation *installation,
                  const Dir    *id_dir,
                  const char   *id,
                  const char   *arch,
                  const char   *branch)
{
  g_autofree char *relative = g_build_filename (arch, branch, NULL);
  struct open_how how = {
    .flags = O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
  };
  g_auto(Dir) branch_dir = DIR_INIT;

  branch_dir.fd = (int) syscall (SYS_openat2, id_dir->fd, relative, &how, sizeof how);
  if (branch_dir.fd < 0)
    return FALSE;
  branch_dir.path = g_build_filename (id_dir->path, relative, NULL);
  state->visited++;
  read_deployment (state, installation, &branch_dir, id, arch, branch);
  return TRUE;
}

/* Every deployed branch of an app.  Listing a dir is the dearest step of
 * this reader: to list even a one-block dir, ext4 hashes every name in it.
 * Nearly every app has one arch and one branch, the ones its "current"
 * link names: when a dir's link count says it holds exactly one subdir and
 * that is the plain dir "current" names, it is all a listing would bring
 * that can be entered.  File systems that do not count subdirs in st_nlink
 * (btrfs says 1) are listed, as are dirs with more. */
static void
read_app (ReadState    *state,
          Installation *installation,
          const Dir    *app_dir,
          const char   *id)
{
  g_auto(Dir) id_dir = DIR_INIT;
  g_auto(GStrv) current = NULL;
  g_autoptr(GPtrArray) arches = NULL;
  struct stat st;

  state->visited++;
  dir_enter (app_dir, id, &id_dir);
  current = read_current (&id_dir);
  /* "current" itself is no arch. */
  if (current != NULL && !g_str_equal (current[0], "current") &&
      fstat (id_dir.fd, &st) == 0 && st.st_nlink == 3 &&
      fstatat (id_dir.fd, current[0], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
    {
      if (st.st_nlink == 3 && state->visited < MAX_DIRS &&
          read_only_branch (state, installation, &id_dir, id, current[0], current[1]))
        return;
      arches = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (arches, g_strdup (current[0]));
    }
  else
    arches = dir_list (state, &id_dir);
  if (arches == NULL)
    return;

  for (guint a = 0; a < arches->len && state->visited < MAX_DIRS; a++)
    {
      const char *arch = g_ptr_array_index (arches, a);

      /* "current" points at the default ARCH/BRANCH; every deployed
       * branch is listed anyway. */
      if (g_str_equal (arch, "current") || !is_flatpak_name (arch))
        continue;
      read_arch (state, installation, &id_dir, id, arch,
                 current != NULL && g_str_equal (current[0], arch) ? current[1] : NULL);
    }
}

static void
read_installation (ReadState  *state,
                   const char *install,
                   const char *kind)
{
  Installation installation = { install, kind, NULL, DIR_INIT };
  g_autofree char *app_path = g_build_filename (install, "app", NULL);
  g_autofree char *remotes_path = g_build_filename (install, "repo", "refs", "remotes", NULL);
  g_auto(Dir) app_dir = DIR_INIT;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) remotes = NULL;

  dir_open (state, app_path, &app_dir);
  ids = dir_list (state, &app_dir);
  if (ids == NULL)
    return;
  dir_open (state, remotes_path, &installation.remotes_dir);
  remotes = installation.remotes_dir.fd >= 0
    ? dir_list (state, &installation.remotes_dir)
    : antam_sysroot_list_dir (state->sysroot, remotes_path, NULL);
  installation.remotes = remotes;

  for (guint i = 0; i < ids->len && state->visited < MAX_DIRS; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      if (is_flatpak_name (id))
        read_app (state, &installation, &app_dir, id);
    }

  dir_clear (&installation.remotes_dir);
}

/**
 * antam_inventory_read_flatpaks:
 *
 * Lists the deployed apps (not runtimes) of the system installation and of
 * the user's own.  A missing installation has no apps; when one cannot be
 * read the other still is.
 *
 * Returns: (transfer full) (element-type AntamFlatpak): the apps, or %NULL
 *   when none could be listed because something could not be read
 */
GPtrArray *
antam_inventory_read_flatpaks (AntamSysroot  *sysroot,
                               GError       **error)
{
  g_autofree char *user_install = NULL;
  ReadState state = { 0 };

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  state.sysroot = sysroot;
  state.apps = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_flatpak_free);
  state.dents = g_malloc (DENTS_SIZE);

  user_install = g_build_filename (antam_sysroot_get_data_home (sysroot), "flatpak", NULL);
  read_installation (&state, SYSTEM_INSTALLATION, "system");
  read_installation (&state, user_install, "user");
  g_free (state.dents);

  if (state.error != NULL)
    {
      if (state.apps->len == 0)
        {
          g_propagate_error (error, state.error);
          g_ptr_array_unref (state.apps);
          return NULL;
        }
      /* What was found is still worth checking; the rest is only logged. */
      g_debug ("Some Flatpak apps could not be read: %s", state.error->message);
      g_error_free (state.error);
    }

  return state.apps;
}
