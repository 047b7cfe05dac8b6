"""The exact request of every custom-event operation: a form-encoded create, then Lexicon calls by id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pydantic
import pytest
import respx

import mpnb as mp
from tests.entities._lexicon_cases import Case, nothing_uses_it, prefix, run_case
from tests.helpers import body_of, ok, real_ws

P = "data-definitions/events/"
ROW = {
    "id": 40,
    "name": "Cart Added",
    "customEventId": 5,
    "description": None,
    "hidden": False,
    "alternatives": [{"event": "Add to Cart"}, {"event": "add_to_cart"}],
}
DEF = {"id": 5, "name": "Cart Added", "alternatives": [{"event": "Add to Cart"}, {"event": "add_to_cart"}]}
FORM = (
    "name=Cart+Added&alternatives="
    "%5B%7B%22event%22%3A+%22Add+to+Cart%22%7D%2C+%7B%22event%22%3A+%22add_to_cart%22%7D%5D"
)

CASES: list[Case] = [
    ("list", lambda ws: ws.list_custom_events(), "GET", P, [("custom_event", "true")], None, ok([ROW])),
    (
        "create",
        lambda ws: ws.create_custom_event(
            mp.CreateCustomEventParams(name="Cart Added", alternatives=["Add to Cart", "add_to_cart"])
        ),
        "POST",
        "custom_events/",
        [],
        FORM,
        ok({"custom_event": DEF}),
    ),
    (
        "update",
        lambda ws: ws.update_custom_event(5, mp.UpdateEventDefinitionParams(description="Any cart add")),
        "PATCH",
        P,
        [],
        {"description": "Any cart add", "customEventId": 5},
        ok(dict(ROW, description="Any cart add")),
    ),
    ("delete", lambda ws: ws.delete_custom_event(5), "DELETE", P, [], {"customEventId": 5}, ok({})),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("workspace_id", [None, 3], ids=["project", "workspace-pinned"])
def test_request_shape(case: Case, workspace_id: int | None) -> None:
    def backup_read(router: respx.MockRouter, where: str) -> None:
        router.get(f"{where}/{P}").mock(return_value=ok([ROW]))

    run_case(case, workspace_id, backup_read if case[0] == "delete" else None)


def test_create_is_form_encoded_and_answers_the_definition() -> None:
    with respx.mock() as router:
        route = router.post(f"https://mixpanel.com{prefix(None)}/custom_events/").mock(
            return_value=ok({"custom_event": DEF})
        )
        made = real_ws().create_custom_event(
            mp.CreateCustomEventParams(name="Cart Added", alternatives=["Add to Cart"])
        )
    req = route.calls.last.request
    assert req.headers["content-type"] == "application/x-www-form-urlencoded"
    form = parse_qs(req.content.decode())
    assert form["name"] == ["Cart Added"] and json.loads(form["alternatives"][0]) == [{"event": "Add to Cart"}]
    assert made.id == 5 and [a.event for a in made.alternatives] == ["Add to Cart", "add_to_cart"]


def test_list_keeps_only_custom_events_rows() -> None:
    with respx.mock() as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(
            return_value=ok([ROW, {"id": 1, "name": "Add to Cart", "customEventId": None}])
        )
        found = real_ws().list_custom_events()
    assert [(c.custom_event_id, c.name) for c in found] == [(5, "Cart Added")]
    assert found[0].alternatives is not None and found[0].alternatives[0].event == "Add to Cart"


def test_an_answer_about_another_custom_event_is_an_error() -> None:
    with respx.mock() as router:
        router.patch(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok(dict(ROW, customEventId=6)))
        with pytest.raises(mp.InvalidResponseError, match="created a new"):
            real_ws().update_custom_event(5, mp.UpdateEventDefinitionParams(hidden=True))


def test_delete_backs_up_the_row_first(tmp_path: Path) -> None:
    with respx.mock() as router:
        nothing_uses_it(router)
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([ROW]))
        gone = router.delete(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok({}))
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_custom_event(5)
    assert body_of(gone.calls.last.request) == {"customEventId": 5}
    backup = ws.backups.latest()
    assert backup is not None and backup.family == "custom_events" and backup.records == [ROW]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda ws: ws.update_custom_event("Cart Added", mp.UpdateEventDefinitionParams(hidden=True)),
            "custom_event_id",
        ),
        (lambda ws: ws.update_custom_event(5, mp.UpdateEventDefinitionParams()), "params"),
        (lambda ws: ws.delete_custom_event(0), "custom_event_id"),
    ],
)
def test_bad_input_is_refused_before_sending(call: Any, field: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError) as info:
        call(real_ws())
    assert info.value.field == field
    assert not router.calls


@pytest.mark.parametrize(
    ("alternatives", "message"),
    [([], "at least 1"), (["A", "A"], "twice"), ([""], "empty"), ([f"e{i}" for i in range(26)], "at most 25")],
)
def test_alternatives_are_checked(alternatives: list[str], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        mp.CreateCustomEventParams(name="x", alternatives=alternatives)
