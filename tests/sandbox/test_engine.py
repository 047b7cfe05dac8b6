"""The sandbox engine: shared state, thread safety, faults, size, control endpoints, unknown verbs."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, FaultPlan, Sandbox, SandboxTransport


def _client(sb: Sandbox) -> httpx.Client:
    return httpx.Client(
        transport=SandboxTransport(sb), base_url="http://sandbox.localhost/api/app", auth=(DEMO_USERNAME, DEMO_SECRET)
    )


def test_state_file_is_shared_between_sandboxes(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    a, b = Sandbox(state=state), Sandbox(state=state)
    made = _client(a).post("/projects/1000/dashboards", json={"title": "from a"}).json()["results"]
    assert _client(b).get(f"/projects/1000/dashboards/{made['id']}").json()["results"]["title"] == "from a"


def test_concurrent_writes_from_threads(sb: Sandbox) -> None:
    errors: list[BaseException] = []
    ids: list[int] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        try:
            with _client(sb) as c:
                for i in range(10):
                    r = c.post("/projects/1000/dashboards", json={"title": f"t{n}-{i}"})
                    with lock:
                        ids.append(r.json()["results"]["id"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(ids) == 80 and len(set(ids)) == 80


def test_seed_is_deterministic_and_sized() -> None:
    a, b = Sandbox(seed=5, size=300), Sandbox(seed=5, size=300)
    ra = _client(a).get("/projects/1000/bookmarks").json()["results"]
    rb = _client(b).get("/projects/1000/bookmarks").json()["results"]
    strip = [{k: v for k, v in r.items() if k not in ("created", "modified")} for r in ra]
    assert strip == [{k: v for k, v in r.items() if k not in ("created", "modified")} for r in rb]
    assert len(ra) >= 300
    names = [r["name"] for r in ra]
    assert any(n.startswith("Untitled") for n in names)
    assert len(set(names)) < len(names)  # duplicates, on purpose
    assert any(not r["description"] for r in ra)
    boards = _client(a).get("/projects/1000/dashboards").json()["results"]
    full = [_client(a).get(f"/projects/1000/dashboards/{d['id']}").json()["results"] for d in boards]
    assert any(not d["contents"]["report"] for d in full)  # empty boards


def test_size_twenty_thousand_seeds() -> None:
    sb = Sandbox(seed=1, size=20000)  # its timing is in bench/bench_cli_sandbox.py, not here
    assert len(sb.store.table("bookmarks")) >= 20000


@pytest.mark.parametrize(
    ("spec", "error"),
    [("500=2", "0..1"), ("bogus=0.1", "unknown fault"), ("latency", "key=value"), ("429=x", "number")],
)
def test_fault_spec_errors(spec: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        FaultPlan.parse(spec)


def test_fault_rates_and_queue() -> None:
    plan = FaultPlan.parse("429=1,retry_after=3")
    sb = Sandbox(faults=plan)
    r = _client(sb).get("/projects/1000/dashboards")
    assert r.status_code == 429 and r.headers["Retry-After"] == "3"
    sb.set_faults(None)
    sb.faults.queue(["ok", "503"])
    assert _client(sb).get("/projects/1000/dashboards").status_code == 200
    assert _client(sb).get("/projects/1000/dashboards").status_code == 503
    assert _client(sb).get("/projects/1000/dashboards").status_code == 200


def test_dropped_connection_over_the_transport(sb: Sandbox) -> None:
    sb.faults.queue(["drop"])
    with pytest.raises(httpx.RemoteProtocolError):
        _client(sb).get("/projects/1000/dashboards")


def test_control_endpoints(sb: Sandbox) -> None:
    c = httpx.Client(transport=SandboxTransport(sb), base_url="http://sandbox.localhost")
    c.post("/_sandbox/reset", json={"seed": 2, "size": 10})
    assert len(sb.store.table("bookmarks")) < 30
    assert c.post("/_sandbox/faults", json={"queue": ["500"]}).status_code == 200
    assert _client(sb).get("/projects/1000/dashboards").status_code == 500
    assert c.post("/_sandbox/faults", json={"spec": "nope=1"}).status_code == 400
    state = c.get("/_sandbox/state").json()
    assert "bookmarks" in state["tables"]
    assert c.get("/_sandbox/info").json()["project_id"] == 1000


def test_unknown_workspace_and_method(sb: Sandbox) -> None:
    c = _client(sb)
    assert c.get("/workspaces/77/dashboards").status_code == 404
    assert c.put("/projects/1000/dashboards").status_code == 405
