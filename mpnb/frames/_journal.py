"""The create journal next to the backups: intents before sending, outcomes after.

A create whose answer is lost, or an apply that is interrupted, leaves an intent without an ``ok``
outcome; a later plan of the same frame looks those up by natural key instead of sending them again.
Secret-looking fields (a webhook's password, tokens) are masked before anything is written.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["MASK", "journal_entries", "mask_secrets", "write_journal"]

MASK = "***"
_SECRET_WORDS = ("password", "secret", "token", "authorization")
KEEP_DAYS = 7  # a re-plan looks this far back


def mask_secrets(value: Any) -> Any:
    """``value`` with every secret-looking key's value replaced by ``***`` (nested too)."""
    if isinstance(value, dict):
        return {
            k: (MASK if any(w in str(k).lower() for w in _SECRET_WORDS) and v is not None else mask_secrets(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value


def _folder(ws: Workspace) -> Path | None:
    backups = ws.backups
    return backups.folder / "journal" if backups.enabled else None


def write_journal(ws: Workspace, family: str, lines: list[dict[str, Any]]) -> None:
    """Append ``lines`` (masked) to today's journal of ``family``."""
    folder = _folder(ws)
    if folder is None or not lines:
        return
    folder.mkdir(parents=True, exist_ok=True)
    day = datetime.now(timezone.utc).strftime("%Y%m%d")
    with (folder / f"{day}-{family}-creates.jsonl").open("a", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(mask_secrets(line), default=str, separators=(",", ":")) + "\n")


def journal_entries(ws: Workspace, family: str, target: str) -> list[dict[str, Any]]:
    """The last ``KEEP_DAYS`` days of ``family``'s journal lines for ``target`` (unreadable lines skipped)."""
    folder = _folder(ws)
    if folder is None or not folder.is_dir():
        return []
    since = (datetime.now(timezone.utc) - timedelta(days=KEEP_DAYS)).strftime("%Y%m%d")
    out: list[dict[str, Any]] = []
    for path in sorted(folder.glob(f"*-{family}-creates.jsonl")):
        if path.name[:8] < since:
            continue
        for text in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                line = json.loads(text)
            except ValueError:
                continue  # a line cut short by a kill
            if isinstance(line, dict) and line.get("target", target) == target:
                out.append(line)
    return out
