/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rules/antam-minisign.h"
#include "rules/antam-rules.h"

G_BEGIN_DECLS

/* A CSIRT's rules feed: one static file that any web server can serve.
 * It is a minisign signature (four lines), then what it signs, a JSON
 * object:
 *
 *   { "schema": "antam.rules-feed/1", "serial": 8,
 *     "issued": "2026-11-21T09:00:00+07:00", "expires": "2027-02-19T09:00:00+07:00",
 *     "rules": { "schema": "antam.rules/1", "apps": [ … ] } }
 *
 * "rules" is a rules file as data/rules and /etc/antam/rules.d hold: it
 * adds, changes ("id" of a known rule) or turns off ("disabled": true)
 * rules, nothing else.  The JSON is parsed only after the signature has
 * been checked against the key the team's contact pins. */

#define ANTAM_RULES_FEED_SCHEMA "antam.rules-feed/1"
/* The rules file it carries may be as large as one in rules.d. */
#define ANTAM_RULES_FEED_MAX_SIZE (4 * 1024 * 1024 + 16 * 1024)
#define ANTAM_RULES_FEED_FILE_NAME "rules.feed"

typedef struct {
  guint64 serial;                /* greater in every newer feed of a team */
  GDateTime *issued;
  GDateTime *expires;
  char *rules;                   /* the rules file it carries (JSON text) */
  char *team;                    /* once installed: the contact id of its team */
  char *path;                    /* once installed: where */
} AntamRulesFeed;

void            antam_rules_feed_free       (AntamRulesFeed              *feed);
AntamRulesFeed *antam_rules_feed_open       (const char                  *data,
                                             gsize                        length,
                                             const AntamMinisignPublicKey *key,
                                             const char                  *display_name,
                                             GError                     **error);
gboolean        antam_rules_feed_is_expired (const AntamRulesFeed        *feed,
                                             GDateTime                   *now);

#ifdef HAVE_LIBSODIUM
char           *antam_rules_feed_make       (const char                  *rules,
                                             gsize                        rules_length,
                                             const char                  *display_name,
                                             guint64                      serial,
                                             GDateTime                   *issued,
                                             GDateTime                   *expires,
                                             const char                  *secret_key,
                                             gsize                        secret_key_length,
                                             const char                  *passphrase,
                                             gsize                       *length,
                                             GError                     **error);
#endif

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamRulesFeed, antam_rules_feed_free)

G_END_DECLS
