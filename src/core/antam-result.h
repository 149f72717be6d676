/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Ordered from best to worst so that the worst of several is their maximum.
 * ok is only for what was checked and found good; info is what does not
 * apply or is acceptable by policy without protecting anything (shown as a
 * neutral "Note"); manual and unknown sit between: neither is a finding,
 * neither is "ok". */
typedef enum {
  ANTAM_STATUS_OK,
  ANTAM_STATUS_INFO,
  ANTAM_STATUS_MANUAL,
  ANTAM_STATUS_UNKNOWN,
  ANTAM_STATUS_WARNING,
  ANTAM_STATUS_RISK,
  ANTAM_N_STATUSES /*< skip >*/
} AntamStatus;

typedef enum {
  ANTAM_REMEDY_NONE,
  ANTAM_REMEDY_UNINSTALL,
  ANTAM_REMEDY_UPDATE,
  ANTAM_REMEDY_SETTING,
  ANTAM_REMEDY_GUIDE,
  ANTAM_REMEDY_REPORT,
  ANTAM_REMEDY_DELETE,
  ANTAM_REMEDY_FIX,        /* An Tâm fixes it in one click, no administrator needed */
} AntamRemedyKind;

typedef struct {
  char *kind;      /* what was found: deb, rpm, flatpak, snap, path, home-path,
                    * desktop-entry, url-handler, autostart, process, service,
                    * download, appimage, os, camera-permission,
                    * microphone-permission, firewall, filesystem, setting,
                    * config, listener (a socket waiting for connections),
                    * share (a folder or printer shared), folder, file and
                    * account (home-privacy); error and rules-file for what
                    * could not be read */
  char *id;
  char *name;
  char *version;
  char *location;  /* a path as the scanned system sees it */
  char *origin;    /* where it came from: a URL or a repository */
  char *detail;
  char *sha256;
  gint64 size;     /* -1 when not a file */
  char *rule;      /* the id of the rule it is a footprint of, if any */
} AntamItem;

typedef struct {
  gatomicrefcount ref_count;
  char *check;     /* stable kebab-case id */
  char *id;        /* nullable: "check/sub"; see antam_result_get_id() */
  AntamStatus status;
  char *title;
  char *summary;   /* why it matters, or why we could not tell */
  GPtrArray *items;
  AntamRemedyKind remedy;
  char *remedy_target; /* the rule id for uninstall, a package, a setting */
  char *remedy_text;   /* what to do, in plain words */
  char *it_staff;      /* the same for IT staff: commands, files, settings */
} AntamResult;

const char  *antam_status_to_string     (AntamStatus      status);
gboolean     antam_status_from_string   (const char      *text,
                                         AntamStatus     *status);
const char  *antam_status_display_name  (AntamStatus      status);
char        *antam_status_tag           (AntamStatus      status);
/* How many names a title lists before it counts the rest. */
#define ANTAM_TITLE_NAMES 3

char        *antam_join_names           (GPtrArray       *names,
                                         guint            max);
const char  *antam_remedy_to_string     (AntamRemedyKind  kind);

AntamItem   *antam_item_new             (const char      *kind,
                                         const char      *name,
                                         const char      *location);
void         antam_item_free            (AntamItem       *item);

AntamResult *antam_result_new           (const char      *check,
                                         AntamStatus      status,
                                         const char      *title,
                                         const char      *summary);
const char  *antam_result_get_id        (const AntamResult *result);
void         antam_result_set_sub_id    (AntamResult     *result,
                                         const char      *sub_id);
#define ANTAM_TYPE_RESULT (antam_result_get_type ())
GType        antam_result_get_type      (void) G_GNUC_CONST;
gboolean     antam_result_equal         (const AntamResult *a,
                                         const AntamResult *b);
AntamResult *antam_result_ref           (AntamResult     *result);
void         antam_result_unref         (AntamResult     *result);
AntamItem   *antam_result_add_item      (AntamResult     *result,
                                         const char      *kind,
                                         const char      *name,
                                         const char      *location);
void         antam_result_set_remedy    (AntamResult     *result,
                                         AntamRemedyKind  kind,
                                         const char      *target,
                                         const char      *text);
AntamItem   *antam_result_add_error     (AntamResult     *result,
                                         const char      *what,
                                         const GError    *error);
void         antam_result_set_it_staff  (AntamResult     *result,
                                         const char      *text);
AntamResult *antam_result_new_unknown   (const char      *check,
                                         const char      *title,
                                         const char      *summary,
                                         const GError    *raw);

AntamStatus  antam_results_worst        (GPtrArray       *results);
void         antam_results_count        (GPtrArray       *results,
                                         guint            counts[ANTAM_N_STATUSES]);
char        *antam_results_describe_counts (GPtrArray    *results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamItem, antam_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamResult, antam_result_unref)

G_END_DECLS
