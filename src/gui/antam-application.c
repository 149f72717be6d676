/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-application.h"
#include "antam-report-sender.h"
#include "antam-i18n.h"
#include "session/antam-scenario.h"
#include "session/antam-session.h"
#include "antam-window.h"
#include "report/antam-rules-feed-update.h"

struct _AntamApplication
{
  AdwApplication parent_instance;

  GSettings *settings;         /* NULL when the schema is not installed */
  AntamSession *session;       /* the one the window shows */
  AntamSession *live_session;  /* kept while a training session is shown */
  gboolean large_text;
  gboolean offer_language;     /* this is the first run: every window asks */
};

G_DEFINE_FINAL_TYPE (AntamApplication, antam_application, ADW_TYPE_APPLICATION)

static GSettings *settings_new_if_installed (void);

/**
 * antam_application_init_i18n:
 *
 * Call first thing in main(), before anything can translate: Vietnamese,
 * unless the user chose another language in the app's menu or set
 * LANGUAGE for it (antam_i18n_choose_app_language()), whatever the
 * desktop's locale.
 */
void
antam_application_init_i18n (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *saved = NULL;

  /* The locale is set here, once: gtk_init() would set it again from the
   * environment and undo what antam_i18n_use_language() did under C. */
  gtk_disable_setlocale ();
  antam_i18n_init ();

  settings = settings_new_if_installed ();
  if (settings != NULL)
    saved = g_settings_get_string (settings, "language");
  antam_i18n_use_language (antam_i18n_choose_app_language (saved));
}

GSettings *
antam_application_get_settings (AntamApplication *self)
{
  g_return_val_if_fail (ANTAM_IS_APPLICATION (self), NULL);
  return self->settings;
}

gboolean
antam_application_get_large_text (AntamApplication *self)
{
  g_return_val_if_fail (ANTAM_IS_APPLICATION (self), FALSE);
  return self->large_text;
}

/**
 * antam_application_get_offer_language:
 *
 * Whether the Welcome page offers the choice of language: throughout the
 * first run, and never again.
 */
gboolean
antam_application_get_offer_language (AntamApplication *self)
{
  g_return_val_if_fail (ANTAM_IS_APPLICATION (self), FALSE);
  return self->offer_language;
}

static AntamSession *
create_live_session (void)
{
  g_autoptr(AntamSysroot) sysroot = antam_sysroot_new_live ();
  g_autofree char *state_dir = g_build_filename (g_get_user_state_dir (), "antam", NULL);
  AntamSession *session = antam_session_new (sysroot, NULL, state_dir);

  antam_session_load_state (session);
  return session;
}

static AntamSession *
create_training_session (const char  *name,
                         GError     **error)
{
  g_autoptr(AntamScenario) scenario = NULL;
  g_autoptr(AntamSysroot) sysroot = NULL;

  scenario = antam_scenario_load (name, error);
  if (scenario == NULL || !antam_scenario_prepare (scenario, error))
    return NULL;
  sysroot = antam_scenario_create_sysroot (scenario, error);
  if (sysroot == NULL)
    return NULL;
  return antam_session_new (sysroot, g_steal_pointer (&scenario), NULL);
}

/* Replaces every window by one on the current session: after a change of
 * language (templates are translated when built) or of session. */
static AntamWindow *
show_new_window (AntamApplication *self)
{
  GtkWindow *old = gtk_application_get_active_window (GTK_APPLICATION (self));
  AntamWindow *window = antam_window_new (self, self->session);
  GList *windows;

  if (old != NULL)
    {
      int width, height;

      gtk_window_get_default_size (old, &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
    }
  gtk_window_present (GTK_WINDOW (window));

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != window && ANTAM_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
  g_list_free (windows);
  return window;
}

/**
 * antam_application_show_session:
 *
 * Shows @session in a new window, which replaces the others.
 *
 * Returns: (transfer none): the window
 */
AntamWindow *
antam_application_show_session (AntamApplication *self,
                                AntamSession     *session)
{
  g_return_val_if_fail (ANTAM_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (ANTAM_IS_SESSION (session), NULL);

  g_set_object (&self->session, session);
  return show_new_window (self);
}

static gboolean
start_training (AntamApplication *self,
                const char       *name,
                GError          **error)
{
  g_autoptr(AntamSession) session = create_training_session (name, error);

  if (session == NULL)
    return FALSE;

  if (self->session != NULL && !antam_session_is_training (self->session))
    g_set_object (&self->live_session, self->session);
  /* The trainer first shows the made-up computer's story on the welcome
   * page; Start then checks it, as it would the real one. */
  g_set_object (&self->session, session);
  antam_session_set_step (self->session, 1);
  return TRUE;
}

static void
training_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  AntamApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!start_training (self, g_variant_get_string (parameter, NULL), &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
      if (ANTAM_IS_WINDOW (window))
        antam_window_show_message (ANTAM_WINDOW (window), error->message);
      return;
    }
  show_new_window (self);
}

static void
leave_training_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  AntamApplication *self = user_data;

  if (self->session == NULL || !antam_session_is_training (self->session))
    return;
  if (self->live_session == NULL)
    self->live_session = create_live_session ();
  g_set_object (&self->session, self->live_session);
  g_clear_object (&self->live_session);
  show_new_window (self);
}

static void
language_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  AntamApplication *self = user_data;
  const char *language = g_variant_get_string (parameter, NULL);

  if (!g_str_equal (language, "vi") && !g_str_equal (language, "en"))
    return;

  g_simple_action_set_state (action, parameter);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "language", language);
  antam_i18n_use_language (language);

  if (self->session != NULL)
    {
      antam_session_language_changed (self->session);
      show_new_window (self);
    }
}

static void
style_toplevel (AntamApplication *self,
                GtkWidget        *toplevel)
{
  if (self->large_text)
    gtk_widget_add_css_class (toplevel, "large-text");
  else
    gtk_widget_remove_css_class (toplevel, "large-text");
}

/* Large text is the process's, not one window's: every window and dialog
 * wears the class from the moment it exists (the style sheet's rules
 * start at window.large-text), so that no dialog needs to know. */
static void
on_toplevels_changed (AntamApplication *self,
                      guint             position,
                      guint             removed,
                      guint             added,
                      GListModel       *toplevels)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);
      style_toplevel (self, toplevel);
    }
}

static void
set_large_text (AntamApplication *self,
                gboolean          large)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  self->large_text = large;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);
      style_toplevel (self, toplevel);
    }
}

static void
large_text_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  AntamApplication *self = user_data;
  gboolean large = g_variant_get_boolean (parameter);

  g_simple_action_set_state (action, parameter);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "large-text", large);
  set_large_text (self, large);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  AntamApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *sources[] = {
    _("Letter 1200/UBND-KGVX of the Kiên Giang provincial People's Committee, 1 September 2020"),
    _("Letter of the Cẩm Phả city People's Committee on the risks of online apps, May 2020"),
    NULL,
  };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", "An Tâm",
                        "application-icon", APP_ID,
                        "developer-name", _("The An Tâm developers"),
                        "version", VERSION,
                        "comments", _("A security self-check of your Linux computer, step by step, "
                                      "following the measures of two official letters."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The An Tâm developers",
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("The measures come from"), sources);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Through close-request, so that the window saves its size and step. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (app);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
  { "training", training_action, "s" },
  { "leave-training", leave_training_action },
  { "language", NULL, "s", "'vi'", language_action },
  { "large-text", NULL, NULL, "false", large_text_action },
};

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Run from a build tree without the schema, An Tâm still works: it just
   * remembers nothing in GSettings. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (APP_ID);
}

static void
on_rules_feeds_checked (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GPtrArray) updates = antam_rules_feed_update_finish (result, NULL);

  for (guint i = 0; updates != NULL && i < updates->len; i++)
    {
      AntamFeedUpdate *update = g_ptr_array_index (updates, i);

      if (update->checked)
        g_debug ("Rules feed of %s: %s", update->team, antam_feed_check_to_string (update->outcome));
    }
}

static void
antam_application_startup (GApplication *application)
{
  AntamApplication *self = ANTAM_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (antam_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  /* Issue 6: what waits in the outbox goes now, and when the network is back. */
  antam_report_service_start (application);
  /* The teams' lists of risky apps, when a check is due: once a day. */
  antam_rules_feed_update_async (TRUE, NULL, on_rules_feeds_checked, NULL);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.preferences", preferences_accels);

  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed), self, G_CONNECT_SWAPPED);

  self->settings = settings_new_if_installed ();
  if (self->settings != NULL)
    {
      self->large_text = self->large_text || g_settings_get_boolean (self->settings, "large-text");
      /* Asked once: whether or not the user answers, Vietnamese stays
       * until they choose otherwise in the menu. */
      self->offer_language = g_settings_get_boolean (self->settings, "ask-language");
      g_settings_set_boolean (self->settings, "ask-language", FALSE);
    }

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "language")),
                             g_variant_new_string (antam_i18n_get_language ()));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "large-text")),
                             g_variant_new_boolean (self->large_text));
}

static void
antam_application_shutdown (GApplication *application)
{
  AntamApplication *self = ANTAM_APPLICATION (application);

  /* What the user chose must outlive the process, which ends now. */
  if (self->settings != NULL)
    g_settings_sync ();

  G_APPLICATION_CLASS (antam_application_parent_class)->shutdown (application);
}

static void
antam_application_activate (GApplication *application)
{
  AntamApplication *self = ANTAM_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  if (self->session == NULL)
    self->session = create_live_session ();
  show_new_window (self);
}

static int
antam_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  AntamApplication *self = ANTAM_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *training = NULL;
  gboolean large = FALSE;

  g_variant_dict_lookup (options, "training", "&s", &training);
  g_variant_dict_lookup (options, "large", "b", &large);

  if (large)
    {
      /* For this run only: a projector session should not change the
       * user's own setting. */
      g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "large-text")),
                                 g_variant_new_boolean (TRUE));
      set_large_text (self, TRUE);
    }

  if (training != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!start_training (self, training, &error))
        {
          g_auto(GStrv) names = antam_scenario_list_names ();
          g_autofree char *list = g_strjoinv (", ", names);

          g_application_command_line_printerr (command_line, "%s\n", error->message);
          /* TRANSLATORS: %s is a comma-separated list of scenario names */
          g_application_command_line_printerr (command_line, _("Training scenarios: %s\n"), list);
          return 64;
        }
      show_new_window (self);
      return 0;
    }

  g_application_activate (application);
  return 0;
}

static void
antam_application_dispose (GObject *object)
{
  AntamApplication *self = ANTAM_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->live_session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (antam_application_parent_class)->dispose (object);
}

static void
antam_application_class_init (AntamApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = antam_application_dispose;
  app_class->startup = antam_application_startup;
  app_class->shutdown = antam_application_shutdown;
  app_class->activate = antam_application_activate;
  app_class->command_line = antam_application_command_line;
}

static void
antam_application_init (AntamApplication *self)
{
  static const GOptionEntry entries[] = {
    { "training", 't', 0, G_OPTION_ARG_STRING, NULL,
      N_("Show a training scenario instead of this computer"), N_("SCENARIO") },
    { "large", 'l', 0, G_OPTION_ARG_NONE, NULL,
      N_("Large text, for a projector"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A security self-check of this computer, step by step."));
}

AntamApplication *
antam_application_new (void)
{
  return g_object_new (ANTAM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/antam/AnTam",
                       NULL);
}
