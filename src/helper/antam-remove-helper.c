/* SPDX-License-Identifier: GPL-3.0-or-later */
/* antam-remove-helper: the one privileged piece of An Tâm.  Started by
 * pkexec (polkit action io.github.antam.AnTam.remove-paths), it deletes
 * root-owned leftovers of a risky app, such as /opt/zoom from a tarball.
 *
 * It trusts nothing from its caller but the app id and the paths asked for:
 * it reads the installed rules itself (the shipped file and the agency's
 * /etc/antam/rules.d, never a user's), removes a path only when that app's
 * rule lists it exactly, refuses "..", refuses symbolic links and never
 * follows one, and does not cross into another file system.
 *
 *   antam-remove-helper --app ID -- PATH...
 *
 * Prints one line a path: "removed PATH", "absent PATH", "refused PATH:
 * why" or "failed PATH: why".  Exits 0 when every path is gone, 1 when
 * one is not, 64 for bad usage.  --root and --rules exist for the tests
 * and are refused whenever the helper runs with privileges it was given
 * (pkexec, setuid). */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rules/antam-rules.h"
#include "remedy/antam-safe-remove.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 64
#define MAX_RULES_SIZE (4 * 1024 * 1024)

/* Paths no rule may name, whatever an agency file says: removing one would
 * break the system or reach into people's homes. */
static const char * const protected_paths[] = {
  "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32",
  "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/snap", "/srv", "/sys",
  "/tmp", "/usr", "/var", "/etc/xdg", "/etc/xdg/autostart", "/usr/bin", "/usr/sbin",
  "/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/include", "/usr/local",
  "/usr/local/bin", "/usr/local/share", "/usr/share", "/usr/share/applications",
  "/usr/share/icons", "/usr/share/mime", "/usr/share/mime/packages", "/usr/share/pixmaps",
  "/usr/share/doc", "/var/lib", "/var/cache", "/var/log", "/var/tmp", NULL,
};
static const char * const never_below[] = {
  "/home", "/root", "/proc", "/sys", "/dev", "/run", "/boot", NULL,
};

static gboolean
has_path_prefix (const char *path,
                 const char *prefix)
{
  gsize len = strlen (prefix);

  return strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static gboolean
is_protected (const char *path)
{
  if (g_strv_contains (protected_paths, path))
    return TRUE;
  for (guint i = 0; never_below[i]; i++)
    if (has_path_prefix (path, never_below[i]))
      return TRUE;
  return FALSE;
}

static void
add_rules_file (AntamRules *rules,
                const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_printerr ("antam-remove-helper: %s\n", error->message);
      return;
    }
  if (length > MAX_RULES_SIZE || !antam_rules_add_file (rules, path, contents, length, &error))
    g_printerr ("antam-remove-helper: %s: %s\n", path, error ? error->message : "too large");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static AntamRules *
load_installed_rules (const char *root,
                      const char *shipped)
{
  AntamRules *rules = antam_rules_new ();
  g_autofree char *agency = g_build_filename (root, "etc", "antam", "rules.d", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  add_rules_file (rules, shipped);
  /* The same order as the app: by name, so that 20-x overrides 10-x. */
  dir = g_dir_open (agency, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (agency, g_ptr_array_index (names, i), NULL);
      add_rules_file (rules, path);
    }
  return rules;
}

/* Tests run the helper as root themselves and point it at a tree; under
 * pkexec or setuid that would let the caller choose what root deletes. */
static gboolean
running_privileged_for_someone (void)
{
  return g_getenv ("PKEXEC_UID") != NULL || getuid () != geteuid () || getgid () != getegid ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *app_id = NULL;
  g_autofree char *root = NULL;
  g_autofree char *rules_path = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("-- PATH…");
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamRules) rules = NULL;
  const AntamAppRule *rule;
  char **allowed;
  int status = 0;
  GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_STRING, &app_id, "The rule id of the app", "ID" },
    { "root", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &root, "Tests only", "DIR" },
    { "rules", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &rules_path, "Tests only", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("antam-remove-helper: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (app_id == NULL || paths == NULL || paths[0] == NULL)
    {
      g_printerr ("antam-remove-helper: usage: antam-remove-helper --app ID -- PATH…\n");
      return EXIT_USAGE;
    }
  if ((root != NULL || rules_path != NULL) && running_privileged_for_someone ())
    {
      g_printerr ("antam-remove-helper: --root and --rules are for tests and are refused here\n");
      return EXIT_USAGE;
    }
  if (root == NULL)
    root = g_strdup ("/");
  if (rules_path == NULL)
    rules_path = g_build_filename (PKGDATADIR, "rules", "risky-apps.json", NULL);

  rules = load_installed_rules (root, rules_path);
  rule = antam_rules_lookup (rules, app_id);
  if (rule == NULL || rule->remedy != ANTAM_REMEDY_UNINSTALL)
    {
      for (guint i = 0; paths[i]; i++)
        printf ("refused %s: no installed rule removes the app “%s”\n", paths[i], app_id);
      return EXIT_REFUSED;
    }
  allowed = rule->footprints[ANTAM_FOOTPRINT_PATH];

  for (guint i = 0; paths[i]; i++)
    {
      const char *path = paths[i];
      g_autoptr(GError) local_error = NULL;

      if (!antam_safe_path_is_clean (path))
        {
          printf ("refused %s: not a plain absolute path (no “..”, “.” or “//”)\n", path);
          status = EXIT_REFUSED;
          continue;
        }
      if (allowed == NULL || !g_strv_contains ((const char * const *) allowed, path))
        {
          printf ("refused %s: the installed rules do not list it for %s\n", path, app_id);
          status = EXIT_REFUSED;
          continue;
        }
      if (is_protected (path))
        {
          printf ("refused %s: a system folder that is never removed\n", path);
          status = EXIT_REFUSED;
          continue;
        }
      if (!antam_safe_remove (root, path, (const char * const *) allowed, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            {
              printf ("absent %s\n", path);
              continue;
            }
          printf ("%s %s: %s\n",
                  g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS) ||
                  g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ? "refused" : "failed",
                  path, local_error->message);
          status = EXIT_REFUSED;
          continue;
        }
      printf ("removed %s\n", path);
    }
  fflush (stdout);
  return status;
}
