"""Read what a copy needs from the source project, and close the selection over its references.

A dashboard brings its reports and text cards in board order; reports and cohorts bring the cohorts their
definitions name; an experiment brings its flag; with ``include_alerts`` the alerts on copied reports come
too. Each pulled-in entity records *why* it is in the copy, so the plan can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb.copying._families import record_of
from mpnb.copying._refs import Ref, cohort_refs
from mpnb.errors import InputError

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["Item", "Selection", "collect"]


@dataclass
class Item:
    """One source entity in the copy: its record, why it is included, and what it points at."""

    family: str
    source_id: Any
    record: dict[str, Any]
    why: str
    refs: list[Ref] = field(default_factory=list)


@dataclass
class Selection:
    dashboards: list[Any] = field(default_factory=list)
    reports: list[Any] = field(default_factory=list)
    cohorts: list[Any] = field(default_factory=list)
    flags: list[Any] = field(default_factory=list)
    experiments: list[Any] = field(default_factory=list)
    alerts: list[Any] = field(default_factory=list)
    annotations: dict[str, Any] | None = None
    include_alerts: bool = False
    follow: bool = True


@dataclass
class Source:
    """The source side of a copy: the items, each board's card order, and the reads it took."""

    items: dict[tuple[str, str], Item] = field(default_factory=dict)
    # board id -> rows of cards in board order; a card is ("report", source id) or ("text", markdown)
    boards: dict[str, list[list[tuple[str, Any]]]] = field(default_factory=dict)
    reads: int = 0

    def add(self, item: Item) -> None:
        self.items.setdefault((item.family, str(item.source_id)), item)

    def has(self, family: str, source_id: Any) -> bool:
        return (family, str(source_id)) in self.items


def _pick(records: list[dict[str, Any]], wanted: list[Any], keys: tuple[str, ...], what: str) -> list[dict[str, Any]]:
    """The records named in ``wanted`` by id or by a natural key (a flag key, an experiment name)."""
    out = []
    for w in wanted:
        hit = next((r for r in records if any(str(r.get(k)) == str(w) for k in keys)), None)
        if hit is None:
            raise InputError(f"no {what} {w!r} in the source project (give an id or a {keys[-1]})", field=what)
        out.append(hit)
    return out


def collect(src: Workspace, sel: Selection) -> Source:
    """Read the selection and its closure from ``src`` (a handful of list calls, one get per board)."""
    source = Source()
    for bid in sel.dashboards:
        board = src.get_dashboard(bid)
        source.reads += 1
        contents = board.contents if isinstance(board.contents, dict) else {}
        layout = board.layout if isinstance(board.layout, dict) else {}
        rows: list[list[tuple[str, Any]]] = []
        for rid in layout.get("order") or list(layout.get("rows") or {}):
            cells: list[tuple[str, Any]] = []
            for cell in ((layout.get("rows") or {}).get(rid) or {}).get("cells", []):
                kind, cid = cell.get("content_type"), cell.get("content_id")
                entry = (contents.get(kind) or {}).get(str(cid)) or {}
                if kind == "report" and entry:
                    rec = dict(entry, bookmark_type=entry.get("type"))
                    source.add(Item("reports", int(cid), rec, f"on dashboard {board.id}"))
                    cells.append(("report", int(cid)))
                elif kind == "text":
                    cells.append(("text", entry.get("markdown") or ""))
            if cells:
                rows.append(cells)
        source.boards[str(board.id)] = rows
        source.add(Item("dashboards", board.id, record_of("dashboards", board), "asked"))
    if sel.reports:
        for r in src.list_bookmarks_v2(ids=list(sel.reports)):
            source.add(Item("reports", r.id, record_of("reports", r), "asked"))
        source.reads += 1
        missing = [i for i in sel.reports if not source.has("reports", i)]
        if missing:
            raise InputError(f"no report {missing[0]!r} in the source project", field="reports")

    flags: list[dict[str, Any]] | None = None
    if sel.experiments or sel.flags:
        exps = [record_of("experiments", e) for e in src.list_experiments(include_archived=True)]
        flags = [record_of("flags", f) for f in src.list_feature_flags(include_archived=True)]
        source.reads += 2
        for e in _pick(exps, sel.experiments, ("id", "name"), "experiment"):
            source.add(Item("experiments", e["id"], e, "asked"))
            link = (e.get("feature_flag") or {}).get("id")
            key = (e.get("settings") or {}).get("feature_flag_key")
            flag = next((f for f in flags if f["id"] == link or (key and f["key"] == key)), None)
            if flag is not None and sel.follow:
                source.add(
                    Item("flags", flag["id"], dict(flag, experiment_id=e["id"]), f"flag of experiment {e['name']!r}")
                )
        for f in _pick(flags, sel.flags, ("id", "key"), "flag"):
            source.add(Item("flags", f["id"], f, "asked"))
            exp = f.get("experiment_id")
            if exp and sel.follow and not source.has("experiments", exp):
                hit = next((e for e in exps if e["id"] == exp), None)
                if hit is not None:
                    source.add(Item("experiments", exp, hit, f"experiment of flag {f['key']!r}"))

    if sel.alerts or sel.include_alerts:
        alerts = [record_of("alerts", a) for a in src.list_alerts()]
        source.reads += 1
        for a in _pick(alerts, sel.alerts, ("id",), "alert") if sel.alerts else []:
            source.add(Item("alerts", a["id"], a, "asked"))
        if sel.include_alerts:
            for a in alerts:
                rid = (a.get("bookmark") or {}).get("id")
                if source.has("reports", rid):
                    source.add(Item("alerts", a["id"], a, f"alert on report {rid}"))

    if sel.annotations is not None:
        _collect_annotations(src, sel.annotations, source)

    _close_over_cohorts(src, sel, source)
    _find_refs(source)
    return source


def _collect_annotations(src: Workspace, spec: dict[str, Any], source: Source) -> None:
    tags = spec.get("tags")
    tag_ids = None
    if tags:
        by_name = {t.name: t.id for t in src.list_annotation_tags()}
        source.reads += 1
        tag_ids = [by_name.get(t, t) for t in tags]
    found = src.list_annotations(from_date=spec.get("from_date"), to_date=spec.get("to_date"), tags=tag_ids)
    source.reads += 1
    for a in found:
        source.add(Item("annotations", a.id, record_of("annotations", a), "in the date range"))


def _close_over_cohorts(src: Workspace, sel: Selection, source: Source) -> None:
    """Cohorts asked for, and (when following) every cohort a copied entity names, transitively."""
    wanted = {str(c) for c in sel.cohorts}
    named = {str(r.source_id) for item in source.items.values() for r in _refs_of(item) if r.family == "cohorts"}
    if not wanted and not (named and sel.follow):
        return
    cohorts = {str(c.id): record_of("cohorts", c) for c in src.list_cohorts_full()}
    source.reads += 1
    for cid in wanted:
        if cid not in cohorts:
            raise InputError(f"no cohort {cid!r} in the source project", field="cohorts")
        source.add(Item("cohorts", int(cid), cohorts[cid], "asked"))
    if not sel.follow:
        return
    queue = [(item, r) for item in list(source.items.values()) for r in _refs_of(item) if r.family == "cohorts"]
    while queue:
        owner, ref = queue.pop()
        cid = str(ref.source_id)
        if cid in cohorts and not source.has("cohorts", cid):
            item = Item("cohorts", int(cid), cohorts[cid], f"named by {owner.family[:-1]} {owner.source_id}")
            source.add(item)
            queue += [(item, r) for r in _refs_of(item) if r.family == "cohorts"]


def _refs_of(item: Item) -> list[Ref]:
    r = item.record
    if item.family == "reports":
        board = [Ref("reports", item.source_id, "dashboard_id", "dashboards", r["dashboard_id"])]
        return cohort_refs("reports", item.source_id, r.get("params"), "params") + board * bool(r.get("dashboard_id"))
    if item.family == "cohorts":
        return cohort_refs("cohorts", item.source_id, r.get("definition"), "definition")
    if item.family == "flags":
        out = cohort_refs("flags", item.source_id, r.get("ruleset"), "ruleset")
        if r.get("experiment_id"):
            out.append(Ref("flags", item.source_id, "experiment_id", "experiments", r["experiment_id"]))
        return out
    if item.family == "alerts":
        rid = (r.get("bookmark") or {}).get("id")
        return [Ref("alerts", item.source_id, "bookmark_id", "reports", rid)] if rid is not None else []
    return []


def _find_refs(source: Source) -> None:
    for item in source.items.values():
        item.refs = _refs_of(item)
