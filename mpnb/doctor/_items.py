"""The items of ``docs/unverified.md``: what mpnb relies on that nobody has confirmed against live Mixpanel.

Each table row of that page is one item; its first cell is the item's id (``X1``, ``D-e``, ``CLI-a``), which
never changes once given, so a doctor report, a note or a code comment can cite it. The doctor lists every
item with its verdict, so it reads the page itself rather than a copy that could drift from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ID_GRAMMAR", "Item", "find_page", "parse_items", "unverified_items"]

# ``X1`` (numbered) or ``D-e``, ``CLI-a``, ``Doc-b`` (a letter per item within its table)
ID_GRAMMAR = r"[A-Z][A-Za-z]*(?:[0-9]+|-[a-z]+)"
_PAGE = Path(__file__).resolve().parents[2] / "docs" / "unverified.md"
_HEADER = re.compile(r"^\|\s*(?:id|#)\s*\|", re.I)
_RULE = re.compile(r"^\|[\s|:-]+\|\s*$")


@dataclass(frozen=True)
class Item:
    """One row of the page: its id, the section it sits in, and its cells as written."""

    id: str
    section: str
    behaviour: str
    source: str = ""
    mpnb_does: str = ""


def _cells(line: str) -> list[str]:
    """A table row's cells; ``\\|`` is a literal bar inside a cell."""
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", inner)]


def parse_items(text: str) -> list[Item]:
    """Every table row of ``text`` as an ``Item``, in page order; a repeated id is a ``ValueError``."""
    items: list[Item] = []
    seen: set[str] = set()
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        if not line.startswith("|") or _HEADER.match(line) or _RULE.match(line):
            continue
        cells = [*_cells(line), "", "", ""]
        ident = cells[0]
        if ident in seen:
            raise ValueError(f"docs/unverified.md: the id {ident} is given to two items")
        seen.add(ident)
        items.append(Item(ident, section, cells[1], cells[2], cells[3]))
    return items


def find_page() -> Path | None:
    """``docs/unverified.md`` of the checkout mpnb runs from (an editable install), or None."""
    return _PAGE if _PAGE.is_file() else None


def unverified_items(path: str | Path | None = None) -> list[Item]:
    """The items of ``path`` (default: this checkout's page); an empty list when there is no page."""
    page = Path(path) if path is not None else find_page()
    return parse_items(page.read_text(encoding="utf-8")) if page is not None else []
