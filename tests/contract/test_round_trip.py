"""An export written back unchanged by the csv module, pandas or a spreadsheet-style writer plans nothing.

The export is what ``mpnb <family> export --format csv`` prints (``write_csv`` of the family's frame); the
apply side is what ``mpnb <family> apply FILE`` plans (``read_csv`` + a plan against a fresh read).
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mpnb as mp
from mpnb.frames._csv import read_csv, write_csv
from mpnb.frames._plan import make_plan
from mpnb.frames.families import SPECS

FAMILIES = list(SPECS)


def _csv_module(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out).writerows(rows)  # writes "" as an empty cell, \r\n line ends
    return out.getvalue()


def _pandas(text: str) -> str:
    return pd.read_csv(io.StringIO(text)).to_csv(index=False)


def _spreadsheet(text: str) -> str:
    """What a spreadsheet saves: booleans as TRUE/FALSE, empty strings as empty cells, every text quoted
    only where needed, \r\n line ends."""
    rows = list(csv.reader(io.StringIO(text)))
    shown = [[{"true": "TRUE", "false": "FALSE"}.get(c, c) for c in r] for r in rows]
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(shown)
    return out.getvalue()


WRITERS = {"csv module": _csv_module, "pandas": _pandas, "spreadsheet": _spreadsheet}


@pytest.fixture
def ws_with_empties(fws: mp.Workspace) -> mp.Workspace:
    """The demo, plus a report and a board whose description is "" on the server."""
    df = fws.reports.frame()
    rid = int(df.index[0])
    fws.update_bookmark(rid, mp.UpdateBookmarkParams(description=""))
    assert fws.get_bookmark(rid).description == ""
    return fws


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("family", FAMILIES)
def test_unedited_round_trip_plans_nothing(ws_with_empties: mp.Workspace, family: str, writer: str) -> None:
    ws = ws_with_empties
    spec = SPECS[family]
    exported = write_csv(getattr(ws, family).frame())
    back = WRITERS[writer](exported)
    plan = make_plan(ws, spec, read_csv(back, spec), baseline="fresh")
    assert plan.is_empty and not plan.conflicts and not plan.invalid, (plan.changes[:5], plan.invalid)


def test_python_frame_none_empty_string_and_nan_are_the_same(ws_with_empties: mp.Workspace) -> None:
    df = ws_with_empties.reports.frame()
    empties = df.index[df["description"].fillna("") == ""]
    assert len(empties) >= 2
    df.loc[empties[0], "description"] = None
    df.loc[empties[1], "description"] = pd.NA
    obj = df.astype({"description": object})
    obj.loc[empties[0], "description"] = float("nan")
    assert ws_with_empties.reports.plan(df).is_empty
    assert ws_with_empties.reports.plan(obj).is_empty
    df.loc[empties[0], "description"] = "now described"
    assert list(ws_with_empties.reports.plan(df).updates) == [empties[0]]


_NA_LIKE = {"", "na", "n/a", "nan", "null", "none", "<na>", "-nan", "1.#ind", "1.#qnan", "#n/a", "#na", "true", "false"}
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(',"\n '), max_size=12
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.lists(st.one_of(st.just(""), st.none(), texts), min_size=4, max_size=4),
    writer=st.sampled_from(list(WRITERS)),
)
def test_any_description_survives_every_writer(fws: mp.Workspace, values: list[str | None], writer: str) -> None:
    """Text with commas, quotes, newlines, blanks and unicode comes back as it went out (pandas reads a few
    words as missing or as numbers by default; those are left out for it)."""
    if writer == "pandas":
        values = [v for v in values if v is None or (v.strip().lower() not in _NA_LIKE and not _numeric(v))]
    if writer == "spreadsheet":
        values = [v for v in values if v is None or v.strip().lower() not in ("true", "false")]
    df = fws.reports.frame()
    ids = [int(i) for i in df.index[: len(values)]]
    if ids:
        fws.bulk_update_bookmarks([mp.BulkUpdateBookmarkEntry(id=i, description=v) for i, v in zip(ids, values)])
    spec = SPECS["reports"]
    back = WRITERS[writer](write_csv(fws.reports.frame()))
    plan = make_plan(fws, spec, read_csv(back, spec), baseline="fresh")
    assert plan.is_empty, plan.changes[:3]


def _numeric(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


def _quote_all(text: str) -> str:
    """Every cell quoted, empty ones too (``csv.QUOTE_ALL``: Excel's and many scripts' choice)."""
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerows(rows)
    return out.getvalue()


def _pandas_gained_a_row(text: str) -> str:
    """pandas read it, a row was appended (no id yet), and the ids became floats: ``1.0``."""
    df = pd.read_csv(io.StringIO(text))
    df.loc[len(df)] = {c: None for c in df.columns}
    return df.to_csv(index=False)


MORE_WRITERS = {"quote all": _quote_all, **WRITERS}
_TEXT_FIELD = {"dashboards": "title", "annotations": "description", "webhooks": "name", "alerts": "name"}
_TEXT_FIELD |= {"events": "description", "properties": "description", "custom_events": "description"}
_TEXT_FIELD |= {"drop_filters": "event_name"}
NO_TEXT_FIELD = {"lexicon_tags"}  # a tag's one field is its name, the frame's index: renamed by its id only


@pytest.mark.parametrize("family", FAMILIES)
def test_quote_all_round_trip_plans_nothing(ws_with_empties: mp.Workspace, family: str) -> None:
    spec = SPECS[family]
    back = _quote_all(write_csv(getattr(ws_with_empties, family).frame()))
    plan = make_plan(ws_with_empties, spec, read_csv(back, spec), baseline="fresh")
    assert plan.is_empty and not plan.conflicts and not plan.invalid, (plan.changes[:5], plan.invalid)


@pytest.mark.parametrize("writer", list(MORE_WRITERS))
@pytest.mark.parametrize("family", [f for f in FAMILIES if f not in NO_TEXT_FIELD])
def test_an_edited_export_applies_whatever_wrote_it(fws: mp.Workspace, family: str, writer: str) -> None:
    """One text field of one row edited, then saved by the writer: the plan is exactly that one update."""
    spec = SPECS[family]
    field = _TEXT_FIELD.get(family, "name")
    rows = list(csv.reader(io.StringIO(write_csv(getattr(fws, family).frame()))))
    at = rows[0].index(field)
    rows[1][at] = "edited by a writer"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    back = MORE_WRITERS[writer](out.getvalue())
    plan = make_plan(fws, spec, read_csv(back, spec), baseline="fresh")
    assert not plan.invalid and not plan.conflicts, plan.invalid
    assert [(c.field, c.after) for c in plan.changes] == [(field, "edited by a writer")], plan.changes[:5]
    result = plan.apply(progress=False)
    assert list(result["status"]) == ["ok"]


def test_a_pandas_frame_that_gained_a_row_plans_one_create(fws: mp.Workspace) -> None:
    """pandas turns the id column into floats once a row without an id is added: ``1.0`` is still id 1."""
    spec = SPECS["annotations"]
    df = pd.read_csv(io.StringIO(write_csv(fws.annotations.frame())))
    new = {c: None for c in df.columns}
    new.update(date="2025-05-01 00:00:00", description="added in pandas")
    df.loc[len(df)] = new
    text = df.to_csv(index=False)
    assert "\n1.0," in text  # what pandas really wrote
    plan = make_plan(fws, spec, read_csv(text, spec), baseline="fresh")
    assert not plan.invalid and not plan.changes and not plan.conflicts, (plan.invalid, plan.changes[:3])
    assert [c.fields.get("description") for c in plan.creates] == ["added in pandas"]
