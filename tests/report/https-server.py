#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real HTTPS server on 127.0.0.1 for the report tests (Python's http.server
and ssl, nothing else).

Prints the port it listens on, then serves until SIGTERM.  Each request that
gets through TLS is recorded as DIR/N.json (N = 1, 2, ...): the method, the
path, the Authorization, Content-Type and X-AnTam-Report-Id headers, and the
body as text, so the C tests can compare what arrived with what was sent.

  --cert CERT --key KEY  the certificate and key, made by the test with openssl
  --record DIR           where the requests are recorded
  --status N             the answer, 201 unless told (e.g. 500)
  --fail-first N         answer 500 to the first N requests, then --status
  --token TOKEN          answer 401 unless "Authorization: Bearer TOKEN"
  --drop                 read the whole request, record it, then hang up unanswered
"""
import argparse
import http.server
import json
import os
import signal
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "antam-test-https/1"

    def log_message(self, format, *args):
        sys.stderr.write("https-server: " + (format % args) + "\n")

    def record(self, body):
        server = self.server
        server.count += 1
        entry = {
            "method": self.command,
            "path": self.path,
            "authorization": self.headers.get("Authorization"),
            "content_type": self.headers.get("Content-Type"),
            "report_id": self.headers.get("X-AnTam-Report-Id"),
            "idempotency_key": self.headers.get("Idempotency-Key"),
            "body": body.decode("utf-8", errors="replace"),
            "body_is_utf8": True,
        }
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            entry["body_is_utf8"] = False
        path = os.path.join(server.record_dir, "%d.json" % server.count)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(entry, f, ensure_ascii=False, indent=1)
        os.rename(tmp, path)

    def answer(self, status, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        self.record(body)
        server = self.server
        if server.drop:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if server.token is not None and self.headers.get("Authorization") != "Bearer " + server.token:
            self.answer(401, {"error": "bad token"})
        elif server.count <= server.fail_first:
            self.answer(500, {"error": "the team's server is having a bad day"})
        elif server.status >= 300:
            self.answer(server.status, {"error": "refused"})
        else:
            self.answer(server.status, {"received": self.headers.get("X-AnTam-Report-Id")})

    do_POST = handle_any
    do_PUT = handle_any
    do_GET = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--status", type=int, default=201)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--token")
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()

    os.makedirs(args.record, exist_ok=True)
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.record_dir = args.record
    server.status = args.status
    server.fail_first = args.fail_first
    server.token = args.token
    server.drop = args.drop
    server.count = 0

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    # A client that refuses the certificate breaks the handshake in
    # accept(): socketserver drops that connection and serves on.
    server.socket = context.wrap_socket(server.socket, server_side=True)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
