/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit codes of DESIGN.md, as sysexits(3) names the last two. */
enum {
  ANTAM_EXIT_ALL_OK = 0,
  ANTAM_EXIT_WORST_WARNING = 1,
  ANTAM_EXIT_ANY_RISK = 2,
  ANTAM_EXIT_USAGE = 64,
  ANTAM_EXIT_INTERNAL = 70,
  ANTAM_EXIT_TEMPFAIL = 75,      /* report --send: kept in the outbox, not sent yet */
};

/* One file a command: each takes the arguments after "antam-cli". */
int antam_cli_usage_error (GOptionContext *context,
                           const char     *message);
gboolean antam_cli_write_output (const char  *path,
                                 const void  *data,
                                 gsize        length,
                                 GError     **error);
int antam_cli_scan        (int    argc,
                           char **argv);
int antam_cli_rules       (int    argc,
                           char **argv);
int antam_cli_remove      (int    argc,
                           char **argv);
int antam_cli_report      (int    argc,
                           char **argv);
int antam_cli_remind      (int    argc,
                           char **argv);
int antam_cli_tally       (int    argc,
                           char **argv);

G_END_DECLS
