/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The outbox: what waits to be sent and what went, when, and why a try
 * failed; a report that waits can be sent again from here. */

#define ANTAM_TYPE_OUTBOX_DIALOG (antam_outbox_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AntamOutboxDialog, antam_outbox_dialog, ANTAM, OUTBOX_DIALOG, AdwWindow)

AntamOutboxDialog *antam_outbox_dialog_new    (GtkWindow         *parent);
void               antam_outbox_dialog_reload (AntamOutboxDialog *self);
guint              antam_outbox_dialog_get_n_rows (AntamOutboxDialog *self);

G_END_DECLS
