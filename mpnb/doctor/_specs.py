"""Mixpanel's official OpenAPI specs (``specs/mixpanel-openapi`` of the checkout) as answer checks.

The specs are read with PyYAML and checked with jsonschema (the ``doctor`` extra: ``pip install -e
'.[doctor]'``; the test extra has both). Without them, or outside a checkout, the spec check says why it
did not run and the rest of the doctor goes on. Errors are told by the rule that failed and where in the
spec, plus field names at the record level; never a value.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections import Counter
from pathlib import Path
from typing import Any

from mpnb.doctor._kit import SpecRef

__all__ = ["SPEC_DIR", "spec_check"]

SPEC_DIR = Path(__file__).resolve().parents[2] / "specs" / "mixpanel-openapi"


def _unavailable() -> str | None:
    missing = [m for m in ("yaml", "jsonschema") if importlib.util.find_spec(m) is None]
    if missing:
        return f"not run: {' and '.join(missing)} not installed (pip install -e '.[doctor]')"
    if not SPEC_DIR.is_dir():
        return "not run: the specs ship with a checkout of mpnb (specs/mixpanel-openapi), not found here"
    return None


@functools.cache
def _spec(file: str) -> dict[str, Any]:
    yaml: Any = importlib.import_module("yaml")  # optional (the doctor extra); no stubs needed
    loaded: dict[str, Any] = yaml.safe_load((SPEC_DIR / file).read_text(encoding="utf-8"))
    return loaded


def _validator(ref: SpecRef) -> Any:
    jsonschema: Any = importlib.import_module("jsonschema")
    spec = _spec(ref.file)
    answer = spec["paths"][ref.path][ref.verb]["responses"][str(ref.status)]["content"]["application/json"]
    root = {**answer["schema"], "components": spec["components"]}
    return jsonschema.Draft202012Validator(root)


def _where(error: Any) -> str:
    """The spec's own words for where an error sits: the schema path (never the data)."""
    parts = [str(p) for p in error.relative_schema_path if not str(p).isdigit()]
    return "/".join(parts[-3:]) or "(answer)"


def _record_level(error: Any) -> bool:
    """The error sits on a record of the list (or the answer itself), not deeper inside a record's values."""
    return len([p for p in error.path if not isinstance(p, int)]) <= 1


def spec_check(ref: SpecRef, body: Any) -> dict[str, Any]:
    """Validate a list answer against its spec: ``{"ran": bool, "errors": {...}, "note": ...}``."""
    why = _unavailable()
    if why is not None:
        return {"ran": False, "note": why}
    try:
        validator = _validator(ref)
    except (KeyError, OSError) as exc:
        return {"ran": False, "note": f"not run: {ref.file} has no {ref.verb.upper()} {ref.path} answer ({exc})"}
    errors: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    for error in validator.iter_errors(body):
        errors[f"{error.validator} at {_where(error)}"] += 1
        if _record_level(error) and isinstance(error.instance, dict):
            if error.validator == "required":
                fields.update(f"missing {n}" for n in error.validator_value if n not in error.instance)
            elif error.validator == "additionalProperties":
                allowed = set(error.schema.get("properties", {}))
                fields.update(f"not in the spec: {k}" for k in error.instance if k not in allowed)
    return {
        "ran": True,
        "schema": f"{ref.file} {ref.verb.upper()} {ref.path} {ref.status}",
        "errors": dict(sorted(errors.items())),
        "fields": dict(sorted(fields.items())),
    }
