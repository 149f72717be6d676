/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tally/antam-tally-picture.h"
#include "tally/antam-tally-write-private.h"

/* The picture for the terminal, for a spreadsheet and for other tools. */

const char *
antam_tally_title (void)
{
  return _("Summary of information security self-checks");
}

char *
antam_tally_format_iso (gint64 when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format_iso8601 (local) : g_strdup ("");
}

/* "12 (+3)", "12 (−3)", "12 (=)" or "12" without a previous tally. */
char *
antam_tally_format_with_trend (guint    now,
                               guint    before,
                               gboolean has_previous)
{
  if (!has_previous)
    return g_strdup_printf ("%u", now);
  if (now == before)
    return g_strdup_printf ("%u (=)", now);
  if (now > before)
    return g_strdup_printf ("%u (+%u)", now, now - before);
  return g_strdup_printf ("%u (−%u)", now, before - now);
}

char *
antam_tally_scope_text (AntamTallyPicture *picture)
{
  g_autofree char *made = antam_tally_format_date (picture->made);
  GString *out = g_string_new (NULL);

  /* TRANSLATORS: %s is a date */
  g_string_append_printf (out, _("Made on %s"), made);
  if (picture->since > 0)
    {
      g_autofree char *since = antam_tally_format_date (picture->since);
      g_string_append (out, " · ");
      /* TRANSLATORS: %s is a date */
      g_string_append_printf (out, _("reports since %s"), since);
    }
  if (picture->unit_filter != NULL)
    {
      g_string_append (out, " · ");
      /* TRANSLATORS: %s is what the user typed after --unit */
      g_string_append_printf (out, _("units matching “%s”"), picture->unit_filter);
    }
  return g_string_free (out, FALSE);
}

char *
antam_tally_counted_text (AntamTallyPicture *picture)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u machine", "%u machines", picture->totals.machines),
                          picture->totals.machines);
  g_string_append (out, " · ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u unit", "%u units", picture->units->len),
                          picture->units->len);
  g_string_append (out, " · ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u report counted", "%u reports counted",
                                            picture->reports_counted), picture->reports_counted);
  if (picture->reports_superseded > 0)
    {
      g_string_append (out, " ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "(%u of them replaced by a newer report of the same machine)",
                                                "(%u of them replaced by a newer report of the same machine)",
                                                picture->reports_superseded), picture->reports_superseded);
    }
  return g_string_free (out, FALSE);
}

char *
antam_tally_trend_text (AntamTallyPicture *picture)
{
  g_autofree char *when = NULL;

  if (!picture->has_previous)
    return g_strdup (_("This is the first tally: there is no trend yet."));
  when = antam_tally_format_date (picture->previous_made);
  /* TRANSLATORS: %s is a date; the numbers in brackets are the changes */
  return g_strdup_printf (_("In brackets: the change since the previous tally, made on %s."), when);
}

/* "Province total", unless --unit narrowed the picture to some units. */
const char *
antam_tally_total_label (AntamTallyPicture *picture)
{
  return picture->unit_filter ? _("Total of the units shown") : _("Province total");
}

const char *
antam_tally_follow_up_state (const AntamTallyFollowUp *follow_up)
{
  return follow_up->installed ? _("installed") : _("leftovers only");
}

char *
antam_tally_training_text (AntamTallyPicture *picture)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u training report (kept apart, never counted)",
                                       "%u training reports (kept apart, never counted)",
                                       picture->training_reports), picture->training_reports);
}

char *
antam_tally_invalid_text (AntamTallyPicture *picture)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report that does not follow the published schema:",
                                       "%u reports that do not follow the published schema:",
                                       picture->invalid->len), picture->invalid->len);
}

char *
antam_tally_fallback_text (AntamTallyPicture *picture)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Counted, but worth a look: %u machine is known by its unit and computer name, "
                                       "as its reports are from before machine keys",
                                       "Counted, but worth a look: %u machines are known by their unit and computer name, "
                                       "as their reports are from before machine keys",
                                       picture->totals.fallback_machines), picture->totals.fallback_machines);
}

gboolean
antam_tally_all_counted (AntamTallyPicture *picture)
{
  return picture->training_reports == 0 && picture->invalid->len == 0 && picture->totals.fallback_machines == 0;
}

/* ---- Text -------------------------------------------------------------------- */

static void
append_label_value (GString    *out,
                    const char *label,
                    const char *value)
{
  glong pad = 36 - g_utf8_strlen (label, -1);

  g_string_append_printf (out, "  %s%*s %s\n", label, (int) MAX (pad, 1), "", value);
}

static void
append_not_counted (GString           *out,
                    AntamTallyPicture *picture)
{
  g_string_append_printf (out, "\n%s\n", _("NOT COUNTED"));
  if (antam_tally_all_counted (picture))
    g_string_append_printf (out, "  %s\n", _("Nothing: every report was counted."));
  if (picture->training_reports > 0)
    {
      g_autofree char *text = antam_tally_training_text (picture);
      g_string_append_printf (out, "  %s\n", text);
    }
  if (picture->invalid->len > 0)
    {
      g_autofree char *text = antam_tally_invalid_text (picture);

      g_string_append_printf (out, "  %s\n", text);
      for (guint i = 0; i < picture->invalid->len; i++)
        {
          const AntamTallyInvalid *invalid = g_ptr_array_index (picture->invalid, i);
          g_autofree char *problems = g_strdup (invalid->problems ? invalid->problems : "");

          g_strdelimit (problems, "\n", ';');
          g_string_append_printf (out, "    - %s · %s · %s · %s\n      %s\n", invalid->report_id, invalid->unit,
                                  invalid->sender_name ? invalid->sender_name : "—",
                                  invalid->source ? invalid->source : "—", problems);
        }
    }
  if (picture->totals.fallback_machines > 0)
    {
      g_autofree char *text = antam_tally_fallback_text (picture);
      g_string_append_printf (out, "  %s\n", text);
    }
}

GBytes *
antam_tally_picture_to_text (AntamTallyPicture *picture)
{
  GString *out = g_string_new (NULL);
  g_autofree char *scope = antam_tally_scope_text (picture);
  g_autofree char *counted = antam_tally_counted_text (picture);
  g_autofree char *trend = antam_tally_trend_text (picture);
  g_autofree char *title = g_utf8_strup (antam_tally_title (), -1);
  const AntamTallyCounts *t = &picture->totals, *p = &picture->previous;

  g_string_append_printf (out, "%s\n%s\n%s\n%s\n", title, scope, counted, trend);

  g_string_append_printf (out, "\n%s\n", picture->unit_filter ? _("TOTALS OF THE UNITS SHOWN") : _("PROVINCE TOTALS"));
  {
    g_autofree char *value = antam_tally_format_with_trend (t->machines, p->machines, picture->has_previous);
    append_label_value (out, _("Machines reporting"), value);
  }
  for (guint r = 0; r < picture->n_rules; r++)
    {
      g_autofree char *value = antam_tally_format_with_trend (t->apps[r], p->apps[r], picture->has_previous);
      /* TRANSLATORS: %s is an app's name, e.g. Zoom */
      g_autofree char *label = g_strdup_printf (_("With %s"), picture->rule_names[r]);
      append_label_value (out, label, value);
    }
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    {
      g_autofree char *value = antam_tally_format_with_trend (t->facts[f], p->facts[f], picture->has_previous);
      g_autofree char *pending = f == ANTAM_TALLY_FACT_SECURITY_UPDATES
                                 ? antam_tally_format_pending (t, picture->made) : NULL;
      g_autofree char *full = pending && *pending
                              /* TRANSLATORS: the first %s is a count, the second "12 days" */
                              ? g_strdup_printf (_("%s, the longest for %s"), value, pending) : g_strdup (value);
      append_label_value (out, antam_tally_fact_label (f), full);
    }

  g_string_append_printf (out, "\n%s\n", _("BY UNIT"));
  if (picture->units->len == 0)
    g_string_append_printf (out, "  %s\n", _("No report to count."));
  for (guint u = 0; u < picture->units->len; u++)
    {
      const AntamTallyUnit *unit = g_ptr_array_index (picture->units, u);
      const AntamTallyCounts *c = &unit->counts;
      g_autofree char *last = antam_tally_format_date (c->last_report);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (out, "  %s — ", unit->name);
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u machine", "%u machines", c->machines),
                              c->machines);
      g_string_append (out, ", ");
      /* TRANSLATORS: %s is a date */
      g_string_append_printf (out, _("last report %s"), last);
      g_string_append (out, "\n");
      for (guint r = 0; r < picture->n_rules; r++)
        if (c->apps[r] > 0)
          g_string_append_printf (line, "%s%s %u", line->len ? " · " : "", picture->rule_names[r], c->apps[r]);
      for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
        if (c->facts[f] > 0)
          {
            g_autofree char *pending = f == ANTAM_TALLY_FACT_SECURITY_UPDATES
                                       ? antam_tally_format_pending (c, picture->made) : NULL;

            g_string_append_printf (line, "%s%s %u", line->len ? " · " : "", antam_tally_fact_label (f), c->facts[f]);
            if (pending && *pending)
              g_string_append_printf (line, " (%s)", pending);
          }
      g_string_append_printf (out, "    %s\n", line->len ? line->str : _("nothing to report"));
    }

  g_string_append_printf (out, "\n%s\n", _("MACHINES THAT STILL HAVE ZOOM (to follow up)"));
  if (picture->zoom->len == 0)
    g_string_append_printf (out, "  %s\n", _("None."));
  for (guint i = 0; i < picture->zoom->len; i++)
    {
      const AntamTallyFollowUp *z = g_ptr_array_index (picture->zoom, i);
      g_autofree char *date = antam_tally_format_date (z->created);

      g_string_append_printf (out, "  %s · %s%s%s%s · %s · %s · %s\n", z->unit,
                              z->sender_name ? z->sender_name : "—",
                              z->sender_email ? " <" : "", z->sender_email ? z->sender_email : "",
                              z->sender_email ? ">" : "",
                              z->hostname ? z->hostname : "—", date, antam_tally_follow_up_state (z));
    }

  append_not_counted (out, picture);
  return g_string_free_to_bytes (out);
}

/* ---- CSV ----------------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  const char *text = value ? value : "";

  if (strpbrk (text, ",\"\r\n") != NULL || (*text == '=' || *text == '+' || *text == '-' || *text == '@'))
    {
      /* Quoted; and a leading "=" is kept as text, not run as a formula. */
      g_string_append_c (out, '"');
      if (*text == '=' || *text == '+' || *text == '-' || *text == '@')
        g_string_append_c (out, '\'');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_number (GString *out,
            guint    value)
{
  g_string_append_printf (out, "%u,", value);
}

static void
csv_counts (GString                *out,
            AntamTallyPicture      *picture,
            const char             *name,
            const AntamTallyCounts *c)
{
  g_autofree char *last = antam_tally_format_date (c->last_report);
  g_autofree char *pending = antam_tally_format_pending (c, picture->made);

  csv_field (out, name, FALSE);
  csv_number (out, c->machines);
  csv_field (out, last, FALSE);
  for (guint r = 0; r < picture->n_rules; r++)
    csv_number (out, c->apps[r]);
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    csv_number (out, c->facts[f]);
  csv_field (out, pending, TRUE);
}

GBytes *
antam_tally_picture_to_csv (AntamTallyPicture *picture)
{
  /* A byte order mark, so that a spreadsheet reads it as UTF-8. */
  GString *out = g_string_new ("\xEF\xBB\xBF");

  csv_field (out, _("Unit"), FALSE);
  csv_field (out, _("Machines reporting"), FALSE);
  csv_field (out, _("Last report"), FALSE);
  for (guint r = 0; r < picture->n_rules; r++)
    {
      g_autofree char *label = g_strdup_printf (_("With %s"), picture->rule_names[r]);
      csv_field (out, label, FALSE);
    }
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    csv_field (out, antam_tally_fact_label (f), FALSE);
  csv_field (out, _("Security updates pending for (longest)"), TRUE);

  for (guint u = 0; u < picture->units->len; u++)
    {
      const AntamTallyUnit *unit = g_ptr_array_index (picture->units, u);
      csv_counts (out, picture, unit->name, &unit->counts);
    }
  csv_counts (out, picture, antam_tally_total_label (picture), &picture->totals);

  g_string_append (out, "\r\n");
  csv_field (out, _("Machines that still have Zoom"), TRUE);
  csv_field (out, _("Unit"), FALSE);
  csv_field (out, _("Sender"), FALSE);
  csv_field (out, _("E-mail"), FALSE);
  csv_field (out, _("Computer name"), FALSE);
  csv_field (out, _("Report date"), FALSE);
  csv_field (out, _("Zoom"), FALSE);
  csv_field (out, _("Report id"), TRUE);
  for (guint i = 0; i < picture->zoom->len; i++)
    {
      const AntamTallyFollowUp *z = g_ptr_array_index (picture->zoom, i);
      g_autofree char *date = antam_tally_format_date (z->created);

      csv_field (out, z->unit, FALSE);
      csv_field (out, z->sender_name, FALSE);
      csv_field (out, z->sender_email, FALSE);
      csv_field (out, z->hostname, FALSE);
      csv_field (out, date, FALSE);
      csv_field (out, antam_tally_follow_up_state (z), FALSE);
      csv_field (out, z->report_id, TRUE);
    }
  return g_string_free_to_bytes (out);
}

/* ---- JSON -------------------------------------------------------------------------- */

static void
add_time (cJSON      *object,
          const char *key,
          gint64      when)
{
  if (when > 0)
    {
      g_autofree char *text = antam_tally_format_iso (when);
      cJSON_AddStringToObject (object, key, text);
    }
  else
    cJSON_AddNullToObject (object, key);
}

static void
add_optional (cJSON      *object,
              const char *key,
              const char *value)
{
  if (value != NULL)
    cJSON_AddStringToObject (object, key, value);
  else
    cJSON_AddNullToObject (object, key);
}

static cJSON *
counts_to_json (AntamTallyPicture      *picture,
                const AntamTallyCounts *c,
                gboolean                with_dates)
{
  cJSON *node = cJSON_CreateObject ();
  cJSON *apps = cJSON_CreateObject ();
  cJSON *facts = cJSON_CreateObject ();

  cJSON_AddNumberToObject (node, "machines", c->machines);
  if (with_dates)
    {
      cJSON_AddNumberToObject (node, "machines_known_by_unit_and_hostname", c->fallback_machines);
      add_time (node, "last_report", c->last_report);
      add_time (node, "security_updates_pending_since", c->pending_since);
    }
  for (guint r = 0; r < picture->n_rules; r++)
    cJSON_AddNumberToObject (apps, picture->rules[r], c->apps[r]);
  cJSON_AddItemToObject (node, "apps", apps);
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    cJSON_AddNumberToObject (facts, antam_tally_fact_key (f), c->facts[f]);
  cJSON_AddItemToObject (node, "facts", facts);
  return node;
}

GBytes *
antam_tally_picture_to_json (AntamTallyPicture *picture)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *list, *node;
  char *printed;
  GString *out;

  cJSON_AddStringToObject (root, "schema", "antam.tally/1");
  add_time (root, "made", picture->made);
  add_time (root, "since", picture->since);
  add_optional (root, "unit_filter", picture->unit_filter);
  cJSON_AddNumberToObject (root, "reports_counted", picture->reports_counted);
  cJSON_AddNumberToObject (root, "reports_replaced_by_newer", picture->reports_superseded);
  cJSON_AddNumberToObject (root, "training_reports", picture->training_reports);

  list = cJSON_AddArrayToObject (root, "rules");
  for (guint r = 0; r < picture->n_rules; r++)
    {
      node = cJSON_CreateObject ();
      cJSON_AddStringToObject (node, "id", picture->rules[r]);
      cJSON_AddStringToObject (node, "name", picture->rule_names[r]);
      cJSON_AddItemToArray (list, node);
    }

  list = cJSON_AddArrayToObject (root, "units");
  for (guint u = 0; u < picture->units->len; u++)
    {
      const AntamTallyUnit *unit = g_ptr_array_index (picture->units, u);

      node = counts_to_json (picture, &unit->counts, TRUE);
      cJSON_AddStringToObject (node, "name", unit->name);
      cJSON_AddStringToObject (node, "key", unit->key);
      cJSON_AddItemToArray (list, node);
    }
  node = counts_to_json (picture, &picture->totals, TRUE);
  cJSON_AddNumberToObject (node, "units", picture->units->len);
  cJSON_AddItemToObject (root, "totals", node);
  if (picture->has_previous)
    {
      node = counts_to_json (picture, &picture->previous, FALSE);
      add_time (node, "made", picture->previous_made);
      cJSON_AddItemToObject (root, "previous", node);
    }
  else
    cJSON_AddNullToObject (root, "previous");

  list = cJSON_AddArrayToObject (root, "zoom");
  for (guint i = 0; i < picture->zoom->len; i++)
    {
      const AntamTallyFollowUp *z = g_ptr_array_index (picture->zoom, i);

      node = cJSON_CreateObject ();
      cJSON_AddStringToObject (node, "unit", z->unit);
      add_optional (node, "sender", z->sender_name);
      add_optional (node, "email", z->sender_email);
      add_optional (node, "hostname", z->hostname);
      add_time (node, "report_date", z->created);
      cJSON_AddStringToObject (node, "report_id", z->report_id);
      cJSON_AddBoolToObject (node, "installed", z->installed);
      cJSON_AddBoolToObject (node, "known_by_unit_and_hostname", z->fallback);
      cJSON_AddItemToArray (list, node);
    }

  list = cJSON_AddArrayToObject (root, "invalid_reports");
  for (guint i = 0; i < picture->invalid->len; i++)
    {
      const AntamTallyInvalid *invalid = g_ptr_array_index (picture->invalid, i);
      g_auto(GStrv) problems = g_strsplit (invalid->problems ? invalid->problems : "", "\n", -1);

      node = cJSON_CreateObject ();
      cJSON_AddStringToObject (node, "report_id", invalid->report_id);
      cJSON_AddStringToObject (node, "unit", invalid->unit);
      add_optional (node, "sender", invalid->sender_name);
      add_optional (node, "source", invalid->source);
      cJSON_AddItemToObject (node, "problems", cJSON_CreateStringArray ((const char * const *) problems,
                                                                        (int) g_strv_length (problems)));
      cJSON_AddItemToArray (list, node);
    }

  printed = cJSON_Print (root);
  cJSON_Delete (root);
  out = g_string_new (printed);
  g_string_append_c (out, '\n');
  cJSON_free (printed);
  return g_string_free_to_bytes (out);
}
