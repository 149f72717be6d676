/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "report/antam-contacts.h"
#include "rules/antam-rules-feed-store.h"

G_BEGIN_DECLS

/* Keeping the installed feeds current: for every team in the contacts
 * with a rules_url, the feed is fetched over HTTPS (a conditional
 * request: ETag, If-Modified-Since), checked, and installed only when it
 * is signed by the team's key, newer than the installed one, and not
 * expired.  Whatever goes wrong, the feed installed before stays.
 *
 * When due: a day after the server last answered, an hour after it could
 * not be reached.  antam-cli remind (at login) and the app check when due;
 * antam-cli rules update checks now. */

typedef struct {
  guint connect_timeout;           /* seconds */
  guint stall_timeout;             /* seconds without a byte */
  guint total_timeout;             /* seconds for the whole download */
  char *ca_file;                   /* NULL: each team's own (ca_file), else the system's */
} AntamFeedFetchOptions;

typedef struct {
  char *team;
  char *team_name;
  gboolean checked;                /* FALSE: not due, or another process was checking */
  AntamFeedCheck outcome;
  guint64 old_serial;              /* 0: none was installed */
  guint64 new_serial;              /* the installed one after the check */
  char *problem;                   /* for IT staff */
} AntamFeedUpdate;

AntamFeedFetchOptions *antam_feed_fetch_options_new  (void);
void                   antam_feed_fetch_options_free (AntamFeedFetchOptions *options);
void                   antam_feed_update_free        (AntamFeedUpdate       *update);

gboolean   antam_feed_state_is_due        (const AntamFeedState        *state,
                                           GDateTime                   *now);
GPtrArray *antam_rules_feed_update        (AntamContacts               *contacts,
                                           const char                  *dir,
                                           const AntamFeedFetchOptions *options,
                                           gboolean                     only_when_due,
                                           GCancellable                *cancellable);
void       antam_rules_feed_update_async  (gboolean                     only_when_due,
                                           GCancellable                *cancellable,
                                           GAsyncReadyCallback          callback,
                                           gpointer                     user_data);
GPtrArray *antam_rules_feed_update_finish (GAsyncResult                *result,
                                           GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamFeedFetchOptions, antam_feed_fetch_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamFeedUpdate, antam_feed_update_free)

G_END_DECLS
