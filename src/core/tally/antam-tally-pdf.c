/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "report/antam-pdf-layout.h"
#include "tally/antam-tally-picture.h"
#include "tally/antam-tally-write-private.h"

/* "Báo cáo tổng hợp": the picture printed for the provincial leadership,
 * A4 landscape so that the unit table fits, with the heading of an
 * administrative document and room for a signature. */

#define PAGE_WIDTH 841.89
#define PAGE_HEIGHT 595.28
#define MARGIN 42.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define BOTTOM (PAGE_HEIGHT - MARGIN)
#define PAD 3.0

typedef struct {
  cairo_t *cr;
  double y;
  guint page;
  guint n_pages;
  gboolean drawing;
} Sheet;

typedef struct {
  guint n;
  const double *widths;
  const char **cells;
  gboolean header;
  gboolean bold;
  guint first_number;      /* cells from here on are right-aligned */
  guint alarm_from;        /* and from here on, red when not 0 */
} Row;

static PangoLayout *
text_layout (Sheet      *sheet,
             const char *text,
             double      size,
             gboolean    bold,
             double      width,
             PangoAlignment align)
{
  return antam_pdf_layout_new (sheet->cr, text, size, bold, FALSE, width, align);
}

static double
height_of (PangoLayout *layout)
{
  return antam_pdf_layout_height (layout);
}

static void
show (Sheet       *sheet,
      PangoLayout *layout,
      double       x,
      double       y)
{
  if (!sheet->drawing)
    return;
  cairo_move_to (sheet->cr, x, y);
  pango_cairo_show_layout (sheet->cr, layout);
}

static void
finish_page (Sheet *sheet)
{
  if (sheet->drawing)
    {
      /* TRANSLATORS: the footer of each page of the summary PDF */
      g_autofree char *text = g_strdup_printf (_("%s — page %u of %u"), PACKAGE_NAME " " VERSION " · antam-cli tally",
                                               sheet->page, sheet->n_pages);
      g_autoptr(PangoLayout) footer = text_layout (sheet, text, 7.5, FALSE, CONTENT_WIDTH, PANGO_ALIGN_CENTER);

      cairo_set_source_rgb (sheet->cr, 0.4, 0.4, 0.4);
      show (sheet, footer, MARGIN, BOTTOM + 12);
      cairo_set_source_rgb (sheet->cr, 0, 0, 0);
      cairo_show_page (sheet->cr);
    }
}

static void
new_page (Sheet *sheet)
{
  finish_page (sheet);
  sheet->page++;
  sheet->y = MARGIN;
}

static void
paragraph (Sheet         *sheet,
           const char    *text,
           double         size,
           gboolean       bold,
           PangoAlignment align,
           double         after)
{
  g_autoptr(PangoLayout) layout = text_layout (sheet, text, size, bold, CONTENT_WIDTH, align);
  double height = height_of (layout);

  if (sheet->y + height > BOTTOM)
    new_page (sheet);
  show (sheet, layout, MARGIN, sheet->y);
  sheet->y += height + after;
}

static double
row_height (Sheet     *sheet,
            const Row *row)
{
  double height = 0;

  for (guint i = 0; i < row->n; i++)
    {
      g_autoptr(PangoLayout) layout = text_layout (sheet, row->cells[i], 7.5, row->header || row->bold,
                                                   row->widths[i] - 2 * PAD, PANGO_ALIGN_LEFT);
      height = MAX (height, height_of (layout));
    }
  return height + 2 * PAD;
}

static void
draw_row (Sheet     *sheet,
          const Row *row,
          double     height)
{
  double x = MARGIN, width = 0;

  for (guint i = 0; i < row->n; i++)
    width += row->widths[i];
  if (sheet->drawing && (row->header || row->bold))
    {
      cairo_set_source_rgb (sheet->cr, row->header ? 0.88 : 0.94, row->header ? 0.91 : 0.95, row->header ? 0.95 : 0.97);
      cairo_rectangle (sheet->cr, MARGIN, sheet->y, width, height);
      cairo_fill (sheet->cr);
      cairo_set_source_rgb (sheet->cr, 0, 0, 0);
    }
  for (guint i = 0; i < row->n; i++)
    {
      gboolean number = !row->header && i >= row->first_number;
      gboolean alarm = !row->header && i >= row->alarm_from && row->cells[i] != NULL &&
                       g_ascii_isdigit (row->cells[i][0]) && row->cells[i][0] != '0';
      g_autoptr(PangoLayout) layout = text_layout (sheet, row->cells[i], 7.5, row->header || row->bold || alarm,
                                                   row->widths[i] - 2 * PAD,
                                                   row->header ? PANGO_ALIGN_CENTER
                                                   : number ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

      if (sheet->drawing)
        {
          /* Dark enough to read on a grey-scale printout. */
          if (alarm)
            cairo_set_source_rgb (sheet->cr, 0.65, 0.07, 0.05);
          show (sheet, layout, x + PAD, sheet->y + PAD);
          cairo_set_source_rgb (sheet->cr, 0.35, 0.35, 0.35);
          cairo_set_line_width (sheet->cr, 0.5);
          cairo_rectangle (sheet->cr, x, sheet->y, row->widths[i], height);
          cairo_stroke (sheet->cr);
          cairo_set_source_rgb (sheet->cr, 0, 0, 0);
        }
      x += row->widths[i];
    }
  sheet->y += height;
}

/* A table whose header is repeated on each page it runs onto. */
static void
table (Sheet     *sheet,
       const Row *header,
       GPtrArray *rows)
{
  double header_height = row_height (sheet, header);

  if (sheet->y + header_height * 2.5 > BOTTOM)
    new_page (sheet);
  draw_row (sheet, header, header_height);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);
      double height = row_height (sheet, row);

      if (sheet->y + height > BOTTOM)
        {
          new_page (sheet);
          draw_row (sheet, header, header_height);
        }
      draw_row (sheet, row, height);
    }
  sheet->y += 10;
}

static void
row_free (Row *row)
{
  for (guint i = 0; i < row->n; i++)
    g_free ((char *) row->cells[i]);
  g_free (row->cells);
  g_free (row);
}

static Row *
row_new (guint         n,
         const double *widths,
         guint         first_number)
{
  Row *row = g_new0 (Row, 1);

  row->n = n;
  row->widths = widths;
  row->cells = g_new0 (const char *, n);
  row->first_number = first_number;
  row->alarm_from = n;
  return row;
}

static Row *
counts_row (AntamTallyPicture      *picture,
            const double           *widths,
            const char             *name,
            const AntamTallyCounts *c)
{
  guint n = 3 + picture->n_rules + ANTAM_TALLY_N_FACTS;
  Row *row = row_new (n, widths, 1);
  guint i = 0;

  row->alarm_from = 3;
  row->cells[i++] = g_strdup (name);
  row->cells[i++] = g_strdup_printf ("%u", c->machines);
  row->cells[i++] = antam_tally_format_date (c->last_report);
  for (guint r = 0; r < picture->n_rules; r++)
    row->cells[i++] = g_strdup_printf ("%u", c->apps[r]);
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    {
      g_autofree char *pending = f == ANTAM_TALLY_FACT_SECURITY_UPDATES
                                 ? antam_tally_format_pending (c, picture->made) : NULL;

      row->cells[i++] = pending && *pending ? g_strdup_printf ("%u\n(%s)", c->facts[f], pending)
                                            : g_strdup_printf ("%u", c->facts[f]);
    }
  return row;
}

static void
unit_section (Sheet             *sheet,
              AntamTallyPicture *picture)
{
  guint n = 3 + picture->n_rules + ANTAM_TALLY_N_FACTS;
  g_autofree double *widths = g_new0 (double, n);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  Row *header = row_new (n, widths, n);
  double rest = CONTENT_WIDTH - 200 - 50;
  guint i = 0;

  widths[0] = 200;
  widths[2] = 50;
  for (guint c = 1; c < n; c++)
    if (c != 2)
      widths[c] = rest / (n - 2);

  header->header = TRUE;
  header->cells[i++] = g_strdup (_("Unit"));
  header->cells[i++] = g_strdup (_("Machines reporting"));
  header->cells[i++] = g_strdup (_("Last report"));
  for (guint r = 0; r < picture->n_rules; r++)
    header->cells[i++] = g_strdup (picture->rule_names[r]);
  for (AntamTallyFact f = 0; f < ANTAM_TALLY_N_FACTS; f++)
    header->cells[i++] = g_strdup (antam_tally_fact_label (f));

  for (guint u = 0; u < picture->units->len; u++)
    {
      const AntamTallyUnit *unit = g_ptr_array_index (picture->units, u);
      g_ptr_array_add (rows, counts_row (picture, widths, unit->name, &unit->counts));
    }
  {
    Row *total = counts_row (picture, widths, antam_tally_total_label (picture), &picture->totals);
    total->bold = TRUE;
    g_ptr_array_add (rows, total);
  }
  table (sheet, header, rows);
  row_free (header);
}

static void
totals_section (Sheet             *sheet,
                AntamTallyPicture *picture)
{
  static const double widths[] = { 330, 110, 110, 150 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  Row *header = row_new (4, widths, 4);
  const AntamTallyCounts *t = &picture->totals, *p = &picture->previous;

  header->header = TRUE;
  header->cells[0] = g_strdup (_("What"));
  header->cells[1] = g_strdup (_("Machines"));
  header->cells[2] = g_strdup (_("Share"));
  header->cells[3] = g_strdup (_("Since the previous tally"));

  for (guint k = 0; k < 1 + picture->n_rules + ANTAM_TALLY_N_FACTS; k++)
    {
      Row *row = row_new (4, widths, 1);
      guint now, before;

      if (k == 0)
        {
          row->cells[0] = g_strdup (_("Machines reporting"));
          now = t->machines;
          before = p->machines;
        }
      else if (k <= picture->n_rules)
        {
          row->cells[0] = g_strdup_printf (_("With %s"), picture->rule_names[k - 1]);
          now = t->apps[k - 1];
          before = p->apps[k - 1];
        }
      else
        {
          AntamTallyFact f = k - 1 - picture->n_rules;

          row->cells[0] = g_strdup (antam_tally_fact_label (f));
          now = t->facts[f];
          before = p->facts[f];
        }
      row->cells[1] = g_strdup_printf ("%u", now);
      row->cells[2] = k == 0 || t->machines == 0 ? g_strdup ("")
                      : g_strdup_printf ("%.0f%%", 100.0 * now / t->machines);
      if (!picture->has_previous)
        row->cells[3] = g_strdup ("—");
      else if (now == before)
        row->cells[3] = g_strdup ("=");
      else
        row->cells[3] = g_strdup_printf (now > before ? "+%u" : "−%u", now > before ? now - before : before - now);
      g_ptr_array_add (rows, row);
    }
  table (sheet, header, rows);
  row_free (header);
}

static void
zoom_section (Sheet             *sheet,
              AntamTallyPicture *picture)
{
  static const double widths[] = { 210, 220, 130, 80, 117.89 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  Row *header = row_new (5, widths, 5);

  if (picture->zoom->len == 0)
    {
      paragraph (sheet, _("None."), 9.5, FALSE, PANGO_ALIGN_LEFT, 8);
      row_free (header);
      return;
    }
  header->header = TRUE;
  header->cells[0] = g_strdup (_("Unit"));
  header->cells[1] = g_strdup (_("Sender"));
  header->cells[2] = g_strdup (_("Computer name"));
  header->cells[3] = g_strdup (_("Report date"));
  header->cells[4] = g_strdup (_("Zoom"));
  for (guint i = 0; i < picture->zoom->len; i++)
    {
      const AntamTallyFollowUp *z = g_ptr_array_index (picture->zoom, i);
      Row *row = row_new (5, widths, 5);

      row->cells[0] = g_strdup (z->unit);
      row->cells[1] = z->sender_email ? g_strdup_printf ("%s\n%s", z->sender_name ? z->sender_name : "—", z->sender_email)
                                      : g_strdup (z->sender_name ? z->sender_name : "—");
      row->cells[2] = g_strdup (z->hostname ? z->hostname : "—");
      row->cells[3] = antam_tally_format_date (z->created);
      row->cells[4] = g_strdup (antam_tally_follow_up_state (z));
      g_ptr_array_add (rows, row);
    }
  table (sheet, header, rows);
  row_free (header);
}

static void
draw_document (Sheet             *sheet,
               AntamTallyPicture *picture)
{
  g_autofree char *scope = antam_tally_scope_text (picture);
  g_autofree char *counted = antam_tally_counted_text (picture);
  g_autofree char *trend = antam_tally_trend_text (picture);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (picture->made);
  g_autoptr(GDateTime) made = g_date_time_to_local (utc);

  sheet->page = 1;
  sheet->y = MARGIN;

  /* The national motto on the right, the place and date under it; the
   * unit that makes the report writes its name on the left. */
  {
    /* TRANSLATORS: place (left blank to fill in), day, month, year */
    g_autofree char *dated = g_strdup_printf (_("…………, date %02d month %02d year %d"),
                                              g_date_time_get_day_of_month (made), g_date_time_get_month (made),
                                              g_date_time_get_year (made));
    g_autofree char *motto = g_strdup_printf ("<b>%s</b>\n<b><u>%s</u></b>\n\n<i>%s</i>",
                                              _("SOCIALIST REPUBLIC OF VIETNAM"),
                                              _("Independence – Freedom – Happiness"), dated);
    g_autoptr(PangoLayout) left = text_layout (sheet, _("………………………………\nNo.: ……/BC"), 10, TRUE,
                                               CONTENT_WIDTH * 0.40, PANGO_ALIGN_CENTER);
    g_autoptr(PangoLayout) right = text_layout (sheet, NULL, 10, FALSE, CONTENT_WIDTH * 0.55, PANGO_ALIGN_CENTER);

    pango_layout_set_markup (right, motto, -1);
    show (sheet, left, MARGIN, sheet->y);
    show (sheet, right, MARGIN + CONTENT_WIDTH * 0.45, sheet->y);
    sheet->y += MAX (height_of (left), height_of (right)) + 16;
  }

  paragraph (sheet, _("SUMMARY REPORT"), 15, TRUE, PANGO_ALIGN_CENTER, 2);
  paragraph (sheet, _("Results of the information security self-checks of the computers of civil servants"),
             11, TRUE, PANGO_ALIGN_CENTER, 12);
  paragraph (sheet, scope, 9.5, FALSE, PANGO_ALIGN_LEFT, 2);
  paragraph (sheet, counted, 9.5, FALSE, PANGO_ALIGN_LEFT, 2);
  paragraph (sheet, trend, 9.5, FALSE, PANGO_ALIGN_LEFT, 10);

  paragraph (sheet, picture->unit_filter ? _("I. TOTALS OF THE UNITS SHOWN") : _("I. PROVINCE TOTALS"),
             11, TRUE, PANGO_ALIGN_LEFT, 4);
  totals_section (sheet, picture);
  paragraph (sheet, _("II. BY UNIT"), 11, TRUE, PANGO_ALIGN_LEFT, 4);
  unit_section (sheet, picture);
  paragraph (sheet, _("III. MACHINES THAT STILL HAVE ZOOM (to follow up)"), 11, TRUE, PANGO_ALIGN_LEFT, 4);
  zoom_section (sheet, picture);

  paragraph (sheet, _("IV. NOT COUNTED"), 11, TRUE, PANGO_ALIGN_LEFT, 4);
  if (antam_tally_all_counted (picture))
    paragraph (sheet, _("Nothing: every report was counted."), 9.5, FALSE, PANGO_ALIGN_LEFT, 4);
  if (picture->training_reports > 0)
    {
      g_autofree char *text = antam_tally_training_text (picture);
      paragraph (sheet, text, 9.5, FALSE, PANGO_ALIGN_LEFT, 4);
    }
  if (picture->invalid->len > 0)
    {
      g_autofree char *text = antam_tally_invalid_text (picture);

      paragraph (sheet, text, 9.5, FALSE, PANGO_ALIGN_LEFT, 2);
      for (guint i = 0; i < picture->invalid->len; i++)
        {
          const AntamTallyInvalid *invalid = g_ptr_array_index (picture->invalid, i);
          g_autofree char *line = g_strdup_printf ("– %s · %s · %s: %s", invalid->report_id, invalid->unit,
                                                   invalid->sender_name ? invalid->sender_name : "—",
                                                   invalid->problems ? invalid->problems : "");
          paragraph (sheet, line, 8.5, FALSE, PANGO_ALIGN_LEFT, 2);
        }
    }
  if (picture->totals.fallback_machines > 0)
    {
      g_autofree char *text = antam_tally_fallback_text (picture);
      paragraph (sheet, text, 9.5, FALSE, PANGO_ALIGN_LEFT, 4);
    }

  /* The signature of whoever makes the report. */
  {
    double x = MARGIN + CONTENT_WIDTH * 0.55, w = CONTENT_WIDTH * 0.45;
    g_autoptr(PangoLayout) role = text_layout (sheet, _("PERSON WHO MADE THE REPORT"), 10.5, TRUE, w, PANGO_ALIGN_CENTER);
    g_autoptr(PangoLayout) hint = text_layout (sheet, _("(signature and full name)"), 9.5, FALSE, w, PANGO_ALIGN_CENTER);

    if (sheet->y + 20 + height_of (role) + height_of (hint) + 60 > BOTTOM)
      new_page (sheet);
    sheet->y += 20;
    show (sheet, role, x, sheet->y);
    sheet->y += height_of (role);
    show (sheet, hint, x, sheet->y);
    sheet->y += height_of (hint) + 60;
  }
  finish_page (sheet);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * antam_tally_picture_to_pdf:
 *
 * Returns: (transfer full) (nullable): the printable summary report
 */
GBytes *
antam_tally_picture_to_pdf (AntamTallyPicture  *picture,
                            GError            **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Sheet sheet = { 0 };

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, antam_tally_title ());
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " VERSION);
  sheet.cr = cairo_create (surface);

  /* Laid out once without drawing, to know "page N of M". */
  draw_document (&sheet, picture);
  sheet.n_pages = sheet.page;
  sheet.drawing = TRUE;
  draw_document (&sheet, picture);

  cairo_destroy (sheet.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be made: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
