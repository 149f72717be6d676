/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "inventory/antam-inventory.h"

/* The kernel's own limit on one xattr value (XATTR_SIZE_MAX). */
#define MAX_XATTR_SIZE (64 * 1024)
/* getxattr() makes the kernel allocate and zero a buffer of the size asked
 * for before it even looks for the attribute: asking for 64 KiB twice per
 * installer cost more than hashing it.  URLs fit in this; a longer one is
 * asked for again at full size. */
#define XATTR_FIRST_TRY_SIZE 4096
/* The same for the list of names (SELinux adds one; browsers two). */
#define XATTR_LIST_FIRST_TRY_SIZE 1024
#define HASH_BUFFER_SIZE (256 * 1024)

#define ORIGIN_XATTR "user.xdg.origin.url"
#define REFERRER_XATTR "user.xdg.referrer.url"
#define GIO_ORIGIN_ATTRIBUTE "metadata::download-uri"

/* The gaps' list of folders left out is for the IT staff: a few will do. */
#define MAX_SKIPPED_LISTED 10

/* A folder found and not read yet: the walk goes level by level, so that
 * the top of the download dir, where browsers save, is always read. */
typedef struct {
  char *relative;   /* under the download dir, as bytes: "a/b" */
  guint depth;
} PendingDir;

typedef struct {
  GCancellable *cancellable;
  gboolean      live;
  GPtrArray    *downloads;
  guint         visited;
  gboolean      stopped;     /* cancelled */
  gboolean      too_many;    /* ANTAM_DOWNLOADS_MAX_FILES reached */
  guchar       *buffer;     /* HASH_BUFFER_SIZE, shared by every file */
  char         *xattr;      /* MAX_XATTR_SIZE */
  GQueue        pending;    /* PendingDir */
  AntamDownloadsGaps *gaps;
} Walk;

/* Longest first where one suffix ends another, though any match will do.
 * Lower case; with their lengths, as every name in the dir is tried
 * against every one. */
#define SUFFIX(text) { text, sizeof text - 1 }
static const struct {
  const char *text;
  gsize       len;
} installer_suffixes[] = {
  SUFFIX (".pkg.tar.xz"), SUFFIX (".pkg.tar.zst"),
  SUFFIX (".tar.gz"), SUFFIX (".tar.xz"), SUFFIX (".tar.bz2"), SUFFIX (".tar.zst"),
  SUFFIX (".flatpakref"), SUFFIX (".flatpak"), SUFFIX (".appimage"),
  SUFFIX (".deb"), SUFFIX (".rpm"), SUFFIX (".snap"), SUFFIX (".run"), SUFFIX (".sh"), SUFFIX (".bin"),
  SUFFIX (".tgz"), SUFFIX (".txz"), SUFFIX (".tar"), SUFFIX (".zip"),
  SUFFIX (".exe"), SUFFIX (".msi"), SUFFIX (".dmg"), SUFFIX (".pkg"),
};
#undef SUFFIX

/**
 * antam_download_is_installer_name:
 * @name: a file name, in any encoding
 *
 * Whether @name looks like something that installs software: packages,
 * AppImages, scripts, archives and the Windows/macOS installers that fake
 * "Zoom" sites hand out.  Case does not matter.
 */
gboolean
antam_download_is_installer_name (const char *name)
{
  gsize len;
  char last;

  g_return_val_if_fail (name != NULL, FALSE);

  len = strlen (name);
  if (len == 0)
    return FALSE;
  last = g_ascii_tolower (name[len - 1]);
  for (guint i = 0; i < G_N_ELEMENTS (installer_suffixes); i++)
    {
      const char *suffix = installer_suffixes[i].text;
      gsize suffix_len = installer_suffixes[i].len;

      /* Byte-wise and ASCII-only, so a non-UTF-8 name is fine; a bare
       * ".deb" is not a download of anything.  The last letter first:
       * most names (documents, pictures) fail there. */
      if (len > suffix_len && last == suffix[suffix_len - 1] &&
          g_ascii_strcasecmp (name + len - suffix_len, suffix) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
join_path (const char *dir,
           const char *name)
{
  gsize len = strlen (dir);

  /* Not g_build_filename: it would not keep a name's bytes any better, and
   * this runs for every installer found. */
  if (len > 0 && dir[len - 1] == '/')
    return g_strconcat (dir, name, NULL);
  return g_strconcat (dir, "/", name, NULL);
}

/* From the open file when there is one (@fd ≥ 0): the file that was
 * hashed, and no second walk of its path. */
static char *
read_xattr (Walk       *walk,
            int         fd,
            const char *host_path,
            const char *attribute)
{
  gsize size = XATTR_FIRST_TRY_SIZE;
  const char *nul;
  gssize n;

  for (;;)
    {
      n = fd >= 0 ? fgetxattr (fd, attribute, walk->xattr, size)
                  : lgetxattr (host_path, attribute, walk->xattr, size);
      if (n >= 0 || errno != ERANGE || size == MAX_XATTR_SIZE)
        break;
      size = MAX_XATTR_SIZE;
    }

  if (n <= 0)
    return NULL;
  /* Browsers store the URL without a terminator; some tools add one. */
  nul = memchr (walk->xattr, '\0', (gsize) n);
  if (nul != NULL)
    n = nul - walk->xattr;
  if (n == 0)
    return NULL;
  return g_utf8_make_valid (walk->xattr, n);
}

/* Whether the file may carry a browser's address.  One listing instead of
 * asking for both attributes: most files have neither, and each question
 * is a system call.  A list too long for the first try, or one that cannot
 * be read for a reason other than "none", leaves the question open. */
static gboolean
may_have_origin_xattrs (Walk       *walk,
                        int         fd,
                        const char *host_path)
{
  gssize n = fd >= 0 ? flistxattr (fd, walk->xattr, XATTR_LIST_FIRST_TRY_SIZE)
                     : llistxattr (host_path, walk->xattr, XATTR_LIST_FIRST_TRY_SIZE);

  if (n < 0)
    return errno != ENOTSUP && errno != ENODATA;
  for (gssize at = 0; at < n; at += (gssize) strnlen (walk->xattr + at, (gsize) (n - at)) + 1)
    if (g_str_has_prefix (walk->xattr + at, "user.xdg."))
      return TRUE;
  return FALSE;
}

/* Firefox keeps no xattr; gvfs's metadata store may have the address.  It
 * is keyed by the real path, so only a live view can ask. */
static char *
read_gio_origin (Walk       *walk,
                 const char *host_path)
{
  g_autoptr(GFile) file = g_file_new_for_path (host_path);
  g_autoptr(GFileInfo) info = NULL;
  const char *value;

  info = g_file_query_info (file, GIO_ORIGIN_ATTRIBUTE, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                            NULL, NULL);
  if (info == NULL ||
      g_file_info_get_attribute_type (info, GIO_ORIGIN_ATTRIBUTE) != G_FILE_ATTRIBUTE_TYPE_STRING)
    return NULL;
  value = g_file_info_get_attribute_string (info, GIO_ORIGIN_ATTRIBUTE);
  if (value == NULL || value[0] == '\0')
    return NULL;
  return g_utf8_make_valid (value, -1);
}

static char *
format_too_large (goffset size)
{
  g_autofree char *formatted = g_format_size ((guint64) size);

  return g_strdup_printf (_("Too large to fingerprint (%s)"), formatted);
}

/* O_NOFOLLOW: the name was a regular file when listed, but a link could
 * have taken its place since.  O_NONBLOCK: likewise a FIFO. */
static int
open_installer (int         dir_fd,
                const char *name)
{
  return openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
}

/* The digest in lower-case hex.  Nettle's SHA-256, not GChecksum's: it uses
 * the processor's SHA instructions where there are some, three times as
 * fast, and a download dir's installers are often a gigabyte in all. */
static char *
sha256_finish (struct sha256_ctx *checksum)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];
  char *text = g_malloc (2 * SHA256_DIGEST_SIZE + 1);

  sha256_digest (checksum, sizeof digest, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * SHA256_DIGEST_SIZE] = '\0';
  return text;
}

/* Reads the open regular file @fd, of @size bytes when it was listed, to
 * its end.  Returns the error text, or NULL with *sha256 set; a cancelled
 * walk is noticed by the caller. */
static char *
hash_fd (Walk    *walk,
         int      fd,
         guint64  size,
         char   **sha256)
{
  struct sha256_ctx checksum;
  guint64 total = 0;

  sha256_init (&checksum);

  for (;;)
    {
      gssize n = read (fd, walk->buffer, HASH_BUFFER_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          return g_strdup_printf (_("Could not read this file: %s"), antam_describe_errno (saved));
        }
      if (n == 0)
        break;

      total += (guint64) n;
      /* Still being downloaded, and grown past the limit meanwhile. */
      if (total > ANTAM_DOWNLOADS_MAX_HASH_SIZE)
        return format_too_large ((goffset) total);
      sha256_update (&checksum, (gsize) n, walk->buffer);

      if (g_cancellable_is_cancelled (walk->cancellable))
        {
          walk->stopped = TRUE;
          return NULL;
        }

      /* A short read ending at the size the file was listed with is its
       * end: the read that would return 0 is spared to each of the
       * thousands of small files a download dir can hold.  A file that
       * grew (a download still running) is read on. */
      if (total == size && (gsize) n < HASH_BUFFER_SIZE)
        break;
    }

  *sha256 = sha256_finish (&checksum);
  return NULL;
}

/* Opens and hashes @name, whose stat was taken by name; sets *fd to the
 * open file, or -1.  Returns the error text as hash_fd() does. */
static char *
hash_file (Walk        *walk,
           int          dir_fd,
           const char  *name,
           int         *fd,
           char       **sha256)
{
  struct stat st;

  *fd = open_installer (dir_fd, name);
  if (*fd < 0)
    {
      int saved = errno;
      return g_strdup_printf (_("Could not read this file: %s"), antam_describe_errno (saved));
    }

  if (fstat (*fd, &st) != 0 || !S_ISREG (st.st_mode))
    return g_strdup (_("This is no longer a regular file"));

  return hash_fd (walk, *fd, (guint64) st.st_size, sha256);
}

/* @fd: the installer opened by open_installer() with @st its fstat(), or
 * -1 with @st from fstatat(); taken either way. */
static void
add_download (Walk              *walk,
              int                dir_fd,
              const char        *host_dir,
              const char        *logical_dir,
              const char        *name,
              int                fd,
              const struct stat *st)
{
  g_autofree char *host_path = join_path (host_dir, name);
  AntamDownload *download = g_new0 (AntamDownload, 1);

  download->location = join_path (logical_dir, name);
  download->display_name = g_filename_display_basename (download->location);
  download->size = (gint64) st->st_size;

  if (st->st_size > ANTAM_DOWNLOADS_MAX_HASH_SIZE)
    download->error = format_too_large (st->st_size);
  else if (fd >= 0)
    download->error = hash_fd (walk, fd, (guint64) st->st_size, &download->sha256);
  else
    download->error = hash_file (walk, dir_fd, name, &fd, &download->sha256);

  if (walk->stopped)
    {
      if (fd >= 0)
        close (fd);
      antam_download_free (download);
      return;
    }

  if (may_have_origin_xattrs (walk, fd, host_path))
    {
      download->origin_url = read_xattr (walk, fd, host_path, ORIGIN_XATTR);
      download->referrer_url = read_xattr (walk, fd, host_path, REFERRER_XATTR);
    }
  if (fd >= 0)
    close (fd);
  if (download->origin_url == NULL && download->referrer_url == NULL && walk->live)
    download->origin_url = read_gio_origin (walk, host_path);

  g_ptr_array_add (walk->downloads, download);
}

static void
pending_dir_free (PendingDir *pending)
{
  g_free (pending->relative);
  g_free (pending);
}

static void
note_skipped (Walk       *walk,
              const char *logical_dir,
              const char *relative,
              guint      *counter)
{
  (*counter)++;
  if (walk->gaps->skipped->len < MAX_SKIPPED_LISTED)
    g_ptr_array_add (walk->gaps->skipped, join_path (logical_dir, relative));
}

/* Opens @relative under @top_fd one folder at a time, none of them a link:
 * a link could point out of the download dir or back up into it. */
static int
open_below (int         top_fd,
            const char *relative)
{
  g_auto(GStrv) parts = g_strsplit (relative, "/", -1);
  int fd = dup (top_fd);

  for (guint i = 0; fd >= 0 && parts[i] != NULL; i++)
    {
      int next = openat (fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
      int saved = errno;

      close (fd);
      fd = next;
      errno = saved;
    }
  return fd;
}

/* Reads one folder; its subfolders go to the back of the queue.  Takes
 * @dir_fd. */
static void
read_dir (Walk       *walk,
          int         dir_fd,
          const char *host_top,
          const char *logical_top,
          const char *relative,
          guint       depth)
{
  g_autofree char *host_dir = relative ? join_path (host_top, relative) : g_strdup (host_top);
  g_autofree char *logical_dir = relative ? join_path (logical_top, relative) : g_strdup (logical_top);
  struct dirent *dent;
  DIR *dir;

  dir = fdopendir (dir_fd);
  if (dir == NULL)
    {
      close (dir_fd);
      return;
    }

  while (!walk->stopped && (dent = readdir (dir)) != NULL)
    {
      const char *name = dent->d_name;
      unsigned char type = dent->d_type;
      struct stat st;

      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
        continue;

      if (g_cancellable_is_cancelled (walk->cancellable))
        {
          walk->stopped = TRUE;
          break;
        }
      if (++walk->visited > ANTAM_DOWNLOADS_MAX_FILES)
        {
          walk->too_many = TRUE;
          break;
        }

      /* Most files are neither dirs nor installers: d_type spares them a
       * stat, which matters in a download dir of thousands of files. */
      if (type == DT_REG && !antam_download_is_installer_name (name))
        continue;
      if (type != DT_REG && type != DT_DIR && type != DT_UNKNOWN)
        continue;

      /* An installer listed as a regular file is opened straight away:
       * the stat of the open file then serves for both the listing and
       * the hash.  Anything unexpected takes the general road below. */
      if (type == DT_REG)
        {
          int fd = open_installer (dirfd (dir), name);

          if (fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
            {
              add_download (walk, dirfd (dir), host_dir, logical_dir, name, fd, &st);
              continue;
            }
          if (fd >= 0)
            close (fd);
        }

      if (fstatat (dirfd (dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;

      if (S_ISDIR (st.st_mode))
        {
          g_autofree char *sub = relative ? join_path (relative, name) : g_strdup (name);

          if (depth >= ANTAM_DOWNLOADS_MAX_DEPTH)
            {
              note_skipped (walk, logical_top, sub, &walk->gaps->n_too_deep);
              continue;
            }
          {
            PendingDir *pending = g_new0 (PendingDir, 1);

            pending->relative = g_steal_pointer (&sub);
            pending->depth = depth + 1;
            g_queue_push_tail (&walk->pending, pending);
          }
        }
      else if (S_ISREG (st.st_mode) && antam_download_is_installer_name (name))
        add_download (walk, dirfd (dir), host_dir, logical_dir, name, -1, &st);
    }

  closedir (dir);
}

/* Level by level from the download dir (@top_fd, taken). */
static void
walk_download_dir (Walk       *walk,
                   int         top_fd,
                   const char *host_top,
                   const char *logical_top)
{
  PendingDir *pending;

  read_dir (walk, dup (top_fd), host_top, logical_top, NULL, 0);
  while (!walk->stopped && !walk->too_many && (pending = g_queue_pop_head (&walk->pending)) != NULL)
    {
      int fd = open_below (top_fd, pending->relative);

      if (fd < 0)
        {
          g_debug ("Skipping an unreadable folder in the download dir: %s", g_strerror (errno));
          note_skipped (walk, logical_top, pending->relative, &walk->gaps->n_unreadable);
        }
      else
        read_dir (walk, fd, host_top, logical_top, pending->relative, pending->depth);
      pending_dir_free (pending);
    }

  /* What the limit left unread is named too. */
  walk->gaps->too_many = walk->too_many;
  while ((pending = g_queue_pop_head (&walk->pending)) != NULL)
    {
      guint unread = 0;

      note_skipped (walk, logical_top, pending->relative, &unread);
      pending_dir_free (pending);
    }
  close (top_fd);
}

void
antam_downloads_gaps_clear (AntamDownloadsGaps *gaps)
{
  g_clear_pointer (&gaps->skipped, g_ptr_array_unref);
  *gaps = (AntamDownloadsGaps) { 0 };
}

gboolean
antam_downloads_gaps_any (const AntamDownloadsGaps *gaps)
{
  return gaps->too_many || gaps->n_too_deep > 0 || gaps->n_unreadable > 0;
}

static int
compare_locations (gconstpointer a,
                   gconstpointer b)
{
  const AntamDownload *da = *(const AntamDownload * const *) a;
  const AntamDownload *db = *(const AntamDownload * const *) b;

  return strcmp (da->location, db->location);
}

/**
 * antam_inventory_read_downloads:
 * @gaps: (out caller-allocates) (optional): what the walk left out; clear
 *   it with antam_downloads_gaps_clear()
 *
 * The installer-like files of the download dir and its subfolders, level
 * by level (up to %ANTAM_DOWNLOADS_MAX_DEPTH deep, %ANTAM_DOWNLOADS_MAX_FILES
 * entries in all), with their SHA-256 and the address the browser recorded,
 * sorted by location.  Links, FIFOs and devices are skipped.  A limit
 * reached or a folder that cannot be opened is told in @gaps: the answer
 * is then not the whole download dir.
 *
 * Returns: (transfer full) (element-type AntamDownload): the downloads, or
 *   %NULL with %G_IO_ERROR_NOT_FOUND when there is no download dir
 */
GPtrArray *
antam_inventory_read_downloads (AntamSysroot        *sysroot,
                                GCancellable        *cancellable,
                                AntamDownloadsGaps  *gaps,
                                GError             **error)
{
  g_autoptr(GPtrArray) downloads = NULL;
  g_autofree char *host_dir = NULL;
  g_autofree guchar *buffer = NULL;
  g_autofree char *xattr = NULL;
  AntamDownloadsGaps local_gaps = { 0 };
  const char *logical_dir;
  Walk walk = { 0 };
  int fd;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (gaps != NULL)
    *gaps = (AntamDownloadsGaps) { 0 };
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  logical_dir = antam_sysroot_get_user_dir (sysroot, ANTAM_USER_DIR_DOWNLOAD);
  host_dir = antam_sysroot_resolve (sysroot, logical_dir, error);
  if (host_dir == NULL)
    return NULL;

  fd = open (host_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (logical_dir);

      if (saved == ENOENT)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("There is no download folder “%s”"), display);
      else if (saved == ENOTDIR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                     _("The download folder “%s” is not a folder"), display);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not open the download folder “%s”: %s"),
                     display, antam_describe_errno (saved));
      return NULL;
    }

  downloads = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_download_free);
  buffer = g_malloc (HASH_BUFFER_SIZE);
  xattr = g_malloc (MAX_XATTR_SIZE);
  local_gaps.skipped = g_ptr_array_new_with_free_func (g_free);
  walk.cancellable = cancellable;
  walk.live = antam_sysroot_is_live (sysroot);
  walk.downloads = downloads;
  walk.buffer = buffer;
  walk.xattr = xattr;
  walk.gaps = &local_gaps;
  g_queue_init (&walk.pending);

  walk_download_dir (&walk, fd, host_dir, logical_dir);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      antam_downloads_gaps_clear (&local_gaps);
      return NULL;
    }
  if (walk.too_many)
    g_debug ("Stopped after %u entries in %s", ANTAM_DOWNLOADS_MAX_FILES, logical_dir);

  if (gaps != NULL)
    *gaps = local_gaps;
  else
    antam_downloads_gaps_clear (&local_gaps);
  g_ptr_array_sort (downloads, compare_locations);
  return g_steal_pointer (&downloads);
}
