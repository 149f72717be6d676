/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-removal-page.h"
#include "remedy/antam-removal-guide.h"

struct _AntamRemovalPage
{
  AdwBin parent_instance;

  GtkStack *stack;
  GtkLabel *title_label;
  GtkLabel *intro_label;
  GtkLabel *training_label;
  GtkWidget *result_training_label;
  GtkListBox *steps_list;
  GtkCheckButton *end_running_check;
  GtkProgressBar *progress_bar;
  GtkButton *cancel_button;
  GtkButton *remove_button;
  GtkBox *guide_box;
  GtkExpander *guide_expander;
  AdwStatusPage *result_status;
  GtkListBox *leftovers_list;
  GtkListBox *done_list;

  AntamRemovalPlan *plan;
  AntamRemovalOutcome *outcome;
  GPtrArray *guide;            /* AntamGuideSection */
  GPtrArray *rows;             /* AdwActionRow, one a step */
  GPtrArray *icons;            /* GtkImage, one a step */
  GCancellable *cancellable;
  gboolean running;
};

G_DEFINE_FINAL_TYPE (AntamRemovalPage, antam_removal_page, ADW_TYPE_BIN)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const char *
state_icon (AntamRemovalStepState state)
{
  switch (state)
    {
    case ANTAM_REMOVAL_STEP_RUNNING: return "content-loading-symbolic";
    case ANTAM_REMOVAL_STEP_DONE: return "emblem-ok-symbolic";
    case ANTAM_REMOVAL_STEP_FAILED: return "dialog-error-symbolic";
    case ANTAM_REMOVAL_STEP_SKIPPED: return "action-unavailable-symbolic";
    case ANTAM_REMOVAL_STEP_PENDING:
    default: return "list-remove-symbolic";
    }
}

static const char *
state_name (AntamRemovalStepState state)
{
  switch (state)
    {
    case ANTAM_REMOVAL_STEP_RUNNING: return _("Working on it");
    case ANTAM_REMOVAL_STEP_DONE: return _("Done");
    case ANTAM_REMOVAL_STEP_FAILED: return _("Did not succeed");
    case ANTAM_REMOVAL_STEP_SKIPPED: return _("Not done");
    case ANTAM_REMOVAL_STEP_PENDING:
    default: return _("Will be removed");
    }
}

static void
style_icon (GtkWidget             *icon,
            AntamRemovalStepState  state)
{
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "dim-label");
  if (state == ANTAM_REMOVAL_STEP_DONE)
    gtk_widget_add_css_class (icon, "success");
  else if (state == ANTAM_REMOVAL_STEP_FAILED)
    gtk_widget_add_css_class (icon, "error");
  else if (state != ANTAM_REMOVAL_STEP_RUNNING)
    gtk_widget_add_css_class (icon, "dim-label");
}

static GtkWidget *
make_step_row (AntamRemovalStep *step,
               GtkWidget       **icon_out)
{
  g_autofree char *title = g_markup_escape_text (step->title, -1);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (state_icon (step->state));

  if (step->message != NULL)
    subtitle = g_markup_escape_text (step->message, -1);
  else
    subtitle = g_markup_escape_text (step->description, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_tooltip_text (icon, state_name (step->state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  state_name (step->state), -1);
  style_icon (icon, step->state);

  if (step->needs_admin && step->action != ANTAM_REMOVAL_WITH_OTHER_STEP)
    {
      GtkWidget *admin = gtk_image_new_from_icon_name ("dialog-password-symbolic");
      gtk_widget_set_tooltip_text (admin, _("Needs the administrator's password"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (admin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Needs the administrator's password"), -1);
      gtk_widget_add_css_class (admin, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), admin);
    }
  if (icon_out)
    *icon_out = icon;
  return row;
}

static void
update_row (AntamRemovalPage *self,
            guint             index)
{
  AntamRemovalStep *step = antam_removal_plan_get_step (self->plan, index);
  GtkWidget *row = g_ptr_array_index (self->rows, index);
  GtkWidget *icon = g_ptr_array_index (self->icons, index);
  g_autofree char *subtitle = NULL;

  if (step->message != NULL)
    subtitle = g_markup_escape_text (step->message, -1);
  else
    subtitle = g_markup_escape_text (step->description, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), state_icon (step->state));
  gtk_widget_set_tooltip_text (icon, state_name (step->state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  state_name (step->state), -1);
  style_icon (icon, step->state);
}

static void
update_progress (AntamRemovalPage *self)
{
  guint n = antam_removal_plan_get_n_steps (self->plan);
  guint finished = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      AntamRemovalStepState state = antam_removal_plan_get_step (self->plan, i)->state;
      finished += state != ANTAM_REMOVAL_STEP_PENDING && state != ANTAM_REMOVAL_STEP_RUNNING;
    }
  /* TRANSLATORS: progress of a removal: "3 of 12 steps" */
  text = g_strdup_printf (_("%u of %u steps"), finished, n);
  gtk_progress_bar_set_fraction (self->progress_bar, n ? (double) finished / n : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_progress (AntamRemovalPlan *plan,
             guint             index,
             gpointer          user_data)
{
  AntamRemovalPage *self = ANTAM_REMOVAL_PAGE (user_data);

  update_row (self, index);
  update_progress (self);
}

static void
show_outcome (AntamRemovalPage *self)
{
  AntamRemovalOutcome *outcome = self->outcome;
  GtkWidget *child;

  adw_status_page_set_title (self->result_status, outcome->headline);
  adw_status_page_set_icon_name (self->result_status,
                                 outcome->complete ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_status), "removal-complete");
  gtk_widget_set_visible (self->result_training_label, antam_removal_plan_acts_on_copy (self->plan));
  if (outcome->complete && antam_removal_plan_acts_on_copy (self->plan))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->result_status), "removal-complete");
      adw_status_page_set_description (self->result_status,
                                       _("A new check of the example computer’s copy found nothing of it. "
                                         "On the copy, what was in the home folder went to the copy’s own "
                                         "Trash."));
    }
  else if (outcome->complete)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->result_status), "removal-complete");
      adw_status_page_set_description (self->result_status,
                                       _("A new check found nothing of it on this computer. "
                                         "What was in your home folder is in the Trash, in case "
                                         "something there is still needed."));
    }
  else
    adw_status_page_set_description (self->result_status,
                                     _("A new check still finds what is listed below. Each entry "
                                       "says why it is left. The guide shows how to remove it by "
                                       "hand, or ask your IT staff."));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->leftovers_list))) != NULL)
    gtk_list_box_remove (self->leftovers_list, child);
  for (guint i = 0; i < outcome->leftovers->len; i++)
    {
      AntamRemovalLeftover *left = g_ptr_array_index (outcome->leftovers, i);
      g_autofree char *title = g_markup_escape_text (left->location ? left->location : left->name, -1);
      g_autofree char *why = g_markup_escape_text (left->why, -1);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_list_box_append (self->leftovers_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->leftovers_list), outcome->leftovers->len > 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->done_list))) != NULL)
    gtk_list_box_remove (self->done_list, child);
  for (guint i = 0; i < antam_removal_plan_get_n_steps (self->plan); i++)
    gtk_list_box_append (self->done_list, make_step_row (antam_removal_plan_get_step (self->plan, i), NULL));

  gtk_stack_set_visible_child_name (self->stack, "done");
}

static void
set_running (AntamRemovalPage *self,
             gboolean          running)
{
  self->running = running;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "removal.remove",
                                 !running && antam_removal_plan_get_n_steps (self->plan) > 0 &&
                                 antam_removal_plan_can_act (self->plan));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "removal.cancel", running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->end_running_check), !running);
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AntamRemovalPage) self = ANTAM_REMOVAL_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  AntamRemovalOutcome *outcome = antam_removal_run_finish (result, &error);

  set_running (self, FALSE);
  if (outcome == NULL)
    {
      adw_status_page_set_title (self->result_status, _("The removal could not be run"));
      adw_status_page_set_description (self->result_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "done");
      return;
    }
  g_clear_pointer (&self->outcome, antam_removal_outcome_free);
  self->outcome = outcome;
  for (guint i = 0; i < antam_removal_plan_get_n_steps (self->plan); i++)
    update_row (self, i);
  show_outcome (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AntamRemovalPage *self = ANTAM_REMOVAL_PAGE (widget);

  if (self->running)
    return;
  antam_removal_plan_set_end_running (self->plan,
                                      gtk_check_button_get_active (self->end_running_check));
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  update_progress (self);
  antam_removal_run_async (self->plan, on_progress, g_object_ref (self), g_object_unref,
                           self->cancellable, on_removed, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AntamRemovalPage *self = ANTAM_REMOVAL_PAGE (widget);

  /* Between steps: the step under way is finished, never cut in half. */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_action_set_enabled (widget, "removal.cancel", FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
}

static gboolean
is_install_kind (const AntamGuideSection *section)
{
  const char * const kinds[] = { "deb", "rpm", "flatpak", "snap", "system-paths", "home", NULL };

  return g_strv_contains (kinds, section->kind);
}

static void
build_guide (AntamRemovalPage *self)
{
  gboolean found_any = FALSE;

  for (guint i = 0; i < self->guide->len; i++)
    {
      AntamGuideSection *section = g_ptr_array_index (self->guide, i);
      found_any |= section->found && is_install_kind (section);
    }

  for (guint i = 0; i < self->guide->len; i++)
    {
      AntamGuideSection *section = g_ptr_array_index (self->guide, i);
      GtkWidget *title, *text;

      /* Only the ways it is installed here: the commands for the others
       * would only be copied by mistake.  Nothing found, all are shown. */
      if (found_any && is_install_kind (section) && !section->found)
        continue;
      title = gtk_label_new (section->title);
      text = gtk_label_new (section->text);

      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 40);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      if (section->found && !g_str_equal (section->kind, "check"))
        {
          g_autofree char *marked = g_strdup_printf ("%s — %s", section->title, _("found on this computer"));
          gtk_label_set_label (GTK_LABEL (title), marked);
          gtk_widget_add_css_class (title, "accent");
        }
      gtk_box_append (self->guide_box, title);

      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (text), 40);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_widget_add_css_class (text, "dim-label");
      gtk_box_append (self->guide_box, text);

      for (guint c = 0; section->commands[c] != NULL; c++)
        {
          GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *command = gtk_label_new (section->commands[c]);
          GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

          gtk_label_set_selectable (GTK_LABEL (command), TRUE);
          gtk_label_set_wrap (GTK_LABEL (command), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (command), PANGO_WRAP_CHAR);
          gtk_label_set_max_width_chars (GTK_LABEL (command), 34);
          gtk_label_set_xalign (GTK_LABEL (command), 0);
          gtk_widget_set_hexpand (command, TRUE);
          gtk_widget_add_css_class (command, "monospace");
          gtk_widget_add_css_class (line, "card");
          gtk_widget_add_css_class (line, "removal-command");
          gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (copy, "flat");
          gtk_widget_set_tooltip_text (copy, _("Copy the command"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Copy the command"), -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "removal.copy");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", section->commands[c]);
          gtk_box_append (GTK_BOX (line), command);
          gtk_box_append (GTK_BOX (line), copy);
          gtk_box_append (self->guide_box, line);
        }
    }
}

static void
antam_removal_page_dispose (GObject *object)
{
  AntamRemovalPage *self = ANTAM_REMOVAL_PAGE (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  /* AdwBin unparents its child (the template's stack) itself. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->plan, antam_removal_plan_unref);
  g_clear_pointer (&self->outcome, antam_removal_outcome_free);
  g_clear_pointer (&self->guide, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->icons, g_ptr_array_unref);

  G_OBJECT_CLASS (antam_removal_page_parent_class)->dispose (object);
}

static void
antam_removal_page_class_init (AntamRemovalPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_removal_page_dispose;

  /**
   * AntamRemovalPage::finished:
   *
   * The removal ran and the re-check is in: the app's results are stale.
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-removal-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, training_label);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, result_training_label);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, end_running_check);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, remove_button);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, guide_box);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, guide_expander);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, result_status);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, leftovers_list);
  gtk_widget_class_bind_template_child (widget_class, AntamRemovalPage, done_list);

  gtk_widget_class_install_action (widget_class, "removal.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "removal.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "removal.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "removal.close", NULL, close_action);
}

static void
antam_removal_page_init (AntamRemovalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->icons = g_ptr_array_new ();
}

/**
 * antam_removal_page_new:
 * @results: the session's last results; only the app's are used
 *
 * Plans the removal at once (it changes nothing) and shows the plan.
 */
AntamRemovalPage *
antam_removal_page_new (AntamSysroot       *sysroot,
                        const AntamAppRule *rule,
                        GPtrArray          *results)
{
  AntamRemovalPage *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint n;

  g_return_val_if_fail (ANTAM_IS_SYSROOT (sysroot), NULL);
  g_return_val_if_fail (rule != NULL, NULL);

  self = g_object_new (ANTAM_TYPE_REMOVAL_PAGE, NULL);
  self->plan = antam_removal_plan_new (sysroot, rule, results, &error);
  if (self->plan == NULL)
    {
      /* A rule that does not ask for removal: an empty plan, and the guide. */
      AntamAppRule copy = *rule;

      copy.remedy = ANTAM_REMEDY_UNINSTALL;
      self->plan = antam_removal_plan_new (sysroot, &copy, NULL, NULL);
    }
  self->guide = antam_removal_guide_new (rule, self->plan);

  /* TRANSLATORS: %s is an app's name, e.g. Zoom */
  title = g_strdup_printf (_("Remove %s"), rule->name);
  gtk_label_set_label (self->title_label, title);

  n = antam_removal_plan_get_n_steps (self->plan);
  if (n == 0)
    {
      g_autofree char *none = g_strdup_printf (_("Nothing of %s was found on this computer."), rule->name);
      gtk_label_set_label (self->intro_label, none);
    }
  else if (!antam_removal_plan_can_act (self->plan))
    {
      /* Only the guide is left to offer: no button that could not work,
       * and the guide open. */
      gtk_label_set_label (self->intro_label, antam_removal_plan_get_reason (self->plan));
      gtk_widget_set_visible (GTK_WIDGET (self->remove_button), FALSE);
      gtk_expander_set_expanded (self->guide_expander, TRUE);
    }
  else
    {
      g_autofree char *intro =
        g_strdup_printf (_("This is everything of %s that the check found, and what will happen to "
                           "each. Nothing changes until you press “Remove”. Afterwards An Tâm checks "
                           "again and tells you what, if anything, is left."), rule->name);
      gtk_label_set_label (self->intro_label, intro);
    }

  if (antam_removal_plan_acts_on_copy (self->plan))
    {
      gtk_label_set_label (self->training_label,
                           _("Training: the removal runs on a copy of the example computer. "
                             "Nothing on this computer is changed and no password is asked for."));
      gtk_widget_set_visible (GTK_WIDGET (self->training_label), TRUE);
    }

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *icon = NULL;
      GtkWidget *row = make_step_row (antam_removal_plan_get_step (self->plan, i), &icon);

      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->icons, icon);
      gtk_list_box_append (self->steps_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->steps_list), n > 0);

  if (antam_removal_plan_has_running_app (self->plan) && antam_removal_plan_can_act (self->plan))
    {
      g_autofree char *label = g_strdup_printf (_("If %s does not quit by itself, An Tâm may end it "
                                                  "(unsaved work in it is lost)"), rule->name);
      gtk_check_button_set_label (self->end_running_check, label);
      gtk_widget_set_visible (GTK_WIDGET (self->end_running_check), TRUE);
    }

  build_guide (self);
  set_running (self, FALSE);
  return self;
}

AntamRemovalPlan *
antam_removal_page_get_plan (AntamRemovalPage *self)
{
  g_return_val_if_fail (ANTAM_IS_REMOVAL_PAGE (self), NULL);
  return self->plan;
}

AntamRemovalOutcome *
antam_removal_page_get_outcome (AntamRemovalPage *self)
{
  g_return_val_if_fail (ANTAM_IS_REMOVAL_PAGE (self), NULL);
  return self->outcome;
}

gboolean
antam_removal_page_get_running (AntamRemovalPage *self)
{
  g_return_val_if_fail (ANTAM_IS_REMOVAL_PAGE (self), FALSE);
  return self->running;
}

static gboolean
on_close_request (GtkWindow        *window,
                  AntamRemovalPage *self)
{
  /* A step under way cannot be abandoned: stop after it instead. */
  if (self->running)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "removal.cancel", NULL);
      return TRUE;
    }
  return FALSE;
}

/**
 * antam_removal_page_present:
 *
 * Shows @self in a window of its own over @parent.
 *
 * Returns: (transfer none): that window
 */
GtkWindow *
antam_removal_page_present (AntamRemovalPage *self,
                            GtkWindow        *parent)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  g_return_val_if_fail (ANTAM_IS_REMOVAL_PAGE (self), NULL);

  gtk_window_set_title (GTK_WINDOW (window), gtk_label_get_label (self->title_label));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self));
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect_object (window, "close-request", G_CALLBACK (on_close_request), self, 0);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
