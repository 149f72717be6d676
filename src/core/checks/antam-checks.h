/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "checks/antam-scan-context.h"

G_BEGIN_DECLS

/* The check table (antam-checks.c): every check, in the order a scan runs them. */
typedef struct {
  const char *id;
  const char *(*get_name) (void);   /* translated, for progress: "Risky apps" */
  void (*run) (AntamScanContext *context,
               GPtrArray        *results);
  guint sources;                    /* ANTAM_SOURCE_BIT()s it reads, loaded ahead */
} AntamCheck;

const AntamCheck *antam_checks_get_all        (guint            *n_checks);
const AntamCheck *antam_checks_lookup         (const char       *id);

G_END_DECLS
