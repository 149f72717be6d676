/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tally/antam-tally-db.h"
#include "tally/antam-tally-report.h"

G_BEGIN_DECLS

/* Every imported report, kept by its report id: importing the same
 * mailbox twice adds nothing.  The tables are the same in SQLite and
 * PostgreSQL; the schema carries its version and is migrated forward
 * when an older database is opened. */

#define ANTAM_TALLY_STORE_VERSION 2

typedef struct _AntamTallyStore AntamTallyStore;

/* What the picture reads of a report: everything but the document. */
typedef struct {
  char *report_id;
  char *machine;           /* the machine key, or the fallback identity */
  gboolean machine_fallback;
  char *hostname;
  char *os_name;
  char *unit;
  char *agency_code;
  char *sender_name;
  char *sender_email;
  gint64 created;
  gboolean training;
  gboolean valid;
  char *problems;          /* nullable: one per line */
  char *source;
  gboolean incident;
  gboolean os_unsupported;
  guint security_updates;
  gboolean auto_updates_off;
  gboolean firewall_off;
  gboolean laptop_unencrypted;
  guint unsafe_answers;
  GPtrArray *apps;         /* AntamTallyApp */
} AntamTallyRecord;

typedef enum {
  ANTAM_TALLY_ADDED,
  ANTAM_TALLY_ALREADY_THERE,
} AntamTallyAddition;

char            *antam_tally_store_default_location (void);
AntamTallyStore *antam_tally_store_open      (const char         *location,
                                              GError            **error);
void             antam_tally_store_close     (AntamTallyStore    *store);
AntamTallyDb    *antam_tally_store_get_db    (AntamTallyStore    *store);
guint            antam_tally_store_get_version (AntamTallyStore  *store);

gboolean         antam_tally_store_begin     (AntamTallyStore    *store,
                                              GError            **error);
gboolean         antam_tally_store_commit    (AntamTallyStore    *store,
                                              GError            **error);
void             antam_tally_store_rollback  (AntamTallyStore    *store);

gboolean         antam_tally_store_add       (AntamTallyStore    *store,
                                              const AntamTallyReport *report,
                                              const char         *source,
                                              gint64              imported,
                                              AntamTallyAddition *addition,
                                              GError            **error);
gboolean         antam_tally_store_has_report (AntamTallyStore *store,
                                               const char      *report_id,
                                               GError         **error);
gint64           antam_tally_store_count     (AntamTallyStore    *store,
                                              GError            **error);
GPtrArray       *antam_tally_store_load      (AntamTallyStore    *store,
                                              GError            **error);
void             antam_tally_record_free     (AntamTallyRecord   *record);

/* The totals of earlier tallies, for the trend: @scope says which
 * filters made them, @reports how many reports the store held. */
char            *antam_tally_store_previous_totals (AntamTallyStore *store,
                                                    const char      *scope,
                                                    gint64           reports,
                                                    gint64          *made,
                                                    GError         **error);
gboolean         antam_tally_store_record_totals   (AntamTallyStore *store,
                                                    const char      *scope,
                                                    gint64           reports,
                                                    gint64           made,
                                                    const char      *totals,
                                                    GError         **error);

/* Where an IMAP mailbox was read up to, so the next run fetches only
 * what arrived since. */
gboolean         antam_tally_store_get_imap_state (AntamTallyStore *store,
                                                   const char      *mailbox,
                                                   char           **uidvalidity,
                                                   guint64         *last_uid,
                                                   GError         **error);
gboolean         antam_tally_store_set_imap_state (AntamTallyStore *store,
                                                   const char      *mailbox,
                                                   const char      *uidvalidity,
                                                   guint64          last_uid,
                                                   GError         **error);

/* Units are grouped by their agency code, or by their name compared
 * without case, spacing, punctuation or diacritics. */
char            *antam_tally_unit_key        (const char         *unit,
                                              const char         *agency_code);
char            *antam_tally_machine_identity (const AntamTallyReport *report,
                                               gboolean              *fallback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamTallyStore, antam_tally_store_close)

G_END_DECLS
