/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-updates-private.h"
#include "util/antam-snapd.h"

#define CHECK_ID "app-updates"
#define SNAPD_TIMEOUT_S 15

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

/* The apps that face the internet all day: named first. */
static const char * const browsers[] = {
  "org.mozilla.firefox",
  "org.chromium.Chromium",
  "com.google.Chrome",
  "com.microsoft.Edge",
  "com.brave.Browser",
  "com.opera.Opera",
  "com.vivaldi.Vivaldi",
  "io.gitlab.librewolf-community",
  "org.gnome.Epiphany",
  "com.coccoc.Browser",
  "org.mozilla.Thunderbird",
  "firefox",
  "chromium",
  "brave",
  "opera",
  "vivaldi",
  "thunderbird",
};

typedef struct {
  char *kind;          /* flatpak, snap */
  char *name;
  char *version;       /* "old → new", or NULL */
  char *location;
  char *origin;
  char *detail;
  int rank;            /* browsers first, in the list's order */
} Finding;

static void
finding_free (Finding *finding)
{
  g_free (finding->kind);
  g_free (finding->name);
  g_free (finding->version);
  g_free (finding->location);
  g_free (finding->origin);
  g_free (finding->detail);
  g_free (finding);
}

static int
browser_rank (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (browsers); i++)
    if (g_strcmp0 (browsers[i], name) == 0)
      return (int) i;
  return G_N_ELEMENTS (browsers);
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const Finding *fa = *(const Finding * const *) a;
  const Finding *fb = *(const Finding * const *) b;

  if (fa->rank != fb->rank)
    return fa->rank - fb->rank;
  return g_strcmp0 (fa->name, fb->name);
}

static Finding *
finding_new (const char *kind,
             const char *name)
{
  Finding *finding = g_new0 (Finding, 1);

  finding->kind = g_strdup (kind);
  finding->name = g_strdup (name);
  finding->rank = browser_rank (name);
  return finding;
}

static gboolean
is_commit (const char *text)
{
  gsize len = strlen (text);

  if (len != 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* The remote's ref holds the newest commit this installation has fetched
 * (flatpak update, or GNOME Software's background download); a deployed
 * commit that differs is older.  Without that ref nothing can be said.
 * The Flatpak reader has read it (AntamFlatpak.latest_commit). */
static void
check_flatpaks (GPtrArray *apps,
                GPtrArray *updates,
                GPtrArray *unknown)
{
  for (guint i = 0; i < apps->len; i++)
    {
      AntamFlatpak *app = g_ptr_array_index (apps, i);
      const char *text = app->latest_commit;
      Finding *finding;

      if (app->origin == NULL || app->commit == NULL)
        {
          finding = finding_new ("flatpak", app->id);
          finding->location = g_strdup (app->location);
          finding->detail = g_strdup (app->origin == NULL
                                        ? _("The remote it came from is not recorded")
                                        : _("The deployed commit is not recorded"));
          g_ptr_array_add (unknown, finding);
          continue;
        }

      if (text == NULL || !is_commit (text))
        {
          finding = finding_new ("flatpak", app->id);
          finding->location = g_strdup (app->location);
          finding->origin = g_strdup (app->origin);
          finding->detail = g_strdup_printf (_("No readable record of the newest commit on “%s”"),
                                             app->origin);
          g_ptr_array_add (unknown, finding);
          continue;
        }

      if (g_ascii_strcasecmp (text, app->commit) == 0)
        continue;

      finding = finding_new ("flatpak", app->id);
      finding->location = g_strdup (app->location);
      finding->origin = g_strdup (app->origin);
      finding->version = g_strdup_printf ("%.12s → %.12s", app->commit, text);
      finding->detail = g_strdup_printf (_("A newer commit was fetched from “%s” but is not "
                                           "installed"), app->origin);
      g_ptr_array_add (updates, finding);
    }
}

static const char *
json_string (const cJSON *object,
             const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);
  return cJSON_IsString (item) ? item->valuestring : NULL;
}

/* Parses snapd's answer to GET /v2/find?select=refresh.
 *
 * Returns FALSE with @error when the answer is not one. */
static gboolean
parse_snapd_refreshes (const cJSON *json,
                       GPtrArray   *snaps,
                       GPtrArray   *updates,
                       GError     **error)
{
  const cJSON *status_code, *result;

  status_code = cJSON_GetObjectItemCaseSensitive (json, "status-code");
  result = cJSON_GetObjectItemCaseSensitive (json, "result");

  if (!cJSON_IsNumber (status_code) || status_code->valueint != 200)
    {
      const char *kind = cJSON_IsObject (result) ? json_string (result, "kind") : NULL;
      const char *message = cJSON_IsObject (result) ? json_string (result, "message") : NULL;

      /* snapd says "not found" when no snap has a refresh. */
      if (g_strcmp0 (kind, "snap-not-found") == 0 ||
          (cJSON_IsNumber (status_code) && status_code->valueint == 404))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("snapd could not ask the Snap Store: %s"), message ? message : "?");
      return FALSE;
    }

  if (!cJSON_IsArray (result))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("snapd's answer has no list of snaps"));
      return FALSE;
    }

  for (const cJSON *entry = result->child; entry; entry = entry->next)
    {
      const char *name = json_string (entry, "name");
      const char *version = json_string (entry, "version");
      const char *current = NULL;
      Finding *finding;

      if (name == NULL)
        continue;
      for (guint i = 0; snaps && i < snaps->len; i++)
        {
          AntamSnap *snap = g_ptr_array_index (snaps, i);
          if (g_strcmp0 (snap->name, name) == 0)
            current = snap->version;
        }

      finding = finding_new ("snap", name);
      finding->location = g_strconcat ("/snap/", name, NULL);
      finding->origin = g_strdup ("Snap Store");
      if (version)
        finding->version = current ? g_strdup_printf ("%s → %s", current, version)
                                   : g_strdup_printf ("→ %s", version);
      finding->detail = g_strdup (_("A newer revision is waiting in the Snap Store"));
      g_ptr_array_add (updates, finding);
    }
  return TRUE;
}

static void
add_items (AntamResult *result,
           GPtrArray   *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      Finding *finding = g_ptr_array_index (findings, i);
      AntamItem *item = antam_result_add_item (result, finding->kind, finding->name, finding->location);

      item->id = g_strdup (finding->name);
      item->version = g_strdup (finding->version);
      item->origin = g_strdup (finding->origin);
      item->detail = g_strdup (finding->detail);
    }
}

static GPtrArray *
finding_names (GPtrArray *findings)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (names, ((Finding *) g_ptr_array_index (findings, i))->name);
  return names;
}

void
antam_check_app_updates (AntamScanContext *context,
                         GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  GCancellable *cancellable = antam_scan_context_get_cancellable (context);
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  g_autoptr(GString) notes = g_string_new (NULL);
  const GError *flatpak_error = NULL;
  const GError *snap_error = NULL;
  GPtrArray *flatpaks = antam_scan_context_get (context, ANTAM_SOURCE_FLATPAKS, &flatpak_error);
  GPtrArray *snaps = antam_scan_context_get (context, ANTAM_SOURCE_SNAPS, &snap_error);
  g_autoptr(GError) snapd_error = NULL;
  guint n_apps = 0;
  gboolean snaps_checked = FALSE;
  AntamResult *result;

  if (flatpaks != NULL)
    {
      n_apps += flatpaks->len;
      check_flatpaks (flatpaks, updates, unknown);
    }
  else if (flatpak_error != NULL)
    {
      g_string_append (notes, _("The Flatpak apps could not be read."));
      g_string_append_c (notes, ' ');
    }

  if (snaps != NULL)
    n_apps += snaps->len;

  /* snapd asks the store, so only the running system can answer; no
   * socket means no snapd, which is no problem of this computer. */
  if (antam_sysroot_is_live (sysroot) && antam_sysroot_exists (sysroot, ANTAM_SNAPD_SOCKET))
    {
      g_autofree char *socket_path = antam_sysroot_resolve (sysroot, ANTAM_SNAPD_SOCKET, &snapd_error);
      g_autoptr(cJSON) reply = NULL;

      if (socket_path != NULL)
        reply = antam_snapd_request (socket_path, "GET", "/v2/find?select=refresh", NULL,
                                     SNAPD_TIMEOUT_S, FALSE, NULL, cancellable, &snapd_error);
      if (reply != NULL && parse_snapd_refreshes (reply, snaps, updates, &snapd_error))
        snaps_checked = TRUE;
      else
        {
          g_string_append (notes, _("Snap updates could not be checked: snapd, the Snap service, "
                                    "did not answer."));
          g_string_append_c (notes, ' ');
        }
    }
  else if (snaps != NULL && snaps->len > 0)
    {
      g_string_append (notes, _("Snap updates can only be checked on the running system, "
                                "with snapd."));
      g_string_append_c (notes, ' ');
    }
  (void) snap_error;

  g_ptr_array_sort (updates, compare_findings);
  g_ptr_array_sort (unknown, compare_findings);

  if (updates->len > 0)
    {
      g_autoptr(GPtrArray) names = finding_names (updates);
      g_autofree char *joined = antam_join_names (names, ANTAM_TITLE_NAMES);
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u app update pending: %s",
                                                             "%u app updates pending: %s",
                                                             updates->len),
                                                updates->len, joined);
      g_autofree char *summary = NULL;

      if (unknown->len > 0)
        {
          g_autoptr(GPtrArray) unknown_names = finding_names (unknown);
          g_autofree char *list = antam_join_names (unknown_names, G_MAXUINT);
          g_string_append_printf (notes, _("Whether these have updates could not be told: %s."), list);
        }
      summary = g_strdup_printf ("%s %s",
                                 browser_rank (((Finding *) updates->pdata[0])->name) < (int) G_N_ELEMENTS (browsers)
                                   ? _("A browser or mail app that is not up to date is the easiest "
                                       "way in for an attacker: update it first.")
                                   : _("Apps that are not up to date keep flaws that attackers know."),
                                 notes->str);
      g_strchomp (summary);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, title, summary);
      add_items (result, updates);
      add_items (result, unknown);
      antam_result_set_remedy (result, ANTAM_REMEDY_UPDATE, "apps",
                               _("Open the Software app and install the updates (or run "
                                 "“flatpak update” and “snap refresh”)."));
    }
  else if (unknown->len > 0 || (flatpaks == NULL && flatpak_error != NULL))
    {
      g_autoptr(GPtrArray) unknown_names = finding_names (unknown);
      g_autofree char *list = antam_join_names (unknown_names, G_MAXUINT);
      g_autofree char *summary = NULL;

      if (unknown->len > 0)
        summary = g_strdup_printf (_("The offline data of these apps does not say whether a newer "
                                     "version exists: %s. %s"), list, notes->str);
      else
        summary = g_strdup (notes->str);
      g_strchomp (summary);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                 _("App updates could not be checked"), summary);
      add_items (result, unknown);
    }
  else if (n_apps == 0 && !snaps_checked)
    {
      g_autofree char *summary = g_strdup_printf ("%s %s",
                                                  _("No Flatpak or Snap apps are installed; "
                                                    "the system’s own packages are checked "
                                                    "under “Operating system updates”."),
                                                  notes->str);
      g_strchomp (summary);
      /* Nothing to keep up to date: a note, not a verdict. */
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_INFO, _("No Flatpak or Snap apps"), summary);
    }
  else
    {
      g_autofree char *summary = g_strdup_printf ("%s %s",
                                                  snaps_checked
                                                    ? _("Every Flatpak app runs the newest version "
                                                        "its remote has offered, and no snap is "
                                                        "waiting for a refresh.")
                                                    : _("Every Flatpak app runs the newest version "
                                                        "its remote has offered."),
                                                  notes->str);
      g_strchomp (summary);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK, _("Apps are up to date"), summary);
    }

  /* The libraries' words stay in the items, for IT staff. */
  if (flatpaks == NULL && flatpak_error != NULL)
    antam_result_add_error (result, _("The Flatpak apps could not be read"), flatpak_error);
  if (snapd_error != NULL)
    antam_result_add_error (result, _("snapd did not answer"), snapd_error);
  g_ptr_array_add (results, result);
}
