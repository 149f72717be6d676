/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "checks/antam-checks.h"
#include "inventory/antam-os-release.h"

G_BEGIN_DECLS

/* One file a check: each appends its results for the scan. */
void antam_check_risky_apps (AntamScanContext *context, GPtrArray *results);
void antam_check_downloads  (AntamScanContext *context, GPtrArray *results);
void antam_check_os_support (AntamScanContext *context, GPtrArray *results);
void antam_check_install_sources (AntamScanContext *context, GPtrArray *results);
void antam_check_os_updates      (AntamScanContext *context, GPtrArray *results);
void antam_check_app_updates     (AntamScanContext *context, GPtrArray *results);
void antam_check_auto_updates    (AntamScanContext *context, GPtrArray *results);
void antam_check_reboot_pending  (AntamScanContext *context, GPtrArray *results);
/* device protection */
void antam_check_camera_mic      (AntamScanContext *context, GPtrArray *results);
void antam_check_screen_lock     (AntamScanContext *context, GPtrArray *results);
void antam_check_firewall        (AntamScanContext *context, GPtrArray *results);
void antam_check_disk_encryption (AntamScanContext *context, GPtrArray *results);
void antam_check_auto_login      (AntamScanContext *context, GPtrArray *results);
/* remote access and sharing */
void antam_check_network_services (AntamScanContext *context, GPtrArray *results);
void antam_check_home_privacy    (AntamScanContext *context, GPtrArray *results);

/* The os-support verdict on end-of-life @tables for @os on @today. */
AntamResult *antam_os_support_judge (const char           *check,
                                     const AntamOsRelease *os,
                                     GPtrArray            *tables,
                                     const GDate          *today);

G_END_DECLS
