"""What the data dictionary's rules share: where each event and property is used, name keys for near
duplicates, naming conventions, and what looks like personal data.

"Used" means named by a record of a family whose registry entry declares a reference to events or properties
(a custom event's events, a drop filter's event, a custom property's formula; reports, cohorts and flags once
they declare theirs, built on ``mpnb.entities._lexicon_refs``). Mixpanel's API shows no other use, so an event
only a dashboard's text or an external query names counts as unused.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mpnb._families import REGISTRY
from mpnb.audit._core import AuditContext
from mpnb.errors import InputError, NotFoundError, PermissionDeniedError
from mpnb.frames import plain

__all__ = [
    "CONVENTIONS",
    "Usage",
    "check_convention",
    "in_convention",
    "looks_personal",
    "name_key",
    "records_of",
    "styled",
    "usage",
]

EVENTS, PROPERTIES = "events", "properties"  # the two families whose uses are counted


@dataclass
class Usage:
    """Where each event and each property (by name) is used: name -> the family -> ids using it."""

    events: dict[str, dict[str, set[Any]]] = field(default_factory=dict)
    properties: dict[str, dict[str, set[Any]]] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)  # the families read (a refused one is left out)

    def of_event(self, name: str) -> dict[str, list[Any]]:
        return {fam: sorted(ids, key=str) for fam, ids in self.events.get(name, {}).items()}

    def of_property(self, name: str) -> dict[str, list[Any]]:
        return {fam: sorted(ids, key=str) for fam, ids in self.properties.get(name, {}).items()}

    def event_count(self, name: str) -> int:
        return sum(len(ids) for ids in self.events.get(name, {}).values())

    def property_count(self, name: str) -> int:
        return sum(len(ids) for ids in self.properties.get(name, {}).values())


def records_of(ctx: AuditContext, family: str) -> list[tuple[Any, dict[str, Any]]]:
    """(id, raw record) of each row of the family's frame: the audit's one read, as the server sent it."""
    ids = ctx.frame(family).index
    snapshot = getattr(ctx.ws, family).snapshot()  # the frames layer's ``ws.<family>``, kept by that read
    return [(plain(i), snapshot.get(plain(i), {})) for i in ids]


def usage(ctx: AuditContext) -> Usage:
    """Every use of events and properties the registry's declared references show, one read per family."""
    if "dictionary usage" in ctx.cache:
        found: Usage = ctx.cache["dictionary usage"]
        return found
    out = Usage()
    for target, table in ((EVENTS, out.events), (PROPERTIES, out.properties)):
        for fam, ref in REGISTRY.referencing(target):
            try:
                rows = records_of(ctx, fam.name)
            except (PermissionDeniedError, NotFoundError):
                continue
            if fam.name not in out.read:
                out.read.append(fam.name)
            for rid, record in rows:
                for value in ref.find(record):
                    if isinstance(value, str):
                        table.setdefault(value, {}).setdefault(fam.name, set()).add(rid)
    ctx.cache["dictionary usage"] = out
    return out


# -- names -------------------------------------------------------------------------------------------------
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\s_\-.:/]+")


def words_of(name: str) -> list[str]:
    """A name's words, whatever its style: ``addToCart``, ``add_to_cart`` and ``Add to Cart`` give the same."""
    text = _CAMEL.sub(" ", name.strip().lstrip("$"))
    return [w.lower() for w in _SEPARATORS.split(text) if w]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def name_key(name: str) -> str:
    """What near-duplicate names share: case, separators, camelCase and plurals ignored (``signup`` = ``Sign Up``)."""
    return "".join(_singular(w) for w in words_of(name))


# -- conventions -------------------------------------------------------------------------------------------
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs", "with"}
CONVENTIONS: dict[str, re.Pattern[str]] = {
    "snake_case": re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*"),
    "camelCase": re.compile(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)*"),
    "Title Case": re.compile(r"[A-Z0-9][^\s]*( [^\s]+)*"),
}


def check_convention(convention: str, field: str) -> re.Pattern[str] | None:
    """The pattern of ``convention`` (a named style or a regular expression); None when none is stated."""
    text = convention.strip()
    if not text:
        return None
    if text in CONVENTIONS:
        return CONVENTIONS[text]
    try:
        return re.compile(text)
    except re.error as exc:
        raise InputError(
            f"{field}: {text!r} is neither snake_case, camelCase, Title Case nor a valid regular expression ({exc})",
            field=field,
        ) from None


def in_convention(name: str, convention: str, pattern: re.Pattern[str]) -> bool:
    if pattern.fullmatch(name) is None:
        return False
    if convention.strip() == "Title Case":
        words = name.split(" ")
        return all(w[:1].isupper() or w[:1].isdigit() or (i and w in _SMALL) for i, w in enumerate(words))
    return True


def styled(name: str, convention: str) -> str | None:
    """``name`` written in a named style (a display name that follows the convention); None for a regex."""
    words = words_of(name)
    if not words:
        return None
    style = convention.strip()
    if style == "snake_case":
        return "_".join(words)
    if style == "camelCase":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == "Title Case":
        return " ".join(w if (i and w in _SMALL) else w.capitalize() for i, w in enumerate(words))
    return None


# -- personal data -------------------------------------------------------------------------------------------
_PERSONAL_WORDS = {
    "email", "mail", "phone", "mobile", "telephone", "ip", "address", "street", "zip", "zipcode", "postal",
    "postcode", "ssn", "dob", "birthday", "birthdate", "passport", "iban", "surname", "lastname", "firstname",
    "fullname", "password", "geolocation", "latitude", "longitude",
}  # fmt: skip
_PERSONAL_PAIRS = {("first", "name"), ("last", "name"), ("full", "name"), ("credit", "card"), ("card", "number"),
                   ("social", "security"), ("of", "birth"), ("home", "address")}  # fmt: skip
_PERSONAL_NAMES = {"$name", "$email", "$phone", "$ip"}


def looks_personal(name: str) -> str | None:
    """The word that makes a property name look like personal data (``email``, ``phone``, ...), or None."""
    if name in _PERSONAL_NAMES:
        return name.lstrip("$")
    words = words_of(name)
    for w in words:
        if w in _PERSONAL_WORDS:
            return w
    for pair in itertools.pairwise(words):
        if pair in _PERSONAL_PAIRS:
            return " ".join(pair)
    return None


def evidence_of_use(uses: dict[str, list[Any]], shown: int = 10) -> dict[str, Any]:
    """Uses as evidence: counts by family, and the first few ids of each."""
    return {f"used_by_{fam}": ids[:shown] for fam, ids in uses.items()}


def named(df: pd.DataFrame, column: str = "event") -> pd.DataFrame:
    """The frame with its index (the name) as a column too, for findings' ``name``."""
    out: pd.DataFrame = df.copy()
    out[column] = out.index.astype(object)
    return out


def mask_of(df: pd.DataFrame, keys: Iterable[Any]) -> pd.Series:
    wanted = set(keys)
    return pd.Series([i in wanted for i in df.index], index=df.index)
