"""Applying plans: bulk batches, 413 splits, partial failures, faults, running event loops, creates."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

import mpnb as mp
import mpnb.frames._apply
from tests.frames.conftest import make_ws


class _TooLarge(httpx.BaseTransport):
    """Answers 413 for bulk bodies over ``limit`` bytes, like a proxy in front of Mixpanel would."""

    def __init__(self, inner: httpx.BaseTransport, limit: int) -> None:
        self.inner, self.limit, self.sizes = inner, limit, []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        if request.url.path.endswith(("bulk-update", "bulk-delete")):
            self.sizes.append(len(body))
            if len(body) > self.limit:
                return httpx.Response(413, json={"status": "error", "error": "Request Entity Too Large"})
        return self.inner.handle_request(request)


def _bulk_requests(ws: mp.Workspace, kind: str = "bulk-update") -> int:
    assert ws.emulator is not None
    return sum(1 for _, path in ws.emulator.requests if path.endswith(kind))


def _rename_all(df: Any, suffix: str) -> None:
    df["name"] = df["name"] + suffix


def test_report_edits_go_in_bulk_batches(tmp_path: Path) -> None:
    ws = make_ws(tmp_path, seed=2, size=250)
    df = ws.reports.frame()
    _rename_all(df, " (old)")
    plan = ws.reports.plan(df)
    assert plan.requests(batch_size=100) == 4  # a re-read of the 250 rows, then three batches
    result = plan.apply(batch_size=100, progress=False)
    assert (result.status == "ok").all() and len(result) == len(df)
    assert _bulk_requests(ws) == 3
    assert ws.reports.frame()["name"].equals(df["name"])


def test_a_body_refused_as_too_large_is_split(tmp_path: Path) -> None:
    ws = make_ws(tmp_path, seed=2, size=120)
    wrapper = _TooLarge(ws._http._client._transport, limit=2000)
    ws._http._client._transport = wrapper
    df = ws.reports.frame()
    _rename_all(df, " v2")
    result = ws.reports.plan(df).apply(progress=False)
    assert (result.status == "ok").all()
    assert max(wrapper.sizes) > 2000 and len(wrapper.sizes) > 2
    assert ws.reports.frame()["name"].equals(df["name"])
    # the seed's own bulk call shares the path
    entries = [mp.BulkUpdateBookmarkEntry(id=int(i), description="x" * 40) for i in df.index]
    ws.bulk_update_bookmarks(entries)
    assert set(ws.reports.frame()["description"]) == {"x" * 40}


def test_a_rejected_batch_is_bisected_and_other_rows_land(fws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    df = fws.reports.frame()
    ids = [int(i) for i in df.index[:6]]
    for i in ids:
        df.loc[i, "description"] = f"edited {i}"
    plan = fws.reports.plan(df)
    real_recheck = mp.frames._apply.recheck

    def gone_right_after_the_recheck(p: Any) -> Any:
        rows = real_recheck(p)
        fws.delete_bookmark(ids[2])  # gone after apply's last look: the server refuses the whole batch
        return rows

    monkeypatch.setattr(mp.frames._apply, "recheck", gone_right_after_the_recheck)
    result = plan.apply(progress=False).set_index("id")
    assert result.loc[ids[2], "status"] == "error" and "not found" in result.loc[ids[2], "error"]
    assert (result.drop(index=ids[2]).status == "ok").all()
    assert all(fws.get_bookmark(i).description == f"edited {i}" for i in ids if i != ids[2])


def test_dashboards_update_one_patch_each_with_concurrency(fws: mp.Workspace) -> None:
    df = fws.dashboards.frame()
    df["description"] = "reviewed"
    plan = fws.dashboards.plan(df)
    assert plan.requests() == len(df) + 1  # one PATCH each, after one re-read of the rows
    before = fws.request_count
    result = plan.apply(concurrency=4, progress=False)
    assert fws.request_count - before == len(df) + 1
    assert (result.status == "ok").all()
    assert set(fws.dashboards.frame()["description"]) == {"reviewed"}


def test_rerun_sends_only_what_still_differs(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    ids = [int(i) for i in df.index[:4]]
    df.loc[ids, "description"] = "first pass"
    plan = fws.reports.plan(df)
    # an interruption: half of it landed (here, through the seed's own call)
    fws.bulk_update_bookmarks([mp.BulkUpdateBookmarkEntry(id=i, description="first pass") for i in ids[:2]])
    again = fws.reports.plan(df)
    assert sorted(again.updates) == sorted(ids[2:]) and not again.conflicts
    again.apply(progress=False)
    assert fws.reports.plan(df).is_empty
    assert plan.updates  # the old plan still says what it would have done
    df.loc[ids[2], "name"] = "then a rename"  # after our own write, no false conflict
    follow = fws.reports.plan(df)
    assert follow.updates == {ids[2]: {"name": "then a rename"}} and not follow.conflicts


def test_a_plan_applies_once(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    df.iloc[0, df.columns.get_loc("name")] = "Once"
    plan = fws.reports.plan(df)
    plan.apply(progress=False)
    with pytest.raises(mp.InputError, match="applied already"):
        plan.apply(progress=False)


def test_apply_inside_a_running_event_loop(fws: mp.Workspace) -> None:
    df = fws.dashboards.frame()
    df["description"] = "from a notebook"

    async def cell() -> Any:
        await asyncio.sleep(0)
        return fws.dashboards.plan(df).apply(concurrency=4, progress=False)

    result = asyncio.run(cell())
    assert (result.status == "ok").all() and len(result) == len(df)


def test_real_mixpanel_needs_confirm(fws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    df = fws.reports.frame()
    df.iloc[0, df.columns.get_loc("name")] = "Careful"
    plan = fws.reports.plan(df)
    monkeypatch.setattr(type(fws.target), "is_real", property(lambda self: True))
    before = fws.request_count
    with pytest.raises(mp.InputError, match="confirm=True"):
        plan.apply(progress=False)
    assert fws.request_count == before


def test_create_with_unknown_outcome_is_matched_by_natural_key(fws: mp.Workspace, tmp_path: Path) -> None:
    df = fws.dashboards.frame()
    import pandas as pd

    new = pd.DataFrame(
        [{"title": "Made twice?"}, {"title": "Lost in transit"}], index=pd.Index([pd.NA, pd.NA], dtype="Int64")
    )
    both = pd.concat([df, new])
    both.attrs = dict(df.attrs)
    plan = fws.dashboards.plan(both)
    assert fws.emulator is not None
    fws.emulator.faults.queue(["drop_after", "drop"])  # first create lands, answer lost; second never lands
    result = plan.apply(concurrency=1, progress=False)
    rows = result.to_dict("records")
    titles = [d.title for d in fws.list_dashboards()]
    assert titles.count("Made twice?") == 1 and "Lost in transit" not in titles
    assert rows[0]["status"] == "ok" and "found it on the server" in rows[0]["error"]
    assert rows[1]["status"] == "unknown" and pd.isna(rows[1]["id"])
    journal = next((tmp_path / "backups" / "journal").glob("*dashboards-creates.jsonl"))
    events = [json.loads(line)["event"] for line in journal.read_text().splitlines()]
    assert events == ["intent", "intent", "outcome", "outcome"]


def test_under_faults_nothing_is_lost_or_applied_twice(tmp_path: Path) -> None:
    import pandas as pd

    ws = make_ws(tmp_path, seed=3, size=150, faults="429=0.1,503=0.05,drop=0.02,retry_after=0,seed=5")
    reports = ws.reports.frame()
    _rename_all(reports, " *")
    r_result = ws.reports.plan(reports).apply(batch_size=40, progress=False)
    boards = ws.dashboards.frame()
    boards["description"] = "checked"
    victims = [int(i) for i in boards.index[-2:]]
    new = pd.DataFrame([{"title": f"New board {n}"} for n in range(6)], index=pd.Index([pd.NA] * 6, dtype="Int64"))
    both = pd.concat([boards, new])
    both.attrs = dict(boards.attrs)
    b_result = ws.dashboards.plan(both, delete=victims).apply(concurrency=4, progress=False)

    assert len(r_result) == len(reports) and set(r_result.status) <= {"ok", "error", "unknown"}
    assert len(b_result) == len(boards) + 6  # every update, delete and create has its row
    ws.emulator.set_faults(None)  # type: ignore[union-attr]
    now = ws.reports.frame()
    for rid, status in zip(r_result.id, r_result.status):
        if status == "ok" and rid in now.index:
            assert now.loc[rid, "name"] == reports.loc[rid, "name"]
    boards_now = {d.id: d for d in ws.list_dashboards()}
    titles = [d.title for d in boards_now.values()]
    for n in range(6):
        assert titles.count(f"New board {n}") <= 1  # never created twice
    created = b_result[b_result.action == "create"]
    assert int((created.status == "ok").sum()) == sum(t.startswith("New board") for t in titles)
    for row in b_result[b_result.action == "update"].itertuples():
        assert (row.status == "ok") == (boards_now[row.id].description == "checked")
    for row in b_result[b_result.action == "delete"].itertuples():
        assert (row.status == "ok") == (row.id not in boards_now)


def test_progress_bar_names_family_and_target(fws: mp.Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    df = fws.dashboards.frame()
    df["description"] = "with a bar"
    fws.dashboards.plan(df).apply(progress=True)
    err = capsys.readouterr().err
    assert "dashboards -> SANDBOX" in err and f"{len(df)}/{len(df)}" in err


def test_flags_under_faults_every_row_reported_nothing_twice(tmp_path: Path) -> None:
    import pandas as pd

    ws = make_ws(tmp_path, seed=3, faults="429=0.1,503=0.05,drop=0.02,retry_after=0,seed=11")
    flags = ws.flags.frame()
    flags["description"] = "under faults"
    new = pd.DataFrame(
        [{"name": f"Faulty {n}", "key": f"faulty_{n}"} for n in range(5)], index=pd.Index([pd.NA] * 5, dtype="string")
    )
    both = pd.concat([flags, new])
    both.attrs = dict(flags.attrs)
    result = ws.flags.plan(both).apply(concurrency=4, progress=False)
    assert len(result) == len(flags) + 5 and set(result.status) <= {"ok", "error", "unknown"}
    ws.emulator.set_faults(None)  # type: ignore[union-attr]
    now = {f.id: f for f in ws.list_feature_flags()}
    keys = [f.key for f in now.values()]
    for n in range(5):
        assert keys.count(f"faulty_{n}") <= 1
    created = result[result.action == "create"]
    assert int((created.status == "ok").sum()) == sum(k.startswith("faulty_") for k in keys)
    for row in result[result.action == "update"].itertuples():
        assert (row.status == "ok") == (now[row.id].description == "under faults")


def test_many_creates_are_remembered_in_one_frame(fws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot learns every landed create at once (a frame a row made 1,000 creates 3x slower)."""
    import pandas as pd

    from mpnb.frames import _snapshot

    built: list[int] = []
    real = _snapshot.build_frame

    def counting(spec: Any, records: list[Any], **kw: Any) -> Any:
        built.append(len(records))
        return real(spec, records, **kw)

    monkeypatch.setattr(_snapshot, "build_frame", counting)
    df = fws.annotations.frame()
    new = pd.DataFrame(
        {"date": ["2026-01-01"] * 40, "description": [f"note {i}" for i in range(40)]},
        index=pd.Index([None] * 40, dtype=object),
    )
    result = fws.annotations.plan(pd.concat([df, new])).apply(progress=False)
    assert (result["status"] == "ok").all() and len(result) == 40
    assert built == [40]
    assert fws.annotations.plan(fws.annotations.frame()).is_empty
