"""Reports: view counts without a last-viewed time, the history's shape and paging; scratch: a report on the
scratch board, whether a bulk update is all-or-nothing, whether a restored report comes back on its board."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, Verdict, check, not_tested
from mpnb.doctor._scratch import MISSING_INT, described, new_report
from mpnb.doctor._shapes import keys_of, payload
from mpnb.entities.reports import BulkUpdateBookmarkEntry, UpdateBookmarkParams
from mpnb.errors import APIError

Probe = Callable[[str, Callable[[], Any]], Any]
_HISTORY_KEYS = {"action", "timestamp", "user", "changes"}
_LAST_VIEW = re.compile(r"(last|recent)_?view|viewed", re.I)


def _views_and_history(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    fields = {k for r in records for k in r}
    viewed = sorted(k for k in fields if _LAST_VIEW.search(k))
    counted = {"unique_view_count", "total_view_count"} <= fields
    out = [
        check(
            "AU-a",
            "the report list has view counts but no last-viewed time",
            (counted and not viewed) if records else None,
            f"view counts {'present' if counted else 'absent'}; last-viewed fields: {viewed or 'none'}"
            if records
            else "no reports",
        )
    ]
    claim = "report history entries carry action, timestamp, user, changes; the page has a cursor"
    if not records:
        return [*out, not_tested("D-j", claim, "no reports")]
    page = payload(
        probe("get_bookmark_history", lambda: ws.get_bookmark_history(bookmark_id=records[0]["id"], page_size=1))
    )
    entries = page.get("results") if isinstance(page, dict) else None
    if not isinstance(entries, list) or not entries:
        return [*out, not_tested("D-j", claim, f"the first report's history: {keys_of(page)}")]
    keys = {k for e in entries if isinstance(e, dict) for k in e}
    paging = keys_of(page.get("pagination"))
    holds = "action" in keys and keys <= _HISTORY_KEYS | {"id"} and isinstance(page.get("pagination"), dict)
    return [*out, check("D-j", claim, holds, f"entry keys {sorted(keys)}; pagination {paging}")]


def _create(cycle: Cycle) -> Any:
    return new_report(cycle, "report", cycle.first("dashboards"), main=True)


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    cycle.ws.update_bookmark(eid, UpdateBookmarkParams(description=value))


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_bookmark(eid)


def _all_or_nothing(cycle: Cycle) -> list[Verdict]:
    """D-f: a bulk update naming one unknown id (a scratch report just deleted) rejects the whole batch."""
    ws, report = cycle.ws, cycle.first("reports")
    gone = new_report(cycle, "report-deleted", cycle.first("dashboards"))
    cycle.delete("reports", gone, _delete)
    probe = f"bulk probe of mpnb doctor run {cycle.run_id}"
    entries = [
        BulkUpdateBookmarkEntry(id=report, description=probe),
        BulkUpdateBookmarkEntry(id=gone, description=probe),
    ]
    try:
        cycle.again(lambda: ws.bulk_update_bookmarks(entries))
        rejected = "accepted"
    except APIError as exc:
        rejected = f"refused (HTTP {exc.status})"
    known = cycle.records("reports", [report])
    changed = bool(known) and known[0].get("description") == probe
    seen = f"the batch was {rejected}; the known report {'changed' if changed else 'did not change'}"
    return [
        check(
            "D-f",
            "a bulk update naming an unknown id is refused as a whole",
            "refused" in rejected and not changed,
            seen,
        )
    ]


def _back_on_board(cycle: Cycle, new_id: Any) -> list[Verdict]:
    """B-b: a restored report's card is back on its board."""
    ids = cycle.again(lambda: cycle.ws.get_dashboard(cycle.first("dashboards"))).report_ids
    seen = "its card is on the board" if new_id in ids else f"not among the board's {len(ids)} report cards"
    return [
        check(
            "B-b",
            "a restored report comes back on its board (created with dashboard_id, then placed)",
            new_id in ids,
            seen,
        )
    ]


DOCTOR = FamilyDoctor(
    family="reports",
    missing=lambda ws: ws.get_bookmark(MISSING_INT),
    reads=(_views_and_history,),
    scratch=Scratch(
        needs=("dashboards",),
        create=_create,
        edit="description",
        value=described,
        update=_update,
        delete=_delete,
        questions=(_all_or_nothing,),
        after_restore=_back_on_board,
        items=("D-f", "B-b"),
        what="an insights report saved to the scratch board (and three more, for the questions)",
    ),
    items=("AU-a", "D-j"),
)
