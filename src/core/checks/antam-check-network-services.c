/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-network-private.h"
#include "checks/antam-network-services-private.h"
#include "inventory/antam-gvdb.h"

/* The ways into this computer from the network.  Two parts: what the
 * running computer does now (the sockets that wait for connections, and
 * who holds them), and what its configuration makes it do when it starts
 * (the SSH server's settings, the services started at boot, the shares).
 * A disk that is not running, and a Flatpak sandbox, have the second part
 * only, and a result says so instead of "nothing is open". */

#define MAX_DCONF_SIZE (16 * 1024 * 1024)
#define MAX_DPKG_LIST_SIZE (16 * 1024 * 1024)
#define MAX_NAMES_IN_TITLE 3

/* What a desktop needs to be on a network at all: an address (DHCP),
 * names of the local network's printers and computers (mDNS, LLMNR).
 * They wait for answers, not for logins; called usual only when the
 * program holding the socket is known. */
static const char * const usual_programs[] = {
  "NetworkManager", "dhclient", "dhcpcd", "systemd-networkd", "avahi-daemon",
  "systemd-resolved", "systemd-resolve", NULL,
};

static const char * const ssh_programs[] = { "sshd", NULL };
static const char * const ssh_units[] = { "ssh.service", "sshd.service", "ssh.socket", "sshd.socket", NULL };
static const char * const x11vnc_programs[] = { "x11vnc", NULL };
static const char * const x11vnc_units[] = { "x11vnc.service", NULL };
static const char * const tigervnc_programs[] = { "Xtigervnc", "Xvnc", "x0vncserver", "x0tigervncserver", NULL };
static const char * const tigervnc_units[] = { "tigervncserver@", "vncserver@", NULL };
static const char * const xrdp_programs[] = { "xrdp", "xrdp-sesman", NULL };
static const char * const xrdp_units[] = { "xrdp.service", NULL };
static const char * const grd_programs[] = { "gnome-remote-desktop-daemon", NULL };
static const char * const grd_units[] = { "gnome-remote-desktop.service", NULL };

typedef struct {
  const char *(*name) (void);
  const char *rule_id;
  const char * const *programs;
  const char * const *units;
  guint low_port, high_port;
} DesktopServer;

static const char *
ssh_name (void)
{
  return _("The SSH server");
}

static const char *
x11vnc_name (void)
{
  return _("Screen sharing with x11vnc");
}

static const char *
tigervnc_name (void)
{
  return _("The TigerVNC remote desktop");
}

static const char *
xrdp_name (void)
{
  return _("Remote Desktop (xrdp)");
}

static const char *
grd_name (void)
{
  return _("GNOME Remote Desktop");
}

/* They differ only in their names and ports: all let a person in with a
 * password, none with a key. */
static const DesktopServer desktop_servers[] = {
  { x11vnc_name, "x11vnc", x11vnc_programs, x11vnc_units, 5900, 5999 },
  { tigervnc_name, "tigervnc", tigervnc_programs, tigervnc_units, 5900, 5999 },
  { xrdp_name, "xrdp", xrdp_programs, xrdp_units, 3389, 3389 },
};

/* The title and status remote-access servers share.  Reachable with a
 * password is the letters' "control taken from afar": a risk. */
static void
set_remote_access_title (AntamResult  *result,
                         const char   *name,
                         NetworkReach  reach,
                         gboolean      live,
                         gboolean      passwords)
{
  g_free (result->title);
  result->status = ANTAM_STATUS_WARNING;
  if (reach == NETWORK_REACH_NONE)
    /* TRANSLATORS: %s is a service, e.g. “The SSH server” */
    result->title = g_strdup_printf (_("%s starts with the computer, but other computers cannot reach it now"), name);
  else if (reach == NETWORK_REACH_BLOCKED)
    result->title = live ? g_strdup_printf (_("%s is on, but the firewall blocks it"), name)
                         : g_strdup_printf (_("%s starts with the computer; the firewall blocks it"), name);
  else if (passwords)
    {
      result->status = ANTAM_STATUS_RISK;
      result->title = live ? g_strdup_printf (_("%s accepts passwords from the network"), name)
                           : g_strdup_printf (_("%s starts with the computer and accepts passwords from the network"),
                                              name);
    }
  else
    result->title = live ? g_strdup_printf (_("%s can be reached from the network"), name)
                         : g_strdup_printf (_("%s starts with the computer and can be reached from the network"),
                                            name);
}

/* ---- the SSH server ------------------------------------------------------ */

static void
add_ssh_settings (AntamResult     *result,
                  AntamSshdConfig *config,
                  GString         *it_staff)
{
  const AntamSshdSetting *setting = antam_sshd_config_password_setting (config);
  gboolean passwords = antam_sshd_config_allows_password (config);
  AntamItem *item = antam_result_add_item (result, "config", _("Password login"), setting->file);

  item->detail = g_strdup (passwords
                             ? _("Allowed: anyone who knows or guesses an account's password can log in.")
                             : _("Not allowed: only someone holding a key set up on this computer can log in."));
  if (antam_sshd_config_allows_root_password (config))
    {
      item = antam_result_add_item (result, "config", _("Administrator (root) login"),
                                    config->permit_root_login.file);
      item->detail = g_strdup (_("Allowed with a password: whoever guesses it controls the whole computer."));
    }

  if (passwords && setting->file != NULL)
    /* TRANSLATORS: a setting's name, its value, a file and a line number */
    g_string_append_printf (it_staff, C_("it-staff", "%s is “%s” in %s, line %u (sshd uses the first value "
                                                     "it reads). "),
                            setting == &config->match_password ? "PasswordAuthentication (Match)"
                              : setting == &config->password_authentication ? "PasswordAuthentication"
                                                                             : "KbdInteractiveAuthentication",
                            setting->value, setting->file, setting->line);
  else if (passwords)
    g_string_append (it_staff, C_("it-staff", "No file sets PasswordAuthentication, and sshd's default is yes. "));
}

static void
check_ssh (NetworkScan *scan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSshdConfig) config = antam_sshd_config_read (scan->sysroot, &error);
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GString) it_staff = g_string_new (NULL);
  const AntamAppRule *rule = antam_rules_lookup (scan->rules, "openssh-server");
  g_autofree char *unit = NULL;
  gboolean enabled = antam_network_unit_enabled (scan->sysroot, ssh_units, &unit);
  gboolean live = scan->listeners != NULL;
  NetworkReach reach = NETWORK_REACH_NONE;
  AntamResult *result;
  guint port = config && config->ports->len > 0 ? g_array_index (config->ports, guint, 0) : 22;

  listeners = antam_network_claim_listeners (scan, ssh_programs, "tcp", enabled ? port : 1, enabled ? port : 0);
  if (!enabled && listeners->len == 0)
    {
      if (antam_network_listens_locally (scan, ssh_programs))
        g_ptr_array_add (scan->quiet, g_strdup (_("The SSH server runs, for this computer only.")));
      return;
    }
  if (listeners->len == 0 && config != NULL && antam_sshd_config_loopback_only (config))
    {
      g_ptr_array_add (scan->quiet, g_strdup (_("The SSH server is set to be reached from this computer only.")));
      return;
    }

  result = antam_network_result_new (scan, ANTAM_STATUS_WARNING, NULL,
                                     rule ? antam_app_rule_why (rule)
                                          : _("An SSH server lets someone log in to this computer from "
                                              "another one and control it with commands."));
  {
    g_autoptr(GArray) ports = g_array_new (TRUE, TRUE, sizeof (guint));
    guint default_port = 22;

    if (config != NULL)
      g_array_append_vals (ports, config->ports->data, config->ports->len);
    else
      g_array_append_val (ports, default_port);
    reach = antam_network_add_reach (scan, result, listeners, (const guint *) ports->data);
  }
  /* Whether it takes passwords is said only when its settings were read. */
  set_remote_access_title (result, ssh_name (), reach, live,
                           config != NULL && antam_sshd_config_allows_password (config));
  if (unit != NULL)
    antam_network_add_unit_item (result, unit);

  if (config != NULL)
    add_ssh_settings (result, config, it_staff);
  else
    {
      AntamItem *item = antam_result_add_item (result, "error", _("The SSH server's settings could not be read"),
                                               NULL);
      item->detail = g_strdup (error->message);
    }

  g_string_append (it_staff, C_("it-staff", "To remove it: sudo apt purge openssh-server (Fedora: sudo dnf "
                                            "remove openssh-server); to stop it: sudo systemctl disable --now "
                                            "ssh.service ssh.socket. To keep it: put “PasswordAuthentication "
                                            "no”, “KbdInteractiveAuthentication no” and “PermitRootLogin no” in "
                                            "/etc/ssh/sshd_config.d/00-local.conf, check with sudo sshd -T, "
                                            "reload with sudo systemctl reload ssh, and let port 22 in only "
                                            "from the office network: sudo ufw allow from 192.168.1.0/24 to "
                                            "any port 22 proto tcp."));
  antam_network_set_remedy (scan, result, "openssh-server",
                            _("If nobody needs to log in to this computer from another one, remove the SSH "
                              "server. If your IT staff need it, ask them to allow key login only, and only "
                              "from the office network."),
                            it_staff->str);
}

/* ---- remote desktops ---------------------------------------------------- */

static void
check_desktop_server (NetworkScan         *scan,
                      const DesktopServer *server)
{
  g_autoptr(GPtrArray) listeners = NULL;
  const AntamAppRule *rule = antam_rules_lookup (scan->rules, server->rule_id);
  g_autofree char *unit = NULL;
  gboolean enabled = antam_network_unit_enabled (scan->sysroot, server->units, &unit);
  gboolean live = scan->listeners != NULL;
  NetworkReach reach = NETWORK_REACH_NONE;
  AntamResult *result;

  listeners = antam_network_claim_listeners (scan, server->programs, "tcp",
                                             enabled ? server->low_port : 1, enabled ? server->high_port : 0);
  if (!enabled && listeners->len == 0)
    return;

  result = antam_network_result_new (scan, ANTAM_STATUS_WARNING, NULL,
                                     rule ? antam_app_rule_why (rule)
                                          : _("A remote desktop lets someone see and control this computer's "
                                              "screen from another one."));
  {
    const guint ports[] = { server->low_port, 0 };
    reach = antam_network_add_reach (scan, result, listeners, ports);
  }
  set_remote_access_title (result, server->name (), reach, live, TRUE);
  if (unit != NULL)
    antam_network_add_unit_item (result, unit);

  antam_network_set_remedy (scan, result, server->rule_id,
                            _("If nobody needs to control this computer from afar, remove it. If your IT staff "
                              "need it, ask them to let in only the office network."),
                            C_("it-staff", "To stop it: sudo systemctl disable --now with the service named "
                                           "above, or remove its package. To keep it, let its port in only "
                                           "from the office network, e.g. sudo ufw allow from "
                                           "192.168.1.0/24 to any port 3389 proto tcp."));
}

/* GNOME's own: Settings → Sharing → Remote Desktop turns the key on and
 * enables the user's gnome-remote-desktop service; GNOME 46's remote
 * login is the system's service. */
static gboolean
grd_turned_on_by_user (NetworkScan *scan)
{
  static const char * const keys[] = {
    "/org/gnome/desktop/remote-desktop/rdp/enable", "/org/gnome/desktop/remote-desktop/vnc/enable",
  };
  g_autofree char *db_path = g_build_filename (antam_sysroot_get_config_home (scan->sysroot), "dconf", "user", NULL);
  g_autofree char *units_dir = g_build_filename (antam_sysroot_get_config_home (scan->sysroot), "systemd", "user",
                                                 NULL);
  g_autoptr(GPtrArray) targets = antam_sysroot_list_dir (scan->sysroot, units_dir, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(AntamGvdb) db = NULL;
  gboolean key_on = FALSE, unit_on = FALSE;
  gsize length = 0;

  for (guint i = 0; targets != NULL && i < targets->len && !unit_on; i++)
    {
      const char *name = g_ptr_array_index (targets, i);
      g_autofree char *link = g_strdup_printf ("%s/%s/gnome-remote-desktop.service", units_dir, name);

      unit_on = g_str_has_suffix (name, ".wants") && antam_sysroot_exists (scan->sysroot, link);
    }
  if (!unit_on ||
      !antam_sysroot_read_file (scan->sysroot, db_path, MAX_DCONF_SIZE, &contents, &length, NULL))
    return FALSE;
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
    db = antam_gvdb_new (bytes, NULL);
  }
  for (guint k = 0; db != NULL && k < G_N_ELEMENTS (keys) && !key_on; k++)
    {
      g_autoptr(GVariant) value = antam_gvdb_get_value (db, keys[k]);

      key_on = value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean (value);
    }
  return key_on;
}

static void
check_gnome_remote_desktop (NetworkScan *scan)
{
  g_autoptr(GPtrArray) listeners = NULL;
  g_autofree char *unit = NULL;
  gboolean system_on = antam_network_unit_enabled (scan->sysroot, grd_units, &unit);
  gboolean on = system_on || grd_turned_on_by_user (scan);
  gboolean live = scan->listeners != NULL;
  NetworkReach reach = NETWORK_REACH_NONE;
  AntamResult *result;

  listeners = antam_network_claim_listeners (scan, grd_programs, "tcp", on ? 3389 : 1, on ? 3389 : 0);
  if (!on && listeners->len == 0)
    return;

  result = antam_network_result_new (scan, ANTAM_STATUS_WARNING, NULL,
                                     _("GNOME Remote Desktop lets someone see and control this computer's "
                                       "screen from another one, with the user name and password set for it."));
  {
    const guint ports[] = { 3389, 0 };
    reach = antam_network_add_reach (scan, result, listeners, ports);
  }
  set_remote_access_title (result, grd_name (), reach, live, TRUE);
  if (unit != NULL)
    antam_network_add_unit_item (result, unit);
  antam_result_set_remedy (result, ANTAM_REMEDY_SETTING, "sharing",
                           _("If nobody needs to control this computer from afar, open Settings, then Sharing, "
                             "and turn Remote Desktop off."));
  antam_result_set_it_staff (result, C_("it-staff", "As the user: gsettings set org.gnome.desktop.remote-desktop.rdp "
                                                    "enable false; systemctl --user disable --now "
                                                    "gnome-remote-desktop.service. Remote login for the whole "
                                                    "computer: sudo grdctl --system rdp disable."));
}

/* ---- remote-support apps ------------------------------------------------- */

static gboolean
rule_process_runs (NetworkScan        *scan,
                   const AntamAppRule *rule)
{
  GPtrArray *processes = antam_scan_context_get (scan->context, ANTAM_SOURCE_PROCESSES, NULL);
  char **names = rule->footprints[ANTAM_FOOTPRINT_PROCESS];

  for (guint i = 0; processes != NULL && names != NULL && i < processes->len; i++)
    {
      AntamProcess *process = g_ptr_array_index (processes, i);
      g_autofree char *exe_base = process->exe ? g_path_get_basename (process->exe) : NULL;

      if (g_strv_contains ((const char * const *) names, process->comm) ||
          (exe_base != NULL && g_strv_contains ((const char * const *) names, exe_base)))
        return TRUE;
    }
  return FALSE;
}

/* AnyDesk, TeamViewer and what an agency adds as "remote-support": they
 * reach out to their company's servers, so a firewall does not keep
 * the other side out. */
static void
check_remote_support (NetworkScan        *scan,
                      const AntamAppRule *rule)
{
  g_autoptr(GPtrArray) listeners = NULL;
  const char * const *programs = (const char * const *) rule->footprints[ANTAM_FOOTPRINT_PROCESS];
  const char * const *units = (const char * const *) rule->footprints[ANTAM_FOOTPRINT_SERVICE];
  g_autofree char *unit = NULL;
  gboolean enabled = units != NULL && antam_network_unit_enabled (scan->sysroot, units, &unit);
  gboolean running = rule_process_runs (scan, rule);
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  AntamResult *result;

  listeners = antam_network_claim_listeners (scan, programs, NULL, 1, 0);
  if (!enabled && !running && listeners->len == 0)
    return;

  /* TRANSLATORS: %s is an app, e.g. AnyDesk */
  title = running || listeners->len > 0
    ? g_strdup_printf (_("%s is running: it lets people control this computer from afar"), rule->name)
    : g_strdup_printf (_("%s starts with the computer: it lets people control this computer from afar"),
                       rule->name);
  summary = g_strdup_printf ("%s %s", antam_app_rule_why (rule),
                             _("It connects through its company's servers, so a firewall does not keep the "
                               "other side out."));
  result = antam_network_result_new (scan, rule->severity, title, summary);
  for (guint i = 0; i < listeners->len; i++)
    antam_network_add_listener_item (scan, result, g_ptr_array_index (listeners, i));
  if (unit != NULL)
    antam_network_add_unit_item (result, unit);
  /* The removal is the risky app's: the same plan, whichever step asks. */
  antam_result_set_remedy (result, rule->remedy, rule->id, antam_app_rule_action (rule));
}

/* ---- everything else that waits for connections -------------------------- */

static void
check_other_programs (NetworkScan *scan,
                      GPtrArray   *usual)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) listed = g_string_new (NULL);
  AntamResult *result;

  for (guint i = 0; scan->listeners != NULL && i < scan->listeners->len; i++)
    {
      AntamListener *listener = g_ptr_array_index (scan->listeners, i);
      g_autofree char *name = NULL;

      if (listener->loopback || g_hash_table_contains (scan->claimed, listener))
        continue;
      if (antam_network_program_is (listener->program, usual_programs))
        {
          g_ptr_array_add (usual, listener);
          continue;
        }
      g_ptr_array_add (others, listener);
      name = listener->program ? g_strdup (listener->program) : antam_network_port_name (listener->protocol, listener->port);
      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }
  if (others->len == 0)
    return;
  antam_network_find_packages (scan, others);

  for (guint i = 0; i < names->len && i < MAX_NAMES_IN_TITLE; i++)
    {
      if (i > 0)
        g_string_append (listed, ", ");
      g_string_append (listed, g_ptr_array_index (names, i));
    }
  if (names->len > MAX_NAMES_IN_TITLE)
    {
      g_string_append_c (listed, ' ');
      /* TRANSLATORS: the end of a list cut short: “a, b, c and 2 more” */
      g_string_append_printf (listed, _("and %u more"), names->len - MAX_NAMES_IN_TITLE);
    }

  {
    /* TRANSLATORS: %s lists programs or ports */
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "A program waits for connections from the network: %s",
                                                           "Programs wait for connections from the network: %s",
                                                           names->len),
                                              listed->str);
    result = antam_network_result_new (scan, ANTAM_STATUS_WARNING, title,
                                       _("Every program that waits for connections from other computers is a "
                                         "door into this one: a flaw in it, or a weak password, lets someone "
                                         "in. A desktop computer needs very few of them."));
  }
  for (guint i = 0; i < others->len; i++)
    antam_network_add_listener_item (scan, result, g_ptr_array_index (others, i));
  antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL,
                           _("Ask your IT staff whether each of these programs is needed. What is not needed "
                             "should be removed or turned off; a firewall keeps the rest from other computers."));
  antam_result_set_it_staff (result, C_("it-staff", "List them with sudo ss -tulpn; see each one's package with "
                                                    "dpkg -S PATH (Fedora: rpm -qf PATH); turn a service off with "
                                                    "sudo systemctl disable --now UNIT; turn the firewall on with "
                                                    "sudo ufw enable."));
}

static gboolean
has_finding (NetworkScan *scan)
{
  for (guint i = scan->first_result; i < scan->results->len; i++)
    if (((AntamResult *) g_ptr_array_index (scan->results, i))->status >= ANTAM_STATUS_WARNING)
      return TRUE;
  return FALSE;
}

/* What needed no warning is said anyway, so that "OK" shows what was looked at. */
static void
add_quiet_items (NetworkScan *scan,
                 AntamResult *result,
                 GPtrArray   *usual)
{
  for (guint i = 0; i < usual->len; i++)
    antam_network_add_listener_item (scan, result, g_ptr_array_index (usual, i));
  for (guint i = 0; i < scan->quiet->len; i++)
    {
      AntamItem *item = antam_result_add_item (result, "setting", g_ptr_array_index (scan->quiet, i), NULL);
      item->detail = g_strdup (_("Other computers cannot reach it."));
    }
}

static void
finish (NetworkScan  *scan,
        const GError *live_error,
        GPtrArray    *usual)
{
  AntamResult *result;

  if (scan->listeners == NULL)
    {
      /* The configuration part stands; the live part is said to be missing. */
      result = antam_network_result_new (scan, ANTAM_STATUS_UNKNOWN,
                                         _("Which programs wait for connections could not be seen"),
                                         live_error ? live_error->message : _("The reason is not known."));
      if (g_error_matches (live_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        {
          g_free (result->summary);
          result->summary = g_strdup_printf ("%s %s", live_error->message,
                                             _("What the settings say about the servers and the shares is "
                                               "above; whether anything else waits for connections can only "
                                               "be checked on the running computer."));
        }
      add_quiet_items (scan, result, usual);
      return;
    }
  if (has_finding (scan))
    return;

  result = antam_network_result_new (scan, ANTAM_STATUS_OK,
                                     usual->len > 0 ? _("Only the usual network functions wait for connections")
                                                    : _("Nothing waits for connections from other computers"),
                                     _("No server, remote desktop or shared folder can be reached from the "
                                       "network: other computers find no door into this one."));
  add_quiet_items (scan, result, usual);
}

void
antam_check_network_services (AntamScanContext *context,
                              GPtrArray        *results)
{
  NetworkScan scan = { 0 };
  const GError *live_error = NULL;
  g_autoptr(GPtrArray) usual = g_ptr_array_new ();

  scan.context = context;
  scan.sysroot = antam_scan_context_get_sysroot (context);
  scan.rules = antam_scan_context_get_rules (context);
  scan.listeners = antam_scan_context_get (context, ANTAM_SOURCE_LISTENERS, &live_error);
  scan.accounts = antam_inventory_read_accounts (scan.sysroot, NULL);
  scan.firewall = antam_firewall_ports_read (scan.sysroot);
  scan.claimed = g_hash_table_new (NULL, NULL);
  scan.quiet = g_ptr_array_new_with_free_func (g_free);
  scan.results = results;
  scan.first_result = results->len;

  check_ssh (&scan);
  for (guint i = 0; i < G_N_ELEMENTS (desktop_servers); i++)
    check_desktop_server (&scan, &desktop_servers[i]);
  check_gnome_remote_desktop (&scan);
  for (guint i = 0; i < scan.rules->apps->len; i++)
    {
      const AntamAppRule *rule = g_ptr_array_index (scan.rules->apps, i);

      if (rule->category == ANTAM_APP_CATEGORY_REMOTE_SUPPORT)
        check_remote_support (&scan, rule);
    }
  antam_network_check_shares (&scan);
  check_other_programs (&scan, usual);
  finish (&scan, live_error, usual);

  g_clear_pointer (&scan.accounts, g_ptr_array_unref);
  g_clear_pointer (&scan.firewall, antam_firewall_ports_free);
  g_clear_pointer (&scan.claimed, g_hash_table_unref);
  g_clear_pointer (&scan.quiet, g_ptr_array_unref);
  g_clear_pointer (&scan.packages, g_hash_table_unref);
}
