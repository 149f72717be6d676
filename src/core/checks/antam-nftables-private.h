/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether nftables rules stop a new connection from outside that no rule
 * names: in a ruleset file, and in the running kernel's ruleset. */
gboolean antam_nftables_text_blocks_input (const char *text);
gboolean antam_nftables_json_blocks_input (const char *json);

G_END_DECLS
