"""The copy journal: source id -> target id for each copied entity, kept under ``$MPNB_HOME/copies``.

Recreated entities get new ids, so a second run of the same copy must know what it already made: the
journal says so, with a fingerprint of what was written on each side, so a re-run can tell "source
changed" (update) from "target changed since the copy" (conflict) from "nothing changed" (skip). Before a
create it records an intent (and, once per family, the target ids that existed before), so a run killed
between a create and its record finds what it made on the next run by the identity rule among the records
that were not there before, never by a name alone. Rewritten atomically after every entity.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mpnb._backup import mpnb_home

__all__ = ["Journal", "JournalEntry", "fingerprint"]


def fingerprint(fields: dict[str, Any]) -> str:
    """A stable digest of the fields a copy writes (key order and JSON spacing do not matter)."""
    text = json.dumps(fields, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class JournalEntry:
    target_id: Any
    source_print: str
    target_print: str = ""  # "": written, but not read back yet (a run stopped before its last read)


@dataclass
class Journal:
    """One file per (source, target) pair; ``entries[family][str(source_id)]``."""

    path: Path
    entries: dict[str, dict[str, JournalEntry]] = field(default_factory=dict)
    pending: dict[str, set[str]] = field(default_factory=dict)  # family -> source ids with a create in flight
    before: dict[str, list[str]] = field(default_factory=dict)  # family -> target ids that existed before

    @classmethod
    def open(cls, source: str, target: str, folder: Path | None = None) -> Journal:
        slug = hashlib.sha256(f"{source}\n{target}".encode()).hexdigest()[:16]
        path = (folder or mpnb_home() / "copies") / f"{slug}.json"
        journal = cls(path)
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            for fam, rows in data.get("entries", {}).items():
                journal.entries[fam] = {k: JournalEntry(**v) for k, v in rows.items()}
            journal.pending = {f: set(ids) for f, ids in data.get("pending", {}).items()}
            journal.before = {f: list(ids) for f, ids in data.get("before", {}).items()}
        return journal

    def get(self, family: str, source_id: Any) -> JournalEntry | None:
        return self.entries.get(family, {}).get(str(source_id))

    def is_pending(self, family: str, source_id: Any) -> bool:
        return str(source_id) in self.pending.get(family, set())

    def intend(self, family: str, source_id: Any, existing: list[Any]) -> None:
        """Before a create: what existed before (once per family) and the create in flight."""
        self.before.setdefault(family, [str(i) for i in existing])
        self.pending.setdefault(family, set()).add(str(source_id))
        self.save()

    def record(self, family: str, source_id: Any, entry: JournalEntry) -> None:
        self.entries.setdefault(family, {})[str(source_id)] = entry
        self.pending.get(family, set()).discard(str(source_id))
        self.save()

    def settle(self, family: str, source_id: Any) -> None:
        """A create that did not land: no longer in flight."""
        if str(source_id) in self.pending.get(family, set()):
            self.pending[family].discard(str(source_id))
            self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "kind": "mpnb-copy-journal",
            "version": 2,
            "entries": {f: {k: vars(e) for k, e in rows.items()} for f, rows in self.entries.items()},
            "pending": {f: sorted(ids) for f, ids in self.pending.items() if ids},
            "before": self.before,
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, default=str, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)
