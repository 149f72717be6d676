/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "session/antam-session.h"

G_BEGIN_DECLS

/* What every step's page has: the session it shows, a title and an
 * introduction (which its template binds to its labels).  A page learns
 * of a new session in session_changed; the handlers it connected to the
 * old one with itself as data are disconnected for it. */

#define ANTAM_TYPE_PAGE (antam_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (AntamPage, antam_page, ANTAM, PAGE, AdwBin)

struct _AntamPageClass
{
  AdwBinClass parent_class;

  void (*session_changed) (AntamPage *self);
};

AntamSession *antam_page_get_session (AntamPage    *self);
void          antam_page_set_session (AntamPage    *self,
                                      AntamSession *session);
const char   *antam_page_get_title   (AntamPage    *self);
const char   *antam_page_get_intro   (AntamPage    *self);

G_END_DECLS
