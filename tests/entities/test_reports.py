"""The exact request of every reports operation (R1-R9): verb, path, query, body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, mock_delete_reads, ok, real_ws

B = {"id": 7, "name": "R", "type": "insights", "params": {}, "dashboard_id": 3}
S = f"{APP}/projects/{PID}"

CASES: list[tuple[str, Callable[[mp.Workspace], Any], str, str, dict[str, str], Any, Any]] = [
    (
        "R1 list",
        lambda ws: ws.list_bookmarks_v2(bookmark_type="insights", ids=[1, 2]),
        "GET",
        f"{S}/bookmarks",
        {"v": "2", "type": "insights", "ids": "1,2"},
        None,
        [B],
    ),
    ("R1 list plain", lambda ws: ws.list_bookmarks_v2(), "GET", f"{S}/bookmarks", {"v": "2"}, None, [B]),
    ("R3 get", lambda ws: ws.get_bookmark(7), "GET", f"{S}/bookmarks/7", {"v": "2"}, None, B),
    (
        "R4 update",
        lambda ws: ws.update_bookmark(7, mp.UpdateBookmarkParams(name="N", description="D")),
        "PATCH",
        f"{S}/bookmarks/7",
        {},
        {"name": "N", "description": "D", "v": 2},
        B,
    ),
    (
        "R6 bulk delete",
        lambda ws: ws.bulk_delete_bookmarks([7], confirm=True),
        "POST",
        f"{S}/bookmarks/bulk-delete",
        {},
        {"bookmark_ids": [7]},
        {"status": "ok"},
    ),
    (
        "R7 bulk update",
        lambda ws: ws.bulk_update_bookmarks(
            [mp.BulkUpdateBookmarkEntry(id=7, name="X"), mp.BulkUpdateBookmarkEntry(id=8, description="d")]
        ),
        "POST",
        f"{S}/bookmarks/bulk-update",
        {},
        {"bookmarks": [{"id": 7, "name": "X"}, {"id": 8, "description": "d"}]},
        {"status": "ok"},
    ),
    (
        "R8 linked",
        lambda ws: ws.bookmark_linked_dashboard_ids(7),
        "GET",
        f"{S}/bookmarks/7/linked-dashboard-ids",
        {},
        None,
        [3, 4],
    ),
    (
        "R9 history",
        lambda ws: ws.get_bookmark_history(7, cursor="abc", page_size=10),
        "GET",
        f"{S}/bookmarks/7/history",
        {"cursor": "abc", "page_size": "10"},
        None,
        {
            "results": [{"action": "created"}],
            "pagination": {"page_size": 10, "next_cursor": "n", "previous_cursor": None},
        },
    ),
]


@pytest.mark.parametrize(("name", "call", "method", "url", "query", "body", "answer"), CASES, ids=[c[0] for c in CASES])
def test_request_shape(
    name: str,
    call: Callable[[mp.Workspace], Any],
    method: str,
    url: str,
    query: dict[str, str],
    body: Any,
    answer: Any,
) -> None:
    with respx.mock(assert_all_called=False) as router:
        # reads used by the delete path's backup
        router.get(f"{S}/bookmarks").mock(return_value=ok([B]))
        route = router.route(method=method, url=url).mock(return_value=ok(answer))
        mock_delete_reads(router, "reports")
        call(real_ws())
    assert route.called
    req = route.calls.last.request
    assert dict(req.url.params) == query
    assert body_of(req) == body
    assert req.headers["Authorization"].startswith("Basic ")


def test_create_posts_then_places_on_the_board() -> None:
    with respx.mock() as router:
        post = router.post(f"{S}/bookmarks").mock(return_value=ok(dict(B, id=42, dashboard_id=99)))
        patch = router.patch(f"{S}/dashboards/99").mock(return_value=ok({"id": 99, "title": "D"}))
        made = real_ws().create_bookmark(
            mp.CreateBookmarkParams(name="R", type="insights", params={"a": 1}, dashboard_id=99)
        )
    assert made.id == 42
    assert body_of(post.calls.last.request) == {
        "name": "R",
        "type": "insights",
        "params": {"a": 1},
        "dashboard_id": 99,
        "v": 2,
    }
    assert body_of(patch.calls.last.request) == {
        "content": {
            "action": "create",
            "content_type": "report",
            "content_params": {"source_bookmark_id": 42},
        }
    }


def test_create_without_dashboard_sends_nothing() -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="dashboard_id"):
        real_ws().create_bookmark(mp.CreateBookmarkParams(name="R", type="insights", params={}))
    assert not router.calls


def test_delete_backs_up_then_deletes(tmp_path: Any) -> None:
    with respx.mock() as router:
        listing = router.get(f"{S}/bookmarks").mock(return_value=ok([B]))
        delete = router.delete(f"{S}/bookmarks/7").mock(return_value=ok({}))
        mock_delete_reads(router, "reports")
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_bookmark(7)
    assert dict(listing.calls.last.request.url.params) == {"v": "2", "ids": "7"}
    assert delete.called
    backup = ws.backups.latest("reports")
    assert backup is not None and backup.records[0]["name"] == "R"


def test_list_accepts_nested_envelope() -> None:
    with respx.mock() as router:
        router.get(f"{S}/bookmarks").mock(return_value=httpx.Response(200, json={"results": {"results": [B]}}))
        assert [b.id for b in real_ws().list_bookmarks_v2()] == [7]


def test_live_capture_parses() -> None:
    """The spec-015 live capture (catalog §13.3) parses into Bookmark."""
    live = {
        "results": [
            {
                "id": 63877017,
                "name": "Monthly Recurring Revenue",
                "type": "insights",
                "project_id": 3409416,
                "workspace_id": None,
                "dashboard_id": None,
                "created": "2024-09-18T16:39:49",
                "modified": "2025-08-26T05:16:50",
                "creator_id": 12345,
                "creator_name": "John Doe",
                "description": "...",
            }
        ]
    }
    with respx.mock() as router:
        router.get(f"{S}/bookmarks").mock(return_value=httpx.Response(200, json=live))
        (b,) = real_ws().list_bookmarks_v2()
    assert b.bookmark_type == "insights" and b.created is not None and b.created.tzinfo is None
    assert b.model_extra == {"workspace_id": None}


def test_history_missing_pagination_reads_as_last_page() -> None:
    with respx.mock() as router:
        router.get(f"{S}/bookmarks/7/history").mock(return_value=ok({"results": [{"a": 1}]}))
        page = real_ws().get_bookmark_history(7)
    assert page.data == [{"a": 1}] and not page.pagination.has_more and page.pagination.cursor is None


@pytest.mark.parametrize("bad", ["7", 7.5, None, True, -1])
def test_wrong_id_types_are_refused_before_sending(bad: Any) -> None:
    with respx.mock() as router:
        if bad == "7":
            router.get(f"{S}/bookmarks/7").mock(return_value=ok(B))
            assert real_ws().get_bookmark(bad).id == 7  # a digit string is accepted as the id
            return
        with pytest.raises(mp.InputError, match="bookmark_id"):
            real_ws().get_bookmark(bad)
    assert not router.calls


def test_unknown_params_field_names_the_closest() -> None:
    with pytest.raises(ValueError, match="did you mean 'description'"):
        mp.UpdateBookmarkParams(descripton="x")  # type: ignore[call-arg]
