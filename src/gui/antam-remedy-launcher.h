/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "antam-result.h"

G_BEGIN_DECLS

/* A finding's button does what its label says, or is not there: the
 * Software app on its updates page, the matching Settings panel. */

const char *antam_remedy_launcher_label (const AntamResult *result,
                                         const char       **why_not);
gboolean    antam_remedy_launcher_open  (GtkWidget         *widget,
                                         const AntamResult *result,
                                         GError           **error);

G_END_DECLS
