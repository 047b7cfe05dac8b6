"""The seam between a Workspace and the frames layer: one family's raw records in and out.

Frames work on the JSON the server sends, not on models (20,000 reports must stay fast), and need a few
calls the typed ``Workspace`` methods do not offer one-for-one: a list answer as raw records, a PATCH with
the raw body, the bulk endpoints with one outcome per row, the flags fill-and-PUT, and the one delete
path with its backup. ``ws.records(family)`` offers exactly those, using the family's own endpoint table,
so frames never touch the HTTP client or a family's private helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mpnb._bulk import RowOutcome, send_batches
from mpnb._http import objects_of
from mpnb.entities import alerts, cohorts, dashboards, experiments, flags, reports, webhooks
from mpnb.entities import annotations as annotation_ops
from mpnb.errors import InputError

if TYPE_CHECKING:
    from mpnb._backup import Backup
    from mpnb._workspace import Workspace

__all__ = ["ENDPOINTS", "Endpoints", "Raw", "Records", "records_of"]

Raw = dict[str, Any]


@dataclass(frozen=True)
class Endpoints:
    """A family's endpoint table (its module's ``OPS``) and the body keys of its bulk calls, if any."""

    ops: Any
    bulk_update_key: str | None = None
    bulk_delete_key: str | None = None


ENDPOINTS: dict[str, Endpoints] = {
    "dashboards": Endpoints(dashboards.OPS, bulk_delete_key="dashboard_ids"),
    "reports": Endpoints(reports.OPS, bulk_update_key="bookmarks", bulk_delete_key="bookmark_ids"),
    "cohorts": Endpoints(cohorts.OPS, bulk_update_key="cohorts", bulk_delete_key="cohort_ids"),
    "flags": Endpoints(flags.OPS),
    "experiments": Endpoints(experiments.OPS),
    "alerts": Endpoints(alerts.OPS, bulk_delete_key="alert_ids"),
    "annotations": Endpoints(annotation_ops.OPS),
    "webhooks": Endpoints(webhooks.OPS),
}


class Records:
    """One family's raw records through one Workspace (``ws.records("reports")``)."""

    def __init__(self, ws: Workspace, family: str) -> None:
        try:
            self.endpoints = ENDPOINTS[family]
        except KeyError:
            raise InputError(f"unknown family {family!r}; known: {', '.join(ENDPOINTS)}", field="family") from None
        self.family = family
        self._ws = ws

    @property
    def can_bulk_update(self) -> bool:
        return self.endpoints.bulk_update_key is not None

    @property
    def can_bulk_delete(self) -> bool:
        return self.endpoints.bulk_delete_key is not None

    def read(self, query: dict[str, Any] | None = None) -> list[Raw]:
        """One list call; the records as the server sent them."""
        ops = self.endpoints.ops
        return objects_of(self._ws._http.call(ops.LIST, params=query or {}), ops.LIST.name)

    def update(self, eid: Any, body: dict[str, Any]) -> Raw | None:
        """One PATCH with ``body`` as given; the answer when it is a record."""
        data = self._ws._http.call(self.endpoints.ops.UPDATE, path={"id": eid}, json_body=body)
        return data if isinstance(data, dict) else None

    def delete(self, eid: Any) -> None:
        """One DELETE (call it inside ``delete_with_backup``)."""
        self._ws._http.call(self.endpoints.ops.DELETE, path={"id": eid})

    def bulk_update(
        self, entries: Sequence[Raw], *, batch_size: int | None = None, progress: Callable[[int], None] | None = None
    ) -> list[RowOutcome]:
        """The family's bulk update, in batches; one outcome per entry, never raising for a row."""
        key = self.endpoints.bulk_update_key
        if key is None:
            raise InputError(f"{self.family} have no bulk update", field="family")
        op = self.endpoints.ops.BULK_UPDATE
        return send_batches(self._ws._http, op, key, entries, batch_size=batch_size, progress=progress)

    def bulk_delete(
        self, ids: Sequence[Any], *, batch_size: int | None = None, progress: Callable[[int], None] | None = None
    ) -> list[RowOutcome]:
        """The family's bulk delete, in batches (call it inside ``delete_with_backup``)."""
        key = self.endpoints.bulk_delete_key
        if key is None:
            raise InputError(f"{self.family} have no bulk delete", field="family")
        op = self.endpoints.ops.BULK_DELETE
        return send_batches(self._ws._http, op, key, ids, batch_size=batch_size, progress=progress)

    def fill_and_put(self, eid: Any, current: Raw, changes: dict[str, Any]) -> Raw | None:
        """Flags: PUT ``current`` (the flag as last read) with ``changes`` applied, with the flags checks."""
        if self.family != "flags":
            raise InputError(f"{self.family} are updated with a PATCH, not a full PUT", field="family")
        data = self._ws._fill_and_put(eid, current, changes)
        return data if isinstance(data, dict) else None

    def delete_with_backup(
        self,
        ids: list[Any],
        records: list[Raw],
        send: Callable[[], Any],
        *,
        cascades: dict[str, list[Raw]] | None = None,
    ) -> Backup:
        """The one delete path: refuse unknown ids, back ``records`` up, then ``send()``."""
        return self._ws._delete(self.family, ids, records, send, cascades=cascades)


def records_of(ws: Workspace, family: str) -> Records:
    return Records(ws, family)
