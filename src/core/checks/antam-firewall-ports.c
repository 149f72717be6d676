/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "checks/antam-device-private.h"
#include "checks/antam-firewall-private.h"

/* Which ports the firewall that is on lets in, from its own files: ufw's
 * rules and firewalld's default zone.  A firewall known only from its
 * running rules, or from a hand-written nftables file, does not say it
 * port by port: those ports are "not known", never "blocked". */

#define MAX_RULES_SIZE (1024 * 1024)

typedef struct {
  gboolean open;
  char *protocol;   /* "tcp", "udp", or NULL for both */
  guint low, high;
} PortRule;

struct _AntamFirewallPorts
{
  AntamFirewallState state;
  char *name;
  gboolean by_port;     /* the rules below say it port by port */
  gboolean default_open;
  GArray *rules;        /* PortRule, the first that matches decides */
};

static void
port_rule_clear (PortRule *rule)
{
  g_free (rule->protocol);
}

static AntamFirewallPorts *
ports_new (void)
{
  AntamFirewallPorts *ports = g_new0 (AntamFirewallPorts, 1);

  ports->rules = g_array_new (FALSE, TRUE, sizeof (PortRule));
  g_array_set_clear_func (ports->rules, (GDestroyNotify) port_rule_clear);
  return ports;
}

void
antam_firewall_ports_free (AntamFirewallPorts *ports)
{
  if (ports == NULL)
    return;
  g_free (ports->name);
  g_array_unref (ports->rules);
  g_free (ports);
}

AntamFirewallState
antam_firewall_ports_get_state (AntamFirewallPorts *ports)
{
  return ports->state;
}

const char *
antam_firewall_ports_get_name (AntamFirewallPorts *ports)
{
  return ports->name;
}

/* "22", "6000:6007" (ufw), "1025-65535" (firewalld), "80,443", "any". */
static void
add_rules (AntamFirewallPorts *ports,
           gboolean            open,
           const char         *protocol,
           const char         *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  if (protocol != NULL && !g_str_equal (protocol, "tcp") && !g_str_equal (protocol, "udp"))
    {
      if (!g_str_equal (protocol, "any"))
        return;
      protocol = NULL;
    }

  for (guint i = 0; parts[i] != NULL; i++)
    {
      PortRule rule = { open, g_strdup (protocol), 0, 65535 };
      const char *sep = strpbrk (parts[i], ":-");
      guint64 low, high;

      if (!g_str_equal (parts[i], "any"))
        {
          g_autofree char *first = sep ? g_strndup (parts[i], sep - parts[i]) : g_strdup (parts[i]);

          if (!g_ascii_string_to_unsigned (first, 10, 0, 65535, &low, NULL) ||
              !g_ascii_string_to_unsigned (sep ? sep + 1 : first, 10, low, 65535, &high, NULL))
            {
              g_free (rule.protocol);
              continue;
            }
          rule.low = (guint) low;
          rule.high = (guint) high;
        }
      g_array_append_val (ports->rules, rule);
    }
}

/* A line of before.rules that lets a port in whatever the user's rules
 * say: "-A ufw-before-input -p udp -d 224.0.0.251 --dport 5353 -j ACCEPT". */
static void
add_before_rule (AntamFirewallPorts *ports,
                 const char         *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", -1);
  const char *protocol = NULL, *dport = NULL;
  gboolean accept = FALSE;

  if (!g_str_has_prefix (line, "-A ufw-before-input") && !g_str_has_prefix (line, "-A ufw6-before-input"))
    return;
  for (guint i = 0; words[i] != NULL && words[i + 1] != NULL; i++)
    {
      if (g_str_equal (words[i], "-p"))
        protocol = words[i + 1];
      else if (g_str_equal (words[i], "--dport"))
        dport = words[i + 1];
      else if (g_str_equal (words[i], "-j"))
        accept = g_str_equal (words[i + 1], "ACCEPT");
    }
  if (accept && dport != NULL)
    add_rules (ports, TRUE, protocol, dport);
}

/**
 * antam_firewall_ports_add_ufw_rules:
 * @text: user.rules, user6.rules, before.rules or before6.rules
 *
 * ufw writes each rule the user added as a comment, "### tuple ### allow
 * tcp 22 0.0.0.0/0 any 0.0.0.0/0 in" (action, protocol, port, address,
 * then the source's, maybe application names, and the direction).
 */
void
antam_firewall_ports_add_ufw_rules (AntamFirewallPorts *ports,
                                    const char         *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      g_auto(GStrv) words = NULL;
      g_autofree char *action = NULL;
      guint n;

      if (!g_str_has_prefix (line, "### tuple ###"))
        {
          add_before_rule (ports, line);
          continue;
        }
      words = g_strsplit_set (line + strlen ("### tuple ###"), " \t", -1);
      {
        guint out = 0;
        for (guint w = 0; words[w] != NULL; w++)
          if (words[w][0] != '\0')
            words[out++] = words[w];
          else
            g_free (words[w]);
        words[out] = NULL;
        n = out;
      }
      if (n < 7 || !g_str_equal (words[n - 1], "in"))
        continue;
      /* "allow_log", "deny_log-all": the action is before the underscore. */
      action = g_strndup (words[0], strcspn (words[0], "_"));
      if (g_str_equal (action, "allow") || g_str_equal (action, "limit"))
        add_rules (ports, TRUE, words[1], words[2]);
      else if (g_str_equal (action, "deny") || g_str_equal (action, "reject"))
        add_rules (ports, FALSE, words[1], words[2]);
    }
}

static char *
read_text (AntamSysroot *sysroot,
           const char   *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, path, MAX_RULES_SIZE, &contents, &length, NULL) ||
      memchr (contents, '\0', length) != NULL)
    return NULL;
  return g_steal_pointer (&contents);
}

static void
read_ufw (AntamFirewallPorts *ports,
          AntamSysroot       *sysroot)
{
  static const char * const files[] = {
    "/etc/ufw/before.rules", "/etc/ufw/before6.rules", "/etc/ufw/user.rules", "/etc/ufw/user6.rules",
  };
  g_autofree char *defaults = read_text (sysroot, "/etc/default/ufw");
  g_autoptr(AntamIni) ini = defaults ? antam_ini_parse (defaults, strlen (defaults), NULL) : NULL;
  const char *policy = ini ? antam_ini_get (ini, "", "DEFAULT_INPUT_POLICY") : NULL;
  gboolean read_any = FALSE;

  /* DEFAULT_INPUT_POLICY="DROP" says what happens to a port no rule
   * names; without it, nothing does. */
  if (policy == NULL)
    return;
  ports->default_open = g_str_equal (policy, "ACCEPT") || g_str_equal (policy, "\"ACCEPT\"");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = read_text (sysroot, files[i]);

      if (text != NULL)
        {
          antam_firewall_ports_add_ufw_rules (ports, text);
          read_any = TRUE;
        }
    }
  ports->by_port = read_any || ports->default_open;
}

typedef struct {
  AntamFirewallPorts *ports;
  GPtrArray *services;
  gboolean accept_all;
} ZoneParse;

static void
zone_start_element (GMarkupParseContext  *context,
                    const char           *element,
                    const char          **names,
                    const char          **values,
                    gpointer              user_data,
                    GError              **error)
{
  ZoneParse *parse = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack->next ? stack->next->data : NULL;
  const char *target = NULL, *name = NULL, *port = NULL, *protocol = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "target"))
        target = values[i];
      else if (g_str_equal (names[i], "name"))
        name = values[i];
      else if (g_str_equal (names[i], "port"))
        port = values[i];
      else if (g_str_equal (names[i], "protocol"))
        protocol = values[i];
    }

  /* Only the zone's and the service's own elements: a rich rule's ports
   * are let in on conditions. */
  if (parent == NULL && g_str_equal (element, "zone") && g_strcmp0 (target, "ACCEPT") == 0)
    parse->accept_all = TRUE;
  else if (g_strcmp0 (parent, "zone") == 0 && g_str_equal (element, "service") && name != NULL)
    g_ptr_array_add (parse->services, g_strdup (name));
  else if ((g_strcmp0 (parent, "zone") == 0 || g_strcmp0 (parent, "service") == 0) &&
           g_str_equal (element, "port") && port != NULL && protocol != NULL)
    add_rules (parse->ports, TRUE, protocol, port);
}

static gboolean
parse_firewalld_xml (AntamSysroot *sysroot,
                     const char   *kind,
                     const char   *name,
                     ZoneParse    *parse)
{
  static const GMarkupParser parser = { zone_start_element, NULL, NULL, NULL, NULL };
  const char * const dirs[] = { "/etc/firewalld", "/usr/lib/firewalld" };

  /* A name is a file name in firewalld's folders, nothing else. */
  if (strchr (name, '/') != NULL || name[0] == '.')
    return FALSE;
  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/%s.xml", dirs[d], kind, name);
      g_autofree char *text = read_text (sysroot, path);
      g_autoptr(GMarkupParseContext) context = NULL;

      if (text == NULL)
        continue;
      context = g_markup_parse_context_new (&parser, 0, parse, NULL);
      return g_markup_parse_context_parse (context, text, -1, NULL) &&
             g_markup_parse_context_end_parse (context, NULL);
    }
  return FALSE;
}

/**
 * antam_firewall_ports_add_firewalld_zone:
 *
 * The ports a firewalld zone lets in: its own and its services', as the
 * files in /etc/firewalld (the administrator's) or /usr/lib/firewalld
 * (the defaults) say.  A zone whose target is ACCEPT lets everything in.
 */
void
antam_firewall_ports_add_firewalld_zone (AntamFirewallPorts *ports,
                                         AntamSysroot       *sysroot,
                                         const char         *zone)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_free);
  ZoneParse parse = { ports, services, FALSE };

  if (!parse_firewalld_xml (sysroot, "zones", zone, &parse))
    return;
  for (guint i = 0; i < services->len; i++)
    {
      g_autoptr(GPtrArray) nested = g_ptr_array_new_with_free_func (g_free);
      ZoneParse service = { ports, nested, FALSE };

      /* A service whose ports cannot be read leaves them not known. */
      if (!parse_firewalld_xml (sysroot, "services", g_ptr_array_index (services, i), &service))
        return;
    }
  ports->default_open = parse.accept_all;
  ports->by_port = TRUE;
}

static void
read_firewalld (AntamFirewallPorts *ports,
                AntamSysroot       *sysroot)
{
  g_autoptr(AntamIni) ini = antam_ini_read (sysroot, "/etc/firewalld/firewalld.conf", NULL);
  const char *zone = ini ? antam_ini_get (ini, "", "DefaultZone") : NULL;

  antam_firewall_ports_add_firewalld_zone (ports, sysroot, zone && zone[0] ? zone : "public");
}

/**
 * antam_firewall_ports_read:
 *
 * The firewall's verdict, and its rules for the ports when the firewall
 * that is on writes them in files An Tâm reads (ufw, firewalld).
 */
AntamFirewallPorts *
antam_firewall_ports_read (AntamSysroot *sysroot)
{
  AntamFirewallPorts *ports = ports_new ();

  ports->state = antam_firewall_verdict (sysroot, &ports->name);
  if (ports->state != ANTAM_FIREWALL_ON && ports->state != ANTAM_FIREWALL_LETS_ALL_IN)
    return ports;
  if (g_strcmp0 (ports->name, "ufw") == 0)
    read_ufw (ports, sysroot);
  else if (g_strcmp0 (ports->name, "firewalld") == 0)
    read_firewalld (ports, sysroot);
  return ports;
}

AntamPortVerdict
antam_firewall_ports_lookup (AntamFirewallPorts *ports,
                             const char         *protocol,
                             guint               port)
{
  if (ports->state == ANTAM_FIREWALL_OFF)
    return ANTAM_PORT_OPEN;
  if ((ports->state != ANTAM_FIREWALL_ON && ports->state != ANTAM_FIREWALL_LETS_ALL_IN) ||
      !ports->by_port)
    return ANTAM_PORT_NOT_KNOWN;

  for (guint i = 0; i < ports->rules->len; i++)
    {
      const PortRule *rule = &g_array_index (ports->rules, PortRule, i);

      if ((rule->protocol == NULL || g_strcmp0 (rule->protocol, protocol) == 0) &&
          port >= rule->low && port <= rule->high)
        return rule->open ? ANTAM_PORT_OPEN : ANTAM_PORT_BLOCKED;
    }
  return ports->default_open || ports->state == ANTAM_FIREWALL_LETS_ALL_IN
           ? ANTAM_PORT_OPEN : ANTAM_PORT_BLOCKED;
}
