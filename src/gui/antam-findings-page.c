/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-finding-row.h"
#include "antam-findings-page.h"
#include "antam-result-object.h"

struct _AntamFindingsPage
{
  AntamPage parent_instance;

  GtkWidget *empty_box;
  GtkLabel *empty_label;
  GtkWidget *check_button;
  GtkListBox *list;

  GStrv check_ids;
  GtkCustomFilter *filter;
  GtkSortListModel *rows;       /* this step's results, worst first */
  gboolean bound;               /* the list shows the rows */
};

G_DEFINE_FINAL_TYPE (AntamFindingsPage, antam_findings_page, ANTAM_TYPE_PAGE)

enum {
  PROP_0,
  PROP_CHECK_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_mine (gpointer item,
         gpointer user_data)
{
  AntamFindingsPage *self = user_data;
  AntamResult *result = antam_result_object_get_result (item);

  return self->check_ids != NULL && g_strv_contains ((const char * const *) self->check_ids, result->check);
}

/* The rows follow the model by themselves; this is what is around them. */
static void
update (AntamFindingsPage *self)
{
  AntamSession *session = antam_page_get_session (ANTAM_PAGE (self));
  gboolean scanned = session && antam_session_has_scanned (session);
  gboolean scanning = session && antam_session_get_scanning (session);
  guint n_rows = antam_findings_page_get_n_rows (self);

  gtk_widget_set_visible (GTK_WIDGET (self->list), scanned && n_rows > 0);
  gtk_widget_set_visible (self->empty_box, !scanned || n_rows == 0);
  gtk_widget_set_visible (self->check_button, !scanned && !scanning);
  if (scanning && !scanned)
    gtk_label_set_label (self->empty_label, _("Checking this computer…"));
  else if (!scanned)
    gtk_label_set_label (self->empty_label, _("This computer has not been checked yet."));
  else
    gtk_label_set_label (self->empty_label, _("Nothing to report for this step."));
}

static void
antam_findings_page_session_changed (AntamPage *page)
{
  AntamFindingsPage *self = ANTAM_FINDINGS_PAGE (page);
  AntamSession *session = antam_page_get_session (page);

  gtk_filter_list_model_set_model (GTK_FILTER_LIST_MODEL (gtk_sort_list_model_get_model (self->rows)),
                                   session ? antam_session_get_model (session) : NULL);
  if (session)
    {
      g_signal_connect_swapped (session, "results-changed", G_CALLBACK (update), self);
      g_signal_connect_swapped (session, "notify::scanning", G_CALLBACK (update), self);
    }
  update (self);
}

/* The rows are made when the page is first shown, not with the window:
 * a scan, a new window or a language then builds the rows of one page,
 * not of every page at once. */
static void
bind_rows (AntamFindingsPage *self)
{
  if (self->bound)
    return;
  self->bound = TRUE;
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->rows), antam_finding_row_new_for_item, NULL, NULL);
}

/**
 * antam_findings_page_get_list:
 *
 * Returns: (transfer none): the list of rows, made if the page was not
 *   shown yet
 */
GtkListBox *
antam_findings_page_get_list (AntamFindingsPage *self)
{
  g_return_val_if_fail (ANTAM_IS_FINDINGS_PAGE (self), NULL);
  bind_rows (self);
  return self->list;
}

guint
antam_findings_page_get_n_rows (AntamFindingsPage *self)
{
  g_return_val_if_fail (ANTAM_IS_FINDINGS_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

static void
antam_findings_page_dispose (GObject *object)
{
  AntamFindingsPage *self = ANTAM_FINDINGS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_FINDINGS_PAGE);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (antam_findings_page_parent_class)->dispose (object);
}

static void
antam_findings_page_finalize (GObject *object)
{
  AntamFindingsPage *self = ANTAM_FINDINGS_PAGE (object);

  g_strfreev (self->check_ids);

  G_OBJECT_CLASS (antam_findings_page_parent_class)->finalize (object);
}

static void
antam_findings_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AntamFindingsPage *self = ANTAM_FINDINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHECK_IDS:
      g_value_take_string (value, self->check_ids ? g_strjoinv (",", self->check_ids) : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_findings_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AntamFindingsPage *self = ANTAM_FINDINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHECK_IDS:
      g_strfreev (self->check_ids);
      self->check_ids = g_value_get_string (value)
        ? g_strsplit (g_value_get_string (value), ",", -1) : NULL;
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      update (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_findings_page_class_init (AntamFindingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AntamPageClass *page_class = ANTAM_PAGE_CLASS (klass);

  page_class->session_changed = antam_findings_page_session_changed;
  object_class->dispose = antam_findings_page_dispose;
  object_class->finalize = antam_findings_page_finalize;
  object_class->get_property = antam_findings_page_get_property;
  object_class->set_property = antam_findings_page_set_property;

  properties[PROP_CHECK_IDS] =
    g_param_spec_string ("check-ids", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-findings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamFindingsPage, empty_box);
  gtk_widget_class_bind_template_child (widget_class, AntamFindingsPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, AntamFindingsPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, AntamFindingsPage, list);
}

static void
antam_findings_page_init (AntamFindingsPage *self)
{
  GtkFilterListModel *mine;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (is_mine, self, NULL);
  mine = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->rows = gtk_sort_list_model_new (G_LIST_MODEL (mine),
                                        GTK_SORTER (gtk_custom_sorter_new (antam_result_object_compare_worst_first, NULL, NULL)));
  g_signal_connect (self, "map", G_CALLBACK (bind_rows), NULL);
  g_signal_connect_object (self->rows, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}
