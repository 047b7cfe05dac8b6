"""Helpers for notebooks: the one-line connection every demo notebook starts with, and a board's layout as HTML.

``connect`` keeps the set-up of a notebook to its parameters and one call, so a reader reaches the
story at once; the rules it applies (sandbox by default, secret from a password prompt, consent before
writing to real Mixpanel) are the same in every notebook because they live here, tested, not in cells.
"""

from __future__ import annotations

import getpass
import os
import tempfile
from html import escape
from typing import Any, Literal
from urllib.parse import urlsplit

from mpnb import Workspace

__all__ = ["TARGETS", "board_html", "connect"]

TARGETS = ("sandbox", "env", "mixpanel")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_REGIONS: dict[str, Literal["us", "eu", "in"]] = {"us": "us", "eu": "eu", "in": "in"}  # as Workspace takes them


def connect(
    target: str = "sandbox",
    username: str = "",
    project_id: int = 0,
    region: str = "us",
    *,
    allow_writes: bool = True,
) -> Workspace:
    """The Workspace a notebook's ``parameters`` cell asks for.

    - ``"sandbox"``: a seeded demo project in memory (no credentials, no network), with backups in a
      temporary folder; a sandbox served on this machine (``MPNB_BASE_URL`` on a loopback address, as
      ``mpnb sandbox serve`` prints) is used instead when set.
    - ``"env"``: ``Workspace()``, i.e. ``MPNB_BASE_URL`` or the ``MP_*`` variables.
    - ``"mixpanel"``: real Mixpanel as the service account ``username`` on ``project_id`` in ``region``;
      the secret is asked for in a password prompt (``getpass``), so it never sits in a cell.

    ``allow_writes=False`` (a notebook that edits passes its ``ALLOW_WRITES_TO_REAL_PROJECT`` parameter)
    stops on real Mixpanel before anything is sent, and before the secret is asked for.
    """
    if target not in TARGETS:
        raise ValueError(f"TARGET must be one of {', '.join(map(repr, TARGETS))}, not {target!r}")
    if target == "mixpanel":
        return _mixpanel(username, project_id, region, allow_writes=allow_writes)
    served = urlsplit(os.environ.get("MPNB_BASE_URL", "")).hostname in _LOOPBACK
    if target == "env" or served:
        ws = Workspace()  # resolves MPNB_BASE_URL (a served sandbox) or the MP_* variables
    else:
        ws = Workspace.sandbox(seed=0, backup_dir=tempfile.mkdtemp(prefix="mpnb-demo-backups-"))
    if ws.target.is_real and not allow_writes:
        raise RuntimeError(_refused(ws.target.label()))
    return ws


def _refused(label: str) -> str:
    return f"{label} is real Mixpanel; set ALLOW_WRITES_TO_REAL_PROJECT = True in the parameters cell to go on"


def _mixpanel(username: str, project_id: int, region: str, *, allow_writes: bool) -> Workspace:
    if not username.strip():
        raise ValueError('MP_USERNAME is empty: set it to the service account\'s username for TARGET = "mixpanel"')
    if isinstance(project_id, bool) or not isinstance(project_id, int) or project_id <= 0:
        raise ValueError(
            f'MP_PROJECT_ID must be the project\'s id (a positive number) for TARGET = "mixpanel", not {project_id!r}'
        )
    known = _REGIONS.get(region)
    if known is None:
        raise ValueError(f"MP_REGION must be one of {', '.join(map(repr, _REGIONS))}, not {region!r}")
    if not allow_writes:
        raise RuntimeError(_refused(f"Mixpanel {region} · project {project_id}"))
    secret = getpass.getpass(f"Service account secret of {username}: ")
    if not secret:
        raise RuntimeError("no secret was typed: run this cell again and type it into the password box")
    return Workspace(username=username, secret=secret, project_id=project_id, region=known)


# -- a board's layout ----------------------------------------------------------------------------------------
_CARD = (
    "flex:0 0 calc({pct:.4f}% - 6px);box-sizing:border-box;border:1px solid #c8d1dc;border-radius:6px;"
    "padding:6px 8px;background:{bg}"
)
_SMALL = "font-size:11px;color:#5f6b7a"
_GRID = 12  # Mixpanel's board rows are 12 columns wide


def board_html(ws: Workspace, dashboard_id: int) -> str:
    """A board's layout as HTML: its rows of cards in order, each card with its report's name and type (or
    a text card's first line) and its width, drawn to scale. One ``get_dashboard`` call; nothing is changed.

    Display it with ``IPython.display.HTML(board_html(ws, board_id))``.
    """
    board = ws.get_dashboard(dashboard_id)
    layout = board.layout if isinstance(board.layout, dict) else {}
    rows = layout.get("rows") or {}
    order = layout.get("order") or list(rows)
    contents = board.contents if isinstance(board.contents, dict) else {}
    drawn = []
    for row_id in order:
        cells = (rows.get(row_id) or {}).get("cells") or []
        if cells:
            cards = "".join(_card(cell, contents) for cell in cells)
            drawn.append(f'<div class="mpnb-board-row" style="display:flex;gap:6px;margin:6px 0">{cards}</div>')
    reports, texts = len(board.cards("report")), len(board.cards("text"))
    head = (
        f'<div style="font-weight:600">{escape(board.title)}</div>'
        f'<div style="{_SMALL}">board {board.id} · {len(drawn)} row(s) · {reports} report(s) · '
        f"{texts} text card(s)</div>"
    )
    body = "".join(drawn) or f'<div style="{_SMALL};margin:6px 0">no cards yet</div>'
    return f'<div class="mpnb-board" style="max-width:900px;font-family:sans-serif">{head}{body}</div>'


def _card(cell: dict[str, Any], contents: dict[str, Any]) -> str:
    kind = str(cell.get("content_type") or "card")
    content_id = cell.get("content_id")
    width = cell.get("width")
    span = width if isinstance(width, int) and 0 < width <= _GRID else _GRID
    item = (contents.get(kind) or {}).get(str(content_id)) or {}
    if kind == "report":
        name = str(item.get("name") or f"report {content_id} (not in the board's contents)")
        label = f"{str(item.get('type') or 'report').title()} · report {content_id}"
        bg = "#eef4fb"
    elif kind == "text":
        lines = [ln.strip().lstrip("#").strip() for ln in str(item.get("markdown") or "").splitlines()]
        name = next((ln for ln in lines if ln), "(empty text card)")
        name = name if len(name) <= 80 else name[:79] + "…"
        label = f"Text card {content_id}"
        bg = "#f6f6f4"
    else:
        name, label, bg = f"{kind} {content_id}", kind.title(), "#ffffff"
    return (
        f'<div class="mpnb-card mpnb-card-{escape(kind)}" style="{_CARD.format(pct=100 * span / _GRID, bg=bg)}">'
        f'<div style="{_SMALL}">{escape(label)}</div><div>{escape(name)}</div>'
        f'<div style="{_SMALL}">width {span}/{_GRID}</div></div>'
    )
