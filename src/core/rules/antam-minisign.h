/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Ed25519 signatures in minisign's formats (https://jedisct1.github.io/minisign/),
 * so that a CSIRT can check a feed with the minisign tool too.  Checking
 * uses Nettle's Ed25519, which every build has; making keys and signing
 * use libsodium, as minisign itself does, and exist only when An Tâm is
 * built with it (HAVE_LIBSODIUM).
 *
 * Signatures are minisign's "legacy" kind (algorithm "Ed", what
 * "minisign -S -l" makes): Ed25519 over the message itself, which Nettle
 * can check.  The prehashed kind ("ED", BLAKE2b-512 first) is for files
 * too large to hold in memory, which a feed never is. */

#define ANTAM_MINISIGN_ERROR (antam_minisign_error_quark ())

typedef enum {
  ANTAM_MINISIGN_ERROR_MALFORMED,        /* not a key or signature in minisign's format */
  ANTAM_MINISIGN_ERROR_UNSUPPORTED,      /* another algorithm, or a prehashed signature */
  ANTAM_MINISIGN_ERROR_OTHER_KEY,        /* signed by a key other than the one pinned */
  ANTAM_MINISIGN_ERROR_BAD_SIGNATURE,    /* the signature does not match the data */
  ANTAM_MINISIGN_ERROR_WRONG_PASSPHRASE,
} AntamMinisignError;

#define ANTAM_MINISIGN_KEY_ID_SIZE 8
#define ANTAM_MINISIGN_PUBLIC_KEY_SIZE 32
#define ANTAM_MINISIGN_SIGNATURE_SIZE 64
/* The longest trusted comment minisign reads. */
#define ANTAM_MINISIGN_MAX_TRUSTED_COMMENT 8000

typedef struct {
  guint8 key_id[ANTAM_MINISIGN_KEY_ID_SIZE];
  guint8 key[ANTAM_MINISIGN_PUBLIC_KEY_SIZE];
} AntamMinisignPublicKey;

GQuark    antam_minisign_error_quark        (void);

gboolean  antam_minisign_public_key_parse   (const char                   *text,
                                             AntamMinisignPublicKey       *key,
                                             GError                      **error);
char     *antam_minisign_key_id_to_string   (const guint8                 *key_id);
gboolean  antam_minisign_verify             (const AntamMinisignPublicKey *key,
                                             const char                   *signature,
                                             gsize                         signature_length,
                                             const void                   *message,
                                             gsize                         message_length,
                                             char                        **trusted_comment,
                                             GError                      **error);

#ifdef HAVE_LIBSODIUM
/* The cost of deriving the key that encrypts a secret key from its
 * passphrase: minisign's own (1 GiB of memory), or a light one for tests. */
typedef enum {
  ANTAM_MINISIGN_KDF_SENSITIVE,
  ANTAM_MINISIGN_KDF_INTERACTIVE,
} AntamMinisignKdfCost;

gboolean  antam_minisign_generate           (const char                   *passphrase,
                                             AntamMinisignKdfCost          cost,
                                             char                        **public_key_file,
                                             char                        **secret_key_file,
                                             GError                      **error);
gboolean  antam_minisign_sign               (const char                   *secret_key_file,
                                             gsize                         secret_key_length,
                                             const char                   *passphrase,
                                             const void                   *message,
                                             gsize                         message_length,
                                             const char                   *trusted_comment,
                                             char                        **signature,
                                             GError                      **error);
#endif

G_END_DECLS
