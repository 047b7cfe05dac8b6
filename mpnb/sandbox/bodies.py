"""What the sandbox accepts before any handler sees a request: JSON it can hold, ids it can store.

Python's JSON parser, ``copy.deepcopy`` and the encoder recurse, and so fail, somewhere past a thousand
levels of nesting; SQLite holds 64-bit integers. Past these limits the sandbox answers 400 in Mixpanel's
error shape instead of failing inside a handler (a traceback, a dropped connection, a half-made record).
``MAX_DEPTH`` is the sandbox's own choice: Mixpanel publishes no limit (see docs/unverified.md).
"""

from __future__ import annotations

import json
import re
from array import array
from itertools import accumulate
from typing import Any

from mpnb.sandbox.router import SandboxError

__all__ = ["MAX_DEPTH", "MAX_ID", "check_path", "deeper_than", "parse_json"]

MAX_DEPTH = 100  # levels of arrays and objects in a request body (or a JSON string inside one)
MAX_ID = 2**63 - 1  # the largest integer id SQLite (and so the sandbox) can store
_NUMBER = re.compile(r"-?[0-9]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # read as signed bytes: +1, +1, -1, -1
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))


def deeper_than(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the arrays and objects of the JSON text ``raw`` nest more than ``limit`` deep, read from the
    text (no parse, no recursion): brackets inside strings are dropped, then the deepest running count of
    open brackets is compared. About half a parse's time; nothing for a body with few brackets."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    if b'"' in raw:  # drop escaped backslashes, then escaped quotes: what is left of '"' delimits strings
        raw = b"".join(raw.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[::2])
    steps = array("b", raw.translate(_STEPS, _NOT_BRACKETS))  # +1 for an opening bracket, -1 for a closing one
    return max(accumulate(steps), default=0) > limit


def parse_json(raw: bytes | str, what: str = "Request body") -> Any:
    """``raw`` parsed, or a 400 naming ``what``: nested too deep, not JSON, or a number too long to read."""
    if deeper_than(raw.encode() if isinstance(raw, str) else raw):
        raise SandboxError(400, f"{what} is nested more than {MAX_DEPTH} levels deep (the sandbox's limit)")
    try:
        return json.loads(raw)
    except ValueError as exc:
        if "digits" in str(exc):  # int('9' * 5000): Python refuses to convert numbers that long
            raise SandboxError(400, f"{what} holds a number too long to be a value (over 4300 digits)") from None
        raise SandboxError(400, f"{what} is not valid JSON") from None


def check_path(path: str) -> None:
    """A 400 for a path segment of digits that no stored id can equal (they are 64-bit integers)."""
    for segment in path.split("/"):
        digits = segment.removeprefix("-")
        if _NUMBER.fullmatch(segment) and (len(digits) > 19 or int(digits) > MAX_ID):
            shown = segment if len(segment) <= 24 else f"{segment[:12]}...{segment[-6:]} ({len(segment)} digits)"
            raise SandboxError(400, f"{shown} is not a valid id: ids are integers up to {MAX_ID}")
