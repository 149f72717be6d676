/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-outbox-dialog.h"
#include "report/antam-outbox.h"
#include "antam-report-sender.h"
#include "report/antam-send.h"
#include "sysroot/antam-sysroot.h"

struct _AntamOutboxDialog
{
  AdwWindow parent_instance;

  GPtrArray *rows;              /* the rows we added, to remove them again */
  GCancellable *cancellable;

  AdwToastOverlay *toasts;
  GtkStack *stack;
  AdwPreferencesGroup *pending_group;
  AdwPreferencesGroup *done_group;
  AdwPreferencesGroup *training_group;
};

G_DEFINE_FINAL_TYPE (AntamOutboxDialog, antam_outbox_dialog, ADW_TYPE_WINDOW)

static char *
format_time (GDateTime *when)
{
  return when ? antam_timestamp_display (when) : g_strdup ("");
}

/* What happens next to a report that waits, in a sentence: the outbox
 * promises only what is true of it. */
static const char *
next_step (AntamOutboxEntry *entry)
{
  switch (entry->state)
    {
    case ANTAM_OUTBOX_HANDING_OVER:
      return _("Being sent right now.");
    case ANTAM_OUTBOX_MAYBE_DELIVERED:
      return _("It is sent again by itself only a day after it was handed over, in case it was lost. "
               "Send Again sends it now, with the same report number: the team counts it once.");
    case ANTAM_OUTBOX_DAMAGED:
      /* Its damage says what to do. */
      return NULL;
    case ANTAM_OUTBOX_PENDING:
      if (entry->channel == ANTAM_CHANNEL_MAIL_CLIENT)
        return _("It needs you: Send Again opens it in your mail app.");
      if (entry->failure == ANTAM_OUTBOX_FAILURE_PERMANENT)
        return _("Once what is said above is put right, press Send Again.");
      return _("It is sent again by itself: when An Tâm starts, at your next login, and when the "
               "network comes back.");
    case ANTAM_OUTBOX_SENT:
    case ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT:
    case ANTAM_OUTBOX_TRAINING:
    default:
      return NULL;
    }
}

static char *
describe (AntamOutboxEntry *entry)
{
  g_autofree char *when = format_time (entry->sent ? entry->sent : entry->created);
  GString *text = g_string_new (antam_outbox_state_display_name (entry->state));
  const char *next = next_step (entry);

  /* TRANSLATORS: when a report was made, or sent */
  g_string_append_printf (text, " — %s", when);
  if (entry->recipient != NULL)
    g_string_append_printf (text, " — %s", entry->recipient);
  if (antam_outbox_entry_is_waiting (entry) && entry->attempts > 0)
    {
      g_string_append (text, "\n");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u try", "%u tries", entry->attempts),
                              entry->attempts);
      if (entry->last_error != NULL)
        g_string_append_printf (text, ": %s", entry->last_error);
    }
  if (entry->damage != NULL)
    g_string_append_printf (text, "\n%s", entry->damage);
  if (next != NULL)
    g_string_append_printf (text, "\n%s", next);
  return g_string_free (text, FALSE);
}

static void
on_resent (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AntamOutboxDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (antam_report_send_finish (result, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Report sent")));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toasts, toast);
    }
  antam_outbox_dialog_reload (self);
}

static void
on_send_again (GtkButton *button,
               gpointer   user_data)
{
  AntamOutboxDialog *self = ANTAM_OUTBOX_DIALOG (gtk_widget_get_root (GTK_WIDGET (button)));
  AntamOutboxEntry *entry = user_data;
  g_autoptr(GSettings) settings = antam_report_settings_new ();
  g_autoptr(AntamSendConfig) config = antam_send_config_load (settings);
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(AntamContacts) contacts = antam_contacts_load (live);

  antam_send_config_add_contacts (config, contacts);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  antam_report_send_async (GTK_WINDOW (self), entry, config, self->cancellable, on_resent, g_object_ref (self));
}

static void
on_open_folder (GtkButton *button,
                gpointer   user_data)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  AntamOutboxEntry *entry = user_data;
  g_autoptr(GFile) folder = g_file_new_for_path (entry->dir);
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

static GtkWidget *
make_button (const char       *label,
             GCallback         callback,
             AntamOutboxEntry *entry)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_data (button, "clicked", callback, antam_outbox_entry_ref (entry),
                         (GClosureNotify) antam_outbox_entry_unref, 0);
  return button;
}

static GtkWidget *
make_row (AntamOutboxEntry *entry)
{
  g_autofree char *subtitle = describe (entry);
  GtkWidget *row = adw_action_row_new ();
  const char *icon;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->subject);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 8);
  switch (entry->state)
    {
    case ANTAM_OUTBOX_PENDING:
    case ANTAM_OUTBOX_HANDING_OVER: icon = "mail-send-symbolic"; break;
    case ANTAM_OUTBOX_MAYBE_DELIVERED: icon = "dialog-question-symbolic"; break;
    case ANTAM_OUTBOX_DAMAGED: icon = "dialog-warning-symbolic"; break;
    case ANTAM_OUTBOX_TRAINING: icon = "applications-science-symbolic"; break;
    case ANTAM_OUTBOX_SENT:
    case ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT:
    default: icon = "emblem-ok-symbolic"; break;
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));

  if (entry->state == ANTAM_OUTBOX_PENDING || entry->state == ANTAM_OUTBOX_MAYBE_DELIVERED)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               make_button (_("Send Again"), G_CALLBACK (on_send_again), entry));
  if (entry->state == ANTAM_OUTBOX_DAMAGED || entry->damage != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               make_button (_("Open Folder"), G_CALLBACK (on_open_folder), entry));
  return row;
}

/**
 * antam_outbox_dialog_reload:
 *
 * Reads the outbox again: another process (antam-cli, the retry in the
 * background) may have sent something meanwhile.
 */
void
antam_outbox_dialog_reload (AntamOutboxDialog *self)
{
  g_autofree char *outbox = antam_outbox_get_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint pending = 0, done = 0, training = 0;

  g_return_if_fail (ANTAM_IS_OUTBOX_DIALOG (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  entries = antam_outbox_list (outbox, &error);
  if (entries == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      AntamOutboxEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = make_row (entry);

      if (antam_outbox_entry_is_waiting (entry))
        {
          adw_preferences_group_add (self->pending_group, row);
          pending++;
        }
      else if (entry->state == ANTAM_OUTBOX_TRAINING)
        {
          adw_preferences_group_add (self->training_group, row);
          training++;
        }
      else
        {
          adw_preferences_group_add (self->done_group, row);
          done++;
        }
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pending_group), pending > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->done_group), done > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->training_group), training > 0);
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
}

guint
antam_outbox_dialog_get_n_rows (AntamOutboxDialog *self)
{
  g_return_val_if_fail (ANTAM_IS_OUTBOX_DIALOG (self), 0);
  return self->rows->len;
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  antam_outbox_dialog_reload (ANTAM_OUTBOX_DIALOG (widget));
}

static void
antam_outbox_dialog_dispose (GObject *object)
{
  AntamOutboxDialog *self = ANTAM_OUTBOX_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_OUTBOX_DIALOG);
  G_OBJECT_CLASS (antam_outbox_dialog_parent_class)->dispose (object);
}

static void
antam_outbox_dialog_finalize (GObject *object)
{
  AntamOutboxDialog *self = ANTAM_OUTBOX_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (antam_outbox_dialog_parent_class)->finalize (object);
}

static void
antam_outbox_dialog_class_init (AntamOutboxDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_outbox_dialog_dispose;
  object_class->finalize = antam_outbox_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-outbox-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamOutboxDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, AntamOutboxDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AntamOutboxDialog, pending_group);
  gtk_widget_class_bind_template_child (widget_class, AntamOutboxDialog, done_group);
  gtk_widget_class_bind_template_child (widget_class, AntamOutboxDialog, training_group);
  gtk_widget_class_install_action (widget_class, "outbox.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "outbox.reload", NULL);
}

static void
antam_outbox_dialog_init (AntamOutboxDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

AntamOutboxDialog *
antam_outbox_dialog_new (GtkWindow *parent)
{
  AntamOutboxDialog *self = g_object_new (ANTAM_TYPE_OUTBOX_DIALOG, "transient-for", parent, NULL);

  antam_outbox_dialog_reload (self);
  return self;
}
