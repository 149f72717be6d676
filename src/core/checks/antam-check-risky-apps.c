/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "checks/antam-checks-private.h"
#include "rules/antam-rules-feed.h"

#define CHECK_ID "risky-apps"

typedef struct {
  AntamScanContext *context;
  const AntamAppRule *rule;
  AntamResult *result;
  gboolean program_found;  /* not only leftovers in the home */
} AppScan;

static gboolean
rule_lists (const AntamAppRule *rule,
            AntamFootprintKind  kind,
            const char         *value)
{
  char **list = rule->footprints[kind];

  return list != NULL && value != NULL && g_strv_contains ((const char * const *) list, value);
}

static AntamItem *
add_item (AppScan    *scan,
          const char *kind,
          const char *name,
          const char *location,
          gboolean    is_program)
{
  scan->program_found |= is_program;
  return antam_result_add_item (scan->result, kind, name, location);
}

static void
find_packages (AppScan     *scan,
               AntamSource  source)
{
  GPtrArray *packages = antam_scan_context_get (scan->context, source, NULL);
  AntamFootprintKind kind = source == ANTAM_SOURCE_DPKG ? ANTAM_FOOTPRINT_DEB : ANTAM_FOOTPRINT_RPM;

  for (guint i = 0; packages && i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      AntamItem *item;

      if (!package->installed || !rule_lists (scan->rule, kind, package->name))
        continue;
      item = add_item (scan, package->source, package->name, NULL, TRUE);
      item->id = g_strdup (package->name);
      item->version = g_strdup (package->version);
      item->detail = g_strdup (package->arch);
    }
}

static void
find_flatpaks (AppScan *scan)
{
  GPtrArray *flatpaks = antam_scan_context_get (scan->context, ANTAM_SOURCE_FLATPAKS, NULL);

  for (guint i = 0; flatpaks && i < flatpaks->len; i++)
    {
      AntamFlatpak *flatpak = g_ptr_array_index (flatpaks, i);
      AntamItem *item;

      if (!rule_lists (scan->rule, ANTAM_FOOTPRINT_FLATPAK, flatpak->id))
        continue;
      item = add_item (scan, "flatpak", flatpak->id, flatpak->location, TRUE);
      item->id = g_strdup (flatpak->id);
      item->version = g_strdup (flatpak->version);
      item->origin = g_strdup (flatpak->origin);
      item->detail = g_str_equal (flatpak->installation, "user")
        ? g_strdup (_("Installed for this user only"))
        : g_strdup (_("Installed for all users"));
    }
}

static void
find_snaps (AppScan *scan)
{
  GPtrArray *snaps = antam_scan_context_get (scan->context, ANTAM_SOURCE_SNAPS, NULL);

  for (guint i = 0; snaps && i < snaps->len; i++)
    {
      AntamSnap *snap = g_ptr_array_index (snaps, i);
      AntamItem *item;

      if (!rule_lists (scan->rule, ANTAM_FOOTPRINT_SNAP, snap->name))
        continue;
      item = add_item (scan, "snap", snap->name, snap->location, TRUE);
      item->id = g_strdup (snap->name);
      item->version = g_strdup (snap->version);
      if (snap->revision)
        item->detail = g_strdup_printf (_("Revision %s"), snap->revision);
    }
}

static void
find_paths (AppScan *scan)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (scan->context);
  char **paths = scan->rule->footprints[ANTAM_FOOTPRINT_PATH];
  char **home_paths = scan->rule->footprints[ANTAM_FOOTPRINT_HOME_PATH];

  for (guint i = 0; paths && paths[i]; i++)
    if (antam_sysroot_exists (sysroot, paths[i]))
      add_item (scan, "path", paths[i], paths[i], TRUE);

  for (guint i = 0; home_paths && home_paths[i]; i++)
    {
      g_autofree char *path = antam_sysroot_expand_home (sysroot, home_paths[i]);

      if (antam_sysroot_exists (sysroot, path))
        add_item (scan, "home-path", home_paths[i], path, FALSE);
    }
}

static gboolean
claims_scheme (AntamDesktopEntry *entry,
               const char        *mime)
{
  return entry->mime_types != NULL &&
         g_strv_contains ((const char * const *) entry->mime_types, mime);
}

static void
find_desktop_entries (AppScan *scan)
{
  GPtrArray *entries = antam_scan_context_get (scan->context, ANTAM_SOURCE_DESKTOP_ENTRIES, NULL);
  GHashTable *defaults = antam_scan_context_get_default_handlers (scan->context);
  char **schemes = scan->rule->footprints[ANTAM_FOOTPRINT_URL_SCHEME];

  for (guint i = 0; entries && i < entries->len; i++)
    {
      AntamDesktopEntry *entry = g_ptr_array_index (entries, i);

      if (rule_lists (scan->rule, ANTAM_FOOTPRINT_DESKTOP_FILE, entry->id))
        {
          AntamItem *item = add_item (scan, "desktop-entry", entry->id, entry->location, FALSE);
          item->id = g_strdup (entry->id);
          item->detail = g_strdup (entry->exec);
        }

      for (guint s = 0; schemes && schemes[s]; s++)
        {
          g_autofree char *mime = g_strconcat ("x-scheme-handler/", schemes[s], NULL);
          const char *default_id = g_hash_table_lookup (defaults, mime);
          AntamItem *item;

          if (!claims_scheme (entry, mime))
            continue;
          item = add_item (scan, "url-handler", schemes[s], entry->location, FALSE);
          item->id = g_strdup (entry->id);
          item->detail = g_strcmp0 (default_id, entry->id) == 0
            ? g_strdup_printf (_("Opens %s:// links by default"), schemes[s])
            : g_strdup_printf (_("Can open %s:// links"), schemes[s]);
        }
    }

  /* A default handler left in mimeapps.list after its desktop file is gone
   * still tells the desktop where to send zoommtg:// links. */
  for (guint s = 0; schemes && schemes[s]; s++)
    {
      g_autofree char *mime = g_strconcat ("x-scheme-handler/", schemes[s], NULL);
      const char *default_id = g_hash_table_lookup (defaults, mime);
      gboolean listed = FALSE;

      if (default_id == NULL)
        continue;
      for (guint i = 0; entries && i < entries->len && !listed; i++)
        {
          AntamDesktopEntry *entry = g_ptr_array_index (entries, i);
          listed = g_str_equal (entry->id, default_id) && claims_scheme (entry, mime);
        }
      if (!listed)
        {
          AntamItem *item = add_item (scan, "url-handler", schemes[s], "mimeapps.list", FALSE);
          item->id = g_strdup (default_id);
          item->detail = g_strdup_printf (_("Set to open %s:// links"),
                                          schemes[s]);
        }
    }
}

static void
find_autostart (AppScan *scan)
{
  GPtrArray *entries = antam_scan_context_get (scan->context, ANTAM_SOURCE_AUTOSTART, NULL);

  for (guint i = 0; entries && i < entries->len; i++)
    {
      AntamDesktopEntry *entry = g_ptr_array_index (entries, i);
      AntamItem *item;

      if (!rule_lists (scan->rule, ANTAM_FOOTPRINT_AUTOSTART, entry->id))
        continue;
      item = add_item (scan, "autostart", entry->id, entry->location, FALSE);
      item->id = g_strdup (entry->id);
      item->detail = entry->hidden ? g_strdup (_("Disabled")) : g_strdup (entry->exec);
    }
}

static void
find_appimages (AppScan *scan)
{
  GPtrArray *appimages = antam_scan_context_get_appimages (scan->context);

  for (guint i = 0; i < appimages->len; i++)
    {
      AntamFileEntry *file = g_ptr_array_index (appimages, i);
      g_autofree char *base = NULL;
      AntamItem *item;

      /* Locations keep their raw bytes for the removal; names are for people. */
      base = g_filename_display_basename (file->location);
      if (!antam_app_rule_matches_download_name (scan->rule, base))
        continue;
      item = add_item (scan, "appimage", base, file->location, TRUE);
      item->size = file->size;
    }
}

static void
find_processes (AppScan *scan)
{
  GPtrArray *processes = antam_scan_context_get (scan->context, ANTAM_SOURCE_PROCESSES, NULL);

  for (guint i = 0; processes && i < processes->len; i++)
    {
      AntamProcess *process = g_ptr_array_index (processes, i);
      g_autofree char *exe_base = process->exe ? g_path_get_basename (process->exe) : NULL;
      AntamItem *item;

      if (!rule_lists (scan->rule, ANTAM_FOOTPRINT_PROCESS, process->comm) &&
          !rule_lists (scan->rule, ANTAM_FOOTPRINT_PROCESS, exe_base))
        continue;
      item = add_item (scan, "process", process->comm, process->exe, TRUE);
      item->id = g_strdup_printf ("%d", process->pid);
      item->detail = g_strdup_printf (_("Running now (process %d)"), process->pid);
    }
}

static void
find_services (AppScan *scan)
{
  static const char * const unit_dirs[] = {
    "/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system",
  };
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (scan->context);
  char **units = scan->rule->footprints[ANTAM_FOOTPRINT_SERVICE];

  for (guint i = 0; units && units[i]; i++)
    for (guint d = 0; d < G_N_ELEMENTS (unit_dirs); d++)
      {
        g_autofree char *path = g_build_filename (unit_dirs[d], units[i], NULL);

        if (antam_sysroot_exists (sysroot, path))
          {
            add_item (scan, "service", units[i], path, TRUE);
            break;
          }
      }
}

/* A source that is simply absent (no rpm, no Flatpak) is no failure; one
 * read in part or not at all is listed, in words, with the library's error
 * kept in the item's detail. */
static void
note_unreadable (AntamScanContext *context,
                 AntamSource       source,
                 AntamResult      *result)
{
  const char *reason = NULL;
  const char *detail = NULL;
  AntamSourceHealth health = antam_scan_context_get_health (context, source, &reason, &detail);
  AntamItem *item;

  if (health != ANTAM_SOURCE_PARTIAL && health != ANTAM_SOURCE_UNREADABLE)
    return;
  item = antam_result_add_item (result, "error", reason, NULL);
  item->detail = g_strdup (detail);
}

/* A CSIRT's feed past its expiry still applies (it is the newest the PC
 * has), but what became risky since is not in it: worth knowing. */
static void
note_expired_feeds (AntamScanContext *context,
                    GPtrArray        *results)
{
  AntamRules *rules = antam_scan_context_get_rules (context);
  AntamResult *result = NULL;

  for (guint i = 0; i < rules->feeds->len; i++)
    {
      AntamRulesFeed *feed = g_ptr_array_index (rules->feeds, i);
      g_autofree char *expired = NULL;
      AntamItem *item;

      if (!antam_rules_feed_is_expired (feed, antam_scan_context_get_now (context)))
        continue;
      if (result == NULL)
        {
          result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                     _("The list of risky apps is out of date"),
                                     _("The list of risky apps that the incident response team publishes has "
                                       "expired, and no newer one has reached this computer. Apps found risky "
                                       "since then may not be recognised. Connect this computer to the network "
                                       "and open An Tâm again; if this message stays, tell your IT staff."));
          antam_result_set_sub_id (result, "rules-feed");
        }
      expired = g_date_time_format (feed->expires, "%Y-%m-%d");
      item = antam_result_add_item (result, "rules-feed", feed->team, feed->path);
      /* TRANSLATORS: a feed's number and the day it expired */
      item->detail = g_strdup_printf (_("Feed %" PRIu64 ", expired on %s"), feed->serial, expired);
    }
  if (result != NULL)
    g_ptr_array_add (results, result);
}

void
antam_check_risky_apps (AntamScanContext *context,
                        GPtrArray        *results)
{
  static const AntamSource sources[] = {
    ANTAM_SOURCE_DPKG, ANTAM_SOURCE_RPM, ANTAM_SOURCE_FLATPAKS, ANTAM_SOURCE_SNAPS,
    ANTAM_SOURCE_DESKTOP_ENTRIES, ANTAM_SOURCE_AUTOSTART, ANTAM_SOURCE_FILES,
    ANTAM_SOURCE_DOWNLOADS, ANTAM_SOURCE_PROCESSES,
  };
  AntamRules *rules = antam_scan_context_get_rules (context);
  g_autoptr(AntamResult) unchecked = NULL;
  guint found = 0;

  for (guint r = 0; r < rules->apps->len; r++)
    {
      const AntamAppRule *rule = g_ptr_array_index (rules->apps, r);
      AppScan scan = { context, rule, NULL, FALSE };

      /* An installed server is not risky by itself: network-services says
       * whether it is turned on and reachable. */
      if (rule->category == ANTAM_APP_CATEGORY_SERVER)
        continue;
      scan.result = antam_result_new (CHECK_ID, rule->severity, NULL, antam_app_rule_why (rule));
      find_packages (&scan, ANTAM_SOURCE_DPKG);
      find_packages (&scan, ANTAM_SOURCE_RPM);
      find_flatpaks (&scan);
      find_snaps (&scan);
      find_paths (&scan);
      find_appimages (&scan);
      find_desktop_entries (&scan);
      find_autostart (&scan);
      find_processes (&scan);
      find_services (&scan);

      if (scan.result->items->len == 0)
        {
          antam_result_unref (scan.result);
          continue;
        }

      if (scan.program_found)
        /* TRANSLATORS: %s is an app's name, e.g. Zoom */
        scan.result->title = g_strdup_printf (_("%s is installed"), rule->name);
      else
        {
          /* Leftovers cannot run by themselves: worth removing, not alarming. */
          /* TRANSLATORS: %s is an app's name, e.g. Zoom */
          scan.result->title = g_strdup_printf (_("Leftovers of %s remain"), rule->name);
          scan.result->status = MIN (scan.result->status, ANTAM_STATUS_WARNING);
        }
      antam_result_set_remedy (scan.result, rule->remedy, rule->id, antam_app_rule_action (rule));
      antam_result_set_sub_id (scan.result, rule->id);
      for (guint i = 0; i < scan.result->items->len; i++)
        {
          AntamItem *item = g_ptr_array_index (scan.result->items, i);
          item->rule = g_strdup (rule->id);
        }
      g_ptr_array_add (results, scan.result);
      found++;
    }

  note_expired_feeds (context, results);

  /* What could not be looked at: with findings, they stand and this is
   * added; without, "none found" would be a guess, and this says so. */
  unchecked = found > 0
    ? antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN, _("Some places could not be checked"),
                        _("An Tâm could not read everything it looks at for risky apps. "
                          "The findings above are still valid; what is listed here was not checked."))
    : antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN, _("Risky apps could not be fully checked"),
                        _("None of the apps that the rules flag was found in what An Tâm could "
                          "read, but what is listed here was not checked, so one may still be "
                          "installed."));
  antam_result_set_sub_id (unchecked, "unreadable");
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    note_unreadable (context, sources[i], unchecked);
  for (guint i = 0; i < rules->errors->len; i++)
    {
      AntamItem *item = antam_result_add_item (unchecked, "rules-file", _("A rules file was not used"), NULL);
      item->detail = g_strdup (g_ptr_array_index (rules->errors, i));
    }

  if (unchecked->items->len > 0)
    g_ptr_array_add (results, g_steal_pointer (&unchecked));
  else if (found == 0)
    g_ptr_array_add (results,
                     antam_result_new (CHECK_ID, ANTAM_STATUS_OK, _("No risky apps found"),
                                       _("None of the apps that the rules flag is installed, "
                                         "and none left files behind.")));
}
