"""The seed's Cohorts section, through the Workspace, on the sandbox in-process and over loopback HTTP."""

from __future__ import annotations

import pytest

import mpnb as mp


def _new(ws: mp.Workspace, name: str) -> int:
    return ws.create_cohort(mp.CreateCohortParams(name=name, definition={"selector": {"operator": "and"}})).id


def test_seed_cohorts_section(any_ws: mp.Workspace) -> None:
    ws = any_ws
    cohorts = ws.list_cohorts_full()
    assert len(cohorts) >= 10 and len({c.count for c in cohorts}) > 5
    assert [c.id for c in ws.list_cohorts()] == [c.id for c in cohorts]

    made = ws.create_cohort(
        mp.CreateCohortParams(name="Power Users", description="Daily", definition={"selector": {"operator": "and"}})
    )
    assert made.definition == {"selector": {"operator": "and"}}  # flattened on the wire, kept by the server

    # Get
    cohort = ws.get_cohort(made.id)
    assert cohort.name == "Power Users"
    # Update
    updated = ws.update_cohort(made.id, mp.UpdateCohortParams(name="Super Users", description="Updated criteria"))
    assert (updated.name, updated.description) == ("Super Users", "Updated criteria")
    assert updated.definition == made.definition  # untouched
    # Delete
    ws.delete_cohort(made.id)
    with pytest.raises(mp.NotFoundError):
        ws.get_cohort(made.id)
    backup = ws.backups.latest("cohorts")
    assert backup is not None and backup.records[0]["name"] == "Super Users"
    # Bulk operations
    a, b = _new(ws, "A"), _new(ws, "B")
    ws.bulk_delete_cohorts([a, b])
    assert ws.list_cohorts_full(ids=[a, b]) == []
    c, d = _new(ws, "C"), _new(ws, "D")
    ws.bulk_update_cohorts(
        [
            mp.BulkUpdateCohortEntry(id=c, name="Renamed Cohort"),
            mp.BulkUpdateCohortEntry(id=d, description="Updated"),
        ]
    )
    assert ws.get_cohort(c).name == "Renamed Cohort"
    assert (ws.get_cohort(d).name, ws.get_cohort(d).description) == ("D", "Updated")


def test_deleting_a_referenced_cohort_warns(any_ws: mp.Workspace) -> None:
    ws = any_ws
    base = _new(ws, "Base")
    user = ws.create_cohort(
        mp.CreateCohortParams(name="User", definition={"selector": {"children": [{"cohort_id": base}]}})
    )
    assert ws.get_cohort(base).referenced_by == [user.id]
    with pytest.warns(UserWarning, match=rf"referenced by \[{user.id}\]"):
        ws.delete_cohort(base)


def test_unknown_id_in_bulk_delete_changes_nothing(ws: mp.Workspace) -> None:
    before = len(ws.list_cohorts_full())
    first = ws.list_cohorts_full()[0].id
    with pytest.raises(mp.NotFoundError, match="999999"):
        ws.bulk_delete_cohorts([first, 999999])
    assert len(ws.list_cohorts_full()) == before


def test_pinned_workspace_sees_the_same_cohorts() -> None:
    ws = mp.Workspace.sandbox(seed=1, workspace_id=2)
    assert {c.id for c in ws.list_cohorts_full()} == {c.id for c in mp.Workspace.sandbox(seed=1).list_cohorts_full()}
    assert ws.emulator is not None and ws.emulator.requests[-1][1].startswith("/api/app/workspaces/2/cohorts")
