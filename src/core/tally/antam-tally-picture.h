/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tally/antam-tally-store.h"

G_BEGIN_DECLS

/* The province-wide picture: for each machine the newest report that
 * counts (training and invalid reports never do), grouped by unit, with
 * province totals, the trend since the previous tally, and the machines
 * that still have Zoom.  The writers (text, CSV, JSON, HTML, PDF) only
 * present it. */

/* The facts counted per machine; each is a column of the unit table. */
typedef enum {
  ANTAM_TALLY_FACT_OS_UNSUPPORTED,
  ANTAM_TALLY_FACT_SECURITY_UPDATES,
  ANTAM_TALLY_FACT_AUTO_UPDATES_OFF,
  ANTAM_TALLY_FACT_FIREWALL_OFF,
  ANTAM_TALLY_FACT_LAPTOP_UNENCRYPTED,
  ANTAM_TALLY_FACT_UNSAFE_ANSWERS,
  ANTAM_TALLY_FACT_INCIDENTS,
  ANTAM_TALLY_N_FACTS
} AntamTallyFact;

typedef struct {
  guint machines;
  guint fallback_machines;   /* known by unit and host name, not a machine key */
  gint64 last_report;        /* Unix time; 0 when none */
  guint *apps;               /* one count per picture->rules */
  guint facts[ANTAM_TALLY_N_FACTS];
  gint64 pending_since;      /* the oldest start of pending security updates; 0 when none */
} AntamTallyCounts;

typedef struct {
  char *key;
  char *name;                /* the spelling most used */
  AntamTallyCounts counts;
} AntamTallyUnit;

/* A machine to follow up: it still has the app of the rule. */
typedef struct {
  char *unit;
  char *sender_name;
  char *sender_email;
  char *hostname;
  char *report_id;
  gint64 created;
  gboolean installed;        /* FALSE: only leftovers */
  gboolean fallback;
} AntamTallyFollowUp;

typedef struct {
  char *report_id;
  char *unit;
  char *sender_name;
  char *source;
  char *problems;
  gint64 created;
} AntamTallyInvalid;

typedef struct {
  gint64 made;                 /* Unix time */
  char *scope;                 /* the filters, for the trend: "" for none */
  gint64 since;                /* 0: all */
  char *unit_filter;           /* nullable */
  gint64 store_reports;        /* reports in the store when it was made */
  guint n_rules;
  char **rules;                /* rule ids: "zoom" first, then by machines */
  char **rule_names;           /* as the rules name them: "Zoom" */
  GPtrArray *units;            /* AntamTallyUnit, by name */
  AntamTallyCounts totals;
  guint reports_counted;       /* valid, not training, in scope */
  guint reports_superseded;    /* of those: older than their machine's newest */
  guint training_reports;
  GPtrArray *invalid;          /* AntamTallyInvalid */
  GPtrArray *zoom;             /* AntamTallyFollowUp, by unit then date */
  gboolean has_previous;
  gint64 previous_made;
  AntamTallyCounts previous;   /* apps by the rules of this picture */
} AntamTallyPicture;

AntamTallyPicture *antam_tally_picture_build  (GPtrArray          *records,
                                               GHashTable         *rule_names,
                                               gint64              since,
                                               const char         *unit_filter,
                                               gint64              now);
void               antam_tally_picture_free   (AntamTallyPicture  *picture);

const char        *antam_tally_fact_label     (AntamTallyFact      fact);
const char        *antam_tally_fact_key       (AntamTallyFact      fact);

/* The totals as JSON, kept in the store to be the next tally's trend. */
char              *antam_tally_picture_totals_to_json (AntamTallyPicture *picture);
gboolean           antam_tally_picture_set_previous   (AntamTallyPicture *picture,
                                                       const char        *totals,
                                                       gint64             made);

/* Compares (the store, the filters) to earlier tallies and records this
 * one: the whole trend step. */
gboolean           antam_tally_picture_update_trend (AntamTallyPicture *picture,
                                                     AntamTallyStore   *store,
                                                     GError           **error);

/* Writers: each returns the bytes of the whole document. */
GBytes            *antam_tally_picture_to_text (AntamTallyPicture *picture);
GBytes            *antam_tally_picture_to_csv  (AntamTallyPicture *picture);
GBytes            *antam_tally_picture_to_json (AntamTallyPicture *picture);
GBytes            *antam_tally_picture_to_html (AntamTallyPicture *picture);
GBytes            *antam_tally_picture_to_pdf  (AntamTallyPicture *picture,
                                                GError           **error);

/* Shared by the writers: "21/11/2026", "12 days". */
char              *antam_tally_format_date    (gint64              when);
char              *antam_tally_format_pending (const AntamTallyCounts *counts,
                                               gint64              now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamTallyPicture, antam_tally_picture_free)

G_END_DECLS
