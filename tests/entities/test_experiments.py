"""The exact request of every experiments operation (E1-E12), and the client's lifecycle refusals (S6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, mock_delete_reads, ok, real_ws
from tests.sandbox.test_experiments import spec_check

EID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
MISSING = "00000000-0000-4000-8000-000000000000"
WID = 4
S = f"{APP}/workspaces/{WID}"
ACTIONS = ["launch", "conclude", "decide", "archive", "restore"]


def exp(status: str = "draft", *, archived: bool = False, **kw: Any) -> dict[str, Any]:
    e = {"id": EID, "name": "Pricing Page Test", "status": status, "created": "2026-01-01T10:00:00"}
    if status != "draft":
        e["start_date"] = "2026-02-01T00:00:00"
    if status in ("concluded", "success", "fail"):
        e["end_date"] = "2026-03-01T00:00:00"
    e["deleted"] = "2026-03-05T00:00:00" if archived else None
    return e | kw


def act(ws: mp.Workspace, action: str) -> Any:
    """Call one lifecycle action the way the seed does."""
    if action == "launch":
        return ws.launch_experiment(EID)
    if action == "conclude":
        return ws.conclude_experiment(EID, params=mp.ExperimentConcludeParams(end_date="2026-04-01"))
    if action == "decide":
        return ws.decide_experiment(EID, mp.ExperimentDecideParams(success=True, variant="simplified", message="m"))
    if action == "archive":
        return ws.archive_experiment(EID)
    return ws.restore_experiment(EID)


# (name, call, state the GET answers or None, verb, url, query, body, request schema or None)
CASES: list[tuple[str, Callable[[mp.Workspace], Any], dict[str, Any] | None, str, str, dict[str, str], Any, Any]] = [
    ("E1 list", lambda ws: ws.list_experiments(), None, "GET", f"{S}/experiments", {}, None, None),
    (
        "E1 list archived",
        lambda ws: ws.list_experiments(include_archived=True),
        None,
        "GET",
        f"{S}/experiments",
        {"include_archived": "true"},
        None,
        None,
    ),
    (
        "E2 create",
        lambda ws: ws.create_experiment(
            mp.CreateExperimentParams(name="Pricing Page Test", hypothesis="h", settings={"a": 1}, variants=[])
        ),
        None,
        "POST",
        f"{S}/experiments",
        {},
        {"name": "Pricing Page Test", "hypothesis": "h", "settings": {"a": 1}, "variants": []},
        "CreateExperimentRequest",
    ),
    ("E3 get", lambda ws: ws.get_experiment(EID), None, "GET", f"{S}/experiments/{EID}", {}, None, None),
    (
        "E4 update",
        lambda ws: ws.update_experiment(EID, mp.UpdateExperimentParams(description="d", tags=["q3"])),
        None,
        "PATCH",
        f"{S}/experiments/{EID}",
        {},
        {"description": "d", "tags": ["q3"]},
        "UpdateExperimentRequest",
    ),
    ("E5 delete", lambda ws: ws.delete_experiment(EID), exp(), "DELETE", f"{S}/experiments/{EID}", {}, None, None),
    (
        "E6 launch",
        lambda ws: ws.launch_experiment(EID),
        exp("draft"),
        "PUT",
        f"{S}/experiments/{EID}/launch",
        {},
        None,
        None,
    ),
    (
        "E7 conclude",
        lambda ws: ws.conclude_experiment(EID),
        exp("active"),
        "PUT",
        f"{S}/experiments/{EID}/force_conclude",
        {},
        {},
        "ForceConcludeExperimentRequest",
    ),
    (
        "E7 conclude dated",
        lambda ws: ws.conclude_experiment(EID, params=mp.ExperimentConcludeParams(end_date="2026-04-01")),
        exp("active"),
        "PUT",
        f"{S}/experiments/{EID}/force_conclude",
        {},
        {"end_date": "2026-04-01"},
        "ForceConcludeExperimentRequest",
    ),
    (
        "E8 decide",
        lambda ws: ws.decide_experiment(
            EID, mp.ExperimentDecideParams(success=True, variant="simplified", message="15% lift")
        ),
        exp("concluded"),
        "PATCH",
        f"{S}/experiments/{EID}/decide",
        {},
        {"success": True, "variant": "simplified", "message": "15% lift"},
        "DecideExperimentRequest",
    ),
    (
        "E8 decide fail",
        lambda ws: ws.decide_experiment(EID, mp.ExperimentDecideParams(success=False, message="no difference")),
        exp("concluded"),
        "PATCH",
        f"{S}/experiments/{EID}/decide",
        {},
        {"success": False, "message": "no difference"},
        "DecideExperimentRequest",
    ),
    (
        "E9 archive",
        lambda ws: ws.archive_experiment(EID),
        exp("fail"),
        "POST",
        f"{S}/experiments/{EID}/archive",
        {},
        None,
        None,
    ),
    (
        "E10 restore",
        lambda ws: ws.restore_experiment(EID),
        exp("fail", archived=True),
        "DELETE",
        f"{S}/experiments/{EID}/archive",
        {},
        None,
        None,
    ),
    (
        "E11 duplicate",
        lambda ws: ws.duplicate_experiment(EID, mp.DuplicateExperimentParams(name="Copy")),
        None,
        "POST",
        f"{S}/experiments/{EID}/duplicate",
        {},
        {"name": "Copy"},
        None,
    ),
    ("E12 erf", lambda ws: ws.list_erf_experiments(), None, "GET", f"{S}/experiments/erf/", {}, None, None),
]


@pytest.mark.parametrize(
    ("name", "call", "state", "method", "url", "query", "body", "schema"), CASES, ids=[c[0] for c in CASES]
)
def test_request_shape(
    name: str,
    call: Callable[[mp.Workspace], Any],
    state: dict[str, Any] | None,
    method: str,
    url: str,
    query: dict[str, str],
    body: Any,
    schema: str | None,
) -> None:
    answer: Any = [exp()] if method == "GET" and url.endswith(("experiments", "/")) else exp()
    with respx.mock(assert_all_called=False) as router:
        if state is not None:  # the read the client does first
            router.get(f"{S}/experiments/{EID}").mock(return_value=ok(state))
        route = router.route(method=method, url=url).mock(return_value=ok(answer, 201 if name == "E2 create" else 200))
        mock_delete_reads(router, "experiments", workspace_id=WID)
        call(real_ws(workspace_id=WID))
    assert route.call_count == 1
    req = route.calls.last.request
    assert dict(req.url.params) == query
    assert body_of(req) == body
    if body is None:
        assert req.content == b""  # launch, archive: no body at all
    if schema is not None:
        spec_check(body, schema, closed=True)


def test_conclude_always_sends_a_json_body() -> None:
    with respx.mock() as router:
        router.get(f"{S}/experiments/{EID}").mock(return_value=ok(exp("active")))
        put = router.put(f"{S}/experiments/{EID}/force_conclude").mock(return_value=ok(exp("concluded")))
        real_ws(workspace_id=WID).conclude_experiment(EID)
    req = put.calls.last.request
    assert req.content == b"{}" and req.headers["Content-Type"] == "application/json"


def test_workspace_is_discovered_when_not_pinned() -> None:
    spaces = [{"id": 5, "name": "Other", "is_default": True}, {"id": 9, "name": "All", "is_global": True}]
    with respx.mock() as router:
        found = router.get(f"{APP}/projects/{PID}/workspaces/public").mock(return_value=ok(spaces))
        listing = router.get(f"{APP}/workspaces/9/experiments").mock(return_value=ok([exp()]))
        ws = real_ws()
        ws.list_experiments()
        ws.list_experiments()
    assert found.call_count == 1 and listing.call_count == 2


def test_seed_lifecycle_parses_answers() -> None:
    with respx.mock() as router:
        router.post(f"{S}/experiments").mock(return_value=ok(exp("draft"), 201))
        made = real_ws(workspace_id=WID).create_experiment(mp.CreateExperimentParams(name="Pricing Page Test"))
    assert made.status is mp.ExperimentStatus.DRAFT and made.status == "draft" and not made.archived


# -- the client's lifecycle refusals ---------------------------------------------------------------------
LEGAL = {
    ("draft", False): ["launch", "archive"],
    ("active", False): ["conclude", "archive"],
    ("concluded", False): ["decide", "archive"],
    ("success", False): ["archive"],
    ("fail", False): ["archive"],
}
STATES = [(s, a) for s in ("draft", "active", "concluded", "success", "fail") for a in (False, True)]
ILLEGAL = [(s, a, act_) for s, a in STATES for act_ in ACTIONS if act_ not in LEGAL.get((s, a), ["restore"])]


@pytest.mark.parametrize(("status", "archived"), STATES)
def test_legal_transitions_table(status: str, archived: bool) -> None:
    expected = ["restore"] if archived else LEGAL[(status, False)]
    assert mp.legal_transitions(status, archived) == expected
    assert mp.legal_transitions(mp.ExperimentStatus(status), archived) == expected


@pytest.mark.parametrize(
    ("status", "archived", "action"), ILLEGAL, ids=[f"{s}{'-arch' if a else ''}-{x}" for s, a, x in ILLEGAL]
)
def test_every_illegal_transition_is_refused_and_nothing_is_sent(status: str, archived: bool, action: str) -> None:
    with respx.mock() as router:
        read = router.get(f"{S}/experiments/{EID}").mock(return_value=ok(exp(status, archived=archived)))
        with pytest.raises(mp.IllegalTransitionError) as info:
            act(real_ws(workspace_id=WID), action)
        assert len(router.calls) == 1 and read.call_count == 1  # only the read
    err = info.value
    legal = ["restore"] if archived else LEGAL[(status, False)]
    assert err.legal == legal and status in err.state and (("archived" in err.state) == archived)
    assert f"experiment {EID} is " in str(err) and f"{action} needs" in str(err)
    assert f"legal now: {', '.join(legal)}" in str(err)


def test_message_reads_as_documented() -> None:
    with respx.mock() as router:
        router.get(f"{S}/experiments/{EID}").mock(return_value=ok(exp("draft")))
        with pytest.raises(mp.IllegalTransitionError) as info:
            real_ws(workspace_id=WID).conclude_experiment(EID)
    assert str(info.value) == f"experiment {EID} is draft; conclude needs active; legal now: launch, archive"
    assert isinstance(info.value, mp.InputError) and info.value.field == "status"


@pytest.mark.parametrize(("status", "archived", "action"), [(s, a, x) for (s, a), xs in LEGAL.items() for x in xs])
def test_every_legal_transition_is_sent(status: str, archived: bool, action: str) -> None:
    with respx.mock() as router:
        router.get(f"{S}/experiments/{EID}").mock(return_value=ok(exp(status, archived=archived)))
        write = router.route(method__in=["PUT", "PATCH", "POST", "DELETE"]).mock(return_value=ok(exp(status)))
        act(real_ws(workspace_id=WID), action)
    assert write.call_count == 1


def test_restore_is_sent_for_an_archived_experiment() -> None:
    with respx.mock() as router:
        router.get(f"{S}/experiments/{EID}").mock(return_value=ok(exp("active", archived=True)))
        write = router.delete(f"{S}/experiments/{EID}/archive").mock(return_value=ok(exp("active")))
        assert not act(real_ws(workspace_id=WID), "restore").archived
    assert write.called


def test_lifecycle_model_reports_state_moves_and_dates() -> None:
    record = exp("success", modified="2026-03-02T09:00:00")
    with respx.mock() as router:
        router.get(f"{S}/experiments/{EID}").mock(return_value=ok(record))
        life = real_ws(workspace_id=WID).get_experiment_lifecycle(EID)
    assert life.status is mp.ExperimentStatus.SUCCESS and life.terminal and not life.archived
    assert life.legal == ["archive"] and life.methods == ["archive_experiment"]
    assert (life.created, life.launched, life.concluded, life.decided) == (
        record["created"],
        record["start_date"],
        record["end_date"],
        "2026-03-02T09:00:00",
    )
    assert mp.Experiment.model_validate(record).lifecycle == life  # the same, without a request
    draft = mp.Experiment.model_validate(exp("draft"))
    assert draft.legal_transitions == ["launch", "archive"] and draft.lifecycle.concluded is None
    assert all(
        hasattr(mp.Workspace, m) for s, a in STATES for m in (f"{x}_experiment" for x in mp.legal_transitions(s, a))
    )


# -- bad input -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ws: ws.get_experiment(123), "experiment_id"),
        (lambda ws: ws.get_experiment(""), "experiment_id"),
        (lambda ws: ws.get_experiment("a/b"), "experiment_id"),
        (lambda ws: ws.launch_experiment(None), "experiment_id"),
        (lambda ws: ws.delete_experiment(7), "experiment_id"),
        (lambda ws: ws.update_experiment(EID, mp.UpdateExperimentParams(status=mp.ExperimentStatus.ACTIVE)), "status"),
        (lambda ws: ws.update_experiment(EID, mp.UpdateExperimentParams()), "params"),
        (lambda ws: ws.update_experiment(EID, {"name": "x"}), "params"),
        (lambda ws: ws.create_experiment({"name": "x"}), "params"),
        (lambda ws: ws.conclude_experiment(EID, params={"end_date": "2026-04-01"}), "params"),
        (lambda ws: ws.decide_experiment(EID, {"success": True}), "params"),
        (lambda ws: ws.duplicate_experiment(EID, None), "params"),
        (lambda ws: ws.list_experiments(include_archived="yes"), "include_archived"),
    ],
)
def test_bad_input_is_refused_before_sending(call: Callable[[mp.Workspace], Any], field: str) -> None:
    with respx.mock() as router:
        with pytest.raises(mp.InputError) as info:
            call(real_ws(workspace_id=WID))
        assert not router.calls
    assert info.value.field == field


def test_update_status_points_to_the_lifecycle_calls() -> None:
    with pytest.raises(mp.InputError, match=r"launch_experiment.*conclude_experiment.*decide_experiment"):
        real_ws(workspace_id=WID).update_experiment(EID, mp.UpdateExperimentParams(status="concluded"))


@pytest.mark.parametrize("bad", ["2026-13-01", "01/04/2026", "April 1st", "2026-4-1", ""])
def test_bad_end_dates_name_the_field(bad: str) -> None:
    with pytest.raises(pydantic.ValidationError, match="end_date must be a date YYYY-MM-DD"):
        mp.ExperimentConcludeParams(end_date=bad)
    with pytest.raises(pydantic.ValidationError, match="start_date"):
        mp.UpdateExperimentParams(start_date=bad)


def test_good_end_dates_pass() -> None:
    for good in ("2026-04-01", "2026-04-01T12:00:00", "2026-04-01T12:00:00Z"):
        assert mp.ExperimentConcludeParams(end_date=good).end_date == good


def test_end_date_before_start_is_refused() -> None:
    with respx.mock() as router:
        router.get(f"{S}/experiments/{EID}").mock(return_value=ok(exp("active")))
        with pytest.raises(mp.InputError, match="before the experiment's start_date") as info:
            real_ws(workspace_id=WID).conclude_experiment(
                EID, params=mp.ExperimentConcludeParams(end_date="2026-01-15")
            )
        assert len(router.calls) == 1
    assert info.value.field == "end_date"


@pytest.mark.parametrize(
    ("model", "kwargs", "hint"),
    [
        (mp.CreateExperimentParams, {"name": "x", "access_type": "all"}, "global_access_type"),
        (mp.CreateExperimentParams, {"name": "x", "hypotesis": "h"}, "hypothesis"),
        (mp.UpdateExperimentParams, {"end_dat": "2026-04-01"}, "end_date"),
        (mp.ExperimentDecideParams, {"success": True, "variants": "a"}, "variant"),
        (mp.ExperimentConcludeParams, {"enddate": "2026-04-01"}, "end_date"),
        (mp.DuplicateExperimentParams, {"nam": "x"}, "name"),
    ],
)
def test_unknown_params_fields_name_the_closest(
    model: type[pydantic.BaseModel], kwargs: dict[str, Any], hint: str
) -> None:
    with pytest.raises(ValueError, match=f"did you mean '{hint}'"):
        model(**kwargs)


def test_params_constraints() -> None:
    with pytest.raises(pydantic.ValidationError):
        mp.ExperimentDecideParams(success="yes")  # type: ignore[arg-type]
    with pytest.raises(pydantic.ValidationError):
        mp.DuplicateExperimentParams()  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        mp.CreateExperimentParams(name="x" * 256)
    with pytest.raises(pydantic.ValidationError):
        mp.CreateExperimentParams(name="x", description="d" * 401)
    with pytest.raises(pydantic.ValidationError):
        mp.UpdateExperimentParams(status="paused")  # type: ignore[arg-type]


def test_delete_backs_up_and_refuses_unknown(tmp_path: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/experiments/{EID}").mock(return_value=ok(exp("fail")))
        gone = router.delete(f"{S}/experiments/{EID}").mock(return_value=ok({}))
        mock_delete_reads(router, "experiments", workspace_id=WID)
        ws = real_ws(workspace_id=WID, backup_dir=tmp_path)
        ws.delete_experiment(EID)
        backup = ws.backups.latest("experiments")
        assert gone.called and backup is not None and backup.records[0]["id"] == EID
        router.get(f"{S}/experiments/{MISSING}").mock(return_value=ok({"status": "error", "error": "x"}, 404))
        with pytest.raises(mp.NotFoundError, match=f"no experiments with id {MISSING}"):
            ws.delete_experiment(MISSING)
    assert gone.call_count == 1
