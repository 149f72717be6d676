/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "rules/antam-eol.h"
#include "antam-i18n.h"
#include "inventory/antam-os-release.h"
#include "scan/antam-scan.h"
#include "checks/antam-checks-private.h"
#include "antam-test-root.h"
#include "util/antam-data-dir.h"

/* Header and rows as Debian 12's distro-info-data (0.58) writes them. */
static const char debian_csv[] =
  "version,codename,series,created,release,eol,eol-lts,eol-elts\n"
  "1.1,Buzz,buzz,1993-08-16,1996-06-17,1997-06-05\n"
  "9,Stretch,stretch,2015-04-25,2017-06-17,2020-07-18,2022-07-01,2027-06-30\n"
  "10,Buster,buster,2017-06-17,2019-07-06,2022-09-10,2024-06-30,2029-06-30\n"
  "11,Bullseye,bullseye,2019-07-06,2021-08-14,2024-08-14,2026-08-31,2031-06-30\n"
  "12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11,2028-06-30,2033-06-30\n"
  "13,Trixie,trixie,2023-06-10,2025-08-09,2028-08-09,2030-06-30,2035-06-30\n"
  "14,Forky,forky,2025-08-09\n"
  ",Sid,sid,1993-08-16\n"
  ",Experimental,experimental,1993-08-16\n";

static const char ubuntu_csv[] =
  "version,codename,series,created,release,eol,eol-server,eol-esm\n"
  "18.04 LTS,Bionic Beaver,bionic,2017-10-19,2018-04-26,2023-05-31,2023-05-31,2028-04-01\n"
  "20.04 LTS,Focal Fossa,focal,2019-10-17,2020-04-23,2025-05-31,2025-05-31,2030-04-02\n"
  "22.04 LTS,Jammy Jellyfish,jammy,2021-10-14,2022-04-21,2027-04-01,2027-04-01,2032-04-09\n"
  "22.10,Kinetic Kudu,kinetic,2022-04-21,2022-10-20,2023-07-20\n"
  "24.04 LTS,Noble Numbat,noble,2023-10-12,2024-04-25,2029-05-31,2029-05-31,2036-05-31\n"
  "24.10,Oracular Oriole,oracular,2024-04-25,2024-10-10,2025-07-10\n";

static GDate *
make_date (const char *iso)
{
  int y, m, d;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
  return g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static void
assert_date (const GDate *date,
             const char  *expected_ddmmyyyy)
{
  g_autofree char *text = NULL;

  if (expected_ddmmyyyy == NULL)
    {
      g_assert_false (g_date_valid (date));
      return;
    }
  g_assert_true (g_date_valid (date));
  text = antam_eol_format_date (date);
  g_assert_cmpstr (text, ==, expected_ddmmyyyy);
}

static GPtrArray *
parse_csv (const char *csv)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *releases = antam_distro_info_parse (csv, strlen (csv), &error);

  g_assert_no_error (error);
  g_assert_nonnull (releases);
  return releases;
}

static GPtrArray *
shipped_table (const char *os_id)
{
  g_autofree char *path = antam_data_path ("os-eol.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  GPtrArray *table;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  table = antam_eol_table_parse (contents, length, os_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static GPtrArray *
tables_of (GPtrArray *first,
           ...)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  va_list args;

  va_start (args, first);
  for (GPtrArray *t = first; t != NULL; t = va_arg (args, GPtrArray *))
    g_ptr_array_add (tables, t);
  va_end (args);
  return tables;
}

static AntamOsRelease *
os_release (const char *text)
{
  g_autoptr(GError) error = NULL;
  AntamOsRelease *os = antam_os_release_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return os;
}

static const char debian_12[] =
  "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
  "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
static const char debian_11[] =
  "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nNAME=\"Debian GNU/Linux\"\n"
  "VERSION_ID=\"11\"\nVERSION_CODENAME=bullseye\nID=debian\n";
static const char debian_10[] =
  "PRETTY_NAME=\"Debian GNU/Linux 10 (buster)\"\nVERSION_ID=\"10\"\n"
  "VERSION_CODENAME=buster\nID=debian\n";
static const char debian_testing[] =
  "PRETTY_NAME=\"Debian GNU/Linux forky/sid\"\nNAME=\"Debian GNU/Linux\"\n"
  "VERSION_CODENAME=forky\nID=debian\n";
static const char ubuntu_20_04[] =
  "PRETTY_NAME=\"Ubuntu 20.04.6 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"20.04\"\n"
  "VERSION_CODENAME=focal\nID=ubuntu\nID_LIKE=debian\n";
static const char ubuntu_18_04[] =
  "PRETTY_NAME=\"Ubuntu 18.04.6 LTS\"\nVERSION_ID=\"18.04\"\nVERSION_CODENAME=bionic\n"
  "ID=ubuntu\nID_LIKE=debian\n";
static const char ubuntu_22_04[] =
  "PRETTY_NAME=\"Ubuntu 22.04.5 LTS\"\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\n"
  "ID=ubuntu\nID_LIKE=debian\n";
static const char fedora_43[] =
  "NAME=\"Fedora Linux\"\nVERSION=\"43 (Workstation Edition)\"\nID=fedora\n"
  "VERSION_ID=43\nPRETTY_NAME=\"Fedora Linux 43 (Workstation Edition)\"\n";
static const char linux_mint[] =
  "NAME=\"Linux Mint\"\nVERSION=\"22 (Wilma)\"\nID=linuxmint\nID_LIKE=\"ubuntu debian\"\n"
  "PRETTY_NAME=\"Linux Mint 22\"\nVERSION_ID=\"22\"\nVERSION_CODENAME=wilma\n";

/* ---- the CSV parser -------------------------------------------------- */

static void
test_parse_debian_csv (void)
{
  g_autoptr(GPtrArray) releases = parse_csv (debian_csv);
  const AntamEolRelease *r;

  g_assert_cmpuint (releases->len, ==, 9);

  r = g_ptr_array_index (releases, 0);
  g_assert_cmpstr (r->version, ==, "1.1");
  g_assert_cmpstr (r->series, ==, "buzz");
  assert_date (&r->eol, "05/06/1997");
  assert_date (&r->eol_lts, NULL);

  r = g_ptr_array_index (releases, 4);
  g_assert_cmpstr (r->version, ==, "12");
  g_assert_cmpstr (r->codename, ==, "Bookworm");
  g_assert_cmpstr (r->series, ==, "bookworm");
  assert_date (&r->release, "10/06/2023");
  assert_date (&r->eol, "11/07/2026");
  assert_date (&r->eol_lts, "30/06/2028");
  assert_date (&r->eol_esm, NULL);

  /* Rows stop early while the dates are not known. */
  r = g_ptr_array_index (releases, 6);
  g_assert_cmpstr (r->series, ==, "forky");
  assert_date (&r->release, NULL);
  assert_date (&r->eol, NULL);

  r = g_ptr_array_index (releases, 7);
  g_assert_cmpstr (r->version, ==, "");
  g_assert_cmpstr (r->series, ==, "sid");
}

static void
test_parse_ubuntu_csv (void)
{
  g_autoptr(GPtrArray) releases = parse_csv (ubuntu_csv);
  const AntamEolRelease *r;

  g_assert_cmpuint (releases->len, ==, 6);
  r = g_ptr_array_index (releases, 1);
  g_assert_cmpstr (r->version, ==, "20.04 LTS");
  g_assert_cmpstr (r->series, ==, "focal");
  assert_date (&r->eol, "31/05/2025");
  assert_date (&r->eol_esm, "02/04/2030");
  assert_date (&r->eol_lts, NULL);

  r = g_ptr_array_index (releases, 3);
  g_assert_cmpstr (r->version, ==, "22.10");
  assert_date (&r->eol_esm, NULL);
}

/* By name, not position: newer files add columns (eol-legacy) and nothing
 * promises the order. */
static void
test_parse_by_header_name (void)
{
  const char *csv =
    "series,eol-esm,version,eol,codename,created,release,eol-server,eol-legacy\r\n"
    "noble,2036-05-31,24.04 LTS,2029-05-31,Noble Numbat,2023-10-12,2024-04-25,2029-05-31,2036-04-29\r\n"
    "\r\n"
    "oracular,,24.10,2025-07-10,Oracular Oriole\r\n";
  g_autoptr(GPtrArray) releases = parse_csv (csv);
  const AntamEolRelease *r;

  g_assert_cmpuint (releases->len, ==, 2);
  r = g_ptr_array_index (releases, 0);
  g_assert_cmpstr (r->version, ==, "24.04 LTS");
  g_assert_cmpstr (r->codename, ==, "Noble Numbat");
  g_assert_cmpstr (r->series, ==, "noble");
  assert_date (&r->release, "25/04/2024");
  assert_date (&r->eol, "31/05/2029");
  assert_date (&r->eol_esm, "31/05/2036");

  /* an empty field and a row that stops before the release column */
  r = g_ptr_array_index (releases, 1);
  g_assert_cmpstr (r->version, ==, "24.10");
  assert_date (&r->eol_esm, NULL);
  assert_date (&r->eol, "10/07/2025");
  assert_date (&r->release, NULL);
}

static void
test_parse_garbage (void)
{
  static const struct {
    const char *text;
    gssize len;
  } cases[] = {
    { "", 0 },
    { "\n\n\n", -1 },
    { "hello world\nthis is not csv\n", -1 },
    { "\x7f" "ELF\x02\x01\x01\x00\x00\x00garbage", 16 },
    { "version,codename,series,eol\n12,Bookworm,bookworm,\xff\xfe\n", -1 },
    { "version,codename,series,release,eol\n12,Bookworm,bookworm,2023-06-10,2026-13-01\n", -1 },
    { "version,codename,series,release,eol\n12,Bookworm,bookworm,2023-06-10,11/07/2026\n", -1 },
    { "version,codename,series,release,eol\n12,Bookworm,bookworm,2023-06-10,2026-02-30\n", -1 },
    { "version,codename,series,release,eol\n12,Bookworm,bookworm,2023-06-10,2026-07-11,x,y\n", -1 },
    { "version,codename,series,release,eol\n12,Bookworm,,2023-06-10,2026-07-11\n", -1 },
    { "version,version,series,eol\n", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len = cases[i].len < 0 ? strlen (cases[i].text) : (gsize) cases[i].len;
      g_autoptr(GPtrArray) releases = antam_distro_info_parse (cases[i].text, len, &error);

      g_test_message ("case %u", i);
      g_assert_null (releases);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_parse_missing_columns (void)
{
  static const char * const headers[] = {
    "codename,series,created,release,eol,eol-lts\n12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11\n",
    "version,codename,created,release,eol,eol-lts\n12,Bookworm,2021-08-14,2023-06-10,2026-07-11\n",
    "version,codename,series,created,release,eol-lts\n12,Bookworm,bookworm,2021-08-14,2023-06-10\n",
  };
  static const char * const missing[] = { "version", "series", "eol" };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) releases = antam_distro_info_parse (headers[i], strlen (headers[i]),
                                                               &error);

      g_assert_null (releases);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, missing[i]));
    }
}

/* ---- the shipped table ----------------------------------------------- */

static void
test_shipped_table (void)
{
  g_autoptr(GPtrArray) debian = shipped_table ("debian");
  g_autoptr(GPtrArray) ubuntu = shipped_table ("ubuntu");
  g_autoptr(GPtrArray) fedora = shipped_table ("fedora");
  g_autoptr(GPtrArray) arch = shipped_table ("arch");
  const AntamEolRelease *r;

  g_assert_cmpuint (debian->len, ==, 4);
  g_assert_cmpuint (ubuntu->len, ==, 4);
  g_assert_cmpuint (fedora->len, ==, 4);
  g_assert_cmpuint (arch->len, ==, 0);

  r = antam_eol_lookup (debian, "debian", "13", NULL);
  g_assert_nonnull (r);
  assert_date (&r->eol, "09/08/2028");
  assert_date (&r->eol_lts, "30/06/2030");

  r = antam_eol_lookup (ubuntu, "ubuntu", "18.04", NULL);
  g_assert_nonnull (r);
  assert_date (&r->eol, "31/05/2023");
  assert_date (&r->eol_esm, "01/04/2028");

  r = antam_eol_lookup (fedora, "fedora", "43", NULL);
  g_assert_nonnull (r);
  assert_date (&r->eol, "09/12/2026");
}

static void
test_table_garbage (void)
{
  static const char * const cases[] = {
    "",
    "not json",
    "[1, 2]",
    "{\"releases\": []}",
    "{\"releases\": {\"debian\": {}}}",
    "{\"releases\": {\"debian\": [42]}}",
    "{\"releases\": {\"debian\": [{\"eol\": \"2026-07-11\"}]}}",
    "{\"releases\": {\"debian\": [{\"version\": \"12\"}]}}",
    "{\"releases\": {\"debian\": [{\"version\": \"12\", \"eol\": \"soon\"}]}}",
    "{\"releases\": {\"debian\": [{\"version\": 12, \"eol\": \"2026-07-11\"}]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) table = antam_eol_table_parse (cases[i], strlen (cases[i]), "debian",
                                                          &error);

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_null (table);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* ---- matching -------------------------------------------------------- */

static void
test_lookup (void)
{
  g_autoptr(GPtrArray) debian = parse_csv (debian_csv);
  g_autoptr(GPtrArray) ubuntu = parse_csv (ubuntu_csv);
  const AntamEolRelease *r;

  r = antam_eol_lookup (debian, "debian", "12", "bookworm");
  g_assert_cmpstr (r->series, ==, "bookworm");
  r = antam_eol_lookup (debian, "debian", NULL, "bookworm");
  g_assert_cmpstr (r->version, ==, "12");
  r = antam_eol_lookup (debian, "debian", "12.5", NULL);
  g_assert_cmpstr (r->version, ==, "12");
  r = antam_eol_lookup (debian, "debian", NULL, "Trixie");
  g_assert_cmpstr (r->version, ==, "13");
  r = antam_eol_lookup (debian, "debian", NULL, "sid");
  g_assert_cmpstr (r->series, ==, "sid");
  /* "1" is not "1.1" */
  g_assert_null (antam_eol_lookup (debian, "debian", "1", NULL));
  g_assert_null (antam_eol_lookup (debian, "debian", "99", "nonesuch"));
  g_assert_null (antam_eol_lookup (debian, "debian", "", ""));

  r = antam_eol_lookup (ubuntu, "ubuntu", "22.04", NULL);
  g_assert_cmpstr (r->version, ==, "22.04 LTS");
  r = antam_eol_lookup (ubuntu, "ubuntu", NULL, "jammy");
  g_assert_cmpstr (r->version, ==, "22.04 LTS");
  r = antam_eol_lookup (ubuntu, "ubuntu", "24.10", NULL);
  g_assert_cmpstr (r->series, ==, "oracular");
  /* Only Debian's point releases fold into the major one. */
  g_assert_null (antam_eol_lookup (ubuntu, "ubuntu", "22", NULL));
}

/* An old distro-info-data on the scanned system, before Debian LTS dates
 * were announced: the later tables fill the gap. */
static void
test_find_merges (void)
{
  const char *old_csv =
    "version,codename,series,created,release,eol\n"
    "12,Bookworm,bookworm,2021-08-14,2023-06-10\n";
  g_autoptr(GPtrArray) tables = tables_of (parse_csv (old_csv), shipped_table ("debian"), NULL);
  g_autoptr(AntamEolRelease) r = antam_eol_find (tables, "debian", "12", "bookworm");

  g_assert_nonnull (r);
  assert_date (&r->release, "10/06/2023");
  assert_date (&r->eol, "11/07/2026");
  assert_date (&r->eol_lts, "30/06/2028");

  g_assert_null (antam_eol_find (tables, "debian", "7", "wheezy"));
}

static void
test_format_date (void)
{
  g_autoptr(GDate) date = make_date ("2026-07-01");
  g_autofree char *text = antam_eol_format_date (date);

  g_assert_cmpstr (text, ==, "01/07/2026");
}

/* ---- verdicts at fixed dates ----------------------------------------- */

static AntamResult *
judge (const char *os_text,
       GPtrArray  *tables,
       const char *today_iso)
{
  g_autoptr(AntamOsRelease) os = os_release (os_text);
  g_autoptr(GDate) today = make_date (today_iso);
  AntamResult *result = antam_os_support_judge ("os-support", os, tables, today);
  AntamItem *item;

  g_assert_nonnull (result);
  g_assert_cmpstr (result->check, ==, "os-support");
  g_assert_nonnull (result->title);
  g_assert_nonnull (result->summary);
  g_assert_cmpuint (result->items->len, ==, 1);
  item = g_ptr_array_index (result->items, 0);
  g_assert_cmpstr (item->kind, ==, "os");
  g_assert_cmpstr (item->id, ==, os->id);
  g_assert_cmpstr (item->version, ==, os->version_id);
  g_assert_cmpstr (item->name, ==, os->pretty_name);

  if (result->status == ANTAM_STATUS_OK || result->status == ANTAM_STATUS_UNKNOWN)
    {
      g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_NONE);
      g_assert_null (result->remedy_text);
    }
  else
    {
      g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
      g_assert_nonnull (result->remedy_text);
    }
  return result;
}

static const char *
item_detail (AntamResult *result)
{
  AntamItem *item = g_ptr_array_index (result->items, 0);
  return item->detail;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

static void
test_debian_12_via_lts (void)
{
  g_autoptr(GPtrArray) tables = tables_of (parse_csv (debian_csv), NULL);
  g_autoptr(AntamResult) result = judge (debian_12, tables, "2026-11-21");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  assert_contains (result->title, "Debian 12");
  /* regular support ended, LTS covers it now */
  assert_contains (result->summary, "11/07/2026");
  assert_contains (result->summary, "30/06/2028");
  assert_contains (result->summary, "LTS");
  /* A date already past is said to have ended, never "until". */
  g_assert_cmpstr (item_detail (result), ==, "Security support ended on 11/07/2026; Debian LTS until 30/06/2028");
}

static void
test_debian_12_before_regular_end (void)
{
  g_autoptr(GPtrArray) tables = tables_of (shipped_table ("debian"), NULL);
  g_autoptr(AntamResult) result = judge (debian_12, tables, "2025-01-15");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  assert_contains (result->summary, "11/07/2026");
  assert_contains (result->summary, "30/06/2028");
  g_assert_cmpstr (item_detail (result), ==, "Security support until 11/07/2026; Debian LTS until 30/06/2028");
}

static void
test_debian_10_risk (void)
{
  g_autoptr(GPtrArray) tables = tables_of (parse_csv (debian_csv), NULL);
  g_autoptr(AntamResult) result = judge (debian_10, tables, "2026-11-21");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_RISK);
  assert_contains (result->summary, "30/06/2024");
  assert_contains (item_detail (result), "Debian LTS ended on 30/06/2024");
  g_assert_null (strstr (item_detail (result), "until"));
  /* the newest release with support left to upgrade to */
  assert_contains (result->remedy_text, "Debian 13");
}

static void
test_debian_11_warning (void)
{
  g_autoptr(GPtrArray) tables = tables_of (shipped_table ("debian"), NULL);
  g_autoptr(AntamResult) result = judge (debian_11, tables, "2026-07-01");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  assert_contains (result->summary, "14/08/2024");
  assert_contains (result->summary, "31/08/2026");
  assert_contains (result->summary, "61");
  assert_contains (result->remedy_text, "Debian 13");
}

static void
test_debian_11_last_day (void)
{
  g_autoptr(GPtrArray) tables = tables_of (shipped_table ("debian"), NULL);
  g_autoptr(AntamResult) on_day = judge (debian_11, tables, "2026-08-31");
  g_autoptr(AntamResult) after = judge (debian_11, tables, "2026-09-01");

  g_assert_cmpint (on_day->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpint (after->status, ==, ANTAM_STATUS_RISK);
}

static void
test_debian_testing (void)
{
  g_autoptr(GPtrArray) with_csv = tables_of (parse_csv (debian_csv), shipped_table ("debian"), NULL);
  g_autoptr(GPtrArray) shipped = tables_of (shipped_table ("debian"), NULL);
  g_autoptr(AntamResult) result = judge (debian_testing, with_csv, "2026-11-21");
  g_autoptr(AntamResult) result2 = judge (debian_testing, shipped, "2026-11-21");
  g_autoptr(AntamResult) unknown =
    judge ("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux\"\nVERSION_CODENAME=mystery\n",
           shipped, "2026-11-21");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpint (result2->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpint (unknown->status, ==, ANTAM_STATUS_UNKNOWN);
}

static void
test_ubuntu_20_04_esm (void)
{
  g_autoptr(GPtrArray) tables = tables_of (shipped_table ("ubuntu"), NULL);
  g_autoptr(AntamResult) result = judge (ubuntu_20_04, tables, "2026-11-21");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  assert_contains (result->title, "Ubuntu 20.04 LTS");
  assert_contains (result->summary, "31/05/2025");
  assert_contains (result->summary, "02/04/2030");
  assert_contains (result->summary, "Ubuntu Pro");
  /* the newest LTS, not the nearest */
  assert_contains (result->remedy_text, "Ubuntu 24.04 LTS");
  assert_contains (result->remedy_text, "Ubuntu Pro");
}

static void
test_ubuntu_18_04_risk (void)
{
  g_autoptr(GPtrArray) tables = tables_of (parse_csv (ubuntu_csv), NULL);
  g_autoptr(AntamResult) before = judge (ubuntu_18_04, tables, "2028-04-01");
  g_autoptr(AntamResult) after = judge (ubuntu_18_04, tables, "2028-04-02");

  g_assert_cmpint (before->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpint (after->status, ==, ANTAM_STATUS_RISK);
  assert_contains (after->summary, "31/05/2023");
  assert_contains (after->summary, "01/04/2028");
  /* not an interim release, and not one that ends in weeks */
  assert_contains (after->remedy_text, "Ubuntu 24.04 LTS");
}

static void
test_ubuntu_22_04 (void)
{
  g_autoptr(GPtrArray) tables = tables_of (shipped_table ("ubuntu"), NULL);
  g_autoptr(AntamResult) ok = judge (ubuntu_22_04, tables, "2026-11-21");
  g_autoptr(AntamResult) soon = judge (ubuntu_22_04, tables, "2027-02-01");

  g_assert_cmpint (ok->status, ==, ANTAM_STATUS_OK);
  assert_contains (ok->summary, "01/04/2027");
  assert_contains (ok->summary, "09/04/2032");
  g_assert_cmpint (soon->status, ==, ANTAM_STATUS_WARNING);
  assert_contains (soon->summary, "01/04/2027");
  assert_contains (soon->summary, "59");
}

static void
test_fedora_43_warning (void)
{
  g_autoptr(GPtrArray) tables = tables_of (shipped_table ("fedora"), NULL);
  g_autoptr(AntamResult) result = judge (fedora_43, tables, "2026-11-21");
  g_autoptr(AntamResult) early = judge (fedora_43, tables, "2026-01-10");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  assert_contains (result->summary, "09/12/2026");
  assert_contains (result->summary, "18");
  assert_contains (result->remedy_text, "Fedora 44");
  assert_contains (item_detail (result), "09/12/2026");
  g_assert_cmpint (early->status, ==, ANTAM_STATUS_OK);
}

static void
test_unknown_distro (void)
{
  g_autoptr(GPtrArray) tables = tables_of (NULL, NULL);
  g_autoptr(AntamResult) result = judge (linux_mint, tables, "2026-11-21");
  g_autoptr(GPtrArray) debian = tables_of (shipped_table ("debian"), NULL);
  g_autoptr(AntamResult) old =
    judge ("ID=debian\nVERSION_ID=7\nPRETTY_NAME=\"Debian GNU/Linux 7 (wheezy)\"\n",
           debian, "2026-11-21");

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  assert_contains (result->summary, "Linux Mint 22");
  g_assert_cmpint (old->status, ==, ANTAM_STATUS_UNKNOWN);
  assert_contains (old->summary, "Debian GNU/Linux 7 (wheezy)");
}

/* ---- the check, on small roots --------------------------------------- */

typedef struct {
  char *root;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;

  fixture->root = g_dir_make_tmp ("antam-os-XXXXXX", &error);
  g_assert_no_error (error);
  home = g_build_filename (fixture->root, "home", "lan", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  antam_test_remove_root (fixture->root);
  g_free (fixture->root);
}

static AntamResult *
run_check (Fixture *fixture)
{
  static const char * const only[] = { "os-support", NULL };
  g_autofree char *home = g_build_filename (fixture->root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (fixture->root, home, &error);
  g_autoptr(AntamRules) rules = antam_rules_new ();
  g_autoptr(AntamScanContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  g_assert_no_error (error);
  context = antam_scan_context_new (sysroot, rules);
  results = antam_scan_run (context, only, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->check, ==, "os-support");
  return antam_result_ref (result);
}

static void
test_check_debian_shipped (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AntamResult) result = NULL;
  AntamItem *item;

  antam_test_write (fixture->root, "etc/os-release", debian_12);
  result = run_check (fixture);

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  assert_contains (result->summary, "30/06/2028");
  g_assert_cmpuint (result->items->len, ==, 1);
  item = g_ptr_array_index (result->items, 0);
  g_assert_cmpstr (item->kind, ==, "os");
  g_assert_cmpstr (item->name, ==, "Debian GNU/Linux 12 (bookworm)");
  g_assert_cmpstr (item->version, ==, "12");
  assert_contains (item->detail, "11/07/2026");
}

/* The scanned system's own distro-info-data comes first. */
static void
test_check_debian_root_csv (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AntamResult) result = NULL;

  antam_test_write (fixture->root, "etc/os-release", debian_12);
  antam_test_write (fixture->root, "usr/share/distro-info/debian.csv",
                    "version,codename,series,created,release,eol,eol-lts,eol-elts\n"
                    "12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11,2027-01-15,2033-06-30\n"
                    "13,Trixie,trixie,2023-06-10,2025-08-09,2028-08-09,2030-06-30,2035-06-30\n");
  result = run_check (fixture);

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  assert_contains (result->summary, "15/01/2027");
  assert_contains (result->remedy_text, "Debian 13");
}

static void
test_check_debian_bad_root_csv (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(AntamResult) result = NULL;

  antam_test_write (fixture->root, "usr/lib/os-release", debian_10);
  antam_test_write (fixture->root, "usr/share/distro-info/debian.csv", "\x01\x02garbage\n");
  result = run_check (fixture);

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_RISK);
  assert_contains (result->summary, "30/06/2024");
}

/* Without distro-info under the root, the host's copy comes before the
 * shipped table. */
static void
test_check_host_csv (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *host_dir = g_build_filename (fixture->root, "host-distro-info", NULL);
  g_autoptr(AntamResult) result = NULL;

  antam_test_write (fixture->root, "etc/os-release", ubuntu_22_04);
  antam_test_write (fixture->root, "host-distro-info/ubuntu.csv",
                    "version,codename,series,created,release,eol,eol-server,eol-esm,eol-legacy\n"
                    "22.04 LTS,Jammy Jellyfish,jammy,2021-10-14,2022-04-21,2027-01-01,2027-01-01,2032-04-21,2034-04-25\n");
  g_setenv ("ANTAM_DISTRO_INFO_DIR", host_dir, TRUE);
  result = run_check (fixture);
  g_setenv ("ANTAM_DISTRO_INFO_DIR", "/nonexistent", TRUE);

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  assert_contains (result->summary, "01/01/2027");
  assert_contains (result->summary, "21/04/2032");
}

static void
test_check_fedora (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AntamResult) result = NULL;

  antam_test_write (fixture->root, "etc/os-release", fedora_43);
  result = run_check (fixture);

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  assert_contains (result->summary, "09/12/2026");
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
}

static void
test_check_unknown_distro (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AntamResult) result = NULL;

  antam_test_write (fixture->root, "etc/os-release", linux_mint);
  result = run_check (fixture);

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  assert_contains (result->summary, "Linux Mint");
}

static void
test_check_no_os_release (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(AntamResult) result = run_check (fixture);

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  /* The file's name is for IT staff: in the item, with the library's words. */
  g_assert_null (strstr (result->summary, "os-release"));
  g_assert_cmpuint (result->items->len, ==, 1);
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->kind, ==, "error");
  assert_contains (((AntamItem *) g_ptr_array_index (result->items, 0))->detail, "os-release");
}

static void
test_check_garbage_os_release (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(AntamResult) result = NULL;

  antam_test_write (fixture->root, "etc/os-release", "\xff\xfe garbage\nNAME=\n=\n");
  result = run_check (fixture);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
}

static void
test_check_os_release_is_a_dir (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->root, "etc", "os-release", NULL);
  g_autoptr(AntamResult) result = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  result = run_check (fixture);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
}

#define ADD_CHECK_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Verdicts must not follow the calendar or the machine running the
   * tests: pin the day, and hide the host's distro-info-data. */
  g_setenv ("ANTAM_TODAY", "2026-11-21", FALSE);
  g_setenv ("ANTAM_DISTRO_INFO_DIR", "/nonexistent", TRUE);
  antam_i18n_set_language ("en");

  g_test_add_func ("/os-support/parse/debian", test_parse_debian_csv);
  g_test_add_func ("/os-support/parse/ubuntu", test_parse_ubuntu_csv);
  g_test_add_func ("/os-support/parse/by-header-name", test_parse_by_header_name);
  g_test_add_func ("/os-support/parse/garbage", test_parse_garbage);
  g_test_add_func ("/os-support/parse/missing-columns", test_parse_missing_columns);
  g_test_add_func ("/os-support/table/shipped", test_shipped_table);
  g_test_add_func ("/os-support/table/garbage", test_table_garbage);
  g_test_add_func ("/os-support/lookup", test_lookup);
  g_test_add_func ("/os-support/find-merges", test_find_merges);
  g_test_add_func ("/os-support/format-date", test_format_date);
  g_test_add_func ("/os-support/verdict/debian-12-lts", test_debian_12_via_lts);
  g_test_add_func ("/os-support/verdict/debian-12-regular", test_debian_12_before_regular_end);
  g_test_add_func ("/os-support/verdict/debian-10", test_debian_10_risk);
  g_test_add_func ("/os-support/verdict/debian-11", test_debian_11_warning);
  g_test_add_func ("/os-support/verdict/debian-11-last-day", test_debian_11_last_day);
  g_test_add_func ("/os-support/verdict/debian-testing", test_debian_testing);
  g_test_add_func ("/os-support/verdict/ubuntu-20.04", test_ubuntu_20_04_esm);
  g_test_add_func ("/os-support/verdict/ubuntu-18.04", test_ubuntu_18_04_risk);
  g_test_add_func ("/os-support/verdict/ubuntu-22.04", test_ubuntu_22_04);
  g_test_add_func ("/os-support/verdict/fedora-43", test_fedora_43_warning);
  g_test_add_func ("/os-support/verdict/unknown-distro", test_unknown_distro);
  ADD_CHECK_TEST ("/os-support/check/debian-shipped", test_check_debian_shipped);
  ADD_CHECK_TEST ("/os-support/check/debian-root-csv", test_check_debian_root_csv);
  ADD_CHECK_TEST ("/os-support/check/debian-bad-root-csv", test_check_debian_bad_root_csv);
  ADD_CHECK_TEST ("/os-support/check/host-csv", test_check_host_csv);
  ADD_CHECK_TEST ("/os-support/check/fedora", test_check_fedora);
  ADD_CHECK_TEST ("/os-support/check/unknown-distro", test_check_unknown_distro);
  ADD_CHECK_TEST ("/os-support/check/no-os-release", test_check_no_os_release);
  ADD_CHECK_TEST ("/os-support/check/garbage-os-release", test_check_garbage_os_release);
  ADD_CHECK_TEST ("/os-support/check/os-release-is-a-dir", test_check_os_release_is_a_dir);

  return g_test_run ();
}
