/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which language An Tâm speaks.  The app speaks Vietnamese unless the
 * user chose another language in it (or set LANGUAGE for it); the command
 * line follows the process's locale and LANGUAGE, or its --lang.  Rules,
 * scenarios and contacts carry their texts in "vi" and "en":
 * antam_i18n_pick() gives the one the user reads. */
void        antam_i18n_init                     (void);
const char *antam_i18n_get_language             (void);
void        antam_i18n_set_language             (const char *language);
const char *antam_i18n_pick                     (const char *vi,
                                                 const char *en);
gboolean    antam_i18n_has_translation          (const char *language);
const char *antam_i18n_get_explicit_language    (void);
const char *antam_i18n_choose_app_language      (const char *saved);
void        antam_i18n_use_language             (const char *language);
void        antam_i18n_follow_language_variable (void);

G_END_DECLS
