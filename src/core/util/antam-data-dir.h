/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shipped data: rules, end-of-life dates, questions, contacts, scenarios. */
const char *antam_data_dir  (void);
char       *antam_data_path (const char *first_element,
                             ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
