"""The exact request of every Lexicon-tag operation: a delete is a POST naming the tag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import mpnb as mp
from tests.entities._lexicon_cases import Case, prefix, run_case
from tests.helpers import body_of, ok, real_ws

P = "data-definitions/tags/"

CASES: list[Case] = [
    ("list", lambda ws: ws.list_lexicon_tags(), "GET", P, [], None, ok(["commerce", "legacy"])),
    (
        "create",
        lambda ws: ws.create_lexicon_tag(mp.CreateLexiconTagParams(name="core")),
        "POST",
        P,
        [],
        {"name": "core"},
        ok({"id": 4, "name": "core"}),
    ),
    (
        "rename",
        lambda ws: ws.update_lexicon_tag(4, mp.UpdateLexiconTagParams(name="core-v2")),
        "PATCH",
        f"{P}4/",
        [],
        {"name": "core-v2"},
        ok({"id": 4, "name": "core-v2"}),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("workspace_id", [None, 3], ids=["project", "workspace-pinned"])
def test_request_shape(case: Case, workspace_id: int | None) -> None:
    run_case(case, workspace_id)


def test_list_takes_names_or_objects() -> None:
    with respx.mock() as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(
            return_value=httpx.Response(200, json=["commerce", {"id": 2, "name": "legacy"}])
        )
        found = real_ws().list_lexicon_tags()
    assert [(t.tag_id, t.name) for t in found] == [(None, "commerce"), (2, "legacy")]


def test_delete_is_a_post_with_a_backup_first(tmp_path: Path) -> None:
    with respx.mock() as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok(["commerce", "legacy"]))
        events = [{"id": 1, "name": "Checkout", "tags": ["legacy"]}, {"id": 2, "name": "Login", "tags": []}]
        router.get(f"https://mixpanel.com{prefix(None)}/data-definitions/events/").mock(return_value=ok(events))
        post = router.post(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok({}))
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_lexicon_tag("legacy")
    assert body_of(post.calls.last.request) == {"delete": True, "name": "legacy"}
    backup = ws.backups.latest()
    assert backup is not None and backup.family == "lexicon_tags" and backup.records == [{"name": "legacy"}]
    assert [(d["family"], d["id"]) for d in backup.dependants] == [("events", "Checkout")]  # loses the tag


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ws: ws.update_lexicon_tag("core", mp.UpdateLexiconTagParams(name="x")), "tag_id"),
        (lambda ws: ws.update_lexicon_tag(0, mp.UpdateLexiconTagParams(name="x")), "tag_id"),
        (lambda ws: ws.delete_lexicon_tag(""), "tag_name"),
        (lambda ws: ws.delete_lexicon_tag(["a"]), "tag_name"),
        (lambda ws: ws.create_lexicon_tag({"name": "x"}), "params"),
    ],
)
def test_bad_input_is_refused_before_sending(call: Any, field: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError) as info:
        call(real_ws())
    assert info.value.field == field
    assert not router.calls


def test_deleting_an_unknown_tag_sends_no_delete(tmp_path: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok(["commerce"]))
        post = router.post(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok({}))
        with pytest.raises(mp.NotFoundError, match="legacy"):
            real_ws(backup_dir=tmp_path).delete_lexicon_tag("legacy")
    assert not post.called
