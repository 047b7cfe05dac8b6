"""What gh and kubectl users expect: several ids as arguments, ids from stdin, ``@file``, ``--limit``/``--all``/
``--sort-by``, ``-o``, ``--jq``, and named contexts whose secrets never reach the file."""

from __future__ import annotations

import json
import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer
from tests.cli.conftest import Cli, errors_of


def _ids(cli: Cli, family: str) -> list[int]:
    return [r["id"] for r in cli.json(family, "list")]


def test_several_ids_as_arguments(cli: Cli) -> None:
    a, b, c = _ids(cli, "annotations")[:3]
    got = cli.json("annotations", "get", str(a), str(b), str(c))
    assert [x["id"] for x in got] == [a, b, c]
    assert cli.json("annotations", "get", str(a))["id"] == a  # one id: one object, as before
    partly = cli("annotations", "get", str(a), "99999")
    assert partly.exit_code == 4 and [x["id"] for x in json.loads(partly.stdout)] == [a]
    assert "99999" in errors_of(partly)[0]
    gone = cli.json("annotations", "delete", str(a), str(b))
    assert gone["deleted"] == [a, b] and set(_ids(cli, "annotations")).isdisjoint({a, b})
    flags = [f["id"] for f in cli.json("flags", "list")][:2]
    assert [f["id"] for f in cli.json("flags", "get", *flags)] == flags


def test_ids_from_stdin(cli: Cli) -> None:
    ids = _ids(cli, "reports")[:3]
    lines = "\n".join(map(str, ids)) + "\n"
    dry = cli.json("reports", "bulk-delete", "--ids", "-", "--dry-run", input=lines)
    assert dry["would_delete"] == ids
    piped = cli("reports", "list", "-q").stdout  # `mpnb reports list -q | mpnb reports get -`
    got = cli.json("reports", "get", "-", input=piped)
    assert [r["id"] for r in got] == _ids(cli, "reports")
    assert cli.json("reports", "delete", "-", input=lines)["deleted"] == ids
    bad = cli("reports", "bulk-delete", "--ids", "-", "--dry-run", input="1\nabc\n")
    assert bad.exit_code == 2 and "abc" in bad.stderr


def test_entries_from_a_file(cli: Cli, tmp_path: Path) -> None:
    alerts = _ids(cli, "alerts")[:2]
    path = tmp_path / "entries.json"
    path.write_text(json.dumps([{"id": a, "paused": True} for a in alerts]), encoding="utf-8")
    rows = cli.json("alerts", "bulk-update", "--entries", f"@{path}")
    assert [r["status"] for r in rows] == ["ok", "ok"]
    missing = cli("alerts", "bulk-update", "--entries", f"@{tmp_path / 'nope.json'}")
    assert missing.exit_code == 2 and "nope.json" in missing.stderr


def test_limit_all_and_sort_by_on_list(cli: Cli) -> None:
    every = cli.json("reports", "list")
    names = sorted((r["name"] for r in every), key=str.lower)
    assert [r["name"] for r in cli.json("reports", "list", "--sort-by", "name", "--limit", "3")] == names[:3]
    newest = cli.json("reports", "list", "--sort-by", "-id", "--limit", "2")
    assert [r["id"] for r in newest] == sorted((r["id"] for r in every), reverse=True)[:2]
    assert len(cli.json("reports", "list", "--limit", "3", "--all")) == len(every)
    assert len(cli("reports", "list", "--limit", "4", "-q").stdout.split()) == 4
    bad = cli("reports", "list", "--sort-by", "nope")
    assert bad.exit_code == 2 and "nope" in bad.stderr


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "table", "ids"])
def test_short_output_option(cli: Cli, fmt: str) -> None:
    result = cli("dashboards", "list", "-o", fmt)
    assert result.exit_code == 0, result.output
    ids = [str(d["id"]) for d in cli.json("dashboards", "list")]
    if fmt == "yaml":
        import yaml

        assert [str(d["id"]) for d in yaml.safe_load(result.stdout)] == ids
    elif fmt == "ids":
        assert result.stdout.split() == ids
    else:
        assert all(i in result.stdout for i in ids)


def test_jq_filters_the_json(cli: Cli) -> None:
    flows = [str(r["id"]) for r in cli.json("reports", "list") if r["bookmark_type"] == "flows"]
    out = cli("reports", "list", "--jq", '.[] | select(.bookmark_type == "flows") | .id').stdout
    assert out.split() == flows
    names = cli("dashboards", "list", "--jq", ".[0].title").stdout.strip()
    assert names and not names.startswith('"')  # strings print raw, as gh --jq does
    bad = cli("reports", "list", "--jq", ".[")
    assert bad.exit_code == 2 and "--jq" in bad.stderr


# -- contexts ---------------------------------------------------------------------------------------------------
@pytest.fixture
def served() -> Iterator[SandboxServer]:
    srv = SandboxServer(Sandbox(seed=3), "127.0.0.1", 0)
    srv.start_in_thread()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_a_context_targets_a_project_without_exporting_variables(cli: Cli, served: SandboxServer) -> None:
    add = cli(
        "context", "add", "dev", "--base-url", served.url, "--project-id", str(DEMO_PROJECT_ID),
        "--username", DEMO_USERNAME, "--secret-env", "DEV_SECRET",
    )  # fmt: skip
    assert add.exit_code == 0, add.output
    stored = (Path(os.environ["MPNB_HOME"]) / "contexts.json").read_text(encoding="utf-8")
    assert DEMO_SECRET not in stored and "DEV_SECRET" in stored
    listed = cli.json("--context", "dev", "inspect", "info", env={"DEV_SECRET": DEMO_SECRET})
    assert listed["kind"] == "url" and served.url in listed["base_url"]
    by_env = cli("reports", "list", "-q", env={"MPNB_CONTEXT": "dev", "DEV_SECRET": DEMO_SECRET})
    assert by_env.exit_code == 0 and by_env.stdout.split() and "local sandbox" not in by_env.stderr
    missing = cli("--context", "dev", "reports", "list")
    assert missing.exit_code == 3 and "DEV_SECRET" in missing.stderr and len(errors_of(missing)) == 1
    unknown = cli("--context", "nope", "reports", "list")
    assert unknown.exit_code == 3 and "dev" in unknown.stderr
    assert cli.json("context", "use", "dev") == {"current": "dev"}
    current = cli("reports", "list", "-q", env={"DEV_SECRET": DEMO_SECRET})
    assert current.exit_code == 0 and "local sandbox" not in current.stderr
    assert [c["name"] for c in cli.json("context", "list") if c["current"]] == ["dev"]
    assert cli.json("context", "remove", "dev") == {"removed": "dev"}
    assert "local sandbox" in cli("reports", "list").stderr


class _FakeKeyring(types.ModuleType):
    """A keyring backend in memory, standing in for the system's."""

    def __init__(self) -> None:
        super().__init__("keyring")
        self.store: dict[tuple[str, str], str] = {}

    def get_keyring(self) -> object:
        return self

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.store[(service, user)] = secret

    def get_password(self, service: str, user: str) -> str | None:
        return self.store.get((service, user))

    def delete_password(self, service: str, user: str) -> None:
        del self.store[(service, user)]


def test_a_context_secret_can_live_in_the_keyring(
    cli: Cli, served: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = _FakeKeyring()
    errors_mod = types.ModuleType("keyring.errors")
    errors_mod.KeyringError = RuntimeError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", ring)
    monkeypatch.setitem(sys.modules, "keyring.errors", errors_mod)
    add = cli(
        "context", "add", "kr", "--base-url", served.url, "--project-id", str(DEMO_PROJECT_ID),
        "--username", DEMO_USERNAME, "--secret-stdin", input=DEMO_SECRET + "\n",
    )  # fmt: skip
    assert add.exit_code == 0, add.output
    assert ring.store == {("mpnb", "kr:service_account"): DEMO_SECRET}
    assert DEMO_SECRET not in (Path(os.environ["MPNB_HOME"]) / "contexts.json").read_text(encoding="utf-8")
    assert cli("--context", "kr", "dashboards", "list", "-q").exit_code == 0
    cli("context", "remove", "kr")
    assert ring.store == {}


def test_a_context_refuses_credentials_in_its_url(cli: Cli) -> None:
    bad = cli("context", "add", "x", "--base-url", "https://u:pw@proxy.example", "--project-id", "1", "--oauth")
    assert bad.exit_code == 3 and "pw" not in bad.stderr.replace("password", "")
