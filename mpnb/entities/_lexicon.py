"""What the data-dictionary families share: name checks, resource types, the Lexicon's list reads.

Events and properties are known by their names (a property by its name and resource type): names travel in
query strings and JSON bodies, never in a URL path, so they are checked here rather than as path segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from mpnb._http import Http, Op, objects_of
from mpnb.errors import InputError

__all__ = [
    "NAME_MAX",
    "QUERY_MAX_CHARS",
    "RESOURCE_TYPES",
    "ResourceType",
    "check_name",
    "check_names",
    "check_resource_type",
    "name_chunks",
    "read_lexicon",
]

NAME_MAX = 255  # Mixpanel's limit on event and property names
QUERY_MAX_CHARS = 6_000  # names per list request: the query text stays well within what servers accept
ResourceType = Literal["Event", "User"]
RESOURCE_TYPES: tuple[str, ...] = ("Event", "User")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} characters)"


def check_name(value: Any, field: str) -> str:
    """An event, property or tag name as Mixpanel stores it: text, not blank, at most 255 printable characters.

    The name is kept exactly (spaces included): ``"Add to Cart"`` and ``"Add to Cart "`` are two events.
    """
    if not isinstance(value, str):
        raise InputError(f"{field} must be a name (text), got {_shown(value)}", field=field)
    if not value.strip():
        raise InputError(f"{field} must not be empty or blank", field=field)
    if len(value) > NAME_MAX:
        raise InputError(f"{field} is longer than {NAME_MAX} characters ({len(value)})", field=field)
    if not value.isprintable():
        raise InputError(f"{field} holds a control character (a newline, tab or NUL): {_shown(value)}", field=field)
    return value


def check_names(values: Any, field: str) -> list[str]:
    """A list of names (any iterable but a string or a dict), each checked; duplicates kept once."""
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise InputError(f"{field} must be a list of names, got {_shown(values)}", field=field)
    return list(dict.fromkeys(check_name(v, f"{field}[{i}]") for i, v in enumerate(values)))


def check_resource_type(value: Any, field: str = "resource_type") -> str:
    """``"Event"`` or ``"User"`` (any case): the capitalised value the data-definitions API takes."""
    if isinstance(value, str):
        for kind in RESOURCE_TYPES:
            if value.strip().lower() == kind.lower():
                return kind
    raise InputError(f"{field} must be 'Event' or 'User', got {_shown(value)}", field=field)


def name_chunks(names: list[str], max_chars: int = QUERY_MAX_CHARS) -> Iterator[list[str]]:
    """``names`` in runs whose query text (``name[]=...`` each) stays within ``max_chars``."""
    run: list[str] = []
    size = 0
    for name in names:
        n = len(name) * 3 + 12  # percent-encoded at worst, plus "name%5B%5D=&"
        if run and size + n > max_chars:
            yield run
            run, size = [], 0
        run.append(name)
        size += n
    if run:
        yield run


def read_lexicon(http: Http, op: Op, query: dict[str, Any], names: list[str] | None = None) -> list[dict[str, Any]]:
    """A data-definitions list call; with ``names``, as many calls as their query text needs."""
    if names is None:
        return objects_of(http.call(op, params=query), op.name)
    out: list[dict[str, Any]] = []
    for chunk in name_chunks(names):
        out += objects_of(http.call(op, params={**query, "name[]": chunk}), op.name)
    return out
