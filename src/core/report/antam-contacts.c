/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "report/antam-contacts.h"
#include "antam-i18n.h"
#include "util/antam-json-fields.h"
#include "util/antam-data-dir.h"
#include "rules/antam-minisign.h"

#define MAX_CONTACTS_FILE_SIZE (1024 * 1024)

AntamContact *
antam_contact_copy (const AntamContact *contact)
{
  AntamContact *copy;

  if (contact == NULL)
    return NULL;
  copy = g_new0 (AntamContact, 1);
  copy->id = g_strdup (contact->id);
  copy->name_vi = g_strdup (contact->name_vi);
  copy->name_en = g_strdup (contact->name_en);
  copy->person_vi = g_strdup (contact->person_vi);
  copy->person_en = g_strdup (contact->person_en);
  copy->phone = g_strdup (contact->phone);
  copy->email = g_strdup (contact->email);
  copy->https_endpoint = g_strdup (contact->https_endpoint);
  copy->ca_file = g_strdup (contact->ca_file);
  copy->rules_url = g_strdup (contact->rules_url);
  copy->rules_key = g_strdup (contact->rules_key);
  copy->source_vi = g_strdup (contact->source_vi);
  copy->source_en = g_strdup (contact->source_en);
  copy->file = g_strdup (contact->file);
  return copy;
}

void
antam_contact_free (AntamContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->id);
  g_free (contact->name_vi);
  g_free (contact->name_en);
  g_free (contact->person_vi);
  g_free (contact->person_en);
  g_free (contact->phone);
  g_free (contact->email);
  g_free (contact->https_endpoint);
  g_free (contact->ca_file);
  g_free (contact->rules_url);
  g_free (contact->rules_key);
  g_free (contact->source_vi);
  g_free (contact->source_en);
  g_free (contact->file);
  g_free (contact);
}

const char *
antam_contact_get_name (const AntamContact *contact)
{
  return antam_i18n_pick (contact->name_vi, contact->name_en);
}

const char *
antam_contact_get_person (const AntamContact *contact)
{
  if (contact->person_vi == NULL)
    return NULL;
  return antam_i18n_pick (contact->person_vi, contact->person_en);
}

const char *
antam_contact_get_source (const AntamContact *contact)
{
  if (contact->source_vi == NULL)
    return NULL;
  return antam_i18n_pick (contact->source_vi, contact->source_en);
}

AntamContacts *
antam_contacts_new (void)
{
  AntamContacts *contacts = g_new0 (AntamContacts, 1);

  contacts->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_contact_free);
  contacts->errors = g_ptr_array_new_with_free_func (g_free);
  return contacts;
}

void
antam_contacts_free (AntamContacts *contacts)
{
  if (contacts == NULL)
    return;
  g_ptr_array_unref (contacts->contacts);
  g_ptr_array_unref (contacts->errors);
  g_free (contacts->default_id);
  g_free (contacts);
}

const AntamContact *
antam_contacts_lookup (AntamContacts *contacts,
                       const char    *id)
{
  g_return_val_if_fail (contacts != NULL, NULL);

  for (guint i = 0; id != NULL && i < contacts->contacts->len; i++)
    {
      AntamContact *contact = g_ptr_array_index (contacts->contacts, i);
      if (g_str_equal (contact->id, id))
        return contact;
    }
  return NULL;
}

/**
 * antam_email_address_is_valid:
 *
 * A plain "local@domain" with nothing that could break out of a mail
 * header or an SMTP command: the address goes into both.
 */
gboolean
antam_email_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || *address == '\0' || strlen (address) > 254)
    return FALSE;
  for (const char *p = address; *p; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || strchr ("<>()[],;:\\\"", *p) != NULL)
      return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;
  /* A domain with at least one dot, not at either end. */
  return at[1] != '\0' && at[1] != '.' && strchr (at + 1, '.') != NULL &&
         address[strlen (address) - 1] != '.';
}

static gboolean
is_valid_phone (const char *phone)
{
  guint digits = 0;

  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-.()", *p) == NULL)
        return FALSE;
    }
  return digits >= 3 && digits <= 20;
}

static gboolean
read_optional_string (const cJSON  *node,
                      const char   *file,
                      const char   *field,
                      char        **out,
                      GError      **error)
{
  if (node == NULL)
    return TRUE;
  if (!cJSON_IsString (node) || node->valuestring[0] == '\0')
    return antam_json_fail (error, file, field, "%s", _("must be a non-empty text"));
  if (!g_utf8_validate (node->valuestring, -1, NULL))
    return antam_json_fail (error, file, field, "%s", _("is not valid UTF-8"));
  *out = g_strdup (node->valuestring);
  return TRUE;
}

/* Reports name the machine and what is on it, and a rules feed decides
 * what is risky: neither goes in clear text. */
static gboolean
is_https_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         g_uri_get_userinfo (uri) == NULL;
}

/* A team that publishes rules: where, and the key its feed must be
 * signed with (rules/antam-rules-feed.h). */
static gboolean
read_rules_feed (const cJSON   *node,
                 AntamContact  *contact,
                 const char    *file,
                 const char    *field,
                 GError       **error)
{
  g_autofree char *url_field = g_strdup_printf ("%s.rules_url", field);
  g_autofree char *key_field = g_strdup_printf ("%s.rules_key", field);
  AntamMinisignPublicKey key;
  g_autoptr(GError) key_error = NULL;

  if (!read_optional_string (cJSON_GetObjectItemCaseSensitive (node, "rules_url"), file, url_field,
                             &contact->rules_url, error) ||
      !read_optional_string (cJSON_GetObjectItemCaseSensitive (node, "rules_key"), file, key_field,
                             &contact->rules_key, error))
    return FALSE;
  if (contact->rules_url != NULL && !is_https_url (contact->rules_url))
    return antam_json_fail (error, file, url_field, "%s",
                            _("must be an https:// address without a user name or password"));
  if ((contact->rules_url == NULL) != (contact->rules_key == NULL))
    return antam_json_fail (error, file, contact->rules_url == NULL ? url_field : key_field, "%s",
                            _("rules_url and rules_key go together: the address of the feed and the key that signs it"));
  if (contact->rules_key != NULL && !antam_minisign_public_key_parse (contact->rules_key, &key, &key_error))
    return antam_json_fail (error, file, key_field, "%s", key_error->message);
  return TRUE;
}

static const char * const contact_keys[] = {
  "id", "name", "person", "phone", "email", "https_endpoint", "ca_file", "rules_url", "rules_key",
  "source", "comment", NULL
};

static AntamContact *
parse_contact (const cJSON  *node,
               const char   *file,
               guint         index,
               GError      **error)
{
  g_autoptr(AntamContact) contact = NULL;
  g_autofree char *field = g_strdup_printf ("contacts[%u]", index);
  g_autofree char *where = NULL;
  const cJSON *child, *id;

  if (!cJSON_IsObject (node))
    {
      antam_json_fail (error, file, field, "%s", _("must be an object"));
      return NULL;
    }

  cJSON_ArrayForEach (child, node)
    if (!g_strv_contains (contact_keys, child->string))
      {
        where = g_strdup_printf ("%s.%s", field, child->string);
        antam_json_fail (error, file, where, "%s", _("is not a known field"));
        return NULL;
      }

  id = cJSON_GetObjectItemCaseSensitive (node, "id");
  if (!cJSON_IsString (id) || !antam_json_is_valid_id (id->valuestring))
    {
      where = g_strdup_printf ("%s.id", field);
      antam_json_fail (error, file, where, "%s", _("must be a short id in lower case letters, digits and dashes"));
      return NULL;
    }

  contact = g_new0 (AntamContact, 1);
  contact->id = g_strdup (id->valuestring);
  contact->file = g_strdup (file);
  g_free (field);
  field = g_strdup_printf ("contacts[%u] (%s)", index, contact->id);

#define SUBFIELD(name) (g_free (where), where = g_strdup_printf ("%s.%s", field, name))

  if (!antam_json_read_localized (cJSON_GetObjectItemCaseSensitive (node, "name"), file, SUBFIELD ("name"),
                       TRUE, &contact->name_vi, &contact->name_en, error) ||
      !antam_json_read_localized (cJSON_GetObjectItemCaseSensitive (node, "person"), file, SUBFIELD ("person"),
                       FALSE, &contact->person_vi, &contact->person_en, error) ||
      !antam_json_read_localized (cJSON_GetObjectItemCaseSensitive (node, "source"), file, SUBFIELD ("source"),
                       FALSE, &contact->source_vi, &contact->source_en, error) ||
      !read_optional_string (cJSON_GetObjectItemCaseSensitive (node, "phone"), file,
                             SUBFIELD ("phone"), &contact->phone, error) ||
      !read_optional_string (cJSON_GetObjectItemCaseSensitive (node, "email"), file,
                             SUBFIELD ("email"), &contact->email, error) ||
      !read_optional_string (cJSON_GetObjectItemCaseSensitive (node, "https_endpoint"), file,
                             SUBFIELD ("https_endpoint"), &contact->https_endpoint, error) ||
      !read_optional_string (cJSON_GetObjectItemCaseSensitive (node, "ca_file"), file,
                             SUBFIELD ("ca_file"), &contact->ca_file, error))
    return NULL;

  if (contact->ca_file != NULL && !g_path_is_absolute (contact->ca_file))
    {
      antam_json_fail (error, file, SUBFIELD ("ca_file"), "%s",
                       _("must be the full path of a certificate file (PEM), starting with /"));
      return NULL;
    }

  if (contact->phone != NULL && !is_valid_phone (contact->phone))
    {
      antam_json_fail (error, file, SUBFIELD ("phone"),
            _("must be a phone number: digits, spaces and + - . ( ) only"));
      return NULL;
    }
  if (contact->email != NULL && !antam_email_address_is_valid (contact->email))
    {
      antam_json_fail (error, file, SUBFIELD ("email"), "%s", _("must be one e-mail address such as name@example.gov.vn"));
      return NULL;
    }
  if (contact->https_endpoint != NULL && !is_https_url (contact->https_endpoint))
    {
      antam_json_fail (error, file, SUBFIELD ("https_endpoint"),
            _("must be an https:// address without a user name or password"));
      return NULL;
    }
  if (!read_rules_feed (node, contact, file, field, error))
    return NULL;
  if (contact->phone == NULL && contact->email == NULL && contact->https_endpoint == NULL)
    {
      antam_json_fail (error, file, field, "%s", _("needs a phone number, an e-mail address or an https_endpoint"));
      return NULL;
    }
#undef SUBFIELD

  return g_steal_pointer (&contact);
}

/**
 * antam_contacts_add_file:
 *
 * Validates a whole contacts file and only then merges it: a file with one
 * bad field changes nothing.
 */
gboolean
antam_contacts_add_file (AntamContacts  *contacts,
                         const char     *display_name,
                         const char     *contents,
                         gsize           length,
                         GError        **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_contact_free);
  cJSON *root;
  const cJSON *schema, *list, *child;
  guint index = 0;

  g_return_val_if_fail (contacts != NULL, FALSE);

  root = cJSON_ParseWithLength (contents, length);
  if (root == NULL)
    {
      gsize offset = cJSON_GetErrorPtr () ? (gsize) (cJSON_GetErrorPtr () - contents) : 0;
      g_autofree char *where = g_strdup_printf (_("byte %zu"), MIN (offset, length));
      return antam_json_fail (error, display_name, where, "%s", _("is not valid JSON"));
    }
  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      return antam_json_fail (error, display_name, NULL, "%s", _("must contain one JSON object"));
    }

  cJSON_ArrayForEach (child, root)
    if (!g_str_equal (child->string, "schema") && !g_str_equal (child->string, "contacts") &&
        !g_str_equal (child->string, "comment") && !g_str_equal (child->string, "default"))
      {
        antam_json_fail (error, display_name, child->string, "%s", _("is not a known field"));
        cJSON_Delete (root);
        return FALSE;
      }

  schema = cJSON_GetObjectItemCaseSensitive (root, "schema");
  if (!cJSON_IsString (schema) || !g_str_equal (schema->valuestring, ANTAM_CONTACTS_SCHEMA))
    {
      cJSON_Delete (root);
      return antam_json_fail (error, display_name, "schema", _("must be “%s”"), ANTAM_CONTACTS_SCHEMA);
    }

  list = cJSON_GetObjectItemCaseSensitive (root, "contacts");
  if (!cJSON_IsArray (list))
    {
      cJSON_Delete (root);
      return antam_json_fail (error, display_name, "contacts", "%s", _("must be a list"));
    }

  cJSON_ArrayForEach (child, list)
    {
      AntamContact *contact = parse_contact (child, display_name, index++, error);

      if (contact == NULL)
        {
          cJSON_Delete (root);
          return FALSE;
        }
      for (guint i = 0; i < parsed->len; i++)
        if (g_str_equal (((AntamContact *) g_ptr_array_index (parsed, i))->id, contact->id))
          {
            g_autofree char *where = g_strdup_printf ("contacts[%u].id", index - 1);
            antam_json_fail (error, display_name, where, _("“%s” is given twice"), contact->id);
            antam_contact_free (contact);
            cJSON_Delete (root);
            return FALSE;
          }
      g_ptr_array_add (parsed, contact);
    }
  {
    const cJSON *default_id = cJSON_GetObjectItemCaseSensitive (root, "default");

    if (default_id != NULL && (!cJSON_IsString (default_id) || !antam_json_is_valid_id (default_id->valuestring)))
      {
        cJSON_Delete (root);
        return antam_json_fail (error, display_name, "default", "%s",
                                _("must be a short id in lower case letters, digits and dashes"));
      }
    if (default_id != NULL)
      {
        g_free (contacts->default_id);
        contacts->default_id = g_strdup (default_id->valuestring);
      }
  }
  cJSON_Delete (root);

  for (guint i = 0; i < parsed->len; i++)
    {
      AntamContact *contact = g_steal_pointer (&parsed->pdata[i]);
      gboolean replaced = FALSE;

      for (guint j = 0; j < contacts->contacts->len && !replaced; j++)
        if (g_str_equal (((AntamContact *) g_ptr_array_index (contacts->contacts, j))->id, contact->id))
          {
            /* Keep the position: the shipped order stays. */
            antam_contact_free (g_ptr_array_index (contacts->contacts, j));
            contacts->contacts->pdata[j] = contact;
            replaced = TRUE;
          }
      if (!replaced)
        g_ptr_array_add (contacts->contacts, contact);
    }
  return TRUE;
}

static void
add_from_path (AntamContacts *contacts,
               AntamSysroot  *sysroot,
               const char    *path,
               gboolean       optional)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gboolean ok;

  if (sysroot != NULL)
    ok = antam_sysroot_read_file (sysroot, path, MAX_CONTACTS_FILE_SIZE, &contents, &length, &error);
  else
    ok = g_file_get_contents (path, &contents, &length, &error);

  if (!ok && optional &&
      (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
       g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT)))
    return;

  if (!ok || !antam_contacts_add_file (contacts, path, contents, length, &error))
    {
      g_debug ("%s", error->message);
      g_ptr_array_add (contacts->errors, g_strdup (error->message));
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Each agency file in name order, as systemd and apt read their .d folders. */
static void
add_from_dir (AntamContacts *contacts,
              AntamSysroot  *sysroot,
              const char    *dir_path)
{
  g_autofree char *host_path = antam_sysroot_path (sysroot, dir_path);
  g_autoptr(GDir) dir = g_dir_open (host_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      add_from_path (contacts, sysroot, path, TRUE);
    }
}

/**
 * antam_contacts_get_default_id:
 *
 * Returns: the team chosen until the user chooses: the agency's, when a
 *   file names one that is in the list, else the shipped one
 */
const char *
antam_contacts_get_default_id (AntamContacts *contacts)
{
  g_return_val_if_fail (contacts != NULL, NULL);

  if (contacts->default_id != NULL && antam_contacts_lookup (contacts, contacts->default_id) != NULL)
    return contacts->default_id;
  if (antam_contacts_lookup (contacts, ANTAM_DEFAULT_CONTACT) != NULL || contacts->contacts->len == 0)
    return ANTAM_DEFAULT_CONTACT;
  return ((AntamContact *) g_ptr_array_index (contacts->contacts, 0))->id;
}

/**
 * antam_contact_set_other_email:
 *
 * The address of the team that is in no file, as the user typed it; one
 * that is not an address leaves it none.
 */
void
antam_contact_set_other_email (AntamContact *contact,
                               const char   *email)
{
  g_autofree char *address = g_strstrip (g_strdup (email ? email : ""));

  g_return_if_fail (contact != NULL && g_str_equal (contact->id, ANTAM_OTHER_CONTACT));
  g_free (contact->email);
  contact->email = antam_email_address_is_valid (address) ? g_steal_pointer (&address) : NULL;
}

/**
 * antam_contacts_add_other:
 * @email: (nullable): the team's address, as the user entered it
 *
 * Adds, last, the team that is in no file: reports go to the address the
 * user gave.  Without a valid address it has none, and cannot be sent to.
 *
 * Returns: (transfer none): the team
 */
AntamContact *
antam_contacts_add_other (AntamContacts *contacts,
                          const char    *email)
{
  AntamContact *contact = g_new0 (AntamContact, 1);

  contact->id = g_strdup (ANTAM_OTHER_CONTACT);
  antam_contact_set_other_email (contact, email);
  /* Both languages, as the files give them. */
  contact->name_vi = g_strdup ("Đội ứng cứu khác");
  contact->name_en = g_strdup ("Another team");
  contact->file = g_strdup ("");
  g_ptr_array_add (contacts->contacts, contact);
  return contact;
}

/**
 * antam_contacts_load:
 * @sysroot: the system view of the live machine: the contacts are the
 *   agency's, not those of a disk being checked
 *
 * The shipped contacts, then the agency's, then the user's.  Never fails:
 * what could not be read is in the errors and the rest still applies.
 */
AntamContacts *
antam_contacts_load (AntamSysroot *sysroot)
{
  AntamContacts *contacts = antam_contacts_new ();
  g_autofree char *shipped = antam_data_path ("rules", "contacts.json", NULL);
  g_autofree char *user = NULL;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), contacts);

  add_from_path (contacts, NULL, shipped, FALSE);
  add_from_path (contacts, sysroot, "/etc/antam/contacts.json", TRUE);
  add_from_dir (contacts, sysroot, "/etc/antam/contacts.d");
  user = g_build_filename (antam_sysroot_get_config_home (sysroot), "antam", "contacts.json", NULL);
  add_from_path (contacts, sysroot, user, TRUE);
  return contacts;
}
