/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "report/antam-report-model.h"
#include "report/antam-report-private.h"
#include "report/antam-pdf-layout.h"

/* The printable form, "Phiếu tự kiểm tra an toàn thông tin": A4, the
 * heading of an administrative document, who and when, the results as a
 * table, and room for a signature, so that it can be printed, signed and
 * filed with the unit's records. */

#define PAGE_WIDTH 595.28     /* A4 in points */
#define PAGE_HEIGHT 841.89
#define MARGIN_X 56.0
#define MARGIN_TOP 50.0
#define MARGIN_BOTTOM 56.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN_X)
#define CELL_PAD 4.0

static const double column_widths[] = { 28.0, 150.0, 72.0, CONTENT_WIDTH - 28.0 - 150.0 - 72.0 };
#define N_COLUMNS G_N_ELEMENTS (column_widths)

typedef struct {
  cairo_t *cr;
  double y;
  guint page;
  guint n_pages;        /* known after the measuring pass */
  gboolean drawing;     /* FALSE while measuring */
  const AntamReportModel *model;
} Pen;

static PangoLayout *
make_layout (Pen        *pen,
             const char *text,
             double      size,
             gboolean    bold,
             gboolean    italic,
             double      width,
             PangoAlignment align)
{
  return antam_pdf_layout_new (pen->cr, text, size, bold, italic, width, align);
}

static double
layout_height (PangoLayout *layout)
{
  return antam_pdf_layout_height (layout);
}

static void
draw_layout (Pen         *pen,
             PangoLayout *layout,
             double       x,
             double       y)
{
  if (!pen->drawing)
    return;
  cairo_move_to (pen->cr, x, y);
  pango_cairo_show_layout (pen->cr, layout);
}

static void
draw_footer (Pen *pen)
{
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  if (!pen->drawing)
    return;
  /* TRANSLATORS: the footer of each page of the PDF form; the first %s is
   * the app and its version, the second the report's id */
  text = g_strdup_printf (_("Made with %s — report %s — page %u of %u"),
                          PACKAGE_NAME " " VERSION, pen->model->id, pen->page, pen->n_pages);
  layout = make_layout (pen, text, 7.5, FALSE, FALSE, CONTENT_WIDTH, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (pen->cr, 0.35, 0.35, 0.35);
  draw_layout (pen, layout, MARGIN_X, PAGE_HEIGHT - MARGIN_BOTTOM + 18);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
}

static void
new_page (Pen *pen)
{
  draw_footer (pen);
  if (pen->drawing)
    cairo_show_page (pen->cr);
  pen->page++;
  pen->y = MARGIN_TOP;
}

static void
ensure_room (Pen    *pen,
             double  height)
{
  if (pen->y + height > PAGE_HEIGHT - MARGIN_BOTTOM)
    new_page (pen);
}

static void
paragraph (Pen        *pen,
           const char *text,
           double      size,
           gboolean    bold,
           gboolean    italic,
           PangoAlignment align,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (pen, text, size, bold, italic, CONTENT_WIDTH, align);
  double height = layout_height (layout);

  ensure_room (pen, height);
  draw_layout (pen, layout, MARGIN_X, pen->y);
  pen->y += height + space_after;
}

static void
field (Pen        *pen,
       const char *label,
       const char *value)
{
  g_autofree char *markup = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *escaped_label = NULL;
  g_autofree char *escaped_value = NULL;
  double height;

  if (value == NULL || *value == '\0')
    return;
  escaped_label = g_markup_escape_text (label, -1);
  escaped_value = g_markup_escape_text (value, -1);
  markup = g_strdup_printf ("<b>%s</b> %s", escaped_label, escaped_value);
  layout = make_layout (pen, "", 10.5, FALSE, FALSE, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  pango_layout_set_markup (layout, markup, -1);
  height = layout_height (layout);
  ensure_room (pen, height);
  draw_layout (pen, layout, MARGIN_X, pen->y);
  pen->y += height + 3;
}

static void
status_color (AntamStatus status,
              double     *r,
              double     *g,
              double     *b)
{
  /* Dark enough to read on a grey-scale printout too. */
  switch (status)
    {
    case ANTAM_STATUS_RISK: *r = 0.70; *g = 0.05; *b = 0.05; break;
    case ANTAM_STATUS_WARNING: *r = 0.60; *g = 0.35; *b = 0.0; break;
    case ANTAM_STATUS_OK: *r = 0.05; *g = 0.40; *b = 0.15; break;
    /* A note is neither good nor bad: the blue of information. */
    case ANTAM_STATUS_INFO: *r = 0.10; *g = 0.25; *b = 0.50; break;
    default: *r = 0.2; *g = 0.2; *b = 0.2; break;
    }
}

static double
table_row (Pen         *pen,
           const char  *cells[N_COLUMNS],
           gboolean     header,
           AntamStatus  status)
{
  PangoLayout *layouts[N_COLUMNS];
  double height = 0, x = MARGIN_X;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      layouts[i] = make_layout (pen, cells[i], header ? 9.5 : 9.0, header || (i == 2 && status >= ANTAM_STATUS_WARNING),
                                FALSE, column_widths[i] - 2 * CELL_PAD,
                                i == 0 || header ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
      height = MAX (height, layout_height (layouts[i]));
    }
  height += 2 * CELL_PAD;

  if (pen->drawing)
    {
      if (header)
        {
          cairo_set_source_rgb (pen->cr, 0.90, 0.92, 0.95);
          cairo_rectangle (pen->cr, MARGIN_X, pen->y, CONTENT_WIDTH, height);
          cairo_fill (pen->cr);
        }
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          double r = 0, g = 0, b = 0;

          if (!header && i == 2)
            status_color (status, &r, &g, &b);
          cairo_set_source_rgb (pen->cr, r, g, b);
          draw_layout (pen, layouts[i], x + CELL_PAD, pen->y + CELL_PAD);
          cairo_set_source_rgb (pen->cr, 0.3, 0.3, 0.3);
          cairo_set_line_width (pen->cr, 0.6);
          cairo_rectangle (pen->cr, x, pen->y, column_widths[i], height);
          cairo_stroke (pen->cr);
          x += column_widths[i];
        }
      cairo_set_source_rgb (pen->cr, 0, 0, 0);
    }
  for (guint i = 0; i < N_COLUMNS; i++)
    g_object_unref (layouts[i]);
  return height;
}

static const char * const *
header_cells (void)
{
  static const char *cells[N_COLUMNS];

  /* TRANSLATORS: the column headers of the results table in the PDF form:
   * number, what was checked, the result, notes and what to do */
  cells[0] = _("No.");
  cells[1] = _("What was checked");
  cells[2] = _("Result");
  cells[3] = _("Findings and what to do");
  return cells;
}

static char *
result_note (const AntamResult *result)
{
  GString *note = g_string_new (NULL);
  const AntamItem *answer = antam_report_get_answer (result);
  guint shown = 0;

  /* A question is read with the answer given, whatever it was. */
  if (answer != NULL)
    {
      g_string_append_printf (note, "%s\n%s %s", answer->name, _("Answer:"), answer->detail);
      if (result->status != ANTAM_STATUS_OK && result->remedy_text)
        g_string_append_printf (note, "\n%s %s", _("What to do:"), result->remedy_text);
      return g_string_free (note, FALSE);
    }
  if (result->status == ANTAM_STATUS_OK)
    return g_string_free (note, FALSE);

  for (guint i = 0; i < result->items->len && shown < 6; i++, shown++)
    {
      const AntamItem *item = g_ptr_array_index (result->items, i);

      if (note->len)
        g_string_append (note, "\n");
      g_string_append_printf (note, "• %s", item->name ? item->name : item->kind);
      if (item->version)
        g_string_append_printf (note, " %s", item->version);
      if (item->location && g_strcmp0 (item->location, item->name) != 0)
        g_string_append_printf (note, " (%s)", item->location);
    }
  if (result->items->len > shown)
    {
      g_string_append (note, "\n");
      /* TRANSLATORS: more findings than the form has room for */
      g_string_append_printf (note, _("… and %u more"), result->items->len - shown);
    }
  if (result->remedy_text)
    g_string_append_printf (note, "%s%s %s", note->len ? "\n" : "", _("What to do:"), result->remedy_text);
  else if (result->status != ANTAM_STATUS_OK && result->summary && note->len == 0)
    g_string_append (note, result->summary);
  if (result->status >= ANTAM_STATUS_WARNING && result->it_staff)
    g_string_append_printf (note, "%s%s %s", note->len ? "\n" : "", _("For IT staff:"), result->it_staff);
  return g_string_free (note, FALSE);
}

static void
draw_document (Pen *pen)
{
  const AntamReportModel *model = pen->model;
  g_autoptr(GPtrArray) results = antam_report_model_get_redacted_results (model);
  g_autofree char *checked = antam_timestamp_display (model->generated);
  g_autofree char *summary = antam_results_describe_counts (results);
  g_autofree char *signed_on = NULL;
  g_autofree char *contact_line = NULL;
  guint number = 1;

  pen->page = 1;
  pen->y = MARGIN_TOP;

  /* The national motto heading of an administrative document, on the
   * right; the unit on the left. */
  {
    g_autoptr(PangoLayout) left = make_layout (pen, model->sender_unit ? model->sender_unit : "",
                                               10, TRUE, FALSE, CONTENT_WIDTH * 0.42, PANGO_ALIGN_CENTER);
    g_autoptr(PangoLayout) right = make_layout (pen, NULL, 10, TRUE, FALSE,
                                                CONTENT_WIDTH * 0.58, PANGO_ALIGN_CENTER);
    g_autofree char *motto = g_strdup_printf ("%s\n<u>%s</u>",
                                              _("SOCIALIST REPUBLIC OF VIETNAM"),
                                              _("Independence – Freedom – Happiness"));

    pango_layout_set_markup (right, motto, -1);
    draw_layout (pen, left, MARGIN_X, pen->y);
    draw_layout (pen, right, MARGIN_X + CONTENT_WIDTH * 0.42, pen->y);
    pen->y += MAX (layout_height (left), layout_height (right)) + 28;
  }

  if (model->training)
    paragraph (pen, _("TRAINING — made in training mode, not about a real computer"),
               10, TRUE, FALSE, PANGO_ALIGN_CENTER, 6);
  paragraph (pen, _("INFORMATION SECURITY SELF-CHECK FORM"), 15, TRUE, FALSE, PANGO_ALIGN_CENTER, 4);
  paragraph (pen, model->contact ? antam_contact_get_source (model->contact) : NULL,
             9.5, FALSE, TRUE, PANGO_ALIGN_CENTER, 18);

  field (pen, _("Checked on:"), checked);
  field (pen, _("Unit:"), model->sender_unit);
  field (pen, _("Person:"), model->sender_name);
  if (model->sender_phone || model->sender_email)
    {
      g_autofree char *reach = g_strjoin (" — ", model->sender_phone ? model->sender_phone : model->sender_email,
                                          model->sender_phone ? model->sender_email : NULL, NULL);
      field (pen, _("Phone, e-mail:"), reach);
    }
  field (pen, _("Computer:"), model->system ? model->system->os_name : NULL);
  if (!(model->withhold & ANTAM_WITHHOLD_HOSTNAME))
    field (pen, _("Computer name:"), model->system ? model->system->hostname : NULL);
  if (!(model->withhold & ANTAM_WITHHOLD_USER_NAME))
    field (pen, _("User account:"), model->user_name);
  if (model->contact != NULL)
    {
      contact_line = g_strdup (antam_contact_get_name (model->contact));
      field (pen, _("Sent to:"), contact_line);
    }
  pen->y += 8;

  if (antam_report_model_has_incident (model))
    {
      paragraph (pen, _("WHAT HAPPENED"), 11, TRUE, FALSE, PANGO_ALIGN_LEFT, 4);
      field (pen, _("What:"), model->incident_what);
      field (pen, _("When:"), model->incident_when);
      field (pen, _("What was affected:"), model->incident_affected);
      pen->y += 8;
    }

  paragraph (pen, _("RESULT"), 11, TRUE, FALSE, PANGO_ALIGN_LEFT, 2);
  paragraph (pen, summary, 10.5, FALSE, FALSE, PANGO_ALIGN_LEFT, 8);

  {
    const char * const *headers = header_cells ();
    const char *cells[N_COLUMNS];
    double header_height;

    for (guint i = 0; i < N_COLUMNS; i++)
      cells[i] = headers[i];
    /* Measure the header so a page break never leaves it alone at the bottom. */
    {
      gboolean drawing = pen->drawing;
      pen->drawing = FALSE;
      header_height = table_row (pen, cells, TRUE, ANTAM_STATUS_OK);
      pen->drawing = drawing;
    }
    ensure_room (pen, header_height * 2.5);
    pen->y += table_row (pen, cells, TRUE, ANTAM_STATUS_OK);

    for (int status = ANTAM_STATUS_RISK; status >= ANTAM_STATUS_OK; status--)
      for (guint i = 0; i < results->len; i++)
        {
          AntamResult *result = g_ptr_array_index (results, i);
          g_autofree char *no = NULL;
          g_autofree char *note = NULL;
          double height;
          gboolean drawing = pen->drawing;

          if ((int) result->status != status)
            continue;
          no = g_strdup_printf ("%u", number++);
          note = result_note (result);
          cells[0] = no;
          cells[1] = result->title ? result->title : result->check;
          cells[2] = antam_status_display_name (result->status);
          cells[3] = note;

          pen->drawing = FALSE;
          height = table_row (pen, cells, FALSE, result->status);
          pen->drawing = drawing;
          if (pen->y + height > PAGE_HEIGHT - MARGIN_BOTTOM)
            {
              const char *again[N_COLUMNS];

              new_page (pen);
              for (guint c = 0; c < N_COLUMNS; c++)
                again[c] = headers[c];
              pen->y += table_row (pen, again, TRUE, ANTAM_STATUS_OK);
            }
          pen->y += table_row (pen, cells, FALSE, result->status);
        }
  }

  /* The signature: a dated line, the role, and blank room to sign in. */
  {
    GDateTime *when = model->created;
    double block_x = MARGIN_X + CONTENT_WIDTH * 0.45;
    double block_w = CONTENT_WIDTH * 0.55;
    g_autoptr(PangoLayout) date = NULL;
    g_autoptr(PangoLayout) role = NULL;
    g_autoptr(PangoLayout) hint = NULL;
    g_autoptr(PangoLayout) name = NULL;
    double needed;

    /* TRANSLATORS: the date above the signature: day, month, year */
    signed_on = g_strdup_printf (_("Date %02d month %02d year %d"),
                                 g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                                 g_date_time_get_year (when));
    date = make_layout (pen, signed_on, 10.5, FALSE, TRUE, block_w, PANGO_ALIGN_CENTER);
    role = make_layout (pen, _("PERSON WHO CHECKED"), 10.5, TRUE, FALSE, block_w, PANGO_ALIGN_CENTER);
    hint = make_layout (pen, _("(signature and full name)"), 9.5, FALSE, TRUE, block_w, PANGO_ALIGN_CENTER);
    name = make_layout (pen, model->sender_name, 10.5, TRUE, FALSE, block_w, PANGO_ALIGN_CENTER);
    needed = 24 + layout_height (date) + layout_height (role) + layout_height (hint) + 70 +
             layout_height (name);
    ensure_room (pen, needed);
    pen->y += 24;
    draw_layout (pen, date, block_x, pen->y);
    pen->y += layout_height (date) + 2;
    draw_layout (pen, role, block_x, pen->y);
    pen->y += layout_height (role);
    draw_layout (pen, hint, block_x, pen->y);
    pen->y += layout_height (hint) + 70;
    draw_layout (pen, name, block_x, pen->y);
    pen->y += layout_height (name);
  }

  draw_footer (pen);
  if (pen->drawing)
    cairo_show_page (pen->cr);
}

static cairo_status_t
write_to_bytes (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * antam_report_model_to_pdf:
 *
 * Returns: (transfer full) (nullable): the PDF form
 */
GBytes *
antam_report_model_to_pdf (const AntamReportModel  *model,
                           GError                 **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Pen pen = { 0 };
  guint pages;

  g_return_val_if_fail (model != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (write_to_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Information security self-check form"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " VERSION);
  if (model->sender_name)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, model->sender_name);
  pen.cr = cairo_create (surface);
  pen.model = model;

  /* Lay it out once without drawing, to know "page N of M". */
  pen.drawing = FALSE;
  draw_document (&pen);
  pages = pen.page;

  pen.drawing = TRUE;
  pen.n_pages = pages;
  draw_document (&pen);

  cairo_destroy (pen.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The PDF form could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
