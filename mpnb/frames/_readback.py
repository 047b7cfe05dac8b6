"""After an ambiguous failure, read the rows back and report what is true.

One list call per phase, only when something failed: an update is ``ok`` when every sent field is on the
server, ``partial`` when some are, ``error`` when none are; a delete is ``ok`` when the entity is gone; a
create is found by its natural key (``ok``, or ``partial`` naming the fields that did not land). When
the read-back itself fails, the rows are ``unknown`` with what to check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb._bulk import RowOutcome
from mpnb.errors import MpnbError
from mpnb.frames._changes import Create, fresh_read
from mpnb.frames._compare import same
from mpnb.frames._snapshot import remember_created
from mpnb.frames._specs import FamilySpec, Raw
from mpnb.frames._state import state_of
from mpnb.graph import match

if TYPE_CHECKING:
    from mpnb.frames._plandata import PlanData as Plan

__all__ = ["read_back_creates", "read_back_deletes", "read_back_updates"]

Status = tuple[str, "str | None"]


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


def read_back_updates(plan: Plan, failed: list[tuple[Any, dict[str, Any], RowOutcome]]) -> dict[Any, Status]:
    if not failed:
        return {}
    spec = plan.spec
    try:
        now, _ = fresh_read(plan.ws, spec, [rid for rid, _, _ in failed])
    except MpnbError as exc:
        return {
            rid: (
                "unknown",
                f"{o.error}; reading it back failed too ({_why(exc)}): check ws.{spec.name}.frame() for id {rid}",
            )
            for rid, _, o in failed
        }
    out: dict[Any, Status] = {}
    for rid, changes, o in failed:
        rec = now.get(rid)
        if rec is None:
            out[rid] = ("error", f"{o.error}; read back: the entity is gone from the server")
            continue
        landed = [f for f, v in changes.items() if same(rec.get(spec.alias_map.get(f, f)), v)]
        if len(landed) == len(changes):
            out[rid] = ("ok", f"the answer was lost ({o.error}); read back: every change is on the server")
        elif landed:
            missing = [f for f in changes if f not in landed]
            out[rid] = ("partial", f"read back: {', '.join(landed)} changed; {', '.join(missing)} did not ({o.error})")
        else:
            out[rid] = ("error", f"{o.error}; read back: not changed")
    return out


def read_back_deletes(plan: Plan, failed: list[tuple[Any, RowOutcome]]) -> dict[Any, Status]:
    if not failed:
        return {}
    spec = plan.spec
    try:
        now, _ = fresh_read(plan.ws, spec, [rid for rid, _ in failed])
    except MpnbError as exc:
        return {
            rid: ("unknown", f"{o.error}; reading it back failed too ({_why(exc)}): check whether {rid} still exists")
            for rid, o in failed
        }
    return {
        rid: ("error", f"{o.error}; read back: still on the server")
        if rid in now
        else ("ok", f"the answer was lost ({o.error}); read back: deleted")
        for rid, o in failed
    }


def read_back_creates(
    plan: Plan, failed: list[tuple[Create, RowOutcome]], made: set[Any]
) -> dict[int, tuple[Any, str, str | None]]:
    """Row -> (id, status, message) for creates that failed ambiguously: found (or not) among the records the
    Workspace did not know before, by the identity rule (look-alikes are ``ambiguous``, never claimed)."""
    if not failed:
        return {}
    spec, ws = plan.spec, plan.ws
    try:
        listed = spec.list_raw(ws)
    except MpnbError as exc:
        return {
            c.row: (
                None,
                "unknown",
                f"row {c.row}: {o.error}; the look-up by {', '.join(spec.natural_key)} failed too ({_why(exc)}): "
                f"check whether {c.natural_key} exists before re-planning",
            )
            for c, o in failed
        }
    known = set(state_of(ws, spec.name).raw) | set(plan.fresh) | made
    key = spec.id_key
    records = [r for r in listed if r.get(key) not in known]
    found = match(ws.records(spec.name).family_entry, {c.row: wire(spec, c.fields) for c, _ in failed}, records)
    out: dict[int, tuple[Any, str, str | None]] = {}
    landed: list[Raw] = []
    for c, o in failed:
        m = found[c.row]
        if m.status == "found" and m.record is not None:
            landed.append(m.record)
            out[c.row] = (m.record.get(key), "ok", f"the outcome was unclear ({o.error}); found it on the server")
        elif m.status == "ambiguous":
            out[c.row] = (None, "ambiguous", f"row {c.row}: {o.error}; {m.why}; not sent again")
        else:
            out[c.row] = (None, o.status, f"row {c.row}: {o.error}; no {spec.name} like it on the server")
    if landed:
        remember_created(ws, spec, landed)
    return out


def wire(spec: FamilySpec, fields: dict[str, Any]) -> Raw:
    """A frame row's create fields by the server's names (``bookmark_type`` -> ``type``), for the identity rule."""
    aliases = spec.alias_map
    return {aliases.get(k, k): v for k, v in fields.items()}
