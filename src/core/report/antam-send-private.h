/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <curl/curl.h>

#include "antam-send.h"

G_BEGIN_DECLS

/* What the senders share (antam-send.c): one libcurl set-up, one way to
 * run a transfer that cancelling can interrupt, one reading of its
 * errors.  Each channel has its file: antam-send-smtp.c,
 * antam-send-https.c, antam-send-mail-client.c. */

void      antam_send_curl_init        (void);
void      antam_send_curl_set_options (CURL                  *curl,
                                       const AntamSendConfig *config,
                                       GCancellable          *cancellable,
                                       char                  *errbuf);
CURLcode  antam_send_curl_perform     (CURL                  *curl,
                                       GCancellable          *cancellable,
                                       long                  *response);
void      antam_send_set_curl_error   (GError               **error,
                                       CURLcode               code,
                                       const char            *errbuf,
                                       long                   response,
                                       GCancellable          *cancellable);

gboolean  antam_send_smtp             (AntamOutboxEntry      *entry,
                                       const AntamSendConfig *config,
                                       GCancellable          *cancellable,
                                       GError               **error);
gboolean  antam_send_https            (AntamOutboxEntry      *entry,
                                       const AntamSendConfig *config,
                                       GCancellable          *cancellable,
                                       GError               **error);

G_END_DECLS
