"""The seed's Reports section, through the Workspace, on the sandbox in-process and over loopback HTTP."""

from __future__ import annotations

import pytest

import mpnb as mp


def test_seed_reports_section(any_ws: mp.Workspace) -> None:
    ws = any_ws
    reports = ws.list_bookmarks_v2()
    insights = ws.list_bookmarks_v2(bookmark_type="insights")
    funnels = ws.list_bookmarks_v2(bookmark_type="funnels")
    assert insights and funnels and {r.bookmark_type for r in insights} == {"insights"}
    specific = ws.list_bookmarks_v2(ids=[reports[0].id, reports[1].id])
    assert {r.id for r in specific} == {reports[0].id, reports[1].id}

    board = ws.create_dashboard(mp.CreateDashboardParams(title="Signups"))
    made = ws.create_bookmark(
        mp.CreateBookmarkParams(
            name="Daily Signups", type="insights", params={"sections": {"show": []}}, dashboard_id=board.id
        )
    )
    assert ws.get_dashboard(board.id).report_ids == [made.id]

    report = ws.get_bookmark(made.id)
    updated = ws.update_bookmark(
        report.id, mp.UpdateBookmarkParams(name="Daily Signups v2", description="Updated tracking")
    )
    assert (updated.name, updated.description) == ("Daily Signups v2", "Updated tracking")

    other = reports[2]
    ws.bulk_update_bookmarks(
        [
            mp.BulkUpdateBookmarkEntry(id=made.id, name="Renamed Report"),
            mp.BulkUpdateBookmarkEntry(id=other.id, description="Updated desc"),
        ]
    )
    assert ws.get_bookmark(made.id).name == "Renamed Report"
    assert ws.get_bookmark(other.id).description == "Updated desc"
    assert ws.get_bookmark(other.id).name == other.name  # absent fields untouched

    history = ws.get_bookmark_history(bookmark_id=made.id)
    actions = [e["action"] for e in history.data]
    assert actions[-1] == "created" and "updated" in actions
    history = ws.get_bookmark_history(bookmark_id=made.id, page_size=1)
    assert history.pagination.has_more
    next_page = ws.get_bookmark_history(bookmark_id=made.id, cursor=history.pagination.cursor)
    assert next_page.data and next_page.data[0] != history.data[0]

    assert ws.bookmark_linked_dashboard_ids(bookmark_id=made.id) == [board.id]

    ws.delete_bookmark(made.id)
    with pytest.raises(mp.NotFoundError):
        ws.get_bookmark(made.id)
    victims = [reports[3].id, reports[4].id]
    ws.bulk_delete_bookmarks(victims)
    assert ws.list_bookmarks_v2(ids=victims) == []
    backup = ws.backups.latest("reports")
    assert backup is not None and sorted(r["id"] for r in backup.records) == sorted(victims)


def test_unknown_id_in_bulk_delete_changes_nothing(ws: mp.Workspace) -> None:
    before = len(ws.list_bookmarks_v2())
    first = ws.list_bookmarks_v2()[0].id
    with pytest.raises(mp.NotFoundError, match="999999"):
        ws.bulk_delete_bookmarks([first, 999999])
    assert len(ws.list_bookmarks_v2()) == before


def test_history_iterates_every_page(ws: mp.Workspace) -> None:
    rid = ws.list_bookmarks_v2()[0].id
    everything = list(ws.iter_bookmark_history(rid, page_size=3))
    assert len(everything) == len(ws.get_bookmark_history(rid, page_size=100).data)
