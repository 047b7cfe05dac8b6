"""Slow reads say what they are doing: a frame's reads, the audit's rules and the project graph's reads show
as named steps on a terminal or in a notebook once they have taken a while, and never on a file or a pipe."""

from __future__ import annotations

import io
import sys

import pytest

import mpnb as mp
from mpnb import _progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _terminal(monkeypatch: pytest.MonkeyPatch) -> _Terminal:
    """stderr as a terminal, and bars that show at once (as a slow call's would after the delay). Set in the
    test's body: pytest puts its own capture back on sys.stderr after the fixtures have run."""
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    monkeypatch.setattr(_progress, "REDRAW", 0.0)
    return screen


def test_a_frame_names_its_reads(ws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _terminal(monkeypatch)
    ws.dashboards.frame()
    shown = terminal.getvalue()
    assert "dashboards: reading reports" in shown  # the count columns' read, named for what it reads
    assert "dashboards: reading dashboards" in shown and "dashboards: building the frame" in shown


def test_the_audit_names_each_rule_as_it_runs(ws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _terminal(monkeypatch)
    audit = ws.audit()
    shown = terminal.getvalue()
    assert all(f"audit: {rule}" in shown for rule in audit.rules)


def test_the_graph_names_its_reads(ws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _terminal(monkeypatch)
    ws.graph()
    shown = terminal.getvalue()
    assert "project graph: reading" in shown and "project graph: linking" in shown


def test_a_quick_call_prints_nothing(ws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(_progress, "DELAY", 3600.0)
    ws.reports.frame()
    ws.audit()
    assert screen.getvalue() == ""


def test_no_bar_when_turned_off_or_on_a_pipe(ws: mp.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _terminal(monkeypatch)
    ws.reports.frame(progress=False)
    assert terminal.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a file or a pipe: no \r in a log
    ws.reports.frame()
    ws.audit()
    assert sys.stderr.getvalue() == ""  # type: ignore[attr-defined]
