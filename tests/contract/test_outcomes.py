"""Every outcome is told truly: done work is never an error, part-done work says which part.

Faults come from the sandbox's fault queue (``drop_after``: the server commits, then the answer is lost;
``429``/``500``: refused until the retries run out) or from respx where the sandbox cannot stage the case.
After each call the server is read back and the reported outcome must equal it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, mock_delete_reads, ok, real_ws

RETRIES = 3  # the Workspace default: 1 try + 3 retries


def _queue(ws: mp.Workspace, kinds: list[str]) -> None:
    ws.emulator.faults.queue(kinds)  # type: ignore[union-attr]


def _board_with_reports(ws: mp.Workspace, n: int) -> list[int]:
    reports = ws.list_bookmarks_v2()
    return [r.id for r in reports[:n]]


BULK_DELETES: list[tuple[str, Callable[[mp.Workspace], list[int]], Callable[..., Any], Callable[..., list[int]]]] = [
    (
        "reports",
        lambda ws: [r.id for r in ws.list_bookmarks_v2()[:3]],
        lambda ws, ids: ws.bulk_delete_bookmarks(ids),
        lambda ws, ids: [r.id for r in ws.list_bookmarks_v2(ids=ids)],
    ),
    (
        "cohorts",
        lambda ws: [c.id for c in ws.list_cohorts() if not c.dependants][:2],
        lambda ws, ids: ws.bulk_delete_cohorts(ids),
        lambda ws, ids: [c.id for c in ws.list_cohorts(ids=ids)],
    ),
    (
        "alerts",
        lambda ws: [a.id for a in ws.list_alerts(skip_user_filter=True)[:2]],
        lambda ws, ids: ws.bulk_delete_alerts(ids),
        lambda ws, ids: [a.id for a in ws.list_alerts(skip_user_filter=True) if a.id in ids],
    ),
    (
        "dashboards",
        lambda ws: [d.id for d in ws.list_dashboards()[-2:]],
        lambda ws, ids: ws.bulk_delete_dashboards(ids),
        lambda ws, ids: [d.id for d in ws.list_dashboards(ids=ids)],
    ),
]


@pytest.mark.parametrize(("family", "pick", "delete", "left"), BULK_DELETES, ids=[b[0] for b in BULK_DELETES])
@pytest.mark.parametrize("fault", ["drop_after", "500-then-drop_after"])
def test_bulk_delete_whose_answer_is_lost_is_success(
    ws: mp.Workspace, family: str, pick: Any, delete: Any, left: Any, fault: str
) -> None:
    ids = pick(ws)
    assert ids and left(ws, ids) == ids
    reads = 2 if family == "dashboards" else 1  # the backup's reads before the delete is sent
    faults = ["drop_after"] if fault == "drop_after" else ["500", "drop_after"]
    _queue(ws, ["ok"] * reads + faults)
    delete(ws, ids)  # no exception: the delete happened
    assert left(ws, ids) == []
    backup = ws.backups.latest()
    assert backup is not None and sorted(map(str, backup.ids)) == sorted(map(str, ids))


@pytest.mark.parametrize("family", ["reports", "cohorts"])
def test_single_delete_whose_answer_is_lost_is_success(ws: mp.Workspace, family: str) -> None:
    if family == "reports":
        rid = ws.list_bookmarks_v2()[0].id
        _queue(ws, ["ok", "drop_after"])
        ws.delete_bookmark(rid)
        assert ws.list_bookmarks_v2(ids=[rid]) == []
    else:
        cid = next(c.id for c in ws.list_cohorts() if not c.dependants)
        _queue(ws, ["ok", "drop_after"])
        ws.delete_cohort(cid)
        assert ws.list_cohorts(ids=[cid]) == []


def test_a_real_refusal_is_still_an_error() -> None:
    """The server refused and the ids are all still there: the error stands."""
    ws = real_ws()
    rows = [{"id": 1, "name": "a", "type": "insights"}, {"id": 2, "name": "b", "type": "insights"}]
    with respx.mock() as router:
        router.get(f"{APP}/projects/{PID}/bookmarks").mock(return_value=ok(rows))
        mock_delete_reads(router, "reports")
        router.post(f"{APP}/projects/{PID}/bookmarks/bulk-delete").mock(
            return_value=httpx.Response(400, json={"error": "not allowed"})
        )
        with pytest.raises(mp.BadRequestError, match="not allowed"):
            ws.bulk_delete_bookmarks([1, 2], confirm=True)


def test_half_done_bulk_delete_says_which_half() -> None:
    ws = real_ws()
    rows = [{"id": 1, "name": "a", "type": "insights"}, {"id": 2, "name": "b", "type": "insights"}]
    with respx.mock() as router:
        router.get(f"{APP}/projects/{PID}/bookmarks").mock(side_effect=[ok(rows), ok(rows[1:])])
        mock_delete_reads(router, "reports")
        router.post(f"{APP}/projects/{PID}/bookmarks/bulk-delete").mock(
            return_value=httpx.Response(400, json={"error": "Bookmark 1 not found"})
        )
        with pytest.raises(mp.PartialSuccessError) as info:
            ws.bulk_delete_bookmarks([1, 2], confirm=True)
    assert info.value.done == [1] and "2" in info.value.failed
    assert isinstance(info.value.cause, mp.BadRequestError)


def test_failed_read_back_keeps_the_original_error() -> None:
    ws = real_ws()
    rows = [{"id": 1, "name": "a", "type": "insights"}]
    with respx.mock() as router:
        router.get(f"{APP}/projects/{PID}/bookmarks").mock(
            side_effect=[ok(rows), httpx.Response(500, json={"error": "x"})] + [httpx.Response(500)] * RETRIES
        )
        mock_delete_reads(router, "reports")
        router.post(f"{APP}/projects/{PID}/bookmarks/bulk-delete").mock(
            return_value=httpx.Response(400, json={"error": "Bookmark 1 not found"})
        )
        with pytest.raises(mp.BadRequestError, match="not found"):
            ws.bulk_delete_bookmarks([1], confirm=True)


def _new_report(board: int) -> mp.CreateBookmarkParams:
    return mp.CreateBookmarkParams(name="Outcome probe", type="insights", params={"sections": {}}, dashboard_id=board)


@pytest.mark.parametrize("faults", [["429"] * (RETRIES + 1), ["drop_after"], ["500"]])
def test_create_bookmark_whose_placement_fails_carries_the_report(ws: mp.Workspace, faults: list[str]) -> None:
    board = ws.list_dashboards()[0].id
    before = {r.id for r in ws.list_bookmarks_v2()}
    _queue(ws, ["ok", *faults])
    with pytest.raises(mp.PartialSuccessError) as info:
        ws.create_bookmark(_new_report(board))
    err = info.value
    assert not isinstance(err, mp.RateLimitError)
    assert err.failed == "board placement" and isinstance(err.created, mp.Bookmark)
    assert f"add_report_to_dashboard({board}, {err.created.id})" in str(err)
    made = [r for r in ws.list_bookmarks_v2() if r.id not in before]
    assert [r.id for r in made if r.name == "Outcome probe"] == [err.created.id]  # exactly one exists
    assert err.to_dict()["created"] == err.created.id


def test_create_bookmark_placed_is_plain_success(ws: mp.Workspace) -> None:
    board = ws.list_dashboards()[0].id
    made = ws.create_bookmark(_new_report(board))
    assert made.id in ws.get_dashboard(board).report_ids or made.id in {
        int(r.get("source_bookmark_id") or 0)
        for r in (ws.get_dashboard(board).contents or {}).get("report", {}).values()
    }


def test_remove_report_from_its_own_board_is_backed_up(ws: mp.Workspace) -> None:
    board = ws.get_dashboard(ws.list_dashboards()[0].id)
    card = board.report_ids[0]
    ws.remove_report_from_dashboard(board.id, card)
    backup = ws.backups.latest()
    assert backup is not None and backup.family == "reports" and [str(i) for i in backup.ids] == [str(card)]


def test_bulk_rows_are_confirmed_by_a_read_back(ws: mp.Workspace) -> None:
    """The shared bulk path (frames use it): rows a lost answer hid are ``ok`` once read back as done."""
    from mpnb._bulk import send_batches
    from mpnb.entities.reports import OPS

    reports = [r.id for r in ws.list_bookmarks_v2()]
    first, second = reports[:4], reports[4:8]

    def gone(batch: list[Any]) -> set[int]:
        left = {r.id for r in ws.list_bookmarks_v2(ids=batch)}
        return {j for j, rid in enumerate(batch) if rid not in left}

    _queue(ws, ["drop_after"])
    out = send_batches(ws._http, OPS.BULK_DELETE, "bookmark_ids", first, took_effect=gone)
    assert [o.status for o in out] == ["ok"] * 4 and ws.list_bookmarks_v2(ids=first) == []
    _queue(ws, ["drop_after"])  # the same fault without a read-back: every done row reads as an error
    blind = send_batches(ws._http, OPS.BULK_DELETE, "bookmark_ids", second)
    assert [o.status for o in blind] == ["error"] * 4 and ws.list_bookmarks_v2(ids=second) == []
