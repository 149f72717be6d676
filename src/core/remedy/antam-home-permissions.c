/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* O_PATH */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remedy/antam-home-permissions.h"

void
antam_home_fix_outcome_free (AntamHomeFixOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_ptr_array_unref (outcome->problems);
  g_free (outcome);
}

/* Each file is opened again through the view and changed only if it is
 * still the one the inspection saw: a file swapped for a link to
 * somewhere else in the meantime is left alone. */
static gboolean
fix_one (AntamSysroot   *sysroot,
         AntamExposure  *exposure,
         GError        **error)
{
  char proc_path[64];
  struct stat st;
  guint removed = exposure->mode & ~exposure->fixed_mode;
  int fd = antam_sysroot_open (sysroot, exposure->path, O_PATH | O_NOFOLLOW, error);

  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0 || st.st_dev != exposure->dev || st.st_ino != exposure->ino || S_ISLNK (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” changed since it was checked; check again."), exposure->display);
      return FALSE;
    }
  /* An O_PATH descriptor takes no fchmod(); its /proc link takes chmod(). */
  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  if (chmod (proc_path, (st.st_mode & 07777) & ~removed) != 0)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   saved == EROFS ? _("“%s” could not be changed: An Tâm may only read your files here.")
                                  : _("“%s” could not be changed: %s"),
                   exposure->display, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/**
 * antam_home_fix:
 *
 * Takes from the user's own files and folders what the inspection found
 * open to others: never anything else, and never a file of another
 * account.  The ACL entries stay, held back by the mask that chmod sets.
 */
AntamHomeFixOutcome *
antam_home_fix (AntamSysroot        *sysroot,
                AntamHomeInspection *inspection)
{
  AntamHomeFixOutcome *outcome = g_new0 (AntamHomeFixOutcome, 1);

  outcome->problems = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < inspection->exposures->len; i++)
    {
      AntamExposure *exposure = g_ptr_array_index (inspection->exposures, i);
      g_autoptr(GError) error = NULL;

      if (!exposure->ours)
        {
          g_ptr_array_add (outcome->problems,
                           g_strdup_printf (_("“%s” belongs to another account: ask your IT staff."),
                                            exposure->display));
          continue;
        }
      if (fix_one (sysroot, exposure, &error))
        outcome->n_fixed++;
      else
        g_ptr_array_add (outcome->problems, g_strdup (error->message));
    }
  return outcome;
}

static void
fix_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AntamSysroot *sysroot = task_data;
  g_autoptr(AntamHomeInspection) inspection = NULL;
  GError *error = NULL;

  inspection = antam_home_inspect (sysroot, cancellable, &error);
  if (inspection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, antam_home_fix (sysroot, inspection),
                         (GDestroyNotify) antam_home_fix_outcome_free);
}

/**
 * antam_home_fix_async:
 *
 * Looks again and fixes what it finds, in a worker thread: a home with
 * many files takes a while to walk.
 */
void
antam_home_fix_async (AntamSysroot        *sysroot,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, antam_home_fix_async);
  g_task_set_task_data (task, g_object_ref (sysroot), g_object_unref);
  g_task_run_in_thread (task, fix_thread);
}

AntamHomeFixOutcome *
antam_home_fix_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == antam_home_fix_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
