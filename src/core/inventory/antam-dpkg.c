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

static gboolean
is_present_state (Slice state)
{
  for (guint i = 0; i < G_N_ELEMENTS (present_states); i++)
    if (strlen (present_states[i]) == state.len &&
        memcmp (present_states[i], state.value, state.len) == 0)
      return TRUE;
  return FALSE;
}

static void
flush_stanza (Stanza    *stanza,
              GPtrArray *packages)
{
  if (stanza->name.len > 0)
    {
      Slice state = status_word (stanza->status, 2);

      g_ptr_array_add (packages,
                       antam_package_new ("deb",
                                          stanza->name.value, stanza->name.len,
                                          stanza->version.value, stanza->version.len,
                                          stanza->arch.value, stanza->arch.len,
                                          state.value, state.len,
                                          is_present_state (state)));
    }
  *stanza = (Stanza) { { NULL, 0 } };
}

/* "name: value", where the name is matched whatever its case: deb822 field
 * names are case-insensitive.  @lower_name is lower-case letters only, so
 * that a byte with the 0x20 bit set equals one of them only when it is
 * that letter in either case. */
static inline void
read_field (Slice      *field,
            const char *line,
            gsize       len,
            const char *lower_name)
{
  gsize name_len = strlen (lower_name);

  if (len <= name_len || line[name_len] != ':')
    return;
  for (gsize i = 0; i < name_len; i++)
    if ((line[i] | 0x20) != lower_name[i])
      return;
  set_field (field, line + name_len + 1, len - name_len - 1);
}

/* A line without a name, or with a name not read, is ignored. */
static inline void
parse_field (Stanza     *stanza,
             const char *line,
             gsize       len)
{
  /* Most lines are fields that are not read (Depends, Maintainer,
   * Description...): the first letter and where the colon would be rule
   * them out before any name is compared. */
  switch (line[0] | 0x20)
    {
    case 'p':
      read_field (&stanza->name, line, len, "package");
      break;
    case 's':
      read_field (&stanza->status, line, len, "status");
      break;
    case 'v':
      read_field (&stanza->version, line, len, "version");
      break;
    case 'a':
      read_field (&stanza->arch, line, len, "architecture");
      break;
    default:
      break;
    }
}

typedef struct {
  GPtrArray *packages;
  Stanza     stanza;
} StatusParser;

/* Parses the lines of @text: all of them when @at_end, otherwise those
 * that end with a newline.  Returns how much of @text it is done with:
 * up to the start of the stanza not finished yet, whose fields point into
 * @text; it is read again from its start when more of it has come. */
static gsize
parse_status_part (const char *text,
                   gsize       length,
                   gboolean    at_end,
                   gpointer    user_data)
{
  StatusParser *parser = user_data;
  gsize stanza_start = 0;
  gsize pos = 0;

  while (pos < length)
    {
      const char *line = text + pos;
      const char *newline = memchr (line, '\n', length - pos);
      gsize len = newline ? (gsize) (newline - line) : length - pos;

      /* The rest of the line is still to come. */
      if (newline == NULL && !at_end)
        break;

      pos += len + (newline ? 1 : 0);

      /* CRLF files come from being copied through other systems. */
      if (len > 0 && line[len - 1] == '\r')
        len--;

      if (is_blank (line, len))
        {
          flush_stanza (&parser->stanza, parser->packages);
          stanza_start = pos;
          continue;
        }

      /* Continuation of a multi-line field (Description, Conffiles...):
       * nothing we read spans lines. */
      if (line[0] == ' ' || line[0] == '\t')
        continue;

      parse_field (&parser->stanza, line, len);
    }

  if (at_end)
    {
      /* A file cut short still lists its last package. */
      flush_stanza (&parser->stanza, parser->packages);
      return length;
    }

  parser->stanza = (Stanza) { { NULL, 0 } };
  return stanza_start;
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
  StatusParser parser = { NULL };

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
  parser.packages = packages;
  parse_status_part (text, length, TRUE, &parser);

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
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GError) local_error = NULL;
  StatusParser parser = { NULL };

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);

  /* Parsed as it is read: the file is the largest a scan reads, and
   * reading it whole first cost a third of the time. */
  packages = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_package_free);
  parser.packages = packages;
  if (!antam_sysroot_read_file_in_parts (sysroot, DPKG_STATUS_PATH, ANTAM_INVENTORY_MAX_FILE_SIZE,
                                         parse_status_part, &parser, &local_error))
    {
      /* Not an error for the user: the system simply is not Debian-based. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("This system has no dpkg package database"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&packages);
}
