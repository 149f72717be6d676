/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "util/antam-snapd.h"

/**
 * antam_snapd_request:
 * @socket_path: snapd's socket, as the system sees it
 * @body: (nullable): JSON to send
 * @timeout_s: how long the socket may stay silent; 0 for as long as it
 *   takes (a password dialog waits for the person)
 * @allow_interaction: snapd may ask polkit for the administrator's password
 * @http_status: (out) (optional): the HTTP status of the answer
 *
 * HTTP/1.0, so that snapd answers without chunks and closes the connection
 * after the answer, which ends it.
 *
 * Returns: (transfer full): snapd's JSON object, or %NULL with @error
 */
cJSON *
antam_snapd_request (const char    *socket_path,
                     const char    *method,
                     const char    *path,
                     const char    *body,
                     guint          timeout_s,
                     gboolean       allow_interaction,
                     guint         *http_status,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket_path);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autofree char *request = NULL;
  const char *headers_end;
  cJSON *json;
  GInputStream *in;
  guint8 buffer[16384];
  guint status = 0;

  g_socket_client_set_timeout (client, timeout_s);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), cancellable, error);
  if (connection == NULL)
    return NULL;

  request = g_strdup_printf ("%s %s HTTP/1.0\r\nHost: localhost\r\nUser-Agent: antam\r\n"
                             "%s"
                             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                             method, path,
                             allow_interaction ? "X-Allow-Interaction: true\r\n" : "",
                             body ? strlen (body) : 0, body ? body : "");
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, cancellable, error))
    return NULL;

  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (reply, buffer, (guint) n);
      if (reply->len > ANTAM_SNAPD_MAX_REPLY)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("snapd's answer is too large"));
          return NULL;
        }
    }
  g_byte_array_append (reply, (const guint8 *) "", 1);

  headers_end = strstr ((const char *) reply->data, "\r\n\r\n");
  if (headers_end == NULL || sscanf ((const char *) reply->data, "HTTP/1.%*d %u", &status) != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("snapd did not answer in HTTP"));
      return NULL;
    }
  json = cJSON_Parse (headers_end + 4);
  if (json == NULL || !cJSON_IsObject (json))
    {
      cJSON_Delete (json);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("snapd's answer is not JSON"));
      return NULL;
    }
  if (http_status)
    *http_status = status;
  return json;
}
