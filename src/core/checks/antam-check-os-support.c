/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "checks/antam-checks-private.h"
#include "rules/antam-eol.h"
#include "inventory/antam-os-release.h"

#define CHECK_ID "os-support"

/* The letters ask to keep the OS patched: that is only possible while its
 * vendor still publishes security updates for it. */
void
antam_check_os_support (AntamScanContext *context,
                        GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  GDateTime *now = antam_scan_context_get_now (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOsRelease) os = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  AntamResult *result;
  GDate today;
  int year, month, day;

  os = antam_os_release_read (sysroot, &error);
  if (os == NULL)
    {
      g_ptr_array_add (results,
                       antam_result_new_unknown (CHECK_ID,
                                                 _("The operating system could not be identified"),
                                                 _("An Tâm could not read /etc/os-release, the file "
                                                   "that names the operating system and its "
                                                   "version, so it cannot tell whether the system "
                                                   "still receives security updates."),
                                                 error));
      return;
    }

  problems = g_ptr_array_new_with_free_func (g_free);
  tables = antam_eol_load_tables (sysroot, os->id, problems);

  /* The date where "now" is: the scanned machine's local day, or the day
   * $ANTAM_TODAY pins. */
  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  result = antam_eol_judge (CHECK_ID, os, tables, &today);

  /* A broken data file only matters when it left us without an answer. */
  if (result->status == ANTAM_STATUS_UNKNOWN && problems->len > 0)
    {
      g_autofree char *joined = NULL;
      char *summary;

      g_ptr_array_add (problems, NULL);
      joined = g_strjoinv ("; ", (char **) problems->pdata);
      /* TRANSLATORS: the first %s is an explanation, the second the problems
       * found in the end-of-life data files, “FILE: problem; …” */
      summary = g_strdup_printf (_("%s (End-of-life data could not be read: %s.)"),
                                 result->summary, joined);
      g_free (result->summary);
      result->summary = summary;
    }

  g_ptr_array_add (results, result);
}
