/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tally/antam-tally-db.h"

G_BEGIN_DECLS

/* PostgreSQL's half of antam-tally-db.c: antam-tally-db-postgresql.c with
 * libpq, antam-tally-db-no-postgresql.c in a build without it. */

typedef struct _AntamPgConnection AntamPgConnection;
typedef struct _AntamPgResult AntamPgResult;

AntamPgConnection *antam_pg_connect     (const char          *location,
                                         GError             **error);
void               antam_pg_close       (AntamPgConnection   *connection);
gboolean           antam_pg_exec        (AntamPgConnection   *connection,
                                         const char          *sql,
                                         GError             **error);
AntamPgResult     *antam_pg_run         (AntamPgConnection   *connection,
                                         const char          *sql,
                                         const char * const  *params,
                                         guint                n_params,
                                         GError             **error);
guint64            antam_pg_result_changed  (AntamPgResult   *result);
guint              antam_pg_result_n_rows   (AntamPgResult   *result);
const char        *antam_pg_result_get      (AntamPgResult   *result,
                                             guint            row,
                                             guint            column);
void               antam_pg_result_free     (AntamPgResult   *result);

void               antam_tally_set_db_error (GError         **error,
                                             const char      *detail);

G_END_DECLS
