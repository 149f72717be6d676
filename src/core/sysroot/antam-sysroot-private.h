/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

AntamSysroot *antam_sysroot_new_live_for_host (const char *host_os);

G_END_DECLS
