/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "report/antam-report-model.h"

G_BEGIN_DECLS

/* Never lose a report, never send it twice without saying so, never send
 * it damaged.  Each is written (atomically, 0600) to its own folder under
 * g_get_user_data_dir()/antam/outbox/ before anything is sent, with an
 * envelope.json that says where it stands and the SHA-256 of each of its
 * files, and a copy of the envelope beside it.
 *
 * Delivery is at least once: the report id is the Message-ID (and the
 * X-AnTam-Report-Id and Idempotency-Key headers) on every attempt, so the
 * team counts a report once.  Just before the last step of a send (the
 * end of the message, the end of the upload) the envelope says
 * "handing-over"; a reply that never comes, or a sender that dies then,
 * leaves "maybe-delivered", which is sent again only when the user or the
 * retry decides (antam_outbox_entry_is_due()). */

#define ANTAM_OUTBOX_SCHEMA "antam.outbox/1"
#define ANTAM_OUTBOX_BODY_FILE "message.txt"

/* A sent report is kept this long, and the newest ones whatever their age:
 * the user can see what went, and when.  Nothing waiting is ever removed. */
#define ANTAM_OUTBOX_KEEP_DAYS 180
#define ANTAM_OUTBOX_KEEP_NEWEST 20

/* A report that may have been delivered is sent again by itself only after
 * this long, in case it was lost after all. */
#define ANTAM_OUTBOX_RESEND_AFTER_HOURS 24

#define ANTAM_OUTBOX_ERROR (antam_outbox_error_quark ())

typedef enum {
  ANTAM_OUTBOX_ERROR_NO_ADDRESS,    /* the team cannot be reached that way */
  ANTAM_OUTBOX_ERROR_NO_SPACE,      /* the disk is full */
  ANTAM_OUTBOX_ERROR_WRITE,         /* could not be written for another reason */
  ANTAM_OUTBOX_ERROR_DAMAGED,       /* a file changed after the report was made */
} AntamOutboxError;

typedef enum {
  ANTAM_OUTBOX_PENDING,
  ANTAM_OUTBOX_SENT,                  /* the server accepted it */
  ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT, /* the user's mail app has it */
  ANTAM_OUTBOX_TRAINING,              /* made in training: never sent */
  ANTAM_OUTBOX_HANDING_OVER,          /* a sender is at the last step now */
  ANTAM_OUTBOX_MAYBE_DELIVERED,       /* handed over; the answer never came */
  ANTAM_OUTBOX_DAMAGED,               /* its envelope cannot be read */
} AntamOutboxState;

typedef enum {
  ANTAM_OUTBOX_FAILURE_NONE,
  ANTAM_OUTBOX_FAILURE_TRANSIENT,     /* worth trying again as it is */
  ANTAM_OUTBOX_FAILURE_PERMANENT,     /* a setting, a password or a file must change first */
} AntamOutboxFailure;

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
  char *last_error;       /* nullable: why the last try failed, in plain words */
  AntamOutboxFailure failure;
  char *settings_key;     /* nullable: the settings the last permanent failure had */
  GHashTable *checksums;  /* file name → SHA-256 of it as it was made */
  GDateTime *created;
  GDateTime *updated;
  GDateTime *handed_over; /* nullable: when the last step of a send began */
  GDateTime *sent;        /* nullable: when it was accepted or handed over */
  char *damage;           /* nullable: what is wrong with its files, in plain words */
  gboolean unrecorded;    /* its last outcome could not be written down */
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
guint             antam_outbox_prune             (const char       *outbox_dir,
                                                  GDateTime        *now);
AntamOutboxEntry *antam_outbox_entry_load        (const char       *entry_dir,
                                                  GError          **error);
AntamOutboxEntry *antam_outbox_entry_ref         (AntamOutboxEntry *entry);
void              antam_outbox_entry_unref       (AntamOutboxEntry *entry);
gboolean          antam_outbox_entry_withdraw    (AntamOutboxEntry *entry,
                                                  GError          **error);
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
gboolean          antam_outbox_entry_is_waiting  (AntamOutboxEntry *entry);
gboolean          antam_outbox_entry_is_due      (AntamOutboxEntry *entry,
                                                  GDateTime        *now,
                                                  const char       *settings_key);
gboolean          antam_outbox_entry_check_files (AntamOutboxEntry *entry,
                                                  GError          **error);
int               antam_outbox_entry_lock        (AntamOutboxEntry *entry,
                                                  GError          **error);
void              antam_outbox_entry_unlock      (int               fd);
gboolean          antam_outbox_entry_begin_attempt (AntamOutboxEntry *entry,
                                                    GError          **error);
gboolean          antam_outbox_entry_begin_hand_over (AntamOutboxEntry *entry,
                                                      GError          **error);
gboolean          antam_outbox_entry_finish_attempt (AntamOutboxEntry  *entry,
                                                     AntamOutboxState   state,
                                                     const GError      *failure,
                                                     AntamOutboxFailure kind,
                                                     const char        *settings_key,
                                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamOutboxEntry, antam_outbox_entry_unref)

G_END_DECLS
