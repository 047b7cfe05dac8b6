"""``FamilySpec``: how one family maps to a frame and back; each family's entry is in ``families/<family>.py``.

A spec names the family's models (the response model gives the columns and dtypes, the update params the
writable fields), its natural key, the list filters frames pass on, and the few behaviours that differ
between families (flags update with a full PUT, dashboards take their reports with them, ...). Requests
go through ``ws.records(family)`` and the public ``Workspace`` methods only. No pandas here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mpnb.entities._base import check_int_ids, ids_csv
from mpnb.errors import InputError
from mpnb.frames._kinds import model_kinds

if TYPE_CHECKING:
    import pandas as pd
    from pydantic import BaseModel

    from mpnb._workspace import Workspace

__all__ = ["FamilySpec", "Raw", "include_archived", "only_ids"]

Raw = dict[str, Any]


def only_ids(f: dict[str, Any]) -> dict[str, Any]:
    """The list query of a family whose list call filters by ``ids`` only."""
    return {"ids": ids_csv(f.get("ids"))}


def include_archived(f: dict[str, Any]) -> dict[str, Any]:
    """The list query of flags and experiments (archived ones only on request)."""
    return {"include_archived": "true" if f.get("include_archived") else None}


def dump(made: Any) -> Raw:
    """A created entity's model as the raw record a list call would hold."""
    out: Raw = made.model_dump(mode="json", by_alias=True)
    return out


@dataclass(frozen=True, eq=False)
class FamilySpec:
    """One family's frames mapping. Field names are the response model's (not the server's aliases)."""

    name: str
    model: type[BaseModel]  # the list record: columns and dtypes
    update_params: type[BaseModel]  # its fields (minus ``read_only``) are what a frame may change
    natural_key: tuple[str, ...]  # finds a create whose answer was lost
    id_type: type = int
    create_params: type[BaseModel] | None = None
    create_with: Callable[[Any, Any], Any] | None = None  # the family's public create method (unbound)
    created: Callable[[Workspace, Any], Raw] = lambda ws, made: dump(made)  # its answer as a list record
    bulk_update_params: type[BaseModel] | None = None  # the fields one bulk-update entry takes
    read_only: frozenset[str] = frozenset()  # update params the frame will not send (layout, status, ...)
    list_query: Callable[[dict[str, Any]], dict[str, Any]] = only_ids
    filters: tuple[str, ...] = ("ids",)
    ids_filter: bool = True  # the list call takes ``ids=``: the fresh read can ask for just those
    answer: Callable[[Raw], Raw] | None = None  # an update's answer as the frame keeps it (layout dropped, ...)
    full_update: bool = False  # the update replaces the entity (flags' PUT): validate it filled
    update_returns_record: bool = True  # the update's answer is the whole entity (else: patch the snapshot)
    modified: str | None = "modified"  # the server's last-change field, for conflicts
    fresh_filters: dict[str, Any] = field(default_factory=dict)  # the conflict read sees archived ones too
    archive: Callable[[Any, Any], Any] | None = None  # the family's public archive method (unbound)
    lost_on_restore: tuple[str, ...] = ("original id",)
    # cheap cleanup columns, read-only: name -> source ("created" for age_days, a field, or "object.field")
    derived: dict[str, str] = field(default_factory=dict)
    # counts of what uses each entity: column -> (the family holding the reference, the reference's ``via``)
    used_by: dict[str, tuple[str, str]] = field(default_factory=dict)
    # where-used counts from the project graph, direct or through a chain: a ``used_by_<family>`` column for each
    # family that can use a row (events: reports, cohorts, flags, experiments, alerts, drop filters, custom events)
    where_used: bool = False
    used_by_key: str | None = None  # the column the references match (a property is named, not numbered)
    # fields whose value takes an entity out of use (hidden, dropped): a plan setting one lists what uses it
    retires: dict[str, Any] = field(default_factory=dict)
    cleanup: Callable[[pd.DataFrame], None] | None = None  # the family's own cleanup columns
    index: str = "id"  # the model field the frame is indexed by (an event is known by its name)

    def model_cls(self) -> type[BaseModel]:
        return self.model

    @cached_property
    def writable_fields(self) -> tuple[str, ...]:
        names = [n for n in self.update_params.model_fields if n not in self.read_only]
        return tuple(n for n in names if n != "deleted")

    def writable(self) -> list[str]:
        """Fields the frame may change: the family's update params, minus what frames leave alone."""
        return list(self.writable_fields)

    @cached_property
    def nested_writable(self) -> tuple[str, ...]:
        """Writable fields whose values are JSON objects or arrays (their cells can be edited in place)."""
        kinds = model_kinds(self.model_cls())
        return tuple(f for f in self.writable_fields if kinds.get(f, "object") == "object")

    @cached_property
    def bulk_field_set(self) -> frozenset[str]:
        if self.bulk_update_params is None:
            return frozenset()
        return frozenset(n for n in self.bulk_update_params.model_fields if n != "id")

    def bulk_fields(self) -> set[str]:
        return set(self.bulk_field_set)

    @cached_property
    def alias_map(self) -> dict[str, str]:
        return {n: (f.alias or n) for n, f in self.model.model_fields.items()}

    def aliases(self) -> dict[str, str]:
        """Field name -> the key the server uses for it."""
        return self.alias_map

    @property
    def id_key(self) -> str:
        return self.alias_map.get(self.index, self.index)

    # -- requests ----------------------------------------------------------------------------------------
    def list_raw(self, ws: Workspace, filters: dict[str, Any] | None = None) -> list[Raw]:
        """The raw records as the server sent them: one list call, or for an ``ids`` filter longer than a URL
        holds, as many as the ids need (any number of ids works)."""
        filters = dict(filters or {})
        unknown = sorted(set(filters) - set(self.filters))
        if unknown:
            raise InputError(
                f"{self.name}.frame() takes {', '.join(self.filters) or 'no filters'}; not {', '.join(unknown)}",
                field=unknown[0],
            )
        ids = filters.pop("ids", None)
        query = {k: v for k, v in self.list_query(filters).items() if v is not None}
        if ids is not None and self.ids_filter:
            checked = check_int_ids(ids, "ids", allow_empty=True) if self.id_type is int else list(ids)
            return ws.records(self.name).read_ids(checked, query)[0] if checked else []
        return ws.records(self.name).read(query)

    def create(self, ws: Workspace, fields: dict[str, Any]) -> Raw:
        """Create one entity from frame fields through the family's public create method; its record."""
        if self.create_params is None or self.create_with is None:
            raise InputError(f"frames cannot create {self.name}", field="id")
        return self.created(ws, self.create_with(ws, self.create_params.model_validate(fields)))

    def send_update(self, ws: Workspace, eid: Any, changes: dict[str, Any], current: Raw | None) -> Raw | None:
        """Send one entity's changes through the family's one write path (``current``: its fresh record)."""
        data = ws.records(self.name).write(eid, changes, current)
        return self.answer(data) if data is not None and self.answer is not None else data
