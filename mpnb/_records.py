"""The seam between a Workspace and the layers above it: one family's raw records in and out.

Frames, restore, copy and the graph work on the JSON the server sends, not on models (20,000 reports must
stay fast), and need a few calls the typed ``Workspace`` methods do not offer one-for-one: a list answer as
raw records (every entity, or just some ids, in as many requests as the URL allows), a PATCH with the raw
body, the bulk endpoints with one outcome per row, the family's one fill-and-write path, and the one delete
path with its backup. ``ws.records(family)`` offers exactly those, from the family's registry entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from mpnb._bulk import DEFAULT_CONCURRENCY, RowOutcome, send_batches
from mpnb._families import REGISTRY
from mpnb._registry import Family
from mpnb.entities._family import Expanded
from mpnb.errors import InputError

if TYPE_CHECKING:
    from mpnb._backup import Backup
    from mpnb._http import Http

# The Workspace's one delete path: (family, ids, records, send, cascades=...) -> the backup it wrote first.
DeletePath = Callable[..., "Backup"]

__all__ = ["IDS_MAX_CHARS", "Raw", "Records", "id_chunks"]

Raw = dict[str, Any]
# Above this many characters of ids in one list request, the ids go in several requests (URL length).
IDS_MAX_CHARS = 6_000


def id_chunks(ids: Sequence[Any], max_chars: int = IDS_MAX_CHARS) -> list[list[Any]]:
    """``ids`` cut into runs whose comma-joined text fits ``max_chars``."""
    out: list[list[Any]] = []
    run: list[Any] = []
    size = 0
    for i in ids:
        n = len(str(i)) + 1
        if run and size + n > max_chars:
            out.append(run)
            run, size = [], 0
        run.append(i)
        size += n
    if run:
        out.append(run)
    return out


class Records:
    """One family's raw records through one Workspace (``ws.records("reports")``)."""

    def __init__(self, http: Http, delete_path: DeletePath, family: str) -> None:
        self.family_entry: Family = REGISTRY.get(family)
        self.family = self.family_entry.name
        self._http = http
        self._delete_path = delete_path

    @property
    def ops(self) -> Any:
        return self.family_entry.ops

    @property
    def can_bulk_update(self) -> bool:
        return self.family_entry.bulk_update_key is not None

    @property
    def can_bulk_delete(self) -> bool:
        return self.family_entry.bulk_delete_key is not None

    def read(self, query: dict[str, Any] | None = None) -> list[Raw]:
        """One list call (or the family's own read); the records as the server sent them."""
        return self.family_entry.read(self._http, query)

    def read_all(self) -> list[Raw]:
        """Every entity of the family, archived ones included: one list call."""
        return self.family_entry.read_all(self._http)

    def read_ids(self, ids: Sequence[Any], query: dict[str, Any] | None = None) -> tuple[list[Raw], int]:
        """The records of ``ids`` (however many), and the number of requests it took.

        A family whose list call filters by id gets them in as few requests as the URL length allows;
        any other family is listed whole once and filtered here. Several requests are sent side by side.
        """
        param = self.family_entry.ids_param
        query = {k: v for k, v in (query or {}).items() if v is not None}
        if not ids:
            return [], 0
        if param is None:
            wanted = {str(i) for i in ids}
            key = self.family_entry.id_key
            records = self.read(query) if query else self.read_all()
            return [r for r in records if str(r.get(key)) in wanted], 1
        named = self.family_entry.id_kind == "name"  # names may hold commas: one repeated key each (name[]=...),
        chunks = id_chunks(list(ids), IDS_MAX_CHARS // 2 if named else IDS_MAX_CHARS)  # which costs more URL

        def one(chunk: list[Any]) -> list[Raw]:
            return self.read({**query, param: list(map(str, chunk)) if named else ",".join(map(str, chunk))})

        if len(chunks) == 1:
            return one(chunks[0]), 1
        # several requests wait for the server side by side (a 2,000-row plan's fresh read: two at once)
        with ThreadPoolExecutor(min(len(chunks), DEFAULT_CONCURRENCY), thread_name_prefix="mpnb-read") as pool:
            parts = list(pool.map(one, chunks))
        return [r for part in parts for r in part], len(chunks)

    def expand(self, ids: Sequence[Any], records: dict[str, dict[Any, Raw]]) -> list[Expanded]:
        """The edges of ``ids`` that only per-entity reads show (a board's linked copies), if the family has any."""
        expander = self.family_entry.expand
        return [] if expander is None or not ids else expander(self._http, list(ids), records)

    @property
    def request_count(self) -> int:
        """Requests this Workspace has sent so far (the graph counts its reads with it)."""
        return self._http.request_count

    def read_iter(self, query: dict[str, Any] | None = None) -> Iterator[Raw]:
        """One list call; the records as the server sent them, parsed a chunk at a time as they are taken."""
        from mpnb._json import iter_records

        op = self.ops.LIST
        content = self._http.call(op, params=query or {}, content_only=True)
        return (r for r in iter_records(content) if isinstance(r, dict))

    def update(self, eid: Any, body: dict[str, Any]) -> Raw | None:
        """One PATCH with ``body`` as given; the answer when it is a record."""
        data = self._http.call(self.ops.UPDATE, path={"id": eid}, json_body=body)
        return data if isinstance(data, dict) else None

    def delete(self, eid: Any) -> None:
        """The family's one delete request (call it inside ``delete_with_backup``)."""
        self.family_entry.send_delete(self._http, eid)

    def bulk_update(
        self, entries: Sequence[Raw], *, batch_size: int | None = None, progress: Callable[[int], None] | None = None
    ) -> list[RowOutcome]:
        """The family's bulk update, in batches; one outcome per entry, never raising for a row."""
        key = self.family_entry.bulk_update_key
        if key is None:
            raise InputError(f"{self.family} have no bulk update", field="family")
        return send_batches(self._http, self.ops.BULK_UPDATE, key, entries, batch_size=batch_size, progress=progress)

    def bulk_delete(
        self, ids: Sequence[Any], *, batch_size: int | None = None, progress: Callable[[int], None] | None = None
    ) -> list[RowOutcome]:
        """The family's bulk delete, in batches (call it inside ``delete_with_backup``)."""
        key = self.family_entry.bulk_delete_key
        if key is None:
            raise InputError(f"{self.family} have no bulk delete", field="family")
        op = self.ops.BULK_DELETE
        return send_batches(self._http, op, key, ids, batch_size=batch_size, progress=progress)

    def write(self, eid: Any, changes: dict[str, Any], current: Raw | None) -> Raw | None:
        """Send one entity's changes through the family's one write path (flags: fill from ``current`` and
        PUT; the rest: PATCH). ``current`` is the record as last read, when the caller has it."""
        data = self.family_entry.send_write(self._http, eid, changes, current)
        return data if isinstance(data, dict) else None

    def delete_with_backup(
        self,
        ids: list[Any],
        records: list[Raw],
        send: Callable[[], Any],
    ) -> Backup:
        """The one delete path: refuse unknown ids, back ``records`` up with what goes with them, then ``send()``."""
        return self._delete_path(self.family, ids, records, send, id_key=self.family_entry.id_key)
