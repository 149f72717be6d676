/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The user's settings for reports: whom they go to, who sends them, how
 * they are sent (the mail server's password and a team's access token go
 * to the Secret Service, never to GSettings), and how often to be reminded
 * to check again.  Language and large text stay in the main menu. */

#define ANTAM_TYPE_PREFERENCES_WINDOW (antam_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (AntamPreferencesWindow, antam_preferences_window, ANTAM, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

AntamPreferencesWindow *antam_preferences_window_new (GtkWindow *parent,
                                                      gboolean   training);

G_END_DECLS
