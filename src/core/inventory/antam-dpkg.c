/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-inventory.h"

#define DPKG_STATUS_PATH "/var/lib/dpkg/status"

/* Status: "want flag status"; these states leave files of the package on
 * disk, so for a security check the package is there. */
static const char * const present_states[] = {
  "installed",
  "half-configured",
  "unpacked",
  "half-installed",
  "triggers-awaited",
  "triggers-pending",
};

typedef struct {
  char *name;
  char *version;
  char *arch;
  char *status;
} Stanza;

static void
stanza_clear (Stanza *stanza)
{
  g_clear_pointer (&stanza->name, g_free);
  g_clear_pointer (&stanza->version, g_free);
  g_clear_pointer (&stanza->arch, g_free);
  g_clear_pointer (&stanza->status, g_free);
}

static gboolean
is_blank (const char *line,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

/* The file is written by dpkg, but a damaged disk or a hand edit can put
 * anything in it: values are trimmed and made valid UTF-8, never trusted. */
static char *
field_value (const char *value,
             gsize       len)
{
  while (len > 0 && g_ascii_isspace (value[0]))
    {
      value++;
      len--;
    }
  while (len > 0 && g_ascii_isspace (value[len - 1]))
    len--;
  if (len == 0)
    return NULL;

  /* Also turns an embedded NUL into U+FFFD instead of cutting the value. */
  return g_utf8_make_valid (value, (gssize) len);
}

static void
set_field (char       **field,
           const char  *value,
           gsize        len)
{
  /* dpkg never writes a field twice; if a damaged file does, the first wins. */
  if (*field == NULL)
    *field = field_value (value, len);
}

static char *
status_word (const char *status,
             guint       index)
{
  g_auto(GStrv) words = NULL;
  guint n = 0;

  if (status == NULL)
    return NULL;
  words = g_strsplit_set (status, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (n++ == index)
        return g_strdup (words[i]);
    }
  return NULL;
}

static void
flush_stanza (Stanza    *stanza,
              GPtrArray *packages)
{
  AntamPackage *package;

  if (stanza->name == NULL)
    {
      stanza_clear (stanza);
      return;
    }

  package = g_new0 (AntamPackage, 1);
  package->name = g_steal_pointer (&stanza->name);
  package->version = g_steal_pointer (&stanza->version);
  package->arch = g_steal_pointer (&stanza->arch);
  package->state = status_word (stanza->status, 2);
  package->source = g_strdup ("deb");
  for (guint i = 0; package->state != NULL && i < G_N_ELEMENTS (present_states); i++)
    if (g_str_equal (package->state, present_states[i]))
      package->installed = TRUE;
  g_ptr_array_add (packages, package);
  stanza_clear (stanza);
}

static gboolean
field_is (const char *line,
          gsize       name_len,
          const char *name)
{
  /* deb822 field names are case-insensitive. */
  return strlen (name) == name_len && g_ascii_strncasecmp (line, name, name_len) == 0;
}

/* "Name: value"; a line without a name is garbage and ignored. */
static void
parse_field (Stanza     *stanza,
             const char *line,
             gsize       len)
{
  const char *colon = memchr (line, ':', len);
  const char *value;
  gsize name_len;
  gsize value_len;

  if (colon == NULL || colon == line)
    return;
  name_len = (gsize) (colon - line);
  value = colon + 1;
  value_len = len - name_len - 1;

  if (field_is (line, name_len, "Package"))
    set_field (&stanza->name, value, value_len);
  else if (field_is (line, name_len, "Status"))
    set_field (&stanza->status, value, value_len);
  else if (field_is (line, name_len, "Version"))
    set_field (&stanza->version, value, value_len);
  else if (field_is (line, name_len, "Architecture"))
    set_field (&stanza->arch, value, value_len);
}

/**
 * antam_dpkg_parse_status:
 * @text: the contents of /var/lib/dpkg/status, not necessarily NUL-terminated
 * @length: the number of bytes in @text
 *
 * Stanzas without a Package field are skipped; lines that are not fields
 * are ignored, so that a damaged file still gives what it can.
 *
 * Returns: (transfer full) (element-type AntamPackage): every package the
 *   file lists, installed or not (see #AntamPackage.installed)
 */
GPtrArray *
antam_dpkg_parse_status (const char  *text,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(GPtrArray) packages = NULL;
  Stanza stanza = { 0 };
  gsize pos = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  /* Decided on the length alone, before a byte is read. */
  if (length > ANTAM_INVENTORY_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The list of installed packages is too large to read (%s)"), size);
      return NULL;
    }

  packages = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_package_free);

  while (pos < length)
    {
      const char *line = text + pos;
      const char *newline = memchr (line, '\n', length - pos);
      gsize len = newline ? (gsize) (newline - line) : length - pos;

      pos += len + (newline ? 1 : 0);

      /* CRLF files come from being copied through other systems. */
      if (len > 0 && line[len - 1] == '\r')
        len--;

      if (is_blank (line, len))
        {
          flush_stanza (&stanza, packages);
          continue;
        }

      /* Continuation of a multi-line field (Description, Conffiles...):
       * nothing we read spans lines. */
      if (line[0] == ' ' || line[0] == '\t')
        continue;

      parse_field (&stanza, line, len);
    }

  /* A file cut short still lists its last package. */
  flush_stanza (&stanza, packages);

  return g_steal_pointer (&packages);
}

/**
 * antam_inventory_read_dpkg:
 *
 * Returns: (transfer full) (element-type AntamPackage): the packages of
 *   ROOT/var/lib/dpkg/status, or %NULL with %G_IO_ERROR_NOT_FOUND when the
 *   system has no dpkg database
 */
GPtrArray *
antam_inventory_read_dpkg (AntamSysroot  *sysroot,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  if (!antam_sysroot_read_file (sysroot, DPKG_STATUS_PATH, ANTAM_INVENTORY_MAX_FILE_SIZE,
                                &contents, &length, &local_error))
    {
      /* Not an error for the user: the system simply is not Debian-based. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("This system has no dpkg package database"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return antam_dpkg_parse_status (contents, length, error);
}
