"""Every planned row gets a result row whose status is the server's truth, under every ambiguous failure.

Faults come from the sandbox's queue: the answer lost after the server committed (``drop_after``), 429s
until the retries run out, 5xx, and a connection dropped before the server saw the request (``drop``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import mpnb as mp
from mpnb._constants import DEFAULT_MAX_RETRIES
from mpnb.graph import families_to_read
from tests.frames.conftest import make_ws

EXHAUST_429 = ["429"] * (DEFAULT_MAX_RETRIES + 1)
EXHAUST_500 = ["500"] * (DEFAULT_MAX_RETRIES + 1)


def _queue(ws: mp.Workspace, kinds: list[str], plan: Any = None) -> None:
    """Faults for the next requests; with ``plan``, aimed past the reads its apply makes before sending
    (the re-check of its rows and, for deletes, the reads of what goes with them), so they hit the writes."""
    assert ws.emulator is not None
    reads = 0
    if plan is not None:
        reads = plan.recheck_requests()
        if any(d.action == "delete" for d in plan.deletes):
            reads += len(families_to_read(plan.family))
    ws.emulator.faults.queue(["ok"] * reads + kinds)


def _with_new_boards(ws: mp.Workspace, titles: list[str]) -> pd.DataFrame:
    df = ws.dashboards.frame()
    new = pd.DataFrame([{"title": t} for t in titles], index=pd.Index([pd.NA] * len(titles), dtype="Int64"))
    both = pd.concat([df, new])
    both.attrs = dict(df.attrs)
    return both


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_429, EXHAUST_500, ["drop"]])
def test_bulk_delete_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    df = fws.reports.frame()
    victims = [int(i) for i in df.index[:4]]
    plan = fws.reports.plan(df, delete=victims)
    _queue(fws, fault, plan)
    result = plan.apply(progress=False)
    assert sorted(result.id.tolist()) == sorted(victims)
    left = {b.id for b in fws.list_bookmarks_v2()}
    for row in result.itertuples():
        assert (row.status == "ok") == (row.id not in left), (fault, row)
        assert row.status in ("ok", "error")  # the read-back settles every row
    if fault == ["drop_after"]:
        assert set(result.status) == {"ok"} and not set(victims) & left


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_429, EXHAUST_500, ["drop"]])
def test_bulk_update_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    df = fws.reports.frame()
    ids = [int(i) for i in df.index[:5]]
    df.loc[ids, "name"] = [f"renamed {i}" for i in ids]
    plan = fws.reports.plan(df)
    _queue(fws, fault, plan)
    result = plan.apply(progress=False)
    assert sorted(result.id.tolist()) == ids
    now = {b.id: b.name for b in fws.list_bookmarks_v2()}
    for row in result.itertuples():
        assert (row.status == "ok") == (now[row.id] == f"renamed {row.id}"), (fault, row)


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_429, EXHAUST_500, ["drop"]])
def test_single_updates_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    df = fws.dashboards.frame()
    ids = [int(i) for i in df.index[:3]]
    df.loc[ids, "description"] = "checked"
    plan = fws.dashboards.plan(df)
    _queue(fws, fault, plan)
    result = plan.apply(concurrency=1, progress=False)
    assert sorted(result.id.tolist()) == ids
    now = {d.id: d.description for d in fws.list_dashboards()}
    for row in result.itertuples():
        assert (row.status == "ok") == (now[row.id] == "checked"), (fault, row)


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_429, EXHAUST_500, ["drop"]])
def test_create_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    plan = fws.dashboards.plan(_with_new_boards(fws, ["Board A", "Board B"]))
    _queue(fws, fault, plan)
    result = plan.apply(concurrency=1, progress=False)
    assert len(result) == 2 and list(result.action) == ["create", "create"]
    titles = [d.title for d in fws.list_dashboards()]
    for title, row in zip(["Board A", "Board B"], result.itertuples()):
        assert titles.count(title) <= 1
        if row.status == "ok":
            assert titles.count(title) == 1 and not pd.isna(row.id)
        else:
            assert row.status in ("error", "unknown") and title not in titles, (fault, row)


def test_a_failing_look_up_gives_unknown_rows_and_a_complete_result(fws: mp.Workspace) -> None:
    plan = fws.dashboards.plan(_with_new_boards(fws, ["Lost answer", "Never sent"]))
    # first create lands but its answer is lost; the second is dropped; the look-up list call gets 429s
    _queue(fws, ["drop_after", "drop", *EXHAUST_429])
    result = plan.apply(concurrency=1, progress=False)
    assert list(result.status) == ["unknown", "unknown"]
    assert all("look-up" in e and "check" in e for e in result.error)


def test_replan_after_lost_answers_sends_only_what_is_left(fws: mp.Workspace) -> None:
    frame = _with_new_boards(fws, ["Landed", "Not landed"])
    _queue(fws, ["drop_after", "drop", *EXHAUST_429])
    first = fws.dashboards.plan(frame).apply(concurrency=1, progress=False)
    assert set(first.status) == {"unknown"}
    again = fws.dashboards.plan(frame)
    assert [c.fields["title"] for c in again.creates] == ["Not landed"]
    assert len(again.already_created) == 1 and any("earlier apply" in n for n in again.notes)
    result = again.apply(progress=False)
    titles = [d.title for d in fws.list_dashboards()]
    assert titles.count("Landed") == 1 and titles.count("Not landed") == 1
    assert sorted(result.status) == ["ok", "ok"]


def test_replan_after_an_interrupted_apply_sends_only_what_is_left(
    fws: mp.Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mpnb.frames._apply as apply_module

    real = apply_module.run_concurrently

    def first_then_interrupt(fn: Callable[[Any], Any], items: Sequence[Any], **kw: Any) -> Any:
        fn(items[0])
        raise KeyboardInterrupt

    frame = _with_new_boards(fws, ["One", "Two", "Three"])
    monkeypatch.setattr(apply_module, "run_concurrently", first_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        fws.dashboards.plan(frame).apply(progress=False)
    monkeypatch.setattr(apply_module, "run_concurrently", real)
    before = fws.request_count
    again = fws.dashboards.plan(frame)
    assert [c.fields["title"] for c in again.creates] == ["Two", "Three"]
    again.apply(progress=False)
    titles = [d.title for d in fws.list_dashboards()]
    assert [titles.count(t) for t in ("One", "Two", "Three")] == [1, 1, 1]
    assert fws.request_count - before <= 2 + 2 + 1  # fresh look-up, two creates, the final list


def test_a_re_plan_after_an_interrupted_big_create_is_linear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding what an interrupted create made compares each new row with an index of the family, not with
    every record: the natural keys computed grow with rows + records, not rows x records."""
    import mpnb.frames._apply as apply_module
    from mpnb.entities._family import Family

    ws = make_ws(tmp_path, seed=1, size=600)
    real = apply_module.run_concurrently

    def half_then_interrupt(fn: Callable[[Any], Any], items: Sequence[Any], **kw: Any) -> Any:
        for item in items[: len(items) // 2]:
            fn(item)
        raise KeyboardInterrupt

    frame = _with_new_boards(ws, [f"Board {i}" for i in range(400)])
    monkeypatch.setattr(apply_module, "run_concurrently", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        ws.dashboards.plan(frame).apply(progress=False)
    monkeypatch.setattr(apply_module, "run_concurrently", real)
    keys = 0
    real_key = Family.key_of

    def counted(self: Family, record: dict[str, Any]) -> tuple[Any, ...]:
        nonlocal keys
        keys += 1
        return real_key(self, record)

    monkeypatch.setattr(Family, "key_of", counted)
    again = ws.dashboards.plan(frame)
    boards = len(ws.list_dashboards())
    assert len(again.creates) == 200 and len(again.already_created) == 200
    assert keys <= 2 * (400 + boards)  # an index, not 400 x boards comparisons
    titles = [d.title for d in ws.list_dashboards()]
    again.apply(progress=False)
    titles = [d.title for d in ws.list_dashboards()]
    assert all(titles.count(f"Board {i}") == 1 for i in range(400))


def test_a_re_plan_after_a_full_apply_creates_nothing_twice(fws: mp.Workspace) -> None:
    frame = _with_new_boards(fws, ["Only once"])
    assert list(fws.dashboards.plan(frame).apply(progress=False).status) == ["ok"]
    again = fws.dashboards.plan(frame)
    assert again.is_empty and list(again.already_created.values())
    assert list(again.apply(progress=False).status) == ["ok"]
    assert [d.title for d in fws.list_dashboards()].count("Only once") == 1


def test_without_a_journal_creates_are_sent(tmp_path: Path) -> None:
    ws = make_ws(tmp_path, seed=1, backups=False)
    frame = _with_new_boards(ws, ["No journal"])
    assert list(ws.dashboards.plan(frame).apply(progress=False).status) == ["ok"]
    assert len(ws.dashboards.plan(frame).creates) == 1  # nothing journaled: nothing to find


def test_a_journaled_create_that_did_not_land_is_sent_again(fws: mp.Workspace) -> None:
    frame = _with_new_boards(fws, ["Refused once"])
    _queue(fws, ["500"])  # the server refuses before acting: outcome unknown, and nothing by that title
    assert fws.dashboards.plan(frame).apply(progress=False).status.tolist() == ["unknown"]
    assert "Refused once" not in [d.title for d in fws.list_dashboards()]
    again = fws.dashboards.plan(frame)
    assert len(again.creates) == 1 and not again.already_created
    assert again.apply(progress=False).status.tolist() == ["ok"]
    assert [d.title for d in fws.list_dashboards()].count("Refused once") == 1


def test_a_same_named_entity_already_in_the_frame_is_not_taken_for_a_landed_create(fws: mp.Workspace) -> None:
    df = fws.dashboards.frame()
    title = str(df["title"].iloc[0])
    frame = _with_new_boards(fws, [title])  # a second board with the title of one the frame holds
    _queue(fws, ["drop", *EXHAUST_429])  # never lands; the look-up fails: unknown
    assert fws.dashboards.plan(frame).apply(concurrency=1, progress=False).status.tolist() == ["unknown"]
    again = fws.dashboards.plan(frame)
    assert len(again.creates) == 1 and not again.already_created


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_429, EXHAUST_500, ["drop"]])
def test_archive_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    """An archive whose answer is lost is read back: ``ok`` when the flag is archived, never ``error`` then."""
    df = fws.flags.frame()
    live = df[df["status"] != "archived"]
    victim = str(live.index[0])
    plan = fws.flags.plan(df, delete=[victim])
    assert [d.action for d in plan.deletes] == ["archive"]
    _queue(fws, fault, plan)
    result = plan.apply(progress=False)
    archived = {f.id for f in fws.list_feature_flags(include_archived=True) if str(f.status) in ("archived",)}
    archived |= {
        f.id for f in fws.list_feature_flags(include_archived=True) if getattr(f.status, "value", "") == "archived"
    }
    row = result.set_index("id").loc[victim]
    assert (row.status == "ok") == (victim in archived), (fault, row.status, row.error)
    assert row.status in ("ok", "error")
    if fault == ["drop_after"]:
        assert row.status == "ok"


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_429, EXHAUST_500, ["drop"]])
def test_experiment_archive_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    df = fws.experiments.frame()
    live = [e.id for e in fws.list_experiments() if not e.archived and "archive" in e.legal_transitions]
    victim = live[0]
    plan = fws.experiments.plan(df, delete=[victim])
    assert [d.action for d in plan.deletes] == ["archive"]
    _queue(fws, fault, plan)
    result = plan.apply(progress=False)
    archived = {e.id for e in fws.list_experiments(include_archived=True) if e.archived}
    row = result.set_index("id").loc[victim]
    assert (row.status == "ok") == (victim in archived), (fault, row.status, row.error)
    assert row.status in ("ok", "error")
    if fault == ["drop_after"]:
        assert row.status == "ok"


@pytest.mark.parametrize("door", ["ws", "http_ws"])
def test_a_stale_plan_holds_back_what_others_changed_since(request: pytest.FixtureRequest, door: str) -> None:
    """Someone edits 5 of a plan's updated rows and 2 of its deleted rows before it is applied: those 7 are
    conflicts, not sent; their edits survive on the server; the rest of the plan lands."""
    ws: mp.Workspace = request.getfixturevalue(door)
    df = ws.reports.frame()
    edit = [int(i) for i in df.index[:10]]
    delete = [int(i) for i in df.index[10:14]]
    df.loc[edit, "description"] = "mine"
    plan = ws.reports.plan(df, delete=delete)
    theirs = edit[:5] + delete[:2]
    for rid in theirs:
        ws.update_bookmark(rid, mp.UpdateBookmarkParams(description="theirs"))
    result = plan.apply(progress=False).set_index("id")
    assert set(result.loc[theirs, "status"]) == {"conflict"}
    assert set(result.drop(index=theirs)["status"]) == {"ok"}
    now = {r.id: r.description for r in ws.list_bookmarks_v2()}
    assert all(now[i] == "theirs" for i in theirs)  # their work is untouched, the two rows not deleted
    assert all(now[i] == "mine" for i in edit[5:]) and not set(delete[2:]) & set(now)
    backup = ws.backups.latest("reports")
    assert backup is not None and sorted(r["id"] for r in backup.records) == sorted(delete[2:])


def test_no_row_is_sent_when_the_last_look_before_sending_fails(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    ids = [int(i) for i in df.index[:3]]
    df.loc[ids, "description"] = "never sent"
    plan = fws.reports.plan(df, delete=[int(df.index[5])])
    _queue(fws, EXHAUST_429)  # the re-check's read runs out of retries
    result = plan.apply(progress=False)
    assert set(result.status) == {"error"} and all("re-reading the rows first failed" in e for e in result.error)
    now = {r.id: r for r in fws.list_bookmarks_v2()}
    assert int(df.index[5]) in now and all(now[i].description != "never sent" for i in ids)
