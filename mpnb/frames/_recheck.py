"""Apply's last look: just before sending, re-read the rows it writes or deletes, and hold back any row the
server changed since the plan's read as a ``conflict`` (edits and deletes alike), so a plan that waited while
someone else worked never overwrites or deletes their work. What is deleted is backed up from this read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.errors import MpnbError
from mpnb.frames._changes import fresh_read
from mpnb.frames._compare import same
from mpnb.frames._specs import FamilySpec, Raw

if TYPE_CHECKING:
    from mpnb.frames._plandata import PlanData

__all__ = ["recheck"]

WHY = "changed on the server since the plan was made (by {who}); not sent: plan again to see the change"


def _moved(spec: FamilySpec, was: Raw, now: Raw) -> bool:
    """The server's last-change stamp moved, or (without one) a writable field did."""
    if spec.modified is not None and (was.get(spec.modified) is not None or now.get(spec.modified) is not None):
        return not same(was.get(spec.modified), now.get(spec.modified))
    keys = [spec.alias_map.get(f, f) for f in spec.writable_fields]
    return any(not same(was.get(k), now.get(k)) for k in keys)


def _who(now: Raw) -> str:
    name = now.get("last_modified_by_name") or now.get("last_modified_by_email")
    return str(name) if name else "someone"


def _conflict(rid: Any, action: str, why: str) -> dict[str, Any]:
    return {"id": rid, "action": action, "status": "conflict", "error": why}


def recheck(plan: PlanData) -> list[dict[str, Any]]:
    """Re-read the plan's updated and deleted rows (as few requests as the family allows) and take out of the
    plan those that moved since its read; returns their result rows. A deleted row keeps the record of this
    read, so its backup is what the server held just before the delete."""
    spec = plan.spec
    ids = [*plan.updates, *(d.id for d in plan.deletes)]
    if not ids:
        return []
    try:
        now, requests = fresh_read(plan.ws, spec, ids)
    except MpnbError as exc:  # without the last look nothing is sent: what changed cannot be told apart
        cause = " ".join(str(exc).split())
        why = f"not sent: re-reading the rows first failed ({type(exc).__name__}: {cause}); apply again"
        failed = [_conflict(rid, "update", why) for rid in plan.updates]
        failed += [_conflict(d.id, d.action, why) for d in plan.deletes]
        for row in failed:
            row["status"] = "error"
        plan.updates.clear()
        plan.deletes = []
        return failed
    plan.apply_requests += requests
    rows: list[dict[str, Any]] = []
    for rid in list(plan.updates):
        was, cur = plan.fresh.get(rid), now.get(rid)
        if cur is None:
            del plan.updates[rid]
            rows.append(
                {
                    "id": rid,
                    "action": "update",
                    "status": "conflict",
                    "error": "deleted on the server since the plan was made; not sent",
                }
            )
        elif was is not None and _moved(spec, was, cur) and not plan.overwrite:
            del plan.updates[rid]
            rows.append(_conflict(rid, "update", WHY.format(who=_who(cur))))
        else:
            plan.fresh[rid] = cur  # a full update (flags' PUT) fills from what the server holds now
    kept = []
    for d in plan.deletes:
        was, cur = plan.fresh.get(d.id), now.get(d.id)
        if cur is None:
            plan.gone.append(d.id)
        elif was is not None and _moved(spec, was, cur):
            rows.append({"id": d.id, "action": d.action, "status": "conflict", "error": WHY.format(who=_who(cur))})
        else:
            d.record = cur
            kept.append(d)
    plan.deletes = kept
    return rows
