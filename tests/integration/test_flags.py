"""The seed's Feature Flags section through the Workspace, on the sandbox in-process and over loopback HTTP."""

from __future__ import annotations

from typing import Any

import pytest

import mpnb as mp
from mpnb.sandbox import Sandbox, SandboxServer
from mpnb.sandbox.engine import Answer


def _trap_flag(ws: mp.Workspace) -> mp.FeatureFlag:
    """A flag with every field a careless PUT would reset."""
    variants = [
        {"key": "On", "value": True, "is_control": False, "split": 0.5, "is_sticky": True},
        {"key": "Off", "value": False, "is_control": True, "split": 0.5},
    ]
    rollout = [
        {"name": "Staff", "rollout_percentage": 1.0, "variant_splits": {"On": 1.0, "Off": 0.0}},
        {"name": "Everyone", "rollout_percentage": 0.25, "variant_splits": {"On": 0.5, "Off": 0.5}},
    ]
    flag = ws.create_feature_flag(
        mp.CreateFeatureFlagParams(
            name="Trap",
            key="trap_flag",
            description="keep me",
            tags=["a", "b"],
            context="device_id",
            serving_method=mp.ServingMethod.SERVER,
            ruleset={"variants": variants, "rollout": rollout},
        )
    )
    ws.set_flag_test_users(flag.id, mp.SetTestUsersParams(users={"qa-1": "On", "qa-2": "Off"}))
    return ws.get_feature_flag(flag.id)


def test_seed_feature_flags_section(any_ws: mp.Workspace) -> None:
    ws = any_ws
    flags = ws.list_feature_flags()
    everything = ws.list_feature_flags(include_archived=True)
    assert flags and {f.status for f in flags} <= {mp.FeatureFlagStatus.ENABLED, mp.FeatureFlagStatus.DISABLED}
    assert len(everything) > len(flags) and any(f.status == mp.FeatureFlagStatus.ARCHIVED for f in everything)

    made = ws.create_feature_flag(mp.CreateFeatureFlagParams(name="Dark Mode X", key="dark_mode_x"))
    assert (made.status, made.context, made.serving_method, made.tags) == (
        mp.FeatureFlagStatus.DISABLED,
        "distinct_id",
        mp.ServingMethod.CLIENT,
        [],
    )
    assert [v["key"] for v in made.ruleset["variants"]] == ["On", "Off"]

    # Get, Update, Delete (the seed's lines, with the literal id replaced)
    flag = ws.get_feature_flag(made.id)
    updated = ws.update_feature_flag(
        made.id,
        mp.UpdateFeatureFlagParams(
            name="Dark Mode",
            key="dark_mode_y",
            status=mp.FeatureFlagStatus.ENABLED,
            ruleset=flag.ruleset,
        ),
    )
    assert updated.status == mp.FeatureFlagStatus.ENABLED and updated.name == "Dark Mode"

    # Test users and history
    ws.set_flag_test_users(made.id, mp.SetTestUsersParams(users={"On": "user-1", "Off": "user-2"}))
    assert ws.get_feature_flag(made.id).test_users == {"user-1": "On", "user-2": "Off"}
    history = ws.get_flag_history(made.id)
    assert history.count == len(history.events) >= 3
    assert [e[1] for e in history.events][-1] == "created"
    limits = ws.get_flag_limits()
    assert limits.current_usage > 0 and limits.limit > 0
    # the demo account is over its allowance in a grace period: that is why creating flags above still worked
    assert limits.current_usage <= limits.limit or limits.contract_status == mp.FlagContractStatus.GRACE_PERIOD

    # Delete needs a disabled flag (S1 precondition); an enabled one is refused before sending
    sent = ws.request_count
    with pytest.raises(mp.InputError, match="disable it first"):
        ws.delete_feature_flag(made.id)
    assert ws.request_count == sent + 1  # only the read
    ws.update_feature_flag(
        made.id,
        mp.UpdateFeatureFlagParams(name="Dark Mode", key="dark_mode_y", status="disabled", ruleset=flag.ruleset),
    )
    ws.delete_feature_flag(made.id)
    with pytest.raises(mp.NotFoundError):
        ws.get_feature_flag(made.id)
    backup = ws.backups.latest("flags")
    assert backup is not None and backup.records[0]["key"] == "dark_mode_y"


def test_archive_restore_duplicate(any_ws: mp.Workspace) -> None:
    ws = any_ws
    made = ws.create_feature_flag(mp.CreateFeatureFlagParams(name="Lifecycle", key="lifecycle"))
    ws.archive_feature_flag(made.id)
    assert made.id not in {f.id for f in ws.list_feature_flags()}
    assert made.id in {f.id for f in ws.list_feature_flags(include_archived=True)}
    restored = ws.restore_feature_flag(made.id)
    assert restored.status == mp.FeatureFlagStatus.DISABLED
    copy = ws.duplicate_feature_flag(made.id)
    assert copy.id != made.id and copy.key != made.key and "lifecycle" in copy.key
    assert copy.ruleset == restored.ruleset


def test_put_trap_keeps_every_field(any_ws: mp.Workspace) -> None:
    ws = any_ws
    flag = _trap_flag(ws)
    updated = ws.update_feature_flag(
        flag.id,
        mp.UpdateFeatureFlagParams(
            name="Dark Mode", key="dark_mode_trap", status=mp.FeatureFlagStatus.ENABLED, ruleset=flag.ruleset
        ),
    )
    again = ws.get_feature_flag(flag.id)
    for f in (updated, again):
        assert f.context == "device_id"
        assert f.serving_method == mp.ServingMethod.SERVER
        assert f.tags == ["a", "b"]
        assert f.description == "keep me"
        assert [g["name"] for g in f.ruleset["rollout"]] == ["Staff", "Everyone"]
        assert f.test_users == {"qa-1": "On", "qa-2": "Off"}
        assert f.status == mp.FeatureFlagStatus.ENABLED and f.key == "dark_mode_trap"


def test_update_keeps_test_users_when_new_ruleset_omits_them(ws: mp.Workspace) -> None:
    flag = _trap_flag(ws)
    bare = {"variants": flag.ruleset["variants"], "rollout": []}
    out = ws.update_feature_flag(
        flag.id, mp.UpdateFeatureFlagParams(name="T", key=flag.key, status="disabled", ruleset=bare)
    )
    assert out.ruleset["rollout"] == [] and out.test_users == {"qa-1": "On", "qa-2": "Off"}


def test_explicit_none_description_clears_it(ws: mp.Workspace) -> None:
    flag = _trap_flag(ws)
    out = ws.update_feature_flag(
        flag.id,
        mp.UpdateFeatureFlagParams(name="T", key=flag.key, status="disabled", ruleset=flag.ruleset, description=None),
    )
    assert out.description is None and out.context == "device_id"


@pytest.mark.parametrize(
    ("users", "expected"),
    [
        ({"On": "user-1", "Off": "user-2"}, {"user-1": "On", "user-2": "Off"}),
        ({"user-1": "On", "user-2": "Off"}, {"user-1": "On", "user-2": "Off"}),
        ({}, {}),
    ],
)
def test_test_user_maps_in_both_directions(
    any_ws: mp.Workspace, users: dict[str, str], expected: dict[str, str]
) -> None:
    flag = any_ws.create_feature_flag(mp.CreateFeatureFlagParams(name="QA", key="qa_dir"))
    any_ws.set_flag_test_users(flag.id, mp.SetTestUsersParams(users={"seed-user": "On"}))
    any_ws.set_flag_test_users(flag.id, mp.SetTestUsersParams(users=users))
    assert any_ws.get_feature_flag(flag.id).test_users == expected


@pytest.mark.parametrize("users", [{"On": "Off"}, {"Maybe": "user-1"}, {"On": "u1", "u2": "Off"}])
def test_bad_test_user_maps_send_nothing(ws: mp.Workspace, users: dict[str, str]) -> None:
    flag = ws.create_feature_flag(mp.CreateFeatureFlagParams(name="QA", key="qa_bad"))
    sent = ws.request_count
    with pytest.raises(mp.InputError):
        ws.set_flag_test_users(flag.id, mp.SetTestUsersParams(users=users))
    assert ws.request_count == sent + 1  # the read of the flag's variants only


def _emulator(ws: mp.Workspace, request: pytest.FixtureRequest) -> Sandbox:
    if ws.emulator is not None:
        return ws.emulator
    server: SandboxServer = request.getfixturevalue("server")
    return server.sandbox


def _fault_on_second_request(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox, kind: str) -> None:
    """The duplicate's look-up list passes; the POST that follows meets ``kind`` (a 500, or a lost answer)."""
    kinds = iter([None, kind])
    monkeypatch.setattr(sandbox.faults, "draw", lambda: next(kinds, None))


@pytest.mark.parametrize("kind", ["drop_after", "500_after"])
def test_duplicate_finds_the_copy_after_an_ambiguous_failure(
    any_ws: mp.Workspace, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Mixpanel has answered 500 although the copy was made: the client finds and returns it."""
    ws = any_ws
    flag = ws.create_feature_flag(mp.CreateFeatureFlagParams(name="Dup", key="dup_me"))
    ws.duplicate_feature_flag(flag.id)  # an older copy must not be mistaken for the new one
    before = {f.id for f in ws.list_feature_flags(include_archived=True)}
    sandbox = _emulator(ws, request)
    if kind == "500_after":
        real = sandbox._dispatch

        def processed_then_500(*args: Any) -> Any:
            real(*args)
            return Answer(500, {"Content-Type": "application/json"}, b'{"status":"error","error":"Internal"}')

        calls = iter([real, processed_then_500])
        monkeypatch.setattr(sandbox, "_dispatch", lambda *a: next(calls, real)(*a))
    else:
        _fault_on_second_request(monkeypatch, sandbox, kind)
    copy = ws.duplicate_feature_flag(flag.id)
    after = {f.id for f in ws.list_feature_flags(include_archived=True)}
    assert copy.id not in before and after == before | {copy.id}
    assert copy.key == "dup_me_copy_2"


def test_duplicate_reraises_when_nothing_was_made(
    any_ws: mp.Workspace, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = any_ws
    flag = ws.create_feature_flag(mp.CreateFeatureFlagParams(name="Dup", key="dup_none"))
    before = len(ws.list_feature_flags(include_archived=True))
    _fault_on_second_request(monkeypatch, _emulator(ws, request), "500")  # answered before any processing
    with pytest.raises(mp.OutcomeUnknownError, match="dup_none"):
        ws.duplicate_feature_flag(flag.id)
    assert len(ws.list_feature_flags(include_archived=True)) == before


def test_ruleset_errors_name_the_variant_or_group(ws: mp.Workspace) -> None:
    bad = {
        "variants": [
            {"key": "On", "value": True, "is_control": False, "split": 0.7},
            {"key": "Off", "value": False, "is_control": True, "split": 0.7},
        ],
        "rollout": [],
    }
    sent = ws.request_count
    with pytest.raises(mp.InputError, match="sum to 1"):
        ws.create_feature_flag(mp.CreateFeatureFlagParams(name="x", key="x", ruleset=bad))
    bad["variants"][0]["split"] = 0.3  # type: ignore[index]
    bad["rollout"] = [{"name": "Beta", "rollout_percentage": 50, "variant_splits": {"On": 1.0}}]
    with pytest.raises(mp.InputError, match=r"'Beta'.*rollout_percentage"):
        ws.create_feature_flag(mp.CreateFeatureFlagParams(name="x", key="x", ruleset=bad))
    assert ws.request_count == sent


def test_seed_update_call_works_on_every_seeded_flag(ws: mp.Workspace) -> None:
    """The seed's update call (name, key, status, ruleset) succeeds on every demo flag, empty descriptions too."""
    for flag in ws.list_feature_flags():
        updated = ws.update_feature_flag(
            flag.id, mp.UpdateFeatureFlagParams(name=flag.name, key=flag.key, status=flag.status, ruleset=flag.ruleset)
        )
        assert (updated.description, updated.tags, updated.context) == (flag.description, flag.tags, flag.context)
