"""Property definitions through the Workspace (in-process and loopback)."""

from __future__ import annotations

import mpnb as mp


def test_both_kinds_by_name_and_bulk_sensitive(any_ws: mp.Workspace) -> None:
    ws = any_ws
    every = ws.list_property_definitions()
    kinds = {p.resource_type for p in every}
    assert kinds == {"Event", "User"} and all(p.id is not None for p in every)
    city = ws.get_property_definitions(names=["$city"], resource_type="User")
    assert [(p.name, p.resource_type) for p in city] == [("$city", "User")]
    done = ws.bulk_update_property_definitions(
        [
            mp.BulkPropertyUpdate(name="email", resource_type="Event", sensitive=True),
            mp.BulkPropertyUpdate(name="$phone", resource_type="User", sensitive=True, description="Phone"),
        ]
    )
    assert [(p.name, p.sensitive) for p in done] == [("email", True), ("$phone", True)]
    user_email = ws.get_property_definitions(names=["email"], resource_type="User")[0]
    assert user_email.sensitive is False  # the user property of that name is another property


def test_frame_edit_plan_apply(any_ws: mp.Workspace) -> None:
    ws = any_ws
    df = ws.properties.frame()
    assert set(df["resource_type"]) == {"Event", "User"}
    pick = df.index[(df["name"] == "phone_number") & (df["resource_type"] == "Event")]
    df.loc[pick, "sensitive"] = True
    df.loc[pick, "description"] = "The user's phone"
    result = ws.properties.plan(df).apply(progress=False)
    assert list(result.status) == ["ok"]
    got = ws.get_property_definitions(names=["phone_number"], resource_type="Event")[0]
    assert got.sensitive is True and got.description == "The user's phone"
