/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"

#define CHECK_ID "downloads"

/* "zoom-us-download.com" and "zoom.us.evil.example" are dressed as Zoom:
 * a host that mentions the app but is not one of its domains. */
static gboolean
host_mentions (const AntamAppRule *rule,
               const char         *host)
{
  for (guint i = 0; host && rule->keywords && rule->keywords[i]; i++)
    if (strstr (host, rule->keywords[i]) != NULL)
      return TRUE;
  return FALSE;
}

static const AntamAppRule *
find_rule (AntamRules *rules,
           const char *name,
           const char *host)
{
  for (guint i = 0; i < rules->apps->len; i++)
    {
      const AntamAppRule *rule = g_ptr_array_index (rules->apps, i);
      if (antam_app_rule_matches_download_name (rule, name) || host_mentions (rule, host))
        return rule;
    }
  return NULL;
}

static char *
join_domains (const AntamAppRule *rule)
{
  return rule->official_domains ? g_strjoinv (", ", rule->official_domains) : g_strdup ("—");
}

static const char *unknown_origin_summary =
  N_("The browser recorded no address for this file, so An Tâm cannot tell where it came "
     "from. Install software only from official sources; if you did not download it yourself "
     "from the vendor's site, delete it. Its SHA-256 fingerprint lets your IT staff check it.");

static void
describe_download (AntamItem     *item,
                   AntamDownload *download,
                   const char    *url)
{
  item->origin = g_strdup (url);
  item->sha256 = g_strdup (download->sha256);
  item->size = download->size;
  if (download->referrer_url && download->origin_url)
    item->detail = g_strdup_printf (_("Linked from %s"), download->referrer_url);
  else if (download->error)
    item->detail = g_strdup (download->error);
}

/* Returns a finding for an installer of a rule's app, or one from a
 * lookalike domain; an installer of no rule's app with no recorded origin
 * goes to @unknown_origin, so that a folder of them is one finding, not
 * hundreds. */
static AntamResult *
judge (AntamRules    *rules,
       AntamDownload *download,
       AntamResult   *unknown_origin)
{
  const char *url = download->origin_url ? download->origin_url : download->referrer_url;
  g_autofree char *host = antam_url_get_host (url);
  const AntamAppRule *rule = find_rule (rules, download->display_name, host);
  g_autofree char *sub_id = NULL;
  AntamResult *result;
  AntamItem *item;

  if (rule != NULL && host != NULL && !antam_app_rule_is_official_host (rule, host))
    {
      g_autofree char *domains = join_domains (rule);
      g_autofree char *title = g_strdup_printf (_("Fake %s installer: %s"), rule->name,
                                                download->display_name);
      g_autofree char *summary =
        g_strdup_printf (_("This file was downloaded from %s, which is not an official %s "
                           "domain (%s). Attackers register lookalike domains to spread "
                           "malicious installers. Do not open it; delete it."),
                         host, rule->name, domains);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_RISK, title, summary);
      sub_id = g_strdup_printf ("fake:%s", rule->id);
    }
  else if (rule != NULL && host != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("%s installer: %s"), rule->name,
                                                download->display_name);
      g_autofree char *summary =
        g_strdup_printf (_("This installer came from %s, an official %s domain, but %s "
                           "is on the list of apps to avoid. %s"),
                         host, rule->name, rule->name, antam_app_rule_why (rule));
      result = antam_result_new (CHECK_ID, MIN (rule->severity, ANTAM_STATUS_WARNING),
                                 title, summary);
      sub_id = g_strdup_printf ("avoid:%s", rule->id);
    }
  else if (host == NULL && rule != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("%s installer of unknown origin: %s"), rule->name,
                                                download->display_name);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, title, _(unknown_origin_summary));
      sub_id = g_strdup_printf ("no-origin:%s", rule->id);
    }
  else
    {
      if (host == NULL)
        describe_download (antam_result_add_item (unknown_origin, "download",
                                                  download->display_name, download->location),
                           download, url);
      return NULL;
    }

  item = antam_result_add_item (result, "download", download->display_name, download->location);
  describe_download (item, download, url);
  item->id = g_strdup (rule->id);
  item->rule = g_strdup (rule->id);
  antam_result_set_sub_id (result, sub_id);

  antam_result_set_remedy (result, ANTAM_REMEDY_DELETE, download->location,
                           _("Delete this file without opening it."));
  return result;
}

/* Where the walk stopped short: said, and never "ok". */
static AntamResult *
judge_gaps (const AntamDownloadsGaps *gaps,
            guint                     n_found)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  AntamResult *result;

  if (gaps->too_many)
    g_string_append_printf (summary,
                            _("The download folder holds more than %u files and folders: An Tâm "
                              "looked at the first %u, the top level first, and stopped there."),
                            ANTAM_DOWNLOADS_MAX_FILES, ANTAM_DOWNLOADS_MAX_FILES);
  if (gaps->n_too_deep > 0)
    {
      if (summary->len > 0)
        g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u folder lies more than %u levels deep and was not "
                                           "looked into.",
                                           "%u folders lie more than %u levels deep and were not "
                                           "looked into.",
                                           gaps->n_too_deep),
                              gaps->n_too_deep, ANTAM_DOWNLOADS_MAX_DEPTH);
    }
  if (gaps->n_unreadable > 0)
    {
      if (summary->len > 0)
        g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE, "%u folder could not be opened.",
                                           "%u folders could not be opened.", gaps->n_unreadable),
                              gaps->n_unreadable);
    }
  g_string_append_c (summary, ' ');
  g_string_append (summary, n_found > 0
                              ? _("The installers listed elsewhere in this report were found in "
                                  "the rest; one in a part not looked at would not be.")
                              : _("No suspicious installer was found in the rest, but one in a "
                                  "part not looked at would not be."));

  result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                             _("The download folder was checked only in part"), summary->str);
  for (guint i = 0; gaps->skipped != NULL && i < gaps->skipped->len; i++)
    {
      const char *location = g_ptr_array_index (gaps->skipped, i);
      g_autofree char *display = g_filename_display_name (location);
      AntamItem *item = antam_result_add_item (result, "path", display, location);

      item->detail = g_strdup (_("Not looked into"));
    }
  if (gaps->too_many || gaps->n_too_deep > 0)
    antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL,
                             _("Move the files you keep in the download folder to another "
                               "folder, such as Documents, then check again."));
  return result;
}

void
antam_check_downloads (AntamScanContext *context,
                       GPtrArray        *results)
{
  AntamRules *rules = antam_scan_context_get_rules (context);
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  const GError *error = NULL;
  GPtrArray *downloads = antam_scan_context_get (context, ANTAM_SOURCE_DOWNLOADS, &error);
  const AntamDownloadsGaps *gaps = antam_scan_context_get_downloads_gaps (context);
  g_autoptr(AntamResult) unknown_origin = NULL;
  guint found = 0;

  if (downloads == NULL)
    {
      /* Nothing to look at is not the same as looked and found good. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_ptr_array_add (results,
                         antam_result_new (CHECK_ID, ANTAM_STATUS_INFO, _("No download folder"),
                                           _("There is no download folder, so there are no "
                                             "downloaded installers to check.")));
      else
        g_ptr_array_add (results,
                         antam_result_new_unknown (CHECK_ID, _("The download folder could not be checked"),
                                                   _("An Tâm could not open the download folder, so the "
                                                     "installers in it were not checked."),
                                                   error));
      return;
    }

  unknown_origin = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, NULL, _(unknown_origin_summary));
  antam_result_set_sub_id (unknown_origin, "no-origin");
  antam_result_set_remedy (unknown_origin, ANTAM_REMEDY_GUIDE, NULL,
                           _("Delete the installers you did not download yourself from the "
                             "vendor's official site."));
  for (guint i = 0; i < downloads->len; i++)
    {
      AntamResult *result = judge (rules, g_ptr_array_index (downloads, i), unknown_origin);

      if (result != NULL)
        {
          g_ptr_array_add (results, result);
          found++;
        }
    }

  if (unknown_origin->items->len > 0)
    {
      guint n = unknown_origin->items->len;

      unknown_origin->title = n == 1
        ? g_strdup_printf (_("Installer of unknown origin: %s"),
                           ((AntamItem *) g_ptr_array_index (unknown_origin->items, 0))->name)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u installer of unknown origin",
                                        "%u installers of unknown origin", n), n);
      g_ptr_array_add (results, g_steal_pointer (&unknown_origin));
      found++;
    }

  if (antam_downloads_gaps_any (gaps))
    g_ptr_array_add (results, judge_gaps (gaps, found));
  else if (found == 0)
    {
      g_autofree char *summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u installer in %s was checked; it came from an "
                                      "address the browser recorded and is not a fake.",
                                      "%u installers in %s were checked; each came from an "
                                      "address the browser recorded and none is a fake.",
                                      downloads->len),
                         downloads->len,
                         antam_sysroot_get_user_dir (sysroot, ANTAM_USER_DIR_DOWNLOAD));
      g_ptr_array_add (results,
                       antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                                         _("No suspicious installers in Downloads"),
                                         downloads->len ? summary
                                                        : _("There are no installer files in the download folder.")));
    }
}
