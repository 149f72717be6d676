/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cjson/cJSON.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define ANTAM_SNAPD_SOCKET "/run/snapd.socket"
#define ANTAM_SNAPD_MAX_REPLY (8 * 1024 * 1024)

/* snapd's REST API over its socket: one request, one JSON answer. */
cJSON *antam_snapd_request (const char    *socket_path,
                            const char    *method,
                            const char    *path,
                            const char    *body,
                            guint          timeout_s,
                            gboolean       allow_interaction,
                            guint         *http_status,
                            GCancellable  *cancellable,
                            GError       **error);

G_END_DECLS
