/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "report/antam-outbox.h"
#include "report/antam-send.h"

G_BEGIN_DECLS

/* Sending from the app: the user's mail app through the Email portal
 * first (with the JSON and the PDF attached), then core's xdg-email and
 * mailto: fallbacks; SMTP and HTTPS in a worker thread.  And the outbox
 * kept moving: retried at start and whenever the network comes back. */

void     antam_report_send_async          (GtkWindow             *parent,
                                           AntamOutboxEntry      *entry,
                                           const AntamSendConfig *config,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
gboolean antam_report_send_finish         (GAsyncResult          *result,
                                           GError               **error);

void     antam_report_service_start       (GApplication          *application);
void     antam_report_notify              (GApplication          *application,
                                           const char            *id,
                                           const char            *title,
                                           const char            *body);
void     antam_report_notify_scan_finished (GtkWindow            *window,
                                            const char           *error_message);

G_END_DECLS
