"""Demo data of the sandbox's reports: deterministic, realistically messy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mpnb.sandbox.routes import dashboards_model as boards
from mpnb.sandbox.routes.reports_model import H, make_bookmark
from mpnb.sandbox.seed import Seeder
from mpnb.sandbox.seed.dashboards import OLD_BOARD

__all__ = ["AFTER", "seed"]

AFTER = ("dashboards",)  # boards to put the reports on; then the shared random stream

EVENTS = [
    "Sign Up",
    "Login",
    "Page View",
    "Add to Cart",
    "Checkout",
    "Purchase",
    "Search",
    "Share",
    "Invite Sent",
    "Subscription Started",
    "Subscription Cancelled",
    "App Open",
    "Video Played",
]
NAMES = {
    "insights": ["Daily {e}", "Weekly {e} by Country", "{e} Trend", "{e} by Platform", "Monthly {e}"],
    "funnels": ["{e} Funnel", "{e} to Purchase", "Activation: {e}"],
    "retention": ["{e} Retention", "Weekly Retention after {e}"],
    "flows": ["Paths after {e}", "Flows into {e}"],
}


def _params(s: Seeder, kind: str, event: str) -> dict[str, Any]:
    metric = {
        "type": "metric",
        "behavior": {"type": "event", "name": event},
        "math": s.rng.choice(["total", "unique"]),
    }
    time = [{"unit": s.rng.choice(["day", "week"]), "window": {"unit": "day", "value": s.rng.choice([7, 30, 90])}}]
    if kind == "funnels":
        steps = [{"type": "metric", "behavior": {"type": "event", "name": e}} for e in (event, "Checkout", "Purchase")]
        return {"displayOptions": {"chartType": "funnel-steps"}, "sections": {"show": steps, "time": time}}
    if kind == "retention":
        return {
            "displayOptions": {"chartType": "retention-curve"},
            "sections": {"show": [metric], "time": time},
        }
    if kind == "flows":
        return {"displayOptions": {"chartType": "sankey"}, "sections": {"show": [metric], "time": time}}
    return {
        "displayOptions": {"chartType": s.rng.choice(["line", "bar", "table"])},
        "sections": {"show": [metric], "time": time, "group": []},
    }


def _old_board(s: Seeder, homes: list[int]) -> tuple[int, int] | None:
    """The past quarter's board (id, days since its last change), when it is one of several boards with reports."""
    for bid in homes if len(homes) > 1 else []:
        d = s.store.table(boards.T)[str(bid)]
        if d["title"] == OLD_BOARD:
            return bid, (s.today - datetime.fromisoformat(d["modified"])).days
    return None


def seed(s: Seeder) -> None:
    """Messy on purpose: untitled, stale, duplicated (once twice on one board), undocumented, on several
    boards, on none, and a past quarter's board whose reports nobody edits or opens any more.

    Every override comes after the random draws of its report, so the rest of the data stays as it was.
    """
    store = s.store
    board_ids = [int(k) for k in store.table(boards.T)]
    if not board_ids:
        return
    empty = set(board_ids[-max(1, len(board_ids) // 10) :])  # the last boards stay empty
    homes = [b for b in board_ids if b not in empty] or board_ids
    old = _old_board(s, homes)
    twice_on_one_board = False
    kinds = ["insights"] * 5 + ["funnels"] * 2 + ["retention", "flows"]
    made: list[dict[str, Any]] = []
    history = store.table(H)
    for i in range(s.size):
        roll = s.rng.random()
        if made and roll < 0.08:  # an exact duplicate of an earlier report
            src = s.rng.choice(made)
            kind, name, params = src["type"], src["name"], src["params"]
        else:
            kind = s.rng.choice(kinds)
            event = s.rng.choice(EVENTS)
            name = s.rng.choice(NAMES[kind]).format(e=event)
            if roll > 0.9:
                name = "Untitled report" if roll > 0.95 else "Untitled"
            params = _params(s, kind, event)
        home = s.rng.choice(homes)
        if made and roll < 0.08 and not twice_on_one_board:  # the first copy lands on its original's board
            home, twice_on_one_board = int(src["dashboard_id"]), True
        age = s.rng.randint(1, 1000)
        stale = s.rng.random() < 0.3
        b = make_bookmark(
            s.ctx,
            name=name,
            kind=kind,
            params=params,
            dashboard_id=home,
            description=None if s.rng.random() < 0.45 else f"Tracks {name.lower()}",
        )
        history.pop(str(b["id"]), None)  # seeded history is derived from created/modified
        b.update(s.creator_fields())
        b["project_id"] = s.config.project_id
        b["created"] = s.days_ago(age)
        b["modified"] = s.days_ago(age if stale else s.rng.randint(0, age))
        b["last_modified_by_id"], b["last_modified_by_name"], b["last_modified_by_email"] = s.person()
        b["unique_view_count"] = 0 if stale else s.rng.randint(0, 300)
        b["total_view_count"] = b["unique_view_count"] * s.rng.randint(1, 5)
        if old is not None and home == old[0]:  # made in that quarter, last touched then, opened a few times
            age = old[1] + age % 20
            b["created"] = s.days_ago(age)
            b["modified"] = s.days_ago(age - i % 5)
            b["unique_view_count"] = i % 6
            b["total_view_count"] = b["unique_view_count"] * (1 + i % 3)
        boards.add_row(s.ctx, store.table(boards.T)[str(home)], [("report", b["id"])])
        made.append(b)
        if i < 40:  # a few reports with a long edit history, to page through
            entries = [
                {
                    "id": 1,
                    "action": "created",
                    "timestamp": b["created"],
                    "user": {"id": b["creator_id"], "name": b["creator_name"]},
                    "changes": {},
                }
            ]
            for n in range(s.rng.randint(1, 35)):
                entries.append(
                    {
                        "id": n + 2,
                        "action": "updated",
                        "timestamp": s.days_ago(max(0, age - n - 1)),
                        "user": {"id": b["last_modified_by_id"], "name": b["last_modified_by_name"]},
                        "changes": {"description": {"before": None, "after": b["description"]}},
                    }
                )
            history[str(b["id"])] = {"entries": entries}
    # some reports also shown on a second board, as linked copies
    for b in made[: max(1, len(made) // 20)]:
        other = s.rng.choice(board_ids)
        if old is not None and other == old[0]:  # nobody adds cards to the past quarter's board
            other = next((h for h in homes if h not in (old[0], b["dashboard_id"])), other)
        if other != b["dashboard_id"] and other not in empty:
            copy = boards.linked_copy(s.ctx, b, other)
            history.pop(str(copy["id"]), None)
            copy["created"] = copy["modified"] = b["modified"]
            copy["project_id"] = s.config.project_id
            boards.add_row(s.ctx, store.table(boards.T)[str(other)], [("report", copy["id"])])
