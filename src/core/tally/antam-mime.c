/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE 1   /* memmem() */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tally/antam-mime.h"
#include "tally/antam-tally-report.h"

#define MAX_NESTING 8
#define MAX_HEADER_VALUE (64 * 1024)

typedef struct {
  char *content_type;     /* the whole value, parameters included */
  char *encoding;
  char *disposition;
  char *message_id;
  char *report_id;
  char *subject;
  char *from;
} Headers;

static void
headers_clear (Headers *headers)
{
  g_free (headers->content_type);
  g_free (headers->encoding);
  g_free (headers->disposition);
  g_free (headers->message_id);
  g_free (headers->report_id);
  g_free (headers->subject);
  g_free (headers->from);
}

void
antam_mime_part_free (AntamMimePart *part)
{
  if (part == NULL)
    return;
  g_free (part->content_type);
  g_free (part->filename);
  g_clear_pointer (&part->body, g_bytes_unref);
  g_free (part);
}

void
antam_mime_message_free (AntamMimeMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->message_id);
  g_free (message->report_id);
  g_free (message->subject);
  g_free (message->from);
  g_ptr_array_unref (message->json_parts);
  g_free (message);
}

/* ---- Headers ------------------------------------------------------------- */

static gboolean
is_header_name (const char *start,
                const char *colon)
{
  if (colon == start)
    return FALSE;
  for (const char *p = start; p < colon; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 127)
      return FALSE;
  return TRUE;
}

static char **
slot_for (Headers    *headers,
          const char *name,
          gsize       len)
{
  static const struct { const char *name; gsize offset; } known[] = {
    { "content-type", G_STRUCT_OFFSET (Headers, content_type) },
    { "content-transfer-encoding", G_STRUCT_OFFSET (Headers, encoding) },
    { "content-disposition", G_STRUCT_OFFSET (Headers, disposition) },
    { "message-id", G_STRUCT_OFFSET (Headers, message_id) },
    { "x-antam-report-id", G_STRUCT_OFFSET (Headers, report_id) },
    { "subject", G_STRUCT_OFFSET (Headers, subject) },
    { "from", G_STRUCT_OFFSET (Headers, from) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (strlen (known[i].name) == len && g_ascii_strncasecmp (name, known[i].name, len) == 0)
      return G_STRUCT_MEMBER_P (headers, known[i].offset);
  return NULL;
}

/* Reads the header block; *@body is where the body starts (the end when
 * there is none).  FALSE when @data does not start with a header. */
static gboolean
parse_headers (const char *data,
               gsize       length,
               Headers    *headers,
               gsize      *body)
{
  const char *p = data, *end = data + length;
  g_autoptr(GString) value = NULL;
  char **slot = NULL;
  gboolean first = TRUE;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol ? eol : end;
      const char *next = eol ? eol + 1 : end;
      gsize line_len = line_end - p;

      if (line_len > 0 && p[line_len - 1] == '\r')
        line_len--;

      if (line_len == 0)
        {
          p = next;
          break;
        }
      if (*p == ' ' || *p == '\t')
        {
          if (first)
            return FALSE;
          if (slot != NULL && value->len < MAX_HEADER_VALUE)
            g_string_append_len (value, p, line_len);
        }
      else
        {
          const char *colon = memchr (p, ':', line_len);

          if (colon == NULL || !is_header_name (p, colon))
            {
              if (first)
                return FALSE;
              /* A stray line: the header block has ended without its blank line. */
              break;
            }
          if (slot != NULL && *slot == NULL)
            *slot = g_strstrip (g_strdup (value->str));
          slot = slot_for (headers, p, colon - p);
          if (value == NULL)
            value = g_string_new (NULL);
          g_string_truncate (value, 0);
          g_string_append_len (value, colon + 1, MIN ((gsize) (p + line_len - colon - 1), MAX_HEADER_VALUE));
        }
      first = FALSE;
      p = next;
    }
  if (slot != NULL && *slot == NULL)
    *slot = g_strstrip (g_strdup (value->str));
  *body = p - data;
  return !first;
}

/* The main value ("multipart/mixed"), lower case. */
static char *
main_value (const char *value)
{
  const char *semicolon;
  g_autofree char *text = NULL;

  if (value == NULL)
    return NULL;
  semicolon = strchr (value, ';');
  text = semicolon ? g_strndup (value, semicolon - value) : g_strdup (value);
  return g_ascii_strdown (g_strstrip (text), -1);
}

static char *
percent_decode (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A parameter of a structured header (RFC 2045), quoted or not, or in
 * RFC 2231's charset''percent-encoded form. */
static char *
get_param (const char *value,
           const char *name)
{
  const char *p;
  gsize name_len = strlen (name);

  if (value == NULL)
    return NULL;
  p = strchr (value, ';');
  while (p != NULL)
    {
      const char *key;
      gboolean extended = FALSE;
      GString *out;

      p++;
      while (*p == ' ' || *p == '\t')
        p++;
      key = p;
      while (*p && *p != '=' && *p != ';')
        p++;
      if (*p != '=')
        continue;
      if ((gsize) (p - key) == name_len + 1 && key[name_len] == '*' &&
          g_ascii_strncasecmp (key, name, name_len) == 0)
        extended = TRUE;
      else if (!((gsize) (p - key) == name_len && g_ascii_strncasecmp (key, name, name_len) == 0))
        {
          /* Skip this parameter's value, quotes and all. */
          p++;
          if (*p == '"')
            {
              for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                  p++;
            }
          p = strchr (p, ';');
          continue;
        }
      p++;
      out = g_string_new (NULL);
      if (*p == '"')
        {
          for (p++; *p && *p != '"'; p++)
            {
              if (*p == '\\' && p[1])
                p++;
              g_string_append_c (out, *p);
            }
        }
      else
        while (*p && *p != ';' && *p != ' ' && *p != '\t')
          g_string_append_c (out, *p++);
      if (extended)
        {
          g_autofree char *raw = g_string_free (out, FALSE);
          const char *quote = strchr (raw, '\'');
          const char *second = quote ? strchr (quote + 1, '\'') : NULL;
          g_autofree char *decoded = percent_decode (second ? second + 1 : raw);

          return g_utf8_make_valid (decoded, -1);
        }
      return g_string_free (out, FALSE);
    }
  return NULL;
}

static GBytes *
decode_qp (const char *data,
           gsize       length,
           gboolean    in_header)
{
  GByteArray *out = g_byte_array_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '=' && i + 2 < length && g_ascii_isxdigit (data[i + 1]) && g_ascii_isxdigit (data[i + 2]))
        {
          guint8 byte = g_ascii_xdigit_value (data[i + 1]) * 16 + g_ascii_xdigit_value (data[i + 2]);
          g_byte_array_append (out, &byte, 1);
          i += 2;
        }
      else if (c == '=' && !in_header)
        {
          /* A soft line break: "=" then CRLF or LF. */
          if (i + 1 < length && data[i + 1] == '\r')
            i++;
          if (i + 1 < length && data[i + 1] == '\n')
            i++;
        }
      else if (c == '_' && in_header)
        g_byte_array_append (out, (const guint8 *) " ", 1);
      else
        g_byte_array_append (out, (const guint8 *) &c, 1);
    }
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
decode_base64 (const char *data,
               gsize       length)
{
  guchar *out = g_malloc ((length / 4) * 3 + 4);
  gint state = 0;
  guint save = 0;
  gsize written = 0;
  const gsize chunk = 64 * 1024;

  /* g_base64_decode_step() skips line breaks and anything else outside
   * the alphabet, and takes any length. */
  for (gsize done = 0; done < length; done += chunk)
    written += g_base64_decode_step (data + done, MIN (chunk, length - done), out + written, &state, &save);
  return g_bytes_new_take (out, written);
}

static char *
to_utf8 (const char *bytes,
         gsize       length,
         const char *charset)
{
  if (charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0 ||
      g_ascii_strcasecmp (charset, "us-ascii") == 0)
    return g_utf8_make_valid (bytes, length);
  {
    g_autofree char *converted = g_convert (bytes, length, "UTF-8", charset, NULL, NULL, NULL);

    return converted ? g_utf8_make_valid (converted, -1) : g_utf8_make_valid (bytes, length);
  }
}

char *
antam_mime_decode_header (const char *value)
{
  GString *out;
  const char *p;
  gboolean after_word = FALSE;

  if (value == NULL)
    return NULL;
  out = g_string_new (NULL);
  p = value;
  while (*p)
    {
      const char *start = strstr (p, "=?");
      const char *q1, *q2, *stop;

      if (start == NULL)
        {
          g_string_append (out, p);
          break;
        }
      q1 = strchr (start + 2, '?');
      q2 = q1 ? strchr (q1 + 1, '?') : NULL;
      stop = q2 ? strstr (q2 + 1, "?=") : NULL;
      if (stop == NULL || q2 != q1 + 2)
        {
          g_string_append_len (out, p, start + 2 - p);
          p = start + 2;
          after_word = FALSE;
          continue;
        }
      {
        g_autofree char *charset = g_strndup (start + 2, q1 - start - 2);
        char kind = g_ascii_toupper (q1[1]);
        g_autoptr(GBytes) bytes = NULL;
        g_autofree char *text = NULL;
        gboolean blank_between = TRUE;

        for (const char *b = p; b < start; b++)
          if (*b != ' ' && *b != '\t' && *b != '\r' && *b != '\n')
            blank_between = FALSE;
        /* Blanks between two encoded words are not part of the text. */
        if (!(after_word && blank_between))
          g_string_append_len (out, p, start - p);
        if (strchr (charset, '*'))
          *strchr (charset, '*') = '\0';
        if (kind == 'B')
          bytes = decode_base64 (q2 + 1, stop - q2 - 1);
        else
          bytes = decode_qp (q2 + 1, stop - q2 - 1, TRUE);
        text = to_utf8 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), charset);
        g_string_append (out, text);
        p = stop + 2;
        after_word = TRUE;
      }
    }
  {
    g_autofree char *raw = g_string_free (out, FALSE);
    return g_strstrip (g_utf8_make_valid (raw, -1));
  }
}

/* ---- Bodies --------------------------------------------------------------- */

static gboolean
is_json_part (const char *type,
              const char *filename)
{
  if (type != NULL && (g_str_equal (type, "application/json") || g_str_equal (type, "text/json") ||
                       g_str_has_suffix (type, "+json")))
    return TRUE;
  if (filename != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (filename, -1);
      return g_str_has_suffix (lower, ".json");
    }
  return FALSE;
}

typedef struct {
  AntamMimeMessage *message;
  gsize max_part_size;
} Walk;

static gboolean walk_entity (Walk       *walk,
                             const char *data,
                             gsize       length,
                             guint       depth,
                             gboolean    is_message,
                             GError    **error);

/* The next boundary line "--BOUNDARY" at the start of a line, at or
 * after @from; *@closing when it is "--BOUNDARY--". */
static const char *
find_delimiter (const char *data,
                gsize       length,
                const char *from,
                const char *delimiter,
                gsize       delimiter_len,
                gboolean   *closing)
{
  const char *end = data + length;
  const char *p = from;

  while (p < end)
    {
      const char *hit = memmem (p, end - p, delimiter, delimiter_len);
      const char *after;

      if (hit == NULL)
        return NULL;
      after = hit + delimiter_len;
      if ((hit == data || hit[-1] == '\n'))
        {
          *closing = (end - after >= 2 && after[0] == '-' && after[1] == '-');
          return hit;
        }
      p = hit + 1;
    }
  return NULL;
}

static gboolean
walk_multipart (Walk       *walk,
                const char *data,
                gsize       length,
                const char *boundary,
                guint       depth,
                GError    **error)
{
  g_autofree char *delimiter = g_strconcat ("--", boundary, NULL);
  gsize delimiter_len = strlen (delimiter);
  const char *end = data + length;
  gboolean closing = FALSE;
  const char *hit = find_delimiter (data, length, data, delimiter, delimiter_len, &closing);

  if (hit == NULL)
    {
      g_set_error_literal (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_BROKEN_MESSAGE,
                           _("a multipart message without any of its parts"));
      return FALSE;
    }

  while (hit != NULL && !closing)
    {
      const char *start = memchr (hit, '\n', end - hit);
      const char *next;
      const char *stop;

      if (start == NULL)
        break;
      start++;
      next = find_delimiter (data, length, start, delimiter, delimiter_len, &closing);
      stop = next ? next : end;
      /* The line break before the delimiter belongs to the delimiter. */
      if (next != NULL && stop > start && stop[-1] == '\n')
        stop--;
      if (next != NULL && stop > start && stop[-1] == '\r')
        stop--;
      if (next == NULL)
        walk->message->truncated = TRUE;
      if (!walk_entity (walk, start, stop - start, depth + 1, FALSE, error))
        return FALSE;
      hit = next;
    }
  if (hit == NULL)
    walk->message->truncated = TRUE;
  return TRUE;
}

static gboolean
walk_entity (Walk       *walk,
             const char *data,
             gsize       length,
             guint       depth,
             gboolean    is_message,
             GError    **error)
{
  Headers headers = { NULL };
  g_autofree char *type = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *encoding = NULL;
  gsize body = 0;
  gboolean ok = TRUE;

  if (depth > MAX_NESTING)
    return TRUE;

  if (!parse_headers (data, length, &headers, &body))
    {
      if (is_message)
        {
          g_set_error_literal (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_BROKEN_MESSAGE,
                               _("not an e-mail message"));
          headers_clear (&headers);
          return FALSE;
        }
      body = 0;   /* a part with no headers at all: plain text */
    }

  if (is_message && walk->message->message_id == NULL)
    {
      AntamMimeMessage *message = walk->message;

      if (headers.message_id != NULL)
        message->message_id = g_strstrip (g_strdelimit (g_utf8_make_valid (headers.message_id, -1), "<>", ' '));
      message->report_id = headers.report_id ? g_utf8_make_valid (headers.report_id, -1) : NULL;
      message->subject = antam_mime_decode_header (headers.subject);
      message->from = antam_mime_decode_header (headers.from);
    }

  type = main_value (headers.content_type);
  if (type == NULL)
    type = g_strdup ("text/plain");
  encoding = main_value (headers.encoding);

  if (g_str_has_prefix (type, "multipart/"))
    {
      g_autofree char *boundary = get_param (headers.content_type, "boundary");

      if (boundary == NULL || *boundary == '\0')
        {
          g_set_error_literal (error, ANTAM_TALLY_ERROR, ANTAM_TALLY_ERROR_BROKEN_MESSAGE,
                               _("a multipart message that does not say where its parts begin"));
          ok = FALSE;
        }
      else
        ok = walk_multipart (walk, data + body, length - body, boundary, depth, error);
    }
  else if (g_str_equal (type, "message/rfc822"))
    {
      /* A forwarded report: its own headers and parts. */
      g_autoptr(GError) ignored = NULL;

      walk_entity (walk, data + body, length - body, depth + 1, FALSE, &ignored);
    }
  else
    {
      AntamMimeMessage *message = walk->message;

      message->n_parts++;
      filename = get_param (headers.disposition, "filename");
      if (filename == NULL)
        filename = get_param (headers.content_type, "name");
      if (filename != NULL)
        {
          char *decoded = antam_mime_decode_header (filename);
          g_free (filename);
          filename = decoded;
        }
      if (is_json_part (type, filename))
        {
          AntamMimePart *part = g_new0 (AntamMimePart, 1);
          gsize size = length - body;
          gboolean base64 = g_strcmp0 (encoding, "base64") == 0;

          part->content_type = g_steal_pointer (&type);
          part->filename = g_steal_pointer (&filename);
          part->encoded_size = size;
          if ((base64 ? size / 4 * 3 : size) <= walk->max_part_size)
            {
              if (base64)
                part->body = decode_base64 (data + body, size);
              else if (g_strcmp0 (encoding, "quoted-printable") == 0)
                part->body = decode_qp (data + body, size, FALSE);
              else
                part->body = g_bytes_new (data + body, size);
              if (g_bytes_get_size (part->body) > walk->max_part_size)
                g_clear_pointer (&part->body, g_bytes_unref);
            }
          g_ptr_array_add (message->json_parts, part);
        }
    }

  headers_clear (&headers);
  return ok;
}

/**
 * antam_mime_parse:
 * @data: the whole message, not necessarily nul-terminated
 * @max_part_size: a JSON part larger than this (decoded) is listed
 *   without its body
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with
 *   %ANTAM_TALLY_ERROR_BROKEN_MESSAGE
 */
AntamMimeMessage *
antam_mime_parse (const char  *data,
                  gsize        length,
                  gsize        max_part_size,
                  GError     **error)
{
  g_autoptr(AntamMimeMessage) message = g_new0 (AntamMimeMessage, 1);
  Walk walk = { message, max_part_size };

  message->json_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_mime_part_free);
  if (!walk_entity (&walk, data, length, 0, TRUE, error))
    return NULL;
  return g_steal_pointer (&message);
}

/**
 * antam_mime_peek_report_id:
 *
 * Returns: (nullable): the X-AnTam-Report-Id of the message, lower case,
 *   read from its headers alone: a resend is known without decoding it
 */
char *
antam_mime_peek_report_id (const char *data,
                           gsize       length)
{
  Headers headers = { NULL };
  gsize body = 0;
  char *id = NULL;

  if (parse_headers (data, length, &headers, &body) && headers.report_id != NULL &&
      g_utf8_validate (headers.report_id, -1, NULL) && *headers.report_id != '\0')
    id = g_ascii_strdown (headers.report_id, -1);
  headers_clear (&headers);
  return id;
}

/* ---- mbox ------------------------------------------------------------------ */

gboolean
antam_mbox_looks_like (const char *data,
                       gsize       length)
{
  return length >= 5 && memcmp (data, "From ", 5) == 0;
}

guint
antam_mbox_split (const char    *data,
                  gsize          length,
                  AntamMboxFunc  func,
                  gpointer       user_data,
                  gboolean      *truncated)
{
  const char *end = data + length;
  const char *p = data;
  const char *start = NULL;
  guint count = 0;

  if (truncated != NULL)
    *truncated = length > 0 && data[length - 1] != '\n';

  /* A message starts after a "From " line at the start of the file or
   * after a blank line; a "From " in a text was written ">From ". */
  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *next = eol ? eol + 1 : end;
      gboolean separator = (end - p >= 5 && memcmp (p, "From ", 5) == 0 &&
                            (p == data || (p >= data + 2 && p[-2] == '\n') ||
                             (p >= data + 3 && p[-2] == '\r' && p[-3] == '\n')));

      if (separator)
        {
          if (start != NULL)
            {
              const char *stop = p;

              /* The blank line before the separator is the mbox's. */
              if (stop > start && stop[-1] == '\n')
                stop--;
              if (stop > start && stop[-1] == '\r')
                stop--;
              if (!func (start, stop - start, count++, user_data))
                return count;
            }
          start = next;
        }
      p = next;
    }
  if (start != NULL)
    func (start, end - start, count++, user_data);
  return count;
}
