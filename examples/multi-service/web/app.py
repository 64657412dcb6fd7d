"""web: the shop's front end at /, listening on 3000 (behind nginx in its task on AWS).

It renders its page on the server: the api's answer, fetched from api.shop.local:8080
directly, and a visit counter in Redis at REDIS_URL (redis:// locally, rediss:// on AWS).

    GET /healthz  ok
    GET /         the page
"""
import functools
import html
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit
from urllib.request import urlopen

import redis

PORT = 3000
API = "http://api.shop.local:8080"
SECRET_VARIABLES = ("REDIS_URL", "CACHE_SECRET", "SENTRY_DSN")
PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>shop</title></head>
<body>
<h1>shop</h1>
<p>The api says: <code>{hello}</code></p>
<p>Visits: <span id="visits">{visits}</span></p>
</body>
</html>
"""


def redacted(text):
    """The text with every secret value the app holds replaced: none is ever logged or
    shown. The token is in CACHE_SECRET too, and percent-encoded in REDIS_URL."""
    secrets = {os.environ.get(name, "") for name in SECRET_VARIABLES}
    token = unquote(urlsplit(os.environ.get("REDIS_URL", "")).password or "")
    secrets |= {token, quote(token, safe="")}
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def failure(error):
    return f"{type(error).__name__}: {redacted(str(error).strip())}"


@functools.cache
def cache():
    return redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5,
                                socket_connect_timeout=5)


def page():
    """The page and its status: 502 when the api or Redis failed it."""
    status = 200
    try:
        with urlopen(API + "/api/hello", timeout=5) as response:
            hello = response.read().decode()
    except Exception as error:
        status, hello = 502, f"unavailable ({failure(error)})"
        print(f"GET /api/hello failed: {hello}", flush=True)
    try:
        visits = cache().incr("web:visits")
    except Exception as error:
        status, visits = 502, f"unavailable ({failure(error)})"
        print(f"INCR web:visits failed: {visits}", flush=True)
    return status, PAGE.format(hello=html.escape(hello), visits=html.escape(str(visits)))


class Web(BaseHTTPRequestHandler):
    server_version = "web"

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/healthz":
            self.send_text(200, "ok", "text/plain")
        elif path == "/":
            self.send_text(*page(), "text/html")
        else:
            self.send_text(404, "not found", "text/plain")

    def send_text(self, status, text, content_type):
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type + "; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        print(f"{self.address_string()} {format % args}", flush=True)


def main():
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Web)
    # As PID 1 in a container, a signal without a handler is ignored: on SIGTERM, stop
    # serving and exit 0. shutdown() waits for serve_forever() to return: another thread.
    signal.signal(signal.SIGTERM,
                  lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"web listening on port {PORT}", flush=True)
    server.serve_forever()
    server.server_close()
    print("web stopped", flush=True)


if __name__ == "__main__":
    main()
