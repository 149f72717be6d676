/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* The firewall check's verdict, and which ports the firewall that is on
 * lets in: network-services says of each open port whether other
 * computers can reach it. */

typedef enum {
  ANTAM_FIREWALL_OFF,         /* none installed, or none filtering */
  ANTAM_FIREWALL_ON,
  ANTAM_FIREWALL_LETS_ALL_IN, /* running, but lets in whatever its own rules
                               * do not block: no protection, yet a port
                               * it names may still be shut */
  ANTAM_FIREWALL_UNREADABLE,  /* its settings could not be read */
} AntamFirewallState;

AntamFirewallState antam_firewall_verdict (AntamSysroot  *sysroot,
                                           char         **name);

typedef enum {
  ANTAM_PORT_OPEN,            /* no firewall, or one that lets it in */
  ANTAM_PORT_BLOCKED,
  ANTAM_PORT_NOT_KNOWN,       /* a firewall is on; its rules do not say */
} AntamPortVerdict;

typedef struct _AntamFirewallPorts AntamFirewallPorts;

AntamFirewallPorts *antam_firewall_ports_read      (AntamSysroot       *sysroot);
void                antam_firewall_ports_free      (AntamFirewallPorts *ports);
AntamFirewallState  antam_firewall_ports_get_state (AntamFirewallPorts *ports);
const char         *antam_firewall_ports_get_name  (AntamFirewallPorts *ports);
AntamPortVerdict    antam_firewall_ports_lookup    (AntamFirewallPorts *ports,
                                                    const char         *protocol,
                                                    guint               port);

/* The rule texts, parsed on their own for the tests. */
void                antam_firewall_ports_add_ufw_rules (AntamFirewallPorts *ports,
                                                        const char         *text);
void                antam_firewall_ports_add_firewalld_zone (AntamFirewallPorts *ports,
                                                             AntamSysroot       *sysroot,
                                                             const char         *zone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamFirewallPorts, antam_firewall_ports_free)

G_END_DECLS
