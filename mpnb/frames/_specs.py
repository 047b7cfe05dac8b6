"""The per-family table the frames layer runs on: ids, writable fields, bulk endpoints, callables.

Everything family-specific the generic frame/plan/apply code needs is written out here, one entry per
family; paths stay in the entity modules (each entry uses that module's ``OPS`` table and models). A family
is *available* once its entity module has its list method and models (the slices land one by one).
No pandas here. The table itself, with each family's callables, is ``mpnb.frames._families.SPECS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb.errors import InputError, InvalidResponseError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mpnb._workspace import Workspace

__all__ = ["FamilySpec", "Raw", "as_list", "ids_csv"]

Raw = dict[str, Any]


def ids_csv(ids: list[Any]) -> str:
    return ",".join(str(i) for i in ids)


def as_list(data: Any, what: str) -> list[Raw]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if not isinstance(data, list):
        raise InvalidResponseError(f"unexpected answer from {what}: expected a list")
    return [r for r in data if isinstance(r, dict)]


@dataclass(frozen=True)
class FamilySpec:
    """How one family maps to a frame and back. Field names are the response model's (not aliases)."""

    name: str
    module: str
    model: str
    update_model: str
    list_method: str
    natural_key: tuple[str, ...]
    id_type: type = int
    create_model: str | None = None
    bulk_update_key: str | None = None  # body key of OPS.BULK_UPDATE, when Mixpanel has one
    bulk_update_model: str | None = None
    bulk_delete_key: str | None = None  # body key of OPS.BULK_DELETE
    read_only: frozenset[str] = frozenset()  # update params the frame will not send (layout, status, ...)
    list_query: Callable[[dict[str, Any]], dict[str, Any]] = lambda f: {
        "ids": ids_csv(f["ids"]) if f.get("ids") else None
    }
    filters: tuple[str, ...] = ("ids",)
    ids_filter: bool = True  # the list call takes ``ids=``: the fresh read can ask for just those
    update_body: Callable[[dict[str, Any]], dict[str, Any]] = lambda changes: changes
    create: Callable[[Workspace, dict[str, Any]], Raw] | None = None
    update: Callable[[Workspace, Any, dict[str, Any], Raw | None], Raw | None] | None = None  # (.., current)
    full_update: bool = False  # the update replaces the entity (flags' PUT): validate it filled from the fresh read
    update_returns_record: bool = True  # the update's answer is the whole entity (else: patch the snapshot)
    modified: str | None = "modified"  # the server's last-change field, for conflicts (S5: its string)
    fresh_filters: dict[str, Any] = field(default_factory=dict)  # the conflict read sees archived ones too
    delete_one: Callable[[Workspace, Any], None] | None = None
    cascades: Callable[[Workspace, list[Any]], dict[str, list[Raw]]] | None = None
    archive: Callable[[Workspace, Any], None] | None = None
    create_requests: int = 1  # requests one create takes (a report is also placed on its board: 2)
    archive_requests: int = 1  # the experiments slice reads the state before archiving: 2
    lost_on_restore: tuple[str, ...] = ("original id",)
    # cheap cleanup columns, read-only: name -> source ("created" for age_days, a field, or "object.field")
    derived: dict[str, str] = field(default_factory=dict)

    # -- the entity module -----------------------------------------------------------------------------
    def entity(self) -> Any:
        return importlib.import_module(self.module)

    def attr(self, name: str) -> Any:
        return getattr(self.entity(), name)

    def model_cls(self) -> type[BaseModel]:
        cls: type[BaseModel] = self.attr(self.model)
        return cls

    def available(self) -> bool:
        """The slice has landed: models, list method and endpoint table are in its entity module."""
        try:
            mod = self.entity()
        except ImportError:
            return False
        methods = next((getattr(mod, n) for n in dir(mod) if n.endswith("Methods")), None)
        return all(hasattr(mod, n) for n in (self.model, self.update_model, "OPS")) and hasattr(
            methods, self.list_method
        )

    def require(self) -> None:
        if not self.available():
            raise InputError(
                f"frames for {self.name} need the {self.name} slice (models and {self.list_method}); "
                "it has not landed yet",
                field=self.name,
            )

    def writable(self) -> list[str]:
        """Fields the frame may change: the family's update params, minus what frames leave alone."""
        names = [n for n in self.attr(self.update_model).model_fields if n not in self.read_only]
        return [n for n in names if n != "deleted"]

    def bulk_fields(self) -> set[str]:
        if self.bulk_update_model is None:
            return set()
        return {n for n in self.attr(self.bulk_update_model).model_fields if n != "id"}

    def aliases(self) -> dict[str, str]:
        """Field name -> the key the server uses for it."""
        return {n: (f.alias or n) for n, f in self.model_cls().model_fields.items()}

    # -- reads -----------------------------------------------------------------------------------------
    def list_raw(self, ws: Workspace, filters: dict[str, Any] | None = None) -> list[Raw]:
        """One list call; the raw records as the server sent them."""
        unknown = sorted(set(filters or {}) - set(self.filters))
        if unknown:
            raise InputError(
                f"{self.name}.frame() takes {', '.join(self.filters)}; not {', '.join(unknown)}", field=unknown[0]
            )
        query = {k: v for k, v in self.list_query(dict(filters or {})).items() if v is not None}
        return as_list(ws._http.call(self.attr("OPS").LIST, params=query), self.list_method)
