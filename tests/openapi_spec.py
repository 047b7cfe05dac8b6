"""Mixpanel's official OpenAPI specs as JSON-schema validators, vendored in ``specs/mixpanel-openapi``.

Imports no mpnb module, so raw sandbox tests may use it. The specs are part of the repository, so these
checks run in every clone; a missing spec is a failure, never a skip.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

SPEC_DIR = Path(__file__).resolve().parents[1] / "specs" / "mixpanel-openapi"


@functools.cache
def _spec(name: str) -> dict[str, Any] | None:
    path = SPEC_DIR / name
    assert path.is_file(), f"vendored spec missing: {path}"
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _validator(name: str, schema: dict[str, Any]) -> Any:
    import jsonschema

    spec = _spec(name)
    assert spec is not None
    return jsonschema.Draft7Validator({**schema, "components": spec["components"]})


def _operation(name: str, path: str, verb: str) -> dict[str, Any]:
    spec = _spec(name)
    assert spec is not None
    op: dict[str, Any] = spec["paths"][path][verb.lower()]
    return op


def response_validator(name: str, path: str, verb: str, status: int) -> Any:
    """A validator for the JSON answer the spec documents for ``verb path`` with ``status``."""
    schema = _operation(name, path, verb)["responses"][str(status)]["content"]["application/json"]["schema"]
    return _validator(name, schema)


def request_validator(name: str, path: str, verb: str) -> Any:
    """A validator for the JSON request body the spec documents for ``verb path``."""
    schema = _operation(name, path, verb)["requestBody"]["content"]["application/json"]["schema"]
    return _validator(name, schema)


def documented_status(name: str, path: str, verb: str) -> set[int]:
    """The success statuses the spec lists for ``verb path``."""
    return {int(s) for s in _operation(name, path, verb)["responses"] if str(s).startswith("2")}
