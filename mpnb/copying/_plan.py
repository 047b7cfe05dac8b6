"""The copy plan: every source entity matched against the target, with the action a copy would take, the
references it rewrites and those it cannot resolve.

Matching follows the one rule of identity: the journal's target id (source id -> target id) when there is
one; else, a target record that is the same entity by the registry's identity rule (natural key unique on
both sides and the content agreeing). Look-alikes that cannot be told apart are ``ambiguous``: nothing is
written for them until ``mapping=`` names their target. Building a plan only reads: the source's selection
and one list per family on the target.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.copying._collect import Item, Selection, Source, collect
from mpnb.copying._journal import Journal, fingerprint
from mpnb.copying._refs import Ref
from mpnb.copying.families import rules_for
from mpnb.graph import match

if TYPE_CHECKING:
    import pandas as pd

    from mpnb._workspace import Workspace
    from mpnb.copying._result import CopyResult

__all__ = ["NEW", "CopyPlan", "Row", "build_plan", "side_label"]

NEW = "(new)"
Raw = dict[str, Any]
ACTIONS = ("create", "update", "skip", "conflict", "mapped", "ambiguous", "left out")


def side_label(ws: Workspace) -> str:
    """Where a Workspace points, as the journal keys it (never a credential)."""
    t = ws.target
    return f"{t.kind}:{t.app_url}:{t.project_id}"


def _where(ws: Workspace) -> str:
    label = ws.target.label()
    return label if "project" in label else f"{label} project {ws.target.project_id}"


def _same(family: str, target_id: Any) -> Any:
    return target_id


@dataclass
class Row:
    """One entity's line in the plan."""

    family: str
    source_id: Any
    name: str
    action: str  # create | update | skip | conflict | mapped | ambiguous | left out
    why: str
    target_id: Any = None
    changes: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Target:
    """What the target holds for the families in the copy: records by id, read once each."""

    by_id: dict[str, dict[str, Raw]] = field(default_factory=dict)
    reads: int = 0

    def records(self, family: str) -> list[Raw]:
        return list(self.by_id.get(family, {}).values())


def _in(family: str, remap: Callable[[str, Any], Any]) -> Callable[[Any], Any]:
    return lambda old: remap(family, old)


def copy_fields(item: Item, remap: Callable[[str, Any], Any]) -> Raw:
    """What the target should hold for ``item``: its family's copied fields, each reference rewritten."""
    fam, rules = REGISTRY.get(item.family), rules_for(item.family)
    assert rules.fields is not None
    fields = rules.fields(item.record)
    for ref in fam.references:
        if ref.by == "id" and ref.field in fields:
            fields = ref.rewrite(fields, _in(ref.target, remap))
    return fields


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

    def fields(self, item: Item) -> Raw:
        """What the target should hold for ``item``, with references remapped as known now."""
        return copy_fields(item, self.target_of)

    def creates_with(self, item: Item) -> Any:
        """The entity in this copy whose create also creates ``item`` (a board, for the reports on it), if any."""
        for ref in item.refs:
            rules = rules_for(ref.family)
            row = self.row_index.get((ref.family, str(ref.source_id)))
            if rules.children == item.family and row is not None and str(ref.source_id) in self.source.layouts:
                return row
        return None

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
        parts = [f"{counts[a]} {a}" for a in ACTIONS if counts[a]]
        return (
            f"copy from {_where(self.src)} to {_where(self.dst)}: "
            + (", ".join(parts) or "nothing to copy")
            + f"; {len(self.refs)} references rewritten, {len(self.unresolved)} unresolved; {self.reads} reads"
        )

    def __repr__(self) -> str:
        lines = [self.summary()]
        for fam in REGISTRY.creation_order():
            rows = [r for r in self.rows if r.family == fam.name]
            for r in rows[:20]:
                tid = "" if r.target_id is None else f" -> {r.target_id}"
                extra = f" [{', '.join(r.changes)}]" if r.changes else ""
                note = f" {r.note}" if r.note else ""
                lines.append(f"  {r.action:<9} {fam.singular} {r.source_id} {r.name!r}{tid}{extra}  ({r.why}){note}")
            if len(rows) > 20:
                lines.append(f"  ... {len(rows) - 20} more {fam.name} (plan.to_frame() lists all)")
        for ref in self.unresolved[:20]:
            owner, to = REGISTRY.get(ref.owner_family).singular, REGISTRY.get(ref.family).singular
            lines.append(f"  UNRESOLVED {owner} {ref.owner_id} {ref.field} -> {to} {ref.source_id}")
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


def _read_target(dst: Workspace, families: set[str]) -> Target:
    """One list call per family in the copy, so matching costs no per-entity reads."""
    t = Target()
    for fam in REGISTRY.creation_order():
        if fam.name in families:
            t.by_id[fam.name] = {str(fam.id_of(r)): r for r in dst.records(fam.name).read_all()}
            t.reads += 1
    return t


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
    plan = CopyPlan(src, dst, source, _read_target(dst, families), journal)
    plan.mapping = {fam: {str(k): v for k, v in ids.items()} for fam, ids in (mapping or {}).items()}
    order = {f.name: i for i, f in enumerate(REGISTRY.creation_order())}
    items = sorted(source.items.values(), key=lambda i: (order[i.family], str(i.source_id)))
    for item in items:  # in creation order (a board before its reports): rows first, so lookups see them
        row = Row(item.family, item.source_id, REGISTRY.get(item.family).label_of(item.record), "create", item.why)
        plan.rows.append(row)
        plan.row_index[(item.family, str(item.source_id))] = row
    for fam in REGISTRY.creation_order():
        group = [(i, r) for i, r in zip(items, plan.rows) if i.family == fam.name]
        if group:
            _find_earlier_copies(plan, fam.name, group)
            for item, row in group:
                if row.action not in ("mapped", "ambiguous"):
                    _decide(plan, item, row, overwrite)
    _resolve_refs(plan, items, skip_unresolved)
    return plan


def _find_earlier_copies(plan: CopyPlan, family: str, group: list[tuple[Item, Row]]) -> None:
    """Each row's target: mapped, from the journal, or found by the identity rule (a create in flight when a
    run stopped is looked for among what was not there before it)."""
    fam = REGISTRY.get(family)
    records = plan.target.by_id.get(family, {})
    claimed = {str(e.target_id) for e in plan.journal.entries.get(family, {}).values()}
    wanted: dict[Any, Raw] = {}
    for item, row in group:
        sid = str(item.source_id)
        if sid in plan.mapping.get(family, {}):
            row.action, row.target_id = "mapped", plan.mapping[family][sid]
            continue
        entry = plan.journal.get(family, item.source_id)
        if entry is not None and str(entry.target_id) in records:
            row.target_id = entry.target_id
            continue
        if entry is not None:
            row.note = f"the earlier copy ({entry.target_id}) is gone from the target; it is created again"
        if plan.creates_with(item) is not None and plan.creates_with(item).target_id is None:
            continue  # its board is created by this copy, with it: no earlier copy can exist
        wanted[sid] = plan.fields(item)
    if not wanted:
        return
    before = set(plan.journal.before.get(family, []))
    candidates = [r for k, r in records.items() if k not in claimed]
    pending = {k for k in wanted if plan.journal.is_pending(family, k)}
    found = match(fam, {k: w for k, w in wanted.items() if k not in pending}, candidates)
    if pending:  # created by a run that stopped before recording it: only what was not there before counts
        fresh = [r for r in candidates if str(fam.id_of(r)) not in before]
        found.update(match(fam, {k: wanted[k] for k in pending}, fresh))
    for item, row in group:
        m = found.get(str(item.source_id))
        if m is None or m.status == "absent":
            continue
        if m.status == "ambiguous":
            row.action, row.note = "ambiguous", f"{m.why}; map it with mapping={{'{family}': {{source: target}}}}"
            continue
        assert m.record is not None
        row.target_id = fam.id_of(m.record)
        in_flight = str(item.source_id) in pending
        row.note = (
            "found in the target: an earlier run made it" if in_flight else "matched in the target (no journal entry)"
        )


def _decide(plan: CopyPlan, item: Item, row: Row, overwrite: bool) -> None:
    if row.target_id is None:
        row.action = "create"
        return
    rules = rules_for(item.family)
    assert rules.fields is not None
    current = plan.target.by_id[item.family][str(row.target_id)]
    have = rules.fields(current)
    want = plan.fields(item)
    row.changes = sorted(k for k in want if want[k] != have.get(k))
    if not row.changes:
        row.action = "skip"
        return
    entry = plan.journal.get(item.family, item.source_id)
    untouched = entry is not None and entry.target_print in ("", fingerprint(have))
    if untouched or overwrite:
        row.action = "update"
    else:
        row.action = "conflict"
        row.note = (
            row.note + "; " if row.note else ""
        ) + "changed in the target since the last copy (overwrite=True replaces it)"


def _resolve_refs(plan: CopyPlan, items: list[Item], skip_unresolved: bool) -> None:
    for item in items:
        for ref in item.refs:
            known = plan.row_index.get((ref.family, str(ref.source_id)))
            if known is not None or str(ref.source_id) in plan.mapping.get(ref.family, {}):
                plan.refs.append((ref, plan.target_of(ref.family, ref.source_id)))
            else:
                plan.unresolved.append(ref)
    if skip_unresolved:
        for ref in plan.unresolved:
            row = plan.row_index[(ref.owner_family, str(ref.owner_id))]
            points = REGISTRY.get(ref.family).singular
            row.action, row.note = "left out", f"{ref.field} points at {points} {ref.source_id} outside the copy"
        plan.unresolved = []
