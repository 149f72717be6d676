/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <gio/gio.h>
#include <string.h>

/* The Flatpak runtime cannot be downloaded where the tests run, so the
 * manifest is checked for what it must say: a supported GNOME runtime, the
 * modules the runtime lacks (cJSON, libportal), An Tâm built without
 * PackageKit (the runtime has no packagekit-glib2), and exactly the sandbox
 * holes docs/flatpak.md justifies — every host path read-only. */

static cJSON *manifest;

static const char *expected_args[] = {
  "--share=ipc",
  "--socket=fallback-x11",
  "--socket=wayland",
  "--device=dri",
  "--share=network",
  "--filesystem=host-os:ro",
  "--filesystem=host-etc:ro",
  "--filesystem=/opt:ro",
  "--filesystem=/var/lib/dpkg:ro",
  "--filesystem=/var/lib/apt/lists:ro",
  "--filesystem=/var/lib/flatpak:ro",
  "--filesystem=/var/lib/snapd/snaps:ro",
  "--filesystem=home:ro",
  "--filesystem=xdg-download:ro",
  "--talk-name=org.freedesktop.secrets",
  "--talk-name=org.freedesktop.Notifications",
};

static const char *
get_string (cJSON      *object,
            const char *key)
{
  cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

static void
test_runtime (void)
{
  const char *version = get_string (manifest, "runtime-version");

  g_assert_cmpstr (get_string (manifest, "id"), ==, APP_ID);
  g_assert_cmpstr (get_string (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (get_string (manifest, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpstr (get_string (manifest, "command"), ==, "antam");
  /* GNOME keeps its two latest releases supported: 48 and 49 when this was
   * written.  Older ones are end-of-life. */
  g_assert_nonnull (version);
  g_assert_cmpint (atoi (version), >=, 48);
}

static gboolean
has_config_opt (cJSON      *module,
                const char *opt)
{
  cJSON *opts = cJSON_GetObjectItemCaseSensitive (module, "config-opts");
  cJSON *item;

  cJSON_ArrayForEach (item, opts)
    if (cJSON_IsString (item) && g_str_equal (item->valuestring, opt))
      return TRUE;
  return FALSE;
}

static void
test_modules (void)
{
  cJSON *modules = cJSON_GetObjectItemCaseSensitive (manifest, "modules");
  cJSON *module;
  gboolean cjson = FALSE, libportal = FALSE, antam = FALSE;
  int index = 0;

  g_assert_true (cJSON_IsArray (modules));
  cJSON_ArrayForEach (module, modules)
    {
      const char *name = get_string (module, "name");

      if (g_strcmp0 (name, "cjson") == 0)
        {
          cjson = TRUE;
          g_assert_cmpstr (get_string (module, "buildsystem"), ==, "cmake-ninja");
          g_assert_cmpint (index, ==, 0);
        }
      else if (g_strcmp0 (name, "libportal") == 0)
        {
          /* Not in org.gnome.Platform; the GUI links libportal-gtk4. */
          libportal = TRUE;
          g_assert_cmpstr (get_string (module, "buildsystem"), ==, "meson");
          g_assert_true (has_config_opt (module, "-Dbackend-gtk4=enabled"));
        }
      else if (g_strcmp0 (name, "antam") == 0)
        {
          antam = TRUE;
          g_assert_cmpstr (get_string (module, "buildsystem"), ==, "meson");
          /* The runtime has no packagekit-glib2: updates come from the
           * host's apt lists, removals fall back to the guide. */
          g_assert_true (has_config_opt (module, "-Dpackagekit=disabled"));
          /* The app comes last: it links what the modules before it build. */
          g_assert_null (module->next);
        }
      index++;
    }
  g_assert_true (cjson);
  g_assert_true (libportal);
  g_assert_true (antam);
}

static void
test_finish_args (void)
{
  cJSON *args = cJSON_GetObjectItemCaseSensitive (manifest, "finish-args");
  cJSON *arg;
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  g_assert_true (cJSON_IsArray (args));
  cJSON_ArrayForEach (arg, args)
    {
      g_assert_true (cJSON_IsString (arg));
      g_ptr_array_add (seen, arg->valuestring);
      /* Every host path is read-only: An Tâm reads, it never changes them. */
      if (g_str_has_prefix (arg->valuestring, "--filesystem="))
        g_assert_true (g_str_has_suffix (arg->valuestring, ":ro"));
      g_assert_cmpstr (arg->valuestring, !=, "--filesystem=host");
      g_assert_cmpstr (arg->valuestring, !=, "--socket=session-bus");
      g_assert_cmpstr (arg->valuestring, !=, "--socket=system-bus");
      /* Built without PackageKit, the app has nothing to say to it. */
      g_assert_null (strstr (arg->valuestring, "PackageKit"));
    }

  g_assert_cmpuint (seen->len, ==, G_N_ELEMENTS (expected_args));
  for (guint i = 0; i < G_N_ELEMENTS (expected_args); i++)
    {
      gboolean found = FALSE;
      for (guint j = 0; j < seen->len && !found; j++)
        found = g_str_equal (g_ptr_array_index (seen, j), expected_args[i]);
      if (!found)
        g_error ("finish-args lacks %s", expected_args[i]);
    }
}

static void
test_every_arg_justified (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "docs", "flatpak.md", NULL);
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &doc, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected_args); i++)
    if (strstr (doc, expected_args[i]) == NULL)
      g_error ("docs/flatpak.md does not justify %s", expected_args[i]);
}

/* README.md carries docs/flatpak.md as its "Flatpak" section: the two must
 * not drift apart. */
static void
test_readme_section (void)
{
  g_autofree char *doc_path = g_test_build_filename (G_TEST_DIST, "..", "..", "docs", "flatpak.md", NULL);
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "..", "..", "README.md", NULL);
  g_autofree char *doc = NULL;
  g_autofree char *readme = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;

  g_file_get_contents (doc_path, &doc, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (readme_path, &readme, NULL, &error);
  g_assert_no_error (error);

  /* After the SPDX comment line. */
  body = strchr (doc, '\n');
  g_assert_nonnull (body);
  body++;
  g_assert_true (g_str_has_prefix (body, "## Flatpak\n"));
  if (strstr (readme, body) == NULL)
    g_error ("README.md's Flatpak section differs from docs/flatpak.md");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "..", "..", "flatpak", APP_ID ".json", NULL);
  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  manifest = cJSON_Parse (text);
  if (manifest == NULL)
    g_error ("%s is not JSON", path);

  g_test_add_func ("/flatpak/runtime", test_runtime);
  g_test_add_func ("/flatpak/modules", test_modules);
  g_test_add_func ("/flatpak/finish-args", test_finish_args);
  g_test_add_func ("/flatpak/finish-args-justified", test_every_arg_justified);
  g_test_add_func ("/flatpak/readme-section", test_readme_section);

  status = g_test_run ();
  cJSON_Delete (manifest);
  return status;
}
