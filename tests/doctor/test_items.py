"""Every item of docs/unverified.md has a stable, unique id, and the doctor's parser lists them all."""

from __future__ import annotations

import re
from pathlib import Path

from mpnb.doctor import unverified_items
from mpnb.doctor._items import ID_GRAMMAR, parse_items

DOC = Path(__file__).resolve().parents[2] / "docs" / "unverified.md"


def test_every_item_of_the_page_has_a_unique_id() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not re.match(r"\|\s*(id|#)\s*\|", line)]
    data = [r for r in rows if not set(r.replace("|", "").strip()) <= {"-", " "}]
    items = parse_items(text)
    assert len(items) == len(data) >= 90  # every data row is an item, none is dropped
    ids = [i.id for i in items]
    assert len(set(ids)) == len(ids), sorted({i for i in ids if ids.count(i) > 1})
    assert all(re.fullmatch(ID_GRAMMAR, i) for i in ids), [i for i in ids if not re.fullmatch(ID_GRAMMAR, i)]
    assert all(i.section and i.behaviour for i in items)


def test_the_doctor_finds_the_page_of_this_checkout() -> None:
    items = unverified_items()
    assert [i.id for i in items] == [i.id for i in parse_items(DOC.read_text(encoding="utf-8"))]
    assert {"X1", "D-e", "A-h", "W-b", "FR-d"} <= {i.id for i in items}


def test_the_parser_reads_tables_under_their_sections_and_refuses_a_repeated_id() -> None:
    page = (
        "# Title\n\nintro\n\n## Cross-cutting\n\n| id | Behaviour | Source | Does |\n|---|---|---|---|\n"
        "| X1 | 429 carries `Retry-After` | unconfirmed | honours it |\n| X2 | errors \\| bodies | seen | reads |\n"
        "## Alerts\n| id | Behaviour | Source | Does |\n|---|---|---|---|\n| A-a | skip | unknown | sends it |\n"
    )
    items = parse_items(page)
    assert [(i.id, i.section) for i in items] == [("X1", "Cross-cutting"), ("X2", "Cross-cutting"), ("A-a", "Alerts")]
    assert items[1].behaviour == "errors | bodies"
    try:
        parse_items(page + "| A-a | again | x | y |\n")
    except ValueError as exc:
        assert "A-a" in str(exc)
    else:
        raise AssertionError("a repeated id must be refused")
