"""The restore journal: JSON lines next to the backup, so a re-run recreates nothing twice.

Per family, a ``before`` line lists the ids that existed before this restore first created anything (what
a recovery must never claim); an ``intent`` line is written before each create and a ``done`` line (old id
-> new id) after it. An intent without its done (a kill, a lost answer) is looked for on the next run by
the identity rule among the records that were not there before. Thread-safe; absent when the backup has no
file (then a re-run cannot know, and says so through ``pending``/``done`` being empty).
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = ["RestoreJournal"]

Key = tuple[str, str]  # (family, str(old id))


class RestoreJournal:
    """Append-only JSON lines; ``done``, ``pending`` and ``before`` are what earlier runs wrote."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.done: dict[Key, Any] = {}
        self.pending: set[Key] = set()
        self.before: dict[str, set[str]] = {}
        if path is not None and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    e = json.loads(line)
                except ValueError:
                    continue  # a line cut by a crash: its intent shows as pending or is re-checked
                self._read(e)

    def _read(self, e: dict[str, Any]) -> None:
        family = str(e.get("family"))
        if e.get("event") == "before":
            self.before.setdefault(family, set()).update(str(i) for i in e.get("ids") or [])
            return
        key = (family, str(e.get("old_id")))
        if e.get("event") == "done":
            self.done[key] = e.get("new_id")
            self.pending.discard(key)
        elif e.get("event") == "intent" and key not in self.done:
            self.pending.add(key)

    def write(self, event: str, family: str, old_id: Any = None, new_id: Any = None, **extra: Any) -> None:
        line = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "event": event, "family": family}
        if event in ("intent", "done"):
            line.update(old_id=old_id, new_id=new_id)
        line.update(extra)
        with self.lock:
            self._read(json.loads(json.dumps(line, default=str)))
            if self.path is None:
                return
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, default=str, separators=(",", ":")) + "\n")
                fh.flush()

    def note_before(self, family: str, ids: list[Any]) -> None:
        """Record, once per family, what existed before this restore created anything of it."""
        if family not in self.before:
            self.write("before", family, ids=[str(i) for i in ids])
