/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "antam-preferences-private.h"

/* The keyring part of Preferences: whether a secret is saved, saving one
 * typed in a row, forgetting it.  Each secret is a SecretSlot, the window
 * says which settings it belongs to. */

typedef struct {
  AntamPreferencesWindow *self;  /* a reference */
  SecretSlot *slot;              /* in self */
  guint serial;
} Query;

static Query *
query_new (AntamPreferencesWindow *self,
           SecretSlot             *slot,
           guint                   serial)
{
  Query *query = g_new0 (Query, 1);

  query->self = g_object_ref (self);
  query->slot = slot;
  query->serial = serial;
  return query;
}

static void
query_free (Query *query)
{
  g_object_unref (query->self);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

GHashTable *
antam_preferences_secret_attributes_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

static void
set_secret_status (AntamPreferencesWindow *self,
                   SecretSlot             *slot,
                   gboolean                saved,
                   const char             *text)
{
  adw_action_row_set_subtitle (slot->status_row, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), slot->forget_action, saved);
}

/* Empty, and without the apply button that the change would otherwise
 * show again for a row that still has the focus. */
static void
clear_secret_row (AdwPasswordEntryRow *row)
{
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
}

/* The keyring's own words (D-Bus names, service files) help no one here:
 * they go to the debug log, the user reads what it means for them. */
static char *
keyring_problem (const GError *error)
{
  g_debug ("The Secret Service did not answer: %s", error->message);
  return g_strdup (_("The keyring of your session is not available, so nothing can be saved here. "
                     "An Tâm will ask when sending."));
}

static void
on_secret_searched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Query) query = user_data;
  AntamPreferencesWindow *self = query->self;
  SecretSlot *slot = query->slot;
  g_autoptr(GError) error = NULL;
  GList *items = secret_password_search_finish (result, &error);
  gboolean saved = items != NULL;

  g_list_free_full (items, g_object_unref);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || query->serial != slot->serial)
    return;
  if (error != NULL)
    {
      g_autofree char *text = keyring_problem (error);
      set_secret_status (self, slot, FALSE, text);
      return;
    }
  set_secret_status (self, slot, saved, saved ? _("Saved in the keyring.") : _(slot->none_saved));
}

/* Whether a secret is saved, without reading it: a search returns the
 * items, not their secrets, and needs no unlocking. */
void
antam_preferences_secret_query (AntamPreferencesWindow *self,
              SecretSlot             *slot)
{
  g_autoptr(GHashTable) attributes = antam_preferences_secret_attributes_new ();
  const char *why = NULL;

  slot->serial++;
  if (!slot->attributes (self, TRUE, attributes, &why))
    {
      set_secret_status (self, slot, FALSE, why);
      return;
    }
  set_secret_status (self, slot, FALSE, _("Looking in the keyring…"));
  secret_password_searchv (slot->schema (), attributes, SECRET_SEARCH_NONE, antam_preferences_window_get_cancellable (self),
                           on_secret_searched, query_new (self, slot, slot->serial));
}

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Query) query = user_data;
  AntamPreferencesWindow *self = query->self;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = query->slot->not_saved (error->message);
      antam_preferences_window_toast (self, text);
    }
  else
    antam_preferences_window_toast (self, _(query->slot->saved));
  antam_preferences_secret_query (self, query->slot);
}

void
antam_preferences_secret_apply (AntamPreferencesWindow *self,
                 SecretSlot             *slot)
{
  g_autoptr(GHashTable) attributes = antam_preferences_secret_attributes_new ();
  g_autofree char *label = NULL;
  const char *why = NULL;
  char *secret;
  gsize size;

  if (*gtk_editable_get_text (GTK_EDITABLE (slot->row)) == '\0')
    return;
  if (!slot->attributes (self, FALSE, attributes, &why))
    {
      if (slot->incomplete != NULL)
        antam_preferences_window_toast (self, _(slot->incomplete));
      return;
    }

  secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (slot->row)));
  size = strlen (secret);       /* stripping leaves copies of its end past the new end */
  if (slot->strip)
    g_strstrip (secret);
  /* Out of the widget at once: from here it lives in the keyring only. */
  clear_secret_row (slot->row);
  label = slot->label (attributes);
  set_secret_status (self, slot, FALSE, _("Saving in the keyring…"));
  secret_password_storev (slot->schema (), attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                          antam_preferences_window_get_cancellable (self), on_secret_stored, query_new (self, slot, 0));
  memset (secret, 0, size);
  g_free (secret);
}

static void
on_secret_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Query) query = user_data;
  AntamPreferencesWindow *self = query->self;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_autofree char *text = keyring_problem (error);
      antam_preferences_window_toast (self, text);
    }
  else
    antam_preferences_window_toast (self, _(query->slot->forgotten));
  antam_preferences_secret_query (self, query->slot);
}

/* Forgets the secret for the current settings, and says so. */
void
antam_preferences_secret_forget (AntamPreferencesWindow *self,
                                 SecretSlot             *slot)
{
  g_autoptr(GHashTable) attributes = antam_preferences_secret_attributes_new ();
  const char *why = NULL;

  if (!slot->attributes (self, FALSE, attributes, &why))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), slot->forget_action, FALSE);
  secret_password_clearv (slot->schema (), attributes, antam_preferences_window_get_cancellable (self),
                          on_secret_cleared, query_new (self, slot, 0));
}
