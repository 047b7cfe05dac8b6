"""``ws.restore(backup)``: recreate a backup's entities in dependency order, remapping ids.

Order: cohorts, dashboards, reports, alerts, then the rest. Recreated entities get new ids; references to
entities recreated earlier (a report's board, an alert's report) are rewritten through the old -> new map.
Each row says what could not come back (original ids always; layouts, webhook passwords, experiment state
where the family has them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb._backup import Backup
from mpnb.errors import MpnbError
from mpnb.frames._families import SPECS
from mpnb.frames._specs import Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["ORDER", "REFERENCES", "RestoreResult", "restore_backup"]

ORDER = ("cohorts", "dashboards", "reports", "alerts", "flags", "experiments", "annotations", "webhooks")
# family -> (field, family it points to): rewritten through the id map when that entity was recreated
REFERENCES: dict[str, list[tuple[str, str]]] = {
    "reports": [("dashboard_id", "dashboards")],
    "alerts": [("bookmark_id", "reports")],
}


@dataclass
class RestoreResult:
    """``id_map[family][old_id] = new_id``; ``rows``: one per record (family, old_id, new_id, status, lost)."""

    id_map: dict[str, dict[Any, Any]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        out: pd.DataFrame = pd.DataFrame(self.rows, columns=["family", "old_id", "new_id", "status", "lost"])
        return out

    def __repr__(self) -> str:
        ok = sum(r["status"] == "ok" for r in self.rows)
        lines = [f"Restored {ok} of {len(self.rows)} entities"]
        for r in self.rows:
            lines.append(f"  {r['family']:<11} {r['old_id']!s:>8} -> {r['new_id']!s:<8} {r['status']}: {r['lost']}")
        return "\n".join(lines)


def _fields(family: str, record: Raw) -> dict[str, Any]:
    """The create params a record comes back with (record shapes and create shapes differ a little)."""
    spec = SPECS[family]
    assert spec.create_params is not None
    model = spec.create_params
    keys = {f.alias or n for n, f in model.model_fields.items()} | set(model.model_fields)
    out = {k: v for k, v in record.items() if k in keys and v is not None}
    if family == "alerts" and isinstance(record.get("bookmark"), dict):
        out["bookmark_id"] = record["bookmark"].get("id")
    if family == "annotations":
        out["tags"] = [t["id"] for t in record.get("tags") or [] if isinstance(t, dict) and "id" in t]
    if family == "cohorts":  # the definition's keys are the record's keys beyond the model's fields
        known = {f.alias or n for n, f in spec.model_cls().model_fields.items()} | {"created", "project_id"}
        out["definition"] = {k: v for k, v in record.items() if k not in known}
    if family == "webhooks":
        out.pop("auth_type", None)  # Basic auth needs the password, which no backup holds
    if family == "flags":
        out.pop("status", None)  # a restored flag comes back disabled
    return out


def restore_backup(ws: Workspace, backup: Backup | str | os.PathLike[str]) -> RestoreResult:
    if not isinstance(backup, Backup):
        backup = Backup.load(backup)
    by_family: dict[str, list[Raw]] = {backup.family: list(backup.records)}
    for fam, records in backup.cascades.items():
        by_family.setdefault(fam, []).extend(records)
    result = RestoreResult()
    for fam in sorted(by_family, key=lambda f: ORDER.index(f) if f in ORDER else len(ORDER)):
        spec = SPECS.get(fam)
        id_map = result.id_map.setdefault(fam, {})
        for record in by_family[fam]:
            old = record.get("id")
            if spec is None or spec.create_params is None:
                result.rows.append(_row(fam, old, None, "error", f"mpnb cannot recreate {fam}"))
                continue
            fields = _fields(fam, record)
            problem = None
            for key, other in REFERENCES.get(fam, []):
                ref = fields.get(key)
                if ref is None:
                    continue
                if ref in result.id_map.get(other, {}):
                    fields[key] = result.id_map[other][ref]
                elif other in by_family and any(r.get("id") == ref for r in by_family[other]):
                    problem = f"its {key} {ref} was not recreated"
            if problem:
                result.rows.append(_row(fam, old, None, "error", problem))
                continue
            try:
                made = spec.create(ws, fields)
            except MpnbError as exc:
                result.rows.append(_row(fam, old, None, "error", " ".join(str(exc).split())))
                continue
            id_map[old] = made.get("id")
            result.rows.append(_row(fam, old, made.get("id"), "ok", "; ".join(spec.lost_on_restore)))
    return result


def _row(family: str, old: Any, new: Any, status: str, lost: str) -> dict[str, Any]:
    return {"family": family, "old_id": old, "new_id": new, "status": status, "lost": lost}
