/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "checks/antam-checks.h"

G_BEGIN_DECLS

/* install-sources in two files: the software sources, and the programs
 * that came from none (antam-unpackaged-programs.c). */

#define ANTAM_INSTALL_SOURCES_CHECK_ID "install-sources"

char *antam_install_sources_join_items     (AntamResult      *result,
                                            gboolean          locations);
void  antam_install_sources_check_programs (AntamScanContext *context,
                                            GPtrArray        *results,
                                            GPtrArray        *problems,
                                            guint            *n_findings,
                                            gboolean         *ownership_known);

G_END_DECLS
