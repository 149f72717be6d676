/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The two databases a tally keeps its reports in, behind the same few
 * calls and the same SQL: SQLite, a file for one CSIRT, and PostgreSQL
 * through libpq for a deployment that shares one.  Parameters are written
 * $1, $2… (both read that), passed as text, NULL for SQL NULL. */

typedef struct _AntamTallyDb AntamTallyDb;
typedef struct _AntamTallyRows AntamTallyRows;

typedef enum {
  ANTAM_TALLY_DB_SQLITE,
  ANTAM_TALLY_DB_POSTGRESQL,
} AntamTallyDbKind;

gboolean        antam_tally_db_is_postgresql (const char          *location);
AntamTallyDb   *antam_tally_db_open          (const char          *location,
                                              GError             **error);
void            antam_tally_db_close         (AntamTallyDb        *db);
AntamTallyDbKind antam_tally_db_get_kind     (AntamTallyDb        *db);
const char     *antam_tally_db_get_display_name (AntamTallyDb     *db);

gboolean        antam_tally_db_exec          (AntamTallyDb        *db,
                                              const char          *sql,
                                              GError             **error);
gboolean        antam_tally_db_run           (AntamTallyDb        *db,
                                              const char          *sql,
                                              const char * const  *params,
                                              guint                n_params,
                                              guint64             *changed,
                                              GError             **error);
AntamTallyRows *antam_tally_db_query         (AntamTallyDb        *db,
                                              const char          *sql,
                                              const char * const  *params,
                                              guint                n_params,
                                              GError             **error);

gboolean        antam_tally_rows_next        (AntamTallyRows      *rows);
const char     *antam_tally_rows_get         (AntamTallyRows      *rows,
                                              guint                column);
gint64          antam_tally_rows_get_int     (AntamTallyRows      *rows,
                                              guint                column);
void            antam_tally_rows_free        (AntamTallyRows      *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamTallyDb, antam_tally_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamTallyRows, antam_tally_rows_free)

G_END_DECLS
