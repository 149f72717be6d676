/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "antam-enums.h"
#include "antam-result.h"
#include "util/antam-enum.h"

const char *
antam_status_to_string (AntamStatus status)
{
  const char *nick = antam_enum_to_nick (ANTAM_TYPE_STATUS, status);

  g_return_val_if_fail (nick != NULL, "unknown");
  return nick;
}

gboolean
antam_status_from_string (const char  *text,
                          AntamStatus *status)
{
  int value;

  if (!antam_enum_from_nick (ANTAM_TYPE_STATUS, text, &value))
    return FALSE;
  *status = (AntamStatus) value;
  return TRUE;
}

/* The word shown next to the status icon: never colour alone. */
const char *
antam_status_display_name (AntamStatus status)
{
  switch (status)
    {
    case ANTAM_STATUS_OK:
      return _("OK");
    case ANTAM_STATUS_INFO:
      return _("Note");
    case ANTAM_STATUS_MANUAL:
      return _("Your answer needed");
    case ANTAM_STATUS_UNKNOWN:
      return _("Could not check");
    case ANTAM_STATUS_WARNING:
      return _("Warning");
    case ANTAM_STATUS_RISK:
      return _("Risk");
    case ANTAM_N_STATUSES:
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * antam_status_tag:
 *
 * The status in brackets, for plain text (the CLI table, the e-mail): the
 * same word as antam_status_display_name(), in capitals, so that a status
 * has one name wherever it is read.
 *
 * Returns: (transfer full): "[ĐẠT]", "[LƯU Ý]" …
 */
char *
antam_status_tag (AntamStatus status)
{
  g_autofree char *upper = g_utf8_strup (antam_status_display_name (status), -1);

  return g_strdup_printf ("[%s]", upper);
}

/**
 * antam_results_describe_counts:
 * @results: (element-type AntamResult)
 *
 * One line with how many results have each status, worst first, in the
 * words the rows and tiles use: "Risk: 1 · Warning: 2 · … · OK: 9".
 *
 * Returns: (transfer full): the line
 */
char *
antam_results_describe_counts (GPtrArray *results)
{
  guint counts[ANTAM_N_STATUSES];
  GString *line = g_string_new (NULL);

  antam_results_count (results, counts);
  for (int status = ANTAM_STATUS_RISK; status >= ANTAM_STATUS_OK; status--)
    {
      if (line->len > 0)
        g_string_append (line, " · ");
      /* TRANSLATORS: a status and how many results have it, e.g. "Risk: 2" */
      g_string_append_printf (line, _("%s: %u"), antam_status_display_name (status), counts[status]);
    }
  return g_string_free (line, FALSE);
}

/**
 * antam_join_names:
 * @names: (element-type utf8): what a title lists, in order
 * @max: how many to name; the rest are counted
 *
 * A list for a title that stays short however long @names is:
 * "a", "a and b", "a, b and c", "a, b, c and 711 more".
 *
 * Returns: (transfer full): the list
 */
char *
antam_join_names (GPtrArray *names,
                  guint      max)
{
  g_autoptr(GString) head = g_string_new (NULL);
  guint shown = MIN (names->len, MAX (max, 1));
  guint listed = names->len > shown ? shown : shown - 1;

  if (names->len == 0)
    return g_strdup ("");

  for (guint i = 0; i < listed; i++)
    {
      if (i > 0)
        g_string_append (head, ", ");
      g_string_append (head, g_ptr_array_index (names, i));
    }
  if (names->len > shown)
    /* TRANSLATORS: the end of a list that names only the first few:
     * "zoom, teams, skype and 711 more" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more",
                                         names->len - shown),
                            head->str, names->len - shown);
  if (listed == 0)
    return g_strdup (g_ptr_array_index (names, 0));
  /* TRANSLATORS: the end of a list: "zoom, teams and skype" */
  return g_strdup_printf (_("%s and %s"), head->str, (const char *) g_ptr_array_index (names, listed));
}

const char *
antam_remedy_to_string (AntamRemedyKind kind)
{
  switch (kind)
    {
    case ANTAM_REMEDY_UNINSTALL: return "uninstall";
    case ANTAM_REMEDY_UPDATE: return "update";
    case ANTAM_REMEDY_SETTING: return "setting";
    case ANTAM_REMEDY_GUIDE: return "guide";
    case ANTAM_REMEDY_REPORT: return "report";
    case ANTAM_REMEDY_DELETE: return "delete";
    case ANTAM_REMEDY_FIX: return "fix";
    case ANTAM_REMEDY_NONE:
    default: return "none";
    }
}

AntamItem *
antam_item_new (const char *kind,
                const char *name,
                const char *location)
{
  AntamItem *item = g_new0 (AntamItem, 1);

  item->kind = g_strdup (kind);
  item->name = g_strdup (name);
  item->location = g_strdup (location);
  item->size = -1;
  return item;
}

void
antam_item_free (AntamItem *item)
{
  if (item == NULL)
    return;
  g_free (item->kind);
  g_free (item->id);
  g_free (item->name);
  g_free (item->version);
  g_free (item->location);
  g_free (item->origin);
  g_free (item->detail);
  g_free (item->sha256);
  g_free (item->rule);
  g_free (item);
}

AntamResult *
antam_result_new (const char  *check,
                  AntamStatus  status,
                  const char  *title,
                  const char  *summary)
{
  AntamResult *result = g_new0 (AntamResult, 1);

  g_return_val_if_fail (check != NULL, NULL);

  g_atomic_ref_count_init (&result->ref_count);
  result->check = g_strdup (check);
  result->status = status;
  result->title = g_strdup (title);
  result->summary = g_strdup (summary);
  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_item_free);
  return result;
}

/**
 * antam_result_get_id:
 *
 * Returns: what the result is about, the same on every run and every
 *   machine, for counting results across reports: the check's id, or
 *   "check/sub" where one check gives several kinds of finding
 *   ("risky-apps/zoom", "downloads/fake:zoom").  Not unique: two fake
 *   installers of one app are two results with one id.
 */
const char *
antam_result_get_id (const AntamResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->id ? result->id : result->check;
}

/**
 * antam_result_set_sub_id:
 * @sub_id: (nullable): lower-case letters, digits and "-:._"; %NULL for
 *   the check's own id
 */
void
antam_result_set_sub_id (AntamResult *result,
                         const char  *sub_id)
{
  g_return_if_fail (result != NULL);
  g_free (result->id);
  result->id = sub_id ? g_strconcat (result->check, "/", sub_id, NULL) : NULL;
}

G_DEFINE_BOXED_TYPE (AntamResult, antam_result, antam_result_ref, antam_result_unref)

static gboolean
item_equal (const AntamItem *a,
            const AntamItem *b)
{
  return g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->version, b->version) == 0 &&
         g_strcmp0 (a->location, b->location) == 0 && g_strcmp0 (a->origin, b->origin) == 0 &&
         g_strcmp0 (a->detail, b->detail) == 0 && g_strcmp0 (a->sha256, b->sha256) == 0 &&
         a->size == b->size && g_strcmp0 (a->rule, b->rule) == 0;
}

/**
 * antam_result_equal:
 *
 * Whether @a and @b say the same, word for word: a re-check leaves the
 * rows of such results alone.
 */
gboolean
antam_result_equal (const AntamResult *a,
                    const AntamResult *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->status != b->status || a->remedy != b->remedy ||
      g_strcmp0 (a->check, b->check) != 0 || g_strcmp0 (a->id, b->id) != 0 ||
      g_strcmp0 (a->title, b->title) != 0 || g_strcmp0 (a->summary, b->summary) != 0 ||
      g_strcmp0 (a->remedy_target, b->remedy_target) != 0 ||
      g_strcmp0 (a->remedy_text, b->remedy_text) != 0 ||
      g_strcmp0 (a->it_staff, b->it_staff) != 0 ||
      a->items->len != b->items->len)
    return FALSE;
  for (guint i = 0; i < a->items->len; i++)
    if (!item_equal (g_ptr_array_index (a->items, i), g_ptr_array_index (b->items, i)))
      return FALSE;
  return TRUE;
}

AntamResult *
antam_result_ref (AntamResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_atomic_ref_count_inc (&result->ref_count);
  return result;
}

void
antam_result_unref (AntamResult *result)
{
  if (result == NULL || !g_atomic_ref_count_dec (&result->ref_count))
    return;
  g_free (result->check);
  g_free (result->id);
  g_free (result->title);
  g_free (result->summary);
  g_ptr_array_unref (result->items);
  g_free (result->remedy_target);
  g_free (result->remedy_text);
  g_free (result->it_staff);
  g_free (result);
}

AntamItem *
antam_result_add_item (AntamResult *result,
                       const char  *kind,
                       const char  *name,
                       const char  *location)
{
  AntamItem *item = antam_item_new (kind, name, location);

  g_ptr_array_add (result->items, item);
  return item;
}

void
antam_result_set_remedy (AntamResult     *result,
                         AntamRemedyKind  kind,
                         const char      *target,
                         const char      *text)
{
  result->remedy = kind;
  g_free (result->remedy_target);
  result->remedy_target = g_strdup (target);
  g_free (result->remedy_text);
  result->remedy_text = g_strdup (text);
}

/* Commands, file names and settings' names are for IT staff: they are
 * shown apart from the plain words, and written with the "it-staff"
 * gettext context. */
void
antam_result_set_it_staff (AntamResult *result,
                           const char  *text)
{
  g_free (result->it_staff);
  result->it_staff = g_strdup (text);
}


/**
 * antam_result_add_error:
 * @what: what could not be done, in words a user reads ("The firewall's
 *   settings could not be read")
 * @error: (nullable): the error as a library gave it
 *
 * A library's message ("Could not connect: No such file or directory") is
 * for IT staff: it goes to the item's detail (the report's JSON) and the
 * debug log, never into a title or a summary.
 */
AntamItem *
antam_result_add_error (AntamResult  *result,
                        const char   *what,
                        const GError *error)
{
  AntamItem *item = antam_result_add_item (result, "error", what, NULL);

  if (error != NULL)
    {
      item->detail = g_strdup (error->message);
      g_debug ("%s: %s: %s", result->check, what, error->message);
    }
  return item;
}

/**
 * antam_result_new_unknown:
 * @summary: why it could not be told, in words a user reads
 * @raw: (nullable): the library's error behind it, kept in an item
 *
 * A check that could not tell says so, with the reason, and the scan goes on.
 */
AntamResult *
antam_result_new_unknown (const char   *check,
                          const char   *title,
                          const char   *summary,
                          const GError *raw)
{
  AntamResult *result = antam_result_new (check, ANTAM_STATUS_UNKNOWN, title,
                                          summary ? summary : _("The reason is not known."));

  if (raw != NULL)
    antam_result_add_error (result, title, raw);
  return result;
}

AntamStatus
antam_results_worst (GPtrArray *results)
{
  AntamStatus worst = ANTAM_STATUS_OK;

  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      worst = MAX (worst, result->status);
    }
  return worst;
}

void
antam_results_count (GPtrArray *results,
                     guint      counts[ANTAM_N_STATUSES])
{
  for (guint i = 0; i < ANTAM_N_STATUSES; i++)
    counts[i] = 0;
  for (guint i = 0; i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      counts[result->status]++;
    }
}
