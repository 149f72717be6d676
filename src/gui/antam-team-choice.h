/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "report/antam-contacts.h"

G_BEGIN_DECLS

/* Which team reports go to, chosen the same way in Preferences and in the
 * report: the installed teams, then another team by its e-mail address;
 * until the user chooses, the agency's team. */

AntamContacts *antam_team_choice_load      (GSettings     *settings);
GtkStringList *antam_team_choice_names     (AntamContacts *contacts);
guint          antam_team_choice_selected  (AntamContacts *contacts,
                                            GSettings     *settings,
                                            gboolean      *missing);
void           antam_team_choice_remember  (GSettings          *settings,
                                            const AntamContact *contact);
void           antam_team_choice_update_other (AntamContacts *contacts,
                                            GSettings     *settings);

G_END_DECLS
