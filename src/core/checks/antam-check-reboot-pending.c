/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-updates-private.h"
#include "util/antam-debversion.h"

#define CHECK_ID "reboot-pending"
#define MAX_PKGS_FILE_SIZE (1024 * 1024)

/* Debian's update-notifier-common and needrestart write these; the .pkgs
 * file names the packages that asked for the restart, one a line. */
static GPtrArray *
read_reboot_packages (AntamSysroot *sysroot)
{
  g_autofree char *text = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  if (!antam_sysroot_read_file (sysroot, "/run/reboot-required.pkgs", MAX_PKGS_FILE_SIZE,
                                &text, NULL, NULL))
    return names;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *name = g_strstrip (lines[i]);

      if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
        continue;
      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

/* The newest /boot/vmlinuz-VERSION, in Debian version order. */
static char *
newest_kernel (AntamSysroot *sysroot)
{
  g_autoptr(GPtrArray) names = antam_sysroot_list_dir (sysroot, "/boot", NULL);
  const char *newest = NULL;

  for (guint i = 0; names && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *version;

      if (!g_str_has_prefix (name, "vmlinuz-"))
        continue;
      version = name + strlen ("vmlinuz-");
      if (*version == '\0' || !g_utf8_validate (version, -1, NULL))
        continue;
      if (newest == NULL || antam_debversion_compare (version, newest) > 0)
        newest = version;
    }
  return g_strdup (newest);
}

static char *
running_kernel (AntamSysroot *sysroot)
{
  const char *argv[] = { "uname", "-r", NULL };
  g_autofree char *output = NULL;
  int status = -1;

  if (!antam_sysroot_run (sysroot, argv, 5000, &output, &status, NULL) || status != 0)
    return NULL;
  g_strstrip (output);
  return *output ? g_steal_pointer (&output) : NULL;
}

void
antam_check_reboot_pending (AntamScanContext *context,
                            GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autoptr(GPtrArray) packages = NULL;
  g_autofree char *running = NULL;
  g_autofree char *newest = NULL;
  gboolean required;
  gboolean kernel_newer = FALSE;
  gboolean kernel_compared = FALSE;
  AntamResult *result;

  /* A sandbox has a /run of its own and no /boot: "no restart needed" would
   * be a guess. */
  if (antam_sysroot_is_sandboxed (sysroot))
    {
      g_ptr_array_add (results,
                       antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                         _("Whether a restart is needed could not be checked"),
                                         _("An Tâm runs in a Flatpak sandbox here, which does not "
                                           "see /run/reboot-required or /boot of this computer. "
                                           "The system's own updater says when a restart is needed.")));
      return;
    }

  required = antam_sysroot_exists (sysroot, "/run/reboot-required");
  packages = read_reboot_packages (sysroot);

  /* Only the running system has a running kernel; and only when its own
   * image is in /boot is the comparison meaningful (a container runs its
   * host's kernel). */
  if (antam_sysroot_is_live (sysroot))
    {
      running = running_kernel (sysroot);
      if (running != NULL)
        {
          g_autofree char *own = g_strconcat ("/boot/vmlinuz-", running, NULL);

          newest = newest_kernel (sysroot);
          if (newest != NULL && antam_sysroot_exists (sysroot, own))
            {
              kernel_compared = TRUE;
              kernel_newer = antam_debversion_compare (newest, running) > 0;
            }
        }
    }

  if (!required && packages->len == 0 && !kernel_newer)
    {
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK, _("No restart is needed"),
                                 kernel_compared
                                   ? _("No installed update is waiting for a restart, and the "
                                       "running kernel is the newest one installed.")
                                   : _("No installed update is waiting for a restart."));
      g_ptr_array_add (results, result);
      return;
    }

  if (packages->len > 0)
    {
      g_autofree char *names = antam_join_names (packages, ANTAM_TITLE_NAMES);
      g_autofree char *title = g_strdup_printf (_("Restart the computer to finish updating %s"), names);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING, title,
                                 _("Updates were installed that only take effect after a restart. "
                                   "Until then the computer keeps running the old, vulnerable "
                                   "code."));
    }
  else if (kernel_newer)
    {
      g_autofree char *summary =
        g_strdup_printf (_("The computer is still running kernel %s, but kernel %s is installed. "
                           "The security fixes in the new kernel only apply after a restart."),
                         running, newest);
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                 _("Restart the computer to use the updated kernel"), summary);
    }
  else
    result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                               _("Restart the computer to finish updating"),
                               _("Updates were installed that only take effect after a restart. "
                                 "Until then the computer keeps running the old, vulnerable "
                                 "code."));

  for (guint i = 0; i < packages->len; i++)
    {
      AntamItem *item = antam_result_add_item (result, "deb", g_ptr_array_index (packages, i), NULL);
      item->id = g_strdup (item->name);
      item->detail = g_strdup (_("Asks for a restart"));
    }
  if (required)
    {
      AntamItem *item = antam_result_add_item (result, "path", "reboot-required", "/run/reboot-required");
      item->detail = g_strdup (_("Written when an installed update needs a restart"));
    }
  if (kernel_newer)
    {
      g_autofree char *location = g_strconcat ("/boot/vmlinuz-", newest, NULL);
      AntamItem *item = antam_result_add_item (result, "path", "kernel", location);
      item->version = g_strdup_printf ("%s → %s", running, newest);
      item->detail = g_strdup (_("Installed, not yet running"));
    }

  antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, "restart",
                           _("Save your work, then restart the computer."));
  g_ptr_array_add (results, result);
}
