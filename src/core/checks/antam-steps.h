/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The wizard's steps, in the letters' order, and which checks each one
 * shows: written once, next to the checks, and read by the window, its
 * pages and the session. */

#define ANTAM_N_STEPS 10

typedef enum {
  ANTAM_STEP_PAGE_OTHER,       /* welcome, alternatives, summary */
  ANTAM_STEP_PAGE_FINDINGS,    /* the scan's results of its checks */
  ANTAM_STEP_PAGE_QUESTIONS,   /* the questions of its one check */
} AntamStepPage;

typedef struct {
  const char *page;            /* the page's name in the window's stack */
  const char *title;           /* untranslated: pass it through _() */
  AntamStepPage kind;
  const char *checks;          /* comma-separated check ids, or NULL */
} AntamStep;

const AntamStep *antam_step_get              (guint       step);
gboolean         antam_check_is_question     (const char *check);

G_END_DECLS
