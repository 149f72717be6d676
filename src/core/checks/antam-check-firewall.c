/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-checks-private.h"
#include "antam-device-private.h"
#include "antam-firewall-private.h"

#define CHECK_ID "firewall"
#define NFT_TIMEOUT_MS 5000

/* Lynis looks at iptables and nftables only; most desktops that have a
 * firewall have it through ufw (Ubuntu, Debian with Gufw) or firewalld
 * (Fedora), so each of the three is recognised from its own files. */

typedef enum {
  FIREWALL_ABSENT,      /* not installed */
  FIREWALL_OFF,         /* installed, not filtering */
  FIREWALL_ON,
  FIREWALL_UNREADABLE,
} FirewallState;

typedef struct {
  const char *name;
  FirewallState state;
  char *location;       /* the file that tells */
  char *detail;         /* what we saw, in plain words */
  char *how_to_enable;  /* for OFF */
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

static void
check_ufw (AntamSysroot *sysroot,
           Firewall     *firewall)
{
  const char *path = "/etc/ufw/ufw.conf";
  g_autofree char *contents = NULL;
  g_autofree char *enabled = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  AntamUnitState unit;

  firewall->name = "ufw";
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

  enabled = shell_value (contents, "ENABLED");
  unit = antam_unit_state (sysroot, "ufw.service");

  /* ufw's own boot script loads the rules on systems without systemd; with
   * systemd, a disabled or masked service means no rules after a reboot. */
  if (g_strcmp0 (enabled, "yes") == 0 && (unit == ANTAM_UNIT_ENABLED || unit == ANTAM_UNIT_ABSENT))
    {
      firewall->state = FIREWALL_ON;
      firewall->detail = g_strdup_printf (_("ENABLED=yes in %s, and %s"), path, unit_state_words (unit));
    }
  else if (g_strcmp0 (enabled, "yes") == 0)
    {
      firewall->state = FIREWALL_OFF;
      firewall->detail = g_strdup_printf (_("ENABLED=yes in %s, but %s"), path, unit_state_words (unit));
      firewall->how_to_enable = g_strdup (_("Ask your IT staff to run “sudo systemctl enable --now ufw”."));
    }
  else
    {
      firewall->state = FIREWALL_OFF;
      firewall->detail = g_strdup_printf (_("ufw is installed but turned off (ENABLED=%s in %s)"),
                                          enabled ? enabled : "", path);
      firewall->how_to_enable =
        g_strdup (_("Turn it on: open the “Firewall Configuration” app (Gufw) and switch "
                    "“Status” on, or open Terminal and run “sudo ufw enable”."));
    }
}

static void
check_firewalld (AntamSysroot *sysroot,
                 Firewall     *firewall)
{
  const char *path = "/etc/firewalld/firewalld.conf";
  g_autoptr(AntamIni) ini = NULL;
  g_autoptr(GError) error = NULL;
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
      firewall->how_to_enable = g_strdup (_("Ask your IT staff to run “sudo systemctl enable --now firewalld”."));
    }
  else if (g_str_equal (zone, "trusted"))
    {
      /* The trusted zone accepts every connection: a firewall in name only. */
      firewall->state = FIREWALL_OFF;
      firewall->detail = g_strdup_printf (_("firewalld runs, but its default zone is “%s”, which lets every connection in"),
                                          zone);
      firewall->how_to_enable =
        g_strdup (_("Ask your IT staff to run “sudo firewall-cmd --set-default-zone=public”."));
    }
  else
    {
      firewall->state = FIREWALL_ON;
      firewall->detail = g_strdup_printf (_("firewalld starts at boot; default zone “%s”"), zone);
    }
}

/* Drops "# ..." comments, which nft allows at the end of any line. */
static char *
strip_comments (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *hash = strchr (lines[i], '#');
      if (hash != NULL)
        *hash = '\0';
    }
  return g_strjoinv ("\n", lines);
}

static gboolean
has_word (const char *text,
          const char *word)
{
  gsize len = strlen (word);

  for (const char *p = strstr (text, word); p != NULL; p = strstr (p + 1, word))
    {
      gboolean start_ok = p == text || !(g_ascii_isalnum (p[-1]) || p[-1] == '_' || p[-1] == '-');
      gboolean end_ok = !(g_ascii_isalnum (p[len]) || p[len] == '_' || p[len] == '-');

      if (start_ok && end_ok)
        return TRUE;
    }
  return FALSE;
}

static gboolean
body_has_input_hook (const char *body)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\bhook\\s+input\\b", G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_match (regex, body, 0, NULL);
}

static gboolean
body_filters (const char *body)
{
  g_autoptr(GRegex) policy = g_regex_new ("\\bpolicy\\s+drop\\b", G_REGEX_OPTIMIZE, 0, NULL);

  return g_regex_match (policy, body, 0, NULL) || has_word (body, "drop") || has_word (body, "reject");
}

/**
 * nftables_filters_input:
 *
 * Whether a ruleset text has an input-hook chain that drops something: the
 * stock Debian /etc/nftables.conf hooks input but accepts everything.
 * Each "chain NAME { ... }" body is looked at on its own.
 */
static gboolean
nftables_filters_input (const char *text)
{
  g_autofree char *clean = strip_comments (text);
  g_autoptr(GRegex) chain = g_regex_new ("\\bchain\\s+[^\\s{]+\\s*\\{", G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (chain, clean, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;
      int depth = 1;
      const char *p;
      g_autofree char *body = NULL;

      g_match_info_fetch_pos (match, 0, &start, &end);
      for (p = clean + end; *p != '\0' && depth > 0; p++)
        {
          if (*p == '{')
            depth++;
          else if (*p == '}')
            depth--;
        }
      body = g_strndup (clean + end, p - (clean + end));
      if (body_has_input_hook (body) && body_filters (body))
        return TRUE;
      g_match_info_next (match, NULL);
    }
  return FALSE;
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
  if (!nftables_filters_input (contents))
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
      firewall->how_to_enable = g_strdup (_("Ask your IT staff to run “sudo systemctl enable --now nftables”."));
    }
  else
    {
      firewall->state = FIREWALL_ON;
      firewall->detail = g_strdup_printf (_("%s filters incoming connections, and %s"), path,
                                          unit_state_words (unit));
    }
}

static gboolean
json_is (const cJSON *object,
         const char  *key,
         const char  *value)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  return cJSON_IsString (item) && g_strcmp0 (item->valuestring, value) == 0;
}

static gboolean
expr_has_verdict (const cJSON *node)
{
  const cJSON *child;

  if (node == NULL)
    return FALSE;
  if (cJSON_IsObject (node) &&
      (cJSON_GetObjectItemCaseSensitive (node, "drop") != NULL ||
       cJSON_GetObjectItemCaseSensitive (node, "reject") != NULL))
    return TRUE;
  cJSON_ArrayForEach (child, node)
    if (expr_has_verdict (child))
      return TRUE;
  return FALSE;
}

static void
collect_jumps (const cJSON *node,
               const char  *prefix,
               GQueue      *pending)
{
  const cJSON *child;

  if (node == NULL)
    return;
  if (cJSON_IsObject (node))
    {
      static const char * const verbs[] = { "jump", "goto" };

      for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
        {
          const cJSON *verb = cJSON_GetObjectItemCaseSensitive (node, verbs[i]);
          const cJSON *target = verb ? cJSON_GetObjectItemCaseSensitive (verb, "target") : NULL;

          if (cJSON_IsString (target))
            g_queue_push_tail (pending, g_strdup_printf ("%s/%s", prefix, target->valuestring));
        }
    }
  cJSON_ArrayForEach (child, node)
    collect_jumps (child, prefix, pending);
}

static char *
chain_key (const cJSON *object,
           const char  *name_key)
{
  const cJSON *family = cJSON_GetObjectItemCaseSensitive (object, "family");
  const cJSON *table = cJSON_GetObjectItemCaseSensitive (object, "table");
  const cJSON *name = cJSON_GetObjectItemCaseSensitive (object, name_key);

  if (!cJSON_IsString (family) || !cJSON_IsString (table) || !cJSON_IsString (name))
    return NULL;
  return g_strdup_printf ("%s/%s/%s", family->valuestring, table->valuestring, name->valuestring);
}

/**
 * ruleset_filters_input:
 * @json: the output of `nft -j list ruleset`
 *
 * The running kernel's view, which also covers ufw and firewalld (both end
 * up as nftables rules) and iptables-nft: an input-hook chain with a drop
 * policy, or a drop or reject rule in it or in a chain it jumps to.
 */
static gboolean
ruleset_filters_input (const char *json)
{
  g_autoptr(GHashTable) rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GQueue pending = G_QUEUE_INIT;
  cJSON *root = cJSON_Parse (json);
  const cJSON *entries = root ? cJSON_GetObjectItemCaseSensitive (root, "nftables") : NULL;
  const cJSON *entry;
  gboolean filters = FALSE;

  cJSON_ArrayForEach (entry, entries)
    {
      const cJSON *chain = cJSON_GetObjectItemCaseSensitive (entry, "chain");
      const cJSON *rule = cJSON_GetObjectItemCaseSensitive (entry, "rule");

      if (chain != NULL && json_is (chain, "hook", "input"))
        {
          char *key = chain_key (chain, "name");

          if (json_is (chain, "policy", "drop"))
            filters = TRUE;
          if (key != NULL)
            g_queue_push_tail (&pending, key);
        }
      else if (rule != NULL)
        {
          g_autofree char *key = chain_key (rule, "chain");
          GPtrArray *list;

          if (key == NULL)
            continue;
          list = g_hash_table_lookup (rules, key);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (rules, g_strdup (key), list);
            }
          g_ptr_array_add (list, (gpointer) rule);
        }
    }

  while (!filters && !g_queue_is_empty (&pending))
    {
      char *key = g_queue_pop_head (&pending);
      GPtrArray *list;

      if (!g_hash_table_add (visited, key))
        continue;
      list = g_hash_table_lookup (rules, key);
      for (guint i = 0; list && i < list->len && !filters; i++)
        {
          const cJSON *rule = g_ptr_array_index (list, i);
          const cJSON *expr = cJSON_GetObjectItemCaseSensitive (rule, "expr");
          g_autofree char *prefix = g_strndup (key, strrchr (key, '/') - key);

          if (expr_has_verdict (expr))
            filters = TRUE;
          collect_jumps (expr, prefix, &pending);
        }
    }

  g_queue_clear_full (&pending, g_free);
  cJSON_Delete (root);
  return filters;
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
  *filters = ruleset_filters_input (output);
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
  return _("Install and turn on the firewall: open Terminal and run “sudo apt install gufw”, "
           "then “sudo ufw enable” (or ask your IT staff to). ufw blocks connections from "
           "outside and lets your own programs work as before.");
}

/* What the three firewalls' files and the running rules say, read once
 * for the firewall check and for network-services' ports. */
typedef struct {
  Firewall firewalls[3];
  gboolean running_known;
  gboolean running_filters;
  Firewall *on, *off, *unreadable;
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
 *   "firewalld", "nftables"), %NULL when only the running rules tell
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
  else if (reading.off == NULL && reading.unreadable != NULL)
    state = ANTAM_FIREWALL_UNREADABLE;
  else
    state = ANTAM_FIREWALL_OFF;
  if (name != NULL)
    *name = reading.on ? g_strdup (reading.on->name) : NULL;
  firewall_reading_clear (&reading);
  return state;
}

void
antam_check_firewall (AntamScanContext *context,
                      GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  FirewallReading reading;
  Firewall *on, *off, *unreadable;
  gboolean running_known, running_filters;
  AntamFormFactor form;
  AntamResult *result;

  firewall_reading_init (&reading, sysroot);
  on = reading.on;
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
  else if (off == NULL && unreadable != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                     unreadable->error);
      result = antam_result_new_unknown (CHECK_ID, _("The firewall could not be checked"), error);
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

      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                 off ? _("The firewall is turned off") : _("No firewall is turned on"),
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
