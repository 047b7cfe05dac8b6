"""The SQLite state: shared between processes, no lost writes, crash-safe, JSON states converted."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxTransport, default_sandbox, sandbox_reset


def _client(sb: Sandbox) -> httpx.Client:
    return httpx.Client(
        transport=SandboxTransport(sb), base_url="http://sandbox.localhost/api/app", auth=(DEMO_USERNAME, DEMO_SECRET)
    )


_WRITER = """
import sys, httpx
from mpnb.sandbox import Sandbox, SandboxTransport
sb = Sandbox(state=sys.argv[1])
c = httpx.Client(transport=SandboxTransport(sb), base_url="http://s/api/app",
                 auth=("sandbox.demo.mp-service-account", "sandbox-secret"))
tag, n = sys.argv[2], int(sys.argv[3])
for i in range(n):
    r = c.post("/projects/1000/dashboards", json={"title": f"{tag}-{i}"})
    assert r.status_code == 200, r.text
    print(r.json()["results"]["id"], flush=True)
print("done", flush=True)
"""


def test_concurrent_processes_never_lose_a_write(tmp_path: Path) -> None:
    state = tmp_path / "s.sqlite3"
    Sandbox(state=state)  # seeded once, before the writers race
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(state), tag, "15"], stdout=subprocess.PIPE, text=True)
        for tag in ("a", "b", "c")
    ]
    ids: list[int] = []
    for p in procs:
        out, _ = p.communicate(timeout=240)
        assert p.returncode == 0 and "done" in out
        ids += [int(line) for line in out.split() if line.isdigit()]
    assert len(ids) == 45 and len(set(ids)) == 45  # the id counter is a read-modify-write too
    sb = Sandbox(state=state)
    titles = [d["title"] for d in _client(sb).get("/projects/1000/dashboards").json()["results"]]
    for tag in "abc":
        assert sorted(t for t in titles if t.startswith(f"{tag}-")) == sorted(f"{tag}-{i}" for i in range(15))
    assert {d["id"] for d in sb.store.table("dashboards").values()} >= set(ids)


_BULK_WRITER = """
import sys, httpx
from mpnb.sandbox import Sandbox, SandboxTransport
sb = Sandbox(state=sys.argv[1])
c = httpx.Client(transport=SandboxTransport(sb), base_url="http://s/api/app",
                 auth=("sandbox.demo.mp-service-account", "sandbox-secret"))
print("ready", flush=True)
n = 0
while True:
    rows = [{"id": b["id"], "name": f"round {n}"} for b in c.get("/projects/1000/bookmarks").json()["results"]]
    assert c.patch("/projects/1000/bookmarks/bulk-update", json={"bookmarks": rows}).status_code < 300
    n += 1
    print(n, flush=True)
"""


def test_a_killed_writer_leaves_a_consistent_database_and_nothing_else(tmp_path: Path) -> None:
    state = tmp_path / "s.sqlite3"
    Sandbox(state=state, size=2000)
    for delay in (0.3, 0.6, 0.9):
        proc = subprocess.Popen([sys.executable, "-c", _BULK_WRITER, str(state)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with sqlite3.connect(state) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = {b["name"] for b in Sandbox(state=state).store.table("bookmarks").values()}
        assert len(names) == 1 or not any(n.startswith("round") for n in names)  # all of one round, or none
    leftovers = {p.name for p in tmp_path.iterdir()} - {"s.sqlite3", "s.sqlite3-wal", "s.sqlite3-shm"}
    assert leftovers == set()


def test_a_write_touches_only_its_rows(tmp_path: Path) -> None:
    changes = []
    for size in (60, 3000):
        sb = Sandbox(state=tmp_path / f"{size}.sqlite3", size=size)
        assert sb._db is not None
        before = sb._db.conn.total_changes
        assert _client(sb).post("/projects/1000/dashboards", json={"title": "n"}).status_code == 200
        changes.append(sb._db.conn.total_changes - before)
    assert changes[0] == changes[1] and changes[0] <= 4  # the row and its id counter


def test_a_failed_write_changes_nothing(tmp_path: Path) -> None:
    sb = Sandbox(state=tmp_path / "s.sqlite3")
    before = Sandbox(state=tmp_path / "s.sqlite3").store.to_json()
    assert _client(sb).post("/projects/1000/dashboards", json={"title": 5}).status_code == 400
    assert Sandbox(state=tmp_path / "s.sqlite3").store.to_json() == before


def test_a_json_state_converts_on_first_open(tmp_path: Path) -> None:
    old = Sandbox(seed=4, size=10)
    _client(old).post("/projects/1000/dashboards", json={"title": "kept from JSON"})
    legacy = tmp_path / "state.json"
    legacy.write_text(json.dumps(old.store.to_json()), encoding="utf-8")
    sb = Sandbox(state=legacy)
    assert sb.state_path == tmp_path / "state.sqlite3"
    titles = [d["title"] for d in _client(sb).get("/projects/1000/dashboards").json()["results"]]
    assert "kept from JSON" in titles
    assert json.loads(legacy.read_text(encoding="utf-8")) == old.store.to_json()  # left as it was
    _client(sb).post("/projects/1000/dashboards", json={"title": "after"})
    again = [d["title"] for d in _client(Sandbox(state=legacy)).get("/projects/1000/dashboards").json()["results"]]
    assert "after" in again and "kept from JSON" in again  # not converted twice


def test_a_file_that_is_neither_is_refused_with_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(ValueError, match="neither a sandbox database nor a JSON sandbox state"):
        Sandbox(state=bad)


def test_default_sandbox_lives_in_mpnb_home_and_converts_the_old_cli_state(tmp_path: Path) -> None:
    old = Sandbox(seed=2, size=5)
    _client(old).post("/projects/1000/dashboards", json={"title": "old CLI state"})
    home = Path(os.environ["MPNB_HOME"])
    (home / "sandbox-state.json").write_text(json.dumps(old.store.to_json()), encoding="utf-8")
    sb = default_sandbox()
    assert sb.state_path == home / "sandbox.sqlite3" and default_sandbox() is sb
    assert "old CLI state" in [d["title"] for d in _client(sb).get("/projects/1000/dashboards").json()["results"]]
    sandbox_reset(seed=0, size=12)
    titles = [d["title"] for d in _client(sb).get("/projects/1000/dashboards").json()["results"]]
    assert "old CLI state" not in titles and len(sb.store.table("bookmarks")) < 40


def test_reads_in_one_process_see_writes_from_another(tmp_path: Path) -> None:
    a, b = Sandbox(state=tmp_path / "s.sqlite3"), Sandbox(state=tmp_path / "s.sqlite3")
    made = _client(a).post("/projects/1000/dashboards", json={"title": "x"}).json()["results"]
    assert _client(b).delete(f"/projects/1000/dashboards/{made['id']}").status_code < 300
    assert _client(a).get(f"/projects/1000/dashboards/{made['id']}").status_code == 404


def test_an_unreadable_old_cli_state_does_not_lock_the_default_sandbox(tmp_path: Path) -> None:
    home = Path(os.environ["MPNB_HOME"])
    (home / "sandbox-state.json").write_text("{ not json", encoding="utf-8")
    with pytest.warns(UserWarning, match="starts from fresh demo data"):
        sb = default_sandbox()
    assert len(sb.store.table("bookmarks")) > 0


def test_a_list_by_ids_answers_as_the_in_memory_sandbox(tmp_path: Path) -> None:
    disk, memory = Sandbox(state=tmp_path / "s.sqlite3", seed=2), Sandbox(seed=2)
    ids = [b["id"] for b in _client(memory).get("/projects/1000/bookmarks").json()["results"]]
    for sb in (disk, memory):
        assert _client(sb).delete(f"/projects/1000/bookmarks/{ids[3]}").status_code == 200
    query = ",".join(str(i) for i in [ids[7], ids[3], ids[1], 999999, ids[20]])
    answers = [_client(sb).get(f"/projects/1000/bookmarks?ids={query}").json()["results"] for sb in (disk, memory)]
    strip = [[{k: v for k, v in r.items() if k not in ("created", "modified")} for r in a] for a in answers]
    assert strip[0] == strip[1] and [r["id"] for r in answers[0]] == [ids[1], ids[7], ids[20]]


def test_a_state_locked_too_long_answers_503_and_writes_nothing(tmp_path: Path) -> None:
    sb = Sandbox(state=tmp_path / "s.sqlite3")
    assert sb._db is not None
    sb._db.conn.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(tmp_path / "s.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        r = _client(sb).post("/projects/1000/dashboards", json={"title": "blocked"})
        assert r.status_code == 503 and r.headers["Retry-After"] == "1"
        assert r.json() == {"status": "error", "error": "Sandbox state is busy; retry"}
        assert _client(sb).get("/projects/1000/dashboards").status_code == 200  # reads still work (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "blocked" not in [d["title"] for d in _client(sb).get("/projects/1000/dashboards").json()["results"]]
    assert _client(sb).post("/projects/1000/dashboards", json={"title": "later"}).status_code == 200
