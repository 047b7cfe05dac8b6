"""The doctor's own record of its write runs, and the sweep that removes what a run made.

A write run notes itself in ``$MPNB_HOME/doctor/runs/<run id>.json`` (target, process, start) before its
first write and removes the note once a listing of every family shows none of its entities. A run that was
killed leaves its note behind, so the next ``mpnb doctor --write`` (or ``--cleanup``) on the same target
sweeps it: every entity whose name holds ``mpnb-doctor-<that run id>-`` is deleted through the family's
typed delete (a backup first, as always), and nothing else. Entities of doctor runs not noted here (another
machine's) are counted, never touched.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mpnb._backup import mpnb_home
from mpnb._families import REGISTRY
from mpnb.doctor._cycle import PREFIX, Cycle, again, is_ours, tag_of
from mpnb.doctor._kit import Raw
from mpnb.doctor.families import DOCTORS
from mpnb.errors import MpnbError, NotFoundError

__all__ = ["Ledger", "count_ours", "foreign_runs", "sweep", "target_key"]

_STALE_SECONDS = 2 * 3600  # a doctor run takes minutes: an older note is a dead run whatever its process
_SWEEP_ROUNDS = 4
_RUN_ID = re.compile(re.escape(PREFIX) + r"([0-9a-f]{8})-")


def target_key(ws: Any) -> str:
    """Where a run wrote: the API root and project (and, for a sandbox, its state file)."""
    state = getattr(getattr(ws, "emulator", None), "state_path", None)
    where = f"{ws.target.app_url}#{ws.target.project_id}"
    return f"{where}@{state}" if ws.target.kind == "sandbox" else where


def _alive(note: dict[str, Any]) -> bool:
    """The run that wrote ``note`` may still be running (then its entities are not ours to sweep)."""
    pid = note.get("pid")
    if pid == os.getpid() or note.get("host") != socket.gethostname():
        return False
    if time.time() - float(note.get("started", 0)) > _STALE_SECONDS:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: trust the age alone
        return True
    try:
        os.kill(int(pid or 0), 0)
    except (OSError, ValueError):
        return False
    return True


class Ledger:
    """The notes of write runs under ``$MPNB_HOME/doctor/runs``."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else mpnb_home() / "doctor" / "runs"

    def _notes(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                yield path, json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue

    def start(self, run_id: str, key: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        note = {"run_id": run_id, "target": key, "pid": os.getpid(), "host": socket.gethostname()}
        tmp = self.folder / f"{run_id}.tmp"
        tmp.write_text(json.dumps({**note, "started": time.time()}), encoding="utf-8")
        os.replace(tmp, self.folder / f"{run_id}.json")

    def finish(self, run_id: str) -> None:
        (self.folder / f"{run_id}.json").unlink(missing_ok=True)

    def pending(self, key: str, *, but: str | None = None) -> list[str]:
        """Runs on this target whose entities may be left (their process is gone), oldest first."""
        return [
            str(n["run_id"])
            for _, n in self._notes()
            if n.get("target") == key and n.get("run_id") != but and not _alive(n)
        ]

    def known(self) -> set[str]:
        return {str(n.get("run_id")) for _, n in self._notes()}


def count_ours(records: dict[str, list[Raw]], run_ids: list[str]) -> dict[str, int]:
    """How many listed entities per family belong to these runs."""
    tags = [tag_of(r) for r in run_ids]
    found = {name: sum(1 for r in recs if is_ours(name, r, tags)) for name, recs in records.items()}
    return {k: v for k, v in found.items() if v}


def foreign_runs(records: dict[str, list[Raw]], known: set[str]) -> dict[str, int]:
    """Doctor runs whose entities are listed but that this machine has no note of: run id -> entities."""
    out: dict[str, int] = {}
    for name, recs in records.items():
        fam = REGISTRY.get(name)
        for r in recs:
            for text in (fam.label_of(r), str(r.get("name") or "")):
                match = _RUN_ID.search(text)
                if match and match.group(1) not in known:
                    out[match.group(1)] = out.get(match.group(1), 0) + 1
                    break
    return out


def _listing(cycle: Cycle, families: list[str]) -> dict[str, list[Raw]] | None:
    """Every family listed, or None when one could not be (then nobody can say what is left)."""
    out: dict[str, list[Raw]] = {}
    for name in families:
        try:
            out[name] = again(lambda name=name: cycle.ws.records(name).read_all())  # type: ignore[misc]
        except MpnbError:
            return None
    return out


def sweep(cycle: Cycle, run_ids: list[str]) -> dict[str, Any]:
    """Delete every entity of ``run_ids`` (dependants first: alerts, reports, then boards), listing again
    until a listing shows none or a few rounds have passed; what was found and what is left."""
    tags = [tag_of(r) for r in run_ids]
    families = [f.name for f in reversed(REGISTRY.creation_order()) if DOCTORS[f.name].scratch is not None]
    found: dict[str, set[str]] = {}
    left: dict[str, int] | None = {}
    for _ in range(_SWEEP_ROUNDS):
        listing = _listing(cycle, families)
        if listing is None:  # the server cannot be listed: stop, keep the run's note for the next run
            left = None
            break
        left = count_ours(listing, run_ids)
        if not left:
            break
        for name in families:
            scratch = DOCTORS[name].scratch
            assert scratch is not None
            fam = REGISTRY.get(name)
            for record in (r for r in listing[name] if is_ours(name, r, tags)):
                found.setdefault(name, set()).add(str(fam.id_of(record)))
                try:
                    cycle.delete(name, fam.id_of(record), scratch.delete)
                except NotFoundError:
                    pass  # gone with what it hung on (a board's reports)
                except MpnbError as exc:
                    cycle.steps.setdefault(name, {})["sweep"] = f"error: {type(exc).__name__}"
    else:
        listing = _listing(cycle, families)
        left = None if listing is None else count_ours(listing, run_ids)
    deleted = {name: len(ids) for name, ids in found.items()}
    if left is None:
        return {"runs": run_ids, "found": deleted, "left_by_family": {}, "left": None, "note": "could not list"}
    return {"runs": run_ids, "found": deleted, "left_by_family": left, "left": sum(left.values())}
