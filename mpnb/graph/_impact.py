"""What a delete does beyond its own rows, from the project graph: what the server deletes with them, and
what it leaves pointing at nothing. One answer for the plan (its notes and counts), the backup (its
cascades and dependants) and restore (what to recreate, what to re-point).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.entities._family import Raw
from mpnb.graph._build import expand, graph_from_records, read_families
from mpnb.graph._graph import Edge, ProjectGraph

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["DeleteImpact", "delete_impact", "families_to_read"]

# One row of what goes with a delete, as a backup keeps it (and ``mpnb backups show`` lists it).
Dependant = dict[str, Any]


def families_to_read(family: str) -> list[str]:
    """The families whose records can be touched by deleting ``family``: those that reference it, and,
    through cascades, those that reference what is deleted with it (a board's reports, then their alerts)."""
    order = REGISTRY.names
    cascade_from = [family]
    seen_cascade = {family}
    read: set[str] = set()
    while cascade_from:
        target = cascade_from.pop()
        for fam, ref in REGISTRY.referencing(target):
            read.add(fam.name)
            if ref.on_delete == "cascade" and fam.name not in seen_cascade:
                seen_cascade.add(fam.name)
                cascade_from.append(fam.name)
    if REGISTRY.get(family).expand is not None:
        read |= {f.name for f, _ in REGISTRY.referencing(family)}
    return [n for n in order if n in read]


@dataclass
class DeleteImpact:
    """The delete of ``ids`` of ``family``, as the graph sees it."""

    family: str
    ids: list[Any]
    graph: ProjectGraph
    deleted: list[Edge] = field(default_factory=list)  # what the server deletes with them
    dangling: list[Edge] = field(default_factory=list)  # what stays, pointing at nothing

    @property
    def reads(self) -> int:
        return self.graph.reads

    @property
    def cascades(self) -> dict[str, list[Raw]]:
        """The records the server deletes with the rows, by family (what the backup must hold)."""
        out: dict[str, list[Raw]] = {}
        seen: set[tuple[str, Any]] = set()
        for e in self.deleted:
            record = self.graph.record(e.source_family, e.source_id)
            if record is not None and e.source not in seen:
                seen.add(e.source)
                out.setdefault(e.source_family, []).append(record)
        return out

    def dependants(self) -> list[Dependant]:
        """Rows for the backup: each entity deleted with the rows (with the edge that takes it), then each left
        dangling (with its record, so restore can point it at the recreated entity)."""
        return [self._row(e, deleted=True) for e in self.deleted] + [self._row(e, deleted=False) for e in self.dangling]

    def _row(self, e: Edge, *, deleted: bool) -> Dependant:
        fam = REGISTRY.get(e.source_family)
        record = self.graph.record(e.source_family, e.source_id)
        ref = next((r for r in fam.references if r.via == e.via and r.target == e.target_family), None)
        repoint = ref is not None and ref.field is not None and ref.repoint
        target = REGISTRY.get(e.target_family).singular if e.target_family in REGISTRY else e.target_family
        if deleted:
            effect, restore = "deleted with it", f"recreated with the {target}"
        else:
            effect = f"left pointing at a deleted {target}"
            restore = f"pointed at the restored {target}" if repoint else "listed: it keeps the old id"
        return {
            "family": e.source_family,
            "id": e.source_id,
            "name": fam.label_of(record) if record is not None else None,
            "of_family": e.target_family,
            "of_id": e.target_id,
            "relation": e.via,
            "effect": effect,
            "restore": restore,
            "record": record,
            "on_delete": "cascade" if deleted else e.on_delete,
            "field": ref.field if ref is not None and repoint else None,
        }

    def notes(self) -> list[str]:
        """Short lines for a plan: what goes with the delete and what it leaves dangling, counted."""
        lines = []
        groups = Counter((e.source_family, e.via) for e in self.deleted)
        for (fam, via), n in sorted(groups.items(), key=lambda kv: -kv[1]):
            lines.append(f"the delete also deletes {n} {fam} ({via}); the backup holds them")
        hanging = Counter((e.source_family, e.via, e.target_family) for e in self.dangling)
        for (fam, via, target), n in sorted(hanging.items(), key=lambda kv: -kv[1]):
            lines.append(f"{n} {fam} are left pointing at a deleted {REGISTRY.get(target).singular} ({via})")
        return lines


def delete_impact(
    ws: Workspace, family: str, ids: list[Any], records: list[Raw], *, also: Collection[str] = ()
) -> DeleteImpact:
    """Read what a delete of ``ids`` can touch (one list per family that can be touched, plus the family's
    own per-entity reads where it has them) and say what the server deletes and what it leaves dangling.
    ``also``: more families to read in the same pass (what uses the entities through what uses them)."""
    fam = REGISTRY.get(family)
    wanted = set(families_to_read(fam.name)) | set(also)
    names = [n for n in REGISTRY.names if n in wanted]
    data = read_families(ws, names)
    if fam.name not in data:
        data[fam.name] = list(records)
    else:  # the rows being deleted are in the read too; the caller's (fresher) records win
        mine = {fam.id_of(r) for r in records}
        data[fam.name] = [r for r in data[fam.name] if fam.id_of(r) not in mine] + list(records)
    graph = graph_from_records(data, reads=len(names))
    expand(graph, ws, fam.name, list(ids))
    impact = DeleteImpact(fam.name, list(ids), graph)
    impact.deleted = graph.deleted_with(fam.name, ids)
    impact.dangling = graph.dangling_after(fam.name, ids)
    return impact
