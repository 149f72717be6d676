/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "scan/antam-scan.h"

G_BEGIN_DECLS

/* Fixture roots: tests/roots/NAME trees, layered in order into a fresh temp
 * dir so that a test can add what git cannot hold (xattrs, sparse files,
 * unreadable dirs, non-UTF-8 names). */
char       *antam_test_make_root     (const char *first_layer,
                                      ...) G_GNUC_NULL_TERMINATED;
void        antam_test_remove_root   (const char *root);
char       *antam_test_root_path     (const char *root,
                                      const char *relative);
void        antam_test_write         (const char *root,
                                      const char *relative,
                                      const char *contents);
void        antam_test_write_bytes   (const char *root,
                                      const char *relative,
                                      const char *contents,
                                      gssize      length);
gboolean    antam_test_set_xattr     (const char *root,
                                      const char *relative,
                                      const char *name,
                                      const char *value);
gboolean    antam_test_install_rpm   (const char *root,
                                      const char *dbpath,
                                      const char *name,
                                      const char *version,
                                      const char *program);
GPtrArray  *antam_test_scan          (const char *root,
                                      const char *only);
AntamResult *antam_test_find_result  (GPtrArray  *results,
                                      const char *check,
                                      const char *title_part);
AntamItem  *antam_test_find_item     (AntamResult *result,
                                      const char  *kind,
                                      const char  *name);
char       *antam_test_pdf_text      (const char *path);

G_END_DECLS
