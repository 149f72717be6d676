/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-gui-util.h"

#include "antam-scan-progress.h"

/* The running check's name, a bar and Stop: a scan can take a while on a
 * machine with many packages, and the user must see that it moves. */
struct _AntamScanProgress
{
  GtkWidget parent_instance;

  GtkRevealer *revealer;
  GtkSpinner *spinner;
  GtkLabel *label;
  GtkProgressBar *bar;

  AntamSession *session;
  gulong handlers[3];
};

G_DEFINE_FINAL_TYPE (AntamScanProgress, antam_scan_progress, GTK_TYPE_WIDGET)

static void
update (AntamScanProgress *self)
{
  gboolean scanning = self->session != NULL && antam_session_get_scanning (self->session);
  const char *text = self->session ? antam_session_get_progress_text (self->session) : NULL;

  gtk_revealer_set_reveal_child (self->revealer, scanning);
  gtk_spinner_set_spinning (self->spinner, scanning);
  gtk_label_set_label (self->label, text ? text : "");
  gtk_progress_bar_set_fraction (self->bar, self->session ? antam_session_get_progress (self->session) : 0.0);
}

static void
on_session_notify (AntamScanProgress *self)
{
  update (self);
}

static void
disconnect_session (AntamScanProgress *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->handlers); i++)
    g_clear_signal_handler (&self->handlers[i], self->session);
  g_clear_object (&self->session);
}

void
antam_scan_progress_set_session (AntamScanProgress *self,
                                 AntamSession      *session)
{
  g_return_if_fail (ANTAM_IS_SCAN_PROGRESS (self));

  disconnect_session (self);
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      self->handlers[0] = g_signal_connect_swapped (session, "notify::scanning",
                                                    G_CALLBACK (on_session_notify), self);
      self->handlers[1] = g_signal_connect_swapped (session, "notify::progress",
                                                    G_CALLBACK (on_session_notify), self);
      self->handlers[2] = g_signal_connect_swapped (session, "notify::progress-text",
                                                    G_CALLBACK (on_session_notify), self);
    }
  update (self);
}

static void
antam_scan_progress_dispose (GObject *object)
{
  AntamScanProgress *self = ANTAM_SCAN_PROGRESS (object);

  disconnect_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_SCAN_PROGRESS);
  /* The template's unnamed root is not bound, so not disposed with it. */
  antam_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (antam_scan_progress_parent_class)->dispose (object);
}

static void
antam_scan_progress_class_init (AntamScanProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_scan_progress_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-scan-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamScanProgress, revealer);
  gtk_widget_class_bind_template_child (widget_class, AntamScanProgress, spinner);
  gtk_widget_class_bind_template_child (widget_class, AntamScanProgress, label);
  gtk_widget_class_bind_template_child (widget_class, AntamScanProgress, bar);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scanprogress");
}

static void
antam_scan_progress_init (AntamScanProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
