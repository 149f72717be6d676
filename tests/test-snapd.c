/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "util/antam-snapd.h"

/* A snapd that gives one canned answer on a socket of its own, in a thread. */
typedef struct {
  GSocketListener *listener;
  const char *answer;
  char *request;
} FakeSnapd;

static gpointer
serve_one (gpointer user_data)
{
  FakeSnapd *fake = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[4096];
  gssize n;

  connection = g_socket_listener_accept (fake->listener, NULL, NULL, &error);
  g_assert_no_error (error);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           buffer, sizeof buffer - 1, NULL, &error);
  g_assert_no_error (error);
  fake->request = g_strndup (buffer, n);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             fake->answer, strlen (fake->answer), NULL, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

static cJSON *
ask (const char *answer,
     char      **request,
     guint      *status,
     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("antam-snapd-XXXXXX", &local_error);
  g_autofree char *path = g_build_filename (dir, "snapd.socket", NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  FakeSnapd fake = { g_socket_listener_new (), answer, NULL };
  GThread *thread;
  cJSON *json;

  g_assert_no_error (local_error);
  g_socket_listener_add_address (fake.listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &local_error);
  g_assert_no_error (local_error);
  thread = g_thread_new ("fake-snapd", serve_one, &fake);
  json = antam_snapd_request (path, "POST", "/v2/snaps/zoom-client", "{\"action\":\"remove\"}",
                              5, TRUE, status, NULL, error);
  g_thread_join (thread);
  g_socket_listener_close (fake.listener);
  g_object_unref (fake.listener);
  g_unlink (path);
  g_rmdir (dir);
  *request = fake.request;
  return json;
}

static void
test_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  guint status = 0;
  cJSON *json = ask ("HTTP/1.0 202 Accepted\r\nContent-Type: application/json\r\n\r\n"
                     "{\"type\":\"async\",\"status-code\":202,\"change\":\"42\"}",
                     &request, &status, &error);

  g_assert_no_error (error);
  g_assert_nonnull (json);
  g_assert_cmpuint (status, ==, 202);
  g_assert_cmpstr (cJSON_GetObjectItem (json, "change")->valuestring, ==, "42");
  g_assert_true (g_str_has_prefix (request, "POST /v2/snaps/zoom-client HTTP/1.0\r\n"));
  g_assert_nonnull (strstr (request, "X-Allow-Interaction: true\r\n"));
  g_assert_true (g_str_has_suffix (request, "\r\n\r\n{\"action\":\"remove\"}"));
  cJSON_Delete (json);
}

static void
test_not_http (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;

  g_assert_null (ask ("SSH-2.0-OpenSSH_9.2\r\n", &request, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_not_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;

  g_assert_null (ask ("HTTP/1.0 500 Oops\r\n\r\n<html>", &request, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snapd/answer", test_answer);
  g_test_add_func ("/snapd/not-http", test_not_http);
  g_test_add_func ("/snapd/not-json", test_not_json);
  return g_test_run ();
}
