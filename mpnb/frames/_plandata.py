"""A plan's content: the rows it changes, creates and deletes, its conflicts and notes, and the counts a reader
or the apply needs. ``mpnb.frames._plan.Plan`` adds ``apply()`` and the text/HTML views on top; the modules
that build, render and apply a plan take a ``PlanData``, so they never import the module that calls them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb._bulk import DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY
from mpnb._records import id_chunks
from mpnb.frames._changes import Change, Create, Delete, by_id
from mpnb.frames._specs import FamilySpec, Raw
from mpnb.graph import families_to_read

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["MASS_DELETE_ROWS", "MASS_DELETE_SHARE", "PlanData"]

MASS_DELETE_SHARE = 0.10  # deleting more than this share of a family (from 10 rows up) needs an opt-in
MASS_DELETE_ROWS = 100  # and so does deleting more than this many rows


@dataclass
class PlanData:
    """A plan's content and what can be said of it without another layer: ``Plan`` adds apply and rendering."""

    ws: Workspace = field(repr=False)
    spec: FamilySpec = field(repr=False)
    target: str
    updates: dict[Any, dict[str, Any]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    overwrite: bool = False
    creates: list[Create] = field(default_factory=list)
    deletes: list[Delete] = field(default_factory=list)
    gone: list[Any] = field(default_factory=list)  # asked to delete, already absent
    cascades: dict[str, list[Raw]] = field(default_factory=dict)  # what the server deletes with the rows
    dependants: list[dict[str, Any]] = field(default_factory=list)  # those, and what is left dangling
    referenced_by: dict[Any, list[Any]] = field(default_factory=dict)  # a deleted cohort's dependants
    users: dict[Any, dict[str, list[Any]]] = field(default_factory=dict)  # what uses a row it hides or drops
    invalid: dict[Any, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    fresh: dict[Any, Raw] = field(default_factory=dict, repr=False)
    fresh_requests: int = 0
    apply_requests: int = 0  # reads the apply made before sending (its re-check of the planned rows)
    applied: bool = False
    dropped: dict[Any, list[str]] = field(default_factory=dict)  # edited fields not sent: their row is deleted
    already_created: dict[int, Any] = field(default_factory=dict)  # frame row -> id an earlier apply created
    family_size: int = 0  # rows of the family the plan knows of (the share of a mass delete)
    allow_mass_delete: bool = False
    concurrency: int = DEFAULT_CONCURRENCY  # threads for one-request-per-row calls (flags' PUTs, ...)

    @property
    def family(self) -> str:
        """The family the plan is for, e.g. ``"reports"``."""
        return self.spec.name

    @property
    def conflict_ids(self) -> list[Any]:
        """Ids of rows the server changed since your read: shown, not sent (``overwrite=True`` sends them)."""
        return sorted({c.id for c in self.conflicts}, key=str)

    @property
    def is_empty(self) -> bool:
        """True when applying would send nothing."""
        return not (self.updates or self.creates or self.deletes)

    @property
    def mass_delete(self) -> bool:
        """More than ``MASS_DELETE_ROWS`` deletes, or more than ``MASS_DELETE_SHARE`` of the family (from
        10 rows up): ``apply`` refuses it without ``allow_mass_delete=True``."""
        n = sum(d.action == "delete" for d in self.deletes)
        share = n / self.family_size if self.family_size else 0.0
        return n > MASS_DELETE_ROWS or (n >= 10 and share > MASS_DELETE_SHARE)

    def counts(self) -> dict[str, int]:
        """How many updates, creates, deletes, archives, conflicts and invalid rows the plan holds."""
        return {
            "update": len(self.updates),
            "create": len(self.creates),
            "delete": sum(d.action == "delete" for d in self.deletes),
            "archive": sum(d.action == "archive" for d in self.deletes),
            "conflict": len(self.conflict_ids),
            "invalid": len(self.invalid),
        }

    def recheck_requests(self) -> int:
        """The reads apply makes first: the planned rows again, to hold back any that moved since this plan."""
        ids = [*self.updates, *(d.id for d in self.deletes)]
        if not ids:
            return 0
        return len(id_chunks(ids)) if by_id(self.ws, self.spec, ids) else 1

    def requests(self, *, batch_size: int | None = None) -> int:
        """The least number of requests ``apply()`` sends: its re-check, the writes, and for deletes the reads
        of what goes with them (a family's create, or a board's linked copies, may take more)."""
        size = batch_size or DEFAULT_BATCH_SIZE
        records = self.ws.records(self.family)
        bulk = self.spec.bulk_field_set if records.can_bulk_update else frozenset()
        n_bulk = sum(1 for ch in self.updates.values() if bulk and set(ch) <= bulk)
        n = math.ceil(n_bulk / size) + (len(self.updates) - n_bulk)
        dels = [d for d in self.deletes if d.action == "delete"]
        n += math.ceil(len(dels) / size) if records.can_bulk_delete else len(dels)
        n += len(families_to_read(self.family)) if dels else 0
        return n + (len(self.deletes) - len(dels)) + len(self.creates) + self.recheck_requests()
