/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libpq-fe.h>

#include "tally/antam-tally-db-private.h"

/* The tally's tables in PostgreSQL, through libpq: the same SQL as in
 * SQLite, parameters as text, the server working out their types. */

AntamPgConnection *
antam_pg_connect (const char  *location,
                  GError     **error)
{
  PGconn *connection = PQconnectdb (location);

  if (PQstatus (connection) != CONNECTION_OK)
    {
      antam_tally_set_db_error (error, PQerrorMessage (connection));
      PQfinish (connection);
      return NULL;
    }
  /* Only warnings and errors reach us; notices stay quiet. */
  PQclear (PQexec (connection, "SET client_min_messages TO WARNING"));
  return (AntamPgConnection *) connection;
}

void
antam_pg_close (AntamPgConnection *connection)
{
  PQfinish ((PGconn *) connection);
}

static gboolean
succeeded (PGresult  *result,
           GError   **error)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  antam_tally_set_db_error (error, PQresultErrorMessage (result));
  return FALSE;
}

gboolean
antam_pg_exec (AntamPgConnection  *connection,
               const char         *sql,
               GError            **error)
{
  PGresult *result = PQexec ((PGconn *) connection, sql);
  gboolean ok = succeeded (result, error);

  PQclear (result);
  return ok;
}

AntamPgResult *
antam_pg_run (AntamPgConnection   *connection,
              const char          *sql,
              const char * const  *params,
              guint                n_params,
              GError             **error)
{
  PGresult *result = PQexecParams ((PGconn *) connection, sql, (int) n_params, NULL, params, NULL, NULL, 0);

  if (!succeeded (result, error))
    {
      PQclear (result);
      return NULL;
    }
  return (AntamPgResult *) result;
}

guint64
antam_pg_result_changed (AntamPgResult *result)
{
  return g_ascii_strtoull (PQcmdTuples ((PGresult *) result), NULL, 10);
}

guint
antam_pg_result_n_rows (AntamPgResult *result)
{
  return (guint) PQntuples ((PGresult *) result);
}

const char *
antam_pg_result_get (AntamPgResult *result,
                     guint          row,
                     guint          column)
{
  PGresult *pg = (PGresult *) result;

  return PQgetisnull (pg, (int) row, (int) column) ? NULL : PQgetvalue (pg, (int) row, (int) column);
}

void
antam_pg_result_free (AntamPgResult *result)
{
  PQclear ((PGresult *) result);
}
