/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* O_PATH */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "inventory/antam-home-access.h"
#include "inventory/antam-inventory.h"

/* POSIX ACLs as the kernel stores them in system.posix_acl_access: a
 * version, then entries of a tag, permissions and an id, little-endian. */
#define ACL_XATTR "system.posix_acl_access"
#define ACL_VERSION 2
#define ACL_USER_OBJ 0x01
#define ACL_USER 0x02
#define ACL_GROUP_OBJ 0x04
#define ACL_GROUP 0x08
#define ACL_MASK 0x10
#define MAX_SHOWN_COMMANDS 12

typedef struct {
  AntamSysroot *sysroot;
  AntamHomeInspection *inspection;
  GPtrArray *accounts;        /* NULL when /etc/passwd could not be read */
  GPtrArray *groups;
  const AntamAccount *user;
  GCancellable *cancellable;
} Inspector;

/* What others may do with one file or folder, and through whom. */
typedef struct {
  guint perms;                /* rwx as 4, 2, 1 */
  GPtrArray *through;         /* char * */
} Access;

static void
exposure_free (AntamExposure *exposure)
{
  g_free (exposure->path);
  g_free (exposure->display);
  g_strfreev (exposure->through);
  g_free (exposure);
}

void
antam_home_inspection_free (AntamHomeInspection *inspection)
{
  if (inspection == NULL)
    return;
  g_free (inspection->home);
  g_free (inspection->user);
  g_ptr_array_unref (inspection->exposures);
  g_ptr_array_unref (inspection->other_accounts);
  g_free (inspection->accounts_error);
  g_free (inspection->walk_problem);
  g_free (inspection);
}

static gboolean
has_path_prefix (const char *path,
                 const char *prefix)
{
  gsize len = strlen (prefix);

  return strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static char *
display_path (Inspector  *inspector,
              const char *path)
{
  const char *home = inspector->inspection->home;

  if (!g_str_equal (home, "/") && has_path_prefix (path, home))
    {
      g_autofree char *rest = g_filename_display_name (path + strlen (home));
      return g_strconcat ("~", rest, NULL);
    }
  return g_filename_display_name (path);
}

static const AntamAccount *
find_by_name (GPtrArray  *list,
              const char *name)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const AntamAccount *account = g_ptr_array_index (list, i);

      if (g_str_equal (account->name, name))
        return account;
    }
  return NULL;
}

static const AntamAccount *
find_group (GPtrArray *groups,
            guint      gid)
{
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      const AntamAccount *group = g_ptr_array_index (groups, i);

      if (group->gid == gid)
        return group;
    }
  return NULL;
}

static gboolean
is_someone_else (Inspector   *inspector,
                 guint        uid,
                 guint        owner)
{
  return uid != 0 && uid != owner && (inspector->user == NULL || uid != inspector->user->uid);
}

/* A group lets someone else in when anyone but the owner and root is in
 * it: listed as a member, or with it as their own group. */
static gboolean
group_has_others (Inspector *inspector,
                  guint      gid,
                  guint      owner)
{
  const AntamAccount *group = find_group (inspector->groups, gid);

  for (guint i = 0; group != NULL && group->members[i] != NULL; i++)
    {
      const AntamAccount *member = find_by_name (inspector->accounts, group->members[i]);

      if (group->members[i][0] != '\0' &&
          (member == NULL || is_someone_else (inspector, member->uid, owner)))
        return TRUE;
    }
  for (guint i = 0; inspector->accounts != NULL && i < inspector->accounts->len; i++)
    {
      const AntamAccount *account = g_ptr_array_index (inspector->accounts, i);

      if (account->gid == gid && is_someone_else (inspector, account->uid, owner))
        return TRUE;
    }
  /* Without the lists, only the user's own group is known to be private. */
  if (inspector->accounts == NULL || inspector->groups == NULL)
    return inspector->user == NULL || gid != inspector->user->gid;
  return FALSE;
}

static char *
group_words (Inspector *inspector,
             guint      gid)
{
  const AntamAccount *group = find_group (inspector->groups, gid);

  /* TRANSLATORS: %s is a group of accounts, e.g. users */
  return group ? g_strdup_printf (_("the group “%s”"), group->name)
               : g_strdup_printf (_("the group number %u"), gid);
}

static char *
user_words (Inspector *inspector,
            guint      uid)
{
  const AntamAccount *account = NULL;

  for (guint i = 0; inspector->accounts != NULL && i < inspector->accounts->len && account == NULL; i++)
    if (((AntamAccount *) g_ptr_array_index (inspector->accounts, i))->uid == uid)
      account = g_ptr_array_index (inspector->accounts, i);
  /* TRANSLATORS: %s is an account name */
  return account ? g_strdup_printf (_("the account “%s”"), account->name)
                 : g_strdup_printf (_("the account number %u"), uid);
}

static void
add_through (Access *access,
             char   *words)
{
  if (g_ptr_array_find_with_equal_func (access->through, words, g_str_equal, NULL))
    g_free (words);
  else
    g_ptr_array_add (access->through, words);
}

/**
 * read_access:
 * @fd: an O_PATH descriptor of the file
 *
 * The union of what every account but the owner's and root's may do: the
 * mode's other bits, its group bits when the group has someone else, and
 * the entries of an ACL (each limited by the ACL's mask).
 */
static void
read_access (Inspector         *inspector,
             int                fd,
             const struct stat *st,
             Access            *access)
{
  char proc_path[64];
  guchar buffer[4 + 8 * 64];
  gssize size;
  guint group_perms = (st->st_mode >> 3) & 7;
  guint mask = 7;

  access->perms = st->st_mode & 7;
  access->through = g_ptr_array_new_with_free_func (g_free);

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  size = getxattr (proc_path, ACL_XATTR, buffer, sizeof buffer);
  if (size >= 4 && GUINT32_FROM_LE (*(guint32 *) buffer) == ACL_VERSION)
    {
      guint n = (guint) (size - 4) / 8;

      /* With an ACL, the mode's group bits are its mask. */
      for (guint i = 0; i < n; i++)
        {
          guint16 tag, perm;
          memcpy (&tag, buffer + 4 + i * 8, 2);
          memcpy (&perm, buffer + 4 + i * 8 + 2, 2);
          if (GUINT16_FROM_LE (tag) == ACL_MASK)
            mask = GUINT16_FROM_LE (perm) & 7;
        }
      for (guint i = 0; i < n; i++)
        {
          guint16 tag, perm;
          guint32 id;

          memcpy (&tag, buffer + 4 + i * 8, 2);
          memcpy (&perm, buffer + 4 + i * 8 + 2, 2);
          memcpy (&id, buffer + 4 + i * 8 + 4, 4);
          tag = GUINT16_FROM_LE (tag);
          perm = GUINT16_FROM_LE (perm) & mask;
          id = GUINT32_FROM_LE (id);
          if (tag == ACL_GROUP_OBJ)
            group_perms = perm;
          else if (tag == ACL_USER && perm != 0 && is_someone_else (inspector, id, st->st_uid))
            {
              access->perms |= perm;
              add_through (access, user_words (inspector, id));
            }
          else if (tag == ACL_GROUP && perm != 0 && group_has_others (inspector, id, st->st_uid))
            {
              access->perms |= perm;
              add_through (access, group_words (inspector, id));
            }
        }
    }

  if (group_perms != 0 && group_has_others (inspector, st->st_gid, st->st_uid))
    {
      access->perms |= group_perms;
      add_through (access, group_words (inspector, st->st_gid));
    }
}

static AntamExposure *
add_exposure (Inspector         *inspector,
              AntamExposureKind  kind,
              const char        *path,
              const struct stat *st,
              Access            *access,
              guint              keep_bits)
{
  AntamExposure *exposure = g_new0 (AntamExposure, 1);

  exposure->kind = kind;
  exposure->path = g_strdup (path);
  exposure->display = display_path (inspector, path);
  exposure->is_dir = S_ISDIR (st->st_mode);
  exposure->mode = st->st_mode & 07777;
  exposure->fixed_mode = exposure->mode & keep_bits;
  exposure->read = access ? (access->perms & 4) != 0 : (st->st_mode & S_IROTH) != 0;
  exposure->write = access ? (access->perms & 2) != 0 : (st->st_mode & S_IWOTH) != 0;
  if (access != NULL && access->through->len > 0)
    {
      g_ptr_array_add (access->through, NULL);
      exposure->through = g_strdupv ((char **) access->through->pdata);
      g_ptr_array_remove_index (access->through, access->through->len - 1);
    }
  exposure->ours = st->st_uid == geteuid ();
  exposure->dev = st->st_dev;
  exposure->ino = st->st_ino;
  g_ptr_array_add (inspector->inspection->exposures, exposure);
  return exposure;
}

/* One path the user cares about, opened through the view.  Returns
 * FALSE when it is not there, which is no exposure. */
static gboolean
look_at (Inspector         *inspector,
         const char        *path,
         AntamExposureKind  kind,
         gboolean           need_read,
         guint              keep_bits,
         Access            *out_access,
         GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  Access access = { 0 };
  gboolean exposed;
  int fd;

  fd = antam_sysroot_open (inspector->sysroot, path, O_PATH, &local_error);
  if (fd < 0)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return FALSE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    {
      close (fd);
      return FALSE;
    }
  read_access (inspector, fd, &st, &access);
  close (fd);

  exposed = (access.perms & 2) != 0 || (need_read && (access.perms & 4) != 0);
  if (exposed)
    add_exposure (inspector, kind, path, &st, &access, keep_bits);
  if (out_access != NULL)
    *out_access = access;
  else
    g_ptr_array_unref (access.through);
  return TRUE;
}

static gboolean
is_private_key_name (const char *name)
{
  return (g_str_has_prefix (name, "id_") && !g_str_has_suffix (name, ".pub")) ||
         g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".key");
}

static void
look_at_ssh (Inspector *inspector,
             gboolean   reachable)
{
  g_autofree char *dir = g_build_filename (inspector->inspection->home, ".ssh", NULL);
  g_autoptr(GPtrArray) names = NULL;
  Access access = { 0 };

  if (!look_at (inspector, dir, ANTAM_EXPOSURE_SSH_FOLDER, FALSE, 0700, &access, NULL))
    return;
  reachable = reachable && (access.perms & 1) != 0;
  g_ptr_array_unref (access.through);

  names = antam_sysroot_list_dir (inspector->sysroot, dir, NULL);
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_str_equal (name, "authorized_keys") || g_str_equal (name, "authorized_keys2"))
        look_at (inspector, path, ANTAM_EXPOSURE_SSH_AUTHORIZED, FALSE, 07755, NULL, NULL);
      else if (reachable && is_private_key_name (name))
        look_at (inspector, path, ANTAM_EXPOSURE_SSH_KEY, TRUE, 0600, NULL, NULL);
    }
}

typedef struct {
  int fd;
  char *path;
  guint depth;
} Pending;

/* Files and folders anyone may change, in the folders anyone may enter
 * (by the mode's other bits: a group or an ACL that opens a folder deep
 * in the home is not followed).  Folders others cannot enter are not
 * walked: nothing in them is within their reach.  Other disks mounted
 * in the home are not the home, and are left out. */
static void
walk_home (Inspector         *inspector,
           int                home_fd,
           const struct stat *home_st)
{
  AntamHomeInspection *inspection = inspector->inspection;
  GQueue pending = G_QUEUE_INIT;
  guint unreadable = 0;
  gboolean too_deep = FALSE;
  Pending *first = g_new0 (Pending, 1);

  first->fd = home_fd;
  first->path = g_strdup (inspection->home);
  g_queue_push_tail (&pending, first);

  while (!g_queue_is_empty (&pending) && inspection->walk_problem == NULL)
    {
      Pending *dir = g_queue_pop_head (&pending);
      DIR *stream = fdopendir (dir->fd);
      struct dirent *entry;

      if (stream == NULL)
        {
          close (dir->fd);
          unreadable++;
          g_free (dir->path);
          g_free (dir);
          continue;
        }
      while ((entry = readdir (stream)) != NULL)
        {
          const char *name = entry->d_name;
          struct stat st;

          if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
            continue;
          if (++inspection->n_walked > ANTAM_HOME_WALK_MAX_ENTRIES)
            {
              inspection->walk_problem =
                g_strdup_printf (_("Your home folder holds more than %u files and folders: An Tâm stopped "
                                   "looking after that many."), ANTAM_HOME_WALK_MAX_ENTRIES);
              break;
            }
          if (inspection->n_walked % 4096 == 0 && g_cancellable_is_cancelled (inspector->cancellable))
            {
              inspection->walk_problem = g_strdup (_("The check was stopped before it looked at every file."));
              break;
            }
          if (fstatat (dirfd (stream), name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK (st.st_mode))
            continue;

          if (st.st_mode & S_IWOTH)
            {
              inspection->n_world_writable++;
              if (inspection->exposures->len < ANTAM_HOME_MAX_EXPOSURES)
                {
                  g_autofree char *path = g_build_filename (dir->path, name, NULL);
                  add_exposure (inspector, ANTAM_EXPOSURE_WORLD_WRITABLE, path, &st, NULL, ~(guint) S_IWOTH);
                }
            }

          if (S_ISDIR (st.st_mode) && (st.st_mode & S_IXOTH) && st.st_dev == home_st->st_dev)
            {
              int fd;

              if (dir->depth + 1 >= ANTAM_HOME_WALK_MAX_DEPTH)
                {
                  too_deep = TRUE;
                  continue;
                }
              fd = openat (dirfd (stream), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
              if (fd < 0)
                unreadable++;
              else
                {
                  Pending *child = g_new0 (Pending, 1);
                  child->fd = fd;
                  child->path = g_build_filename (dir->path, name, NULL);
                  child->depth = dir->depth + 1;
                  g_queue_push_tail (&pending, child);
                }
            }
        }
      closedir (stream);
      g_free (dir->path);
      g_free (dir);
    }

  while (!g_queue_is_empty (&pending))
    {
      Pending *dir = g_queue_pop_head (&pending);
      close (dir->fd);
      g_free (dir->path);
      g_free (dir);
    }

  if (inspection->walk_problem == NULL && unreadable > 0)
    inspection->walk_problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u folder in your home folder could not be opened.",
                                                             "%u folders in your home folder could not be opened.",
                                                             unreadable), unreadable);
  else if (inspection->walk_problem == NULL && too_deep)
    inspection->walk_problem = g_strdup_printf (_("Some folders are nested more than %u deep: An Tâm did not "
                                                  "look further down."), ANTAM_HOME_WALK_MAX_DEPTH);
  inspection->walk_complete = inspection->walk_problem == NULL;
}

static void
find_accounts (Inspector *inspector)
{
  AntamHomeInspection *inspection = inspector->inspection;
  g_autoptr(GError) error = NULL;
  guint uid_min, uid_max;

  inspector->accounts = antam_inventory_read_accounts (inspector->sysroot, &error);
  inspector->groups = antam_inventory_read_groups (inspector->sysroot, NULL);
  if (inspector->accounts == NULL)
    {
      inspection->accounts_error = g_strdup (error->message);
      return;
    }
  antam_accounts_login_range (inspector->sysroot, &uid_min, &uid_max);

  /* The user is whose home this is, as the system writes it. */
  for (guint i = 0; i < inspector->accounts->len && inspector->user == NULL; i++)
    {
      const AntamAccount *account = g_ptr_array_index (inspector->accounts, i);

      if (account->home != NULL && g_str_equal (account->home, inspection->home))
        inspector->user = account;
    }
  inspection->user = inspector->user ? g_strdup (inspector->user->name) : NULL;

  for (guint i = 0; i < inspector->accounts->len; i++)
    {
      const AntamAccount *account = g_ptr_array_index (inspector->accounts, i);

      if (account != inspector->user && antam_account_can_log_in (account, uid_min, uid_max) &&
          (inspector->user == NULL || account->uid != inspector->user->uid))
        g_ptr_array_add (inspection->other_accounts, g_strdup (account->name));
    }
}

/**
 * antam_home_inspect:
 *
 * Looks at the home, the standard folders in it, ~/.ssh, and (when others
 * may enter the home) every file others could reach.
 *
 * Returns: (transfer full): what was found, or %NULL when the home itself
 *   could not be looked at
 */
AntamHomeInspection *
antam_home_inspect (AntamSysroot  *sysroot,
                    GCancellable  *cancellable,
                    GError       **error)
{
  static const AntamUserDir folders[] = {
    ANTAM_USER_DIR_DESKTOP, ANTAM_USER_DIR_DOCUMENTS, ANTAM_USER_DIR_DOWNLOAD, ANTAM_USER_DIR_PICTURES,
  };
  g_autoptr(AntamHomeInspection) inspection = g_new0 (AntamHomeInspection, 1);
  Inspector inspector = { sysroot, inspection, NULL, NULL, NULL, cancellable };
  struct stat st;
  Access access = { 0 };
  int fd;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  inspection->home = g_strdup (antam_sysroot_get_home (sysroot));
  inspection->exposures = g_ptr_array_new_with_free_func ((GDestroyNotify) exposure_free);
  inspection->other_accounts = g_ptr_array_new_with_free_func (g_free);

  fd = antam_sysroot_open (sysroot, inspection->home, O_RDONLY | O_DIRECTORY | O_NONBLOCK, error);
  if (fd < 0)
    return NULL;
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  find_accounts (&inspector);

  read_access (&inspector, fd, &st, &access);
  inspection->home_passable = (access.perms & 1) != 0;
  if (access.perms & 6)
    add_exposure (&inspector, ANTAM_EXPOSURE_HOME, inspection->home, &st, &access, 0700);
  g_ptr_array_unref (access.through);

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      const char *folder = antam_sysroot_get_user_dir (sysroot, folders[i]);
      gboolean inside = has_path_prefix (folder, inspection->home);

      /* A folder inside a home nobody else may enter is out of reach. */
      if (g_str_equal (folder, inspection->home) || (inside && !inspection->home_passable))
        continue;
      look_at (&inspector, folder, ANTAM_EXPOSURE_FOLDER, TRUE, 0700, NULL, NULL);
    }

  look_at_ssh (&inspector, inspection->home_passable);

  if (inspection->home_passable)
    {
      int walk_fd = dup (fd);

      if (walk_fd >= 0)
        walk_home (&inspector, walk_fd, &st);
      else
        inspection->walk_problem = g_strdup (g_strerror (errno));
      inspection->walk_complete = inspection->walk_problem == NULL;
    }
  else
    inspection->walk_complete = TRUE;
  close (fd);

  g_clear_pointer (&inspector.accounts, g_ptr_array_unref);
  g_clear_pointer (&inspector.groups, g_ptr_array_unref);
  return g_steal_pointer (&inspection);
}

guint
antam_home_inspection_n_fixable (AntamHomeInspection *inspection)
{
  guint n = 0;

  for (guint i = 0; i < inspection->exposures->len; i++)
    n += ((AntamExposure *) g_ptr_array_index (inspection->exposures, i))->ours;
  return n;
}

/**
 * antam_home_fix_commands:
 *
 * The same fix as commands, for IT staff.
 */
char *
antam_home_fix_commands (AntamHomeInspection *inspection)
{
  g_autoptr(GString) commands = g_string_new (NULL);
  guint shown = 0;

  for (guint i = 0; i < inspection->exposures->len; i++)
    {
      AntamExposure *exposure = g_ptr_array_index (inspection->exposures, i);
      g_autofree char *quoted = g_shell_quote (exposure->path);

      if (exposure->kind == ANTAM_EXPOSURE_WORLD_WRITABLE && shown >= MAX_SHOWN_COMMANDS)
        continue;
      if (commands->len > 0)
        g_string_append (commands, "; ");
      g_string_append_printf (commands, "chmod %04o %s", exposure->fixed_mode, quoted);
      shown++;
    }
  if (inspection->n_world_writable > shown)
    {
      g_autofree char *home = g_shell_quote (inspection->home);
      g_string_append_printf (commands, "; find %s -xdev -perm -o+w ! -type l -exec chmod o-w {} +", home);
    }
  return g_string_free (g_steal_pointer (&commands), FALSE);
}
