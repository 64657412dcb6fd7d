"""api: the shop's API at /api/*, on 8080 (api.shop.local:8080 to the other services).

Everything it uses comes from the variables its task receives: DATABASE_URL (its own
database and role), CACHE_SECRET (Redis, as JSON with a url), BUCKET_NAME (its bucket),
STRIPE_KEY and SENTRY_DSN (secrets), LOG_LEVEL; it calls ledger at ledger.shop.local.

    GET /api/health      {"status": "UP"}
    GET /api/hello       {"hello": "world"}
    GET /api/db          the database and the role it is connected as
    GET /api/ledger      ledger's answer to GET /db, as it is
    GET /api/visits      a counter in Redis, one more each time
    PUT /api/files/NAME  keeps the request body in the bucket under the key NAME
    GET /api/files/NAME  gives it back
    GET /api/config      whether each secret is set (never a value) and the log level
"""
import functools
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen

import boto3
import psycopg2
import redis

PORT = 8080
LEDGER = "http://ledger.shop.local:8080"
FILES = "/api/files/"
SECRET_VARIABLES = ("DB_SECRET", "DATABASE_URL", "CACHE_SECRET", "STRIPE_KEY", "SENTRY_DSN",
                    "AWS_SECRET_ACCESS_KEY")
NOT_FOUND = (404, {"error": "not found"})


def cache_url():
    return json.loads(os.environ.get("CACHE_SECRET", "{}")).get("url", "")


def redacted(text):
    """The text with every secret value the app holds replaced: none is ever logged or
    answered. The URLs hold the database password and the cache token percent-encoded."""
    secrets = {os.environ.get(name, "") for name in SECRET_VARIABLES}
    for url in (os.environ.get("DATABASE_URL", ""), cache_url()):
        password = urlsplit(url).password or ""
        secrets |= {password, unquote(password)}
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def database():
    """The api's own database and role, from DATABASE_URL (postgres://...)."""
    connection = psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), current_user")
            name, user = cursor.fetchone()
    finally:
        connection.close()
    return {"service": "api", "database": name, "user": user}


@functools.cache
def cache():
    """Redis, from the url in the cache secret (redis:// locally, rediss:// on AWS)."""
    return redis.Redis.from_url(cache_url(), socket_timeout=5, socket_connect_timeout=5)


@functools.cache
def s3():
    """The bucket's S3. Debian bookworm's botocore (1.29) predates reading
    AWS_ENDPOINT_URL_S3 (berth up's local S3) itself, and reads AWS_DEFAULT_REGION but not
    AWS_REGION (berth up sets only that one): both are passed here."""
    return boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL_S3"),
                        region_name=os.environ.get("AWS_REGION"))


def ledger():
    """ledger's answer to GET /db, through its Cloud Map name."""
    try:
        with urlopen(LEDGER + "/db", timeout=5) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except HTTPError as error:
        return error.code, error.read(), error.headers["Content-Type"]


def read_file(name):
    try:
        stored = s3().get_object(Bucket=os.environ["BUCKET_NAME"], Key=name)
    except s3().exceptions.NoSuchKey:
        return 404, {"error": f"no file {name}"}
    return 200, stored["Body"].read(), "application/octet-stream"


def write_file(name, content):
    s3().put_object(Bucket=os.environ["BUCKET_NAME"], Key=name, Body=content)
    return 201, {"file": name, "bytes": len(content)}


class Api(BaseHTTPRequestHandler):
    server_version = "api"

    def do_GET(self):
        self.respond(self.get)

    def do_PUT(self):
        self.respond(self.put)

    def get(self, path):
        if path == "/api/health":
            return 200, {"status": "UP"}
        if path == "/api/hello":
            return 200, {"hello": "world"}
        if path == "/api/db":
            return 200, database()
        if path == "/api/ledger":
            return ledger()
        if path == "/api/visits":
            return 200, {"visits": cache().incr("api:visits")}
        if path == "/api/config":
            return 200, {"stripe_key_set": bool(os.environ.get("STRIPE_KEY")),
                         "sentry_dsn_set": bool(os.environ.get("SENTRY_DSN")),
                         "log_level": os.environ.get("LOG_LEVEL")}
        if path.startswith(FILES) and len(path) > len(FILES):
            return read_file(unquote(path[len(FILES):]))
        return NOT_FOUND

    def put(self, path):
        if path.startswith(FILES) and len(path) > len(FILES):
            content = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            return write_file(unquote(path[len(FILES):]), content)
        return NOT_FOUND

    def respond(self, route):
        """Answers what the route returns, (status, dict) as JSON or (status, bytes, content
        type) as it is; 500 and why when it fails."""
        try:
            status, body, *content_type = route(urlsplit(self.path).path)
        except Exception as error:
            reason = f"{type(error).__name__}: {redacted(str(error).strip())}"
            print(f"{self.command} {self.path} failed: {reason}", flush=True)
            status, body, content_type = 500, {"error": reason}, []
        if isinstance(body, dict):
            body, content_type = json.dumps(body).encode(), ["application/json"]
        self.send_response(status)
        self.send_header("Content-Type", content_type[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        print(f"{self.address_string()} {format % args}", flush=True)


def main():
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Api)
    # As PID 1 in a container, a signal without a handler is ignored: on SIGTERM, stop
    # serving and exit 0. shutdown() waits for serve_forever() to return: another thread.
    signal.signal(signal.SIGTERM,
                  lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"api listening on port {PORT}", flush=True)
    server.serve_forever()
    server.server_close()
    print("api stopped", flush=True)


if __name__ == "__main__":
    main()
