#!/usr/bin/env python3
"""A webhook endpoint for the delivery tests (standard library only).

Listens on 127.0.0.1 on a free port and prints "LISTENING <port>" once ready.
Every POST is verified as a receiver would (Billing-Signature, Stripe's
scheme, 5 minutes tolerance, any v1 matching, constant-time compare) and
recorded as one tab-separated line in --record:

    path  event_id  event_type  verdict  seen  content_type  extra

where verdict is "verified" or "bad-signature:<why>", seen counts the
deliveries of that event id so far (duplicates show as seen > 1), and extra
is path-specific. The path chooses the answer:

    /ok                  200, or 400 when the signature does not verify
    /fail                500
    /hang?seconds=N      waits N seconds, then 200
    /close               closes the connection without answering
    /large?bytes=N       200 with an N-byte body; extra = bytes written
                         before the client went away
    /redirect            302 to /ok

With --bodies DIR each body is also saved as DIR/<event_id> (the last one
wins), so that a test can read exactly what was POSTed. --port picks the
port (default: a free one), so that a test can stop the receiver and start
it again where the deliveries are going.
"""
import argparse
import hashlib
import hmac
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300


def verify(header, body, secret, now):
    """Returns "verified" or "bad-signature:<why>"."""
    if not header:
        return "bad-signature:missing"
    timestamps, candidates = [], []
    for item in header.split(","):
        key, _, value = item.partition("=")
        if key == "t":
            timestamps.append(value)
        elif key == "v1":
            candidates.append(value.lower())
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return "bad-signature:timestamp"
    if abs(now - int(timestamps[0])) > TOLERANCE_SECONDS:
        return "bad-signature:stale"
    expected = hmac.new(secret.encode(), timestamps[0].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, c) for c in candidates):
        return "bad-signature:mismatch"
    return "verified"


class Receiver(BaseHTTPRequestHandler):
    server_version = "webhook-receiver/1"

    def log_message(self, format, *args):  # quiet: the record file is the log
        pass

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        verdict = verify(self.headers.get("Billing-Signature"), body,
                         self.server.secret, int(time.time()))
        event_id = self.headers.get("Billing-Event-Id", "")
        seen = self.server.count(event_id)
        if self.server.bodies and event_id and "/" not in event_id:
            with open("%s/%s" % (self.server.bodies, event_id), "wb") as saved:
                saved.write(body)
        record = [url.path, event_id, self.headers.get("Billing-Event-Type", ""), verdict, seen,
                  self.headers.get("Content-Type", "")]
        if url.path == "/large":
            # Recorded once the client has gone, to say how much it took.
            written = self.send_large(int(query.get("bytes", "0")))
            self.server.record(*record, "bytes_written=%d" % written)
            return
        # Recorded before answering, so that sequential deliveries are
        # recorded in the order they were sent.
        self.server.record(*record, "")
        if url.path == "/ok":
            self.answer(200 if verdict == "verified" else 400, b"received")
        elif url.path == "/fail":
            self.answer(500, b"failing on purpose")
        elif url.path == "/hang":
            time.sleep(float(query.get("seconds", "30")))
            self.answer(200, b"late")
        elif url.path == "/close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.answer(404, b"no such path")

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_large(self, size):
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"x" * 65536
        written = 0
        try:
            while written < size:
                n = min(len(chunk), size - written)
                self.wfile.write(chunk[:n])
                written += n
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        return written


class Server(ThreadingHTTPServer):
    daemon_threads = True

    allow_reuse_address = True

    def __init__(self, secret, record_path, port=0, bodies=""):
        super().__init__(("127.0.0.1", port), Receiver)
        self.secret = secret
        self.bodies = bodies
        self.lock = threading.Lock()
        self.seen = {}
        self.record_file = open(record_path, "a", encoding="utf-8")

    def count(self, event_id):
        with self.lock:
            self.seen[event_id] = self.seen.get(event_id, 0) + 1
            return self.seen[event_id]

    def record(self, *fields):
        with self.lock:
            self.record_file.write("\t".join(str(f) for f in fields) + "\n")
            self.record_file.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret", required=True, help="the endpoint's signing secret")
    parser.add_argument("--record", required=True, help="file to append one line per POST to")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    parser.add_argument("--bodies", default="", help="directory to save each body in")
    args = parser.parse_args()
    server = Server(args.secret, args.record, args.port, args.bodies)
    print("LISTENING %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
