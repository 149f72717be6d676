/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The names an enum's values are written as (in reports, state files and
 * settings) are the nicks glib-mkenums gives them (antam-enums.h). */
const char *antam_enum_to_nick   (GType       enum_type,
                                  int         value);
gboolean    antam_enum_from_nick (GType       enum_type,
                                  const char *nick,
                                  int        *value);

G_END_DECLS
