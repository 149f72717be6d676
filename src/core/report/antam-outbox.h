/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "antam-report-model.h"

G_BEGIN_DECLS

/* Never lose a report: each is written (atomically, 0600) to its own folder
 * under g_get_user_data_dir()/antam/outbox/ before anything is sent, with an
 * envelope.json that says where it stands.  It leaves "pending" only when
 * its channel accepted it; a failure keeps it, with the error, for the next
 * try.  Sent reports stay listed so the user can see what went, when. */

#define ANTAM_OUTBOX_SCHEMA "antam.outbox/1"

#define ANTAM_OUTBOX_ERROR (antam_outbox_error_quark ())

typedef enum {
  ANTAM_OUTBOX_ERROR_NO_ADDRESS,    /* the team cannot be reached that way */
} AntamOutboxError;

typedef enum {
  ANTAM_OUTBOX_PENDING,
  ANTAM_OUTBOX_SENT,                  /* the server accepted it */
  ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT, /* the user's mail app has it */
  ANTAM_OUTBOX_TRAINING,              /* made in training: never sent */
} AntamOutboxState;

typedef enum {
  ANTAM_CHANNEL_MAIL_CLIENT,
  ANTAM_CHANNEL_SMTP,
  ANTAM_CHANNEL_HTTPS,
} AntamChannel;

typedef struct {
  gatomicrefcount ref_count;
  char *id;
  char *dir;
  AntamOutboxState state;
  AntamChannel channel;
  char *contact_id;
  char *recipient;        /* an e-mail address, or the https endpoint */
  char *subject;
  char *file_stem;        /* what the attachments are called */
  gboolean has_pdf;
  guint attempts;
  char *last_error;       /* nullable: why the last try failed */
  GDateTime *created;
  GDateTime *updated;
  GDateTime *sent;        /* nullable: when it was accepted or handed over */
} AntamOutboxEntry;

const char       *antam_outbox_state_to_string   (AntamOutboxState state);
gboolean          antam_outbox_state_from_string (const char       *text,
                                                  AntamOutboxState *state);
const char       *antam_outbox_state_display_name (AntamOutboxState state);
const char       *antam_channel_to_string        (AntamChannel      channel);
gboolean          antam_channel_from_string      (const char       *text,
                                                  AntamChannel     *channel);

GQuark            antam_outbox_error_quark       (void);

char             *antam_outbox_get_default_dir   (void);

AntamOutboxEntry *antam_outbox_add               (const char       *outbox_dir,
                                                  const char       *id,
                                                  AntamChannel      channel,
                                                  gboolean          training,
                                                  const char       *contact_id,
                                                  const char       *recipient,
                                                  const char       *subject,
                                                  const char       *file_stem,
                                                  const char       *body,
                                                  const char       *json,
                                                  GBytes           *pdf,
                                                  GError          **error);
AntamOutboxEntry *antam_outbox_add_report        (const char       *outbox_dir,
                                                  AntamReportModel *model,
                                                  AntamChannel      channel,
                                                  GError          **error);
GPtrArray        *antam_outbox_list              (const char       *outbox_dir,
                                                  GError          **error);
AntamOutboxEntry *antam_outbox_entry_load        (const char       *entry_dir,
                                                  GError          **error);
AntamOutboxEntry *antam_outbox_entry_ref         (AntamOutboxEntry *entry);
void              antam_outbox_entry_unref       (AntamOutboxEntry *entry);
gboolean          antam_outbox_entry_save        (AntamOutboxEntry *entry,
                                                  GError          **error);
char             *antam_outbox_entry_get_path    (AntamOutboxEntry *entry,
                                                  const char       *name);
char             *antam_outbox_entry_get_attachment_path (AntamOutboxEntry *entry,
                                                          const char       *extension);
gboolean          antam_outbox_entry_read        (AntamOutboxEntry *entry,
                                                  const char       *name,
                                                  char            **contents,
                                                  gsize            *length,
                                                  GError          **error);
int               antam_outbox_entry_lock        (AntamOutboxEntry *entry,
                                                  GError          **error);
void              antam_outbox_entry_unlock      (int               fd);
gboolean          antam_outbox_entry_begin_attempt (AntamOutboxEntry *entry,
                                                    GError          **error);
gboolean          antam_outbox_entry_finish_attempt (AntamOutboxEntry *entry,
                                                     AntamOutboxState  state,
                                                     const GError     *failure,
                                                     GError          **error);

#define ANTAM_OUTBOX_BODY_FILE "message.txt"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamOutboxEntry, antam_outbox_entry_unref)

G_END_DECLS
