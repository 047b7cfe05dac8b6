"""A plan that takes dictionary entries out of use (hides or drops events or properties, hides a custom
property) lists what uses them, from the project graph: the reports, cohorts and flags that name them, the
alerts on those reports, the experiments on those flags. It changes nothing else: no report is rewritten.
"""

from __future__ import annotations

from typing import Any

from mpnb.frames._plandata import PlanData
from mpnb.frames._specs import FamilySpec
from mpnb.graph import users_of

__all__ = ["SHOWN", "note_users"]

SHOWN = 10  # entries named in the notes (every one is in ``plan.users``)


def _retired(spec: FamilySpec, change: dict[str, Any]) -> bool:
    return any(field in change and change[field] == value for field, value in spec.retires.items())


def note_users(plan: PlanData, spec: FamilySpec) -> None:
    """Fill ``plan.users`` ({row id: {family: [ids]}}) for the rows the plan retires, and say it in the notes."""
    rows = [rid for rid, change in plan.updates.items() if _retired(spec, change)]
    if not rows:
        return
    key = {rid: (plan.fresh.get(rid) or {}).get(spec.used_by_key, rid) if spec.used_by_key else rid for rid in rows}
    found = users_of(plan.ws, spec.name, sorted(set(key.values()), key=str))
    plan.fresh_requests += found.reads
    for rid in rows:
        by_family: dict[str, list[Any]] = {}
        for edge in found.by_id.get(key[rid], []):
            by_family.setdefault(edge.source_family, []).append(edge.source_id)
        if by_family:
            plan.users[rid] = by_family
    if not plan.users:
        plan.notes.append(f"nothing uses the {len(rows):,} {spec.name} this plan takes out of use")
        return
    named = ", ".join(f"{key[rid]!r} ({_counted(plan.users[rid])})" for rid in list(plan.users)[:SHOWN])
    more = f" and {len(plan.users) - SHOWN:,} more (plan.users has each)" if len(plan.users) > SHOWN else ""
    plan.notes.append(
        f"{len(plan.users):,} of the {len(rows):,} {spec.name} this plan hides or drops are in use: {named}{more}; "
        "nothing that uses them is changed"
    )


def _counted(by_family: dict[str, list[Any]]) -> str:
    parts = []
    for family, ids in by_family.items():
        sample = ", ".join(str(i) for i in ids[:3]) + (", ..." if len(ids) > 3 else "")
        parts.append(f"{len(ids)} {family if len(ids) != 1 else family.removesuffix('s')} {sample}")
    return "; ".join(parts)
