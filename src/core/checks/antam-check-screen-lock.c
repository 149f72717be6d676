/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-device-private.h"
#include "inventory/antam-gvdb.h"

#define CHECK_ID "screen-lock"
/* Guidance for offices: lock after at most 15 minutes away. */
#define MAX_DELAY_SECONDS (15 * 60)
#define MAX_DCONF_SIZE (16 * 1024 * 1024)

#define GNOME_SCREENSAVER "org.gnome.desktop.screensaver"
#define GNOME_SESSION "org.gnome.desktop.session"

/* What one desktop does when the user walks away. */
typedef struct {
  const char *desktop;     /* shown to the user: GNOME, KDE Plasma, Xfce */
  const char *panel;       /* GNOME Settings' panel, NULL elsewhere */
  const char *remedy;      /* where its screen-lock settings are, in plain words */
  gboolean readable;
  char *error;             /* why not readable */
  gboolean lock_enabled;
  guint delay;             /* seconds until locked; 0: never by itself */
  char *source;            /* where the values came from */
  GPtrArray *lines;        /* char*: "key = value" as read */
} LockSettings;

static void
lock_settings_clear (LockSettings *settings)
{
  g_clear_pointer (&settings->error, g_free);
  g_clear_pointer (&settings->source, g_free);
  g_clear_pointer (&settings->lines, g_ptr_array_unref);
}

/* Only the user's own running session can be asked through GSettings; any
 * other view is read from its files. */
static gboolean
is_own_session (AntamSysroot *sysroot)
{
  return antam_sysroot_is_live (sysroot) &&
         g_strcmp0 (antam_sysroot_get_config_home (sysroot), g_get_user_config_dir ()) == 0;
}

/* GNOME's values as found, before falling back to its defaults. */
typedef struct {
  GVariant *lock_enabled;
  GVariant *idle_delay;
  GVariant *lock_delay;
} GnomeValues;

static void
gnome_values_clear (GnomeValues *values)
{
  g_clear_pointer (&values->lock_enabled, g_variant_unref);
  g_clear_pointer (&values->idle_delay, g_variant_unref);
  g_clear_pointer (&values->lock_delay, g_variant_unref);
}

static GVariant **
gnome_slot (GnomeValues *values,
            const char  *dconf_key)
{
  if (g_str_equal (dconf_key, "/org/gnome/desktop/screensaver/lock-enabled"))
    return &values->lock_enabled;
  if (g_str_equal (dconf_key, "/org/gnome/desktop/session/idle-delay"))
    return &values->idle_delay;
  if (g_str_equal (dconf_key, "/org/gnome/desktop/screensaver/lock-delay"))
    return &values->lock_delay;
  return NULL;
}

static const GVariantType *
gnome_type (const char *dconf_key)
{
  return g_str_has_suffix (dconf_key, "lock-enabled") ? G_VARIANT_TYPE_BOOLEAN : G_VARIANT_TYPE_UINT32;
}

static const char * const gnome_keys[] = {
  "/org/gnome/desktop/screensaver/lock-enabled",
  "/org/gnome/desktop/session/idle-delay",
  "/org/gnome/desktop/screensaver/lock-delay",
  NULL,
};

/* Sets a value unless one is there already: callers go from the source
 * that wins to the one that loses.  A value of the wrong type is ignored,
 * as GSettings would. */
static void
offer (GnomeValues *values,
       const char  *dconf_key,
       GVariant    *value)
{
  GVariant **slot = gnome_slot (values, dconf_key);

  if (slot == NULL || value == NULL || *slot != NULL)
    return;
  if (!g_variant_is_of_type (value, gnome_type (dconf_key)))
    return;
  *slot = g_variant_ref (value);
}

/* The same, for a value the caller no longer needs. */
static void
offer_take (GnomeValues *values,
            const char  *dconf_key,
            GVariant    *value)
{
  offer (values, dconf_key, value);
  if (value != NULL)
    g_variant_unref (value);
}

/* The keyfiles an administrator puts in /etc/dconf/db/NAME.d/, and the
 * keys locked there, which the user cannot override. */
static void
read_system_dconf (AntamSysroot *sysroot,
                   GnomeValues  *system,
                   GHashTable   *locked)
{
  g_autoptr(GPtrArray) dbs = antam_sysroot_list_dir (sysroot, "/etc/dconf/db", NULL);

  for (guint i = 0; dbs && i < dbs->len; i++)
    {
      const char *db = g_ptr_array_index (dbs, i);
      g_autofree char *dir = NULL;
      g_autofree char *locks_dir = NULL;
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GPtrArray) lock_files = NULL;

      if (!g_str_has_suffix (db, ".d"))
        continue;
      dir = g_build_filename ("/etc/dconf/db", db, NULL);
      locks_dir = g_build_filename (dir, "locks", NULL);

      /* dconf compiles the files in name order, the later one winning:
       * walk them backwards so that "first found wins" holds. */
      files = antam_list_conf_dir (sysroot, dir, "");
      for (guint f = files->len; f > 0; f--)
        {
          const char *path = g_ptr_array_index (files, f - 1);
          g_autoptr(AntamIni) ini = antam_ini_read (sysroot, path, NULL);

          if (ini == NULL)
            continue;
          for (guint k = 0; gnome_keys[k] != NULL; k++)
            {
              g_autofree char *group = g_path_get_dirname (gnome_keys[k] + 1);
              g_autofree char *name = g_path_get_basename (gnome_keys[k]);
              const char *text = antam_ini_get (ini, group, name);

              if (text != NULL)
                offer_take (system, gnome_keys[k], g_variant_parse (gnome_type (gnome_keys[k]), text, NULL, NULL, NULL));
            }
        }

      lock_files = antam_list_conf_dir (sysroot, locks_dir, "");
      for (guint f = 0; f < lock_files->len; f++)
        {
          g_autofree char *contents = NULL;
          g_auto(GStrv) lines = NULL;

          if (!antam_sysroot_read_file (sysroot, g_ptr_array_index (lock_files, f),
                                        ANTAM_DEVICE_MAX_CONFIG_SIZE, &contents, NULL, NULL))
            continue;
          lines = g_strsplit (contents, "\n", -1);
          for (guint l = 0; lines[l] != NULL; l++)
            g_hash_table_add (locked, g_strdup (g_strstrip (lines[l])));
        }
    }
}

/* Distributions change GNOME's defaults with *.gschema.override files. */
static void
read_overrides (AntamSysroot *sysroot,
                GnomeValues  *values)
{
  g_autoptr(GPtrArray) files = antam_list_conf_dir (sysroot, "/usr/share/glib-2.0/schemas",
                                                    ".gschema.override");

  for (guint f = files->len; f > 0; f--)
    {
      g_autoptr(AntamIni) ini = antam_ini_read (sysroot, g_ptr_array_index (files, f - 1), NULL);

      if (ini == NULL)
        continue;
      for (guint k = 0; gnome_keys[k] != NULL; k++)
        {
          g_autofree char *dir = g_path_get_dirname (gnome_keys[k] + 1);
          g_autofree char *schema = g_strdelimit (g_strdup (dir), "/", '.');
          g_autofree char *name = g_path_get_basename (gnome_keys[k]);
          const char *text = antam_ini_get (ini, schema, name);

          if (text != NULL)
            offer_take (values, gnome_keys[k], g_variant_parse (gnome_type (gnome_keys[k]), text, NULL, NULL, NULL));
        }
    }
}

static void
settings_from_gnome_values (LockSettings *settings,
                            GnomeValues  *values)
{
  /* GNOME's own defaults: lock on, blank after 5 minutes, lock at once. */
  gboolean lock_enabled = values->lock_enabled ? g_variant_get_boolean (values->lock_enabled) : TRUE;
  guint idle = values->idle_delay ? g_variant_get_uint32 (values->idle_delay) : 300;
  guint lock_delay = values->lock_delay ? g_variant_get_uint32 (values->lock_delay) : 0;

  settings->readable = TRUE;
  settings->lock_enabled = lock_enabled;
  settings->delay = idle == 0 ? 0 : idle + lock_delay;
  g_ptr_array_add (settings->lines, g_strdup_printf ("lock-enabled = %s", lock_enabled ? "true" : "false"));
  g_ptr_array_add (settings->lines, g_strdup_printf ("idle-delay = %u", idle));
  if (lock_delay != 0)
    g_ptr_array_add (settings->lines, g_strdup_printf ("lock-delay = %u", lock_delay));
}

static gboolean
read_gnome_gsettings (LockSettings *settings)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) saver_schema = NULL;
  g_autoptr(GSettingsSchema) session_schema = NULL;
  g_autoptr(GSettings) saver = NULL;
  g_autoptr(GSettings) session = NULL;
  GnomeValues values = { 0 };

  if (source == NULL)
    return FALSE;
  saver_schema = g_settings_schema_source_lookup (source, GNOME_SCREENSAVER, TRUE);
  session_schema = g_settings_schema_source_lookup (source, GNOME_SESSION, TRUE);
  if (saver_schema == NULL || session_schema == NULL ||
      !g_settings_schema_has_key (saver_schema, "lock-enabled") ||
      !g_settings_schema_has_key (session_schema, "idle-delay"))
    return FALSE;

  saver = g_settings_new_full (saver_schema, NULL, NULL);
  session = g_settings_new_full (session_schema, NULL, NULL);
  offer_take (&values, gnome_keys[0], g_settings_get_value (saver, "lock-enabled"));
  offer_take (&values, gnome_keys[1], g_settings_get_value (session, "idle-delay"));
  if (g_settings_schema_has_key (saver_schema, "lock-delay"))
    offer_take (&values, gnome_keys[2], g_settings_get_value (saver, "lock-delay"));

  settings_from_gnome_values (settings, &values);
  settings->source = g_strdup ("GSettings");
  gnome_values_clear (&values);
  return TRUE;
}

/* Offline: the user's dconf database (GVDB) over the administrator's
 * keyfiles over the distribution's overrides over GNOME's defaults; a key
 * the administrator locked wins over the user's. */
static void
read_gnome_files (AntamSysroot *sysroot,
                  LockSettings *settings)
{
  g_autofree char *user_db = g_build_filename (antam_sysroot_get_config_home (sysroot), "dconf", "user", NULL);
  g_autoptr(GHashTable) locked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamGvdb) db = NULL;
  GnomeValues system = { 0 };
  GnomeValues values = { 0 };
  gsize length = 0;

  read_system_dconf (sysroot, &system, locked);

  if (antam_sysroot_read_file (sysroot, user_db, MAX_DCONF_SIZE, &contents, &length, &error))
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

      db = antam_gvdb_new (bytes, &error);
      if (db == NULL)
        {
          settings->error = g_strdup_printf (_("The desktop settings in %s could not be read: %s"),
                                             user_db, error->message);
          gnome_values_clear (&system);
          return;
        }
      settings->source = g_strdup (user_db);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      settings->error = g_strdup (error->message);
      gnome_values_clear (&system);
      return;
    }
  else
    settings->source = g_strdup (_("the default settings"));

  for (guint k = 0; gnome_keys[k] != NULL; k++)
    {
      GVariant **system_value = gnome_slot (&system, gnome_keys[k]);

      if (*system_value != NULL && g_hash_table_contains (locked, gnome_keys[k]))
        offer (&values, gnome_keys[k], *system_value);
      if (db != NULL)
        {
          g_autoptr(GVariant) value = antam_gvdb_get_value (db, gnome_keys[k]);
          offer (&values, gnome_keys[k], value);
        }
      offer (&values, gnome_keys[k], *system_value);
    }
  read_overrides (sysroot, &values);

  settings_from_gnome_values (settings, &values);
  gnome_values_clear (&values);
  gnome_values_clear (&system);
}

static void
read_gnome (AntamSysroot *sysroot,
            LockSettings *settings)
{
  settings->desktop = "GNOME";
  /* GNOME 43's Privacy → Screen; the wizard opens it with "Open Settings". */
  settings->panel = "screen";
  settings->remedy = _("Open Settings → Privacy → Screen, turn on “Automatic Screen Lock”, "
                       "and set “Blank Screen Delay” to 15 minutes or less.");
  if (is_own_session (sysroot) && read_gnome_gsettings (settings))
    return;
  read_gnome_files (sysroot, settings);
}

/* Plasma: ~/.config/kscreenlockerrc, [Daemon] Autolock and Timeout (in
 * minutes); a missing file or key means Plasma's defaults (on, 5). */
static void
read_kde (AntamSysroot *sysroot,
          LockSettings *settings)
{
  g_autofree char *path = g_build_filename (antam_sysroot_get_config_home (sysroot), "kscreenlockerrc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamIni) ini = NULL;
  const char *autolock = NULL;
  const char *timeout = NULL;
  guint64 minutes = 5;

  settings->desktop = "KDE Plasma";
  settings->remedy = _("Open System Settings → Screen Locking, turn on “Lock screen "
                       "automatically”, and set it to 15 minutes or less.");

  ini = antam_ini_read (sysroot, path, &error);
  if (ini == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      settings->error = g_strdup (error->message);
      return;
    }
  if (ini != NULL)
    {
      autolock = antam_ini_get (ini, "Daemon", "Autolock");
      timeout = antam_ini_get (ini, "Daemon", "Timeout");
    }
  if (timeout != NULL && !g_ascii_string_to_unsigned (timeout, 10, 0, G_MAXUINT / 60, &minutes, NULL))
    {
      settings->error = g_strdup_printf (_("“%s” is not a number of minutes in %s"), timeout, path);
      return;
    }

  settings->readable = TRUE;
  settings->lock_enabled = autolock == NULL || antam_ini_value_is_true (autolock);
  settings->delay = (guint) minutes * 60;
  settings->source = ini ? g_strdup (path) : g_strdup (_("the default settings"));
  g_ptr_array_add (settings->lines, g_strdup_printf ("Autolock = %s", settings->lock_enabled ? "true" : "false"));
  g_ptr_array_add (settings->lines, g_strdup_printf ("Timeout = %" G_GUINT64_FORMAT, minutes));
}

typedef struct {
  GPtrArray *path;      /* names of the open <property> elements */
  GHashTable *values;   /* "/lock/enabled" -> "true" */
} XfconfParse;

static void
xfconf_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  XfconfParse *parse = user_data;
  const char *name = NULL;
  const char *value = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  if (!g_str_equal (element, "property"))
    return;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "name"))
        name = values[i];
      else if (g_str_equal (names[i], "value"))
        value = values[i];
    }
  g_ptr_array_add (parse->path, g_strdup (name ? name : ""));
  for (guint i = 0; i < parse->path->len; i++)
    g_string_append_printf (key, "/%s", (const char *) g_ptr_array_index (parse->path, i));
  if (value != NULL)
    g_hash_table_insert (parse->values, g_string_free (g_steal_pointer (&key), FALSE), g_strdup (value));
}

static void
xfconf_end (GMarkupParseContext  *context,
            const char           *element,
            gpointer              user_data,
            GError              **error)
{
  XfconfParse *parse = user_data;

  if (g_str_equal (element, "property") && parse->path->len > 0)
    g_ptr_array_set_size (parse->path, parse->path->len - 1);
}

static gboolean
xfconf_bool (GHashTable *values,
             const char *key,
             gboolean    fallback)
{
  const char *value = g_hash_table_lookup (values, key);
  return value ? antam_ini_value_is_true (value) : fallback;
}

static guint
xfconf_uint (GHashTable *values,
             const char *key,
             guint       fallback)
{
  const char *value = g_hash_table_lookup (values, key);
  guint64 number;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT / 60, &number, NULL))
    return fallback;
  return (guint) number;
}

/* Xfce with xfce4-screensaver: its xfconf channel; defaults when the user
 * never changed anything.  Light Locker and others keep no such file. */
static void
read_xfce (AntamSysroot *sysroot,
           LockSettings *settings)
{
  static const GMarkupParser parser = { xfconf_start, xfconf_end, NULL, NULL, NULL };
  g_autofree char *path = g_build_filename (antam_sysroot_get_config_home (sysroot), "xfce4", "xfconf",
                                            "xfce-perchannel-xml", "xfce4-screensaver.xml", NULL);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint idle, lock_after;

  settings->desktop = "Xfce";
  settings->remedy = _("Open Settings → Screensaver, turn on “Lock Screen” and "
                       "“Activate screensaver when computer is idle”, with 15 minutes or less.");

  if (antam_sysroot_read_file (sysroot, path, ANTAM_DEVICE_MAX_CONFIG_SIZE, &contents, &length, &error))
    {
      XfconfParse parse = { stack, values };
      g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &parse, NULL);

      if (!g_markup_parse_context_parse (context, contents, length, &error) ||
          !g_markup_parse_context_end_parse (context, &error))
        {
          settings->error = g_strdup_printf (_("“%s” could not be understood: %s"), path, error->message);
          return;
        }
      settings->source = g_strdup (path);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
           antam_sysroot_exists (sysroot, "/usr/bin/xfce4-screensaver"))
    settings->source = g_strdup (_("the default settings"));
  else
    {
      settings->error = g_strdup (_("Its screen locker keeps no settings that An Tâm can read"));
      return;
    }

  /* xfce4-screensaver's defaults: blank after 5 minutes, lock with it. */
  settings->readable = TRUE;
  settings->lock_enabled = xfconf_bool (values, "/saver/enabled", TRUE) &&
                           xfconf_bool (values, "/lock/enabled", TRUE) &&
                           xfconf_bool (values, "/lock/saver-activation/enabled", TRUE);
  idle = xfconf_bool (values, "/saver/idle-activation/enabled", TRUE)
    ? xfconf_uint (values, "/saver/idle-activation/delay", 5) : 0;
  lock_after = xfconf_uint (values, "/lock/saver-activation/delay", 0);
  settings->delay = idle == 0 ? 0 : (idle + lock_after) * 60;
  g_ptr_array_add (settings->lines, g_strdup_printf ("/lock/enabled = %s", settings->lock_enabled ? "true" : "false"));
  g_ptr_array_add (settings->lines, g_strdup_printf ("/saver/idle-activation/delay = %u", idle));
}

typedef enum {
  DESKTOP_GNOME = 1 << 0,
  DESKTOP_KDE = 1 << 1,
  DESKTOP_XFCE = 1 << 2,
} Desktop;

/* The running session says which desktop it is; a disk image says it by
 * what is installed on it. */
static guint
find_desktops (AntamSysroot  *sysroot,
               char         **other)
{
  guint found = 0;

  if (is_own_session (sysroot) && g_getenv ("XDG_CURRENT_DESKTOP") != NULL &&
      g_getenv ("XDG_CURRENT_DESKTOP")[0] != '\0')
    {
      g_auto(GStrv) names = g_strsplit (g_getenv ("XDG_CURRENT_DESKTOP"), ":", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_ascii_strcasecmp (names[i], "GNOME") == 0 || g_ascii_strcasecmp (names[i], "ubuntu") == 0 ||
              g_ascii_strcasecmp (names[i], "GNOME-Classic") == 0)
            found |= DESKTOP_GNOME;
          else if (g_ascii_strcasecmp (names[i], "KDE") == 0)
            found |= DESKTOP_KDE;
          else if (g_ascii_strcasecmp (names[i], "XFCE") == 0)
            found |= DESKTOP_XFCE;
        }
      if (found == 0)
        *other = g_strdup (g_getenv ("XDG_CURRENT_DESKTOP"));
      return found;
    }

  if (antam_sysroot_exists (sysroot, "/usr/bin/gnome-shell"))
    found |= DESKTOP_GNOME;
  if (antam_sysroot_exists (sysroot, "/usr/bin/plasmashell"))
    found |= DESKTOP_KDE;
  if (antam_sysroot_exists (sysroot, "/usr/bin/xfce4-session"))
    found |= DESKTOP_XFCE;
  return found;
}

static char *
format_delay (guint seconds)
{
  guint minutes = (seconds + 59) / 60;

  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds), seconds);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
}

static AntamResult *
judge (LockSettings *settings)
{
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *delay = NULL;
  AntamResult *result;
  AntamItem *item;

  if (!settings->readable)
    {
      g_autofree char *reason = g_strdup_printf (_("The screen-lock settings of %s could not be read."),
                                                 settings->desktop);
      g_autoptr(GError) raw = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, settings->error);

      return antam_result_new_unknown (CHECK_ID, _("The screen lock could not be checked"), reason, raw);
    }

  if (!settings->lock_enabled)
    {
      title = g_strdup (_("The screen never locks"));
      summary = g_strdup_printf (_("%s does not lock the screen when you are away. Anyone who "
                                   "walks past your desk can read your documents and e-mail, "
                                   "or send messages in your name."), settings->desktop);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_RISK, title, summary);
    }
  else if (settings->delay == 0)
    {
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                 _("The screen does not lock by itself"),
                                 _("The screen is never blanked when you are away, so it never "
                                   "locks unless you lock it yourself (Super+L). A computer left "
                                   "open for a meeting or a lunch break is open to anyone."));
    }
  else if (settings->delay > MAX_DELAY_SECONDS)
    {
      delay = format_delay (settings->delay);
      title = g_strdup_printf (_("The screen locks only after %s"), delay);
      summary = g_strdup_printf (_("After you leave your desk the computer stays open for %s. "
                                   "Set it to lock after 15 minutes or less, and lock it "
                                   "yourself (Super+L) whenever you step away."), delay);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, title, summary);
    }
  else
    {
      delay = format_delay (settings->delay);
      title = g_strdup_printf (_("The screen locks after %s"), delay);
      summary = g_strdup_printf (_("%s locks the screen after %s without use, so nobody can use "
                                   "your session while you are away. Lock it yourself (Super+L) "
                                   "when you leave your desk."), settings->desktop, delay);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK, title, summary);
    }

  item = antam_result_add_item (result, "setting", settings->desktop, settings->source);
  g_ptr_array_add (settings->lines, NULL);
  item->detail = g_strjoinv ("; ", (char **) settings->lines->pdata);
  g_ptr_array_set_size (settings->lines, settings->lines->len - 1);

  if (result->status != ANTAM_STATUS_OK)
    antam_result_set_remedy (result, settings->panel ? ANTAM_REMEDY_SETTING : ANTAM_REMEDY_GUIDE,
                             settings->panel, settings->remedy);
  return result;
}

void
antam_check_screen_lock (AntamScanContext *context,
                         GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autofree char *other = NULL;
  guint desktops = find_desktops (sysroot, &other);
  static const struct {
    Desktop desktop;
    void (*read) (AntamSysroot *, LockSettings *);
  } readers[] = {
    { DESKTOP_GNOME, read_gnome },
    { DESKTOP_KDE, read_kde },
    { DESKTOP_XFCE, read_xfce },
  };

  if (desktops == 0)
    {
      g_autofree char *reason = other
        ? g_strdup_printf (_("An Tâm cannot read the settings of %s"), other)
        : g_strdup (_("No desktop whose settings An Tâm can read (GNOME, KDE Plasma, "
                      "Xfce) was found"));
      AntamResult *result = antam_result_new_unknown (CHECK_ID, _("The screen lock could not be checked"),
                                                      reason, NULL);
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL,
                               _("Check in your desktop's settings that the screen locks after "
                                 "15 minutes or less without use."));
      g_ptr_array_add (results, result);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      LockSettings settings = { 0 };

      if (!(desktops & readers[i].desktop))
        continue;
      settings.lines = g_ptr_array_new_with_free_func (g_free);
      readers[i].read (sysroot, &settings);
      g_ptr_array_add (results, judge (&settings));
      lock_settings_clear (&settings);
    }
}
