/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "antam-result.h"
#include "sysroot/antam-sysroot.h"
#include "util/antam-url.h"

G_BEGIN_DECLS

/* What counts as risky is data: data/rules/risky-apps.json, overridden by
 * the CSIRTs' feeds (rules/antam-rules-feed-store.h), then
 * /etc/antam/rules.d/, then ~/.config/antam/rules.d/.  The same id
 * replaces a rule; "disabled": true removes it. */

typedef enum {
  ANTAM_FOOTPRINT_DEB,
  ANTAM_FOOTPRINT_RPM,
  ANTAM_FOOTPRINT_FLATPAK,
  ANTAM_FOOTPRINT_SNAP,
  ANTAM_FOOTPRINT_PATH,          /* absolute, root-owned */
  ANTAM_FOOTPRINT_HOME_PATH,     /* "~/..." */
  ANTAM_FOOTPRINT_DESKTOP_FILE,  /* desktop file id */
  ANTAM_FOOTPRINT_URL_SCHEME,    /* x-scheme-handler/NAME */
  ANTAM_FOOTPRINT_AUTOSTART,     /* autostart desktop file id */
  ANTAM_FOOTPRINT_PROCESS,       /* comm or exe basename */
  ANTAM_FOOTPRINT_DOWNLOAD_NAME, /* glob, case-insensitive */
  ANTAM_FOOTPRINT_APT_REPO,      /* host of an apt repository */
  ANTAM_FOOTPRINT_SERVICE,       /* systemd unit */
  ANTAM_N_FOOTPRINTS /*< skip >*/
} AntamFootprintKind;

/* What a rule is about.  Remote-support apps are also named among the
 * ways into the computer; a server rule is not a risky app by itself: it
 * lets the guided removal take away a server (an SSH server, Samba) that
 * network-services found turned on. */
typedef enum {
  ANTAM_APP_CATEGORY_APP,
  ANTAM_APP_CATEGORY_REMOTE_SUPPORT,
  ANTAM_APP_CATEGORY_SERVER,
} AntamAppCategory;

typedef struct {
  char *id;
  char *name;
  AntamAppCategory category;
  AntamStatus severity;            /* warning or risk */
  AntamRemedyKind remedy;          /* uninstall or guide */
  char *why_vi, *why_en;
  char *action_vi, *action_en;
  char **footprints[ANTAM_N_FOOTPRINTS];
  char **official_domains;
  char **keywords;                 /* words that make an origin host look like this app's */
  char *source;                    /* the file it came from */
  GPtrArray *download_patterns;    /* GPatternSpec: the download-name globs, lower case */
} AntamAppRule;

typedef struct {
  GPtrArray *apps;                 /* AntamAppRule */
  GPtrArray *errors;               /* char*: "FILE: FIELD: problem" */
  GPtrArray *feeds;                /* AntamRulesFeed (rules/antam-rules-feed.h) applied */
} AntamRules;

const char   *antam_footprint_kind_to_key   (AntamFootprintKind kind);

void          antam_app_rule_free           (AntamAppRule  *rule);
const char   *antam_app_rule_why            (const AntamAppRule *rule);
const char   *antam_app_rule_action         (const AntamAppRule *rule);
gboolean      antam_app_rule_is_official_host (const AntamAppRule *rule,
                                               const char    *host);
gboolean      antam_app_rule_matches_download_name (const AntamAppRule *rule,
                                                    const char         *name);

AntamRules   *antam_rules_new               (void);
void          antam_rules_free              (AntamRules    *rules);
AntamRules   *antam_rules_load              (AntamSysroot  *sysroot);
gboolean      antam_rules_add_file          (AntamRules    *rules,
                                             const char    *display_name,
                                             const char    *contents,
                                             gsize          length,
                                             GError       **error);
const AntamAppRule *antam_rules_lookup      (AntamRules    *rules,
                                             const char    *id);
const AntamAppRule *antam_rules_find_package (AntamRules   *rules,
                                              AntamAppCategory category,
                                              const char   *source,
                                              const char   *package);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamRules, antam_rules_free)

G_END_DECLS
