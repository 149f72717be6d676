/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "antam-test-root.h"
#include "inventory/antam-apt-config.h"
#include "inventory/antam-apt-lists.h"
#include "inventory/antam-apt-sources.h"

#define ALL_CHECKS "os-updates,app-updates,auto-updates,reboot-pending,install-sources"

typedef struct {
  const char *kind;
  const char *name;
  const char *version;
  const char *origin;
  const char *detail;
} ExpectedItem;

/* Exact: same items, same order; NULL in @expected means "not checked". */
static void
assert_items (AntamResult        *result,
              const ExpectedItem *expected,
              guint               n_expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < result->items->len; i++)
    {
      AntamItem *item = g_ptr_array_index (result->items, i);
      g_string_append_printf (got, "  %s %s [%s] from %s: %s\n", item->kind, item->name,
                              item->version, item->origin, item->detail);
    }

  if (result->items->len != n_expected)
    g_error ("%s: expected %u items, got %u:\n%s", result->title, n_expected,
             result->items->len, got->str);

  for (guint i = 0; i < n_expected; i++)
    {
      AntamItem *item = g_ptr_array_index (result->items, i);
      const ExpectedItem *e = &expected[i];

      if (g_strcmp0 (item->kind, e->kind) != 0 || g_strcmp0 (item->name, e->name) != 0 ||
          (e->version && g_strcmp0 (item->version, e->version) != 0) ||
          (e->origin && g_strcmp0 (item->origin, e->origin) != 0) ||
          (e->detail && g_strcmp0 (item->detail, e->detail) != 0))
        g_error ("%s: item %u: expected “%s %s [%s] from %s: %s”; all items:\n%s",
                 result->title, i, e->kind, e->name, e->version, e->origin, e->detail, got->str);
    }
}

static AntamResult *
only_result (GPtrArray  *results,
             const char *check)
{
  AntamResult *found = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      if (g_str_equal (result->check, check))
        {
          if (found != NULL)
            g_error ("more than one %s result: “%s” and “%s”", check, found->title, result->title);
          found = result;
        }
    }
  if (found == NULL)
    g_error ("no %s result", check);
  return found;
}

/* Parsers */

static void
test_release_parse (void)
{
  static const char inrelease[] =
    "-----BEGIN PGP SIGNED MESSAGE-----\n"
    "Hash: SHA512\n"
    "\n"
    "Origin: Debian\n"
    "Label: Debian-Security\n"
    "Suite: oldstable-security\n"
    "Codename: bookworm-security\n"
    "Description: Debian x.y Security Updates\n"
    "- -Not-A-Field: dash-escaped\n"
    "SHA256:\n"
    " 0000 100 main/binary-amd64/Packages\n"
    "-----BEGIN PGP SIGNATURE-----\n"
    "\n"
    "iQIzBAEBCgAdFiEE\n"
    "-----END PGP SIGNATURE-----\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamAptRelease) release = antam_apt_release_parse (inrelease, strlen (inrelease), &error);
  AntamAptRelease *bad;

  g_assert_no_error (error);
  g_assert_cmpstr (release->origin, ==, "Debian");
  g_assert_cmpstr (release->label, ==, "Debian-Security");
  g_assert_cmpstr (release->suite, ==, "oldstable-security");
  g_assert_cmpstr (release->codename, ==, "bookworm-security");
  g_assert_cmpstr (antam_apt_release_get_name (release), ==, "oldstable-security");
  g_assert_true (antam_apt_release_is_security (release));

  bad = antam_apt_release_parse ("Origin: Debian\nLabel: Debian\n", 29, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "it names no Suite or Codename");
  g_clear_error (&error);

  bad = antam_apt_release_parse ("Suite: x\n\x01\x02 garbage", 20, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  bad = antam_apt_release_parse ("Suite: x\0", 9, &error);
  g_assert_null (bad);
  g_assert_cmpstr (error->message, ==, "it is not a text file");
  g_clear_error (&error);

  /* Cut short: the signature never comes. */
  bad = antam_apt_release_parse (inrelease, 120, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Codename alone is enough; "-security" there marks it. */
  g_clear_pointer (&release, antam_apt_release_free);
  release = antam_apt_release_parse ("Codename: jammy-security\n", 25, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (antam_apt_release_get_name (release), ==, "jammy-security");
  g_assert_true (antam_apt_release_is_security (release));
}

static gboolean
collect_cb (const char *package,
            const char *version,
            const char *arch,
            gpointer    user_data)
{
  g_string_append_printf (user_data, "%s=%s/%s;", package, version, arch ? arch : "-");
  return TRUE;
}

static void
test_packages_parse (void)
{
  static const char text[] =
    "Package: a\r\nVersion: 1.0\r\nArchitecture: amd64\r\nDescription: x\r\n y\r\n\r\n"
    "\n\n"
    "package: b\nversion: 2:3~rc1\n\n"
    "Package: c\nVersion: 1\nArchitecture: all";
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (antam_apt_packages_parse (text, strlen (text), collect_cb, got, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got->str, ==, "a=1.0/amd64;b=2:3~rc1/-;c=1/all;");

  g_string_truncate (got, 0);
  g_assert_false (antam_apt_packages_parse ("Package: a\nArchitecture: amd64\n\n", 32, collect_cb, got, &error));
  g_assert_cmpstr (error->message, ==, "package “a” (line 1) has no Version");
  g_clear_error (&error);

  g_assert_false (antam_apt_packages_parse ("Package: a\nVersion: 1\nnot a field\n", 34, collect_cb, got, &error));
  g_assert_cmpstr (error->message, ==, "line 3 is not a “Field: value” line");
  g_clear_error (&error);

  g_assert_false (antam_apt_packages_parse ("PK\x03\x04\0\0", 6, collect_cb, got, &error));
  g_assert_cmpstr (error->message, ==, "it is not a text file");
  g_clear_error (&error);

  /* Empty is a valid, empty list. */
  g_assert_true (antam_apt_packages_parse ("", 0, collect_cb, got, &error));
  g_assert_no_error (error);
}

static void
test_apt_config_parse (void)
{
  static const char first[] =
    "// a comment\n"
    "# another comment\n"
    "APT { Periodic { Update-Package-Lists \"1\"; Unattended-Upgrade \"1\"; }; };\n"
    "/* Unattended-Upgrade::Automatic-Reboot \"true\";\n   still a comment */\n"
    "Unattended-Upgrade::Origins-Pattern {\n"
    "  \"origin=Debian,codename=${distro_codename},label=Debian\"; // not security\n"
    "  \"origin=Debian,codename=${distro_codename}-security,label=Debian-Security\";\n"
    "};\n"
    "Acquire::http::Proxy \"http://proxy.example:3128/\";\n";
  static const char second[] =
    "apt::periodic::unattended-upgrade \"0\";\n"
    "#clear Unattended-Upgrade::Origins-Pattern;\n"
    "Unattended-Upgrade::Origins-Pattern:: \"origin=Example\";\n";
  g_autoptr(AntamAptConfig) config = antam_apt_config_new ();
  g_autoptr(GError) error = NULL;
  const char * const *list;

  g_assert_true (antam_apt_config_parse (config, first, strlen (first), "/etc/apt/apt.conf.d/20a", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (antam_apt_config_get (config, "APT::Periodic::Update-Package-Lists"), ==, "1");
  g_assert_cmpstr (antam_apt_config_get (config, "APT::Periodic::Unattended-Upgrade"), ==, "1");
  g_assert_null (antam_apt_config_get (config, "Unattended-Upgrade::Automatic-Reboot"));
  g_assert_cmpstr (antam_apt_config_get (config, "Acquire::http::Proxy"), ==, "http://proxy.example:3128/");
  list = antam_apt_config_get_list (config, "unattended-upgrade::origins-pattern");
  g_assert_nonnull (list);
  g_assert_cmpuint (g_strv_length ((char **) list), ==, 2);
  g_assert_cmpstr (list[1], ==, "origin=Debian,codename=${distro_codename}-security,label=Debian-Security");

  /* A later file overrides, whatever the case of the key. */
  g_assert_true (antam_apt_config_parse (config, second, strlen (second), "/etc/apt/apt.conf.d/99b", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (antam_apt_config_get (config, "APT::Periodic::Unattended-Upgrade"), ==, "0");
  g_assert_cmpstr (antam_apt_config_get_file (config, "APT::Periodic::Unattended-Upgrade"), ==,
                   "/etc/apt/apt.conf.d/99b");
  g_assert_cmpstr (antam_apt_config_get_file (config, "APT::Periodic::Update-Package-Lists"), ==,
                   "/etc/apt/apt.conf.d/20a");

  g_assert_false (antam_apt_config_parse (config, "APT { Periodic {", 16, "x", &error));
  g_assert_cmpstr (error->message, ==, "syntax error at line 1: a “{” without its “}”");
  g_clear_error (&error);
  g_assert_false (antam_apt_config_parse (config, "APT::X \"1\"", 10, "x", &error));
  g_assert_cmpstr (error->message, ==, "syntax error at line 1: the last setting has no “;”");
  g_clear_error (&error);
  g_assert_false (antam_apt_config_parse (config, "};", 2, "x", &error));
  g_clear_error (&error);
  g_assert_false (antam_apt_config_parse (config, "A \"unterminated;\n", 17, "x", &error));
  g_clear_error (&error);
  g_assert_false (antam_apt_config_parse (config, "/* open", 7, "x", &error));
  g_clear_error (&error);

  g_assert_true (antam_apt_config_is_part_name ("20auto-upgrades"));
  g_assert_true (antam_apt_config_is_part_name ("50unattended-upgrades.conf"));
  g_assert_false (antam_apt_config_is_part_name ("50unattended-upgrades.dpkg-old"));
  g_assert_false (antam_apt_config_is_part_name ("20auto-upgrades.ucf-dist"));
  g_assert_false (antam_apt_config_is_part_name (".hidden"));
  g_assert_false (antam_apt_config_is_part_name ("with space"));
}

static void
test_sources_parse (void)
{
  static const char list[] =
    "# comment\n"
    "deb http://deb.debian.org/debian bookworm main contrib # trailing\n"
    "deb [ arch=amd64 signed-by=/usr/share/keyrings/k.gpg ] https://zoom.us/linux/debian stable main\n"
    "deb-src http://deb.debian.org/debian bookworm main\n"
    "#deb http://disabled.example/debian bookworm main\n"
    "deb http://flat.example/repo ./\n"
    "rpm http://wrong.example/ x\n";
  static const char deb822[] =
    "Types: deb deb-src\n"
    "URIs: mirror+file:///etc/apt/mirrors/debian.list\n"
    "Suites: bookworm bookworm-updates\n"
    "Components: main\n"
    "  non-free-firmware\n"
    "Signed-By:\n"
    " -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
    " .\n"
    " mQINBGP...\n"
    "\n"
    "# the security archive, switched off\n"
    "Types: deb\n"
    "URIs: http://deb.debian.org/debian-security\n"
    "Suites: bookworm-security\n"
    "Components: main\n"
    "Enabled: no\n"
    "\n"
    "Types: deb\n"
    "Components: main\n";
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sources = antam_apt_sources_parse_list (list, strlen (list), "/etc/apt/sources.list", problems);
  AntamAptSource *source;

  g_assert_cmpuint (sources->len, ==, 4);
  source = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (source->types[0], ==, "deb");
  g_assert_cmpstr (source->uris[0], ==, "http://deb.debian.org/debian");
  g_assert_cmpstr (source->suites[0], ==, "bookworm");
  g_assert_cmpuint (g_strv_length (source->components), ==, 2);
  g_assert_cmpuint (source->line, ==, 2);
  source = g_ptr_array_index (sources, 1);
  g_assert_cmpstr (source->uris[0], ==, "https://zoom.us/linux/debian");
  g_assert_cmpstr (source->suites[0], ==, "stable");
  source = g_ptr_array_index (sources, 2);
  g_assert_true (antam_apt_source_has_type (source, "deb-src"));
  source = g_ptr_array_index (sources, 3);
  g_assert_cmpstr (source->suites[0], ==, "./");
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "/etc/apt/sources.list, line 7: it does not start with “deb” or “deb-src”");

  g_ptr_array_set_size (problems, 0);
  g_clear_pointer (&sources, g_ptr_array_unref);
  sources = antam_apt_sources_parse_deb822 (deb822, strlen (deb822), "/etc/apt/sources.list.d/d.sources", problems);
  g_assert_cmpuint (sources->len, ==, 2);
  source = g_ptr_array_index (sources, 0);
  g_assert_true (source->deb822);
  g_assert_true (source->enabled);
  g_assert_cmpuint (g_strv_length (source->types), ==, 2);
  g_assert_cmpuint (g_strv_length (source->suites), ==, 2);
  g_assert_cmpuint (g_strv_length (source->components), ==, 2);
  g_assert_cmpstr (source->components[1], ==, "non-free-firmware");
  source = g_ptr_array_index (sources, 1);
  g_assert_false (source->enabled);
  g_assert_cmpuint (source->line, ==, 12);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "/etc/apt/sources.list.d/d.sources, line 18: the entry lacks Types, URIs or Suites");

  g_assert_true (antam_apt_suite_is_security ("bookworm-security"));
  g_assert_true (antam_apt_suite_is_security ("buster/updates"));
  g_assert_false (antam_apt_suite_is_security ("bookworm-updates"));

  g_assert_true (antam_apt_sources_is_file_name ("debian.sources"));
  g_assert_true (antam_apt_sources_is_file_name ("zoom.list"));
  g_assert_false (antam_apt_sources_is_file_name ("zoom.list.save"));
  g_assert_false (antam_apt_sources_is_file_name ("google.list.disabled-by-farm"));
}

static void
test_mirror_file_hosts (void)
{
  g_autofree char *root = antam_test_make_root ("updates-zoom-repo", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new (root, home, NULL);
  g_auto(GStrv) hosts = antam_apt_source_uri_hosts (sysroot, "mirror+file:///etc/apt/mirrors/debian.list");
  g_auto(GStrv) direct = antam_apt_source_uri_hosts (sysroot, "mirror+https://mirrors.example.org/list.txt");
  g_auto(GStrv) local = antam_apt_source_uri_hosts (sysroot, "file:/media/cdrom");

  g_assert_cmpuint (g_strv_length (hosts), ==, 2);
  g_assert_cmpstr (hosts[0], ==, "deb.debian.org");
  g_assert_cmpstr (hosts[1], ==, "mirror.example.vn");
  g_assert_cmpstr (direct[0], ==, "mirrors.example.org");
  g_assert_null (local[0]);
  antam_test_remove_root (root);
}

/* Checks on fixture roots */

static void
test_pending (void)
{
  static const ExpectedItem os_updates[] = {
    { "deb", "curl", "7.88.1-10+deb12u5 → 7.88.1-10+deb12u8", "stable-security", "Security update" },
    { "deb", "firefox-esr", "115.9.1esr-1~deb12u1 → 128.5.0esr-1~deb12u1", "stable-security", "Security update" },
    { "deb", "libssl3", "3.0.11-1~deb12u2 → 3.0.15-1~deb12u1", "stable-security", "Security update" },
    { "deb", "openssl", "3.0.11-1~deb12u2 → 3.0.15-1~deb12u1", "stable-security", "Security update" },
    /* Architecture: all in the status and in the lists */
    { "deb", "debian-archive-keyring", "2023.3+deb12u1 → 2023.3+deb12u2", "stable", NULL },
    /* libc6:i386 has no list: only the amd64 one */
    { "deb", "libc6", "2.36-9+deb12u4 → 2.36-9+deb12u9", "stable", NULL },
    /* from the .xz list of contrib */
    { "deb", "ttf-mscorefonts-installer", "3.8 → 3.8.1", "stable", NULL },
    /* from the .lz4 list of bookworm-updates */
    { "deb", "tzdata", "2024a-0+deb12u1 → 2025b-0+deb12u1", "stable-updates", NULL },
  };
  static const ExpectedItem app_updates[] = {
    { "flatpak", "org.mozilla.firefox", "aaaaaaaaaaaa → bbbbbbbbbbbb", "flathub", NULL },
  };
  static const ExpectedItem auto_updates[] = {
    { "setting", "APT::Periodic::Update-Package-Lists", "1", NULL, "On" },
    { "setting", "APT::Periodic::Unattended-Upgrade", "1", NULL, "On" },
    { "deb", "unattended-upgrades", NULL, NULL, "Installed" },
    { "setting", "Unattended-Upgrade::Origins-Pattern",
      "origin=Debian,codename=${distro_codename},label=Debian-Security", NULL, "Includes security updates" },
  };
  static const ExpectedItem reboot[] = {
    { "deb", "linux-image-6.1.0-28-amd64", NULL, NULL, "Asks for a restart" },
    { "deb", "libc6", NULL, NULL, "Asks for a restart" },
    { "path", "reboot-required", NULL, NULL, NULL },
  };
  g_autofree char *root = antam_test_make_root ("updates-pending", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, ALL_CHECKS);
  AntamResult *result;

  g_assert_cmpuint (results->len, ==, 5);

  result = only_result (results, "os-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  /* One count: the title's number is the items', and its "and 5 more"
   * the items after the three it names. */
  g_assert_cmpstr (result->title, ==, "8 updates pending, 4 of them for security: curl, firefox-esr, libssl3 and 5 more");
  g_assert_true (g_str_has_prefix (result->summary, "8 updates are waiting to be installed; 4 of them fix security flaws."));
  g_assert_nonnull (strstr (result->summary, "/var/lib/apt/lists"));
  assert_items (result, os_updates, G_N_ELEMENTS (os_updates));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_UPDATE);

  result = only_result (results, "app-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "1 app update pending: org.mozilla.firefox");
  assert_items (result, app_updates, G_N_ELEMENTS (app_updates));

  result = only_result (results, "auto-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "Security updates install automatically");
  assert_items (result, auto_updates, G_N_ELEMENTS (auto_updates));
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 1))->location, ==,
                   "/etc/apt/apt.conf.d/20auto-upgrades");

  result = only_result (results, "reboot-pending");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Restart the computer to finish updating linux-image-6.1.0-28-amd64 and libc6");
  assert_items (result, reboot, G_N_ELEMENTS (reboot));

  result = only_result (results, "install-sources");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "Software comes only from official sources");

  antam_test_remove_root (root);
}

static void
test_off (void)
{
  static const ExpectedItem auto_updates[] = {
    { "setting", "APT::Periodic::Update-Package-Lists", "1", NULL, "On" },
    /* 99local comes after 20auto-upgrades and wins */
    { "setting", "APT::Periodic::Unattended-Upgrade", "0", NULL, "Off" },
    { "deb", "unattended-upgrades", NULL, NULL, "Installed" },
    { "setting", "Unattended-Upgrade::Origins-Pattern", NULL, NULL, "Includes security updates" },
    { "apt-repo", "Security archive", NULL, NULL, "Not among the software sources" },
  };
  g_autofree char *root = antam_test_make_root ("updates-off", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, ALL_CHECKS);
  AntamResult *result;

  g_assert_cmpuint (results->len, ==, 5);

  /* The security stanza of the .sources file says "Enabled: no". */
  result = only_result (results, "install-sources");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Security updates are not among the software sources");
  /* The archive to add is for the IT staff, in the item. */
  g_assert_cmpuint (result->items->len, ==, 1);
  g_assert_cmpstr (antam_test_find_item (result, "apt-repo", "http://security.debian.org/debian-security")->detail,
                   ==, "Missing from the software sources (suite “bookworm-security”)");
  g_assert_null (strstr (result->remedy_text, "http"));

  result = only_result (results, "auto-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Automatic security updates are off");
  assert_items (result, auto_updates, G_N_ELEMENTS (auto_updates));
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 1))->location, ==,
                   "/etc/apt/apt.conf.d/99local");
  /* The setting that is off is named for IT staff, not in the summary. */
  g_assert_null (strstr (result->summary, "APT::"));
  g_assert_nonnull (strstr (result->it_staff, "APT::Periodic::Unattended-Upgrade is 0"));

  /* Nothing pending in the lists, but no security fix could ever be. */
  result = only_result (results, "os-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Security updates cannot arrive");

  /* Nothing to update is not "up to date": a note. */
  result = only_result (results, "app-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_INFO);
  g_assert_cmpstr (result->title, ==, "No Flatpak or Snap apps");

  result = only_result (results, "reboot-pending");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);

  antam_test_remove_root (root);
}

static void
test_zoom_repo (void)
{
  static const ExpectedItem zoom[] = {
    { "apt-repo", "https://zoom.us/linux/debian", NULL, "https://zoom.us/linux/debian", "stable main" },
  };
  static const ExpectedItem third_party[] = {
    { "apt-repo", "https://download.docker.com/linux/debian", NULL, NULL, "bookworm stable" },
    { "apt-repo", "https://dl.google.com/linux/chrome/deb/", NULL, NULL, "stable main" },
  };
  static const ExpectedItem remotes[] = {
    { "flatpak-remote", "freeapps", NULL, "https://flatpak.freeapps.example/repo/", "For all users of this computer" },
    /* the right name at the wrong address */
    { "flatpak-remote", "flathub", NULL, "https://flathub.evil.example/repo/", "For this user only" },
  };
  static const ExpectedItem programs[] = {
    { "path", "vnpt-ca-plugin", NULL, NULL, "In /opt, not installed by any package" },
    { "appimage", "Signal.AppImage", NULL, NULL, "AppImage: not from any package" },
  };
  static const ExpectedItem auto_updates[] = {
    { "setting", "APT::Periodic::Update-Package-Lists", NULL, NULL, "Not set (off)" },
    { "setting", "APT::Periodic::Unattended-Upgrade", NULL, NULL, "Not set (off)" },
    { "deb", "unattended-upgrades", NULL, NULL, "Not installed" },
  };
  g_autofree char *root = antam_test_make_root ("updates-zoom-repo", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "install-sources,os-updates,auto-updates");
  AntamResult *result;

  g_assert_cmpuint (results->len, ==, 6);

  result = g_ptr_array_index (results, 0);
  g_assert_cmpstr (result->check, ==, "install-sources");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_RISK);
  g_assert_cmpstr (result->title, ==, "Zoom software repository: https://zoom.us/linux/debian");
  assert_items (result, zoom, G_N_ELEMENTS (zoom));
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->location, ==,
                   "/etc/apt/sources.list.d/zoom.list:1");
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->id, ==, "zoom");

  /* Neither the mirror+file: Debian mirrors nor the .vn mirror of the
   * official archive are third parties; old.list.save is not read by apt. */
  result = g_ptr_array_index (results, 1);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "2 third-party software repositories: download.docker.com and dl.google.com");
  assert_items (result, third_party, G_N_ELEMENTS (third_party));

  result = g_ptr_array_index (results, 2);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "2 unofficial Flatpak remotes: freeapps and flathub");
  assert_items (result, remotes, G_N_ELEMENTS (remotes));

  /* /opt/google and /opt/zoom belong to packages. */
  result = g_ptr_array_index (results, 3);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==,
                   "2 programs not installed from a package: /opt/vnpt-ca-plugin and /home/lan/Applications/Signal.AppImage");
  assert_items (result, programs, G_N_ELEMENTS (programs));

  result = g_ptr_array_index (results, 4);
  g_assert_cmpstr (result->check, ==, "os-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->summary, ==,
                   "There are no package lists in /var/lib/apt/lists: the package manager has never downloaded them");

  result = g_ptr_array_index (results, 5);
  g_assert_cmpstr (result->check, ==, "auto-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  assert_items (result, auto_updates, G_N_ELEMENTS (auto_updates));

  antam_test_remove_root (root);
}

static void
test_garbage (void)
{
  static const ExpectedItem os_updates[] = {
    /* the Release has no suite: the file name still says bookworm-security */
    { "deb", "curl", "7.88.1-10+deb12u5 → 7.88.1-10+deb12u8", "bookworm-security", "Security update" },
    { "deb", "openssl", "3.0.11-1~deb12u2 → 3.0.12-1~deb12u1", "stable", NULL },
  };
  g_autofree char *root = antam_test_make_root ("updates-garbage", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, ALL_CHECKS);
  AntamResult *result;

  g_assert_cmpuint (results->len, ==, 5);

  result = only_result (results, "os-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  /* The title counts both items, not only the security one it names first. */
  g_assert_cmpstr (result->title, ==, "2 updates pending, 1 of them for security: curl and openssl");
  assert_items (result, os_updates, G_N_ELEMENTS (os_updates));
  g_assert_nonnull (strstr (result->summary,
                            "• deb.debian.org_debian-security_dists_bookworm-security_Release: it names no "
                            "Suite or Codename; the suite is taken from the file name"));
  g_assert_nonnull (strstr (result->summary,
                            "• deb.debian.org_debian_dists_bookworm-updates_main_binary-amd64_Packages: "
                            "it is not a text file"));
  g_assert_nonnull (strstr (result->summary,
                            "• deb.debian.org_debian_dists_bookworm_contrib_binary-amd64_Packages.gz: "
                            "the compressed data is damaged"));

  result = only_result (results, "auto-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->title, ==, "The automatic-update settings could not be read");
  g_assert_nonnull (strstr (result->summary,
                            "• /etc/apt/apt.conf.d/50broken: syntax error at line 4: a “{” without its “}”"));

  result = only_result (results, "install-sources");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "/etc/apt/sources.list, line 3: it does not start with “deb” or “deb-src”"));
  g_assert_nonnull (strstr (result->summary, "/etc/apt/sources.list, line 4: an option list without its “]”"));

  result = only_result (results, "reboot-pending");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);

  antam_test_remove_root (root);
}

/* A security suite added to the sources, and never downloaded: the lists
 * hold no update from it, so "up to date" would be a guess. */
static void
test_unfetched (void)
{
  g_autofree char *root = antam_test_make_root ("updates-unfetched", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "os-updates");
  AntamResult *result = only_result (results, "os-updates");
  AntamItem *item;

  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "The list of available updates is incomplete");
  g_assert_nonnull (strstr (result->summary, "The list of 1 software source was never downloaded "
                                             "(security.debian.org (bookworm-security))"));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_UPDATE);
  g_assert_cmpuint (result->items->len, ==, 1);
  item = g_ptr_array_index (result->items, 0);
  g_assert_cmpstr (item->kind, ==, "apt-repo");
  g_assert_cmpstr (item->name, ==, "http://security.debian.org/debian-security");
  g_assert_cmpstr (item->location, ==, "/etc/apt/sources.list.d/debian-security.list:2");

  /* An update pending elsewhere is still reported, with the gap named. */
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_write (root, "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages",
                    "Package: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n");
  results = antam_test_scan (root, "os-updates");
  result = only_result (results, "os-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "1 update pending: openssl");
  g_assert_nonnull (strstr (result->summary, "updates from it are not counted"));

  /* Once downloaded, the system is up to date. */
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_write (root, "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages",
                    "Package: openssl\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n");
  antam_test_write (root, "var/lib/apt/lists/security.debian.org_debian-security_dists_bookworm-security_InRelease",
                    "Origin: Debian\nLabel: Debian-Security\nSuite: oldstable-security\nCodename: bookworm-security\n");
  antam_test_write (root, "var/lib/apt/lists/security.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages",
                    "");
  results = antam_test_scan (root, "os-updates");
  result = only_result (results, "os-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "The system is up to date");

  antam_test_remove_root (root);
}

/* The names apt gives its lists, as `apt-get --print-uris update` prints them. */
static void
test_list_prefix (void)
{
  static const struct {
    const char *uri;
    const char *suite;
    const char *prefix;
  } cases[] = {
    { "http://deb.debian.org/debian", "bookworm", "deb.debian.org_debian_dists_bookworm_" },
    { "http://deb.debian.org/debian/", "bookworm-updates", "deb.debian.org_debian_dists_bookworm-updates_" },
    { "https://user:pw@example.com:8443/a_b~c/", "stable", "example.com:8443_a%5fb%7ec_dists_stable_" },
    { "http://flat.example.org/repo", "./", "flat.example.org_repo_._" },
    { "mirror+file:/etc/apt/mirrors/debian.list", "bookworm", "_etc_apt_mirrors_debian.list_dists_bookworm_" },
    { "http://ppa.example/ubuntu", "jammy/updates", "ppa.example_ubuntu_dists_jammy_updates_" },
    { "file:///srv/repo", "local", "_srv_repo_dists_local_" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *prefix = antam_apt_source_list_prefix (cases[i].uri, cases[i].suite);
      g_assert_cmpstr (prefix, ==, cases[i].prefix);
    }
  g_assert_null (antam_apt_source_list_prefix ("cdrom:[Debian GNU/Linux 12]/", "bookworm"));
}

/* Debian 13 whose sources have no security suite: unattended-upgrades is on,
 * but has no security fix to install, as install-sources says too. */
static void
test_no_security_source (void)
{
  g_autofree char *root = antam_test_make_root ("trixie-no-security", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, ALL_CHECKS);
  AntamResult *result;

  result = only_result (results, "install-sources");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Security updates are not among the software sources");

  result = only_result (results, "auto-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Automatic updates cannot fetch security fixes");
  g_assert_nonnull (strstr (result->summary, "does not receive updates from the security archive"));
  g_assert_nonnull (antam_test_find_item (result, "apt-repo", "Security archive"));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);

  /* "Up to date" would mean nothing: no security fix is ever in the lists. */
  result = only_result (results, "os-updates");
  g_assert_cmpint (result->status, !=, ANTAM_STATUS_OK);

  /* With the security suite added, all three agree it is fine. */
  g_clear_pointer (&results, g_ptr_array_unref);
  antam_test_write (root, "etc/apt/sources.list.d/debian-security.sources",
                    "Types: deb\nURIs: http://security.debian.org/debian-security\n"
                    "Suites: trixie-security\nComponents: main\n");
  antam_test_write (root, "var/lib/apt/lists/security.debian.org_debian-security_dists_trixie-security_InRelease",
                    "Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: trixie-security\n");
  antam_test_write (root, "var/lib/apt/lists/security.debian.org_debian-security_dists_trixie-security_main_binary-amd64_Packages",
                    "");
  results = antam_test_scan (root, ALL_CHECKS);
  g_assert_cmpint (only_result (results, "install-sources")->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpint (only_result (results, "auto-updates")->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpint (only_result (results, "os-updates")->status, ==, ANTAM_STATUS_OK);

  antam_test_remove_root (root);
}

/* Only what holds something to run is a program; none is to be deleted by
 * hand on An Tâm's word. */
static void
test_opt_programs (void)
{
  static const ExpectedItem programs[] = {
    { "path", "handmade", NULL, NULL, "In /opt, not installed by any package" },
  };
  g_autofree char *root = antam_test_make_root ("opt-programs", NULL);
  g_autofree char *empty = antam_test_root_path (root, "opt/empty");
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  /* git keeps no empty folder. */
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  results = antam_test_scan (root, "install-sources");
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "1 program not installed from a package: /opt/handmade");
  assert_items (result, programs, G_N_ELEMENTS (programs));
  g_assert_cmpint (result->remedy, ==, ANTAM_REMEDY_GUIDE);
  g_assert_null (strstr (result->remedy_text, "delete"));
  g_assert_nonnull (strstr (result->remedy_text, "IT staff"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Without it, all is well: documentation and an empty folder are no programs. */
  {
    const char *argv[] = { "rm", "-r", "--", NULL, NULL };
    g_autofree char *handmade = antam_test_root_path (root, "opt/handmade");
    argv[3] = handmade;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, NULL, NULL));
  }
  results = antam_test_scan (root, "install-sources");
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_OK);
  g_assert_cmpstr (result->title, ==, "Software comes only from official sources");
  antam_test_remove_root (root);
}

/* An rpm root with a real database: what rpm installed in /opt is no
 * finding, a program copied there by hand is, and the dnf sources An Tâm
 * does not read are not called official. */
static void
test_rpm_root (void)
{
  g_autofree char *root = antam_test_make_root ("fedora-rpm", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  if (!antam_test_install_rpm (root, "/usr/lib/sysimage/rpm", "zoom", "6.2.11.5069", "/opt/zoom/zoom"))
    {
      antam_test_remove_root (root);
      return;
    }
  results = antam_test_scan (root, "install-sources,risky-apps");

  result = antam_test_find_result (results, "risky-apps", "Zoom");
  g_assert_nonnull (result);
  g_assert_cmpstr (antam_test_find_item (result, "rpm", "zoom")->version, ==, "6.2.11.5069-1");

  result = antam_test_find_result (results, "install-sources", "not installed from a package");
  g_assert_nonnull (result);
  g_assert_cmpstr (result->title, ==, "1 program not installed from a package: /opt/handmade");
  g_assert_null (antam_test_find_result (results, "install-sources", "official sources"));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Without the hand-copied program: still not "official sources only". */
  {
    g_autofree char *handmade = antam_test_root_path (root, "opt/handmade/run");
    g_assert_cmpint (g_unlink (handmade), ==, 0);
  }
  results = antam_test_scan (root, "install-sources");
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->title, ==, "The package manager’s software sources were not checked");
  antam_test_remove_root (root);
}

/* No package database at all: a program in /opt cannot be tied to one,
 * and is not said to be fine. */
static void
test_no_package_database (void)
{
  g_autofree char *root = antam_test_make_root ("fedora-rpm", NULL);
  g_autoptr(GPtrArray) results = antam_test_scan (root, "install-sources");
  AntamResult *result;

  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->title, ==, "Where 1 program came from could not be checked: /opt/handmade");
  g_assert_null (strstr (result->summary, "copied onto the computer by hand rather"));
  g_assert_null (antam_test_find_result (results, "install-sources", "official sources"));
  antam_test_remove_root (root);
}

/* Without xz and lz4 those lists are skipped, saying why; the rest counts. */
static void
test_missing_decompressor (void)
{
  g_autofree char *root = antam_test_make_root ("updates-pending", NULL);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  g_setenv ("PATH", "/nonexistent", TRUE);
  results = antam_test_scan (root, "os-updates");
  g_setenv ("PATH", old_path, TRUE);

  result = only_result (results, "os-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpuint (result->items->len, ==, 6);
  g_assert_nonnull (strstr (result->summary,
                            "deb.debian.org_debian_dists_bookworm-updates_main_binary-amd64_Packages.lz4: "
                            "it is compressed and “lz4” is not installed to read it"));
  g_assert_nonnull (strstr (result->summary, "“xz” is not installed"));
  antam_test_remove_root (root);
}

/* A deployed app whose remote's ref is gone: offline data cannot tell. */
static void
test_flatpak_unknown (void)
{
  g_autofree char *root = antam_test_make_root ("updates-pending", NULL);
  g_autofree char *ref = g_build_filename (root, "var/lib/flatpak/repo/refs/remotes/flathub/app/org.mozilla.firefox", NULL);
  g_autofree char *deploy_dir = g_build_filename (root, "var/lib/flatpak/app/org.example.Editor/x86_64/stable",
                                                  "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", NULL);
  g_autofree char *deploy = g_build_filename (deploy_dir, "deploy", NULL);
  g_autofree char *active = g_build_filename (root, "var/lib/flatpak/app/org.example.Editor/x86_64/stable/active", NULL);
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *no_subpaths[] = { NULL };
  AntamResult *result;

  /* Deploy data names the origin, but there is no ref to compare with. */
  data = g_variant_ref_sink (g_variant_new ("(ss^ast@a{sv})", "flathub",
                                            "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
                                            no_subpaths, (guint64) 0,
                                            g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)));
  g_assert_cmpint (g_mkdir_with_parents (deploy_dir, 0755), ==, 0);
  g_file_set_contents (deploy, g_variant_get_data (data), (gssize) g_variant_get_size (data), &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink ("dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", active), ==, 0);

  /* And firefox's ref is unreadable garbage now. */
  {
    g_autofree char *firefox_ref = g_build_filename (ref, "x86_64", "stable", NULL);
    g_file_set_contents (firefox_ref, "not a commit\n", -1, &error);
    g_assert_no_error (error);
  }

  results = antam_test_scan (root, "app-updates");
  result = only_result (results, "app-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->title, ==, "App updates could not be checked");
  g_assert_nonnull (strstr (result->summary, "org.mozilla.firefox and org.example.Editor"));
  g_assert_cmpuint (result->items->len, ==, 2);
  /* Browsers first. */
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 0))->name, ==, "org.mozilla.firefox");
  g_assert_cmpstr (((AntamItem *) g_ptr_array_index (result->items, 1))->detail, ==,
                   "No readable record of the newest commit on “flathub”");
  antam_test_remove_root (root);
}

/* The package list is cut short inside unattended-upgrades' stanza: that
 * it is not installed is not a fact, and the system is not "up to date". */
static void
test_damaged_dpkg (void)
{
  g_autofree char *root = antam_test_make_root ("updates-pending", NULL);
  g_autofree char *path = g_build_filename (root, "var/lib/dpkg/status", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) moved = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *stanza, *end;
  AntamResult *result;
  AntamItem *item;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  stanza = strstr (text, "Package: unattended-upgrades\n");
  g_assert_nonnull (stanza);
  end = strstr (stanza, "\n\n");
  g_assert_nonnull (end);
  moved = g_string_new_len (text, stanza - text);
  g_string_append (moved, end + 2);
  g_string_append (moved, "Package: unattended-upgr");
  g_file_set_contents (path, moved->str, (gssize) moved->len, &error);
  g_assert_no_error (error);

  results = antam_test_scan (root, ALL_CHECKS);

  result = only_result (results, "auto-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_cmpstr (result->title, ==, "Automatic updates could not be fully checked");
  g_assert_nonnull (strstr (result->summary, "/var/lib/dpkg/status) is cut short"));
  g_assert_null (strstr (result->summary, "is not installed"));
  item = antam_test_find_item (result, "deb", "unattended-upgrades");
  g_assert_cmpstr (item->detail, ==, "Not found in the part of the package list that could be read");

  /* The updates found are real, and the damage is said beside them: more
   * may be missing. */
  result = antam_test_find_result (results, "os-updates", "updates pending");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  result = antam_test_find_result (results, "os-updates", "could not be fully checked");
  g_assert_nonnull (result);
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (result->summary, "/var/lib/dpkg/status) is cut short"));

  antam_test_remove_root (root);
}

/* unattended-upgrades runs, but no origin it may install from is a
 * security archive: the title says so, rather than "off". */
static void
test_auto_updates_without_security_origin (void)
{
  g_autofree char *root = antam_test_make_root ("updates-pending", NULL);
  g_autofree char *conf = g_build_filename (root, "etc/apt/apt.conf.d/50unattended-upgrades", NULL);
  g_autoptr(GPtrArray) results = NULL;
  AntamResult *result;

  g_assert_cmpint (g_unlink (conf), ==, 0);
  results = antam_test_scan (root, "auto-updates");
  result = only_result (results, "auto-updates");
  g_assert_cmpint (result->status, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpstr (result->title, ==, "Automatic updates leave out security updates");
  g_assert_nonnull (strstr (result->summary, "unattended-upgrades is switched on"));

  antam_test_remove_root (root);
}

/* The CLI gives the same named results on a fixture root. */
static void
test_cli (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "roots", "updates-pending", NULL);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("ANTAM_CLI"), "scan", "--only", ALL_CHECKS,
                         "--root", root, "--home", home, NULL };
  int status = 0;

  if (argv[0] == NULL)
    {
      g_test_skip ("ANTAM_CLI is not set");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (out, "8 updates pending, 4 of them for security: curl, firefox-esr, libssl3 and 5 more  (os-updates)"));
  g_assert_nonnull (strstr (out, "- deb: tzdata 2024a-0+deb12u1 → 2025b-0+deb12u1"));
  g_assert_nonnull (strstr (out, "1 app update pending: org.mozilla.firefox  (app-updates)"));
  g_assert_nonnull (strstr (out, "Security updates install automatically  (auto-updates)"));
  g_assert_nonnull (strstr (out, "Restart the computer to finish updating linux-image-6.1.0-28-amd64 and libc6  (reboot-pending)"));
  g_assert_nonnull (strstr (out, "Software comes only from official sources  (install-sources)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/updates/parse/release", test_release_parse);
  g_test_add_func ("/updates/parse/packages", test_packages_parse);
  g_test_add_func ("/updates/parse/apt-config", test_apt_config_parse);
  g_test_add_func ("/updates/parse/sources", test_sources_parse);
  g_test_add_func ("/updates/parse/mirror-file", test_mirror_file_hosts);
  g_test_add_func ("/updates/root/pending", test_pending);
  g_test_add_func ("/updates/root/off", test_off);
  g_test_add_func ("/updates/root/zoom-repo", test_zoom_repo);
  g_test_add_func ("/updates/root/garbage", test_garbage);
  g_test_add_func ("/updates/root/no-security-source", test_no_security_source);
  g_test_add_func ("/updates/root/unfetched", test_unfetched);
  g_test_add_func ("/updates/root/opt-programs", test_opt_programs);
  g_test_add_func ("/updates/root/rpm-root", test_rpm_root);
  g_test_add_func ("/updates/root/no-package-database", test_no_package_database);
  g_test_add_func ("/updates/parse/list-prefix", test_list_prefix);
  g_test_add_func ("/updates/root/missing-decompressor", test_missing_decompressor);
  g_test_add_func ("/updates/root/flatpak-unknown", test_flatpak_unknown);
  g_test_add_func ("/updates/root/damaged-dpkg", test_damaged_dpkg);
  g_test_add_func ("/updates/root/no-security-origin", test_auto_updates_without_security_origin);
  g_test_add_func ("/updates/cli", test_cli);

  return g_test_run ();
}
