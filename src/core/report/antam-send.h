/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "report/antam-contacts.h"
#include "report/antam-outbox.h"
#include "report/antam-report-model.h"

G_BEGIN_DECLS

/* Sending a report from the outbox by its channel: SMTP over TLS
 * (libcurl), an HTTPS POST of the JSON, or the user's own mail app
 * (xdg-email; the app tries the Email portal first).  Network work runs in
 * a GTask thread and can be cancelled. */

#define ANTAM_SEND_ERROR (antam_send_error_quark ())

typedef enum {
  ANTAM_SEND_ERROR_CONFIG,          /* nowhere to send: no server, no address */
  ANTAM_SEND_ERROR_PLAIN_REFUSED,   /* plain SMTP to another machine */
  ANTAM_SEND_ERROR_NEED_PASSWORD,   /* a user is set and no password is stored */
  ANTAM_SEND_ERROR_AUTH,            /* the server refused the password or token */
  ANTAM_SEND_ERROR_REJECTED,        /* the server could not take it now (try later) */
  ANTAM_SEND_ERROR_NETWORK,         /* could not reach it, or it stalled */
  ANTAM_SEND_ERROR_TRAINING,        /* a training report is never sent */
  ANTAM_SEND_ERROR_NO_MAIL_CLIENT,  /* no mail app could be opened */
  ANTAM_SEND_ERROR_CERTIFICATE,     /* the server's certificate is not trusted */
  ANTAM_SEND_ERROR_REFUSED,         /* the server said no for good: an address, a size */
  ANTAM_SEND_ERROR_MAYBE_DELIVERED, /* handed over; its answer never came */
} AntamSendError;

typedef enum {
  ANTAM_SMTP_SECURITY_TLS,          /* smtps://, usually port 465 */
  ANTAM_SMTP_SECURITY_STARTTLS,     /* smtp:// then STARTTLS, usually 587 */
  ANTAM_SMTP_SECURITY_NONE,         /* loopback only */
} AntamSmtpSecurity;

typedef struct {
  AntamChannel channel;
  char *contact_id;

  char *smtp_server;
  guint smtp_port;                  /* 0: the usual one for the security */
  AntamSmtpSecurity smtp_security;
  char *smtp_user;                  /* empty or NULL: no login */
  char *smtp_password;              /* NULL: looked up in the Secret Service */

  char *from_name;
  char *from_address;

  char *https_token;                /* NULL: looked up in the Secret Service */

  guint connect_timeout;            /* seconds */
  guint stall_timeout;              /* seconds without a byte moving */
  guint total_timeout;              /* seconds for the whole transfer */
  char *ca_file;                    /* Preferences' "ca-file", else $ANTAM_TEST_CA_FILE
                                     * (tests only); NULL: the system's authorities */
  GHashTable *team_ca_files;        /* contact id → its contacts.json "ca_file" */
  guint reminder_days;
} AntamSendConfig;

GQuark            antam_send_error_quark        (void);

const char       *antam_smtp_security_to_string (AntamSmtpSecurity security);
gboolean          antam_smtp_security_from_string (const char       *text,
                                                   AntamSmtpSecurity *security);

AntamSendConfig  *antam_send_config_new         (void);
AntamSendConfig  *antam_send_config_copy        (const AntamSendConfig *config);
void              antam_send_config_free        (AntamSendConfig  *config);
GSettings        *antam_report_settings_new     (void);
AntamSendConfig  *antam_send_config_load        (GSettings        *settings);
void              antam_send_config_add_contacts (AntamSendConfig *config,
                                                  AntamContacts   *contacts);
char             *antam_send_config_get_key     (const AntamSendConfig *config);
gboolean          antam_send_error_is_permanent (const GError     *error);
void              antam_report_model_load_sender (AntamReportModel *model,
                                                  GSettings        *settings);

gboolean          antam_smtp_check_server       (const char       *server,
                                                 AntamSmtpSecurity security,
                                                 GError          **error);

gboolean          antam_send_entry              (AntamOutboxEntry *entry,
                                                 const AntamSendConfig *config,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
void              antam_send_entry_async        (AntamOutboxEntry *entry,
                                                 const AntamSendConfig *config,
                                                 GCancellable     *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data);
gboolean          antam_send_entry_finish       (GAsyncResult     *result,
                                                 GError          **error);

void              antam_outbox_flush_async      (const char       *outbox_dir,
                                                 const AntamSendConfig *config,
                                                 GCancellable     *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data);
gboolean          antam_outbox_flush_finish     (GAsyncResult     *result,
                                                 guint            *n_sent,
                                                 guint            *n_failed,
                                                 GError          **error);
gboolean          antam_outbox_flush            (const char       *outbox_dir,
                                                 const AntamSendConfig *config,
                                                 GCancellable     *cancellable,
                                                 guint            *n_sent,
                                                 guint            *n_failed,
                                                 GError          **error);

char             *antam_mailto_uri              (const char       *address,
                                                 const char       *subject,
                                                 const char       *body);
gboolean          antam_mail_client_compose     (AntamOutboxEntry *entry,
                                                 GCancellable     *cancellable,
                                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamSendConfig, antam_send_config_free)

G_END_DECLS
