"""FlagForm against the sandbox: key suggestion, variants editor, create, double click, edit via the safe PUT."""

from __future__ import annotations

import mpnb as mp
from mpnb.widgets import FlagForm
from mpnb.widgets.flag_form import build_ruleset, parse_test_users, suggest_key


def _flag(ws: mp.Workspace, key: str) -> mp.FeatureFlag:
    return next(f for f in ws.list_feature_flags(include_archived=True) if f.key == key)


def test_key_follows_the_name_until_edited(ws: mp.Workspace) -> None:
    form = FlagForm(ws)
    form.name.value = "Dark Mode (Beta)"
    assert form.key.value == "dark_mode_beta"
    form.key.value = "my_key"
    form.name.value = "Something else"
    assert form.key.value == "my_key"
    assert suggest_key("  A/B test #2 ") == "a_b_test_2"


def test_variants_editor_add_remove_one_control_and_percent_sum(ws: mp.Workspace) -> None:
    form = FlagForm(ws)
    v = form.variants
    assert v.keys_list() == ["On", "Off"] and v.control.value == "Off"
    assert "100%" in v.total.value
    row = v.add_variant("Maybe", "maybe", 10)
    assert "110%" in v.total.value and "must be 100%" in v.total.value
    assert v.control.options == ("On", "Off", "Maybe")
    row.remove.click()
    assert v.keys_list() == ["On", "Off"]
    v.control.value = "On"
    assert [x["is_control"] for x in v.variants()] == [True, False]


def test_create_makes_the_flag_with_variants_rollout_and_test_users(ws: mp.Workspace) -> None:
    form = FlagForm(ws)
    created: list[mp.FeatureFlag] = []
    form.on_created(created.append)
    form.name.value = "Checkout Redesign"
    form.description.value = "New checkout"
    form.tags.value = "checkout, q4"
    form.context.value = "device_id"
    form.serving_method.value = "server"
    v = form.variants
    v.rows[0].key.value, v.rows[0].value.value, v.rows[0].percent.value = "treatment", '{"layout": "new"}', 30
    v.rows[1].key.value, v.rows[1].value.value, v.rows[1].percent.value = "control", "old", 70
    v.control.value = "control"
    form.rollout.value = 25
    form.test_users.value = "qa-1: treatment\nqa-2: control"
    form.create.click()
    assert form.created is not None, form.status_text
    flag = ws.get_feature_flag(form.created.id)
    assert (flag.name, flag.key, flag.description) == ("Checkout Redesign", "checkout_redesign", "New checkout")
    assert flag.tags == ["checkout", "q4"]
    assert flag.context == "device_id" and flag.serving_method.value == "server"
    variants = {x["key"]: x for x in flag.ruleset["variants"]}
    assert variants["treatment"]["value"] == {"layout": "new"} and variants["treatment"]["split"] == 0.3
    assert variants["control"]["is_control"] and variants["control"]["value"] == "old"
    assert flag.ruleset["rollout"] == [
        {"name": "Everyone", "rollout_percentage": 0.25, "variant_splits": {"treatment": 0.3, "control": 0.7}}
    ]
    assert flag.test_users == {"qa-1": "treatment", "qa-2": "control"}
    assert created == [form.created] and "Created flag checkout_redesign" in form.status_text


def test_double_click_never_creates_twice(ws: mp.Workspace) -> None:
    before = len(ws.list_feature_flags())
    form = FlagForm(ws)
    form.name.value = "Once Only"
    form.create.click()
    form.create.click()
    assert len(ws.list_feature_flags()) == before + 1
    assert "Already created flag once_only" in form.status_text


def test_invalid_values_show_errors_next_to_fields_and_create_nothing(ws: mp.Workspace) -> None:
    before = len(ws.list_feature_flags(include_archived=True))
    form = FlagForm(ws)
    form.name.value = "Bad Splits"
    form.variants.rows[0].percent.value = 60
    form.create.click()
    assert "sum to 1" in form.errors.messages["variants"]
    form.variants.rows[0].percent.value = 100
    form.name.value = ""
    form.key.value = ""
    form.create.click()
    assert "name" in form.errors.messages and "key" in form.errors.messages
    form.name.value = form.key.value = "ok_name"
    form.test_users.value = "qa-1: NoSuchVariant"
    form.create.click()
    assert "neither" in form.errors.messages["test_users"]
    form.test_users.value = "qa-1"
    form.create.click()
    assert "distinct_id: variant_key" in form.errors.messages["test_users"]
    assert len(ws.list_feature_flags(include_archived=True)) == before
    assert form.status_text.startswith("Create failed:")


def test_a_duplicate_key_is_the_servers_refusal_shown_in_the_status(ws: mp.Workspace) -> None:
    form = FlagForm(ws)
    form.name.value = "Night Theme"  # the demo flag night_theme exists
    form.create.click()
    assert form.created is None and "Create failed" in form.status_text


def test_edit_mode_keeps_extra_groups_test_users_and_hash_salt(ws: mp.Workspace) -> None:
    flag = _flag(ws, "new_checkout_flow")
    assert len(flag.ruleset["rollout"]) == 2 and flag.test_users and flag.hash_salt
    form = FlagForm(ws, flag_id=flag.id)
    assert form.rollout.value == 100 and "1 more group(s) kept" in form.rollout_note.value
    saved: list[mp.FeatureFlag] = []
    form.on_saved(saved.append)
    form.rollout.value = 40
    form.description.value = "Edited in the form"
    form.save.click()
    after = ws.get_feature_flag(flag.id)
    assert after.description == "Edited in the form"
    assert after.ruleset["rollout"][0]["rollout_percentage"] == 0.4
    # the first group's own splits and everything not shown are as they were
    assert after.ruleset["rollout"][0]["variant_splits"] == flag.ruleset["rollout"][0]["variant_splits"]
    assert after.ruleset["rollout"][0]["cohort_definition"] == flag.ruleset["rollout"][0]["cohort_definition"]
    assert after.ruleset["rollout"][1] == flag.ruleset["rollout"][1]
    assert after.test_users == flag.test_users and after.hash_salt == flag.hash_salt
    assert (after.context, after.serving_method, after.tags, after.status) == (
        flag.context,
        flag.serving_method,
        flag.tags,
        flag.status,
    )
    assert saved and "Saved flag new_checkout_flow" in form.status_text


def test_edit_mode_changes_test_users_when_edited(ws: mp.Workspace) -> None:
    flag = _flag(ws, "new_checkout_flow")
    form = FlagForm(ws, flag_id=flag.id)
    form.test_users.value = "qa-zed: control"
    form.save.click()
    assert ws.get_feature_flag(flag.id).test_users == {"qa-zed": "control"}


def test_edit_mode_refuses_a_context_change_on_an_enabled_flag(ws: mp.Workspace) -> None:
    flag = next(f for f in ws.list_feature_flags() if f.status.value == "enabled")
    form = FlagForm(ws, flag_id=flag.id)
    form.context.value = "something_else"
    form.save.click()
    assert "context cannot change" in form.errors.messages["context"]
    assert ws.get_feature_flag(flag.id).context == flag.context


def test_plain_helpers() -> None:
    assert parse_test_users("a: On\n\nb=Off") == {"a": "On", "b": "Off"}
    variants = [{"key": "On", "value": True, "is_control": False, "split": 1.0}]
    rs = build_ruleset(variants, 50, None, None)
    assert rs["rollout"] == [{"name": "Everyone", "rollout_percentage": 0.5, "variant_splits": {"On": 1.0}}]
    assert "test" not in rs


def test_a_lost_answer_to_create_finds_the_flag_by_its_key(ws: mp.Workspace) -> None:
    assert ws.emulator is not None
    before = len(ws.list_feature_flags(include_archived=True))
    form = FlagForm(ws)
    form.name.value = "Lost Answer"
    ws.emulator.faults.queue(["drop_after"])
    form.create.click()
    assert form.created is not None and form.created.key == "lost_answer", form.status_text
    form.create.click()
    assert len(ws.list_feature_flags(include_archived=True)) == before + 1
