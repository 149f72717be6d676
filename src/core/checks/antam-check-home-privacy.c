/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "checks/antam-checks-private.h"
#include "inventory/antam-home-access.h"

/* Who else can read the user's files: the home folder and its standard
 * folders, ~/.ssh, files anyone may change, and the other accounts that
 * can log in to this computer, which make an open folder a risk. */

#define CHECK_ID "home-privacy"

static gboolean
has_kind (AntamHomeInspection *inspection,
          AntamExposureKind    kind,
          gboolean             writable)
{
  for (guint i = 0; i < inspection->exposures->len; i++)
    {
      AntamExposure *exposure = g_ptr_array_index (inspection->exposures, i);

      if (exposure->kind == kind && (!writable || exposure->write))
        return TRUE;
    }
  return FALSE;
}

static guint
count_kind (AntamHomeInspection *inspection,
            AntamExposureKind    kind)
{
  guint n = 0;

  for (guint i = 0; i < inspection->exposures->len; i++)
    n += ((AntamExposure *) g_ptr_array_index (inspection->exposures, i))->kind == kind;
  return n;
}

static void
add_exposure_item (AntamResult   *result,
                   AntamExposure *exposure)
{
  /* "~" means nothing to most: the home is named. */
  AntamItem *item = antam_result_add_item (result, exposure->is_dir ? "folder" : "file",
                                           exposure->kind == ANTAM_EXPOSURE_HOME ? _("Your home folder")
                                                                                 : exposure->display,
                                           exposure->path);
  g_autoptr(GString) detail = g_string_new (NULL);

  if (exposure->kind == ANTAM_EXPOSURE_SSH_KEY)
    g_string_append (detail, _("A private SSH key: whoever reads it can log in wherever it opens the door."));
  else if (exposure->kind == ANTAM_EXPOSURE_SSH_AUTHORIZED)
    g_string_append (detail, _("The list of keys allowed to log in as you: whoever changes it can add their own."));
  else if (exposure->read && exposure->write)
    g_string_append (detail, exposure->is_dir ? _("Others can open it, read what is in it and change it.")
                                              : _("Others can read it and change it."));
  else if (exposure->write)
    g_string_append (detail, exposure->is_dir ? _("Others can add, rename and delete what is in it.")
                                              : _("Others can change it."));
  else
    g_string_append (detail, exposure->is_dir ? _("Others can open it and read what is in it.")
                                              : _("Others can read it."));

  if (exposure->through != NULL)
    {
      g_autofree char *who = g_strjoinv (", ", exposure->through);
      g_string_append_c (detail, ' ');
      /* TRANSLATORS: %s lists accounts and groups, e.g. the group “users” */
      g_string_append_printf (detail, _("Given to: %s."), who);
    }
  if (!exposure->ours)
    g_string_append_printf (detail, " %s", _("It belongs to another account."));
  item->detail = g_string_free (g_steal_pointer (&detail), FALSE);
}

static void
add_account_items (AntamResult         *result,
                   AntamHomeInspection *inspection)
{
  for (guint i = 0; i < inspection->other_accounts->len; i++)
    {
      AntamItem *item = antam_result_add_item (result, "account", g_ptr_array_index (inspection->other_accounts, i),
                                               NULL);
      item->detail = g_strdup (_("Another account that can log in to this computer."));
    }
  if (inspection->accounts_error != NULL)
    {
      AntamItem *item = antam_result_add_item (result, "error", _("The list of accounts could not be read"), NULL);
      item->detail = g_strdup (inspection->accounts_error);
    }
}

static const char *
exposed_title (AntamHomeInspection *inspection,
               gboolean             others)
{
  if (has_kind (inspection, ANTAM_EXPOSURE_HOME, TRUE))
    return _("Other accounts can change your home folder");
  if (has_kind (inspection, ANTAM_EXPOSURE_HOME, FALSE))
    return others ? _("Other people with an account on this computer can open your home folder")
                  : _("Your home folder is open to the computer's other accounts");
  if (has_kind (inspection, ANTAM_EXPOSURE_FOLDER, FALSE))
    return others ? _("Other people with an account on this computer can open some of your folders")
                  : _("Some of your folders are open to the computer's other accounts");
  if (has_kind (inspection, ANTAM_EXPOSURE_SSH_KEY, FALSE) ||
      has_kind (inspection, ANTAM_EXPOSURE_SSH_FOLDER, FALSE) ||
      has_kind (inspection, ANTAM_EXPOSURE_SSH_AUTHORIZED, FALSE))
    return _("Your SSH keys are not kept private");
  return _("Anyone can change some files in your home folder");
}

static void
report_exposed (AntamScanContext    *context,
                AntamHomeInspection *inspection,
                GPtrArray           *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  gboolean others = inspection->other_accounts->len > 0;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *commands = antam_home_fix_commands (inspection);
  g_autofree char *it_staff = NULL;
  AntamResult *result;
  AntamStatus status = ANTAM_STATUS_WARNING;

  /* Someone who can log in, or anyone at all writing into the home. */
  if (others || has_kind (inspection, ANTAM_EXPOSURE_HOME, TRUE))
    status = ANTAM_STATUS_RISK;

  g_string_append (summary, _("Your documents, downloads and the settings of your apps should be yours alone. "
                              "What others may open can be read by anyone else who uses this computer, and by "
                              "any program running under another account that an attacker took over."));
  if (others)
    g_string_append_printf (summary, " %s", _("Other people can log in to this computer with their own account."));

  result = antam_result_new (CHECK_ID, status, exposed_title (inspection, others), summary->str);
  for (guint i = 0; i < inspection->exposures->len; i++)
    add_exposure_item (result, g_ptr_array_index (inspection->exposures, i));
  if (inspection->n_world_writable > count_kind (inspection, ANTAM_EXPOSURE_WORLD_WRITABLE))
    {
      AntamItem *item = antam_result_add_item (result, "file", _("More files anyone can change"), NULL);
      item->detail = g_strdup_printf (_("%u in all; the ones above are the first."), inspection->n_world_writable);
    }
  if (!inspection->walk_complete)
    {
      AntamItem *item = antam_result_add_item (result, "error", _("Not every file was looked at"), NULL);
      item->detail = g_strdup (inspection->walk_problem);
    }
  add_account_items (result, inspection);

  /* The user's own files: no administrator, nothing deleted.  From a
   * Flatpak the home is read-only, so only the guide is left. */
  if (!antam_sysroot_is_sandboxed (sysroot) && antam_home_inspection_n_fixable (inspection) > 0)
    antam_result_set_remedy (result, ANTAM_REMEDY_FIX, "home-permissions",
                             _("An Tâm can make them private in one click: only you will be able to open them. "
                               "No administrator is needed, nothing is deleted, and what is in your files does "
                               "not change."));
  else
    antam_result_set_remedy (result, ANTAM_REMEDY_GUIDE, NULL,
                             _("Ask your IT staff to make these folders and files private, so that only you "
                               "can open them."));
  /* TRANSLATORS: %s is a list of commands */
  it_staff = g_strdup_printf (C_("it-staff", "As the user: %s. ACL entries (getfacl) are held back by the mask "
                                             "chmod sets; remove them with setfacl -b."), commands);
  antam_result_set_it_staff (result, it_staff);
  g_ptr_array_add (results, result);
}

void
antam_check_home_privacy (AntamScanContext *context,
                          GPtrArray        *results)
{
  AntamSysroot *sysroot = antam_scan_context_get_sysroot (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(AntamHomeInspection) inspection =
    antam_home_inspect (sysroot, antam_scan_context_get_cancellable (context), &error);
  AntamResult *result;

  if (inspection == NULL)
    {
      g_ptr_array_add (results, antam_result_new_unknown (CHECK_ID, _("Your home folder could not be checked"),
                                                          _("An Tâm could not look through your home "
                                                            "folder, so it cannot tell who else can "
                                                            "read your files."),
                                                          error));
      return;
    }

  if (inspection->exposures->len > 0)
    {
      report_exposed (context, inspection, results);
      return;
    }

  /* Nothing open, but part of the home unseen: not "OK". */
  if (!inspection->walk_complete)
    {
      result = antam_result_new (CHECK_ID, ANTAM_STATUS_UNKNOWN,
                                 _("Not every file in your home folder could be checked"),
                                 _("Other accounts may enter your home folder, so An Tâm looks for files in it "
                                   "that anyone may change, and it could not look at all of them."));
      {
        AntamItem *item = antam_result_add_item (result, "error", _("Not every file was looked at"), NULL);
        item->detail = g_strdup (inspection->walk_problem);
      }
      add_account_items (result, inspection);
      g_ptr_array_add (results, result);
      return;
    }

  result = antam_result_new (CHECK_ID, ANTAM_STATUS_OK,
                             inspection->home_passable ? _("Other accounts cannot read your files")
                                                       : _("Only you can open your home folder"),
                             _("Nobody else with an account on this computer can open your home folder and "
                               "the folders in it, or change your files."));
  add_account_items (result, inspection);
  g_ptr_array_add (results, result);
}
