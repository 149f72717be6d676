/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-device-private.h"

#define CHECK_ID "disk-encryption"
/* dm devices stack (LUKS under LVM under ...); deeper than this is a loop. */
#define MAX_DM_DEPTH 8

/* Whether the root and home filesystems sit on LUKS (dm-crypt): the mount
 * table gives the device, device-mapper's sysfs tells what each dm device
 * is ("CRYPT-LUKS2-..." for dm-crypt) and what it sits on (slaves/). */

typedef enum {
  ENCRYPTION_UNKNOWN,
  ENCRYPTION_NONE,
  ENCRYPTION_LUKS,
} Encryption;

typedef struct {
  const char *mount_point;
  char *device;
  char *fs_type;
  Encryption encryption;
  char *how;            /* what we saw */
} Mount;

static void
mount_clear (Mount *mount)
{
  g_clear_pointer (&mount->device, g_free);
  g_clear_pointer (&mount->fs_type, g_free);
  g_clear_pointer (&mount->how, g_free);
}

static char *
read_sys_text (AntamSysroot *sysroot,
               const char   *abs_path)
{
  g_autofree char *contents = NULL;

  if (!antam_sysroot_read_file (sysroot, abs_path, 64 * 1024, &contents, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (contents));
}

/* /proc/mounts escapes spaces and the like as \040. */
static char *
unescape_octal (const char *field)
{
  GString *out = g_string_new (NULL);

  for (const char *p = field; *p; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
          p[3] >= '0' && p[3] <= '7')
        {
          g_string_append_c (out, (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0')));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The last line for a mount point wins: later mounts hide earlier ones. */
static void
find_mount (const char *mounts,
            Mount      *mount)
{
  g_auto(GStrv) lines = g_strsplit (mounts, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " \t", -1);
      g_autofree char *point = NULL;

      if (g_strv_length (fields) < 3)
        continue;
      point = unescape_octal (fields[1]);
      if (g_str_equal (point, mount->mount_point))
        {
          g_free (mount->device);
          g_free (mount->fs_type);
          mount->device = unescape_octal (fields[0]);
          mount->fs_type = g_strdup (fields[2]);
        }
    }
}

/* "/dev/mapper/NAME" -> "dm-N", by the names device-mapper publishes. */
static char *
dm_for_mapper_name (AntamSysroot *sysroot,
                    const char   *name)
{
  g_autoptr(GPtrArray) blocks = antam_sysroot_list_dir (sysroot, "/sys/block", NULL);

  for (guint i = 0; blocks && i < blocks->len; i++)
    {
      const char *block = g_ptr_array_index (blocks, i);
      g_autofree char *path = NULL;
      g_autofree char *dm_name = NULL;

      if (!g_str_has_prefix (block, "dm-"))
        continue;
      path = g_strdup_printf ("/sys/block/%s/dm/name", block);
      dm_name = read_sys_text (sysroot, path);
      if (g_strcmp0 (dm_name, name) == 0)
        return g_strdup (block);
    }
  return NULL;
}

/* LUKS under LVM, or LVM under LUKS: any crypt layer below counts. */
static Encryption
dm_is_encrypted (AntamSysroot *sysroot,
                 const char   *dm,
                 guint         depth)
{
  g_autofree char *uuid_path = g_strdup_printf ("/sys/block/%s/dm/uuid", dm);
  g_autofree char *slaves_path = g_strdup_printf ("/sys/block/%s/slaves", dm);
  g_autofree char *uuid = NULL;
  g_autoptr(GPtrArray) slaves = NULL;
  gboolean any_crypt = FALSE;

  if (depth > MAX_DM_DEPTH)
    return ENCRYPTION_UNKNOWN;

  uuid = read_sys_text (sysroot, uuid_path);
  if (uuid == NULL)
    return ENCRYPTION_UNKNOWN;
  if (g_str_has_prefix (uuid, "CRYPT-"))
    return ENCRYPTION_LUKS;

  /* Encrypted only when every device below is: one plain leg of a volume
   * group leaves part of it readable. */
  slaves = antam_sysroot_list_dir (sysroot, slaves_path, NULL);
  for (guint i = 0; slaves && i < slaves->len; i++)
    {
      const char *slave = g_ptr_array_index (slaves, i);
      Encryption below;

      if (!g_str_has_prefix (slave, "dm-"))
        return ENCRYPTION_NONE;
      below = dm_is_encrypted (sysroot, slave, depth + 1);
      if (below != ENCRYPTION_LUKS)
        return below;
      any_crypt = TRUE;
    }
  return any_crypt ? ENCRYPTION_LUKS : ENCRYPTION_NONE;
}

static void
judge_mount (AntamSysroot *sysroot,
             Mount        *mount)
{
  g_autofree char *dm = NULL;

  if (mount->device == NULL)
    return;

  if (g_str_has_prefix (mount->device, "/dev/mapper/"))
    dm = dm_for_mapper_name (sysroot, mount->device + strlen ("/dev/mapper/"));
  else if (g_str_has_prefix (mount->device, "/dev/dm-"))
    dm = g_strdup (mount->device + strlen ("/dev/"));
  else if (g_str_has_prefix (mount->device, "/dev/"))
    {
      mount->encryption = ENCRYPTION_NONE;
      mount->how = g_strdup_printf (_("%s is a plain partition"), mount->device);
      return;
    }
  else
    {
      /* tmpfs, overlay of a live USB, a network share, ZFS: not a disk
       * we can judge. */
      mount->encryption = ENCRYPTION_UNKNOWN;
      mount->how = g_strdup_printf (_("%s (%s) is not a disk partition"), mount->device,
                                    mount->fs_type ? mount->fs_type : "?");
      return;
    }

  if (dm == NULL)
    {
      mount->encryption = ENCRYPTION_UNKNOWN;
      mount->how = g_strdup_printf (_("%s could not be traced to a device"), mount->device);
      return;
    }

  mount->encryption = dm_is_encrypted (sysroot, dm, 0);
  switch (mount->encryption)
    {
    case ENCRYPTION_LUKS:
      mount->how = g_strdup_printf (_("%s is encrypted with LUKS"), mount->device);
      break;
    case ENCRYPTION_NONE:
      mount->how = g_strdup_printf (_("%s is not encrypted"), mount->device);
      break;
    case ENCRYPTION_UNKNOWN:
    default:
      mount->how = g_strdup_printf (_("%s could not be traced to a device"), mount->device);
      break;
    }
}

static void
add_mount_item (AntamResult *result,
                Mount       *mount)
{
  AntamItem *item = antam_result_add_item (result, "filesystem", mount->mount_point, mount->device);

  item->detail = g_strdup (mount->how);
}

static const char *
reinstall_note (void)
{
  return _("Encryption cannot be switched on for a disk that is already in use: it is "
           "chosen when the system is installed (“Encrypt the new installation”). Keep "
           "this in mind the next time this computer is installed or replaced; until then, "
           "lock the screen when you leave and keep official documents off this disk.");
}

void
antam_check_disk_encryption (AntamScanContext *context,
                             GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autofree char *mounts = NULL;
  g_autoptr(GError) error = NULL;
  Mount root = { .mount_point = "/" };
  Mount home = { .mount_point = "/home" };
  gboolean home_separate;
  Encryption overall;
  AntamResult *result;

  if (!antam_read_proc_file (sysroot, "mounts", &mounts, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !antam_sysroot_is_live (sysroot))
        g_ptr_array_add (results,
                         antam_result_new_unknown (CHECK_ID, _("Disk encryption could not be checked"),
                                                   _("Disk encryption can only be seen on the running system"),
                                                   NULL));
      else
        g_ptr_array_add (results,
                         antam_result_new_unknown (CHECK_ID, _("Disk encryption could not be checked"),
                                                   _("The list of mounted disks could not be read."),
                                                   error));
      return;
    }

  find_mount (mounts, &root);
  find_mount (mounts, &home);
  home_separate = home.device != NULL;

  if (root.device == NULL)
    {
      g_ptr_array_add (results,
                       antam_result_new_unknown (CHECK_ID, _("Disk encryption could not be checked"),
                                                 _("The list of mounted disks names no root filesystem"),
                                                 NULL));
      return;
    }

  judge_mount (sysroot, &root);
  if (home_separate)
    judge_mount (sysroot, &home);

  if (root.encryption == ENCRYPTION_NONE || (home_separate && home.encryption == ENCRYPTION_NONE))
    overall = ENCRYPTION_NONE;
  else if (root.encryption == ENCRYPTION_UNKNOWN || (home_separate && home.encryption == ENCRYPTION_UNKNOWN))
    overall = ENCRYPTION_UNKNOWN;
  else
    overall = ENCRYPTION_LUKS;

  if (overall == ENCRYPTION_LUKS)
    {
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK, _("The disk is encrypted"),
                                 _("Your files are stored encrypted: if this computer or its "
                                   "disk is lost or stolen, nobody can read them without the "
                                   "passphrase that is asked at start-up."));
    }
  else if (overall == ENCRYPTION_UNKNOWN)
    {
      g_autofree char *reason = g_strdup_printf (_("An Tâm could not tell how the disk is stored: %s"),
                                                 root.encryption == ENCRYPTION_UNKNOWN ? root.how : home.how);
      result = antam_result_new_unknown (CHECK_ID, _("Disk encryption could not be checked"), reason, NULL);
    }
  else if (antam_form_factor (sysroot) == ANTAM_FORM_LAPTOP)
    {
      g_autofree char *summary =
        g_strdup_printf ("%s %s",
                         _("The files on this laptop are not encrypted. If it is lost or "
                           "stolen, anyone can take the disk out and read every document "
                           "and saved password on it, without knowing your login password."),
                         reinstall_note ());
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_WARNING,
                                 _("The laptop's disk is not encrypted"), summary);
      antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL,
                               _("Nothing to change today. When this laptop is next installed, "
                                 "ask your IT staff to choose disk encryption (LUKS); until then "
                                 "do not keep state documents on it and never leave it unattended."));
    }
  else
    {
      g_autofree char *summary =
        g_strdup_printf ("%s %s",
                         _("The files on this computer are not encrypted. For a desktop "
                           "that stays in a locked office this is common and acceptable."),
                         reinstall_note ());
      /* Acceptable by policy, yet nothing protects the files: a note,
       * never "OK". */
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_INFO,
                                 _("The disk is not encrypted (desktop computer)"), summary);
    }

  add_mount_item (result, &root);
  if (home_separate)
    add_mount_item (result, &home);
  g_ptr_array_add (results, result);

  mount_clear (&root);
  mount_clear (&home);
}
