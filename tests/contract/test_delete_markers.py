"""Delete markers in every common spelling, dropped edits told, the mass-delete opt-in, secrets in journals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mpnb as mp
from mpnb.frames._csv import read_csv, write_csv
from mpnb.frames._plan import make_plan
from mpnb.frames._rows import MASS_DELETE_ROWS, parse_flag
from mpnb.frames.families import SPECS
from tests.frames.conftest import make_ws

YES = ["true", "True", "TRUE", "yes", "Yes", "y", "Y", "1", 1, True, 1.0]
NO = ["false", "False", "FALSE", "no", "NO", "n", "N", "0", 0, False, 0.0, "", None, float("nan"), pd.NA]


@pytest.mark.parametrize("cell", YES)
def test_yes_spellings(cell: object) -> None:
    assert parse_flag(cell) is True


@pytest.mark.parametrize("cell", NO)
def test_no_spellings(cell: object) -> None:
    assert parse_flag(cell) is False


@pytest.mark.parametrize("cell", ["maybe", "x", "2", "-1", "delete", {"a": 1}, [1]])
def test_anything_else_is_neither(cell: object) -> None:
    assert parse_flag(cell) is None


def _csv_with_marker(ws: mp.Workspace, marks: list[bool], writer: str) -> str:
    """The export with a ``delete`` column, written the way each tool writes a boolean column."""
    df = ws.reports.frame()
    if writer == "pandas":
        text = write_csv(df)
        back = pd.read_csv(io.StringIO(text))
        back["delete"] = marks  # pandas writes True/False
        return str(back.to_csv(index=False))
    rows = list(csv.reader(io.StringIO(write_csv(df))))
    spell = {"spreadsheet": ("TRUE", "FALSE"), "person": ("yes", "no"), "digits": ("1", ""), "csv": ("y", "n")}
    yes, no = spell[writer]
    rows[0].append("delete")
    for row, mark in zip(rows[1:], marks):
        row.append(yes if mark else no)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.integers(min_value=0, max_value=60), max_size=4, unique=True),
    writer=st.sampled_from(["pandas", "spreadsheet", "person", "digits", "csv"]),
)
def test_a_marker_file_deletes_exactly_the_marked_rows(fws: mp.Workspace, picks: list[int], writer: str) -> None:
    spec = SPECS["reports"]
    n = len(fws.reports.frame())
    marks = [i in picks for i in range(n)]
    text = _csv_with_marker(fws, marks, writer)
    plan = make_plan(fws, spec, read_csv(text, spec), delete="delete", baseline="fresh")
    ids = list(fws.reports.frame().index)
    assert sorted(d.id for d in plan.deletes) == sorted(int(ids[i]) for i in picks if i < n)
    assert not plan.updates  # the marker column itself is no edit


def test_a_marker_that_is_not_yes_or_no_is_refused_naming_the_row(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    df["delete"] = "no"
    rid = int(df.index[3])
    df.loc[rid, "delete"] = "perhaps"
    before = fws.request_count
    with pytest.raises(mp.InputError, match=rf"row id {rid}: 'perhaps' is not yes/no") as err:
        fws.reports.plan(df, delete="delete")
    assert err.value.field == "delete" and fws.request_count == before  # refused before any request


def test_edits_on_deleted_rows_are_reported(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    a, b = int(df.index[0]), int(df.index[1])
    df.loc[a, "name"] = "renamed then deleted"
    df.loc[b, "name"] = "renamed and kept"
    plan = fws.reports.plan(df, delete=[a])
    assert plan.dropped == {a: ["name"]} and list(plan.updates) == [b]
    assert any("not sent" in n and str(a) in n for n in plan.notes)
    assert all(c.id != a for c in plan.changes)


def test_a_mass_delete_needs_the_extra_opt_in(tmp_path: Path) -> None:
    ws = make_ws(tmp_path, seed=2, size=300)
    df = ws.reports.frame()
    df["delete"] = [True] * (MASS_DELETE_ROWS + 1) + [False] * (len(df) - MASS_DELETE_ROWS - 1)
    plan = ws.reports.plan(df, delete="delete")
    assert plan.mass_delete and any("allow_mass_delete" in n for n in plan.notes)
    before = ws.request_count
    with pytest.raises(mp.InputError, match="allow_mass_delete") as err:
        plan.apply(progress=False)
    assert err.value.field == "allow_mass_delete" and ws.request_count == before and not plan.applied
    result = plan.apply(progress=False, allow_mass_delete=True)
    assert (result.status == "ok").sum() == MASS_DELETE_ROWS + 1


def test_a_large_share_of_a_small_family_is_a_mass_delete(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    ids = list(df.index[:10])
    assert 0.10 * len(df) < 10
    plan = fws.reports.plan(df, delete=ids)
    assert plan.mass_delete
    with pytest.raises(mp.InputError):
        plan.apply(progress=False)
    opted = fws.reports.plan(df, delete=ids, allow_mass_delete=True)
    assert set(opted.apply(progress=False).status) == {"ok"}
    small = fws.reports.frame()
    assert not fws.reports.plan(small, delete=list(small.index[:2])).mass_delete


def test_the_journal_never_holds_a_webhook_password(fws: mp.Workspace, tmp_path: Path) -> None:
    secret = "pw-planted-0451"
    df = fws.webhooks.frame()
    new = pd.DataFrame(
        [
            {
                "name": "Basic hook",
                "url": "https://example.com/h",
                "auth_type": "basic",
                "username": "u",
                "password": secret,
            }
        ],
        index=pd.Index([pd.NA], dtype="string"),
    )
    both = pd.concat([df, new])
    both.attrs = dict(df.attrs)
    result = fws.webhooks.plan(both).apply(progress=False)
    assert list(result.status) == ["ok"]
    texts = [p.read_text() for p in (tmp_path / "backups").rglob("*") if p.is_file()]
    assert texts and all(secret not in t for t in texts)
    intent = json.loads(next((tmp_path / "backups" / "journal").glob("*webhooks*")).read_text().splitlines()[0])
    assert intent["fields"]["password"] == "***" and intent["fields"]["username"] == "u"
