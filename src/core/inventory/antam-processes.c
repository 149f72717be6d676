/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "inventory/antam-inventory.h"

/* comm is at most 16 bytes; anything longer is not a comm file. */
#define MAX_COMM_SIZE 256
#define MAX_PROC_FILE_SIZE (4 * 1024 * 1024)

/* /proc files report a size of 0, and a fixture's comm could be a FIFO:
 * read once, bounded, without blocking. */
static char *
read_comm (const char *path)
{
  char buffer[MAX_COMM_SIZE + 1];
  gssize n;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return NULL;
  do
    n = read (fd, buffer, MAX_COMM_SIZE);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n < 0)
    return NULL;

  buffer[n] = '\0';
  /* Only the first line; a process may name itself anything. */
  buffer[strcspn (buffer, "\n")] = '\0';
  return g_utf8_make_valid (buffer, -1);
}

static int
compare_pids (gconstpointer a,
              gconstpointer b)
{
  const AntamProcess *pa = *(const AntamProcess * const *) a;
  const AntamProcess *pb = *(const AntamProcess * const *) b;

  return (pa->pid > pb->pid) - (pa->pid < pb->pid);
}

/**
 * antam_inventory_list_pids:
 * @proc_dir: (out) (transfer none): the host dir the pids are under
 *
 * The pids of the view's /proc, the one walk both the process list and the
 * "who has the camera open" listing make.  Only a view of the running system
 * has processes; any other fails with %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full) (element-type int): the pids, unsorted
 */
GArray *
antam_inventory_list_pids (AntamSysroot  *sysroot,
                           const char   **proc_dir,
                           GError       **error)
{
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;
  GDir *dir;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  *proc_dir = antam_sysroot_get_proc_dir (sysroot);
  if (*proc_dir == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Running programs can only be seen on the running system"));
      return NULL;
    }

  dir = g_dir_open (*proc_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not list the running programs: %s"), local_error->message);
      return NULL;
    }

  pids = g_array_new (FALSE, FALSE, sizeof (int));
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 pid;

      if (g_ascii_isdigit (name[0]) &&
          g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &pid, NULL))
        {
          int value = (int) pid;
          g_array_append_val (pids, value);
        }
    }
  g_dir_close (dir);
  return g_steal_pointer (&pids);
}

/**
 * antam_inventory_read_processes:
 *
 * The running processes, by pid.  Only a view of the running system has
 * them; on any other view this fails with %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full) (element-type AntamProcess): the processes
 */
GPtrArray *
antam_inventory_read_processes (AntamSysroot  *sysroot,
                                GError       **error)
{
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GArray) pids = NULL;
  const char *proc_dir;

  pids = antam_inventory_list_pids (sysroot, &proc_dir, error);
  if (pids == NULL)
    return NULL;

  processes = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_process_free);
  for (guint i = 0; i < pids->len; i++)
    {
      int pid = g_array_index (pids, int, i);
      g_autofree char *name = g_strdup_printf ("%d", pid);
      g_autofree char *comm_path = NULL;
      g_autofree char *exe_path = NULL;
      g_autofree char *comm = NULL;
      AntamProcess *process;

      /* A process that ended since the dir was listed has no comm: skip it. */
      comm_path = g_build_filename (proc_dir, name, "comm", NULL);
      comm = read_comm (comm_path);
      if (comm == NULL)
        continue;

      exe_path = g_build_filename (proc_dir, name, "exe", NULL);
      process = g_new0 (AntamProcess, 1);
      process->pid = pid;
      process->comm = g_steal_pointer (&comm);
      /* Another user's process, or a kernel thread: no exe for us. */
      process->exe = g_file_read_link (exe_path, NULL);
      g_ptr_array_add (processes, process);
    }

  g_ptr_array_sort (processes, compare_pids);
  return g_steal_pointer (&processes);
}

/* /proc files report a size of 0: read to the end, bounded, never block. */
static gboolean
read_host_proc_file (const char  *path,
                     const char  *name,
                     char       **contents,
                     GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[8192];
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “/proc/%s”: %s"), name, antam_describe_errno (saved));
      return FALSE;
    }

  for (;;)
    {
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read “/proc/%s”: %s"), name, antam_describe_errno (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      if (text->len + (gsize) n > MAX_PROC_FILE_SIZE)
        {
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("“/proc/%s” is too large to read"), name);
          return FALSE;
        }
      g_string_append_len (text, buffer, n);
    }
  close (fd);

  *contents = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

gboolean
antam_read_proc_file (AntamSysroot  *sysroot,
                      const char    *name,
                      char         **contents,
                      GError       **error)
{
  const char *proc_dir = antam_sysroot_get_proc_dir (sysroot);

  if (proc_dir != NULL)
    {
      g_autofree char *path = g_build_filename (proc_dir, name, NULL);
      return read_host_proc_file (path, name, contents, error);
    }
  else
    {
      g_autofree char *path = g_build_filename ("/proc", name, NULL);
      return antam_sysroot_read_file (sysroot, path, MAX_PROC_FILE_SIZE, contents, NULL, error);
    }
}
