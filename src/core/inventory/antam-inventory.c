/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "antam-inventory.h"

void
antam_package_free (AntamPackage *package)
{
  if (package == NULL)
    return;
  g_free (package->name);
  g_free (package->version);
  g_free (package->arch);
  g_free (package->state);
  g_free (package->source);
  g_free (package);
}

void
antam_flatpak_free (AntamFlatpak *flatpak)
{
  if (flatpak == NULL)
    return;
  g_free (flatpak->id);
  g_free (flatpak->arch);
  g_free (flatpak->branch);
  g_free (flatpak->origin);
  g_free (flatpak->commit);
  g_free (flatpak->version);
  g_free (flatpak->installation);
  g_free (flatpak->location);
  g_free (flatpak->latest_commit);
  g_free (flatpak);
}

void
antam_snap_free (AntamSnap *snap)
{
  if (snap == NULL)
    return;
  g_free (snap->name);
  g_free (snap->revision);
  g_free (snap->version);
  g_free (snap->location);
  g_free (snap);
}

void
antam_desktop_entry_free (AntamDesktopEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->location);
  g_free (entry->name);
  g_free (entry->exec);
  g_strfreev (entry->mime_types);
  g_free (entry->scope);
  g_free (entry);
}

void
antam_file_entry_free (AntamFileEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->location);
  g_free (entry->kind);
  g_free (entry);
}

void
antam_process_free (AntamProcess *process)
{
  if (process == NULL)
    return;
  g_free (process->comm);
  g_free (process->exe);
  g_free (process);
}

void
antam_download_free (AntamDownload *download)
{
  if (download == NULL)
    return;
  g_free (download->location);
  g_free (download->display_name);
  g_free (download->sha256);
  g_free (download->origin_url);
  g_free (download->referrer_url);
  g_free (download->error);
  g_free (download);
}
