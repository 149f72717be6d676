/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-device-private.h"
#include "checks/antam-nftables-private.h"
#include "checks/antam-firewall-private.h"

#define CHECK_ID "firewall"
#define NFT_TIMEOUT_MS 5000

/* Lynis looks at iptables and nftables only; most desktops that have a
 * firewall have it through ufw (Ubuntu, Debian with Gufw) or firewalld
 * (Fedora), so each of the three is recognised from its own files. */

/* "On" means a new connection from outside, to a port no rule names, is
 * stopped: a firewall whose default lets everything in is running, but
 * protects nothing. */
typedef enum {
  FIREWALL_ABSENT,      /* not installed */
  FIREWALL_OFF,         /* installed, not filtering */
  FIREWALL_OPEN,        /* running, but lets every connection in */
  FIREWALL_ON,
  FIREWALL_UNREADABLE,
} FirewallState;

typedef struct {
  const char *name;
  FirewallState state;
  char *location;       /* the file that tells */
  char *detail;         /* what we saw, for the IT staff */
  char *how_to_enable;  /* for OFF and OPEN, in plain words */
  char *error;          /* for UNREADABLE */
} Firewall;

static void
firewall_clear (Firewall *firewall)
{
  g_clear_pointer (&firewall->location, g_free);
  g_clear_pointer (&firewall->detail, g_free);
  g_clear_pointer (&firewall->how_to_enable, g_free);
  g_clear_pointer (&firewall->error, g_free);
}

static const char *
unit_state_words (AntamUnitState state)
{
  switch (state)
    {
    case ANTAM_UNIT_ENABLED:
      return _("its service starts at boot");
    case ANTAM_UNIT_MASKED:
      return _("its service is blocked (masked)");
    case ANTAM_UNIT_DISABLED:
      return _("its service does not start at boot");
    case ANTAM_UNIT_ABSENT:
    default:
      return _("it has no service");
    }
}

/* ufw.conf is shell syntax: ENABLED=yes, maybe quoted. */
static char *
shell_value (const char *text,
             const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  char *value = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      gsize len = strlen (key);

      if (strncmp (line, key, len) == 0 && line[len] == '=')
        {
          g_autofree char *raw = g_strdup (line + len + 1);
          gsize vlen = strlen (raw);

          if (vlen >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[vlen - 1] == raw[0])
            {
              raw[vlen - 1] = '\0';
              g_free (value);
              value = g_strdup (raw + 1);
            }
          else
            {
              g_free (value);
              value = g_strdup (raw);
            }
        }
    }
  return value;
}

/* A shell-syntax settings file of ufw's, as text; NULL with @firewall
 * unreadable when it is not. */
static char *
read_ufw_file (AntamSysroot *sysroot,
               const char   *path,
               Firewall     *firewall,
               GError      **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, path, ANTAM_DEVICE_MAX_CONFIG_SIZE, &contents, &length, error))
    return NULL;
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate_len (contents, length, NULL))
    {
      firewall->state = FIREWALL_UNREADABLE;
      firewall->location = g_strdup (path);
      firewall->error = g_strdup_printf (_("“%s” is not text"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* ufw needs /etc/default/ufw to start at all; its input policy is what a
 * connection no rule names gets. */
static void
check_ufw_policy (AntamSysroot *sysroot,
                  Firewall     *firewall)
{
  const char *path = "/etc/default/ufw";
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = read_ufw_file (sysroot, path, firewall, &error);
  g_autofree char *policy = NULL;

  if (contents == NULL)
    {
      if (firewall->state == FIREWALL_UNREADABLE)
        return;
      firewall->state = FIREWALL_UNREADABLE;
      firewall->error = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
        ? g_strdup_printf (_("ufw is on, but its settings file %s is missing"), path)
        : g_strdup (error->message);
      return;
    }

  policy = shell_value (contents, "DEFAULT_INPUT_POLICY");
  if (policy != NULL && g_ascii_strcasecmp (policy, "ACCEPT") == 0)
    {
      g_free (firewall->detail);
      g_free (firewall->location);
      firewall->state = FIREWALL_OPEN;
      firewall->location = g_strdup (path);
      firewall->detail = g_strdup_printf (_("ufw is on, but DEFAULT_INPUT_POLICY=\"%s\" in %s lets "
                                            "in every connection no rule blocks"),
                                          policy, path);
      firewall->how_to_enable =
        g_strdup (_("Open the “Firewall Configuration” app (Gufw) and set “Incoming” to "
                    "“Deny”, or ask your IT staff to make the firewall block incoming "
                    "connections by default."));
    }
}

static void
check_ufw (AntamSysroot *sysroot,
           Firewall     *firewall)
{
  const char *path = "/etc/ufw/ufw.conf";
  g_autofree char *contents = NULL;
  g_autofree char *enabled = NULL;
  g_autoptr(GError) error = NULL;
  AntamUnitState unit;

  firewall->name = "ufw";
  contents = read_ufw_file (sysroot, path, firewall, &error);
  if (contents == NULL)
    {
      if (firewall->state == FIREWALL_UNREADABLE)
        return;
      firewall->state = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
        ? FIREWALL_ABSENT : FIREWALL_UNREADABLE;
      if (firewall->state == FIREWALL_UNREADABLE)
        firewall->error = g_strdup (error->message);
      return;
    }

  firewall->location = g_strdup (path);
  enabled = shell_value (contents, "ENABLED");
  unit = antam_unit_state (sysroot, "ufw.service");

  /* ufw's own boot script loads the rules on systems without systemd; with
   * systemd, a disabled or masked service means no rules after a reboot. */
  if (g_strcmp0 (enabled, "yes") == 0 && (unit == ANTAM_UNIT_ENABLED || unit == ANTAM_UNIT_ABSENT))
    {
      firewall->state = FIREWALL_ON;
      firewall->detail = g_strdup_printf (_("ENABLED=yes in %s, and %s"), path, unit_state_words (unit));
      check_ufw_policy (sysroot, firewall);
    }
  else if (g_strcmp0 (enabled, "yes") == 0)
    {
      firewall->state = FIREWALL_OFF;
      firewall->detail = g_strdup_printf (_("ENABLED=yes in %s, but %s"), path, unit_state_words (unit));
      firewall->how_to_enable = g_strdup (_("Ask your IT staff to make the firewall (ufw) start "
                                            "with the computer."));
    }
  else
    {
      firewall->state = FIREWALL_OFF;
      firewall->detail = g_strdup_printf (_("ufw is installed but turned off (ENABLED=%s in %s)"),
                                          enabled ? enabled : "", path);
      firewall->how_to_enable =
        g_strdup (_("Turn it on: open the “Firewall Configuration” app (Gufw) and switch "
                    "“Status” on, or ask your IT staff to."));
    }
}

typedef struct {
  char *target;
  gboolean root_seen;
} ZoneParse;

static void
zone_start_element (GMarkupParseContext  *context,
                    const char           *element,
                    const char          **names,
                    const char          **values,
                    gpointer              user_data,
                    GError              **error)
{
  ZoneParse *zone = user_data;

  if (zone->root_seen)
    return;
  zone->root_seen = TRUE;
  if (!g_str_equal (element, "zone"))
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT,
                           _("it is not a firewalld zone"));
      return;
    }
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "target"))
      zone->target = g_strdup (values[i]);
}

/* The zone's target, from its file in /etc (the administrator's) or
 * /usr/lib (firewalld's own): "ACCEPT" lets everything in, as the trusted
 * zone does; "default", "%%REJECT%%" and "DROP" do not.  NULL when no
 * file says; FALSE with @error when a file cannot be read. */
static gboolean
read_zone_target (AntamSysroot *sysroot,
                  const char   *zone,
                  char        **target,
                  char        **location,
                  GError      **error)
{
  static const char * const dirs[] = { "/etc/firewalld/zones", "/usr/lib/firewalld/zones" };

  *target = NULL;
  *location = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *name = g_strconcat (zone, ".xml", NULL);
      g_autofree char *path = g_build_filename (dirs[i], name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GMarkupParseContext) parser = NULL;
      GMarkupParser callbacks = { .start_element = zone_start_element };
      ZoneParse parse = { 0 };
      gsize length = 0;

      if (!antam_sysroot_read_file (sysroot, path, ANTAM_DEVICE_MAX_CONFIG_SIZE, &contents, &length, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      parser = g_markup_parse_context_new (&callbacks, 0, &parse, NULL);
      if (!g_markup_parse_context_parse (parser, contents, (gssize) length, &local_error) ||
          !g_markup_parse_context_end_parse (parser, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, local_error->message);
          g_free (parse.target);
          return FALSE;
        }
      *target = parse.target;
      *location = g_steal_pointer (&path);
      return TRUE;
    }
  return TRUE;
}

static void
check_firewalld (AntamSysroot *sysroot,
                 Firewall     *firewall)
{
  const char *path = "/etc/firewalld/firewalld.conf";
  g_autoptr(AntamIni) ini = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *zone_file = NULL;
  const char *zone = NULL;
  AntamUnitState unit;

  firewall->name = "firewalld";
  unit = antam_unit_state (sysroot, "firewalld.service");

  ini = antam_ini_read (sysroot, path, &error);
  if (ini == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      firewall->state = FIREWALL_UNREADABLE;
      firewall->location = g_strdup (path);
      firewall->error = g_strdup (error->message);
      return;
    }
  if (ini == NULL && unit == ANTAM_UNIT_ABSENT)
    {
      firewall->state = FIREWALL_ABSENT;
      return;
    }

  if (ini != NULL)
    zone = antam_ini_get (ini, "", "DefaultZone");
  /* firewalld's own default when the file does not say. */
  if (zone == NULL || zone[0] == '\0')
    zone = "public";
  firewall->location = g_strdup (ini ? path : "firewalld.service");

  if (unit != ANTAM_UNIT_ENABLED)
    {
      firewall->state = FIREWALL_OFF;
      firewall->detail = g_strdup_printf (_("firewalld is installed, but %s"), unit_state_words (unit));
      firewall->how_to_enable = g_strdup (_("Ask your IT staff to make the firewall (firewalld) "
                                            "start with the computer."));
    }
  else if (!read_zone_target (sysroot, zone, &target, &zone_file, &error))
    {
      firewall->state = FIREWALL_UNREADABLE;
      firewall->error = g_strdup (error->message);
    }
  else if (g_str_equal (zone, "trusted") || g_strcmp0 (target, "ACCEPT") == 0)
    {
      /* A zone that accepts every connection: a firewall in name only. */
      firewall->state = FIREWALL_OPEN;
      if (zone_file != NULL)
        {
          g_free (firewall->location);
          firewall->location = g_strdup (zone_file);
        }
      firewall->detail = g_strdup_printf (_("firewalld runs, but its default zone “%s” lets every "
                                            "connection in (target “%s”)"),
                                          zone, target ? target : "ACCEPT");
      firewall->how_to_enable =
        g_strdup (_("Ask your IT staff to give the firewall (firewalld) a default zone that "
                    "blocks incoming connections, such as “public”."));
    }
  else
    {
      firewall->state = FIREWALL_ON;
      firewall->detail = g_strdup_printf (_("firewalld starts at boot; default zone “%s”"), zone);
    }
}

static void
check_nftables (AntamSysroot *sysroot,
                Firewall     *firewall)
{
  const char *path = "/etc/nftables.conf";
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  AntamUnitState unit;

  firewall->name = "nftables";
  if (!antam_sysroot_read_file (sysroot, path, ANTAM_DEVICE_MAX_CONFIG_SIZE, &contents, &length, &error))
    {
      firewall->state = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
        ? FIREWALL_ABSENT : FIREWALL_UNREADABLE;
      if (firewall->state == FIREWALL_UNREADABLE)
        firewall->error = g_strdup (error->message);
      return;
    }

  firewall->location = g_strdup (path);
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate_len (contents, length, NULL))
    {
      firewall->state = FIREWALL_UNREADABLE;
      firewall->error = g_strdup_printf (_("“%s” is not text"), path);
      return;
    }

  unit = antam_unit_state (sysroot, "nftables.service");
  if (!antam_nftables_text_blocks_input (contents))
    {
      /* Debian installs this file with an empty input chain: present, but
       * it lets everything in.  Not worth advising on its own. */
      firewall->state = FIREWALL_ABSENT;
      firewall->detail = g_strdup_printf (_("%s lets every incoming connection in"), path);
    }
  else if (unit != ANTAM_UNIT_ENABLED)
    {
      firewall->state = FIREWALL_OFF;
      firewall->detail = g_strdup_printf (_("%s filters incoming connections, but %s"), path,
                                          unit_state_words (unit));
      firewall->how_to_enable = g_strdup (_("Ask your IT staff to make the firewall rules "
                                            "(nftables) load when the computer starts."));
    }
  else
    {
      firewall->state = FIREWALL_ON;
      firewall->detail = g_strdup_printf (_("%s filters incoming connections, and %s"), path,
                                          unit_state_words (unit));
    }
}

/* Only root may list the ruleset: as a user nft fails with EPERM and we
 * go by the files alone. */
static gboolean
check_running_ruleset (AntamSysroot *sysroot,
                       gboolean     *filters)
{
  g_autofree char *nft = NULL;
  g_autofree char *output = NULL;
  int status = -1;

  /* Not even looked for elsewhere: a foreign root's ruleset is not running. */
  if (!antam_sysroot_is_live (sysroot))
    return FALSE;
  nft = antam_sysroot_find_program (sysroot, "nft");
  if (nft == NULL)
    nft = g_strdup ("/usr/sbin/nft");
  {
    const char *argv[] = { nft, "-j", "list", "ruleset", NULL };

    if (!antam_sysroot_run (sysroot, argv, NFT_TIMEOUT_MS, &output, &status, NULL) ||
        status != 0 || output == NULL || output[0] != '{')
      return FALSE;
  }
  *filters = antam_nftables_json_blocks_input (output);
  return TRUE;
}

static AntamItem *
add_firewall_item (AntamResult *result,
                   Firewall    *firewall)
{
  AntamItem *item = antam_result_add_item (result, "firewall", firewall->name, firewall->location);

  item->id = g_strdup (firewall->name);
  item->detail = g_strdup (firewall->state == FIREWALL_UNREADABLE ? firewall->error : firewall->detail);
  return item;
}

static const char *
how_to_install (void)
{
  return _("Ask your IT staff to install and turn on a firewall, such as ufw with its app "
           "“Firewall Configuration” (Gufw). It blocks connections from outside and lets your "
           "own programs work as before.");
}

/* What the three firewalls' files and the running rules say, read once
 * for the firewall check and for network-services' ports. */
typedef struct {
  Firewall firewalls[3];
  gboolean running_known;
  gboolean running_filters;
  Firewall *on, *open, *off, *unreadable;  /* open: on, but lets every connection in */
} FirewallReading;

static void
firewall_reading_init (FirewallReading *reading,
                       AntamSysroot    *sysroot)
{
  *reading = (FirewallReading) { { { 0 } } };
  check_ufw (sysroot, &reading->firewalls[0]);
  check_firewalld (sysroot, &reading->firewalls[1]);
  check_nftables (sysroot, &reading->firewalls[2]);
  reading->running_known = check_running_ruleset (sysroot, &reading->running_filters);

  for (guint i = 0; i < G_N_ELEMENTS (reading->firewalls); i++)
    {
      Firewall *firewall = &reading->firewalls[i];

      if (firewall->state == FIREWALL_ON && reading->on == NULL)
        reading->on = firewall;
      else if (firewall->state == FIREWALL_OPEN && reading->open == NULL)
        reading->open = firewall;
      else if (firewall->state == FIREWALL_OFF && reading->off == NULL)
        reading->off = firewall;
      else if (firewall->state == FIREWALL_UNREADABLE && reading->unreadable == NULL)
        reading->unreadable = firewall;
    }
}

static void
firewall_reading_clear (FirewallReading *reading)
{
  for (guint i = 0; i < G_N_ELEMENTS (reading->firewalls); i++)
    firewall_clear (&reading->firewalls[i]);
}

static gboolean
firewall_reading_is_on (FirewallReading *reading)
{
  return reading->on != NULL || (reading->running_known && reading->running_filters);
}

/**
 * antam_firewall_verdict:
 * @name: (out) (optional) (transfer full): the firewall that is on ("ufw",
 *   "firewalld", "nftables"), or that runs letting all in; %NULL when only
 *   the running rules tell
 *
 * The firewall check's verdict, for a check that needs to know whether
 * connections from other computers are filtered.
 */
AntamFirewallState
antam_firewall_verdict (AntamSysroot  *sysroot,
                        char         **name)
{
  FirewallReading reading;
  AntamFirewallState state;

  firewall_reading_init (&reading, sysroot);
  if (firewall_reading_is_on (&reading))
    state = ANTAM_FIREWALL_ON;
  else if (reading.open != NULL)
    state = ANTAM_FIREWALL_LETS_ALL_IN;
  else if (reading.off == NULL && reading.unreadable != NULL)
    state = ANTAM_FIREWALL_UNREADABLE;
  else
    state = ANTAM_FIREWALL_OFF;
  if (name != NULL)
    *name = reading.on ? g_strdup (reading.on->name)
          : reading.open ? g_strdup (reading.open->name)
          : NULL;
  firewall_reading_clear (&reading);
  return state;
}

void
antam_check_firewall (AntamScanContext *context,
                      GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  FirewallReading reading;
  Firewall *on, *open, *off, *unreadable;
  gboolean running_known, running_filters;
  AntamFormFactor form;
  AntamResult *result;

  firewall_reading_init (&reading, sysroot);
  on = reading.on;
  open = reading.open;
  off = reading.off;
  unreadable = reading.unreadable;
  running_known = reading.running_known;
  running_filters = reading.running_filters;

  if (firewall_reading_is_on (&reading))
    {
      g_autofree char *title = on
        ? g_strdup_printf (_("The firewall is on (%s)"), on->name)
        : g_strdup (_("The firewall is on"));

      result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK, title,
                                 _("A firewall blocks connections that other computers start "
                                   "towards this one, so a flaw in a program that listens on "
                                   "the network cannot be reached from outside."));
      if (on != NULL)
        add_firewall_item (result, on);
      if (running_known && running_filters)
        {
          AntamItem *item = antam_result_add_item (result, "firewall", "nftables", NULL);
          item->detail = g_strdup (_("The running rules filter incoming connections"));
        }
      g_ptr_array_add (results, result);
    }
  else if (open == NULL && off == NULL && unreadable != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                     unreadable->error);
      result = antam_result_new_unknown (CHECK_ID, _("The firewall could not be checked"),
                                         _("The firewall’s settings could not be read, so An Tâm "
                                           "cannot tell whether it is on."),
                                         error);
      add_firewall_item (result, unreadable);
      g_ptr_array_add (results, result);
    }
  else
    {
      const char *summary;

      form = antam_form_factor (sysroot);
      if (form == ANTAM_FORM_LAPTOP)
        summary = _("This laptop does not block connections from other computers. On the "
                    "Wi-Fi of a hotel, a café or a conference anyone nearby can reach every "
                    "program that listens on the network; a firewall shuts them out.");
      else if (form == ANTAM_FORM_DESKTOP)
        summary = _("This computer does not block connections from other computers. On the "
                    "office network that is a smaller danger than on public Wi-Fi, but a "
                    "firewall still keeps an infected machine nearby from reaching it.");
      else
        summary = _("This computer does not block connections from other computers. A "
                    "firewall shuts out anyone on the same network who tries to reach the "
                    "programs that listen on it.");

      /* A firewall that runs but lets all in is the one to fix first. */
      if (open != NULL)
        off = open;
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                 open ? _("The firewall lets every connection in")
                                      : off ? _("The firewall is turned off")
                                            : _("No firewall is turned on"),
                                 summary);
      if (off != NULL)
        add_firewall_item (result, off);
      if (unreadable != NULL)
        add_firewall_item (result, unreadable);
      if (running_known)
        {
          AntamItem *item = antam_result_add_item (result, "firewall", "nftables", NULL);
          item->detail = g_strdup (_("The running rules let every incoming connection in"));
        }
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, off ? off->name : "ufw",
                               off ? off->how_to_enable : how_to_install ());
      g_ptr_array_add (results, result);
    }

  firewall_reading_clear (&reading);
}
