/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "rules/antam-rules.h"
#include "antam-test-root.h"

#define MINIMAL_RULE \
  "{ \"schema\": \"antam.rules/1\", \"apps\": [ {" \
  "  \"id\": \"%s\", \"name\": \"%s\", \"severity\": \"%s\"," \
  "  \"why\": { \"vi\": \"Lý do\", \"en\": \"Why\" }," \
  "  \"footprints\": { \"deb\": [\"%s\"] } } ] }"

static char *
make_rule (const char *id,
           const char *name,
           const char *severity,
           const char *deb)
{
  return g_strdup_printf (MINIMAL_RULE, id, name, severity, deb);
}

static void
test_shipped_rules_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("antam-rules-XXXXXX", &error);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamRules) rules = NULL;
  const AntamAppRule *zoom;

  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  sysroot = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);
  rules = antam_rules_load (sysroot);

  g_assert_cmpuint (rules->errors->len, ==, 0);
  zoom = antam_rules_lookup (rules, "zoom");
  g_assert_nonnull (zoom);
  g_assert_cmpint (zoom->severity, ==, ANTAM_STATUS_RISK);
  g_assert_cmpint (zoom->remedy, ==, ANTAM_REMEDY_UNINSTALL);
  g_assert_true (g_strv_contains ((const char * const *) zoom->footprints[ANTAM_FOOTPRINT_DEB], "zoom"));
  g_assert_true (g_strv_contains ((const char * const *) zoom->footprints[ANTAM_FOOTPRINT_FLATPAK], "us.zoom.Zoom"));
  g_assert_true (g_strv_contains ((const char * const *) zoom->footprints[ANTAM_FOOTPRINT_SNAP], "zoom-client"));
  g_assert_true (g_strv_contains ((const char * const *) zoom->footprints[ANTAM_FOOTPRINT_URL_SCHEME], "zoommtg"));
  g_assert_true (g_strv_contains ((const char * const *) zoom->footprints[ANTAM_FOOTPRINT_HOME_PATH], "~/.zoom"));
  g_assert_nonnull (strstr (zoom->why_vi, "1200/UBND-KGVX"));
  g_assert_nonnull (strstr (zoom->why_vi, "Cẩm Phả"));

  /* The engine is general: other apps an agency would flag, as warnings. */
  g_assert_cmpint (antam_rules_lookup (rules, "anydesk")->severity, ==, ANTAM_STATUS_WARNING);
  g_assert_cmpint (antam_rules_lookup (rules, "teamviewer")->severity, ==, ANTAM_STATUS_WARNING);
}

static void
test_overrides_in_xdg_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("antam-rules-XXXXXX", &error);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *agency = make_rule ("anydesk", "AnyDesk (agency)", "risk", "anydesk");
  g_autofree char *user = make_rule ("skype", "Skype", "warning", "skypeforlinux");
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamRules) rules = NULL;

  antam_test_write (root, "etc/antam/rules.d/10-agency.json", agency);
  antam_test_write (root, "etc/antam/rules.d/20-off.json",
                    "{ \"schema\": \"antam.rules/1\", \"apps\": [ { \"id\": \"teamviewer\", \"disabled\": true } ] }");
  antam_test_write (root, "etc/antam/rules.d/README", "not json, not read");
  antam_test_write (root, "home/lan/.config/antam/rules.d/skype.json", user);

  sysroot = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);
  rules = antam_rules_load (sysroot);

  g_assert_cmpuint (rules->errors->len, ==, 0);
  g_assert_cmpstr (antam_rules_lookup (rules, "anydesk")->name, ==, "AnyDesk (agency)");
  g_assert_cmpint (antam_rules_lookup (rules, "anydesk")->severity, ==, ANTAM_STATUS_RISK);
  g_assert_null (antam_rules_lookup (rules, "teamviewer"));
  g_assert_nonnull (antam_rules_lookup (rules, "skype"));
  g_assert_nonnull (antam_rules_lookup (rules, "zoom"));
  /* A replaced rule keeps its place: Zoom first, then AnyDesk. */
  g_assert_cmpstr (((AntamAppRule *) g_ptr_array_index (rules->apps, 1))->id, ==, "anydesk");
}

static void
test_bad_file_named_and_others_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("antam-rules-XXXXXX", &error);
  g_autofree char *home = g_build_filename (root, "home", "lan", NULL);
  g_autofree char *good = make_rule ("skype", "Skype", "warning", "skypeforlinux");
  g_autoptr(AntamSysroot) sysroot = NULL;
  g_autoptr(AntamRules) rules = NULL;
  const char *message;

  antam_test_write (root, "etc/antam/rules.d/10-broken.json",
                    "{ \"schema\": \"antam.rules/1\", \"apps\": [ { \"id\": \"x\", \"name\": \"X\","
                    " \"severity\": \"catastrophic\", \"why\": {\"vi\":\"a\",\"en\":\"b\"}, \"footprints\": {} } ] }");
  antam_test_write (root, "etc/antam/rules.d/20-good.json", good);
  antam_test_write (root, "etc/antam/rules.d/30-garbage.json", "\x89PNG\r\n\x1a\n garbage");

  sysroot = antam_sysroot_new (root, home, &error);
  g_assert_no_error (error);
  rules = antam_rules_load (sysroot);

  g_assert_cmpuint (rules->errors->len, ==, 2);
  message = g_ptr_array_index (rules->errors, 0);
  g_assert_nonnull (strstr (message, "/etc/antam/rules.d/10-broken.json"));
  g_assert_nonnull (strstr (message, "apps[0] (x).severity"));
  message = g_ptr_array_index (rules->errors, 1);
  g_assert_nonnull (strstr (message, "30-garbage.json"));
  g_assert_nonnull (antam_rules_lookup (rules, "skype"));
  g_assert_nonnull (antam_rules_lookup (rules, "zoom"));
  g_assert_null (antam_rules_lookup (rules, "x"));
}

typedef struct {
  const char *json;
  const char *field;
} BadCase;

static void
test_validation_messages (void)
{
  static const BadCase cases[] = {
    { "[]", NULL },
    { "{\"schema\": \"antam.rules/2\", \"apps\": []}", "schema" },
    { "{\"schema\": \"antam.rules/1\"}", "apps" },
    { "{\"schema\": \"antam.rules/1\", \"apps\": [], \"extra\": 1}", "extra" },
    { "{\"schema\": \"antam.rules/1\", \"apps\": [ {\"id\": \"Bad Id\"} ]}", "apps[0].id" },
    { "{\"schema\": \"antam.rules/1\", \"apps\": [ {\"id\": \"a\", \"name\": \"A\", \"severity\": \"risk\","
      " \"why\": {\"vi\": \"x\"}, \"footprints\": {}} ]}", "apps[0] (a).why.en" },
    { "{\"schema\": \"antam.rules/1\", \"apps\": [ {\"id\": \"a\", \"name\": \"A\", \"severity\": \"risk\","
      " \"why\": {\"vi\": \"x\", \"en\": \"y\"}, \"footprints\": {\"debs\": [\"a\"]}} ]}", "apps[0] (a).footprints.debs" },
    { "{\"schema\": \"antam.rules/1\", \"apps\": [ {\"id\": \"a\", \"name\": \"A\", \"severity\": \"risk\","
      " \"why\": {\"vi\": \"x\", \"en\": \"y\"}, \"footprints\": {\"paths\": [\"/opt/../etc\"]}} ]}", "apps[0] (a).footprints.paths[0]" },
    { "{\"schema\": \"antam.rules/1\", \"apps\": [ {\"id\": \"a\", \"name\": \"A\", \"severity\": \"risk\","
      " \"why\": {\"vi\": \"x\", \"en\": \"y\"}, \"footprints\": {\"deb\": [1]}} ]}", "apps[0] (a).footprints.deb[0]" },
    { "{\"schema\": \"antam.rules/1\", \"apps\": [ {\"id\": \"a\", \"disabled\": true}, {\"id\": \"a\", \"disabled\": true} ]}", "apps[1].id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AntamRules) rules = antam_rules_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (antam_rules_add_file (rules, "case.json", cases[i].json, strlen (cases[i].json), &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_true (g_str_has_prefix (error->message, "case.json: "));
      if (cases[i].field)
        {
          g_autofree char *expected = g_strdup_printf ("case.json: %s: ", cases[i].field);
          if (!g_str_has_prefix (error->message, expected))
            g_error ("case %u: “%s” does not start with “%s”", i, error->message, expected);
        }
      g_assert_cmpuint (rules->apps->len, ==, 0);
    }
}

static void
test_host_matching (void)
{
  g_assert_true (antam_host_matches_domain ("zoom.us", "zoom.us"));
  g_assert_true (antam_host_matches_domain ("us04web.zoom.us", "zoom.us"));
  g_assert_true (antam_host_matches_domain ("ZOOM.US.", "zoom.us"));
  g_assert_false (antam_host_matches_domain ("zoom.us.evil.example", "zoom.us"));
  g_assert_false (antam_host_matches_domain ("zoom-us-download.com", "zoom.us"));
  g_assert_false (antam_host_matches_domain ("fakezoom.us", "zoom.us"));
  g_assert_false (antam_host_matches_domain ("us", "zoom.us"));
  g_assert_false (antam_host_matches_domain ("", "zoom.us"));
  g_assert_false (antam_host_matches_domain (NULL, "zoom.us"));
}

static void
test_url_host (void)
{
  struct { const char *url; const char *host; } cases[] = {
    { "https://zoom.us/client/latest/zoom_amd64.deb", "zoom.us" },
    { "https://user:pw@Zoom.US:443/x", "zoom.us" },
    { "https://zoom.us.evil.example/zoom.deb", "zoom.us.evil.example" },
    { "http://[::1]:8080/a", "::1" },
    { "file:///home/lan/zoom.deb", NULL },
    { "not a url", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = antam_url_get_host (cases[i].url);
      g_assert_cmpstr (host, ==, cases[i].host);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rules/shipped-rules-load", test_shipped_rules_load);
  g_test_add_func ("/rules/overrides-in-xdg-order", test_overrides_in_xdg_order);
  g_test_add_func ("/rules/bad-file-named-and-others-load", test_bad_file_named_and_others_load);
  g_test_add_func ("/rules/validation-messages", test_validation_messages);
  g_test_add_func ("/rules/host-matching", test_host_matching);
  g_test_add_func ("/rules/url-host", test_url_host);

  return g_test_run ();
}
