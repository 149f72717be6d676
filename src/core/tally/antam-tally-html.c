/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-i18n.h"
#include "tally/antam-tally-picture.h"
#include "tally/antam-tally-write-private.h"

/* One self-contained page a CSIRT officer opens in a browser or attaches
 * to an e-mail: its style inline, its bar charts inline SVG, no script,
 * nothing fetched from the network. */

#define CHART_WIDTH 760
#define LABEL_WIDTH 300
#define BAR_HEIGHT 18
#define ROW_HEIGHT 28

static const char style[] =
  "body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;color:#1c1c1c;margin:2em auto;max-width:1100px;"
  "padding:0 1.5em;line-height:1.45}"
  "h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.8em 0 .6em;border-bottom:2px solid #1c4f8a;"
  "padding-bottom:.2em;color:#1c4f8a}"
  ".meta{color:#555;margin:.1em 0}"
  ".cards{display:flex;flex-wrap:wrap;gap:.6em}"
  ".card{border:1px solid #ccd;border-radius:6px;padding:.5em .8em;min-width:11em;background:#f7f9fc}"
  ".card .n{font-size:1.6em;font-weight:bold}.card .l{font-size:.9em;color:#333}"
  ".up{color:#a11}.down{color:#176b2c}.same{color:#666}"
  "table{border-collapse:collapse;width:100%;font-size:.92em}"
  "th,td{border:1px solid #bbc;padding:.3em .45em;text-align:right;vertical-align:top}"
  "th{background:#e6ebf2;text-align:center}td.name,th.name{text-align:left}"
  "td.bad{background:#fbe9e7;color:#8a1c10;font-weight:bold}tr.total td{font-weight:bold;background:#eef1f5}"
  "svg text{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;font-size:13px}"
  ".note{color:#444;font-size:.92em}"
  "footer{margin-top:2.5em;color:#777;font-size:.85em}"
  "@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

static void
escaped (GString    *out,
         const char *text)
{
  g_autofree char *safe = g_markup_escape_text (text ? text : "", -1);
  g_string_append (out, safe);
}

static void
trend_span (GString                 *out,
            const AntamTallyPicture *picture,
            guint                    now,
            guint                    before,
            gboolean                 more_is_worse)
{
  if (!picture->has_previous)
    return;
  if (now == before)
    g_string_append (out, " <span class=\"same\">(=)</span>");
  else if (now > before)
    g_string_append_printf (out, " <span class=\"%s\">(+%u)</span>", more_is_worse ? "up" : "down", now - before);
  else
    g_string_append_printf (out, " <span class=\"%s\">(−%u)</span>", more_is_worse ? "down" : "up", before - now);
}

static void
card (GString                 *out,
      const AntamTallyPicture *picture,
      const char              *label,
      guint                    now,
      guint                    before,
      gboolean                 more_is_worse)
{
  g_string_append_printf (out, "<div class=\"card\"><div class=\"n\">%u", now);
  trend_span (out, picture, now, before, more_is_worse);
  g_string_append (out, "</div><div class=\"l\">");
  escaped (out, label);
  g_string_append (out, "</div></div>\n");
}

/* One horizontal bar a row: what share of @total each count is. */
static void
bar_chart (GString            *out,
           const char         *title,
           guint               n,
           const char * const *labels,
           const guint        *values,
           const guint        *totals,
           const char         *colour)
{
  guint height = n * ROW_HEIGHT + 10;
  double bar_space = CHART_WIDTH - LABEL_WIDTH - 110;

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%u\" height=\"%u\" "
                               "viewBox=\"0 0 %u %u\"><title>", CHART_WIDTH, height, CHART_WIDTH, height);
  escaped (out, title);
  g_string_append (out, "</title>\n");
  for (guint i = 0; i < n; i++)
    {
      double y = 5 + i * ROW_HEIGHT;
      double share = totals[i] > 0 ? (double) values[i] / totals[i] : 0;
      glong length = g_utf8_strlen (labels[i], -1);
      g_autofree char *cut = g_utf8_substring (labels[i], 0, MIN (length, 36));
      g_autofree char *label = length > 36 ? g_strconcat (cut, "…", NULL) : g_strdup (cut);

      g_string_append_printf (out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", LABEL_WIDTH - 8, y + 14);
      escaped (out, label);
      g_string_append_printf (out, "</text><rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"#e3e7ee\"/>",
                              LABEL_WIDTH, y, bar_space, BAR_HEIGHT);
      g_string_append_printf (out, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                              LABEL_WIDTH, y, bar_space * share, BAR_HEIGHT, colour);
      g_string_append_printf (out, "<text x=\"%.1f\" y=\"%.1f\">%u/%u (%.0f%%)</text>\n",
                              LABEL_WIDTH + bar_space + 8, y + 14, values[i], totals[i], share * 100);
    }
  g_string_append (out, "</svg>\n");
}

static void
province_chart (GString           *out,
                AntamTallyPicture *picture)
{
  guint n = picture->n_rules + ANTAM_TALLY_N_FACTS - 1;   /* incidents are reports, not machines */
  g_autofree const char **labels = g_new0 (const char *, n);
  g_autofree guint *values = g_new0 (guint, n);
  g_autofree guint *totals = g_new0 (guint, n);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  guint i = 0;

  for (guint r = 0; r < picture->n_rules; r++, i++)
    {
      char *label = g_strdup_printf (_("With %s"), picture->rule_names[r]);
      g_ptr_array_add (owned, label);
      labels[i] = label;
      values[i] = picture->totals.apps[r];
      totals[i] = picture->totals.machines;
    }
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_FACT_INCIDENTS; f++, i++)
    {
      labels[i] = antam_tally_fact_label (f);
      values[i] = picture->totals.facts[f];
      totals[i] = picture->totals.machines;
    }
  bar_chart (out, _("Share of machines, province-wide"), n, labels, values, totals, "#c0392b");
}

static void
unit_chart (GString           *out,
            AntamTallyPicture *picture)
{
  guint n = picture->units->len;
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree guint *values = g_new0 (guint, n + 1);
  g_autofree guint *totals = g_new0 (guint, n + 1);
  g_autofree char *title = g_strdup_printf (_("Machines with %s, by unit"), picture->rule_names[0]);

  for (guint u = 0; u < n; u++)
    {
      const AntamTallyUnit *unit = g_ptr_array_index (picture->units, u);

      labels[u] = unit->name;
      values[u] = unit->counts.apps[0];
      totals[u] = unit->counts.machines;
    }
  g_string_append (out, "<h3>");
  escaped (out, title);
  g_string_append (out, "</h3>\n");
  bar_chart (out, title, n, labels, values, totals, "#d35400");
}

static void
number_cell (GString *out,
             guint    value,
             gboolean bad_when_positive)
{
  g_string_append_printf (out, "<td%s>%u</td>", bad_when_positive && value > 0 ? " class=\"bad\"" : "", value);
}

static void
unit_row (GString                *out,
          AntamTallyPicture      *picture,
          const char             *name,
          const AntamTallyCounts *c,
          gboolean                total)
{
  g_autofree char *last = antam_tally_format_date (c->last_report);
  g_autofree char *pending = antam_tally_format_pending (c, picture->made);

  g_string_append (out, total ? "<tr class=\"total\"><td class=\"name\">" : "<tr><td class=\"name\">");
  escaped (out, name);
  g_string_append (out, "</td>");
  number_cell (out, c->machines, FALSE);
  g_string_append (out, "<td>");
  escaped (out, last);
  g_string_append (out, "</td>");
  for (guint r = 0; r < picture->n_rules; r++)
    number_cell (out, c->apps[r], TRUE);
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    number_cell (out, c->facts[f], TRUE);
  g_string_append (out, "<td>");
  escaped (out, pending);
  g_string_append (out, "</td></tr>\n");
}

static void
unit_table (GString           *out,
            AntamTallyPicture *picture)
{
  g_string_append (out, "<table>\n<thead><tr><th class=\"name\">");
  escaped (out, _("Unit"));
  g_string_append (out, "</th><th>");
  escaped (out, _("Machines reporting"));
  g_string_append (out, "</th><th>");
  escaped (out, _("Last report"));
  g_string_append (out, "</th>");
  for (guint r = 0; r < picture->n_rules; r++)
    {
      g_string_append (out, "<th>");
      escaped (out, picture->rule_names[r]);
      g_string_append (out, "</th>");
    }
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    {
      g_string_append (out, "<th>");
      escaped (out, antam_tally_fact_label (f));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "<th>");
  escaped (out, _("Security updates pending for (longest)"));
  g_string_append (out, "</th></tr></thead>\n<tbody>\n");
  for (guint u = 0; u < picture->units->len; u++)
    {
      const AntamTallyUnit *unit = g_ptr_array_index (picture->units, u);
      unit_row (out, picture, unit->name, &unit->counts, FALSE);
    }
  unit_row (out, picture, antam_tally_total_label (picture), &picture->totals, TRUE);
  g_string_append (out, "</tbody></table>\n");
}

static void
zoom_table (GString           *out,
            AntamTallyPicture *picture)
{
  const char *headers[] = { _("Unit"), _("Sender"), _("Computer name"), _("Report date"), _("Zoom") };

  if (picture->zoom->len == 0)
    {
      g_string_append (out, "<p>");
      escaped (out, _("None."));
      g_string_append (out, "</p>\n");
      return;
    }
  g_string_append (out, "<table>\n<thead><tr>");
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_string_append (out, "<th class=\"name\">");
      escaped (out, headers[i]);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < picture->zoom->len; i++)
    {
      const AntamTallyFollowUp *z = g_ptr_array_index (picture->zoom, i);
      g_autofree char *date = antam_tally_format_date (z->created);

      g_string_append (out, "<tr><td class=\"name\">");
      escaped (out, z->unit);
      g_string_append (out, "</td><td class=\"name\">");
      escaped (out, z->sender_name ? z->sender_name : "—");
      if (z->sender_email)
        {
          g_string_append (out, "<br>");
          escaped (out, z->sender_email);
        }
      g_string_append (out, "</td><td class=\"name\">");
      escaped (out, z->hostname ? z->hostname : "—");
      g_string_append (out, "</td><td class=\"name\">");
      escaped (out, date);
      g_string_append (out, z->installed ? "</td><td class=\"name bad\">" : "</td><td class=\"name\">");
      escaped (out, antam_tally_follow_up_state (z));
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</tbody></table>\n");
}

static void
note_item (GString    *out,
           const char *text)
{
  g_string_append (out, "<li>");
  escaped (out, text);
  g_string_append (out, "</li>\n");
}

static void
not_counted (GString           *out,
             AntamTallyPicture *picture)
{
  g_string_append (out, "<ul class=\"note\">\n");
  if (antam_tally_all_counted (picture))
    note_item (out, _("Nothing: every report was counted."));
  if (picture->training_reports > 0)
    {
      g_autofree char *text = antam_tally_training_text (picture);
      note_item (out, text);
    }
  if (picture->invalid->len > 0)
    {
      g_autofree char *text = antam_tally_invalid_text (picture);

      g_string_append (out, "<li>");
      escaped (out, text);
      g_string_append (out, "<ul>\n");
      for (guint i = 0; i < picture->invalid->len; i++)
        {
          const AntamTallyInvalid *invalid = g_ptr_array_index (picture->invalid, i);

          g_string_append (out, "<li><code>");
          escaped (out, invalid->report_id);
          g_string_append (out, "</code> · ");
          escaped (out, invalid->unit);
          g_string_append (out, " · ");
          escaped (out, invalid->sender_name ? invalid->sender_name : "—");
          g_string_append (out, "<br>");
          escaped (out, invalid->problems);
          g_string_append (out, "</li>\n");
        }
      g_string_append (out, "</ul></li>\n");
    }
  if (picture->totals.fallback_machines > 0)
    {
      g_autofree char *text = antam_tally_fallback_text (picture);
      note_item (out, text);
    }
  g_string_append (out, "</ul>\n");
}

GBytes *
antam_tally_picture_to_html (AntamTallyPicture *picture)
{
  GString *out = g_string_sized_new (64 * 1024);
  g_autofree char *scope = antam_tally_scope_text (picture);
  g_autofree char *counted = antam_tally_counted_text (picture);
  g_autofree char *trend = antam_tally_trend_text (picture);
  const AntamTallyCounts *t = &picture->totals, *p = &picture->previous;

  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                          antam_i18n_get_language ());
  /* Nothing may be loaded from anywhere: the page is read offline. */
  g_string_append (out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        "style-src 'unsafe-inline'; img-src data:\">\n");
  g_string_append (out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  escaped (out, antam_tally_title ());
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
  escaped (out, antam_tally_title ());
  g_string_append (out, "</h1>\n<p class=\"meta\">");
  escaped (out, scope);
  g_string_append (out, "</p>\n<p class=\"meta\">");
  escaped (out, counted);
  g_string_append (out, "</p>\n<p class=\"meta\">");
  escaped (out, trend);
  g_string_append (out, "</p>\n");

  g_string_append (out, "<h2>");
  escaped (out, picture->unit_filter ? _("Totals of the units shown") : _("Province totals"));
  g_string_append (out, "</h2>\n<div class=\"cards\">\n");
  card (out, picture, _("Machines reporting"), t->machines, p->machines, FALSE);
  for (guint r = 0; r < picture->n_rules; r++)
    {
      g_autofree char *label = g_strdup_printf (_("With %s"), picture->rule_names[r]);
      card (out, picture, label, t->apps[r], p->apps[r], TRUE);
    }
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    card (out, picture, antam_tally_fact_label (f), t->facts[f], p->facts[f], TRUE);
  g_string_append (out, "</div>\n");
  if (t->facts[ANTAM_TALLY_FACT_SECURITY_UPDATES] > 0)
    {
      g_autofree char *pending = antam_tally_format_pending (t, picture->made);
      /* TRANSLATORS: %s is "12 days" */
      g_autofree char *text = g_strdup_printf (_("The oldest pending security updates have waited %s."), pending);
      g_string_append (out, "<p class=\"note\">");
      escaped (out, text);
      g_string_append (out, "</p>\n");
    }
  province_chart (out, picture);

  g_string_append (out, "<h2>");
  escaped (out, _("By unit"));
  g_string_append (out, "</h2>\n");
  unit_table (out, picture);
  if (picture->units->len > 0)
    unit_chart (out, picture);

  g_string_append (out, "<h2>");
  escaped (out, _("Machines that still have Zoom (to follow up)"));
  g_string_append (out, "</h2>\n");
  zoom_table (out, picture);

  g_string_append (out, "<h2>");
  escaped (out, _("Not counted"));
  g_string_append (out, "</h2>\n");
  not_counted (out, picture);

  g_string_append (out, "<footer>");
  escaped (out, PACKAGE_NAME " " VERSION " — antam-cli tally");
  g_string_append (out, "</footer>\n</body>\n</html>\n");
  return g_string_free_to_bytes (out);
}
