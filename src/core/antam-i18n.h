/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Rules and scenarios carry their texts in "vi" and "en"; this picks the one
 * the user reads. */
void        antam_i18n_init           (void);
const char *antam_i18n_get_language   (void);
void        antam_i18n_set_language   (const char *language);
const char *antam_i18n_pick           (const char *vi,
                                       const char *en);

const char *antam_data_dir            (void);
char       *antam_data_path           (const char *first_element,
                                       ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
