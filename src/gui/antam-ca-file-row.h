/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The certificate authority reports are sent with (GSettings "ca-file"):
 * for an agency whose servers' certificates come from its own authority.
 * Shows the file, or that the system's authorities are used; a button
 * chooses a file, another goes back to the system's. */

#define ANTAM_TYPE_CA_FILE_ROW (antam_ca_file_row_get_type ())

G_DECLARE_FINAL_TYPE (AntamCaFileRow, antam_ca_file_row, ANTAM, CA_FILE_ROW, AdwActionRow)

void antam_ca_file_row_bind (AntamCaFileRow *self,
                             GSettings      *settings);

G_END_DECLS
