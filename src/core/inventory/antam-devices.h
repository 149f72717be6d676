/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sysroot/antam-sysroot.h"

G_BEGIN_DECLS

/* Who may use the camera and the microphone, and who uses them now.
 *
 * Sandboxed apps (Flatpak, and Snap through the portal) ask through the
 * desktop portal; the answers live in the portal's permission store, table
 * "devices", under the ids "camera" and "microphone".  On the running
 * session we ask the store itself over D-Bus; otherwise we read its file,
 * DATA_HOME/flatpak/db/devices (GVDB). */

#define ANTAM_PERMISSION_STORE_BUS_NAME "org.freedesktop.impl.portal.PermissionStore"
#define ANTAM_PERMISSION_STORE_PATH "/org/freedesktop/impl/portal/PermissionStore"
#define ANTAM_PERMISSION_STORE_IFACE "org.freedesktop.impl.portal.PermissionStore"
#define ANTAM_PERMISSION_DEVICES_TABLE "devices"

/* A live call gets this long before we fall back to the file. */
#define ANTAM_PERMISSION_STORE_TIMEOUT_MS 3000

typedef struct {
  char *app_id;        /* e.g. us.zoom.Zoom */
  char *device;        /* "camera" or "microphone" */
  char **permissions;  /* "yes", "no", "ask"; the first one decides */
} AntamPermission;

typedef enum {
  ANTAM_PERMISSION_SOURCE_NONE,  /* neither the store nor its file */
  ANTAM_PERMISSION_SOURCE_BUS,   /* the running store */
  ANTAM_PERMISSION_SOURCE_FILE,  /* its file, read offline */
} AntamPermissionSource;

/* A device that is open right now, and by whom. */
typedef struct {
  int pid;
  char *comm;          /* the program's name as the kernel knows it */
  char *exe;           /* NULL when not readable */
  char *device;        /* "camera" or "microphone" */
  char *path;          /* /dev/video0, /dev/snd/pcmC0D0c */
} AntamDeviceUse;

void        antam_permission_free            (AntamPermission *permission);
gboolean    antam_permission_is_granted      (const AntamPermission *permission);
void        antam_device_use_free            (AntamDeviceUse  *use);

const char * const *antam_permission_devices (void);

/* The "devices" table from its GVDB file contents. */
GPtrArray  *antam_permission_store_parse     (GBytes          *contents,
                                              GError         **error);
GPtrArray  *antam_permission_store_lookup_bus (GDBusConnection *connection,
                                               GCancellable    *cancellable,
                                               GError         **error);
GPtrArray  *antam_permission_store_read      (AntamSysroot    *sysroot,
                                              AntamPermissionSource *source,
                                              GError         **error);

void        antam_permission_revoke_async    (const char      *app_id,
                                              const char      *device,
                                              GCancellable    *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer         user_data);
gboolean    antam_permission_revoke_finish   (GAsyncResult    *result,
                                              GError         **error);

/* "/dev/video0" -> "camera", "/dev/snd/pcmC0D0c" -> "microphone", else NULL */
const char *antam_device_kind_for_path       (const char      *path);
GPtrArray  *antam_inventory_read_device_users (AntamSysroot   *sysroot,
                                               GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AntamPermission, antam_permission_free)

G_END_DECLS
