/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "checks/antam-checks.h"
#include "checks/antam-firewall-private.h"

G_BEGIN_DECLS

/* network-services in three files: the remote-access servers and the
 * other listening programs (antam-check-network-services.c), the shares
 * (antam-check-network-shares.c), and what their findings share
 * (antam-network-common.c). */

#define ANTAM_NETWORK_SERVICES_ID "network-services"

/* How far other computers get, from best to worst. */
typedef enum {
  NETWORK_REACH_NONE,      /* on, but waiting on no address of the network now */
  NETWORK_REACH_BLOCKED,   /* the firewall blocks it */
  NETWORK_REACH_MAYBE,     /* a firewall is on; whether it lets this in is not known */
  NETWORK_REACH_OPEN,
} NetworkReach;

typedef struct {
  AntamScanContext *context;
  AntamSysroot *sysroot;
  AntamRules *rules;
  GPtrArray *listeners;        /* AntamListener, NULL when not seen */
  GPtrArray *accounts;         /* AntamAccount, for the account of a socket */
  AntamFirewallPorts *firewall;
  GHashTable *claimed;         /* listeners a finding has named */
  GPtrArray *quiet;            /* char *: on, but for this computer only */
  GHashTable *packages;        /* a program's file → the package it came from */
  GPtrArray *results;
  guint first_result;          /* this check's results start here */
} NetworkScan;

gboolean      antam_network_program_is        (const char         *program,
                                               const char * const *names);
gboolean      antam_network_listens_locally   (NetworkScan        *scan,
                                               const char * const *programs);
char         *antam_network_port_name         (const char         *protocol,
                                               guint               port);
AntamResult  *antam_network_result_new        (NetworkScan        *scan,
                                               AntamStatus         status,
                                               const char         *title,
                                               const char         *summary);
GPtrArray    *antam_network_claim_listeners   (NetworkScan        *scan,
                                               const char * const *programs,
                                               const char         *protocol,
                                               guint               low,
                                               guint               high);
NetworkReach  antam_network_add_listener_item (NetworkScan        *scan,
                                               AntamResult        *result,
                                               AntamListener      *listener);
NetworkReach  antam_network_add_reach         (NetworkScan        *scan,
                                               AntamResult        *result,
                                               GPtrArray          *listeners,
                                               const guint        *ports_when_not_running);
gboolean      antam_network_unit_enabled      (AntamSysroot       *sysroot,
                                               const char * const *units,
                                               char              **which);
void          antam_network_add_unit_item     (AntamResult        *result,
                                               const char         *unit);
void          antam_network_set_remedy        (NetworkScan        *scan,
                                               AntamResult        *result,
                                               const char         *rule_id,
                                               const char         *text,
                                               const char         *it_staff);

void          antam_network_find_packages     (NetworkScan        *scan,
                                               GPtrArray          *listeners);

void          antam_network_check_shares      (NetworkScan        *scan);

G_END_DECLS
