/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-i18n.h"

/* Which language An Tâm speaks, and switching it while other threads
 * translate, as scan threads do when the user picks another language. */

typedef struct {
  const char *lang;        /* LANG */
  const char *language;    /* LANGUAGE, or NULL for none */
  const char *saved;       /* chosen in the app, or NULL */
  const char *expected;
} Case;

static void
test_app_language (void)
{
  const Case cases[] = {
    /* A fresh Debian, an English desktop: Vietnamese all the same. */
    { "C.UTF-8", NULL, NULL, "vi" },
    { "C", NULL, NULL, "vi" },
    { "en_US.UTF-8", NULL, NULL, "vi" },
    /* A desktop repeating its own locale in LANGUAGE is no choice. */
    { "en_US.UTF-8", "en_US:en", NULL, "vi" },
    { "en_GB.UTF-8", "en_GB:en", "", "vi" },
    /* LANGUAGE set for the app: heard. */
    { "C.UTF-8", "en", NULL, "en" },
    { "en_US.UTF-8", "vi", NULL, "vi" },
    { "vi_VN.UTF-8", "en_US:en", NULL, "en" },
    /* A language without a catalog: what gettext would show, English. */
    { "C.UTF-8", "de", NULL, "en" },
    { "C.UTF-8", "fr_FR:vi", NULL, "vi" },
    /* The user's choice in the app comes first. */
    { "C.UTF-8", "en", "vi", "vi" },
    { "en_US.UTF-8", "en_US:en", "en", "en" },
    { "vi_VN.UTF-8", NULL, "en", "en" },
    /* A saved language that is not installed (any more) is skipped. */
    { "C.UTF-8", NULL, "xx", "vi" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *chosen;

      g_setenv ("LANG", cases[i].lang, TRUE);
      if (cases[i].language != NULL)
        g_setenv ("LANGUAGE", cases[i].language, TRUE);
      else
        g_unsetenv ("LANGUAGE");
      chosen = antam_i18n_choose_app_language (cases[i].saved);
      g_test_message ("LANG=%s LANGUAGE=%s saved=%s: %s", cases[i].lang, cases[i].language,
                      cases[i].saved, chosen);
      g_assert_cmpstr (chosen, ==, cases[i].expected);
      /* Interned: the same pointer every time, never freed. */
      g_assert_true (chosen == g_intern_string (cases[i].expected));
    }
}

static void
test_has_translation (void)
{
  g_assert_true (antam_i18n_has_translation ("en"));
  g_assert_true (antam_i18n_has_translation ("vi"));
  g_assert_false (antam_i18n_has_translation ("xx"));
  g_assert_false (antam_i18n_has_translation (""));
  g_assert_false (antam_i18n_has_translation ("C"));
  g_assert_false (antam_i18n_has_translation ("../vi"));
}

typedef struct {
  const gint *stop;
  gint started;            /* set once the first lookup is done */
  guint64 lookups;
  guint64 wrong;
} Reader;

static const char *const start_vi = "Bắt đầu";

/* What a scan thread does: rule texts by antam_i18n_pick(), messages by
 * gettext, both while the main thread switches. */
static gpointer
read_language (gpointer user_data)
{
  Reader *reader = user_data;

  while (!g_atomic_int_get (reader->stop))
    {
      const char *language = antam_i18n_get_language ();
      const char *picked = antam_i18n_pick ("Gỡ bỏ", "Remove");
      const char *start = g_dgettext (GETTEXT_PACKAGE, "Start");

      /* Read through, as a scan would copy them into a result. */
      if (strlen (language) != 2 ||
          (g_strcmp0 (picked, "Gỡ bỏ") != 0 && g_strcmp0 (picked, "Remove") != 0) ||
          (g_strcmp0 (start, start_vi) != 0 && g_strcmp0 (start, "Start") != 0))
        reader->wrong++;
      reader->lookups++;
      g_atomic_int_set (&reader->started, 1);
    }
  return NULL;
}

static void
test_switch_while_translating (void)
{
  gint stop = 0;
  Reader readers[4];
  GThread *threads[G_N_ELEMENTS (readers)];
  guint64 lookups = 0, wrong = 0;
  guint switches = 500;

  antam_i18n_use_language ("vi");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Start"), ==, start_vi);
  antam_i18n_use_language ("en");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Start"), ==, "Start");

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      readers[i] = (Reader) { &stop, 0, 0, 0 };
      threads[i] = g_thread_new ("reader", read_language, &readers[i]);
    }
  /* On a loaded machine the switches could all be over before a reader
   * runs: they must overlap. */
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    while (!g_atomic_int_get (&readers[i].started))
      g_thread_yield ();
  for (guint i = 0; i < switches; i++)
    {
      antam_i18n_use_language (i % 2 ? "en" : "vi");
      g_thread_yield ();
    }
  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      lookups += readers[i].lookups;
      wrong += readers[i].wrong;
    }

  g_test_message ("%" G_GUINT64_FORMAT " lookups in %u threads during %u switches",
                  lookups, (guint) G_N_ELEMENTS (threads), switches);
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpuint (lookups, >, 0);

  /* The last switch holds, for every thread. */
  g_assert_cmpstr (antam_i18n_get_language (), ==, "en");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Start"), ==, "Start");
  g_assert_cmpstr (antam_i18n_pick ("Gỡ bỏ", "Remove"), ==, "Remove");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The cases set LANG and LANGUAGE; nothing else may decide. */
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  antam_i18n_init ();

  g_test_add_func ("/i18n/app-language", test_app_language);
  g_test_add_func ("/i18n/has-translation", test_has_translation);
  g_test_add_func ("/i18n/switch-while-translating", test_switch_while_translating);

  return g_test_run ();
}
