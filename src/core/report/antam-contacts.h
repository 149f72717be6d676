/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* Whom a report goes to is data: data/rules/contacts.json ships the team the
 * Kiên Giang letter names; an agency replaces or adds contacts in
 * /etc/antam/contacts.json and /etc/antam/contacts.d/\*.json (in name
 * order), a user in ~/.config/antam/contacts.json.  The same id replaces a
 * contact.  A file may name the agency's team ("default"): the one chosen
 * until the user chooses.  A team that is in no file is "other", with the
 * e-mail address the user gave. */

#define ANTAM_CONTACTS_SCHEMA "antam.contacts/1"
#define ANTAM_DEFAULT_CONTACT "kien-giang"
#define ANTAM_OTHER_CONTACT "other"

typedef struct {
  char *id;
  char *name_vi, *name_en;
  char *person_vi, *person_en;   /* optional: whom to ask for on the phone */
  char *phone;                   /* optional, but phone or email is needed */
  char *email;                   /* optional */
  char *https_endpoint;          /* optional: https:// only */
  char *ca_file;                 /* optional: the authority its servers' certificates are signed by */
  char *rules_url;               /* optional: https:// only, the team's rules feed */
  char *rules_key;               /* with rules_url: the minisign key that signs it */
  char *source_vi, *source_en;   /* optional: the letter that names them */
  char *file;                    /* where it was read from */
} AntamContact;

typedef struct {
  GPtrArray *contacts;           /* AntamContact, in file order */
  GPtrArray *errors;             /* char*: "FILE: FIELD: problem" */
  char *default_id;              /* nullable: the agency's team, from "default" */
} AntamContacts;

AntamContact  *antam_contact_copy        (const AntamContact *contact);
void           antam_contact_free        (AntamContact       *contact);
const char    *antam_contact_get_name    (const AntamContact *contact);
const char    *antam_contact_get_person  (const AntamContact *contact);
const char    *antam_contact_get_source  (const AntamContact *contact);

AntamContacts *antam_contacts_new        (void);
void           antam_contacts_free       (AntamContacts      *contacts);
gboolean       antam_contacts_add_file   (AntamContacts      *contacts,
                                          const char         *display_name,
                                          const char         *contents,
                                          gsize               length,
                                          GError            **error);
AntamContacts *antam_contacts_load       (AntamSysroot       *sysroot);
const AntamContact *antam_contacts_lookup (AntamContacts     *contacts,
                                           const char        *id);
const char    *antam_contacts_get_default_id (AntamContacts  *contacts);
AntamContact  *antam_contacts_add_other  (AntamContacts      *contacts,
                                          const char         *email);
void           antam_contact_set_other_email (AntamContact   *contact,
                                          const char         *email);

gboolean       antam_email_address_is_valid (const char      *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamContact, antam_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamContacts, antam_contacts_free)

G_END_DECLS
