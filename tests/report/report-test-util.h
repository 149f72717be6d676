/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cjson/cJSON.h>
#include <gio/gio.h>

#include "report/antam-report-model.h"
#include "report/antam-send.h"

G_BEGIN_DECLS

/* The real SMTP server (tests/report/smtp-server.py on Debian's aiosmtpd),
 * started by the test on a free port of 127.0.0.1 and stopped by PID. */
typedef struct {
  GSubprocess *process;
  guint port;
  char *dir;
  char *maildir;
  char *received;
} RtSmtpServer;

gboolean      rt_have_aiosmtpd           (void);
RtSmtpServer *rt_smtp_server_start       (const char         *dir,
                                          const char * const *extra_args);
void          rt_smtp_server_stop        (RtSmtpServer       *server);
cJSON        *rt_smtp_server_wait_message (RtSmtpServer      *server,
                                           guint              n,
                                           guint              timeout_ms);
guint         rt_smtp_server_count       (RtSmtpServer       *server);
gboolean      rt_wait_for_file           (const char         *path,
                                          guint               timeout_ms);
cJSON        *rt_read_record             (const char         *dir,
                                          guint               n,
                                          guint               timeout_ms);
guint         rt_count_records           (const char         *dir);

char         *rt_make_certificate        (const char         *dir,
                                          char              **key_path);
AntamReportModel *rt_make_model          (void);
AntamContact *rt_kien_giang              (void);
char         *rt_make_tmpdir             (const char         *name);
void          rt_rm_rf                   (const char         *path);
gboolean      rt_tree_contains           (const char         *dir,
                                          const char         *needle,
                                          char              **where);
const char   *rt_python                  (void);
AntamOutboxEntry *rt_reload_entry        (AntamOutboxEntry  *entry);
GSubprocess  *rt_start_keyring           (const char         *keyring_home);
gboolean      rt_wait_for_bus_name       (const char         *name,
                                          guint               timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtSmtpServer, rt_smtp_server_stop)

G_END_DECLS
