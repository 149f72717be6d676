/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "report/antam-contacts.h"
#include "report/antam-report-model.h"
#include "report/antam-send.h"

G_BEGIN_DECLS

int antam_cli_outbox_say      (AntamOutboxEntry      *entry,
                               const GError          *failure,
                               AntamContacts         *contacts,
                               GHashTable            *said);
int antam_cli_outbox_retry    (const AntamSendConfig *config,
                               AntamContacts         *contacts,
                               const char            *resend_id,
                               gboolean               quiet);
int antam_cli_outbox_list     (AntamContacts         *contacts);
int antam_cli_outbox_send_new (AntamReportModel      *model,
                               const AntamSendConfig *config,
                               AntamContacts         *contacts);

G_END_DECLS
