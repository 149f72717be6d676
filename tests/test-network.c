/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* unshare() */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sysroot/antam-sysroot-private.h"
#include "antam-test-root.h"
#include "checks/antam-firewall-private.h"
#include "checks/antam-network-private.h"
#include "remedy/antam-removal.h"
#include "remedy/antam-removal-plan.h"

/* network-services: the socket tables parsed, real sockets read back (on
 * loopback, and on an address of a network namespace the test makes), the
 * SSH server's settings read as sshd reads them, the shares, the
 * firewall's ports, and each finding on a fixture root. */

/* ---- helpers ------------------------------------------------------------ */

static GPtrArray *
scan_network (const char *root,
              const char *proc_dir)
{
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, &error);
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  const char *only[] = { "network-services", NULL };
  GPtrArray *results;

  g_assert_no_error (error);
  if (proc_dir != NULL)
    antam_sysroot_set_proc_dir (sysroot, proc_dir);
  rules = antam_rules_load (sysroot);
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, only, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return results;
}

static void
assert_status (AntamResult *result,
               AntamStatus  expected)
{
  g_assert_nonnull (result);
  if (result->status != expected)
    g_error ("%s: expected %s, got %s: %s — %s", result->check, antam_status_to_string (expected),
             antam_status_to_string (result->status), result->title, result->summary);
}

static gboolean
any_ok (GPtrArray *results)
{
  for (guint i = 0; i < results->len; i++)
    if (((AntamResult *) g_ptr_array_index (results, i))->status == ANTAM_STATUS_OK)
      return TRUE;
  return FALSE;
}

static void
write_link (const char *root,
            const char *relative,
            const char *target)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
unlink_in (const char *root,
           const char *relative)
{
  g_autofree char *path = antam_test_root_path (root, relative);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static guint
count_items (AntamResult *result,
             const char  *kind)
{
  guint n = 0;

  for (guint i = 0; i < result->items->len; i++)
    n += g_str_equal (((AntamItem *) g_ptr_array_index (result->items, i))->kind, kind);
  return n;
}

static const char *tcp_header =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

/* A fake /proc/net holding one listening TCP socket, as a scenario would. */
static void
write_proc_net (const char *root,
                const char *tcp_lines)
{
  g_autofree char *tcp = g_strconcat (tcp_header, tcp_lines, NULL);

  antam_test_write (root, "proc/net/tcp", tcp);
  antam_test_write (root, "proc/net/tcp6", tcp_header);
  antam_test_write (root, "proc/net/udp", tcp_header);
  antam_test_write (root, "proc/net/udp6", tcp_header);
}

/* ---- the socket tables --------------------------------------------------- */

static void
test_parse_tables (void)
{
  const char *tcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21370 1 0000000000000000 100 0 0 10 0\n"
    "   1: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 22211 1 0000000000000000 100 0 0 10 0\n"
    "   2: 1401A8C0:0016 0501A8C0:D3F2 01 00000000:00000000 02:0009E3B5 00000000     0        0 51234 4 0000000000000000 20 4 29 10 -1\n"
    "   3: 1401A8C0:170C 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 40001 1 0000000000000000 100 0 0 10 0\n";
  const char *tcp6 =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21372 1 0000000000000000 100 0 0 10 0\n"
    "   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 22212 1 0000000000000000 100 0 0 10 0\n"
    "   2: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 22213 1 0000000000000000 100 0 0 10 0\n";
  const char *udp =
    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
    "  291: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000   106        0 18622 2 0000000000000000 0\n"
    "  300: 1401A8C0:A1B2 08080808:0035 01 00000000:00000000 00:00000000 00000000  1000        0 18623 2 0000000000000000 0\n";
  g_autoptr(GPtrArray) v4 = NULL, v6 = NULL, u4 = NULL, garbage = NULL;
  g_autoptr(GError) error = NULL;
  AntamListener *listener;

  v4 = antam_listeners_parse (tcp, "tcp", 4, &error);
  g_assert_no_error (error);
  /* The established connection (state 01) waits for nobody. */
  g_assert_cmpuint (v4->len, ==, 3);
  listener = g_ptr_array_index (v4, 0);
  g_assert_cmpstr (listener->address, ==, "0.0.0.0");
  g_assert_cmpuint (listener->port, ==, 22);
  g_assert_true (listener->any_address);
  g_assert_false (listener->loopback);
  g_assert_cmpuint (listener->inode, ==, 21370);
  listener = g_ptr_array_index (v4, 1);
  g_assert_cmpstr (listener->address, ==, "127.0.0.1");
  g_assert_cmpuint (listener->port, ==, 631);
  g_assert_true (listener->loopback);
  listener = g_ptr_array_index (v4, 2);
  g_assert_cmpstr (listener->address, ==, "192.168.1.20");
  g_assert_cmpuint (listener->port, ==, 5900);
  g_assert_cmpuint (listener->uid, ==, 1000);
  g_assert_false (listener->any_address);

  v6 = antam_listeners_parse (tcp6, "tcp", 6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v6->len, ==, 3);
  g_assert_cmpstr (((AntamListener *) g_ptr_array_index (v6, 0))->address, ==, "::");
  g_assert_true (((AntamListener *) g_ptr_array_index (v6, 0))->any_address);
  g_assert_cmpstr (((AntamListener *) g_ptr_array_index (v6, 1))->address, ==, "::1");
  g_assert_true (((AntamListener *) g_ptr_array_index (v6, 1))->loopback);
  /* An IPv4 address in an IPv6 socket is written the IPv4 way. */
  g_assert_cmpstr (((AntamListener *) g_ptr_array_index (v6, 2))->address, ==, "127.0.0.1");
  g_assert_true (((AntamListener *) g_ptr_array_index (v6, 2))->loopback);

  u4 = antam_listeners_parse (udp, "udp", 4, &error);
  g_assert_no_error (error);
  /* A UDP socket connected to a DNS server takes nothing from others. */
  g_assert_cmpuint (u4->len, ==, 1);
  g_assert_cmpuint (((AntamListener *) g_ptr_array_index (u4, 0))->port, ==, 5353);
  g_assert_cmpstr (((AntamListener *) g_ptr_array_index (u4, 0))->protocol, ==, "udp");

  /* A damaged table is an error, not a shorter list. */
  garbage = antam_listeners_parse ("header\n   0: 00000000:0016 zz\n", "tcp", 4, &error);
  g_assert_null (garbage);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static AntamListener *
find_listener (GPtrArray  *listeners,
               const char *protocol,
               const char *address,
               guint       port)
{
  for (guint i = 0; listeners != NULL && i < listeners->len; i++)
    {
      AntamListener *listener = g_ptr_array_index (listeners, i);

      if (g_str_equal (listener->protocol, protocol) && g_str_equal (listener->address, address) &&
          listener->port == port)
        return listener;
    }
  return NULL;
}

static int
open_socket (int         family,
             int         type,
             const char *address,
             guint      *port)
{
  struct sockaddr_storage storage = { 0 };
  socklen_t length;
  int fd = socket (family, type | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  if (family == AF_INET)
    {
      struct sockaddr_in *in = (struct sockaddr_in *) &storage;
      in->sin_family = AF_INET;
      g_assert_cmpint (inet_pton (AF_INET, address, &in->sin_addr), ==, 1);
      length = sizeof *in;
    }
  else
    {
      struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &storage;
      int only_v6 = 1;
      in6->sin6_family = AF_INET6;
      g_assert_cmpint (inet_pton (AF_INET6, address, &in6->sin6_addr), ==, 1);
      setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &only_v6, sizeof only_v6);
      length = sizeof *in6;
    }
  if (bind (fd, (struct sockaddr *) &storage, length) != 0)
    g_error ("bind %s: %s", address, g_strerror (errno));
  if (type == SOCK_STREAM)
    g_assert_cmpint (listen (fd, 4), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &storage, &length), ==, 0);
  *port = ntohs (family == AF_INET ? ((struct sockaddr_in *) &storage)->sin_port
                                   : ((struct sockaddr_in6 *) &storage)->sin6_port);
  return fd;
}

static void
assert_ours (AntamListener *listener)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *base = g_path_get_basename (exe);

  g_assert_nonnull (listener);
  g_assert_cmpint (listener->pid, ==, getpid ());
  g_assert_cmpstr (listener->program, ==, base);
  g_assert_cmpstr (listener->exe, ==, exe);
}

/* Real sockets on loopback, read back through the live view, each with
 * this process as its holder. */
static void
test_live_loopback (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GError) error = NULL;
  guint tcp_port, udp_port;
  int tcp = open_socket (AF_INET, SOCK_STREAM, "127.0.0.1", &tcp_port);
  int udp = open_socket (AF_INET, SOCK_DGRAM, "127.0.0.1", &udp_port);
  AntamListener *listener;

  listeners = antam_inventory_read_listeners (sysroot, &error);
  g_assert_no_error (error);
  listener = find_listener (listeners, "tcp", "127.0.0.1", tcp_port);
  assert_ours (listener);
  g_assert_true (listener->loopback);
  g_assert_cmpuint (listener->uid, ==, getuid ());
  listener = find_listener (listeners, "udp", "127.0.0.1", udp_port);
  assert_ours (listener);
  g_assert_true (listener->loopback);

  close (tcp);
  close (udp);
}

static gboolean
run_quietly (const char * const *argv)
{
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

static void
write_id_map (const char *file,
              guint       id)
{
  g_autofree char *line = g_strdup_printf ("0 %u 1\n", id);
  int fd = open (file, O_WRONLY | O_CLOEXEC);

  if (fd >= 0)
    {
      if (write (fd, line, strlen (line)) < 0)
        g_printerr ("%s: %s\n", file, g_strerror (errno));
      close (fd);
    }
}

/* In the child: a network namespace of our own, where 192.0.2.10 and
 * 2001:db8::10 (addresses for documentation, never routed) are this
 * computer's: on a dummy interface, or on lo where the kernel has no
 * dummy driver; either way they are not loopback addresses.  As root a
 * plain namespace; else one inside a user namespace. */
static gboolean
enter_network_namespace (char **why)
{
  const char *dummy[] = { "ip", "link", "add", "antam0", "type", "dummy", NULL };
  const char *dummy_up[] = { "ip", "link", "set", "antam0", "up", NULL };
  const char *lo_up[] = { "ip", "link", "set", "lo", "up", NULL };
  const char *addr4[] = { "ip", "addr", "add", "192.0.2.10/24", "dev", "antam0", NULL };
  const char *addr6[] = { "ip", "addr", "add", "2001:db8::10/64", "dev", "antam0", "nodad", NULL };
  guint uid = getuid (), gid = getgid ();

  if (unshare (CLONE_NEWNET) != 0)
    {
      if (unshare (CLONE_NEWUSER | CLONE_NEWNET) != 0)
        {
          *why = g_strdup_printf ("network namespaces are not allowed here: %s", g_strerror (errno));
          return FALSE;
        }
      write_id_map ("/proc/self/setgroups", 0);
      g_file_set_contents ("/proc/self/setgroups", "deny", -1, NULL);
      write_id_map ("/proc/self/uid_map", uid);
      write_id_map ("/proc/self/gid_map", gid);
    }
  if (!run_quietly (lo_up))
    {
      *why = g_strdup ("the ip command could not set up the namespace's network");
      return FALSE;
    }
  if (!run_quietly (dummy) || !run_quietly (dummy_up))
    {
      addr4[5] = "lo";
      addr6[5] = "lo";
    }
  if (!run_quietly (addr4))
    {
      *why = g_strdup ("the ip command could not give the namespace an address");
      return FALSE;
    }
  /* IPv6 may be turned off in the kernel: the IPv4 part still stands. */
  run_quietly (addr6);
  return TRUE;
}

/* Where the child leaves why it could not make a namespace. */
static char *
skip_note_path (int parent)
{
  g_autofree char *name = g_strdup_printf ("antam-netns-skip-%d", parent);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
netns_child (void)
{
  g_autofree char *why = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *only[] = { "network-services", NULL };
  guint tcp_port, udp_port, any_port, local_port, v6_port = 0;
  int tcp, udp, any, local, v6 = -1;
  AntamListener *listener;
  AntamResult *result;

  if (!enter_network_namespace (&why))
    {
      g_autofree char *note = skip_note_path (getppid ());
      g_file_set_contents (note, why, -1, NULL);
      return;
    }
  tcp = open_socket (AF_INET, SOCK_STREAM, "192.0.2.10", &tcp_port);
  udp = open_socket (AF_INET, SOCK_DGRAM, "192.0.2.10", &udp_port);
  any = open_socket (AF_INET, SOCK_STREAM, "0.0.0.0", &any_port);
  local = open_socket (AF_INET, SOCK_STREAM, "127.0.0.1", &local_port);
  {
    int probe = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };

    inet_pton (AF_INET6, "2001:db8::10", &in6.sin6_addr);
    if (probe >= 0 && bind (probe, (struct sockaddr *) &in6, sizeof in6) == 0)
      {
        close (probe);
        v6 = open_socket (AF_INET6, SOCK_STREAM, "2001:db8::10", &v6_port);
      }
    else if (probe >= 0)
      close (probe);
  }

  sysroot = antam_sysroot_new_live ();
  listeners = antam_inventory_read_listeners (sysroot, &error);
  g_assert_no_error (error);

  listener = find_listener (listeners, "tcp", "192.0.2.10", tcp_port);
  assert_ours (listener);
  g_assert_false (listener->loopback);
  g_assert_false (listener->any_address);
  listener = find_listener (listeners, "udp", "192.0.2.10", udp_port);
  assert_ours (listener);
  g_assert_false (listener->loopback);
  listener = find_listener (listeners, "tcp", "0.0.0.0", any_port);
  assert_ours (listener);
  g_assert_true (listener->any_address);
  g_assert_true (find_listener (listeners, "tcp", "127.0.0.1", local_port)->loopback);
  if (v6 >= 0)
    {
      listener = find_listener (listeners, "tcp", "2001:db8::10", v6_port);
      assert_ours (listener);
      g_assert_false (listener->loopback);
    }

  /* The whole check, on the running system: this program is named, its
   * loopback socket is not. */
  rules = antam_rules_load (sysroot);
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, only, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  result = antam_test_find_result (results, "network-services", "wait for connections from the network");
  if (result == NULL)
    result = antam_test_find_result (results, "network-services", "waits for connections from the network");
  assert_status (result, ANTAM_STATUS_WARNING);
  {
    g_autofree char *name = g_strdup_printf ("Port %u (TCP)", tcp_port);
    g_autofree char *local_name = g_strdup_printf ("Port %u (TCP)", local_port);
    AntamItem *item = antam_test_find_item (result, "listener", name);

    g_assert_nonnull (item);
    g_assert_nonnull (strstr (item->detail, "192.0.2.10"));
    g_assert_nonnull (strstr (item->detail, "Held by"));
    g_assert_null (antam_test_find_item (result, "listener", local_name));
  }
  g_assert_false (any_ok (results));

  close (tcp);
  close (udp);
  close (any);
  close (local);
  if (v6 >= 0)
    close (v6);
}

static void
test_live_namespace (void)
{
  g_autofree char *note = NULL;
  g_autofree char *why = NULL;
  g_autofree char *ip = NULL;

  if (g_test_subprocess ())
    {
      netns_child ();
      return;
    }
  ip = g_find_program_in_path ("ip");
  if (ip == NULL)
    {
      g_test_skip ("the ip command (iproute2) is not installed: no namespace to put an address in");
      return;
    }
  note = skip_note_path (getpid ());
  g_unlink (note);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  if (g_file_get_contents (note, &why, NULL, NULL))
    {
      g_unlink (note);
      g_test_skip (why);
    }
}

/* From a Flatpak, and on a disk that is not running, nothing is read. */
static void
test_live_not_here (void)
{
  g_autofree char *host = g_dir_make_tmp ("antam-host-XXXXXX", NULL);
  g_autoptr(AntamSysroot) sandboxed = antam_sysroot_new_live_for_host (host);
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) disk = antam_sysroot_new (root, home, NULL);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  none = antam_inventory_read_listeners (sandboxed, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  none = antam_inventory_read_listeners (disk, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "running computer"));

  antam_test_remove_root (root);
  g_rmdir (host);
}

/* ---- the SSH server's settings ------------------------------------------- */

static AntamSshdConfig *
read_sshd (const char  *root,
           GError     **error)
{
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, NULL);

  return antam_sshd_config_read (sysroot, error);
}

static void
test_sshd_drop_in_wins (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-ssh", NULL);
  g_autoptr(AntamSshdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = read_sshd (root, &error);
  g_assert_no_error (error);
  /* The drop-in is read at the Include, before the main file's "no". */
  g_assert_true (antam_sshd_config_allows_password (config));
  g_assert_cmpstr (config->password_authentication.value, ==, "yes");
  g_assert_cmpstr (config->password_authentication.file, ==, "/etc/ssh/sshd_config.d/50-cloud-init.conf");
  g_assert_cmpuint (config->password_authentication.line, ==, 1);
  g_assert_cmpstr (config->kbd_interactive_authentication.value, ==, "no");
  g_assert_cmpstr (config->permit_root_login.value, ==, "prohibit-password");
  g_assert_null (config->permit_root_login.file);
  g_assert_false (antam_sshd_config_allows_root_password (config));
  g_assert_cmpuint (config->ports->len, ==, 1);
  g_assert_cmpuint (g_array_index (config->ports, guint, 0), ==, 22);
  g_assert_cmpuint (config->files->len, ==, 2);
  g_clear_pointer (&config, antam_sshd_config_free);

  /* Without the drop-in, the main file's "no" holds; keyboard-interactive
   * through PAM would still ask for a password if it were on. */
  {
    g_autofree char *drop_in = g_build_filename (root, "etc/ssh/sshd_config.d/50-cloud-init.conf", NULL);
    g_assert_cmpint (g_unlink (drop_in), ==, 0);
  }
  config = read_sshd (root, &error);
  g_assert_no_error (error);
  g_assert_false (antam_sshd_config_allows_password (config));
  g_clear_pointer (&config, antam_sshd_config_free);

  antam_test_write (root, "etc/ssh/sshd_config.d/10-kbd.conf", "KbdInteractiveAuthentication=yes\n");
  config = read_sshd (root, &error);
  g_assert_no_error (error);
  g_assert_true (antam_sshd_config_allows_password (config));
  g_assert_true (antam_sshd_config_password_setting (config) == &config->kbd_interactive_authentication);
  g_clear_pointer (&config, antam_sshd_config_free);

  antam_test_remove_root (root);
}

static void
test_sshd_match_root_ports (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(AntamSshdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  antam_test_write (root, "etc/ssh/sshd_config",
                    "Port 2222\nPort 22\nPermitRootLogin yes\nPasswordAuthentication no\n"
                    "ListenAddress 127.0.0.1\n"
                    "Match Address 10.0.0.0/8\n  PasswordAuthentication yes\n"
                    "Match all\nPermitRootLogin no\n");
  config = read_sshd (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->ports->len, ==, 2);
  g_assert_cmpuint (g_array_index (config->ports, guint, 0), ==, 2222);
  /* A Match block turns passwords on for some: said so. */
  g_assert_true (antam_sshd_config_allows_password (config));
  g_assert_cmpuint (config->match_password.line, ==, 7);
  /* The first PermitRootLogin wins over the one after "Match all". */
  g_assert_true (antam_sshd_config_allows_root_password (config));
  g_assert_true (antam_sshd_config_loopback_only (config));
  g_clear_pointer (&config, antam_sshd_config_free);

  /* An Include that includes itself ends, with a reason. */
  antam_test_write (root, "etc/ssh/sshd_config", "Include /etc/ssh/sshd_config\n");
  config = read_sshd (root, &error);
  g_assert_null (config);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_clear_error (&error);

  antam_test_write_bytes (root, "etc/ssh/sshd_config", "Port 22\0garbage", 15);
  config = read_sshd (root, &error);
  g_assert_null (config);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  unlink_in (root, "etc/ssh/sshd_config");
  config = read_sshd (root, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  antam_test_remove_root (root);
}

/* ---- findings on fixture roots ------------------------------------------- */

/* The disk is not running: the settings make it a risk already, and the
 * part that needs the running computer says so, never "OK". */
static void
test_ssh_on_disk (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-ssh", NULL);
  g_autoptr(GPtrArray) results = scan_network (root, NULL);
  AntamResult *ssh = antam_test_find_result (results, "network-services", "SSH server");
  AntamResult *unseen = antam_test_find_result (results, "network-services", "could not be seen");
  AntamItem *item;

  assert_status (ssh, ANTAM_STATUS_RISK);
  g_assert_cmpstr (ssh->title, ==, "The SSH server starts with the computer and accepts passwords from the network");
  item = antam_test_find_item (ssh, "config", "Password login");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->location, ==, "/etc/ssh/sshd_config.d/50-cloud-init.conf");
  g_assert_nonnull (antam_test_find_item (ssh, "listener", "Port 22 (TCP)"));
  g_assert_cmpuint (count_items (ssh, "listener"), ==, 1);
  g_assert_nonnull (antam_test_find_item (ssh, "service", "ssh.service"));
  g_assert_nonnull (antam_test_find_item (ssh, "deb", "openssh-server"));
  g_assert_cmpint (ssh->remedy, ==, ANTAM_REMEDY_UNINSTALL);
  g_assert_cmpstr (ssh->remedy_target, ==, "openssh-server");
  /* Commands for IT staff only: the plain words have none. */
  g_assert_null (strstr (ssh->remedy_text, "sudo"));
  g_assert_nonnull (strstr (ssh->it_staff, "50-cloud-init.conf, line 1"));
  g_assert_nonnull (strstr (ssh->it_staff, "sudo"));

  assert_status (unseen, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (unseen->summary, "running computer"));
  g_assert_false (any_ok (results));

  antam_test_remove_root (root);
}

static void
test_ssh_firewall (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-ssh", NULL);
  g_autoptr(GPtrArray) blocked = NULL;
  g_autoptr(GPtrArray) allowed = NULL;
  AntamResult *ssh;

  /* ufw on, dropping what no rule lets in. */
  antam_test_write (root, "etc/ufw/ufw.conf", "ENABLED=yes\n");
  antam_test_write (root, "etc/default/ufw", "IPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\n");
  antam_test_write (root, "etc/ufw/user.rules", "*filter\n### RULES ###\nCOMMIT\n");
  blocked = scan_network (root, NULL);
  ssh = antam_test_find_result (blocked, "network-services", "SSH server");
  assert_status (ssh, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (ssh->title, ==, "The SSH server starts with the computer; the firewall blocks it");
  g_assert_nonnull (strstr (antam_test_find_item (ssh, "listener", "Port 22 (TCP)")->detail,
                            "The firewall blocks it"));

  /* "ufw allow ssh" lets it in again. */
  antam_test_write (root, "etc/ufw/user.rules",
                    "*filter\n### RULES ###\n\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n"
                    "-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n\nCOMMIT\n");
  allowed = scan_network (root, NULL);
  ssh = antam_test_find_result (allowed, "network-services", "SSH server");
  assert_status (ssh, ANTAM_STATUS_RISK);
  g_assert_nonnull (strstr (antam_test_find_item (ssh, "listener", "Port 22 (TCP)")->detail,
                            "The firewall lets it in"));

  antam_test_remove_root (root);
}

/* The running computer as a fixture: its socket table says port 22 is
 * open to all; the holder is not known (root's process, read as a
 * user), so it is said to be on the SSH server's port, no more. */
static void
test_ssh_listening (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-ssh", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *ssh;
  AntamItem *item;

  write_proc_net (root, "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21370 1 0 100 0 0 10 0\n");
  results = scan_network (root, NULL);
  ssh = antam_test_find_result (results, "network-services", "SSH server");
  assert_status (ssh, ANTAM_STATUS_RISK);
  g_assert_cmpstr (ssh->title, ==, "The SSH server accepts passwords from the network");
  item = antam_test_find_item (ssh, "listener", "Port 22 (TCP)");
  g_assert_cmpuint (count_items (ssh, "listener"), ==, 1);
  g_assert_nonnull (strstr (item->detail, "could not tell which program"));
  g_assert_nonnull (strstr (item->detail, "administrator's account"));
  g_assert_null (antam_test_find_result (results, "network-services", "could not be seen"));

  antam_test_remove_root (root);
}

static void
test_nothing_open (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* cupsd on loopback only, and nothing else. */
  write_proc_net (root, "   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 22211 1 0 100 0 0 10 0\n");
  results = scan_network (root, NULL);
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  assert_status (result, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "Nothing waits for connections from other computers");

  antam_test_remove_root (root);
}

/* A fake /proc whose processes say who holds which socket. */
static char *
make_proc (const char *root,
           int         pid,
           const char *comm,
           const char *exe,
           const char *inode)
{
  g_autofree char *dir = g_strdup_printf ("proc/%d", pid);
  g_autofree char *comm_path = g_build_filename (dir, "comm", NULL);
  g_autofree char *exe_path = g_build_filename (dir, "exe", NULL);
  g_autofree char *fd_path = g_build_filename (dir, "fd", "3", NULL);
  g_autofree char *cgroup_path = g_build_filename (dir, "cgroup", NULL);
  g_autofree char *comm_line = g_strdup_printf ("%s\n", comm);
  g_autofree char *socket_link = g_strdup_printf ("socket:[%s]", inode);

  antam_test_write (root, comm_path, comm_line);
  antam_test_write (root, cgroup_path, "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app.service\n");
  write_link (root, exe_path, exe);
  write_link (root, fd_path, socket_link);
  return g_build_filename (root, "proc", NULL);
}

static void
test_other_program_named (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *proc = NULL;
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;
  AntamItem *item;

  write_proc_net (root,
                  "   0: 00000000:06A4 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 40001 1 0 100 0 0 10 0\n");
  antam_test_write (root, "proc/net/udp",
                    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                    "  291: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000   106        0 18622 2 0 0\n");
  proc = make_proc (root, 4242, "kdeconnectd", "/usr/lib/x86_64-linux-gnu/libexec/kdeconnectd", "40001");
  /* dpkg lists it under /lib, as before /usr was merged. */
  antam_test_write (root, "var/lib/dpkg/info/kdeconnect:amd64.list",
                    "/.\n/lib/x86_64-linux-gnu/libexec/kdeconnectd\n");
  g_free (make_proc (root, 515, "avahi-daemon", "/usr/sbin/avahi-daemon", "18622"));
  results = scan_network (root, proc);
  result = antam_test_find_result (results, "network-services", "A program waits");
  assert_status (result, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "A program waits for connections from the network: kdeconnectd");
  item = antam_test_find_item (result, "listener", "Port 1700 (TCP)");
  g_assert_nonnull (strstr (item->detail, "Held by kdeconnectd (process 4242, service app.service)"));
  g_assert_cmpstr (item->location, ==, "/usr/lib/x86_64-linux-gnu/libexec/kdeconnectd");
  g_assert_nonnull (strstr (item->detail, "It comes from the package “kdeconnect”."));
  /* avahi, known to hold its socket, is the network's usual business. */
  g_assert_null (antam_test_find_item (result, "listener", "Port 5353 (UDP)"));
  g_assert_cmpstr (result->it_staff != NULL ? "it" : NULL, ==, "it");

  antam_test_remove_root (root);
}

static void
test_samba_usershare (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-samba", NULL);
  g_autoptr(GPtrArray) results = scan_network (root, NULL);
  AntamResult *samba = antam_test_find_result (results, "network-services", "Folder sharing (Samba)");
  AntamItem *item;

  assert_status (samba, ANTAM_STATUS_RISK);
  g_assert_cmpstr (samba->title, ==, "Folder sharing (Samba) starts with the computer and lets anyone on the "
                                     "network in, without a password");
  item = antam_test_find_item (samba, "share", "Tai lieu chung");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->location, ==, "/home/lan/Tài liệu chung");
  g_assert_nonnull (strstr (item->detail, "Shared from the file manager"));
  g_assert_nonnull (strstr (item->detail, "without a password"));
  g_assert_nonnull (strstr (item->detail, "changed and deleted"));
  /* The printers' sections are not folders. */
  g_assert_null (antam_test_find_item (samba, "share", "printers"));
  g_assert_null (antam_test_find_item (samba, "share", "print$"));
  g_assert_cmpint (samba->remedy, ==, ANTAM_REMEDY_UNINSTALL);
  g_assert_cmpstr (samba->remedy_target, ==, "samba");

  antam_test_remove_root (root);
}

static void
test_samba_off (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-samba", NULL);
  g_autoptr(GPtrArray) results = NULL;

  /* The usershare stays, Samba does not start: nobody reaches it. */
  unlink_in (root, "etc/systemd/system/multi-user.target.wants/smbd.service");
  write_proc_net (root, "");
  results = scan_network (root, NULL);
  g_assert_null (antam_test_find_result (results, "network-services", "Samba"));
  assert_status (antam_test_find_result (results, "network-services", NULL), ANTAM_STATUS_OK);
  g_assert_nonnull (antam_test_find_item (g_ptr_array_index (results, 0), "setting",
                                          "Some folders are marked as shared, but Samba, which would share "
                                          "them, is not running."));
  antam_test_remove_root (root);
}

static void
test_nfs_and_printers (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *nfs, *printers;

  antam_test_write (root, "etc/exports", "# /etc/exports\n\"/srv/tai lieu\" *(rw,sync) \\\n  10.0.0.5(ro)\n"
                                         "/srv/phong 192.168.1.0/24(ro)\n");
  antam_test_write (root, "lib/systemd/system/nfs-server.service", "[Unit]\n");
  write_link (root, "etc/systemd/system/multi-user.target.wants/nfs-server.service",
              "/lib/systemd/system/nfs-server.service");
  antam_test_write (root, "etc/cups/cupsd.conf", "LogLevel warn\nPort 631\nListen /run/cups/cups.sock\n");
  antam_test_write (root, "etc/cups/printers.conf", "<Printer Canon>\nShared Yes\n</Printer>\n"
                                                    "<Printer HP>\nShared No\n</Printer>\n");
  results = scan_network (root, NULL);

  nfs = antam_test_find_result (results, "network-services", "Folder sharing (NFS)");
  assert_status (nfs, ANTAM_STATUS_RISK);
  g_assert_nonnull (strstr (antam_test_find_item (nfs, "share", "/srv/tai lieu")->detail, "Any computer"));
  g_assert_nonnull (strstr (antam_test_find_item (nfs, "share", "/srv/phong")->detail, "192.168.1.0/24"));
  printers = antam_test_find_result (results, "network-services", "Printer sharing");
  assert_status (printers, ANTAM_STATUS_WARNING);
  g_assert_nonnull (antam_test_find_item (printers, "share", "Canon"));
  g_assert_null (antam_test_find_item (printers, "share", "HP"));

  /* Back to cups' default: localhost only. */
  antam_test_write (root, "etc/cups/cupsd.conf", "Listen localhost:631\nListen /run/cups/cups.sock\n");
  g_clear_pointer (&results, g_ptr_array_unref);
  results = scan_network (root, NULL);
  g_assert_null (antam_test_find_result (results, "network-services", "Printer sharing"));

  antam_test_remove_root (root);
}

static void
test_gnome_remote_desktop (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-grd", NULL);
  g_autoptr(GPtrArray) results = scan_network (root, NULL);
  AntamResult *grd = antam_test_find_result (results, "network-services", "GNOME Remote Desktop");

  assert_status (grd, ANTAM_STATUS_RISK);
  g_assert_cmpint (grd->remedy, ==, ANTAM_REMEDY_SETTING);
  g_assert_cmpstr (grd->remedy_target, ==, "sharing");

  /* Turned off in Settings: the service stays enabled, the key is off. */
  unlink_in (root, "home/lan/.config/systemd/user/gnome-session.target.wants/"
                                        "gnome-remote-desktop.service");
  g_clear_pointer (&results, g_ptr_array_unref);
  results = scan_network (root, NULL);
  g_assert_null (antam_test_find_result (results, "network-services", "GNOME Remote Desktop"));

  antam_test_remove_root (root);
}

static void
test_remote_support (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *proc = NULL;
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *anydesk;

  write_proc_net (root, "");
  proc = make_proc (root, 777, "anydesk", "/usr/bin/anydesk", "1");
  results = scan_network (root, proc);
  anydesk = antam_test_find_result (results, "network-services", "AnyDesk");
  assert_status (anydesk, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (anydesk->title, ==, "AnyDesk is running: it lets people control this computer from afar");
  g_assert_nonnull (strstr (anydesk->summary, "firewall does not keep"));
  g_assert_cmpint (anydesk->remedy, ==, ANTAM_REMEDY_UNINSTALL);
  g_assert_cmpstr (anydesk->remedy_target, ==, "anydesk");

  antam_test_remove_root (root);
}

/* An agency adds a remote-support app of its own: named the same way. */
static void
test_remote_support_from_agency (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autoptr(GPtrArray) results = NULL;

  antam_test_write (root, "etc/antam/rules.d/20-rustdesk.json",
                    "{\"schema\": \"antam.rules/1\", \"apps\": [{\"id\": \"rustdesk\", \"name\": \"RustDesk\", "
                    "\"category\": \"remote-support\", \"severity\": \"risk\", \"remedy\": \"guide\", "
                    "\"why\": {\"vi\": \"Phần mềm điều khiển từ xa.\", \"en\": \"Remote-control software.\"}, "
                    "\"footprints\": {\"services\": [\"rustdesk.service\"]}}]}");
  antam_test_write (root, "lib/systemd/system/rustdesk.service", "[Unit]\n");
  write_link (root, "etc/systemd/system/multi-user.target.wants/rustdesk.service",
              "/lib/systemd/system/rustdesk.service");
  results = scan_network (root, NULL);
  assert_status (antam_test_find_result (results, "network-services", "RustDesk starts with the computer"),
                 ANTAM_STATUS_RISK);

  /* A category the rules do not know is refused, naming the field. */
  {
    g_autoptr(AntamRules) rules = antam_rules_new ();
    g_autoptr(GError) error = NULL;
    const char *bad = "{\"schema\": \"antam.rules/1\", \"apps\": [{\"id\": \"x\", \"name\": \"X\", "
                      "\"category\": \"remote\", \"severity\": \"risk\", "
                      "\"why\": {\"vi\": \"a\", \"en\": \"a\"}, \"footprints\": {}}]}";

    g_assert_false (antam_rules_add_file (rules, "bad.json", bad, strlen (bad), &error));
    g_assert_nonnull (strstr (error->message, "category"));
  }
  antam_test_remove_root (root);
}

/* ---- the firewall's ports ------------------------------------------------ */

static void
test_firewall_ports (void)
{
  g_autofree char *root = antam_test_make_root ("base", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamFirewallPorts) ports = NULL;

  antam_test_write (root, "etc/ufw/ufw.conf", "ENABLED=yes\n");
  antam_test_write (root, "etc/default/ufw", "DEFAULT_INPUT_POLICY=\"DROP\"\n");
  antam_test_write (root, "etc/ufw/before.rules",
                    "# allow dhcp client to work\n-A ufw-before-input -p udp --sport 67 --dport 68 -j ACCEPT\n"
                    "-A ufw-before-input -p udp -d 224.0.0.251 --dport 5353 -j ACCEPT\n");
  antam_test_write (root, "etc/ufw/user.rules",
                    "### tuple ### deny tcp 3389 0.0.0.0/0 any 0.0.0.0/0 in\n"
                    "### tuple ### allow any 3000:3010 0.0.0.0/0 any 192.168.1.0/24 in\n"
                    "### tuple ### limit tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in\n"
                    "### tuple ### allow tcp 80,443 0.0.0.0/0 any 0.0.0.0/0 in\n"
                    "### tuple ### allow tcp 9000 0.0.0.0/0 any 0.0.0.0/0 out\n");
  sysroot = antam_sysroot_new (root, home, NULL);
  ports = antam_firewall_ports_read (sysroot);
  g_assert_cmpint (antam_firewall_ports_get_state (ports), ==, ANTAM_FIREWALL_ON);
  g_assert_cmpstr (antam_firewall_ports_get_name (ports), ==, "ufw");
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 22), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 443), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "udp", 3005), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 3389), ==, ANTAM_PORT_BLOCKED);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 9000), ==, ANTAM_PORT_BLOCKED);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "udp", 68), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "udp", 5353), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 5353), ==, ANTAM_PORT_BLOCKED);
  g_clear_pointer (&ports, antam_firewall_ports_free);

  /* A policy that accepts all lets every port in. */
  antam_test_write (root, "etc/default/ufw", "DEFAULT_INPUT_POLICY=\"ACCEPT\"\n");
  ports = antam_firewall_ports_read (sysroot);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 8080), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 3389), ==, ANTAM_PORT_BLOCKED);
  g_clear_pointer (&ports, antam_firewall_ports_free);

  /* firewalld: Fedora Workstation's zone lets every high port in. */
  unlink_in (root, "etc/ufw/ufw.conf");
  antam_test_write (root, "etc/firewalld/firewalld.conf", "DefaultZone=FedoraWorkstation\n");
  antam_test_write (root, "lib/systemd/system/firewalld.service", "[Unit]\n");
  write_link (root, "etc/systemd/system/multi-user.target.wants/firewalld.service",
              "/lib/systemd/system/firewalld.service");
  antam_test_write (root, "usr/lib/firewalld/zones/FedoraWorkstation.xml",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n  <short>Fedora Workstation</short>\n"
                    "  <service name=\"dhcpv6-client\"/>\n  <service name=\"ssh\"/>\n"
                    "  <port protocol=\"udp\" port=\"1025-65535\"/>\n  <port protocol=\"tcp\" port=\"1025-65535\"/>\n"
                    "  <rule family=\"ipv4\"><port protocol=\"tcp\" port=\"23\"/><accept/></rule>\n</zone>\n");
  antam_test_write (root, "usr/lib/firewalld/services/ssh.xml",
                    "<?xml version=\"1.0\"?>\n<service><short>SSH</short><port protocol=\"tcp\" port=\"22\"/></service>\n");
  antam_test_write (root, "usr/lib/firewalld/services/dhcpv6-client.xml",
                    "<?xml version=\"1.0\"?>\n<service><port protocol=\"udp\" port=\"546\"/></service>\n");
  ports = antam_firewall_ports_read (sysroot);
  g_assert_cmpstr (antam_firewall_ports_get_name (ports), ==, "firewalld");
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 22), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 5900), ==, ANTAM_PORT_OPEN);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 445), ==, ANTAM_PORT_BLOCKED);
  /* A rich rule's port is let in on conditions: not counted as open. */
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 23), ==, ANTAM_PORT_BLOCKED);
  g_clear_pointer (&ports, antam_firewall_ports_free);

  /* A zone file that cannot be found says nothing port by port. */
  antam_test_write (root, "etc/firewalld/firewalld.conf", "DefaultZone=missing\n");
  ports = antam_firewall_ports_read (sysroot);
  g_assert_cmpint (antam_firewall_ports_lookup (ports, "tcp", 22), ==, ANTAM_PORT_NOT_KNOWN);

  antam_test_remove_root (root);
}

/* ---- the guided removal --------------------------------------------------- */

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AntamRemovalOutcome **outcome = user_data;
  g_autoptr(GError) error = NULL;

  *outcome = antam_removal_run_finish (result, &error);
  g_assert_no_error (error);
}

/* The SSH server found on (a copy of) a disk goes through Zoom's plan:
 * exactly the package, and the re-check no longer finds it. */
static void
test_remove_ssh_server (void)
{
  g_autofree char *root = antam_test_make_root ("base", "doors-ssh", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, NULL);
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AntamRemovalPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  AntamRemovalOutcome *outcome = NULL;
  AntamRemovalStep *step;

  results = antam_removal_scan_app (sysroot, "openssh-server", &rules, NULL, &error);
  g_assert_no_error (error);
  plan = antam_removal_plan_new (sysroot, antam_rules_lookup (rules, "openssh-server"), results, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (antam_removal_plan_get_n_steps (plan), ==, 1);
  step = antam_removal_plan_get_step (plan, 0);
  g_assert_cmpint (step->action, ==, ANTAM_REMOVAL_REMOVE_PACKAGE);
  g_assert_cmpstr (step->target, ==, "openssh-server");

  antam_removal_run_async (plan, NULL, NULL, NULL, NULL, on_removed, &outcome);
  while (outcome == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (outcome->complete);
  {
    g_autofree char *sshd = antam_test_root_path (root, "usr/sbin/sshd");
    g_assert_false (g_file_test (sshd, G_FILE_TEST_EXISTS));
  }
  antam_removal_outcome_free (outcome);

  /* Removed: no finding about it, whatever the dangling boot link says. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = scan_network (root, NULL);
  g_assert_null (antam_test_find_result (results, "network-services", "SSH server"));

  antam_test_remove_root (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/network/tables/parse", test_parse_tables);
  g_test_add_func ("/network/live/loopback", test_live_loopback);
  g_test_add_func ("/network/live/namespace", test_live_namespace);
  g_test_add_func ("/network/live/not-here", test_live_not_here);
  g_test_add_func ("/network/sshd/drop-in-wins", test_sshd_drop_in_wins);
  g_test_add_func ("/network/sshd/match-root-ports", test_sshd_match_root_ports);
  g_test_add_func ("/network/ssh/on-disk", test_ssh_on_disk);
  g_test_add_func ("/network/ssh/firewall", test_ssh_firewall);
  g_test_add_func ("/network/ssh/listening", test_ssh_listening);
  g_test_add_func ("/network/nothing-open", test_nothing_open);
  g_test_add_func ("/network/other-program", test_other_program_named);
  g_test_add_func ("/network/samba/usershare", test_samba_usershare);
  g_test_add_func ("/network/samba/off", test_samba_off);
  g_test_add_func ("/network/nfs-printers", test_nfs_and_printers);
  g_test_add_func ("/network/gnome-remote-desktop", test_gnome_remote_desktop);
  g_test_add_func ("/network/remote-support", test_remote_support);
  g_test_add_func ("/network/remote-support/agency", test_remote_support_from_agency);
  g_test_add_func ("/network/firewall-ports", test_firewall_ports);
  g_test_add_func ("/network/remove-ssh-server", test_remove_ssh_server);

  return g_test_run ();
}
