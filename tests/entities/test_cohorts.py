"""The exact request of every cohorts operation (C1-C7): verb, path, query, body."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, mock_delete_reads, ok, real_ws

C = {"id": 7, "name": "Power Users", "count": 12, "referenced_by": [], "selector": {"op": "and"}}
S = f"{APP}/projects/{PID}"

CASES: list[tuple[str, Callable[[mp.Workspace], Any], str, str, dict[str, str], Any, Any]] = [
    (
        "C1 list filtered",
        lambda ws: ws.list_cohorts_full(data_group_id="company", ids=[1, 2]),
        "GET",
        f"{S}/cohorts",
        {"data_group_id": "company", "ids": "1,2"},
        None,
        [C],
    ),
    ("C1 list plain", lambda ws: ws.list_cohorts_full(), "GET", f"{S}/cohorts", {}, None, [C]),
    ("C1 list alias", lambda ws: ws.list_cohorts(ids=[7]), "GET", f"{S}/cohorts", {"ids": "7"}, None, [C]),
    ("C2 get", lambda ws: ws.get_cohort(7), "GET", f"{S}/cohorts/7", {}, None, C),
    (
        "C3 create flattens definition",
        lambda ws: ws.create_cohort(
            mp.CreateCohortParams(
                name="X",
                description="D",
                data_group_id="g",
                is_visible=True,
                definition={"behavioral_filter": {"op": "and"}},
            )
        ),
        "POST",
        f"{S}/cohorts",
        {},
        {"name": "X", "description": "D", "data_group_id": "g", "is_visible": True, "behavioral_filter": {"op": "and"}},
        C,
    ),
    (
        "C4 update",
        lambda ws: ws.update_cohort(
            7, mp.UpdateCohortParams(name="Super Users", description="Updated criteria", definition={"selector": {}})
        ),
        "PATCH",
        f"{S}/cohorts/7",
        {},
        {"name": "Super Users", "description": "Updated criteria", "selector": {}},
        C,
    ),
    ("C5 delete", lambda ws: ws.delete_cohort(7), "DELETE", f"{S}/cohorts/7", {}, None, {}),
    (
        "C6 bulk delete",
        lambda ws: ws.bulk_delete_cohorts([7], confirm=True),
        "POST",
        f"{S}/cohorts/bulk-delete",
        {},
        {"cohort_ids": [7]},
        {"status": "ok"},
    ),
    (
        "C7 bulk update",
        lambda ws: ws.bulk_update_cohorts(
            [
                mp.BulkUpdateCohortEntry(id=7, name="Renamed Cohort"),
                mp.BulkUpdateCohortEntry(id=8, description="Updated", definition={"behaviors": {"b": 1}}),
            ]
        ),
        "POST",
        f"{S}/cohorts/bulk-update",
        {},
        {"cohorts": [{"id": 7, "name": "Renamed Cohort"}, {"id": 8, "description": "Updated", "behaviors": {"b": 1}}]},
        {"status": "ok"},
    ),
]


@pytest.mark.parametrize(("name", "call", "method", "url", "query", "body", "answer"), CASES, ids=[c[0] for c in CASES])
def test_request_shape(
    name: str,
    call: Callable[[mp.Workspace], Any],
    method: str,
    url: str,
    query: dict[str, str],
    body: Any,
    answer: Any,
) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/cohorts").mock(return_value=ok([C]))  # the delete path's backup read
        route = router.route(method=method, url=url).mock(return_value=ok(answer))
        mock_delete_reads(router, "cohorts")
        call(real_ws())
    assert route.called
    req = route.calls.last.request
    assert dict(req.url.params) == query
    assert body_of(req) == body


def test_pinned_workspace_uses_the_workspace_path() -> None:
    with respx.mock() as router:
        route = router.get(f"{APP}/workspaces/4/cohorts/7").mock(return_value=ok(C))
        assert real_ws(workspace_id=4).get_cohort(7).name == "Power Users"
    assert route.called


def test_delete_reads_backs_up_then_deletes(tmp_path: Path) -> None:
    with respx.mock() as router:
        listing = router.get(f"{S}/cohorts").mock(return_value=ok([C]))
        delete = router.delete(f"{S}/cohorts/7").mock(return_value=ok({}))
        mock_delete_reads(router, "cohorts", skip=("cohorts",))
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_cohort(7)
    assert dict(listing.calls[0].request.url.params) == {"ids": "7"}  # its record first, then what names it
    assert delete.called
    backup = ws.backups.latest("cohorts")
    assert backup is not None and backup.records == [C]


def test_delete_warns_about_dependants() -> None:
    used = dict(C, referenced_by=[11, 12])
    with respx.mock() as router:
        router.get(f"{S}/cohorts").mock(return_value=ok([used]))
        router.delete(f"{S}/cohorts/7").mock(return_value=ok({}))
        with pytest.warns(UserWarning, match=r"referenced by \[11, 12\]"):
            real_ws(backups=False).delete_cohort(7)


def test_bulk_delete_does_not_warn_when_dependants_go_too(recwarn: pytest.WarningsRecorder) -> None:
    a, b = dict(C, id=7, referenced_by=[8]), dict(C, id=8)
    with respx.mock() as router:
        router.get(f"{S}/cohorts").mock(return_value=ok([a, b]))
        router.post(f"{S}/cohorts/bulk-delete").mock(return_value=ok({}))
        real_ws(backups=False).bulk_delete_cohorts([7, 8], confirm=True)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_delete_of_unknown_id_sends_no_delete() -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/cohorts").mock(return_value=ok([]))
        delete = router.delete(f"{S}/cohorts/7").mock(return_value=ok({}))
        with pytest.raises(mp.NotFoundError, match="no cohorts with id 7"):
            real_ws(backups=False).delete_cohort(7)
    assert not delete.called


def test_bulk_delete_on_real_mixpanel_needs_confirm() -> None:
    with respx.mock() as router:
        with pytest.raises(mp.InputError, match="confirm=True"):
            real_ws().bulk_delete_cohorts([7])
        assert not router.calls


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ws: ws.get_cohort("seven"), "cohort_id"),
        (lambda ws: ws.get_cohort(1.5), "cohort_id"),
        (lambda ws: ws.get_cohort(True), "cohort_id"),
        (lambda ws: ws.get_cohort(0), "cohort_id"),
        (lambda ws: ws.update_cohort(7, mp.UpdateCohortParams()), "params"),
        (lambda ws: ws.update_cohort(7, mp.UpdateCohortParams(deleted=True)), "deleted"),
        (lambda ws: ws.create_cohort(mp.CreateCohortParams(name="x", deleted=True)), "deleted"),
        (lambda ws: ws.create_cohort(mp.CreateCohortParams(name="x", definition={"name": "y"})), "definition"),
        (lambda ws: ws.bulk_delete_cohorts([], confirm=True), "ids"),
        (lambda ws: ws.bulk_delete_cohorts(["a"], confirm=True), "ids[0]"),
        (lambda ws: ws.bulk_update_cohorts([]), "entries"),
        (lambda ws: ws.bulk_update_cohorts([{"id": 1}]), "entries[0]"),
        (lambda ws: ws.list_cohorts_full(ids=[0]), "ids[0]"),
        (lambda ws: ws.list_cohorts_full(data_group_id=5), "data_group_id"),
    ],
)
def test_bad_input_is_refused_before_sending(call: Callable[[mp.Workspace], Any], field: str) -> None:
    with respx.mock() as router:
        with pytest.raises(mp.InputError) as info:
            call(real_ws())
        assert not router.calls
    assert info.value.field == field


def test_unknown_params_field_names_the_closest() -> None:
    with pytest.raises(ValueError, match="did you mean 'description'"):
        mp.UpdateCohortParams(descripton="x")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="did you mean 'definition'"):
        mp.CreateCohortParams(name="x", defintion={})  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="name"):
        mp.BulkUpdateCohortEntry(id=1, name="")


def test_cohort_keeps_unknown_fields_as_its_definition() -> None:
    with respx.mock() as router:
        router.get(f"{S}/cohorts/7").mock(return_value=ok(dict(C, referenced_directly_by=[3], referenced_by=[2])))
        cohort = real_ws().get_cohort(7)
    assert cohort.definition == {"selector": {"op": "and"}}
    assert cohort.dependants == [2, 3]
