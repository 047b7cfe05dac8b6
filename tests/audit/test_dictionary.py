"""The data dictionary's audit rules on crafted states, and their fixes going through plans."""

from __future__ import annotations

import pytest

import mpnb as mp
from mpnb.audit._dictionary import in_convention, looks_personal, name_key, styled
from tests.audit.conftest import Craft, run


@pytest.mark.parametrize(
    "names",
    [
        ["Add to Cart", "add_to_cart", "addToCart", "Add To Cart", "add-to-cart"],
        ["Sign Up", "sign_up", "signup", "SignUp"],
        ["Purchase", "Purchases", "purchases"],
        ["Category Viewed", "categories_viewed"],
    ],
)
def test_near_duplicate_names_share_a_key(names: list[str]) -> None:
    assert len({name_key(n) for n in names}) == 1, [name_key(n) for n in names]


def test_different_events_keep_different_keys() -> None:
    assert len({name_key(n) for n in ["Add to Cart", "Remove from Cart", "Cart Viewed", "Address", "Status"]}) == 5


@pytest.mark.parametrize(
    ("name", "convention", "ok"),
    [
        ("add_to_cart", "snake_case", True),
        ("Add to Cart", "snake_case", False),
        ("addToCart", "camelCase", True),
        ("add_to_cart", "camelCase", False),
        ("Add to Cart", "Title Case", True),
        ("add to cart", "Title Case", False),
        ("to Cart", "Title Case", False),
        ("web.checkout.done", r"[a-z]+(\.[a-z]+)*", True),
        ("Checkout", r"[a-z]+(\.[a-z]+)*", False),
    ],
)
def test_conventions(name: str, convention: str, ok: bool) -> None:
    from mpnb.audit._dictionary import check_convention

    pattern = check_convention(convention, "convention")
    assert pattern is not None and in_convention(name, convention, pattern) is ok


def test_styles() -> None:
    assert styled("addToCart", "Title Case") == "Add to Cart"
    assert styled("Add to Cart", "snake_case") == "add_to_cart"
    assert styled("add_to_cart", "camelCase") == "addToCart"
    assert styled("x", r"[a-z]+") is None


@pytest.mark.parametrize(
    ("name", "word"),
    [("email", "email"), ("userEmail", "email"), ("phone_number", "phone"), ("ip_address", "ip"),
     ("first_name", "first name"), ("$name", "name"), ("Date of Birth", "of birth"), ("$city", None),
     ("cart_size", None), ("plan", None), ("shipping", None)],
)  # fmt: skip
def test_personal_data_names(name: str, word: str | None) -> None:
    assert looks_personal(name) == word


def _patches(ws: mp.Workspace) -> int:
    assert ws.emulator is not None
    return sum(m == "PATCH" for m, _ in ws.emulator.requests)


def test_near_duplicates_keep_the_most_used_and_hide_the_unused(aws: mp.Workspace) -> None:
    found = run(aws, "near_duplicate_event")
    assert "Add to Cart" not in found  # the spelling the reports count is kept
    assert found["addToCart"]["evidence"]["kept"] == "Add to Cart"
    assert found["addToCart"]["action"] == "review" and found["addToCart"]["evidence"]["used_by_custom_events"]
    assert found["Purchases"]["action"] == "update" and found["Purchases"]["changes"] == {"hidden": True}


def test_hidden_but_used_is_shown_again_through_a_plan(aws: mp.Workspace) -> None:
    found = run(aws, "hidden_used_event")
    assert "Share" in found and found["Share"]["evidence"]["used_by_reports"]
    assert all(r["changes"] == {"hidden": False} for r in found.values())
    plan = aws.audit(rules=["hidden_used_event"]).plan()
    before = _patches(aws)
    result = plan.apply(progress=False)  # type: ignore[union-attr]
    assert set(result["status"]) == {"ok"} and len(result) == len(found)
    assert _patches(aws) - before == 1  # every event in one bulk PATCH
    assert [e.hidden for e in aws.get_event_definitions(names=["Share"])] == [False]
    assert run(aws, "hidden_used_event") == {}


def test_dropped_but_referenced(aws: mp.Workspace) -> None:
    found = run(aws, "dropped_referenced_event")
    assert set(found) == {"Video Played"}
    evidence = found["Video Played"]["evidence"]
    assert evidence["used_by_cohorts"] and evidence["used_by_custom_events"]
    assert found["Video Played"]["action"] == "review"


def test_undescribed_unowned_unverified(aws: mp.Workspace, craft: Craft) -> None:
    assert "Search" in run(aws, "undescribed_event") and "Search" in run(aws, "unowned_event")
    assert "$session_start" not in run(aws, "undescribed_event")
    assert "Share" not in run(aws, "undescribed_event") or craft.rec("lexicon_events", "Share")["description"] is None
    used = run(aws, "unverified_used_event", min_uses=3)
    assert "Page View" in used and used["Page View"]["evidence"]["uses"] >= 3
    assert "Purchase" not in used  # verified
    assert run(aws, "unverified_used_event", min_uses=100_000) == {}


def test_naming_convention_needs_a_stated_convention(aws: mp.Workspace) -> None:
    assert run(aws, "event_naming_convention") == {}
    found = run(aws, "event_naming_convention", convention="snake_case")
    assert "Add to Cart" in found and "add_to_cart" not in found and "$session_start" not in found
    assert found["Add to Cart"]["changes"] == {"display_name": "add_to_cart"}
    with pytest.raises(mp.InputError, match="regular expression") as info:
        aws.audit(rules=["event_naming_convention"], params={"event_naming_convention": {"convention": "[oops"}})
    assert info.value.field == "params.event_naming_convention.convention"
    props = {r["name"] for r in run(aws, "property_naming_convention", convention="snake_case").values()}
    assert {"UTM Source", "utmSource"} <= props and "utm_source" not in props and "$browser" not in props


def test_personal_data_is_marked_sensitive_through_a_plan(aws: mp.Workspace) -> None:
    found = run(aws, "personal_data_property")
    names = {(r["evidence"]["resource_type"], r["name"]) for r in found.values()}
    assert ("Event", "email") in names and ("User", "$phone") in names
    assert ("User", "$email") not in names and ("Event", "ssn") not in names  # already sensitive
    plan = aws.audit(rules=["personal_data_property"]).plan()
    before = _patches(aws)
    result = plan.apply(progress=False)  # type: ignore[union-attr]
    assert set(result["status"]) == {"ok"} and _patches(aws) - before == 1  # one bulk PATCH
    assert run(aws, "personal_data_property") == {}


def test_unused_tags_are_deleted_with_a_backup(aws: mp.Workspace) -> None:
    found = run(aws, "unused_tag")
    assert {"pii-review", "q3-launch-2023"} <= set(found) and "core" not in found
    result = aws.audit(rules=["unused_tag"]).plan().apply(progress=False)  # type: ignore[union-attr]
    assert set(result["status"]) == {"ok"}
    backup = aws.backups.latest()
    assert backup is not None and backup.family == "lexicon_tags" and "pii-review" in backup.ids
    assert "pii-review" not in {t.name for t in aws.list_lexicon_tags()}


def test_drop_filter_limit(aws: mp.Workspace, craft: Craft) -> None:
    found = run(aws, "drop_filter_limit")
    assert found and all(
        r["evidence"] == {"filters": 9, "limit": 10, "free": 1, "active": False} for r in found.values()
    )
    assert {r["name"] for r in found.values()} == {"dev_click", "Page View"}  # the paused ones
    assert run(aws, "drop_filter_limit", free_slots=0) == {}
    for key, record in craft.table("drop_filters").items():
        craft.add("drop_filters", key, dict(record, active=True))
    whole = run(aws, "drop_filter_limit")
    assert len(whole) == 1 and next(iter(whole.values()))["name"] == "drop filters"


def test_broken_custom_entities(aws: mp.Workspace) -> None:
    events = run(aws, "broken_custom_event")
    assert [r["name"] for r in events.values()] == ["Engaged Session"]
    assert next(iter(events.values()))["evidence"]["dropped"] == ["Video Played"]
    props = run(aws, "broken_custom_property")
    assert [r["name"] for r in props.values()] == ["Legacy Score Bucket"]
    assert run(aws, "dropped_referenced_property")
