/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-updates-private.h"
#include "inventory/antam-apt-lists.h"
#include "inventory/antam-apt-sources.h"
#include "inventory/antam-os-release.h"
#include "inventory/antam-packagekit.h"

#define CHECK_ID "os-updates"
/* Package lists older than this make "up to date" worth little. */
#define STALE_LISTS_DAYS 30

gboolean
antam_updates_packagekit_disabled (void)
{
  /* For comparing both ways on one machine, and for debugging. */
  return g_getenv ("ANTAM_NO_PACKAGEKIT") != NULL;
}

/**
 * antam_updates_describe_age:
 * @seconds: how long ago, or -1 when unknown
 *
 * Returns: (transfer full): a sentence on how old the package lists are
 */
char *
antam_updates_describe_age (gint64 seconds)
{
  gint64 days;

  if (seconds < 0)
    return g_strdup (_("When the package lists were last refreshed is not known."));
  days = seconds / (24 * 60 * 60);
  if (days == 0)
    return g_strdup (_("The package lists were refreshed less than a day ago."));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The package lists were last refreshed %u day ago.",
                                       "The package lists were last refreshed %u days ago.",
                                       (gulong) MIN (days, G_MAXUINT)),
                          (guint) MIN (days, G_MAXUINT));
}

/* PackageKit only names the candidate: the installed version comes from
 * the package database, by name and architecture. */
static void
fill_installed_versions (GPtrArray *updates,
                         GPtrArray *packages)
{
  g_autoptr(GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (packages == NULL)
    return;
  for (guint i = 0; i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      if (package->installed && package->name)
        g_hash_table_insert (installed, g_strconcat (package->name, ":", package->arch, NULL),
                             package->version);
    }
  for (guint i = 0; i < updates->len; i++)
    {
      AntamUpdate *update = g_ptr_array_index (updates, i);
      g_autofree char *key = g_strconcat (update->name, ":", update->arch, NULL);
      const char *version = g_hash_table_lookup (installed, key);

      if (version == NULL)
        {
          /* apt says "all" where dpkg may say "amd64", and the reverse. */
          GHashTableIter iter;
          gpointer k, v;
          g_autofree char *prefix = g_strconcat (update->name, ":", NULL);

          g_hash_table_iter_init (&iter, installed);
          while (version == NULL && g_hash_table_iter_next (&iter, &k, &v))
            if (g_str_has_prefix (k, prefix))
              version = v;
        }
      update->installed = g_strdup (version);
    }
}

static void
add_update_items (AntamResult *result,
                  GPtrArray   *updates,
                  const char  *kind)
{
  for (guint i = 0; i < updates->len; i++)
    {
      AntamUpdate *update = g_ptr_array_index (updates, i);
      AntamItem *item = antam_result_add_item (result, kind, update->name, NULL);

      item->id = g_strdup (update->name);
      item->version = update->installed
        ? g_strdup_printf ("%s → %s", update->installed, update->candidate)
        : g_strdup_printf ("→ %s", update->candidate);
      item->origin = g_strdup (update->origin);
      if (update->security)
        item->detail = g_strdup (_("Security update"));
    }
}

/* PackageKit's classification, which on Debian missed 15 of 86 updates
 * from bookworm-security: the lists' origins decide instead, so that the
 * count does not depend on whether the daemon answered.  When some list
 * could not be read, a flag is only ever added. */
static void
classify_from_apt_lists (AntamSysroot *sysroot,
                         GPtrArray    *updates,
                         GPtrArray    *packages,
                         GCancellable *cancellable)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) from_lists = antam_apt_find_updates (sysroot, packages, problems, NULL,
                                                            cancellable, NULL);
  g_autoptr(GHashTable) by_version = NULL;

  if (from_lists == NULL)
    return;
  by_version = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < from_lists->len; i++)
    {
      AntamUpdate *update = g_ptr_array_index (from_lists, i);
      g_hash_table_insert (by_version, g_strconcat (update->name, " ", update->candidate, NULL), update);
    }

  for (guint i = 0; i < updates->len; i++)
    {
      AntamUpdate *update = g_ptr_array_index (updates, i);
      g_autofree char *key = g_strconcat (update->name, " ", update->candidate, NULL);
      AntamUpdate *listed = g_hash_table_lookup (by_version, key);

      if (listed == NULL)
        continue;
      update->security = problems->len == 0 ? listed->security : (update->security || listed->security);
      g_free (update->origin);
      update->origin = g_strdup (listed->origin);
    }
  g_ptr_array_sort (updates, antam_update_compare);
}

/* What the apt sources say about the lists the answer came from. */
typedef struct {
  GPtrArray *unfetched;      /* AntamAptSource: suites never downloaded */
  gboolean lacks_security;   /* no security suite at all */
} SourcesState;

static void
read_sources_state (AntamSysroot *sysroot,
                    SourcesState *state)
{
  g_autoptr(AntamOsRelease) release = antam_os_release_read (sysroot, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sources = antam_apt_sources_read (sysroot, problems, NULL);
  AntamAptSecurity security;

  /* Sources that cannot be read are install-sources' to report. */
  if (sources == NULL)
    return;
  state->unfetched = antam_apt_sources_find_unfetched (sysroot, sources, NULL);
  security = antam_apt_sources_get_security (sources);
  state->lacks_security = release != NULL &&
                          (antam_os_release_is_like (release, "debian") ||
                           antam_os_release_is_like (release, "ubuntu")) &&
                          (security == ANTAM_APT_SECURITY_MISSING ||
                           security == ANTAM_APT_SECURITY_NO_SOURCE);
}

/* "security.debian.org (bookworm-security), …" */
static char *
join_unfetched (GPtrArray *unfetched)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < unfetched->len; i++)
    {
      AntamAptSource *source = g_ptr_array_index (unfetched, i);
      g_autofree char *host = antam_url_get_host (source->uris[0]);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s (%s)", host ? host : source->uris[0], source->suites[0]);
    }
  return g_string_free (text, FALSE);
}

static void
add_unfetched_items (AntamResult *result,
                     GPtrArray   *unfetched)
{
  for (guint i = 0; i < unfetched->len; i++)
    {
      AntamAptSource *source = g_ptr_array_index (unfetched, i);
      g_autofree char *location = g_strdup_printf ("%s:%u", source->file, source->line);
      AntamItem *item = antam_result_add_item (result, "apt-repo", source->uris[0], location);

      item->origin = g_strdup (source->uris[0]);
      item->detail = g_strdup_printf (_("“%s”: its list was never downloaded"), source->suites[0]);
    }
}

/* g_ptr_array_sort() is stable: within each kind, the order is kept. */
static int
security_first (gconstpointer a,
                gconstpointer b)
{
  const AntamUpdate *ua = *(const AntamUpdate * const *) a;
  const AntamUpdate *ub = *(const AntamUpdate * const *) b;

  return (int) !!ub->security - (int) !!ua->security;
}

/* Why PackageKit could not be asked is for IT staff: an item's detail. */
static void
add_packagekit_error (AntamResult  *result,
                      const GError *pk_error)
{
  if (pk_error != NULL)
    antam_result_add_error (result, _("PackageKit could not be reached"), pk_error);
}

static char *
problems_text (GPtrArray *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_string_append (text, "\n• ");
      g_string_append (text, g_ptr_array_index (problems, i));
    }
  return g_strdup (text->str);
}

void
antam_check_os_updates (AntamScanContext *context,
                        GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  GCancellable *cancellable = antam_scan_context_get_cancellable (context);
  g_autoptr(GPtrArray) updates = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autoptr(GError) pk_error = NULL;
  g_autofree char *source_text = NULL;
  g_autofree char *age_text = NULL;
  g_autofree char *problem_lines = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  const GError *dpkg_error = NULL;
  GPtrArray *packages;
  const char *kind = "deb";
  gint64 age = -1;
  guint n_security = 0;
  SourcesState sources = { 0 };
  g_autofree char *sources_text = NULL;
  AntamResult *result;

  packages = antam_scan_context_get (context, ANTAM_SOURCE_DPKG, &dpkg_error);

  /* On the machine itself the distribution's updater has the last word;
   * a foreign root can only be read. */
  if (antam_sysroot_is_live (sysroot) && !antam_updates_packagekit_disabled ())
    {
      updates = antam_updates_get_from_packagekit (ANTAM_PACKAGEKIT_TIMEOUT_MS, &age,
                                                   cancellable, &pk_error);
      if (updates != NULL)
        {
          if (packages == NULL)
            {
              const GError *rpm_error = NULL;
              packages = antam_scan_context_get (context, ANTAM_SOURCE_RPM, &rpm_error);
              kind = "rpm";
            }
          fill_installed_versions (updates, packages);
          if (g_str_equal (kind, "deb"))
            classify_from_apt_lists (sysroot, updates, packages, cancellable);
          /* PackageKit only knows its own refreshes, not "apt update". */
          if (age < 0 && antam_apt_lists_get_time (sysroot) > 0)
            age = MAX (0, g_get_real_time () / G_USEC_PER_SEC - antam_apt_lists_get_time (sysroot));
          source_text = g_strdup (_("PackageKit, the system’s updater, reported these "
                                    "from the package lists it already had; nothing was "
                                    "downloaded."));
        }
    }

  if (updates == NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 lists_time = 0;

      if (packages == NULL)
        {
          g_autofree char *why = NULL;

          why = g_strdup (pk_error
                          ? _("PackageKit, the system’s updater, could not be reached, and the "
                              "list of installed packages could not be read.")
                          : _("The list of installed packages could not be read."));
          result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                     _("Pending updates could not be checked"), why);
          add_packagekit_error (result, pk_error);
          antam_result_add_error (result, _("The list of installed packages could not be read"),
                                  dpkg_error);
          g_ptr_array_add (results, result);
          return;
        }

      updates = antam_apt_find_updates (sysroot, packages, problems, &lists_time, cancellable, &error);
      if (updates == NULL)
        {
          g_autofree char *lines = problems_text (problems);
          g_autofree char *why = NULL;

          if (pk_error)
            why = g_strdup_printf ("%s %s%s",
                                   _("PackageKit, the system’s updater, could not be reached."),
                                   error->message, lines);
          else
            why = g_strdup_printf ("%s%s", error->message, lines);
          result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                     _("Pending updates could not be checked"), why);
          add_packagekit_error (result, pk_error);
          g_ptr_array_add (results, result);
          return;
        }

      if (lists_time > 0)
        age = MAX (0, g_get_real_time () / G_USEC_PER_SEC - lists_time);
      if (pk_error)
        source_text = g_strdup (_("PackageKit, the system’s updater, could not be reached, so "
                                  "these come from the package lists in /var/lib/apt/lists."));
      else
        source_text = g_strdup (_("These come from the package lists in /var/lib/apt/lists, "
                                  "compared with the installed packages."));
    }

  if (g_str_equal (kind, "deb"))
    read_sources_state (sysroot, &sources);
  if (sources.lacks_security)
    sources_text = g_strconcat (" ", _("None of the software sources is a security archive, so "
                                       "security fixes never appear in the package lists."), NULL);
  else if (sources.unfetched != NULL && sources.unfetched->len > 0)
    {
      g_autofree char *unfetched_names = join_unfetched (sources.unfetched);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The list of %u software source was never downloaded "
                                      "(%s): updates from it are not counted.",
                                      "The lists of %u software sources were never downloaded "
                                      "(%s): updates from them are not counted.",
                                      sources.unfetched->len),
                         sources.unfetched->len, unfetched_names);
      sources_text = g_strconcat (" ", sentence, NULL);
    }
  else
    sources_text = g_strdup ("");

  age_text = antam_updates_describe_age (age);
  if (problems->len > 0)
    {
      g_autofree char *lines = problems_text (problems);
      problem_lines = g_strdup_printf ("\n%s%s",
                                       _("Some package lists could not be read in full; "
                                         "updates in an unreadable list are not counted:"),
                                       lines);
    }
  else
    problem_lines = g_strdup ("");

  /* Security updates first, in the items as in the title, so that the
   * title's names are the first items and its "and N more" counts the
   * rest of the same list. */
  g_ptr_array_sort (updates, security_first);
  for (guint i = 0; i < updates->len; i++)
    {
      AntamUpdate *update = g_ptr_array_index (updates, i);

      n_security += update->security ? 1 : 0;
      g_ptr_array_add (names, update->name);
    }

  if (updates->len == 0)
    {
      /* Only on the machine itself: a disk examined later has its own clock. */
      gboolean stale = antam_sysroot_is_live (sysroot) &&
                       age > (gint64) STALE_LISTS_DAYS * 24 * 60 * 60;

      summary = g_strdup_printf ("%s %s %s%s%s",
                                 _("No updates are waiting to be installed."),
                                 age_text, source_text, sources_text, problem_lines);
      if (problems->len > 0)
        result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                   _("Some package lists could not be read"), summary);
      else if (sources.lacks_security)
        {
          result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                     _("Security updates cannot arrive"), summary);
          antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, "apt-security",
                                   _("Ask your IT staff to add the distribution’s security archive "
                                     "to the software sources."));
        }
      else if (sources.unfetched != NULL && sources.unfetched->len > 0)
        {
          result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                     _("The list of available updates is incomplete"), summary);
          add_unfetched_items (result, sources.unfetched);
          antam_result_set_remedy (result, ANTAM_REMEDY_UPDATE, "refresh",
                                   _("Connect to the network and refresh the list of updates, "
                                     "then check again. If it stays incomplete, ask your IT staff "
                                     "to check the software sources."));
        }
      else if (stale)
        {
          result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                     _("The list of available updates is out of date"), summary);
          antam_result_set_remedy (result, ANTAM_REMEDY_UPDATE, "refresh",
                                   _("Connect to the network and refresh the list of updates, "
                                     "then check again."));
        }
      else
        result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                                   _("The system is up to date"), summary);
      add_packagekit_error (result, pk_error);
      g_ptr_array_add (results, result);
      g_clear_pointer (&sources.unfetched, g_ptr_array_unref);
      return;
    }

  /* One count in the title: the number of items listed below it. */
  joined = antam_join_names (names, ANTAM_TITLE_NAMES);
  if (n_security == updates->len)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u security update pending: %s",
                                          "%u security updates pending: %s",
                                          n_security),
                             n_security, joined);
  else if (n_security > 0)
    {
      /* TRANSLATORS: "120 updates pending, 86 of them for security: apt,
       * curl, jq and 117 more"; the second %u is always plural here */
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u update pending",
                                                             "%u updates pending",
                                                             updates->len),
                                                updates->len);
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s, %u of them for security: %s",
                                            "%s, %u of them for security: %s",
                                            n_security),
                               count, n_security, joined);
    }
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u update pending: %s",
                                          "%u updates pending: %s",
                                          updates->len),
                             updates->len, joined);

  {
    g_autofree char *counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u update is waiting to be installed",
                                                            "%u updates are waiting to be installed",
                                                            updates->len),
                                               updates->len);
    g_autofree char *security = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u of them fixes security flaws",
                                                              "%u of them fix security flaws",
                                                              n_security),
                                                 n_security);
    summary = g_strdup_printf ("%s%s%s. %s %s %s%s%s",
                               counts,
                               n_security ? "; " : "",
                               n_security ? security : "",
                               n_security
                                 ? _("Security updates close flaws that attackers use to take "
                                     "over a computer: install them today.")
                                 : _("Updates fix bugs and keep the system supported."),
                               age_text, source_text, sources_text, problem_lines);
  }

  result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, title, summary);
  add_update_items (result, updates, kind);
  add_packagekit_error (result, pk_error);
  antam_result_set_remedy (result, ANTAM_REMEDY_UPDATE, "os",
                           _("Open the Software app (or Software Updater) and install the "
                             "updates, then restart the computer if it asks you to. If you "
                             "cannot install software yourself, ask your IT staff."));
  g_ptr_array_add (results, result);
  g_clear_pointer (&sources.unfetched, g_ptr_array_unref);
}
