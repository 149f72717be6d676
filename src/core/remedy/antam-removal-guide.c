/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "remedy/antam-removal-guide.h"

static void
section_free (AntamGuideSection *section)
{
  g_free (section->kind);
  g_free (section->title);
  g_free (section->text);
  g_strfreev (section->commands);
  g_free (section);
}

/* Rules are data an agency edits: anything but a plain word is quoted, and
 * a leading "~/" is kept outside the quotes so that the shell expands it. */
static char *
quote (const char *word)
{
  gboolean plain = TRUE;

  for (const char *p = word; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/._-+:@%~", *p) == NULL)
      plain = FALSE;
  if (plain)
    return g_strdup (word);
  if (g_str_has_prefix (word, "~/"))
    {
      g_autofree char *rest = g_shell_quote (word + 2);
      return g_strconcat ("~/", rest, NULL);
    }
  return g_shell_quote (word);
}

/* g_strv_builder_take() is GLib 2.80; Debian 12 has 2.74. */
static void
builder_take (GStrvBuilder *builder,
              char         *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

static char *
command_with (const char  *prefix,
              char       **words)
{
  GString *command = g_string_new (prefix);

  for (guint i = 0; words && words[i]; i++)
    {
      g_autofree char *quoted = quote (words[i]);
      g_string_append_c (command, ' ');
      g_string_append (command, quoted);
    }
  return g_string_free (command, FALSE);
}

static gboolean
plan_has (AntamRemovalPlan *plan,
          const char       *kind)
{
  for (guint i = 0; plan && i < antam_removal_plan_get_n_steps (plan); i++)
    {
      AntamRemovalStep *step = antam_removal_plan_get_step (plan, i);

      /* A path that a package owns is not a tarball's. */
      if (g_strcmp0 (step->kind, kind) == 0 && !(g_str_equal (kind, "path") && step->owner >= 0))
        return TRUE;
    }
  return FALSE;
}

static void
add_section (GPtrArray   *sections,
             const char  *kind,
             char        *title,
             char        *text,
             GStrvBuilder *commands,
             gboolean     found)
{
  AntamGuideSection *section = g_new0 (AntamGuideSection, 1);

  section->kind = g_strdup (kind);
  section->title = title;
  section->text = text;
  section->commands = g_strv_builder_end (commands);
  section->found = found;
  g_ptr_array_add (sections, section);
}

/**
 * antam_removal_guide_new:
 * @plan: (nullable): marks the sections that apply to this computer
 *
 * Returns: (transfer container) (element-type AntamGuideSection)
 */
GPtrArray *
antam_removal_guide_new (const AntamAppRule *rule,
                         AntamRemovalPlan   *plan)
{
  GPtrArray *sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  char **debs = rule->footprints[ANTAM_FOOTPRINT_DEB];
  char **rpms = rule->footprints[ANTAM_FOOTPRINT_RPM];
  char **flatpaks = rule->footprints[ANTAM_FOOTPRINT_FLATPAK];
  char **snaps = rule->footprints[ANTAM_FOOTPRINT_SNAP];
  char **paths = rule->footprints[ANTAM_FOOTPRINT_PATH];
  char **home = rule->footprints[ANTAM_FOOTPRINT_HOME_PATH];
  char **schemes = rule->footprints[ANTAM_FOOTPRINT_URL_SCHEME];
  char **autostart = rule->footprints[ANTAM_FOOTPRINT_AUTOSTART];
  char **desktop = rule->footprints[ANTAM_FOOTPRINT_DESKTOP_FILE];

  {
    GStrvBuilder *commands = g_strv_builder_new ();
    add_section (sections, "running", g_strdup_printf (_("First: quit %s"), rule->name),
                 g_strdup_printf (_("A program that is running cannot be removed cleanly. Save your "
                                    "work in %s, close its window, then choose “Quit” on its icon "
                                    "next to the clock."), rule->name),
                 commands, plan_has (plan, "process"));
    g_strv_builder_unref (commands);
  }

  if (debs && debs[0])
    {
      GStrvBuilder *commands = g_strv_builder_new ();
      builder_take (commands, command_with ("sudo apt remove", debs));
      add_section (sections, "deb",
                   g_strdup (_("Installed as a .deb package (Debian, Ubuntu)")),
                   g_strdup (_("In a terminal, run this command and enter your password. Read the "
                               "list apt shows: answer “n” if it wants to remove anything else.")),
                   commands, plan_has (plan, "deb"));
      g_strv_builder_unref (commands);
    }

  if (rpms && rpms[0])
    {
      GStrvBuilder *commands = g_strv_builder_new ();
      builder_take (commands, command_with ("sudo dnf remove", rpms));
      add_section (sections, "rpm",
                   g_strdup (_("Installed as an .rpm package (Fedora, RHEL)")),
                   g_strdup (_("In a terminal, run this command and enter your password. Read the "
                               "list dnf shows: answer “N” if it wants to remove anything else.")),
                   commands, plan_has (plan, "rpm"));
      g_strv_builder_unref (commands);
    }

  if (flatpaks && flatpaks[0])
    {
      GStrvBuilder *commands = g_strv_builder_new ();
      builder_take (commands, command_with ("flatpak uninstall", flatpaks));
      for (guint i = 0; flatpaks[i]; i++)
        {
          g_autofree char *data = g_strconcat ("~/.var/app/", flatpaks[i], NULL);
          char *words[] = { data, NULL };
          builder_take (commands, command_with ("rm -rf", words));
        }
      add_section (sections, "flatpak",
                   g_strdup (_("Installed from Flathub (Flatpak)")),
                   g_strdup (_("The first command uninstalls the app; an app installed for all users "
                               "asks for the administrator's password. The second deletes the app's "
                               "own data, which Flatpak keeps.")),
                   commands, plan_has (plan, "flatpak"));
      g_strv_builder_unref (commands);
    }

  if (snaps && snaps[0])
    {
      GStrvBuilder *commands = g_strv_builder_new ();
      builder_take (commands, command_with ("sudo snap remove", snaps));
      add_section (sections, "snap",
                   g_strdup (_("Installed as a snap (Snap Store)")),
                   g_strdup (_("In a terminal, run this command and enter your password.")),
                   commands, plan_has (plan, "snap"));
      g_strv_builder_unref (commands);
    }

  if (paths && paths[0])
    {
      GStrvBuilder *commands = g_strv_builder_new ();
      builder_take (commands, command_with ("sudo rm -rf", paths));
      add_section (sections, "system-paths",
                   g_strdup_printf (_("Unpacked from a downloaded archive (%s in /opt)"), rule->name),
                   g_strdup (_("Only if no package above was installed: these folders then belong to "
                               "no package. Check each path carefully before pressing Enter: rm -rf "
                               "cannot be undone.")),
                   commands, plan_has (plan, "path"));
      g_strv_builder_unref (commands);
    }

  {
    GStrvBuilder *commands = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
    g_auto(GStrv) file_list = NULL;
    gboolean found = plan_has (plan, "home-path") || plan_has (plan, "autostart") ||
                     plan_has (plan, "desktop-entry") || plan_has (plan, "appimage") ||
                     plan_has (plan, "download");

    if (home)
      g_strv_builder_addv (files, (const char **) home);
    for (guint i = 0; autostart && autostart[i]; i++)
      builder_take (files, g_strconcat ("~/.config/autostart/", autostart[i], NULL));
    for (guint i = 0; desktop && desktop[i]; i++)
      builder_take (files, g_strconcat ("~/.local/share/applications/", desktop[i], NULL));
    file_list = g_strv_builder_end (files);
    if (file_list[0])
      builder_take (commands, command_with ("rm -rf", file_list));
    add_section (sections, "home",
                 g_strdup_printf (_("What %s leaves in your home folder"), rule->name),
                 g_strdup (_("Its settings, cache, chat history, autostart entry and menu entry stay "
                             "after the program is removed. This command deletes them for good; "
                             "An Tâm moves them to the Trash instead.")),
                 commands, found);
    g_strv_builder_unref (commands);
  }

  if (schemes && schemes[0])
    {
      GStrvBuilder *commands = g_strv_builder_new ();
      g_autofree char *joined = g_strjoinv ("|", schemes);
      g_autofree char *expression = g_strdup_printf ("/^x-scheme-handler\\/(%s)=/d", joined);
      g_autofree char *quoted = g_shell_quote (expression);

      builder_take (commands, g_strdup_printf ("sed -i -E %s ~/.config/mimeapps.list", quoted));
      add_section (sections, "links",
                   g_strdup_printf (_("Links that open %s"), rule->name),
                   g_strdup (_("Websites start the program through these links. The command deletes "
                               "only those lines of your list of default apps; the rest stays.")),
                   commands, plan_has (plan, "url-handler"));
      g_strv_builder_unref (commands);
    }

  {
    GStrvBuilder *commands = g_strv_builder_new ();
    builder_take (commands, g_strdup ("antam-cli scan --only risky-apps,downloads"));
    add_section (sections, "check", g_strdup (_("Check that nothing is left")),
                 g_strdup_printf (_("Run the check again. %s is gone when it no longer appears."),
                                  rule->name),
                 commands, TRUE);
    g_strv_builder_unref (commands);
  }

  return sections;
}

char *
antam_removal_guide_to_text (GPtrArray *sections)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      AntamGuideSection *section = g_ptr_array_index (sections, i);

      g_string_append_printf (text, "%s%s\n", section->title,
                              section->found && !g_str_equal (section->kind, "check")
                                ? _(" (found on this computer)") : "");
      g_string_append_printf (text, "  %s\n", section->text);
      for (guint c = 0; section->commands[c]; c++)
        g_string_append_printf (text, "    %s\n", section->commands[c]);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}
