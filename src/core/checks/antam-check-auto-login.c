/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "antam-checks-private.h"
#include "antam-device-private.h"

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
  g_autofree char *remedy = NULL;
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

  if (g_str_equal (dm->name, "GDM"))
    {
      remedy = g_strdup_printf (_("Open Settings → Users, unlock, and turn “Automatic Login” "
                                  "off. Or ask your IT staff to set %s=false in %s."),
                                dm->key, dm->file);
      antam_result_set_remedy (result, ANTAM_REMEDY_SETTING, "users", remedy);
    }
  else
    {
      remedy = g_strdup_printf (_("Ask your IT staff to remove the line “%s=%s” from %s; "
                                  "from then on the login screen asks for your password."),
                                dm->key, dm->user, dm->file);
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, dm->file, remedy);
    }
  return result;
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
  guint found = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dms); i++)
    dms[i].unreadable = g_ptr_array_new_with_free_func (g_free);

  read_gdm (&dms[0], sysroot);
  read_lightdm (&dms[1], sysroot);
  read_sddm (&dms[2], sysroot);

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
  else if (found == 0)
    {
      g_autofree char *summary = NULL;

      if (seen->len > 0)
        {
          g_autofree char *names = NULL;

          g_ptr_array_add (seen, NULL);
          names = g_strjoinv (", ", (char **) seen->pdata);
          summary = g_strdup_printf (_("The login screen (%s) asks for a password: nobody is "
                                       "logged in automatically when the computer starts."),
                                     names);
        }
      else
        summary = g_strdup (_("No login screen is set to log anyone in automatically: the "
                              "computer asks for a password when it starts."));
      g_ptr_array_add (results,
                       antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                                         _("Automatic login is off"), summary));
    }

  for (guint i = 0; i < G_N_ELEMENTS (dms); i++)
    display_manager_clear (&dms[i]);
}
