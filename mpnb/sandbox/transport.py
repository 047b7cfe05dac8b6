"""The in-process door: an httpx transport that hands every request to a ``Sandbox``."""

from __future__ import annotations

import httpx

from mpnb.sandbox.engine import Sandbox
from mpnb.sandbox.faults import DropConnection

__all__ = ["SandboxTransport"]


class SandboxTransport(httpx.BaseTransport):
    """``httpx.Client(transport=SandboxTransport(sandbox))`` talks to the sandbox without a socket."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        query = list(request.url.params.multi_items())  # in order, repeated keys (name[]) kept
        try:
            answer = self.sandbox.handle(request.method, request.url.path, query, dict(request.headers), body)
        except DropConnection as exc:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request) from exc
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
