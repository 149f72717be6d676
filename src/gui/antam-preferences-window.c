/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "antam-ca-file-row.h"
#include "report/antam-contacts.h"
#include "antam-preferences-window.h"
#include "report/antam-secrets.h"
#include "report/antam-send.h"
#include "antam-rules-feed-group.h"
#include "antam-preferences-private.h"
#include "antam-team-choice.h"


struct _AntamPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;          /* nullable: the schema is not installed */
  AntamContacts *contacts;
  GCancellable *cancellable;    /* the keyring's answers, dropped with the window */
  char *channel;                /* "report-channel", through prefs.channel */
  gboolean training;
  gboolean syncing;             /* the combo follows GSettings: not the user's choice */
  SecretSlot password;
  SecretSlot token;

  GtkWidget *sending_page;
  GtkWidget *reminder_page;
  GtkWidget *training_group;
  AdwComboRow *contact_row;
  AdwEntryRow *other_email_row;
  AdwActionRow *contact_phone_row;
  AdwActionRow *contact_email_row;
  AdwActionRow *contact_source_row;
  GtkLabel *contact_problem_label;
  AdwEntryRow *sender_name_row;
  AdwEntryRow *sender_unit_row;
  AdwEntryRow *sender_phone_row;
  AdwEntryRow *sender_email_row;
  GtkLabel *email_problem_label;
  AdwPreferencesGroup *channel_group;
  GtkCheckButton *mail_client_check;
  GtkCheckButton *smtp_check;
  GtkCheckButton *https_check;
  AdwActionRow *https_row;
  GtkLabel *channel_problem_label;
  GtkWidget *smtp_group;
  AdwEntryRow *smtp_server_row;
  AdwComboRow *smtp_security_row;
  GtkSpinButton *smtp_port_spin;
  AdwEntryRow *smtp_user_row;
  AdwPasswordEntryRow *smtp_password_row;
  AdwActionRow *password_status_row;
  GtkLabel *smtp_problem_label;
  GtkWidget *token_group;
  GtkWidget *ca_group;
  AntamCaFileRow *ca_file_row;
  AdwPasswordEntryRow *token_row;
  AdwActionRow *token_status_row;
  AdwActionRow *reminder_row;
  GtkSpinButton *reminder_spin;
};

G_DEFINE_FINAL_TYPE (AntamPreferencesWindow, antam_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Helpers ------------------------------------------------------------- */

static char *
setting_or_null (AntamPreferencesWindow *self,
                 const char             *key)
{
  g_autofree char *value = NULL;

  if (self->settings == NULL)
    return NULL;
  value = g_strstrip (g_settings_get_string (self->settings, key));
  return *value ? g_steal_pointer (&value) : NULL;
}

static void
show_problem (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

GCancellable *
antam_preferences_window_get_cancellable (AntamPreferencesWindow *self)
{
  return self->cancellable;
}

void
antam_preferences_window_toast (AntamPreferencesWindow *self,
                                const char             *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static const AntamContact *
selected_contact (AntamPreferencesWindow *self)
{
  guint index = adw_combo_row_get_selected (self->contact_row);

  if (self->contacts == NULL || index == GTK_INVALID_LIST_POSITION || index >= self->contacts->contacts->len)
    return NULL;
  return g_ptr_array_index (self->contacts->contacts, index);
}

static gboolean
is_channel (AntamPreferencesWindow *self,
            AntamChannel            channel)
{
  return g_strcmp0 (self->channel, antam_channel_to_string (channel)) == 0;
}

/* ---- How reports are sent ------------------------------------------------ */

static void
update_smtp_problem (AntamPreferencesWindow *self)
{
  g_autofree char *server = setting_or_null (self, "smtp-server");
  g_autofree char *security_name = setting_or_null (self, "smtp-security");
  g_autofree char *sender = setting_or_null (self, "sender-email");
  g_autofree char *user = setting_or_null (self, "smtp-user");
  g_autoptr(GError) error = NULL;
  AntamSmtpSecurity security = ANTAM_SMTP_SECURITY_STARTTLS;
  const char *problem = NULL;

  antam_smtp_security_from_string (security_name, &security);
  /* Core refuses these when sending; better to say so while the user is
   * still here to change it, on the row to change. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->smtp_server_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->smtp_security_row), "error");
  if (server != NULL && !antam_smtp_check_server (server, security, &error))
    {
      problem = error->message;
      gtk_widget_add_css_class (g_error_matches (error, ANTAM_SEND_ERROR, ANTAM_SEND_ERROR_PLAIN_REFUSED)
                                ? GTK_WIDGET (self->smtp_security_row) : GTK_WIDGET (self->smtp_server_row),
                                "error");
    }
  else if (is_channel (self, ANTAM_CHANNEL_SMTP) &&
           !antam_email_address_is_valid (sender) && !antam_email_address_is_valid (user))
    problem = _("The mail server needs your e-mail address as the sender: enter it on the Report page.");
  show_problem (self->smtp_problem_label, problem);
}

static void
update_channel (AntamPreferencesWindow *self)
{
  const AntamContact *contact = selected_contact (self);
  gboolean has_endpoint = contact != NULL && contact->https_endpoint != NULL;
  gboolean https = is_channel (self, ANTAM_CHANNEL_HTTPS);

  /* Only a team that lists a server takes reports that way. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->https_row), has_endpoint);
  if (has_endpoint)
    {
      /* TRANSLATORS: %s is the https:// address of the team's server */
      g_autofree char *text = g_strdup_printf (_("Posted to %s over an encrypted connection, with the team’s access token."),
                                               contact->https_endpoint);
      adw_action_row_set_subtitle (self->https_row, text);
    }
  else
    adw_action_row_set_subtitle (self->https_row, _("Not available: the chosen team does not take reports over HTTPS."));

  show_problem (self->channel_problem_label,
                https && !has_endpoint
                ? _("The chosen team does not take reports over HTTPS: choose another way to send them.")
                : NULL);
  adw_preferences_group_set_description (self->channel_group,
                                         self->training
                                         ? _("Training mode: nothing is sent while training. This choice is kept for your own reports.")
                                         : NULL);

  gtk_widget_set_visible (self->smtp_group, is_channel (self, ANTAM_CHANNEL_SMTP));
  gtk_widget_set_visible (self->token_group, https && has_endpoint);
  gtk_widget_set_visible (self->ca_group, !is_channel (self, ANTAM_CHANNEL_MAIL_CLIENT));
  update_smtp_problem (self);
}

static void
set_channel (AntamPreferencesWindow *self,
             const char             *channel)
{
  if (g_strcmp0 (self->channel, channel) == 0)
    return;
  g_free (self->channel);
  self->channel = g_strdup (channel);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
  update_channel (self);
}

static gboolean
security_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  AntamSmtpSecurity security;

  if (!antam_smtp_security_from_string (g_variant_get_string (variant, NULL), &security))
    return FALSE;
  /* The combo lists them in the enum's order. */
  g_value_set_uint (value, (guint) security);
  return TRUE;
}

static GVariant *
security_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index > ANTAM_SMTP_SECURITY_NONE)
    return NULL;
  return g_variant_new_string (antam_smtp_security_to_string ((AntamSmtpSecurity) index));
}

/* ---- The keyring ---------------------------------------------------------- */

/* The password is kept for a user on a server. */
static gboolean
password_attributes (AntamPreferencesWindow  *self,
                     gboolean                 searching,
                     GHashTable              *attributes,
                     const char             **why)
{
  char *server = setting_or_null (self, "smtp-server");
  char *user = setting_or_null (self, "smtp-user");

  if (server == NULL || user == NULL)
    {
      *why = server == NULL ? _("Enter the mail server first.")
                            : _("No user name: reports are sent without logging in.");
      g_free (server);
      g_free (user);
      return FALSE;
    }
  g_hash_table_insert (attributes, "server", server);
  g_hash_table_insert (attributes, "user", user);
  return TRUE;
}

static char *
password_label (GHashTable *attributes)
{
  /* TRANSLATORS: the label of the password in the keyring */
  return g_strdup_printf (_("An Tâm: mail server password for %s@%s"),
                          (char *) g_hash_table_lookup (attributes, "user"),
                          (char *) g_hash_table_lookup (attributes, "server"));
}

static char *
password_not_saved (const char *reason)
{
  /* TRANSLATORS: %s says why, from the keyring */
  return g_strdup_printf (_("The password was not saved: %s"), reason);
}

/* The token is kept for a team; there is no use looking for it while the
 * team has no server to send it to. */
static gboolean
token_attributes (AntamPreferencesWindow  *self,
                  gboolean                 searching,
                  GHashTable              *attributes,
                  const char             **why)
{
  const AntamContact *contact = selected_contact (self);

  if (contact == NULL || (searching && contact->https_endpoint == NULL))
    {
      *why = "";
      return FALSE;
    }
  g_hash_table_insert (attributes, "contact", g_strdup (contact->id));
  return TRUE;
}

static char *
token_label (GHashTable *attributes)
{
  return g_strdup_printf (_("An Tâm: access token for %s"),
                          (char *) g_hash_table_lookup (attributes, "contact"));
}

static char *
token_not_saved (const char *reason)
{
  /* TRANSLATORS: %s says why, from the keyring */
  return g_strdup_printf (_("The access token was not saved: %s"), reason);
}

static void
secret_slots_init (AntamPreferencesWindow *self)
{
  self->password = (SecretSlot) {
    .schema = antam_smtp_secret_schema,
    .attributes = password_attributes,
    .label = password_label,
    .not_saved = password_not_saved,
    .forget_action = "prefs.forget-password",
    .row = self->smtp_password_row,
    .status_row = self->password_status_row,
    .strip = FALSE,
    .none_saved = N_("None saved. An Tâm asks for it when sending, and can remember it then."),
    .incomplete = N_("Enter the mail server and your user name first: the password is kept for that user on that server."),
    .saved = N_("The password is saved in the keyring."),
    .forgotten = N_("The saved password is forgotten."),
  };
  self->token = (SecretSlot) {
    .schema = antam_token_secret_schema,
    .attributes = token_attributes,
    .label = token_label,
    .not_saved = token_not_saved,
    .forget_action = "prefs.forget-token",
    .row = self->token_row,
    .status_row = self->token_status_row,
    .strip = TRUE,
    .none_saved = N_("None saved. The team’s server may refuse reports without it."),
    .incomplete = NULL,
    .saved = N_("The access token is saved in the keyring."),
    .forgotten = N_("The saved access token is forgotten."),
  };
}

static void
on_password_apply (AntamPreferencesWindow *self)
{
  antam_preferences_secret_apply (self, &self->password);
}

static void
on_token_apply (AntamPreferencesWindow *self)
{
  antam_preferences_secret_apply (self, &self->token);
}

/* prefs.forget-password and prefs.forget-token */
static void
forget_secret_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AntamPreferencesWindow *self = ANTAM_PREFERENCES_WINDOW (widget);

  antam_preferences_secret_forget (self, g_str_equal (action_name, self->password.forget_action)
                                           ? &self->password : &self->token);
}

/* ---- Where reports go ---------------------------------------------------- */

static void
update_contact (AntamPreferencesWindow *self)
{
  const AntamContact *contact = selected_contact (self);
  const char *source = contact ? antam_contact_get_source (contact) : NULL;
  g_autofree char *phone = NULL;

  if (contact != NULL && contact->phone != NULL && antam_contact_get_person (contact) != NULL)
    phone = g_strdup_printf ("%s (%s)", contact->phone, antam_contact_get_person (contact));
  else if (contact != NULL)
    phone = g_strdup (contact->phone);

  gtk_widget_set_visible (GTK_WIDGET (self->other_email_row),
                          contact != NULL && g_str_equal (contact->id, ANTAM_OTHER_CONTACT));
  adw_action_row_set_subtitle (self->contact_phone_row, phone ? phone : "");
  gtk_widget_set_visible (GTK_WIDGET (self->contact_phone_row), phone != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.copy-phone", phone != NULL);
  adw_action_row_set_subtitle (self->contact_email_row, contact && contact->email ? contact->email : "");
  gtk_widget_set_visible (GTK_WIDGET (self->contact_email_row), contact && contact->email);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.copy-email", contact && contact->email);
  adw_action_row_set_subtitle (self->contact_source_row, source ? source : "");
  gtk_widget_set_visible (GTK_WIDGET (self->contact_source_row), source != NULL);

  update_channel (self);
  antam_preferences_secret_query (self, &self->token);
}

static void
on_contact_selected (AntamPreferencesWindow *self)
{
  const AntamContact *contact = selected_contact (self);

  if (!self->syncing)
    antam_team_choice_remember (self->settings, contact);
  update_contact (self);
}

static void
sync_contact (AntamPreferencesWindow *self)
{
  g_autofree char *id = setting_or_null (self, "report-contact");
  g_autoptr(GString) problem = g_string_new (NULL);
  gboolean missing = FALSE;
  guint selected = antam_team_choice_selected (self->contacts, self->settings, &missing);

  if (missing)
    /* TRANSLATORS: %s is the id of a team in contacts.json */
    g_string_append_printf (problem, _("The team chosen before (“%s”) is no longer in the list of contacts. Choose the team to send reports to."),
                            id ? id : "");
  if (self->contacts->errors->len > 0)
    {
      if (problem->len > 0)
        g_string_append (problem, "\n");
      g_string_append (problem, _("Some contacts could not be read:"));
      for (guint i = 0; i < self->contacts->errors->len; i++)
        g_string_append_printf (problem, "\n• %s", (char *) g_ptr_array_index (self->contacts->errors, i));
    }
  show_problem (self->contact_problem_label, problem->len > 0 ? problem->str : NULL);

  self->syncing = TRUE;
  adw_combo_row_set_selected (self->contact_row, selected);
  self->syncing = FALSE;
  update_contact (self);
}

static void
copy_text (AntamPreferencesWindow *self,
           const char             *text,
           const char             *message)
{
  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  antam_preferences_window_toast (self, message);
}

static void
copy_phone_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AntamPreferencesWindow *self = ANTAM_PREFERENCES_WINDOW (widget);
  const AntamContact *contact = selected_contact (self);

  if (contact != NULL)
    copy_text (self, contact->phone, _("Phone number copied"));
}

static void
copy_email_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AntamPreferencesWindow *self = ANTAM_PREFERENCES_WINDOW (widget);
  const AntamContact *contact = selected_contact (self);

  if (contact != NULL)
    copy_text (self, contact->email, _("E-mail address copied"));
}

/* ---- The sender ---------------------------------------------------------- */

/* A mistyped address would be the From of every report and where the team
 * answers: it is saved only once it looks like one. */
static void
on_sender_email_changed (AntamPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sender_email_row))));
  gboolean ok = *text == '\0' || antam_email_address_is_valid (text);

  if (ok)
    {
      g_autofree char *saved = self->settings ? g_settings_get_string (self->settings, "sender-email") : NULL;

      gtk_widget_remove_css_class (GTK_WIDGET (self->sender_email_row), "error");
      show_problem (self->email_problem_label, NULL);
      if (self->settings != NULL && g_strcmp0 (saved, text) != 0)
        g_settings_set_string (self->settings, "sender-email", text);
      return;
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->sender_email_row), "error");
  show_problem (self->email_problem_label,
                _("This does not look like an e-mail address such as name@agency.gov.vn. It is saved once it does."));
}

/* ---- Reminders ----------------------------------------------------------- */

static void
update_reminder (AntamPreferencesWindow *self)
{
  guint days = (guint) gtk_spin_button_get_value_as_int (self->reminder_spin);
  g_autofree char *text = NULL;

  if (days == 0)
    text = g_strdup (_("0: never remind me."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A reminder when the last check is more than %u day old. 0 turns reminders off.",
                                         "A reminder when the last check is more than %u days old. 0 turns reminders off.",
                                         days),
                            days);
  adw_action_row_set_subtitle (self->reminder_row, text);
}

/* ---- The object ---------------------------------------------------------- */

static void
on_settings_changed (AntamPreferencesWindow *self,
                     const char             *key)
{
  if (g_str_equal (key, "report-contact") || g_str_equal (key, "report-contact-chosen"))
    sync_contact (self);
  else if (g_str_equal (key, "report-contact-email"))
    {
      antam_team_choice_update_other (self->contacts, self->settings);
      update_contact (self);
    }
  else if (g_str_equal (key, "smtp-server") || g_str_equal (key, "smtp-user"))
    {
      antam_preferences_secret_query (self, &self->password);
      update_smtp_problem (self);
    }
  else if (g_str_equal (key, "smtp-security") || g_str_equal (key, "sender-email"))
    update_smtp_problem (self);
}

static void
antam_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  AntamPreferencesWindow *self = ANTAM_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  AntamPreferencesWindow *self = ANTAM_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      set_channel (self, g_value_get_string (value));
      break;
    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      gtk_widget_set_visible (self->training_group, self->training);
      update_channel (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
antam_preferences_window_dispose (GObject *object)
{
  AntamPreferencesWindow *self = ANTAM_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      g_settings_unbind (self, "channel");
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (antam_preferences_window_parent_class)->dispose (object);
}

static void
antam_preferences_window_finalize (GObject *object)
{
  AntamPreferencesWindow *self = ANTAM_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->contacts, antam_contacts_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->channel, g_free);
  G_OBJECT_CLASS (antam_preferences_window_parent_class)->finalize (object);
}

static void
antam_preferences_window_class_init (AntamPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = antam_preferences_window_get_property;
  object_class->set_property = antam_preferences_window_set_property;
  object_class->dispose = antam_preferences_window_dispose;
  object_class->finalize = antam_preferences_window_finalize;

  /**
   * AntamPreferencesWindow:channel:
   *
   * How reports are sent, as in the "report-channel" setting.
   */
  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, "mail-client",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * AntamPreferencesWindow:training:
   *
   * Opened from a training session: the settings still apply (they are
   * the user's), and the window says that nothing is sent in training.
   */
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ANTAM_TYPE_CA_FILE_ROW);
  g_type_ensure (ANTAM_TYPE_RULES_FEED_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-preferences-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, AntamPreferencesWindow, name)
  CHILD (sending_page);
  CHILD (reminder_page);
  CHILD (training_group);
  CHILD (contact_row);
  CHILD (other_email_row);
  CHILD (contact_phone_row);
  CHILD (contact_email_row);
  CHILD (contact_source_row);
  CHILD (contact_problem_label);
  CHILD (sender_name_row);
  CHILD (sender_unit_row);
  CHILD (sender_phone_row);
  CHILD (sender_email_row);
  CHILD (email_problem_label);
  CHILD (channel_group);
  CHILD (mail_client_check);
  CHILD (smtp_check);
  CHILD (https_check);
  CHILD (https_row);
  CHILD (channel_problem_label);
  CHILD (smtp_group);
  CHILD (smtp_server_row);
  CHILD (smtp_security_row);
  CHILD (smtp_port_spin);
  CHILD (smtp_user_row);
  CHILD (smtp_password_row);
  CHILD (password_status_row);
  CHILD (smtp_problem_label);
  CHILD (token_group);
  CHILD (ca_group);
  CHILD (ca_file_row);
  CHILD (token_row);
  CHILD (token_status_row);
  CHILD (reminder_row);
  CHILD (reminder_spin);
#undef CHILD

  gtk_widget_class_install_property_action (widget_class, "prefs.channel", "channel");
  gtk_widget_class_install_action (widget_class, "prefs.forget-password", NULL, forget_secret_action);
  gtk_widget_class_install_action (widget_class, "prefs.forget-token", NULL, forget_secret_action);
  gtk_widget_class_install_action (widget_class, "prefs.copy-phone", NULL, copy_phone_action);
  gtk_widget_class_install_action (widget_class, "prefs.copy-email", NULL, copy_email_action);
}

static void
antam_preferences_window_init (AntamPreferencesWindow *self)
{
  g_autoptr(GtkStringList) names = NULL;

  /* Before the template: the check buttons ask prefs.channel for its state. */
  self->channel = g_strdup ("mail-client");
  gtk_widget_init_template (GTK_WIDGET (self));
  secret_slots_init (self);
  self->cancellable = g_cancellable_new ();
  self->settings = antam_report_settings_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.forget-password", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.forget-token", FALSE);

  /* Whom to send to is this machine's (the agency's) list, also in training. */
  self->contacts = antam_team_choice_load (self->settings);
  names = antam_team_choice_names (self->contacts);
  adw_combo_row_set_model (self->contact_row, G_LIST_MODEL (names));

  if (self->settings == NULL)
    {
      /* Run from a build tree without the schema: nothing could be kept. */
      show_problem (self->contact_problem_label,
                    _("Settings cannot be kept: An Tâm’s settings schema is not installed."));
      gtk_widget_set_sensitive (self->sending_page, FALSE);
      gtk_widget_set_sensitive (self->reminder_page, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->contact_row), FALSE);
      return;
    }

  g_settings_bind (self->settings, "report-channel", self, "channel", G_SETTINGS_BIND_DEFAULT);
  antam_ca_file_row_bind (self->ca_file_row, self->settings);
  g_settings_bind (self->settings, "report-contact-email", self->other_email_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sender-name", self->sender_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sender-unit", self->sender_unit_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sender-phone", self->sender_phone_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sender-email", self->sender_email_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "smtp-server", self->smtp_server_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-user", self->smtp_user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-port", self->smtp_port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "smtp-security", self->smtp_security_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, security_get_mapping, security_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "reminder-interval-days", self->reminder_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_row, "notify::selected", G_CALLBACK (on_contact_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender_email_row, "changed", G_CALLBACK (on_sender_email_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->smtp_password_row, "apply", G_CALLBACK (on_password_apply), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->token_row, "apply", G_CALLBACK (on_token_apply), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reminder_spin, "value-changed", G_CALLBACK (update_reminder), self,
                           G_CONNECT_SWAPPED);

  sync_contact (self);
  antam_preferences_secret_query (self, &self->password);
  update_reminder (self);
}

/**
 * antam_preferences_window_new:
 * @parent: (nullable): the window it belongs to; its large text carries over
 * @training: whether it was opened from a training session
 */
AntamPreferencesWindow *
antam_preferences_window_new (GtkWindow *parent,
                              gboolean   training)
{
  AntamPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (ANTAM_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "training", training,
                       NULL);
  if (parent != NULL && gtk_widget_has_css_class (GTK_WIDGET (parent), "large-text"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  return self;
}
