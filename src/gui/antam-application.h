/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ANTAM_TYPE_APPLICATION (antam_application_get_type ())
G_DECLARE_FINAL_TYPE (AntamApplication, antam_application, ANTAM, APPLICATION, AdwApplication)

AntamApplication *antam_application_new            (void);
GSettings        *antam_application_get_settings   (AntamApplication *self);
gboolean          antam_application_get_large_text (AntamApplication *self);
gboolean          antam_application_get_offer_language (AntamApplication *self);
void              antam_application_init_i18n      (void);

typedef struct _AntamWindow AntamWindow;
typedef struct _AntamSession AntamSession;
AntamWindow      *antam_application_show_session   (AntamApplication *self,
                                                    AntamSession     *session);

G_END_DECLS
