/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "antam-rules-feed-group.h"
#include "scan/antam-scan.h"
#include "report/antam-rules-feed-update.h"

struct _AntamRulesFeedGroup
{
  AdwPreferencesGroup parent_instance;

  GtkWidget *spinner;
  GtkWidget *check_button;

  GPtrArray *rows;              /* AdwActionRow: what reload() added */
  GCancellable *load_cancellable;  /* of the reading reload() started */
  GCancellable *cancellable;    /* of the check the button started */
};

G_DEFINE_FINAL_TYPE (AntamRulesFeedGroup, antam_rules_feed_group, ADW_TYPE_PREFERENCES_GROUP)

static char *
format_day (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%d/%m/%Y");
}

static char *
describe_feed (const AntamRulesFeed *feed,
               GDateTime            *now)
{
  g_autofree char *issued = format_day (feed->issued);
  g_autofree char *expires = format_day (feed->expires);

  if (antam_rules_feed_is_expired (feed, now))
    /* TRANSLATORS: a list's number, the day it was issued, the day it went out of date */
    return g_strdup_printf (_("List no. %" PRIu64 ", issued on %s, out of date since %s"),
                            feed->serial, issued, expires);
  /* TRANSLATORS: a list's number, the day it was issued, the last day it is good */
  return g_strdup_printf (_("List no. %" PRIu64 ", issued on %s, good until %s"),
                          feed->serial, issued, expires);
}

/* The last check, in words: not the error, which is for IT staff
 * (antam-cli rules list shows it). */
static char *
describe_check (const AntamFeedState *state)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  const char *how;

  if (state == NULL || state->checked == NULL)
    return g_strdup (_("Not checked yet."));
  local = g_date_time_to_local (state->checked);
  when = g_date_time_format (local, "%d/%m/%Y %H:%M");
  switch (state->outcome)
    {
    case ANTAM_FEED_CHECK_UPDATED:
      how = _("a newer list was installed");
      break;
    case ANTAM_FEED_CHECK_CURRENT:
      how = _("the list is the newest");
      break;
    case ANTAM_FEED_CHECK_REFUSED:
      how = _("the list the team’s server sent was not accepted, so the one in use stays");
      break;
    case ANTAM_FEED_CHECK_UNREACHABLE:
      how = _("the team’s server could not be reached; An Tâm will try again");
      break;
    case ANTAM_FEED_CHECK_NEVER:
    case ANTAM_N_FEED_CHECKS:
    default:
      return g_strdup (_("Not checked yet."));
    }
  /* TRANSLATORS: when, then how the check went */
  return g_strdup_printf (_("Last checked on %s: %s."), when, how);
}

static void
add_row (AntamRulesFeedGroup *self,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* A team's name is text from a contacts file: "Sở TT&TT" is no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

static AntamFeedState *
find_state (GPtrArray  *states,
            const char *team)
{
  for (guint i = 0; i < states->len; i++)
    {
      AntamFeedState *state = g_ptr_array_index (states, i);
      if (g_str_equal (state->team, team))
        return state;
    }
  return NULL;
}

/* The rows' texts, title then subtitle, for each team that publishes a
 * list.  In a thread: a list may be megabytes to check and read. */
static void
read_rows (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(AntamContacts) contacts = antam_contacts_load (live);
  g_autoptr(GDateTime) now = antam_scan_now ();
  g_autofree char *store = antam_rules_feed_store_dir ();
  g_autoptr(GPtrArray) states = antam_rules_feed_store_list (store);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < contacts->contacts->len; i++)
    {
      AntamContact *contact = g_ptr_array_index (contacts->contacts, i);
      AntamFeedState *state;
      g_autoptr(AntamRulesFeed) feed = NULL;
      g_autofree char *list = NULL;
      g_autofree char *check = NULL;

      if (contact->rules_url == NULL)
        continue;
      state = find_state (states, contact->id);
      if (state != NULL && state->serial > 0)
        feed = antam_rules_feed_store_open (store, state, NULL);
      list = feed != NULL ? describe_feed (feed, now)
                          : g_strdup (_("No list from this team yet: the list An Tâm came with is used."));
      check = describe_check (state);
      g_ptr_array_add (texts, g_strdup (antam_contact_get_name (contact)));
      g_ptr_array_add (texts, g_strconcat (list, "\n", check, NULL));
    }
  g_task_return_pointer (task, texts, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_rows_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AntamRulesFeedGroup *self = ANTAM_RULES_FEED_GROUP (source);
  g_autoptr(GPtrArray) texts = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled: a newer reading replaces it, or the group is gone. */
  if (texts == NULL || g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;
  g_clear_object (&self->load_cancellable);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i + 1 < texts->len; i += 2)
    add_row (self, g_ptr_array_index (texts, i), g_ptr_array_index (texts, i + 1));
  if (texts->len == 0)
    add_row (self, _("The list An Tâm came with"),
             _("No incident response team in the contacts publishes a list of its own."));
  gtk_widget_set_visible (self->check_button, texts->len > 0);
}

/**
 * antam_rules_feed_group_reload:
 *
 * Reads the contacts and the installed lists again, in a thread; the rows
 * change when it is done.
 */
void
antam_rules_feed_group_reload (AntamRulesFeedGroup *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ANTAM_IS_RULES_FEED_GROUP (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, on_rows_read, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, read_rows);
}

static void
toast (AntamRulesFeedGroup *self,
       const char          *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AntamRulesFeedGroup) self = user_data;
  g_autoptr(GPtrArray) updates = antam_rules_feed_update_finish (result, NULL);
  gboolean updated = FALSE, refused = FALSE, unreachable = FALSE;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_sensitive (self->check_button, TRUE);

  for (guint i = 0; updates != NULL && i < updates->len; i++)
    {
      AntamFeedUpdate *update = g_ptr_array_index (updates, i);

      updated |= update->checked && update->outcome == ANTAM_FEED_CHECK_UPDATED;
      refused |= update->checked && update->outcome == ANTAM_FEED_CHECK_REFUSED;
      unreachable |= !update->checked || update->outcome == ANTAM_FEED_CHECK_UNREACHABLE;
    }
  antam_rules_feed_group_reload (self);

  if (updated)
    toast (self, _("A newer list of risky apps was installed. It applies from the next check."));
  else if (refused)
    toast (self, _("The list the team’s server sent was not accepted; the list in use stays."));
  else if (unreachable)
    toast (self, _("The team’s server could not be reached; the list in use stays."));
  else
    toast (self, _("The list of risky apps is the newest."));
}

static void
on_check_clicked (AntamRulesFeedGroup *self)
{
  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->check_button, FALSE);
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  /* The network in a thread: the window keeps answering. */
  antam_rules_feed_update_async (FALSE, self->cancellable, on_checked, g_object_ref (self));
}

/* Checking the server, or reading what is installed. */
gboolean
antam_rules_feed_group_is_busy (AntamRulesFeedGroup *self)
{
  g_return_val_if_fail (ANTAM_IS_RULES_FEED_GROUP (self), FALSE);
  return self->cancellable != NULL || self->load_cancellable != NULL;
}

/**
 * antam_rules_feed_group_get_rows:
 *
 * Returns: (transfer none) (element-type AdwActionRow): one row a team
 *   that publishes a list, or one saying none does
 */
GPtrArray *
antam_rules_feed_group_get_rows (AntamRulesFeedGroup *self)
{
  g_return_val_if_fail (ANTAM_IS_RULES_FEED_GROUP (self), NULL);
  return self->rows;
}

static void
antam_rules_feed_group_dispose (GObject *object)
{
  AntamRulesFeedGroup *self = ANTAM_RULES_FEED_GROUP (object);

  /* A check still running ends, and its answer finds the group gone. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_RULES_FEED_GROUP);

  G_OBJECT_CLASS (antam_rules_feed_group_parent_class)->dispose (object);
}

static void
antam_rules_feed_group_finalize (GObject *object)
{
  AntamRulesFeedGroup *self = ANTAM_RULES_FEED_GROUP (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (antam_rules_feed_group_parent_class)->finalize (object);
}

static void
antam_rules_feed_group_class_init (AntamRulesFeedGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_rules_feed_group_dispose;
  object_class->finalize = antam_rules_feed_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-rules-feed-group.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamRulesFeedGroup, spinner);
  gtk_widget_class_bind_template_child (widget_class, AntamRulesFeedGroup, check_button);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked);
}

static void
antam_rules_feed_group_init (AntamRulesFeedGroup *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  antam_rules_feed_group_reload (self);
}
