"""The Workspace's public seams that frames work through."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import mpnb as mp


def test_family_frames_are_cached_and_state_is_the_workspaces(fws: mp.Workspace) -> None:
    assert fws.reports is fws.reports and fws.flags is not fws.reports
    fws.reports.frame()
    assert set(fws.frames_state) == {"reports"} and "_frames_state" not in vars(fws)
    other = mp.Workspace.sandbox(seed=1, sleep=lambda s: None)
    assert other.frames_state == {} and other.reports is not fws.reports


def test_waits_go_to_every_listener_and_the_injected_sleep(tmp_path: Path) -> None:
    slept: list[float] = []
    ws = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path, sleep=slept.append)
    a: list[tuple[str, float]] = []
    b: list[tuple[str, float]] = []
    stop_a = ws.on_wait(lambda kind, s: a.append((kind, s)))
    stop_b = ws.on_wait(lambda kind, s: b.append((kind, s)))
    assert ws.emulator is not None
    ws.emulator.faults.queue(["429", "503"])
    ws.list_dashboards()
    assert [k for k, _ in a] == [k for k, _ in b] == ["rate limit", "retry"] and len(slept) == 2
    stop_a()
    ws.emulator.faults.queue(["429"])
    ws.list_dashboards()
    assert len(a) == 2 and len(b) == 3 and len(slept) == 3
    stop_b()


def test_two_applies_at_once_keep_the_real_sleep(fws: mp.Workspace) -> None:
    """Progress bars only listen: after nested applies the client's sleep is the one it was built with."""
    df = fws.dashboards.frame()
    df["description"] = "first"
    first = fws.dashboards.plan(df)
    stop = fws.on_wait(lambda kind, s: None)  # another bar, still open
    assert set(first.apply(progress=True).status) == {"ok"}
    stop()
    sleeps: list[float] = []
    fws.on_wait(lambda kind, s: sleeps.append(s))
    assert fws.emulator is not None
    fws.emulator.faults.queue(["429"])
    fws.list_dashboards()
    assert len(sleeps) == 1


def test_workspace_pinned(tmp_path: Path) -> None:
    ws = mp.Workspace.sandbox(seed=1, workspace_id=3, sleep=lambda s: None)
    assert ws.workspace_pinned == 3
    ws.set_workspace_id(None)
    assert ws.workspace_pinned is None


def test_records_seam(fws: mp.Workspace) -> None:
    raw = fws.records("reports").read({"v": 2})
    assert raw and isinstance(raw[0], dict) and "id" in raw[0]
    assert fws.records("reports").can_bulk_update and not fws.records("flags").can_bulk_update
    with pytest.raises(mp.InputError, match="unknown family"):
        fws.records("widgets")
    assert fws.records("bookmarks").family == "reports"  # any word the registry knows for it


def test_plan_shows_the_default_concurrency(fws: mp.Workspace) -> None:
    df = fws.flags.frame()
    df["description"] = "x"
    plan = fws.flags.plan(df)
    assert plan.concurrency == 8 and any(f"run {plan.concurrency} at a time" in n for n in plan.notes)
    assert isinstance(plan.to_frame(), pd.DataFrame)


def test_a_frame_of_any_number_of_ids_reads_them_in_url_sized_requests(tmp_path: Path) -> None:
    """A filter of 13,000 ids (notebook 02 passes thousands) is cut into requests a URL holds, never refused."""
    ws = mp.Workspace.sandbox(seed=2, size=13_000, backup_dir=tmp_path)
    ids = [r["id"] for r in ws.records("reports").read_all()]
    assert len(",".join(map(str, ids))) > 65_536  # more than any URL holds
    before = ws.request_count
    df = ws.reports.frame(ids=ids, cleanup=False)
    assert sorted(df.index) == sorted(ids)
    assert 1 < ws.request_count - before <= len(",".join(map(str, ids))) // 5_000 + 1
    assert ws.reports.frame(ids=ids[:3], cleanup=False).index.tolist() == ids[:3]


def test_the_url_sized_requests_of_an_ids_read_are_sent_side_by_side(tmp_path: Path) -> None:
    """A plan's fresh read of 2,000 edited rows takes two requests; they wait for the server together."""
    import threading
    import time

    import httpx

    ws = mp.Workspace.sandbox(seed=2, size=3_000, backup_dir=tmp_path)
    ids = [r["id"] for r in ws.records("reports").read_all()]
    inner = ws._http._client._transport
    lock, flight, most = threading.Lock(), [0], [0]

    class Overlap(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            with lock:
                flight[0] += 1
                most[0] = max(most[0], flight[0])
            try:
                time.sleep(0.05)  # a server's latency: the other chunk's request is sent meanwhile
                return inner.handle_request(request)
            finally:
                with lock:
                    flight[0] -= 1

    ws._http._client._transport = Overlap()
    before = ws.request_count
    records, sent = ws.records("reports").read_ids(ids)
    assert [r["id"] for r in records] == ids  # the chunks' records in the order asked
    assert sent == ws.request_count - before >= 3 and most[0] > 1
