/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Debian version order, exactly as dpkg --compare-versions: epoch, then
 * upstream version, then revision; '~' sorts before anything, even the
 * end; letters sort before other characters; digit runs compare as
 * numbers. */
int      antam_debversion_compare   (const char *a,
                                     const char *b);
gboolean antam_debversion_is_valid  (const char *version);

G_END_DECLS
