#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real HTTPS server on 127.0.0.1 that serves rules feeds, well and badly,
for the rules-feed tests (Python's http.server and ssl, nothing else).

Prints the port it listens on, then serves until SIGTERM or the end of its
standard input.  Every request
that gets through TLS is recorded as RECORD/N.json: its path and its
If-None-Match and If-Modified-Since headers.

  /feeds/NAME      DIR/NAME, with an ETag and a Last-Modified; 304 when the
                   request's If-None-Match (or else If-Modified-Since) says
                   the client has it
  /truncated/NAME  DIR/NAME announced whole (Content-Length), half sent,
                   then the connection closed
  /huge            50 MB, announced by Content-Length
  /huge-unannounced 50 MB, no Content-Length, the end told by closing
  /stall           a 200 and 10 bytes of 1000 announced, then nothing
  anything else    404

  --cert CERT --key KEY  the certificate and key, made by the test with openssl
  --dir DIR              the feeds
  --record DIR           where the requests are recorded
"""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import signal
import ssl
import sys
import threading
import time

HUGE = 50 * 1024 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "antam-test-feeds/1"

    def log_message(self, format, *args):
        sys.stderr.write("feed-server: " + (format % args) + "\n")

    def record(self):
        server = self.server
        with server.lock:
            server.count += 1
            n = server.count
        entry = {
            "path": self.path,
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "user_agent": self.headers.get("User-Agent"),
        }
        path = os.path.join(server.record_dir, "%d.json" % n)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(entry, f)
        os.rename(path + ".tmp", path)

    def read_feed(self, name):
        path = os.path.join(self.server.feed_dir, os.path.basename(name))
        try:
            with open(path, "rb") as f:
                return f.read(), os.stat(path).st_mtime
        except OSError:
            return None, None

    def head_only(self, status, length, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def serve_feed(self, name):
        data, mtime = self.read_feed(name)
        if data is None:
            self.head_only(404, 0)
            return
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        modified = email.utils.formatdate(int(mtime), usegmt=True)
        validators = (("ETag", etag), ("Last-Modified", modified))
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        unchanged = False
        if if_none_match is not None:
            unchanged = if_none_match == etag
        elif if_modified_since is not None:
            since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
            unchanged = int(mtime) <= since
        if unchanged:
            self.head_only(304, None, validators)
            return
        self.head_only(200, len(data), validators)
        self.wfile.write(data)

    def serve_truncated(self, name):
        data, _ = self.read_feed(name)
        if data is None:
            self.head_only(404, 0)
            return
        self.head_only(200, len(data))
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()

    def serve_huge(self, announce):
        self.head_only(200, HUGE if announce else None)
        chunk = b"x" * (1024 * 1024)
        try:
            for _ in range(HUGE // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass  # the client hung up, as it should

    def serve_stall(self):
        self.head_only(200, 1000)
        self.wfile.write(b"untrusted ")
        self.wfile.flush()
        while not self.server.stopping:
            time.sleep(0.2)

    def do_GET(self):
        self.record()
        if self.path.startswith("/feeds/"):
            self.serve_feed(self.path[len("/feeds/"):])
        elif self.path.startswith("/truncated/"):
            self.serve_truncated(self.path[len("/truncated/"):])
        elif self.path == "/huge":
            self.serve_huge(True)
        elif self.path == "/huge-unannounced":
            self.serve_huge(False)
        elif self.path == "/stall":
            self.serve_stall()
        else:
            self.head_only(404, 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--record", required=True)
    args = parser.parse_args()

    os.makedirs(args.record, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.feed_dir = args.dir
    server.record_dir = args.record
    server.count = 0
    server.lock = threading.Lock()
    server.stopping = False

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)

    def stop(*_):
        server.stopping = True
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)

    # The test holds our stdin: when it ends, even by a failed assertion,
    # so does this server, and no stalled connection outlives it.
    def watch_stdin():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
