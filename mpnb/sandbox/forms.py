"""What the data dictionary's endpoints send that the others do not: a query key repeated (``name[]=a&name[]=b``)
and a form-encoded body (custom event creation takes no JSON)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl

from mpnb.sandbox.router import SandboxError

__all__ = ["Query", "form_of", "query_of"]

# A query as a mapping, or its (key, value) pairs in order when a key repeats.
Query = Mapping[str, str] | Sequence[tuple[str, str]]
_FORM = "application/x-www-form-urlencoded"


def query_of(query: Query) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The query as one value per key (the last), and every value of each key in order."""
    pairs = list(query.items()) if isinstance(query, Mapping) else [(str(k), str(v)) for k, v in query]
    multi: dict[str, list[str]] = {}
    for key, value in pairs:
        multi.setdefault(key, []).append(value)
    return dict(pairs), multi


def form_of(headers: Mapping[str, str], body: bytes) -> dict[str, str] | None:
    """A form-encoded body as a dict (the last value of a repeated field); None when the body is not a form."""
    kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if kind.split(";")[0].strip().lower() != _FORM:
        return None
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body)))
    except (UnicodeDecodeError, ValueError):
        raise SandboxError(400, "Request body is not a valid form") from None
