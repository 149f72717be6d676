/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "report/antam-outbox-private.h"

#define MAX_REPORT_FILE_SIZE (64 * 1024 * 1024)

/* A report's files: written once, with the SHA-256 of each in the
 * envelope, and checked against it before they are sent. */

static void
add_checksum (AntamOutboxEntry *entry,
              const char       *name,
              const void       *data,
              gsize             length)
{
  g_hash_table_replace (entry->checksums, g_strdup (name),
                        g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length));
}

/**
 * antam_outbox_add:
 * @training: the report was made on a training scenario: it is kept,
 *   marked, and never sent
 *
 * Writes the report into a hidden folder first and renames it into place
 * at the end, so the outbox never lists half a report.  A full disk is
 * %ANTAM_OUTBOX_ERROR_NO_SPACE, said plainly.
 *
 * Returns: (transfer full): the new entry, pending (or training)
 */
AntamOutboxEntry *
antam_outbox_add (const char    *outbox_dir,
                  const char    *id,
                  AntamChannel   channel,
                  gboolean       training,
                  const char    *contact_id,
                  const char    *recipient,
                  const char    *subject,
                  const char    *file_stem,
                  const char    *body,
                  const char    *json,
                  GBytes        *pdf,
                  GError       **error)
{
  g_autoptr(AntamOutboxEntry) entry = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *final_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json_name = NULL;
  g_autofree char *pdf_name = NULL;

  g_return_val_if_fail (outbox_dir != NULL, NULL);
  g_return_val_if_fail (antam_outbox_is_safe_name (id), NULL);
  g_return_val_if_fail (antam_outbox_is_safe_name (file_stem), NULL);
  g_return_val_if_fail (subject != NULL && body != NULL && json != NULL, NULL);

  if (g_mkdir_with_parents (outbox_dir, 0700) != 0)
    {
      antam_outbox_set_write_error (error, errno, outbox_dir);
      return NULL;
    }

  tmp_name = g_strdup_printf (".new-%s", id);
  tmp_dir = g_build_filename (outbox_dir, tmp_name, NULL);
  final_dir = g_build_filename (outbox_dir, id, NULL);
  if (g_mkdir (tmp_dir, 0700) != 0)
    {
      antam_outbox_set_write_error (error, errno, tmp_dir);
      return NULL;
    }

  entry = antam_outbox_entry_new (final_dir);
  entry->id = g_strdup (id);
  entry->state = training ? ANTAM_OUTBOX_TRAINING : ANTAM_OUTBOX_PENDING;
  entry->channel = channel;
  entry->contact_id = g_strdup (contact_id);
  entry->recipient = g_strdup (recipient);
  entry->subject = g_strdup (subject);
  entry->file_stem = g_strdup (file_stem);
  entry->has_pdf = pdf != NULL;
  entry->created = g_date_time_new_now_local ();
  entry->updated = g_date_time_ref (entry->created);

  json_name = g_strdup_printf ("%s.json", file_stem);
  pdf_name = g_strdup_printf ("%s.pdf", file_stem);
  add_checksum (entry, ANTAM_OUTBOX_BODY_FILE, body, strlen (body));
  add_checksum (entry, json_name, json, strlen (json));
  if (pdf != NULL)
    add_checksum (entry, pdf_name, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

#define WRITE(name, data, len) \
  (g_free (path), path = g_build_filename (tmp_dir, name, NULL), antam_outbox_write_private (path, data, len, error))

  if (!WRITE (ANTAM_OUTBOX_BODY_FILE, body, -1) ||
      !WRITE (json_name, json, -1) ||
      (pdf != NULL && !WRITE (pdf_name, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf))) ||
      !antam_outbox_write_envelope (entry, tmp_dir, error))
    goto fail;
#undef WRITE

  if (g_rename (tmp_dir, final_dir) != 0)
    {
      antam_outbox_set_write_error (error, errno, final_dir);
      goto fail;
    }
  return g_steal_pointer (&entry);

fail:
  antam_outbox_remove_tree (tmp_dir);
  return NULL;
}


/* ---- Its files, as they were made ---------------------------------------- */

static gboolean
file_matches (AntamOutboxEntry *entry,
              const char       *name,
              char            **contents,
              gsize            *length)
{
  const char *expected = g_hash_table_lookup (entry->checksums, name);
  g_autofree char *actual = NULL;
  g_autofree char *path = antam_outbox_entry_get_path (entry, name);
  GStatBuf st;

  if (g_stat (path, &st) != 0 || st.st_size > MAX_REPORT_FILE_SIZE ||
      !g_file_get_contents (path, contents, length, NULL))
    return FALSE;
  /* An envelope older than the checksums has none to compare with. */
  if (expected == NULL)
    return TRUE;
  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) *contents, *length);
  if (g_ascii_strcasecmp (actual, expected) == 0)
    return TRUE;
  g_clear_pointer (contents, g_free);
  return FALSE;
}

/**
 * antam_outbox_entry_check_files:
 *
 * Before a report is sent: its data (the JSON) must be exactly what was
 * made, or it stops here with %ANTAM_OUTBOX_ERROR_DAMAGED.  The e-mail
 * text and the PDF form are made again from that data when they are
 * missing or changed; a form that cannot be made is left out, and said so
 * in @entry->damage.
 */
gboolean
antam_outbox_entry_check_files (AntamOutboxEntry  *entry,
                                GError           **error)
{
  g_autofree char *json_name = g_strdup_printf ("%s.json", entry->file_stem);
  g_autofree char *pdf_name = g_strdup_printf ("%s.pdf", entry->file_stem);
  g_autofree char *json = NULL;
  g_autofree char *body = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(AntamReportModel) model = NULL;
  gboolean body_ok, pdf_ok;
  gsize json_len = 0, body_len = 0, pdf_len = 0;

  if (!file_matches (entry, json_name, &json, &json_len))
    {
      g_set_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_DAMAGED,
                   _("The report’s data file (%s) was changed or damaged after the report was made, "
                     "so it was not sent: the team would get something other than what you saw. "
                     "Make a new report."),
                   json_name);
      return FALSE;
    }
  body_ok = file_matches (entry, ANTAM_OUTBOX_BODY_FILE, &body, &body_len);
  pdf_ok = !entry->has_pdf || file_matches (entry, pdf_name, &pdf, &pdf_len);
  if (body_ok && pdf_ok)
    return TRUE;

  model = antam_report_model_new_from_json (json, json_len, error);
  if (model == NULL)
    return FALSE;

  if (!body_ok)
    {
      g_autofree char *text = antam_report_model_to_text (model);
      g_autofree char *path = antam_outbox_entry_get_path (entry, ANTAM_OUTBOX_BODY_FILE);

      if (!antam_outbox_write_private (path, text, -1, error))
        return FALSE;
      add_checksum (entry, ANTAM_OUTBOX_BODY_FILE, text, strlen (text));
    }
  if (!pdf_ok)
    {
      g_autoptr(GError) pdf_error = NULL;
      g_autoptr(GBytes) form = antam_report_model_to_pdf (model, &pdf_error);
      g_autofree char *path = antam_outbox_entry_get_attachment_path (entry, "pdf");

      g_clear_pointer (&entry->damage, g_free);
      if (form != NULL)
        {
          if (!antam_outbox_write_private (path, g_bytes_get_data (form, NULL), g_bytes_get_size (form), error))
            return FALSE;
          add_checksum (entry, pdf_name, g_bytes_get_data (form, NULL), g_bytes_get_size (form));
        }
      else
        {
          /* The form is for printing; the report goes without it. */
          g_message ("The PDF form could not be made again: %s", pdf_error->message);
          entry->has_pdf = FALSE;
          g_hash_table_remove (entry->checksums, pdf_name);
          entry->damage = g_strdup (_("The PDF form was lost and could not be made again; "
                                      "the report is sent without it."));
        }
    }
  return antam_outbox_entry_save (entry, error);
}


/* ---- Making a report ------------------------------------------------------ */

/**
 * antam_outbox_add_report:
 *
 * Renders the report (JSON, text, PDF) exactly once and writes it to the
 * outbox, addressed for @channel: what the preview showed is what
 * is stored and what is sent.
 */
AntamOutboxEntry *
antam_outbox_add_report (const char            *outbox_dir,
                         AntamReportModel      *model,
                         AntamChannel           channel,
                         GError               **error)
{
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) pdf_error = NULL;
  const char *recipient = NULL;

  g_return_val_if_fail (model != NULL, NULL);

  if (model->contact == NULL)
    {
      g_set_error_literal (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS,
                           _("No incident response team is chosen to send the report to"));
      return NULL;
    }
  if (channel == ANTAM_CHANNEL_HTTPS)
    {
      recipient = model->contact->https_endpoint;
      if (recipient == NULL)
        {
          g_set_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS,
                       _("%s does not take reports over HTTPS; choose e-mail instead"),
                       antam_contact_get_name (model->contact));
          return NULL;
        }
    }
  else
    {
      recipient = model->contact->email;
      if (recipient == NULL)
        {
          g_set_error (error, ANTAM_OUTBOX_ERROR, ANTAM_OUTBOX_ERROR_NO_ADDRESS,
                       _("%s has no e-mail address; please call them instead"),
                       antam_contact_get_name (model->contact));
          return NULL;
        }
    }

  json = antam_report_model_to_json (model);
  text = antam_report_model_to_text (model);
  subject = antam_report_model_get_subject (model);
  stem = antam_report_model_get_file_stem (model);
  pdf = antam_report_model_to_pdf (model, &pdf_error);
  /* The form is for printing; without it the report still goes. */
  if (pdf == NULL)
    g_message ("The PDF form could not be made: %s", pdf_error->message);

  return antam_outbox_add (outbox_dir, model->id, channel, model->training,
                           model->contact->id, recipient, subject, stem, text, json, pdf, error);
}
