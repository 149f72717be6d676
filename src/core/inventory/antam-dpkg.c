/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-inventory.h"

#define DPKG_DIR "/var/lib/dpkg"
#define DPKG_STATUS_PATH DPKG_DIR "/status"

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
  gboolean has_fields;
  gboolean garbage;     /* a line that is neither a field nor its continuation */
} Stanza;

/* What dpkg never writes, found while reading: the file was damaged or cut
 * short, and what follows the last good package may be missing. */
typedef enum {
  DAMAGE_NONE,
  DAMAGE_GARBAGE,
  DAMAGE_INCOMPLETE,    /* a package without its name, status or version */
  DAMAGE_CUT_SHORT,     /* the last line has no end */
} Damage;

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
slice_is_one_of (Slice               slice,
                 const char * const *words,
                 guint               n_words)
{
  for (guint i = 0; i < n_words; i++)
    if (strlen (words[i]) == slice.len && memcmp (words[i], slice.value, slice.len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_present_state (Slice state)
{
  return slice_is_one_of (state, present_states, G_N_ELEMENTS (present_states));
}

/* The states dpkg writes besides the present ones. */
static gboolean
is_absent_state (Slice state)
{
  static const char * const absent_states[] = { "not-installed", "config-files" };

  return slice_is_one_of (state, absent_states, G_N_ELEMENTS (absent_states));
}

/* dpkg writes a name and a three-word status for every package, and a
 * version for every one whose files are on disk: a stanza without them,
 * or with a state dpkg does not know, was damaged or cut. */
static gboolean
stanza_is_whole (Stanza *stanza)
{
  Slice state;

  if (stanza->name.len == 0 || stanza->status.len == 0)
    return FALSE;
  state = status_word (stanza->status, 2);
  if (is_present_state (state))
    return stanza->version.len > 0;
  return is_absent_state (state);
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
  stanza->has_fields = TRUE;
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
  Damage     damage;          /* the first one found */
  char      *damage_after;    /* the last good package before it, or NULL */
} StatusParser;

static void
note_damage (StatusParser *parser,
             Damage        damage)
{
  AntamPackage *last;

  if (parser->damage != DAMAGE_NONE)
    return;
  parser->damage = damage;
  last = parser->packages->len > 0
    ? g_ptr_array_index (parser->packages, parser->packages->len - 1) : NULL;
  parser->damage_after = last ? g_strdup (last->name) : NULL;
}

/* "Name: value" with a name dpkg could have written: printable ASCII, no
 * colon, not a comment.  Anything else (binary junk, a stray line) is
 * damage, not a field to skip. */
static gboolean
is_field_line (const char *line,
               gsize       len)
{
  gsize i;

  if (line[0] == '#')
    return FALSE;
  for (i = 0; i < len && line[i] != ':'; i++)
    if (line[i] < '!' || line[i] > '~')
      return FALSE;
  return i > 0 && i < len;
}

/* Ends the stanza read so far: damage first, while the last good package
 * is still the one before it. */
static void
end_stanza (StatusParser *parser)
{
  Stanza *stanza = &parser->stanza;

  if (stanza->garbage)
    note_damage (parser, DAMAGE_GARBAGE);
  else if (stanza->has_fields && !stanza_is_whole (stanza))
    note_damage (parser, DAMAGE_INCOMPLETE);
  flush_stanza (stanza, parser->packages);
}

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
      /* dpkg ends every line: one that stops short is where the file was cut. */
      if (newline == NULL && !is_blank (line, len))
        note_damage (parser, DAMAGE_CUT_SHORT);

      pos += len + (newline ? 1 : 0);

      /* CRLF files come from being copied through other systems. */
      if (len > 0 && line[len - 1] == '\r')
        len--;

      if (is_blank (line, len))
        {
          end_stanza (parser);
          stanza_start = pos;
          continue;
        }

      /* dpkg writes text: a NUL byte is damage, wherever it is (the
       * field is still read, made valid). */
      if (memchr (line, '\0', len) != NULL)
        parser->stanza.garbage = TRUE;

      /* Continuation of a multi-line field (Description, Conffiles...):
       * nothing we read spans lines. */
      if (line[0] == ' ' || line[0] == '\t')
        continue;

      if (!is_field_line (line, len))
        {
          parser->stanza.garbage = TRUE;
          continue;
        }
      parse_field (&parser->stanza, line, len);
    }

  if (at_end)
    {
      /* A file cut short still lists its last package. */
      end_stanza (parser);
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
  g_free (parser.damage_after);

  return g_steal_pointer (&packages);
}

/* What the damage means for the user: the packages after it may be
 * missing from what was read. */
static void
set_damage_error (StatusParser  *parser,
                  GError       **damage)
{
  const char *after = parser->damage_after;

  switch (parser->damage)
    {
    case DAMAGE_CUT_SHORT:
      if (after)
        g_set_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                     /* TRANSLATORS: %s is a package name */
                     _("The list of installed Debian packages (%s) is cut short after the "
                       "package “%s”: the packages after it are missing from it."),
                     DPKG_STATUS_PATH, after);
      else
        g_set_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                     _("The list of installed Debian packages (%s) is cut short before its "
                       "first package."),
                     DPKG_STATUS_PATH);
      break;
    case DAMAGE_GARBAGE:
    case DAMAGE_INCOMPLETE:
      if (after)
        g_set_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                     /* TRANSLATORS: %s is a package name */
                     _("The list of installed Debian packages (%s) is damaged after the "
                       "package “%s”: packages may be missing from what could be read."),
                     DPKG_STATUS_PATH, after);
      else
        g_set_error (damage, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                     _("The list of installed Debian packages (%s) is damaged at its start: "
                       "packages may be missing from what could be read."),
                     DPKG_STATUS_PATH);
      break;
    case DAMAGE_NONE:
    default:
      break;
    }
}

/**
 * antam_inventory_read_dpkg:
 * @damage: (out) (optional): set, with %G_IO_ERROR_PARTIAL_INPUT, when the
 *   file was read but is damaged or cut short: the packages returned are
 *   those that could be read, and others may be missing
 *
 * Returns: (transfer full) (element-type AntamPackage): the packages of
 *   ROOT/var/lib/dpkg/status, or %NULL with %G_IO_ERROR_NOT_FOUND when the
 *   system has no dpkg database
 */
GPtrArray *
antam_inventory_read_dpkg (AntamSysroot  *sysroot,
                           GError       **damage,
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
      g_free (parser.damage_after);
      /* Not an error for the user: the system simply is not Debian-based.
       * With dpkg's folder there, the file is missing, not absent. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !antam_sysroot_exists (sysroot, DPKG_DIR))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("This system has no dpkg package database"));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The list of installed Debian packages (%s) is missing, although "
                       "this system has dpkg’s folder"),
                     DPKG_STATUS_PATH);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  set_damage_error (&parser, damage);
  g_free (parser.damage_after);
  return g_steal_pointer (&packages);
}
