/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "antam-result.h"
#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

#define ANTAM_REPORT_SCHEMA "antam.report/1"

typedef struct {
  char *os_id;
  char *os_version;
  char *os_name;
  char *hostname;
  char *machine_key;    /* nullable: see antam_machine_key_compute() */
} AntamSystemInfo;

AntamSystemInfo *antam_system_info_read   (AntamSysroot          *sysroot);
char            *antam_machine_key_compute (const char           *machine_id,
                                            gsize                 length);
char            *antam_timestamp_format   (GDateTime             *when);
char            *antam_timestamp_display  (GDateTime             *when);
void             antam_system_info_free   (AntamSystemInfo       *info);

char            *antam_report_to_json     (GPtrArray             *results,
                                           const AntamSystemInfo *system,
                                           GDateTime             *generated);
GPtrArray       *antam_report_parse_results (const char          *json,
                                             gsize                length,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamSystemInfo, antam_system_info_free)

G_END_DECLS
