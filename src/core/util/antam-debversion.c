/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "util/antam-debversion.h"

/* Not g_ascii_isalpha() through the locale: dpkg's c_isalpha is ASCII only,
 * and that is what has to match. */
static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_alpha (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
order (char c)
{
  if (is_digit (c))
    return 0;
  if (is_alpha (c))
    return (unsigned char) c;
  if (c == '~')
    return -1;
  if (c != '\0')
    return (unsigned char) c + 256;
  return 0;
}

/* dpkg's verrevcmp() on [a, a_end) and [b, b_end). */
static int
verrevcmp (const char *a,
           const char *a_end,
           const char *b,
           const char *b_end)
{
#define AC (a < a_end ? *a : '\0')
#define BC (b < b_end ? *b : '\0')
  while (a < a_end || b < b_end)
    {
      int first_diff = 0;

      while ((AC != '\0' && !is_digit (AC)) || (BC != '\0' && !is_digit (BC)))
        {
          int ac = order (AC);
          int bc = order (BC);

          if (ac != bc)
            return ac - bc;
          a++;
          b++;
        }

      while (AC == '0')
        a++;
      while (BC == '0')
        b++;
      while (is_digit (AC) && is_digit (BC))
        {
          if (first_diff == 0)
            first_diff = AC - BC;
          a++;
          b++;
        }

      if (is_digit (AC))
        return 1;
      if (is_digit (BC))
        return -1;
      if (first_diff != 0)
        return first_diff;
    }
  return 0;
#undef AC
#undef BC
}

typedef struct {
  const char *epoch;      /* digits, leading zeros skipped */
  gsize epoch_len;
  const char *upstream, *upstream_end;
  const char *revision, *revision_end;
} Parts;

static void
split (const char *version,
       Parts      *parts)
{
  const char *colon = strchr (version, ':');
  const char *end = version + strlen (version);
  const char *hyphen;

  parts->epoch = "";
  parts->epoch_len = 0;
  parts->upstream = version;

  /* Leading blanks are allowed by dpkg's parser; trailing ones end the string. */
  while (*parts->upstream == ' ' || *parts->upstream == '\t')
    parts->upstream++;
  {
    const char *blank = parts->upstream + strcspn (parts->upstream, " \t\n");
    if (blank < end)
      end = blank;
  }
  if (colon != NULL && colon >= end)
    colon = NULL;

  if (colon != NULL)
    {
      const char *e = parts->upstream;
      gboolean digits = e < colon;

      for (const char *p = e; p < colon; p++)
        if (!is_digit (*p))
          digits = FALSE;
      if (digits)
        {
          while (e < colon - 1 && *e == '0')
            e++;
          parts->epoch = e;
          parts->epoch_len = colon - e;
          parts->upstream = colon + 1;
        }
    }

  hyphen = NULL;
  for (const char *p = parts->upstream; p < end; p++)
    if (*p == '-')
      hyphen = p;

  if (hyphen != NULL)
    {
      parts->upstream_end = hyphen;
      parts->revision = hyphen + 1;
      parts->revision_end = end;
    }
  else
    {
      parts->upstream_end = end;
      parts->revision = end;
      parts->revision_end = end;
    }
}

static int
compare_epochs (const Parts *a,
                const Parts *b)
{
  /* As numbers of any length, so a huge epoch cannot overflow. */
  gsize alen = a->epoch_len, blen = b->epoch_len;
  int cmp;

  if (alen == 1 && a->epoch[0] == '0')
    alen = 0;
  if (blen == 1 && b->epoch[0] == '0')
    blen = 0;
  if (alen != blen)
    return alen < blen ? -1 : 1;
  cmp = alen ? memcmp (a->epoch, b->epoch, alen) : 0;
  return cmp < 0 ? -1 : cmp > 0 ? 1 : 0;
}

/**
 * antam_debversion_compare:
 *
 * Returns: negative, zero or positive as @a is older than, the same as or
 *   newer than @b.  %NULL sorts before any version.
 */
int
antam_debversion_compare (const char *a,
                          const char *b)
{
  Parts pa, pb;
  int cmp;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  split (a, &pa);
  split (b, &pb);

  cmp = compare_epochs (&pa, &pb);
  if (cmp != 0)
    return cmp;
  cmp = verrevcmp (pa.upstream, pa.upstream_end, pb.upstream, pb.upstream_end);
  if (cmp != 0)
    return cmp < 0 ? -1 : 1;
  cmp = verrevcmp (pa.revision, pa.revision_end, pb.revision, pb.revision_end);
  return cmp < 0 ? -1 : cmp > 0 ? 1 : 0;
}

/**
 * antam_debversion_is_valid:
 *
 * Whether dpkg would accept @version without complaint: an optional numeric
 * epoch, an upstream version starting with a digit, an optional revision.
 */
gboolean
antam_debversion_is_valid (const char *version)
{
  Parts parts;
  const char *colon;

  if (version == NULL || *version == '\0')
    return FALSE;
  for (const char *p = version; *p; p++)
    if (*p == ' ' || *p == '\t' || *p == '\n')
      return FALSE;

  colon = strchr (version, ':');
  split (version, &parts);
  if (colon != NULL && parts.upstream != colon + 1)
    return FALSE;
  if (parts.upstream == parts.upstream_end || !is_digit (parts.upstream[0]))
    return FALSE;
  if (parts.upstream_end != parts.revision_end && parts.revision == parts.revision_end)
    return FALSE;
  for (const char *p = parts.upstream; p < parts.upstream_end; p++)
    if (!is_digit (*p) && !is_alpha (*p) && strchr (".-+~:", *p) == NULL)
      return FALSE;
  for (const char *p = parts.revision; p < parts.revision_end; p++)
    if (!is_digit (*p) && !is_alpha (*p) && strchr (".+~", *p) == NULL)
      return FALSE;
  return TRUE;
}
