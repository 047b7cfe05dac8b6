"""Backups taken before every delete: the one delete path calls ``Backups.save`` first.

A backup is a timestamped JSON-lines file: a header line (family, target, ids, time), then one line per
record as the server returned it, each tagged with its family and whether it was deleted itself or goes
with a cascade (a dashboard's saved reports), then one line per dependant (what else the delete touches:
alerts on a deleted report with their records, its board cards, linked experiments; format version 2;
version 1 files, without dependants or ``target_key``, still load). ``ws.restore(path_or_backup)``
recreates them. Files live under ``$MPNB_HOME/backups`` (``~/.mpnb``) unless the Workspace was given another
folder; ``Backups.hooks`` lets other layers add steps that run after the file is written and before the
delete is sent.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = ["Backup", "Backups", "mpnb_home"]

SUFFIX = ".jsonl"


def mpnb_home() -> Path:
    return Path(os.environ.get("MPNB_HOME") or Path.home() / ".mpnb").expanduser()


@dataclass
class Backup:
    """Records about to be deleted (``records``, of ``family``) and what goes with them (``cascades``)."""

    family: str
    target: str
    ids: list[Any]
    records: list[dict[str, Any]]
    cascades: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    taken_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    path: str | None = None
    dependants: list[dict[str, Any]] = field(default_factory=list)  # rows of mpnb.restore.find_dependants
    target_key: dict[str, Any] | None = None  # {"base_url", "project_id"}: restore refuses another target

    @property
    def journal_path(self) -> Path | None:
        """The restore journal next to the file (old id -> new id), so a re-run recreates nothing twice."""
        return Path(self.path).with_suffix(".restored") if self.path else None

    def __repr__(self) -> str:
        extra = sum(len(v) for v in self.cascades.values())
        return (
            f"<mpnb Backup of {len(self.records)} {self.family} (+{extra} cascaded, {len(self.dependants)} "
            f"dependants) from {self.target} at {self.taken_at}{f' in {self.path}' if self.path else ''}>"
        )

    def lines(self) -> list[dict[str, Any]]:
        """The file's lines: a header, then one ``{"family", "role", "record"}`` per record."""
        head = {"kind": "mpnb-backup", "version": 2, "family": self.family, "target": self.target}
        head.update(ids=self.ids, taken_at=self.taken_at, cascades=sorted(self.cascades), target_key=self.target_key)
        out = [head]
        out += [{"family": self.family, "role": "deleted", "record": r} for r in self.records]
        for fam, records in self.cascades.items():
            out += [{"family": fam, "role": "cascade", "record": r} for r in records]
        out += [{"family": d.get("family"), "role": "dependant", "dependant": d} for d in self.dependants]
        return out

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Backup:
        """Read a backup file (JSON lines; the older one-object ``.json`` form too)."""
        text = Path(path).read_text(encoding="utf-8")
        if str(path).endswith(".json"):
            data = json.loads(text)
            data["path"] = str(path)
            return cls(**data)
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        if not rows or rows[0].get("kind") != "mpnb-backup":
            raise ValueError(f"{path} is not an mpnb backup (no header line)")
        head = rows[0]
        backup = cls(head["family"], head["target"], list(head["ids"]), [], {}, head["taken_at"], str(path))
        backup.target_key = head.get("target_key")
        for row in rows[1:]:
            if row["role"] == "deleted":
                backup.records.append(row["record"])
            elif row["role"] == "cascade":
                backup.cascades.setdefault(row["family"], []).append(row["record"])
            elif row["role"] == "dependant":
                backup.dependants.append(row["dependant"])
        return backup


class Backups:
    """Where deleted records go first. ``ws.backups.latest()`` finds the newest backup."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, *, enabled: bool = True) -> None:
        self.folder = Path(folder).expanduser() if folder is not None else mpnb_home() / "backups"
        self.enabled = enabled
        self.hooks: list[Callable[[Backup], None]] = []

    def save(self, backup: Backup) -> Backup:
        """Write the backup (and run the hooks) before the delete is sent; a failure stops the delete."""
        if self.enabled:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
            slug = re.sub(r"[^A-Za-z0-9]+", "-", backup.target).strip("-").lower()
            path = self.folder / f"{stamp}-{slug}-{backup.family}{SUFFIX}"
            backup.path = str(path)
            tmp = path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                for line in backup.lines():
                    fh.write(json.dumps(line, default=str, separators=(",", ":")) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        for hook in self.hooks:
            hook(backup)
        return backup

    def list(self, family: str | None = None) -> list[Path]:
        """Backup files, oldest first."""
        if not self.folder.exists():
            return []
        files = sorted([*self.folder.glob(f"*{SUFFIX}"), *self.folder.glob("*.json")], key=lambda p: p.name)
        return [f for f in files if family is None or f.stem.endswith(f"-{family}")]

    def latest(self, family: str | None = None) -> Backup | None:
        """The newest backup (of ``family``, or of any), or ``None`` when there is none."""
        files = self.list(family)
        return Backup.load(files[-1]) if files else None
