/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "antam-inventory.h"

/* Flatpak's own deploy data: origin, commit, subpaths, installed size,
 * metadata (see flatpak-dir-private.h). */
#define DEPLOY_DATA_TYPE "(ssasta{sv})"

#define SYSTEM_INSTALLATION "/var/lib/flatpak"
/* A real system has tens of apps, each with a dir or three; the bound
 * only stops a crafted tree from making the scan crawl. */
#define MAX_DIRS 30000
#define MAX_DEPLOY_SIZE (1024 * 1024)
#define MAX_METAINFO_SIZE (4 * 1024 * 1024)

typedef struct {
  AntamSysroot *sysroot;
  GPtrArray    *apps;
  GError       *error;    /* the first thing that could not be read */
  guint         visited;  /* app and branch dirs looked at, bounded by MAX_DIRS */
} ReadState;

typedef struct {
  const char *install;       /* as the system sees it */
  const char *installation;  /* "system" or "user" */
  GPtrArray  *remotes;       /* names under repo/refs/remotes, or NULL */
} Installation;

/* Flatpak names (ids, arches, branches, remotes) are ASCII; anything else
 * in these dirs is not something flatpak deployed. */
static gboolean
is_flatpak_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_commit (const char *text)
{
  gsize len = 0;

  for (const char *p = text; *p; p++, len++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return len == 64;
}

static void
note_error (ReadState *state,
            GError    *error)
{
  if (state->error == NULL)
    state->error = error;
  else
    g_error_free (error);
}

/* A missing dir or a stray file is just not an app; anything else (no
 * permission, a symlink loop) means we could not see what is there. */
static GPtrArray *
list_dir_noting (ReadState  *state,
                 const char *path)
{
  GError *error = NULL;
  GPtrArray *names = antam_sysroot_list_dir (state->sysroot, path, &error);

  if (names == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        g_error_free (error);
      else
        note_error (state, error);
    }
  return names;
}

/* The target of DIR/NAME itself: DIR is resolved inside the root, NAME is
 * not followed, so the link cannot lead us out of the root. */
static char *
read_link_in (AntamSysroot *sysroot,
              const char   *dir,
              const char   *name)
{
  g_autofree char *host_dir = antam_sysroot_resolve (sysroot, dir, NULL);
  g_autofree char *host = NULL;

  if (host_dir == NULL)
    return NULL;
  host = g_build_filename (host_dir, name, NULL);
  return g_file_read_link (host, NULL);
}

typedef struct {
  char *version;
} MetainfoParse;

static void
metainfo_start_element (GMarkupParseContext  *context,
                        const char           *element,
                        const char          **names,
                        const char          **values,
                        gpointer              user_data,
                        GError              **error)
{
  MetainfoParse *parse = user_data;
  const GSList *stack;

  if (!g_str_equal (element, "release"))
    return;
  /* Only <releases><release>, not a <release> word in a description. */
  stack = g_markup_parse_context_get_element_stack (context);
  if (stack == NULL || stack->next == NULL || !g_str_equal (stack->next->data, "releases"))
    return;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "version"))
      {
        g_autofree char *version = g_strstrip (g_strdup (values[i]));

        if (version[0] == '\0')
          return;
        parse->version = g_steal_pointer (&version);
        /* The first release is the newest: stop reading. */
        g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "done");
        return;
      }
}

static char *
metainfo_version (const char *text,
                  gsize       length)
{
  static const GMarkupParser parser = { metainfo_start_element, NULL, NULL, NULL, NULL };
  MetainfoParse parse = { NULL };
  GMarkupParseContext *context;

  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &parse, NULL);
  /* Fails on invalid XML or when stopped at the release: either way we
   * have read all we can use. */
  if (g_markup_parse_context_parse (context, text, (gssize) length, NULL))
    g_markup_parse_context_end_parse (context, NULL);
  g_markup_parse_context_free (context);
  return parse.version;
}

static char *
read_metainfo_version (AntamSysroot *sysroot,
                       const char   *deploy,
                       const char   *id)
{
  static const struct { const char *dir; const char *suffix; } places[] = {
    { "files/share/metainfo", ".metainfo.xml" },
    { "files/share/metainfo", ".appdata.xml" },
    { "files/share/appdata", ".appdata.xml" },
    { "files/share/appdata", ".metainfo.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autofree char *name = g_strconcat (id, places[i].suffix, NULL);
      g_autofree char *path = g_build_filename (deploy, places[i].dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (antam_sysroot_read_file (sysroot, path, MAX_METAINFO_SIZE, &contents, &length, NULL))
        return metainfo_version (contents, length);
    }
  return NULL;
}

/* The deploy file is binary data from disk: it is only used when it is a
 * GVariant of the expected type in normal form, which also guarantees
 * valid UTF-8 strings. */
static void
read_deploy_data (AntamSysroot  *sysroot,
                  const char    *deploy,
                  char         **origin,
                  char         **commit,
                  char         **version)
{
  g_autofree char *path = g_build_filename (deploy, "deploy", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GVariant) metadata = NULL;
  char *contents = NULL;
  gsize length = 0;
  const char *text = NULL;

  if (!antam_sysroot_read_file (sysroot, path, MAX_DEPLOY_SIZE, &contents, &length, NULL))
    return;
  bytes = g_bytes_new_take (contents, length);
  data = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (DEPLOY_DATA_TYPE), bytes, FALSE));
  if (!g_variant_is_normal_form (data))
    return;

  g_variant_get_child (data, 0, "&s", &text);
  if (text[0] != '\0')
    *origin = g_strdup (text);
  g_variant_get_child (data, 1, "&s", &text);
  if (is_commit (text))
    *commit = g_strdup (text);
  metadata = g_variant_get_child_value (data, 4);
  if (g_variant_lookup (metadata, "appdata-version", "&s", &text) && text[0] != '\0')
    *version = g_strdup (text);
}

/* Older deployments have no origin in the deploy data; the ref the
 * installation keeps for the app names the remote. */
static char *
origin_from_refs (ReadState    *state,
                  Installation *installation,
                  const char   *id,
                  const char   *arch,
                  const char   *branch)
{
  for (guint i = 0; installation->remotes != NULL && i < installation->remotes->len; i++)
    {
      const char *remote = g_ptr_array_index (installation->remotes, i);
      g_autofree char *ref = NULL;

      if (!is_flatpak_name (remote))
        continue;
      ref = g_build_filename (installation->install, "repo", "refs", "remotes",
                              remote, "app", id, arch, branch, NULL);
      if (antam_sysroot_exists (state->sysroot, ref))
        return g_strdup (remote);
    }
  return NULL;
}

static void
read_deployment (ReadState    *state,
                 Installation *installation,
                 const char   *id,
                 const char   *arch,
                 const char   *branch)
{
  g_autofree char *branch_dir = g_build_filename (installation->install, "app", id, arch, branch, NULL);
  g_autofree char *deploy = g_build_filename (branch_dir, "active", NULL);
  g_autofree char *link = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *commit = NULL;
  g_autofree char *version = NULL;
  AntamFlatpak *app;

  /* No (or a dangling) "active": fetched but not deployed. */
  if (!antam_sysroot_exists (state->sysroot, deploy))
    return;

  read_deploy_data (state->sysroot, deploy, &origin, &commit, &version);

  link = read_link_in (state->sysroot, branch_dir, "active");
  if (link != NULL)
    {
      g_autofree char *base = g_path_get_basename (link);

      if (is_commit (base))
        {
          g_free (commit);
          commit = g_steal_pointer (&base);
        }
    }

  if (origin == NULL)
    origin = origin_from_refs (state, installation, id, arch, branch);
  if (version == NULL)
    version = read_metainfo_version (state->sysroot, deploy, id);

  app = g_new0 (AntamFlatpak, 1);
  app->id = g_strdup (id);
  app->arch = g_strdup (arch);
  app->branch = g_strdup (branch);
  app->origin = g_steal_pointer (&origin);
  app->commit = g_steal_pointer (&commit);
  app->version = g_steal_pointer (&version);
  app->installation = g_strdup (installation->installation);
  app->location = g_steal_pointer (&deploy);
  g_ptr_array_add (state->apps, app);
}

static void
read_installation (ReadState  *state,
                   const char *install,
                   const char *kind)
{
  Installation installation = { install, kind, NULL };
  g_autofree char *app_dir = g_build_filename (install, "app", NULL);
  g_autofree char *remotes_dir = g_build_filename (install, "repo", "refs", "remotes", NULL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) remotes = NULL;

  ids = list_dir_noting (state, app_dir);
  if (ids == NULL)
    return;
  remotes = antam_sysroot_list_dir (state->sysroot, remotes_dir, NULL);
  installation.remotes = remotes;

  for (guint i = 0; i < ids->len && state->visited < MAX_DIRS; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autofree char *id_dir = NULL;
      g_autoptr(GPtrArray) arches = NULL;

      if (!is_flatpak_name (id))
        continue;
      state->visited++;
      id_dir = g_build_filename (app_dir, id, NULL);
      arches = list_dir_noting (state, id_dir);
      if (arches == NULL)
        continue;

      for (guint a = 0; a < arches->len && state->visited < MAX_DIRS; a++)
        {
          const char *arch = g_ptr_array_index (arches, a);
          g_autofree char *arch_dir = NULL;
          g_autoptr(GPtrArray) branches = NULL;

          /* "current" points at the default ARCH/BRANCH; every deployed
           * branch is listed anyway. */
          if (g_str_equal (arch, "current") || !is_flatpak_name (arch))
            continue;
          arch_dir = g_build_filename (id_dir, arch, NULL);
          branches = list_dir_noting (state, arch_dir);
          if (branches == NULL)
            continue;

          for (guint b = 0; b < branches->len && state->visited < MAX_DIRS; b++)
            {
              const char *branch = g_ptr_array_index (branches, b);

              if (!is_flatpak_name (branch))
                continue;
              state->visited++;
              read_deployment (state, &installation, id, arch, branch);
            }
        }
    }
}

/**
 * antam_inventory_read_flatpaks:
 *
 * Lists the deployed apps (not runtimes) of the system installation and of
 * the user's own.  A missing installation has no apps; when one cannot be
 * read the other still is.
 *
 * Returns: (transfer full) (element-type AntamFlatpak): the apps, or %NULL
 *   when none could be listed because something could not be read
 */
GPtrArray *
antam_inventory_read_flatpaks (AntamSysroot  *sysroot,
                               GError       **error)
{
  g_autofree char *user_install = NULL;
  ReadState state = { 0 };

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  state.sysroot = sysroot;
  state.apps = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_flatpak_free);

  user_install = g_build_filename (antam_sysroot_get_data_home (sysroot), "flatpak", NULL);
  read_installation (&state, SYSTEM_INSTALLATION, "system");
  read_installation (&state, user_install, "user");

  if (state.error != NULL)
    {
      if (state.apps->len == 0)
        {
          g_propagate_error (error, state.error);
          g_ptr_array_unref (state.apps);
          return NULL;
        }
      /* What was found is still worth checking; the rest is only logged. */
      g_debug ("Some Flatpak apps could not be read: %s", state.error->message);
      g_error_free (state.error);
    }

  return state.apps;
}
