"""The seed's Experiments section, through the Workspace, on the sandbox in-process and over loopback HTTP."""

from __future__ import annotations

import pytest

import mpnb as mp


def _active(ws: mp.Workspace, name: str) -> str:
    exp = ws.create_experiment(mp.CreateExperimentParams(name=name))
    ws.launch_experiment(exp.id)
    return exp.id


def test_seed_experiment_lifecycle(any_ws: mp.Workspace) -> None:
    ws = any_ws
    # 1. Create (starts in Draft)
    exp = ws.create_experiment(mp.CreateExperimentParams(name="Pricing Page Test"))
    assert exp.status == mp.ExperimentStatus.DRAFT
    # 2. Launch (Draft -> Active)
    launched = ws.launch_experiment(exp.id)
    assert launched.status == mp.ExperimentStatus.ACTIVE and launched.start_date
    # 3. Conclude (Active -> Concluded)
    concluded = ws.conclude_experiment(exp.id)
    assert concluded.status == mp.ExperimentStatus.CONCLUDED and concluded.end_date
    # Or with an explicit end date (on another active experiment: the precondition of the line)
    other = _active(ws, "Pricing Page Test 2")
    dated = ws.conclude_experiment(other, params=mp.ExperimentConcludeParams(end_date="2099-04-01"))
    assert (dated.status, dated.end_date) == (mp.ExperimentStatus.CONCLUDED, "2099-04-01")
    # 4. Decide (Concluded -> Success or Fail)
    decided = ws.decide_experiment(
        exp.id,
        mp.ExperimentDecideParams(success=True, variant="simplified", message="15% conversion lift confirmed"),
    )
    assert decided.status == mp.ExperimentStatus.SUCCESS
    failed = ws.decide_experiment(other, mp.ExperimentDecideParams(success=False, message="No significant difference"))
    assert failed.status == mp.ExperimentStatus.FAIL

    life = ws.get_experiment_lifecycle(exp.id)
    assert life.terminal and life.legal == ["archive"]
    assert life.created and life.launched and life.concluded and life.decided
    assert life.launched == launched.start_date and life.concluded == concluded.end_date


def test_lists_erf_archive_restore_duplicate_delete(any_ws: mp.Workspace) -> None:
    ws = any_ws
    shown = ws.list_experiments()
    every = ws.list_experiments(include_archived=True)
    assert {e.status for e in shown} == set(mp.ExperimentStatus)
    assert {e.id for e in every if e.archived} == {e.id for e in every} - {e.id for e in shown}

    eid = _active(ws, "Search Tweak")
    updated = ws.update_experiment(eid, mp.UpdateExperimentParams(hypothesis="Recency wins", tags=["q3"]))
    assert (updated.hypothesis, updated.tags, updated.name) == ("Recency wins", ["q3"], "Search Tweak")

    ws.archive_experiment(eid)
    assert eid not in {e.id for e in ws.list_experiments()}
    archived = ws.get_experiment(eid)
    assert archived.archived and archived.status == mp.ExperimentStatus.ACTIVE
    assert ws.get_experiment_lifecycle(eid).legal == ["restore"]
    with pytest.raises(mp.IllegalTransitionError, match="legal now: restore"):
        ws.conclude_experiment(eid)
    restored = ws.restore_experiment(eid)
    assert not restored.archived and restored.legal_transitions == ["conclude", "archive"]

    copy = ws.duplicate_experiment(eid, mp.DuplicateExperimentParams(name="Search Tweak (copy)"))
    assert copy.id != eid and copy.status == mp.ExperimentStatus.DRAFT and copy.hypothesis == "Recency wins"

    erf = ws.list_erf_experiments()
    assert eid in {e["id"] for e in erf} and copy.id not in {e["id"] for e in erf}

    ws.delete_experiment(copy.id)
    with pytest.raises(mp.NotFoundError):
        ws.get_experiment(copy.id)
    backup = ws.backups.latest("experiments")
    assert backup is not None and backup.ids == [copy.id]


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ("draft", lambda ws, i: ws.conclude_experiment(i)),  # live: a silent no-op
        ("active", lambda ws, i: ws.launch_experiment(i)),  # live: a no-op success
        ("draft", lambda ws, i: ws.decide_experiment(i, mp.ExperimentDecideParams(success=True))),
        ("success", lambda ws, i: ws.decide_experiment(i, mp.ExperimentDecideParams(success=False))),
    ],
)
def test_client_refuses_what_mixpanel_would_swallow(ws: mp.Workspace, setup: str, action: object) -> None:
    eid = ws.create_experiment(mp.CreateExperimentParams(name="T")).id
    if setup != "draft":
        ws.launch_experiment(eid)
    if setup == "success":
        ws.conclude_experiment(eid)
        ws.decide_experiment(eid, mp.ExperimentDecideParams(success=True))
    before = ws.get_experiment(eid)
    assert ws.emulator is not None
    sent = len(ws.emulator.requests)
    with pytest.raises(mp.IllegalTransitionError):
        action(ws, eid)  # type: ignore[operator]
    assert [m for m, _ in ws.emulator.requests[sent:]] == ["GET"]  # the read, and nothing else
    assert ws.get_experiment(eid) == before


def test_experiments_use_the_discovered_workspace_path(ws: mp.Workspace) -> None:
    ws.list_experiments()
    assert ws.emulator is not None
    assert ws.emulator.requests[-1] == ("GET", "/api/app/workspaces/1/experiments")
