/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <nettle/eddsa.h>
#include <string.h>

#include "rules/antam-minisign.h"

#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX "trusted comment: "
#define MAX_UNTRUSTED_COMMENT 1024

/* "Ed": an Ed25519 key, or a signature over the message itself. */
static const guint8 algorithm_ed25519[2] = { 'E', 'd' };
static const guint8 algorithm_prehashed[2] = { 'E', 'D' };

G_DEFINE_QUARK (antam-minisign-error-quark, antam_minisign_error)

/* Base64 as minisign writes it: the standard alphabet, padded, nothing
 * else.  g_base64_decode() skips what it does not know, which would let
 * two different texts stand for one key. */
static gboolean
decode_exact (const char *text,
              gsize       text_length,
              guint8     *out,
              gsize       out_length)
{
  g_autofree guchar *bytes = NULL;
  gsize padding = 0;
  gsize length;

  if (text_length == 0 || text_length % 4 != 0 || text_length > 4 * ((out_length + 2) / 3))
    return FALSE;
  for (gsize i = 0; i < text_length; i++)
    {
      char c = text[i];

      if (c == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  if (padding > 2)
    return FALSE;

  {
    g_autofree char *copy = g_strndup (text, text_length);
    bytes = g_base64_decode (copy, &length);
  }
  if (length != out_length)
    return FALSE;
  memcpy (out, bytes, out_length);
  return TRUE;
}

/**
 * antam_minisign_public_key_parse:
 * @text: the key as minisign prints it ("RWQ…"), the second line of a
 *   minisign.pub file; surrounding spaces are ignored
 */
gboolean
antam_minisign_public_key_parse (const char              *text,
                                 AntamMinisignPublicKey  *key,
                                 GError                 **error)
{
  guint8 raw[2 + ANTAM_MINISIGN_KEY_ID_SIZE + ANTAM_MINISIGN_PUBLIC_KEY_SIZE];
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (!decode_exact (stripped, strlen (stripped), raw, sizeof raw))
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_MALFORMED,
                           _("is not a minisign public key (a line such as “RWQ…”, 56 characters)"));
      return FALSE;
    }
  if (memcmp (raw, algorithm_ed25519, 2) != 0)
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_UNSUPPORTED,
                           _("is a public key for another algorithm than Ed25519"));
      return FALSE;
    }
  memcpy (key->key_id, raw + 2, ANTAM_MINISIGN_KEY_ID_SIZE);
  memcpy (key->key, raw + 2 + ANTAM_MINISIGN_KEY_ID_SIZE, ANTAM_MINISIGN_PUBLIC_KEY_SIZE);
  return TRUE;
}

/**
 * antam_minisign_key_id_to_string:
 *
 * Returns: the key id as minisign prints it: the little-endian number in
 *   upper-case hex, e.g. "5DC0FCF737048F22"
 */
char *
antam_minisign_key_id_to_string (const guint8 *key_id)
{
  guint64 number = 0;

  for (int i = ANTAM_MINISIGN_KEY_ID_SIZE - 1; i >= 0; i--)
    number = (number << 8) | key_id[i];
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X", number);
}

/* One line of @text from *@offset, without its "\n" (nor a "\r" before
 * it); NULL when there is none, or it is longer than @max_length. */
static char *
next_line (const char *text,
           gsize       length,
           gsize      *offset,
           gsize       max_length)
{
  const char *start = text + *offset;
  const char *end = memchr (start, '\n', length - *offset);
  gsize line_length;

  if (end == NULL)
    end = text + length;
  line_length = (gsize) (end - start);
  *offset = end < text + length ? (gsize) (end - text) + 1 : length;
  if (line_length > 0 && start[line_length - 1] == '\r')
    line_length--;
  if (line_length > max_length || memchr (start, '\0', line_length) != NULL)
    return NULL;
  return g_strndup (start, line_length);
}

static gboolean
malformed (GError **error)
{
  g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_MALFORMED,
                       _("The signature is not in minisign’s format"));
  return FALSE;
}

/**
 * antam_minisign_verify:
 * @signature: the text of a .minisig file: an untrusted comment, the
 *   signature, a trusted comment and its signature, one a line
 * @trusted_comment: (out) (optional): the trusted comment, once checked
 *
 * Checks, as "minisign -V" does, that @key signed @message and the trusted
 * comment.  Nothing of @message is read before this returns %TRUE.
 */
gboolean
antam_minisign_verify (const AntamMinisignPublicKey  *key,
                       const char                    *signature,
                       gsize                          signature_length,
                       const void                    *message,
                       gsize                          message_length,
                       char                         **trusted_comment,
                       GError                       **error)
{
  guint8 signature_block[2 + ANTAM_MINISIGN_KEY_ID_SIZE + ANTAM_MINISIGN_SIGNATURE_SIZE];
  guint8 global_signature[ANTAM_MINISIGN_SIGNATURE_SIZE];
  const guint8 *ed25519_signature = signature_block + 2 + ANTAM_MINISIGN_KEY_ID_SIZE;
  g_autofree char *untrusted_line = NULL;
  g_autofree char *signature_line = NULL;
  g_autofree char *trusted_line = NULL;
  g_autofree char *global_line = NULL;
  g_autofree guint8 *signed_comment = NULL;
  const char *comment;
  gsize comment_length;
  gsize offset = 0;

  untrusted_line = next_line (signature, signature_length, &offset, MAX_UNTRUSTED_COMMENT);
  signature_line = next_line (signature, signature_length, &offset, 4 * sizeof signature_block / 3 + 4);
  trusted_line = next_line (signature, signature_length, &offset,
                            strlen (TRUSTED_PREFIX) + ANTAM_MINISIGN_MAX_TRUSTED_COMMENT);
  global_line = next_line (signature, signature_length, &offset, 4 * sizeof global_signature / 3 + 4);
  if (untrusted_line == NULL || signature_line == NULL || trusted_line == NULL || global_line == NULL ||
      offset != signature_length ||
      !g_str_has_prefix (untrusted_line, UNTRUSTED_PREFIX) ||
      !g_str_has_prefix (trusted_line, TRUSTED_PREFIX) ||
      !decode_exact (signature_line, strlen (signature_line), signature_block, sizeof signature_block) ||
      !decode_exact (global_line, strlen (global_line), global_signature, sizeof global_signature))
    return malformed (error);

  if (memcmp (signature_block, algorithm_prehashed, 2) == 0)
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_UNSUPPORTED,
                           _("The signature is minisign’s prehashed kind; sign with “minisign -S -l” "
                             "or with antam-cli rules publish"));
      return FALSE;
    }
  if (memcmp (signature_block, algorithm_ed25519, 2) != 0)
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_UNSUPPORTED,
                           _("The signature uses an algorithm other than Ed25519"));
      return FALSE;
    }
  if (memcmp (signature_block + 2, key->key_id, ANTAM_MINISIGN_KEY_ID_SIZE) != 0)
    {
      g_autofree char *theirs = antam_minisign_key_id_to_string (signature_block + 2);
      g_autofree char *ours = antam_minisign_key_id_to_string (key->key_id);

      g_set_error (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_OTHER_KEY,
                   _("Signed with key %s, not with the team’s key %s"), theirs, ours);
      return FALSE;
    }
  if (!ed25519_sha512_verify (key->key, message_length, message, ed25519_signature))
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_BAD_SIGNATURE,
                           _("The signature does not match: the data was changed after it was signed"));
      return FALSE;
    }

  /* The trusted comment is signed together with the signature itself. */
  comment = trusted_line + strlen (TRUSTED_PREFIX);
  comment_length = strlen (comment);
  signed_comment = g_malloc (ANTAM_MINISIGN_SIGNATURE_SIZE + comment_length);
  memcpy (signed_comment, ed25519_signature, ANTAM_MINISIGN_SIGNATURE_SIZE);
  memcpy (signed_comment + ANTAM_MINISIGN_SIGNATURE_SIZE, comment, comment_length);
  if (!ed25519_sha512_verify (key->key, ANTAM_MINISIGN_SIGNATURE_SIZE + comment_length,
                              signed_comment, global_signature))
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_BAD_SIGNATURE,
                           _("The signature of the trusted comment does not match"));
      return FALSE;
    }

  if (trusted_comment != NULL)
    *trusted_comment = g_strdup (comment);
  return TRUE;
}
