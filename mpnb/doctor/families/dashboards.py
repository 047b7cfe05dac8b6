"""Boards: the list has no cards, a board's ``contents`` shape, ERF; scratch: a board with a text card, and
the questions of what a board's delete and a card's removal take with them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, Verdict, check, not_tested
from mpnb.doctor._scratch import MISSING_INT, described, new_report
from mpnb.doctor._shapes import keys_of, payload
from mpnb.entities.dashboards import (
    CreateDashboardParams,
    DashboardRow,
    DashboardRowContent,
    UpdateDashboardParams,
    UpdateReportLinkParams,
)

Probe = Callable[[str, Callable[[], Any]], Any]


def _list_and_board(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    carded = sum(1 for r in records if "contents" in r or "layout" in r)
    out = [
        check(
            "AU-d",
            "the board list carries no cards (contents and layout come with the single read)",
            not carded if records else None,
            f"{carded} of {len(records)} listed boards carry contents or layout" if records else "no boards",
        )
    ]
    claim = 'a board\'s contents are {"report": {id: report}, "text": {id: card}}'
    if not records:
        return [
            *out,
            not_tested("D-c", claim, "no boards"),
            not_tested("D-k", "the ERF answer is an object", "no boards"),
        ]
    board = probe("get_dashboard", lambda: ws.get_dashboard(records[0]["id"]))
    board = payload(board)
    contents = board.get("contents") if isinstance(board, dict) else None
    maps = isinstance(contents, dict) and "report" in contents and all(isinstance(v, dict) for v in contents.values())
    out.append(check("D-c", claim, maps, f"a listed board's contents: {keys_of(contents)}"))
    erf = payload(probe("get_dashboard_erf", lambda: ws.get_dashboard_erf(dashboard_id=records[0]["id"])))
    out.append(check("D-k", "the ERF answer of a board is an object", isinstance(erf, dict), f"{keys_of(erf)}"))
    return out


def _create(cycle: Cycle, what: str = "board", *, main: bool = True) -> Any:
    card = DashboardRowContent(content_type="text", content_params={"markdown": "<p>mpnb doctor scratch card</p>"})
    params = CreateDashboardParams(
        title=cycle.name(what), description="mpnb doctor", rows=[DashboardRow(contents=[card])]
    )
    return cycle.create("dashboards", params.title, lambda: cycle.ws.create_dashboard(params).id, main=main)


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    cycle.ws.update_dashboard(eid, UpdateDashboardParams(description=value))


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_dashboard(eid)


def _placed(cycle: Cycle) -> list[Verdict]:
    """D-b: the report created on its own board sits there itself, not as a copy."""
    board, report = cycle.first("dashboards"), cycle.first("reports")
    claim = "adding a report to the board it is saved to places the report itself, not a copy"
    if str(report) in cycle.uncertain:
        return [not_tested("D-b", claim, "the scratch report's create or placement answer was lost")]
    ids = cycle.again(lambda: cycle.ws.get_dashboard(board)).report_ids
    seen = "the report's own id is on the board" if report in ids else f"{len(ids)} report cards, none its own id"
    return [check("D-b", claim, report in ids, seen)]


def _card_removed(cycle: Cycle) -> list[Verdict]:
    """D-d: taking a report's card off its own board deletes the report."""
    board = cycle.first("dashboards")
    rid = new_report(cycle, "report-unplaced", board)
    cycle.maybe(lambda: cycle.ws.remove_report_from_dashboard(board, rid))
    gone = cycle.gone("reports", rid)
    seen = "the report is gone from the list" if gone else "the report is still listed"
    return [check("D-d", "removing a report's card from the board it is saved to deletes the report", gone, seen)]


def _gone(gone: bool) -> str:
    return "gone" if gone else "still listed"


def _board_deleted(cycle: Cycle) -> list[Verdict]:
    """D-e, B-e, D-l and D-c on scratch: a second board's report, linked onto the first, then the second's delete."""
    ws, first = cycle.ws, cycle.first("dashboards")
    second = _create(cycle, "board-second", main=False)
    saved = new_report(cycle, "report-second", second)
    before = set(cycle.again(lambda: ws.get_dashboard(first)).report_ids)
    for _ in range(3):  # adding a card is not idempotent: after a lost answer, look before adding again
        cycle.maybe(lambda: ws.add_report_to_dashboard(first, saved))
        board = cycle.again(lambda: ws.get_dashboard(first))
        copies = [c for c in board.report_ids if c not in before]
        if copies:
            break
    cards = (board.contents or {}).get("report") or {} if isinstance(board.contents, dict) else {}
    sources = [cards.get(str(c), {}).get("source_bookmark_id") for c in copies]
    named = sum(s == saved for s in sources)
    text_cards = (board.contents or {}).get("text") if isinstance(board.contents, dict) else None
    out = [
        check(
            "D-c",
            'a board\'s contents are {"report": {id: report}, "text": {id: card}}; a linked copy names its '
            "report as source_bookmark_id",
            bool(copies) and all(s == saved for s in sources) and isinstance(text_cards, dict) and bool(text_cards),
            f"{len(copies)} new card(s) on the other board, source_bookmark_id set on {named}; "
            f"the scratch text card {'under text' if text_cards else 'not under text'}",
        )
    ]
    if copies:
        cycle.again(lambda: ws.update_report_link(first, copies[0], UpdateReportLinkParams(link_type="embedded")))
        out.append(check("D-l", "a report link update takes the report card's id", True, "accepted"))
    cycle.delete("dashboards", second, _delete)
    left = cycle.records("reports", [saved, *copies])
    saved_gone = all(r.get("id") != saved for r in left)
    copies_gone = not [r for r in left if r.get("id") in copies]
    seen = f"saved report {_gone(saved_gone)}; linked copy {_gone(copies_gone)}"
    out.append(
        check(
            "D-e",
            "deleting a board deletes its saved reports and their linked copies",
            saved_gone and copies_gone,
            seen,
        )
    )
    out.append(
        check(
            "B-e",
            "a board's delete also deletes linked copies of its reports on other boards",
            copies_gone if copies else None,
            seen,
        )
    )
    return out


DOCTOR = FamilyDoctor(
    family="dashboards",
    missing=lambda ws: ws.get_dashboard(MISSING_INT),
    reads=(_list_and_board,),
    scratch=Scratch(
        create=_create,
        edit="description",
        value=described,
        update=_update,
        delete=_delete,
        questions=(_placed, _card_removed, _board_deleted),
        items=("D-b", "D-d", "D-e", "B-e", "D-l"),
        what="a board with a text card (and a second board, for what a board's delete takes with it)",
    ),
    items=("AU-d", "D-c", "D-k"),
)
