"""What the data dictionary's rules share: where each event and property is used, name keys for near
duplicates, naming conventions, and what looks like personal data.

"Used" means named by a report's params, a cohort's definition, a flag's rollout rules, a custom event's
events or a custom property's formula (``mpnb.entities._lexicon_refs`` reads those shapes). Mixpanel's API
shows no other use, so an event only a dashboard's text or an external query names counts as unused.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mpnb.audit._core import AuditContext
from mpnb.entities._lexicon_refs import cohort_refs, flag_refs, report_refs
from mpnb.errors import InputError, NotFoundError, PermissionDeniedError
from mpnb.frames import plain

__all__ = [
    "CONVENTIONS",
    "Usage",
    "check_convention",
    "in_convention",
    "looks_personal",
    "name_key",
    "styled",
    "usage",
]

USES = ("reports", "cohorts", "flags", "custom_events", "custom_properties")


@dataclass
class Usage:
    """Where each event and property is used: name -> the family -> ids using it."""

    events: dict[str, dict[str, set[Any]]] = field(default_factory=dict)
    properties: dict[tuple[str, str], dict[str, set[Any]]] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)  # the families read (a refused one is left out)

    def of_event(self, name: str) -> dict[str, list[Any]]:
        return {fam: sorted(ids, key=str) for fam, ids in self.events.get(name, {}).items()}

    def of_property(self, kind: str, name: str) -> dict[str, list[Any]]:
        return {fam: sorted(ids, key=str) for fam, ids in self.properties.get((kind, name), {}).items()}

    def event_count(self, name: str) -> int:
        return sum(len(ids) for ids in self.events.get(name, {}).values())

    def property_count(self, kind: str, name: str) -> int:
        return sum(len(ids) for ids in self.properties.get((kind, name), {}).values())


def _add(table: dict[Any, dict[str, set[Any]]], key: Any, family: str, eid: Any) -> None:
    table.setdefault(key, {}).setdefault(family, set()).add(plain(eid))


def _frame(ctx: AuditContext, family: str) -> pd.DataFrame | None:
    try:
        return ctx.frame(family)
    except (PermissionDeniedError, NotFoundError):
        return None


def usage(ctx: AuditContext) -> Usage:
    """Every use of events and properties the project's reports, cohorts, flags and custom entities show."""
    if "dictionary usage" in ctx.cache:
        found: Usage = ctx.cache["dictionary usage"]
        return found
    out = Usage()
    for family in USES:
        df = _frame(ctx, family)
        if df is None:
            continue
        out.read.append(family)
        for eid, row in zip(df.index, df.to_dict("records")):
            refs = None
            if family == "reports":
                refs = report_refs(plain(row.get("params")))
            elif family == "cohorts":
                refs = cohort_refs({"selector": plain(row.get("selector")), "behaviors": plain(row.get("behaviors"))})
            elif family == "flags":
                refs = flag_refs(plain(row.get("ruleset")))
            elif family == "custom_events":
                for alt in plain(row.get("alternatives")) or []:
                    if isinstance(alt, dict) and isinstance(alt.get("event"), str):
                        _add(out.events, alt["event"], family, eid)
            else:
                kind = "User" if row.get("resource_type") == "people" else "Event"
                for part in (plain(row.get("composed_properties")) or {}).values():
                    if isinstance(part, dict) and isinstance(part.get("value"), str):
                        _add(out.properties, (_kind(part.get("resourceType"), kind), part["value"]), family, eid)
            if refs is not None:
                for name in refs.events:
                    _add(out.events, name, family, eid)
                for key in refs.properties:
                    _add(out.properties, key, family, eid)
    ctx.cache["dictionary usage"] = out
    return out


def _kind(value: Any, default: str) -> str:
    return {"event": "Event", "user": "User"}.get(str(value).lower(), default) if value else default


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
