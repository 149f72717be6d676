/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "checks/antam-network-private.h"
#include "checks/antam-network-services-private.h"

/* network-services: the folders and printers this computer shares.  A
 * share is only a door when the program serving it runs (or starts at
 * boot): a usershare left behind with Samba turned off reaches nobody. */

static const char * const samba_programs[] = { "smbd", "nmbd", "samba", NULL };
static const char * const samba_units[] = { "smbd.service", "smb.service", "nmbd.service", "nmb.service",
                                            "samba-ad-dc.service", NULL };
static const char * const nfs_programs[] = { "rpc.mountd", "rpcbind", "rpc.statd", NULL };
static const char * const nfs_units[] = { "nfs-server.service", "nfs-kernel-server.service", NULL };
static const char * const cups_programs[] = { "cupsd", NULL };

/* The program's own sockets, then, when a unit starts it, the sockets on
 * its ports whose holder could not be told. */
static GPtrArray *
claim (NetworkScan        *scan,
       const char * const *programs,
       gboolean            on,
       const guint        *tcp_ports,
       const guint        *udp_ports)
{
  GPtrArray *mine = antam_network_claim_listeners (scan, programs, NULL, 1, 0);

  for (guint i = 0; on && tcp_ports[i] != 0; i++)
    {
      g_autoptr(GPtrArray) more = antam_network_claim_listeners (scan, NULL, "tcp", tcp_ports[i], tcp_ports[i]);
      g_ptr_array_extend (mine, more, NULL, NULL);
    }
  for (guint i = 0; on && udp_ports[i] != 0; i++)
    {
      g_autoptr(GPtrArray) more = antam_network_claim_listeners (scan, NULL, "udp", udp_ports[i], udp_ports[i]);
      g_ptr_array_extend (mine, more, NULL, NULL);
    }
  return mine;
}

static void
add_share_item (AntamResult *result,
                AntamShare  *share)
{
  AntamItem *item = antam_result_add_item (result, "share", share->name, share->path);
  g_autoptr(GString) detail = g_string_new (NULL);

  if (share->kind == ANTAM_SHARE_SAMBA_USERSHARE)
    g_string_append (detail, _("Shared from the file manager."));
  else if (share->kind == ANTAM_SHARE_PRINTER)
    g_string_append (detail, _("A printer others may print on."));
  if (detail->len > 0)
    g_string_append_c (detail, ' ');
  if (share->kind == ANTAM_SHARE_NFS && share->guest)
    g_string_append (detail, _("Any computer on the network may open it; NFS asks no password."));
  else if (share->kind == ANTAM_SHARE_NFS)
    /* TRANSLATORS: %s lists computers or networks, e.g. 192.168.1.0/24 */
    g_string_append_printf (detail, _("These computers may open it without a password: %s."), share->clients);
  else if (share->guest)
    g_string_append (detail, _("Anyone on the network may open it, without a password."));
  else if (share->kind != ANTAM_SHARE_PRINTER)
    g_string_append (detail, _("Opened with an account's name and password."));
  if (share->writable)
    g_string_append_printf (detail, " %s", _("Files in it can be changed and deleted."));
  item->detail = g_string_free (g_steal_pointer (&detail), FALSE);
}

static void
add_read_error (AntamResult  *result,
                const GError *error)
{
  AntamItem *item = antam_result_add_item (result, "error", _("Some sharing settings could not be read"), NULL);

  item->detail = g_strdup (error->message);
}

static gboolean
any_guest (GPtrArray *shares)
{
  for (guint i = 0; shares != NULL && i < shares->len; i++)
    if (((AntamShare *) g_ptr_array_index (shares, i))->guest)
      return TRUE;
  return FALSE;
}

/* The titles every share kind has: which is worse, a share for anyone or
 * one behind a password, reached or blocked, is said in the same words. */
static void
set_sharing_title (AntamResult  *result,
                   const char   *what,
                   NetworkReach  reach,
                   gboolean      for_anyone,
                   gboolean      live)
{
  g_free (result->title);
  result->status = ANTAM_STATUS_WARNING;
  if (reach == NETWORK_REACH_NONE)
    /* TRANSLATORS: %s is a kind of sharing, e.g. “Folder sharing (Samba)” */
    result->title = g_strdup_printf (_("%s starts with the computer, but other computers cannot reach it now"), what);
  else if (reach == NETWORK_REACH_BLOCKED)
    result->title = g_strdup_printf (_("%s is on, but the firewall blocks it"), what);
  else if (for_anyone)
    {
      result->status = ANTAM_STATUS_RISK;
      result->title = live ? g_strdup_printf (_("%s lets anyone on the network in, without a password"), what)
                           : g_strdup_printf (_("%s starts with the computer and lets anyone on the network in, "
                                                "without a password"), what);
    }
  else
    result->title = live ? g_strdup_printf (_("%s can be reached from the network"), what)
                         : g_strdup_printf (_("%s starts with the computer and can be reached from the network"),
                                            what);
}

static void
check_samba (NetworkScan *scan)
{
  static const guint tcp_ports[] = { 445, 139, 0 };
  static const guint udp_ports[] = { 137, 138, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) usershares_error = NULL;
  g_autoptr(GPtrArray) shares = antam_samba_read_shares (scan->sysroot, &usershares_error, &error);
  g_autoptr(GPtrArray) listeners = NULL;
  g_autofree char *unit = NULL;
  gboolean enabled = antam_network_unit_enabled (scan->sysroot, samba_units, &unit);
  NetworkReach reach;
  AntamResult *result;

  listeners = claim (scan, samba_programs, enabled, tcp_ports, udp_ports);
  if (!enabled && listeners->len == 0)
    {
      if (shares != NULL && shares->len > 0)
        g_ptr_array_add (scan->quiet, g_strdup (_("Some folders are marked as shared, but Samba, which would "
                                                  "share them, is not running.")));
      return;
    }

  result = antam_network_result_new (scan, ANTAM_STATUS_WARNING, NULL,
                                     _("A shared folder can be opened from other computers: what is in it "
                                       "leaves this computer without anyone sending it. Shared without a "
                                       "password, anyone on the same network can read it, or change it."));
  reach = antam_network_add_reach (scan, result, listeners, tcp_ports);
  set_sharing_title (result, _("Folder sharing (Samba)"), reach, any_guest (shares), scan->listeners != NULL);
  for (guint i = 0; shares != NULL && i < shares->len; i++)
    add_share_item (result, g_ptr_array_index (shares, i));
  if (shares == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    add_read_error (result, error);
  if (usershares_error != NULL)
    add_read_error (result, usershares_error);
  if (unit != NULL)
    antam_network_add_unit_item (result, unit);
  antam_network_set_remedy (scan, result, "samba",
                            _("Share documents through your agency's shared storage instead. To stop sharing a "
                              "folder, open the file manager, right-click the folder, choose Sharing Options "
                              "and untick “Share this folder”. If nothing needs to be shared, remove Samba."),
                            C_("it-staff", "List the shares: net usershare info and testparm -s. Remove one: "
                                           "net usershare delete NAME, or its section in "
                                           "/etc/samba/smb.conf. Stop Samba: sudo systemctl disable --now "
                                           "smbd nmbd, or remove it: sudo apt purge samba. Never set "
                                           "“guest ok = yes”."));
}

static void
check_nfs (NetworkScan *scan)
{
  static const guint tcp_ports[] = { 2049, 0 };
  static const guint udp_ports[] = { 2049, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exports = antam_nfs_read_exports (scan->sysroot, &error);
  g_autoptr(GPtrArray) listeners = NULL;
  g_autofree char *unit = NULL;
  gboolean on = antam_network_unit_enabled (scan->sysroot, nfs_units, &unit);
  NetworkReach reach;
  AntamResult *result;

  /* nfsd's sockets are the kernel's own: no program holds them. */
  for (guint i = 0; !on && exports != NULL && exports->len > 0 && scan->listeners != NULL &&
                    i < scan->listeners->len; i++)
    {
      AntamListener *listener = g_ptr_array_index (scan->listeners, i);

      on = listener->port == 2049 && listener->inode == 0 && !listener->loopback;
    }
  if (!on)
    return;
  listeners = claim (scan, nfs_programs, TRUE, tcp_ports, udp_ports);

  result = antam_network_result_new (scan, ANTAM_STATUS_WARNING, NULL,
                                     _("An NFS share lets other computers open folders of this one without "
                                       "any password: the computers it names are trusted blindly."));
  reach = antam_network_add_reach (scan, result, listeners, tcp_ports);
  set_sharing_title (result, _("Folder sharing (NFS)"), reach, any_guest (exports), scan->listeners != NULL);
  for (guint i = 0; exports != NULL && i < exports->len; i++)
    add_share_item (result, g_ptr_array_index (exports, i));
  if (exports == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    add_read_error (result, error);
  if (unit != NULL)
    antam_network_add_unit_item (result, unit);
  antam_network_set_remedy (scan, result, "nfs-server",
                            _("An officer's computer should not share folders over NFS: ask your IT staff to "
                              "turn the NFS server off and to use the agency's shared storage."),
                            C_("it-staff", "Empty /etc/exports and /etc/exports.d, run sudo exportfs -ra, then "
                                           "sudo systemctl disable --now nfs-server; or remove it: sudo apt "
                                           "purge nfs-kernel-server."));
}

static void
check_printers (NetworkScan *scan)
{
  static const guint tcp_ports[] = { 631, 0 };
  static const guint no_ports[] = { 0 };
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GPtrArray) listeners = NULL;
  gboolean configured = FALSE;
  NetworkReach reach;
  AntamResult *result;

  printers = antam_cups_read_shared (scan->sysroot, &configured, NULL);
  if (printers == NULL)
    return;
  listeners = claim (scan, cups_programs, configured, tcp_ports, no_ports);
  if (!configured && listeners->len == 0)
    return;

  result = antam_network_result_new (scan, ANTAM_STATUS_WARNING, NULL,
                                     _("With printer sharing on, other computers can send print jobs to this "
                                       "one and reach its printing service, which has had serious flaws."));
  reach = antam_network_add_reach (scan, result, listeners, tcp_ports);
  set_sharing_title (result, _("Printer sharing"), reach, FALSE, scan->listeners != NULL);
  for (guint i = 0; i < printers->len; i++)
    add_share_item (result, g_ptr_array_index (printers, i));
  antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL,
                           _("If other computers do not print through this one, ask your IT staff to turn "
                             "printer sharing off."));
  antam_result_set_it_staff (result, C_("it-staff", "sudo cupsctl --no-share-printers, and for each printer: "
                                                    "sudo lpadmin -p PRINTER -o printer-is-shared=false."));
}

void
antam_network_check_shares (NetworkScan *scan)
{
  check_samba (scan);
  check_nfs (scan);
  check_printers (scan);
}
