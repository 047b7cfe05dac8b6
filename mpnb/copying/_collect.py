"""Read what a copy needs from the source project, and close the selection over its references, both ways.

Forward, an entity brings what it names that its family's rules follow (a report's cohorts, a flag's
experiment); backward, what names it that the rules bring (a board's reports, an experiment's flag, with
``include_alerts`` a report's alerts). References come from the registry: nothing here knows a family.
Each pulled-in entity records *why* it is in the copy, so the plan can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.copying._refs import Ref
from mpnb.copying.families import RULES, rules_for
from mpnb.errors import InputError

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["Item", "Selection", "Source", "collect"]

Raw = dict[str, Any]


@dataclass
class Item:
    """One source entity in the copy: its record, why it is included, and what it points at."""

    family: str
    source_id: Any
    record: Raw
    why: str
    refs: list[Ref] = field(default_factory=list)


@dataclass
class Selection:
    picks: dict[str, list[Any]] = field(default_factory=dict)  # family -> ids (or keys/names) asked for
    annotations: dict[str, Any] | None = None
    include_alerts: bool = False  # bring the families copied only on request (alerts) through references
    follow: bool = True


@dataclass
class Source:
    """The source side of a copy: the items, each layout read with its entity, and the reads it took."""

    items: dict[tuple[str, str], Item] = field(default_factory=dict)
    layouts: dict[str, Any] = field(default_factory=dict)  # str(id) -> the layout its read_one returned
    lists: dict[str, list[Raw]] = field(default_factory=dict)
    reads: int = 0

    def add(self, item: Item) -> bool:
        key = (item.family, str(item.source_id))
        if key in self.items:
            return False
        self.items[key] = item
        return True

    def has(self, family: str, source_id: Any) -> bool:
        return (family, str(source_id)) in self.items

    def listed(self, src: Workspace, family: str) -> list[Raw]:
        """Every record of ``family`` on the source, read once."""
        if family not in self.lists:
            self.lists[family] = src.records(family).read_all()
            self.reads += 1
        return self.lists[family]


def _pick(source: Source, src: Workspace, family: str, wanted: list[Any]) -> list[Raw]:
    """The records named in ``wanted`` by id, or by what people call them (a flag's key, a name)."""
    fam = REGISTRY.get(family)
    records = source.listed(src, family)
    out = []
    for w in wanted:
        hit = next((r for r in records if str(fam.id_of(r)) == str(w) or fam.label_of(r) == str(w)), None)
        if hit is None:
            raise InputError(
                f"no {fam.singular} {w!r} in the source project (give an id or a {fam.label})", field=family
            )
        out.append(hit)
    return out


def collect(src: Workspace, sel: Selection) -> Source:
    """Read the selection and its closure from ``src`` (a list call per family it touches, one read per board)."""
    source = Source()
    for family, wanted in sel.picks.items():
        rules = rules_for(family)
        if not rules.copyable:
            raise InputError(f"{family} are never copied: {rules.why}", field=family)
        if rules.read_one is not None:
            for w in wanted:
                record, layout, children = rules.read_one(src, w)
                source.reads += 1
                owner = REGISTRY.get(family)
                source.add(Item(family, owner.id_of(record), record, "asked"))
                source.layouts[str(owner.id_of(record))] = layout
                why = rules.why_brought.get(str(rules.children), "in {id}")
                for child in children:
                    child_fam = REGISTRY.get(str(rules.children))
                    source.add(Item(child_fam.name, child_fam.id_of(child), child, why.format(id=owner.id_of(record))))
            continue
        for record in _pick(source, src, family, wanted):
            source.add(Item(family, REGISTRY.get(family).id_of(record), record, "asked"))
    if sel.annotations is not None:
        _annotations(src, sel.annotations, source)
    _close(src, sel, source)
    for item in source.items.values():
        item.refs = refs_of(item)
    return source


def _annotations(src: Workspace, spec: dict[str, Any], source: Source) -> None:
    tags = spec.get("tags")
    tag_ids = None
    if tags:
        by_name = {t.name: t.id for t in src.list_annotation_tags()}
        source.reads += 1
        tag_ids = [by_name.get(t, t) for t in tags]
    found = src.list_annotations(from_date=spec.get("from_date"), to_date=spec.get("to_date"), tags=tag_ids)
    source.reads += 1
    for a in found:
        record = a.model_dump(mode="json", by_alias=True)
        source.add(Item("annotations", a.id, record, "in the date range"))


def _brought(family: str, sel: Selection) -> bool:
    rules = RULES.get(family)
    return rules is not None and rules.copyable and (sel.include_alerts or not rules.on_request)


def _close(src: Workspace, sel: Selection, source: Source) -> None:
    """Add, transitively, what the items name (forward) and what names them (backward), as the rules say."""
    queue = list(source.items.values())
    while queue:
        item = queue.pop(0)
        fam, rules = REGISTRY.get(item.family), rules_for(item.family)
        if sel.follow:
            for ref in fam.references:
                if ref.target not in rules.follow or not _brought(ref.target, sel):
                    continue
                target = REGISTRY.get(ref.target)
                template = rules.why_brought.get(ref.target, "named by " + fam.singular + " {id}")
                why = template.format(id=item.source_id, label=fam.label_of(item.record))
                key = target.id_of if ref.by == "id" else (lambda r, by=ref.by: r.get(by))  # the id may be keyed
                for value in ref.find(item.record):
                    hit = next((r for r in source.listed(src, ref.target) if key(r) == value), None)
                    if hit is not None:
                        new = Item(ref.target, target.id_of(hit), hit, why)
                        if source.add(new):
                            queue.append(new)
        for other, ref in REGISTRY.referencing(item.family):
            if other.name not in rules.brings or not _brought(other.name, sel):
                continue
            template = rules.why_brought.get(other.name, "names {id}")
            why = template.format(id=item.source_id, label=fam.label_of(item.record))
            for record in source.listed(src, other.name):
                if item.source_id in ref.find(record) or (
                    ref.by != "id" and item.record.get(ref.by) in ref.find(record)
                ):
                    new = Item(other.name, other.id_of(record), record, why)
                    if source.add(new):
                        queue.append(new)


def refs_of(item: Item) -> list[Ref]:
    """Every reference by id the item's record holds to an entity of another (registry) family or its own."""
    fam, rules = REGISTRY.get(item.family), rules_for(item.family)
    copied = set(rules.fields(item.record)) if rules.fields is not None else set()
    out = []
    for ref in fam.references:
        if ref.by != "id" or ref.target not in REGISTRY or ref.field not in copied:
            continue  # a key (a flag's) travels as it is; tags travel by name; an uncopied field needs nothing
        out += [Ref(item.family, item.source_id, str(ref.field), ref.target, v) for v in ref.find(item.record)]
    return out
