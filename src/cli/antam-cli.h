/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit codes of DESIGN.md and the README; 64 and up as sysexits(3)
 * names them (76, its EX_PROTOCOL, stands for an answer that never came). */
enum {
  ANTAM_EXIT_ALL_OK = 0,
  ANTAM_EXIT_WORST_WARNING = 1,
  ANTAM_EXIT_ANY_RISK = 2,
  ANTAM_EXIT_USAGE = 64,
  ANTAM_EXIT_INTERNAL = 70,
  ANTAM_EXIT_CANTCREAT = 73,     /* report: it could not be kept in the outbox (a full disk) */
  ANTAM_EXIT_TEMPFAIL = 75,      /* report: not sent; kept in the outbox, sent again later */
  ANTAM_EXIT_MAYBE_DELIVERED = 76, /* report: handed over, no answer: it may have arrived */
  ANTAM_EXIT_CONFIG = 78,        /* report: not sent; a setting must change first */
};

extern const GOptionEntry antam_cli_lang_entries[];

gboolean antam_cli_init_i18n (int             *argc,
                              char          ***argv);

const char *antam_cli_take_subcommand (int    *argc,
                                       char ***argv);

/* One file a command: each takes the arguments after "antam-cli". */
int antam_cli_usage_error (GOptionContext *context,
                           const char     *message);
gboolean antam_cli_ask    (const char     *question);

gboolean antam_cli_write_output (const char  *path,
                                 const void  *data,
                                 gsize        length,
                                 GError     **error);
int antam_cli_scan        (int    argc,
                           char **argv);
int antam_cli_rules       (int    argc,
                           char **argv);
int antam_cli_rules_keygen  (int    argc,
                             char **argv);
int antam_cli_rules_publish (int    argc,
                             char **argv);
int antam_cli_rules_update  (int    argc,
                             char **argv);
void antam_cli_rules_update_when_due (void);
int antam_cli_remove      (int    argc,
                           char **argv);
int antam_cli_fix         (int    argc,
                           char **argv);
int antam_cli_report      (int    argc,
                           char **argv);
int antam_cli_remind      (int    argc,
                           char **argv);
int antam_cli_tally       (int    argc,
                           char **argv);

G_END_DECLS
