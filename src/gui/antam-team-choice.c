/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-team-choice.h"

/**
 * antam_team_choice_load:
 * @settings: (nullable): the app's settings
 *
 * The teams installed on this machine (the agency's, also in training),
 * and last the one the user may give by its address.
 */
AntamContacts *
antam_team_choice_load (GSettings *settings)
{
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  AntamContacts *contacts = antam_contacts_load (live);
  g_autofree char *email = settings ? g_settings_get_string (settings, "report-contact-email") : NULL;

  antam_contacts_add_other (contacts, email);
  return contacts;
}

GtkStringList *
antam_team_choice_names (AntamContacts *contacts)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < contacts->contacts->len; i++)
    gtk_string_list_append (names, antam_contact_get_name (g_ptr_array_index (contacts->contacts, i)));
  return names;
}

static guint
index_of (AntamContacts *contacts,
          const char    *id)
{
  for (guint i = 0; id != NULL && i < contacts->contacts->len; i++)
    if (g_str_equal (((AntamContact *) g_ptr_array_index (contacts->contacts, i))->id, id))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/**
 * antam_team_choice_selected:
 * @missing: (out) (optional): set when the team chosen before is gone
 *
 * Returns: the position of the team to show selected: the user's choice,
 *   or until there is one (or when it is gone) the agency's team
 */
guint
antam_team_choice_selected (AntamContacts *contacts,
                            GSettings     *settings,
                            gboolean      *missing)
{
  guint index = GTK_INVALID_LIST_POSITION;
  g_autoptr(GVariant) chosen_before = NULL;

  if (missing != NULL)
    *missing = FALSE;
  /* A team set before this was asked counts as chosen; so does one the
   * agency set as the settings' default, when its files name none. */
  if (settings != NULL)
    chosen_before = g_settings_get_user_value (settings, "report-contact");
  if (settings != NULL && (g_settings_get_boolean (settings, "report-contact-chosen") || chosen_before != NULL ||
      contacts->default_id == NULL))
    {
      g_autofree char *id = g_settings_get_string (settings, "report-contact");

      index = index_of (contacts, id);
      if (missing != NULL)
        *missing = index == GTK_INVALID_LIST_POSITION;
    }
  if (index == GTK_INVALID_LIST_POSITION)
    index = index_of (contacts, antam_contacts_get_default_id (contacts));
  return index == GTK_INVALID_LIST_POSITION ? 0 : index;
}

void
antam_team_choice_remember (GSettings          *settings,
                            const AntamContact *contact)
{
  if (settings == NULL || contact == NULL)
    return;
  g_settings_set_string (settings, "report-contact", contact->id);
  g_settings_set_boolean (settings, "report-contact-chosen", TRUE);
}

/* The address typed for the other team, as it is now. */
void
antam_team_choice_update_other (AntamContacts *contacts,
                                GSettings     *settings)
{
  g_autofree char *email = settings ? g_settings_get_string (settings, "report-contact-email") : NULL;
  AntamContact *other = (AntamContact *) antam_contacts_lookup (contacts, ANTAM_OTHER_CONTACT);

  if (other != NULL)
    antam_contact_set_other_email (other, email);
}
