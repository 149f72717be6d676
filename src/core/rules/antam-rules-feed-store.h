/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rules/antam-rules-feed.h"
#include "rules/antam-rules.h"

G_BEGIN_DECLS

/* The feeds installed on this PC: in the user's data dir,
 * $XDG_DATA_HOME/antam/rules-feed/, for each team TEAM.feed (the feed as
 * it was checked and installed) and TEAM.json (the key and address it was
 * fetched with, and how the last check went).  The reminder and the app
 * run as the user, so they can keep it current without asking for a
 * password; it is data fetched for An Tâm, not settings anyone writes,
 * and so sits apart from the agency's /etc/antam and the user's own
 * ~/.config/antam/rules.d, which both apply after it. */

typedef enum {
  ANTAM_FEED_CHECK_NEVER,
  ANTAM_FEED_CHECK_UPDATED,        /* a newer feed was installed */
  ANTAM_FEED_CHECK_CURRENT,        /* the installed feed is the newest */
  ANTAM_FEED_CHECK_REFUSED,        /* the server's feed was not installed: see problem */
  ANTAM_FEED_CHECK_UNREACHABLE,    /* no feed came: no network, the server stalled, … */
  ANTAM_N_FEED_CHECKS /*< skip >*/
} AntamFeedCheck;

typedef struct {
  char *team;
  char *rules_url;
  char *rules_key;                 /* the key the installed feed was checked with */
  char *etag;                      /* of the installed feed, for a conditional request */
  char *last_modified;
  GDateTime *checked;              /* the end of the last check; NULL: never */
  AntamFeedCheck outcome;
  char *problem;                   /* for IT staff: why it was refused or unreachable */
  guint64 serial;                  /* of the installed feed; 0: none */
} AntamFeedState;

const char     *antam_feed_check_to_string      (AntamFeedCheck  check);

void            antam_feed_state_free           (AntamFeedState *state);
AntamFeedState *antam_feed_state_load           (const char     *dir,
                                                 const char     *team);
gboolean        antam_feed_state_save           (const AntamFeedState *state,
                                                 const char     *dir,
                                                 GError        **error);

char           *antam_rules_feed_store_dir      (void);
GPtrArray      *antam_rules_feed_store_list     (const char     *dir);
char           *antam_rules_feed_store_path     (const char     *dir,
                                                 const char     *team);
gboolean        antam_rules_feed_store_read     (const char     *dir,
                                                 const char     *team,
                                                 char          **contents,
                                                 gsize          *length,
                                                 GError        **error);
AntamRulesFeed *antam_rules_feed_store_open     (const char     *dir,
                                                 const AntamFeedState *state,
                                                 GError        **error);
gboolean        antam_rules_feed_store_install  (const char     *dir,
                                                 const char     *team,
                                                 const char     *data,
                                                 gsize           length,
                                                 GError        **error);
void            antam_rules_feed_store_forget   (const char     *dir,
                                                 const char     *team);
void            antam_rules_feed_store_add_layer (AntamRules    *rules,
                                                  const char    *dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamFeedState, antam_feed_state_free)

G_END_DECLS
