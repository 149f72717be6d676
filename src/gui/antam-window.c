/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-alternatives-page.h"
#include "antam-finding-row.h"
#include "antam-findings-page.h"
#include "inventory/antam-devices.h"
#include "antam-questions-page.h"
#include "antam-remedy-launcher.h"
#include "antam-removal-page.h"
#include "antam-scan-progress.h"
#include "antam-summary-page.h"
#include "antam-welcome-page.h"
#include "antam-window.h"
#include "antam-outbox-dialog.h"
#include "antam-preferences-window.h"
#include "antam-report-dialog.h"
#include "antam-report-save.h"
#include "antam-report-sender.h"
#include "remedy/antam-home-permissions.h"
#include "remedy/antam-permission-copy.h"

/* The steps, in the letters' order, the ways into the computer after the
 * device itself.  Step numbers are 1-based everywhere a user or an action
 * sees them: "Bước 3/10" is win.go-to-step(3). */
static const struct {
  const char *page;
  const char *title;
  const char *checks;   /* whose worst status the step list shows */
} steps[ANTAM_N_STEPS] = {
  { "welcome", N_("Welcome"), NULL },
  { "risky", N_("Risky apps"), "risky-apps" },
  { "sources", N_("Sources and downloads"), "install-sources,downloads" },
  { "updates", N_("Updates and support"), "os-support,os-updates,app-updates,auto-updates,reboot-pending" },
  { "device", N_("Device protection"), "camera-mic,screen-lock,firewall,disk-encryption,auto-login" },
  { "access", N_("Remote access and sharing"), "network-services,home-privacy" },
  { "meetings", N_("Online meetings"), "meeting-hygiene" },
  { "data", N_("Data"), "data-handling" },
  { "alternatives", N_("Domestic alternatives"), NULL },
  { "summary", N_("Summary"), NULL },
};

struct _AntamWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkListBox *steps_list;
  GtkStack *title_stack;
  AdwWindowTitle *window_title;
  GtkMenuButton *step_menu_button;
  GtkLabel *step_menu_label;
  GtkWidget *training_banner;
  GtkLabel *training_label;
  AntamScanProgress *scan_progress;
  GtkStack *stack;
  GtkWidget *nav_bar;
  GtkButton *next_button;
  GtkWidget *send_report_button;
  AntamWelcomePage *welcome_page;
  AntamFindingsPage *risky_page;
  AntamFindingsPage *sources_page;
  AntamFindingsPage *updates_page;
  AntamFindingsPage *device_page;
  AntamFindingsPage *access_page;
  AntamQuestionsPage *meetings_page;
  AntamQuestionsPage *data_page;
  AntamAlternativesPage *alternatives_page;
  AntamSummaryPage *summary_page;

  GtkImage *step_icons[ANTAM_N_STEPS];

  AntamSession *session;
  guint step;
  gboolean selecting;
};

G_DEFINE_FINAL_TYPE (AntamWindow, antam_window, ADW_TYPE_APPLICATION_WINDOW)

void
antam_window_show_message (AntamWindow *self,
                           const char  *message)
{
  AdwToast *toast;

  g_return_if_fail (ANTAM_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
step_label (guint step)
{
  /* TRANSLATORS: the compact step header: "Step 3/8: Updates and support" */
  return g_strdup_printf (_("Step %u/%u: %s"), step, ANTAM_N_STEPS, _(steps[step - 1].title));
}

static void
update_navigation (AntamWindow *self)
{
  g_autofree char *label = step_label (self->step);
  gboolean scanning = antam_session_get_scanning (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", self->step > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next", self->step < ANTAM_N_STEPS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-scan", scanning);

  /* The welcome page has its own Start; the summary is the end. */
  gtk_widget_set_visible (self->nav_bar, self->step > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), self->step < ANTAM_N_STEPS);
  /* The end of the check is its report: the main action, where Continue was. */
  gtk_widget_set_visible (self->send_report_button, self->step == ANTAM_N_STEPS);

  adw_window_title_set_title (self->window_title, _(steps[self->step - 1].title));
  {
    /* TRANSLATORS: "Step 3 of 8" */
    g_autofree char *subtitle = g_strdup_printf (_("Step %u of %u"), self->step, ANTAM_N_STEPS);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }
  /* Narrow windows have room for the number only; the page's heading
   * says the title, and the button's accessible name says both. */
  {
    g_autofree char *short_label = g_strdup_printf (_("Step %u of %u"), self->step, ANTAM_N_STEPS);
    gtk_label_set_label (self->step_menu_label, short_label);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->step_menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
go_to_step (AntamWindow *self,
            guint        step)
{
  GtkListBoxRow *row;

  step = CLAMP (step, 1, ANTAM_N_STEPS);
  self->step = step;
  gtk_stack_set_visible_child_name (self->stack, steps[step - 1].page);

  self->selecting = TRUE;
  row = gtk_list_box_get_row_at_index (self->steps_list, step - 1);
  gtk_list_box_select_row (self->steps_list, row);
  self->selecting = FALSE;

  antam_session_set_step (self->session, step);
  update_navigation (self);
}

static AntamStatus
worst_of_checks (AntamWindow *self,
                 const char  *checks,
                 gboolean    *found)
{
  g_auto(GStrv) ids = g_strsplit (checks, ",", -1);
  GPtrArray *results = antam_session_get_results (self->session);
  AntamStatus worst = ANTAM_STATUS_OK;

  *found = FALSE;
  for (guint i = 0; results && i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);

      if (!g_strv_contains ((const char * const *) ids, result->check))
        continue;
      /* The answers' results exist before any scan: only show them once answered. */
      if (!antam_session_has_scanned (self->session) && result->status == ANTAM_STATUS_MANUAL)
        continue;
      *found = TRUE;
      worst = MAX (worst, result->status);
    }
  return worst;
}

/* Each step in the list wears its worst status, in an icon with the status
 * word as its name and tooltip. */
static void
update_step_icons (AntamWindow *self)
{
  for (guint i = 0; i < ANTAM_N_STEPS; i++)
    {
      GtkImage *icon = self->step_icons[i];
      gboolean found = FALSE;
      AntamStatus worst;

      if (steps[i].checks == NULL)
        continue;
      worst = worst_of_checks (self, steps[i].checks, &found);
      gtk_widget_set_visible (GTK_WIDGET (icon), found);
      if (!found)
        continue;
      gtk_image_set_from_icon_name (icon, antam_status_icon_name (worst));
      gtk_widget_set_tooltip_text (GTK_WIDGET (icon), antam_status_display_name (worst));
      for (guint s = 0; s < ANTAM_N_STATUSES; s++)
        gtk_widget_remove_css_class (GTK_WIDGET (icon), antam_status_css_class (s));
      gtk_widget_add_css_class (GTK_WIDGET (icon), antam_status_css_class (worst));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      antam_status_display_name (worst), -1);
    }
}

static void
build_steps (AntamWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; i < ANTAM_N_STEPS; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      GtkWidget *number_label = gtk_label_new (number);
      GtkWidget *title = gtk_label_new (_(steps[i].title));
      GtkWidget *icon = gtk_image_new ();
      g_autofree char *accessible = step_label (i + 1);
      g_autoptr(GMenuItem) item = NULL;
      /* TRANSLATORS: an item of the step menu: "3. Updates and support" */
      g_autofree char *item_label = g_strdup_printf (_("%u. %s"), i + 1, _(steps[i].title));

      gtk_widget_add_css_class (number_label, "step-number");
      gtk_widget_set_valign (number_label, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_set_visible (icon, FALSE);
      gtk_widget_add_css_class (icon, "status-icon");
      gtk_box_append (GTK_BOX (box), number_label);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_list_box_append (self->steps_list, row);
      self->step_icons[i] = GTK_IMAGE (icon);

      item = g_menu_item_new (item_label, NULL);
      g_menu_item_set_action_and_target (item, "win.go-to-step", "i", (int) i + 1);
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->step_menu_button, G_MENU_MODEL (menu));
}

static void
on_step_row_activated (AntamWindow   *self,
                       GtkListBoxRow *row)
{
  if (self->selecting)
    return;
  go_to_step (self, gtk_list_box_row_get_index (row) + 1);
}

static void
on_folded_changed (AntamWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_stack_set_visible_child_name (self->title_stack, folded ? "narrow" : "wide");
}

static void
go_to_step_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  go_to_step (ANTAM_WINDOW (widget), (guint) MAX (1, g_variant_get_int32 (parameter)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);

  go_to_step (self, self->step - 1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);

  go_to_step (self, self->step + 1);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);

  antam_session_scan (self->session);
  go_to_step (self, 2);
}

static void
recheck_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  antam_session_scan (ANTAM_WINDOW (widget)->session);
}

static void
cancel_scan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  antam_session_cancel_scan (ANTAM_WINDOW (widget)->session);
}

static char *
describe_item (AntamItem *item)
{
  const char *where = item->location ? item->location : item->origin;

  if (item->version && where)
    return g_strdup_printf ("• %s %s — %s", item->name, item->version, where);
  if (item->version)
    return g_strdup_printf ("• %s %s", item->name, item->version);
  if (where && g_strcmp0 (where, item->name) != 0)
    return g_strdup_printf ("• %s — %s", item->name, where);
  return g_strdup_printf ("• %s", item->name);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AntamWindow      *self)
{
  if (g_strcmp0 (response, "recheck") == 0)
    antam_session_scan (self->session);
}

/* The hook for the guided removal (issue 5).  Until it lands, this says
 * honestly what to do and what was found, and offers the re-check that
 * proves the app is gone. */
static void
remove_app_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);
  const char *rule_id = g_variant_get_string (parameter, NULL);
  const AntamAppRule *rule = antam_rules_lookup (antam_session_get_rules (self->session), rule_id);
  GPtrArray *results = antam_session_get_results (self->session);
  g_autoptr(GString) found = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *label;

  /* Issue 5: the guided removal, on the session's view (in training, the
   * scenario's copy); the re-check it ends with makes the results stale. */
  if (rule != NULL && rule->remedy == ANTAM_REMEDY_UNINSTALL)
    {
      AntamRemovalPage *page = antam_removal_page_new (antam_session_get_sysroot (self->session),
                                                       rule, results);
      g_signal_connect_object (page, "finished", G_CALLBACK (antam_session_scan), self->session,
                               G_CONNECT_SWAPPED);
      antam_removal_page_present (page, GTK_WINDOW (self));
      return;
    }

  for (guint i = 0; results && i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);

      if (result->remedy != ANTAM_REMEDY_UNINSTALL || g_strcmp0 (result->remedy_target, rule_id) != 0)
        continue;
      for (guint j = 0; j < result->items->len; j++)
        {
          g_autofree char *line = describe_item (g_ptr_array_index (result->items, j));
          if (found->len > 0)
            g_string_append_c (found, '\n');
          g_string_append (found, line);
        }
    }

  /* TRANSLATORS: %s is an app's name, e.g. Zoom */
  heading = g_strdup_printf (_("Remove %s"), rule ? rule->name : rule_id);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   rule ? antam_app_rule_action (rule) : NULL);
  if (found->len > 0)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", _("What An Tâm found on this computer:"), found->str);

      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "recheck", _("Check _Again"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_home_fixed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AntamWindow) self = user_data;
  g_autoptr(AntamHomeFixOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.fix", TRUE);
  outcome = antam_home_fix_finish (result, &error);
  if (outcome == NULL)
    /* TRANSLATORS: %s says why, in plain words */
    message = g_strdup_printf (_("Your folders could not be made private: %s"), error->message);
  else if (outcome->problems->len == 0)
    message = g_strdup (antam_session_is_training (self->session)
                          ? _("Training mode: the folders of the made-up computer are private now. Checking again…")
                          : _("Your folders and files are private now. Checking again…"));
  else
    /* TRANSLATORS: the first of the problems, then how many there were */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u thing could not be changed.)",
                                            "%s (%u things could not be changed.)", outcome->problems->len),
                               (const char *) g_ptr_array_index (outcome->problems, 0), outcome->problems->len);
  antam_window_show_message (self, message);
  if (self->session != NULL)
    antam_session_scan (self->session);
}

/* The fix An Tâm makes itself: the user's own folders made private, on
 * the session's view (in training, the scenario's copy), then a check
 * again that shows it.  Slow on a large home, so in a thread. */
static void
fix_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);

  if (!g_str_equal (g_variant_get_string (parameter, NULL), "home-permissions"))
    return;
  gtk_widget_action_set_enabled (widget, "win.fix", FALSE);
  antam_home_fix_async (antam_session_get_sysroot (self->session), NULL, on_home_fixed, g_object_ref (self));
}

/* A finding's button opens what it says: the Software app on its updates
 * page, the Settings panel.  Nothing is opened from a training scenario. */
static void
open_remedy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);
  GPtrArray *results = antam_session_get_results (self->session);
  g_autoptr(GError) error = NULL;
  const char *check, *title;

  g_variant_get (parameter, "(&s&s)", &check, &title);
  for (guint i = 0; results && i < results->len; i++)
    {
      AntamResult *result = g_ptr_array_index (results, i);

      if (g_strcmp0 (result->check, check) != 0 || g_strcmp0 (result->title ? result->title : "", title) != 0)
        continue;
      if (antam_session_is_training (self->session))
        antam_window_show_message (self, _("Training mode: nothing is opened or changed on this computer."));
      else if (!antam_remedy_launcher_open (widget, result, &error))
        antam_window_show_message (self, error->message);
      return;
    }
}

/* Issue 7: take back an app's camera or microphone permission in the
 * session's permission store, then check again so the step shows it. */
static void
on_permission_revoked (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(AntamWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!antam_permission_revoke_finish (result, &error))
    {
      /* TRANSLATORS: %s says why, e.g. no desktop session */
      g_autofree char *message = g_strdup_printf (_("The permission could not be revoked: %s"),
                                                  error->message);
      antam_window_show_message (self, message);
      return;
    }
  antam_window_show_message (self, _("The permission was revoked. The app will have to ask you again."));
  if (self->session != NULL)
    antam_session_scan (self->session);
}

/* In training the same, on the scenario's copy, as the removal does. */
static void
on_permission_revoked_in_copy (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(AntamWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!antam_permission_revoke_in_copy_finish (result, &error))
    {
      antam_window_show_message (self, error->message);
      return;
    }
  antam_window_show_message (self, _("Training: the permission was revoked on the example computer’s copy. "
                                     "Nothing on this computer was changed."));
  antam_session_scan (self->session);
}

static void
revoke_permission_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);
  const char *app_id, *device;

  g_variant_get (parameter, "(&s&s)", &app_id, &device);
  /* Only the user's own session has a store to change: a training
   * scenario or another disk is shown, never changed. */
  if (antam_session_is_training (self->session))
    {
      antam_permission_revoke_in_copy_async (antam_session_get_sysroot (self->session), app_id, device, NULL,
                                             on_permission_revoked_in_copy, g_object_ref (self));
      return;
    }
  if (!antam_sysroot_is_live (antam_session_get_sysroot (self->session)))
    {
      antam_window_show_message (self, _("Training mode: nothing is opened or changed on this computer."));
      return;
    }
  antam_permission_revoke_async (app_id, device, NULL, on_permission_revoked, g_object_ref (self));
}

static void
show_saved (GtkWidget  *window,
            const char *message)
{
  antam_window_show_message (ANTAM_WINDOW (window), message);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);

  antam_report_save_choose (GTK_WINDOW (self), antam_report_model_from_session (self->session), FALSE,
                            show_saved);
}

/* Issue 6: the preview of the report, then one click to send it. */
static void
send_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (antam_report_dialog_new (GTK_WINDOW (self), self->session)));
}

static void
show_outbox_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (antam_outbox_dialog_new (GTK_WINDOW (widget))));
}

/* The report's settings are the user's, also while training: the window
 * only adds that nothing is sent then. */
static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AntamWindow *self = ANTAM_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (antam_preferences_window_new (GTK_WINDOW (self),
                                                                antam_session_is_training (self->session))));
}

static void
on_scan_finished (AntamWindow *self,
                  const char  *error_message)
{
  antam_report_notify_scan_finished (GTK_WINDOW (self), error_message);
  if (error_message != NULL)
    antam_window_show_message (self, _("The check was stopped. The results shown are from the last complete check."));
  update_navigation (self);
}

static void
update_training_banner (AntamWindow *self)
{
  AntamScenario *scenario = antam_session_get_scenario (self->session);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->training_banner, scenario != NULL);
  if (scenario == NULL)
    return;

  /* TRANSLATORS: %s is the title of a training scenario */
  text = g_strdup_printf (_("Training mode: %s. This is a made-up computer: nothing on this computer is read or changed."),
                          antam_scenario_get_title (scenario));
  if (scenario->xattr_problem != NULL)
    {
      g_autofree char *with_problem = g_strdup_printf ("%s\n%s", text, scenario->xattr_problem);
      gtk_label_set_label (self->training_label, with_problem);
    }
  else
    gtk_label_set_label (self->training_label, text);
}

static void
antam_window_dispose (GObject *object)
{
  AntamWindow *self = ANTAM_WINDOW (object);

  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_WINDOW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (antam_window_parent_class)->dispose (object);
}

static gboolean
antam_window_close_request (GtkWindow *window)
{
  AntamWindow *self = ANTAM_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);
  GSettings *settings = app ? antam_application_get_settings (ANTAM_APPLICATION (app)) : NULL;

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set (settings, "window-size", "(ii)", width, height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }
  antam_session_save_state (self->session, NULL);

  return GTK_WINDOW_CLASS (antam_window_parent_class)->close_request (window);
}

static void
antam_window_class_init (AntamWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = antam_window_dispose;
  window_class->close_request = antam_window_close_request;

  g_type_ensure (ANTAM_TYPE_SCAN_PROGRESS);
  g_type_ensure (ANTAM_TYPE_WELCOME_PAGE);
  g_type_ensure (ANTAM_TYPE_FINDINGS_PAGE);
  g_type_ensure (ANTAM_TYPE_QUESTIONS_PAGE);
  g_type_ensure (ANTAM_TYPE_ALTERNATIVES_PAGE);
  g_type_ensure (ANTAM_TYPE_SUMMARY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, title_stack);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, step_menu_button);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, step_menu_label);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, training_banner);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, training_label);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, scan_progress);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, nav_bar);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, send_report_button);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, risky_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, sources_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, updates_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, device_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, access_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, meetings_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, data_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, alternatives_page);
  gtk_widget_class_bind_template_child (widget_class, AntamWindow, summary_page);
  gtk_widget_class_bind_template_callback (widget_class, on_step_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);

  gtk_widget_class_install_action (widget_class, "win.go-to-step", "i", go_to_step_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "win.recheck", NULL, recheck_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-scan", NULL, cancel_scan_action);
  gtk_widget_class_install_action (widget_class, "win.remove-app", "s", remove_app_action);
  gtk_widget_class_install_action (widget_class, "win.fix", "s", fix_action);
  gtk_widget_class_install_action (widget_class, "win.open-remedy", "(ss)", open_remedy_action);
  gtk_widget_class_install_action (widget_class, "win.revoke-permission", "(ss)", revoke_permission_action);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "win.send-report", NULL, send_report_action);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, show_outbox_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.recheck", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.recheck", NULL);
  for (guint i = 0; i < ANTAM_N_STEPS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.go-to-step", "i", (int) i + 1);
}

static void
antam_window_init (AntamWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_steps (self);
  on_folded_changed (self);
}

AntamWindow *
antam_window_new (AntamApplication *application,
                  AntamSession     *session)
{
  AntamWindow *self;
  GSettings *settings;

  g_return_val_if_fail (ANTAM_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (ANTAM_IS_SESSION (session), NULL);

  self = g_object_new (ANTAM_TYPE_WINDOW, "application", application, NULL);
  self->session = g_object_ref (session);

  settings = antam_application_get_settings (application);
  if (settings != NULL)
    {
      int width, height;

      g_settings_get (settings, "window-size", "(ii)", &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  if (antam_session_is_training (session))
    gtk_widget_add_css_class (GTK_WIDGET (self), "training");

  antam_scan_progress_set_session (self->scan_progress, session);
  antam_welcome_page_set_session (self->welcome_page, session);
  antam_welcome_page_set_offer_language (self->welcome_page, antam_application_get_offer_language (application));
  antam_findings_page_set_session (self->risky_page, session);
  antam_findings_page_set_session (self->sources_page, session);
  antam_findings_page_set_session (self->updates_page, session);
  antam_findings_page_set_session (self->device_page, session);
  antam_findings_page_set_session (self->access_page, session);
  antam_questions_page_set_session (self->meetings_page, session);
  antam_questions_page_set_session (self->data_page, session);
  antam_summary_page_set_session (self->summary_page, session);

  g_signal_connect_swapped (session, "results-changed", G_CALLBACK (update_step_icons), self);
  g_signal_connect_swapped (session, "notify::scanning", G_CALLBACK (update_navigation), self);
  g_signal_connect_swapped (session, "scan-finished", G_CALLBACK (on_scan_finished), self);

  update_training_banner (self);
  update_step_icons (self);
  antam_window_set_large_text (self, antam_application_get_large_text (application));
  go_to_step (self, antam_session_get_step (session));

  if (antam_session_get_problem (session) != NULL)
    antam_window_show_message (self, antam_session_get_problem (session));

  return self;
}

AntamSession *
antam_window_get_session (AntamWindow *self)
{
  g_return_val_if_fail (ANTAM_IS_WINDOW (self), NULL);
  return self->session;
}

guint
antam_window_get_step (AntamWindow *self)
{
  g_return_val_if_fail (ANTAM_IS_WINDOW (self), 1);
  return self->step;
}

/**
 * antam_window_get_page:
 * @step: 1 to %ANTAM_N_STEPS
 *
 * Returns: (transfer none): the widget of that step
 */
GtkWidget *
antam_window_get_page (AntamWindow *self,
                       guint        step)
{
  g_return_val_if_fail (ANTAM_IS_WINDOW (self), NULL);
  g_return_val_if_fail (step >= 1 && step <= ANTAM_N_STEPS, NULL);
  return gtk_stack_get_child_by_name (self->stack, steps[step - 1].page);
}

void
antam_window_set_large_text (AntamWindow *self,
                             gboolean     large)
{
  g_return_if_fail (ANTAM_IS_WINDOW (self));

  if (large)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
}
