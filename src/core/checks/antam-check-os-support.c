/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "checks/antam-checks-private.h"
#include "rules/antam-eol.h"
#include "inventory/antam-os-release.h"

#define CHECK_ID "os-support"

/* Proper names: not translated. */
static const char *
distro_name (const char *os_id)
{
  if (g_strcmp0 (os_id, "debian") == 0)
    return "Debian";
  if (g_strcmp0 (os_id, "ubuntu") == 0)
    return "Ubuntu";
  if (g_strcmp0 (os_id, "fedora") == 0)
    return "Fedora";
  return NULL;
}

static const char *
os_display_name (const AntamOsRelease *os)
{
  if (os->pretty_name != NULL && os->pretty_name[0] != '\0')
    return os->pretty_name;
  if (os->name != NULL && os->name[0] != '\0')
    return os->name;
  return os->id;
}

static char *
product_name (const char            *os_id,
              const AntamEolRelease *release)
{
  return g_strdup_printf ("%s %s", distro_name (os_id), release->version);
}

static gboolean
parse_version (const char *version,
               guint64    *major,
               guint64    *minor)
{
  char *end = NULL;

  if (version == NULL || !g_ascii_isdigit (version[0]))
    return FALSE;
  *major = g_ascii_strtoull (version, &end, 10);
  *minor = 0;
  if (end != NULL && *end == '.' && g_ascii_isdigit (end[1]))
    *minor = g_ascii_strtoull (end + 1, NULL, 10);
  return TRUE;
}

static int
compare_versions (const char *a,
                  const char *b)
{
  guint64 a_major = 0, a_minor = 0, b_major = 0, b_minor = 0;

  if (!parse_version (a, &a_major, &a_minor))
    return parse_version (b, &b_major, &b_minor) ? -1 : 0;
  if (!parse_version (b, &b_major, &b_minor))
    return 1;
  if (a_major != b_major)
    return a_major < b_major ? -1 : 1;
  if (a_minor != b_minor)
    return a_minor < b_minor ? -1 : 1;
  return 0;
}

/* When security updates stop for good, as far as a user who changes
 * nothing is concerned: Debian LTS comes through the usual security
 * repository, Ubuntu Pro has to be enabled. */
static const GDate *
support_end (const char            *os_id,
             const AntamEolRelease *release)
{
  if (g_strcmp0 (os_id, "debian") == 0 && g_date_valid (&release->eol_lts))
    return &release->eol_lts;
  return &release->eol;
}

static gboolean
is_released (const AntamEolRelease *release,
             const GDate           *today)
{
  if (g_date_valid (&release->release))
    return g_date_compare (&release->release, today) <= 0;
  /* The shipped table has no release dates: it lists released versions. */
  return g_date_valid (&release->eol);
}

/* The newest release worth upgrading to: released, newer than this one,
 * and with more than the warning period of support left.  Ubuntu's
 * interim releases last nine months: an office PC wants an LTS. */
static char *
find_upgrade_target (GPtrArray   *tables,
                     const char  *os_id,
                     const char  *current,
                     const GDate *today)
{
  g_autoptr(AntamEolRelease) best = NULL;

  for (guint t = 0; t < tables->len; t++)
    {
      GPtrArray *table = g_ptr_array_index (tables, t);

      for (guint i = 0; i < table->len; i++)
        {
          const AntamEolRelease *row = g_ptr_array_index (table, i);
          g_autoptr(AntamEolRelease) merged = NULL;
          const GDate *end;

          if (g_strcmp0 (os_id, "ubuntu") == 0 && !g_str_has_suffix (row->version, " LTS"))
            continue;
          if (compare_versions (row->version, current) <= 0 ||
              (best != NULL && compare_versions (row->version, best->version) <= 0))
            continue;

          merged = antam_eol_find (tables, os_id, row->version, NULL);
          if (merged == NULL || !is_released (merged, today))
            continue;
          end = support_end (os_id, merged);
          if (g_date_valid (end) && g_date_days_between (today, end) <= ANTAM_EOL_WARNING_DAYS)
            continue;

          g_clear_pointer (&best, antam_eol_release_free);
          best = g_steal_pointer (&merged);
        }
    }
  return best ? product_name (os_id, best) : NULL;
}

/* A date already past reads "ended on", not "until". */
static gboolean
is_past (const GDate *date,
         const GDate *today)
{
  return g_date_compare (date, today) < 0;
}

static char *
dates_detail (const char            *os_id,
              const AntamEolRelease *release,
              const GDate           *today)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *eol = NULL;
  g_autofree char *extended = NULL;
  gboolean ubuntu = g_strcmp0 (os_id, "ubuntu") == 0;

  if (!g_date_valid (&release->eol))
    return g_strdup (_("End of support not announced yet"));

  eol = antam_eol_format_date (&release->eol);
  /* TRANSLATORS: each %s below is a date, dd/mm/yyyy */
  if (ubuntu)
    g_ptr_array_add (parts, is_past (&release->eol, today)
                            ? g_strdup_printf (_("Standard support ended on %s"), eol)
                            : g_strdup_printf (_("Standard support until %s"), eol));
  else
    g_ptr_array_add (parts, is_past (&release->eol, today)
                            ? g_strdup_printf (_("Security support ended on %s"), eol)
                            : g_strdup_printf (_("Security support until %s"), eol));

  if (g_strcmp0 (os_id, "debian") == 0 && g_date_valid (&release->eol_lts))
    {
      extended = antam_eol_format_date (&release->eol_lts);
      g_ptr_array_add (parts, is_past (&release->eol_lts, today)
                              ? g_strdup_printf (_("Debian LTS ended on %s"), extended)
                              : g_strdup_printf (_("Debian LTS until %s"), extended));
    }
  else if (ubuntu && g_date_valid (&release->eol_esm))
    {
      extended = antam_eol_format_date (&release->eol_esm);
      g_ptr_array_add (parts, is_past (&release->eol_esm, today)
                              ? g_strdup_printf (_("Ubuntu Pro (ESM) ended on %s"), extended)
                              : g_strdup_printf (_("Ubuntu Pro (ESM) until %s"), extended));
    }

  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

/* One verdict: what the result says, before the item and remedy. */
typedef struct {
  AntamStatus status;
  char *title;
  char *summary;
  gboolean mention_esm;   /* the remedy reminds of Ubuntu Pro */
} Verdict;

static void
verdict_clear (Verdict *verdict)
{
  g_clear_pointer (&verdict->title, g_free);
  g_clear_pointer (&verdict->summary, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Verdict, verdict_clear)

static void
judge_single_date (Verdict     *verdict,
                   const char  *name,
                   const GDate *end,
                   const GDate *today)
{
  g_autofree char *date = antam_eol_format_date (end);
  int days = g_date_days_between (today, end);

  if (days > ANTAM_EOL_WARNING_DAYS)
    {
      verdict->status = ANTAM_STATUS_OK;
      /* TRANSLATORS: %s is a release, “Debian 12” */
      verdict->title = g_strdup_printf (_("%s is supported"), name);
      /* TRANSLATORS: %s is a release, “Fedora 44”, then a date dd/mm/yyyy */
      verdict->summary = g_strdup_printf (_("%s receives security updates until %s."), name, date);
    }
  else if (days >= 0)
    {
      verdict->status = ANTAM_STATUS_WARNING;
      /* TRANSLATORS: %s is a release, “Debian 12” */
      verdict->title = g_strdup_printf (_("Support for %s ends soon"), name);
      verdict->summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      /* TRANSLATORS: a release (“Fedora 43”), a date
                                       * dd/mm/yyyy, a number of days */
                                      "%s receives security updates only until %s, in %d day. "
                                      "After that, flaws found in it will no longer be fixed: "
                                      "the upgrade has to be planned now.",
                                      "%s receives security updates only until %s, in %d days. "
                                      "After that, flaws found in it will no longer be fixed: "
                                      "the upgrade has to be planned now.",
                                      (gulong) days),
                         name, date, days);
    }
  else
    {
      verdict->status = ANTAM_STATUS_RISK;
      /* TRANSLATORS: %s is a release, “Debian 10” */
      verdict->title = g_strdup_printf (_("%s no longer receives security updates"), name);
      verdict->summary =
        /* TRANSLATORS: %s is a release, “Fedora 41”, then a date dd/mm/yyyy */
        g_strdup_printf (_("Security support for %s ended on %s. Flaws found since then are "
                           "not fixed, and attackers can use them against this computer."),
                         name, date);
    }
}

static void
judge_debian_lts (Verdict               *verdict,
                  const char            *name,
                  const AntamEolRelease *release,
                  const GDate           *today)
{
  g_autofree char *eol = NULL;
  g_autofree char *lts = antam_eol_format_date (&release->eol_lts);
  int lts_days = g_date_days_between (today, &release->eol_lts);
  gboolean regular_ongoing;

  if (lts_days < 0)
    {
      verdict->status = ANTAM_STATUS_RISK;
      verdict->title = g_strdup_printf (_("%s no longer receives security updates"), name);
      verdict->summary =
        /* TRANSLATORS: %s is a release, “Debian 10”, then a date dd/mm/yyyy */
        g_strdup_printf (_("Security support for %s, Debian Long Term Support (LTS) included, "
                           "ended on %s. Flaws found since then are not fixed, and attackers "
                           "can use them against this computer."),
                         name, lts);
      return;
    }

  /* Without the regular date there is nothing to say about it. */
  if (!g_date_valid (&release->eol))
    {
      judge_single_date (verdict, name, &release->eol_lts, today);
      return;
    }

  eol = antam_eol_format_date (&release->eol);
  regular_ongoing = g_date_days_between (today, &release->eol) >= 0;

  if (regular_ongoing && lts_days > ANTAM_EOL_WARNING_DAYS)
    {
      verdict->status = ANTAM_STATUS_OK;
      verdict->title = g_strdup_printf (_("%s is supported"), name);
      verdict->summary =
        /* TRANSLATORS: a release (“Debian 12”), then two dates dd/mm/yyyy */
        g_strdup_printf (_("%s receives security updates until %s, then from Debian Long Term "
                           "Support (LTS) until %s."),
                         name, eol, lts);
    }
  else if (regular_ongoing)
    judge_single_date (verdict, name, &release->eol_lts, today);
  else if (lts_days > ANTAM_EOL_WARNING_DAYS)
    {
      verdict->status = ANTAM_STATUS_OK;
      verdict->title = g_strdup_printf (_("%s is supported"), name);
      verdict->summary =
        /* TRANSLATORS: a release (“Debian 12”), then two dates dd/mm/yyyy */
        g_strdup_printf (_("Regular security support for %s ended on %s; Debian Long Term "
                           "Support (LTS) now provides its security updates, until %s. They "
                           "arrive through the usual security updates: nothing needs to be "
                           "changed."),
                         name, eol, lts);
    }
  else
    {
      verdict->status = ANTAM_STATUS_WARNING;
      verdict->title = g_strdup_printf (_("Support for %s ends soon"), name);
      verdict->summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      /* TRANSLATORS: a release (“Debian 11”), two dates
                                       * dd/mm/yyyy, a number of days */
                                      "Regular security support for %s ended on %s, and Debian "
                                      "Long Term Support (LTS) ends on %s, in %d day. After "
                                      "that, flaws found in it will no longer be fixed: the "
                                      "upgrade has to be planned now.",
                                      "Regular security support for %s ended on %s, and Debian "
                                      "Long Term Support (LTS) ends on %s, in %d days. After "
                                      "that, flaws found in it will no longer be fixed: the "
                                      "upgrade has to be planned now.",
                                      (gulong) lts_days),
                         name, eol, lts, lts_days);
    }
}

static void
judge_ubuntu_esm (Verdict               *verdict,
                  const char            *name,
                  const AntamEolRelease *release,
                  const GDate           *today)
{
  g_autofree char *eol = antam_eol_format_date (&release->eol);
  g_autofree char *esm = antam_eol_format_date (&release->eol_esm);
  int days = g_date_days_between (today, &release->eol);
  int esm_days = g_date_days_between (today, &release->eol_esm);

  if (days > ANTAM_EOL_WARNING_DAYS)
    {
      verdict->status = ANTAM_STATUS_OK;
      verdict->title = g_strdup_printf (_("%s is supported"), name);
      verdict->summary =
        /* TRANSLATORS: a release (“Ubuntu 24.04 LTS”), then two dates dd/mm/yyyy */
        g_strdup_printf (_("Standard support for %s lasts until %s; after that, security "
                           "updates continue only with Ubuntu Pro (ESM), until %s."),
                         name, eol, esm);
    }
  else if (days >= 0)
    {
      verdict->status = ANTAM_STATUS_WARNING;
      verdict->mention_esm = TRUE;
      /* TRANSLATORS: %s is a release, “Ubuntu 22.04 LTS” */
      verdict->title = g_strdup_printf (_("Standard support for %s ends soon"), name);
      verdict->summary =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      /* TRANSLATORS: a release (“Ubuntu 22.04 LTS”), a date
                                       * dd/mm/yyyy, a number of days, another date */
                                      "Standard support for %s ends on %s, in %d day; after "
                                      "that, security updates continue only with Ubuntu Pro "
                                      "(ESM), until %s.",
                                      "Standard support for %s ends on %s, in %d days; after "
                                      "that, security updates continue only with Ubuntu Pro "
                                      "(ESM), until %s.",
                                      (gulong) days),
                         name, eol, days, esm);
    }
  else if (esm_days >= 0)
    {
      verdict->status = ANTAM_STATUS_WARNING;
      verdict->mention_esm = TRUE;
      /* TRANSLATORS: %s is a release, “Ubuntu 20.04 LTS” */
      verdict->title = g_strdup_printf (_("Standard support for %s has ended"), name);
      verdict->summary =
        /* TRANSLATORS: a release (“Ubuntu 20.04 LTS”), then two dates dd/mm/yyyy */
        g_strdup_printf (_("Standard support for %s ended on %s. Security updates continue "
                           "only with Ubuntu Pro (ESM), until %s; without Ubuntu Pro this "
                           "computer no longer receives them."),
                         name, eol, esm);
    }
  else
    {
      verdict->status = ANTAM_STATUS_RISK;
      verdict->title = g_strdup_printf (_("%s no longer receives security updates"), name);
      verdict->summary =
        /* TRANSLATORS: a release (“Ubuntu 18.04 LTS”), then two dates dd/mm/yyyy */
        g_strdup_printf (_("Standard support for %s ended on %s, and Ubuntu Pro (ESM) ended on "
                           "%s. Flaws found since then are not fixed, and attackers can use "
                           "them against this computer."),
                         name, eol, esm);
    }
}

static AntamResult *
new_no_data_result (const char *check,
                    const char *what)
{
  g_autofree char *summary =
    /* TRANSLATORS: %s is an operating system as it names itself, “Linux Mint 22” */
    g_strdup_printf (_("An Tâm has no end-of-life data for %s, so it cannot tell whether this "
                       "system still receives security updates. Ask your IT staff."),
                     what);

  return antam_result_new (check, ANTAM_STATUS_UNKNOWN,
                           _("The operating system’s support could not be checked"), summary);
}

static AntamItem *
add_os_item (AntamResult          *result,
             const AntamOsRelease *os)
{
  AntamItem *item = antam_result_add_item (result, "os", os_display_name (os), NULL);

  item->id = g_strdup (os->id);
  item->version = g_strdup (os->version_id);
  return item;
}

/* Testing and unstable name no VERSION_ID; both say "CODENAME/sid". */
static gboolean
is_debian_rolling (const AntamOsRelease  *os,
                   const AntamEolRelease *release)
{
  if (release != NULL && !g_date_valid (&release->release) && !g_date_valid (&release->eol))
    return TRUE;
  if (g_strcmp0 (os->version_codename, "sid") == 0)
    return TRUE;
  return os->pretty_name != NULL && g_str_has_suffix (os->pretty_name, "/sid");
}

/**
 * antam_os_support_judge:
 * @check: the check id for the result
 * @os: what os-release says
 * @tables: (element-type GPtrArray): from antam_eol_load_tables()
 * @today: the date to judge at
 *
 * Returns: (transfer full): one result, with the os item and the remedy
 */
AntamResult *
antam_os_support_judge (const char           *check,
                 const AntamOsRelease *os,
                 GPtrArray            *tables,
                 const GDate          *today)
{
  g_auto(Verdict) verdict = { 0, };
  g_autoptr(AntamEolRelease) release = NULL;
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  AntamResult *result;
  AntamItem *item;
  gboolean no_version;

  g_return_val_if_fail (check != NULL, NULL);
  g_return_val_if_fail (os != NULL && os->id != NULL, NULL);
  g_return_val_if_fail (tables != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (distro_name (os->id) == NULL)
    {
      result = new_no_data_result (check, os_display_name (os));
      add_os_item (result, os);
      return result;
    }

  release = antam_eol_find (tables, os->id, os->version_id, os->version_codename);
  no_version = os->version_id == NULL || os->version_id[0] == '\0';

  if (g_str_equal (os->id, "debian") && no_version &&
      (release == NULL || !is_released (release, today)))
    {
      if (is_debian_rolling (os, release))
        {
          result = antam_result_new (check, ANTAM_STATUS_OK,
                                     _("Debian testing/unstable is a rolling release"),
                                     _("Debian testing and unstable have no end-of-support "
                                       "date: they keep receiving updates as long as the "
                                       "system is updated regularly. Security fixes can reach "
                                       "them later than a stable release, so a stable release "
                                       "suits office computers better."));
          item = add_os_item (result, os);
          item->detail = g_strdup (_("Rolling release, no end-of-support date"));
          return result;
        }
      result = antam_result_new (check, ANTAM_STATUS_UNKNOWN,
                                 _("The operating system’s support could not be checked"),
                                 _("This Debian system names no release number, and An Tâm "
                                   "cannot tell which release it is, so it cannot tell "
                                   "whether it still receives security updates. Ask your IT "
                                   "staff."));
      add_os_item (result, os);
      return result;
    }

  if (release == NULL)
    {
      result = new_no_data_result (check, os_display_name (os));
      add_os_item (result, os);
      return result;
    }

  if (release->version == NULL || release->version[0] == '\0')
    {
      g_free (release->version);
      release->version = g_strdup (no_version ? release->series : os->version_id);
    }
  name = product_name (os->id, release);

  if (!g_date_valid (&release->eol))
    {
      verdict.status = ANTAM_STATUS_OK;
      verdict.title = g_strdup_printf (_("%s is supported"), name);
      verdict.summary =
        /* TRANSLATORS: %s is a release, “Debian 13” */
        g_strdup_printf (_("%s receives security updates; the date its support ends has not "
                           "been announced yet."),
                         name);
    }
  else if (g_str_equal (os->id, "debian") && g_date_valid (&release->eol_lts))
    judge_debian_lts (&verdict, name, release, today);
  else if (g_str_equal (os->id, "ubuntu") && g_date_valid (&release->eol_esm))
    judge_ubuntu_esm (&verdict, name, release, today);
  else
    judge_single_date (&verdict, name, &release->eol, today);

  result = antam_result_new (check, verdict.status, verdict.title, verdict.summary);
  item = add_os_item (result, os);
  item->detail = dates_detail (os->id, release, today);

  if (verdict.status != ANTAM_STATUS_OK)
    {
      g_autofree char *upgrade = NULL;

      target = find_upgrade_target (tables, os->id, release->version, today);
      if (target != NULL)
        /* TRANSLATORS: %s is a release, “Debian 13” */
        upgrade = g_strdup_printf (_("Ask your IT staff to upgrade this computer to %s."),
                                   target);
      else
        /* TRANSLATORS: %s is an operating system, “Fedora” */
        upgrade = g_strdup_printf (_("Ask your IT staff to upgrade this computer to a "
                                     "supported release of %s."),
                                   distro_name (os->id));
      if (verdict.mention_esm)
        {
          g_autofree char *with_esm =
            g_strconcat (upgrade, " ",
                         _("Until then, make sure Ubuntu Pro (ESM) is enabled on it."), NULL);
          g_free (upgrade);
          upgrade = g_steal_pointer (&with_esm);
        }
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL, upgrade);
    }

  return result;
}

/* The letters ask to keep the OS patched: that is only possible while its
 * vendor still publishes security updates for it. */
void
antam_check_os_support (AntamScanContext *context,
                        GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  GDateTime *now = antam_scan_context_get_now (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamOsRelease) os = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  AntamResult *result;
  GDate today;
  int year, month, day;

  os = antam_os_release_read (sysroot, &error);
  if (os == NULL)
    {
      g_ptr_array_add (results,
                       antam_result_new_unknown (CHECK_ID,
                                                 _("The operating system could not be identified"),
                                                 _("An Tâm could not read the file that names the "
                                                   "operating system and its version, so it cannot "
                                                   "tell whether the system still receives security "
                                                   "updates."),
                                                 error));
      return;
    }

  problems = g_ptr_array_new_with_free_func (g_free);
  tables = antam_eol_load_tables (sysroot, os->id, problems);

  /* The date where "now" is: the scanned machine's local day, or the day
   * $ANTAM_TODAY pins. */
  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  result = antam_os_support_judge (CHECK_ID, os, tables, &today);

  /* A broken data file only matters when it left us without an answer. */
  if (result->status == ANTAM_STATUS_UNKNOWN && problems->len > 0)
    {
      g_autofree char *joined = NULL;
      char *summary;

      g_ptr_array_add (problems, NULL);
      joined = g_strjoinv ("; ", (char **) problems->pdata);
      /* TRANSLATORS: the first %s is an explanation, the second the problems
       * found in the end-of-life data files, “FILE: problem; …” */
      summary = g_strdup_printf (_("%s (End-of-life data could not be read: %s.)"),
                                 result->summary, joined);
      g_free (result->summary);
      result->summary = summary;
    }

  g_ptr_array_add (results, result);
}
