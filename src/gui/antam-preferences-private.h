/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "antam-preferences-window.h"

G_BEGIN_DECLS

/* Shared by the Preferences window (antam-preferences-window.c) and its
 * keyring part (antam-preferences-secret.c). */

/* A secret in the keyring and the rows that show it: the mail server's
 * password and the team's access token take the same steps. */
typedef struct {
  const SecretSchema *(*schema) (void);
  /* The attributes for the current settings into @attributes, or FALSE
   * with in @why what the status row says while they are incomplete;
   * @searching: only to tell whether one is saved. */
  gboolean (*attributes) (AntamPreferencesWindow  *self,
                          gboolean                 searching,
                          GHashTable              *attributes,
                          const char             **why);
  char *(*label) (GHashTable *attributes);     /* its name in the keyring */
  char *(*not_saved) (const char *reason);     /* the toast when storing fails */
  const char *forget_action;
  AdwPasswordEntryRow *row;
  AdwActionRow *status_row;
  gboolean strip;               /* spaces around it are typing slips */
  /* Marked with N_(), translated when shown, as the other texts: */
  const char *none_saved;
  const char *incomplete;       /* the toast on apply without the attributes; NULL: quietly ignored */
  const char *saved;
  const char *forgotten;
  guint serial;                 /* a newer question to the keyring makes older answers stale */
} SecretSlot;

void          antam_preferences_window_toast          (AntamPreferencesWindow *self,
                                                       const char             *text);
GCancellable *antam_preferences_window_get_cancellable (AntamPreferencesWindow *self);

GHashTable   *antam_preferences_secret_attributes_new (void);
void          antam_preferences_secret_query          (AntamPreferencesWindow *self,
                                                       SecretSlot             *slot);
void          antam_preferences_secret_apply          (AntamPreferencesWindow *self,
                                                       SecretSlot             *slot);
void          antam_preferences_secret_forget         (AntamPreferencesWindow *self,
                                                       SecretSlot             *slot);

G_END_DECLS
