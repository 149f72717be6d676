/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "inventory/antam-os-release.h"

#define MAX_OS_RELEASE_SIZE (64 * 1024)

void
antam_os_release_free (AntamOsRelease *release)
{
  if (release == NULL)
    return;
  g_free (release->id);
  g_strfreev (release->id_like);
  g_free (release->version_id);
  g_free (release->version_codename);
  g_free (release->name);
  g_free (release->pretty_name);
  g_free (release);
}

/* The distribution @id itself, or one that says it is like it. */
gboolean
antam_os_release_is_like (const AntamOsRelease *release,
                          const char           *id)
{
  return g_strcmp0 (release->id, id) == 0 ||
         (release->id_like != NULL && g_strv_contains ((const char * const *) release->id_like, id));
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Values are shell-quoted: "..." with backslash escapes, '...' literal. */
static char *
unquote (const char *value)
{
  g_autoptr(GError) error = NULL;
  char *text = g_shell_unquote (value, &error);

  return text ? text : g_strdup (value);
}

/**
 * antam_os_release_parse:
 *
 * Returns: (transfer full): the fields, or %NULL when there is no ID at all
 */
AntamOsRelease *
antam_os_release_parse (const char  *text,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(AntamOsRelease) release = g_new0 (AntamOsRelease, 1);
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq = strchr (line, '=');
      g_autofree char *value = NULL;

      if (line[0] == '#' || eq == NULL)
        continue;
      *eq = '\0';
      value = unquote (eq + 1);
      if (!g_utf8_validate (value, -1, NULL))
        continue;

      if (g_str_equal (line, "ID"))
        replace_str (&release->id, value);
      else if (g_str_equal (line, "ID_LIKE"))
        {
          g_strfreev (release->id_like);
          release->id_like = g_strsplit (value, " ", -1);
        }
      else if (g_str_equal (line, "VERSION_ID"))
        replace_str (&release->version_id, value);
      else if (g_str_equal (line, "VERSION_CODENAME"))
        replace_str (&release->version_codename, value);
      else if (g_str_equal (line, "NAME"))
        replace_str (&release->name, value);
      else if (g_str_equal (line, "PRETTY_NAME"))
        replace_str (&release->pretty_name, value);
    }

  if (release->id == NULL || release->id[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The os-release file names no operating system (no ID)"));
      return NULL;
    }
  return g_steal_pointer (&release);
}

AntamOsRelease *
antam_os_release_read (AntamSysroot  *sysroot,
                       GError       **error)
{
  static const char * const paths[] = { "/etc/os-release", "/usr/lib/os-release" };
  g_autoptr(GError) first_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize length;

      if (!antam_sysroot_read_file (sysroot, paths[i], MAX_OS_RELEASE_SIZE, &contents, &length,
                                    &local_error))
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }
      return antam_os_release_parse (contents, length, error);
    }

  g_propagate_error (error, g_steal_pointer (&first_error));
  return NULL;
}

/**
 * antam_sysroot_get_hostname:
 *
 * Returns: (transfer full) (nullable): the host name of the scanned system
 */
char *
antam_sysroot_get_hostname (AntamSysroot *sysroot)
{
  g_autofree char *contents = NULL;

  if (antam_sysroot_is_live (sysroot))
    return g_strdup (g_get_host_name ());
  if (antam_sysroot_read_file (sysroot, "/etc/hostname", 4096, &contents, NULL, NULL))
    {
      g_strstrip (contents);
      if (contents[0] != '\0' && g_utf8_validate (contents, -1, NULL))
        return g_steal_pointer (&contents);
    }
  return NULL;
}

/* What a report says of the computer: the system, its name and a key
 * that tells one machine from another without naming it. */
AntamSystemInfo *
antam_system_info_read (AntamSysroot *sysroot)
{
  AntamSystemInfo *info = g_new0 (AntamSystemInfo, 1);
  g_autoptr(AntamOsRelease) release = antam_os_release_read (sysroot, NULL);

  if (release != NULL)
    {
      info->os_id = g_strdup (release->id);
      info->os_version = g_strdup (release->version_id);
      info->os_name = g_strdup (release->pretty_name ? release->pretty_name : release->name);
    }
  info->hostname = antam_sysroot_get_hostname (sysroot);
  {
    g_autofree char *machine_id = NULL;
    gsize length = 0;

    if (antam_sysroot_read_file (sysroot, "/etc/machine-id", 4096, &machine_id, &length, NULL))
      info->machine_key = antam_machine_key_compute (machine_id, length);
  }
  return info;
}

/**
 * antam_machine_key_compute:
 * @machine_id: the contents of /etc/machine-id
 *
 * The same computer gives the same key in every report, so that the team
 * can tell two reports of one machine from reports of two, without its
 * name (which the user may withhold) and without its machine id, which
 * other programs use: an HMAC-SHA256 keyed with the machine id, of the
 * app's id, as systemd's application-specific machine ids are made.
 *
 * Returns: (nullable): 64 lower-case hex digits, or %NULL for an empty id
 */
char *
antam_machine_key_compute (const char *machine_id,
                           gsize       length)
{
  while (length > 0 && g_ascii_isspace (*machine_id))
    machine_id++, length--;
  while (length > 0 && g_ascii_isspace (machine_id[length - 1]))
    length--;
  if (length == 0)
    return NULL;
  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) machine_id, length,
                                  (const guchar *) APP_ID, strlen (APP_ID));
}

void
antam_system_info_free (AntamSystemInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->os_id);
  g_free (info->os_version);
  g_free (info->os_name);
  g_free (info->hostname);
  g_free (info->machine_key);
  g_free (info);
}
