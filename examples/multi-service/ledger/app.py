"""ledger: an internal service that only the api calls, at ledger.shop.local:8080.

It reads its database as a Spring Boot app would, from Spring's own variables:
SPRING_DATASOURCE_URL (jdbc:postgresql://HOST:PORT/DB?sslmode=MODE),
SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.

    GET  /actuator/health  {"status": "UP"}
    GET  /db               the database and the role it is connected as
    POST /entries          adds a row (the request body as its note) to its table entries
    GET  /entries          counts the rows
"""
import json
import os
import signal
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

import psycopg2

PORT = 8080
SECRET_VARIABLES = ("SPRING_DATASOURCE_PASSWORD", "DB_SECRET", "SENTRY_DSN")
table_made = False


def redacted(text):
    """The text with every secret value the app holds replaced: none is ever logged or
    answered. The password is in DB_SECRET too, percent-encoded in its URLs."""
    password = os.environ.get("SPRING_DATASOURCE_PASSWORD", "")
    secrets = {os.environ.get(name, "") for name in SECRET_VARIABLES}
    secrets |= {password, quote(password, safe="")}
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


@contextmanager
def transaction():
    """A cursor on the service's own database, from the JDBC URL Spring would read;
    committed at the end unless it fails."""
    url = urlsplit(os.environ["SPRING_DATASOURCE_URL"].removeprefix("jdbc:"))
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, dbname=url.path.lstrip("/"),
        user=os.environ["SPRING_DATASOURCE_USERNAME"],
        password=os.environ["SPRING_DATASOURCE_PASSWORD"],
        sslmode=parse_qs(url.query).get("sslmode", ["prefer"])[0], connect_timeout=5)
    try:
        with connection, connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def query(sql, *params):
    """The first row of one statement. The table entries is made first if it is missing:
    once per process, under a lock every copy of ledger shares (two CREATE TABLEs at once
    collide in the catalog)."""
    global table_made
    if not table_made:
        with transaction() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('ledger.entries'))")
            cursor.execute("CREATE TABLE IF NOT EXISTS entries (id bigserial PRIMARY KEY,"
                           " note text, created timestamptz NOT NULL DEFAULT now())")
        table_made = True
    with transaction() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


class Ledger(BaseHTTPRequestHandler):
    server_version = "ledger"

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/actuator/health":
            self.send_json(200, {"status": "UP"})
        elif path == "/db":
            self.answer(lambda: dict(zip(
                ("service", "database", "user"),
                query("SELECT 'ledger', current_database(), current_user"))))
        elif path == "/entries":
            self.answer(lambda: {"entries": query("SELECT count(*) FROM entries")[0]})
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self):
        if urlsplit(self.path).path == "/entries":
            length = int(self.headers.get("Content-Length", 0))
            note = self.rfile.read(length).decode(errors="replace")
            self.answer(lambda: {"id": query(
                "INSERT INTO entries (note) VALUES (%s) RETURNING id", note)[0]}, 201)
        else:
            self.send_json(404, {"error": "not found"})

    def answer(self, work, status=200):
        """Answers what work returns, or 500 and why it failed."""
        try:
            body = work()
        except Exception as error:
            reason = f"{type(error).__name__}: {redacted(str(error).strip())}"
            print(f"{self.command} {self.path} failed: {reason}", flush=True)
            status, body = 500, {"error": reason}
        self.send_json(status, body)

    def send_json(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        print(f"{self.address_string()} {format % args}", flush=True)


def main():
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Ledger)
    # As PID 1 in a container, a signal without a handler is ignored: on SIGTERM, stop
    # serving and exit 0. shutdown() waits for serve_forever() to return: another thread.
    signal.signal(signal.SIGTERM,
                  lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"ledger listening on port {PORT}", flush=True)
    server.serve_forever()
    server.server_close()
    print("ledger stopped", flush=True)


if __name__ == "__main__":
    main()
