"""``mpnb lexicon-tags`` on the CLI's file-backed sandbox: Lexicon tags, deleted by name with a backup."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli


def test_tags_round_trip(cli: Cli) -> None:
    made = cli.json("lexicon-tags", "create", "--name", "checkout-team")
    assert made["name"] == "checkout-team" and isinstance(made["tag_id"], int)
    cli.json("events", "update", "Checkout", "--tag", "checkout-team")
    renamed = cli.json("lexicon-tags", "update", str(made["tag_id"]), "--name", "payments-team")
    assert renamed["name"] == "payments-team"
    assert cli.json("events", "get", "Checkout")["tags"] == ["payments-team"]
    assert "payments-team" in cli("lexicon-tags", "list", "-q").stdout.splitlines()
    deleted = cli.json("lexicon-tags", "delete", "payments-team", "--yes")
    assert deleted["deleted"] == ["payments-team"] and Path(deleted["backup"]).exists()
    assert cli.json("events", "get", "Checkout")["tags"] == []
    restored = cli.json("restore", deleted["backup"], "--yes")
    assert [(r["family"], r["role"], r["status"]) for r in restored] == [
        ("lexicon_tags", "entity", "ok"),
        ("events", "dependant", "ok"),
    ]
    assert "payments-team" in cli("lexicon-tags", "list", "-q").stdout.splitlines()
    assert cli.json("events", "get", "Checkout")["tags"] == ["payments-team"]  # tagged again
