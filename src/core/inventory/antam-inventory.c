/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "inventory/antam-inventory.h"

typedef struct {
  const char *text;
  gsize       len;
  char       *repaired;  /* the valid UTF-8 made of @text, when it was not */
} PackedText;

/* Names, versions and architectures are ASCII nearly always: looking at the
 * bytes here costs less than a call to the full validation. */
static gboolean
is_plain_ascii (const char *text,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar byte = (guchar) text[i];

      /* NUL is not valid in a string either. */
      if (byte == 0 || byte >= 0x80)
        return FALSE;
    }
  return TRUE;
}

static void
packed_text_prepare (PackedText *packed,
                     const char *text,
                     gsize       len)
{
  *packed = (PackedText) { text, len, NULL };
  if (len == 0 || is_plain_ascii (text, len) || g_utf8_validate_len (text, len, NULL))
    return;
  /* Each invalid byte, an embedded NUL too, becomes U+FFFD instead of
   * cutting the value. */
  packed->repaired = g_utf8_make_valid (text, (gssize) len);
  packed->text = packed->repaired;
  packed->len = strlen (packed->repaired);
}

static char *
packed_text_copy (PackedText  *packed,
                  char       **out)
{
  char *copy = NULL;

  if (packed->len > 0)
    {
      copy = memcpy (*out, packed->text, packed->len);
      copy[packed->len] = '\0';
      *out += packed->len + 1;
    }
  g_clear_pointer (&packed->repaired, g_free);
  return copy;
}

/**
 * antam_package_new:
 * @source: a string that outlives the package, "deb" or "rpm": it is not
 *   copied
 * @name: (array length=name_len): the name, not necessarily NUL-terminated
 * @installed: whether files of the package are on disk
 *
 * Each text is copied as valid UTF-8, every invalid byte becoming U+FFFD;
 * an empty one becomes %NULL.  The package and its strings are one block
 * (a status file lists thousands of packages, and six allocations each
 * were a good part of reading it): free it with antam_package_free() only,
 * and never free or replace one of its strings.
 *
 * Returns: (transfer full): the package
 */
AntamPackage *
antam_package_new (const char *source,
                   const char *name,
                   gsize       name_len,
                   const char *version,
                   gsize       version_len,
                   const char *arch,
                   gsize       arch_len,
                   const char *state,
                   gsize       state_len,
                   gboolean    installed)
{
  PackedText texts[4];
  AntamPackage *package;
  gsize size = sizeof (AntamPackage);
  char *strings;

  g_return_val_if_fail (source != NULL, NULL);

  packed_text_prepare (&texts[0], name, name_len);
  packed_text_prepare (&texts[1], version, version_len);
  packed_text_prepare (&texts[2], arch, arch_len);
  packed_text_prepare (&texts[3], state, state_len);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i].len > 0)
      size += texts[i].len + 1;

  package = g_malloc (size);
  strings = (char *) (package + 1);
  package->name = packed_text_copy (&texts[0], &strings);
  package->version = packed_text_copy (&texts[1], &strings);
  package->arch = packed_text_copy (&texts[2], &strings);
  package->state = packed_text_copy (&texts[3], &strings);
  package->source = source;
  package->installed = installed;
  return package;
}

void
antam_package_free (AntamPackage *package)
{
  /* Its strings are in the same block, or static (the source). */
  g_free (package);
}

void
antam_flatpak_free (AntamFlatpak *flatpak)
{
  if (flatpak == NULL)
    return;
  g_free (flatpak->id);
  g_free (flatpak->arch);
  g_free (flatpak->branch);
  g_free (flatpak->origin);
  g_free (flatpak->commit);
  g_free (flatpak->version);
  g_free (flatpak->installation);
  g_free (flatpak->location);
  g_free (flatpak->latest_commit);
  g_free (flatpak);
}

void
antam_snap_free (AntamSnap *snap)
{
  if (snap == NULL)
    return;
  g_free (snap->name);
  g_free (snap->revision);
  g_free (snap->version);
  g_free (snap->location);
  g_free (snap);
}

void
antam_desktop_entry_free (AntamDesktopEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->location);
  g_free (entry->name);
  g_free (entry->exec);
  g_strfreev (entry->mime_types);
  g_free (entry->scope);
  g_free (entry);
}

void
antam_file_entry_free (AntamFileEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->location);
  g_free (entry->kind);
  g_free (entry);
}

void
antam_process_free (AntamProcess *process)
{
  if (process == NULL)
    return;
  g_free (process->comm);
  g_free (process->exe);
  g_free (process);
}

void
antam_download_free (AntamDownload *download)
{
  if (download == NULL)
    return;
  g_free (download->location);
  g_free (download->display_name);
  g_free (download->sha256);
  g_free (download->origin_url);
  g_free (download->referrer_url);
  g_free (download->error);
  g_free (download);
}
