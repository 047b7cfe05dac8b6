"""Drop filters through the Workspace (in-process and loopback)."""

from __future__ import annotations

import pytest

import mpnb as mp

COND = [
    {"resourceType": "event", "value": "env", "filterType": "string", "filterOperator": "equals", "filterValue": "x"}
]


def test_limit_create_pause_delete(any_ws: mp.Workspace) -> None:
    ws = any_ws
    limit = ws.get_drop_filter_limits().filter_limit
    before = ws.list_drop_filters()
    made = ws.create_drop_filter(mp.CreateDropFilterParams(event_name="Noise", filters=COND))
    assert len(made) == len(before) + 1 == limit
    with pytest.raises(mp.BadRequestError, match="limit"):
        ws.create_drop_filter(mp.CreateDropFilterParams(event_name="More", filters=COND))
    new = max(made, key=lambda f: f.id)
    paused = ws.update_drop_filter(new.id, mp.UpdateDropFilterParams(active=False))
    assert next(f for f in paused if f.id == new.id).active is False
    left = ws.delete_drop_filter(new.id)
    assert [f.id for f in left] == [f.id for f in before]
