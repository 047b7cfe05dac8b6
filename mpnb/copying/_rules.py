"""What a family tells the generic copy: one ``CopyRules`` per family, in ``copying/families/<name>.py``.

A family's rules say what the target should hold for a source record (``fields``: the copied fields by the
wire's names; the generic copy rewrites in them every reference the registry declares), how to create and
update it on the target (through the target Workspace's public methods, so a copy gets the same checks,
retries and outcome rules as any call), which references a copy follows to bring more entities (``follow``:
forward, the entities it names; ``brings``: backward, the entities that name it, such as a flag naming an
experiment), and the family's few special steps (a board is created with its cards; an annotation's tags
travel by name). Identity (is this target record the earlier copy?) is the registry's one rule, never a
name alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["CopyRules", "Raw", "Remap", "dump", "named_inside", "no_none"]

Raw = dict[str, Any]
Remap = Callable[[str, Any], Any]
"""``remap(family, source_id)`` -> the target id (or None when unknown)."""


def dump(model: Any) -> Raw:
    """A model as the plain JSON record the rules read (by wire name, extra server keys kept)."""
    data: Raw = model.model_dump(mode="json", by_alias=True)
    extra = getattr(model, "model_extra", None)
    if extra:
        data.update(json.loads(json.dumps(extra, default=str)))
    return data


def named_inside(family: str) -> frozenset[str]:
    """The families ``family``'s records name by id inside a JSON field (a report's query: its cohorts, custom
    events and custom properties), as the registry declares them: a copy brings them along and rewrites them."""
    from mpnb._families import REGISTRY

    refs = REGISTRY.get(family).references
    return frozenset(r.target for r in refs if r.by == "id" and (r.nested_key or r.rewriter) and r.target != family)


def no_none(fields: Raw) -> Raw:
    return {k: v for k, v in fields.items() if v is not None}


@dataclass(frozen=True)
class CopyRules:
    """How one family is copied. Callables take the target Workspace first where they write."""

    family: str
    fields: Callable[[Raw], Raw] | None = None  # the copied fields of a record (None: never copied, ``why``)
    create: Callable[[Workspace, Raw], Raw] | None = None  # fields -> the created record (raises MpnbError)
    update: Callable[[Workspace, Any, Raw, Raw], Raw] | None = None  # (dst, target id, fields, current record)
    follow: frozenset[str] = frozenset()  # families this one names that a copy brings along (with follow=True)
    brings: tuple[str, ...] = ()  # families whose records name this one that a copy brings along
    why: str = ""  # for a family never copied: why not
    # a copy-time step on the fields (an annotation's tag names -> the target's tag ids): (dst, fields, cache)
    prepare: Callable[[Workspace, Raw, dict[str, Any]], Raw] | None = None
    # why a brought entity is in the copy, by the family it came through: {"alerts": "alert on report {id}"}
    why_brought: dict[str, str] = field(default_factory=dict)
    # an entity read with the children it holds (a board with its cards): (src, id) -> (record, layout, children)
    read_one: Callable[[Workspace, Any], tuple[Raw, Any, list[Raw]]] | None = None
    # the children's source ids in that layout, in order
    children_of: Callable[[Any], list[Any]] | None = None
    # created together with its new children: (dst, fields, layout, ids of the children to create, their fields)
    # -> (record, [(child source id, its record)])
    create_with: (
        Callable[[Workspace, Raw, Any, set[str], Callable[[Any], Raw]], tuple[Raw, list[tuple[Any, Raw]]]] | None
    ) = None
    # found again after that create's answer was lost: (dst, target id, child source ids in order) -> the same
    found_with: Callable[[Workspace, Any, list[Any]], tuple[Raw, list[tuple[Any, Raw]]]] | None = None
    children: str | None = None  # the family of those children ("reports")
    on_request: bool = False  # brought through references only when asked (``include_alerts=True``)
    picked_by: str = "ids"  # how ``mp.copy`` names them: "ids" (ids, keys or names), "dates" (a date range)

    @property
    def copyable(self) -> bool:
        return self.fields is not None
