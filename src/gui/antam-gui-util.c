/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-gui-util.h"

/* For widgets whose template root has no id: gtk_widget_dispose_template()
 * only unparents the children it binds. */
void
antam_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
