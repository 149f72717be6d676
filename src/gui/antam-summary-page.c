/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-gui-util.h"
#include <string.h>

#include "antam-finding-row.h"
#include "antam-summary-page.h"

struct _AntamSummaryPage
{
  GtkWidget parent_instance;

  GtkLabel *verdict_label;
  GtkLabel *checked_label;
  GtkFlowBox *counts_box;
  GtkWidget *todo_label;
  GtkListBox *list;
  GtkWidget *send_button;
  GtkWidget *send_note;

  AntamSession *session;
  guint counts[ANTAM_N_STATUSES];
  guint n_rows;
};

G_DEFINE_FINAL_TYPE (AntamSummaryPage, antam_summary_page, GTK_TYPE_WIDGET)

/* Worst first, as the user should act on them, and in the report's
 * order.  A note has its own card: it is not counted with what is OK. */
static const AntamStatus shown_statuses[] = {
  ANTAM_STATUS_RISK, ANTAM_STATUS_WARNING, ANTAM_STATUS_UNKNOWN, ANTAM_STATUS_MANUAL,
  ANTAM_STATUS_INFO, ANTAM_STATUS_OK,
};

static GtkWidget *
count_box_new (AntamStatus status,
               guint       count)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (antam_status_icon_name (status));
  g_autofree char *number = g_strdup_printf ("%u", count);
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *word = gtk_label_new (antam_status_display_name (status));
  /* TRANSLATORS: a status and how many results have it, e.g. "Risk: 2" */
  g_autofree char *accessible = g_strdup_printf (_("%s: %u"), antam_status_display_name (status), count);

  gtk_image_set_icon_size (GTK_IMAGE (icon), GTK_ICON_SIZE_LARGE);
  gtk_widget_add_css_class (icon, "status-icon");
  gtk_widget_add_css_class (number_label, "title-1");
  gtk_label_set_wrap (GTK_LABEL (word), TRUE);
  /* Six cards: three to a line, so that no card is left alone on one. */
  gtk_label_set_max_width_chars (GTK_LABEL (word), 10);
  gtk_label_set_justify (GTK_LABEL (word), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), number_label);
  gtk_box_append (GTK_BOX (box), word);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "count-card");
  gtk_widget_add_css_class (box, antam_status_css_class (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return box;
}

static int
compare_worst_first (gconstpointer a,
                     gconstpointer b)
{
  const AntamResult *ra = *(const AntamResult **) a;
  const AntamResult *rb = *(const AntamResult **) b;

  return (int) rb->status - (int) ra->status;
}

static void
update (AntamSummaryPage *self)
{
  GPtrArray *results = self->session ? antam_session_get_results (self->session) : NULL;
  gboolean scanned = self->session && antam_session_has_scanned (self->session);
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();
  GtkWidget *child;

  memset (self->counts, 0, sizeof self->counts);
  if (results != NULL)
    antam_results_count (results, self->counts);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_box))) != NULL)
    gtk_flow_box_remove (self->counts_box, child);
  for (guint i = 0; i < G_N_ELEMENTS (shown_statuses); i++)
    gtk_flow_box_append (self->counts_box, count_box_new (shown_statuses[i], self->counts[shown_statuses[i]]));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; results && i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);
      if (result->status != ANTAM_STATUS_OK)
        g_ptr_array_add (todo, result);
    }
  g_ptr_array_sort (todo, compare_worst_first);
  for (guint i = 0; i < todo->len; i++)
    gtk_list_box_append (self->list, antam_finding_row_new (g_ptr_array_index (todo, i)));
  self->n_rows = todo->len;
  gtk_widget_set_visible (GTK_WIDGET (self->list), todo->len > 0);
  gtk_widget_set_visible (self->todo_label, todo->len > 0);

  /* When the results were true: a report read later must say so. */
  if (scanned && antam_session_get_scanned_at (self->session) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (antam_session_get_scanned_at (self->session));
      /* TRANSLATORS: g_date_time_format(): "Checked on 03/12/2026 at 16:05" */
      g_autofree char *checked = g_date_time_format (local, _("Checked on %d/%m/%Y at %H:%M"));

      gtk_label_set_label (self->checked_label, checked);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->checked_label), scanned);

  if (!scanned)
    gtk_label_set_label (self->verdict_label,
                         _("This computer has not been checked yet: only your answers are counted."));
  else if (self->counts[ANTAM_STATUS_RISK] > 0)
    gtk_label_set_label (self->verdict_label,
                         _("Some findings put state data at risk. Deal with them first, then check again."));
  else if (self->counts[ANTAM_STATUS_WARNING] > 0)
    gtk_label_set_label (self->verdict_label,
                         _("No serious risk was found, but some points need your attention."));
  else if (self->counts[ANTAM_STATUS_MANUAL] > 0 || self->counts[ANTAM_STATUS_UNKNOWN] > 0)
    gtk_label_set_label (self->verdict_label,
                         _("Nothing risky was found. Some points still need your answer or could not be checked."));
  else if (self->counts[ANTAM_STATUS_INFO] > 0)
    gtk_label_set_label (self->verdict_label,
                         _("Nothing risky was found. Read the notes below: they are not faults, "
                           "but nothing protects you there."));
  else
    gtk_label_set_label (self->verdict_label,
                         _("This computer follows every measure An Tâm checks."));
}

void
antam_summary_page_set_session (AntamSummaryPage *self,
                                AntamSession     *session)
{
  g_return_if_fail (ANTAM_IS_SUMMARY_PAGE (self));

  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session)
    g_signal_connect_swapped (session, "results-changed", G_CALLBACK (update), self);
  update (self);
}

guint
antam_summary_page_get_count (AntamSummaryPage *self,
                              AntamStatus       status)
{
  g_return_val_if_fail (ANTAM_IS_SUMMARY_PAGE (self), 0);
  g_return_val_if_fail (status < ANTAM_N_STATUSES, 0);
  return self->counts[status];
}

guint
antam_summary_page_get_n_rows (AntamSummaryPage *self)
{
  g_return_val_if_fail (ANTAM_IS_SUMMARY_PAGE (self), 0);
  return self->n_rows;
}

static void
antam_summary_page_dispose (GObject *object)
{
  AntamSummaryPage *self = ANTAM_SUMMARY_PAGE (object);

  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_SUMMARY_PAGE);
  /* The template's unnamed root is not bound, so not disposed with it. */
  antam_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (antam_summary_page_parent_class)->dispose (object);
}

static void
antam_summary_page_class_init (AntamSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_summary_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamSummaryPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, AntamSummaryPage, checked_label);
  gtk_widget_class_bind_template_child (widget_class, AntamSummaryPage, counts_box);
  gtk_widget_class_bind_template_child (widget_class, AntamSummaryPage, todo_label);
  gtk_widget_class_bind_template_child (widget_class, AntamSummaryPage, list);
  gtk_widget_class_bind_template_child (widget_class, AntamSummaryPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, AntamSummaryPage, send_note);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
antam_summary_page_init (AntamSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
