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

/* The fields of the stanza being read, as trimmed slices of the text:
 * nothing is copied until the stanza ends, and then only what a package
 * keeps.  A status file lists thousands of packages of a dozen fields
 * each; allocating every field (and splitting every Status into words)
 * was most of the parse. */
typedef struct {
  const char *value;
  gsize       len;
} Slice;

typedef struct {
  Slice name;
  Slice version;
  Slice arch;
  Slice status;
} Stanza;

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
static Slice
trim (const char *value,
      gsize       len)
{
  while (len > 0 && g_ascii_isspace (value[0]))
    {
      value++;
      len--;
    }
  while (len > 0 && g_ascii_isspace (value[len - 1]))
    len--;
  return (Slice) { value, len };
}

static char *
slice_dup (Slice slice)
{
  if (slice.len == 0)
    return NULL;
  /* Valid text, by far the usual case, is copied as it is; otherwise each
   * invalid byte, an embedded NUL too, becomes U+FFFD instead of cutting
   * the value. */
  if (g_utf8_validate_len (slice.value, slice.len, NULL))
    return g_strndup (slice.value, slice.len);
  return g_utf8_make_valid (slice.value, (gssize) slice.len);
}

static void
set_field (Slice      *field,
           const char *value,
           gsize       len)
{
  /* dpkg never writes a field twice; if a damaged file does, the first
   * value wins. */
  if (field->len == 0)
    *field = trim (value, len);
}

/* Status: "want flag status"; words are separated by spaces or tabs. */
static Slice
status_word (Slice  status,
             guint  index)
{
  const char *p = status.value;
  const char *end = status.value + status.len;
  guint n = 0;

  while (p < end)
    {
      const char *word;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      word = p;
      while (p < end && *p != ' ' && *p != '\t')
        p++;
      if (p > word && n++ == index)
        return (Slice) { word, (gsize) (p - word) };
    }
  return (Slice) { NULL, 0 };
}

static void
flush_stanza (Stanza    *stanza,
              GPtrArray *packages)
{
  AntamPackage *package;

  if (stanza->name.len == 0)
    {
      *stanza = (Stanza) { { NULL, 0 } };
      return;
    }

  package = g_new0 (AntamPackage, 1);
  package->name = slice_dup (stanza->name);
  package->version = slice_dup (stanza->version);
  package->arch = slice_dup (stanza->arch);
  package->state = slice_dup (status_word (stanza->status, 2));
  package->source = g_strdup ("deb");
  for (guint i = 0; package->state != NULL && i < G_N_ELEMENTS (present_states); i++)
    if (g_str_equal (package->state, present_states[i]))
      package->installed = TRUE;
  g_ptr_array_add (packages, package);
  *stanza = (Stanza) { { NULL, 0 } };
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

  /* The first letter rules out all but one of the four fields read. */
  switch (g_ascii_tolower (line[0]))
    {
    case 'p':
      if (field_is (line, name_len, "Package"))
        set_field (&stanza->name, value, value_len);
      break;
    case 's':
      if (field_is (line, name_len, "Status"))
        set_field (&stanza->status, value, value_len);
      break;
    case 'v':
      if (field_is (line, name_len, "Version"))
        set_field (&stanza->version, value, value_len);
      break;
    case 'a':
      if (field_is (line, name_len, "Architecture"))
        set_field (&stanza->arch, value, value_len);
      break;
    default:
      break;
    }
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
  Stanza stanza = { { NULL, 0 } };
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
