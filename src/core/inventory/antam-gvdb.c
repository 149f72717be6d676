/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-gvdb.h"

/* The layout, as GLib's gvdb-builder writes it.  Structural integers are
 * always little-endian; only the GVariant values follow the byte order
 * that the signature announces.
 *
 *   header:     "GVariant" (or "raVGtnai" when the values are big-endian),
 *               u32 version (0), u32 options, pointer root
 *   pointer:    u32 start, u32 end (offsets into the file)
 *   hash table: u32 bloom (top 5 bits: shift; rest: number of words),
 *               u32 n_buckets, bloom words, buckets, then hash items
 *   hash item:  u32 hash, u32 parent (0xffffffff: none), u32 key_start,
 *               u16 key_size, char type ('v' value, 'H' table, 'L' list),
 *               char unused, pointer value
 *
 * A key is stored relative to its parent item's key: dconf stores
 * "/org/gnome/" as "gnome/" under "/org/", so the full key is the chain. */

#define HEADER_SIZE 24
#define HASH_HEADER_SIZE 8
#define HASH_ITEM_SIZE 24
#define NO_PARENT 0xffffffffu

struct _AntamGvdb
{
  GBytes *file;
  const guint8 *data;
  gsize size;
  gboolean byteswapped;
  gsize items_offset;
  guint32 n_items;
};

static guint32
read_u32 (const guint8 *p)
{
  guint32 value;

  memcpy (&value, p, sizeof value);
  return GUINT32_FROM_LE (value);
}

static guint16
read_u16 (const guint8 *p)
{
  guint16 value;

  memcpy (&value, p, sizeof value);
  return GUINT16_FROM_LE (value);
}

static void
set_corrupt (GError     **error,
             const char  *why)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _("Not a valid settings database: %s"), why);
}

/* The region a pointer names, or FALSE when it points outside the file. */
static gboolean
dereference (AntamGvdb    *self,
             const guint8 *pointer,
             guint         alignment,
             gsize        *start,
             gsize        *size)
{
  guint32 s = read_u32 (pointer);
  guint32 e = read_u32 (pointer + 4);

  if (s > e || e > self->size || (s & (alignment - 1)) != 0)
    return FALSE;
  *start = s;
  *size = e - s;
  return TRUE;
}

static AntamGvdb *
table_new (GBytes       *file,
           gboolean      byteswapped,
           const guint8 *pointer,
           GError      **error)
{
  g_autoptr(AntamGvdb) self = g_new0 (AntamGvdb, 1);
  gsize start, size;
  guint32 n_bloom_words, n_buckets;

  self->file = g_bytes_ref (file);
  self->data = g_bytes_get_data (file, &self->size);
  self->byteswapped = byteswapped;

  if (!dereference (self, pointer, 4, &start, &size) || size < HASH_HEADER_SIZE)
    {
      set_corrupt (error, _("a table lies outside the file"));
      return NULL;
    }

  n_bloom_words = read_u32 (self->data + start) & ((1u << 27) - 1);
  n_buckets = read_u32 (self->data + start + 4);
  size -= HASH_HEADER_SIZE;
  start += HASH_HEADER_SIZE;

  if ((guint64) n_bloom_words * 4 > size)
    {
      set_corrupt (error, _("a table is cut short"));
      return NULL;
    }
  size -= (gsize) n_bloom_words * 4;
  start += (gsize) n_bloom_words * 4;

  if ((guint64) n_buckets * 4 > size)
    {
      set_corrupt (error, _("a table is cut short"));
      return NULL;
    }
  size -= (gsize) n_buckets * 4;
  start += (gsize) n_buckets * 4;

  /* Lookups go through the items directly, so the buckets and the bloom
   * filter, which only speed them up, need not be trusted. */
  self->items_offset = start;
  self->n_items = (guint32) MIN (size / HASH_ITEM_SIZE, G_MAXUINT32);
  return g_steal_pointer (&self);
}

/**
 * antam_gvdb_new:
 * @bytes: the whole file
 *
 * Returns: (transfer full): the root table, or %NULL when @bytes is not a GVDB file
 */
AntamGvdb *
antam_gvdb_new (GBytes  *bytes,
                GError **error)
{
  const guint8 *data;
  gsize size;
  gboolean byteswapped;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < HEADER_SIZE)
    {
      set_corrupt (error, _("the file is too short"));
      return NULL;
    }

  if (memcmp (data, "GVariant", 8) == 0)
    byteswapped = G_BYTE_ORDER != G_LITTLE_ENDIAN;
  else if (memcmp (data, "raVGtnai", 8) == 0)
    byteswapped = G_BYTE_ORDER != G_BIG_ENDIAN;
  else
    {
      set_corrupt (error, _("the file does not start with the GVDB signature"));
      return NULL;
    }

  if (read_u32 (data + 8) != 0)
    {
      set_corrupt (error, _("unknown format version"));
      return NULL;
    }

  return table_new (bytes, byteswapped, data + 16, error);
}

void
antam_gvdb_free (AntamGvdb *self)
{
  if (self == NULL)
    return;
  g_bytes_unref (self->file);
  g_free (self);
}

static const guint8 *
get_item (AntamGvdb *self,
          guint32    index)
{
  return self->data + self->items_offset + (gsize) index * HASH_ITEM_SIZE;
}

static gboolean
item_key (AntamGvdb    *self,
          const guint8 *item,
          const char  **key,
          gsize        *key_size)
{
  guint32 start = read_u32 (item + 8);
  guint16 size = read_u16 (item + 12);

  if ((guint64) start + size > self->size)
    return FALSE;
  *key = (const char *) self->data + start;
  *key_size = size;
  return TRUE;
}

/* The full key of an item: its own part after its parents'.  A chain longer
 * than the table is a loop in a corrupt file. */
static char *
full_key (AntamGvdb *self,
          guint32    index)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  g_autoptr(GString) key = g_string_new (NULL);

  while (index != NO_PARENT)
    {
      if (index >= self->n_items || chain->len > self->n_items)
        return NULL;
      g_ptr_array_add (chain, (gpointer) get_item (self, index));
      index = read_u32 (get_item (self, index) + 4);
    }

  for (guint i = chain->len; i > 0; i--)
    {
      const char *part;
      gsize part_size;

      if (!item_key (self, g_ptr_array_index (chain, i - 1), &part, &part_size))
        return NULL;
      g_string_append_len (key, part, part_size);
    }

  /* A key with a NUL inside could pass for another. */
  if (strlen (key->str) != key->len)
    return NULL;
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static const guint8 *
find_item (AntamGvdb  *self,
           const char *key,
           char        type)
{
  for (guint32 i = 0; i < self->n_items; i++)
    {
      const guint8 *item = get_item (self, i);
      g_autofree char *name = NULL;

      if ((char) item[14] != type)
        continue;
      name = full_key (self, i);
      if (name != NULL && g_str_equal (name, key))
        return item;
    }
  return NULL;
}

/**
 * antam_gvdb_list_keys:
 *
 * Returns: (transfer full): the full keys of the table's values and tables,
 *   in the order the file stores them; directory lists are left out
 */
char **
antam_gvdb_list_keys (AntamGvdb *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint32 i = 0; i < self->n_items; i++)
    {
      char type = (char) get_item (self, i)[14];
      g_autofree char *name = NULL;

      if (type != 'v' && type != 'H')
        continue;
      name = full_key (self, i);
      if (name != NULL)
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

gboolean
antam_gvdb_has_key (AntamGvdb  *self,
                    const char *key)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return find_item (self, key, 'v') != NULL || find_item (self, key, 'H') != NULL;
}

/**
 * antam_gvdb_get_value:
 *
 * Returns: (transfer full) (nullable): the value stored under @key, in the
 *   host's byte order, or %NULL when there is none or it is not readable
 */
GVariant *
antam_gvdb_get_value (AntamGvdb  *self,
                      const char *key)
{
  const guint8 *item;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) boxed = NULL;
  g_autoptr(GVariant) value = NULL;
  gsize start, size;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  item = find_item (self, key, 'v');
  if (item == NULL || !dereference (self, item + 16, 1, &start, &size))
    return NULL;

  /* Untrusted: GVariant checks the serialisation as it reads it and gives
   * defaults for anything malformed, so garbage cannot crash us. */
  bytes = g_bytes_new_from_bytes (self->file, start, size);
  boxed = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARIANT, bytes, FALSE));
  value = g_variant_get_variant (boxed);
  if (self->byteswapped)
    {
      GVariant *swapped = g_variant_byteswap (value);
      g_variant_unref (value);
      value = swapped;
    }
  return g_steal_pointer (&value);
}

/**
 * antam_gvdb_get_table:
 *
 * Returns: (transfer full) (nullable): the table stored under @key; %NULL
 *   without an error when there is none, with one when it is corrupt
 */
AntamGvdb *
antam_gvdb_get_table (AntamGvdb   *self,
                      const char  *key,
                      GError     **error)
{
  const guint8 *item;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  item = find_item (self, key, 'H');
  if (item == NULL)
    return NULL;
  return table_new (self->file, self->byteswapped, item + 16, error);
}
