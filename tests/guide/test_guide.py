"""The user guide is the contract: every Python and CLI snippet in it runs, in order, on a fresh default sandbox.

The guide (``entity-management.txt``) lives beside the clone, at ``../shared/seed/`` from the repository
root. Its snippets are found line by line (the text has no code fences) and changed only as a newcomer
would change them: ``import mixpanel_<x> as mp`` becomes ``import mpnb as mp``, the CLI's ``mp`` becomes
``mpnb``, and placeholder ids (``123``, ``"abc-123-uuid"``, ...) become real ids read from the sandbox at
that moment (an id the step can act on: an active experiment to conclude, a report an alert may watch).
One placeholder is not a literal: the guide's "Or with an explicit end date" ``conclude_experiment(exp.id,
...)`` is an alternative to the call before it, so it runs on an active demo experiment instead.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import mpnb as mp
from mpnb.cli import main

ROOT = Path(__file__).resolve().parents[2]
GUIDE = Path(os.environ.get("ENTITY_GUIDE") or ROOT.parent / "shared" / "seed" / "entity-management.txt")

_PY = re.compile(r"""^(for\s|if\s|import\s|from\s|print\(|[A-Za-z_][\w.]*\s*(=|\()|\w+=|["'{\[\])}])""")
_INT_PLACEHOLDERS = {"123", "456", "789", "12345", "42"}
_STR_PLACEHOLDERS = ("abc-123-uuid", "xyz-456-uuid")
DATED_END = "2026-04-01"


@dataclass
class Step:
    kind: str  # "py" or "cli"
    code: str
    line: int


def _depth(text: str) -> int:
    body = re.sub(r"\"[^\"]*\"|'[^']*'", "", text)
    return sum(body.count(c) for c in "([{") - sum(body.count(c) for c in ")]}")


def extract(text: str) -> list[Step]:
    """The guide's statements in order: Python (a block opener carries its body) and CLI commands."""
    steps: list[Step] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if line.startswith("mp "):
            cmd, start = line, i
            while cmd.endswith("\\") and i < len(lines):
                cmd = cmd[:-1].rstrip() + " " + lines[i].strip()
                i += 1
            steps.append(Step("cli", cmd, start))
            continue
        if line.endswith("¶") or line.startswith("#") or not _PY.match(line):
            continue
        start = i
        stmt = [line]
        while _depth("\n".join(stmt)) > 0 and i < len(lines):
            stmt.append(lines[i].rstrip())
            i += 1
        code = "\n".join(stmt)
        if code.endswith(":"):  # the guide lost its indentation: the next statement is the body
            body = [lines[i].rstrip()]
            i += 1
            while _depth("\n".join(body)) > 0 and i < len(lines):
                body.append(lines[i].rstrip())
                i += 1
            code += "\n" + "\n".join("    " + b for b in body)
        steps.append(Step("py", code, start))
    return steps


class Ids:
    """Real ids for the guide's placeholders, read from the sandbox when each step runs."""

    def __init__(self, ws: mp.Workspace) -> None:
        self.ws = ws

    def reports(self, *, alertable: bool = False) -> list[int]:
        return [
            r.id
            for r in self.ws.list_bookmarks_v2()
            if not alertable or str(getattr(r.bookmark_type, "value", r.bookmark_type)) in ("insights", "funnels")
        ]

    def cohorts(self) -> list[int]:
        return [c.id for c in self.ws.list_cohorts()]

    def flags(self, status: str | None = None, variants: set[str] | None = None) -> list[str]:
        found = []
        for f in self.ws.list_feature_flags():
            if status is not None and str(getattr(f.status, "value", f.status)) != status:
                continue
            if variants is not None and not variants <= {v["key"] for v in f.ruleset["variants"]}:
                continue
            found.append(str(f.id))
        return found

    def alerts(self) -> list[int]:
        return [a.id for a in self.ws.list_alerts()]

    def experiments(self, status: str, *, started_before: str | None = None, variant: str | None = None) -> list[str]:
        found = []
        for e in self.ws.list_experiments():
            if str(getattr(e.status, "value", e.status)) != status:
                continue
            if started_before and not (e.start_date and str(e.start_date)[:10] < started_before):
                continue
            if variant and variant not in {v.get("key") for v in e.variants or [] if isinstance(v, dict)}:
                continue
            found.append(str(e.id))
        return found

    def board_with(self, kind: str) -> tuple[int, int]:
        """A dashboard with a card of ``kind`` ("report" or "text") and that card's id."""
        for d in self.ws.list_dashboards():
            full = self.ws.get_dashboard(d.id)
            contents = full.model_dump().get("contents") or {}
            for cid in contents.get(kind) or {}:
                return d.id, int(cid)
        raise AssertionError(f"the sandbox has no dashboard with a {kind} card")

    def for_python(self, code: str) -> str:
        method = (re.findall(r"ws\.(\w+)\(", code) or [""])[0]
        if method == "update_report_link":
            board, link = self.board_with("report")
            return _sub(code, {"123": board, "456": link})
        if method == "update_text_card":
            board, card = self.board_with("text")
            return _sub(code, {"123": board, "789": card})
        if method in ("get_dashboard_erf", "create_rca_dashboard"):
            return _sub_all(code, [d.id for d in self.ws.list_dashboards()])
        if method == "conclude_experiment" and DATED_END in code:
            return code.replace("exp.id", repr(self.experiments("active", started_before=DATED_END)[0]))
        if "alert" in method:
            code = re.sub(r"bookmark_id=12345", f"bookmark_id={self.reports(alertable=True)[0]}", code)
            return _sub_all(code, self.alerts()) if "42" in code else code
        if method == "delete_feature_flag":  # Mixpanel deletes only disabled flags: the guide means one of those
            return _sub_all(code, self.flags("disabled"))
        if method == "set_flag_test_users":  # the guide's users pick variants "On" and "Off": a gate flag
            return _sub_all(code, self.flags(variants={"On", "Off"}))
        if "flag" in method:
            return _sub_all(code, self.flags())
        if "cohort" in method:
            return _sub_all(code, self.cohorts())
        if "bookmark" in method:
            return _sub_all(code, self.reports())
        return code

    def for_cli(self, args: list[str]) -> list[str]:
        family, verb = args[0], args[1]
        if family == "experiments" and "xyz-456-uuid" in args:
            if verb == "launch":
                pool = self.experiments("draft")
            elif verb == "conclude":
                pool = self.experiments("active", started_before=DATED_END if "--end-date" in args else None)
            else:  # decide: a concluded experiment that has the variant the guide names
                named = args[args.index("--variant") + 1] if "--variant" in args else None
                pool = self.experiments("concluded", variant=named)
            return [pool[0] if a == "xyz-456-uuid" else a for a in args]
        if family == "alerts":
            out = list(args)
            for k, a in enumerate(args):
                if a == "12345" and args[k - 1] == "--bookmark-id":
                    out[k] = str(self.reports(alertable=True)[0])
                elif a == "42" and verb == "history":
                    out[k] = str(self.alerts()[0])
            return out
        return args


def _sub(code: str, mapping: dict[str, Any]) -> str:
    return re.sub(r"(?<![\w.-])(\d+)(?![\w.-])", lambda m: str(mapping.get(m.group(1), m.group(1))), code)


def _sub_all(code: str, live: list[Any]) -> str:
    """Distinct placeholders, in order of appearance, become distinct live ids."""
    order: list[str] = []
    for m in re.finditer(r"(?<![\w.-])(\d+)(?![\w.-])|\"(abc-123-uuid|xyz-456-uuid)\"", code):
        token = m.group(0)
        if (m.group(1) in _INT_PLACEHOLDERS or m.group(2)) and token not in order:
            order.append(token)
    assert len(live) >= len(order), f"the sandbox has too few records for {code!r}"
    mapping = {tok: (repr(live[n]) if tok.startswith('"') else str(live[n])) for n, tok in enumerate(order)}
    pattern = r"(?<![\w.-])(\d+)(?![\w.-])|\"(?:abc-123-uuid|xyz-456-uuid)\""
    return re.sub(pattern, lambda m: mapping.get(m.group(0), m.group(0)), code)


def _python(code: str) -> str:
    return re.sub(r"^import mixpanel_\w+ as mp$", "import mpnb as mp", code, flags=re.M)


@pytest.fixture
def guide_text() -> str:
    if not GUIDE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the user guide is missing at {GUIDE}; CI must run the guide's snippets")
        pytest.skip(f"the user guide is not beside this clone ({GUIDE})")
    return GUIDE.read_text(encoding="utf-8")


def test_extraction_finds_the_guides_snippets(guide_text: str) -> None:
    steps = extract(guide_text)
    py = [s for s in steps if s.kind == "py"]
    cli = [s for s in steps if s.kind == "cli"]
    assert len(py) >= 40 and len(cli) >= 9
    assert any("create_experiment" in s.code for s in py) and any("list_annotations" in s.code for s in py)
    assert all(compile(_python(s.code), "guide", "exec") for s in py)  # whole statements, bodies indented


def test_every_snippet_runs_in_order_on_a_fresh_default_sandbox(
    guide_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MPNB_HOME", str(tmp_path))
    ws = mp.Workspace()
    assert ws.emulator is not None and ws.emulator.state_path == tmp_path / "sandbox.sqlite3"
    ids = Ids(ws)
    ns: dict[str, Any] = {"mp": mp, "ws": ws}
    runner = CliRunner()
    ran: list[str] = []
    for step in extract(guide_text):
        if step.kind == "py":
            code = ids.for_python(_python(step.code))
            try:
                exec(compile(code, f"guide line {step.line}", "exec"), ns)
            except Exception as exc:
                raise AssertionError(f"guide line {step.line} failed:\n{code}\n-> {exc!r}") from exc
            if "mp.Workspace()" in code:  # the guide's own `ws = mp.Workspace()`: the same default sandbox
                assert ns["ws"].emulator is ws.emulator
        else:
            args = ids.for_cli(shlex.split(step.code)[1:])
            result = runner.invoke(main, args, catch_exceptions=False)
            assert result.exit_code == 0, f"guide line {step.line}: mpnb {shlex.join(args)}\n{result.output}"
        ran.append(step.code)
    assert len(ran) >= 50
    # Python and the CLI shared one sandbox: the experiment Python created is seen by the CLI
    listed = runner.invoke(main, ["experiments", "list"], catch_exceptions=False)
    assert "Pricing Page Test" in listed.output
    # the guide's date range found the demo annotations it asks for
    assert ns["annotations"] is not None
    assert ws.list_annotations(from_date="2025-01-01", to_date="2025-03-31") != []
