"""One doctor run: the read-only checks, then (when asked and confirmed) the sweep of earlier runs and the
scratch cycle, always followed by the sweep of this run; then the report, saved whatever happened.

A write run asks for the project's id as a confirmation before any request, on every target (the sandbox
too). Ctrl-C during the cycle still sweeps (the report says it was interrupted); a kill leaves the run's
note behind, and the next write or cleanup run on the target sweeps its entities.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from mpnb._families import REGISTRY
from mpnb._version import __version__
from mpnb.doctor._cycle import Cycle, tag_of
from mpnb.doctor._items import unverified_items
from mpnb.doctor._kit import Verdict, check, not_tested
from mpnb.doctor._ledger import Ledger, count_ours, foreign_runs, sweep, target_key
from mpnb.doctor._read import read_families, read_project
from mpnb.doctor._report import DoctorReport
from mpnb.doctor._watch import Watch
from mpnb.doctor._write import scratch_cycle, scratch_order
from mpnb.doctor.families import DOCTORS
from mpnb.errors import InputError

__all__ = ["run_doctor"]

_WRITE_ITEMS = {"FR-b", *(i for d in DOCTORS.values() if d.scratch for i in d.scratch.items)}


def _confirmed(ws: Any, confirm_project: Any) -> None:
    pid, label = ws.target.project_id, ws.target.label()
    if confirm_project is None:
        raise InputError(
            f"a write run makes, changes and deletes scratch entities in project {pid} ({label}): pass "
            f"confirm_project={pid} to go ahead; nothing was sent",
            field="confirm_project",
        )
    if isinstance(confirm_project, bool) or str(confirm_project).strip() != str(pid):
        raise InputError(
            f"confirm_project={confirm_project!r} does not name this Workspace's project {pid} ({label}); "
            "nothing was sent",
            field="confirm_project",
        )


def _target(ws: Any) -> dict[str, Any]:
    t = ws.target
    return {
        "kind": t.kind,
        "label": t.label(),
        "host": urlsplit(t.app_url).netloc,
        "region": t.region,
        "project_id": t.project_id,
        "auth": t.credentials.kind,
        "workspace": "pinned" if ws.workspace_pinned is not None else "discovered",
    }


def _secrets(ws: Any, cycle: Cycle | None) -> list[str]:
    creds = ws.target.credentials
    found = [s.get_secret_value() for s in (creds.secret, creds.oauth_token) if s is not None]
    return found + ([cycle.password] if cycle is not None and cycle.password else [])


def _limits(watch: Watch) -> list[Verdict]:
    s = watch.summary()
    if watch.limited:
        with_header = watch.limited_with_retry_after
        x1 = check(
            "X1",
            "429 answers carry Retry-After",
            with_header == watch.limited,
            f"{with_header} of {watch.limited} 429 answers carried it",
        )
    else:
        x1 = not_tested("X1", "429 answers carry Retry-After", f"no 429 answer among {s['answers']} answers")
    headers = sorted(s["rate_limit_headers"])
    seen = f"headers: {', '.join(headers)}" if headers else f"no rate-limit header in {s['answers']} answers"
    return [x1, check("X7", "no answer states the App API's rate limits (mpnb paces itself)", not headers, seen)]


def _items(verdicts: list[Verdict], mode: str) -> tuple[list[dict[str, str]], str | None]:
    """Every item of the page with its verdict (several checks of one item: a refutal wins)."""
    by_id: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        by_id[v.item].append(v)
    page = unverified_items()
    note = None if page else "docs/unverified.md was not found (it ships with a checkout): only tested items listed"
    ids = [i.id for i in page] if page else list(by_id)
    out = []
    for ident in ids:
        found = by_id.get(ident, [])
        if not found:
            why = "needs a write run (--write)" if ident in _WRITE_ITEMS and mode != "write" else "no safe check for it"
            out.append({"id": ident, "verdict": "not tested", "claim": "", "seen": why})
            continue
        outcome = next((o for o in ("refuted", "confirmed") if any(v.outcome == o for v in found)), "not tested")
        seen = "; ".join(dict.fromkeys(v.seen for v in found))
        out.append({"id": ident, "verdict": outcome, "claim": found[0].claim, "seen": seen})
    return out, note


def _verdict(data: dict[str, Any]) -> str:
    left = (data["leftovers"] or {"left": 0})["left"]
    if not data["checks"].get("credentials", {}).get("ok") or data["errors"] or left != 0:
        return "errors"
    listed = [f["list"] for f in data["families"].values()]
    shapes = any(f.get("unknown_fields") or f.get("model_errors") for f in listed)
    specs = any((f.get("spec") or {}).get("errors") for f in listed)
    refuted = any(i["verdict"] == "refuted" for i in data["items"])
    return "differences" if shapes or specs or refuted else "ok"


def run_doctor(
    ws: Any,
    *,
    write: bool = False,
    cleanup: bool = False,
    confirm_project: Any = None,
    families: list[str] | None = None,
    report_dir: Any = None,
    save: bool = True,
) -> DoctorReport:
    """See ``Workspace.doctor``."""
    if write or cleanup:
        _confirmed(ws, confirm_project)
    chosen = [REGISTRY.get(f).name for f in families] if families else None
    run_id = secrets.token_hex(4)
    mode = "write" if write else "cleanup" if cleanup else "read-only"
    began = time.monotonic()
    data: dict[str, Any] = {
        "format": "mpnb doctor report 1",
        "run_id": run_id,
        "mode": mode,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": 0.0,
        "mpnb": __version__,
        "target": _target(ws),
        "checks": {},
        "families": {name: {"list": {"ok": False, "note": "not read"}} for name in REGISTRY.names},
        "items": [],
        "errors": [],
        "leftovers": None,
    }
    verdicts: list[Verdict] = []
    watch, cycle, ledger, key = Watch(), None, Ledger(), target_key(ws)
    stop = ws.on_answer(watch)
    try:
        if read_project(ws, data, verdicts):
            records = read_families(ws, DOCTORS, watch, data, verdicts)
            earlier = ledger.pending(key)
            data["earlier_runs"] = {
                "runs": earlier,
                "entities": count_ours(records, earlier),
                "doctor_runs_not_noted_here": foreign_runs(records, ledger.known() | {run_id}),
            }
            if write or cleanup:
                cycle = Cycle(ws, run_id, verdicts, data["errors"])
                if earlier:
                    swept = sweep(cycle, earlier)
                    data["earlier_runs"]["sweep"] = swept
                    for run in earlier if swept["left"] == 0 else []:
                        ledger.finish(run)
                if write:
                    data["write"] = {"families": [f.name for f in scratch_order(chosen)]}
                    data["leftovers"] = {"runs": [run_id], "left": None, "note": "not swept"}  # until the sweep says
                    ledger.start(run_id, key)
                    try:
                        scratch_cycle(cycle, chosen)
                    finally:
                        data["leftovers"] = sweep(cycle, [run_id])
                        if data["leftovers"]["left"] == 0:
                            ledger.finish(run_id)
    except KeyboardInterrupt:
        data["interrupted"] = True
        raise
    finally:
        stop()
        report = _finish(ws, data, verdicts, watch, cycle, began, report_dir if save else False)
    return report


def _finish(
    ws: Any, data: dict[str, Any], verdicts: list[Verdict], watch: Watch, cycle: Cycle | None, began: float, folder: Any
) -> DoctorReport:
    if cycle is not None:
        for name, steps in cycle.steps.items():
            data["families"][name]["write"] = steps
    verdicts = [*verdicts, *_limits(watch)] if data["checks"].get("credentials", {}).get("ok") else []
    data["http"] = watch.summary()
    data["items"], note = _items(verdicts, data["mode"])
    if note:
        data["items_note"] = note
    data["verdict"] = _verdict(data)
    data["seconds"] = round(time.monotonic() - began, 1)
    report = DoctorReport(data)
    if folder is not False:
        names = [tag_of(cycle.run_id)] if cycle is not None else []
        report.save(folder, secrets=_secrets(ws, cycle), names=names)
    return report
