/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Preferences: which list of risky apps each incident response team has
 * given this computer (its number, when it was issued, until when it is
 * good), when An Tâm last looked for a newer one, and a button to look now. */

#define ANTAM_TYPE_RULES_FEED_GROUP (antam_rules_feed_group_get_type ())
G_DECLARE_FINAL_TYPE (AntamRulesFeedGroup, antam_rules_feed_group, ANTAM, RULES_FEED_GROUP, AdwPreferencesGroup)

void      antam_rules_feed_group_reload       (AntamRulesFeedGroup *self);
gboolean  antam_rules_feed_group_is_busy      (AntamRulesFeedGroup *self);
GPtrArray *antam_rules_feed_group_get_rows    (AntamRulesFeedGroup *self);

G_END_DECLS
