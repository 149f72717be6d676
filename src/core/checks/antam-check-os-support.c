/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-checks-private.h"

/* STUB: to be implemented */
void
antam_check_os_support (AntamScanContext *context,
                        GPtrArray        *results)
{
}
