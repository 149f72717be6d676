/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "antam-test-schema.h"

static char *kept_dir;
static guint n_kept;

static const char *
get_kept_dir (void)
{
  if (kept_dir == NULL)
    {
      kept_dir = g_dir_make_tmp ("antam-reports-XXXXXX", NULL);
      g_assert_nonnull (kept_dir);
    }
  return kept_dir;
}

void
antam_test_report_keep (const char *json,
                        gssize      length)
{
  g_autofree char *name = g_strdup_printf ("%04u.json", ++n_kept);
  g_autofree char *path = g_build_filename (get_kept_dir (), name, NULL);

  g_assert_true (g_file_set_contents (path, json, length, NULL));
}

void
antam_test_report_keep_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  antam_test_report_keep (contents, length);
}

/* The report of every entry of an outbox: "antam-report-….json" beside
 * its envelope. */
void
antam_test_report_keep_outbox (const char *outbox_dir)
{
  g_autoptr(GDir) dir = g_dir_open (outbox_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *entry_dir = g_build_filename (outbox_dir, name, NULL);
      g_autoptr(GDir) entry = g_dir_open (entry_dir, 0, NULL);
      const char *file;

      while (entry != NULL && (file = g_dir_read_name (entry)) != NULL)
        if (g_str_has_prefix (file, "antam-report-") && g_str_has_suffix (file, ".json"))
          {
            g_autofree char *path = g_build_filename (entry_dir, file, NULL);
            g_autofree char *contents = NULL;
            gsize length;

            /* A test may have garbled it on purpose. */
            if (g_file_get_contents (path, &contents, &length, NULL) &&
                g_utf8_validate (contents, length, NULL) && strstr (contents, "\"antam.report/1\"") &&
                !strstr (contents, "GARBLED"))
              antam_test_report_keep (contents, length);
          }
    }
}

/**
 * antam_test_report_validate:
 * @output: (out) (optional): what the validator printed
 *
 * Returns: whether every file was as expected; skips the test (and returns
 *   %TRUE) when the validator is not installed
 */
gboolean
antam_test_report_validate (const char * const *paths,
                            gboolean            expect_valid,
                            char              **output)
{
  g_autofree char *script = g_build_filename (g_getenv ("ANTAM_TESTS_DIR"), "validate-report.py", NULL);
  g_autofree char *schema = g_build_filename (g_getenv ("ANTAM_DATA_DIR"), "antam-report.schema.json", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  if (!expect_valid)
    g_ptr_array_add (argv, (gpointer) "--invalid");
  g_ptr_array_add (argv, schema);
  for (guint i = 0; paths[i]; i++)
    g_ptr_array_add (argv, (gpointer) paths[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("No JSON Schema validator: install python3-jsonschema for /usr/bin/python3");
      return TRUE;
    }
  g_test_message ("%s", out);
  if (output)
    *output = g_steal_pointer (&out);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static void
validate_kept (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A test program that makes reports and kept none has lost its hook. */
  g_assert_cmpuint (n_kept, >, 0);
  dir = g_dir_open (get_kept_dir (), 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (paths, g_build_filename (kept_dir, name, NULL));
  g_ptr_array_add (paths, NULL);
  g_test_message ("validating %u reports made by this program", paths->len - 1);
  g_assert_true (antam_test_report_validate ((const char * const *) paths->pdata, TRUE, NULL));

  for (guint i = 0; paths->pdata[i]; i++)
    g_unlink (paths->pdata[i]);
  g_rmdir (kept_dir);
  g_clear_pointer (&kept_dir, g_free);
}

/* Added last, so that it runs after every test that keeps a report. */
void
antam_test_report_add_validation (void)
{
  g_test_add_func ("/report-schema/every-report-made", validate_kept);
}
