/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "antam-cli.h"
#include "antam-i18n.h"
#include "util/antam-data-dir.h"
#include "scan/antam-scan.h"
#include "rules/antam-rules-feed-store.h"
#include "rules/antam-rules.h"

static int
rules_check (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — validate a rules file"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamRules) rules = antam_rules_new ();
  g_autofree char *contents = NULL;
  gsize length;

  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 2)
    return antam_cli_usage_error (context, _("Usage: antam-cli rules check FILE"));

  if (!g_file_get_contents (argv[1], &contents, &length, &error) ||
      !antam_rules_add_file (rules, argv[1], contents, length, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: valid, %u app rule\n", "%s: valid, %u app rules\n",
                        rules->apps->len),
           argv[1], rules->apps->len);
  return 0;
}

/* Where a rule in force comes from, in the order they apply. */
typedef enum {
  LAYER_SHIPPED,
  LAYER_FEED,
  LAYER_AGENCY,
  LAYER_USER,
} Layer;

static const char * const layer_names[] = { "shipped", "feed", "agency", "user" };

static Layer
layer_of (const AntamRules *rules,
          const char       *source)
{
  g_autofree char *shipped = antam_data_path ("rules", "risky-apps.json", NULL);

  if (g_strcmp0 (source, shipped) == 0)
    return LAYER_SHIPPED;
  for (guint i = 0; i < rules->feeds->len; i++)
    if (g_strcmp0 (source, ((AntamRulesFeed *) g_ptr_array_index (rules->feeds, i))->path) == 0)
      return LAYER_FEED;
  if (g_str_has_prefix (source, "/etc/antam/"))
    return LAYER_AGENCY;
  return LAYER_USER;
}

static const AntamRulesFeed *
find_feed (const AntamRules *rules,
           const char       *team)
{
  for (guint i = 0; i < rules->feeds->len; i++)
    {
      AntamRulesFeed *feed = g_ptr_array_index (rules->feeds, i);
      if (g_str_equal (feed->team, team))
        return feed;
    }
  return NULL;
}

static char *
format_time (GDateTime *time)
{
  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
}

static char *
format_day (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%d");
}

static void
add_time (cJSON      *object,
          const char *key,
          GDateTime  *time)
{
  g_autofree char *text = format_time (time);

  if (text != NULL)
    cJSON_AddStringToObject (object, key, text);
}

static void
print_json (AntamRules *rules,
            GPtrArray  *states,
            GDateTime  *now)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *feeds = cJSON_AddArrayToObject (root, "feeds");
  cJSON *list = cJSON_AddArrayToObject (root, "rules");
  cJSON *errors = cJSON_AddArrayToObject (root, "errors");
  char *text;

  for (guint i = 0; i < states->len; i++)
    {
      AntamFeedState *state = g_ptr_array_index (states, i);
      const AntamRulesFeed *feed = find_feed (rules, state->team);
      cJSON *object = cJSON_CreateObject ();

      cJSON_AddStringToObject (object, "team", state->team);
      if (feed != NULL)
        {
          cJSON_AddNumberToObject (object, "serial", (double) feed->serial);
          add_time (object, "issued", feed->issued);
          add_time (object, "expires", feed->expires);
          cJSON_AddBoolToObject (object, "expired", antam_rules_feed_is_expired (feed, now));
          cJSON_AddStringToObject (object, "path", feed->path);
        }
      add_time (object, "checked", state->checked);
      cJSON_AddStringToObject (object, "outcome", antam_feed_check_to_string (state->outcome));
      if (state->problem != NULL)
        cJSON_AddStringToObject (object, "problem", state->problem);
      cJSON_AddItemToArray (feeds, object);
    }

  for (guint i = 0; i < rules->apps->len; i++)
    {
      AntamAppRule *rule = g_ptr_array_index (rules->apps, i);
      cJSON *object = cJSON_CreateObject ();

      cJSON_AddStringToObject (object, "id", rule->id);
      cJSON_AddStringToObject (object, "name", rule->name);
      cJSON_AddStringToObject (object, "severity", antam_status_to_string (rule->severity));
      cJSON_AddStringToObject (object, "source", rule->source);
      cJSON_AddStringToObject (object, "layer", layer_names[layer_of (rules, rule->source)]);
      cJSON_AddItemToArray (list, object);
    }

  for (guint i = 0; i < rules->errors->len; i++)
    cJSON_AddItemToArray (errors, cJSON_CreateString (g_ptr_array_index (rules->errors, i)));

  text = cJSON_Print (root);
  g_print ("%s\n", text);
  cJSON_free (text);
  cJSON_Delete (root);
}

static void
print_feed_line (AntamFeedState       *state,
                 const AntamRulesFeed *feed,
                 GDateTime            *now)
{
  g_autofree char *checked = state->checked != NULL ? format_time (state->checked) : NULL;

  if (feed != NULL)
    {
      g_autofree char *issued = format_day (feed->issued);
      g_autofree char *expires = format_day (feed->expires);

      if (antam_rules_feed_is_expired (feed, now))
        /* TRANSLATORS: a team's id, its feed's number, the day it was issued, the day it expired */
        g_print (_("  %s: feed %" PRIu64 ", issued %s, EXPIRED on %s"),
                 state->team, feed->serial, issued, expires);
      else
        /* TRANSLATORS: a team's id, its feed's number, the day it was issued, the day it expires */
        g_print (_("  %s: feed %" PRIu64 ", issued %s, expires %s"),
                 state->team, feed->serial, issued, expires);
    }
  else
    g_print (_("  %s: no feed installed"), state->team);
  g_print ("\n");
  if (checked != NULL)
    g_print (_("      last checked %s: %s\n"), checked, antam_feed_check_to_string (state->outcome));
  if (state->problem != NULL)
    g_print ("      %s\n", state->problem);
}

static void
print_text (AntamRules *rules,
            GPtrArray  *states,
            GDateTime  *now)
{
  if (states->len > 0)
    {
      g_print ("%s\n", _("Rules feeds of the incident response teams:"));
      for (guint i = 0; i < states->len; i++)
        {
          AntamFeedState *state = g_ptr_array_index (states, i);
          print_feed_line (state, find_feed (rules, state->team), now);
        }
      g_print ("\n");
    }

  g_print ("%s\n", _("Rules in force, in the order they are checked:"));
  for (guint i = 0; i < rules->apps->len; i++)
    {
      AntamAppRule *rule = g_ptr_array_index (rules->apps, i);

      g_print ("  %-16s %-20s %-8s %s\n", rule->id, rule->name, antam_status_to_string (rule->severity),
               rule->source);
    }

  if (rules->errors->len > 0)
    {
      g_print ("\n%s\n", _("Not used, because of a mistake:"));
      for (guint i = 0; i < rules->errors->len; i++)
        g_print ("  %s\n", (const char *) g_ptr_array_index (rules->errors, i));
    }
}

static int
rules_list (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the rules in force and where each comes from"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GDateTime) now = antam_scan_now ();
  g_autofree char *store = antam_rules_feed_store_dir ();
  g_autofree char *root = NULL;
  g_autofree char *home = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, N_("The rules a check of the system under DIR uses"), N_("DIR") },
    { "home", 0, 0, G_OPTION_ARG_FILENAME, &home, N_("Read the user's home from DIR"), N_("DIR") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 1)
    return antam_cli_usage_error (context, _("Unexpected argument"));

  sysroot = root != NULL ? antam_sysroot_new (root, home, &error) : antam_sysroot_new_live ();
  if (sysroot == NULL)
    return antam_cli_usage_error (context, error->message);
  rules = antam_rules_load (sysroot);
  states = antam_rules_feed_store_list (store);

  if (json)
    print_json (rules, states, now);
  else
    print_text (rules, states, now);
  return 0;
}

/* "update" is the helper's (antam-cli-report), which links libcurl: see
 * run_helper() in antam-cli.c. */
int
antam_cli_rules (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *command = antam_cli_take_subcommand (&argc, &argv);
  char *option_argv[] = { (char *) "rules", (char *) command, NULL };

  if (g_strcmp0 (command, "check") == 0)
    return rules_check (argc, argv);
  if (g_strcmp0 (command, "list") == 0)
    return rules_list (argc, argv);
  if (g_strcmp0 (command, "keygen") == 0)
    return antam_cli_rules_keygen (argc, argv);
  if (g_strcmp0 (command, "publish") == 0)
    return antam_cli_rules_publish (argc, argv);

  /* No command, or --help: the commands, and --lang. */
  context = g_option_context_new (_("COMMAND — the rules of what is risky"));
  g_option_context_set_summary (context,
                                "  antam-cli rules check FILE\n"
                                "  antam-cli rules list [--json]\n"
                                "  antam-cli rules update\n"
                                "  antam-cli rules keygen -o DIR [--passphrase-file FILE]\n"
                                "  antam-cli rules publish RULES.json --key SECRET -o DIR [--serial N] [--valid-days DAYS]");
  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (command != NULL && command[0] != '-')
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “rules %s”"), command);
      return antam_cli_usage_error (context, message);
    }
  if (command != NULL)
    {
      argc = 2;
      argv = option_argv;
    }
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  return antam_cli_usage_error (context, _("A command is needed: check, list, update, keygen or publish"));
}
