"""CLI fixtures: a CliRunner whose commands share the file-backed sandbox under the test's MPNB_HOME."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mpnb.cli import main


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    def json(self, *args: str, **kw: Any) -> Any:
        result = self(*args, **kw)
        assert result.exit_code == 0, result.output + (result.stderr if result.stderr_bytes else "")
        return json.loads(result.stdout)


def errors_of(result: Result) -> list[str]:
    """stderr without the one-line notice that the sandbox is in use."""
    return [line for line in result.stderr.splitlines() if not line.startswith("mpnb: no MP_* credentials")]


@pytest.fixture
def cli() -> Cli:
    return Cli()
