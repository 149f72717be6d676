/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "antam-result.h"

G_BEGIN_DECLS

/* One result as an item of a GListModel, which holds objects only.  The
 * result inside never changes: a changed result is a new item, so that a
 * list shows it by replacing one row. */

#define ANTAM_TYPE_RESULT_OBJECT (antam_result_object_get_type ())
G_DECLARE_FINAL_TYPE (AntamResultObject, antam_result_object, ANTAM, RESULT_OBJECT, GObject)

AntamResultObject *antam_result_object_new        (AntamResult       *result);
AntamResult       *antam_result_object_get_result (AntamResultObject *self);
int                antam_result_object_compare_worst_first (gconstpointer a,
                                                            gconstpointer b,
                                                            gpointer      user_data);

G_END_DECLS
