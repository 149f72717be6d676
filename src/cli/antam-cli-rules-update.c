/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "antam-cli.h"
#include "antam-i18n.h"
#include "util/antam-data-dir.h"
#include "report/antam-rules-feed-update.h"

/* "antam-cli rules update", and the check the reminder makes at login
 * (antam-cli remind).  In the helper: it links libcurl. */

static gboolean
same_strv (char **a,
           char **b)
{
  guint n = a != NULL ? g_strv_length (a) : 0;

  if (n != (b != NULL ? g_strv_length (b) : 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_str_equal (a[i], b[i]))
      return FALSE;
  return TRUE;
}

/* The same rule, whichever file it came from. */
static gboolean
same_rule (const AntamAppRule *a,
           const AntamAppRule *b)
{
  if (g_strcmp0 (a->name, b->name) != 0 || a->severity != b->severity || a->remedy != b->remedy ||
      g_strcmp0 (a->why_vi, b->why_vi) != 0 || g_strcmp0 (a->why_en, b->why_en) != 0 ||
      g_strcmp0 (a->action_vi, b->action_vi) != 0 || g_strcmp0 (a->action_en, b->action_en) != 0 ||
      !same_strv (a->official_domains, b->official_domains) || !same_strv (a->keywords, b->keywords))
    return FALSE;
  for (guint i = 0; i < ANTAM_N_FOOTPRINTS; i++)
    if (!same_strv (a->footprints[i], b->footprints[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_feed_file (AntamRules *rules,
              const char *source)
{
  for (guint i = 0; i < rules->feeds->len; i++)
    if (g_strcmp0 (((AntamRulesFeed *) g_ptr_array_index (rules->feeds, i))->path, source) == 0)
      return TRUE;
  return FALSE;
}

/* What the rules in force gained, changed and lost. */
static void
print_changes (AntamRules *before,
               AntamRules *after)
{
  gboolean any = FALSE;

  for (guint i = 0; i < after->apps->len; i++)
    {
      AntamAppRule *rule = g_ptr_array_index (after->apps, i);
      const AntamAppRule *old = antam_rules_lookup (before, rule->id);

      if (old == NULL)
        /* TRANSLATORS: a rule's id and the app's name */
        g_print (_("  added: %s (%s)\n"), rule->id, rule->name);
      else if (!same_rule (old, rule))
        g_print (_("  changed: %s (%s)\n"), rule->id, rule->name);
      else
        continue;
      any = TRUE;
    }
  for (guint i = 0; i < before->apps->len; i++)
    {
      AntamAppRule *rule = g_ptr_array_index (before->apps, i);

      if (antam_rules_lookup (after, rule->id) == NULL)
        {
          g_print (_("  turned off: %s (%s)\n"), rule->id, rule->name);
          any = TRUE;
        }
    }
  if (!any)
    g_print ("%s\n", _("  The rules in force are the same as before."));
}

/* Rules a feed sets that the agency's or the user's files set again,
 * after it: theirs stay, and whoever runs this should know why. */
static void
print_kept (AntamRules *after,
            const char *store)
{
  g_autoptr(AntamRules) feeds_only = antam_rules_new ();
  g_autofree char *shipped = antam_data_path ("rules", "risky-apps.json", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (g_file_get_contents (shipped, &contents, &length, NULL))
    antam_rules_add_file (feeds_only, shipped, contents, length, NULL);
  antam_rules_feed_store_add_layer (feeds_only, store);

  for (guint i = 0; i < feeds_only->apps->len; i++)
    {
      AntamAppRule *rule = g_ptr_array_index (feeds_only->apps, i);
      const AntamAppRule *final = antam_rules_lookup (after, rule->id);

      if (is_feed_file (feeds_only, rule->source) && final != NULL && g_strcmp0 (final->source, rule->source) != 0)
        /* TRANSLATORS: a rule's id, then the file that sets it */
        g_print (_("  %s: stays as %s sets it; no feed changes what the agency or the user set\n"),
                 rule->id, final->source);
    }
}

static void
print_update (const AntamFeedUpdate *update)
{
  if (!update->checked)
    {
      g_print (_("%s: another An Tâm is checking the feed now; try again in a minute\n"), update->team);
      return;
    }
  switch (update->outcome)
    {
    case ANTAM_FEED_CHECK_UPDATED:
      if (update->old_serial > 0)
        g_print (_("%s: installed feed %" PRIu64 ", in place of feed %" PRIu64 "\n"),
                 update->team, update->new_serial, update->old_serial);
      else
        g_print (_("%s: installed feed %" PRIu64 "\n"), update->team, update->new_serial);
      break;
    case ANTAM_FEED_CHECK_CURRENT:
      g_print (_("%s: feed %" PRIu64 " is the newest; nothing to install\n"),
               update->team, update->new_serial);
      break;
    case ANTAM_FEED_CHECK_REFUSED:
      g_print (_("%s: the server’s feed was refused, and the rules in force stay: %s\n"),
               update->team, update->problem);
      break;
    case ANTAM_FEED_CHECK_UNREACHABLE:
      g_print ("%s: %s\n", update->team, update->problem);
      break;
    case ANTAM_FEED_CHECK_NEVER:
    case ANTAM_N_FEED_CHECKS:
    default:
      g_assert_not_reached ();
    }
}

static GPtrArray *
update_feeds (gboolean only_when_due,
              gboolean quiet)
{
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(AntamContacts) contacts = antam_contacts_load (live);
  g_autoptr(AntamFeedFetchOptions) options = antam_feed_fetch_options_new ();
  g_autofree char *store = antam_rules_feed_store_dir ();

  for (guint i = 0; !quiet && i < contacts->errors->len; i++)
    g_printerr ("antam-cli: %s\n", (const char *) g_ptr_array_index (contacts->errors, i));
  return antam_rules_feed_update (contacts, store, options, only_when_due, NULL);
}

int
antam_cli_rules_update (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— get the teams’ newest rules feeds now"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(AntamRules) before = NULL;
  g_autoptr(AntamRules) after = NULL;
  g_autoptr(GPtrArray) updates = NULL;
  g_autofree char *store = antam_rules_feed_store_dir ();
  gboolean refused = FALSE, unreachable = FALSE, updated = FALSE;

  g_option_context_add_main_entries (context, antam_cli_lang_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return antam_cli_usage_error (context, error->message);
  if (argc != 1)
    return antam_cli_usage_error (context, _("Unexpected argument"));

  before = antam_rules_load (live);
  updates = update_feeds (FALSE, FALSE);
  if (updates->len == 0)
    {
      g_print ("%s\n", _("No team in the contacts publishes a rules feed (rules_url and rules_key)."));
      return ANTAM_EXIT_ALL_OK;
    }

  for (guint i = 0; i < updates->len; i++)
    {
      AntamFeedUpdate *update = g_ptr_array_index (updates, i);

      print_update (update);
      updated |= update->checked && update->outcome == ANTAM_FEED_CHECK_UPDATED;
      refused |= update->checked && update->outcome == ANTAM_FEED_CHECK_REFUSED;
      unreachable |= !update->checked || update->outcome == ANTAM_FEED_CHECK_UNREACHABLE;
    }

  if (updated)
    {
      after = antam_rules_load (live);
      g_print ("\n%s\n", _("What changed in the rules in force:"));
      print_changes (before, after);
      print_kept (after, store);
    }

  if (refused)
    return 1;
  return unreachable ? ANTAM_EXIT_TEMPFAIL : ANTAM_EXIT_ALL_OK;
}

/**
 * antam_cli_rules_update_when_due:
 *
 * For the reminder at login: quietly, and only the feeds due a check.
 */
void
antam_cli_rules_update_when_due (void)
{
  g_autoptr(GPtrArray) updates = update_feeds (TRUE, TRUE);

  for (guint i = 0; i < updates->len; i++)
    {
      AntamFeedUpdate *update = g_ptr_array_index (updates, i);

      if (update->checked)
        g_debug ("Rules feed of %s: %s%s%s", update->team, antam_feed_check_to_string (update->outcome),
                 update->problem != NULL ? ": " : "", update->problem != NULL ? update->problem : "");
    }
}
