"""Seeding says how far it got: to a function when given one, as a bar where someone can see it (a terminal,
a notebook), and not at all on a file or a pipe (no ``\\r`` in a log)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from mpnb.sandbox import Sandbox, progress
from mpnb.sandbox.seed import seed_modules


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _heard(state: Path | None, size: int = 40) -> list[tuple[float, str]]:
    heard: list[tuple[float, str]] = []
    Sandbox(size=size, state=state, progress=lambda f, what: heard.append((f, what)))
    return heard


def test_a_seed_tells_each_step_in_order_up_to_the_end(tmp_path: Path) -> None:
    for state in (None, tmp_path / "sb.sqlite3"):
        heard = _heard(state)
        fractions = [f for f, _ in heard]
        assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
        names = [what.removeprefix("seeding ") for _, what in heard if what.startswith("seeding ")]
        assert names == [m.__name__.rpartition(".")[2] for m in seed_modules()]


def test_a_sqlite_seed_tells_its_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mpnb.sandbox.sqlstate.WRITE_CHUNK", 10)
    heard = _heard(tmp_path / "sb.sqlite3", size=200)
    writes = [f for f, what in heard if what.startswith("writing ")]
    assert len(writes) > 10 and all(0.5 < f <= 1.0 for f in writes)


def test_no_bar_on_a_pipe_or_a_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(progress, "LARGE", 0)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    Sandbox(size=40)
    Sandbox(size=40, progress=True)
    assert capsys.readouterr().err == ""


def test_a_bar_on_a_terminal_for_a_large_seed_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    Sandbox(size=40)  # below the size that earns a bar
    assert terminal.getvalue() == ""
    monkeypatch.setattr(progress, "LARGE", 40)
    Sandbox(size=40)
    assert "sandbox of 40 reports" in terminal.getvalue()
    shown = terminal.getvalue()
    Sandbox(size=40, progress=False)
    assert terminal.getvalue() == shown
