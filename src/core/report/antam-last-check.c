/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>

#include "report/antam-last-check.h"
#include "report/antam-report.h"

#define MAX_REPORT_SIZE (8 * 1024 * 1024)

static char *
state_path (const char *name)
{
  return g_build_filename (g_get_user_state_dir (), "antam", name, NULL);
}

/**
 * antam_last_check_record:
 * @when: when the check ran
 *
 * Best effort: a reminder a little early is no harm, so a failure is only
 * logged.  An older time never replaces a newer one.
 */
void
antam_last_check_record (GDateTime *when)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "antam", NULL);
  g_autofree char *path = state_path ("last-check");
  g_autoptr(GDateTime) known = antam_last_check_read ();
  g_autofree char *stamp = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (when != NULL);

  if (known != NULL && g_date_time_compare (known, when) >= 0)
    return;
  stamp = antam_timestamp_format (when);
  text = g_strconcat (stamp, "\n", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("The time of the check was not recorded: %s", error ? error->message : dir);
}

static GDateTime *
read_time (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return g_date_time_new_from_iso8601 (copy, NULL);
}

static GDateTime *
newer (GDateTime *a,
       GDateTime *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  if (g_date_time_compare (a, b) >= 0)
    {
      g_date_time_unref (b);
      return a;
    }
  g_date_time_unref (a);
  return b;
}

/**
 * antam_last_check_read:
 *
 * Returns: (transfer full) (nullable): the newest of the app's last check
 *   ("generated" in last-report.json, else that file's time) and the one
 *   antam-cli recorded; %NULL when this computer was never checked
 */
GDateTime *
antam_last_check_read (void)
{
  g_autofree char *report_path = state_path ("last-report.json");
  g_autofree char *cli_path = state_path ("last-check");
  g_autofree char *contents = NULL;
  GDateTime *app = NULL;
  GDateTime *cli = NULL;
  gsize length;

  if (g_file_get_contents (report_path, &contents, &length, NULL) && length <= MAX_REPORT_SIZE)
    {
      cJSON *root = cJSON_ParseWithLength (contents, length);
      const cJSON *generated = cJSON_GetObjectItemCaseSensitive (root, "generated");

      if (cJSON_IsString (generated))
        app = read_time (generated->valuestring);
      cJSON_Delete (root);
      if (app == NULL)
        {
          GStatBuf st;

          if (g_stat (report_path, &st) == 0)
            app = g_date_time_new_from_unix_local (st.st_mtime);
        }
    }
  g_clear_pointer (&contents, g_free);
  if (g_file_get_contents (cli_path, &contents, &length, NULL) && length < 256)
    cli = read_time (contents);
  return newer (app, cli);
}
