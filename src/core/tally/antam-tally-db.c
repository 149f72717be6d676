/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tally/antam-tally-db-private.h"
#include "tally/antam-tally-report.h"

struct _AntamTallyDb {
  AntamTallyDbKind kind;
  char *display_name;      /* the file, or the server without the password */
  sqlite3 *sqlite;
  GHashTable *statements;  /* SQL text → sqlite3_stmt, prepared once */
  AntamPgConnection *pg;
};

struct _AntamTallyRows {
  AntamTallyDb *db;
  sqlite3_stmt *statement;  /* borrowed from db->statements */
  AntamPgResult *result;
  int row;                  /* PostgreSQL: the current row */
};

gboolean
antam_tally_db_is_postgresql (const char *location)
{
  return location != NULL && (g_str_has_prefix (location, "postgresql://") ||
                              g_str_has_prefix (location, "postgres://"));
}

void
antam_tally_set_db_error (GError     **error,
                          const char  *detail)
{
  g_autofree char *clean = g_strstrip (g_utf8_make_valid (detail ? detail : "", -1));

  /* TRANSLATORS: %s is the database's own message, for the IT staff */
  g_set_error (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_UNREADABLE, _("Database error: %s"), clean);
}

/* A file only its owner reads: it holds who reported what about which
 * machine.  Created 0600 before SQLite opens it, and made so if it was
 * not; SQLite gives its journal the same mode. */
static gboolean
prepare_private_file (const char  *path,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fchmod (fd, 0600) != 0)
    g_debug ("fchmod %s: %s", path, g_strerror (errno));
  close (fd);
  return TRUE;
}

/* "postgresql://user:secret@host/db" → "postgresql://user@host/db". */
static char *
hide_password (const char *location)
{
  g_autoptr(GUri) uri = g_uri_parse (location, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);

  if (uri == NULL)
    return g_strdup ("postgresql://…");
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_user (uri),
                     g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
}

/**
 * antam_tally_db_open:
 * @location: a file for SQLite, or a postgresql:// URI for libpq
 */
AntamTallyDb *
antam_tally_db_open (const char  *location,
                     GError     **error)
{
  g_autoptr(AntamTallyDb) db = g_new0 (AntamTallyDb, 1);

  if (antam_tally_db_is_postgresql (location))
    {
      db->kind = ANTAM_TALLY_DB_POSTGRESQL;
      db->display_name = hide_password (location);
      db->pg = antam_pg_connect (location, error);
      return db->pg != NULL ? g_steal_pointer (&db) : NULL;
    }

  db->kind = ANTAM_TALLY_DB_SQLITE;
  db->display_name = g_strdup (location);
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) sqlite3_finalize);
  /* ":memory:" is SQLite's database without a file, for the tests. */
  if (!g_str_equal (location, ":memory:") && !prepare_private_file (location, error))
    return NULL;
  if (sqlite3_open_v2 (location, &db->sqlite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
    {
      antam_tally_set_db_error (error, db->sqlite ? sqlite3_errmsg (db->sqlite) : NULL);
      return NULL;
    }
  sqlite3_busy_timeout (db->sqlite, 10000);
  if (!antam_tally_db_exec (db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", error))
    return NULL;
  return g_steal_pointer (&db);
}

void
antam_tally_db_close (AntamTallyDb *db)
{
  if (db == NULL)
    return;
  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->sqlite != NULL)
    sqlite3_close (db->sqlite);
  if (db->pg != NULL)
    antam_pg_close (db->pg);
  g_free (db->display_name);
  g_free (db);
}

AntamTallyDbKind
antam_tally_db_get_kind (AntamTallyDb *db)
{
  return db->kind;
}

const char *
antam_tally_db_get_display_name (AntamTallyDb *db)
{
  return db->display_name;
}

gboolean
antam_tally_db_exec (AntamTallyDb  *db,
                     const char    *sql,
                     GError       **error)
{
  if (db->kind == ANTAM_TALLY_DB_POSTGRESQL)
    return antam_pg_exec (db->pg, sql, error);
  else
    {
      char *message = NULL;

      if (sqlite3_exec (db->sqlite, sql, NULL, NULL, &message) != SQLITE_OK)
        {
          antam_tally_set_db_error (error, message);
          sqlite3_free (message);
          return FALSE;
        }
      return TRUE;
    }
}

static sqlite3_stmt *
sqlite_prepare (AntamTallyDb        *db,
                const char          *sql,
                const char * const  *params,
                guint                n_params,
                GError             **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (db->statements, sql);

  if (statement == NULL)
    {
      if (sqlite3_prepare_v2 (db->sqlite, sql, -1, &statement, NULL) != SQLITE_OK)
        {
          antam_tally_set_db_error (error, sqlite3_errmsg (db->sqlite));
          return NULL;
        }
      g_hash_table_insert (db->statements, g_strdup (sql), statement);
    }
  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
  for (guint i = 0; i < n_params; i++)
    {
      char name[16];
      int index;

      g_snprintf (name, sizeof name, "$%u", i + 1);
      index = sqlite3_bind_parameter_index (statement, name);
      if (index == 0)
        continue;
      if (params[i] == NULL)
        sqlite3_bind_null (statement, index);
      else
        sqlite3_bind_text (statement, index, params[i], -1, SQLITE_TRANSIENT);
    }
  return statement;
}

gboolean
antam_tally_db_run (AntamTallyDb        *db,
                    const char          *sql,
                    const char * const  *params,
                    guint                n_params,
                    guint64             *changed,
                    GError             **error)
{
  if (db->kind == ANTAM_TALLY_DB_POSTGRESQL)
    {
      AntamPgResult *result = antam_pg_run (db->pg, sql, params, n_params, error);

      if (result == NULL)
        return FALSE;
      if (changed != NULL)
        *changed = antam_pg_result_changed (result);
      antam_pg_result_free (result);
      return TRUE;
    }
  else
    {
      sqlite3_stmt *statement = sqlite_prepare (db, sql, params, n_params, error);
      int code;

      if (statement == NULL)
        return FALSE;
      while ((code = sqlite3_step (statement)) == SQLITE_ROW)
        ;
      if (code != SQLITE_DONE)
        {
          antam_tally_set_db_error (error, sqlite3_errmsg (db->sqlite));
          sqlite3_reset (statement);
          return FALSE;
        }
      if (changed != NULL)
        *changed = (guint64) sqlite3_changes (db->sqlite);
      sqlite3_reset (statement);
      return TRUE;
    }
}

AntamTallyRows *
antam_tally_db_query (AntamTallyDb        *db,
                      const char          *sql,
                      const char * const  *params,
                      guint                n_params,
                      GError             **error)
{
  AntamTallyRows *rows = g_new0 (AntamTallyRows, 1);

  rows->db = db;
  rows->row = -1;
  if (db->kind == ANTAM_TALLY_DB_POSTGRESQL)
    rows->result = antam_pg_run (db->pg, sql, params, n_params, error);
  else
    rows->statement = sqlite_prepare (db, sql, params, n_params, error);
  if (rows->result == NULL && rows->statement == NULL)
    {
      g_free (rows);
      return NULL;
    }
  return rows;
}

gboolean
antam_tally_rows_next (AntamTallyRows *rows)
{
  if (rows->result != NULL)
    return (guint) ++rows->row < antam_pg_result_n_rows (rows->result);
  return sqlite3_step (rows->statement) == SQLITE_ROW;
}

const char *
antam_tally_rows_get (AntamTallyRows *rows,
                      guint           column)
{
  if (rows->result != NULL)
    return antam_pg_result_get (rows->result, (guint) rows->row, column);
  return (const char *) sqlite3_column_text (rows->statement, (int) column);
}

gint64
antam_tally_rows_get_int (AntamTallyRows *rows,
                          guint           column)
{
  if (rows->result != NULL)
    {
      const char *text = antam_tally_rows_get (rows, column);
      return text ? g_ascii_strtoll (text, NULL, 10) : 0;
    }
  return sqlite3_column_int64 (rows->statement, (int) column);
}

void
antam_tally_rows_free (AntamTallyRows *rows)
{
  if (rows == NULL)
    return;
  if (rows->result != NULL)
    antam_pg_result_free (rows->result);
  if (rows->statement != NULL)
    sqlite3_reset (rows->statement);
  g_free (rows);
}
