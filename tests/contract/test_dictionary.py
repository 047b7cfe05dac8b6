"""The safety contract on the data dictionary's families: outcomes told truly under faults, every delete
backed up and restorable (once, whatever the re-runs), delete markers, and a hide of hundreds as one request.

Faults come from the sandbox's queue; after each step the server is read back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import mpnb as mp
from mpnb._constants import DEFAULT_MAX_RETRIES
from mpnb.graph import user_families

EXHAUST_429 = ["429"] * (DEFAULT_MAX_RETRIES + 1)
EXHAUST_500 = ["500"] * (DEFAULT_MAX_RETRIES + 1)
COND = [
    {"resourceType": "event", "value": "env", "filterType": "string", "filterOperator": "equals", "filterValue": "x"}
]


def _queue(ws: mp.Workspace, kinds: list[str]) -> None:
    assert ws.emulator is not None
    ws.emulator.faults.queue(kinds)


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_429, EXHAUST_500, ["drop"]])
def test_bulk_hide_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    df = fws.events.frame()
    names = [n for n in df.index if not df.at[n, "hidden"]][:6]
    df.loc[names, "hidden"] = True
    plan = fws.events.plan(df)
    _queue(fws, fault)
    result = plan.apply(progress=False)
    assert sorted(result.id.tolist()) == sorted(names)
    now = {e.name: e.hidden for e in fws.list_event_definitions()}
    for row in result.itertuples():
        assert (row.status == "ok") == (now[row.id] is True), (fault, row)
        assert row.status in ("ok", "error")
    if fault in (["drop_after"], ["drop"]):
        assert set(result.status) == {"ok"}


@pytest.mark.parametrize("fault", [["drop_after"], EXHAUST_500])
def test_bulk_sensitive_statuses_equal_the_server(fws: mp.Workspace, fault: list[str]) -> None:
    df = fws.properties.frame()
    ids = [i for i in df.index if not df.at[i, "sensitive"]][:4]
    df.loc[ids, "sensitive"] = True
    plan = fws.properties.plan(df)
    _queue(fws, fault)
    result = plan.apply(progress=False)
    now = {p.id: p.sensitive for p in fws.list_property_definitions()}
    for row in result.itertuples():
        assert (row.status == "ok") == (now[row.id] is True), (fault, row)


def _made_tag(ws: mp.Workspace) -> str:
    return ws.create_lexicon_tag(mp.CreateLexiconTagParams(name="contract-tag")).name


def _made_filter(ws: mp.Workspace) -> int:
    ws.delete_drop_filter(ws.list_drop_filters()[0].id)  # room under the limit
    return max(f.id for f in ws.create_drop_filter(mp.CreateDropFilterParams(event_name="Noise", filters=COND)))


def _made_custom_event(ws: mp.Workspace) -> int:
    made = ws.create_custom_event(mp.CreateCustomEventParams(name="Contract CE", alternatives=["Checkout", "checkout"]))
    ws.update_custom_event(made.id, mp.UpdateEventDefinitionParams(description="kept", tags=["core"]))
    return made.id


def _made_custom_property(ws: mp.Workspace) -> int:
    return ws.create_custom_property(
        mp.CreateCustomPropertyParams(
            name="Contract CP",
            resource_type="events",
            display_formula="A * 2",
            composed_properties={"A": mp.ComposedProperty(value="amount", resource_type="event")},
        )
    ).custom_property_id


# family, make one (its id), delete it, is it there?
CASES: list[tuple[str, Callable[[mp.Workspace], Any], Callable[[mp.Workspace, Any], Any], Callable[..., bool]]] = [
    (
        "events",
        lambda ws: "Search",
        lambda ws, i: ws.delete_event_definition(i),
        lambda ws, i: any(e.name == i for e in ws.list_event_definitions()),
    ),
    (
        "lexicon_tags",
        _made_tag,
        lambda ws, i: ws.delete_lexicon_tag(i),
        lambda ws, i: i in {t.name for t in ws.list_lexicon_tags()},
    ),
    (
        "drop_filters",
        _made_filter,
        lambda ws, i: ws.delete_drop_filter(i),
        lambda ws, i: any(f.event_name == "Noise" for f in ws.list_drop_filters()),
    ),
    (
        "custom_events",
        _made_custom_event,
        lambda ws, i: ws.delete_custom_event(i),
        lambda ws, i: any(c.name == "Contract CE" for c in ws.list_custom_events()),
    ),
    (
        "custom_properties",
        _made_custom_property,
        lambda ws, i: ws.delete_custom_property(i),
        lambda ws, i: any(p.name == "Contract CP" for p in ws.list_custom_properties()),
    ),
]


@pytest.mark.parametrize(("family", "make", "delete", "there"), CASES, ids=[c[0] for c in CASES])
def test_a_delete_whose_answer_is_lost_is_success_and_backed_up(
    fws: mp.Workspace, family: str, make: Any, delete: Any, there: Any
) -> None:
    eid = make(fws)
    _queue(fws, ["ok", "drop_after"])  # the backup's read, then the delete: committed, answer lost
    delete(fws, eid)
    assert not there(fws, eid)
    backup = fws.backups.latest()
    assert backup is not None and backup.family == family and [str(i) for i in backup.ids] == [str(eid)]


@pytest.mark.parametrize(("family", "make", "delete", "there"), CASES, ids=[c[0] for c in CASES])
def test_restore_brings_it_back_once(fws: mp.Workspace, family: str, make: Any, delete: Any, there: Any) -> None:
    eid = make(fws)
    before = json.dumps(fws.records(family).read_all(), sort_keys=True, default=str)
    delete(fws, eid)
    assert not there(fws, eid)
    backup = fws.backups.latest()
    assert backup is not None
    first = fws.restore(backup, progress=False)
    assert set(first.to_frame()["status"]) <= {"ok", "listed"}, first.to_frame()
    assert there(fws, eid)
    again = fws.restore(backup, progress=False)
    assert set(again.to_frame().query("role == 'entity'")["status"]) == {"already restored"}
    count = len(fws.records(family).read_all())
    assert count == len(json.loads(before))  # restored once, not twice


def test_a_restored_event_has_its_metadata_back(fws: mp.Workspace) -> None:
    fws.update_event_definition("Search", mp.UpdateEventDefinitionParams(description="Ran a search", tags=["growth"]))
    fws.delete_event_definition("Search")
    assert fws.get_event_definitions(names=["Search"]) == []
    backup = fws.backups.latest()
    assert backup is not None
    fws.restore(backup, progress=False)
    back = fws.get_event_definitions(names=["Search"])[0]
    assert back.description == "Ran a search" and back.tags == ["growth"]


def test_a_delete_marker_column_deletes_exactly_the_marked_events(fws: mp.Workspace) -> None:
    df = fws.events.frame()
    df["delete"] = "no"
    df.loc[["debug_log", "heartbeat"], "delete"] = "yes"
    plan = fws.events.plan(df, delete="delete")
    assert sorted(d.id for d in plan.deletes) == ["debug_log", "heartbeat"]
    result = plan.apply(progress=False)
    assert set(result.status) == {"ok"}
    names = {e.name for e in fws.list_event_definitions()}
    assert not {"debug_log", "heartbeat"} & names and "test_event" in names
    backup = fws.backups.latest()
    assert backup is not None and sorted(backup.ids) == ["debug_log", "heartbeat"]
    with pytest.raises(mp.InputError, match="not yes/no"):
        fws.events.plan(fws.events.frame().assign(delete="maybe"), delete="delete")


def _patches(ws: mp.Workspace) -> int:
    assert ws.emulator is not None
    return sum(m == "PATCH" for m, _ in ws.emulator.requests)


def test_hiding_400_events_is_one_bulk_request(tmp_path: Any) -> None:
    ws = mp.Workspace.sandbox(seed=1, size=2000, backup_dir=tmp_path / "b", sleep=lambda s: None)
    df = ws.events.frame()
    names = list(df.index[~df["hidden"].fillna(False).astype(bool)][:400])
    assert len(names) == 400
    df.loc[names, "hidden"] = True
    before, patches = ws.request_count, _patches(ws)
    plan = ws.events.plan(df)
    planned = ws.request_count - before
    assert len(plan.fresh) == 400  # the plan's read asks for the 400 names, not the 500 events
    result = plan.apply(progress=False)
    # the plan's fresh read of the 400 names (a few URL-sized requests) and one list read of each family that
    # can use an event (what hiding them touches); the apply's re-read of the 400, then one bulk PATCH for all
    users = len(user_families("events"))
    applied = ws.request_count - before - planned
    assert planned <= 4 + users and (applied, _patches(ws) - patches) == (planned - users + 1, 1)
    assert len(result) == 400 and set(result.status) == {"ok"}
    assert sum(e.hidden is True for e in ws.get_event_definitions(names=names)) == 400


def test_a_fresh_read_of_events_asks_for_their_names_even_with_commas(fws: mp.Workspace) -> None:
    fws.update_event_definition("Add to Cart, v2", mp.UpdateEventDefinitionParams(description="a comma"))
    df = fws.events.frame()
    df.loc[["Add to Cart, v2", "Search"], "description"] = "edited"
    plan = fws.events.plan(df)
    assert sorted(plan.fresh) == ["Add to Cart, v2", "Search"] and plan.fresh_requests == 1
    assert set(plan.apply(progress=False).status) == {"ok"}
    assert {e.name: e.description for e in fws.get_event_definitions(names=["Add to Cart, v2", "Search"])} == {
        "Add to Cart, v2": "edited",
        "Search": "edited",
    }


def test_a_custom_event_create_whose_answer_is_lost_is_outcome_unknown(fws: mp.Workspace) -> None:
    _queue(fws, ["drop_after"])
    with pytest.raises(mp.OutcomeUnknownError) as info:
        fws.create_custom_event(mp.CreateCustomEventParams(name="Lost Answer", alternatives=["Checkout"]))
    assert info.value.natural_key == "Lost Answer"
    assert [c.name for c in fws.list_custom_events()].count("Lost Answer") == 1  # it was made; never re-sent


def test_a_frame_of_one_family_is_refused_by_another(fws: mp.Workspace) -> None:
    df = fws.events.frame()
    with pytest.raises(mp.InputError, match="holds events"):
        fws.custom_events.plan(df)
