/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "checks/antam-checks-private.h"
#include "checks/antam-device-private.h"
#include "inventory/antam-devices.h"

#define CHECK_ID "camera-mic"

/* The letters warn that meeting-app flaws let attackers take over the
 * microphone and camera.  Two questions a user can act on: which apps may
 * use them (and take that back), and which program uses them right now. */

static const char *
permission_kind (const char *device)
{
  return g_str_equal (device, "camera") ? "camera-permission" : "microphone-permission";
}

static const char *
device_words (const char *device)
{
  return g_str_equal (device, "camera") ? _("camera") : _("microphone");
}

/* The sound server holds the microphone for every app that records. */
static gboolean
is_sound_server (const char *comm)
{
  static const char * const servers[] = { "pipewire", "pulseaudio", "wireplumber", "jackd", NULL };
  return g_strv_contains (servers, comm);
}

static AntamItem *
add_permission_item (AntamResult     *result,
                     AntamPermission *permission)
{
  AntamItem *item = antam_result_add_item (result, permission_kind (permission->device),
                                           permission->app_id, NULL);

  item->id = g_strdup (permission->app_id);
  item->detail = g_str_equal (permission->device, "camera")
    ? g_strdup (_("May use the camera without asking"))
    : g_strdup (_("May use the microphone without asking"));
  return item;
}

static char *
join_devices (gboolean camera,
              gboolean microphone)
{
  if (camera && microphone)
    return g_strdup (_("the camera and the microphone"));
  return g_strdup (camera ? _("the camera") : _("the microphone"));
}

static void
judge_permissions (AntamScanContext *context,
                   GPtrArray        *permissions,
                   GPtrArray        *results)
{
  AntamRules *rules = antam_scan_context_get_rules (context);
  g_autoptr(GHashTable) risky = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GPtrArray) rules_seen = g_ptr_array_new ();

  for (guint i = 0; i < permissions->len; i++)
    {
      AntamPermission *permission = g_ptr_array_index (permissions, i);
      const AntamAppRule *rule;

      if (!antam_permission_is_granted (permission))
        continue;
      rule = antam_rules_find_footprint (rules, ANTAM_FOOTPRINT_FLATPAK, permission->app_id);
      if (rule != NULL)
        {
          GPtrArray *held = g_hash_table_lookup (risky, rule);

          if (held == NULL)
            {
              held = g_ptr_array_new ();
              g_hash_table_insert (risky, (gpointer) rule, held);
              g_ptr_array_add (rules_seen, (gpointer) rule);
            }
          g_ptr_array_add (held, permission);
        }
      else
        g_ptr_array_add (others, permission);
    }

  /* One finding per risky app, in the rules' order. */
  for (guint r = 0; r < rules_seen->len; r++)
    {
      const AntamAppRule *rule = g_ptr_array_index (rules_seen, r);
      g_autoptr(GPtrArray) held = g_hash_table_lookup (risky, rule);
      gboolean camera = FALSE, microphone = FALSE;
      g_autofree char *what = NULL;
      g_autofree char *title = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *sub_id = NULL;
      AntamResult *result;

      g_hash_table_steal (risky, rule);
      for (guint i = 0; i < held->len; i++)
        {
          AntamPermission *permission = g_ptr_array_index (held, i);
          camera |= g_str_equal (permission->device, "camera");
          microphone |= g_str_equal (permission->device, "microphone");
        }
      what = join_devices (camera, microphone);
      title = g_strdup_printf (_("%s may use %s"), rule->name, what);
      summary = g_strdup_printf (_("%s is allowed to turn on %s without asking you. %s"),
                                 rule->name, what, antam_app_rule_why (rule));
      result = antam_result_new (CHECK_ID, rule->severity, title, summary);
      sub_id = g_strdup_printf ("permission:%s", rule->id);
      antam_result_set_sub_id (result, sub_id);
      for (guint i = 0; i < held->len; i++)
        {
          AntamItem *item = add_permission_item (result, g_ptr_array_index (held, i));
          item->rule = g_strdup (rule->id);
        }
      /* GNOME Settings' privacy panels list the same permissions. */
      antam_result_set_remedy (result, ANTAM_REMEDY_SETTING, camera ? "camera" : "microphone",
                               _("Take the permission back now (“Revoke” beside it, or in "
                                 "Settings → Privacy), then remove the app as the step "
                                 "“Risky apps” explains."));
      g_ptr_array_add (results, result);
    }

  if (others->len > 0)
    {
      g_autoptr(GPtrArray) apps = g_ptr_array_new ();
      g_autofree char *names = NULL;
      g_autofree char *title = NULL;
      AntamResult *result;

      for (guint i = 0; i < others->len; i++)
        {
          AntamPermission *permission = g_ptr_array_index (others, i);

          if (!g_ptr_array_find_with_equal_func (apps, permission->app_id, g_str_equal, NULL))
            g_ptr_array_add (apps, permission->app_id);
        }
      names = antam_join_names (apps, ANTAM_TITLE_NAMES);
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u app may use the camera or microphone without asking: %s",
                                            "%u apps may use the camera or microphone without asking: %s",
                                            apps->len),
                               apps->len, names);
      /* Not a fault (the user once allowed it), but nothing stops the app
       * either: a note, never "OK". */
      result =
        antam_result_new (CHECK_ID, ANTAM_STATUS_INFO, title,
                          _("These apps were once allowed to use the camera or the "
                            "microphone, and may use them again without asking. If you do "
                            "not know an app, or no longer use it for meetings, take the "
                            "permission back; the app will ask again when it needs it."));

      antam_result_set_sub_id (result, "permissions");
      for (guint i = 0; i < others->len; i++)
        add_permission_item (result, g_ptr_array_index (others, i));
      antam_result_set_remedy (result, ANTAM_REMEDY_SETTING, "camera",
                               _("Use “Revoke” beside an app to take its permission back."));
      g_ptr_array_add (results, result);
    }
  else if (rules_seen->len == 0)
    {
      AntamResult *result =
        antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                          _("No sandboxed app may use the camera or microphone without asking"),
                          _("No sandboxed app (Flatpak) holds a permission to use the camera "
                            "or the microphone: each must ask you first. Programs installed "
                            "as ordinary packages are not asked; the list of programs using "
                            "them right now covers those."));
      antam_result_set_sub_id (result, "permissions");
      g_ptr_array_add (results, result);
    }
}

static const AntamAppRule *
find_rule_of_use (AntamRules     *rules,
                  AntamDeviceUse *use)
{
  g_autofree char *exe_name = use->exe ? g_path_get_basename (use->exe) : NULL;
  const AntamAppRule *rule = antam_rules_find_footprint (rules, ANTAM_FOOTPRINT_PROCESS, use->comm);

  if (rule == NULL && exe_name != NULL)
    rule = antam_rules_find_footprint (rules, ANTAM_FOOTPRINT_PROCESS, exe_name);
  return rule;
}

static const char *
rule_of_use (AntamRules     *rules,
             AntamDeviceUse *use)
{
  const AntamAppRule *rule = find_rule_of_use (rules, use);

  return rule ? rule->id : NULL;
}

static void
judge_users (AntamScanContext *context,
             GPtrArray        *uses,
             GPtrArray        *results)
{
  AntamRules *rules = antam_scan_context_get_rules (context);
  g_autoptr(GPtrArray) risky = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  const AntamAppRule *worst_rule = NULL;

  for (guint i = 0; i < uses->len; i++)
    {
      AntamDeviceUse *use = g_ptr_array_index (uses, i);
      const AntamAppRule *rule = find_rule_of_use (rules, use);

      if (rule != NULL)
        {
          g_ptr_array_add (risky, use);
          if (worst_rule == NULL || rule->severity > worst_rule->severity)
            worst_rule = rule;
        }
      else
        g_ptr_array_add (others, use);
    }

  if (uses->len == 0)
    {
      AntamResult *result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                                              _("Nothing is using the camera or microphone now"),
                                              _("No program of yours has the camera or a microphone "
                                                "open at this moment."));

      antam_result_set_sub_id (result, "in-use");
      g_ptr_array_add (results, result);
      return;
    }

  {
    gboolean camera = FALSE, microphone = FALSE;
    g_autofree char *what = NULL;
    g_autofree char *title = NULL;
    g_autofree char *summary = NULL;
    AntamResult *result;
    GPtrArray *shown = worst_rule ? risky : others;

    for (guint i = 0; i < uses->len; i++)
      {
        AntamDeviceUse *use = g_ptr_array_index (uses, i);
        camera |= g_str_equal (use->device, "camera");
        microphone |= g_str_equal (use->device, "microphone");
      }
    what = join_devices (camera, microphone);

    if (worst_rule != NULL)
      {
        title = g_strdup_printf (_("%s is using %s right now"), worst_rule->name, what);
        summary = g_strdup_printf (_("%s has %s open at this moment. %s Close it now if you "
                                     "are not in a meeting with it."),
                                   worst_rule->name, what, antam_app_rule_why (worst_rule));
        result = antam_result_new (CHECK_ID, worst_rule->severity, title, summary);
        antam_result_set_remedy (result, ANTAM_REMEDY_UNINSTALL, worst_rule->id,
                                 _("Quit the app now, then remove it as the step “Risky apps” "
                                   "explains."));
      }
    else
      {
        title = g_strdup_printf (_("In use right now: %s"), what);
        /* Nothing known to be bad, nothing known to be good: the user
         * alone knows whether a call is on. */
        result = antam_result_new (CHECK_ID, ANTAM_STATUS_INFO, title,
                                   _("These programs have the camera or a microphone open at this "
                                     "moment. If you are not in a call or recording, and do not "
                                     "know why one of them would listen or watch, close it and "
                                     "tell your IT staff."));
      }

    /* The risky ones first, then the rest. */
    for (guint pass = 0; pass < 2; pass++)
      {
        GPtrArray *list = pass == 0 ? shown : (shown == risky ? others : NULL);

        for (guint i = 0; list && i < list->len; i++)
          {
            AntamDeviceUse *use = g_ptr_array_index (list, i);
            AntamItem *item = antam_result_add_item (result, "process", use->comm, use->path);

            item->id = g_strdup_printf ("%d", use->pid);
            item->rule = g_strdup (rule_of_use (rules, use));
            item->detail = is_sound_server (use->comm)
              ? g_strdup_printf (_("The sound server, recording from the %s for the apps that ask it"),
                                 device_words (use->device))
              : g_strdup_printf (_("Has the %s open (process %d)"), device_words (use->device), use->pid);
          }
      }
    antam_result_set_sub_id (result, "in-use");
    g_ptr_array_add (results, result);
  }
}

void
antam_check_camera_mic (AntamScanContext *context,
                        GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autoptr(GPtrArray) permissions = NULL;
  g_autoptr(GPtrArray) uses = NULL;
  g_autoptr(GError) error = NULL;

  permissions = antam_permission_store_read (sysroot, NULL, &error);
  if (permissions == NULL)
    {
      AntamResult *result = antam_result_new_unknown (CHECK_ID,
                                                      _("Camera and microphone permissions could not be checked"),
                                                      _("The list of apps allowed to use the camera and the "
                                                        "microphone could not be read."),
                                                      error);
      antam_result_set_sub_id (result, "permissions");
      g_ptr_array_add (results, result);
    }
  else
    judge_permissions (context, permissions, results);
  g_clear_error (&error);

  /* Only a running system has programs to ask about. */
  if (antam_sysroot_get_proc_dir (sysroot) == NULL)
    return;

  uses = antam_inventory_read_device_users (sysroot, &error);
  if (uses == NULL)
    {
      AntamResult *result = antam_result_new_unknown (CHECK_ID,
                                                      _("Programs using the camera could not be listed"),
                                                      _("An Tâm could not see which programs have the camera "
                                                        "or the microphone open."),
                                                      error);
      antam_result_set_sub_id (result, "in-use");
      g_ptr_array_add (results, result);
    }
  else
    judge_users (context, uses, results);
}
