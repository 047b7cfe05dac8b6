"""The loopback door: a threaded HTTP server in front of a ``Sandbox`` (``mpnb sandbox serve``)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mpnb.sandbox.engine import Sandbox
from mpnb.sandbox.faults import DropConnection

__all__ = ["SandboxServer", "export_lines"]


class _Handler(BaseHTTPRequestHandler):
    server: SandboxServer
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
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
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the CLI prints its own lines
        return


class SandboxServer(ThreadingHTTPServer):
    """A loopback server; ``port=0`` picks a free port (see ``.url``)."""

    daemon_threads = True

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.sandbox = sandbox

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
