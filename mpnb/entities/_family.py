"""What a family tells everything above it: one ``Family`` entry, declared in the family's own module.

The registry (``mpnb/_families.py``) collects these entries; generic code (frames, restore, copy, audit, the
graph, the CLI) iterates the registry and asks an entry instead of naming families. An entry holds what
does not depend on any layer above: words, id kind, the list call, bulk keys, natural key, the fields that
make up an entity's content (its fingerprint), and the references its records hold (the edges of the
project graph). Each layer's own per-family part lives in that layer, in a module named after the family.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from mpnb._http import Http, Op, objects_of

__all__ = [
    "BulkEntry",
    "Expanded",
    "Expander",
    "Family",
    "IdKind",
    "OnDelete",
    "Raw",
    "Reader",
    "Reference",
    "Remover",
    "Writer",
    "cohort_ids",
    "field_ids",
    "fingerprint_of",
    "nested_ids",
    "path_value",
    "rewrite_nested",
]

Raw = dict[str, Any]
# A family's one write path: (http, id, changes, the record as last read or None) -> the server's answer.
Writer = Callable[[Http, Any, Raw, "Raw | None"], Any]
# A family's list read when it is not one plain list call: (http, query) -> raw records.
Reader = Callable[[Http, dict[str, Any]], list[Raw]]
# A family's one delete request when it is not a DELETE of ``{id}`` (the Lexicon's deletes carry a body).
Remover = Callable[[Http, Any], Any]
# One bulk-update entry: (id, changes as the wire takes them, the record as last read or None) -> the entry.
BulkEntry = Callable[[Any, Raw, "Raw | None"], Raw]
IdKind = Literal["int", "uuid", "str", "name"]  # name: known by its exact name (an event), any printable text
# What the server does to a record when the entity its reference names is deleted:
#   cascade: the record is deleted with it; dangles: it stays, pointing at nothing; unlinks: the server
#   clears the reference.
OnDelete = Literal["cascade", "dangles", "unlinks"]
# An edge that the list reads do not show, found by reads about some entities (a linked copy's source is
# only on its board): (source family, source id, target family, target id, via, on_delete).
Expanded = tuple[str, Any, str, Any, str, OnDelete]
# (http, ids of this family, every family's records by id) -> the edges those ids have beyond the lists
Expander = Callable[[Http, list[Any], dict[str, dict[Any, Raw]]], list[Expanded]]


def path_value(record: Raw, path: str) -> Any:
    """``record["a"]["b"]`` for ``path="a.b"``; None when any step is missing. ``"a|b.c"`` takes the first
    of two spellings that is set (create params say ``bookmark_id`` where a listed alert holds ``bookmark.id``)."""
    for spelling in path.split("|"):
        value: Any = record
        for part in spelling.split("."):
            if not isinstance(value, dict):
                value = None
                break
            value = value.get(part)
        if value is not None:
            return value
    return None


_CONTAINERS = (dict, list)


def _values_of(value: Any, key: str) -> list[Any]:
    """Every scalar value of ``key`` at any depth of ``value`` (iterative, and fast: 20,000 reports' params)."""
    out: list[Any] = []
    if key not in repr(value):  # most records name nothing: one C-speed look before any walk
        return out
    stack = [value]
    while stack:
        v = stack.pop()
        if type(v) is dict:
            found = v.get(key)
            if found is not None and type(found) not in (dict, list, bool):
                out.append(found)
            stack.extend(x for x in v.values() if type(x) in _CONTAINERS)
        elif type(v) is list:
            stack.extend(x for x in v if type(x) in _CONTAINERS)
    return out


def nested_ids(key: str, *roots: str) -> Callable[[Raw], list[Any]]:
    """The values of ``key`` anywhere inside ``roots`` of a record (the whole record when no root is named)."""

    def find(record: Raw) -> list[Any]:
        values = [record] if not roots else [record.get(r) for r in roots]
        found = [v for value in values if type(value) in _CONTAINERS for v in _values_of(value, key)]
        return list(dict.fromkeys(found)) if len(found) > 1 else found

    return find


def cohort_ids(*roots: str) -> Callable[[Raw], list[Any]]:
    """Cohort references inside nested JSON: Mixpanel writes them as an object holding ``cohort_id``."""
    return nested_ids("cohort_id", *roots)


def rewrite_nested(value: Any, key: str, new_id: Callable[[Any], Any]) -> Any:
    """A deep copy of ``value`` with each ``key`` value replaced by ``new_id(old)`` (kept when that is None)."""
    if isinstance(value, dict):
        out = {k: rewrite_nested(v, key, new_id) for k, v in value.items()}
        ref = value.get(key)
        if ref is not None and not isinstance(ref, (dict, list, bool)):
            mapped = new_id(ref)
            if mapped is not None:
                out[key] = mapped
        return out
    if isinstance(value, list):
        return [rewrite_nested(v, key, new_id) for v in value]
    return value


def field_ids(path: str) -> Callable[[Raw], list[Any]]:
    """The one id at ``path`` (``"dashboard_id"``, ``"bookmark.id"``), as a list of zero or one."""

    def find(record: Raw) -> list[Any]:
        value = path_value(record, path)
        return [] if value is None or isinstance(value, (dict, list, bool)) else [value]

    return find


@dataclass(frozen=True)
class Reference:
    """A field of this family's records that names entities of another family: an edge of the project graph.

    ``find(record)`` gives the named values; ``by`` is the target's field they match (its id, or e.g. a
    flag's ``key``). ``field`` is the create/update field that carries the reference (rewritten old -> new
    by restore and copy); ``nested`` means the values sit anywhere inside that field's JSON under ``key``.
    """

    target: str
    via: str
    find: Callable[[Raw], list[Any]]
    field: str | None = None
    on_delete: OnDelete = "dangles"
    by: str = "id"
    nested_key: str | None = None  # the key holding the reference inside ``field``'s JSON (e.g. cohort_id)
    orders: bool = True  # the target is created before this record (False breaks a cycle: flag <-> experiment)
    repoint: bool = True  # restore points the record at a recreated target by writing ``field``
    binds: bool = False  # the target depends on this record too (an experiment on the flag that names it)
    # how ``field``'s JSON is rewritten when ids are written more than one way (a custom event's id and its
    # ``$custom_event:<id>`` name): (value, new_id) -> the value rewritten
    rewriter: Callable[[Any, Callable[[Any], Any]], Any] | None = None

    @classmethod
    def at(
        cls,
        path: str,
        target: str,
        via: str,
        *,
        on_delete: OnDelete = "dangles",
        by: str = "id",
        orders: bool = True,
        binds: bool = False,
    ) -> Reference:
        """A reference held at one place of the record (``"dashboard_id"``, ``"bookmark.id"``)."""
        field = path.split("|")[0].split(".")[0]
        found = field_ids(path)
        return cls(target, via, found, field, on_delete, by, None, orders, orders, binds)

    @classmethod
    def inside(cls, root: str, key: str, target: str, via: str, *, on_delete: OnDelete = "dangles") -> Reference:
        """References written as ``{key: id}`` objects anywhere inside ``root``'s JSON (a report's params)."""
        return cls(target, via, nested_ids(key, root), field=root, on_delete=on_delete, nested_key=key)

    def rewrite(self, fields: Raw, new_id: Callable[[Any], Any]) -> Raw:
        """``fields`` (create params) with this reference's values replaced by ``new_id(old)`` where known."""
        if self.field is None or self.field not in fields:
            return fields
        out = dict(fields)
        if self.rewriter is not None:
            out[self.field] = self.rewriter(out[self.field], new_id)
        elif self.nested_key is not None:
            out[self.field] = rewrite_nested(out[self.field], self.nested_key, new_id)
        else:
            out[self.field] = _rewrite_value(out[self.field], new_id)
        return out


def _rewrite_value(value: Any, new_id: Callable[[Any], Any]) -> Any:
    """One reference value with its ids mapped: an id, ``{"id": ...}`` (an alert's ``bookmark``), or a list of them."""
    if isinstance(value, list):
        return [_rewrite_value(v, new_id) for v in value]
    if isinstance(value, dict):
        mapped = new_id(value.get("id"))
        return value if mapped is None else dict(value, id=mapped)
    if value is None:
        return None
    mapped = new_id(value)
    return value if mapped is None else mapped


def _canonical(value: Any) -> Any:
    """A value as the fingerprint sees it: key order, tuple/list and "" versus missing do not matter."""
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return None if value == "" else value


def fingerprint_of(values: dict[str, Any]) -> str:
    """A stable digest of some fields (key order, JSON spacing and tuple/list do not matter)."""
    text = json.dumps(_canonical(values), sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, eq=False)
class Family:
    """One entity family as every layer sees it. Declared as ``FAMILY`` in ``mpnb/entities/<name>.py``."""

    name: str  # plural, as users and the CLI say it: "reports"
    singular: str  # "report"
    model: type[BaseModel]  # the record as a list call returns it
    ops: Any  # the family's endpoint table (``OPS``): LIST, UPDATE, DELETE, BULK_* where it has them
    id_kind: IdKind = "int"
    words: tuple[str, ...] = ()  # other names people use ("bookmarks")
    label: str = "name"  # the field people know an entity by
    list_all: dict[str, Any] = field(default_factory=dict)  # the query that lists every entity (archived too)
    ids_param: str | None = None  # the list call's id filter, if it has one
    natural_key: tuple[str, ...] = ("name",)  # stands in for an id only when unique and the content agrees
    key_unique: bool = False  # the server allows one entity per natural key (a flag's key): it is an identity
    content: tuple[str, ...] = ()  # the fields that define an entity (its fingerprint)
    content_of: Callable[[Raw], dict[str, Any]] | None = None  # instead of ``content``, when fields need shaping
    references: tuple[Reference, ...] = ()
    modified: str | None = "modified"  # the server's last-change field, for conflicts
    bulk_update_key: str | None = None
    bulk_delete_key: str | None = None
    id_key: str = "id"
    write: Writer | None = None  # None: one PATCH of ``body(changes)``
    expand: Expander | None = None  # edges only per-entity reads show, read for the entities a plan touches
    active: Callable[[Raw], bool] | None = None  # live (an active experiment, an enabled flag, a running alert)
    body: Callable[[Raw], Raw] | None = None  # changes as the wire takes them (also each bulk-update entry)
    reader: Reader | None = None  # None: one list call with the query (the Lexicon's lists need more)
    remover: Remover | None = None  # None: one DELETE of ``{id}``
    entry: BulkEntry | None = None  # None: the wire changes plus ``{id_key: id}``

    def wire(self, changes: Raw) -> Raw:
        """Changes (field names as the models have them) as the server takes them in an update."""
        return self.body(changes) if self.body is not None else changes

    def send_write(self, http: Http, eid: Any, changes: Raw, current: Raw | None = None) -> Any:
        """The family's one write path: every update of an entity (frames, copy, restore, the CLI) goes here."""
        if self.write is not None:
            return self.write(http, eid, changes, current)
        return http.call(self.ops.UPDATE, path={"id": eid}, json_body=self.wire(changes))

    def send_delete(self, http: Http, eid: Any) -> Any:
        """The family's one delete request (call it inside the delete path, which backs up first)."""
        if self.remover is not None:
            return self.remover(http, eid)
        return http.call(self.ops.DELETE, path={"id": eid})

    def bulk_entry(self, eid: Any, changes: Raw, current: Raw | None = None) -> Raw:
        """One entry of the family's bulk update: ``changes`` as the wire takes them, and what names the entity."""
        if self.entry is not None:
            return self.entry(eid, self.wire(changes), current)
        return dict(self.wire(changes), **{self.id_key: eid})

    # -- reading -----------------------------------------------------------------------------------------
    def read(self, http: Http, query: dict[str, Any] | None = None) -> list[Raw]:
        """The family's list read with ``query``: raw records (one list call unless the family says more)."""
        if self.reader is not None:
            return self.reader(http, dict(query or {}))
        op: Op = self.ops.LIST
        return objects_of(http.call(op, params=dict(query or {})), op.name)

    def read_all(self, http: Http) -> list[Raw]:
        """Every entity of the family (archived ones included): one list call, raw records."""
        return self.read(http, self.list_all)

    def id_of(self, record: Raw) -> Any:
        return record.get(self.id_key)

    def label_of(self, record: Raw) -> str:
        value = path_value(record, self.label)
        return "" if value is None else str(value)

    # -- identity ----------------------------------------------------------------------------------------
    def key_of(self, record: Raw) -> tuple[Any, ...]:
        """The natural key of a record (or of create params: the same keys)."""
        return tuple(_plain_key(path_value(record, k)) for k in self.natural_key)

    def fingerprint(self, record: Raw) -> str:
        """A digest of the fields that define the entity; two records with the same one hold the same thing."""
        if self.content_of is not None:
            return fingerprint_of(self.content_of(record))
        return fingerprint_of({k: path_value(record, k) for k in self.content})


def _plain_key(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return fingerprint_of({"v": value})
    return value if value is None else str(value)
