"""Parsing answers: ``loads`` is ``json.loads`` with less memory for a big list of records.

Kept apart from the HTTP layer so the parser can be read and tested on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator
from typing import Any

__all__ = ["iter_records", "loads"]

# Big list answers are parsed a chunk of records at a time (see ``loads``).
_CHUNK = 1 << 20
_CHUNKED_MIN = 4 * _CHUNK
_MAX_MISSES = 8
# ``[`` or ``{"results": [`` or ``{"status": "ok", "results": [``, then the first record's ``{"key":``
_HEAD = re.compile(rb'(\s*(?:\{\s*(?:"status"\s*:\s*"ok"\s*,\s*)?"results"\s*:\s*)?)\[\s*(\{\s*"[^"\\]*"\s*:)')


def loads(content: bytes) -> Any:
    """``json.loads(content)``, with less memory for a big list of records.

    ``json.loads`` of bytes first decodes them into one str as large as the answer (21 MB for 20,000
    reports), alive until the last record is parsed. Here a big answer whose records are one list (bare or
    the envelope's ``results``) is decoded and parsed about a megabyte of records at a time. A chunk ends
    before a ``}, {"<first key>":`` and must parse as a list of whole values, which it does only when the
    cut falls between two records; otherwise a later cut is tried. Anything unexpected parses it whole.
    """
    if len(content) >= _CHUNKED_MIN:
        try:
            out = _loads_chunked(content)
        except ValueError:
            out = None
        if out is not None:
            return out
    return json.loads(content)


def iter_records(content: bytes) -> Iterator[Any]:
    """The records of a list answer (bare, or the envelope's ``results``), a chunk at a time: a big answer
    is never held as one list of parsed records, so a printer can let each go as soon as it is written.
    Anything else is parsed whole (and its ``results`` list, or the list itself, iterated)."""
    chunks = _chunks(content) if len(content) >= _CHUNKED_MIN else None
    if chunks is None:
        data = json.loads(content)
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        yield from data if isinstance(data, list) else [data]
        return
    for part in chunks:
        yield from part


def _chunks(content: bytes) -> Generator[list[Any], None, str] | None:
    """Lists of records, about a megabyte of answer each; ``None`` when the answer has another shape."""
    head = _HEAD.match(content)
    if head is None:
        return None
    return _chunk_parts(content, head)


def _chunk_parts(content: bytes, head: re.Match[bytes]) -> Generator[list[Any], None, str]:
    """The list's records, about a megabyte of answer a part; returns the text after the list (whitespace,
    or the envelope's closing). A cut may fall inside a record (a nested object with the same first key):
    then a later one is tried; if that keeps happening, the rest is parsed in one go."""
    cuts = re.compile(rb"\}\s*,\s*" + re.escape(head.group(2)))
    view = memoryview(content)
    pos = head.start(2)
    target = pos + _CHUNK
    misses = 0
    while target < len(content):
        cut = cuts.search(content, target)
        if cut is None:
            break
        try:
            part = json.loads("[" + str(view[pos : cut.start() + 1], "utf-8") + "]")
        except ValueError:
            misses += 1
            if misses > _MAX_MISSES:
                break
            target = cut.end()
            continue
        yield part
        pos = cut.end() - len(head.group(2))
        target = pos + _CHUNK
    text = "[" + str(view[pos:], "utf-8")
    tail, end = json.JSONDecoder().raw_decode(text)
    yield tail
    return text[end:]


def _loads_chunked(content: bytes) -> Any:
    head = _HEAD.match(content)
    if head is None:
        return None
    records: list[Any] = []
    parts = _chunk_parts(content, head)
    while True:
        try:
            records.extend(next(parts))
        except StopIteration as done:
            rest: str = done.value
            break
    if '"results"' in rest:
        return None
    outer = json.loads(head.group(1).decode() + "[]" + rest)
    if outer == []:
        return records
    if isinstance(outer, dict) and outer.get("results") == []:
        outer["results"] = records
        return outer
    return None
