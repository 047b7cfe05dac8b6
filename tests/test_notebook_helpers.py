"""``mpnb.notebook``: the one-line connection of the demo notebooks, and a board's layout drawn as HTML."""

from __future__ import annotations

import getpass
import re
from pathlib import Path
from typing import Any

import pytest

import mpnb as mp
from mpnb.notebook import board_html, connect
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME


@pytest.fixture
def no_prompt(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the password prompts; answering one fails the test unless it sets its own answer."""
    asked: list[str] = []

    def refuse(prompt: str = "") -> str:
        asked.append(prompt)
        raise AssertionError("asked for a secret")

    monkeypatch.setattr(getpass, "getpass", refuse)
    return asked


def test_the_default_is_the_seeded_sandbox_with_backups_in_a_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, no_prompt: list[str]
) -> None:
    monkeypatch.setenv("MP_USERNAME", "someone.real")  # real credentials in the environment are not used
    monkeypatch.setenv("MP_SECRET", "not-for-a-demo")
    monkeypatch.setenv("MP_PROJECT_ID", "4242")
    monkeypatch.delenv("MPNB_BASE_URL", raising=False)
    ws = connect()
    assert ws.target.kind == "sandbox" and not ws.target.is_real
    assert len(ws.dashboards.frame()) >= 1  # seeded
    ws.delete_dashboard(int(ws.dashboards.frame().index[0]))
    backup = ws.backups.latest("dashboards")
    assert backup is not None and "mpnb-demo-backups-" in str(backup.path)
    assert no_prompt == []


def test_a_served_sandbox_on_loopback_wins_over_the_built_in_one(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPNB_BASE_URL", server.url)
    monkeypatch.setenv("MP_USERNAME", DEMO_USERNAME)
    monkeypatch.setenv("MP_SECRET", DEMO_SECRET)
    monkeypatch.setenv("MP_PROJECT_ID", str(DEMO_PROJECT_ID))
    for target in ("sandbox", "env"):
        ws = connect(target, allow_writes=False)  # a served sandbox is not real Mixpanel: no consent needed
        assert ws.target.kind == "url" and ws.target.app_url.startswith(server.url)


def test_a_wrong_parameter_is_refused_by_name_before_any_prompt(no_prompt: list[str]) -> None:
    with pytest.raises(ValueError, match="TARGET must be one of 'sandbox', 'env', 'mixpanel'"):
        connect("prod")
    with pytest.raises(ValueError, match="MP_USERNAME is empty"):
        connect("mixpanel", "  ", 1)
    with pytest.raises(ValueError, match="MP_PROJECT_ID must be the project's id"):
        connect("mixpanel", "sa", 0)
    with pytest.raises(ValueError, match="MP_PROJECT_ID"):
        connect("mixpanel", "sa", True)
    with pytest.raises(ValueError, match="MP_REGION must be one of 'us', 'eu', 'in', not 'de'"):
        connect("mixpanel", "sa", 1, "de")
    assert no_prompt == []


def test_writes_to_real_mixpanel_stop_before_the_secret_is_asked(no_prompt: list[str]) -> None:
    with pytest.raises(RuntimeError, match=r"Mixpanel eu · project 7 is real Mixpanel; set ALLOW_WRITES_TO_REAL"):
        connect("mixpanel", "sa", 7, "eu", allow_writes=False)
    assert no_prompt == []


def test_the_secret_comes_from_the_password_prompt_and_is_kept_hidden(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "typed-into-the-box-0123456789"
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or secret)
    ws = connect("mixpanel", "sa.user", 4242, "eu")  # sends nothing: the first call would
    assert asked == ["Service account secret of sa.user: "]
    assert ws.target.is_real and ws.target.label().startswith("Mixpanel eu")
    shown = repr(ws) + repr(ws.target) + ws.target.label() + capsys.readouterr().out
    assert secret not in shown


def test_an_empty_answer_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "")
    with pytest.raises(RuntimeError, match="no secret was typed: run this cell again"):
        connect("mixpanel", "sa", 1)


# -- board_html ----------------------------------------------------------------------------------------------
def _cards(html: str) -> list[tuple[str, str]]:
    """(type label, name) of each card, in board order."""
    return re.findall(r'class="mpnb-card[^"]*"[^>]*><div[^>]*>([^<]*)</div><div>([^<]*)</div>', html)


def test_board_html_draws_rows_of_cards_in_order_with_names_and_widths() -> None:
    ws = mp.Workspace.sandbox(seed=0)
    first, second = ws.list_bookmarks_v2()[:2]
    text = mp.DashboardRowContent(content_type="text", content_params={"markdown": "## Weekly <review>\nmore"})
    report = mp.DashboardRowContent(content_type="report", content_params={"source_bookmark_id": first.id})
    other = mp.DashboardRowContent(content_type="report", content_params={"source_bookmark_id": second.id})
    board = ws.create_dashboard(
        mp.CreateDashboardParams(
            title="Checkout <health> & more",
            rows=[mp.DashboardRow(contents=[text, report, other]), mp.DashboardRow(contents=[other])],
        )
    )
    html = board_html(ws, board.id)
    rows = html.split('class="mpnb-board-row"')[1:]
    assert len(rows) == 2
    assert [len(_cards(r)) for r in rows] == [3, 1]
    detail = ws.get_dashboard(board.id)
    names = [detail.contents["report"][str(c["content_id"])]["name"] for c in detail.cards("report")]
    assert [name for _, name in _cards(html)] == ["Weekly &lt;review&gt;", *names]
    assert _cards(rows[0])[1][0].startswith(f"{first.bookmark_type.title()} · report ")
    assert rows[0].count("width 4/12") == 3 and "width 12/12" in rows[1]
    assert "calc(33.3333% - 6px)" in rows[0] and "calc(100.0000% - 6px)" in rows[1]
    assert "Checkout &lt;health&gt; &amp; more" in html and "<health>" not in html  # escaped
    assert "2 row(s) · 3 report(s) · 1 text card(s)" in html


def test_board_html_of_an_empty_board_and_of_a_card_missing_from_contents(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = mp.Workspace.sandbox(seed=0)
    text = mp.DashboardRowContent(content_type="text", content_params={"markdown": "only text"})
    board = ws.create_dashboard(mp.CreateDashboardParams(title="Bare", rows=[mp.DashboardRow(contents=[text])]))
    detail = ws.get_dashboard(board.id)
    detail.layout["rows"] = {}
    monkeypatch.setattr(ws, "get_dashboard", lambda dashboard_id: detail)
    assert "no cards yet" in board_html(ws, board.id) and "mpnb-card" not in board_html(ws, board.id)
    detail.layout["rows"] = {"r": {"cells": [{"content_id": 999, "content_type": "report", "width": 30}]}}
    detail.layout["order"] = ["r"]
    html = board_html(ws, board.id)
    assert "report 999 (not in the board&#x27;s contents)" in html and "width 12/12" in html


def test_the_helpers_module_stays_small() -> None:
    source = Path(mp.__file__).parent / "notebook.py"
    assert len(source.read_text(encoding="utf-8").splitlines()) <= 450
