/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-cli.h"
#include "antam-cli-notify.h"
#include "antam-cli-outbox.h"
#include "report/antam-outbox.h"
#include "report/antam-send.h"

/* What `antam-cli report` says about sending, one report at a time, in
 * plain words, and the exit code it ends with (README, "Exit codes"). */

static const char *
team_name (AntamContacts    *contacts,
           AntamOutboxEntry *entry)
{
  const AntamContact *contact = contacts ? antam_contacts_lookup (contacts, entry->contact_id) : NULL;

  return contact ? antam_contact_get_name (contact) : entry->recipient;
}

/* A reason said once: when several reports fail alike (the network is
 * down), the second says so in a word instead of repeating it. */
static void
print_reason (GHashTable *said,
              const char *reason)
{
  if (said != NULL && g_hash_table_contains (said, reason))
    {
      g_printerr ("  %s\n", _("For the same reason."));
      return;
    }
  g_printerr ("  %s\n", reason);
  if (said != NULL)
    g_hash_table_add (said, g_strdup (reason));
}

static int
worse (int a,
       int b)
{
  /* What needs the user most comes first. */
  static const int order[] = { ANTAM_EXIT_CONFIG, ANTAM_EXIT_MAYBE_DELIVERED, ANTAM_EXIT_TEMPFAIL,
                               ANTAM_EXIT_CANTCREAT, ANTAM_EXIT_ALL_OK };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (a == order[i] || b == order[i])
      return order[i];
  return MAX (a, b);
}

/**
 * antam_cli_outbox_say:
 * @failure: (nullable): why it was not sent, or %NULL when it was
 * @said: (nullable): the reasons said already in this run
 *
 * Returns: the exit code this outcome calls for
 */
int
antam_cli_outbox_say (AntamOutboxEntry *entry,
                      const GError     *failure,
                      AntamContacts    *contacts,
                      GHashTable       *said)
{
  if (failure == NULL)
    {
      if (entry->state == ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT)
        /* TRANSLATORS: %s is an e-mail address */
        g_print (_("Opened in your mail app, addressed to %s: check it and press Send there.\n"),
                 entry->recipient);
      else if (entry->channel == ANTAM_CHANNEL_HTTPS)
        /* TRANSLATORS: the first %s is the team's name, the second its server's address */
        g_print (_("Sent to %s, to its server %s.\n"), team_name (contacts, entry), entry->recipient);
      else
        /* TRANSLATORS: the first %s is the team's name, the second its e-mail address */
        g_print (_("Sent to %s by e-mail, to %s.\n"), team_name (contacts, entry), entry->recipient);
      if (entry->unrecorded)
        g_printerr ("%s\n", _("This computer could not write down that it was sent (the disk may be full), "
                              "so the outbox shows it as “may have been delivered”."));
      return ANTAM_EXIT_ALL_OK;
    }

  if (g_error_matches (failure, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_MAYBE_DELIVERED))
    {
      /* TRANSLATORS: %s is the report's subject */
      g_printerr (_("May have been delivered: %s\n"), entry->subject);
      print_reason (NULL, failure->message);
      return ANTAM_EXIT_MAYBE_DELIVERED;
    }
  if (antam_send_error_is_permanent (failure))
    {
      /* TRANSLATORS: %s is the report's subject */
      g_printerr (_("Not sent: %s\n"), entry->subject);
      print_reason (said, failure->message);
      g_printerr ("  %s\n", _("It stays in the outbox. Once this is put right, send it with "
                              "“antam-cli report --retry”."));
      return ANTAM_EXIT_CONFIG;
    }
  /* TRANSLATORS: %s is the report's subject */
  g_printerr (_("Not sent yet: %s\n"), entry->subject);
  print_reason (said, failure->message);
  if (said == NULL || !g_hash_table_contains (said, "\x01retry"))
    {
      g_printerr ("  %s\n", _("It stays in the outbox and is sent again by itself: when An Tâm starts, "
                              "at your next login, or with “antam-cli report --retry”."));
      if (said != NULL)
        g_hash_table_add (said, g_strdup ("\x01retry"));
    }
  return ANTAM_EXIT_TEMPFAIL;
}

/* Sends one report now, and says how it went. */
static int
send_one (AntamOutboxEntry      *entry,
          const AntamSendConfig *config,
          AntamContacts         *contacts,
          GHashTable            *said)
{
  g_autoptr(GError) error = NULL;

  if (antam_send_entry (entry, config, NULL, &error))
    return antam_cli_outbox_say (entry, NULL, contacts, said);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
    {
      /* TRANSLATORS: %s is the report's subject */
      g_print (_("Being sent by another program right now: %s\n"), entry->subject);
      return ANTAM_EXIT_ALL_OK;
    }
  return antam_cli_outbox_say (entry, error, contacts, said);
}

/**
 * antam_cli_outbox_retry:
 * @resend_id: (nullable): one report to send now, whatever its state
 * @quiet: say only what was sent and what needs the user
 *
 * `antam-cli report --retry` (and `remind`, quietly): sends what is due,
 * nothing new, and says what waits and why.
 */
int
antam_cli_outbox_retry (const AntamSendConfig *config,
                        AntamContacts         *contacts,
                        const char            *resend_id,
                        gboolean               quiet)
{
  g_autofree char *outbox = antam_outbox_get_default_dir ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GHashTable) said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *settings_key = antam_send_config_get_key (config);
  guint tried = 0, later = 0, damaged = 0;
  int code = ANTAM_EXIT_ALL_OK;

  entries = antam_outbox_list (outbox, &error);
  if (entries == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_TEMPFAIL;
    }

  for (guint i = entries->len; i > 0; i--)
    {
      AntamOutboxEntry *entry = g_ptr_array_index (entries, i - 1);

      if (resend_id != NULL)
        {
          if (!g_str_equal (entry->id, resend_id))
            continue;
          if (entry->state == ANTAM_OUTBOX_DAMAGED)
            {
              g_printerr ("%s\n  %s\n", entry->dir, entry->damage);
              return ANTAM_EXIT_CONFIG;
            }
          tried++;
          code = send_one (entry, config, contacts, said);
          break;
        }
      if (antam_outbox_entry_is_due (entry, now, settings_key))
        {
          tried++;
          code = worse (code, send_one (entry, config, contacts, said));
        }
      else if (entry->state == ANTAM_OUTBOX_DAMAGED)
        {
          damaged++;
          if (!quiet)
            g_printerr ("%s: %s\n  %s\n", antam_outbox_state_display_name (entry->state), entry->dir,
                        entry->damage);
        }
      else if (antam_outbox_entry_is_waiting (entry))
        {
          later++;
          if (!quiet)
            {
              /* TRANSLATORS: the first %s is a state ("May have been
               * delivered"), the second the report's subject */
              g_print (_("%s, not sent again now: %s\n"), antam_outbox_state_display_name (entry->state),
                       entry->subject);
              if (entry->last_error != NULL)
                g_print ("  %s\n", entry->last_error);
              g_print ("  %s\n", _("To send it again now: antam-cli report --resend ID"));
              g_print ("  ID: %s\n", entry->id);
            }
        }
    }

  if (resend_id != NULL && tried == 0)
    {
      /* TRANSLATORS: %s is a report's id */
      g_printerr (_("antam-cli: no report “%s” in the outbox\n"), resend_id);
      return ANTAM_EXIT_USAGE;
    }
  if (tried == 0 && later == 0 && damaged == 0 && !quiet)
    g_print ("%s\n", _("Nothing is waiting in the outbox."));
  antam_outbox_prune (outbox, now);
  return damaged > 0 ? worse (code, ANTAM_EXIT_CONFIG) : code;
}

/* ---- antam-cli report --outbox ------------------------------------------ */

int
antam_cli_outbox_list (AntamContacts *contacts)
{
  g_autofree char *outbox = antam_outbox_get_default_dir ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = antam_outbox_list (outbox, &error);
  if (entries == NULL)
    {
      g_printerr ("antam-cli: %s\n", error->message);
      return ANTAM_EXIT_INTERNAL;
    }
  if (entries->len == 0)
    {
      g_print ("%s\n", _("The outbox is empty: no report was made on this computer yet."));
      return ANTAM_EXIT_ALL_OK;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      AntamOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *when = antam_timestamp_display (entry->sent ? entry->sent : entry->created);

      g_print ("%s — %s", antam_outbox_state_display_name (entry->state), when);
      if (entry->recipient != NULL)
        g_print (" — %s", team_name (contacts, entry));
      g_print ("\n  %s\n", entry->subject);
      if (entry->recipient != NULL)
        /* TRANSLATORS: %s is an e-mail address or a web address */
        g_print ("  %s\n", entry->recipient);
      if (antam_outbox_entry_is_waiting (entry) && entry->attempts > 0)
        {
          g_print ("  ");
          g_print (g_dngettext (GETTEXT_PACKAGE, "Tried %u time.", "Tried %u times.", entry->attempts),
                   entry->attempts);
          if (entry->last_error != NULL)
            g_print (" %s", entry->last_error);
          g_print ("\n");
        }
      if (entry->damage != NULL)
        g_print ("  %s\n  %s\n", entry->damage, entry->dir);
      g_print ("  ID: %s\n", entry->id);
    }
  return ANTAM_EXIT_ALL_OK;
}

/* ---- antam-cli report --send ----------------------------------------------- */

/**
 * antam_cli_outbox_send_new:
 *
 * What waited in the outbox goes first (it is older); then this report is
 * kept in the outbox, and sent.
 */
int
antam_cli_outbox_send_new (AntamReportModel      *model,
                           const AntamSendConfig *config,
                           AntamContacts         *contacts)
{
  g_autofree char *outbox = antam_outbox_get_default_dir ();
  g_autoptr(AntamOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) entries = antam_outbox_list (outbox, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *settings_key = antam_send_config_get_key (config);
  g_autofree char *body = NULL;
  guint sent = 0;
  int code;

  for (guint i = entries ? entries->len : 0; i > 0; i--)
    {
      AntamOutboxEntry *earlier = g_ptr_array_index (entries, i - 1);
      g_autoptr(GError) local_error = NULL;

      if (!antam_outbox_entry_is_due (earlier, now, settings_key))
        continue;
      if (antam_send_entry (earlier, config, NULL, &local_error))
        sent++;
      else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BUSY))
        antam_cli_outbox_say (earlier, local_error, contacts, said);
    }
  if (sent > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Sent %u earlier report from the outbox.\n",
                          "Sent %u earlier reports from the outbox.\n", sent), sent);

  entry = antam_outbox_add_report (outbox, model, config->channel, &error);
  if (entry == NULL)
    {
      g_printerr (_("Not sent: %s\n"), error->message);
      if (g_error_matches (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS))
        return ANTAM_EXIT_CONFIG;
      return ANTAM_EXIT_CANTCREAT;
    }
  if (entry->state == ANTAM_OUTBOX_TRAINING)
    {
      g_print ("%s\n", _("Training report: kept in the outbox, not sent."));
      return ANTAM_EXIT_ALL_OK;
    }

  /* TRANSLATORS: %s is where the outbox is on disk */
  g_print (_("Saved in the outbox: %s\n"), entry->dir);
  if (antam_send_entry (entry, config, NULL, &error))
    code = antam_cli_outbox_say (entry, NULL, contacts, said);
  else
    code = antam_cli_outbox_say (entry, error, contacts, said);

  if (code == ANTAM_EXIT_ALL_OK && entry->state == ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT)
    {
      body = g_strdup_printf (_("Addressed to %s. Check it and press Send in your mail app."), entry->recipient);
      antam_cli_notify (_("Report ready in your mail app"), body, NULL, 0, NULL);
    }
  else if (code == ANTAM_EXIT_ALL_OK)
    {
      /* TRANSLATORS: %s is the team's name */
      body = g_strdup_printf (_("Sent to %s."), team_name (contacts, entry));
      antam_cli_notify (_("Report sent"), body, NULL, 0, NULL);
    }
  else if (code == ANTAM_EXIT_MAYBE_DELIVERED)
    antam_cli_notify (_("Report may have been delivered"), error->message, NULL, 0, NULL);
  else if (code == ANTAM_EXIT_CONFIG)
    antam_cli_notify (_("Report not sent"), error->message, NULL, 0, NULL);
  else
    antam_cli_notify (_("Report not sent yet"), error->message, NULL, 0, NULL);
  return code;
}
