"""The review queue's rows: one per entity an audit or a plan proposes to delete, with who, where and why.

Each row carries the proposal's own safe default (``default``: ``keep`` or ``delete``; ``keep_reason``) when
the findings have those columns, and otherwise ``delete`` only for what the proposal itself says to delete
or archive; findings that only ask for a review default to ``keep``. An entity named by several findings
is one row: its reasons are listed, and one "keep" among them keeps it by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AGE_BUCKETS", "COLUMNS", "GROUPS", "age_bucket", "from_findings", "from_plan"]

COLUMNS = ["family", "id", "name", "reason", "reasons", "default", "keep_reason", "board", "owner", "age_days", "views"]
GROUPS = {"reason": "reason", "board": "board", "owner": "owner", "age": "age"}
AGE_BUCKETS = ((30, "under 30 days"), (90, "30 to 90 days"), (365, "90 days to a year"), (730, "1 to 2 years"))
_DELETING = ("delete", "archive")


def age_bucket(days: Any) -> str:
    """30 -> "30 to 90 days"; a missing age -> "age unknown"."""
    try:
        n = int(days)
    except (TypeError, ValueError):
        return "age unknown"
    for limit, label in AGE_BUCKETS:
        if n < limit:
            return label
    return "over 2 years"


def _is_board(family: str) -> bool:
    """Is an entity of ``family`` itself a board (its registry entry says people call them boards)?"""
    from mpnb._families import REGISTRY

    return family in REGISTRY and "boards" in REGISTRY.get(family).words


def _facts(frame: pd.DataFrame | None, family: str, rid: Any, evidence: Mapping[str, Any]) -> dict[str, Any]:
    """Board, owner, age and views of one entity: from its frame (read once), else from the finding's evidence."""
    import pandas as pd

    row: Mapping[str, Any] = {}
    if frame is not None and rid in frame.index:
        row = frame.loc[rid].to_dict()

    def pick(*names: str) -> Any:
        for source in (row, evidence):
            for name in names:
                value = source.get(name)
                if value is not None and not (not isinstance(value, (list, dict)) and pd.isna(value)):
                    return value
        return None

    board = rid if _is_board(family) else pick("dashboard_id")
    return {
        "name": pick("name", "title", "key"),
        "board": "" if board is None else str(board),
        "owner": str(pick("owner", "creator_name", "creator_email", "created_by") or ""),
        "age_days": pick("age_days"),
        "views": pick("total_view_count", "unique_view_count"),
    }


def from_findings(
    findings: pd.DataFrame, frames: Mapping[str, pd.DataFrame], *, include_review: bool = False
) -> pd.DataFrame:
    """The queue's rows from ``audit.findings`` (and each family's frame, for board, owner, age, views)."""
    import pandas as pd

    f = findings[findings["id"].notna()]
    if not include_review:
        wanted = f["action"].isin(_DELETING)
        if "default" in f.columns:  # a finding that states its own default is a proposal either way
            wanted |= f["default"].isin(["keep", "delete"])
        f = f[wanted]
    rows: dict[tuple[str, Any], dict[str, Any]] = {}
    for r in f.to_dict("records"):
        family, rid = str(r["family"]), r["id"]
        action = str(r.get("action") or "")
        stated = str(r.get("default") or "") if "default" in f.columns else ""
        default = stated if stated in ("keep", "delete") else ("delete" if action in _DELETING else "keep")
        why = r.get("keep_reason") if "keep_reason" in f.columns else None
        why = "" if why is None or (not isinstance(why, str) and pd.isna(why)) else str(why)
        if default == "keep" and not why and action not in _DELETING:
            why = "the audit only asks for a review"
        key = (family, rid)
        if key not in rows:
            evidence = r.get("evidence") if isinstance(r.get("evidence"), dict) else {}
            facts = _facts(frames.get(family), family, rid, evidence or {})
            facts["name"] = facts["name"] or r.get("name") or ""
            rows[key] = {"family": family, "id": rid, "reason": str(r["rule"]), "reasons": [], **facts}
            rows[key] |= {"default": default, "keep_reason": why}
        row = rows[key]
        row["reasons"].append(str(r["rule"]))
        if default == "keep" and row["default"] == "delete":  # one "keep" keeps it
            row["default"], row["keep_reason"], row["reason"] = "keep", why, str(r["rule"])
        elif default == "delete" and row["default"] == "keep" and not row["keep_reason"]:
            row["default"], row["reason"] = "delete", str(r["rule"])
    return _frame(list(rows.values()))


def from_plan(plan: Any, frame: pd.DataFrame | None) -> pd.DataFrame:
    """The queue's rows from a frames plan's deletes (each proposed by the plan: default delete)."""
    family = plan.family
    rows = []
    for d in plan.deletes:
        record = d.record if isinstance(d.record, dict) else {}
        facts = _facts(frame, family, d.id, record)
        reason = f"in the plan ({d.action})"
        rows.append({"family": family, "id": d.id, "reason": reason, "reasons": [reason], **facts})
        rows[-1] |= {"default": "delete", "keep_reason": ""}
    return _frame(rows)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    df: pd.DataFrame = pd.DataFrame(rows, columns=COLUMNS)
    df["reasons"] = [", ".join(dict.fromkeys(r)) if isinstance(r, list) else "" for r in df["reasons"]]
    df["age_days"] = pd.to_numeric(df["age_days"], errors="coerce").astype("Int64")
    df["views"] = pd.to_numeric(df["views"], errors="coerce").astype("Int64")
    df["age"] = [age_bucket(d) for d in df["age_days"]]
    df.index = pd.Index([f"{fam}:{rid}" for fam, rid in zip(df["family"], df["id"])], name="key")
    return df
