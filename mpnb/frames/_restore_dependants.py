"""A restore's dependants: what the delete left pointing at nothing is pointed at the recreated entity (by the
reference its family declares, through the family's one write path), what came back with its owner says so,
and what cannot be repaired is listed. Re-pointing writes the same value again on a re-run: idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mpnb._backup import Backup
from mpnb._families import REGISTRY
from mpnb.entities._family import Raw, Reference, path_value
from mpnb.errors import MpnbError
from mpnb.frames._restore_family import Item

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["dependant_rows"]

RESTORED = ("ok", "partial", "already restored")


def _reference(d: dict[str, Any]) -> Reference | None:
    """The declared reference a dependant row names (its family's, by field and target), if it can be re-pointed."""
    if d.get("field") is None or d.get("family") not in REGISTRY:
        return None
    fam = REGISTRY.get(str(d["family"]))
    return next((r for r in fam.references if r.field == d["field"] and r.target == d.get("of_family")), None)


def _current(fam_name: str, record: Raw, field: str) -> Any:
    """The reference field's value in a listed record (a cohort's definition is flattened in the list)."""
    value = path_value(record, field)
    fam = REGISTRY.get(fam_name)
    if value is None and fam.content_of is not None:
        value = fam.content_of(record).get(field)
    return value


def _repoint(ws: Workspace, rows: list[tuple[dict[str, Any], dict[str, Any], Reference, Any]]) -> None:
    """Point each dependant at its owner's new id: one read of the dependants per family, then one write each."""
    by_family: dict[str, list[tuple[dict[str, Any], dict[str, Any], Reference, Any]]] = defaultdict(list)
    for entry in rows:
        by_family[str(entry[0]["family"])].append(entry)
    for family, entries in by_family.items():
        records = ws.records(family)
        try:
            found, _ = records.read_ids([d["id"] for d, _, _, _ in entries])
        except MpnbError as exc:
            for _, row, _, _ in entries:
                row.update(status="unknown", detail=f"{row['detail']}: could not be read to re-point it ({exc})")
            continue
        now = {str(records.family_entry.id_of(r)): r for r in found}
        for d, row, ref, new_id in entries:
            rec = now.get(str(d["id"]))
            if rec is None:
                row.update(status="error", detail=f"{row['detail']}: it no longer exists")
                continue
            name = str(ref.field)
            old = _current(family, rec, name)
            fields = ref.rewrite({name: _unlinked(d, family, name, old)}, _only(d.get("of_id"), new_id))
            if fields[name] == old:
                row.update(new_id=d["id"], status="ok", detail=f"{row['detail']}: already points at {new_id}")
                continue
            try:
                records.write(d["id"], {name: fields[name]}, rec)
            except MpnbError as exc:
                row.update(status="error", detail=f"{row['detail']}: not re-pointed ({' '.join(str(exc).split())})")
                continue
            row.update(new_id=d["id"], status="ok", detail=f"{row['detail']}: now points at {new_id}")


def _unlinked(d: dict[str, Any], family: str, name: str, now: Any) -> Any:
    """What the field held before a server that *unlinks* took the reference out (a deleted tag comes off
    every event's ``tags``): the value now, with the backed-up reference put back in its list."""
    was = _current(family, d["record"], name) if isinstance(d.get("record"), dict) else None
    if d.get("on_delete") != "unlinks" or not isinstance(now, list) or not isinstance(was, list):
        return now
    back = [v for v in was if str(v) == str(d.get("of_id")) and v not in now]
    return [*now, *back]


def _only(old: Any, new: Any) -> Callable[[Any], Any]:
    """The id map of one re-pointing: ``old`` -> ``new``, anything else untouched."""
    return lambda value: new if str(value) == str(old) else None


def dependant_rows(
    ws: Workspace, backup: Backup, items: list[Item], id_map: dict[str, dict[Any, Any]]
) -> list[dict[str, Any]]:
    """One row per dependant that restore did not recreate itself: re-pointed, back with its owner, or listed."""
    restored = {(it.family, str(it.old_id)) for it in items}
    owners = {(it.family, str(it.old_id)): it.row for it in items}
    rows: list[dict[str, Any]] = []
    repoint: list[tuple[dict[str, Any], dict[str, Any], Reference, Any]] = []
    for d in backup.dependants:
        if (str(d.get("family")), str(d.get("id"))) in restored:
            continue
        owner = owners.get((str(d.get("of_family")), str(d.get("of_id"))))
        if owner is None and d.get("of_id") is not None:
            continue  # its owner was not selected
        row = {"family": d.get("family"), "old_id": d.get("id"), "new_id": None, "role": "dependant", "lost": ""}
        row["of"] = (d.get("of_family"), d.get("of_id"))  # the entity it goes with
        what = f"{d.get('relation')} {d.get('of_family')} {d.get('of_id')}"
        ref = _reference(d)
        rows.append(row)
        if owner is not None and owner["status"] not in RESTORED:
            row.update(status="not restored", detail=f"{what}: its {d.get('of_family')} was not restored")
        elif owner is not None and ref is not None:
            row.update(status="error", detail=what)
            repoint.append((d, row, ref, owner["new_id"]))
        elif d.get("with_owner") and owner is not None:  # e.g. a card: back with its report
            row.update(status=owner["status"], detail=f"{what}: {d.get('restore')}")
        else:
            row.update(status="listed", detail=f"{what}: {d.get('effect')}; {d.get('restore')}")
    if repoint:
        _repoint(ws, repoint)
    return rows
