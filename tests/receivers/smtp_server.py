#!/usr/bin/env python3
"""An SMTP server for the delivery tests, on aiosmtpd (tests/receivers/requirements.txt).

Listens on 127.0.0.1 on a free port and prints "LISTENING <port>" once ready.
Each accepted message becomes a directory <--out>/<n>/ (renamed into place
whole, so a reader never sees half a message) holding:

    mail_from, rcpt_tos (one per line), message_id, subject, date,
    structure (the MIME content types, depth-first, one per line),
    text.txt and html.html (the decoded text/plain and text/html parts),
    attachments (one line per attached part: content type, file name,
    disposition, tab-separated) and files/<file name> (its decoded bytes),
    auth_user (when the client authenticated), tls ("yes"/"no"), raw.eml

With --user and --password the server requires AUTH (PLAIN or LOGIN) and
refuses any other credentials with 535. With --cert and --key it offers
STARTTLS.
"""
import argparse
import asyncio
import email
import email.policy
import itertools
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class SaveToDirectory:
    def __init__(self, out):
        self.out = out
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        n = next(self.counter)
        staging = os.path.join(self.out, ".%d.tmp" % n)
        os.makedirs(staging)
        files = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": "\n".join(envelope.rcpt_tos),
            "message_id": message.get("Message-ID", ""),
            "subject": message.get("Subject", ""),
            "date": message.get("Date", ""),
            "structure": "\n".join(part.get_content_type() for part in message.walk()),
            "tls": "yes" if session.ssl else "no",
        }
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            files["auth_user"] = session.auth_data.login.decode()
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                files["text.txt"] = part.get_content()
            elif part.get_content_type() == "text/html":
                files["html.html"] = part.get_content()
        attached = []
        for part in message.walk():
            name = part.get_filename()
            if name is None or part.is_multipart():
                continue
            attached.append("\t".join([part.get_content_type(), name,
                                        part.get_content_disposition() or ""]))
            os.makedirs(os.path.join(staging, "files"), exist_ok=True)
            with open(os.path.join(staging, "files", os.path.basename(name)), "wb") as f:
                f.write(part.get_payload(decode=True))
        files["attachments"] = "\n".join(attached)
        for name, content in files.items():
            with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
                f.write(content)
        with open(os.path.join(staging, "raw.eml"), "wb") as f:
            f.write(envelope.content)
        os.rename(staging, os.path.join(self.out, str(n)))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="directory to save messages in")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--port", type=int, default=0,
                        help="port to listen on (0: any free one)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    options = {}
    if args.user is not None:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login.decode() == args.user
                  and auth_data.password.decode() == args.password)
            # handled=False: aiosmtpd then answers 535 itself on failure.
            return AuthResult(success=ok, handled=False, auth_data=auth_data)
        options.update(authenticator=authenticate, auth_required=True,
                       auth_require_tls=False)
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        options.update(tls_context=context)

    handler = SaveToDirectory(args.out)
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, hostname="smtp.test", **options), "127.0.0.1", args.port))
    print("LISTENING %d" % server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    sys.exit(main())
