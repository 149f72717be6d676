/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tally/antam-imap.h"
#include "tally/antam-mime.h"
#include "tally/antam-tally-import.h"

#define MAX_LINES_PER_SOURCE 40
#define COMMIT_EVERY 2000
#define MAX_DIR_DEPTH 8

struct _AntamTallyImport {
  AntamTallyStore *store;
  AntamJsonSchema *schema;
  gint64 now;
  GPtrArray *summaries;           /* AntamTallySourceSummary */
  AntamTallySourceSummary *current;
  gboolean in_transaction;
  guint since_commit;
  GError *store_error;            /* the first database failure: it stops the import */
};

static void
summary_free (AntamTallySourceSummary *summary)
{
  g_free (summary->source);
  g_ptr_array_unref (summary->lines);
  g_free (summary);
}

AntamTallyImport *
antam_tally_import_new (AntamTallyStore *store,
                        AntamJsonSchema *schema,
                        gint64           now)
{
  AntamTallyImport *import = g_new0 (AntamTallyImport, 1);

  import->store = store;
  import->schema = schema;
  import->now = now;
  import->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) summary_free);
  return import;
}

void
antam_tally_import_free (AntamTallyImport *import)
{
  if (import == NULL)
    return;
  if (import->in_transaction)
    antam_tally_store_rollback (import->store);
  g_ptr_array_unref (import->summaries);
  g_clear_error (&import->store_error);
  g_free (import);
}

GPtrArray *
antam_tally_import_get_summaries (AntamTallyImport *import)
{
  return import->summaries;
}

static AntamTallySourceSummary *
begin_source (AntamTallyImport *import,
              const char       *source)
{
  AntamTallySourceSummary *summary = g_new0 (AntamTallySourceSummary, 1);

  summary->source = g_utf8_make_valid (source, -1);
  summary->lines = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (import->summaries, summary);
  import->current = summary;
  return summary;
}

static AntamTallySourceSummary *
current (AntamTallyImport *import)
{
  if (import->current == NULL)
    begin_source (import, "-");
  return import->current;
}

G_GNUC_PRINTF (3, 4)
static void
add_line (AntamTallyImport *import,
          const char       *where,
          const char       *format,
          ...)
{
  AntamTallySourceSummary *summary = current (import);
  g_autofree char *what = NULL;
  g_autofree char *valid_where = g_utf8_make_valid (where, -1);
  va_list args;

  summary->problems++;
  if (summary->lines->len >= MAX_LINES_PER_SOURCE)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (summary->lines, g_strdup_printf ("%s: %s", valid_where, what));
}

static gboolean
ensure_transaction (AntamTallyImport *import)
{
  if (import->store_error != NULL)
    return FALSE;
  if (!import->in_transaction)
    {
      if (!antam_tally_store_begin (import->store, &import->store_error))
        return FALSE;
      import->in_transaction = TRUE;
      import->since_commit = 0;
    }
  return TRUE;
}

static gboolean
commit (AntamTallyImport *import)
{
  if (!import->in_transaction)
    return import->store_error == NULL;
  import->in_transaction = FALSE;
  if (!antam_tally_store_commit (import->store, import->store_error ? NULL : &import->store_error))
    {
      antam_tally_store_rollback (import->store);
      return FALSE;
    }
  return import->store_error == NULL;
}

/* One JSON document: TRUE when it was a report (added or already there). */
static gboolean
import_document (AntamTallyImport *import,
                 const char       *data,
                 gsize             length,
                 const char       *fallback_id,
                 const char       *where,
                 const char       *name)
{
  AntamTallySourceSummary *summary = current (import);
  g_autoptr(AntamTallyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AntamTallyAddition addition;

  report = antam_tally_report_parse (data, length, fallback_id, import->schema, &error);
  if (report == NULL)
    {
      if (name != NULL)
        /* TRANSLATORS: "attachment report.json: not valid JSON" */
        add_line (import, where, _("attachment %s: %s"), name, error->message);
      else
        add_line (import, where, "%s", error->message);
      return FALSE;
    }

  if (!ensure_transaction (import) ||
      !antam_tally_store_add (import->store, report, where, import->now, &addition, &import->store_error))
    return FALSE;
  if (++import->since_commit >= COMMIT_EVERY)
    commit (import);

  if (addition == ANTAM_TALLY_ALREADY_THERE)
    {
      summary->already++;
      return TRUE;
    }
  summary->added++;
  if (report->training)
    summary->training++;
  if (!antam_tally_report_is_valid (report))
    {
      g_ptr_array_add (report->problems, NULL);
      {
        g_autofree char *problems = g_strjoinv ("; ", (char **) report->problems->pdata);

        summary->invalid++;
        /* TRANSLATORS: the first %s is a report id, the second what is wrong with it */
        add_line (import, where, _("report %s does not follow the published schema: %s"),
                  report->report_id, problems);
      }
      g_ptr_array_remove_index (report->problems, report->problems->len - 1);
    }
  return TRUE;
}

void
antam_tally_import_json (AntamTallyImport *import,
                         const char       *data,
                         gsize             length,
                         const char       *where)
{
  AntamTallySourceSummary *summary = current (import);

  summary->messages++;
  if (!import_document (import, data, length, NULL, where, NULL))
    summary->skipped++;
}

void
antam_tally_import_message (AntamTallyImport *import,
                            const char       *data,
                            gsize             length,
                            const char       *where)
{
  AntamTallySourceSummary *summary = current (import);
  g_autoptr(AntamMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report_id = antam_mime_peek_report_id (data, length);
  gboolean found = FALSE;

  summary->messages++;
  /* A resend, or a mailbox read again: the message says which report it
   * carries (X-AnTam-Report-Id, the report's own id), so one already
   * stored is not decoded again. */
  if (report_id != NULL && ensure_transaction (import) &&
      antam_tally_store_has_report (import->store, report_id, &import->store_error))
    {
      summary->already++;
      return;
    }
  message = antam_mime_parse (data, length, ANTAM_TALLY_MAX_REPORT_SIZE, &error);
  if (message == NULL)
    {
      /* TRANSLATORS: %s says what is wrong with the message */
      add_line (import, where, _("damaged message: %s"), error->message);
      summary->skipped++;
      return;
    }

  for (guint i = 0; i < message->json_parts->len; i++)
    {
      AntamMimePart *part = g_ptr_array_index (message->json_parts, i);
      const char *name = part->filename ? part->filename : part->content_type;

      if (part->body == NULL)
        {
          g_autofree char *size = g_format_size (part->encoded_size);
          /* TRANSLATORS: the first %s is a file name, the second a size such as "50 MB" */
          add_line (import, where, _("attachment %s is too large to be a report (%s), not read"), name, size);
          continue;
        }
      found |= import_document (import, g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body),
                                message->report_id, where, name);
    }

  if (found)
    return;
  summary->skipped++;
  if (message->truncated)
    add_line (import, where, "%s", _("the message is cut short and no report could be read from it"));
  else if (message->json_parts->len == 0)
    add_line (import, where, "%s", _("no report attached"));
}

typedef struct {
  AntamTallyImport *import;
  const char *where;
} MboxWalk;

static gboolean
on_mbox_message (const char *data,
                 gsize       length,
                 guint       index,
                 gpointer    user_data)
{
  MboxWalk *walk = user_data;
  /* TRANSLATORS: where a message is: the mbox file, then its number */
  g_autofree char *where = g_strdup_printf (_("%s, message %u"), walk->where, index + 1);

  antam_tally_import_message (walk->import, data, length, where);
  return walk->import->store_error == NULL;
}

gboolean
antam_tally_import_mbox (AntamTallyImport *import,
                         const char       *data,
                         gsize             length,
                         const char       *where)
{
  MboxWalk walk = { import, where };
  gboolean truncated = FALSE;
  guint count;

  count = antam_mbox_split (data, length, on_mbox_message, &walk, &truncated);
  if (count == 0 && length > 0)
    {
      add_line (import, where, "%s", _("not a mailbox: no message starts with a “From ” line"));
      current (import)->failed = TRUE;
    }
  if (truncated)
    add_line (import, where, "%s", _("the mailbox file ends in the middle of a line: it was cut short"));
  return import->store_error == NULL;
}

/* ---- Files and folders ------------------------------------------------------- */

static GMappedFile *
map_file (AntamTallyImport *import,
          const char       *path)
{
  g_autoptr(GError) error = NULL;
  GMappedFile *file = g_mapped_file_new (path, FALSE, &error);

  if (file == NULL)
    {
      /* TRANSLATORS: %s is the system's reason */
      add_line (import, path, _("could not be read: %s"), error->message);
      current (import)->messages++;
      current (import)->skipped++;
    }
  return file;
}

static gboolean
has_suffix (const char *name,
            const char *suffix)
{
  gsize name_len = strlen (name), suffix_len = strlen (suffix);

  return name_len > suffix_len && g_ascii_strcasecmp (name + name_len - suffix_len, suffix) == 0;
}

static const char *
skip_blanks (const char *data,
             gsize       length)
{
  const char *p = data;

  /* A UTF-8 byte order mark, then white space. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < data + length && g_ascii_isspace (*p))
    p++;
  return p;
}

static void
import_file (AntamTallyImport *import,
             const char       *path,
             gboolean          mbox_allowed)
{
  g_autoptr(GMappedFile) file = map_file (import, path);
  const char *data;
  gsize length;

  if (file == NULL)
    return;
  data = g_mapped_file_get_contents (file);
  length = g_mapped_file_get_length (file);
  if (data == NULL)
    data = "";

  if (has_suffix (path, ".json") || (length > 0 && *skip_blanks (data, length) == '{'))
    antam_tally_import_json (import, data, length, path);
  else if (mbox_allowed && antam_mbox_looks_like (data, length))
    antam_tally_import_mbox (import, data, length, path);
  else
    antam_tally_import_message (import, data, length, path);
}

static gboolean
is_dir (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode);
}

static gboolean
is_maildir (const char *path)
{
  g_autofree char *cur = g_build_filename (path, "cur", NULL);
  g_autofree char *new_dir = g_build_filename (path, "new", NULL);

  return is_dir (cur) && is_dir (new_dir);
}

/* A Maildir's messages: new/ and cur/, one file each, read one at a time
 * so that a hundred thousand of them take no more memory than one. */
static void
import_maildir (AntamTallyImport *import,
                const char       *path)
{
  static const char * const subdirs[] = { "new", "cur" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir_path = g_build_filename (path, subdirs[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
      const char *name;

      if (dir == NULL)
        {
          add_line (import, dir_path, _("could not be read: %s"), error->message);
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL && import->store_error == NULL)
        {
          g_autofree char *file = g_build_filename (dir_path, name, NULL);
          GStatBuf st;

          if (name[0] == '.' || g_lstat (file, &st) != 0 || !S_ISREG (st.st_mode))
            continue;
          {
            g_autoptr(GMappedFile) mapped = map_file (import, file);

            if (mapped != NULL)
              antam_tally_import_message (import, g_mapped_file_get_contents (mapped) ? g_mapped_file_get_contents (mapped) : "",
                                          g_mapped_file_get_length (mapped), file);
          }
        }
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A folder an HTTPS receiver or a shared drive fills: .json reports and
 * .eml messages, in sub-folders too; links to folders are not followed,
 * so a loop cannot trap it. */
static void
import_folder (AntamTallyImport *import,
               const char       *path,
               guint             depth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      add_line (import, path, _("could not be read: %s"), error->message);
      current (import)->failed = TRUE;
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* The same order every time, so the summary reads the same. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len && import->store_error == NULL; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *child = g_build_filename (path, entry, NULL);
      GStatBuf st;

      if (entry[0] == '.' || g_lstat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (depth < MAX_DIR_DEPTH)
            import_folder (import, child, depth + 1);
        }
      else if (has_suffix (entry, ".json") || has_suffix (entry, ".eml"))
        {
          if (S_ISREG (st.st_mode) || S_ISLNK (st.st_mode))
            import_file (import, child, FALSE);
        }
    }
}

/**
 * antam_tally_import_path:
 *
 * Reads one source — a Maildir, a folder, an mbox, a .json or a .eml —
 * into the store.  What cannot be read is a line of the summary.
 *
 * Returns: FALSE only when the store failed
 */
gboolean
antam_tally_import_path (AntamTallyImport  *import,
                         const char        *path,
                         GError           **error)
{
  AntamTallySourceSummary *summary = begin_source (import, path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      add_line (import, path, _("could not be read: %s"), g_strerror (saved));
      summary->failed = TRUE;
    }
  else if (S_ISDIR (st.st_mode))
    {
      if (is_maildir (path))
        import_maildir (import, path);
      else
        import_folder (import, path, 0);
    }
  else
    import_file (import, path, TRUE);

  if (!commit (import))
    {
      g_propagate_error (error, g_steal_pointer (&import->store_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- IMAP ---------------------------------------------------------------------- */

typedef struct {
  AntamTallyImport *import;
  const char *url;
} ImapWalk;

static gboolean
on_imap_message (const char *data,
                 gsize       length,
                 guint64     uid,
                 gpointer    user_data)
{
  ImapWalk *walk = user_data;
  g_autofree char *where = g_strdup_printf ("%s;UID=%" G_GUINT64_FORMAT, walk->url, uid);

  antam_tally_import_message (walk->import, data, length, where);
  return walk->import->store_error == NULL;
}

gboolean
antam_tally_import_imap (AntamTallyImport             *import,
                         const AntamTallyImapOptions  *options,
                         GError                      **error)
{
  AntamTallySourceSummary *summary = begin_source (import, options->url);
  g_autofree char *known_validity = NULL;
  g_autofree char *validity = NULL;
  g_autoptr(GError) imap_error = NULL;
  ImapWalk walk = { import, options->url };
  guint64 after = 0, last = 0;

  if (!antam_tally_store_get_imap_state (import->store, options->url, &known_validity, &after, error))
    return FALSE;
  if (!antam_imap_fetch (options->url, options->ca_file, options->password, known_validity, after,
                         on_imap_message, &walk, &validity, &last, &imap_error))
    {
      add_line (import, options->url, "%s", imap_error->message);
      summary->failed = TRUE;
    }
  else if (import->store_error == NULL && ensure_transaction (import))
    antam_tally_store_set_imap_state (import->store, options->url, validity, last, &import->store_error);

  if (!commit (import))
    {
      g_propagate_error (error, g_steal_pointer (&import->store_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
antam_tally_import_finish (AntamTallyImport  *import,
                           GError           **error)
{
  if (!commit (import))
    {
      g_propagate_error (error, g_steal_pointer (&import->store_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- The summary ----------------------------------------------------------------- */

char *
antam_tally_import_format_summary (AntamTallyImport *import)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < import->summaries->len; i++)
    {
      AntamTallySourceSummary *s = g_ptr_array_index (import->summaries, i);

      g_string_append_printf (out, "%s\n", s->source);
      g_string_append (out, "  ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u message or file read", "%u messages or files read",
                                                s->messages), s->messages);
      g_string_append (out, "; ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u report added", "%u reports added", s->added),
                              s->added);
      g_string_append (out, "; ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u already imported (the same report id)",
                                                "%u already imported (the same report id)", s->already),
                              s->already);
      g_string_append (out, "; ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u without a report", "%u without a report",
                                                s->skipped), s->skipped);
      g_string_append (out, "\n");
      if (s->training > 0)
        {
          g_string_append (out, "  ");
          g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                    "%u of those added is a training report: kept apart, never counted",
                                                    "%u of those added are training reports: kept apart, never counted",
                                                    s->training), s->training);
          g_string_append (out, "\n");
        }
      if (s->invalid > 0)
        {
          g_string_append (out, "  ");
          g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                    "%u of those added does not follow the published schema: listed, not counted",
                                                    "%u of those added do not follow the published schema: listed, not counted",
                                                    s->invalid), s->invalid);
          g_string_append (out, "\n");
        }
      for (guint j = 0; j < s->lines->len; j++)
        g_string_append_printf (out, "  - %s\n", (const char *) g_ptr_array_index (s->lines, j));
      if (s->problems > s->lines->len)
        {
          g_string_append (out, "  - ");
          g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "… and %u more line like these",
                                                    "… and %u more lines like these", s->problems - s->lines->len),
                                  s->problems - s->lines->len);
          g_string_append (out, "\n");
        }
    }
  return g_string_free (out, FALSE);
}
