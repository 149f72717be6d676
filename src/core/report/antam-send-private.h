/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <curl/curl.h>

#include "report/antam-send.h"

G_BEGIN_DECLS

/* What the senders share (antam-send.c): one libcurl set-up, one way to
 * run a transfer that cancelling can interrupt, one reading of its errors,
 * and one upload that records the hand-over at its end.  Each channel has
 * its file: antam-send-smtp.c, antam-send-https.c,
 * antam-send-mail-client.c. */

typedef struct {
  AntamOutboxEntry *entry;
  const char *data;
  gsize length;
  gsize offset;
  gboolean handed_over;        /* the last step has begun */
  GError *hand_over_error;     /* it could not be recorded, so it did not begin */
} AntamUpload;

CURL     *antam_send_curl_new           (const AntamSendConfig *config,
                                         GCancellable          *cancellable,
                                         char                  *errbuf);
CURLcode  antam_send_curl_perform       (CURL                  *curl,
                                         GCancellable          *cancellable,
                                         long                  *response);
void      antam_send_set_curl_error     (GError               **error,
                                         CURLcode               code,
                                         const char            *errbuf,
                                         GCancellable          *cancellable);
void      antam_send_set_maybe_delivered (GError              **error);

void      antam_upload_init             (AntamUpload           *upload,
                                         AntamOutboxEntry      *entry,
                                         const char            *data,
                                         gsize                  length);
void      antam_upload_set              (AntamUpload           *upload,
                                         CURL                  *curl);
void      antam_upload_clear            (AntamUpload           *upload);

gboolean  antam_send_smtp               (AntamOutboxEntry      *entry,
                                         const AntamSendConfig *config,
                                         GCancellable          *cancellable,
                                         GError               **error);
gboolean  antam_send_https              (AntamOutboxEntry      *entry,
                                         const AntamSendConfig *config,
                                         GCancellable          *cancellable,
                                         GError               **error);

G_END_DECLS
