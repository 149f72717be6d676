/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#ifdef HAVE_PACKAGEKIT
#include <packagekit-glib2/packagekit.h>
#endif
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remedy/antam-removal-target-private.h"
#include "remedy/antam-removal.h"
#include "remedy/antam-safe-remove.h"
#include "util/antam-snapd.h"

#define PACKAGEKIT_NAME "org.freedesktop.PackageKit"
/* pk-client.c reports a daemon error as PK_CLIENT_ERROR, 0xff + PkErrorEnum. */
#define PK_DAEMON_ERROR_OFFSET 0xff
/* A password dialog can wait for the person as long as they need. */
#define INTERACTIVE_TIMEOUT_MS (15 * 60 * 1000)

/* ---- the live machine -------------------------------------------------- */

static void
set_no_packagekit_error (GError **error)
{
  g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
               _("PackageKit, the system's software service, is not available on this computer, "
                 "so An Tâm cannot remove packages. The guide shows the command to do it yourself."));
}

#ifdef HAVE_PACKAGEKIT

static gboolean
packagekit_available (GError **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean owned = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &local_error);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         g_variant_new ("(s)", PACKAGEKIT_NAME), G_VARIANT_TYPE ("(b)"),
                                         G_DBUS_CALL_FLAGS_NONE, 3000, NULL, &local_error);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  if (!owned && bus != NULL)
    {
      g_autoptr(GVariant) names = NULL;
      g_autofree const char **list = NULL;

      g_clear_error (&local_error);
      names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                           G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 3000,
                                           NULL, &local_error);
      if (names != NULL)
        {
          g_variant_get (names, "(^a&s)", &list);
          owned = g_strv_contains (list, PACKAGEKIT_NAME);
        }
    }
  if (!owned)
    {
      set_no_packagekit_error (error);
      return FALSE;
    }
  return TRUE;
}

static void
set_packagekit_error (GError     **error,
                      GError      *cause,
                      const char  *package)
{
  int code = cause->domain == PK_CLIENT_ERROR ? cause->code : -1;
  int daemon = code >= PK_DAEMON_ERROR_OFFSET ? code - PK_DAEMON_ERROR_OFFSET : -1;

  if (code == PK_CLIENT_ERROR_FAILED_AUTH || daemon == PK_ERROR_ENUM_NOT_AUTHORIZED)
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                 _("Permission to remove “%s” was not given (the administrator's password was not "
                   "entered or was refused). Nothing was removed."), package);
  else if (code == PK_CLIENT_ERROR_DECLINED_INTERACTION || daemon == PK_ERROR_ENUM_TRANSACTION_CANCELLED)
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_AUTH_CANCELLED,
                 _("Removing “%s” was cancelled. Nothing was removed."), package);
  else if (daemon == PK_ERROR_ENUM_DEP_RESOLUTION_FAILED || daemon == PK_ERROR_ENUM_CANNOT_REMOVE_SYSTEM_PACKAGE)
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NEEDED_BY_OTHERS,
                 _("The package “%s” is needed by other software, so it was not removed (%s). "
                   "Ask your IT staff whether those can go too."), package, cause->message);
  else if (code == PK_CLIENT_ERROR_CANNOT_START_DAEMON ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN))
    set_no_packagekit_error (error);
  else
    g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                 _("PackageKit could not remove “%s”: %s"), package, cause->message);
}

static gboolean
live_remove_package (AntamRemovalTarget *target,
                     AntamRemovalStep   *step,
                     char              **message,
                     GError            **error)
{
  g_autoptr(PkClient) client = NULL;
  g_autoptr(PkResults) resolved = NULL;
  g_autoptr(PkResults) removed = NULL;
  g_autoptr(GPtrArray) packages = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *package_id = NULL;
  char *names[] = { step->target, NULL };
  char *ids[] = { NULL, NULL };

  if (!packagekit_available (error))
    return FALSE;

  client = pk_client_new ();
  pk_client_set_interactive (client, TRUE);
  pk_client_set_background (client, FALSE);

  /* The exact installed package: name and architecture, never a pattern. */
  resolved = pk_client_resolve (client, pk_bitfield_value (PK_FILTER_ENUM_INSTALLED), names,
                                NULL, NULL, NULL, &local_error);
  if (resolved == NULL)
    {
      set_packagekit_error (error, local_error, step->target);
      return FALSE;
    }
  packages = pk_results_get_package_array (resolved);
  for (guint i = 0; i < packages->len && package_id == NULL; i++)
    {
      PkPackage *package = g_ptr_array_index (packages, i);

      if (g_str_equal (pk_package_get_name (package), step->target) &&
          (step->arch == NULL || g_strcmp0 (pk_package_get_arch (package), step->arch) == 0 ||
           g_strcmp0 (pk_package_get_arch (package), "all") == 0) &&
          pk_package_get_info (package) == PK_INFO_ENUM_INSTALLED)
        package_id = g_strdup (pk_package_get_id (package));
    }
  if (package_id == NULL)
    {
      *message = g_strdup_printf (_("The package “%s” was already removed."), step->target);
      return TRUE;
    }

  ids[0] = package_id;
  /* allow_deps FALSE: a package another one needs is refused, not taken
   * along; autoremove FALSE: nothing unrelated goes with it. */
  removed = pk_client_remove_packages (client, 0,
                                       ids, FALSE, FALSE, NULL, NULL, NULL, &local_error);
  if (removed == NULL)
    {
      set_packagekit_error (error, local_error, step->target);
      return FALSE;
    }
  {
    g_autoptr(PkError) pk_error = pk_results_get_error_code (removed);
    if (pk_error != NULL)
      {
        g_autoptr(GError) cause = g_error_new_literal (PK_CLIENT_ERROR,
                                                       PK_DAEMON_ERROR_OFFSET + pk_error_get_code (pk_error),
                                                       pk_error_get_details (pk_error));
        set_packagekit_error (error, cause, step->target);
        return FALSE;
      }
  }

  *message = g_strdup_printf (_("The package “%s” was removed."), step->target);
  return TRUE;
}

#else /* !HAVE_PACKAGEKIT */

/* Built without PackageKit (the Flatpak): the same answer as when the
 * daemon is absent, and the guide has the command. */
static gboolean
live_remove_package (AntamRemovalTarget *target,
                     AntamRemovalStep   *step,
                     char              **message,
                     GError            **error)
{
  set_no_packagekit_error (error);
  return FALSE;
}

#endif /* HAVE_PACKAGEKIT */

static gboolean
live_uninstall_flatpak (AntamRemovalTarget *target,
                        AntamRemovalStep   *step,
                        char              **message,
                        GError            **error)
{
  g_autofree char *flatpak = antam_sysroot_find_program (target->sysroot, "flatpak");
  g_autoptr(GError) local_error = NULL;
  int status = -1;
  const char *argv[] = {
    flatpak, "uninstall", step->user_install ? "--user" : "--system",
    "-y", "--noninteractive", "--app", step->target, NULL,
  };

  if (flatpak == NULL)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
                   _("The flatpak program is not installed, so An Tâm cannot uninstall “%s”."),
                   step->target);
      return FALSE;
    }
  /* A system installation goes through flatpak's system helper, which
   * polkit authorises; that can wait for a password. */
  if (!antam_sysroot_run (target->sysroot, argv, INTERACTIVE_TIMEOUT_MS, NULL, &status, &local_error))
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("“%s” could not be uninstalled: %s"), step->target, local_error->message);
      return FALSE;
    }
  if (status != 0)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR,
                   step->user_install ? ANTAM_REMOVAL_ERROR_FAILED : ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                   step->user_install
                     ? _("flatpak could not uninstall “%s” (exit status %d).")
                     : _("flatpak could not uninstall “%s” (exit status %d); perhaps permission was "
                         "not given."),
                   step->target, status);
      return FALSE;
    }
  *message = g_strdup_printf (_("The Flatpak app “%s” was uninstalled."), step->target);
  return TRUE;
}

static const char *
json_string (cJSON      *object,
             const char *key)
{
  cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

static gboolean
live_remove_snap (AntamRemovalTarget *target,
                  AntamRemovalStep   *step,
                  char              **message,
                  GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_strdup_printf ("/v2/snaps/%s", step->target);
  g_autofree char *change_path = NULL;
  cJSON *reply;
  guint http_status = 0;
  gint64 deadline = g_get_monotonic_time () + (gint64) INTERACTIVE_TIMEOUT_MS * 1000;

  if (!g_file_test (ANTAM_SNAPD_SOCKET, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
                   _("snapd, the snap service, is not running, so An Tâm cannot remove the snap “%s”."),
                   step->target);
      return FALSE;
    }

  reply = antam_snapd_request (ANTAM_SNAPD_SOCKET, "POST", path, "{\"action\":\"remove\"}", 0, TRUE,
                               &http_status, NULL, &local_error);
  if (reply == NULL)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_SERVICE,
                   _("snapd could not be asked to remove “%s”: %s"), step->target,
                   local_error ? local_error->message : "");
      return FALSE;
    }
  if (http_status == 401 || http_status == 403)
    {
      cJSON_Delete (reply);
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                   _("Permission to remove “%s” was not given (the administrator's password was not "
                     "entered or was refused). Nothing was removed."), step->target);
      return FALSE;
    }
  if (g_strcmp0 (json_string (reply, "type"), "async") != 0 || json_string (reply, "change") == NULL)
    {
      cJSON *result = cJSON_GetObjectItemCaseSensitive (reply, "result");
      const char *why = result ? json_string (result, "message") : NULL;
      const char *kind = result ? json_string (result, "kind") : NULL;

      if (g_strcmp0 (kind, "snap-not-installed") == 0)
        {
          cJSON_Delete (reply);
          *message = g_strdup_printf (_("The snap “%s” was already removed."), step->target);
          return TRUE;
        }
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("snapd could not remove “%s”: %s"), step->target, why ? why : "?");
      cJSON_Delete (reply);
      return FALSE;
    }
  change_path = g_strdup_printf ("/v2/changes/%s", json_string (reply, "change"));
  cJSON_Delete (reply);

  /* The removal is a change snapd works through; wait for it to be ready. */
  while (g_get_monotonic_time () < deadline)
    {
      cJSON *result;
      const char *status;

      g_usleep (500 * 1000);
      reply = antam_snapd_request (ANTAM_SNAPD_SOCKET, "GET", change_path, NULL, 0, TRUE,
                                   &http_status, NULL, NULL);
      if (reply == NULL)
        continue;
      result = cJSON_GetObjectItemCaseSensitive (reply, "result");
      if (!cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (result, "ready")))
        {
          cJSON_Delete (reply);
          continue;
        }
      status = json_string (result, "status");
      if (g_strcmp0 (status, "Done") == 0)
        {
          cJSON_Delete (reply);
          *message = g_strdup_printf (_("The snap “%s” was removed."), step->target);
          return TRUE;
        }
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("snapd could not remove “%s”: %s"), step->target,
                   json_string (result, "err") ? json_string (result, "err") : status);
      cJSON_Delete (reply);
      return FALSE;
    }
  g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
               _("snapd did not finish removing “%s” in time."), step->target);
  return FALSE;
}

/* pkexec: 126 when the dialog was dismissed, 127 when not authorised. */
#define PKEXEC_DISMISSED 126
#define PKEXEC_NOT_AUTHORIZED 127

static gboolean
live_remove_system_path (AntamRemovalTarget *target,
                         AntamRemovalStep   *step,
                         char              **message,
                         GError            **error)
{
  const char *helper = antam_removal_helper_path ();
  g_autofree char *pkexec = antam_sysroot_find_program (target->sysroot, "pkexec");
  g_autofree char *display = g_filename_display_name (step->target);
  g_autofree char *output = NULL;
  g_autoptr(GError) local_error = NULL;
  int status = -1;
  struct stat st;
  const char *argv[] = { pkexec, helper, "--app", target->app_id, "--", step->target, NULL };

  if (!antam_removal_target_check_rule_lists (target, step->target, error))
    return FALSE;
  if (lstat (step->target, &st) != 0 && errno == ENOENT)
    {
      *message = g_strdup_printf (_("“%s” was already gone."), display);
      return TRUE;
    }
  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE) || pkexec == NULL)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NO_HELPER,
                   _("An Tâm's removal helper (%s) or pkexec is not installed, so “%s” could not be "
                     "removed. The guide shows the command to do it yourself."), helper, display);
      return FALSE;
    }

  if (!antam_sysroot_run (target->sysroot, argv, INTERACTIVE_TIMEOUT_MS, &output, &status, &local_error))
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_FAILED,
                   _("The removal helper could not be started: %s"), local_error->message);
      return FALSE;
    }
  if (status == PKEXEC_DISMISSED)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_AUTH_CANCELLED,
                   _("The password dialog was closed, so “%s” was not removed."), display);
      return FALSE;
    }
  if (status == PKEXEC_NOT_AUTHORIZED)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_NOT_AUTHORIZED,
                   _("Permission to remove “%s” was not given (the administrator's password was not "
                     "entered or was refused). Nothing was removed."), display);
      return FALSE;
    }
  if (status != 0)
    {
      /* The helper says why on a "refused PATH: reason" line. */
      g_auto(GStrv) lines = g_strsplit (output ? output : "", "\n", -1);
      const char *why = NULL;

      for (guint i = 0; lines[i] != NULL && why == NULL; i++)
        if (g_str_has_prefix (lines[i], "refused ") || g_str_has_prefix (lines[i], "failed "))
          why = strstr (lines[i], ": ") ? strstr (lines[i], ": ") + 2 : lines[i];
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_REFUSED,
                   _("The removal helper did not remove “%s”: %s"), display,
                   why ? why : _("it gave no reason"));
      return FALSE;
    }
  *message = g_strdup_printf (_("“%s” was deleted."), display);
  return TRUE;
}

static gboolean
live_trash (AntamRemovalTarget *target,
            AntamRemovalStep   *step,
            const char         *host_path,
            char              **message,
            GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (host_path);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_trash (file, NULL, &local_error))
    {
      g_autofree char *display = g_filename_display_name (step->target);
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_TRASH_UNAVAILABLE,
                   _("“%s” could not be moved to the Trash (%s). It was not deleted; if you are "
                     "sure, delete it yourself."), display, local_error->message);
      return FALSE;
    }
  *message = g_strdup (_("Moved to the Trash."));
  return TRUE;
}

static gboolean
process_is (const char *pid,
            const char *comm)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "comm", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_strchomp (text);
  return g_strcmp0 (text, comm) == 0;
}

static gboolean
wait_gone (const char *pid,
           const char *comm,
           guint       ms)
{
  for (guint waited = 0; waited < ms; waited += 100)
    {
      if (!process_is (pid, comm))
        return TRUE;
      g_usleep (100 * 1000);
    }
  return !process_is (pid, comm);
}

static gboolean
live_end_process (AntamRemovalTarget *target,
                  AntamRemovalStep   *step,
                  gboolean            allowed,
                  char              **message,
                  GError            **error)
{
  gint64 pid = g_ascii_strtoll (step->target, NULL, 10);

  /* The same pid with another name is another program now: leave it. */
  if (pid <= 1 || !process_is (step->target, step->name))
    {
      *message = g_strdup_printf (_("%s is not running any more."), target->app_name);
      return TRUE;
    }
  if (!allowed)
    {
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_STILL_RUNNING,
                   _("%s is still running. Quit it, then start the removal again, or allow "
                     "An Tâm to end it."), target->app_name);
      return FALSE;
    }

  /* Asked to close first; forced only if it does not. */
  if (kill ((pid_t) pid, SIGTERM) != 0 && errno != ESRCH)
    {
      int saved = errno;
      g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_STILL_RUNNING,
                   _("%s could not be ended (%s). Quit it yourself, then start the removal again."),
                   target->app_name, g_strerror (saved));
      return FALSE;
    }
  if (!wait_gone (step->target, step->name, 5000))
    {
      kill ((pid_t) pid, SIGKILL);
      if (!wait_gone (step->target, step->name, 3000))
        {
          g_set_error (error, ANTAM_REMOVAL_ERROR, ANTAM_REMOVAL_ERROR_STILL_RUNNING,
                       _("%s could not be ended. Quit it yourself, then start the removal again."),
                       target->app_name);
          return FALSE;
        }
    }
  *message = g_strdup_printf (_("%s was ended."), target->app_name);
  return TRUE;
}

const AntamRemovalTargetVTable antam_removal_live_vtable = {
  "live",
  live_remove_package,
  live_uninstall_flatpak,
  live_remove_snap,
  live_remove_system_path,
  live_trash,
  live_end_process,
};
