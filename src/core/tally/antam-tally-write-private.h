/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tally/antam-tally-picture.h"

G_BEGIN_DECLS

/* The sentences every format of the picture shares. */
const char *antam_tally_title             (void);
char       *antam_tally_format_iso        (gint64                    when);
char       *antam_tally_format_with_trend (guint                     now,
                                           guint                     before,
                                           gboolean                  has_previous);
char       *antam_tally_scope_text        (AntamTallyPicture        *picture);
char       *antam_tally_counted_text      (AntamTallyPicture        *picture);
char       *antam_tally_trend_text        (AntamTallyPicture        *picture);
char       *antam_tally_training_text     (AntamTallyPicture        *picture);
char       *antam_tally_invalid_text      (AntamTallyPicture        *picture);
char       *antam_tally_fallback_text     (AntamTallyPicture        *picture);
gboolean    antam_tally_all_counted       (AntamTallyPicture        *picture);
const char *antam_tally_total_label       (AntamTallyPicture        *picture);
const char *antam_tally_follow_up_state   (const AntamTallyFollowUp *follow_up);

G_END_DECLS
