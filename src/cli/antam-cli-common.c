/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "antam-cli.h"
#include "antam-i18n.h"
#include "report/antam-send.h"

/* Shared by antam-cli and its helpers, antam-cli-report and antam-cli-tally. */
int
antam_cli_usage_error (GOptionContext *context,
                       const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("antam-cli: %s\n\n%s", message, help);
  return ANTAM_EXIT_USAGE;
}

/* antam_cli_init_i18n() has already used it. */
static gboolean
accept_lang (const char  *option_name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  return TRUE;
}

/* Every command's --lang, so that its --help lists it and its parser takes it. */
const GOptionEntry antam_cli_lang_entries[] = {
  { "lang", 0, 0, G_OPTION_ARG_CALLBACK, accept_lang,
    N_("Write in this language: vi or en, or app for the one chosen in An Tâm"), N_("LANGUAGE") },
  { NULL }
};

static const char *
app_language (void)
{
  g_autoptr(GSettings) settings = antam_report_settings_new ();
  g_autofree char *saved = settings != NULL ? g_settings_get_string (settings, "language") : NULL;

  return antam_i18n_choose_app_language (saved);
}

/* The value of the last --lang before "--", or NULL. */
static const char *
find_lang (int    argc,
           char **argv)
{
  const char *value = NULL;

  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    {
      if (g_str_equal (argv[i], "--lang"))
        value = i + 1 < argc ? argv[++i] : "";
      else if (g_str_has_prefix (argv[i], "--lang="))
        value = argv[i] + strlen ("--lang=");
    }
  return value;
}

/* "antam-cli --lang en scan" is "antam-cli scan --lang en": the command
 * comes first, for antam-cli and for its helper, which gets the same
 * arguments. */
static void
move_lang_after_command (int    *argc,
                         char ***argv)
{
  static GPtrArray *moved;
  int command = 1;

  while (command < *argc && (g_str_equal ((*argv)[command], "--lang") ||
                             g_str_has_prefix ((*argv)[command], "--lang=")))
    command += g_str_equal ((*argv)[command], "--lang") ? 2 : 1;
  if (command == 1 || command >= *argc)
    return;

  moved = g_ptr_array_new ();
  g_ptr_array_add (moved, (*argv)[0]);
  g_ptr_array_add (moved, (*argv)[command]);
  for (int i = 1; i < *argc; i++)
    if (i != command)
      g_ptr_array_add (moved, (*argv)[i]);
  g_ptr_array_add (moved, NULL);
  *argv = (char **) moved->pdata;
}

/**
 * antam_cli_init_i18n:
 * @argc: (inout):
 * @argv: (inout): the whole command line
 *
 * Call first thing in main().  The command line speaks the process's
 * locale and LANGUAGE (its users are IT staff); --lang, anywhere before
 * "--", overrides them: "vi", "en", or "app" for the language of the app,
 * which the reminder started at login speaks, as the app would.
 *
 * Returns: %FALSE (having said why) when --lang names no language An Tâm
 *   speaks
 */
gboolean
antam_cli_init_i18n (int    *argc,
                     char ***argv)
{
  const char *lang;

  antam_i18n_init ();

  lang = find_lang (*argc, *argv);
  if (lang == NULL)
    antam_i18n_follow_language_variable ();
  else if (g_str_equal (lang, "app"))
    antam_i18n_use_language (app_language ());
  else if (antam_i18n_has_translation (lang))
    antam_i18n_use_language (lang);
  else if (lang[0] == '\0')
    {
      g_printerr ("%s\n", _("antam-cli: --lang needs a language: vi, en or app"));
      return FALSE;
    }
  else
    {
      g_printerr (_("antam-cli: “%s” is not a language An Tâm speaks; use --lang vi, en or app\n"), lang);
      return FALSE;
    }

  move_lang_after_command (argc, argv);
  return TRUE;
}

/**
 * antam_cli_take_subcommand:
 * @argc: (inout): the arguments after the command ("rules …")
 * @argv: (inout):
 *
 * For commands with commands of their own ("rules check", "rules list"):
 * finds the first word that is not --lang or its value, and takes it out.
 * The words left keep --lang for the subcommand's parser, which gets
 * "COMMAND SUBCOMMAND" as its argv[0].
 *
 * Returns: (nullable): the subcommand, or %NULL when there is none
 */
const char *
antam_cli_take_subcommand (int    *argc,
                           char ***argv)
{
  static GPtrArray *taken;
  static char *name;
  const char *subcommand = NULL;
  int at = -1;

  for (int i = 1; i < *argc && at < 0; i++)
    {
      if (g_str_equal ((*argv)[i], "--lang"))
        i++;
      else if (!g_str_has_prefix ((*argv)[i], "--lang="))
        at = i;
    }
  if (at < 0)
    return NULL;

  subcommand = (*argv)[at];
  g_clear_pointer (&taken, g_ptr_array_unref);
  taken = g_ptr_array_new ();
  /* "rules check", as --help then says. */
  g_free (name);
  name = g_strdup_printf ("%s %s", (*argv)[0], subcommand);
  g_ptr_array_add (taken, name);
  for (int i = 1; i < *argc; i++)
    if (i != at)
      g_ptr_array_add (taken, (*argv)[i]);
  g_ptr_array_add (taken, NULL);
  *argc = (int) taken->len - 1;
  *argv = (char **) taken->pdata;
  return subcommand;
}

/* Asks on the terminal; only a yes is a yes. */
gboolean
antam_cli_ask (const char *question)
{
  char answer[64] = "";
  g_autofree char *word = NULL;

  g_print ("%s ", question);
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  word = g_utf8_strdown (g_strstrip (answer), -1);
  /* Vietnamese readers answer "c" (có) as naturally as "y". */
  return g_str_equal (word, "y") || g_str_equal (word, "yes") ||
         g_str_equal (word, "c") || g_str_equal (word, "có") || g_str_equal (word, "co");
}

static gboolean
write_stream (FILE        *stream,
              const void  *data,
              gsize        length,
              GError     **error)
{
  if (fwrite (data, 1, length, stream) != length || fflush (stream) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the output"));
      return FALSE;
    }
  return TRUE;
}

/* To the screen, or to a file only the user reads: a report names the
 * machine and what is on it, a tally the people who reported.  A file is
 * replaced whole (written beside it, then renamed), but what is not a
 * regular file — /dev/null, a pipe, a terminal — is written into: renaming
 * over it would put a file in its place. */
gboolean
antam_cli_write_output (const char  *path,
                        const void  *data,
                        gsize        length,
                        GError     **error)
{
  GStatBuf st;

  if (path == NULL || g_str_equal (path, "-"))
    return write_stream (stdout, data, length, error);
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
    {
      FILE *stream = fopen (path, "we");
      gboolean ok;

      if (stream == NULL)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
          return FALSE;
        }
      ok = write_stream (stream, data, length, error);
      fclose (stream);
      return ok;
    }
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
