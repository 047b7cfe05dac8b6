"""Two sandbox projects under one set of demo credentials; the served sandbox's manners (raw HTTP)."""

from __future__ import annotations

import http.client
import socket
import struct
from collections.abc import Iterator

import httpx
import pytest

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer
from tests.sandbox.test_flags import RULES


def test_project_1001_starts_empty_with_its_own_workspace(raw: httpx.Client) -> None:
    assert [w["id"] for w in raw.get("/projects/1001/workspaces/public").json()["results"]] == [3]
    assert [w["id"] for w in raw.get("/projects/1000/workspaces/public").json()["results"]] == [1, 2]
    for path in ("dashboards", "bookmarks", "cohorts", "alerts/custom/"):
        assert raw.get(f"/projects/1001/{path}").json()["results"] == [], path
        assert raw.get(f"/workspaces/3/{path}").json()["results"] == [], path
    assert raw.get("/projects/1001/workspaces/3/feature-flags").json()["results"] == []
    assert raw.get("/workspaces/3/experiments").json()["results"] == []
    assert raw.get("/projects/1001/annotations").json()["results"] == []
    assert raw.get("/projects/1000/dashboards").json()["results"] != []


def test_projects_keep_their_records_apart(raw: httpx.Client) -> None:
    made = raw.post("/projects/1001/dashboards", json={"title": "Staging board"}).json()["results"]
    assert [d["title"] for d in raw.get("/workspaces/3/dashboards").json()["results"]] == ["Staging board"]
    assert raw.get(f"/projects/1001/dashboards/{made['id']}").json()["results"]["title"] == "Staging board"
    assert "Staging board" not in [d["title"] for d in raw.get("/projects/1000/dashboards").json()["results"]]
    flag = {
        "name": "Beta",
        "key": "beta_checkout",
        "tags": [],
        "context": "distinct_id",
        "serving_method": "server",
        "ruleset": RULES,
    }
    r = raw.post("/projects/1001/workspaces/3/feature-flags", json=flag)
    assert r.status_code == 200, r.text
    assert (r.json()["results"]["project_id"], r.json()["results"]["workspace_id"]) == (1001, 3)
    keys = [f["key"] for f in raw.get("/projects/1001/workspaces/3/feature-flags").json()["results"]]
    assert keys == ["beta_checkout"]
    assert raw.post("/projects/1000/workspaces/1/feature-flags", json=flag).status_code == 200  # its own key space


def test_workspaces_belong_to_one_project(raw: httpx.Client) -> None:
    assert raw.get("/projects/1000/workspaces/3/feature-flags").status_code == 404
    assert raw.get("/projects/1001/workspaces/1/feature-flags").status_code == 404
    r = raw.get("/projects/1002/dashboards")
    assert r.status_code == 400 and r.json() == {"status": "error", "error": "invalid project id for cluster"}
    assert raw.get("/workspaces/9/dashboards").status_code == 404


def test_both_projects_share_the_demo_credentials(sb: Sandbox) -> None:
    info = httpx.Client(transport=raw_transport(sb), base_url="http://s").get("/_sandbox/info").json()
    assert sorted(info["projects"]) == ["1000", "1001"]
    with httpx.Client(transport=raw_transport(sb), base_url="http://s/api/app", auth=("x", "y")) as bad:
        assert bad.get("/projects/1001/dashboards").status_code == 401


def raw_transport(sb: Sandbox) -> httpx.BaseTransport:
    from mpnb.sandbox import SandboxTransport

    return SandboxTransport(sb)


@pytest.fixture
def served() -> Iterator[SandboxServer]:
    srv = SandboxServer(Sandbox(seed=1, size=3000), "127.0.0.1", 0)
    srv.start_in_thread()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("verb", ["TRACE", "OPTIONS", "CONNECT", "PROPFIND", "BREW"])
def test_unknown_verbs_get_a_json_405(served: SandboxServer, verb: str) -> None:
    host, port = served.server_address[:2]
    conn = http.client.HTTPConnection(str(host), int(port), timeout=10)
    conn.request(verb, "/api/app/projects/1000/dashboards")
    resp = conn.getresponse()
    assert resp.status == 405
    assert resp.getheader("Content-Type") == "application/json"
    assert resp.getheader("Allow") == "DELETE, GET, PATCH, POST, PUT"
    import json

    assert json.loads(resp.read()) == {"status": "error", "error": f"Method {verb} not allowed"}
    conn.close()


def test_head_gets_a_405_without_a_body(served: SandboxServer) -> None:
    r = httpx.head(f"{served.url}/api/app/projects/1000/dashboards", auth=(DEMO_USERNAME, DEMO_SECRET))
    assert r.status_code == 405 and r.content == b""


def test_a_client_that_hangs_up_mid_answer_leaves_no_traceback(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    srv = SandboxServer(Sandbox(seed=1, size=3000), "127.0.0.1", 0)
    srv.start_in_thread()
    host, port = srv.server_address[:2]
    auth = httpx.BasicAuth(DEMO_USERNAME, DEMO_SECRET)._auth_header
    for _ in range(3):
        sock = socket.create_connection((str(host), int(port)))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
        sock.sendall(
            f"GET /api/app/projects/1000/bookmarks HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\r\n".encode()
        )
        sock.recv(100)  # the answer has started; hang up in the middle of it
        sock.close()
    ok = httpx.get(f"{srv.url}/api/app/projects/1000/dashboards", auth=(DEMO_USERNAME, DEMO_SECRET))
    assert ok.status_code == 200  # still serving
    srv.shutdown()
    srv.server_close()  # joins the handler threads, so their output (if any) is in by now
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []


def test_the_served_request_log_is_bounded() -> None:
    sb = Sandbox(seed=1, size=5)
    srv = SandboxServer(sb, "127.0.0.1", 0)
    assert sb.request_log_limit is not None
    sb.request_log_limit = 4
    srv.start_in_thread()
    try:
        with httpx.Client(base_url=f"{srv.url}/api/app", auth=(DEMO_USERNAME, DEMO_SECRET)) as c:
            for i in range(30):
                c.get(f"/projects/1000/dashboards/{i + 1000}")
    finally:
        srv.shutdown()
        srv.server_close()
    assert 4 <= len(sb.requests) <= 8
    assert sb.requests[-1] == ("GET", "/api/app/projects/1000/dashboards/1029")


def test_served_connections_send_without_waiting_for_acks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Headers and body are two writes: with Nagle's algorithm on, the body waited up to 40 ms for the
    client's delayed ACK on a kept-alive connection (a 1 ms request took 44 ms)."""
    from mpnb.sandbox import serve

    seen: list[int] = []
    real = serve._Handler.handle

    def handle(self: serve._Handler) -> None:
        seen.append(self.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        real(self)

    monkeypatch.setattr(serve._Handler, "handle", handle)
    srv = SandboxServer(Sandbox(seed=1, size=5), "127.0.0.1", 0)
    srv.start_in_thread()
    try:
        with httpx.Client(base_url=f"{srv.url}/api/app", auth=(DEMO_USERNAME, DEMO_SECRET)) as c:
            assert c.get("/projects/1000/dashboards").status_code == 200
            assert c.get("/projects/1000/dashboards").status_code == 200
    finally:
        srv.shutdown()
        srv.server_close()
    assert seen and all(seen), seen
