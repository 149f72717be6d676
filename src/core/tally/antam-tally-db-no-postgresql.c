/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "tally/antam-tally-db-private.h"

/* A build without libpq (the GNOME Flatpak runtime has none): a
 * postgresql:// database is refused with a reason; nothing else here is
 * reached, since no connection is ever made. */

AntamPgConnection *
antam_pg_connect (const char  *location,
                  GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This An Tâm was built without PostgreSQL: give a database file instead"));
  return NULL;
}

void
antam_pg_close (AntamPgConnection *connection)
{
}

gboolean
antam_pg_exec (AntamPgConnection  *connection,
               const char         *sql,
               GError            **error)
{
  g_return_val_if_reached (FALSE);
}

AntamPgResult *
antam_pg_run (AntamPgConnection   *connection,
              const char          *sql,
              const char * const  *params,
              guint                n_params,
              GError             **error)
{
  g_return_val_if_reached (NULL);
}

guint64
antam_pg_result_changed (AntamPgResult *result)
{
  g_return_val_if_reached (0);
}

guint
antam_pg_result_n_rows (AntamPgResult *result)
{
  g_return_val_if_reached (0);
}

const char *
antam_pg_result_get (AntamPgResult *result,
                     guint          row,
                     guint          column)
{
  g_return_val_if_reached (NULL);
}

void
antam_pg_result_free (AntamPgResult *result)
{
}
