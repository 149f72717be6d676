/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tally/antam-tally-store.h"

struct _AntamTallyStore {
  AntamTallyDb *db;
  guint version;
};

/* Each step takes the schema from the version before it to its own; the
 * SQL is the same for SQLite and PostgreSQL.  Never edit a step that has
 * shipped: add one. */
static const char * const migrations[] = {
  /* 1: the reports, the risky apps each found, and earlier tallies */
  "CREATE TABLE reports ("
  " report_id TEXT PRIMARY KEY,"
  " machine TEXT NOT NULL,"
  " machine_fallback INTEGER NOT NULL,"
  " machine_key TEXT,"
  " hostname TEXT,"
  " os_name TEXT,"
  " unit TEXT,"
  " agency_code TEXT,"
  " sender_name TEXT,"
  " sender_email TEXT,"
  " created BIGINT NOT NULL,"
  " created_text TEXT,"
  " training INTEGER NOT NULL,"
  " valid INTEGER NOT NULL,"
  " problems TEXT,"
  " incident INTEGER NOT NULL,"
  " os_unsupported INTEGER NOT NULL,"
  " security_updates INTEGER NOT NULL,"
  " auto_updates_off INTEGER NOT NULL,"
  " firewall_off INTEGER NOT NULL,"
  " laptop_unencrypted INTEGER NOT NULL,"
  " unsafe_answers INTEGER NOT NULL,"
  " imported BIGINT NOT NULL,"
  " source TEXT,"
  " document TEXT NOT NULL);"
  "CREATE INDEX reports_machine ON reports (machine, created);"
  "CREATE TABLE report_apps ("
  " report_id TEXT NOT NULL REFERENCES reports (report_id),"
  " rule TEXT NOT NULL,"
  " installed INTEGER NOT NULL,"
  " PRIMARY KEY (report_id, rule));"
  "CREATE TABLE tallies ("
  " scope TEXT NOT NULL,"
  " reports BIGINT NOT NULL,"
  " made BIGINT NOT NULL,"
  " totals TEXT NOT NULL,"
  " PRIMARY KEY (scope, reports));",

  /* 2: where each IMAP mailbox was read up to */
  "CREATE TABLE imap_state ("
  " mailbox TEXT PRIMARY KEY,"
  " uidvalidity TEXT NOT NULL,"
  " last_uid BIGINT NOT NULL);"
  "CREATE INDEX reports_created ON reports (created);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ANTAM_TALLY_STORE_VERSION);

char *
antam_tally_store_default_location (void)
{
  return g_build_filename (g_get_user_data_dir (), "antam", "tally.sqlite", NULL);
}

static gboolean
migrate (AntamTallyStore  *store,
         GError          **error)
{
  g_autoptr(AntamTallyRows) rows = NULL;
  gint64 version = -1;

  if (!antam_tally_db_exec (store->db, "CREATE TABLE IF NOT EXISTS antam_schema (version INTEGER NOT NULL)", error) ||
      !antam_tally_db_exec (store->db, "BEGIN", error))
    return FALSE;

  rows = antam_tally_db_query (store->db, "SELECT version FROM antam_schema", NULL, 0, error);
  if (rows == NULL)
    goto failed;
  if (antam_tally_rows_next (rows))
    version = antam_tally_rows_get_int (rows, 0);
  g_clear_pointer (&rows, antam_tally_rows_free);
  if (version < 0)
    {
      if (!antam_tally_db_exec (store->db, "INSERT INTO antam_schema (version) VALUES (0)", error))
        goto failed;
      version = 0;
    }

  if (version > ANTAM_TALLY_STORE_VERSION)
    {
      g_set_error (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_UNREADABLE,
                   _("The database “%s” was made by a newer An Tâm (version %d of its tables; this one knows "
                     "up to %d): update An Tâm"),
                   antam_tally_db_get_display_name (store->db), (int) version, ANTAM_TALLY_STORE_VERSION);
      goto failed;
    }

  for (; version < ANTAM_TALLY_STORE_VERSION; version++)
    {
      g_autofree char *update = g_strdup_printf ("UPDATE antam_schema SET version = %d", (int) version + 1);

      if (!antam_tally_db_exec (store->db, migrations[version], error) ||
          !antam_tally_db_exec (store->db, update, error))
        goto failed;
    }
  store->version = (guint) version;
  return antam_tally_db_exec (store->db, "COMMIT", error);

failed:
  antam_tally_db_exec (store->db, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * antam_tally_store_open:
 * @location: (nullable): a file, a postgresql:// URI, or %NULL for the
 *   file in the user's data dir
 */
AntamTallyStore *
antam_tally_store_open (const char  *location,
                        GError     **error)
{
  g_autofree char *fallback = location ? NULL : antam_tally_store_default_location ();
  g_autoptr(AntamTallyStore) store = g_new0 (AntamTallyStore, 1);

  store->db = antam_tally_db_open (location ? location : fallback, error);
  if (store->db == NULL || !migrate (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

void
antam_tally_store_close (AntamTallyStore *store)
{
  if (store == NULL)
    return;
  g_clear_pointer (&store->db, antam_tally_db_close);
  g_free (store);
}

AntamTallyDb *
antam_tally_store_get_db (AntamTallyStore *store)
{
  return store->db;
}

guint
antam_tally_store_get_version (AntamTallyStore *store)
{
  return store->version;
}

gboolean
antam_tally_store_begin (AntamTallyStore  *store,
                         GError          **error)
{
  return antam_tally_db_exec (store->db, "BEGIN", error);
}

gboolean
antam_tally_store_commit (AntamTallyStore  *store,
                          GError          **error)
{
  return antam_tally_db_exec (store->db, "COMMIT", error);
}

void
antam_tally_store_rollback (AntamTallyStore *store)
{
  antam_tally_db_exec (store->db, "ROLLBACK", NULL);
}

/* ---- Units and machines ---------------------------------------------------- */

/**
 * antam_tally_unit_key:
 *
 * Returns: "#CODE" for an agency code; otherwise the name folded: no
 *   diacritics (đ is d), lower case, words of letters and digits separated
 *   by one space; "" when there is neither
 */
char *
antam_tally_unit_key (const char *unit,
                      const char *agency_code)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *key;
  gboolean space = FALSE;

  if (agency_code != NULL && *agency_code != '\0')
    {
      g_autofree char *code = g_strstrip (g_utf8_strup (agency_code, -1));
      return g_strconcat ("#", code, NULL);
    }
  if (unit == NULL)
    return g_strdup ("");

  decomposed = g_utf8_normalize (unit, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (decomposed, -1);
  key = g_string_new (NULL);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x0111 || c == 0x0110)   /* đ, Đ */
        c = 'd';
      if (g_unichar_isalnum (c))
        {
          if (space && key->len > 0)
            g_string_append_c (key, ' ');
          space = FALSE;
          g_string_append_unichar (key, c);
        }
      else
        space = TRUE;
    }
  return g_string_free (key, FALSE);
}

/**
 * antam_tally_machine_identity:
 * @fallback: (out): TRUE when the report has no machine key and the
 *   identity is its unit and host name (or, without those, the report
 *   itself)
 */
char *
antam_tally_machine_identity (const AntamTallyReport *report,
                              gboolean               *fallback)
{
  g_autofree char *unit = NULL;
  g_autofree char *host = NULL;

  if (report->machine_key != NULL)
    {
      *fallback = FALSE;
      return g_strdup (report->machine_key);
    }
  *fallback = TRUE;
  if (report->hostname == NULL)
    return g_strconcat ("report:", report->report_id, NULL);
  unit = antam_tally_unit_key (report->unit, report->agency_code);
  host = g_utf8_strdown (report->hostname, -1);
  return g_strdup_printf ("host:%s|%s", unit, host);
}

/* ---- Reports ---------------------------------------------------------------- */

#define INSERT_REPORT \
  "INSERT INTO reports (report_id, machine, machine_fallback, machine_key, hostname, os_name, unit," \
  " agency_code, sender_name, sender_email, created, created_text, training, valid, problems, incident," \
  " os_unsupported, security_updates, auto_updates_off, firewall_off, laptop_unencrypted, unsafe_answers," \
  " imported, source, document)" \
  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20," \
  " $21, $22, $23, $24, $25)" \
  " ON CONFLICT (report_id) DO NOTHING"

#define INSERT_APP \
  "INSERT INTO report_apps (report_id, rule, installed) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"

static char *
flag (gboolean value)
{
  return g_strdup (value ? "1" : "0");
}

static char *
number (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

gboolean
antam_tally_store_add (AntamTallyStore         *store,
                       const AntamTallyReport  *report,
                       const char              *source,
                       gint64                   imported,
                       AntamTallyAddition      *addition,
                       GError                 **error)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *problems = NULL;
  g_autofree char *machine = NULL;
  g_autofree char *valid_source = source ? g_utf8_make_valid (source, -1) : NULL;
  gboolean fallback = FALSE;
  guint64 changed = 0;
  const char *params[25];

  machine = antam_tally_machine_identity (report, &fallback);
  if (report->problems->len > 0)
    {
      g_ptr_array_add (report->problems, NULL);
      problems = g_strjoinv ("\n", (char **) report->problems->pdata);
      g_ptr_array_remove_index (report->problems, report->problems->len - 1);
    }

#define OWN(x) (g_ptr_array_add (owned, (x)), (const char *) g_ptr_array_index (owned, owned->len - 1))
  params[0] = report->report_id;
  params[1] = machine;
  params[2] = OWN (flag (fallback));
  params[3] = report->machine_key;
  params[4] = report->hostname;
  params[5] = report->os_name;
  params[6] = report->unit;
  params[7] = report->agency_code;
  params[8] = report->sender_name;
  params[9] = report->sender_email;
  params[10] = OWN (number (report->created));
  params[11] = report->created_text;
  params[12] = OWN (flag (report->training));
  params[13] = OWN (flag (antam_tally_report_is_valid (report)));
  params[14] = problems;
  params[15] = OWN (flag (report->incident));
  params[16] = OWN (flag (report->os_unsupported));
  params[17] = OWN (number (report->security_updates));
  params[18] = OWN (flag (report->auto_updates_off));
  params[19] = OWN (flag (report->firewall_off));
  params[20] = OWN (flag (report->laptop_unencrypted));
  params[21] = OWN (number (report->unsafe_answers));
  params[22] = OWN (number (imported));
  params[23] = valid_source;
  params[24] = report->json;
#undef OWN

  if (!antam_tally_db_run (store->db, INSERT_REPORT, params, G_N_ELEMENTS (params), &changed, error))
    return FALSE;
  *addition = changed > 0 ? ANTAM_TALLY_ADDED : ANTAM_TALLY_ALREADY_THERE;
  if (changed == 0)
    return TRUE;

  for (guint i = 0; i < report->apps->len; i++)
    {
      const AntamTallyApp *app = g_ptr_array_index (report->apps, i);
      const char *app_params[] = { report->report_id, app->rule, app->installed ? "1" : "0" };

      if (!antam_tally_db_run (store->db, INSERT_APP, app_params, 3, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
antam_tally_store_has_report (AntamTallyStore  *store,
                              const char       *report_id,
                              GError          **error)
{
  const char *params[] = { report_id };
  g_autoptr(AntamTallyRows) rows = antam_tally_db_query (store->db, "SELECT 1 FROM reports WHERE report_id = $1",
                                                         params, 1, error);

  return rows != NULL && antam_tally_rows_next (rows);
}

gint64
antam_tally_store_count (AntamTallyStore  *store,
                         GError          **error)
{
  g_autoptr(AntamTallyRows) rows = antam_tally_db_query (store->db, "SELECT COUNT(*) FROM reports",
                                                         NULL, 0, error);

  if (rows == NULL || !antam_tally_rows_next (rows))
    return -1;
  return antam_tally_rows_get_int (rows, 0);
}

void
antam_tally_record_free (AntamTallyRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->report_id);
  g_free (record->machine);
  g_free (record->hostname);
  g_free (record->os_name);
  g_free (record->unit);
  g_free (record->agency_code);
  g_free (record->sender_name);
  g_free (record->sender_email);
  g_free (record->problems);
  g_free (record->source);
  g_ptr_array_unref (record->apps);
  g_free (record);
}

/**
 * antam_tally_store_load:
 *
 * Returns: (transfer full) (element-type AntamTallyRecord): every report,
 *   oldest first
 */
GPtrArray *
antam_tally_store_load (AntamTallyStore  *store,
                        GError          **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_tally_record_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(AntamTallyRows) rows = NULL;

  rows = antam_tally_db_query (store->db,
                               "SELECT report_id, machine, machine_fallback, hostname, os_name, unit, agency_code,"
                               " sender_name, sender_email, created, training, valid, problems, source, incident,"
                               " os_unsupported, security_updates, auto_updates_off, firewall_off,"
                               " laptop_unencrypted, unsafe_answers"
                               " FROM reports ORDER BY created, report_id", NULL, 0, error);
  if (rows == NULL)
    return NULL;
  while (antam_tally_rows_next (rows))
    {
      AntamTallyRecord *record = g_new0 (AntamTallyRecord, 1);

      record->report_id = g_strdup (antam_tally_rows_get (rows, 0));
      record->machine = g_strdup (antam_tally_rows_get (rows, 1));
      record->machine_fallback = antam_tally_rows_get_int (rows, 2) != 0;
      record->hostname = g_strdup (antam_tally_rows_get (rows, 3));
      record->os_name = g_strdup (antam_tally_rows_get (rows, 4));
      record->unit = g_strdup (antam_tally_rows_get (rows, 5));
      record->agency_code = g_strdup (antam_tally_rows_get (rows, 6));
      record->sender_name = g_strdup (antam_tally_rows_get (rows, 7));
      record->sender_email = g_strdup (antam_tally_rows_get (rows, 8));
      record->created = antam_tally_rows_get_int (rows, 9);
      record->training = antam_tally_rows_get_int (rows, 10) != 0;
      record->valid = antam_tally_rows_get_int (rows, 11) != 0;
      record->problems = g_strdup (antam_tally_rows_get (rows, 12));
      record->source = g_strdup (antam_tally_rows_get (rows, 13));
      record->incident = antam_tally_rows_get_int (rows, 14) != 0;
      record->os_unsupported = antam_tally_rows_get_int (rows, 15) != 0;
      record->security_updates = (guint) antam_tally_rows_get_int (rows, 16);
      record->auto_updates_off = antam_tally_rows_get_int (rows, 17) != 0;
      record->firewall_off = antam_tally_rows_get_int (rows, 18) != 0;
      record->laptop_unencrypted = antam_tally_rows_get_int (rows, 19) != 0;
      record->unsafe_answers = (guint) antam_tally_rows_get_int (rows, 20);
      record->apps = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_tally_app_free);
      g_ptr_array_add (records, record);
      g_hash_table_insert (by_id, record->report_id, record);
    }
  g_clear_pointer (&rows, antam_tally_rows_free);

  rows = antam_tally_db_query (store->db, "SELECT report_id, rule, installed FROM report_apps ORDER BY report_id, rule",
                               NULL, 0, error);
  if (rows == NULL)
    return NULL;
  while (antam_tally_rows_next (rows))
    {
      AntamTallyRecord *record = g_hash_table_lookup (by_id, antam_tally_rows_get (rows, 0));
      AntamTallyApp *app;

      if (record == NULL)
        continue;
      app = g_new0 (AntamTallyApp, 1);
      app->rule = g_strdup (antam_tally_rows_get (rows, 1));
      app->installed = antam_tally_rows_get_int (rows, 2) != 0;
      g_ptr_array_add (record->apps, app);
    }
  return g_steal_pointer (&records);
}

/* ---- Earlier tallies and IMAP state ------------------------------------------ */

char *
antam_tally_store_previous_totals (AntamTallyStore  *store,
                                   const char       *scope,
                                   gint64            reports,
                                   gint64           *made,
                                   GError          **error)
{
  g_autofree char *count = number (reports);
  const char *params[] = { scope, count };
  g_autoptr(AntamTallyRows) rows = antam_tally_db_query (store->db,
                                                         "SELECT totals, made FROM tallies WHERE scope = $1 AND reports < $2"
                                                         " ORDER BY reports DESC LIMIT 1",
                                                         params, 2, error);

  if (rows == NULL || !antam_tally_rows_next (rows))
    return NULL;
  if (made != NULL)
    *made = antam_tally_rows_get_int (rows, 1);
  return g_strdup (antam_tally_rows_get (rows, 0));
}

gboolean
antam_tally_store_record_totals (AntamTallyStore  *store,
                                 const char       *scope,
                                 gint64            reports,
                                 gint64            made,
                                 const char       *totals,
                                 GError          **error)
{
  g_autofree char *count = number (reports);
  g_autofree char *when = number (made);
  const char *params[] = { scope, count, when, totals };

  return antam_tally_db_run (store->db,
                             "INSERT INTO tallies (scope, reports, made, totals) VALUES ($1, $2, $3, $4)"
                             " ON CONFLICT (scope, reports) DO NOTHING",
                             params, 4, NULL, error);
}

gboolean
antam_tally_store_get_imap_state (AntamTallyStore  *store,
                                  const char       *mailbox,
                                  char            **uidvalidity,
                                  guint64          *last_uid,
                                  GError          **error)
{
  const char *params[] = { mailbox };
  g_autoptr(AntamTallyRows) rows = antam_tally_db_query (store->db,
                                                         "SELECT uidvalidity, last_uid FROM imap_state WHERE mailbox = $1",
                                                         params, 1, error);

  *uidvalidity = NULL;
  *last_uid = 0;
  if (rows == NULL)
    return FALSE;
  if (antam_tally_rows_next (rows))
    {
      *uidvalidity = g_strdup (antam_tally_rows_get (rows, 0));
      *last_uid = (guint64) antam_tally_rows_get_int (rows, 1);
    }
  return TRUE;
}

gboolean
antam_tally_store_set_imap_state (AntamTallyStore  *store,
                                  const char       *mailbox,
                                  const char       *uidvalidity,
                                  guint64           last_uid,
                                  GError          **error)
{
  g_autofree char *uid = number ((gint64) last_uid);
  const char *params[] = { mailbox, uidvalidity, uid };

  return antam_tally_db_run (store->db,
                             "INSERT INTO imap_state (mailbox, uidvalidity, last_uid) VALUES ($1, $2, $3)"
                             " ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = $2, last_uid = $3",
                             params, 3, NULL, error);
}
