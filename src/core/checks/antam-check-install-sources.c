/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-install-sources-private.h"
#include "inventory/antam-apt-sources.h"
#include "inventory/antam-os-release.h"

#define CHECK_ID ANTAM_INSTALL_SOURCES_CHECK_ID
#define FLATPAK_CONFIG_MAX_SIZE (1024 * 1024)

/* The distributions' own archives and their CDNs. */
static const char * const official_domains[] = {
  "debian.org",
  "debian.net",
  "ubuntu.com",
  "canonical.com",
  "linuxmint.com",
  "fedoraproject.org",
};

/* A mirror is a copy of the official archive under another host: it
 * serves the official archive's directory with official suites and
 * components only.  download.docker.com/linux/debian serves component
 * "stable", so it is not taken for one. */
static const char * const archive_dirs[] = {
  "debian", "debian-security", "debian-ports", "debian-archive",
  "ubuntu", "ubuntu-ports", "ubuntu-security",
};

static const char * const official_components[] = {
  "main", "contrib", "non-free", "non-free-firmware",
  "restricted", "universe", "multiverse",
};

static const char * const release_aliases[] = {
  "stable", "oldstable", "oldoldstable", "testing", "unstable", "sid", "experimental",
};

/* Remotes Flatpak users get from their distribution or GNOME. */
static const struct {
  const char *name;
  const char *domain;
} known_remotes[] = {
  { "flathub", "flathub.org" },
  { "flathub-beta", "flathub.org" },
  { "fedora", "fedoraproject.org" },
  { "fedora-testing", "fedoraproject.org" },
  { "gnome-nightly", "gnome.org" },
};

static gboolean
host_is_official (const char *host)
{
  for (guint i = 0; i < G_N_ELEMENTS (official_domains); i++)
    if (antam_host_matches_domain (host, official_domains[i]))
      return TRUE;
  return FALSE;
}

static gboolean
strv_has (const char * const *list,
          guint               n,
          const char         *word)
{
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (list[i], word) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
suite_is_official (const char *suite,
                   const char *codename)
{
  g_autofree char *base = g_strdup (suite);
  char *sep = strpbrk (base, "-/");

  if (sep != NULL)
    *sep = '\0';
  return strv_has (release_aliases, G_N_ELEMENTS (release_aliases), base) ||
         (codename != NULL && g_ascii_strcasecmp (base, codename) == 0);
}

static gboolean
looks_like_mirror (const AntamAptSource *source,
                   const char           *uri,
                   const char           *codename)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_PARSE_RELAXED, NULL);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  gsize len;

  if (parsed == NULL)
    return FALSE;
  path = g_strdup (g_uri_get_path (parsed));
  len = strlen (path);
  while (len > 1 && path[len - 1] == '/')
    path[--len] = '\0';
  dir = g_path_get_basename (path);
  if (!strv_has (archive_dirs, G_N_ELEMENTS (archive_dirs), dir))
    return FALSE;

  for (guint i = 0; source->suites && source->suites[i]; i++)
    if (!suite_is_official (source->suites[i], codename))
      return FALSE;
  for (guint i = 0; source->components && source->components[i]; i++)
    if (!strv_has (official_components, G_N_ELEMENTS (official_components), source->components[i]))
      return FALSE;
  return TRUE;
}

static const AntamAppRule *
rule_for_host (AntamRules *rules,
               const char *host)
{
  for (guint i = 0; rules && i < rules->apps->len; i++)
    {
      const AntamAppRule *rule = g_ptr_array_index (rules->apps, i);
      char **domains = rule->footprints[ANTAM_FOOTPRINT_APT_REPO];

      for (guint d = 0; domains && domains[d]; d++)
        if (antam_host_matches_domain (host, domains[d]))
          return rule;
    }
  return NULL;
}

static char *
source_location (const AntamAptSource *source)
{
  return g_strdup_printf ("%s:%u", source->file, source->line);
}

static char *
source_detail (const AntamAptSource *source)
{
  g_autofree char *suites = source->suites ? g_strjoinv (" ", source->suites) : g_strdup ("");
  g_autofree char *components = source->components ? g_strjoinv (" ", source->components) : g_strdup ("");

  return g_strstrip (g_strdup_printf ("%s %s", suites, components));
}

static char *
bullet_lines (GPtrArray *lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, "\n• ");
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  return g_string_free (text, FALSE);
}

typedef struct {
  gboolean debian_like;
  gboolean ubuntu_like;
  const char *codename;
} OsFamily;

/* Returns whether the system uses apt. */
static gboolean
check_apt (AntamScanContext *context,
           const OsFamily   *os,
           GPtrArray        *results,
           GPtrArray        *problems,
           guint            *n_findings)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  AntamRules *rules = antam_scan_context_get_rules (context);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamResult) third_party = NULL;
  AntamAptSecurity security;

  sources = antam_apt_sources_read (sysroot, problems, &error);
  if (sources == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return FALSE;
      g_ptr_array_add (problems, g_strdup (error->message));
      return TRUE;
    }

  for (guint i = 0; i < sources->len; i++)
    {
      AntamAptSource *source = g_ptr_array_index (sources, i);

      if (!source->enabled)
        continue;

      for (guint u = 0; source->uris && source->uris[u]; u++)
        {
          const char *uri = source->uris[u];
          g_auto(GStrv) hosts = antam_apt_source_uri_hosts (sysroot, uri);
          gboolean official = TRUE;
          const AntamAppRule *rule = NULL;

          for (guint h = 0; hosts[h] && rule == NULL; h++)
            rule = rule_for_host (rules, hosts[h]);

          if (rule != NULL)
            {
              g_autofree char *title = g_strdup_printf (_("%s software repository: %s"), rule->name, uri);
              g_autofree char *summary =
                g_strdup_printf (_("apt installs and updates software from %s, the repository of "
                                   "%s, which is on the list of apps to avoid. %s"),
                                 uri, rule->name, antam_app_rule_why (rule));
              g_autofree char *location = source_location (source);
              g_autofree char *remedy = g_strdup_printf (_("Ask your IT staff to remove this "
                                                           "software repository and to uninstall %s."),
                                                         rule->name);
              AntamResult *result = antam_result_new (CHECK_ID, rule->severity, title, summary);
              AntamItem *item = antam_result_add_item (result, "apt-repo", uri, location);
              g_autofree char *sub_id = g_strdup_printf ("repo:%s", rule->id);

              antam_result_set_sub_id (result, sub_id);
              item->id = g_strdup (rule->id);
              item->rule = g_strdup (rule->id);
              item->origin = g_strdup (uri);
              item->detail = source_detail (source);
              antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, rule->id, remedy);
              g_ptr_array_add (results, result);
              (*n_findings)++;
              continue;
            }

          /* A local file: or cdrom: source is the installation medium. */
          if (hosts[0] == NULL)
            continue;
          {
            g_auto(GStrv) real_uris = antam_apt_source_expand_uri (sysroot, uri);

            for (guint r = 0; real_uris[r]; r++)
              {
                g_autofree char *host = antam_url_get_host (real_uris[r]);

                if (host != NULL && !host_is_official (host) &&
                    !looks_like_mirror (source, real_uris[r], os->codename))
                  official = FALSE;
              }
          }
          if (official)
            continue;

          if (third_party == NULL)
            third_party = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, "",
                                            _("Besides the distribution’s own archive, apt installs "
                                              "and updates software from these repositories. Each "
                                              "one can replace any program on this computer: keep "
                                              "only those your IT staff approved."));
          {
            g_autofree char *location = source_location (source);
            AntamItem *item = antam_result_add_item (third_party, "apt-repo", uri, location);
            item->origin = g_strdup (uri);
            item->detail = source_detail (source);
          }
        }
    }

  if (third_party != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;

      for (guint i = 0; i < third_party->items->len; i++)
        {
          AntamItem *item = g_ptr_array_index (third_party->items, i);
          g_autofree char *host = antam_url_get_host (item->name);
          const char *name = host ? host : item->name;

          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (name));
        }
      joined = antam_join_names (names, ANTAM_TITLE_NAMES);
      g_free (third_party->title);
      third_party->title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u third-party software repository: %s",
                                                         "%u third-party software repositories: %s",
                                                         third_party->items->len),
                                            third_party->items->len, joined);
      antam_result_set_sub_id (third_party, "third-party-repos");
      antam_result_set_remedy (third_party, ANTAM_REMEDY_GUIDE, "apt-sources",
                               _("Ask your IT staff whether each repository is needed, and to "
                                 "remove the others."));
      g_ptr_array_add (results, g_steal_pointer (&third_party));
      (*n_findings)++;
    }

  security = antam_apt_sources_get_security (sources);
  if ((os->debian_like || os->ubuntu_like) &&
      (security == ANTAM_APT_SECURITY_MISSING || security == ANTAM_APT_SECURITY_NO_SOURCE))
    {
      AntamResult *result =
        antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                          _("Security updates are not among the software sources"),
                          security == ANTAM_APT_SECURITY_NO_SOURCE
                            ? _("apt has no software source switched on, so this computer gets no "
                                "updates at all, not even security fixes.")
                            : _("None of apt’s software sources is a security archive (such as "
                                "“bookworm-security” or “jammy-security”), so security fixes never "
                                "reach this computer."));
      antam_result_set_sub_id (result, "no-security-archive");
      /* The address is for the IT staff; the user reads plain words. */
      AntamItem *item = antam_result_add_item (result, "apt-repo",
                                               os->ubuntu_like ? "http://security.ubuntu.com/ubuntu"
                                                               : "http://security.debian.org/debian-security",
                                               NULL);
      g_autofree char *suite = g_strdup_printf ("%s-security", os->codename ? os->codename : "CODENAME");

      item->origin = g_strdup (item->name);
      item->detail = g_strdup_printf (_("Missing from the software sources (suite “%s”)"), suite);
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, "apt-security",
                               _("Ask your IT staff to add the distribution’s security archive "
                                 "to the software sources."));
      g_ptr_array_add (results, result);
      (*n_findings)++;
    }
  return TRUE;
}

static void
read_flatpak_remotes (AntamSysroot *sysroot,
                      const char   *config_path,
                      const char   *installation,
                      AntamResult **result,
                      GPtrArray    *problems)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) groups = NULL;
  gsize length = 0;

  if (!antam_sysroot_read_file (sysroot, config_path, FLATPAK_CONFIG_MAX_SIZE, &text, &length, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_ptr_array_add (problems, g_strdup (error->message));
      return;
    }
  if (!g_key_file_load_from_data (keyfile, text, length, G_KEY_FILE_NONE, &error))
    {
      g_autofree char *display = g_filename_display_name (config_path);

      /* GKeyFile's words are for the debug log. */
      g_debug ("%s: %s", display, error->message);
      g_ptr_array_add (problems, g_strdup_printf (_("“%s” could not be understood"), display));
      return;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      const char *group = groups[i];
      g_autofree char *name = NULL;
      g_autofree char *url = NULL;
      g_autofree char *host = NULL;
      gboolean known = FALSE;
      AntamItem *item;
      gsize glen = strlen (group);

      if (!g_str_has_prefix (group, "remote \"") || glen < 9 || group[glen - 1] != '"')
        continue;
      name = g_strndup (group + 8, glen - 9);
      if (g_key_file_get_boolean (keyfile, group, "xa.disable", NULL))
        continue;
      url = g_key_file_get_string (keyfile, group, "url", NULL);
      host = antam_url_get_host (url);

      /* A known name is trusted only at its known address. */
      for (guint k = 0; k < G_N_ELEMENTS (known_remotes); k++)
        if (g_str_equal (name, known_remotes[k].name) && host != NULL &&
            antam_host_matches_domain (host, known_remotes[k].domain))
          known = TRUE;
      if (known)
        continue;

      if (*result == NULL)
        *result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, "",
                                    _("Flatpak installs and updates apps from these remotes besides "
                                      "Flathub. Anyone who runs a remote decides what its apps "
                                      "contain: keep only those your IT staff approved."));
      item = antam_result_add_item (*result, "flatpak-remote", name, config_path);
      item->id = g_strdup (name);
      item->origin = g_strdup (url);
      item->detail = g_strdup (g_str_equal (installation, "system")
                                 ? _("For all users of this computer")
                                 : _("For this user only"));
    }
}

/* "a, b, c and 9 more": the items' names, or their locations, for a
 * title that lists them. */
char *
antam_install_sources_join_items (AntamResult *result,
                                  gboolean     locations)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  for (guint i = 0; i < result->items->len; i++)
    {
      AntamItem *item = g_ptr_array_index (result->items, i);

      g_ptr_array_add (texts, locations ? item->location : item->name);
    }
  return antam_join_names (texts, ANTAM_TITLE_NAMES);
}

static void
check_flatpak_remotes (AntamSysroot *sysroot,
                       GPtrArray    *results,
                       GPtrArray    *problems,
                       guint        *n_findings)
{
  g_autofree char *user_config = g_build_filename (antam_sysroot_get_data_home (sysroot),
                                                   "flatpak", "repo", "config", NULL);
  AntamResult *result = NULL;

  read_flatpak_remotes (sysroot, "/var/lib/flatpak/repo/config", "system", &result, problems);
  read_flatpak_remotes (sysroot, user_config, "user", &result, problems);

  if (result != NULL)
    {
      g_autofree char *joined = antam_install_sources_join_items (result, FALSE);

      g_free (result->title);
      result->title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%u unofficial Flatpak remote: %s",
                                                    "%u unofficial Flatpak remotes: %s",
                                                    result->items->len),
                                       result->items->len, joined);
      antam_result_set_sub_id (result, "flatpak-remotes");
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, "flatpak-remotes",
                               _("Ask your IT staff whether each remote is needed, and to "
                                 "remove the others."));
      g_ptr_array_add (results, result);
      (*n_findings)++;
    }
}

static void
read_os_family (AntamSysroot *sysroot,
                OsFamily     *os,
                AntamOsRelease **release_out)
{
  AntamOsRelease *release = antam_os_release_read (sysroot, NULL);

  *release_out = release;
  if (release == NULL)
    return;
  os->codename = release->version_codename;
  os->debian_like = antam_os_release_is_like (release, "debian");
  os->ubuntu_like = antam_os_release_is_like (release, "ubuntu");
}

void
antam_check_install_sources (AntamScanContext *context,
                             GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AntamOsRelease) release = NULL;
  OsFamily os = { 0 };
  guint n_findings = 0;
  gboolean uses_apt;
  gboolean ownership_known = TRUE;

  read_os_family (sysroot, &os, &release);

  uses_apt = check_apt (context, &os, results, problems, &n_findings);
  check_flatpak_remotes (sysroot, results, problems, &n_findings);
  antam_install_sources_check_programs (context, results, problems, &n_findings, &ownership_known);

  if (problems->len > 0)
    {
      g_autofree char *lines = bullet_lines (problems);
      g_autofree char *summary = g_strdup_printf ("%s%s",
                                                  _("These could not be read, so the software "
                                                    "sources they name are not checked:"),
                                                  lines);
      AntamResult *result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                              _("Some software sources could not be read"), summary);

      antam_result_set_sub_id (result, "unreadable");
      g_ptr_array_add (results, result);
    }
  else if (n_findings == 0 && !uses_apt)
    /* dnf's or zypper's repositories are not read: what was checked is
     * said, and not called the whole. */
    g_ptr_array_add (results,
                     antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                       _("The package manager’s software sources were not checked"),
                                       _("An Tâm reads the software sources of apt only; those of "
                                         "this system’s package manager (such as dnf) were not "
                                         "checked. Flatpak uses only well-known app stores, and "
                                         "every program found in /opt came from a package.")));
  else if (n_findings == 0)
    g_ptr_array_add (results,
                     antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                                       _("Software comes only from official sources"),
                                       os.debian_like || os.ubuntu_like
                                         ? _("apt and Flatpak use only the distribution’s archives "
                                             "and well-known app stores, the security archive is "
                                             "among them, and every program in /opt came from a "
                                             "package.")
                                         : _("apt and Flatpak use only the distribution’s archives "
                                             "and well-known app stores, and every program in /opt "
                                             "came from a package.")));
}
