"""Reads the SQLite store serves without parsing: ``existing`` ids and list answers joined from stored JSON.

Each is checked against the in-memory store, which parses and encodes every record."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, Sandbox
from mpnb.sandbox.sqlstate import SqlState, SqlStore
from mpnb.sandbox.store import Store


def _fill(store: Store) -> None:
    for i in (1, 2, 3):
        store.put("things", i, {"id": i, "key": f"k{i % 2}", "owner": {"id": i * 10}})


def _check(store: Store) -> None:
    assert store.keys_where("things", "$.key", "k1") == {"1", "3"}
    assert store.keys_where("things", "$.owner.id", 20) == {"2"}
    thing = store.get("things", 1)
    assert thing is not None
    thing["key"] = "k0"  # changed in this request: the change counts, not the stored row
    assert store.keys_where("things", "$.key", "k1") == {"3"} and store.keys_where("things", "$.key", "k0") == {
        "1",
        "2",
    }
    assert store.existing("things", {"1", "3", "9"}) == {"1", "3"}
    store.pop("things", 3)
    store.put("things", 7, {"id": 7})
    assert store.existing("things", {"1", "3", "7", "9"}) == {"1", "7"}
    assert store.keys_where("things", "$.key", "k1") == set()  # 3 went, and 7 has no key
    assert store.existing("nothing", {"1"}) == set()


def test_existing_in_memory() -> None:
    store = Store()
    _fill(store)
    _check(store)


def test_existing_in_sqlite_sees_committed_rows_and_this_transaction(tmp_path: Path) -> None:
    state = SqlState(tmp_path / "s.sqlite3")
    with state.transaction(write=True):
        first = SqlStore(state, 1000)
        _fill(first)
        first.flush()
    with state.transaction(write=True):
        _check(SqlStore(state, 1000))
    with state.transaction(write=False):
        assert SqlStore(state, 1001).existing("things", {"1"}) == set()  # another project's rows are not its


def _list(sb: Sandbox, query: dict[str, str]) -> tuple[dict[str, object], bytes]:
    auth = {"Authorization": "Basic " + base64.b64encode(f"{DEMO_USERNAME}:{DEMO_SECRET}".encode()).decode()}
    answer = sb.handle("GET", "/api/app/projects/1000/bookmarks", query, auth, b"")
    assert answer.status == 200
    return json.loads(answer.body), answer.body


def test_a_sqlite_list_answer_equals_the_parsed_one(tmp_path: Path) -> None:
    memory, stored = Sandbox(seed=4, size=80), Sandbox(seed=4, size=80, state=tmp_path / "s.sqlite3")
    made = []
    for sb in (memory, stored):  # a linked copy (a private key in the stored record) and a non-ASCII name
        auth = {"Authorization": "Basic " + base64.b64encode(f"{DEMO_USERNAME}:{DEMO_SECRET}".encode()).decode()}
        boards = json.loads(sb.handle("GET", "/api/app/projects/1000/dashboards", {}, auth, b"").body)["results"]
        first = _list(sb, {"v": "2"})[0]["results"][0]  # type: ignore[index]
        body = {"name": "Café → revenue", "type": "insights", "params": {"a": 1}, "dashboard_id": boards[0]["id"]}
        sb.handle("POST", "/api/app/projects/1000/bookmarks", {}, auth, json.dumps(body).encode())
        link = {"content": {"action": "duplicate", "content_type": "report", "content_id": first["id"]}}
        patched = sb.handle(
            "PATCH", f"/api/app/projects/1000/dashboards/{boards[1]['id']}", {}, auth, json.dumps(link).encode()
        )
        assert patched.status == 200, patched.body
        made.append(_list(sb, {"v": "2"})[0])
    assert made[0] == made[1] and made[1]["status"] == "ok"
    private = [t for (t,) in stored._db.conn.execute("SELECT body FROM bookmarks") if '"_' in t]  # type: ignore[union-attr]
    assert private  # linked copies: their stored text holds a private key, stripped in the answer
    results = made[1]["results"]
    assert isinstance(results, list) and not any(k.startswith("_") for r in results for k in r)
    assert "Café → revenue" in {r["name"] for r in results}
    ids = ",".join(str(r["id"]) for r in results[::7])
    assert _list(memory, {"v": "2", "ids": ids})[0] == _list(stored, {"v": "2", "ids": ids})[0]


def test_a_sqlite_alerts_list_equals_the_parsed_one(tmp_path: Path) -> None:
    memory, stored = Sandbox(seed=5, size=80), Sandbox(seed=5, size=80, state=tmp_path / "s.sqlite3")
    auth = {"Authorization": "Basic " + base64.b64encode(f"{DEMO_USERNAME}:{DEMO_SECRET}".encode()).decode()}
    answers = []
    for sb in (memory, stored):
        url = "/api/app/projects/1000/alerts/custom/"
        alerts = json.loads(sb.handle("GET", url, {}, auth, b"").body)["results"]
        gone = alerts[0]["bookmark"]["id"]  # its report is deleted: its alerts leave the list
        assert sb.handle("DELETE", f"/api/app/projects/1000/bookmarks/{gone}", {}, auth, b"").status == 200
        watched = alerts[-1]["bookmark"]["id"]
        answers.append(
            (
                json.loads(sb.handle("GET", url, {}, auth, b"").body),
                json.loads(sb.handle("GET", url, {"bookmark_id": str(watched)}, auth, b"").body),
                gone,
            )
        )
    assert answers[0] == answers[1]
    everything, one_report, gone = answers[1]
    assert everything["results"] and gone not in {a["bookmark"]["id"] for a in everything["results"]}
    assert not any(k.startswith("_") for a in everything["results"] for k in a)
    assert one_report["results"] and {a["bookmark"]["id"] for a in one_report["results"]} == {watched}
