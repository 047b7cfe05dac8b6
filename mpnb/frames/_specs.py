"""The per-family table the frames layer runs on: ids, writable fields, bulk endpoints, callables.

Everything family-specific the generic frame/plan/apply code needs is written out here, one entry per
family; paths stay in the entity modules (each entry uses that module's ``OPS`` table and models). A family
is *available* once its entity module has its list method and models (the slices land one by one).
No pandas here: the Workspace imports this to answer ``ws.<family>``.
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

__all__ = ["SPECS", "FamilySpec", "spec_for"]

Raw = dict[str, Any]


def _ids_csv(ids: list[Any]) -> str:
    return ",".join(str(i) for i in ids)


def _as_list(data: Any, what: str) -> list[Raw]:
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
        "ids": _ids_csv(f["ids"]) if f.get("ids") else None
    }
    filters: tuple[str, ...] = ("ids",)
    ids_filter: bool = True  # the list call takes ``ids=``: the fresh read can ask for just those
    update_body: Callable[[dict[str, Any]], dict[str, Any]] = lambda changes: changes
    create: Callable[[Workspace, dict[str, Any]], Raw] | None = None
    update: Callable[[Workspace, Any, dict[str, Any]], Raw | None] | None = None
    delete_one: Callable[[Workspace, Any], None] | None = None
    cascades: Callable[[Workspace, list[Any]], dict[str, list[Raw]]] | None = None
    archive: Callable[[Workspace, Any], None] | None = None
    lost_on_restore: tuple[str, ...] = ("original id",)
    derived: dict[str, str] = field(default_factory=dict)  # cleanup column -> how it is computed

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
        return _as_list(ws._http.call(self.attr("OPS").LIST, params=query), self.list_method)


# -- reports --------------------------------------------------------------------------------------------
def _reports_query(f: dict[str, Any]) -> dict[str, Any]:
    return {"v": 2, "type": f.get("bookmark_type"), "ids": _ids_csv(f["ids"]) if f.get("ids") else None}


def _report_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.reports import CreateBookmarkParams

    body = {("type" if k == "bookmark_type" else k): v for k, v in fields.items()}
    made = ws.create_bookmark(CreateBookmarkParams.model_validate(body))
    return made.model_dump(mode="json", by_alias=True)


def _report_update(ws: Workspace, rid: Any, changes: dict[str, Any]) -> Raw | None:
    from mpnb.entities.reports import OPS

    data = ws._http.call(OPS.UPDATE, path={"id": rid}, json_body=dict(changes, v=2))
    return data if isinstance(data, dict) else None


def _report_delete(ws: Workspace, rid: Any) -> None:
    from mpnb.entities.reports import OPS

    ws._http.call(OPS.DELETE, path={"id": rid})


# -- dashboards -----------------------------------------------------------------------------------------
def _dashboard_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.dashboards import CreateDashboardParams

    made = ws.create_dashboard(CreateDashboardParams.model_validate(fields))
    out = made.model_dump(mode="json", by_alias=True)
    out.pop("layout", None)
    out.pop("contents", None)
    return out


def _dashboard_update(ws: Workspace, did: Any, changes: dict[str, Any]) -> Raw | None:
    from mpnb.entities.dashboards import OPS

    data = ws._http.call(OPS.UPDATE, path={"id": did}, json_body=changes)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in ("layout", "contents")}
        return data
    return None


def _dashboard_delete(ws: Workspace, did: Any) -> None:
    from mpnb.entities.dashboards import OPS

    ws._http.call(OPS.DELETE, path={"id": did})


def _dashboard_cascades(ws: Workspace, ids: list[Any]) -> dict[str, list[Raw]]:
    """Reports saved to the boards go with them (S6); one reports list call."""
    wanted = set(ids)
    reports = SPECS["reports"].list_raw(ws)
    return {"reports": [r for r in reports if r.get("dashboard_id") in wanted]}


SPECS: dict[str, FamilySpec] = {
    "dashboards": FamilySpec(
        name="dashboards",
        module="mpnb.entities.dashboards",
        model="Dashboard",
        update_model="UpdateDashboardParams",
        create_model="CreateDashboardParams",
        list_method="list_dashboards",
        natural_key=("title",),
        bulk_delete_key="dashboard_ids",
        read_only=frozenset({"layout", "content"}),
        create=_dashboard_create,
        update=_dashboard_update,
        delete_one=_dashboard_delete,
        cascades=_dashboard_cascades,
        lost_on_restore=("original id", "layout (cards are re-added in saved order, sizes are not)"),
        derived={"owner": "creator_name", "age_days": "created"},
    ),
    "reports": FamilySpec(
        name="reports",
        module="mpnb.entities.reports",
        model="Bookmark",
        update_model="UpdateBookmarkParams",
        create_model="CreateBookmarkParams",
        list_method="list_bookmarks_v2",
        natural_key=("name", "dashboard_id"),
        bulk_update_key="bookmarks",
        bulk_update_model="BulkUpdateBookmarkEntry",
        bulk_delete_key="bookmark_ids",
        list_query=_reports_query,
        filters=("bookmark_type", "ids"),
        create=_report_create,
        update=_report_update,
        delete_one=_report_delete,
        lost_on_restore=("original id", "view counts and history"),
        derived={"owner": "creator_name", "age_days": "created"},
    ),
}


def spec_for(family: str) -> FamilySpec:
    try:
        return SPECS[family]
    except KeyError:
        raise InputError(f"unknown family {family!r}; known: {', '.join(SPECS)}", field="family") from None
