/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "report/antam-send-private.h"

#define MAIL_CLIENT_WAIT_MS (30 * 1000)

/* ---- The user's own mail app ------------------------------------------- */

/**
 * antam_mailto_uri:
 *
 * A mailto: link (RFC 6068) with the subject and body filled in; the last
 * resort, since it cannot carry the attachments.
 */
char *
antam_mailto_uri (const char *address,
                  const char *subject,
                  const char *body)
{
  g_autofree char *to = g_uri_escape_string (address ? address : "", "@", FALSE);
  g_autofree char *s = g_uri_escape_string (subject ? subject : "", NULL, FALSE);
  g_autofree char *b = NULL;
  g_autofree char *crlf = NULL;

  /* RFC 6068 wants line breaks in the body as CRLF. */
  {
    g_auto(GStrv) lines = g_strsplit (body ? body : "", "\n", -1);
    crlf = g_strjoinv ("\r\n", lines);
  }
  b = g_uri_escape_string (crlf, NULL, FALSE);
  return g_strdup_printf ("mailto:%s?subject=%s&body=%s", to, s, b);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} WaitData;

static void
on_mail_client_exited (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  WaitData *data = user_data;

  data->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &data->error);
  data->done = TRUE;
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
run_xdg_email (AntamOutboxEntry  *entry,
               const char        *body,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autofree char *program = g_find_program_in_path ("xdg-email");
  g_autoptr(GSource) timeout = NULL;
  gboolean timed_out = FALSE;
  WaitData data = { 0 };

  if (program == NULL)
    {
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT,
                           _("xdg-email is not installed"));
      return FALSE;
    }

  g_ptr_array_add (argv, g_steal_pointer (&program));
  g_ptr_array_add (argv, g_strdup ("--utf8"));
  g_ptr_array_add (argv, g_strdup ("--subject"));
  g_ptr_array_add (argv, g_strdup (entry->subject));
  g_ptr_array_add (argv, g_strdup ("--body"));
  g_ptr_array_add (argv, g_strdup (body));
  g_ptr_array_add (argv, g_strdup ("--attach"));
  g_ptr_array_add (argv, antam_outbox_entry_get_attachment_path (entry, "json"));
  if (entry->has_pdf)
    {
      g_ptr_array_add (argv, g_strdup ("--attach"));
      g_ptr_array_add (argv, antam_outbox_entry_get_attachment_path (entry, "pdf"));
    }
  g_ptr_array_add (argv, g_strdup_printf ("mailto:%s", entry->recipient));
  g_ptr_array_add (argv, NULL);

  /* A private context: this runs in a worker thread with no main loop. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_INHERIT, error);
  if (process == NULL)
    {
      g_main_context_pop_thread_default (context);
      return FALSE;
    }
  g_subprocess_wait_check_async (process, cancellable, on_mail_client_exited, &data);
  timeout = g_timeout_source_new (MAIL_CLIENT_WAIT_MS);
  g_source_set_callback (timeout, on_wait_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!data.done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (!data.done)
    {
      /* Some mail apps keep xdg-email waiting while their window is open:
       * still running after this long means the composer is up. */
      g_cancellable_cancel (cancellable);
      while (!data.done)
        g_main_context_iteration (context, TRUE);
      g_clear_error (&data.error);
      data.ok = TRUE;
    }
  g_main_context_pop_thread_default (context);

  if (!data.ok)
    {
      /* "Child process exited with code 4" tells the user nothing: xdg-email
       * found no mail app that would open. */
      g_debug ("xdg-email: %s", data.error->message);
      g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT,
                           _("Your mail app could not be opened: no mail app is set up on this "
                             "computer, or it did not start."));
      g_clear_error (&data.error);
      return FALSE;
    }
  return TRUE;
}

/**
 * antam_mail_client_compose:
 *
 * Hands the report to the user's mail app with the attachments, through
 * xdg-email; failing that, a mailto: link with the text alone and where
 * the files are.  The report then goes from the user's own mailbox.
 */
gboolean
antam_mail_client_compose (AntamOutboxEntry  *entry,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *with_note = NULL;
  g_autoptr(GError) xdg_error = NULL;
  g_autoptr(GError) link_error = NULL;
  g_autoptr(GCancellable) wait_cancellable = g_cancellable_new ();

  if (!antam_outbox_entry_read (entry, ANTAM_OUTBOX_BODY_FILE, &body, NULL, error))
    return FALSE;
  if (run_xdg_email (entry, body, wait_cancellable, &xdg_error))
    return TRUE;
  g_debug ("xdg-email: %s", xdg_error->message);

  with_note = g_strdup_printf ("%s\n%s\n%s\n", body,
                               _("Please attach the report files from this folder:"), entry->dir);
  uri = antam_mailto_uri (entry->recipient, entry->subject, with_note);
  if (g_app_info_launch_default_for_uri (uri, NULL, &link_error))
    return TRUE;

  g_debug ("mailto: %s", link_error->message);
  g_set_error_literal (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT,
                       _("No mail app could be opened on this computer. Choose one for e-mail in "
                         "Settings, or save the report and send it from your own mailbox."));
  return FALSE;
}

