/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "rules/antam-minisign.h"

/* A minisign secret key file, as minisign -G writes it: the key id and
 * the Ed25519 secret key, with their BLAKE2b-256 checksum, XORed with a
 * stream scrypt derives from the passphrase (parameters in the file). */
typedef struct {
  guint8 key_id[ANTAM_MINISIGN_KEY_ID_SIZE];
  guint8 secret[crypto_sign_SECRETKEYBYTES];
  guint8 checksum[crypto_generichash_BYTES];
} SecretPart;

typedef struct {
  guint8 signature_algorithm[2];
  guint8 kdf_algorithm[2];
  guint8 checksum_algorithm[2];
  guint8 kdf_salt[crypto_pwhash_scryptsalsa208sha256_SALTBYTES];
  guint8 kdf_opslimit_le[8];
  guint8 kdf_memlimit_le[8];
  SecretPart part;
} SecretKey;

/* A file whose parameters ask for more than minisign's own, fourfold, is
 * not one worth spending the memory on. */
#define MAX_OPSLIMIT (4ull * crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE)
#define MAX_MEMLIMIT (4ull * crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE)

static gpointer
init_sodium (gpointer data)
{
  return GINT_TO_POINTER (sodium_init () >= 0);
}

static gboolean
ensure_sodium (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  if (GPOINTER_TO_INT (g_once (&once, init_sodium, NULL)))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The cryptography library could not start"));
  return FALSE;
}

static void
store_le64 (guint8  *out,
            guint64  value)
{
  for (int i = 0; i < 8; i++, value >>= 8)
    out[i] = value & 0xff;
}

static guint64
load_le64 (const guint8 *in)
{
  guint64 value = 0;

  for (int i = 7; i >= 0; i--)
    value = (value << 8) | in[i];
  return value;
}

static void
compute_checksum (const SecretKey *key,
                  guint8          *checksum)
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, crypto_generichash_BYTES);
  crypto_generichash_update (&state, key->signature_algorithm, sizeof key->signature_algorithm);
  crypto_generichash_update (&state, key->part.key_id, sizeof key->part.key_id);
  crypto_generichash_update (&state, key->part.secret, sizeof key->part.secret);
  crypto_generichash_final (&state, checksum, crypto_generichash_BYTES);
}

/* Encrypts or decrypts (the same XOR) the secret part with @passphrase. */
static gboolean
xor_secret_part (SecretKey   *key,
                 const char  *passphrase,
                 GError     **error)
{
  guint8 *stream = sodium_malloc (sizeof key->part);
  guint8 *part = (guint8 *) &key->part;
  gboolean ok;

  if (stream == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Not enough memory to decrypt the key"));
      return FALSE;
    }
  ok = crypto_pwhash_scryptsalsa208sha256 (stream, sizeof key->part, passphrase, strlen (passphrase),
                                           key->kdf_salt, load_le64 (key->kdf_opslimit_le),
                                           (size_t) load_le64 (key->kdf_memlimit_le)) == 0;
  if (ok)
    for (gsize i = 0; i < sizeof key->part; i++)
      part[i] ^= stream[i];
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("Not enough memory to derive the key from the passphrase"));
  sodium_free (stream);
  return ok;
}

static char *
to_base64 (const void *data,
           gsize       length)
{
  gsize size = sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_ORIGINAL);
  char *text = g_malloc (size);

  sodium_bin2base64 (text, size, data, length, sodium_base64_VARIANT_ORIGINAL);
  return text;
}

/**
 * antam_minisign_generate:
 * @public_key_file: (out): minisign.pub's text: a comment, then the key
 *   line that a team's contacts carry as rules_key
 * @secret_key_file: (out): the encrypted secret key, as minisign.key
 */
gboolean
antam_minisign_generate (const char            *passphrase,
                         AntamMinisignKdfCost   cost,
                         char                 **public_key_file,
                         char                 **secret_key_file,
                         GError               **error)
{
  guint8 public_block[2 + ANTAM_MINISIGN_KEY_ID_SIZE + crypto_sign_PUBLICKEYBYTES];
  SecretKey *key;
  g_autofree char *public_line = NULL;
  g_autofree char *key_id = NULL;
  char *secret_line;
  guint64 opslimit = cost == ANTAM_MINISIGN_KDF_SENSITIVE
    ? crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE
    : crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_INTERACTIVE;
  guint64 memlimit = cost == ANTAM_MINISIGN_KDF_SENSITIVE
    ? crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE
    : crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_INTERACTIVE;

  if (!ensure_sodium (error))
    return FALSE;
  key = sodium_malloc (sizeof *key);
  if (key == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Not enough memory to make the key"));
      return FALSE;
    }

  memcpy (key->signature_algorithm, "Ed", 2);
  memcpy (key->kdf_algorithm, "Sc", 2);
  memcpy (key->checksum_algorithm, "B2", 2);
  randombytes_buf (key->kdf_salt, sizeof key->kdf_salt);
  store_le64 (key->kdf_opslimit_le, opslimit);
  store_le64 (key->kdf_memlimit_le, memlimit);
  randombytes_buf (key->part.key_id, sizeof key->part.key_id);
  memcpy (public_block, "Ed", 2);
  memcpy (public_block + 2, key->part.key_id, ANTAM_MINISIGN_KEY_ID_SIZE);
  crypto_sign_keypair (public_block + 2 + ANTAM_MINISIGN_KEY_ID_SIZE, key->part.secret);
  compute_checksum (key, key->part.checksum);

  if (!xor_secret_part (key, passphrase, error))
    {
      sodium_free (key);
      return FALSE;
    }

  key_id = antam_minisign_key_id_to_string (public_block + 2);
  public_line = to_base64 (public_block, sizeof public_block);
  secret_line = to_base64 (key, sizeof *key);
  sodium_free (key);

  *public_key_file = g_strdup_printf ("untrusted comment: minisign public key %s\n%s\n", key_id, public_line);
  *secret_key_file = g_strdup_printf ("untrusted comment: minisign encrypted secret key\n%s\n", secret_line);
  g_free (secret_line);
  return TRUE;
}

/* The secret key file's second line, decrypted.  Free with sodium_free(). */
static SecretKey *
load_secret_key (const char  *text,
                 gsize        length,
                 const char  *passphrase,
                 GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *copy = g_strndup (text, length);
  SecretKey *key = NULL;
  guint8 checksum[crypto_generichash_BYTES];
  gsize decoded = 0;
  const char *line;

  lines = g_strsplit (copy, "\n", 3);
  line = lines[0] != NULL && g_str_has_prefix (lines[0], "untrusted comment: ") ? lines[1] : NULL;
  if (line != NULL)
    {
      key = sodium_malloc (sizeof *key);
      if (key != NULL &&
          (sodium_base642bin ((guint8 *) key, sizeof *key, line, strcspn (line, "\r"), NULL, &decoded,
                              NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
           decoded != sizeof *key))
        g_clear_pointer (&key, sodium_free);
    }
  sodium_memzero (copy, length);
  if (key == NULL)
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_MALFORMED,
                           _("This is not a minisign secret key file"));
      return NULL;
    }

  if (memcmp (key->signature_algorithm, "Ed", 2) != 0 || memcmp (key->kdf_algorithm, "Sc", 2) != 0 ||
      memcmp (key->checksum_algorithm, "B2", 2) != 0)
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_UNSUPPORTED,
                           _("This secret key is not an Ed25519 key protected by a passphrase"));
      goto error;
    }
  if (load_le64 (key->kdf_opslimit_le) > MAX_OPSLIMIT || load_le64 (key->kdf_memlimit_le) > MAX_MEMLIMIT)
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_UNSUPPORTED,
                           _("This secret key asks for more memory or time to decrypt than any minisign key"));
      goto error;
    }
  if (!xor_secret_part (key, passphrase, error))
    goto error;
  compute_checksum (key, checksum);
  if (sodium_memcmp (checksum, key->part.checksum, sizeof checksum) != 0)
    {
      g_set_error_literal (error, ANTAM_MINISIGN_ERROR, ANTAM_MINISIGN_ERROR_WRONG_PASSPHRASE,
                           _("Wrong passphrase for this key"));
      goto error;
    }
  return key;

error:
  sodium_free (key);
  return NULL;
}

/**
 * antam_minisign_sign:
 * @trusted_comment: one line, signed with the signature
 * @signature: (out): the text of a .minisig file, ending in a newline
 *
 * Signs as "minisign -S -l" does.
 */
gboolean
antam_minisign_sign (const char  *secret_key_file,
                     gsize        secret_key_length,
                     const char  *passphrase,
                     const void  *message,
                     gsize        message_length,
                     const char  *trusted_comment,
                     char       **signature,
                     GError     **error)
{
  guint8 signature_block[2 + ANTAM_MINISIGN_KEY_ID_SIZE + crypto_sign_BYTES];
  guint8 global_signature[crypto_sign_BYTES];
  guint8 *ed25519_signature = signature_block + 2 + ANTAM_MINISIGN_KEY_ID_SIZE;
  gsize comment_length = strlen (trusted_comment);
  g_autofree guint8 *signed_comment = NULL;
  g_autofree char *signature_line = NULL;
  g_autofree char *global_line = NULL;
  g_autofree char *key_id = NULL;
  SecretKey *key;

  g_return_val_if_fail (strchr (trusted_comment, '\n') == NULL, FALSE);
  g_return_val_if_fail (comment_length <= ANTAM_MINISIGN_MAX_TRUSTED_COMMENT, FALSE);

  if (!ensure_sodium (error))
    return FALSE;
  key = load_secret_key (secret_key_file, secret_key_length, passphrase, error);
  if (key == NULL)
    return FALSE;

  memcpy (signature_block, "Ed", 2);
  memcpy (signature_block + 2, key->part.key_id, ANTAM_MINISIGN_KEY_ID_SIZE);
  crypto_sign_detached (ed25519_signature, NULL, message, message_length, key->part.secret);

  signed_comment = g_malloc (crypto_sign_BYTES + comment_length);
  memcpy (signed_comment, ed25519_signature, crypto_sign_BYTES);
  memcpy (signed_comment + crypto_sign_BYTES, trusted_comment, comment_length);
  crypto_sign_detached (global_signature, NULL, signed_comment, crypto_sign_BYTES + comment_length,
                        key->part.secret);
  key_id = antam_minisign_key_id_to_string (key->part.key_id);
  sodium_free (key);

  signature_line = to_base64 (signature_block, sizeof signature_block);
  global_line = to_base64 (global_signature, sizeof global_signature);
  *signature = g_strdup_printf ("untrusted comment: signature from minisign secret key %s\n"
                                "%s\ntrusted comment: %s\n%s\n",
                                key_id, signature_line, trusted_comment, global_line);
  return TRUE;
}
