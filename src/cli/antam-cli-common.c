/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>

#include "antam-cli.h"

/* Shared by antam-cli and its helpers, antam-cli-report and antam-cli-tally. */
int
antam_cli_usage_error (GOptionContext *context,
                       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("antam-cli: %s\n\n%s", message, help);
  return ANTAM_EXIT_USAGE;
}

static gboolean
write_stream (FILE        *stream,
              const void  *data,
              gsize        length,
              GError     **error)
{
  if (fwrite (data, 1, length, stream) != length || fflush (stream) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the output"));
      return FALSE;
    }
  return TRUE;
}

/* To the screen, or to a file only the user reads: a report names the
 * machine and what is on it, a tally the people who reported.  A file is
 * replaced whole (written beside it, then renamed), but what is not a
 * regular file — /dev/null, a pipe, a terminal — is written into: renaming
 * over it would put a file in its place. */
gboolean
antam_cli_write_output (const char  *path,
                        const void  *data,
                        gsize        length,
                        GError     **error)
{
  GStatBuf st;

  if (path == NULL || g_str_equal (path, "-"))
    return write_stream (stdout, data, length, error);
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
    {
      FILE *stream = fopen (path, "we");
      gboolean ok;

      if (stream == NULL)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
          return FALSE;
        }
      ok = write_stream (stream, data, length, error);
      fclose (stream);
      return ok;
    }
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
