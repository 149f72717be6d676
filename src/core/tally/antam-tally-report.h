/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tally/antam-json-schema.h"

G_BEGIN_DECLS

/* One report as the CSIRT's tally reads it: who sent it, which machine it
 * is about, and the few facts the province-wide picture counts, taken from
 * the results' check ids and statuses (never from their translated
 * texts). */

#define ANTAM_TALLY_ERROR (antam_tally_error_quark ())

typedef enum {
  ANTAM_TALLY_ERROR_NOT_JSON,
  ANTAM_TALLY_ERROR_NOT_A_REPORT,
  ANTAM_TALLY_ERROR_FUTURE_VERSION,
  ANTAM_TALLY_ERROR_NO_REPORT_ID,
  ANTAM_TALLY_ERROR_TOO_LARGE,
  ANTAM_TALLY_ERROR_BROKEN_MESSAGE,
  ANTAM_TALLY_ERROR_NO_REPORT,
  ANTAM_TALLY_ERROR_TRUNCATED,
  ANTAM_TALLY_ERROR_UNREADABLE,
} AntamTallyError;

/* A report larger than this is refused before it is decoded or parsed:
 * a full download folder makes a report of a few megabytes. */
#define ANTAM_TALLY_MAX_REPORT_SIZE (16 * 1024 * 1024)

typedef struct {
  char *rule;          /* the rule id: "zoom", "anydesk" */
  gboolean installed;  /* FALSE when only leftovers were found */
} AntamTallyApp;

typedef struct {
  char *report_id;
  char *machine_key;       /* nullable: older reports have none */
  char *hostname;          /* nullable: withheld */
  char *os_name;
  char *sender_name;
  char *sender_email;
  char *unit;              /* as the sender wrote it */
  char *agency_code;       /* nullable */
  char *created_text;      /* as written */
  gint64 created;          /* Unix time; 0 when unreadable */
  gboolean training;
  gboolean incident;
  GPtrArray *apps;         /* AntamTallyApp: risky apps found (warning or worse) */
  gboolean os_unsupported;
  guint security_updates;  /* pending security updates */
  gboolean auto_updates_off;
  gboolean firewall_off;
  gboolean laptop_unencrypted;
  guint unsafe_answers;
  gboolean older_form;     /* written before the report contract: brought up to date */
  GPtrArray *problems;     /* char*: where the report breaks the schema */
  char *json;              /* the document itself */
} AntamTallyReport;

GQuark            antam_tally_error_quark     (void);

AntamTallyReport *antam_tally_report_parse    (const char        *data,
                                               gsize              length,
                                               const char        *fallback_id,
                                               AntamJsonSchema   *schema,
                                               GError           **error);
void              antam_tally_report_free     (AntamTallyReport  *report);
gboolean          antam_tally_report_is_valid (const AntamTallyReport *report);
const AntamTallyApp *antam_tally_report_find_app (const AntamTallyReport *report,
                                                  const char             *rule);
void              antam_tally_app_free        (AntamTallyApp     *app);

/* What the report's "detail" of a pending update says when it is a
 * security update, in the languages reports are written in. */
gboolean          antam_tally_is_security_detail (const char     *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamTallyReport, antam_tally_report_free)

G_END_DECLS
