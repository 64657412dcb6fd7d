"""A minimal API: answers its health check and one endpoint."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer


class Api(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/api/health":
            self._send(200, {"status": "UP"})
        elif self.path == "/api/hello":
            self._send(200, {"hello": "world"})
        else:
            self._send(404, {"error": "not found"})

    def _send(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", 8080), Api).serve_forever()
