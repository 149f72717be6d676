/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "antam-i18n.h"

/* Interned, so never freed: a scan thread may still be reading the
 * previous one when the user picks another language. */
static const char *forced_language;
static const char *locale_dir;

/* "vi" for "vi_VN.UTF-8@x", "C" for "C.UTF-8". */
static char *
language_part (const char *name)
{
  return g_strndup (name, strcspn (name, "_.@"));
}

/**
 * antam_i18n_get_language:
 *
 * Returns: the language An Tâm speaks: the one antam_i18n_use_language()
 *   chose, else "vi" whenever the process's languages put Vietnamese before
 *   English, "en" otherwise
 */
const char *
antam_i18n_get_language (void)
{
  const char *forced = g_atomic_pointer_get (&forced_language);
  const char * const *names;

  if (forced != NULL)
    return forced;

  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "vi"))
        return "vi";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }
  return "en";
}

/**
 * antam_i18n_set_language:
 * @language: (nullable): a language code, or %NULL to follow the process's
 *   languages again
 *
 * Chooses which of their texts rules, scenarios and contacts show
 * (antam_i18n_pick()), without touching gettext: for tests of core code.
 */
void
antam_i18n_set_language (const char *language)
{
  g_atomic_pointer_set (&forced_language, language != NULL ? g_intern_string (language) : NULL);
}

const char *
antam_i18n_pick (const char *vi,
                 const char *en)
{
  if (g_str_equal (antam_i18n_get_language (), "vi") && vi != NULL)
    return vi;
  return en != NULL ? en : vi;
}

/**
 * antam_i18n_has_translation:
 * @language: a language code, e.g. "vi"
 *
 * Returns: whether An Tâm can speak @language: English, which it is
 *   written in, or a language whose catalog is installed
 */
gboolean
antam_i18n_has_translation (const char *language)
{
  g_autofree char *catalog = NULL;

  g_return_val_if_fail (language != NULL, FALSE);

  if (g_str_equal (language, "en"))
    return TRUE;
  if (language[0] == '\0' || strchr (language, '/') != NULL || g_str_equal (language, "..") ||
      g_str_equal (language, "C") || g_str_equal (language, "POSIX"))
    return FALSE;
  catalog = g_build_filename (locale_dir != NULL ? locale_dir : LOCALEDIR, language,
                              "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  return g_file_test (catalog, G_FILE_TEST_IS_REGULAR);
}

/* LC_MESSAGES as the environment sets it, before any setlocale(). */
static const char *
messages_locale_from_environment (void)
{
  const char *names[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);
      if (value != NULL && value[0] != '\0')
        return value;
    }
  return "C";
}

/**
 * antam_i18n_get_explicit_language:
 *
 * LANGUAGE, when it was set for An Tâm: its first language that An Tâm
 * can speak.  A desktop that exports LANGUAGE=en_US:en beside
 * LANG=en_US.UTF-8 only repeats its own locale, which says nothing about
 * the language of An Tâm: that is not counted.
 *
 * Returns: (nullable): an interned language code, or %NULL
 */
const char *
antam_i18n_get_explicit_language (void)
{
  const char *value = g_getenv ("LANGUAGE");
  g_autofree char *locale_language = language_part (messages_locale_from_environment ());
  g_auto(GStrv) entries = NULL;

  if (value == NULL || value[0] == '\0')
    return NULL;

  entries = g_strsplit (value, ":", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *language = language_part (entries[i]);

      if (language[0] == '\0')
        continue;
      if (i == 0 && g_str_equal (language, locale_language))
        return NULL;
      if (antam_i18n_has_translation (language))
        return g_intern_string (language);
    }
  /* Asked for languages An Tâm does not have: gettext would show English. */
  return g_intern_static_string ("en");
}

/**
 * antam_i18n_choose_app_language:
 * @saved: (nullable): the language chosen in the app's menu (the "language"
 *   key of its settings), or "" when none was
 *
 * What the app speaks, and everything that speaks for it (the reminder,
 * the reports it sends): the user's choice in the app, else LANGUAGE when
 * set for this process, else Vietnamese, whatever the locale.
 *
 * Returns: an interned language code
 */
const char *
antam_i18n_choose_app_language (const char *saved)
{
  const char *explicit_language;

  if (saved != NULL && saved[0] != '\0' && antam_i18n_has_translation (saved))
    return g_intern_string (saved);
  explicit_language = antam_i18n_get_explicit_language ();
  if (explicit_language != NULL)
    return explicit_language;
  return g_intern_static_string ("vi");
}

static gboolean
is_c_locale (const char *name)
{
  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX");
}

/* glibc's gettext ignores LANGUAGE when LC_MESSAGES is the "C" locale,
 * which is what a machine without a generated vi_VN locale falls back to;
 * "C.UTF-8" is built into glibc and is not "C" for gettext, so it lets
 * LANGUAGE through.  An ASCII character set would turn every "ế" into "?".
 * setlocale() is not thread-safe: this runs once, before any thread, and
 * finds nothing to change afterwards. */
static void
let_language_through (void)
{
  if (is_c_locale (setlocale (LC_MESSAGES, NULL)))
    setlocale (LC_MESSAGES, "C.UTF-8");
  if (is_c_locale (setlocale (LC_CTYPE, NULL)))
    setlocale (LC_CTYPE, "C.UTF-8");
}

/**
 * antam_i18n_use_language:
 * @language: a language code: "vi", "en", or that of another installed
 *   translation
 *
 * Speaks @language from now on, in every thread: gettext (An Tâm's, GLib's
 * and GTK's catalogs) and antam_i18n_pick().  Call it first before any
 * thread starts; later calls, from the main thread, may run while scan
 * threads translate.  Already translated texts keep their language.
 */
void
antam_i18n_use_language (const char *language)
{
  const char *interned;

  g_return_if_fail (language != NULL && language[0] != '\0');

  interned = g_intern_string (language);
  let_language_through ();
  /* gettext reads LANGUAGE at every call, in every thread.  Once the
   * variable exists (the first call made it, before any thread), setting
   * it again only swaps one pointer in environ: glibc never frees a value
   * it has set, so a thread reading the old one still reads a valid
   * string.  Not g_setenv(), which rightly warns about the general case. */
  setenv ("LANGUAGE", interned, 1);
  g_atomic_pointer_set (&forced_language, interned);
  /* gettext keeps what it found per catalog: setting the text domain, even
   * to the same one, is the documented way to make it look again (it
   * bumps the catalogs' counter under gettext's own lock). */
  textdomain (textdomain (NULL));
}

/**
 * antam_i18n_follow_language_variable:
 *
 * For the command line, which follows the process's locale and LANGUAGE:
 * LANGUAGE is honoured even where the locale is "C", which glibc would
 * otherwise ignore it under.
 */
void
antam_i18n_follow_language_variable (void)
{
  const char *value = g_getenv ("LANGUAGE");

  if (value != NULL && value[0] != '\0')
    let_language_through ();
}

/**
 * antam_i18n_init:
 *
 * Call first thing in main(), before anything can translate: sets the
 * locale from the environment and binds the gettext domain to
 * $ANTAM_LOCALE_DIR (the build tree's po/) when set, the installed locale
 * dir otherwise.
 */
void
antam_i18n_init (void)
{
  const char *dir = g_getenv ("ANTAM_LOCALE_DIR");

  /* GLib decides once, at its first g_dgettext(), whether to translate at
   * all, and says no when the app's catalog has nothing for a locale other
   * than C or English: under C.UTF-8 with English, a later switch to
   * Vietnamese would then leave every g_dgettext() text English.  The
   * process is still in the C locale here, for which GLib says yes. */
  (void) g_dgettext (GETTEXT_PACKAGE, "");
  setlocale (LC_ALL, "");

  locale_dir = dir != NULL && dir[0] != '\0' ? g_intern_string (dir) : LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
