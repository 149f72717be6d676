/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every report a test makes is kept, and a last test case of the same
 * program validates them all against data/antam-report.schema.json with a
 * real validator (tests/validate-report.py, python3-jsonschema). */
void      antam_test_report_keep          (const char *json,
                                           gssize      length);
void      antam_test_report_keep_file     (const char *path);
void      antam_test_report_keep_outbox   (const char *outbox_dir);
void      antam_test_report_add_validation (void);
gboolean  antam_test_report_validate      (const char * const *paths,
                                           gboolean            expect_valid,
                                           char              **output);

G_END_DECLS
