/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "report/antam-contacts.h"
#include "report/antam-outbox.h"
#include "antam-preferences-window.h"
#include "antam-report-dialog.h"
#include "report/antam-report-model.h"
#include "antam-report-sender.h"
#include "report/antam-secrets.h"
#include "report/antam-send.h"
#include "antam-report-save.h"
#include "antam-team-choice.h"

struct _AntamReportDialog
{
  AdwWindow parent_instance;

  AntamSession *session;
  GSettings *settings;            /* nullable: schema not installed */
  AntamContacts *contacts;
  AntamSystemInfo *system;
  char *report_id;                /* one report per dialog, however often previewed */
  GDateTime *created;
  AntamOutboxEntry *entry;        /* once queued, the report is fixed */
  GCancellable *cancellable;
  char *email_text;
  char *json;
  gboolean sending;
  gboolean done;
  gboolean failed;                /* the last try did not get it out */

  AdwToastOverlay *toasts;
  AdwWindowTitle *window_title;
  GtkWidget *recipient_group;
  GtkWidget *sender_group;
  GtkWidget *incident_group;
  GtkWidget *withhold_group;
  AdwComboRow *contact_row;
  AdwEntryRow *other_email_row;
  AdwActionRow *phone_row;
  AdwActionRow *email_row;
  AdwEntryRow *sender_name_row;
  AdwEntryRow *sender_unit_row;
  AdwEntryRow *sender_phone_row;
  AdwEntryRow *sender_email_row;
  AdwEntryRow *what_row;
  AdwEntryRow *when_row;
  AdwEntryRow *affected_row;
  GtkSwitch *withhold_hostname;
  GtkSwitch *withhold_user;
  GtkSwitch *withhold_home;
  GtkSwitch *withhold_urls;
  GtkWidget *password_group;
  AdwPasswordEntryRow *password_row;
  GtkSwitch *remember_switch;
  GtkTextView *email_view;
  GtkTextView *json_view;
  GtkLabel *channel_label;
  GtkWidget *send_button;
  GtkWidget *send_hint;
  GtkSpinner *spinner;
  GtkWidget *failure_box;
  GtkLabel *failure_title;
  GtkLabel *failure_label;
  GtkLabel *call_label;
};

G_DEFINE_FINAL_TYPE (AntamReportDialog, antam_report_dialog, ADW_TYPE_WINDOW)

static const AntamContact *
selected_contact (AntamReportDialog *self)
{
  guint index = adw_combo_row_get_selected (self->contact_row);

  if (index == GTK_INVALID_LIST_POSITION || index >= self->contacts->contacts->len)
    return NULL;
  return g_ptr_array_index (self->contacts->contacts, index);
}

static AntamSendConfig *
load_config (AntamReportDialog *self)
{
  AntamSendConfig *config = antam_send_config_load (self->settings);
  const AntamContact *contact = selected_contact (self);

  if (contact != NULL)
    {
      g_free (config->contact_id);
      config->contact_id = g_strdup (contact->id);
    }
  if (self->contacts != NULL)
    antam_send_config_add_contacts (config, self->contacts);
  return config;
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text ? g_steal_pointer (&text) : NULL;
}

static AntamReportModel *
build_model (AntamReportDialog *self)
{
  AntamReportModel *model = antam_report_model_from_session (self->session);

  /* The same report however often the preview is redrawn. */
  g_free (model->id);
  model->id = g_strdup (self->report_id);
  g_date_time_unref (model->created);
  model->created = g_date_time_ref (self->created);

  antam_report_model_set_contact (model, selected_contact (self));
  model->sender_name = entry_text (self->sender_name_row);
  model->sender_unit = entry_text (self->sender_unit_row);
  model->sender_phone = entry_text (self->sender_phone_row);
  model->sender_email = entry_text (self->sender_email_row);
  model->incident_what = entry_text (self->what_row);
  model->incident_when = entry_text (self->when_row);
  model->incident_affected = entry_text (self->affected_row);

  if (gtk_switch_get_active (self->withhold_hostname))
    model->withhold |= ANTAM_WITHHOLD_HOSTNAME;
  if (gtk_switch_get_active (self->withhold_user))
    model->withhold |= ANTAM_WITHHOLD_USER_NAME;
  if (gtk_switch_get_active (self->withhold_home))
    model->withhold |= ANTAM_WITHHOLD_HOME_PATHS;
  if (gtk_switch_get_active (self->withhold_urls))
    model->withhold |= ANTAM_WITHHOLD_DOWNLOAD_URLS;
  return model;
}

static void
update_contact (AntamReportDialog *self)
{
  const AntamContact *contact = selected_contact (self);
  g_autofree char *phone = NULL;

  if (contact == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->other_email_row), g_str_equal (contact->id, ANTAM_OTHER_CONTACT));
  if (contact->phone != NULL && antam_contact_get_person (contact) != NULL)
    phone = g_strdup_printf ("%s (%s)", contact->phone, antam_contact_get_person (contact));
  else
    phone = g_strdup (contact->phone);
  adw_action_row_set_subtitle (self->phone_row, phone ? phone : "");
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row), contact->phone != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.copy-phone", contact->phone != NULL);
  adw_action_row_set_subtitle (self->email_row, contact->email ? contact->email : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_row), contact->email != NULL);
  adw_window_title_set_subtitle (self->window_title, antam_contact_get_name (contact));
}

static void
update_channel (AntamReportDialog *self)
{
  g_autoptr(AntamSendConfig) config = load_config (self);
  g_autofree char *text = NULL;

  if (antam_session_is_training (self->session))
    text = g_strdup (_("Training mode: the report is kept in the outbox and never sent."));
  else if (config->channel == ANTAM_CHANNEL_SMTP)
    /* TRANSLATORS: %s is the agency's mail server */
    text = g_strdup_printf (_("Sent by the agency’s mail server %s."),
                            config->smtp_server ? config->smtp_server : "—");
  else if (config->channel == ANTAM_CHANNEL_HTTPS)
    text = g_strdup (_("Sent to the team’s server over a secure connection."));
  else
    text = g_strdup (_("Opens in your mail app, to be sent from your own mailbox."));
  gtk_label_set_label (self->channel_label, text);
}

static void
update_preview (AntamReportDialog *self)
{
  g_autoptr(AntamReportModel) model = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *email = NULL;

  if (self->entry != NULL)
    return;   /* queued: what is shown is what is in the outbox */

  model = build_model (self);
  subject = antam_report_model_get_subject (model);
  email = antam_report_model_to_text (model);
  g_free (self->email_text);
  self->email_text = g_strdup_printf ("%s %s\n%s %s\n\n%s", _("To:"),
                                      model->contact && model->contact->email ? model->contact->email : "—",
                                      _("Subject:"), subject, email);
  g_free (self->json);
  self->json = antam_report_model_to_json (model);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->email_view), self->email_text, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->json_view), self->json, -1);
}

static gboolean
has_entry_text (AdwEntryRow *row)
{
  g_autofree char *text = entry_text (row);

  return text != NULL;
}

/* Who sends it comes first: a report no one can answer is no use to the
 * team.  The button says nothing on its own, so the line beside it does. */
static void
update_send_button (AntamReportDialog *self)
{
  const AntamContact *contact = selected_contact (self);
  gboolean named = has_entry_text (self->sender_name_row) && has_entry_text (self->sender_unit_row);
  gboolean addressed = contact != NULL && (contact->email != NULL || contact->https_endpoint != NULL);
  gboolean editable = !self->sending && !self->done;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.send", named && addressed && editable);
  if (!addressed)
    gtk_label_set_label (GTK_LABEL (self->send_hint), _("Enter the other team’s e-mail address to send the report."));
  else
    gtk_label_set_label (GTK_LABEL (self->send_hint), _("Enter your full name and unit to send the report."));
  gtk_widget_set_visible (self->send_hint, !(named && addressed) && !self->done);
  gtk_widget_set_sensitive (self->recipient_group, editable);
  gtk_widget_set_sensitive (self->sender_group, editable);
  gtk_widget_set_sensitive (self->incident_group, editable);
  gtk_widget_set_sensitive (self->withhold_group, editable);
}

/* A report that failed before anyone got it is taken back out of the
 * outbox as soon as it is changed, and queued anew (the same id) when
 * sent: corrected, not doubled.  Left as it is, it keeps waiting. */
static void
withdraw_failed_entry (AntamReportDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->failed || self->entry == NULL)
    return;
  if (!antam_outbox_entry_withdraw (self->entry, &error))
    {
      g_message ("The failed report stays in the outbox: %s", error->message);
      return;
    }
  g_clear_pointer (&self->entry, antam_outbox_entry_unref);
}

static void
on_changed (AntamReportDialog *self)
{
  withdraw_failed_entry (self);
  update_preview (self);
  update_send_button (self);
}

static void
on_contact_selected (AntamReportDialog *self)
{
  const AntamContact *contact = selected_contact (self);

  antam_team_choice_remember (self->settings, contact);
  withdraw_failed_entry (self);
  update_contact (self);
  update_channel (self);
  update_preview (self);
}

/* The settings this dialog shows the outcome of, a click away: a change
 * there shows here at once (see on_settings_changed()). */
static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AntamReportDialog *self = ANTAM_REPORT_DIALOG (widget);

  gtk_window_present (GTK_WINDOW (antam_preferences_window_new (GTK_WINDOW (self),
                                                                antam_session_is_training (self->session))));
}

static void
on_settings_changed (AntamReportDialog *self)
{
  antam_team_choice_update_other (self->contacts, self->settings);
  update_contact (self);
  update_channel (self);
  update_preview (self);
  update_send_button (self);
}

static void
copy_phone_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AntamReportDialog *self = ANTAM_REPORT_DIALOG (widget);
  const AntamContact *contact = selected_contact (self);

  if (contact == NULL || contact->phone == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), contact->phone);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Phone number copied")));
}

static void
toast (AntamReportDialog *self,
       const char        *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
set_sending (AntamReportDialog *self,
             gboolean           sending)
{
  self->sending = sending;
  gtk_spinner_set_spinning (self->spinner, sending);
  if (sending)
    {
      self->failed = FALSE;
      gtk_widget_set_visible (self->failure_box, FALSE);
    }
  update_send_button (self);
}

static void
finish_done (AntamReportDialog *self)
{
  self->done = TRUE;
  gtk_widget_set_visible (self->failure_box, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->send_button), _("Close"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button), "window.close");
  gtk_widget_set_sensitive (self->send_button, TRUE);
  update_send_button (self);
}

/* What happened and what to do, in the dialog itself (a toast goes
 * before it is read), with the way out that always works: the record on
 * paper or in another mailbox, or the team's phone. */
static void
show_failure (AntamReportDialog *self,
              const char        *what_happened,
              const char        *what_to_do)
{
  const AntamContact *contact = selected_contact (self);
  g_autofree char *text = NULL;
  g_autofree char *call = NULL;

  self->failed = TRUE;
  gtk_label_set_label (self->failure_title, _("The report has not been sent"));
  text = what_to_do ? g_strdup_printf ("%s %s", what_happened, what_to_do) : g_strdup (what_happened);
  gtk_label_set_label (self->failure_label, text);
  if (contact != NULL && contact->phone != NULL)
    /* TRANSLATORS: %s is the team's name, then its phone number */
    call = g_strdup_printf (_("Or call %s: %s."), antam_contact_get_name (contact), contact->phone);
  gtk_label_set_label (self->call_label, call ? call : "");
  gtk_widget_set_visible (GTK_WIDGET (self->call_label), call != NULL);
  gtk_widget_set_visible (self->failure_box, TRUE);
  update_send_button (self);
}

static void
toast_saved (GtkWidget  *widget,
             const char *message)
{
  toast (ANTAM_REPORT_DIALOG (widget), message);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AntamReportDialog *self = ANTAM_REPORT_DIALOG (widget);

  antam_report_save_choose (GTK_WINDOW (self), build_model (self), TRUE, toast_saved);
}

static void
on_password_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_message ("The password was not remembered: %s", error->message);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AntamReportDialog) self = user_data;
  GApplication *application = g_application_get_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  set_sending (self, FALSE);
  if (antam_report_send_finish (result, &error))
    {
      g_autoptr(AntamSendConfig) config = load_config (self);
      g_autofree char *password = entry_text (ADW_ENTRY_ROW (self->password_row));

      if (password != NULL && gtk_switch_get_active (self->remember_switch) &&
          config->smtp_server != NULL && config->smtp_user != NULL)
        {
          /* Remembered only once the server took it: never a wrong one. */
          g_autofree char *label = g_strdup_printf (_("An Tâm: mail server password for %s@%s"),
                                                    config->smtp_user, config->smtp_server);
          secret_password_store (antam_smtp_secret_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                 NULL, on_password_stored, NULL,
                                 "server", config->smtp_server, "user", config->smtp_user, NULL);
        }

      if (self->entry->state == ANTAM_OUTBOX_HANDED_TO_MAIL_CLIENT)
        text = g_strdup (_("Your mail app has the report: check it and press Send there."));
      else
        /* TRANSLATORS: %s is the team's name */
        text = g_strdup_printf (_("Report sent to %s."), antam_contact_get_name (selected_contact (self)));
      toast (self, text);
      if (application != NULL)
        antam_report_notify (application, self->entry->id, _("Report sent"), text);
      finish_done (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_TRAINING))
    {
      toast (self, _("Training mode: the report was kept in the outbox and not sent."));
      finish_done (self);
      return;
    }
  if (g_error_matches (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NEED_PASSWORD) ||
      g_error_matches (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_AUTH))
    {
      gtk_widget_set_visible (self->password_group, TRUE);
      show_failure (self, error->message, _("Enter the password below and send again."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  if (g_error_matches (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_MAYBE_DELIVERED))
    {
      /* Never "not sent": it may be there.  It waits in the outbox, and
       * sending it again is the user's choice, or the retry's. */
      toast (self, error->message);
      if (application != NULL)
        antam_report_notify (application, self->entry->id, _("Report may have been delivered"), error->message);
      finish_done (self);
      return;
    }

  if (g_error_matches (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_NO_MAIL_CLIENT))
    show_failure (self, _("No mail app could be opened on this computer."),
                  _("Save the PDF record below and attach it to an e-mail from your web mailbox, or ask your IT "
                    "staff to set up a mail app."));
  else if (antam_send_error_is_permanent (error))
    show_failure (self, error->message,
                  _("Correct the details or the sending settings, then send again; or save the PDF record below."));
  else
    show_failure (self, error->message,
                  _("The report waits in the outbox and An Tâm will try again by itself. You can also send it "
                    "again now, or save the PDF record below."));
  if (application != NULL)
    antam_report_notify (application, self->entry->id,
                         antam_send_error_is_permanent (error) ? _("Report not sent") : _("Report not sent yet"),
                         error->message);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AntamReportDialog *self = ANTAM_REPORT_DIALOG (widget);
  g_autoptr(AntamSendConfig) config = load_config (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (self->sending || self->done)
    return;

  if (self->entry == NULL)
    {
      g_autoptr(AntamReportModel) model = build_model (self);
      g_autofree char *outbox = antam_outbox_get_default_dir ();

      /* Into the outbox first, exactly as previewed: from here on it is
       * never lost, whatever happens to the sending. */
      self->entry = antam_outbox_add_report (outbox, model, config->channel, &error);
      if (self->entry == NULL)
        {
          show_failure (self, error->message, NULL);
          return;
        }
    }

  password = entry_text (ADW_ENTRY_ROW (self->password_row));
  if (password != NULL)
    config->smtp_password = g_steal_pointer (&password);

  /* Sent to the team shown: that is the user's choice from now on. */
  antam_team_choice_remember (self->settings, selected_contact (self));
  set_sending (self, TRUE);
  antam_report_send_async (GTK_WINDOW (self), self->entry, config, self->cancellable,
                           on_sent, g_object_ref (self));
}

static void
antam_report_dialog_dispose (GObject *object)
{
  AntamReportDialog *self = ANTAM_REPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_REPORT_DIALOG);
  G_OBJECT_CLASS (antam_report_dialog_parent_class)->dispose (object);
}

static void
antam_report_dialog_finalize (GObject *object)
{
  AntamReportDialog *self = ANTAM_REPORT_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->contacts, antam_contacts_free);
  g_clear_pointer (&self->system, antam_system_info_free);
  g_clear_pointer (&self->report_id, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->entry, antam_outbox_entry_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->email_text, g_free);
  g_clear_pointer (&self->json, g_free);
  G_OBJECT_CLASS (antam_report_dialog_parent_class)->finalize (object);
}

static void
antam_report_dialog_class_init (AntamReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_report_dialog_dispose;
  object_class->finalize = antam_report_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-report-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, AntamReportDialog, name)
  CHILD (toasts);
  CHILD (window_title);
  CHILD (recipient_group);
  CHILD (sender_group);
  CHILD (incident_group);
  CHILD (withhold_group);
  CHILD (contact_row);
  CHILD (other_email_row);
  CHILD (phone_row);
  CHILD (email_row);
  CHILD (sender_name_row);
  CHILD (sender_unit_row);
  CHILD (sender_phone_row);
  CHILD (sender_email_row);
  CHILD (what_row);
  CHILD (when_row);
  CHILD (affected_row);
  CHILD (withhold_hostname);
  CHILD (withhold_user);
  CHILD (withhold_home);
  CHILD (withhold_urls);
  CHILD (password_group);
  CHILD (password_row);
  CHILD (remember_switch);
  CHILD (email_view);
  CHILD (json_view);
  CHILD (channel_label);
  CHILD (send_button);
  CHILD (send_hint);
  CHILD (spinner);
  CHILD (failure_box);
  CHILD (failure_title);
  CHILD (failure_label);
  CHILD (call_label);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "report.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "report.copy-phone", NULL, copy_phone_action);
  gtk_widget_class_install_action (widget_class, "report.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "report.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
antam_report_dialog_init (AntamReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->report_id = g_uuid_string_random ();
  self->created = g_date_time_new_now_local ();
}

AntamReportDialog *
antam_report_dialog_new (GtkWindow    *parent,
                         AntamSession *session)
{
  AntamReportDialog *self;
  g_autoptr(GtkStringList) names = NULL;
  GtkEditable *entries[7];
  GtkSwitch *switches[4];

  g_return_val_if_fail (ANTAM_IS_SESSION (session), NULL);

  self = g_object_new (ANTAM_TYPE_REPORT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->settings = antam_report_settings_new ();
  self->system = antam_system_info_read (antam_session_get_sysroot (session));

  /* Whom to send to is this machine's (the agency's) choice, also in training. */
  self->contacts = antam_team_choice_load (self->settings);
  names = antam_team_choice_names (self->contacts);
  adw_combo_row_set_model (self->contact_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->contact_row,
                              antam_team_choice_selected (self->contacts, self->settings, NULL));

  if (self->settings != NULL)
    {
      /* Asked once: until the user chose, the agency's team is selected
       * and the first thing to check. */
      if (!g_settings_get_boolean (self->settings, "report-contact-chosen"))
        {
          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->recipient_group),
                                                 _("Check the team your reports go to: your agency’s team is "
                                                   "selected. Choose another if you work elsewhere."));
          gtk_widget_grab_focus (GTK_WIDGET (self->contact_row));
        }
      g_settings_bind (self->settings, "report-contact-email", self->other_email_row, "text",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "sender-name", self->sender_name_row, "text", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "sender-unit", self->sender_unit_row, "text", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "sender-phone", self->sender_phone_row, "text", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "sender-email", self->sender_email_row, "text", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                               G_CONNECT_SWAPPED);
    }

  entries[0] = GTK_EDITABLE (self->sender_name_row);
  entries[1] = GTK_EDITABLE (self->sender_unit_row);
  entries[2] = GTK_EDITABLE (self->sender_phone_row);
  entries[3] = GTK_EDITABLE (self->sender_email_row);
  entries[4] = GTK_EDITABLE (self->what_row);
  entries[5] = GTK_EDITABLE (self->when_row);
  entries[6] = GTK_EDITABLE (self->affected_row);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    g_signal_connect_object (entries[i], "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  switches[0] = self->withhold_hostname;
  switches[1] = self->withhold_user;
  switches[2] = self->withhold_home;
  switches[3] = self->withhold_urls;
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    g_signal_connect_object (switches[i], "notify::active", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_row, "notify::selected", G_CALLBACK (on_contact_selected), self,
                           G_CONNECT_SWAPPED);

  update_contact (self);
  update_channel (self);
  update_preview (self);
  update_send_button (self);
  return self;
}

const char *
antam_report_dialog_get_email_text (AntamReportDialog *self)
{
  g_return_val_if_fail (ANTAM_IS_REPORT_DIALOG (self), NULL);
  return self->email_text;
}

const char *
antam_report_dialog_get_json (AntamReportDialog *self)
{
  g_return_val_if_fail (ANTAM_IS_REPORT_DIALOG (self), NULL);
  return self->json;
}

/**
 * antam_report_dialog_set_withhold:
 * @withhold: #AntamWithhold flags
 *
 * Sets the switches, as the user would; the preview follows.
 */
void
antam_report_dialog_set_withhold (AntamReportDialog *self,
                                  guint              withhold)
{
  g_return_if_fail (ANTAM_IS_REPORT_DIALOG (self));
  gtk_switch_set_active (self->withhold_hostname, (withhold & ANTAM_WITHHOLD_HOSTNAME) != 0);
  gtk_switch_set_active (self->withhold_user, (withhold & ANTAM_WITHHOLD_USER_NAME) != 0);
  gtk_switch_set_active (self->withhold_home, (withhold & ANTAM_WITHHOLD_HOME_PATHS) != 0);
  gtk_switch_set_active (self->withhold_urls, (withhold & ANTAM_WITHHOLD_DOWNLOAD_URLS) != 0);
}

/**
 * antam_report_dialog_set_incident:
 *
 * Fills in the description, for when the user came here to report
 * something that happened.
 */
void
antam_report_dialog_set_incident (AntamReportDialog *self,
                                  const char        *what,
                                  const char        *when,
                                  const char        *affected)
{
  g_return_if_fail (ANTAM_IS_REPORT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->what_row), what ? what : "");
  gtk_editable_set_text (GTK_EDITABLE (self->when_row), when ? when : "");
  gtk_editable_set_text (GTK_EDITABLE (self->affected_row), affected ? affected : "");
}

/**
 * antam_report_dialog_get_entry:
 *
 * Returns: (nullable) (transfer none): the report in the outbox, once sent
 */
AntamOutboxEntry *
antam_report_dialog_get_entry (AntamReportDialog *self)
{
  g_return_val_if_fail (ANTAM_IS_REPORT_DIALOG (self), NULL);
  return self->entry;
}
