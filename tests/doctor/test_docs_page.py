"""The first-run page says what a write run makes, as the doctor itself says it (no drift)."""

from __future__ import annotations

from pathlib import Path

from mpnb.doctor._write import write_plan

PAGE = Path(__file__).resolve().parents[2] / "docs" / "first-run.md"


def test_the_page_lists_every_scratch_entity_the_doctor_makes() -> None:
    text = PAGE.read_text(encoding="utf-8").replace("`", "")
    for line in write_plan()[:-2]:
        assert f"- {line}" in text, line
