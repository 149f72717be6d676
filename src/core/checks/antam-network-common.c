/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-device-private.h"
#include "checks/antam-network-services-private.h"

#define MAX_DPKG_LIST_SIZE (16 * 1024 * 1024)

/* What network-services' findings share: which sockets a service holds,
 * each socket in plain words with whether the firewall lets it in, the
 * units started at boot, and the guided removal of a server's package. */

gboolean
antam_network_program_is (const char         *program,
                          const char * const *names)
{
  for (guint i = 0; program != NULL && names != NULL && names[i] != NULL; i++)
    /* comm is cut at 15 bytes: "gnome-remote-de". */
    if (g_str_equal (program, names[i]) ||
        (strlen (program) == 15 && strncmp (program, names[i], 15) == 0))
      return TRUE;
  return FALSE;
}

AntamResult *
antam_network_result_new (NetworkScan *scan,
                          AntamStatus  status,
                          const char  *title,
                          const char  *summary)
{
  AntamResult *result = antam_result_new (ANTAM_NETWORK_SERVICES_ID, status, title, summary);

  g_ptr_array_add (scan->results, result);
  return result;
}

/**
 * antam_network_claim_listeners:
 * @programs: the programs that hold the service's sockets
 * @low: with @high, the service's ports: a socket there whose holder could
 *   not be told is said to be on the service's port, never to be it
 *
 * Returns: (transfer container): the service's sockets that other
 *   computers may reach, taken out of the "other programs"
 */
GPtrArray *
antam_network_claim_listeners (NetworkScan        *scan,
                               const char * const *programs,
                               const char         *protocol,
                               guint               low,
                               guint               high)
{
  GPtrArray *mine = g_ptr_array_new ();

  for (guint i = 0; scan->listeners != NULL && i < scan->listeners->len; i++)
    {
      AntamListener *listener = g_ptr_array_index (scan->listeners, i);
      gboolean by_program = antam_network_program_is (listener->program, programs);
      gboolean by_port = listener->program == NULL && listener->port >= low && listener->port <= high &&
                         (protocol == NULL || g_str_equal (protocol, listener->protocol));

      if (listener->loopback || g_hash_table_contains (scan->claimed, listener) || !(by_program || by_port))
        continue;
      g_hash_table_add (scan->claimed, listener);
      g_ptr_array_add (mine, listener);
    }
  return mine;
}

gboolean
antam_network_listens_locally (NetworkScan        *scan,
                               const char * const *programs)
{
  for (guint i = 0; scan->listeners != NULL && i < scan->listeners->len; i++)
    {
      AntamListener *listener = g_ptr_array_index (scan->listeners, i);

      if (listener->loopback && antam_network_program_is (listener->program, programs))
        return TRUE;
    }
  return FALSE;
}

static char *
account_words (NetworkScan *scan,
               guint        uid)
{
  const AntamAccount *account = antam_accounts_find_uid (scan->accounts, uid);

  if (uid == 0)
    return g_strdup (_("the administrator's account (root)"));
  if (account != NULL)
    /* TRANSLATORS: %s is an account name, e.g. avahi */
    return g_strdup_printf (_("the account “%s”"), account->name);
  return g_strdup_printf (_("the account number %u"), uid);
}

static const char *
reach_words (NetworkScan      *scan,
             AntamPortVerdict  verdict)
{
  switch (antam_firewall_ports_get_state (scan->firewall))
    {
    case ANTAM_FIREWALL_UNREADABLE:
      return _("Whether a firewall blocks it could not be read.");
    case ANTAM_FIREWALL_OFF:
      return _("No firewall is on, so nothing stops other computers.");
    case ANTAM_FIREWALL_ON:
    case ANTAM_FIREWALL_LETS_ALL_IN:
    default:
      break;
    }
  switch (verdict)
    {
    case ANTAM_PORT_BLOCKED:
      return _("The firewall blocks it.");
    case ANTAM_PORT_OPEN:
      return _("The firewall lets it in.");
    case ANTAM_PORT_NOT_KNOWN:
    default:
      return _("A firewall is on, but An Tâm could not tell whether it lets this port in.");
    }
}

static NetworkReach
reach_of (NetworkScan      *scan,
          AntamPortVerdict  verdict)
{
  if (antam_firewall_ports_get_state (scan->firewall) == ANTAM_FIREWALL_UNREADABLE)
    return NETWORK_REACH_MAYBE;
  switch (verdict)
    {
    case ANTAM_PORT_OPEN:
      return NETWORK_REACH_OPEN;
    case ANTAM_PORT_BLOCKED:
      return NETWORK_REACH_BLOCKED;
    case ANTAM_PORT_NOT_KNOWN:
    default:
      return NETWORK_REACH_MAYBE;
    }
}

char *
antam_network_port_name (const char *protocol,
                         guint       port)
{
  /* TRANSLATORS: a network port: “Port 22 (TCP)” */
  return g_strdup_printf (_("Port %u (%s)"), port, g_str_equal (protocol, "tcp") ? "TCP" : "UDP");
}

/**
 * antam_network_add_listener_item:
 *
 * One socket in plain words: where it waits, who holds it when that could
 * be told, and whether the firewall lets other computers reach it.
 *
 * Returns: how far it can be reached
 */
NetworkReach
antam_network_add_listener_item (NetworkScan   *scan,
                                 AntamResult   *result,
                                 AntamListener *listener)
{
  AntamPortVerdict verdict = antam_firewall_ports_lookup (scan->firewall, listener->protocol, listener->port);
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *name = antam_network_port_name (listener->protocol, listener->port);
  AntamItem *item = antam_result_add_item (result, "listener", name, listener->exe);

  item->id = g_strdup_printf ("%s/%u", listener->protocol, listener->port);
  if (listener->any_address)
    g_string_append (detail, _("Waits for connections on every network address of this computer."));
  else
    /* TRANSLATORS: %s is a network address, e.g. 192.168.1.20 */
    g_string_append_printf (detail, _("Waits for connections on the address %s."), listener->address);
  g_string_append_c (detail, ' ');

  if (listener->program != NULL && listener->unit != NULL)
    /* TRANSLATORS: a program, its process number and the service it runs in */
    g_string_append_printf (detail, _("Held by %s (process %d, service %s)."), listener->program,
                            listener->pid, listener->unit);
  else if (listener->program != NULL)
    g_string_append_printf (detail, _("Held by %s (process %d)."), listener->program, listener->pid);
  else if (listener->inode == 0)
    g_string_append (detail, _("Held by the system itself."));
  else
    {
      g_autofree char *account = account_words (scan, listener->uid);

      /* TRANSLATORS: %s is e.g. “the account “avahi”” */
      g_string_append_printf (detail, _("An Tâm could not tell which program holds it; it was opened under %s."),
                              account);
    }
  if (listener->exe != NULL && scan->packages != NULL && g_hash_table_contains (scan->packages, listener->exe))
    {
      g_string_append_c (detail, ' ');
      /* TRANSLATORS: %s is a package's name */
      g_string_append_printf (detail, _("It comes from the package “%s”."),
                              (const char *) g_hash_table_lookup (scan->packages, listener->exe));
    }
  g_string_append_c (detail, ' ');
  g_string_append (detail, reach_words (scan, verdict));

  /* The same port on every IPv4 and every IPv6 address, held by the
   * same program, is one door: said once. */
  for (guint i = 0; i + 1 < result->items->len; i++)
    {
      AntamItem *same = g_ptr_array_index (result->items, i);

      if (g_strcmp0 (same->id, item->id) == 0 && g_strcmp0 (same->detail, detail->str) == 0)
        {
          g_ptr_array_remove_index (result->items, result->items->len - 1);
          return reach_of (scan, verdict);
        }
    }
  item->detail = g_string_free (g_steal_pointer (&detail), FALSE);
  return reach_of (scan, verdict);
}

/* A service's port on a computer that is not running: only the firewall's
 * files say whether it would be reached. */
static NetworkReach
add_port_item (NetworkScan *scan,
               AntamResult *result,
               const char  *protocol,
               guint        port)
{
  AntamPortVerdict verdict = antam_firewall_ports_lookup (scan->firewall, protocol, port);
  g_autofree char *name = antam_network_port_name (protocol, port);
  AntamItem *item = antam_result_add_item (result, "listener", name, NULL);

  item->id = g_strdup_printf ("%s/%u", protocol, port);
  item->detail = g_strdup_printf ("%s %s", _("The port it waits on when it runs."), reach_words (scan, verdict));
  return reach_of (scan, verdict);
}

/**
 * antam_network_add_reach:
 * @listeners: the service's sockets that other computers may reach
 * @ports_when_not_running: 0-terminated: where it would wait, said when
 *   the running computer cannot be seen
 *
 * Returns: the furthest any of them can be reached
 */
NetworkReach
antam_network_add_reach (NetworkScan *scan,
                         AntamResult *result,
                         GPtrArray   *listeners,
                         const guint *ports_when_not_running)
{
  NetworkReach reach = NETWORK_REACH_NONE;

  for (guint i = 0; i < listeners->len; i++)
    {
      NetworkReach one = antam_network_add_listener_item (scan, result, g_ptr_array_index (listeners, i));
      reach = MAX (reach, one);
    }
  for (guint i = 0; scan->listeners == NULL && ports_when_not_running[i] != 0; i++)
    {
      NetworkReach one = add_port_item (scan, result, "tcp", ports_when_not_running[i]);
      reach = MAX (reach, one);
    }
  return reach;
}

/* A unit systemd starts at boot: a link in a target's .wants folder that
 * leads to a unit file, and no mask.  A link left behind by a removed
 * package leads nowhere, and starts nothing. */
static gboolean
wants_lists (AntamSysroot *sysroot,
             const char   *unit,
             char        **found)
{
  static const char * const wants[] = {
    "/etc/systemd/system/multi-user.target.wants", "/etc/systemd/system/graphical.target.wants",
    "/etc/systemd/system/sockets.target.wants", "/etc/systemd/system/default.target.wants",
  };
  gboolean any_instance = g_str_has_suffix (unit, "@");

  for (guint w = 0; w < G_N_ELEMENTS (wants); w++)
    {
      g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, wants[w], NULL);

      for (guint n = 0; names != NULL && n < names->len; n++)
        {
          const char *name = g_ptr_array_index (names, n);
          g_autofree char *path = NULL;

          if (any_instance ? !g_str_has_prefix (name, unit) : !g_str_equal (name, unit))
            continue;
          path = g_build_filename (wants[w], name, NULL);
          if (antam_sysroot_exists (sysroot, path))
            {
              *found = g_strdup (name);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/**
 * antam_network_unit_enabled:
 * @units: unit names; one ending in "@" stands for any of its instances
 * @which: (out) (optional) (transfer full): the one that starts at boot
 */
gboolean
antam_network_unit_enabled (AntamSysroot        *sysroot,
                            const char * const  *units,
                            char               **which)
{
  for (guint i = 0; units[i] != NULL; i++)
    {
      g_autofree char *etc_dir = antam_sysroot_resolve (sysroot, "/etc/systemd/system", NULL);
      g_autofree char *mask = etc_dir ? g_build_filename (etc_dir, units[i], NULL) : NULL;
      g_autofree char *target = mask ? g_file_read_link (mask, NULL) : NULL;
      g_autofree char *found = NULL;

      if (g_strcmp0 (target, "/dev/null") == 0 || !wants_lists (sysroot, units[i], &found))
        continue;
      if (which != NULL)
        *which = g_steal_pointer (&found);
      return TRUE;
    }
  return FALSE;
}

void
antam_network_add_unit_item (AntamResult *result,
                             const char  *unit)
{
  AntamItem *item = antam_result_add_item (result, "service", unit, NULL);

  item->detail = g_strdup (_("Starts when the computer starts."));
}

static guint
add_packages (NetworkScan        *scan,
              AntamResult        *result,
              const AntamAppRule *rule)
{
  static const struct { AntamSource source; AntamFootprintKind kind; } sources[] = {
    { ANTAM_SOURCE_DPKG, ANTAM_FOOTPRINT_DEB },
    { ANTAM_SOURCE_RPM, ANTAM_FOOTPRINT_RPM },
  };
  guint found = 0;

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      GPtrArray *packages = antam_scan_context_get (scan->context, sources[s].source, NULL);
      char **names = rule->footprints[sources[s].kind];

      for (guint i = 0; packages != NULL && names != NULL && i < packages->len; i++)
        {
          AntamPackage *package = g_ptr_array_index (packages, i);
          AntamItem *item;

          if (!package->installed || !g_strv_contains ((const char * const *) names, package->name))
            continue;
          item = antam_result_add_item (result, package->source, package->name, NULL);
          item->id = g_strdup (package->name);
          item->version = g_strdup (package->version);
          item->detail = g_strdup (package->arch);
          found++;
        }
    }
  return found;
}

/**
 * antam_network_set_remedy:
 *
 * A server installed from a package that a server rule lets An Tâm
 * remove gets the guided removal, which takes exactly that package; any
 * other gets the guide in @text.
 */
void
antam_network_set_remedy (NetworkScan *scan,
                          AntamResult *result,
                          const char  *rule_id,
                          const char  *text,
                          const char  *it_staff)
{
  const AntamAppRule *rule = rule_id ? antam_rules_lookup (scan->rules, rule_id) : NULL;

  if (rule != NULL && rule->category == ANTAM_APP_CATEGORY_SERVER && rule->remedy == ANTAM_REMEDY_UNINSTALL &&
      add_packages (scan, result, rule) > 0)
    antam_result_set_remedy (result, ANTAM_REMEDY_UNINSTALL, rule->id, text);
  else
    antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL, text);
  antam_result_set_it_staff (result, it_staff);
}

/* /usr/sbin/cupsd is /sbin/cupsd where /usr is merged, and dpkg may list
 * either. */
static char *
other_spelling (const char *path)
{
  static const char * const merged[] = { "/bin/", "/sbin/", "/lib/", "/lib64/" };

  for (guint i = 0; i < G_N_ELEMENTS (merged); i++)
    {
      g_autofree char *with_usr = g_strconcat ("/usr", merged[i], NULL);

      if (g_str_has_prefix (path, with_usr))
        return g_strdup (path + 4);
      if (g_str_has_prefix (path, merged[i]))
        return g_strconcat ("/usr", path, NULL);
    }
  return NULL;
}

/**
 * antam_network_find_packages:
 *
 * Which Debian package each listener's program came from, from dpkg's
 * own lists of files, read only when a program was named and only until
 * every one is found.
 */
void
antam_network_find_packages (NetworkScan *scan,
                             GPtrArray   *listeners)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = NULL;

  for (guint i = 0; i < listeners->len; i++)
    {
      AntamListener *listener = g_ptr_array_index (listeners, i);
      char *other;

      if (listener->exe == NULL || listener->exe[0] != '/')
        continue;
      g_hash_table_insert (wanted, g_strdup (listener->exe), g_strdup (listener->exe));
      if ((other = other_spelling (listener->exe)) != NULL)
        g_hash_table_insert (wanted, other, g_strdup (listener->exe));
    }
  if (g_hash_table_size (wanted) == 0)
    return;

  if (scan->packages == NULL)
    scan->packages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  names = antam_sysroot_list_dir (scan->sysroot, "/var/lib/dpkg/info", NULL);
  for (guint n = 0; names != NULL && n < names->len && g_hash_table_size (wanted) > 0; n++)
    {
      const char *name = g_ptr_array_index (names, n);
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_str_has_suffix (name, ".list"))
        continue;
      path = g_build_filename ("/var/lib/dpkg/info", name, NULL);
      if (!antam_sysroot_read_file (scan->sysroot, path, MAX_DPKG_LIST_SIZE, &contents, &length, NULL))
        continue;
      /* Line by line in place: some packages list a hundred thousand
       * files, and splitting them into strings cost more than the rest. */
      for (char *line = contents, *end; line < contents + length; line = end + 1)
        {
          const char *exe;
          char *package;

          end = memchr (line, '\n', contents + length - line);
          if (end == NULL)
            end = contents + length;
          *end = '\0';
          exe = g_hash_table_lookup (wanted, line);
          if (exe == NULL)
            continue;
          /* "cups-daemon.list", "libglib2.0-0:amd64.list" → the package's
           * name, which never holds a colon. */
          package = g_strndup (name, strlen (name) - strlen (".list"));
          package[strcspn (package, ":")] = '\0';
          g_hash_table_insert (scan->packages, g_strdup (exe), package);
          g_hash_table_remove (wanted, line);
        }
    }
}
