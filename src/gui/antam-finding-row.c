/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "antam-finding-row.h"
#include "antam-remedy-launcher.h"

struct _AntamFindingRow
{
  AdwExpanderRow parent_instance;

  GtkImage *status_icon;
  GtkButton *action_button;

  AntamResult *result;
};

G_DEFINE_FINAL_TYPE (AntamFindingRow, antam_finding_row, ADW_TYPE_EXPANDER_ROW)

const char *
antam_status_icon_name (AntamStatus status)
{
  switch (status)
    {
    case ANTAM_STATUS_OK:
      return "emblem-ok-symbolic";
    case ANTAM_STATUS_INFO:
      return "dialog-information-symbolic";
    case ANTAM_STATUS_MANUAL:
      return "dialog-question-symbolic";
    case ANTAM_STATUS_UNKNOWN:
      return "action-unavailable-symbolic";
    case ANTAM_STATUS_WARNING:
      return "dialog-warning-symbolic";
    case ANTAM_STATUS_RISK:
    case ANTAM_N_STATUSES:
    default:
      return "dialog-error-symbolic";
    }
}

const char *
antam_status_css_class (AntamStatus status)
{
  switch (status)
    {
    case ANTAM_STATUS_OK:
      return "status-ok";
    case ANTAM_STATUS_INFO:
      return "status-info";
    case ANTAM_STATUS_MANUAL:
      return "status-manual";
    case ANTAM_STATUS_UNKNOWN:
      return "status-unknown";
    case ANTAM_STATUS_WARNING:
      return "status-warning";
    case ANTAM_STATUS_RISK:
    case ANTAM_N_STATUSES:
    default:
      return "status-risk";
    }
}

/* One line of why: the first sentence, so that the row stays short and the
 * whole text waits in the details.  A sentence ends at ". ", never at a
 * colon: "…warn about Zoom:" would promise what the row does not say. */
static char *
first_sentence (const char *text)
{
  const char *end;

  if (text == NULL)
    return NULL;
  for (end = text; *end != '\0'; end = g_utf8_next_char (end))
    if (*end == '.' && (end[1] == ' ' || end[1] == '\0'))
      break;
  if (*end == '\0')
    return g_strdup (text);
  return g_strndup (text, end - text + 1);
}

static void
add_detail_row (AntamFindingRow *self,
                const char      *title,
                const char      *text)
{
  GtkWidget *row;
  g_autofree char *escaped = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  escaped = g_markup_escape_text (text, -1);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_add_css_class (row, "property");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
}

/* Commands and the names of files and settings are for the person who
 * looks after the computer: folded away, and selectable to copy. */
static void
add_it_staff_row (AntamFindingRow *self,
                  const char      *text)
{
  GtkWidget *expander;
  GtkWidget *row;
  GtkWidget *label;

  if (text == NULL || text[0] == '\0')
    return;
  expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("For IT staff"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                 _("Commands and settings, for whoever looks after this computer"));
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "it-staff");
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), expander);
}

static const char *
item_kind_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } kinds[] = {
    { "deb", N_("Debian package") },
    { "rpm", N_("RPM package") },
    { "flatpak", N_("Flatpak app") },
    { "snap", N_("Snap package") },
    { "path", N_("Program files") },
    { "home-path", N_("Files in your home folder") },
    { "desktop-entry", N_("Menu entry") },
    { "url-handler", N_("Link handler") },
    { "autostart", N_("Starts with the session") },
    { "process", N_("Running program") },
    { "download", N_("Downloaded file") },
    { "appimage", N_("AppImage program") },
    { "service", N_("System service") },
    { "os", N_("Operating system") },
    { "answer", N_("Your answer") },
    { "error", N_("Not checked") },
    { "rules-file", N_("Rules file") },
    { "camera-permission", N_("Camera permission") },
    { "microphone-permission", N_("Microphone permission") },
    { "firewall", N_("Firewall") },
    { "filesystem", N_("Disk") },
    { "setting", N_("Setting") },
    { "config", N_("Configuration file") },
    { "listener", N_("Network port") },
    { "share", N_("Shared") },
    { "folder", N_("Folder") },
    { "file", N_("File") },
    { "account", N_("Account") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].label);
  return kind;
}

/* Issue 7: a camera or microphone permission is taken back item by item,
 * through win.revoke-permission(app id, device). */
static void
add_revoke_button (GtkWidget *row,
                   AntamItem *item)
{
  const char *device = NULL;
  g_autofree char *description = NULL;
  GtkWidget *button;

  if (g_strcmp0 (item->kind, "camera-permission") == 0)
    device = "camera";
  else if (g_strcmp0 (item->kind, "microphone-permission") == 0)
    device = "microphone";
  if (device == NULL || item->id == NULL)
    return;

  button = gtk_button_new_with_mnemonic (_("_Revoke"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.revoke-permission");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", item->id, device);
  /* TRANSLATORS: what the Revoke button does, for screen readers; %s is an app id */
  description = g_strdup_printf (_("Revoke the permission of %s"), item->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static void
add_item_row (AntamFindingRow *self,
              AntamItem       *item)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = NULL;
  GtkWidget *row;

#define ADD_LINE(label, value) \
  G_STMT_START { \
    if ((value) != NULL && (value)[0] != '\0') \
      { \
        g_autofree char *escaped_ = g_markup_escape_text ((value), -1); \
        if (text->len > 0) \
          g_string_append_c (text, '\n'); \
        g_string_append_printf (text, "%s: %s", (label), escaped_); \
      } \
  } G_STMT_END

  ADD_LINE (_("Kind"), item_kind_label (item->kind));
  ADD_LINE (_("Version"), item->version);
  ADD_LINE (_("Location"), item->location);
  ADD_LINE (_("Downloaded from"), item->origin);
  ADD_LINE (_("SHA-256"), item->sha256);
  /* What could not be read is said in the item's name; the library's own
   * words are for IT staff, and say so. */
  if (g_strcmp0 (item->kind, "error") == 0)
    ADD_LINE (_("For IT staff"), item->detail);
  else
    ADD_LINE (_("Details"), item->detail);
#undef ADD_LINE

  title = g_markup_escape_text (item->name ? item->name : item->kind, -1);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->str);
  gtk_widget_add_css_class (row, "finding-item");
  add_revoke_button (row, item);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
}

static void
act (GtkWidget  *widget,
     const char *action_name,
     GVariant   *parameter)
{
  AntamFindingRow *self = ANTAM_FINDING_ROW (widget);

  /* Removal is the window's: issue 5 puts the guided removal behind it. */
  if (self->result->remedy == ANTAM_REMEDY_UNINSTALL && self->result->remedy_target != NULL)
    gtk_widget_activate_action (widget, "win.remove-app", "s", self->result->remedy_target);
  else if (self->result->remedy == ANTAM_REMEDY_FIX && self->result->remedy_target != NULL)
    gtk_widget_activate_action (widget, "win.fix", "s", self->result->remedy_target);
  else if (self->result->remedy == ANTAM_REMEDY_REPORT)
    gtk_widget_activate_action (widget, "win.send-report", NULL);
  else
    gtk_widget_activate_action (widget, "win.open-remedy", "(ss)", self->result->check,
                                self->result->title ? self->result->title : "");
}

static void
antam_finding_row_dispose (GObject *object)
{
  AntamFindingRow *self = ANTAM_FINDING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ANTAM_TYPE_FINDING_ROW);
  g_clear_pointer (&self->result, antam_result_unref);

  G_OBJECT_CLASS (antam_finding_row_parent_class)->dispose (object);
}

static void
antam_finding_row_class_init (AntamFindingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = antam_finding_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/antam/AnTam/antam-finding-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AntamFindingRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, AntamFindingRow, action_button);

  gtk_widget_class_install_action (widget_class, "row.act", NULL, act);
}

static void
antam_finding_row_init (AntamFindingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_result (AntamFindingRow *self,
            AntamResult     *result)
{
  const char *status_word = antam_status_display_name (result->status);
  const char *why_no_button = NULL;
  const char *label = antam_remedy_launcher_label (result, &why_no_button);
  g_autofree char *why = first_sentence (result->summary);
  g_autofree char *what_to_do = NULL;
  g_autofree char *title = g_markup_escape_text (result->title ? result->title : result->check, -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *why_escaped = why ? g_markup_escape_text (why, -1) : NULL;

  self->result = antam_result_ref (result);

  /* The status is said in words beside its icon: never by colour alone. */
  subtitle = why_escaped
    ? g_strdup_printf ("<b>%s</b> · %s", status_word, why_escaped)
    : g_strdup_printf ("<b>%s</b>", status_word);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  gtk_image_set_from_icon_name (self->status_icon, antam_status_icon_name (result->status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status_word, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_icon), status_word);
  gtk_widget_add_css_class (GTK_WIDGET (self), antam_status_css_class (result->status));

  if (label != NULL && result->status != ANTAM_STATUS_OK)
    {
      g_autofree char *description = g_strdup_printf ("%s: %s", label, result->title ? result->title : "");

      gtk_button_set_label (self->action_button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->action_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
      gtk_widget_set_visible (GTK_WIDGET (self->action_button), TRUE);
    }

  /* Said already, whole, in the subtitle: not again below it. */
  if (g_strcmp0 (why, result->summary) != 0)
    add_detail_row (self, _("Why it matters"), result->summary);
  what_to_do = why_no_button && result->status != ANTAM_STATUS_OK
    ? g_strjoin (" ", result->remedy_text ? result->remedy_text : "", why_no_button, NULL)
    : g_strdup (result->remedy_text);
  add_detail_row (self, _("What to do"), what_to_do ? g_strstrip (what_to_do) : NULL);
  for (guint i = 0; i < result->items->len; i++)
    add_item_row (self, g_ptr_array_index (result->items, i));
  add_it_staff_row (self, result->it_staff);

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
}

GtkWidget *
antam_finding_row_new (AntamResult *result)
{
  AntamFindingRow *self;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (ANTAM_TYPE_FINDING_ROW, NULL);
  set_result (self, result);
  return GTK_WIDGET (self);
}

AntamResult *
antam_finding_row_get_result (AntamFindingRow *self)
{
  g_return_val_if_fail (ANTAM_IS_FINDING_ROW (self), NULL);
  return self->result;
}
