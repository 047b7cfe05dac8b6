"""The copy plan: every source entity matched against the target (journal first, then natural key), with
the action a copy would take, the references it rewrites and those it cannot resolve.

Building a plan only reads: the source's selection and one list per family on the target.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb.copying._collect import Item, Selection, Source, collect
from mpnb.copying._families import FAMILIES, ORDER, list_records
from mpnb.copying._journal import Journal, fingerprint
from mpnb.copying._refs import Ref

if TYPE_CHECKING:
    import pandas as pd

    from mpnb._workspace import Workspace
    from mpnb.copying._result import CopyResult

__all__ = ["CopyPlan", "Row", "build_plan", "side_label"]

NEW = "(new)"


def side_label(ws: Workspace) -> str:
    """Where a Workspace points, as the journal keys it (never a credential)."""
    t = ws.target
    return f"{t.kind}:{t.app_url}:{t.project_id}"


def _where(ws: Workspace) -> str:
    label = ws.target.label()
    return label if "project" in label else f"{label} project {ws.target.project_id}"


def identity(family: str, target_id: Any) -> Any:
    return target_id


@dataclass
class Row:
    """One entity's line in the plan."""

    family: str
    source_id: Any
    name: str
    action: str  # create | update | skip | conflict | mapped | left out
    why: str
    target_id: Any = None
    changes: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Target:
    """What the target holds for the families in the copy: records by id and by natural key."""

    by_id: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    by_key: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)
    reads: int = 0

    def add(self, family: str, record: dict[str, Any]) -> None:
        self.by_id.setdefault(family, {})[str(record["id"])] = record
        fields = FAMILIES[family].fields(record, identity)
        self.by_key.setdefault(family, {}).setdefault(natural_key(family, fields, record), record)


def natural_key(family: str, fields: dict[str, Any], record: dict[str, Any], board: Any = None) -> str:
    """What identifies an earlier copy when the journal is lost: flag key, names (with their parent)."""
    if family == "flags":
        return str(fields["key"])
    if family == "dashboards":
        return str(fields["title"])
    if family == "reports":
        return f"{fields['name']}\n{record.get('dashboard_id') if board is None else board}"
    if family == "alerts":
        return f"{fields['name']}\n{fields['bookmark_id']}"
    if family == "annotations":
        return f"{fields['date'][:10]}\n{fields['description']}"
    return str(fields["name"])


def _read_target(dst: Workspace, families: set[str]) -> Target:
    """One list call per family in the copy (annotation tags too), so matching costs no per-entity reads."""
    t = Target()
    for family in ORDER:
        if family in families:
            for record in list_records(dst, family):
                t.add(family, record)
            t.reads += 1
    if "annotations" in families:
        t.tags = {tag.name: tag.id for tag in dst.list_annotation_tags()}
        t.reads += 1
    return t


class CopyPlan:
    """What ``mp.copy`` will do in the target. Nothing has been sent to the target yet.

    ``rows`` (``to_frame()``): one line per entity with its action; ``refs``: every reference that is
    rewritten; ``unresolved``: references that point outside the copy (resolve them before applying).
    """

    def __init__(self, src: Workspace, dst: Workspace, source: Source, target: Target, journal: Journal) -> None:
        self.src, self.dst, self.source, self.target, self.journal = src, dst, source, target, journal
        self.rows: list[Row] = []
        self.refs: list[tuple[Ref, Any]] = []
        self.unresolved: list[Ref] = []
        self.mapping: dict[str, dict[str, Any]] = {}
        self.row_index: dict[tuple[str, str], Row] = {}  # (family, str(source id)) -> its row
        # set by mp.copy (mpnb.copying._apply.apply_plan): the plan module never imports the apply module
        self.applier: Callable[[CopyPlan, bool], CopyResult] | None = None
        self.reads = source.reads + target.reads
        self.applied = False

    # -- resolution ------------------------------------------------------------------------------------
    def target_of(self, family: str, source_id: Any) -> Any:
        """The target id the copy uses for a source entity (None: not known yet, or not in the copy)."""
        sid = str(source_id)
        if sid in self.mapping.get(family, {}):
            return self.mapping[family][sid]
        row = self.row_index.get((family, sid))
        return None if row is None else row.target_id

    def fields(self, item: Item) -> dict[str, Any]:
        """What the target should hold for ``item``, with references remapped as known now."""
        return FAMILIES[item.family].fields(item.record, self.target_of)

    def board_of(self, item: Item) -> Any:
        """For a report: its board's target id, NEW when the board is created by this copy, else None."""
        if item.family != "reports":
            return None
        board = item.record.get("dashboard_id")
        tid = self.target_of("dashboards", board)
        if tid is None and (("dashboards", str(board)) in self.row_index):
            return NEW
        return tid

    # -- views -----------------------------------------------------------------------------------------
    def counts(self) -> Counter[str]:
        return Counter(r.action for r in self.rows)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        cols = ["family", "source_id", "name", "action", "target_id", "why", "changes", "note"]
        data = [
            [r.family, r.source_id, r.name, r.action, r.target_id, r.why, ", ".join(r.changes), r.note]
            for r in self.rows
        ]
        frame: pd.DataFrame = pd.DataFrame(data, columns=cols)
        return frame

    def refs_frame(self) -> pd.DataFrame:
        """Every reference the copy rewrites: owner, field, what it points at and its target id."""
        import pandas as pd

        data = [
            [r.owner_family, r.owner_id, r.field, r.family, r.source_id, NEW if t is None else t] for r, t in self.refs
        ]
        data += [[r.owner_family, r.owner_id, r.field, r.family, r.source_id, "UNRESOLVED"] for r in self.unresolved]
        cols = ["family", "id", "field", "points_to", "source_id", "target_id"]
        frame: pd.DataFrame = pd.DataFrame(data, columns=cols)
        return frame

    def summary(self) -> str:
        counts = self.counts()
        parts = [
            f"{counts[a]} {a}" for a in ("create", "update", "skip", "conflict", "mapped", "left out") if counts[a]
        ]
        return (
            f"copy from {_where(self.src)} to {_where(self.dst)}: "
            + (", ".join(parts) or "nothing to copy")
            + f"; {len(self.refs)} references rewritten, {len(self.unresolved)} unresolved; {self.reads} reads"
        )

    def __repr__(self) -> str:
        lines = [self.summary()]
        for fam in ORDER:
            rows = [r for r in self.rows if r.family == fam]
            for r in rows[:20]:
                tid = "" if r.target_id is None else f" -> {r.target_id}"
                extra = f" [{', '.join(r.changes)}]" if r.changes else ""
                note = f" {r.note}" if r.note else ""
                lines.append(f"  {r.action:<9} {fam[:-1]} {r.source_id} {r.name!r}{tid}{extra}  ({r.why}){note}")
            if len(rows) > 20:
                lines.append(f"  ... {len(rows) - 20} more {fam} (plan.to_frame() lists all)")
        for ref in self.unresolved[:20]:
            lines.append(
                f"  UNRESOLVED {ref.owner_family[:-1]} {ref.owner_id} {ref.field} -> {ref.family[:-1]} {ref.source_id}"
            )
        if self.unresolved:
            lines.append(
                "  resolve before applying: copy them too (follow=True), map them "
                "(mapping={'cohorts': {source_id: target_id}}), or leave the entity out (skip_unresolved=True)"
            )
        text: str = "\n".join(lines)
        return text

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        head = f"<p><b>{html.escape(self.summary())}</b></p>"
        more = f"<p>{len(frame) - 200} more rows: plan.to_frame()</p>" if len(frame) > 200 else ""
        table: str = frame.head(200).to_html(index=False)
        return head + table + more

    def apply(self, *, confirm: bool = False) -> CopyResult:
        """Write the copy to the target (real Mixpanel needs ``confirm=True``); one result row per entity."""
        if self.applier is None:
            raise RuntimeError("this plan was not built by mp.copy, so it cannot be applied")
        return self.applier(self, confirm)


def build_plan(
    src: Workspace,
    dst: Workspace,
    sel: Selection,
    *,
    mapping: dict[str, dict[Any, Any]] | None = None,
    overwrite: bool = False,
    skip_unresolved: bool = False,
) -> CopyPlan:
    source = collect(src, sel)
    journal = Journal.open(side_label(src), side_label(dst))
    families = {i.family for i in source.items.values()}
    target = _read_target(dst, families)
    plan = CopyPlan(src, dst, source, target, journal)
    plan.mapping = {fam: {str(k): v for k, v in ids.items()} for fam, ids in (mapping or {}).items()}
    items = sorted(source.items.values(), key=lambda i: (ORDER.index(i.family), str(i.source_id)))
    # first pass, in creation order (a board before its reports): find each entity's earlier copy
    for item in items:
        row = Row(item.family, item.source_id, FAMILIES[item.family].title(item.record), "create", item.why)
        if str(item.source_id) in plan.mapping.get(item.family, {}):
            row.action, row.target_id = "mapped", plan.mapping[item.family][str(item.source_id)]
        else:
            row.target_id = _earlier_copy(plan, item, row)
        plan.rows.append(row)
        plan.row_index[(item.family, str(item.source_id))] = row
    # second pass: compare with what the target holds and decide
    for item, row in zip(items, plan.rows):
        if row.action == "mapped":
            continue
        _decide(plan, item, row, overwrite)
    for item in items:
        for ref in item.refs:
            if plan.row_index.get((ref.family, str(ref.source_id))) or str(ref.source_id) in plan.mapping.get(
                ref.family, {}
            ):
                plan.refs.append((ref, plan.target_of(ref.family, ref.source_id)))
            else:
                plan.unresolved.append(ref)
    if skip_unresolved:
        for ref in plan.unresolved:
            row = plan.row_index[(ref.owner_family, str(ref.owner_id))]
            row.action, row.note = (
                "left out",
                f"{ref.field} points at {ref.family[:-1]} {ref.source_id} outside the copy",
            )
        plan.unresolved = []
    return plan


def _earlier_copy(plan: CopyPlan, item: Item, row: Row) -> Any:
    """The target id of an earlier copy: from the journal (if it still exists), else by natural key."""
    entry = plan.journal.get(item.family, item.source_id)
    found = plan.target.by_id.get(item.family, {})
    if entry is not None:
        if str(entry.target_id) in found:
            return entry.target_id
        row.note = f"the earlier copy ({entry.target_id}) is gone from the target; it is created again"
    board = plan.board_of(item)
    if board == NEW:
        return None
    fields = plan.fields(item)
    hit = plan.target.by_key.get(item.family, {}).get(natural_key(item.family, fields, item.record, board))
    if hit is not None and entry is None:
        row.note = "matched by name in the target (no journal entry)"
    return None if hit is None else hit["id"]


def _decide(plan: CopyPlan, item: Item, row: Row, overwrite: bool) -> None:
    if row.target_id is None:
        row.action = "create"
        return
    current = plan.target.by_id[item.family][str(row.target_id)]
    have = FAMILIES[item.family].fields(current, identity)
    want = plan.fields(item)
    row.changes = sorted(k for k in want if want[k] != have.get(k))
    if not row.changes:
        row.action = "skip"
        return
    entry = plan.journal.get(item.family, item.source_id)
    untouched = entry is not None and entry.target_print == fingerprint(have)
    if untouched or overwrite:
        row.action = "update"
    else:
        row.action = "conflict"
        row.note = (
            row.note + "; " if row.note else ""
        ) + "changed in the target since the last copy (overwrite=True replaces it)"
