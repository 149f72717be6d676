#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real SMTP server on 127.0.0.1 for the report tests (Debian's aiosmtpd).

Prints the port it listens on, then serves until SIGTERM.  Each message is
stored in a Maildir and, parsed by Python's email package, summarised as
JSON beside it, so the C tests can compare what arrived with what was sent.

  --maildir DIR         where messages go (DIR/new/...) and DIR/../received/N.json
  --tls CERT KEY        implicit TLS (smtps)
  --starttls CERT KEY   offer STARTTLS and require it
  --auth USER:PASSWORD  require AUTH (only over TLS)
  --stall data          accept the connection and the message, then never answer DATA
  --stall greeting      accept the connection and never say a word
  --hold                have the whole message, then answer DATA only once the file
                        DIR/../received/release exists (DIR/../received/held says it waits)
  --drop                have the whole message, then close the connection unanswered
  --refuse-rcpt         answer 550 to every recipient
"""
import argparse
import asyncio
import email
import email.policy
import json
import mailbox
import os
import signal
import ssl
import sys

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult


def summarise(envelope, path):
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    # The headers as they came, one physical line each: folding is checked on these.
    raw_head = envelope.original_content.split(b"\r\n\r\n", 1)[0]
    header_lines = [line.decode("ascii", errors="replace") for line in raw_head.split(b"\r\n")]
    summary = {
        "mail_from": envelope.mail_from,
        "rcpt_tos": list(envelope.rcpt_tos),
        "subject": str(message["subject"]),
        "from": str(message["from"]),
        "to": str(message["to"]),
        "report_id": str(message["x-antam-report-id"]),
        "message_id": str(message["message-id"]),
        "date": str(message["date"]),
        "header_lines": header_lines,
        "content_type": message.get_content_type(),
        "body": None,
        "attachments": [],
    }
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if filename:
            payload = part.get_payload(decode=True)
            summary["attachments"].append({
                "filename": filename,
                "content_type": part.get_content_type(),
                "size": len(payload),
                "text": payload.decode("utf-8") if part.get_content_type() == "application/json" else None,
            })
        elif part.get_content_type() == "text/plain" and summary["body"] is None:
            summary["body"] = part.get_content()
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1)
    os.rename(tmp, path)


class Handler(Mailbox):
    def __init__(self, maildir, received, args, marker):
        super().__init__(maildir)
        self.received = received
        self.args = args
        self.marker = marker
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.refuse_rcpt:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.stall == "data":
            # The whole message is here; the sender now waits for a 250
            # that never comes.
            with open(self.marker, "w") as f:
                f.write("data\n")
            await asyncio.sleep(3600)
        if self.args.drop:
            with open(os.path.join(self.received, "dropped"), "w") as f:
                f.write("data\n")
            server.transport.close()
            await asyncio.sleep(3600)
        if self.args.hold:
            # Keep the message, and the sender waiting, until told.
            with open(os.path.join(self.received, "held"), "w") as f:
                f.write("data\n")
            release = os.path.join(self.received, "release")
            while not os.path.exists(release):
                await asyncio.sleep(0.05)
        result = await super().handle_DATA(server, session, envelope)
        self.count += 1
        summarise(envelope, os.path.join(self.received, "%d.json" % self.count))
        return result


def tls_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    parser.add_argument("--stall", choices=["data", "greeting"])
    parser.add_argument("--hold", action="store_true")
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--refuse-rcpt", action="store_true")
    args = parser.parse_args()

    received = os.path.join(os.path.dirname(os.path.abspath(args.maildir)), "received")
    os.makedirs(received, exist_ok=True)
    mailbox.Maildir(args.maildir, create=True)
    marker = os.path.join(received, "stalled")
    handler = Handler(args.maildir, received, args, marker)

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, _, password = args.auth.partition(":")
        ok = (auth_data.login.decode() == user and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)

    def factory():
        kwargs = {"hostname": "antam-test", "ident": "antam-test-smtp"}
        if args.starttls:
            kwargs["tls_context"] = tls_context(*args.starttls)
            kwargs["require_starttls"] = True
        if args.auth:
            kwargs["authenticator"] = authenticator
            kwargs["auth_require_tls"] = True
            kwargs["auth_exclude_mechanism"] = ["LOGIN"]
        return SMTP(handler, **kwargs)

    loop = asyncio.get_running_loop()
    if args.stall == "greeting":
        async def silent(reader, writer):
            with open(marker, "w") as f:
                f.write("greeting\n")
            await asyncio.sleep(3600)
        server = await asyncio.start_server(silent, "127.0.0.1", 0)
    else:
        ssl_context = tls_context(*args.tls) if args.tls else None
        server = await loop.create_server(factory, "127.0.0.1", 0, ssl=ssl_context)

    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)

    # A test that crashed cannot stop us: go when our parent is gone.
    parent = os.getppid()

    async def watch_parent():
        while os.getppid() == parent:
            await asyncio.sleep(0.5)
        stop.set()

    watcher = asyncio.ensure_future(watch_parent())
    await stop.wait()
    watcher.cancel()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
