/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads the messages of one IMAP mailbox through libcurl: imaps:// with
 * the certificate verified, or plain imap:// to this computer only.  Only
 * messages after @after_uid are fetched when the mailbox's UIDVALIDITY is
 * still @known_validity, so a daily run reads only what is new. */

typedef gboolean (*AntamImapMessageFunc) (const char *data,
                                          gsize       length,
                                          guint64     uid,
                                          gpointer    user_data);

typedef struct {
  char *scheme;     /* "imap" or "imaps" */
  char *user;       /* nullable */
  char *host;
  int port;         /* -1: the scheme's */
  char *mailbox;    /* decoded, "INBOX" when the URL names none */
  char *base_url;   /* without the user: scheme://host[:port]/MAILBOX */
} AntamImapUrl;

gboolean      antam_imap_url_is_imap   (const char     *text);
AntamImapUrl *antam_imap_url_parse     (const char     *text,
                                        GError        **error);
void          antam_imap_url_free      (AntamImapUrl   *url);

/* The UIDs in a "* SEARCH 1 2 3" response, and the number in
 * "UIDVALIDITY 1234"; what a fuzz harness can call. */
GArray       *antam_imap_parse_search  (const char     *response,
                                        gsize           length);
char         *antam_imap_parse_uidvalidity (const char *response,
                                            gsize       length);

gboolean      antam_imap_fetch         (const char            *url,
                                        const char            *ca_file,
                                        const char            *password,
                                        const char            *known_validity,
                                        guint64                after_uid,
                                        AntamImapMessageFunc   func,
                                        gpointer               user_data,
                                        char                 **validity,
                                        guint64               *last_uid,
                                        GError               **error);

/* The mailbox's password, in the Secret Service. */
gboolean      antam_imap_store_password  (const AntamImapUrl *url,
                                          const char         *password,
                                          GError            **error);
char         *antam_imap_lookup_password (const AntamImapUrl *url,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamImapUrl, antam_imap_url_free)

G_END_DECLS
