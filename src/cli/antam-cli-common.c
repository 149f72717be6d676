/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>

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

/* To the screen, or to a file only the user reads: a report names the
 * machine and what is on it, a tally the people who reported. */
gboolean
antam_cli_write_output (const char  *path,
                        const void  *data,
                        gsize        length,
                        GError     **error)
{
  if (path == NULL || g_str_equal (path, "-"))
    {
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the output"));
          return FALSE;
        }
      return TRUE;
    }
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
