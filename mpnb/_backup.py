"""Backups taken before every delete (S8): the one delete path calls ``Backups.save`` first.

A backup is a JSON file holding the raw records as the server returned them, plus what the delete
cascades to (a dashboard's saved reports). Files live under ``$MPNB_HOME/backups`` (``~/.mpnb``) unless
the Workspace was given another folder; ``Backups.hooks`` lets the frames layer add its own steps.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = ["Backup", "Backups", "mpnb_home"]


def mpnb_home() -> Path:
    return Path(os.environ.get("MPNB_HOME") or Path.home() / ".mpnb").expanduser()


@dataclass
class Backup:
    family: str
    target: str
    ids: list[Any]
    records: list[dict[str, Any]]
    cascades: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    taken_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    path: str | None = None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Backup:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        data["path"] = str(path)
        return cls(**data)


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
            path = self.folder / f"{stamp}-{slug}-{backup.family}.json"
            backup.path = str(path)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(asdict(backup), indent=1, default=str), encoding="utf-8")
            os.replace(tmp, path)
        for hook in self.hooks:
            hook(backup)
        return backup

    def list(self, family: str | None = None) -> list[Path]:
        """Backup files, oldest first."""
        if not self.folder.exists():
            return []
        files = sorted(self.folder.glob("*.json"))
        return [f for f in files if family is None or f.stem.endswith(f"-{family}")]

    def latest(self, family: str | None = None) -> Backup | None:
        files = self.list(family)
        return Backup.load(files[-1]) if files else None
