/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tally/antam-tally-picture.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

static const char * const fact_keys[ANTAM_TALLY_N_FACTS] = {
  "os_unsupported", "security_updates", "auto_updates_off", "firewall_off",
  "laptop_unencrypted", "unsafe_answers", "incidents",
};

const char *
antam_tally_fact_key (AntamTallyFact fact)
{
  g_return_val_if_fail (fact < ANTAM_TALLY_N_FACTS, "");
  return fact_keys[fact];
}

const char *
antam_tally_fact_label (AntamTallyFact fact)
{
  switch (fact)
    {
    case ANTAM_TALLY_FACT_OS_UNSUPPORTED: return _("Unsupported system");
    case ANTAM_TALLY_FACT_SECURITY_UPDATES: return _("Security updates pending");
    case ANTAM_TALLY_FACT_AUTO_UPDATES_OFF: return _("No automatic updates");
    case ANTAM_TALLY_FACT_FIREWALL_OFF: return _("Firewall off");
    case ANTAM_TALLY_FACT_LAPTOP_UNENCRYPTED: return _("Laptop disk not encrypted");
    case ANTAM_TALLY_FACT_UNSAFE_ANSWERS: return _("Unsafe answers");
    case ANTAM_TALLY_FACT_INCIDENTS: return _("Incidents reported");
    case ANTAM_TALLY_N_FACTS:
    default: return "";
    }
}

static void
counts_clear (AntamTallyCounts *counts)
{
  g_clear_pointer (&counts->apps, g_free);
}

static void
unit_free (AntamTallyUnit *unit)
{
  g_free (unit->key);
  g_free (unit->name);
  counts_clear (&unit->counts);
  g_free (unit);
}

static void
follow_up_free (AntamTallyFollowUp *follow_up)
{
  g_free (follow_up->unit);
  g_free (follow_up->sender_name);
  g_free (follow_up->sender_email);
  g_free (follow_up->hostname);
  g_free (follow_up->report_id);
  g_free (follow_up);
}

static void
invalid_free (AntamTallyInvalid *invalid)
{
  g_free (invalid->report_id);
  g_free (invalid->unit);
  g_free (invalid->sender_name);
  g_free (invalid->source);
  g_free (invalid->problems);
  g_free (invalid);
}

void
antam_tally_picture_free (AntamTallyPicture *picture)
{
  if (picture == NULL)
    return;
  g_free (picture->scope);
  g_free (picture->unit_filter);
  g_strfreev (picture->rules);
  g_strfreev (picture->rule_names);
  g_ptr_array_unref (picture->units);
  g_ptr_array_unref (picture->invalid);
  g_ptr_array_unref (picture->zoom);
  counts_clear (&picture->totals);
  counts_clear (&picture->previous);
  g_free (picture);
}

char *
antam_tally_format_date (gint64 when)
{
  g_autoptr(GDateTime) utc = when > 0 ? g_date_time_new_from_unix_utc (when) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%d/%m/%Y") : g_strdup ("—");
}

char *
antam_tally_format_pending (const AntamTallyCounts *counts,
                            gint64                  now)
{
  gint64 days;

  if (counts->facts[ANTAM_TALLY_FACT_SECURITY_UPDATES] == 0 || counts->pending_since == 0)
    return g_strdup ("");
  days = MAX (0, (now - counts->pending_since) / SECONDS_PER_DAY);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", (gulong) days), (guint) days);
}

/* ---- Units ------------------------------------------------------------------ */

typedef struct {
  GHashTable *name_to_code;   /* name key → "#CODE", where a report had both */
  GHashTable *spellings;      /* group key → (spelling → count) */
} Grouping;

static char *
group_key (Grouping               *grouping,
           const AntamTallyRecord *record)
{
  g_autofree char *name_key = antam_tally_unit_key (record->unit, NULL);
  const char *code;

  if (record->agency_code != NULL && *record->agency_code != '\0')
    return antam_tally_unit_key (NULL, record->agency_code);
  code = g_hash_table_lookup (grouping->name_to_code, name_key);
  return code ? g_strdup (code) : g_steal_pointer (&name_key);
}

static void
grouping_init (Grouping  *grouping,
               GPtrArray *records)
{
  grouping->name_to_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  grouping->spellings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_hash_table_unref);

  /* An agency code wins over the name: a unit that wrote both is one
   * group, also for its reports that have only the name. */
  for (guint i = 0; i < records->len; i++)
    {
      const AntamTallyRecord *record = g_ptr_array_index (records, i);

      if (record->agency_code != NULL && *record->agency_code != '\0' && record->unit != NULL)
        g_hash_table_replace (grouping->name_to_code, antam_tally_unit_key (record->unit, NULL),
                              antam_tally_unit_key (NULL, record->agency_code));
    }

  for (guint i = 0; i < records->len; i++)
    {
      const AntamTallyRecord *record = g_ptr_array_index (records, i);
      g_autofree char *key = NULL;
      g_autofree char *spelling = NULL;
      GHashTable *counts;

      if (record->training || record->unit == NULL)
        continue;
      key = group_key (grouping, record);
      counts = g_hash_table_lookup (grouping->spellings, key);
      if (counts == NULL)
        {
          counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (grouping->spellings, g_strdup (key), counts);
        }
      /* Spacing is not a spelling: "UBND  huyện" is "UBND huyện". */
      {
        g_auto(GStrv) words = g_strsplit_set (record->unit, " \t\r\n", -1);
        GString *clean = g_string_new (NULL);

        for (guint w = 0; words[w]; w++)
          if (*words[w])
            g_string_append_printf (clean, "%s%s", clean->len ? " " : "", words[w]);
        spelling = g_string_free (clean, FALSE);
      }
      g_hash_table_insert (counts, g_strdup (spelling),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, spelling)) + 1));
    }
}

static void
grouping_clear (Grouping *grouping)
{
  g_hash_table_unref (grouping->name_to_code);
  g_hash_table_unref (grouping->spellings);
}

static guint
count_marks (const char *text)
{
  g_autofree char *nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  guint marks = 0;

  for (const char *p = nfd ? nfd : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      marks += g_unichar_ismark (c) || c == 0x0111 || c == 0x0110 || g_unichar_isupper (c);
    }
  return marks;
}

/* The spelling most used; between two used as often, the one that keeps
 * its diacritics and capitals, as the unit writes its own name. */
static char *
group_name (Grouping   *grouping,
            const char *key)
{
  GHashTable *counts = g_hash_table_lookup (grouping->spellings, key);
  GHashTableIter iter;
  gpointer spelling, count;
  const char *best = NULL;
  guint best_count = 0, best_marks = 0;

  if (counts != NULL)
    {
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &spelling, &count))
        {
          guint marks = count_marks (spelling);

          if (GPOINTER_TO_UINT (count) > best_count ||
              (GPOINTER_TO_UINT (count) == best_count &&
               (marks > best_marks || (marks == best_marks && g_strcmp0 (spelling, best) < 0))))
            {
              best = spelling;
              best_count = GPOINTER_TO_UINT (count);
              best_marks = marks;
            }
        }
    }
  if (best != NULL)
    return g_strdup (best);
  if (*key == '#')
    return g_strdup (key + 1);
  return g_strdup (_("(no unit given)"));
}

/* ---- Building ---------------------------------------------------------------- */

typedef struct {
  const AntamTallyRecord *newest;
  GPtrArray *history;          /* const AntamTallyRecord*, oldest first */
  char *group;
} Machine;

static void
machine_free (Machine *machine)
{
  g_ptr_array_unref (machine->history);
  g_free (machine->group);
  g_free (machine);
}

/* When the run of reports with pending security updates that ends with
 * the newest began. */
static gint64
pending_since (const Machine *machine)
{
  gint64 since = 0;

  for (guint i = machine->history->len; i > 0; i--)
    {
      const AntamTallyRecord *record = g_ptr_array_index (machine->history, i - 1);

      if (record->security_updates == 0)
        break;
      since = record->created;
    }
  return since;
}

static gboolean
in_scope (const AntamTallyRecord *record,
          gint64                  since)
{
  return since == 0 || record->created >= since;
}

static void
count_machine (AntamTallyCounts      *counts,
               const Machine         *machine,
               const AntamTallyPicture *picture)
{
  const AntamTallyRecord *record = machine->newest;

  counts->machines++;
  if (record->machine_fallback)
    counts->fallback_machines++;
  counts->last_report = MAX (counts->last_report, record->created);
  for (guint r = 0; r < picture->n_rules; r++)
    for (guint a = 0; a < record->apps->len; a++)
      if (g_str_equal (((AntamTallyApp *) g_ptr_array_index (record->apps, a))->rule, picture->rules[r]))
        counts->apps[r]++;
  counts->facts[ANTAM_TALLY_FACT_OS_UNSUPPORTED] += record->os_unsupported;
  if (record->security_updates > 0)
    {
      gint64 since = pending_since (machine);

      counts->facts[ANTAM_TALLY_FACT_SECURITY_UPDATES]++;
      if (since > 0 && (counts->pending_since == 0 || since < counts->pending_since))
        counts->pending_since = since;
    }
  counts->facts[ANTAM_TALLY_FACT_AUTO_UPDATES_OFF] += record->auto_updates_off;
  counts->facts[ANTAM_TALLY_FACT_FIREWALL_OFF] += record->firewall_off;
  counts->facts[ANTAM_TALLY_FACT_LAPTOP_UNENCRYPTED] += record->laptop_unencrypted;
  counts->facts[ANTAM_TALLY_FACT_UNSAFE_ANSWERS] += record->unsafe_answers > 0;
}

static void
add_counts (AntamTallyCounts       *total,
            const AntamTallyCounts *part,
            guint                   n_rules)
{
  total->machines += part->machines;
  total->fallback_machines += part->fallback_machines;
  total->last_report = MAX (total->last_report, part->last_report);
  for (guint r = 0; r < n_rules; r++)
    total->apps[r] += part->apps[r];
  for (guint f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    total->facts[f] += part->facts[f];
  if (part->pending_since > 0 && (total->pending_since == 0 || part->pending_since < total->pending_since))
    total->pending_since = part->pending_since;
}

typedef struct {
  const char *rule;
  guint machines;
} RuleCount;

static int
compare_rules (gconstpointer a,
               gconstpointer b)
{
  const RuleCount *x = a, *y = b;

  /* Zoom first: the letters are about it; then the most found. */
  if (g_str_equal (x->rule, "zoom") != g_str_equal (y->rule, "zoom"))
    return g_str_equal (x->rule, "zoom") ? -1 : 1;
  if (x->machines != y->machines)
    return x->machines > y->machines ? -1 : 1;
  return strcmp (x->rule, y->rule);
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const AntamTallyUnit *x = *(AntamTallyUnit * const *) a;
  const AntamTallyUnit *y = *(AntamTallyUnit * const *) b;
  g_autofree char *kx = g_utf8_collate_key (x->name, -1);
  g_autofree char *ky = g_utf8_collate_key (y->name, -1);

  return strcmp (kx, ky);
}

static int
compare_follow_ups (gconstpointer a,
                    gconstpointer b)
{
  const AntamTallyFollowUp *x = *(AntamTallyFollowUp * const *) a;
  const AntamTallyFollowUp *y = *(AntamTallyFollowUp * const *) b;
  int by_unit = g_utf8_collate (x->unit, y->unit);

  if (by_unit != 0)
    return by_unit;
  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return g_strcmp0 (x->report_id, y->report_id);
}

static gboolean
matches_unit_filter (const char *filter_key,
                     const char *group,
                     const char *name)
{
  g_autofree char *name_key = NULL;

  if (filter_key == NULL)
    return TRUE;
  name_key = antam_tally_unit_key (name, NULL);
  return strstr (name_key, filter_key) != NULL || g_ascii_strcasecmp (group, filter_key) == 0 ||
         (group[0] == '#' && g_ascii_strcasecmp (group + 1, filter_key) == 0);
}

/**
 * antam_tally_picture_build:
 * @records: (element-type AntamTallyRecord): every report, oldest first
 * @rule_names: (nullable): rule id → the name the rules give it
 * @since: count only reports made at or after this (Unix time); 0: all
 * @unit_filter: (nullable): only units whose name contains this (compared
 *   as units are grouped), or whose agency code it is
 */
AntamTallyPicture *
antam_tally_picture_build (GPtrArray  *records,
                           GHashTable *rule_names,
                           gint64      since,
                           const char *unit_filter,
                           gint64      now)
{
  AntamTallyPicture *picture = g_new0 (AntamTallyPicture, 1);
  g_autoptr(GHashTable) machines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) machine_free);
  g_autoptr(GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) rule_machines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) rule_counts = g_array_new (FALSE, FALSE, sizeof (RuleCount));
  g_autofree char *filter_key = unit_filter ? antam_tally_unit_key (unit_filter, NULL) : NULL;
  g_autofree char *since_text = since ? g_strdup_printf ("%" G_GINT64_FORMAT, since) : g_strdup ("");
  Grouping grouping;
  GHashTableIter iter;
  gpointer value;

  picture->made = now;
  picture->since = since;
  picture->unit_filter = g_strdup (unit_filter);
  picture->scope = g_strdup_printf ("since=%s;unit=%s", since_text, filter_key ? filter_key : "");
  picture->units = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free);
  picture->invalid = g_ptr_array_new_with_free_func ((GDestroyNotify) invalid_free);
  picture->zoom = g_ptr_array_new_with_free_func ((GDestroyNotify) follow_up_free);
  grouping_init (&grouping, records);

  /* The truth per machine: its newest report that counts. */
  for (guint i = 0; i < records->len; i++)
    {
      const AntamTallyRecord *record = g_ptr_array_index (records, i);
      g_autofree char *group = NULL;
      g_autofree char *name = NULL;
      Machine *machine;

      if (!in_scope (record, since))
        continue;
      group = group_key (&grouping, record);
      name = group_name (&grouping, group);
      if (!matches_unit_filter (filter_key, group, name))
        continue;

      if (record->training)
        {
          picture->training_reports++;
          continue;
        }
      if (!record->valid)
        {
          AntamTallyInvalid *invalid = g_new0 (AntamTallyInvalid, 1);

          invalid->report_id = g_strdup (record->report_id);
          invalid->unit = g_strdup (name);
          invalid->sender_name = g_strdup (record->sender_name);
          invalid->source = g_strdup (record->source);
          invalid->problems = g_strdup (record->problems);
          invalid->created = record->created;
          g_ptr_array_add (picture->invalid, invalid);
          continue;
        }

      picture->reports_counted++;
      if (record->incident)
        {
          /* An incident stays reported when a later check has none. */
          AntamTallyUnit *unit = g_hash_table_lookup (units, group);

          if (unit == NULL)
            {
              unit = g_new0 (AntamTallyUnit, 1);
              unit->key = g_strdup (group);
              unit->name = g_strdup (name);
              g_hash_table_insert (units, unit->key, unit);
              g_ptr_array_add (picture->units, unit);
            }
          unit->counts.facts[ANTAM_TALLY_FACT_INCIDENTS]++;
        }

      machine = g_hash_table_lookup (machines, record->machine);
      if (machine == NULL)
        {
          machine = g_new0 (Machine, 1);
          machine->history = g_ptr_array_new ();
          g_hash_table_insert (machines, record->machine, machine);
        }
      else
        picture->reports_superseded++;
      g_ptr_array_add (machine->history, (gpointer) record);
      /* Oldest first: a later one, or one made at the same second, wins. */
      machine->newest = record;
      g_free (machine->group);
      machine->group = g_strdup (group);
    }

  /* Which rules the picture has a column for: Zoom always. */
  g_hash_table_insert (rule_machines, (gpointer) "zoom", GUINT_TO_POINTER (0));
  g_hash_table_iter_init (&iter, machines);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Machine *machine = value;

      for (guint a = 0; a < machine->newest->apps->len; a++)
        {
          const char *rule = ((AntamTallyApp *) g_ptr_array_index (machine->newest->apps, a))->rule;
          g_hash_table_insert (rule_machines, (gpointer) rule,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (rule_machines, rule)) + 1));
        }
    }
  g_hash_table_iter_init (&iter, rule_machines);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    {
      RuleCount count = { value, GPOINTER_TO_UINT (g_hash_table_lookup (rule_machines, value)) };
      g_array_append_val (rule_counts, count);
    }
  g_array_sort (rule_counts, compare_rules);
  picture->n_rules = rule_counts->len;
  picture->rules = g_new0 (char *, picture->n_rules + 1);
  picture->rule_names = g_new0 (char *, picture->n_rules + 1);
  for (guint r = 0; r < picture->n_rules; r++)
    {
      const char *rule = g_array_index (rule_counts, RuleCount, r).rule;
      const char *name = rule_names ? g_hash_table_lookup (rule_names, rule) : NULL;

      picture->rules[r] = g_strdup (rule);
      picture->rule_names[r] = g_strdup (name ? name : g_str_equal (rule, "zoom") ? "Zoom" : rule);
    }

  /* Each unit's counts, then the province's. */
  for (guint u = 0; u < picture->units->len; u++)
    ((AntamTallyUnit *) g_ptr_array_index (picture->units, u))->counts.apps = g_new0 (guint, picture->n_rules + 1);
  g_hash_table_iter_init (&iter, machines);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Machine *machine = value;
      const AntamTallyRecord *record = machine->newest;
      AntamTallyUnit *unit = g_hash_table_lookup (units, machine->group);

      if (unit == NULL)
        {
          unit = g_new0 (AntamTallyUnit, 1);
          unit->key = g_strdup (machine->group);
          unit->name = group_name (&grouping, machine->group);
          unit->counts.apps = g_new0 (guint, picture->n_rules + 1);
          g_hash_table_insert (units, unit->key, unit);
          g_ptr_array_add (picture->units, unit);
        }
      count_machine (&unit->counts, machine, picture);

      {
        const AntamTallyApp *zoom = NULL;

        for (guint a = 0; a < record->apps->len; a++)
          if (g_str_equal (((AntamTallyApp *) g_ptr_array_index (record->apps, a))->rule, "zoom"))
            zoom = g_ptr_array_index (record->apps, a);
        if (zoom != NULL)
          {
            AntamTallyFollowUp *follow_up = g_new0 (AntamTallyFollowUp, 1);

            follow_up->unit = g_strdup (unit->name);
            follow_up->sender_name = g_strdup (record->sender_name);
            follow_up->sender_email = g_strdup (record->sender_email);
            follow_up->hostname = g_strdup (record->hostname);
            follow_up->report_id = g_strdup (record->report_id);
            follow_up->created = record->created;
            follow_up->installed = zoom->installed;
            follow_up->fallback = record->machine_fallback;
            g_ptr_array_add (picture->zoom, follow_up);
          }
      }
    }

  picture->totals.apps = g_new0 (guint, picture->n_rules + 1);
  picture->previous.apps = g_new0 (guint, picture->n_rules + 1);
  for (guint u = 0; u < picture->units->len; u++)
    add_counts (&picture->totals, &((AntamTallyUnit *) g_ptr_array_index (picture->units, u))->counts,
                picture->n_rules);
  g_ptr_array_sort (picture->units, compare_units);
  g_ptr_array_sort (picture->zoom, compare_follow_ups);

  grouping_clear (&grouping);
  return picture;
}

/* ---- The trend ---------------------------------------------------------------- */

char *
antam_tally_picture_totals_to_json (AntamTallyPicture *picture)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *apps = cJSON_AddObjectToObject (root, "apps");
  cJSON *facts = cJSON_AddObjectToObject (root, "facts");
  char *printed, *text;

  cJSON_AddNumberToObject (root, "machines", picture->totals.machines);
  cJSON_AddNumberToObject (root, "units", picture->units->len);
  for (guint r = 0; r < picture->n_rules; r++)
    cJSON_AddNumberToObject (apps, picture->rules[r], picture->totals.apps[r]);
  for (guint f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    cJSON_AddNumberToObject (facts, fact_keys[f], picture->totals.facts[f]);
  printed = cJSON_PrintUnformatted (root);
  cJSON_Delete (root);
  text = g_strdup (printed);
  cJSON_free (printed);
  return text;
}

static guint
get_count (const cJSON *object,
           const char  *key)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsNumber (node) && node->valuedouble >= 0 ? (guint) node->valuedouble : 0;
}

gboolean
antam_tally_picture_set_previous (AntamTallyPicture *picture,
                                  const char        *totals,
                                  gint64             made)
{
  cJSON *root = totals ? cJSON_Parse (totals) : NULL;
  const cJSON *apps, *facts;

  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      return FALSE;
    }
  apps = cJSON_GetObjectItemCaseSensitive (root, "apps");
  facts = cJSON_GetObjectItemCaseSensitive (root, "facts");
  picture->previous.machines = get_count (root, "machines");
  for (guint r = 0; r < picture->n_rules; r++)
    picture->previous.apps[r] = get_count (apps, picture->rules[r]);
  for (guint f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    picture->previous.facts[f] = get_count (facts, fact_keys[f]);
  picture->has_previous = TRUE;
  picture->previous_made = made;
  cJSON_Delete (root);
  return TRUE;
}

/**
 * antam_tally_picture_update_trend:
 *
 * The trend compares with the last tally of the same filters made when
 * the store held fewer reports, so that writing the same picture again in
 * another format shows the same trend; this tally is recorded for the
 * next one.
 */
gboolean
antam_tally_picture_update_trend (AntamTallyPicture  *picture,
                                  AntamTallyStore    *store,
                                  GError            **error)
{
  g_autofree char *previous = NULL;
  g_autofree char *totals = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 made = 0;

  picture->store_reports = antam_tally_store_count (store, error);
  if (picture->store_reports < 0)
    return FALSE;
  previous = antam_tally_store_previous_totals (store, picture->scope, picture->store_reports, &made, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (previous != NULL)
    antam_tally_picture_set_previous (picture, previous, made);
  totals = antam_tally_picture_totals_to_json (picture);
  return antam_tally_store_record_totals (store, picture->scope, picture->store_reports, picture->made,
                                          totals, error);
}
