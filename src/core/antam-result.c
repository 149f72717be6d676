/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "antam-result.h"

static const char * const status_names[ANTAM_N_STATUSES] = {
  [ANTAM_STATUS_OK] = "ok",
  [ANTAM_STATUS_INFO] = "info",
  [ANTAM_STATUS_MANUAL] = "manual",
  [ANTAM_STATUS_UNKNOWN] = "unknown",
  [ANTAM_STATUS_WARNING] = "warning",
  [ANTAM_STATUS_RISK] = "risk",
};

const char *
antam_status_to_string (AntamStatus status)
{
  g_return_val_if_fail (status < ANTAM_N_STATUSES, "unknown");
  return status_names[status];
}

/**
 * antam_name_lookup:
 * @names: (array length=n_names): the names an enum's values are written
 *   as (in reports, state files, settings), indexed by value
 * @text: (nullable): a name read back
 *
 * Returns: the value @text names, or -1
 */
int
antam_name_lookup (const char * const *names,
                   guint               n_names,
                   const char         *text)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (names[i] != NULL && g_str_equal (text, names[i]))
      return (int) i;
  return -1;
}

gboolean
antam_status_from_string (const char  *text,
                          AntamStatus *status)
{
  int value = antam_name_lookup (status_names, G_N_ELEMENTS (status_names), text);

  if (value < 0)
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

/* A check that could not tell says so, with the reason, and the scan goes on. */
AntamResult *
antam_result_new_unknown (const char   *check,
                          const char   *title,
                          const GError *reason)
{
  return antam_result_new (check, ANTAM_STATUS_UNKNOWN, title,
                           reason ? reason->message : _("The reason is not known."));
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
