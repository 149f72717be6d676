/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "remedy/antam-removal-plan.h"

#define MAX_DPKG_LIST_SIZE (16 * 1024 * 1024)

struct _AntamRemovalPlan
{
  gatomicrefcount ref_count;
  AntamSysroot *sysroot;
  char *app_id;
  char *app_name;
  char **system_paths;     /* the rule's root-owned paths */
  char **desktop_ids;      /* the rule's desktop ids, for mimeapps.list */
  GPtrArray *steps;        /* AntamRemovalStep */
  gboolean end_running;
};

static void
step_free (AntamRemovalStep *step)
{
  g_free (step->kind);
  g_free (step->target);
  g_free (step->name);
  g_free (step->title);
  g_free (step->description);
  g_free (step->arch);
  g_strfreev (step->desktop_ids);
  g_free (step->message);
  g_free (step);
}

static gboolean
has_path_prefix (const char *path,
                 const char *prefix)
{
  gsize len;

  if (path == NULL || prefix == NULL)
    return FALSE;
  len = strlen (prefix);
  return strncmp (path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* "~/.zoom" reads better than "/home/lan/.zoom" to the person whose home it is. */
static char *
display_path (AntamSysroot *sysroot,
              const char   *path)
{
  const char *home = antam_sysroot_get_home (sysroot);

  if (has_path_prefix (path, home) && !g_str_equal (home, "/"))
    return g_strconcat ("~", path + strlen (home), NULL);
  return g_filename_display_name (path);
}

/* Titles are formatted here, from literals, so that format strings stay
 * checkable by the compiler and by msgfmt. */
static char *
item_title (const char *kind,
            const char *display)
{
  if (g_str_equal (kind, "download"))
    /* TRANSLATORS: %s is a file name */
    return g_strdup_printf (_("Installer %s"), display);
  if (g_str_equal (kind, "appimage"))
    return g_strdup_printf (_("AppImage %s"), display);
  if (g_str_equal (kind, "desktop-entry"))
    /* TRANSLATORS: %s is the path of a menu entry (a .desktop file) */
    return g_strdup_printf (_("Menu entry %s"), display);
  if (g_str_equal (kind, "autostart"))
    return g_strdup_printf (_("Starts by itself at login: %s"), display);
  if (g_str_equal (kind, "service"))
    return g_strdup_printf (_("Background service %s"), display);
  return g_strdup (display);
}

static AntamRemovalStep *
add_step (AntamRemovalPlan   *plan,
          AntamRemovalAction  action,
          const AntamItem    *item,
          const char         *target)
{
  AntamRemovalStep *step = g_new0 (AntamRemovalStep, 1);

  step->action = action;
  step->kind = g_strdup (item->kind);
  step->name = g_strdup (item->name);
  step->target = g_strdup (target);
  step->owner = -1;
  g_ptr_array_add (plan->steps, step);
  return step;
}

static void
record_stat (AntamRemovalPlan *plan,
             AntamRemovalStep *step)
{
  g_autofree char *host = antam_sysroot_path (plan->sysroot, step->target);
  struct stat st;

  if (lstat (host, &st) == 0)
    {
      step->has_stat = TRUE;
      step->dev = st.st_dev;
      step->ino = st.st_ino;
      step->mode = st.st_mode & S_IFMT;
    }
}

/* Which files each of the app's packages put on disk, from dpkg's own
 * lists: a path there goes with the package, not through the helper. */
static void
read_dpkg_list (AntamRemovalPlan *plan,
                GHashTable       *owners,
                const char       *package,
                const char       *arch,
                int               step_index)
{
  g_autofree char *plain = g_strdup_printf ("/var/lib/dpkg/info/%s.list", package);
  g_autofree char *qualified = arch ? g_strdup_printf ("/var/lib/dpkg/info/%s:%s.list", package, arch) : NULL;
  const char *candidates[] = { plain, qualified };

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (candidates[c] == NULL ||
          !antam_sysroot_read_file (plan->sysroot, candidates[c], MAX_DPKG_LIST_SIZE,
                                    &contents, NULL, NULL))
        continue;
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] == '/' && lines[i][1] != '\0')
          g_hash_table_insert (owners, g_strdup (lines[i]), GINT_TO_POINTER (step_index + 1));
    }
}

static int
owner_of (GHashTable *owners,
          const char *path)
{
  gpointer value = g_hash_table_lookup (owners, path);

  return value ? GPOINTER_TO_INT (value) - 1 : -1;
}

static int
find_step (AntamRemovalPlan   *plan,
           AntamRemovalAction  action,
           int                 user_install)
{
  for (guint i = 0; i < plan->steps->len; i++)
    {
      AntamRemovalStep *step = g_ptr_array_index (plan->steps, i);

      if (step->action == action && (user_install < 0 || step->user_install == user_install))
        return (int) i;
    }
  return -1;
}

static int
find_path_step (AntamRemovalPlan *plan,
                const char       *path)
{
  for (guint i = 0; i < plan->steps->len; i++)
    {
      AntamRemovalStep *step = g_ptr_array_index (plan->steps, i);

      if (step->action == ANTAM_REMOVAL_REMOVE_SYSTEM_PATH && has_path_prefix (path, step->target))
        return (int) i;
    }
  return -1;
}

static gboolean
is_home_path (AntamRemovalPlan *plan,
              const char       *path)
{
  const char *home = antam_sysroot_get_home (plan->sysroot);

  return !g_str_equal (home, "/") && has_path_prefix (path, home) && !g_str_equal (path, home);
}

static void
describe_covered (AntamRemovalPlan *plan,
                  AntamRemovalStep *step)
{
  AntamRemovalStep *owner = g_ptr_array_index (plan->steps, step->owner);

  step->needs_admin = owner->needs_admin;
  /* TRANSLATORS: %s is another step's title, e.g. Package “zoom” (deb) */
  step->description = g_strdup_printf (_("Removed together with: %s. Nothing else is done for it."),
                                       owner->title);
}

static void
describe_manual (AntamRemovalStep *step,
                 const char       *display)
{
  step->needs_admin = TRUE;
  step->description =
    g_strdup_printf (_("An Tâm cannot remove “%s” by itself: it is a system file that no package "
                       "and no rule covers. Ask your IT staff to remove it; the guide shows the command."),
                     display);
}

static void
plan_process (AntamRemovalPlan *plan,
              const AntamItem  *item)
{
  AntamRemovalStep *step = add_step (plan, ANTAM_REMOVAL_END_PROCESS, item, item->id);

  /* TRANSLATORS: %s is a program name, the second %s a process number */
  step->title = g_strdup_printf (_("%s is running (process %s)"), item->name, item->id);
  step->description =
    g_strdup_printf (_("Please quit %s before it is removed. If it does not close, An Tâm can end "
                       "it for you, but only when you allow it."), plan->app_name);
}

static void
plan_package (AntamRemovalPlan *plan,
              const AntamItem  *item,
              GHashTable       *owners)
{
  AntamRemovalStep *step = add_step (plan, ANTAM_REMOVAL_REMOVE_PACKAGE, item, item->name);

  step->arch = g_strdup (item->detail);
  step->needs_admin = TRUE;
  /* TRANSLATORS: the first %s is a package name, the second "deb" or "rpm" */
  step->title = g_strdup_printf (_("Package “%s” (%s)"), item->name, item->kind);
  step->description =
    g_strdup_printf (_("The package “%s”%s%s will be removed through PackageKit, the system's "
                       "software service: exactly this package, and no other package is removed "
                       "with it. The administrator's password is needed."),
                     item->name, item->version ? " " : "", item->version ? item->version : "");
  if (g_str_equal (item->kind, "deb"))
    read_dpkg_list (plan, owners, item->name, item->detail, (int) plan->steps->len - 1);
}

static void
plan_flatpak (AntamRemovalPlan *plan,
              const AntamItem  *item)
{
  g_autofree char *user_dir = g_build_filename (antam_sysroot_get_data_home (plan->sysroot),
                                                "flatpak", NULL);
  AntamRemovalStep *step = add_step (plan, ANTAM_REMOVAL_UNINSTALL_FLATPAK, item,
                                     item->id ? item->id : item->name);

  /* Where it is deployed says which installation, whatever the language
   * of the scan's detail text. */
  step->user_install = has_path_prefix (item->location, user_dir);
  step->needs_admin = !step->user_install;
  step->title = g_strdup_printf (_("Flatpak app “%s”"), step->target);
  step->description = step->user_install
    ? g_strdup_printf (_("The Flatpak app “%s”, installed for you only, will be uninstalled. "
                         "No password is needed."), step->target)
    : g_strdup_printf (_("The Flatpak app “%s”, installed for all users, will be uninstalled. "
                         "The administrator's password is needed."), step->target);
}

static void
plan_snap (AntamRemovalPlan *plan,
           const AntamItem  *item)
{
  AntamRemovalStep *step = add_step (plan, ANTAM_REMOVAL_REMOVE_SNAP, item,
                                     item->id ? item->id : item->name);

  step->needs_admin = TRUE;
  step->title = g_strdup_printf (_("Snap “%s”"), step->target);
  step->description = g_strdup_printf (_("The snap “%s” will be removed through snapd, the snap "
                                         "service. The administrator's password is needed."),
                                       step->target);
}

static void
plan_system_path (AntamRemovalPlan *plan,
                  const AntamItem  *item,
                  GHashTable       *owners)
{
  const char *path = item->location ? item->location : item->name;
  AntamRemovalStep *step = add_step (plan, ANTAM_REMOVAL_REMOVE_SYSTEM_PATH, item, path);
  g_autofree char *display = g_filename_display_name (path);

  step->needs_admin = TRUE;
  step->owner = owner_of (owners, path);
  step->title = g_strdup (display);
  record_stat (plan, step);
  if (step->owner >= 0)
    {
      AntamRemovalStep *owner = g_ptr_array_index (plan->steps, step->owner);
      /* TRANSLATORS: %s is a step title such as Package “zoom” (deb), the second a path */
      step->description = g_strdup_printf (_("Belongs to %s and goes with it. If anything is left "
                                             "in “%s” afterwards, An Tâm's removal helper deletes it "
                                             "with the administrator's permission."),
                                           owner->title, display);
    }
  else
    step->description = g_strdup_printf (_("“%s” will be deleted by An Tâm's removal helper with the "
                                           "administrator's permission. The helper deletes only the "
                                           "paths that the rules list for %s, and never follows a "
                                           "symbolic link."), display, plan->app_name);
}

static void
plan_trash (AntamRemovalPlan *plan,
            const AntamItem  *item)
{
  AntamRemovalStep *step = add_step (plan, ANTAM_REMOVAL_TRASH, item, item->location);
  g_autofree char *display = display_path (plan->sysroot, item->location);

  step->title = item_title (item->kind, display);
  step->description = g_strdup_printf (_("“%s” will be moved to the Trash, so that it can be "
                                         "restored if it was a mistake."), display);
  record_stat (plan, step);
}

static void
plan_url_handler (AntamRemovalPlan *plan,
                  const AntamItem  *item)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  AntamRemovalStep *step;

  /* One step a scheme, however many files claim it. */
  for (guint i = 0; i < plan->steps->len; i++)
    {
      step = g_ptr_array_index (plan->steps, i);
      if (step->action == ANTAM_REMOVAL_FORGET_URL_HANDLER && g_str_equal (step->target, item->name))
        {
          if (item->id && !g_strv_contains ((const char * const *) step->desktop_ids, item->id))
            {
              g_strv_builder_addv (ids, (const char **) step->desktop_ids);
              g_strv_builder_add (ids, item->id);
              g_strfreev (step->desktop_ids);
              step->desktop_ids = g_strv_builder_end (ids);
            }
          return;
        }
    }

  step = add_step (plan, ANTAM_REMOVAL_FORGET_URL_HANDLER, item, item->name);
  if (plan->desktop_ids)
    g_strv_builder_addv (ids, (const char **) plan->desktop_ids);
  if (item->id && !(plan->desktop_ids && g_strv_contains ((const char * const *) plan->desktop_ids, item->id)))
    g_strv_builder_add (ids, item->id);
  step->desktop_ids = g_strv_builder_end (ids);
  /* TRANSLATORS: %s is a link scheme such as zoommtg */
  step->title = g_strdup_printf (_("Opens %s:// links"), item->name);
  step->description =
    g_strdup_printf (_("%s will no longer open %s:// links; the apps you chose for everything "
                       "else stay as they are. The program's own menu entry goes with the step "
                       "that removes it."), plan->app_name, item->name);
}

/* A desktop file, an autostart entry or a service: whichever step removes
 * the place it lives in takes it along; the user's own are trashed. */
static void
plan_entry (AntamRemovalPlan *plan,
            const AntamItem  *item,
            GHashTable       *owners)
{
  const char *path = item->location;
  g_autofree char *user_flatpak = g_build_filename (antam_sysroot_get_data_home (plan->sysroot),
                                                    "flatpak", NULL);
  g_autofree char *display = path ? display_path (plan->sysroot, path) : g_strdup (item->name);
  AntamRemovalStep *step;
  int owner = -1;

  if (path != NULL && has_path_prefix (path, "/var/lib/flatpak"))
    owner = find_step (plan, ANTAM_REMOVAL_UNINSTALL_FLATPAK, FALSE);
  else if (path != NULL && has_path_prefix (path, user_flatpak))
    owner = find_step (plan, ANTAM_REMOVAL_UNINSTALL_FLATPAK, TRUE);
  else if (path != NULL && (has_path_prefix (path, "/var/lib/snapd") || has_path_prefix (path, "/snap")))
    owner = find_step (plan, ANTAM_REMOVAL_REMOVE_SNAP, -1);
  if (owner < 0 && path != NULL)
    owner = owner_of (owners, path);
  if (owner < 0 && path != NULL)
    owner = find_path_step (plan, path);

  if (owner >= 0)
    {
      step = add_step (plan, ANTAM_REMOVAL_WITH_OTHER_STEP, item, path ? path : item->name);
      step->owner = owner;
      step->title = item_title (item->kind, display);
      describe_covered (plan, step);
      return;
    }

  if (path != NULL && is_home_path (plan, path))
    {
      plan_trash (plan, item);
      return;
    }

  step = add_step (plan, ANTAM_REMOVAL_MANUAL, item, path ? path : item->name);
  step->title = item_title (item->kind, display);
  describe_manual (step, display);
}

/**
 * antam_removal_results_for_app:
 *
 * The results of a scan that are about @app_id: its risky-apps finding,
 * the downloaded installers attributed to it, and the network-services
 * finding of a server or a remote-support app the rules let An Tâm remove.
 *
 * Returns: (transfer container) (element-type AntamResult): never %NULL
 */
GPtrArray *
antam_removal_results_for_app (GPtrArray  *results,
                               const char *app_id)
{
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_result_unref);

  for (guint i = 0; results && i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      gboolean about_app = FALSE;

      if (g_str_equal (result->check, "risky-apps") || g_str_equal (result->check, "network-services"))
        about_app = result->remedy == ANTAM_REMEDY_UNINSTALL &&
                    g_strcmp0 (result->remedy_target, app_id) == 0;
      else if (g_str_equal (result->check, "downloads"))
        for (guint j = 0; j < result->items->len; j++)
          {
            AntamItem *item = g_ptr_array_index (result->items, j);
            about_app |= g_str_equal (item->kind, "download") && g_strcmp0 (item->id, app_id) == 0;
          }
      if (about_app)
        g_ptr_array_add (mine, antam_result_ref (result));
    }
  return mine;
}

typedef enum {
  PASS_PROCESS, PASS_PACKAGE, PASS_FLATPAK, PASS_SNAP, PASS_PATH, PASS_HOME,
  PASS_URL, PASS_ENTRIES, N_PASSES
} Pass;

static Pass
pass_of (const char *kind)
{
  if (g_str_equal (kind, "process"))
    return PASS_PROCESS;
  if (g_str_equal (kind, "deb") || g_str_equal (kind, "rpm"))
    return PASS_PACKAGE;
  if (g_str_equal (kind, "flatpak"))
    return PASS_FLATPAK;
  if (g_str_equal (kind, "snap"))
    return PASS_SNAP;
  if (g_str_equal (kind, "path"))
    return PASS_PATH;
  if (g_str_equal (kind, "home-path") || g_str_equal (kind, "appimage") || g_str_equal (kind, "download"))
    return PASS_HOME;
  if (g_str_equal (kind, "url-handler"))
    return PASS_URL;
  return PASS_ENTRIES;
}

static void
plan_item (AntamRemovalPlan *plan,
           const AntamItem  *item,
           GHashTable       *owners)
{
  switch (pass_of (item->kind))
    {
    case PASS_PROCESS:
      plan_process (plan, item);
      break;
    case PASS_PACKAGE:
      plan_package (plan, item, owners);
      break;
    case PASS_FLATPAK:
      plan_flatpak (plan, item);
      break;
    case PASS_SNAP:
      plan_snap (plan, item);
      break;
    case PASS_PATH:
      plan_system_path (plan, item, owners);
      break;
    case PASS_HOME:
      if (item->location == NULL || !is_home_path (plan, item->location))
        {
          g_autofree char *display = g_filename_display_name (item->location ? item->location : item->name);
          AntamRemovalStep *step = add_step (plan, ANTAM_REMOVAL_MANUAL, item,
                                             item->location ? item->location : item->name);
          step->title = item_title (item->kind, display);
          describe_manual (step, display);
        }
      else
        plan_trash (plan, item);
      break;
    case PASS_URL:
      plan_url_handler (plan, item);
      break;
    case PASS_ENTRIES:
      plan_entry (plan, item, owners);
      break;
    case N_PASSES:
    default:
      g_assert_not_reached ();
    }
}

/* In a Flatpak, An Tâm sees the system read-only and has neither
 * PackageKit, nor pkexec, nor the host's processes: each step is one for
 * the user, with the guide.  What goes with another step still does. */
static void
leave_steps_to_the_user (AntamRemovalPlan *plan)
{
  for (guint i = 0; i < plan->steps->len; i++)
    {
      AntamRemovalStep *step = g_ptr_array_index (plan->steps, i);

      if (step->action == ANTAM_REMOVAL_WITH_OTHER_STEP)
        continue;
      step->action = ANTAM_REMOVAL_MANUAL;
      g_free (step->description);
      step->description = g_strdup (step->kind != NULL && g_str_equal (step->kind, "process")
                                      ? _("Quit it yourself before removing the rest.")
                                      : _("Remove it yourself: the guide shows how, step by step."));
    }
}

/**
 * antam_removal_plan_new:
 * @results: the results of a scan (risky-apps and downloads at least);
 *   only those about @rule's app are used
 *
 * Returns: (transfer full): the plan, or %NULL with an error when the rule
 *   is not one An Tâm removes
 */
AntamRemovalPlan *
antam_removal_plan_new (AntamSysroot        *sysroot,
                        const AntamAppRule  *rule,
                        GPtrArray           *results,
                        GError             **error)
{
  g_autoptr(AntamRemovalPlan) plan = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GHashTable) owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);
  g_return_val_if_fail (rule != NULL, NULL);

  if (rule->remedy != ANTAM_REMEDY_UNINSTALL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The rules do not ask to uninstall %s, so An Tâm does not remove it"),
                   rule->name);
      return NULL;
    }

  plan = g_new0 (AntamRemovalPlan, 1);
  g_atomic_ref_count_init (&plan->ref_count);
  plan->sysroot = g_object_ref (sysroot);
  plan->app_id = g_strdup (rule->id);
  plan->app_name = g_strdup (rule->name);
  plan->system_paths = g_strdupv (rule->footprints[ANTAM_FOOTPRINT_PATH]);
  plan->desktop_ids = g_strdupv (rule->footprints[ANTAM_FOOTPRINT_DESKTOP_FILE]);
  plan->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);

  mine = antam_removal_results_for_app (results, rule->id);

  /* In passes, so that what another step depends on is planned (and runs)
   * first: quit, packages, Flatpak, snap, system paths, home, links, entries. */
  for (Pass pass = 0; pass < N_PASSES; pass++)
    for (guint r = 0; r < mine->len; r++)
      {
        AntamResult *result = g_ptr_array_index (mine, r);

        for (guint i = 0; i < result->items->len; i++)
          {
            AntamItem *item = g_ptr_array_index (result->items, i);

            /* network-services describes a server (its sockets, unit,
             * settings, shares); only its package is a thing to remove. */
            if (g_str_equal (result->check, "network-services") && pass != PASS_PACKAGE)
              continue;
            if (pass_of (item->kind) == pass)
              plan_item (plan, item, owners);
          }
      }

  if (!antam_removal_plan_can_act (plan))
    leave_steps_to_the_user (plan);

  return g_steal_pointer (&plan);
}

AntamRemovalPlan *
antam_removal_plan_ref (AntamRemovalPlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);
  g_atomic_ref_count_inc (&plan->ref_count);
  return plan;
}

void
antam_removal_plan_unref (AntamRemovalPlan *plan)
{
  if (plan == NULL || !g_atomic_ref_count_dec (&plan->ref_count))
    return;
  g_object_unref (plan->sysroot);
  g_free (plan->app_id);
  g_free (plan->app_name);
  g_strfreev (plan->system_paths);
  g_strfreev (plan->desktop_ids);
  g_ptr_array_unref (plan->steps);
  g_free (plan);
}

AntamSysroot *
antam_removal_plan_get_sysroot (AntamRemovalPlan *plan)
{
  return plan->sysroot;
}

const char *
antam_removal_plan_get_app_id (AntamRemovalPlan *plan)
{
  return plan->app_id;
}

const char *
antam_removal_plan_get_app_name (AntamRemovalPlan *plan)
{
  return plan->app_name;
}

/* Any view other than the live root is a tree of files we may change
 * directly: a training copy, a fixture, a --root given on purpose. */
gboolean
antam_removal_plan_acts_on_copy (AntamRemovalPlan *plan)
{
  return !antam_sysroot_is_live (plan->sysroot);
}

/**
 * antam_removal_plan_can_act:
 *
 * Whether An Tâm can carry the plan out itself.  Not from a Flatpak: there
 * it only looks at the system, and each step is left to the user (see
 * antam_removal_plan_get_reason()).
 */
gboolean
antam_removal_plan_can_act (AntamRemovalPlan *plan)
{
  return !antam_sysroot_is_sandboxed (plan->sysroot);
}

/**
 * antam_removal_plan_get_reason:
 *
 * Returns: (nullable): why An Tâm cannot carry the plan out itself, for
 *   the user, or %NULL when it can
 */
const char *
antam_removal_plan_get_reason (AntamRemovalPlan *plan)
{
  if (antam_removal_plan_can_act (plan))
    return NULL;
  return _("An Tâm was installed as a Flatpak, which may look at this computer but not change "
           "it. Nothing will be removed from here: follow the guide, or ask your IT staff.");
}

guint
antam_removal_plan_get_n_steps (AntamRemovalPlan *plan)
{
  return plan->steps->len;
}

AntamRemovalStep *
antam_removal_plan_get_step (AntamRemovalPlan *plan,
                             guint             index)
{
  g_return_val_if_fail (index < plan->steps->len, NULL);
  return g_ptr_array_index (plan->steps, index);
}

gboolean
antam_removal_plan_needs_admin (AntamRemovalPlan *plan)
{
  if (!antam_removal_plan_can_act (plan))
    return FALSE;
  for (guint i = 0; i < plan->steps->len; i++)
    {
      AntamRemovalStep *step = g_ptr_array_index (plan->steps, i);
      if (step->needs_admin && step->action != ANTAM_REMOVAL_MANUAL)
        return TRUE;
    }
  return FALSE;
}

gboolean
antam_removal_plan_has_running_app (AntamRemovalPlan *plan)
{
  return find_step (plan, ANTAM_REMOVAL_END_PROCESS, -1) >= 0;
}

const char * const *
antam_removal_plan_get_system_paths (AntamRemovalPlan *plan)
{
  return (const char * const *) plan->system_paths;
}

void
antam_removal_plan_set_end_running (AntamRemovalPlan *plan,
                                    gboolean          allowed)
{
  plan->end_running = allowed;
}

gboolean
antam_removal_plan_get_end_running (AntamRemovalPlan *plan)
{
  return plan->end_running;
}

const char *
antam_removal_action_to_string (AntamRemovalAction action)
{
  static const char * const names[] = {
    "end-process", "remove-package", "uninstall-flatpak", "remove-snap",
    "remove-system-path", "trash", "forget-url-handler", "with-other-step", "manual",
  };

  g_return_val_if_fail (action < G_N_ELEMENTS (names), NULL);
  return names[action];
}

const char *
antam_removal_step_state_to_string (AntamRemovalStepState state)
{
  static const char * const names[] = { "pending", "running", "done", "failed", "skipped" };

  g_return_val_if_fail (state < G_N_ELEMENTS (names), NULL);
  return names[state];
}

/**
 * antam_removal_plan_to_text:
 *
 * The plan as the CLI prints it before asking: one numbered step a line,
 * what will happen below it.
 */
char *
antam_removal_plan_to_text (AntamRemovalPlan *plan)
{
  GString *text = g_string_new (NULL);

  if (plan->steps->len == 0)
    {
      g_string_append_printf (text, _("Nothing of %s was found on this computer."), plan->app_name);
      g_string_append_c (text, '\n');
      return g_string_free (text, FALSE);
    }

  g_string_append_printf (text, _("Plan to remove %s:"), plan->app_name);
  g_string_append_c (text, '\n');
  if (antam_removal_plan_acts_on_copy (plan))
    {
      g_autofree char *root = g_filename_display_name (antam_sysroot_get_root (plan->sysroot));
      g_string_append_printf (text, _("(Acting on the copy in %s, not on this computer.)"), root);
      g_string_append_c (text, '\n');
    }
  if (!antam_removal_plan_can_act (plan))
    g_string_append_printf (text, "%s\n", antam_removal_plan_get_reason (plan));
  for (guint i = 0; i < plan->steps->len; i++)
    {
      AntamRemovalStep *step = g_ptr_array_index (plan->steps, i);

      g_string_append_printf (text, "%2u. %s%s\n    %s\n", i + 1, step->title,
                              step->needs_admin && step->action != ANTAM_REMOVAL_WITH_OTHER_STEP
                                ? _(" [administrator]") : "",
                              step->description);
    }
  return g_string_free (text, FALSE);
}
