"""Drop filters (events discarded at ingestion when they match): models, endpoint table, ``DropFiltersMethods``.

Every verb uses the one collection path ``data-definitions/events/drop-filters/``: the id travels in the JSON
body, and create, update and delete each answer the whole list as it is afterwards. A project may hold a
limited number of filters (``get_drop_filter_limits()``).

>>> ws.create_drop_filter(mp.CreateDropFilterParams(event_name="debug_log", filters=[...]))
>>> ws.update_drop_filter(7, mp.UpdateDropFilterParams(active=False))
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from mpnb._http import Http, Op, objects_of
from mpnb._models import InputModel, ResponseModel, Timestamp, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_int_id
from mpnb.entities._family import Family, Raw, Reference
from mpnb.entities._lexicon import NAME_MAX, check_name
from mpnb.errors import InputError

__all__ = [
    "CreateDropFilterParams",
    "DropFilter",
    "DropFilterLimits",
    "DropFiltersMethods",
    "UpdateDropFilterParams",
]


class DropFilter(ResponseModel):
    """A drop filter: events called ``event_name`` that match ``filters`` are discarded while ``active``."""

    id: int
    event_name: str
    filters: list[Any] | None = None
    active: bool | None = None
    display_name: str | None = None
    created: Timestamp | None = None


class DropFilterLimits(ResponseModel):
    """How many drop filters the project may hold."""

    filter_limit: int


class CreateDropFilterParams(InputModel):
    """A new drop filter: the ``event_name`` to drop and the property ``filters`` a dropped event matches."""

    event_name: str = Field(min_length=1, max_length=NAME_MAX)
    """The event to drop, exactly as tracked."""
    filters: list[dict[str, Any]] = Field(min_length=1)
    """Conditions on the event's properties, as Mixpanel's report filters write them."""


class UpdateDropFilterParams(InputModel):
    """The fields to change on a drop filter; ``active=False`` pauses it (nothing is dropped meanwhile)."""

    event_name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    """The event to drop."""
    filters: list[dict[str, Any]] | None = Field(default=None, min_length=1)
    """Conditions on the event's properties; replaces them."""
    active: bool | None = None
    """Whether the filter drops events now."""


def results_or_none(data: Any) -> Any:
    """The list an answer holds (bare or in ``results``), else None."""
    inner = data.get("results") if isinstance(data, dict) else data
    return inner if isinstance(inner, list) else None


class OPS:
    LIST = Op("list_drop_filters", "GET", "data-definitions/events/drop-filters/")
    CREATE = Op("create_drop_filter", "POST", "data-definitions/events/drop-filters/")
    UPDATE = Op("update_drop_filter", "PATCH", "data-definitions/events/drop-filters/")
    DELETE = Op("delete_drop_filter", "DELETE", "data-definitions/events/drop-filters/")
    LIMITS = Op("get_drop_filter_limits", "GET", "data-definitions/events/drop-filters/limits/")


def _write(http: Http, fid: Any, changes: Raw, current: Raw | None) -> Any:
    return http.call(OPS.UPDATE, json_body={**changes, "id": fid})


def _remove(http: Http, fid: Any) -> Any:
    return http.call(OPS.DELETE, json_body={"id": fid})


def newest_for(records: list[Raw], event_name: str, before: set[Any]) -> Raw | None:
    """The filter a create made: the newest of ``event_name`` that was not there before."""
    made = [r for r in records if r.get("event_name") == event_name and r.get("id") not in before]
    return max(made, key=lambda r: int(r.get("id") or 0)) if made else None


FAMILY = Family(
    name="drop_filters",
    singular="drop_filter",
    words=("drop filters", "drop-filters"),
    model=DropFilter,
    ops=OPS,
    label="event_name",
    natural_key=("event_name", "filters"),
    content=("event_name", "filters"),
    modified=None,
    references=(Reference.at("event_name", "events", "drops the event", by="name"),),
    write=_write,
    remover=_remove,
)


class DropFiltersMethods(FamilyBase):
    """Drop filters: list, create, update (pause/resume), delete with backup, and the project's limit."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_drop_filters(self) -> list[DropFilter]:
        """Every drop filter of the project."""
        return parse_list(DropFilter, self._http.call(OPS.LIST), what="list_drop_filters")

    def create_drop_filter(self, params: CreateDropFilterParams) -> list[DropFilter]:
        """Create a drop filter; Mixpanel answers every filter as it is now (the new one has the highest id).

        Matching events are discarded at ingestion from then on: their data is not recoverable.
        """
        check_name(params.event_name, "event_name")
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.event_name)
        return parse_list(DropFilter, data, what="create_drop_filter")

    def update_drop_filter(self, drop_filter_id: int, params: UpdateDropFilterParams) -> list[DropFilter]:
        """PATCH the fields set in ``params``; every filter as it is now."""
        fid = check_int_id(drop_filter_id, "drop_filter_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateDropFilterParams sets no field; nothing to update", field="params")
        return parse_list(DropFilter, FAMILY.send_write(self._http, fid, body), what="update_drop_filter")

    def delete_drop_filter(self, drop_filter_id: int) -> list[DropFilter]:
        """Delete a drop filter (its events are kept again from then on), after backing it up; what remains."""
        fid = check_int_id(drop_filter_id, "drop_filter_id")
        remaining: list[Any] = []

        def rows() -> list[Raw]:
            return [r for r in objects_of(self._http.call(OPS.LIST), "list_drop_filters") if r.get("id") == fid]

        def send() -> None:
            remaining.append(FAMILY.send_delete(self._http, fid))

        self._delete("drop_filters", [fid], rows(), send, still_there=rows)
        if not remaining or not isinstance(results_or_none(remaining[0]), list):
            return self.list_drop_filters()  # the answer was lost (a retry found it gone): read what remains
        return parse_list(DropFilter, remaining[0], what="delete_drop_filter")

    def get_drop_filter_limits(self) -> DropFilterLimits:
        """How many drop filters the project may hold (``filter_limit``)."""
        return parse_model(DropFilterLimits, self._http.call(OPS.LIMITS), what="get_drop_filter_limits")
