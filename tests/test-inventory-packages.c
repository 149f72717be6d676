/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory/antam-inventory.h"
#include "antam-test-root.h"

#define RPM_QUERY_FORMAT "%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n"
#define USER_FLATPAK "home/lan/.local/share/flatpak"

/* ---- helpers ---------------------------------------------------------- */

/* Not inlined: GCC 12 at -O3 then takes the returned text for a pointer
 * into this frame (a false -Wdangling-pointer in the callers). */
G_NO_INLINE static char *
load_fixture (const char *name,
              gsize      *length)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "packages", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
make_root (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("antam-packages-XXXXXX", &error);
  g_autofree char *home = NULL;

  g_assert_no_error (error);
  home = g_build_filename (root, "home", "lan", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  return root;
}

static AntamSysroot *
sysroot_for (const char *root)
{
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(GError) error = NULL;
  AntamSysroot *sysroot = antam_sysroot_new (root, home, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (antam_sysroot_get_data_home (sysroot), ==, "/home/lan/.local/share");
  return sysroot;
}

static void
make_dir (const char *root,
          const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);

  g_assert_cmpint (g_mkdir_with_parents (full, 0755), ==, 0);
}

static void
make_link (const char *root,
           const char *path,
           const char *target)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, full), ==, 0);
}

static AntamPackage *
find_package (GPtrArray  *packages,
              const char *name)
{
  for (guint i = 0; i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      if (g_str_equal (package->name, name))
        return package;
    }
  return NULL;
}

static void
assert_package (GPtrArray  *packages,
                const char *name,
                const char *version,
                const char *arch,
                const char *state,
                gboolean    installed)
{
  AntamPackage *package = find_package (packages, name);

  g_assert_nonnull (package);
  g_assert_cmpstr (package->version, ==, version);
  g_assert_cmpstr (package->arch, ==, arch);
  g_assert_cmpstr (package->state, ==, state);
  g_assert_cmpint (package->installed, ==, installed);
}

static void
assert_all_sources (GPtrArray  *packages,
                    const char *source)
{
  for (guint i = 0; i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      g_assert_cmpstr (package->source, ==, source);
      g_assert_true (g_utf8_validate (package->name, -1, NULL));
      g_assert_true (package->version == NULL || g_utf8_validate (package->version, -1, NULL));
    }
}

/* ---- dpkg ------------------------------------------------------------- */

static void
assert_debian_fixture (GPtrArray *packages)
{
  g_assert_cmpuint (packages->len, ==, 5);
  assert_all_sources (packages, "deb");
  assert_package (packages, "base-files", "12.4+deb12u11", "amd64", "installed", TRUE);
  assert_package (packages, "libc6", "2.36-9+deb12u14", "amd64", "installed", TRUE);
  assert_package (packages, "openssh-client", "1:9.2p1-2+deb12u6", "amd64", "installed", TRUE);
  /* Removed, only its configuration left: not installed. */
  assert_package (packages, "teams", "1.5.00.23861", "amd64", "config-files", FALSE);
  assert_package (packages, "zoom", "6.2.11.5069", "amd64", "installed", TRUE);
  g_assert_cmpstr (((AntamPackage *) g_ptr_array_index (packages, 4))->name, ==, "zoom");
}

static void
test_dpkg_parse (void)
{
  gsize length = 0;
  g_autofree char *text = load_fixture ("dpkg-status", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = antam_dpkg_parse_status (text, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (packages);
  assert_debian_fixture (packages);
}

static void
test_dpkg_parse_crlf (void)
{
  gsize length = 0;
  g_autofree char *text = load_fixture ("dpkg-status-crlf", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;

  g_assert_nonnull (strstr (text, "\r\n"));
  packages = antam_dpkg_parse_status (text, length, &error);
  g_assert_no_error (error);
  assert_debian_fixture (packages);
}

static void
test_dpkg_parse_truncated (void)
{
  gsize length = 0;
  g_autofree char *text = load_fixture ("dpkg-status-truncated", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GPtrArray) shorter = NULL;
  const char *cut;

  g_assert_cmpint (text[length - 1], !=, '\n');
  packages = antam_dpkg_parse_status (text, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (packages->len, ==, 5);
  /* The cut fell in zoom's Depends: what came before it counts. */
  assert_package (packages, "zoom", "6.2.11.5069", "amd64", "installed", TRUE);

  /* Cut again, inside the Version line, without a terminating NUL. */
  cut = strstr (text, "Version: 6.2");
  g_assert_nonnull (cut);
  shorter = antam_dpkg_parse_status (text, (gsize) (cut - text) + strlen ("Version: 6.2"), &error);
  g_assert_no_error (error);
  assert_package (shorter, "zoom", "6.2", "amd64", "installed", TRUE);

  g_clear_pointer (&shorter, g_ptr_array_unref);
  cut = strstr (strstr (text, "Package: zoom"), "Archit");
  shorter = antam_dpkg_parse_status (text, (gsize) (cut - text) + strlen ("Archit"), &error);
  g_assert_no_error (error);
  assert_package (shorter, "zoom", NULL, NULL, "installed", TRUE);
}

static void
test_dpkg_parse_garbage (void)
{
  gsize length = 0;
  g_autofree char *text = load_fixture ("dpkg-status-garbage", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = antam_dpkg_parse_status (text, length, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (packages->len, ==, 8);
  assert_all_sources (packages, "deb");

  /* Each invalid byte becomes U+FFFD. */
  assert_package (packages, "nl-\xef\xbf\xbd\xef\xbf\xbd-broken", "2.0-\xef\xbf\xbd",
                  "amd64", "unpacked", TRUE);
  /* Continuation lines that look like fields are not fields. */
  assert_package (packages, "half", NULL, NULL, "half-configured", TRUE);
  g_assert_null (find_package (packages, "not-a-package"));
  assert_package (packages, "lower-case-fields", "0.1", NULL, "triggers-pending", TRUE);
  assert_package (packages, "no-status", "4.0", NULL, NULL, FALSE);
  assert_package (packages, "short-status", NULL, NULL, NULL, FALSE);
  assert_package (packages, "gone", NULL, NULL, "not-installed", FALSE);
  assert_package (packages, "dup", "5.0", NULL, "half-installed", TRUE);
  assert_package (packages, "nul-inside", "7\xef\xbf\xbd.0", NULL, "installed", TRUE);
}

static void
test_dpkg_parse_edge_cases (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) empty = antam_dpkg_parse_status ("", 0, &error);
  g_autoptr(GPtrArray) blank = NULL;
  g_autoptr(GPtrArray) too_big = NULL;
  g_autoptr(GPtrArray) states = NULL;
  const char *text = "Package: a\nStatus: install ok triggers-awaited\n\n"
                     "Package: b\nStatus: install ok half-installed\n\n"
                     "Package: c\nStatus: deinstall ok config-files\n\n"
                     "Package: d\nStatus: install ok not-installed\n";

  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);

  blank = antam_dpkg_parse_status ("\n\n\r\n \n", 6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blank->len, ==, 0);

  states = antam_dpkg_parse_status (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (states->len, ==, 4);
  assert_package (states, "a", NULL, NULL, "triggers-awaited", TRUE);
  assert_package (states, "b", NULL, NULL, "half-installed", TRUE);
  assert_package (states, "c", NULL, NULL, "config-files", FALSE);
  assert_package (states, "d", NULL, NULL, "not-installed", FALSE);

  /* Refused on the length alone, before a byte is read: the short buffer
   * is never touched past its end. */
  too_big = antam_dpkg_parse_status ("Package: x\n", (gsize) ANTAM_INVENTORY_MAX_FILE_SIZE + 1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_null (too_big);
}

static void
test_dpkg_read (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  gsize length = 0;
  g_autofree char *text = load_fixture ("dpkg-status", &length);

  sysroot = sysroot_for (root);

  /* No dpkg database: an rpm system, or not Linux at all. */
  packages = antam_inventory_read_dpkg (sysroot, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (packages);
  g_clear_error (&error);

  antam_test_write_bytes (root, "var/lib/dpkg/status", text, (gssize) length);
  packages = antam_inventory_read_dpkg (sysroot, NULL, &error);
  g_assert_no_error (error);
  assert_debian_fixture (packages);

  antam_test_remove_root (root);
}

static void
test_dpkg_read_strange (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *status = g_build_filename (root, "var", "lib", "dpkg", "status", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  int fd;

  sysroot = sysroot_for (root);

  /* A sparse file larger than the bound: refused without being read. */
  make_dir (root, "var/lib/dpkg");
  fd = g_open (status, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) ANTAM_INVENTORY_MAX_FILE_SIZE + 1), ==, 0);
  g_close (fd, NULL);
  packages = antam_inventory_read_dpkg (sysroot, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_null (packages);
  g_clear_error (&error);

  /* A symlink loop instead of the file. */
  g_assert_cmpint (g_unlink (status), ==, 0);
  make_link (root, "var/lib/dpkg/status", "status");
  packages = antam_inventory_read_dpkg (sysroot, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_null (packages);
  g_clear_error (&error);

  /* A directory. */
  g_assert_cmpint (g_unlink (status), ==, 0);
  make_dir (root, "var/lib/dpkg/status");
  packages = antam_inventory_read_dpkg (sysroot, NULL, &error);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  g_assert_null (packages);

  antam_test_remove_root (root);
}

/* Damage is reported, naming the file and where it starts, and the
 * packages before it (and around it) are kept. */
static void
test_dpkg_read_damage (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = sysroot_for (root);
  g_autoptr(GError) damage = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *text = NULL;
  g_autofree char *garbage = NULL;
  g_autoptr(GString) appended = NULL;
  g_autofree char *status_path = antam_test_root_path (root, "var/lib/dpkg/status");
  gsize length = 0;

  /* A whole file: no damage. */
  whole = load_fixture ("dpkg-status", &length);
  antam_test_write_bytes (root, "var/lib/dpkg/status", whole, (gssize) length);
  packages = antam_inventory_read_dpkg (sysroot, &damage, &error);
  g_assert_no_error (error);
  g_assert_no_error (damage);
  g_clear_pointer (&packages, g_ptr_array_unref);

  /* Cut in the middle of zoom's Depends line. */
  text = load_fixture ("dpkg-status-truncated", &length);
  antam_test_write_bytes (root, "var/lib/dpkg/status", text, (gssize) length);
  packages = antam_inventory_read_dpkg (sysroot, &damage, &error);
  g_assert_no_error (error);
  g_assert_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_cmpstr (damage->message, ==,
                   "The list of installed Debian packages (/var/lib/dpkg/status) is cut short after "
                   "the package “teams”: the packages after it are missing from it.");
  g_assert_cmpuint (packages->len, ==, 5);
  assert_package (packages, "zoom", "6.2.11.5069", "amd64", "installed", TRUE);
  g_clear_error (&damage);
  g_clear_pointer (&packages, g_ptr_array_unref);

  /* Junk from the first line on. */
  garbage = load_fixture ("dpkg-status-garbage", &length);
  antam_test_write_bytes (root, "var/lib/dpkg/status", garbage, (gssize) length);
  packages = antam_inventory_read_dpkg (sysroot, &damage, &error);
  g_assert_no_error (error);
  g_assert_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_nonnull (strstr (damage->message, "/var/lib/dpkg/status) is damaged at its start"));
  g_assert_cmpuint (packages->len, ==, 8);
  g_clear_error (&damage);
  g_clear_pointer (&packages, g_ptr_array_unref);

  /* Garbage after valid stanzas, each line ended: the packages before it stay. */
  appended = g_string_new (whole);
  g_string_append (appended, "\x01\x02 this is not a field\nPackage: half\nStatus: install ok inst\n");
  antam_test_write_bytes (root, "var/lib/dpkg/status", appended->str, (gssize) appended->len);
  packages = antam_inventory_read_dpkg (sysroot, &damage, &error);
  g_assert_no_error (error);
  g_assert_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_nonnull (strstr (damage->message, "is damaged after the package “"));
  g_assert_nonnull (find_package (packages, "zoom"));
  g_clear_error (&damage);
  g_clear_pointer (&packages, g_ptr_array_unref);

  /* A stanza cut at a line's end: installed, but no version. */
  g_string_assign (appended, whole);
  g_string_append (appended, "Package: unattended-upgrades\nStatus: install ok installed\n");
  antam_test_write_bytes (root, "var/lib/dpkg/status", appended->str, (gssize) appended->len);
  packages = antam_inventory_read_dpkg (sysroot, &damage, &error);
  g_assert_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_clear_error (&damage);
  g_clear_pointer (&packages, g_ptr_array_unref);

  /* dpkg's folder without its status file: missing, not "not Debian". */
  g_assert_cmpint (g_unlink (status_path), ==, 0);
  packages = antam_inventory_read_dpkg (sysroot, &damage, &error);
  g_assert_null (packages);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/var/lib/dpkg/status) is missing"));

  antam_test_remove_root (root);
}

static void
assert_same_packages (GPtrArray *packages,
                      GPtrArray *expected)
{
  g_assert_cmpuint (packages->len, ==, expected->len);
  for (guint i = 0; i < packages->len; i++)
    {
      AntamPackage *package = g_ptr_array_index (packages, i);
      AntamPackage *other = g_ptr_array_index (expected, i);

      g_assert_cmpstr (package->name, ==, other->name);
      g_assert_cmpstr (package->version, ==, other->version);
      g_assert_cmpstr (package->arch, ==, other->arch);
      g_assert_cmpstr (package->state, ==, other->state);
      g_assert_cmpstr (package->source, ==, other->source);
      g_assert_cmpint (package->installed, ==, other->installed);
    }
}

/* The reader parses the file as it comes, a part at a time: stanzas, lines
 * and CRLFs cut by the end of a part give what the whole text gives. */
static void
test_dpkg_read_large (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GPtrArray) expected = NULL;

  for (guint i = 0; i < 3000; i++)
    {
      const char *eol = i % 7 == 0 ? "\r\n" : "\n";

      g_string_append_printf (text, "Package: pkg%u%s", i, eol);
      g_string_append_printf (text, "Status: install ok %s%s",
                              i % 5 == 0 ? "config-files" : "installed", eol);
      g_string_append_printf (text, "Description: package %u%s", i, eol);
      for (guint j = 0; j < i % 9; j++)
        g_string_append_printf (text, " more about it, line %u%s", j, eol);
      /* One stanza larger than a part. */
      if (i == 1000)
        for (guint j = 0; j < 5000; j++)
          g_string_append_printf (text, " a long description, line %u\n", j);
      g_string_append_printf (text, "Version: %u.0%s%s", i, i % 11 == 0 ? "-\xff" : "", eol);
      g_string_append_printf (text, "Architecture: amd64%s", eol);
      g_string_append (text, i % 13 == 0 ? " \t\n\n" : eol);
    }
  /* No final newline. */
  g_string_append (text, "Package: last\nStatus: install ok unpacked\nVersion: 9");
  g_assert_cmpuint (text->len, >, 512 * 1024);

  antam_test_write_bytes (root, "var/lib/dpkg/status", text->str, (gssize) text->len);
  sysroot = sysroot_for (root);
  packages = antam_inventory_read_dpkg (sysroot, NULL, &error);
  g_assert_no_error (error);
  expected = antam_dpkg_parse_status (text->str, text->len, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (packages->len, ==, 3001);
  assert_same_packages (packages, expected);
  assert_all_sources (packages, "deb");
  assert_package (packages, "pkg1000", "1000.0", "amd64", "config-files", FALSE);
  assert_package (packages, "pkg2999", "2999.0", "amd64", "installed", TRUE);
  /* Each invalid byte becomes U+FFFD. */
  assert_package (packages, "pkg11", "11.0-\xef\xbf\xbd", "amd64", "installed", TRUE);
  assert_package (packages, "last", "9", NULL, "unpacked", TRUE);

  antam_test_remove_root (root);
}

static void
test_package_new (void)
{
  g_autoptr(AntamPackage) package = NULL;
  g_autoptr(AntamPackage) repaired = NULL;
  const char *source = "deb";

  /* Texts need no NUL; the empty ones are none. */
  package = antam_package_new (source, "zoom-and-more", 4, "6.2", 3, "", 0, NULL, 0, TRUE);
  g_assert_cmpstr (package->name, ==, "zoom");
  g_assert_cmpstr (package->version, ==, "6.2");
  g_assert_null (package->arch);
  g_assert_null (package->state);
  g_assert_true (package->source == source);
  g_assert_true (package->installed);

  /* Each invalid byte, an embedded NUL too, becomes U+FFFD. */
  repaired = antam_package_new ("rpm", "caf\xe9", 4, "1\0002", 3, "x86_64", 6,
                                "inst\xc3", 5, FALSE);
  g_assert_cmpstr (repaired->name, ==, "caf\xef\xbf\xbd");
  g_assert_cmpstr (repaired->version, ==, "1\xef\xbf\xbd" "2");
  g_assert_cmpstr (repaired->arch, ==, "x86_64");
  g_assert_cmpstr (repaired->state, ==, "inst\xef\xbf\xbd");
  g_assert_cmpstr (repaired->source, ==, "rpm");
  g_assert_false (repaired->installed);
}

/* ---- rpm -------------------------------------------------------------- */

static void
test_rpm_parse (void)
{
  g_autofree char *text = load_fixture ("rpm-qa.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = antam_rpm_parse_query (text, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (packages->len, ==, 7);
  assert_all_sources (packages, "rpm");
  assert_package (packages, "bash", "5.2.26-3.fc40", "x86_64", "installed", TRUE);
  assert_package (packages, "glibc", "2.39-22.fc40", "x86_64", "installed", TRUE);
  assert_package (packages, "openssh-clients", "9.6p1-1.fc40.4", "x86_64", "installed", TRUE);
  /* A real epoch stays. */
  assert_package (packages, "perl-Time-Local", "2:1.350-5.fc40", "noarch", "installed", TRUE);
  assert_package (packages, "gpg-pubkey", "a15b79cc-63d04c2c", NULL, "installed", TRUE);
  assert_package (packages, "zoom", "6.2.11.5069-1", "x86_64", "installed", TRUE);
  assert_package (packages, "firefox", "133.0-1.fc40", "x86_64", "installed", TRUE);
  g_assert_null (find_package (packages, "onlyname"));
  g_assert_null (find_package (packages, "toomany"));
}

static void
test_rpm_parse_edge_cases (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) empty = antam_rpm_parse_query ("", &error);
  g_autoptr(GPtrArray) odd = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);

  odd = antam_rpm_parse_query ("caf\xe9\t(none):1.0-1\tx86_64\r\n"
                               "\t0:1-1\tx86_64\n"
                               "zoom\t0:6.2.11.5069-1\tx86_64", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (odd->len, ==, 2);
  assert_package (odd, "caf\xef\xbf\xbd", "1.0-1", "x86_64", "installed", TRUE);
  /* No final newline: the last line still counts. */
  assert_package (odd, "zoom", "6.2.11.5069-1", "x86_64", "installed", TRUE);
}

static void
test_rpm_parse_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;

  packages = antam_rpm_parse_query (" spaced \t 0:1.0-1 \t noarch \n"
                                    "noversion\t0:\tx86_64\n"
                                    "noneversion\t(none)\t(none)\n"
                                    "(none)\t0:1-1\tx86_64\n"
                                    "epoch\t10:2-3\tx86_64\n"
                                    "badarch\t0:1-1\t\xff\xfe\n"
                                    "two\ttabs\n"
                                    "\n"
                                    "last\t0:1-1\t", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (packages->len, ==, 6);
  assert_all_sources (packages, "rpm");
  assert_package (packages, "spaced", "1.0-1", "noarch", "installed", TRUE);
  assert_package (packages, "noversion", NULL, "x86_64", "installed", TRUE);
  assert_package (packages, "noneversion", NULL, NULL, "installed", TRUE);
  assert_package (packages, "epoch", "10:2-3", "x86_64", "installed", TRUE);
  assert_package (packages, "badarch", "1-1", "\xef\xbf\xbd\xef\xbf\xbd", "installed", TRUE);
  assert_package (packages, "last", "1-1", NULL, "installed", TRUE);
  g_assert_null (find_package (packages, "(none)"));
  g_assert_null (find_package (packages, "two"));
}

typedef struct {
  GPtrArray  *calls;     /* GStrv of every argv received */
  const char *output;
  int         exit_status;
  gboolean    fail;
} FakeRunner;

static gboolean
fake_run (const char * const  *argv,
          guint                timeout_ms,
          char               **stdout_text,
          int                 *exit_status,
          gpointer             user_data,
          GError             **error)
{
  FakeRunner *runner = user_data;

  g_ptr_array_add (runner->calls, g_strdupv ((char **) argv));
  g_assert_cmpuint (timeout_ms, >, 0);
  if (runner->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "rpm did not answer");
      return FALSE;
    }
  if (stdout_text)
    *stdout_text = g_strdup (runner->output);
  if (exit_status)
    *exit_status = runner->exit_status;
  return TRUE;
}

static void
test_rpm_read (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *bin = g_build_filename (root, "host-bin", NULL);
  g_autofree char *fake_rpm = g_build_filename (bin, "rpm", NULL);
  g_autofree char *rpm_dir = g_build_filename (root, "var", "lib", "rpm", NULL);
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *text = load_fixture ("rpm-qa.txt", NULL);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  FakeRunner runner = { calls, text, 0, FALSE };
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  char **argv;

  sysroot = sysroot_for (root);
  antam_sysroot_set_runner (sysroot, fake_run, &runner, NULL);

  /* rpm is found on the host's PATH; this one must never run. */
  antam_test_write (root, "host-bin/rpm", "#!/bin/sh\nexit 99\n");
  g_assert_cmpint (g_chmod (fake_rpm, 0755), ==, 0);
  g_setenv ("PATH", bin, TRUE);

  /* No database, even with rpm installed (Debian's rpm package). */
  make_dir (root, "var/lib/rpm");
  packages = antam_inventory_read_rpm (sysroot, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (packages);
  g_assert_cmpuint (calls->len, ==, 0);
  g_clear_error (&error);

  /* Fedora's layout: the classic dir links to the new one. */
  g_assert_cmpint (g_rmdir (rpm_dir), ==, 0);
  antam_test_write (root, "usr/lib/sysimage/rpm/rpmdb.sqlite", "SQLite format 3");
  make_link (root, "var/lib/rpm", "../../usr/lib/sysimage/rpm");

  packages = antam_inventory_read_rpm (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (packages->len, ==, 7);
  assert_package (packages, "zoom", "6.2.11.5069-1", "x86_64", "installed", TRUE);

  /* The root's own database, where its links lead inside the root: the
   * host's rpm would look for its own default there. */
  g_assert_cmpuint (calls->len, ==, 1);
  argv = g_ptr_array_index (calls, 0);
  g_assert_cmpuint (g_strv_length (argv), ==, 8);
  g_assert_cmpstr (argv[0], ==, fake_rpm);
  g_assert_cmpstr (argv[1], ==, "--root");
  g_assert_cmpstr (argv[2], ==, root);
  g_assert_cmpstr (argv[3], ==, "--dbpath");
  g_assert_cmpstr (argv[4], ==, "/usr/lib/sysimage/rpm");
  g_assert_cmpstr (argv[5], ==, "-qa");
  g_assert_cmpstr (argv[6], ==, "--queryformat");
  g_assert_cmpstr (argv[7], ==, RPM_QUERY_FORMAT);
  g_clear_pointer (&packages, g_ptr_array_unref);

  /* rpm ran but failed. */
  runner.exit_status = 1;
  packages = antam_inventory_read_rpm (sysroot, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (packages);
  g_clear_error (&error);

  /* rpm could not be run at all. */
  runner.fail = TRUE;
  packages = antam_inventory_read_rpm (sysroot, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (packages);
  g_clear_error (&error);
  g_assert_cmpuint (calls->len, ==, 3);

  /* A database but no rpm program. */
  runner.fail = FALSE;
  g_setenv ("PATH", root, TRUE);
  packages = antam_inventory_read_rpm (sysroot, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (packages);
  g_assert_cmpuint (calls->len, ==, 3);

  g_setenv ("PATH", saved_path, TRUE);
  antam_sysroot_set_runner (sysroot, NULL, NULL, NULL);
  antam_test_remove_root (root);
}

/* A real rpm database in a root, in each place distributions keep it,
 * read by the real rpm: the vendor's Zoom package with its version. */
static void
test_rpm_real_root (gconstpointer data)
{
  const char *dbpath = data;
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = sysroot_for (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GHashTable) owned = NULL;
  const char *paths[] = { "/opt/zoom/zoom", "/opt/handmade/run", NULL };

  if (!antam_test_install_rpm (root, dbpath, "zoom", "6.2.11.5069", "/opt/zoom/zoom"))
    {
      antam_test_remove_root (root);
      return;
    }
  /* Fedora's classic path is a link to the new one. */
  if (g_str_equal (dbpath, "/usr/lib/sysimage/rpm"))
    make_link (root, "var/lib/rpm", "../../usr/lib/sysimage/rpm");
  antam_test_write (root, "opt/handmade/run", "#!/bin/sh\n");

  packages = antam_inventory_read_rpm (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (packages->len, ==, 1);
  assert_package (packages, "zoom", "6.2.11.5069-1", "x86_64", "installed", TRUE);

  owned = antam_rpm_find_owned (sysroot, paths, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (owned, "/opt/zoom/zoom"));
  g_assert_false (g_hash_table_contains (owned, "/opt/handmade/run"));

  antam_test_remove_root (root);
}

/* ---- flatpak ---------------------------------------------------------- */

typedef struct {
  const char *id;
  const char *arch;
  const char *branch;
  const char *deploy_origin;     /* NULL: garbage deploy file */
  const char *appdata_version;   /* in the deploy data, or NULL */
  const char *metainfo_path;     /* under the deploy dir, or NULL */
  const char *metainfo;
  const char *ref_remote;        /* repo/refs/remotes/REMOTE/app/..., or NULL */
  gboolean    runtime;
} FakeApp;

static char *
fake_commit (const char *id)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);
}

/* The layout flatpak itself writes: app/ID/current -> ARCH/BRANCH,
 * app/ID/ARCH/BRANCH/active -> COMMIT, and the deploy dir COMMIT. */
static void
add_flatpak_app (const char    *root,
                 const char    *install,
                 const FakeApp *app)
{
  g_autofree char *commit = fake_commit (app->id);
  g_autofree char *id_dir = g_build_filename (install, app->runtime ? "runtime" : "app", app->id, NULL);
  g_autofree char *branch_dir = g_build_filename (id_dir, app->arch, app->branch, NULL);
  g_autofree char *deploy = g_build_filename (branch_dir, commit, NULL);
  g_autofree char *current = g_build_filename (id_dir, "current", NULL);
  g_autofree char *current_target = g_build_filename (app->arch, app->branch, NULL);
  g_autofree char *active = g_build_filename (branch_dir, "active", NULL);
  g_autofree char *deploy_file = g_build_filename (deploy, "deploy", NULL);
  g_autofree char *metadata_file = g_build_filename (deploy, "metadata", NULL);
  g_autofree char *metadata = NULL;

  g_autofree char *current_host = g_build_filename (root, current, NULL);

  make_dir (root, deploy);
  /* A second branch of the same app leaves "current" as it was. */
  if (!g_file_test (current_host, G_FILE_TEST_IS_SYMLINK))
    make_link (root, current, current_target);
  make_link (root, active, commit);

  if (app->deploy_origin != NULL)
    {
      g_auto(GVariantBuilder) meta = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
      const char * const subpaths[] = { NULL };
      g_autoptr(GVariant) data = NULL;

      g_variant_builder_add (&meta, "{sv}", "deploy-version", g_variant_new_int32 (4));
      g_variant_builder_add (&meta, "{sv}", "timestamp",
                             g_variant_new_uint64 (GUINT64_TO_BE (1731920000)));
      if (app->appdata_version != NULL)
        g_variant_builder_add (&meta, "{sv}", "appdata-version",
                               g_variant_new_string (app->appdata_version));
      g_variant_builder_add (&meta, "{sv}", "appdata-license",
                             g_variant_new_string ("LicenseRef-proprietary"));
      data = g_variant_ref_sink (g_variant_new ("(ss^ast@a{sv})", app->deploy_origin, commit,
                                                subpaths, GUINT64_TO_BE (872463000),
                                                g_variant_builder_end (&meta)));
      g_assert_true (g_variant_is_normal_form (data));
      antam_test_write_bytes (root, deploy_file, g_variant_get_data (data), (gssize) g_variant_get_size (data));
    }
  else
    antam_test_write_bytes (root, deploy_file, "\xff\x00garbage\x01(ssasta{sv})\x00\x00\x00\x07", 26);

  metadata = g_strdup_printf ("[Application]\nname=%s\nruntime=org.freedesktop.Platform/%s/23.08\n"
                              "command=%s\n", app->id, app->arch, app->id);
  antam_test_write (root, metadata_file, metadata);

  if (app->metainfo_path != NULL)
    {
      g_autofree char *path = g_build_filename (deploy, app->metainfo_path, NULL);
      antam_test_write (root, path, app->metainfo);
    }

  if (app->ref_remote != NULL)
    {
      g_autofree char *ref = g_build_filename (install, "repo", "refs", "remotes", app->ref_remote,
                                               "app", app->id, app->arch, app->branch, NULL);
      antam_test_write (root, ref, commit);
    }
}

static const char zoom_metainfo[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<!-- Copyright 2024 Zoom Video Communications, Inc. -->\n"
  "<component type=\"desktop-application\">\n"
  "  <id>us.zoom.Zoom</id>\n"
  "  <name>Zoom</name>\n"
  "  <summary>Video Conferencing, Web Conferencing, Webinars, Screen Sharing</summary>\n"
  "  <releases>\n"
  "    <release version=\"6.2.11.5069\" date=\"2024-11-18\"/>\n"
  "    <release version=\"6.2.10.4983\" date=\"2024-11-04\"/>\n"
  "  </releases>\n"
  "</component>\n";

static const char firefox_metainfo[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<component type=\"desktop-application\">\n"
  "  <id>org.mozilla.firefox</id>\n"
  "  <name>Firefox</name>\n"
  "  <description>\n"
  "    <p>Every <release version=\"0.0\"/> here is prose, not a release.</p>\n"
  "  </description>\n"
  "  <releases>\n"
  "    <release type=\"stable\" date=\"2024-11-26\" version=\"133.0\"/>\n"
  "    <release version=\"132.0.2\" date=\"2024-11-12\"/>\n"
  "  </releases>\n"
  "</component>\n";

static const FakeApp zoom_app = {
  "us.zoom.Zoom", "x86_64", "stable", "flathub", "6.2.11.5069",
  "files/share/metainfo/us.zoom.Zoom.metainfo.xml", zoom_metainfo, "flathub",
};

/* An older deployment: garbage deploy data, the origin only in the
 * installation's refs, the version only in the appdata file. */
static const FakeApp firefox_app = {
  "org.mozilla.firefox", "x86_64", "stable", NULL, NULL,
  "files/share/appdata/org.mozilla.firefox.appdata.xml", firefox_metainfo, "flathub",
};

static void
build_flatpak_trees (const char *root)
{
  FakeApp runtime = { "org.freedesktop.Platform", "x86_64", "23.08", "flathub", NULL, NULL, NULL,
                      "flathub", TRUE };
  g_autofree char *user_current = NULL;

  add_flatpak_app (root, "var/lib/flatpak", &zoom_app);
  /* Runtimes live beside apps and are not apps. */
  add_flatpak_app (root, "var/lib/flatpak", &runtime);
  /* Fetched, never deployed: no "active". */
  make_dir (root, "var/lib/flatpak/app/org.example.NotDeployed/x86_64/stable");
  /* A stray file among the apps. */
  antam_test_write (root, "var/lib/flatpak/app/.directory", "[Desktop Entry]\n");

  add_flatpak_app (root, USER_FLATPAK, &firefox_app);
  user_current = g_build_filename (root, USER_FLATPAK, "app", "org.mozilla.firefox", "current", NULL);
  g_assert_true (g_file_test (user_current, G_FILE_TEST_IS_SYMLINK));
}

static AntamFlatpak *
find_flatpak (GPtrArray  *apps,
              const char *id)
{
  for (guint i = 0; i < apps->len; i++)
    {
      AntamFlatpak *app = g_ptr_array_index (apps, i);
      if (g_str_equal (app->id, id))
        return app;
    }
  return NULL;
}

static void
assert_zoom_flatpak (AntamFlatpak *app)
{
  g_autofree char *commit = fake_commit ("us.zoom.Zoom");

  g_assert_nonnull (app);
  g_assert_cmpstr (app->id, ==, "us.zoom.Zoom");
  g_assert_cmpstr (app->arch, ==, "x86_64");
  g_assert_cmpstr (app->branch, ==, "stable");
  g_assert_cmpstr (app->origin, ==, "flathub");
  g_assert_cmpstr (app->commit, ==, commit);
  g_assert_cmpstr (app->version, ==, "6.2.11.5069");
  g_assert_cmpstr (app->installation, ==, "system");
  g_assert_cmpstr (app->location, ==, "/var/lib/flatpak/app/us.zoom.Zoom/x86_64/stable/active");
  /* The remote's ref, read for the app-updates check. */
  g_assert_cmpstr (app->latest_commit, ==, commit);
}

static void
assert_firefox_flatpak (AntamFlatpak *app)
{
  g_autofree char *commit = fake_commit ("org.mozilla.firefox");

  g_assert_nonnull (app);
  g_assert_cmpstr (app->id, ==, "org.mozilla.firefox");
  g_assert_cmpstr (app->arch, ==, "x86_64");
  g_assert_cmpstr (app->branch, ==, "stable");
  g_assert_cmpstr (app->origin, ==, "flathub");
  g_assert_cmpstr (app->commit, ==, commit);
  g_assert_cmpstr (app->version, ==, "133.0");
  g_assert_cmpstr (app->installation, ==, "user");
  g_assert_cmpstr (app->location, ==,
                   "/home/lan/.local/share/flatpak/app/org.mozilla.firefox/x86_64/stable/active");
  /* The ref that named the origin also gave the newest commit. */
  g_assert_cmpstr (app->latest_commit, ==, commit);
}

static void
test_flatpak_read (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;

  build_flatpak_trees (root);
  sysroot = sysroot_for (root);

  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 2);
  assert_zoom_flatpak (g_ptr_array_index (apps, 0));
  assert_firefox_flatpak (g_ptr_array_index (apps, 1));
  g_assert_null (find_flatpak (apps, "org.freedesktop.Platform"));
  g_assert_null (find_flatpak (apps, "org.example.NotDeployed"));

  antam_test_remove_root (root);
}

static void
test_flatpak_sources (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  /* Zoom's beta branch beside stable, from another remote, known by its
   * deploy data only; no version anywhere. */
  FakeApp beta = { "us.zoom.Zoom", "x86_64", "beta", "zoom-beta", NULL, NULL, NULL, NULL };
  /* The deploy data beats the refs for the origin; the metainfo gives
   * the version when the deploy data has none. */
  FakeApp firefox = { "org.mozilla.firefox", "aarch64", "stable", "fedora", NULL,
                      "files/share/metainfo/org.mozilla.firefox.metainfo.xml", firefox_metainfo,
                      "flathub" };
  AntamFlatpak *app;

  add_flatpak_app (root, "var/lib/flatpak", &zoom_app);
  add_flatpak_app (root, "var/lib/flatpak", &beta);
  add_flatpak_app (root, USER_FLATPAK, &firefox);

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 3);

  app = g_ptr_array_index (apps, 0);
  g_assert_cmpstr (app->id, ==, "us.zoom.Zoom");
  g_assert_cmpstr (app->branch, ==, "beta");
  g_assert_cmpstr (app->origin, ==, "zoom-beta");
  g_assert_null (app->version);
  g_assert_null (app->latest_commit);
  g_assert_cmpstr (app->location, ==, "/var/lib/flatpak/app/us.zoom.Zoom/x86_64/beta/active");
  assert_zoom_flatpak (g_ptr_array_index (apps, 1));

  app = g_ptr_array_index (apps, 2);
  g_assert_cmpstr (app->id, ==, "org.mozilla.firefox");
  g_assert_cmpstr (app->arch, ==, "aarch64");
  g_assert_cmpstr (app->origin, ==, "fedora");
  g_assert_cmpstr (app->version, ==, "133.0");
  g_assert_cmpstr (app->installation, ==, "user");
  /* Its ref is flathub's, not its origin's: nothing to compare with. */
  g_assert_null (app->latest_commit);

  antam_test_remove_root (root);
}

/* The reader trusts "current" only as far as the dirs agree with it: a
 * second arch beside it, and a "current" naming an arch that is gone,
 * must both be read as a listing would. */
static void
test_flatpak_current_link (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *stale = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  FakeApp zoom_i386 = zoom_app;
  FakeApp firefox_aarch64 = firefox_app;
  AntamFlatpak *app;

  zoom_i386.arch = "i386";
  firefox_aarch64.arch = "aarch64";
  add_flatpak_app (root, "var/lib/flatpak", &zoom_app);
  add_flatpak_app (root, "var/lib/flatpak", &zoom_i386);
  add_flatpak_app (root, "var/lib/flatpak", &firefox_aarch64);
  stale = g_build_filename (root, "var/lib/flatpak/app/org.mozilla.firefox/current", NULL);
  g_assert_cmpint (unlink (stale), ==, 0);
  make_link (root, "var/lib/flatpak/app/org.mozilla.firefox/current", "x86_64/stable");

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 3);

  app = g_ptr_array_index (apps, 0);
  g_assert_cmpstr (app->id, ==, "org.mozilla.firefox");
  g_assert_cmpstr (app->arch, ==, "aarch64");
  app = g_ptr_array_index (apps, 1);
  g_assert_cmpstr (app->id, ==, "us.zoom.Zoom");
  g_assert_cmpstr (app->arch, ==, "i386");
  assert_zoom_flatpak (g_ptr_array_index (apps, 2));

  antam_test_remove_root (root);
}

/* One arch with one branch is read without listing either, when opening
 * the ARCH/BRANCH that "current" names, following no link, succeeds; every
 * other layout is listed, and "active" decides what is deployed. */
static void
test_flatpak_current_branch (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *path = NULL;
  g_autofree char *plain_commit = fake_commit ("org.example.Plain");
  g_autofree char *plain_deploy = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  FakeApp gone = { "org.example.Gone", "x86_64", "beta", "flathub", NULL, NULL, NULL, NULL };
  FakeApp linked = { "org.example.Linked", "x86_64", "old", "flathub", NULL, NULL, NULL, NULL };
  FakeApp plain = { "org.example.Plain", "x86_64", "stable", "flathub", "2.0", NULL, NULL, NULL };
  AntamFlatpak *app;

  /* "current" names a branch that is gone; the one left is read. */
  add_flatpak_app (root, "var/lib/flatpak", &gone);
  path = g_build_filename (root, "var/lib/flatpak/app/org.example.Gone/current", NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  make_link (root, "var/lib/flatpak/app/org.example.Gone/current", "x86_64/stable");

  /* "current" names a link to the arch's only dir: both names are read,
   * as a listing reads them. */
  add_flatpak_app (root, "var/lib/flatpak", &linked);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root, "var/lib/flatpak/app/org.example.Linked/current", NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  make_link (root, "var/lib/flatpak/app/org.example.Linked/current", "x86_64/stable");
  make_link (root, "var/lib/flatpak/app/org.example.Linked/x86_64/stable", "old");

  /* "active" missing, or dangling: not deployed. */
  make_dir (root, "var/lib/flatpak/app/org.example.Undeployed/x86_64/stable");
  make_link (root, "var/lib/flatpak/app/org.example.Undeployed/current", "x86_64/stable");
  make_link (root, "var/lib/flatpak/app/org.example.Dangling/current", "x86_64/stable");
  make_link (root, "var/lib/flatpak/app/org.example.Dangling/x86_64/stable/active", plain_commit);

  /* "active" a dir rather than a link: the commit comes from the deploy data. */
  add_flatpak_app (root, "var/lib/flatpak", &plain);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (root, "var/lib/flatpak/app/org.example.Plain/x86_64/stable/active", NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  plain_deploy = g_build_filename (root, "var/lib/flatpak/app/org.example.Plain/x86_64/stable",
                                   plain_commit, NULL);
  g_assert_cmpint (g_rename (plain_deploy, path), ==, 0);

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 4);

  app = g_ptr_array_index (apps, 0);
  g_assert_cmpstr (app->id, ==, "org.example.Gone");
  g_assert_cmpstr (app->branch, ==, "beta");
  g_assert_cmpstr (app->origin, ==, "flathub");
  g_assert_cmpstr (app->location, ==, "/var/lib/flatpak/app/org.example.Gone/x86_64/beta/active");

  app = g_ptr_array_index (apps, 1);
  g_assert_cmpstr (app->id, ==, "org.example.Linked");
  g_assert_cmpstr (app->branch, ==, "old");
  g_assert_cmpstr (app->origin, ==, "flathub");
  app = g_ptr_array_index (apps, 2);
  g_assert_cmpstr (app->id, ==, "org.example.Linked");
  g_assert_cmpstr (app->branch, ==, "stable");
  g_assert_cmpstr (app->origin, ==, "flathub");
  g_assert_cmpstr (app->location, ==, "/var/lib/flatpak/app/org.example.Linked/x86_64/stable/active");

  app = g_ptr_array_index (apps, 3);
  g_assert_cmpstr (app->id, ==, "org.example.Plain");
  g_assert_cmpstr (app->commit, ==, plain_commit);
  g_assert_cmpstr (app->version, ==, "2.0");
  g_assert_cmpstr (app->location, ==, "/var/lib/flatpak/app/org.example.Plain/x86_64/stable/active");

  antam_test_remove_root (root);
}

/* Beside another arch, the arch "current" names is not listed either when
 * the branch it names is its only dir, even one that cannot be opened. */
static void
test_flatpak_current_arch (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *path = NULL;
  g_autofree char *locked = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  FakeApp arches_i386 = { "org.example.Arches", "i386", "stable", "flathub", NULL, NULL, NULL, NULL };
  FakeApp arches_beta = { "org.example.Arches", "x86_64", "beta", "flathub", NULL, NULL, NULL, NULL };
  FakeApp locked_i386 = { "org.example.Locked", "i386", "stable", "flathub", NULL, NULL, NULL, NULL };
  FakeApp locked_x86_64 = { "org.example.Locked", "x86_64", "stable", "fedora", NULL, NULL, NULL, NULL };
  AntamFlatpak *app;

  /* "current" names a branch that is gone. */
  add_flatpak_app (root, "var/lib/flatpak", &arches_i386);
  add_flatpak_app (root, "var/lib/flatpak", &arches_beta);
  path = g_build_filename (root, "var/lib/flatpak/app/org.example.Arches/current", NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  make_link (root, "var/lib/flatpak/app/org.example.Arches/current", "x86_64/stable");

  /* Searchable but not readable: not opened (unless by root), read through
   * the system view. */
  add_flatpak_app (root, "var/lib/flatpak", &locked_x86_64);
  add_flatpak_app (root, "var/lib/flatpak", &locked_i386);
  locked = g_build_filename (root, "var/lib/flatpak/app/org.example.Locked/x86_64/stable", NULL);
  g_assert_cmpint (g_chmod (locked, 0111), ==, 0);

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 4);

  app = g_ptr_array_index (apps, 0);
  g_assert_cmpstr (app->id, ==, "org.example.Arches");
  g_assert_cmpstr (app->arch, ==, "i386");
  app = g_ptr_array_index (apps, 1);
  g_assert_cmpstr (app->id, ==, "org.example.Arches");
  g_assert_cmpstr (app->arch, ==, "x86_64");
  g_assert_cmpstr (app->branch, ==, "beta");

  app = g_ptr_array_index (apps, 2);
  g_assert_cmpstr (app->id, ==, "org.example.Locked");
  g_assert_cmpstr (app->arch, ==, "i386");
  app = g_ptr_array_index (apps, 3);
  g_assert_cmpstr (app->id, ==, "org.example.Locked");
  g_assert_cmpstr (app->arch, ==, "x86_64");
  g_assert_cmpstr (app->origin, ==, "fedora");
  g_assert_nonnull (app->commit);
  g_assert_cmpstr (app->location, ==, "/var/lib/flatpak/app/org.example.Locked/x86_64/stable/active");

  g_assert_cmpint (g_chmod (locked, 0755), ==, 0);
  antam_test_remove_root (root);
}

static void
test_flatpak_missing (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = sysroot_for (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;

  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_nonnull (apps);
  g_assert_cmpuint (apps->len, ==, 0);
  g_clear_pointer (&apps, g_ptr_array_unref);

  /* Installed flatpak, nothing installed with it yet. */
  make_dir (root, "var/lib/flatpak/repo/refs/remotes");
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 0);

  antam_test_remove_root (root);
}

static void
test_flatpak_symlink_loops (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *app_dir = g_build_filename (root, "var", "lib", "flatpak", "app", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;

  add_flatpak_app (root, "var/lib/flatpak", &zoom_app);
  make_link (root, "var/lib/flatpak/app/org.example.Loop", "org.example.Loop");
  make_link (root, "var/lib/flatpak/app/org.example.Ping", "org.example.Pong");
  make_link (root, "var/lib/flatpak/app/org.example.Pong", "org.example.Ping");
  make_link (root, "var/lib/flatpak/app/org.example.Deep/x86_64/stable/active", "active");
  make_link (root, "var/lib/flatpak/app/org.example.Deep/current", "current");
  /* A link up the tree: bounded by the fixed depth, not followed forever. */
  make_link (root, "var/lib/flatpak/app/org.example.Up", "..");
  /* Absolute: must stay inside the root. */
  make_link (root, "var/lib/flatpak/app/org.example.Abs/x86_64/stable/active", "/");

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 2);
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 0))->id, ==, "org.example.Abs");
  g_assert_null (((AntamFlatpak *) g_ptr_array_index (apps, 0))->origin);
  g_assert_null (((AntamFlatpak *) g_ptr_array_index (apps, 0))->commit);
  assert_zoom_flatpak (g_ptr_array_index (apps, 1));
  g_clear_pointer (&apps, g_ptr_array_unref);

  /* The whole app dir is a loop: that installation cannot be read; the
   * user's still is. */
  antam_test_remove_root (app_dir);
  make_link (root, "var/lib/flatpak/app", "app");
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_null (apps);
  g_clear_error (&error);

  add_flatpak_app (root, USER_FLATPAK, &firefox_app);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 1);
  assert_firefox_flatpak (g_ptr_array_index (apps, 0));

  antam_test_remove_root (root);
}

static void
test_flatpak_unreadable (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *app_dir = g_build_filename (root, "var", "lib", "flatpak", "app", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  gboolean blocked;

  add_flatpak_app (root, "var/lib/flatpak", &zoom_app);
  sysroot = sysroot_for (root);

  g_assert_cmpint (g_chmod (app_dir, 0000), ==, 0);
  /* root (or CAP_DAC_OVERRIDE) reads through mode 000. */
  blocked = access (app_dir, R_OK) != 0;

  apps = antam_inventory_read_flatpaks (sysroot, &error);
  if (blocked)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_null (apps);
      g_clear_error (&error);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpuint (apps->len, ==, 1);
      g_clear_pointer (&apps, g_ptr_array_unref);
    }

  /* The other installation is still read. */
  add_flatpak_app (root, USER_FLATPAK, &firefox_app);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, blocked ? 1 : 2);
  assert_firefox_flatpak (g_ptr_array_index (apps, apps->len - 1));

  g_assert_cmpint (g_chmod (app_dir, 0755), ==, 0);
  antam_test_remove_root (root);

  if (!blocked)
    g_test_skip ("Running with permission to read a mode-000 folder (root?): "
                 "the unreadable-installation error could not be checked");
}

static void
test_flatpak_non_utf8 (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  FakeApp strange = zoom_app;
  FakeApp strange_branch = zoom_app;

  strange.id = "us.zoom.Zoom\xff";
  strange_branch.id = "org.example.App";
  strange_branch.branch = "st\xe9" "ble";
  add_flatpak_app (root, "var/lib/flatpak", &zoom_app);
  add_flatpak_app (root, "var/lib/flatpak", &strange);
  add_flatpak_app (root, "var/lib/flatpak", &strange_branch);

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  /* Flatpak names are ASCII: these are not apps flatpak deployed. */
  g_assert_cmpuint (apps->len, ==, 1);
  assert_zoom_flatpak (g_ptr_array_index (apps, 0));

  antam_test_remove_root (root);
}

static void
test_flatpak_strange_files (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autofree char *deploy = NULL;
  g_autofree char *metainfo = NULL;
  FakeApp broken = { "org.example.Broken", "x86_64", "stable", NULL, NULL,
                     "files/share/metainfo/org.example.Broken.metainfo.xml",
                     "<component><releases><release version=\"1.0\"", NULL };
  FakeApp big = { "org.example.Big", "x86_64", "stable", NULL, NULL, NULL, NULL, NULL };
  AntamFlatpak *app;
  int fd;

  add_flatpak_app (root, "var/lib/flatpak", &broken);
  add_flatpak_app (root, "var/lib/flatpak", &big);
  /* An empty deploy file and a metainfo that is far too large. */
  deploy = g_build_filename (root, "var/lib/flatpak/app/org.example.Big/x86_64/stable/active/deploy", NULL);
  g_file_set_contents (deploy, "", 0, &error);
  g_assert_no_error (error);
  metainfo = g_build_filename (root, "var/lib/flatpak/app/org.example.Big/x86_64/stable/active",
                               "files/share/metainfo/org.example.Big.metainfo.xml", NULL);
  make_dir (root, "var/lib/flatpak/app/org.example.Big/x86_64/stable/active/files/share/metainfo");
  fd = g_open (metainfo, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 512 * 1024 * 1024), ==, 0);
  g_close (fd, NULL);

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 2);

  app = g_ptr_array_index (apps, 0);
  g_assert_cmpstr (app->id, ==, "org.example.Big");
  g_assert_null (app->version);
  g_assert_null (app->origin);
  /* The commit still comes from the "active" link. */
  g_assert_nonnull (app->commit);

  /* XML cut short inside the release tag: no version rather than a guess. */
  app = g_ptr_array_index (apps, 1);
  g_assert_cmpstr (app->id, ==, "org.example.Broken");
  g_assert_null (app->version);
  g_assert_null (app->origin);

  antam_test_remove_root (root);
}

/* The reader walks an installation by fd, one name at a time; links are
 * followed the way the system view follows them, inside the root, whether
 * they stay in the dir (by fd) or not (through the system view). */
static void
test_flatpak_links_in_deployments (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autofree char *relative_commit = fake_commit ("org.example.Relative");
  g_autofree char *absolute_commit = fake_commit ("org.example.Absolute");
  g_autofree char *active_commit = fake_commit ("org.example.AbsoluteActive");
  g_autofree char *active_target = NULL;
  FakeApp relative = { "org.example.Relative", "x86_64", "stable", "flathub", NULL, NULL, NULL,
                       "flathub" };
  FakeApp absolute = { "org.example.Absolute", "x86_64", "stable", "flathub", NULL, NULL, NULL,
                       "flathub" };
  FakeApp absolute_active = { "org.example.AbsoluteActive", "x86_64", "stable", "flathub", NULL,
                              "files/share/metainfo/org.example.AbsoluteActive.metainfo.xml",
                              "<component><releases><release version=\"3.0\"/></releases></component>",
                              "flathub" };
  g_autofree char *relative_deploy = g_build_filename ("var/lib/flatpak/app", relative.id,
                                                      "x86_64/stable", relative_commit, NULL);
  g_autofree char *absolute_deploy = g_build_filename ("var/lib/flatpak/app", absolute.id,
                                                      "x86_64/stable", absolute_commit, NULL);
  g_autofree char *path = NULL;

  add_flatpak_app (root, "var/lib/flatpak", &relative);
  add_flatpak_app (root, "var/lib/flatpak", &absolute);
  add_flatpak_app (root, "var/lib/flatpak", &absolute_active);

  /* share/appdata -> real, inside the deployment. */
  path = g_build_filename (relative_deploy, "files/share/real/org.example.Relative.appdata.xml", NULL);
  antam_test_write (root, path, "<component><releases><release version=\"1.0\"/></releases></component>");
  g_clear_pointer (&path, g_free);
  path = g_build_filename (relative_deploy, "files/share/appdata", NULL);
  make_link (root, path, "real");
  g_clear_pointer (&path, g_free);

  /* share/appdata -> /srv/appdata: absolute, so in the root, not the host. */
  antam_test_write (root, "srv/appdata/org.example.Absolute.appdata.xml",
                    "<component><releases><release version=\"2.0\"/></releases></component>");
  path = g_build_filename (absolute_deploy, "files/share/appdata", NULL);
  make_link (root, path, "/srv/appdata");
  g_clear_pointer (&path, g_free);

  /* "active" as a full path rather than the commit's name. */
  path = g_build_filename (root, "var/lib/flatpak/app/org.example.AbsoluteActive/x86_64/stable/active", NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  active_target = g_strconcat ("/var/lib/flatpak/app/org.example.AbsoluteActive/x86_64/stable/",
                               active_commit, NULL);
  g_assert_cmpint (symlink (active_target, path), ==, 0);

  sysroot = sysroot_for (root);
  apps = antam_inventory_read_flatpaks (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 3);

  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 0))->id, ==, "org.example.Absolute");
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 0))->version, ==, "2.0");
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 0))->latest_commit, ==, absolute_commit);
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 1))->id, ==, "org.example.AbsoluteActive");
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 1))->version, ==, "3.0");
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 1))->commit, ==, active_commit);
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 1))->origin, ==, "flathub");
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 2))->id, ==, "org.example.Relative");
  g_assert_cmpstr (((AntamFlatpak *) g_ptr_array_index (apps, 2))->version, ==, "1.0");

  antam_test_remove_root (root);
}

/* ---- snap ------------------------------------------------------------- */

static void
build_snap_tree (const char *root)
{
  antam_test_write (root, "snap/README", "This directory presents installed snap packages.\n");
  make_link (root, "snap/bin/zoom-client", "/usr/bin/snap");

  make_link (root, "snap/zoom-client/current", "241");
  make_dir (root, "snap/zoom-client/240");
  antam_test_write (root, "snap/zoom-client/241/meta/snap.yaml",
                    "name: zoom-client\n"
                    "version: '6.2.11.5069'\n"
                    "summary: Zoom Video Conference\n"
                    "description: |\n"
                    "  Unofficial snap of the Zoom client.\n"
                    "  version: 1.0 is not the version\n"
                    "base: core22\n"
                    "confinement: strict\n");

  make_link (root, "snap/firefox/current", "5239");
  antam_test_write (root, "snap/firefox/5239/meta/snap.yaml",
                    "name: firefox\r\n"
                    "version: 133.0-2 # from upstream\r\n"
                    "summary: Mozilla Firefox web browser\r\n");

  /* Under a foreign root the squashfs is not mounted: an empty dir. */
  make_link (root, "snap/core22/current", "1663");
  make_dir (root, "snap/core22/1663");

  antam_test_write (root, "var/lib/snapd/snaps/zoom-client_240.snap", "hsqs");
  antam_test_write (root, "var/lib/snapd/snaps/zoom-client_241.snap", "hsqs");
  antam_test_write (root, "var/lib/snapd/snaps/firefox_5239.snap", "hsqs");
  antam_test_write (root, "var/lib/snapd/snaps/core22_1663.snap", "hsqs");
  antam_test_write (root, "var/lib/snapd/snaps/gnome-42-2204_99.snap", "hsqs");
  antam_test_write (root, "var/lib/snapd/snaps/gnome-42-2204_202.snap", "hsqs");
  antam_test_write (root, "var/lib/snapd/snaps/gnome-42-2204_176.snap", "hsqs");
  make_dir (root, "var/lib/snapd/snaps/partial");
  antam_test_write (root, "var/lib/snapd/snaps/partial/teams-for-linux_1.snap", "hs");
  antam_test_write (root, "var/lib/snapd/snaps/teams-for-linux_2.snap.partial", "hs");
  antam_test_write (root, "var/lib/snapd/snaps/nounderscore.snap", "hsqs");
}

static void
assert_snap (AntamSnap  *snap,
             const char *name,
             const char *revision,
             const char *version,
             const char *location)
{
  g_assert_nonnull (snap);
  g_assert_cmpstr (snap->name, ==, name);
  g_assert_cmpstr (snap->revision, ==, revision);
  g_assert_cmpstr (snap->version, ==, version);
  g_assert_cmpstr (snap->location, ==, location);
}

static void
test_snap_read (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) snaps = NULL;

  build_snap_tree (root);
  sysroot = sysroot_for (root);

  snaps = antam_inventory_read_snaps (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snaps->len, ==, 4);
  assert_snap (g_ptr_array_index (snaps, 0), "core22", "1663", NULL, "/snap/core22");
  assert_snap (g_ptr_array_index (snaps, 1), "firefox", "5239", "133.0-2", "/snap/firefox");
  assert_snap (g_ptr_array_index (snaps, 2), "zoom-client", "241", "6.2.11.5069", "/snap/zoom-client");
  /* Not mounted: the newest of its .snap files, by number. */
  assert_snap (g_ptr_array_index (snaps, 3), "gnome-42-2204", "202", NULL,
               "/var/lib/snapd/snaps/gnome-42-2204_202.snap");

  antam_test_remove_root (root);
}

static void
test_snap_missing (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(AntamSysroot) sysroot = sysroot_for (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) snaps = NULL;

  snaps = antam_inventory_read_snaps (sysroot, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snaps);
  g_assert_cmpuint (snaps->len, ==, 0);
  g_clear_pointer (&snaps, g_ptr_array_unref);

  /* Only .snap files, as on a disk whose /snap was never populated. */
  antam_test_write (root, "var/lib/snapd/snaps/zoom-client_241.snap", "hsqs");
  snaps = antam_inventory_read_snaps (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snaps->len, ==, 1);
  assert_snap (g_ptr_array_index (snaps, 0), "zoom-client", "241", NULL,
               "/var/lib/snapd/snaps/zoom-client_241.snap");

  antam_test_remove_root (root);
}

static void
test_snap_strange (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *escape_dir = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) snaps = NULL;

  build_snap_tree (root);
  /* "current" pointing out of the root, at the host's files. */
  escape_dir = g_dir_make_tmp ("antam-outside-XXXXXX", &error);
  g_assert_no_error (error);
  antam_test_write (escape_dir, "meta/snap.yaml", "name: evil\nversion: from-the-host\n");
  make_link (root, "snap/evil/current", escape_dir);
  /* Loops, a non-UTF-8 name, a file where a dir should be. */
  make_link (root, "snap/loopy/current", "current");
  make_link (root, "snap/circle", "circle");
  make_link (root, "snap/zoom\xff-client/current", "241");
  antam_test_write (root, "snap/zoom\xff-client/241/meta/snap.yaml", "version: 1\n");
  antam_test_write (root, "snap/notadir", "x");
  make_link (root, "var/lib/snapd/snaps/loop_1.snap", "loop_1.snap");

  sysroot = sysroot_for (root);
  snaps = antam_inventory_read_snaps (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snaps->len, ==, 6);
  assert_snap (g_ptr_array_index (snaps, 0), "core22", "1663", NULL, "/snap/core22");
  /* Neither the link's target nor the host's file is taken. */
  assert_snap (g_ptr_array_index (snaps, 1), "evil", NULL, NULL, "/snap/evil");
  assert_snap (g_ptr_array_index (snaps, 2), "firefox", "5239", "133.0-2", "/snap/firefox");
  assert_snap (g_ptr_array_index (snaps, 3), "loopy", NULL, NULL, "/snap/loopy");
  assert_snap (g_ptr_array_index (snaps, 4), "zoom-client", "241", "6.2.11.5069", "/snap/zoom-client");
  /* The looping loop_1.snap is no snap. */
  assert_snap (g_ptr_array_index (snaps, 5), "gnome-42-2204", "202", NULL,
               "/var/lib/snapd/snaps/gnome-42-2204_202.snap");

  antam_test_remove_root (root);
  antam_test_remove_root (escape_dir);
}

static void
test_snap_unreadable (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *snap_dir = g_build_filename (root, "snap", NULL);
  g_autofree char *blob_dir = g_build_filename (root, "var", "lib", "snapd", "snaps", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) snaps = NULL;
  gboolean blocked;

  build_snap_tree (root);
  sysroot = sysroot_for (root);
  g_assert_cmpint (g_chmod (snap_dir, 0000), ==, 0);
  blocked = access (snap_dir, R_OK) != 0;

  /* /snap unreadable: the .snap files still tell. */
  snaps = antam_inventory_read_snaps (sysroot, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snaps->len, ==, 4);
  if (blocked)
    assert_snap (g_ptr_array_index (snaps, 3), "zoom-client", "241", NULL,
                 "/var/lib/snapd/snaps/zoom-client_241.snap");
  g_clear_pointer (&snaps, g_ptr_array_unref);

  /* Nothing readable at all. */
  g_assert_cmpint (g_chmod (blob_dir, 0000), ==, 0);
  snaps = antam_inventory_read_snaps (sysroot, &error);
  if (blocked)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_null (snaps);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpuint (snaps->len, ==, 4);
    }

  g_assert_cmpint (g_chmod (blob_dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (snap_dir, 0755), ==, 0);
  antam_test_remove_root (root);

  if (!blocked)
    g_test_skip ("Running with permission to read a mode-000 folder (root?): "
                 "the unreadable-folder errors could not be checked");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/inventory/dpkg/parse", test_dpkg_parse);
  g_test_add_func ("/inventory/dpkg/parse-crlf", test_dpkg_parse_crlf);
  g_test_add_func ("/inventory/dpkg/parse-truncated", test_dpkg_parse_truncated);
  g_test_add_func ("/inventory/dpkg/parse-garbage", test_dpkg_parse_garbage);
  g_test_add_func ("/inventory/dpkg/read-damage", test_dpkg_read_damage);
  g_test_add_func ("/inventory/dpkg/parse-edge-cases", test_dpkg_parse_edge_cases);
  g_test_add_func ("/inventory/dpkg/read", test_dpkg_read);
  g_test_add_func ("/inventory/dpkg/read-strange", test_dpkg_read_strange);
  g_test_add_func ("/inventory/dpkg/read-large", test_dpkg_read_large);
  g_test_add_func ("/inventory/package/new", test_package_new);
  g_test_add_func ("/inventory/rpm/parse", test_rpm_parse);
  g_test_add_func ("/inventory/rpm/parse-edge-cases", test_rpm_parse_edge_cases);
  g_test_add_func ("/inventory/rpm/parse-fields", test_rpm_parse_fields);
  g_test_add_func ("/inventory/rpm/read", test_rpm_read);
  g_test_add_data_func ("/inventory/rpm/real-root/var-lib-rpm", "/var/lib/rpm", test_rpm_real_root);
  g_test_add_data_func ("/inventory/rpm/real-root/sysimage", "/usr/lib/sysimage/rpm", test_rpm_real_root);
  g_test_add_func ("/inventory/flatpak/read", test_flatpak_read);
  g_test_add_func ("/inventory/flatpak/sources", test_flatpak_sources);
  g_test_add_func ("/inventory/flatpak/current-link", test_flatpak_current_link);
  g_test_add_func ("/inventory/flatpak/current-branch", test_flatpak_current_branch);
  g_test_add_func ("/inventory/flatpak/current-arch", test_flatpak_current_arch);
  g_test_add_func ("/inventory/flatpak/missing", test_flatpak_missing);
  g_test_add_func ("/inventory/flatpak/symlink-loops", test_flatpak_symlink_loops);
  g_test_add_func ("/inventory/flatpak/unreadable", test_flatpak_unreadable);
  g_test_add_func ("/inventory/flatpak/non-utf8", test_flatpak_non_utf8);
  g_test_add_func ("/inventory/flatpak/strange-files", test_flatpak_strange_files);
  g_test_add_func ("/inventory/flatpak/links-in-deployments", test_flatpak_links_in_deployments);
  g_test_add_func ("/inventory/snap/read", test_snap_read);
  g_test_add_func ("/inventory/snap/missing", test_snap_missing);
  g_test_add_func ("/inventory/snap/strange", test_snap_strange);
  g_test_add_func ("/inventory/snap/unreadable", test_snap_unreadable);

  return g_test_run ();
}
