/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-device-private.h"

#define CHECK_ID "auto-login"

/* What one display manager would do at boot, from its config files. */
typedef struct {
  const char *name;       /* GDM, LightDM, SDDM */
  const char *unit;       /* its systemd unit, to tell whether it is the one in use */
  char *user;             /* who is logged in without a password, or NULL */
  char *file;             /* the file that says so */
  char *key;              /* the key to change */
  char *line;             /* the line as it stands in the file */
  gboolean timed;         /* logs in after a delay rather than at once */
  GPtrArray *unreadable;  /* char*: why a file could not be read */
  gboolean configured;    /* at least one of its files exists */
} DisplayManager;

static void
display_manager_clear (DisplayManager *dm)
{
  g_clear_pointer (&dm->user, g_free);
  g_clear_pointer (&dm->file, g_free);
  g_clear_pointer (&dm->key, g_free);
  g_clear_pointer (&dm->line, g_free);
  g_clear_pointer (&dm->unreadable, g_ptr_array_unref);
}

static AntamIni *
read_config (DisplayManager *dm,
             AntamSysroot   *sysroot,
             const char     *path)
{
  g_autoptr(GError) error = NULL;
  AntamIni *ini = antam_ini_read (sysroot, path, &error);

  if (ini != NULL)
    dm->configured = TRUE;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      dm->configured = TRUE;
      g_ptr_array_add (dm->unreadable, g_strdup (error->message));
    }
  return ini;
}

static void
set_user (DisplayManager *dm,
          const char     *user,
          const char     *path,
          const char     *key,
          const char     *value,
          gboolean        timed)
{
  g_free (dm->user);
  g_free (dm->file);
  g_free (dm->key);
  g_free (dm->line);
  /* An empty user turns it off again, as a later drop-in may do. */
  dm->user = user && user[0] ? g_strdup (user) : NULL;
  dm->file = dm->user ? g_strdup (path) : NULL;
  dm->key = dm->user ? g_strdup (key) : NULL;
  dm->line = dm->user ? g_strdup_printf ("%s=%s", key, value) : NULL;
  dm->timed = timed;
}

/* GDM: Debian's gdm3 reads daemon.conf, Ubuntu's custom.conf, Fedora's
 * gdm/custom.conf; the [daemon] group decides. */
static void
read_gdm (DisplayManager *dm,
          AntamSysroot   *sysroot)
{
  static const char * const files[] = {
    "/etc/gdm3/daemon.conf", "/etc/gdm3/custom.conf", "/etc/gdm/custom.conf", NULL,
  };

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(AntamIni) ini = read_config (dm, sysroot, files[i]);

      if (ini == NULL)
        continue;
      const char *automatic = antam_ini_get (ini, "daemon", "AutomaticLoginEnable");
      const char *timed = antam_ini_get (ini, "daemon", "TimedLoginEnable");

      if (antam_ini_value_is_true (automatic))
        set_user (dm, antam_ini_get (ini, "daemon", "AutomaticLogin"), files[i],
                  "AutomaticLoginEnable", automatic, FALSE);
      else if (antam_ini_value_is_true (timed))
        set_user (dm, antam_ini_get (ini, "daemon", "TimedLogin"), files[i],
                  "TimedLoginEnable", timed, TRUE);
      else if (automatic != NULL || timed != NULL)
        set_user (dm, NULL, files[i], NULL, NULL, FALSE);
    }
}

static void
read_seat_sections (DisplayManager *dm,
                    AntamIni       *ini,
                    const char     *path)
{
  g_auto(GStrv) sections = antam_ini_get_sections (ini);

  /* [SeatDefaults] is the old name of [Seat:*]; [Seat:seat0] is the
   * usual single seat. */
  for (guint i = 0; sections[i] != NULL; i++)
    {
      const char *value;

      if (!g_str_equal (sections[i], "SeatDefaults") && !g_str_has_prefix (sections[i], "Seat:"))
        continue;
      value = antam_ini_get (ini, sections[i], "autologin-user");
      if (value != NULL)
        set_user (dm, value, path, "autologin-user", value, FALSE);
    }
}

/* LightDM applies its drop-in dirs in this order, then lightdm.conf. */
static void
read_lightdm (DisplayManager *dm,
              AntamSysroot   *sysroot)
{
  static const char * const dirs[] = {
    "/usr/share/lightdm/lightdm.conf.d", "/etc/xdg/lightdm/lightdm.conf.d",
    "/etc/lightdm/lightdm.conf.d", NULL,
  };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) found = antam_list_conf_dir (sysroot, dirs[i], ".conf");
      g_ptr_array_extend_and_steal (files, g_steal_pointer (&found));
    }
  g_ptr_array_add (files, g_strdup ("/etc/lightdm/lightdm.conf"));

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(AntamIni) ini = read_config (dm, sysroot, path);

      if (ini != NULL)
        read_seat_sections (dm, ini, path);
    }
}

/* SDDM: the drop-in dirs, then /etc/sddm.conf, which wins. */
static void
read_sddm (DisplayManager *dm,
           AntamSysroot   *sysroot)
{
  static const char * const dirs[] = { "/usr/lib/sddm/sddm.conf.d", "/etc/sddm.conf.d", NULL };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) found = antam_list_conf_dir (sysroot, dirs[i], ".conf");
      g_ptr_array_extend_and_steal (files, g_steal_pointer (&found));
    }
  g_ptr_array_add (files, g_strdup ("/etc/sddm.conf"));

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(AntamIni) ini = read_config (dm, sysroot, path);
      const char *user;

      if (ini == NULL)
        continue;
      user = antam_ini_get (ini, "Autologin", "User");
      if (user != NULL)
        set_user (dm, user, path, "User", user, FALSE);
    }
}

/* ---- text consoles ------------------------------------------------------ */

/* A text console that logs in by itself: agetty's --autologin in the
 * ExecStart of a getty unit (a drop-in or an override, the usual recipe),
 * or a getty or "login -f" line of sysvinit's /etc/inittab. */
typedef struct {
  char *user;
  char *file;
  char *line;
  char *console;    /* "tty1", or NULL for every console */
} ConsoleLogin;

static void
console_login_free (ConsoleLogin *login)
{
  g_free (login->user);
  g_free (login->file);
  g_free (login->line);
  g_free (login->console);
  g_free (login);
}

static const char * const unit_dirs[] = {
  "/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system",
};

/* The units systemd starts on consoles; "autovt@" is what logind starts
 * when someone switches to a console, and is getty@ by another name. */
static gboolean
is_getty_unit (const char *name)
{
  static const char * const prefixes[] = {
    "getty@", "autovt@", "serial-getty@", "console-getty.", "container-getty@",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

/* The user a getty or login command line logs in without a password. */
static char *
autologin_user (const char *command)
{
  g_auto(GStrv) argv = NULL;
  const char *program;

  /* systemd's prefixes: "-" (failure ignored), "@", "+", "!", ":". */
  while (*command == '-' || *command == '@' || *command == '+' || *command == '!' || *command == ':')
    command++;
  if (!g_shell_parse_argv (command, NULL, &argv, NULL) || argv[0] == NULL)
    return NULL;
  program = strrchr (argv[0], '/') ? strrchr (argv[0], '/') + 1 : argv[0];

  for (guint i = 1; argv[i] != NULL; i++)
    {
      const char *arg = argv[i];

      if (strstr (program, "getty") != NULL)
        {
          if ((g_str_equal (arg, "--autologin") || g_str_equal (arg, "-a")) && argv[i + 1] != NULL)
            return g_strdup (argv[i + 1]);
          if (g_str_has_prefix (arg, "--autologin="))
            return g_strdup (arg + strlen ("--autologin="));
        }
      else if (g_str_equal (program, "login") && g_str_equal (arg, "-f") && argv[i + 1] != NULL)
        return g_strdup (argv[i + 1]);
    }
  return NULL;
}

/* The ExecStart a unit file or drop-in leaves: an empty one resets the
 * list, the last one is what runs.  Continuation lines are joined. */
static char *
read_exec_start (AntamSysroot *sysroot,
                 const char   *path,
                 gboolean     *reset)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  char *command = NULL;
  gboolean in_service = FALSE;

  *reset = FALSE;
  if (!antam_sysroot_read_file (sysroot, path, ANTAM_DEVICE_MAX_CONFIG_SIZE, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals;

      if (g_str_has_suffix (line, "\\") && lines[i + 1] != NULL)
        {
          g_string_append_len (joined, line, strlen (line) - 1);
          g_string_append_c (joined, ' ');
          continue;
        }
      g_string_append (joined, line);
      line = joined->str;

      if (line[0] == '[')
        in_service = g_str_equal (line, "[Service]");
      else if (in_service && line[0] != '#' && line[0] != ';' && (equals = strchr (line, '=')) != NULL)
        {
          g_autofree char *key = g_strstrip (g_strndup (line, equals - line));

          if (g_str_equal (key, "ExecStart"))
            {
              g_autofree char *value = g_strstrip (g_strdup (equals + 1));

              g_clear_pointer (&command, g_free);
              if (value[0] == '\0')
                *reset = TRUE;
              else
                command = g_steal_pointer (&value);
            }
        }
      g_string_truncate (joined, 0);
    }
  return command;
}

static void
add_unit_file (GHashTable *units,
               const char *unit,
               const char *path)
{
  GPtrArray *files = g_hash_table_lookup (units, unit);

  if (files == NULL)
    {
      files = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (units, g_strdup (unit), files);
    }
  g_ptr_array_add (files, g_strdup (path));
}

static int
compare_basenames (gconstpointer a,
                   gconstpointer b)
{
  const char *pa = *(const char * const *) a;
  const char *pb = *(const char * const *) b;

  return strcmp (strrchr (pa, '/'), strrchr (pb, '/'));
}

/* The files that make up each getty unit: its unit file (the first of the
 * dirs wins), then its drop-ins, a template's for all its instances too,
 * in the order systemd applies them. */
static GHashTable *
collect_getty_units (AntamSysroot *sysroot)
{
  g_autoptr(GHashTable) unit_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) dropins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  GHashTable *units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  for (guint d = 0; d < G_N_ELEMENTS (unit_dirs); d++)
    {
      g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, unit_dirs[d], NULL);

      for (guint i = 0; names != NULL && i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          g_autofree char *path = g_build_filename (unit_dirs[d], name, NULL);

          if (!is_getty_unit (name))
            continue;
          if (g_str_has_suffix (name, ".service.d"))
            {
              g_autofree char *unit = g_strndup (name, strlen (name) - strlen (".d"));
              g_autoptr(GPtrArray) confs = antam_list_conf_dir (sysroot, path, ".conf");

              for (guint c = 0; c < confs->len; c++)
                add_unit_file (dropins, unit, g_ptr_array_index (confs, c));
            }
          else if (g_str_has_suffix (name, ".service") && !g_hash_table_contains (unit_files, name))
            g_hash_table_insert (unit_files, g_strdup (name), g_steal_pointer (&path));
        }
    }

  /* Every unit named anywhere, with its own file first. */
  g_hash_table_iter_init (&iter, unit_files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_unit_file (units, key, value);
  g_hash_table_iter_init (&iter, dropins);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (units, key))
      g_hash_table_insert (units, g_strdup (key), g_ptr_array_new_with_free_func (g_free));

  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *unit = key;
      GPtrArray *files = value;
      const char *at = strchr (unit, '@');
      g_autoptr(GPtrArray) confs = g_ptr_array_new ();
      GPtrArray *own = g_hash_table_lookup (dropins, unit);
      GPtrArray *template = NULL;

      /* An instance without a unit file of its own runs the template's. */
      if (at != NULL && at[1] != '.')
        {
          g_autofree char *prefix = g_strndup (unit, at - unit + 1);
          g_autofree char *template_name = g_strconcat (prefix, ".service", NULL);
          const char *template_file = g_hash_table_lookup (unit_files, template_name);

          /* An instance without a unit file of its own runs the template's. */
          if (files->len == 0 && template_file != NULL)
            g_ptr_array_add (files, g_strdup (template_file));
          template = g_hash_table_lookup (dropins, template_name);
        }
      if (template != NULL)
        g_ptr_array_extend (confs, template, NULL, NULL);
      if (own != NULL)
        g_ptr_array_extend (confs, own, NULL, NULL);
      g_ptr_array_sort (confs, compare_basenames);
      for (guint i = 0; i < confs->len; i++)
        g_ptr_array_add (files, g_strdup (g_ptr_array_index (confs, i)));
    }
  return units;
}

static void
read_getty_units (AntamSysroot *sysroot,
                  GPtrArray    *logins)
{
  g_autoptr(GHashTable) units = collect_getty_units (sysroot);
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (units), (GCompareFunc) strcmp);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *unit = l->data;
      GPtrArray *files = g_hash_table_lookup (units, unit);
      g_autofree char *command = NULL;
      g_autofree char *file = NULL;
      g_autofree char *user = NULL;

      for (guint i = 0; i < files->len; i++)
        {
          gboolean reset = FALSE;
          g_autofree char *found = read_exec_start (sysroot, g_ptr_array_index (files, i), &reset);

          if (found != NULL || reset)
            {
              g_free (command);
              command = g_steal_pointer (&found);
              g_free (file);
              file = g_strdup (g_ptr_array_index (files, i));
            }
        }
      user = command ? autologin_user (command) : NULL;
      if (user != NULL && user[0] != '\0')
        {
          ConsoleLogin *login = g_new0 (ConsoleLogin, 1);
          const char *at = strchr (unit, '@');

          login->user = g_steal_pointer (&user);
          login->file = g_steal_pointer (&file);
          login->line = g_strdup_printf ("ExecStart=%s", command);
          if (at != NULL && at[1] != '.')
            login->console = g_strndup (at + 1, strlen (at + 1) - strlen (".service"));
          g_ptr_array_add (logins, login);
        }
    }
}

/* sysvinit: "1:2345:respawn:/sbin/getty --autologin lan 38400 tty1" */
static void
read_inittab (AntamSysroot *sysroot,
              GPtrArray    *logins)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!antam_sysroot_read_file (sysroot, "/etc/inittab", ANTAM_DEVICE_MAX_CONFIG_SIZE, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *user = NULL;

      if (lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], ":", 4);
      if (g_strv_length (fields) < 4 || g_str_equal (fields[2], "off"))
        continue;
      user = autologin_user (g_strstrip (fields[3]));
      if (user != NULL && user[0] != '\0')
        {
          ConsoleLogin *login = g_new0 (ConsoleLogin, 1);

          login->user = g_steal_pointer (&user);
          login->file = g_strdup ("/etc/inittab");
          login->line = g_strdup (g_strstrip (lines[i]));
          g_ptr_array_add (logins, login);
        }
    }
}

static AntamResult *
judge_console (ConsoleLogin *login)
{
  g_autofree char *title = g_strdup_printf (_("Automatic login is on for “%s” (text console)"), login->user);
  g_autofree char *where = login->console
    ? g_strdup_printf (_("the text console %s"), login->console)
    : g_strdup (_("every text console"));
  g_autofree char *summary =
    g_strdup_printf (_("At start-up, %s logs in as “%s” without asking for the password. "
                       "Anyone at the keyboard — a visitor, a repair shop, a thief — gets your "
                       "documents, your e-mail and every saved login."),
                     where, login->user);
  AntamResult *result = antam_result_new (CHECK_ID, ANTAM_STATUS_RISK, title, summary);
  AntamItem *item = antam_result_add_item (result, "config", login->file, login->file);

  item->id = g_strdup (login->user);
  item->detail = g_strdup (login->line);
  antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, login->file,
                           _("Ask your IT staff to switch off automatic login on the text "
                             "console; from then on it asks for your password."));
  return result;
}

/* ---- display managers ---------------------------------------------------- */

/* systemd starts the display manager through this alias. */
static char *
active_display_manager_unit (AntamSysroot *sysroot)
{
  g_autofree char *dir = antam_sysroot_resolve (sysroot, "/etc/systemd/system", NULL);
  g_autofree char *link = NULL;
  g_autofree char *target = NULL;

  if (dir == NULL)
    return NULL;
  link = g_build_filename (dir, "display-manager.service", NULL);
  target = g_file_read_link (link, NULL);
  return target ? g_path_get_basename (target) : NULL;
}

static AntamResult *
judge_on (DisplayManager *dm,
          const char     *active_unit)
{
  gboolean in_use = active_unit == NULL || g_str_equal (active_unit, dm->unit) ||
                    (g_str_equal (dm->unit, "gdm.service") && g_str_equal (active_unit, "gdm3.service"));
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  AntamResult *result;
  AntamItem *item;

  title = dm->timed
    ? g_strdup_printf (_("Automatic login after a delay is on for “%s”"), dm->user)
    : g_strdup_printf (_("Automatic login is on for “%s”"), dm->user);

  if (in_use)
    summary = g_strdup_printf (_("%s logs in as “%s” without asking for the password. "
                                 "Anyone who switches this computer on — a visitor, a "
                                 "repair shop, a thief — gets your documents, your e-mail "
                                 "and every saved login."),
                               dm->name, dm->user);
  else
    summary = g_strdup_printf (_("%s is set to log in as “%s” without asking for the "
                                 "password. It is not the login screen this computer uses "
                                 "now, but it would let anyone in if it became the one."),
                               dm->name, dm->user);

  result = antam_result_new (CHECK_ID, in_use ? ANTAM_STATUS_RISK : ANTAM_STATUS_WARNING,
                             title, summary);
  item = antam_result_add_item (result, "config", dm->file, dm->file);
  item->id = g_strdup (dm->user);
  item->detail = g_strdup (dm->line);

  /* The file and its line are in the item, for the IT staff. */
  if (g_str_equal (dm->name, "GDM"))
    antam_result_set_remedy (result, ANTAM_REMEDY_SETTING, "users",
                             _("Open Settings → Users, unlock, and turn “Automatic Login” off, "
                               "or ask your IT staff to."));
  else
    antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, dm->file,
                             _("Ask your IT staff to switch off automatic login in the login "
                               "screen’s settings; from then on it asks for your password."));
  return result;
}

/* The display managers whose settings are read here, by their units. */
static gboolean
is_known_unit (const char *unit)
{
  return g_str_equal (unit, "gdm.service") || g_str_equal (unit, "gdm3.service") ||
         g_str_equal (unit, "lightdm.service") || g_str_equal (unit, "sddm.service");
}

void
antam_check_auto_login (AntamScanContext *context,
                        GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  DisplayManager dms[] = {
    { .name = "GDM", .unit = "gdm3.service" },
    { .name = "LightDM", .unit = "lightdm.service" },
    { .name = "SDDM", .unit = "sddm.service" },
  };
  g_autofree char *active_unit = active_display_manager_unit (sysroot);
  g_autoptr(GPtrArray) unreadable = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GPtrArray) consoles = g_ptr_array_new_with_free_func ((GDestroyNotify) console_login_free);
  guint found = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dms); i++)
    dms[i].unreadable = g_ptr_array_new_with_free_func (g_free);

  read_gdm (&dms[0], sysroot);
  read_lightdm (&dms[1], sysroot);
  read_sddm (&dms[2], sysroot);
  read_getty_units (sysroot, consoles);
  read_inittab (sysroot, consoles);

  for (guint i = 0; i < G_N_ELEMENTS (dms); i++)
    {
      if (dms[i].configured)
        g_ptr_array_add (seen, (gpointer) dms[i].name);
      for (guint j = 0; j < dms[i].unreadable->len; j++)
        g_ptr_array_add (unreadable, g_strdup (g_ptr_array_index (dms[i].unreadable, j)));
      if (dms[i].user != NULL)
        {
          g_ptr_array_add (results, judge_on (&dms[i], active_unit));
          found++;
        }
    }
  for (guint i = 0; i < consoles->len; i++)
    {
      g_ptr_array_add (results, judge_console (g_ptr_array_index (consoles, i)));
      found++;
    }

  if (found == 0 && unreadable->len > 0)
    {
      g_autofree char *reasons = NULL;
      g_autofree char *summary = NULL;

      g_ptr_array_add (unreadable, NULL);
      reasons = g_strjoinv ("; ", (char **) unreadable->pdata);
      summary = g_strdup_printf (_("The login screen's settings could not be read, so An Tâm "
                                   "cannot tell whether it logs in without a password: %s"),
                                 reasons);
      g_ptr_array_add (results,
                       antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                         _("Automatic login could not be checked"), summary));
    }
  else if (found == 0 && active_unit != NULL && !is_known_unit (active_unit))
    {
      g_autofree char *summary =
        g_strdup_printf (_("This computer starts the login screen “%s”, whose settings An Tâm "
                           "cannot read, so it cannot tell whether it logs in without a "
                           "password. No text console logs in by itself."),
                         active_unit);
      AntamResult *result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                              _("Automatic login could not be checked"), summary);
      AntamItem *item = antam_result_add_item (result, "service", active_unit,
                                               "/etc/systemd/system/display-manager.service");

      item->detail = g_strdup (_("The login screen started at boot"));
      g_ptr_array_add (results, result);
    }
  else if (found == 0 && seen->len > 0)
    {
      g_autofree char *names = NULL;
      g_autofree char *summary = NULL;

      g_ptr_array_add (seen, NULL);
      names = g_strjoinv (", ", (char **) seen->pdata);
      summary = g_strdup_printf (_("The login screen (%s) asks for a password: nobody is "
                                   "logged in automatically when the computer starts, on the "
                                   "screen or on a text console."),
                                 names);
      g_ptr_array_add (results,
                       antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                                         _("Automatic login is off"), summary));
    }
  else if (found == 0)
    /* Nothing to say it asks for a password either: a server, or a login
     * screen An Tâm does not know. */
    g_ptr_array_add (results,
                     antam_result_new (CHECK_ID, ANTAM_STATUS_INFO,
                                       _("No login screen was found"),
                                       _("An Tâm found no graphical login screen (GDM, LightDM "
                                         "or SDDM) on this computer, and no text console that "
                                         "logs in by itself. How someone logs in at start-up "
                                         "could not be checked further.")));

  for (guint i = 0; i < G_N_ELEMENTS (dms); i++)
    display_manager_clear (&dms[i]);
}
