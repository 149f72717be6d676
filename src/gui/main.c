/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AntamApplication) app = NULL;

  antam_application_init_i18n ();

  app = antam_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
