/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-install-sources-private.h"

#define CHECK_ID ANTAM_INSTALL_SOURCES_CHECK_ID
#define DPKG_INFO_DIR "/var/lib/dpkg/info"
/* Reading who owns /opt costs at most this much of the dpkg file lists. */
#define DPKG_LISTS_BUDGET ((gsize) 512 * 1024 * 1024)
#define DPKG_LIST_MAX_SIZE (64 * 1024 * 1024)
/* How much of one /opt folder is looked through for something to run. */
#define PROGRAM_SEARCH_ENTRIES 5000
#define PROGRAM_SEARCH_DEPTH 6

/* "/opt/zoom/zoom" → "/opt/zoom" */
static char *
opt_top (const char *line,
         gsize       len)
{
  const char *rest;
  const char *slash;

  if (len <= 5 || strncmp (line, "/opt/", 5) != 0)
    return NULL;
  rest = line + 5;
  slash = memchr (rest, '/', len - 5);
  return g_strndup (line, slash ? (gsize) (slash - line) : len);
}

/* Which top-level /opt entries a dpkg package installed, from the file
 * lists of /var/lib/dpkg/info.  %NULL when there is no dpkg database;
 * @complete is FALSE when the lists were too many to read. */
static GHashTable *
read_opt_owners (AntamSysroot *sysroot,
                 gboolean     *complete)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, DPKG_INFO_DIR, NULL);
  GHashTable *owners;
  gsize budget = DPKG_LISTS_BUDGET;

  *complete = TRUE;
  if (names == NULL)
    return NULL;

  owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      gsize length = 0, pos = 0;

      if (!g_str_has_suffix (name, ".list"))
        continue;
      path = g_build_filename (DPKG_INFO_DIR, name, NULL);
      if (!antam_sysroot_read_file (sysroot, path, MIN (budget, DPKG_LIST_MAX_SIZE), &text, &length, NULL))
        {
          if (budget < DPKG_LIST_MAX_SIZE)
            {
              *complete = FALSE;
              break;
            }
          continue;
        }
      budget -= MIN (budget, length);

      /* Most packages put nothing in /opt: skip their lists quickly. */
      if (g_strstr_len (text, length, "\n/opt/") == NULL)
        continue;
      while (pos < length)
        {
          const char *line = text + pos;
          const char *newline = memchr (line, '\n', length - pos);
          gsize len = newline ? (gsize) (newline - line) : length - pos;
          char *top = opt_top (line, len);

          pos += len + 1;
          if (top != NULL && !g_hash_table_contains (owners, top))
            {
              g_autofree char *package = g_strndup (name, strlen (name) - strlen (".list"));
              char *colon = strchr (package, ':');
              if (colon)
                *colon = '\0';
              g_hash_table_insert (owners, top, g_steal_pointer (&package));
            }
          else
            g_free (top);
        }
    }
  return owners;
}

/* Whether an /opt entry holds a program: a regular file with an execute
 * bit, within a few levels.  An empty folder, or one of documentation, is
 * none.  Returns the first one found, as the system sees it; NULL with
 * @complete FALSE when the folder could not be looked through in full. */
static char *
find_executable (AntamSysroot *sysroot,
                 const char   *location,
                 gboolean     *complete)
{
  g_autofree char *host = antam_sysroot_resolve (sysroot, location, NULL);
  GQueue pending = G_QUEUE_INIT;
  guint seen = 0;
  struct stat st;
  char *found = NULL;

  *complete = TRUE;
  /* /opt/zoom may be a link to a bigger disk: what it leads to counts. */
  if (host == NULL || stat (host, &st) != 0)
    return NULL;
  if (S_ISREG (st.st_mode))
    return (st.st_mode & 0111) ? g_strdup (location) : NULL;
  if (!S_ISDIR (st.st_mode))
    return NULL;

  g_queue_push_tail (&pending, g_strdup (""));
  while (found == NULL && *complete && !g_queue_is_empty (&pending))
    {
      g_autofree char *relative = g_queue_pop_head (&pending);
      g_autofree char *dir = g_build_filename (host, relative, NULL);
      g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
      guint depth = relative[0] ? 1 : 0;
      const char *name;

      for (const char *p = relative; *p; p++)
        depth += *p == '/';
      if (listing == NULL)
        {
          *complete = FALSE;
          break;
        }
      while (found == NULL && (name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autofree char *sub = relative[0] ? g_build_filename (relative, name, NULL) : g_strdup (name);

          if (++seen > PROGRAM_SEARCH_ENTRIES)
            {
              *complete = FALSE;
              break;
            }
          /* Links are not followed: their targets are in the folder, or
           * outside it and not its program. */
          if (lstat (path, &st) != 0)
            continue;
          if (S_ISREG (st.st_mode) && (st.st_mode & 0111))
            found = g_build_filename (location, sub, NULL);
          else if (S_ISDIR (st.st_mode) && depth + 1 >= PROGRAM_SEARCH_DEPTH)
            *complete = FALSE;
          else if (S_ISDIR (st.st_mode))
            g_queue_push_tail (&pending, g_steal_pointer (&sub));
        }
    }
  g_queue_clear_full (&pending, g_free);
  if (found != NULL)
    *complete = TRUE;
  return found;
}

typedef struct {
  AntamFileEntry *entry;
  char *program;       /* an executable it holds, or NULL if not looked through in full */
} OptProgram;

static void
opt_program_free (OptProgram *program)
{
  g_free (program->program);
  g_free (program);
}

/* The /opt entries that hold a program, or may, and that no dpkg package
 * installed; @dpkg_known FALSE when there is no dpkg database to ask. */
static GPtrArray *
find_opt_programs (AntamSysroot *sysroot,
                   GPtrArray    *files,
                   GPtrArray    *problems,
                   gboolean     *dpkg_known)
{
  GPtrArray *programs = g_ptr_array_new_with_free_func ((GDestroyNotify) opt_program_free);
  g_autoptr(GHashTable) owners = NULL;
  gboolean any_opt = FALSE;
  gboolean complete = TRUE;

  for (guint i = 0; i < files->len && !any_opt; i++)
    any_opt = g_strcmp0 (((AntamFileEntry *) g_ptr_array_index (files, i))->kind, "opt") == 0;
  if (any_opt)
    owners = read_opt_owners (sysroot, &complete);
  if (!complete)
    g_ptr_array_add (problems, g_strdup (_("The dpkg file lists are too large to read in full, so "
                                           "some programs in /opt may be listed wrongly")));
  *dpkg_known = owners != NULL;

  for (guint i = 0; i < files->len; i++)
    {
      AntamFileEntry *entry = g_ptr_array_index (files, i);
      g_autofree char *program = NULL;
      gboolean looked_through = TRUE;
      OptProgram *found;

      if (!g_str_equal (entry->kind, "opt") ||
          (owners != NULL && g_hash_table_contains (owners, entry->location)))
        continue;
      program = find_executable (sysroot, entry->location, &looked_through);
      if (program == NULL && looked_through)
        continue;
      found = g_new0 (OptProgram, 1);
      found->entry = entry;
      found->program = g_steal_pointer (&program);
      g_ptr_array_add (programs, found);
    }
  return programs;
}

/* On an rpm system, the programs rpm installed are no finding. */
static gboolean
drop_rpm_owned (AntamScanContext *context,
                GPtrArray        *programs)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GHashTable) owned = NULL;
  g_autoptr(GError) error = NULL;

  if (antam_scan_context_get (context, ANTAM_SOURCE_RPM, NULL) == NULL)
    return FALSE;
  for (guint i = 0; i < programs->len; i++)
    {
      OptProgram *program = g_ptr_array_index (programs, i);
      if (program->program != NULL)
        g_ptr_array_add (paths, program->program);
    }
  if (paths->len == 0)
    return TRUE;
  g_ptr_array_add (paths, NULL);
  owned = antam_rpm_find_owned (sysroot, (const char * const *) paths->pdata, &error);
  if (owned == NULL)
    {
      g_debug ("Could not ask rpm who owns the programs in /opt: %s", error->message);
      return FALSE;
    }
  for (guint i = programs->len; i > 0; i--)
    {
      OptProgram *program = g_ptr_array_index (programs, i - 1);
      if (program->program != NULL && g_hash_table_contains (owned, program->program))
        g_ptr_array_remove_index (programs, i - 1);
    }
  return TRUE;
}

static AntamItem *
add_program_item (AntamResult    *result,
                  AntamFileEntry *entry,
                  const char     *detail)
{
  g_autofree char *name = g_path_get_basename (entry->location);
  g_autofree char *display = g_filename_display_name (name);
  AntamItem *item = antam_result_add_item (result, g_str_equal (entry->kind, "opt") ? "path" : "appimage",
                                           display, entry->location);

  item->size = entry->is_dir ? -1 : entry->size;
  item->detail = g_strdup (detail);
  return item;
}

/**
 * antam_install_sources_check_programs:
 * @ownership_known: (out): whether every program in /opt could be tied to
 *   a package database, or there was none to tie
 *
 * The programs that came from no package: the /opt entries holding one
 * that neither dpkg nor rpm installed, and every AppImage.
 */
void
antam_install_sources_check_programs (AntamScanContext *context,
                                      GPtrArray        *results,
                                      GPtrArray        *problems,
                                      guint            *n_findings,
                                      gboolean         *ownership_known)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  const GError *error = NULL;
  GPtrArray *files = antam_scan_context_get (context, ANTAM_SOURCE_FILES, &error);
  GPtrArray *appimages = antam_scan_context_get_appimages (context);
  g_autoptr(GPtrArray) opt_programs = NULL;
  AntamResult *result = NULL;
  gboolean dpkg_known = FALSE;
  gboolean rpm_known = FALSE;

  *ownership_known = TRUE;
  if (files == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_ptr_array_add (problems, g_strdup_printf (_("Programs in /opt and AppImages: %s"), error->message));
      return;
    }

  opt_programs = find_opt_programs (sysroot, files, problems, &dpkg_known);
  if (opt_programs->len > 0)
    rpm_known = drop_rpm_owned (context, opt_programs);

  if (opt_programs->len > 0 && !dpkg_known && !rpm_known)
    {
      /* Nothing to tie them to: say so, rather than call them hand-copied
       * or pass them over. */
      AntamResult *unknown =
        antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN, "",
                          _("This system has no package database An Tâm can read, so it "
                            "cannot tell whether these programs were installed from a "
                            "package or copied onto the computer by hand."));
      g_autofree char *joined = NULL;

      for (guint i = 0; i < opt_programs->len; i++)
        add_program_item (unknown, ((OptProgram *) g_ptr_array_index (opt_programs, i))->entry,
                          _("In /opt; where it came from is not known"));
      joined = antam_install_sources_join_items (unknown, TRUE);
      g_free (unknown->title);
      unknown->title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Where %u program came from could not be checked: %s",
                                                     "Where %u programs came from could not be checked: %s",
                                                     unknown->items->len),
                                        unknown->items->len, joined);
      antam_result_set_sub_id (unknown, "unpackaged");
      g_ptr_array_add (results, unknown);
      (*n_findings)++;
      *ownership_known = FALSE;
      g_ptr_array_set_size (opt_programs, 0);
    }

  for (guint i = 0; i < opt_programs->len + appimages->len; i++)
    {
      OptProgram *program = i < opt_programs->len ? g_ptr_array_index (opt_programs, i) : NULL;
      AntamFileEntry *entry = program ? program->entry : g_ptr_array_index (appimages, i - opt_programs->len);

      if (result == NULL)
        result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, "",
                                   _("These programs were copied onto the computer by hand rather "
                                     "than installed from a software repository. Nothing keeps them "
                                     "up to date, and nothing vouches for where they came from."));
      add_program_item (result, entry,
                        program == NULL ? _("AppImage: not from any package")
                        : program->program == NULL ? _("In /opt, not installed by any package; "
                                                       "too large to look through in full")
                        : _("In /opt, not installed by any package"));
    }

  if (result != NULL)
    {
      g_autofree char *joined = antam_install_sources_join_items (result, TRUE);

      g_free (result->title);
      result->title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%u program not installed from a package: %s",
                                                    "%u programs not installed from a package: %s",
                                                    result->items->len),
                                       result->items->len, joined);
      antam_result_set_sub_id (result, "unpackaged");
      /* Deleting by hand is for the IT staff: a program may be needed,
       * or installed for all users. */
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, "unpackaged",
                               _("Ask your IT staff whether each of these programs is needed, "
                                 "and to replace the ones you need with a version installed from "
                                 "an official source."));
      g_ptr_array_add (results, result);
      (*n_findings)++;
    }
}
