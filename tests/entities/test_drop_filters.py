"""The exact request of every drop-filter operation: one collection path, the id in the body, list answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic
import pytest
import respx

import mpnb as mp
from mpnb._models import body_of as body_of_params
from tests.entities._lexicon_cases import Case, prefix, run_case
from tests.helpers import ok, real_ws

P = "data-definitions/events/drop-filters/"
COND = [
    {"resourceType": "event", "value": "env", "filterType": "string", "filterOperator": "equals", "filterValue": "test"}
]
DF = {"id": 3, "event_name": "debug_log", "filters": COND, "active": True, "created": "2025-01-02T00:00:00"}

CASES: list[Case] = [
    ("list", lambda ws: ws.list_drop_filters(), "GET", P, [], None, ok([DF])),
    (
        "create",
        lambda ws: ws.create_drop_filter(mp.CreateDropFilterParams(event_name="debug_log", filters=COND)),
        "POST",
        P,
        [],
        {"event_name": "debug_log", "filters": COND},
        ok([DF]),
    ),
    (
        "update",
        lambda ws: ws.update_drop_filter(3, mp.UpdateDropFilterParams(active=False)),
        "PATCH",
        P,
        [],
        {"active": False, "id": 3},
        ok([dict(DF, active=False)]),
    ),
    ("delete", lambda ws: ws.delete_drop_filter(3), "DELETE", P, [], {"id": 3}, ok([])),
    ("limits", lambda ws: ws.get_drop_filter_limits(), "GET", f"{P}limits/", [], None, ok({"filter_limit": 10})),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("workspace_id", [None, 3], ids=["project", "workspace-pinned"])
def test_request_shape(case: Case, workspace_id: int | None) -> None:
    def backup_read(router: respx.MockRouter, where: str) -> None:
        router.get(f"{where}/{P}").mock(return_value=ok([DF]))

    run_case(case, workspace_id, backup_read if case[0] == "delete" else None)


def test_answers_are_whole_lists() -> None:
    with respx.mock() as router:
        router.post(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([DF, dict(DF, id=4)]))
        made = real_ws().create_drop_filter(mp.CreateDropFilterParams(event_name="debug_log", filters=COND))
    assert [f.id for f in made] == [3, 4]


def test_delete_backs_up_first_and_answers_what_remains(tmp_path: Path) -> None:
    other = dict(DF, id=4, event_name="noise")
    with respx.mock() as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([DF, other]))
        router.delete(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([other]))
        ws = real_ws(backup_dir=tmp_path)
        left = ws.delete_drop_filter(3)
    assert [f.id for f in left] == [4]
    backup = ws.backups.latest()
    assert backup is not None and backup.family == "drop_filters" and backup.records == [DF]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ws: ws.update_drop_filter("x", mp.UpdateDropFilterParams(active=False)), "drop_filter_id"),
        (lambda ws: ws.update_drop_filter(3, mp.UpdateDropFilterParams()), "params"),
        (lambda ws: ws.delete_drop_filter(-1), "drop_filter_id"),
        (lambda ws: ws.create_drop_filter({"event_name": "x"}), "params"),
    ],
)
def test_bad_input_is_refused_before_sending(call: Any, field: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError) as info:
        call(real_ws())
    assert info.value.field == field
    assert not router.calls


def test_params_need_conditions() -> None:
    with pytest.raises(pydantic.ValidationError):
        mp.CreateDropFilterParams(event_name="x", filters=[])
    with pytest.raises(pydantic.ValidationError, match="did you mean 'event_name'"):
        mp.CreateDropFilterParams(eventname="x", filters=COND)  # type: ignore[call-arg]
    assert body_of_params(mp.UpdateDropFilterParams(active=True)) == {"active": True}
