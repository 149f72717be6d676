/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/xattr.h>

#include "antam-test-root.h"

static void
run_or_die (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

char *
antam_test_make_root (const char *first_layer,
                      ...)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("antam-root-XXXXXX", &error);
  va_list args;

  g_assert_no_error (error);
  va_start (args, first_layer);
  for (const char *layer = first_layer; layer != NULL; layer = va_arg (args, const char *))
    {
      g_autofree char *source = g_test_build_filename (G_TEST_DIST, "roots", layer, ".", NULL);
      const char *argv[] = { "cp", "-a", "--", source, root, NULL };
      run_or_die (argv);
    }
  va_end (args);
  return root;
}

void
antam_test_remove_root (const char *root)
{
  const char *chmod_argv[] = { "chmod", "-R", "u+rwX", "--", root, NULL };
  const char *rm_argv[] = { "rm", "-rf", "--", root, NULL };

  g_spawn_sync (NULL, (char **) chmod_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
  run_or_die (rm_argv);
}

char *
antam_test_root_path (const char *root,
                      const char *relative)
{
  return g_build_filename (root, relative, NULL);
}

/* Writes ROOT/RELATIVE, making its folders; @length -1 for a C string. */
void
antam_test_write_bytes (const char *root,
                        const char *relative,
                        const char *contents,
                        gssize      length)
{
  g_autofree char *path = antam_test_root_path (root, relative);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

void
antam_test_write (const char *root,
                  const char *relative,
                  const char *contents)
{
  antam_test_write_bytes (root, relative, contents, -1);
}

/**
 * antam_test_set_xattr:
 *
 * Returns: %FALSE (and marks the test skipped) when the filesystem has no
 *   user extended attributes, as tmpfs on older kernels and overlayfs can.
 */
gboolean
antam_test_set_xattr (const char *root,
                      const char *relative,
                      const char *name,
                      const char *value)
{
  g_autofree char *path = antam_test_root_path (root, relative);

  if (lsetxattr (path, name, value, strlen (value), 0) == 0)
    return TRUE;
  if (errno == ENOTSUP || errno == EPERM)
    {
      g_test_skip_printf ("this filesystem has no user extended attributes (%s): "
                          "the browser's record of a download's origin cannot be tested here",
                          g_strerror (errno));
      return FALSE;
    }
  g_error ("setxattr %s: %s", path, g_strerror (errno));
}

GPtrArray *
antam_test_scan (const char *root,
                 const char *only)
{
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, &error);
  g_autoptr(AntamRules) rules = NULL;
  g_autoptr(AntamScanContext) context = NULL;
  g_auto(GStrv) ids = only ? g_strsplit (only, ",", -1) : NULL;
  GPtrArray *results;

  g_assert_no_error (error);
  rules = antam_rules_load (sysroot);
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, (const char * const *) ids, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return results;
}

AntamResult *
antam_test_find_result (GPtrArray  *results,
                        const char *check,
                        const char *title_part)
{
  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);

      if (g_str_equal (result->check, check) &&
          (title_part == NULL || (result->title && strstr (result->title, title_part))))
        return result;
    }
  return NULL;
}

AntamItem *
antam_test_find_item (AntamResult *result,
                      const char  *kind,
                      const char  *name)
{
  for (guint i = 0; result && i < result->items->len; i++)
    {
      AntamItem *item = g_ptr_array_index (result->items, i);

      if (g_strcmp0 (item->kind, kind) == 0 && g_strcmp0 (item->name, name) == 0)
        return item;
    }
  return NULL;
}

/**
 * antam_test_pdf_text:
 *
 * Returns: (nullable): the text of the PDF at @path, as pdftotext reads
 *   it back, or %NULL when pdftotext (poppler-utils) is not installed
 */
char *
antam_test_pdf_text (const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  int status;

  if (pdftotext == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return text;
}

/**
 * antam_test_install_rpm:
 * @dbpath: where the root keeps its rpm database: "/var/lib/rpm", or
 *   Fedora's "/usr/lib/sysimage/rpm"
 * @program: the package's one file, an executable script
 *
 * Builds a real package NAME-VERSION-1.x86_64 with rpmbuild and installs
 * it under @root with `rpm --root`, as the vendors' rpms are installed.
 *
 * Returns: %FALSE (and marks the test skipped, saying why) when rpm or
 *   rpmbuild is missing or cannot work here
 */
gboolean
antam_test_install_rpm (const char *root,
                        const char *dbpath,
                        const char *name,
                        const char *version,
                        const char *program)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rpmbuild = g_find_program_in_path ("rpmbuild");
  g_autofree char *rpm = g_find_program_in_path ("rpm");
  g_autofree char *top = NULL;
  g_autofree char *spec_path = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *topdir = NULL;
  g_autofree char *package = NULL;
  g_autofree char *dir = g_path_get_dirname (program);
  g_autofree char *errors = NULL;
  int status = 0;

  if (rpmbuild == NULL || rpm == NULL)
    {
      g_test_skip ("rpm and rpmbuild are not installed (Debian's “rpm” package, in tools/deps-debian.txt)");
      return FALSE;
    }
  top = g_dir_make_tmp ("antam-rpmbuild-XXXXXX", &error);
  g_assert_no_error (error);
  spec_path = g_build_filename (top, "package.spec", NULL);
  spec = g_strdup_printf ("Name: %s\nVersion: %s\nRelease: 1\nSummary: An Tâm test package\n"
                          "License: none\nBuildArch: x86_64\n%%description\nA test package.\n"
                          "%%install\nmkdir -p %%{buildroot}%s\n"
                          "printf '#!/bin/sh\\nexit 0\\n' > %%{buildroot}%s\n"
                          "chmod 755 %%{buildroot}%s\n%%files\n%s\n",
                          name, version, dir, program, program, program);
  g_file_set_contents (spec_path, spec, -1, &error);
  g_assert_no_error (error);
  topdir = g_strdup_printf ("_topdir %s", top);

  {
    const char *argv[] = { rpmbuild, "-bb", "--nodeps", "--define", topdir, spec_path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &errors, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      {
        g_test_skip_printf ("rpmbuild could not build a package here: %s", errors);
        antam_test_remove_root (top);
        return FALSE;
      }
  }

  package = g_strdup_printf ("%s/RPMS/x86_64/%s-%s-1.x86_64.rpm", top, name, version);
  g_clear_pointer (&errors, g_free);
  {
    const char *argv[] = { rpm, "--root", root, "--dbpath", dbpath, "-i", "--nodeps",
                           "--ignorearch", "--ignoreos", package, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &errors, &status, &error);
    g_assert_no_error (error);
    antam_test_remove_root (top);
    if (!g_spawn_check_wait_status (status, NULL))
      {
        g_test_skip_printf ("rpm could not install into a root here: %s", errors);
        return FALSE;
      }
  }
  return TRUE;
}
