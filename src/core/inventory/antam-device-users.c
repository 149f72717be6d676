/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "inventory/antam-devices.h"
#include "inventory/antam-inventory.h"

#define MAX_COMM_SIZE 256
/* A process can hold a million descriptors; we look at this many. */
#define MAX_FDS_PER_PROCESS 65536

void
antam_device_use_free (AntamDeviceUse *use)
{
  if (use == NULL)
    return;
  g_free (use->comm);
  g_free (use->exe);
  g_free (use->device);
  g_free (use->path);
  g_free (use);
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/**
 * antam_device_kind_for_path:
 *
 * V4L2 cameras are /dev/video*; ALSA names its PCM devices pcmC<card>D<device>
 * with "c" for capture and "p" for playback, so only "c" is a microphone.
 *
 * Returns: (nullable): "camera", "microphone", or %NULL for anything else
 */
const char *
antam_device_kind_for_path (const char *path)
{
  const char *rest;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_has_prefix (path, "/dev/video") && all_digits (path + strlen ("/dev/video")))
    return "camera";

  if (!g_str_has_prefix (path, "/dev/snd/pcmC"))
    return NULL;
  rest = path + strlen ("/dev/snd/pcmC");
  if (!g_ascii_isdigit (*rest))
    return NULL;
  while (g_ascii_isdigit (*rest))
    rest++;
  if (*rest++ != 'D' || !g_ascii_isdigit (*rest))
    return NULL;
  while (g_ascii_isdigit (*rest))
    rest++;
  return g_str_equal (rest, "c") ? "microphone" : NULL;
}

/* /proc files report a size of 0 and a fixture's could be a FIFO: one
 * bounded read that cannot block. */
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
  buffer[strcspn (buffer, "\n")] = '\0';
  return g_utf8_make_valid (buffer, -1);
}

static void
scan_process (const char *proc_dir,
              const char *pid_name,
              int         pid,
              GPtrArray  *uses)
{
  g_autofree char *fd_dir_path = g_build_filename (proc_dir, pid_name, "fd", NULL);
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *comm = NULL;
  g_autofree char *exe = NULL;
  const char *name;
  GDir *fd_dir;
  guint n = 0;

  /* Another user's process: its descriptors are not ours to see. */
  fd_dir = g_dir_open (fd_dir_path, 0, NULL);
  if (fd_dir == NULL)
    return;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((name = g_dir_read_name (fd_dir)) != NULL && n++ < MAX_FDS_PER_PROCESS)
    {
      g_autofree char *link = g_build_filename (fd_dir_path, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);
      const char *kind;
      AntamDeviceUse *use;

      if (target == NULL || (kind = antam_device_kind_for_path (target)) == NULL)
        continue;
      /* One line a device, however many times the program opened it. */
      if (!g_hash_table_add (seen, g_strdup (target)))
        continue;

      if (comm == NULL)
        {
          g_autofree char *comm_path = g_build_filename (proc_dir, pid_name, "comm", NULL);
          g_autofree char *exe_path = g_build_filename (proc_dir, pid_name, "exe", NULL);

          comm = read_comm (comm_path);
          if (comm == NULL)
            comm = g_strdup (pid_name);
          exe = g_file_read_link (exe_path, NULL);
        }

      use = g_new0 (AntamDeviceUse, 1);
      use->pid = pid;
      use->comm = g_strdup (comm);
      use->exe = g_strdup (exe);
      use->device = g_strdup (kind);
      use->path = g_steal_pointer (&target);
      g_ptr_array_add (uses, use);
    }
  g_dir_close (fd_dir);
}

static int
compare_uses (gconstpointer a,
              gconstpointer b)
{
  const AntamDeviceUse *ua = *(const AntamDeviceUse * const *) a;
  const AntamDeviceUse *ub = *(const AntamDeviceUse * const *) b;

  if (ua->pid != ub->pid)
    return (ua->pid > ub->pid) - (ua->pid < ub->pid);
  return strcmp (ua->path, ub->path);
}

/**
 * antam_inventory_read_device_users:
 *
 * Which running programs have a camera or a microphone open right now,
 * from the descriptors under the view's /proc.  Only processes whose
 * descriptors we may read are seen: the user's own, which are the ones a
 * meeting app runs as.
 *
 * Returns: (transfer full) (element-type AntamDeviceUse): the open devices,
 *   or %NULL with %G_IO_ERROR_NOT_SUPPORTED when the view has no processes
 */
GPtrArray *
antam_inventory_read_device_users (AntamSysroot  *sysroot,
                                   GError       **error)
{
  g_autoptr(GPtrArray) uses = NULL;
  g_autoptr(GArray) pids = NULL;
  const char *proc_dir;

  pids = antam_inventory_list_pids (sysroot, &proc_dir, error);
  if (pids == NULL)
    return NULL;

  uses = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_device_use_free);
  for (guint i = 0; i < pids->len; i++)
    {
      int pid = g_array_index (pids, int, i);
      g_autofree char *name = g_strdup_printf ("%d", pid);

      scan_process (proc_dir, name, pid, uses);
    }

  g_ptr_array_sort (uses, compare_uses);
  return g_steal_pointer (&uses);
}
