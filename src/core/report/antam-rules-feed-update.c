/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "scan/antam-scan.h"
#include "sysroot/antam-sysroot.h"
#include "report/antam-send.h"
#include "report/antam-rules-feed-update.h"

#define DEFAULT_CONNECT_TIMEOUT 20
#define DEFAULT_STALL_TIMEOUT 30
#define DEFAULT_TOTAL_TIMEOUT 180
/* An ETag or a date, sent back as it came: short and printable. */
#define MAX_VALIDATOR_LENGTH 200

/**
 * antam_feed_fetch_options_new:
 *
 * The certificate authority is the one Preferences set for every team
 * (the reports' "ca-file"), as for sending reports; without it, each
 * team's own (its contact's ca_file), else the system's.
 */
AntamFeedFetchOptions *
antam_feed_fetch_options_new (void)
{
  g_autoptr(AntamSendConfig) config = NULL;
  g_autoptr(GSettings) settings = antam_report_settings_new ();
  AntamFeedFetchOptions *options = g_new0 (AntamFeedFetchOptions, 1);

  options->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  options->stall_timeout = DEFAULT_STALL_TIMEOUT;
  options->total_timeout = DEFAULT_TOTAL_TIMEOUT;
  /* $ANTAM_TEST_CA_FILE, which the tests set, is read there too. */
  config = antam_send_config_load (settings);
  options->ca_file = g_strdup (config->ca_file);
  return options;
}

void
antam_feed_fetch_options_free (AntamFeedFetchOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->ca_file);
  g_free (options);
}

void
antam_feed_update_free (AntamFeedUpdate *update)
{
  if (update == NULL)
    return;
  g_free (update->team);
  g_free (update->team_name);
  g_free (update->problem);
  g_free (update);
}

/**
 * antam_feed_state_is_due:
 *
 * A day after the server last answered; an hour after it could not be
 * reached, so that a PC started before its network still gets the feed
 * that day.  A clock set back makes it due at once.
 */
gboolean
antam_feed_state_is_due (const AntamFeedState *state,
                         GDateTime            *now)
{
  GTimeSpan since;

  if (state->checked == NULL || state->outcome == ANTAM_FEED_CHECK_NEVER)
    return TRUE;
  since = g_date_time_difference (now, state->checked);
  if (since < 0)
    return TRUE;
  return since >= (state->outcome == ANTAM_FEED_CHECK_UNREACHABLE ? G_TIME_SPAN_HOUR : G_TIME_SPAN_DAY);
}

/* ---- The download ------------------------------------------------------- */

typedef struct {
  GByteArray *body;
  gboolean too_big;
  char *etag;
  char *last_modified;
  GCancellable *cancellable;
} Download;

static void
download_clear (Download *download)
{
  g_clear_pointer (&download->body, g_byte_array_unref);
  g_clear_pointer (&download->etag, g_free);
  g_clear_pointer (&download->last_modified, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Download, download_clear)

static gpointer
init_curl (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

static size_t
on_body (char   *data,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  Download *download = user_data;
  gsize length = size * count;

  /* Stopped as soon as it is too large, whatever Content-Length said. */
  if (download->body->len + length > ANTAM_RULES_FEED_MAX_SIZE)
    {
      download->too_big = TRUE;
      return 0;
    }
  g_byte_array_append (download->body, (const guint8 *) data, (guint) length);
  return length;
}

static char *
header_value (const char *line,
              const char *name)
{
  gsize name_length = strlen (name);
  g_autofree char *value = NULL;

  if (g_ascii_strncasecmp (line, name, name_length) != 0 || line[name_length] != ':')
    return NULL;
  value = g_strstrip (g_strdup (line + name_length + 1));
  if (*value == '\0' || strlen (value) > MAX_VALIDATOR_LENGTH)
    return NULL;
  for (const char *p = value; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return NULL;
  return g_steal_pointer (&value);
}

static size_t
on_header (char   *data,
           size_t  size,
           size_t  count,
           void   *user_data)
{
  Download *download = user_data;
  gsize length = size * count;
  g_autofree char *line = g_strchomp (g_strndup (data, length));
  char *value;

  /* A new response (after a redirect): only the last one's count. */
  if (g_str_has_prefix (line, "HTTP/"))
    {
      g_clear_pointer (&download->etag, g_free);
      g_clear_pointer (&download->last_modified, g_free);
    }
  else if ((value = header_value (line, "ETag")) != NULL)
    {
      g_free (download->etag);
      download->etag = value;
    }
  else if ((value = header_value (line, "Last-Modified")) != NULL)
    {
      g_free (download->last_modified);
      download->last_modified = value;
    }
  return length;
}

static int
on_progress (void       *user_data,
             curl_off_t  download_total,
             curl_off_t  downloaded,
             curl_off_t  upload_total,
             curl_off_t  uploaded)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* Fetches @url into @download; with @etag or @last_modified, only when
 * it changed since.  Returns the HTTP status, or 0 with @error set. */
static long
fetch (const char                  *url,
       const char                  *etag,
       const char                  *last_modified,
       const char                  *ca_file,
       const AntamFeedFetchOptions *options,
       Download                    *download,
       GError                     **error)
{
  static GOnce curl_once = G_ONCE_INIT;
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *headers = NULL;
  long status = 0;
  CURLcode code;
  CURL *curl;

  g_once (&curl_once, init_curl, NULL);
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The network library could not start"));
      return 0;
    }

  download->body = g_byte_array_new ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  /* A province's web server may move the file: only to another https://
   * address, and the signature still decides. */
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, ca_file);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "AnTam/" VERSION);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) options->connect_timeout);
  /* A server that takes the connection and then stalls must fail, not
   * hang: less than one byte a second for stall_timeout seconds ends it. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) options->stall_timeout);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) options->total_timeout);
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) ANTAM_RULES_FEED_MAX_SIZE);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, download);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, download);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, download->cancellable);
  if (etag != NULL)
    {
      g_autofree char *line = g_strdup_printf ("If-None-Match: %s", etag);
      headers = curl_slist_append (headers, line);
    }
  if (last_modified != NULL)
    {
      g_autofree char *line = g_strdup_printf ("If-Modified-Since: %s", last_modified);
      headers = curl_slist_append (headers, line);
    }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);

  if (code == CURLE_OK)
    return status;
  if (g_cancellable_is_cancelled (download->cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The check was cancelled"));
  else if (download->too_big || code == CURLE_FILESIZE_EXCEEDED)
    {
      download->too_big = TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("%s: the server sent more than a rules feed may be (%d MiB); nothing of it was used"),
                   url, ANTAM_RULES_FEED_MAX_SIZE / (1024 * 1024));
    }
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                 _("%s: no feed came (%s); the rules in force stay"),
                 url, errbuf[0] ? errbuf : curl_easy_strerror (code));
  return 0;
}

/* ---- Deciding ----------------------------------------------------------- */

static gboolean
same_bytes (const char *dir,
            const char *team,
            GByteArray *body)
{
  g_autofree char *installed = NULL;
  gsize length;

  return antam_rules_feed_store_read (dir, team, &installed, &length, NULL) &&
         length == body->len && memcmp (installed, body->data, length) == 0;
}

static char *
format_date (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%d %H:%M %:z");
}

/* What the server sent, checked: whether it is installed, and why not. */
static AntamFeedCheck
consider (const AntamContact *contact,
          const char         *dir,
          AntamFeedState     *state,
          gboolean            have_installed,
          long                status,
          Download           *download,
          GDateTime          *now,
          char              **problem)
{
  g_autoptr(AntamRulesFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  AntamMinisignPublicKey key;

  if (status == 304 && have_installed)
    return ANTAM_FEED_CHECK_CURRENT;
  if (status != 200)
    {
      *problem = g_strdup_printf (_("%s: the server answered %ld instead of the feed; the rules in force stay"),
                                  contact->rules_url, status);
      return ANTAM_FEED_CHECK_UNREACHABLE;
    }

  /* The contacts were checked when read: the key is one. */
  if (!antam_minisign_public_key_parse (contact->rules_key, &key, &error) ||
      (feed = antam_rules_feed_open ((const char *) download->body->data, download->body->len, &key,
                                     contact->rules_url, &error)) == NULL)
    {
      *problem = g_strdup (error->message);
      return ANTAM_FEED_CHECK_REFUSED;
    }
  if (antam_rules_feed_is_expired (feed, now))
    {
      g_autofree char *expired = format_date (feed->expires);
      *problem = g_strdup_printf (_("%s: feed %" PRIu64 " expired on %s; the team has not published a newer one"),
                                  contact->rules_url, feed->serial, expired);
      return ANTAM_FEED_CHECK_REFUSED;
    }
  if (feed->serial < state->serial)
    {
      *problem = g_strdup_printf (_("%s: feed %" PRIu64 " is older than feed %" PRIu64
                                    " installed: an older feed never replaces a newer one"),
                                  contact->rules_url, feed->serial, state->serial);
      return ANTAM_FEED_CHECK_REFUSED;
    }
  if (feed->serial == state->serial && have_installed)
    {
      if (same_bytes (dir, contact->id, download->body))
        return ANTAM_FEED_CHECK_CURRENT;
      *problem = g_strdup_printf (_("%s: feed %" PRIu64 " differs from the feed of the same number "
                                    "installed; a changed feed needs a new number"),
                                  contact->rules_url, feed->serial);
      return ANTAM_FEED_CHECK_REFUSED;
    }

  if (!antam_rules_feed_store_install (dir, contact->id, (const char *) download->body->data,
                                       download->body->len, &error))
    {
      *problem = g_strdup (error->message);
      return ANTAM_FEED_CHECK_REFUSED;
    }
  state->serial = feed->serial;
  g_free (state->rules_key);
  state->rules_key = g_strstrip (g_strdup (contact->rules_key));
  return ANTAM_FEED_CHECK_UPDATED;
}

static AntamFeedUpdate *
update_team (const AntamContact          *contact,
             const char                  *dir,
             const AntamFeedFetchOptions *options,
             gboolean                     only_when_due,
             GDateTime                   *now,
             GCancellable                *cancellable)
{
  g_autoptr(AntamFeedUpdate) update = g_new0 (AntamFeedUpdate, 1);
  g_autoptr(AntamFeedState) state = antam_feed_state_load (dir, contact->id);
  g_autoptr(AntamRulesFeed) installed = NULL;
  g_auto(Download) download = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  gboolean same_address;
  AntamFeedCheck outcome;
  long status;

  update->team = g_strdup (contact->id);
  update->team_name = g_strdup (antam_contact_get_name (contact));
  update->outcome = state->outcome;
  if (only_when_due && !antam_feed_state_is_due (state, now))
    {
      update->old_serial = update->new_serial = state->serial;
      return g_steal_pointer (&update);
    }

  if (state->serial > 0)
    {
      installed = antam_rules_feed_store_open (dir, state, &error);
      if (installed == NULL)
        g_debug ("The installed feed is not used: %s", error->message);
      g_clear_error (&error);
    }
  update->old_serial = installed != NULL ? installed->serial : 0;

  /* Conditional only when what is installed came from this very address. */
  same_address = installed != NULL && g_strcmp0 (state->rules_url, contact->rules_url) == 0;
  download.cancellable = cancellable;
  /* The authority for every team, when one is set; else the team's own. */
  status = fetch (contact->rules_url, same_address ? state->etag : NULL,
                  same_address ? state->last_modified : NULL,
                  options->ca_file != NULL ? options->ca_file : contact->ca_file,
                  options, &download, &error);
  if (status == 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update->new_serial = update->old_serial;
      return g_steal_pointer (&update);
    }
  if (status == 0)
    {
      outcome = download.too_big ? ANTAM_FEED_CHECK_REFUSED : ANTAM_FEED_CHECK_UNREACHABLE;
      problem = g_strdup (error->message);
    }
  else
    outcome = consider (contact, dir, state, installed != NULL, status, &download, now, &problem);
  g_clear_error (&error);

  if (outcome == ANTAM_FEED_CHECK_UPDATED ||
      (outcome == ANTAM_FEED_CHECK_CURRENT && status == 200))
    {
      g_free (state->etag);
      state->etag = g_steal_pointer (&download.etag);
      g_free (state->last_modified);
      state->last_modified = g_steal_pointer (&download.last_modified);
      g_free (state->rules_url);
      state->rules_url = g_strdup (contact->rules_url);
    }
  else if (outcome == ANTAM_FEED_CHECK_CURRENT && download.etag != NULL)
    {
      g_free (state->etag);
      state->etag = g_steal_pointer (&download.etag);
    }

  g_clear_pointer (&state->checked, g_date_time_unref);
  state->checked = g_date_time_ref (now);
  state->outcome = outcome;
  g_free (state->problem);
  state->problem = g_strdup (problem);
  if (!antam_feed_state_save (state, dir, &error))
    g_debug ("%s", error->message);

  update->checked = TRUE;
  update->outcome = outcome;
  update->new_serial = outcome == ANTAM_FEED_CHECK_UPDATED ? state->serial : update->old_serial;
  update->problem = g_steal_pointer (&problem);
  return g_steal_pointer (&update);
}

/* A team no longer in the contacts, or pinning another key, loses its
 * feed: an agency that drops a team, or replaces its key, is obeyed at
 * once. */
static void
forget_unknown_teams (AntamContacts *contacts,
                      const char    *dir)
{
  g_autoptr(GPtrArray) states = antam_rules_feed_store_list (dir);

  for (guint i = 0; i < states->len; i++)
    {
      AntamFeedState *state = g_ptr_array_index (states, i);
      const AntamContact *contact = antam_contacts_lookup (contacts, state->team);
      g_autofree char *pinned = contact != NULL && contact->rules_key != NULL
        ? g_strstrip (g_strdup (contact->rules_key)) : NULL;

      if (contact == NULL || contact->rules_url == NULL ||
          (state->rules_key != NULL && g_strcmp0 (state->rules_key, pinned) != 0))
        {
          g_debug ("Forgetting the rules feed of %s", state->team);
          antam_rules_feed_store_forget (dir, state->team);
        }
    }
}

/* One check at a time: the reminder and the app both start at login. */
static int
lock_store (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, ".lock", NULL);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return -1;
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

/**
 * antam_rules_feed_update:
 * @contacts: the live machine's contacts
 * @dir: the store, from antam_rules_feed_store_dir()
 * @only_when_due: check only the feeds whose check is due
 *
 * Returns: (transfer full) (element-type AntamFeedUpdate): one for each
 *   team with a rules_url, in the contacts' order
 */
GPtrArray *
antam_rules_feed_update (AntamContacts               *contacts,
                         const char                  *dir,
                         const AntamFeedFetchOptions *options,
                         gboolean                     only_when_due,
                         GCancellable                *cancellable)
{
  GPtrArray *updates = g_ptr_array_new_with_free_func ((GDestroyNotify) antam_feed_update_free);
  g_autoptr(GDateTime) now = antam_scan_now ();
  gboolean any_team = FALSE;
  int lock;

  for (guint i = 0; i < contacts->contacts->len; i++)
    any_team |= ((AntamContact *) g_ptr_array_index (contacts->contacts, i))->rules_url != NULL;
  /* Nothing to fetch and nothing to forget: the store is not even made. */
  if (!any_team && !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return updates;
  lock = lock_store (dir);

  if (lock >= 0)
    forget_unknown_teams (contacts, dir);
  for (guint i = 0; i < contacts->contacts->len; i++)
    {
      AntamContact *contact = g_ptr_array_index (contacts->contacts, i);

      if (contact->rules_url == NULL)
        continue;
      if (lock < 0)
        {
          AntamFeedUpdate *update = g_new0 (AntamFeedUpdate, 1);

          update->team = g_strdup (contact->id);
          update->team_name = g_strdup (antam_contact_get_name (contact));
          g_ptr_array_add (updates, update);
          continue;
        }
      g_ptr_array_add (updates, update_team (contact, dir, options, only_when_due, now, cancellable));
    }
  if (lock >= 0)
    close (lock);
  return updates;
}

static void
update_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(AntamSysroot) live = antam_sysroot_new_live ();
  g_autoptr(AntamContacts) contacts = antam_contacts_load (live);
  g_autoptr(AntamFeedFetchOptions) options = antam_feed_fetch_options_new ();
  g_autofree char *dir = antam_rules_feed_store_dir ();

  g_task_return_pointer (task,
                         antam_rules_feed_update (contacts, dir, options,
                                                  GPOINTER_TO_INT (task_data), cancellable),
                         (GDestroyNotify) g_ptr_array_unref);
}

/**
 * antam_rules_feed_update_async:
 *
 * antam_rules_feed_update() in a thread, with the live machine's contacts.
 */
void
antam_rules_feed_update_async (gboolean             only_when_due,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, antam_rules_feed_update_async);
  g_task_set_task_data (task, GINT_TO_POINTER (only_when_due), NULL);
  g_task_run_in_thread (task, update_in_thread);
}

GPtrArray *
antam_rules_feed_update_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
