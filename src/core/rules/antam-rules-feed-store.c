/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "antam-result.h"
#include "sysroot/antam-sysroot.h"
#include "util/antam-json-fields.h"
#include "rules/antam-rules-feed-store.h"
#include "antam-enums.h"
#include "util/antam-enum.h"

#define STATE_SCHEMA "antam.rules-feed-state/1"
#define MAX_STATE_SIZE (64 * 1024)

const char *
antam_feed_check_to_string (AntamFeedCheck check)
{
  const char *nick = antam_enum_to_nick (ANTAM_TYPE_FEED_CHECK, check);

  g_return_val_if_fail (nick != NULL, NULL);
  return nick;
}

void
antam_feed_state_free (AntamFeedState *state)
{
  if (state == NULL)
    return;
  g_free (state->team);
  g_free (state->rules_url);
  g_free (state->rules_key);
  g_free (state->etag);
  g_free (state->last_modified);
  g_clear_pointer (&state->checked, g_date_time_unref);
  g_free (state->problem);
  g_free (state);
}

/**
 * antam_rules_feed_store_dir:
 *
 * Returns: where this user's installed feeds are
 */
char *
antam_rules_feed_store_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "antam", "rules-feed", NULL);
}

char *
antam_rules_feed_store_path (const char *dir,
                             const char *team)
{
  g_autofree char *name = g_strconcat (team, ".feed", NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
state_path (const char *dir,
            const char *team)
{
  g_autofree char *name = g_strconcat (team, ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
read_file (const char  *path,
           gsize        max_size,
           char       **contents,
           gsize       *length,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  gboolean ok;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  ok = antam_read_regular_fd (fd, path, max_size, contents, length, error);
  close (fd);
  return ok;
}

/**
 * antam_feed_state_load:
 *
 * Returns: (transfer full): what is known of @team's feed; a state that
 *   was never checked when nothing (readable) is
 */
AntamFeedState *
antam_feed_state_load (const char *dir,
                       const char *team)
{
  AntamFeedState *state = g_new0 (AntamFeedState, 1);
  g_autofree char *path = state_path (dir, team);
  g_autofree char *contents = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *outcome = NULL;
  gsize length;
  cJSON *root;
  const cJSON *schema, *serial;
  int check;

  state->team = g_strdup (team);
  if (!read_file (path, MAX_STATE_SIZE, &contents, &length, NULL))
    return state;
  root = cJSON_ParseWithLength (contents, length);
  schema = cJSON_GetObjectItemCaseSensitive (root, "schema");
  if (!cJSON_IsString (schema) || !g_str_equal (schema->valuestring, STATE_SCHEMA))
    {
      g_debug ("%s: not a feed state, ignored", path);
      cJSON_Delete (root);
      return state;
    }

  state->rules_url = antam_json_dup_string (root, "rules_url");
  state->rules_key = antam_json_dup_string (root, "rules_key");
  state->etag = antam_json_dup_string (root, "etag");
  state->last_modified = antam_json_dup_string (root, "last_modified");
  state->problem = antam_json_dup_string (root, "problem");
  checked = antam_json_dup_string (root, "checked");
  if (checked != NULL)
    state->checked = g_date_time_new_from_iso8601 (checked, NULL);
  outcome = antam_json_dup_string (root, "outcome");
  state->outcome = antam_enum_from_nick (ANTAM_TYPE_FEED_CHECK, outcome, &check)
                   ? (AntamFeedCheck) check : ANTAM_FEED_CHECK_NEVER;
  serial = cJSON_GetObjectItemCaseSensitive (root, "serial");
  if (cJSON_IsNumber (serial) && serial->valuedouble >= 1 && serial->valuedouble < 9007199254740992.0)
    state->serial = (guint64) serial->valuedouble;
  cJSON_Delete (root);
  return state;
}

static void
add_optional (cJSON      *root,
              const char *key,
              const char *value)
{
  if (value != NULL)
    cJSON_AddStringToObject (root, key, value);
}

gboolean
antam_feed_state_save (const AntamFeedState  *state,
                       const char            *dir,
                       GError               **error)
{
  g_autofree char *path = state_path (dir, state->team);
  g_autofree char *checked = NULL;
  cJSON *root = cJSON_CreateObject ();
  char *text;
  gboolean ok;

  if (state->checked != NULL)
    checked = g_date_time_format (state->checked, "%Y-%m-%dT%H:%M:%S%:z");
  cJSON_AddStringToObject (root, "schema", STATE_SCHEMA);
  cJSON_AddStringToObject (root, "team", state->team);
  add_optional (root, "rules_url", state->rules_url);
  add_optional (root, "rules_key", state->rules_key);
  add_optional (root, "etag", state->etag);
  add_optional (root, "last_modified", state->last_modified);
  add_optional (root, "checked", checked);
  cJSON_AddStringToObject (root, "outcome", antam_feed_check_to_string (state->outcome));
  add_optional (root, "problem", state->problem);
  if (state->serial > 0)
    cJSON_AddNumberToObject (root, "serial", (double) state->serial);
  text = cJSON_Print (root);
  cJSON_Delete (root);

  ok = g_mkdir_with_parents (dir, 0700) == 0 || errno == EEXIST;
  if (!ok)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
    }
  else
    ok = g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
  cJSON_free (text);
  return ok;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * antam_rules_feed_store_list:
 *
 * Returns: (transfer full) (element-type AntamFeedState): the state of
 *   every team with a state file in @dir, by team id
 */
GPtrArray *
antam_rules_feed_store_list (const char *dir)
{
  GPtrArray *states = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_feed_state_free);
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *team = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      team = g_strndup (name, strlen (name) - strlen (".json"));
      /* Only a contact's id names a file here. */
      if (antam_json_is_valid_id (team))
        g_ptr_array_add (teams, g_steal_pointer (&team));
    }
  g_ptr_array_sort (teams, compare_names);
  for (guint i = 0; i < teams->len; i++)
    g_ptr_array_add (states, antam_feed_state_load (dir, g_ptr_array_index (teams, i)));
  return states;
}

/* The installed feed's bytes, as they came. */
gboolean
antam_rules_feed_store_read (const char  *dir,
                             const char  *team,
                             char       **contents,
                             gsize       *length,
                             GError     **error)
{
  g_autofree char *path = antam_rules_feed_store_path (dir, team);

  return read_file (path, ANTAM_RULES_FEED_MAX_SIZE, contents, length, error);
}

/**
 * antam_rules_feed_store_open:
 *
 * Opens the feed installed for @state's team and checks it again with
 * the key it was installed with: a file damaged since is not used.
 */
AntamRulesFeed *
antam_rules_feed_store_open (const char            *dir,
                             const AntamFeedState  *state,
                             GError               **error)
{
  g_autofree char *path = antam_rules_feed_store_path (dir, state->team);
  g_autofree char *contents = NULL;
  AntamMinisignPublicKey key;
  AntamRulesFeed *feed;
  gsize length;

  if (!antam_rules_feed_store_read (dir, state->team, &contents, &length, error))
    return NULL;
  if (!antam_minisign_public_key_parse (state->rules_key, &key, error))
    {
      g_prefix_error (error, "%s: rules_key: ", path);
      return NULL;
    }
  feed = antam_rules_feed_open (contents, length, &key, path, error);
  if (feed != NULL)
    {
      feed->team = g_strdup (state->team);
      feed->path = g_steal_pointer (&path);
    }
  return feed;
}

/**
 * antam_rules_feed_store_install:
 *
 * Replaces @team's feed at once: a reader sees the old feed or the new
 * one, never part of one.
 */
gboolean
antam_rules_feed_store_install (const char  *dir,
                                const char  *team,
                                const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autofree char *path = antam_rules_feed_store_path (dir, team);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

/* Used when a team is no longer in the contacts, or pins another key. */
void
antam_rules_feed_store_forget (const char *dir,
                               const char *team)
{
  g_autofree char *feed = antam_rules_feed_store_path (dir, team);
  g_autofree char *state = state_path (dir, team);

  /* The feed first: without it, a state only says when it was checked. */
  if (g_unlink (feed) != 0 && errno != ENOENT)
    g_debug ("%s: %s", feed, g_strerror (errno));
  if (g_unlink (state) != 0 && errno != ENOENT)
    g_debug ("%s: %s", state, g_strerror (errno));
}

/**
 * antam_rules_feed_store_add_layer:
 *
 * Adds the rules of every feed installed in @dir, by team id, and lists
 * the feeds in @rules->feeds.  A feed that cannot be used is in the
 * errors and changes nothing.
 */
void
antam_rules_feed_store_add_layer (AntamRules *rules,
                                  const char *dir)
{
  g_autoptr(GPtrArray) states = antam_rules_feed_store_list (dir);

  for (guint i = 0; i < states->len; i++)
    {
      AntamFeedState *state = g_ptr_array_index (states, i);
      g_autoptr(AntamRulesFeed) feed = NULL;
      g_autoptr(GError) error = NULL;

      if (state->serial == 0)
        continue;
      feed = antam_rules_feed_store_open (dir, state, &error);
      if (feed == NULL ||
          !antam_rules_add_file (rules, feed->path, feed->rules, strlen (feed->rules), &error))
        {
          g_debug ("%s", error->message);
          g_ptr_array_add (rules->errors, g_strdup (error->message));
          continue;
        }
      /* Read once: what stays is what the feed is, not its rules. */
      g_clear_pointer (&feed->rules, g_free);
      g_ptr_array_add (rules->feeds, g_steal_pointer (&feed));
    }
}
