/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "inventory/antam-inventory.h"

/* The kernel's tables of sockets: one line a socket, addresses in hex as
 * the kernel holds them.  A TCP socket in state 0A listens; a UDP socket
 * with no remote end takes datagrams from anyone. */
#define TCP_LISTEN 0x0A
#define MAX_CGROUP_SIZE 4096

static const struct {
  const char *name;
  const char *protocol;
  int family;
} tables[] = {
  { "net/tcp", "tcp", 4 },
  { "net/tcp6", "tcp", 6 },
  { "net/udp", "udp", 4 },
  { "net/udp6", "udp", 6 },
};

void
antam_listener_free (AntamListener *listener)
{
  if (listener == NULL)
    return;
  g_free (listener->address);
  g_free (listener->program);
  g_free (listener->exe);
  g_free (listener->unit);
  g_free (listener);
}

/* "0100007F:0016": the address as the kernel's words printed in this
 * machine's byte order, then the port as a number. */
static gboolean
parse_endpoint (const char *text,
                int         family,
                guchar      bytes[16],
                guint      *port)
{
  guint n_words = family == 4 ? 1 : 4;
  const char *colon = strchr (text, ':');
  guint64 value;

  if (colon == NULL || (gsize) (colon - text) != n_words * 8)
    return FALSE;
  for (guint w = 0; w < n_words; w++)
    {
      char hex[9];
      guint32 word;

      memcpy (hex, text + w * 8, 8);
      hex[8] = '\0';
      if (!g_ascii_string_to_unsigned (hex, 16, 0, G_MAXUINT32, &value, NULL))
        return FALSE;
      word = (guint32) value;
      memcpy (bytes + w * 4, &word, 4);
    }
  if (!g_ascii_string_to_unsigned (colon + 1, 16, 0, G_MAXUINT16, &value, NULL))
    return FALSE;
  *port = (guint) value;
  return TRUE;
}

static gboolean
is_zero (const guchar *bytes,
         gsize         length)
{
  for (gsize i = 0; i < length; i++)
    if (bytes[i] != 0)
      return FALSE;
  return TRUE;
}

static const guchar v4_mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

static gboolean
is_loopback (const guchar *bytes,
             int           family)
{
  static const guchar v6_loopback[16] = { [15] = 1 };

  if (family == 4)
    return bytes[0] == 127;
  if (memcmp (bytes, v6_loopback, 16) == 0)
    return TRUE;
  return memcmp (bytes, v4_mapped_prefix, 12) == 0 && bytes[12] == 127;
}

/**
 * antam_listeners_parse:
 * @text: the contents of /proc/net/tcp, tcp6, udp or udp6
 * @protocol: "tcp" or "udp"
 * @family: 4 or 6
 *
 * The sockets of one table that wait for others to reach them: listening
 * TCP sockets and UDP sockets with no remote end, loopback ones included
 * (marked as such).  A line that is not understood makes the whole table
 * an error: a table read in part would hide a door.
 *
 * Returns: (transfer full) (element-type AntamListener): the listeners
 */
GPtrArray *
antam_listeners_parse (const char  *text,
                       const char  *protocol,
                       int          family,
                       GError     **error)
{
  g_autoptr(GPtrArray) listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_listener_free);
  g_auto(GStrv) lines = NULL;
  gboolean tcp;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (family == 4 || family == 6, NULL);

  tcp = g_str_equal (protocol, "tcp");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      guchar local[16] = { 0 }, remote[16] = { 0 };
      guint local_port, remote_port;
      guint64 state, uid, inode;
      char address[INET6_ADDRSTRLEN];
      AntamListener *listener;
      guint n;

      /* The first line names the columns. */
      if (i == 0 || lines[i][0] == '\0')
        continue;
      fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      {
        /* Columns are padded with runs of spaces: keep the words only. */
        guint out = 0;
        for (guint f = 0; fields[f] != NULL; f++)
          if (fields[f][0] != '\0')
            fields[out++] = fields[f];
          else
            g_free (fields[f]);
        fields[out] = NULL;
        n = out;
      }
      if (n < 10 ||
          !parse_endpoint (fields[1], family, local, &local_port) ||
          !parse_endpoint (fields[2], family, remote, &remote_port) ||
          !g_ascii_string_to_unsigned (fields[3], 16, 0, 0xff, &state, NULL) ||
          !g_ascii_string_to_unsigned (fields[7], 10, 0, G_MAXUINT32, &uid, NULL) ||
          !g_ascii_string_to_unsigned (fields[9], 10, 0, G_MAXUINT64, &inode, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Line %u of the list of network connections is not understood"), i + 1);
          return NULL;
        }

      if (tcp ? state != TCP_LISTEN : !(remote_port == 0 && is_zero (remote, family == 4 ? 4 : 16)))
        continue;
      /* A UDP socket not bound to a port takes nothing in. */
      if (local_port == 0)
        continue;

      if (family == 6 && memcmp (local, v4_mapped_prefix, 12) == 0)
        inet_ntop (AF_INET, local + 12, address, sizeof address);
      else
        inet_ntop (family == 4 ? AF_INET : AF_INET6, local, address, sizeof address);

      listener = g_new0 (AntamListener, 1);
      listener->protocol = tcp ? "tcp" : "udp";
      listener->family = family;
      listener->address = g_strdup (address);
      listener->port = local_port;
      listener->uid = (guint) uid;
      listener->inode = inode;
      listener->loopback = is_loopback (local, family);
      listener->any_address = is_zero (local, family == 4 ? 4 : 16);
      g_ptr_array_add (listeners, listener);
    }
  return g_steal_pointer (&listeners);
}

/* "0::/system.slice/ssh.service" → "ssh.service": the unit systemd
 * started the process in, the innermost that is a service. */
static char *
unit_from_cgroup (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *path = strstr (lines[i], "::/");
      g_auto(GStrv) parts = NULL;

      /* cgroup v2 has one line, "0::/…"; v1 has the name= systemd line. */
      if (path == NULL)
        path = strstr (lines[i], ":name=systemd:/");
      if (path == NULL)
        continue;
      parts = g_strsplit (strchr (path, '/'), "/", -1);
      for (guint p = g_strv_length (parts); p > 0; p--)
        if (g_str_has_suffix (parts[p - 1], ".service") && !g_str_has_prefix (parts[p - 1], "user@"))
          return g_strdup (parts[p - 1]);
    }
  return NULL;
}

static char *
read_small_file (const char *path)
{
  g_autofree char *contents = NULL;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

  if (fd < 0)
    return NULL;
  if (!antam_read_regular_fd (fd, path, MAX_CGROUP_SIZE, &contents, NULL, NULL))
    return NULL;
  return g_steal_pointer (&contents);
}

static void
describe_owner (AntamListener *listener,
                const char    *proc_dir,
                int            pid)
{
  g_autofree char *name = g_strdup_printf ("%d", pid);
  g_autofree char *comm_path = g_build_filename (proc_dir, name, "comm", NULL);
  g_autofree char *exe_path = g_build_filename (proc_dir, name, "exe", NULL);
  g_autofree char *cgroup_path = g_build_filename (proc_dir, name, "cgroup", NULL);
  g_autofree char *comm = read_small_file (comm_path);
  g_autofree char *cgroup = read_small_file (cgroup_path);

  listener->pid = pid;
  listener->exe = g_file_read_link (exe_path, NULL);
  /* comm is cut at 15 bytes ("gnome-remote-de"): the program's file name
   * says it whole when it can be read. */
  if (listener->exe != NULL && !g_str_has_suffix (listener->exe, " (deleted)"))
    listener->program = g_path_get_basename (listener->exe);
  else if (comm != NULL)
    listener->program = g_utf8_make_valid (g_strchomp (comm), -1);
  if (cgroup != NULL)
    listener->unit = unit_from_cgroup (cgroup);
}

/* Which process holds each socket: its descriptors are links named
 * "socket:[INODE]".  Only the processes whose descriptors we may read
 * (our own; everyone's as root) tell; the others stay unknown, never
 * guessed from the port or the account. */
static void
find_owners (GPtrArray  *listeners,
             const char *proc_dir)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GDir) dir = g_dir_open (proc_dir, 0, NULL);
  const char *name;

  for (guint i = 0; i < listeners->len; i++)
    {
      AntamListener *listener = g_ptr_array_index (listeners, i);

      /* Inode 0: a socket of the kernel itself (the NFS server's). */
      if (listener->inode != 0)
        g_hash_table_insert (wanted, &listener->inode, NULL);
    }

  while (dir != NULL && g_hash_table_size (wanted) > 0 && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *fd_dir_path = NULL;
      g_autoptr(GDir) fd_dir = NULL;
      const char *fd_name;
      guint64 pid;

      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &pid, NULL))
        continue;
      fd_dir_path = g_build_filename (proc_dir, name, "fd", NULL);
      fd_dir = g_dir_open (fd_dir_path, 0, NULL);
      while (fd_dir != NULL && (fd_name = g_dir_read_name (fd_dir)) != NULL)
        {
          g_autofree char *link_path = g_build_filename (fd_dir_path, fd_name, NULL);
          g_autofree char *target = g_file_read_link (link_path, NULL);
          char *end = NULL;
          guint64 inode;

          /* "socket:[123]": the number ends at the bracket. */
          if (target == NULL || !g_str_has_prefix (target, "socket:["))
            continue;
          inode = g_ascii_strtoull (target + 8, &end, 10);
          if (end == target + 8 || *end != ']')
            continue;
          if (!g_hash_table_contains (wanted, &inode))
            continue;

          for (guint i = 0; i < listeners->len; i++)
            {
              AntamListener *listener = g_ptr_array_index (listeners, i);

              if (listener->inode == inode && listener->pid == 0)
                describe_owner (listener, proc_dir, (int) pid);
            }
          g_hash_table_remove (wanted, &inode);
        }
    }
}

static int
compare_listeners (gconstpointer a,
                   gconstpointer b)
{
  const AntamListener *la = *(const AntamListener * const *) a;
  const AntamListener *lb = *(const AntamListener * const *) b;
  int by_protocol = strcmp (la->protocol, lb->protocol);

  if (by_protocol != 0)
    return by_protocol;
  if (la->port != lb->port)
    return la->port < lb->port ? -1 : 1;
  if (la->family != lb->family)
    return la->family - lb->family;
  return strcmp (la->address, lb->address);
}

/**
 * antam_inventory_read_listeners:
 *
 * Every socket of the view's /proc/net that waits for connections, with
 * the process, program and systemd unit holding it where that can be
 * told.  Only the running system has sockets: from a Flatpak sandbox, or
 * on a root that holds no /proc/net (a disk, a copy), this fails with
 * %G_IO_ERROR_NOT_SUPPORTED.
 *
 * Returns: (transfer full) (element-type AntamListener): the listeners,
 *   sorted by protocol, port and address
 */
GPtrArray *
antam_inventory_read_listeners (AntamSysroot  *sysroot,
                                GError       **error)
{
  g_autoptr(GPtrArray) listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_listener_free);
  const char *proc_dir;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  if (antam_sysroot_is_sandboxed (sysroot))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("From inside its Flatpak sandbox, An Tâm cannot see which programs wait "
                             "for connections"));
      return NULL;
    }
  proc_dir = antam_sysroot_get_proc_dir (sysroot);
  if (proc_dir == NULL && !antam_sysroot_exists (sysroot, "/proc/net/tcp"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Which programs wait for connections can only be seen on the running computer"));
      return NULL;
    }

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) parsed = NULL;

      if (!antam_read_proc_file (sysroot, tables[t].name, &contents, &local_error))
        {
          /* A kernel without IPv6 has no tcp6 and udp6. */
          if (tables[t].family == 6 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      parsed = antam_listeners_parse (contents, tables[t].protocol, tables[t].family, &local_error);
      if (parsed == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "/proc/%s: %s",
                       tables[t].name, local_error->message);
          return NULL;
        }
      g_ptr_array_extend_and_steal (listeners, g_steal_pointer (&parsed));
    }

  if (proc_dir != NULL)
    find_owners (listeners, proc_dir);
  g_ptr_array_sort (listeners, compare_listeners);
  return g_steal_pointer (&listeners);
}
