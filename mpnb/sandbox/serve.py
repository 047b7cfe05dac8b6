"""The loopback door: a threaded HTTP server in front of a ``Sandbox`` (``mpnb sandbox serve``)."""

from __future__ import annotations

import json
import logging
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mpnb.sandbox.damage import SandboxStateError
from mpnb.sandbox.engine import Sandbox
from mpnb.sandbox.faults import DropConnection

__all__ = ["REQUEST_LOG_LIMIT", "SandboxServer", "export_lines"]

REQUEST_LOG_LIMIT = 10_000
log = logging.getLogger("mpnb.sandbox")


class _Handler(BaseHTTPRequestHandler):
    server: SandboxServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle's algorithm on, the body waited for the client's
    # delayed ACK of the headers on a kept-alive connection: up to 40 ms added to a request.
    disable_nagle_algorithm = True

    def __getattr__(self, name: str) -> Any:
        # http.server looks up ``do_<VERB>``; every verb reaches the engine, which answers unknown ones
        # (TRACE, OPTIONS, ...) with a JSON 405 as Mixpanel would, instead of the standard 501 HTML page.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _serve(self) -> None:
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the client went away mid-answer: nothing to tell it

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send(400, {"Content-Type": "application/json"}, b'{"status": "error", "error": "Bad Content-Length"}')
            return
        body = self.rfile.read(length) if length else b""
        query = parse_qsl(parts.query, keep_blank_values=True)  # in order, repeated keys (name[]) kept
        try:
            answer = self.server.sandbox.handle(self.command, parts.path, query, dict(self.headers.items()), body)
        except DropConnection:
            self.close_connection = True
            try:
                self.wfile.flush()
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        except SandboxStateError as exc:  # the file, not the request: Mixpanel's 500 and one log line
            log.warning("%s", exc)
            error = json.dumps({"status": "error", "error": str(exc)}).encode()
            self._send(500, {"Content-Type": "application/json"}, error)
            return
        self._send(answer.status, answer.headers, answer.body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if self.command == "HEAD":  # a HEAD answer has no body; close so no client misreads one
            self.close_connection = True
            body = b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the CLI prints its own lines
        return


class SandboxServer(ThreadingHTTPServer):
    """A loopback server; ``port=0`` picks a free port (see ``.url``)."""

    daemon_threads = True

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.sandbox = sandbox
        if sandbox.request_log_limit is None:  # a server runs for days: keep only the recent requests
            sandbox.request_log_limit = REQUEST_LOG_LIMIT

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up is routine for a server; anything else is logged, not printed raw."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        log.exception("sandbox server: unexpected error serving %s", client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}"

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="mpnb-sandbox", daemon=True)
        thread.start()
        return thread


def export_lines(server: SandboxServer) -> list[str]:
    """The ``export`` lines a shell or a test can eval to point mpnb at this server."""
    cfg = server.sandbox.config
    wids = ",".join(str(w["id"]) for w in cfg.workspaces)
    return [
        f"export MPNB_BASE_URL={server.url}",
        f"export MP_USERNAME={cfg.username}",
        f"export MP_SECRET={cfg.secret}",
        f"export MP_PROJECT_ID={cfg.project_id}",
        f"export MPNB_SANDBOX_WORKSPACES={wids}",
    ]
