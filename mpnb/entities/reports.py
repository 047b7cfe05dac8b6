"""Reports (Mixpanel's bookmarks): models, endpoint table and ``ReportsMethods``.

>>> reports = ws.list_bookmarks_v2(bookmark_type="insights")
>>> ws.bulk_update_bookmarks([mp.BulkUpdateBookmarkEntry(id=reports[0].id, name="Renamed")])
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field

from mpnb._http import Op, results_of
from mpnb._models import InputModel, ResponseModel, Timestamp, body_of, parse_list, parse_model
from mpnb._paging import CursorPage, check_page_size
from mpnb.entities._base import FamilyBase, check_int_id, check_int_ids
from mpnb.entities._bookmarks import LINKED_BOARDS, LIST_BOOKMARKS, place_report, raw_bookmarks
from mpnb.entities._family import Family, Reference
from mpnb.entities._lexicon_refs import in_report_params
from mpnb.errors import InputError, MpnbError, PartialSuccessError

__all__ = [
    "Bookmark",
    "BookmarkHistoryResponse",
    "BookmarkMetadata",
    "BookmarkType",
    "BulkUpdateBookmarkEntry",
    "CreateBookmarkParams",
    "ReportsMethods",
    "UpdateBookmarkParams",
]

BookmarkType = Literal["insights", "funnels", "retention", "flows", "user"]
ListBookmarkType = Literal["insights", "funnels", "retention", "flows", "launch-analysis", "user"]
_LIST_TYPES = ("insights", "funnels", "retention", "flows", "launch-analysis", "user")


class BookmarkMetadata(ResponseModel):
    """Display settings Mixpanel keeps with a report (table mode, comparison, funnel window...)."""

    table_display_mode: str | None = None
    compare_enabled: bool | None = None
    compare_filters: list[Any] | None = None
    retention_calculation_type: str | None = None
    event_name: str | None = None
    funnel_conversion_window: int | None = None
    funnel_breakdown_limit: int | None = None


class Bookmark(ResponseModel):
    """A report (Mixpanel calls them bookmarks) as Mixpanel returns it. ``bookmark_type`` is the report kind
    (``insights``, ``funnels``, ``retention``, ``flows``, ...; ``type`` on the wire) and ``params`` its
    query, as the UI saves it. ``dashboard_id`` is set when the report was saved to a board.
    """

    id: int
    project_id: int | None = None
    name: str
    bookmark_type: str = Field(alias="type")
    description: str | None = None
    icon: str | None = None
    params: dict[str, Any] | None = None
    dashboard_id: int | None = None
    include_in_dashboard: bool | None = None
    is_default: bool | None = None
    creator_id: int | None = None
    creator_name: str | None = None
    creator_email: str | None = None
    created: Timestamp | None = None
    modified: Timestamp | None = None
    last_modified_by_id: int | None = None
    last_modified_by_name: str | None = None
    last_modified_by_email: str | None = None
    metadata: BookmarkMetadata | None = None
    is_visibility_restricted: bool | None = None
    is_modification_restricted: bool | None = None
    can_update_basic: bool | None = None
    can_view: bool | None = None
    can_share: bool | None = None
    generation_type: str | None = None
    original_type: str | None = None
    unique_view_count: int | None = None
    total_view_count: int | None = None


class CreateBookmarkParams(InputModel):
    """A new report: ``name``, ``bookmark_type`` (``"insights"``, ``"funnels"``, ``"retention"``, ``"flows"``
    or ``"user"``; sent as ``type``) and ``params``, the query as Mixpanel's UI saves it. Pass
    ``dashboard_id`` to save it to a board. An unknown field is refused before sending, naming the closest one.
    """

    name: str = Field(min_length=1, max_length=255)
    """The report's name (required, non-empty)."""
    bookmark_type: BookmarkType = Field(alias="type")
    """``"insights"``, ``"funnels"``, ``"retention"``, ``"flows"`` or ``"user"``; sent as ``type``."""
    params: dict[str, Any]
    """The report's query as a JSON object, as Mixpanel's UI saves it."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    icon: str | None = None
    """Icon name shown next to the report."""
    dashboard_id: int | None = None
    """The board to save the report to: required, Mixpanel saves every report to a board."""
    is_visibility_restricted: bool | None = None
    """Only people it is shared with can see it."""
    is_modification_restricted: bool | None = None
    """Only people it is shared with can edit it."""


class UpdateBookmarkParams(InputModel):
    """The fields to change; unset ones stay as they are (an empty update is refused before sending)."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    """Display name (required, non-empty)."""
    params: dict[str, Any] | None = None
    """The report's query as a JSON object, as Mixpanel's UI saves it."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    icon: str | None = None
    """Icon name shown next to the report."""
    dashboard_id: int | None = None
    """Move the report to another board."""
    is_visibility_restricted: bool | None = None
    """Only people it is shared with can see it."""
    is_modification_restricted: bool | None = None
    """Only people it is shared with can edit it."""
    deleted: bool | None = None
    """Mark as deleted (prefer the delete calls, which write a backup)."""


class BulkUpdateBookmarkEntry(InputModel):
    """One report of ``bulk_update_bookmarks``: its ``id`` plus the fields to change."""

    id: int
    """Id of the report to change."""
    name: str | None = Field(default=None, min_length=1, max_length=255)
    """Display name (required, non-empty)."""
    params: dict[str, Any] | None = None
    """The report's query as a JSON object, as Mixpanel's UI saves it."""
    description: str | None = None
    """Free-text description shown in Mixpanel."""
    icon: str | None = None
    """Icon name shown next to the report."""
    is_visibility_restricted: bool | None = None
    """Only people it is shared with can see it."""
    is_modification_restricted: bool | None = None
    """Only people it is shared with can edit it."""


class BookmarkHistoryResponse(CursorPage[Any]):
    """A page of a report's change history: ``.data``, ``.pagination.has_more``, ``.pagination.cursor``."""


class OPS:
    LIST = LIST_BOOKMARKS
    CREATE = Op("create_bookmark", "POST", "bookmarks")
    GET = Op("get_bookmark", "GET", "bookmarks/{id}")
    UPDATE = Op("update_bookmark", "PATCH", "bookmarks/{id}")
    DELETE = Op("delete_bookmark", "DELETE", "bookmarks/{id}")
    BULK_DELETE = Op("bulk_delete_bookmarks", "POST", "bookmarks/bulk-delete", idempotent=True)
    BULK_UPDATE = Op("bulk_update_bookmarks", "POST", "bookmarks/bulk-update", idempotent=True)
    LINKED = LINKED_BOARDS
    HISTORY = Op("get_bookmark_history", "GET", "bookmarks/{id}/history")


def _bookmark(data: Any, what: str) -> Bookmark:
    return parse_model(Bookmark, data, what=what)


FAMILY = Family(
    name="reports",
    singular="report",
    words=("bookmarks",),
    model=Bookmark,
    ops=OPS,
    list_all={"v": 2},
    ids_param="ids",
    natural_key=("name", "dashboard_id"),
    content=("type", "params"),
    write=lambda http, rid, changes, current: http.call(OPS.UPDATE, path={"id": rid}, json_body=dict(changes, v=2)),
    references=(
        Reference.at("dashboard_id", "dashboards", "saved to the board", on_delete="cascade"),
        Reference.inside("params", "cohort_id", "cohorts", "filters by the cohort"),
        *in_report_params(),  # the events, properties and custom ones its query names ("where used")
    ),
    bulk_update_key="bookmarks",
    bulk_delete_key="bookmark_ids",
)


class ReportsMethods(FamilyBase):
    """Reports: list and filter, create on a board, edit one or many, history, delete with backup."""

    FAMILY: ClassVar[Family] = FAMILY

    def _raw_bookmarks(self, ids: list[int] | None = None, bookmark_type: str | None = None) -> list[dict[str, Any]]:
        return raw_bookmarks(self._http, ids, bookmark_type)

    def list_bookmarks_v2(
        self, *, bookmark_type: ListBookmarkType | None = None, ids: list[int] | None = None
    ) -> list[Bookmark]:
        """List reports, optionally of one type or with the given ids."""
        if bookmark_type is not None and bookmark_type not in _LIST_TYPES:
            raise InputError(
                f"bookmark_type must be one of {', '.join(_LIST_TYPES)}; got {bookmark_type!r}",
                field="bookmark_type",
            )
        return parse_list(Bookmark, self._raw_bookmarks(ids, bookmark_type), what="list_bookmarks_v2")

    def create_bookmark(self, params: CreateBookmarkParams) -> Bookmark:
        """Create a report saved to ``params.dashboard_id`` and place it on that board's layout.

        Mixpanel needs the board: without ``dashboard_id`` nothing is sent.
        """
        if params.dashboard_id is None:
            raise InputError(
                "CreateBookmarkParams.dashboard_id is required: Mixpanel saves every report to a board "
                "(create one with ws.create_dashboard(...) or pick one from ws.list_dashboards())",
                field="dashboard_id",
            )
        body = body_of(params, v=2)
        data = self._http.call(OPS.CREATE, json_body=body, natural_key=params.name)
        created = _bookmark(data, "create_bookmark")
        try:
            place_report(self._http, params.dashboard_id, created.id)
        except MpnbError as exc:
            raise PartialSuccessError(
                f"report {created.id} ({created.name!r}) was created and saved to dashboard {params.dashboard_id}, "
                f"but placing it on that board's layout failed ({exc}); do not create it again: retry with "
                f"ws.add_report_to_dashboard({params.dashboard_id}, {created.id}) once you have checked the board",
                created=created,
                failed="board placement",
                cause=exc,
            ) from exc
        return created

    def get_bookmark(self, bookmark_id: int) -> Bookmark:
        """One report by id, with its ``params``.

        ``mp.NotFoundError`` when no report has that id in this project or workspace; ``mp.InputError`` before
        any request when the id is not a positive integer.
        """
        bid = check_int_id(bookmark_id, "bookmark_id")
        return _bookmark(self._http.call(OPS.GET, path={"id": bid}, params={"v": 2}), "get_bookmark")

    def update_bookmark(self, bookmark_id: int, params: UpdateBookmarkParams) -> Bookmark:
        """PATCH the fields set in ``params``."""
        bid = check_int_id(bookmark_id, "bookmark_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateBookmarkParams sets no field; nothing to update", field="params")
        if body.get("deleted") is True:
            raise InputError("use ws.delete_bookmark(id) to delete a report (it is backed up first)", field="deleted")
        return _bookmark(FAMILY.send_write(self._http, bid, body), "update_bookmark")

    def delete_bookmark(self, bookmark_id: int) -> None:
        """Delete a report, after backing it up."""
        bid = check_int_id(bookmark_id, "bookmark_id")
        records = self._raw_bookmarks([bid])
        self._delete(
            "reports",
            [bid],
            records,
            lambda: self._http.call(OPS.DELETE, path={"id": bid}),
            still_there=lambda: self._raw_bookmarks([bid]),
        )

    def bulk_delete_bookmarks(self, ids: list[int], *, confirm: bool = False) -> None:
        """Delete several reports in one request, after one backup of all of them.

        Against real Mixpanel this refuses to run (``mp.InputError`` naming ``confirm``) unless you pass
        ``confirm=True``; on the sandbox it runs without.
        """
        idl = check_int_ids(ids, "ids")
        self._require_confirm(f"bulk_delete_bookmarks({len(idl)} reports)", confirm)
        records = self._raw_bookmarks(idl)
        self._delete(
            "reports",
            idl,
            records,
            lambda: self._bulk(OPS.BULK_DELETE, "bookmark_ids", idl),
            still_there=lambda: self._raw_bookmarks(idl),
        )

    def bulk_update_bookmarks(self, entries: list[BulkUpdateBookmarkEntry]) -> None:
        """Update several reports in one request; each entry carries only the fields it changes."""
        if not isinstance(entries, list) or not entries:
            raise InputError("entries must be a non-empty list of mp.BulkUpdateBookmarkEntry", field="entries")
        body = []
        for i, e in enumerate(entries):
            if not isinstance(e, BulkUpdateBookmarkEntry):
                raise InputError(
                    f"entries[{i}] must be a BulkUpdateBookmarkEntry, got {type(e).__name__}",
                    field=f"entries[{i}]",
                )
            body.append(body_of(e))
        self._bulk(OPS.BULK_UPDATE, "bookmarks", body)

    def bookmark_linked_dashboard_ids(self, bookmark_id: int) -> list[int]:
        """Ids of the boards that show this report."""
        bid = check_int_id(bookmark_id, "bookmark_id")
        data = self._http.call(OPS.LINKED, path={"id": bid})
        data = results_of(data, "bookmark_linked_dashboard_ids")
        return [int(x) for x in data]

    def get_bookmark_history(
        self, bookmark_id: int, *, cursor: str | None = None, page_size: int | None = None
    ) -> BookmarkHistoryResponse:
        """One page of a report's change history, newest first."""
        bid = check_int_id(bookmark_id, "bookmark_id")
        page_size = check_page_size(page_size)
        data = self._http.call(
            OPS.HISTORY, path={"id": bid}, params={"cursor": cursor, "page_size": page_size}, raw=True
        )
        inner = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(inner, list):
            inner = {"results": inner}
        page = parse_model(BookmarkHistoryResponse, inner, what="get_bookmark_history")
        return page.with_next(lambda c: self.get_bookmark_history(bid, cursor=c, page_size=page_size))

    def iter_bookmark_history(self, bookmark_id: int, *, page_size: int = 50) -> Iterator[Any]:
        """Every history entry of a report, fetching page after page."""
        yield from self.get_bookmark_history(bookmark_id, page_size=page_size).iter_items()
