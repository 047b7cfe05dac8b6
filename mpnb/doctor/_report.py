"""``DoctorReport``: what one doctor run found, as data, a short verdict, and two files a user can share.

The files (``$MPNB_HOME/doctor/<time>-<project>.json`` and ``.md``) hold counts, field names, JSON types,
statuses and verdicts. They never hold a secret, an entity's name or description, or any value read from
the project: the checks only ever put shapes into the report, and ``save`` scrubs the credentials, the
scratch webhook's password and the run's scratch names once more before anything is written.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mpnb._backup import mpnb_home

__all__ = ["DoctorReport"]

_MARK = "***"


def _scrub(value: Any, secrets: list[str], names: list[str]) -> Any:
    if isinstance(value, dict):
        return {_scrub(k, secrets, names): _scrub(v, secrets, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets, names) for v in value]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, _MARK)
        for name in names:
            value = value.replace(name, "mpnb-doctor-RUN")
    return value


def _envelope(value: Any) -> str:
    if not isinstance(value, dict):
        return "-"
    keys = value.get("keys") or {}
    return str(value.get("shape", "-")) + (": " + ", ".join(f"{k} ({v})" for k, v in keys.items()) if keys else "")


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text.replace("|", "\\|").replace("\n", " ")


class DoctorReport:
    """One run's findings. ``verdict`` is ``ok``, ``differences`` (a refuted item or an answer mpnb's models
    or the specs do not expect) or ``errors`` (a check or a scratch step failed, or scratch entities are left)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.paths: tuple[Path, Path] | tuple[()] = ()

    # -- reading -------------------------------------------------------------------------------------------
    @property
    def families(self) -> dict[str, Any]:
        found: dict[str, Any] = self.data["families"]
        return found

    @property
    def items(self) -> list[dict[str, str]]:
        """Every item of ``docs/unverified.md``: id, verdict, the claim tested and what was seen."""
        found: list[dict[str, str]] = self.data["items"]
        return found

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(i["verdict"] for i in self.items))

    @property
    def leftovers(self) -> int | None:
        """Scratch entities still on the project after the run (0 unless something went wrong; None when the
        project could not be listed to tell: the next write or cleanup run sweeps them)."""
        left = (self.data.get("leftovers") or {"left": 0})["left"]
        return None if left is None else int(left)

    @property
    def verdict(self) -> str:
        found: str = self.data["verdict"]
        return found

    def summary(self) -> str:
        """The short verdict: a few lines for a terminal."""
        d = self.data
        t = d["target"]
        lines = [f"mpnb doctor ({d['mode']}) on {t['label']}: {d['verdict']}"]
        if d.get("interrupted"):
            lines.append("  interrupted: the steps after the interruption did not run")
        creds = d["checks"].get("credentials", {})
        if not creds.get("ok"):
            lines.append(f"  credentials refused ({creds.get('error')}, HTTP {creds.get('status')}): nothing else read")
        listed = [f["list"] for f in self.families.values() if f["list"].get("ok")]
        if listed:
            unknown = sum(1 for f in listed if f.get("unknown_fields"))
            errors = sum(sum(f.get("model_errors", {}).values()) for f in listed)
            specs = [f["spec"] for f in listed if f.get("spec", {}).get("ran")]
            spec_errors = sum(sum(s["errors"].values()) for s in specs)
            lines.append(
                f"  {len(listed)} of {len(self.families)} families read ({sum(f['count'] for f in listed)} records):"
                f" unknown fields in {unknown}, {errors} model errors, {len(specs)} spec checks, {spec_errors} errors"
            )
        write = d.get("write")
        if write:
            steps = Counter(s.split(":")[0] for f in self.families.values() for s in f.get("write", {}).values())
            lines.append("  scratch cycle: " + ", ".join(f"{n} {k}" for k, n in sorted(steps.items())))
        earlier = d.get("earlier_runs") or {}
        if earlier.get("entities") and not earlier.get("sweep"):
            n, runs = sum(earlier["entities"].values()), ", ".join(earlier["runs"])
            lines.append(f"  {n} scratch entities of interrupted runs ({runs}): --write or --cleanup removes them")
        if earlier.get("doctor_runs_not_noted_here"):
            runs = ", ".join(sorted(earlier["doctor_runs_not_noted_here"]))
            lines.append(f"  doctor entities of runs not started here ({runs}): left alone")
        if d.get("leftovers") is not None:
            left = self.leftovers
            told = "unknown (the project could not be listed; the next run sweeps them)" if left is None else left
            lines.append(f"  scratch entities left on the project: {told}")
        c = self.counts
        refuted = [i["id"] for i in self.items if i["verdict"] == "refuted"]
        lines.append(
            f"  items: {c.get('confirmed', 0)} confirmed, {c.get('refuted', 0)} refuted, "
            f"{c.get('not tested', 0)} not tested" + (f"; refuted: {', '.join(refuted)}" if refuted else "")
        )
        for e in d.get("errors", [])[:5]:
            lines.append(f"  error: {e['where']}: {e['error']}" + (f" (HTTP {e['status']})" if e.get("status") else ""))
        if self.paths:
            lines.append(f"  report: {self.paths[1]} (and .json): no secret, no names: safe to share")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<DoctorReport {self.data['mode']} {self.data['target']['label']}: {self.verdict}>"

    # -- files ---------------------------------------------------------------------------------------------
    def to_markdown(self) -> str:
        d = self.data
        t = d["target"]
        out = [
            "# mpnb doctor report",
            "",
            f"- run {d['run_id']} ({d['mode']}), {d['started']}, {d['seconds']} s, mpnb {d['mpnb']}",
            f"- target: {t['label']} (auth: {t['auth']}; workspace {t['workspace']})",
            f"- verdict: **{d['verdict']}**",
            f"- answers: {json.dumps(d['http']['statuses'])}; rate-limit headers: "
            + (json.dumps(d["http"]["rate_limit_headers"]) if d["http"]["rate_limit_headers"] else "none"),
            "",
            "## Checks",
            "",
            *[f"- {name}: {_cell(value)}" for name, value in d["checks"].items()],
            "",
            "## Families",
            "",
            "| family | listed | envelope | unknown fields | model errors | spec | scratch cycle |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, fam in self.families.items():
            lst = fam["list"]
            spec = lst.get("spec") or {}
            spec_text = (f"{sum(spec['errors'].values())} errors" if spec.get("ran") else spec.get("note", "")) or "-"
            write = ", ".join(f"{k} {v}" for k, v in fam.get("write", {}).items()) or "-"
            out.append(
                f"| {name} | {lst.get('count', lst.get('error', '-'))} | {_cell(_envelope(lst.get('envelope')))} | "
                f"{_cell(lst.get('unknown_fields', '-'))} | {_cell(lst.get('model_errors', '-'))} | "
                f"{_cell(spec_text)} | {_cell(write)} |"
            )
        out += ["", "### Fields and types", ""]
        for name, fam in self.families.items():
            if fam["list"].get("fields"):
                out.append(f"- **{name}**: " + _cell(fam["list"]["fields"]))
            for what, read in fam.get("reads", {}).items():
                out.append(f"  - {what}: {_cell(read)}")
        out += ["", "## Items of docs/unverified.md", "", "| id | verdict | claim tested | seen |", "|---|---|---|---|"]
        out += [f"| {i['id']} | {i['verdict']} | {_cell(i['claim'])} | {_cell(i['seen'])} |" for i in self.items]
        if d.get("leftovers") is not None:
            out += ["", "## Scratch entities", "", f"- {_cell(d['leftovers'])}"]
        if d.get("errors"):
            out += ["", "## Errors", ""] + [f"- {_cell(e)}" for e in d["errors"]]
        return "\n".join(out) + "\n"

    def save(
        self, folder: str | Path | None = None, *, secrets: list[str] | None = None, names: list[str] | None = None
    ) -> tuple[Path, Path]:
        """Write the ``.json`` and ``.md`` files (default folder ``$MPNB_HOME/doctor``); returns their paths."""
        self.data = _scrub(self.data, [s for s in secrets or [] if len(s) >= 4], [n for n in names or [] if n])
        where = Path(folder) if folder is not None else mpnb_home() / "doctor"
        where.mkdir(parents=True, exist_ok=True)
        now, project = datetime.now(timezone.utc), self.data["target"]["project_id"]
        stem = f"{now:%Y%m%dT%H%M%SZ}-{project}"
        if (where / f"{stem}.json").exists():  # two runs in one second: the finer time tells them apart
            stem = f"{now:%Y%m%dT%H%M%S%fZ}-{project}"
        json_path, md_path = where / f"{stem}.json", where / f"{stem}.md"
        json_path.write_text(json.dumps(self.data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        md_path.write_text(self.to_markdown(), encoding="utf-8")
        self.paths = (json_path, md_path)
        return json_path, md_path
