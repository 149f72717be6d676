/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tally/antam-json-schema.h"
#include "tally/antam-tally-store.h"

G_BEGIN_DECLS

/* Reads reports from where a CSIRT receives them — a Maildir, an mbox, a
 * folder of .json files, single .json or .eml files, an IMAP mailbox —
 * into the store, and keeps the import summary: for each source, what was
 * added, what was there already, and one line for each thing that could
 * not be read, so that nothing is dropped without a word. */

typedef struct {
  char *source;            /* as given */
  guint messages;          /* messages or files read */
  guint added;
  guint already;           /* the same report id was imported before */
  guint training;          /* of those added: training reports */
  guint invalid;           /* of those added: not valid against the schema */
  guint skipped;           /* messages or files with no report to import */
  guint problems;          /* lines below, including those not kept */
  GPtrArray *lines;        /* char*: the first lines, "WHERE: what" */
  gboolean failed;         /* the source itself could not be read */
} AntamTallySourceSummary;

typedef struct _AntamTallyImport AntamTallyImport;

/* Called for each message an IMAP mailbox gives; see antam-tally-imap.h. */
typedef struct {
  const char *url;
  const char *ca_file;     /* nullable: the system's CAs otherwise */
  char *password;          /* nullable */
} AntamTallyImapOptions;

AntamTallyImport *antam_tally_import_new        (AntamTallyStore    *store,
                                                 AntamJsonSchema    *schema,
                                                 gint64              now);
void              antam_tally_import_free       (AntamTallyImport   *import);

gboolean          antam_tally_import_path       (AntamTallyImport   *import,
                                                 const char         *path,
                                                 GError            **error);
gboolean          antam_tally_import_imap       (AntamTallyImport   *import,
                                                 const AntamTallyImapOptions *options,
                                                 GError            **error);

/* One message, or one JSON document, given as bytes: what the sources
 * above read; also what a fuzz harness calls. */
void              antam_tally_import_message    (AntamTallyImport   *import,
                                                 const char         *data,
                                                 gsize               length,
                                                 const char         *where);
void              antam_tally_import_json       (AntamTallyImport   *import,
                                                 const char         *data,
                                                 gsize               length,
                                                 const char         *where);
gboolean          antam_tally_import_mbox       (AntamTallyImport   *import,
                                                 const char         *data,
                                                 gsize               length,
                                                 const char         *where);

GPtrArray        *antam_tally_import_get_summaries (AntamTallyImport *import);
gboolean          antam_tally_import_finish     (AntamTallyImport   *import,
                                                 GError            **error);
char             *antam_tally_import_format_summary (AntamTallyImport *import);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamTallyImport, antam_tally_import_free)

G_END_DECLS
