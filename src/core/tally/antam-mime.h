/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Just enough of RFC 5322 and MIME (RFC 2045–2047, 2231) to find the
 * report a mail program attached: the headers that identify the message,
 * and the parts that are JSON by type or by name.  Other parts are
 * skipped over without being decoded, however large. */

typedef struct {
  char *content_type;   /* lower case, without parameters */
  char *filename;       /* nullable, decoded */
  GBytes *body;         /* decoded; NULL when larger than the limit */
  gsize encoded_size;
} AntamMimePart;

typedef struct {
  char *message_id;     /* nullable, without the angle brackets */
  char *report_id;      /* nullable: X-AnTam-Report-Id */
  char *subject;        /* nullable, decoded */
  char *from;           /* nullable, decoded */
  GPtrArray *json_parts;  /* AntamMimePart: the candidates, in order */
  guint n_parts;        /* leaves seen, all kinds */
  gboolean truncated;   /* a multipart ended before its closing boundary */
} AntamMimeMessage;

AntamMimeMessage *antam_mime_parse         (const char        *data,
                                            gsize              length,
                                            gsize              max_part_size,
                                            GError           **error);
void              antam_mime_message_free  (AntamMimeMessage  *message);
void              antam_mime_part_free     (AntamMimePart     *part);

char             *antam_mime_peek_report_id (const char     *data,
                                             gsize           length);

/* RFC 2047 encoded words ("=?UTF-8?B?...?=") decoded; always valid UTF-8. */
char             *antam_mime_decode_header (const char        *value);

/* mbox: one callback a message, the "From " line left out.  Returns how
 * many there were; *@truncated when the file does not end with a line
 * break, as one cut short does.  The callback returns FALSE to stop. */
typedef gboolean (*AntamMboxFunc) (const char *message,
                                   gsize       length,
                                   guint       index,
                                   gpointer    user_data);

gboolean          antam_mbox_looks_like    (const char        *data,
                                            gsize              length);
guint             antam_mbox_split         (const char        *data,
                                            gsize              length,
                                            AntamMboxFunc      func,
                                            gpointer           user_data,
                                            gboolean          *truncated);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamMimeMessage, antam_mime_message_free)

G_END_DECLS
