"""The read-only checks: credentials, region, project and workspaces, then one list call per family,
checked against mpnb's models and the official specs, plus each family's own few reads.

Everything here is a GET. What goes into the report is shapes: counts, field names, JSON types, statuses.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from mpnb._families import REGISTRY
from mpnb.doctor._cycle import again, error_of
from mpnb.doctor._kit import FamilyDoctor, Raw, Verdict, check, not_tested
from mpnb.doctor._shapes import envelope_of, fields_of, keys_of, model_check
from mpnb.doctor._specs import spec_check
from mpnb.doctor._watch import Watch
from mpnb.errors import APIError, MpnbError

__all__ = ["read_families", "read_project"]

_PAGING_KEYS = re.compile(r"cursor|page|next|has_more|total|offset|limit", re.I)
_REGIONS = ("us", "eu", "in")
_UNKNOWN_PROJECT = 999_999_999
_MAX_INT_ID = 2**63 - 1
_STR_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_ERROR_TYPES = {"validation_error", "not_found", "invalid_state", "duplicate_key", "limit_reached"}


def _error_text(exc: APIError) -> str:
    """The server's own error text (the sandbox's message is rewritten for people; its body is not)."""
    body = exc.details if isinstance(exc.details, dict) else {}
    err = body.get("error")
    return err if isinstance(err, str) else exc.message


def read_project(ws: Any, data: dict[str, Any], verdicts: list[Verdict]) -> bool:
    """Credentials, project and workspaces (one call), the region check; False when nothing more can be read."""
    checks = data["checks"]
    try:
        spaces = again(ws.list_workspaces)
    except APIError as exc:
        checks["credentials"] = {"ok": False, **error_of(exc)}
        return False
    except MpnbError as exc:
        checks["credentials"] = {"ok": False, **error_of(exc)}
        return False
    checks["credentials"] = {"ok": True}
    checks["project"] = {"ok": True, "id": ws.target.project_id}
    checks["workspaces"] = {
        "count": len(spaces),
        "global": sum(1 for w in spaces if w.is_global),
        "default": sum(1 for w in spaces if w.is_default),
        "pinned": ws.workspace_pinned is not None,
    }
    spaces_seen = checks["workspaces"]
    has_flags = all({"is_global", "is_default"} <= w.model_fields_set for w in spaces)
    verdicts.append(
        check(
            "X4",
            "GET /projects/{pid}/workspaces/public answers the workspaces, with is_global / is_default",
            bool(spaces) and has_flags,
            f"{len(spaces)} workspaces ({spaces_seen['global']} global, {spaces_seen['default']} default)",
        )
    )
    verdicts.append(_region(ws, checks))
    return True


def _region(ws: Any, checks: dict[str, Any]) -> Verdict:
    """Ask for the project where it is not: another region's host (real Mixpanel) or an unknown project."""
    claim = "a project asked for on the wrong cluster answers 400 with 'invalid project id for cluster'"
    target = ws.target
    if target.kind == "mixpanel":
        other = next(r for r in _REGIONS if r != target.region)
        probe, where = ws.for_project(target.project_id, region=other), f"region {other}"
    else:
        probe, where = ws.for_project(_UNKNOWN_PROJECT), "an unknown project"
    try:
        again(probe.list_workspaces)
    except APIError as exc:
        said = "invalid project id for cluster" in _error_text(exc).lower()
        checks["region"] = {"ok": True, "asked": where, "answer": exc.status, "text_matches": said}
        return check("X5", claim, said and exc.status == 400, f"{where}: HTTP {exc.status}, text matches: {said}")
    except MpnbError as exc:
        checks["region"] = {"ok": True, "asked": where, **error_of(exc)}
        return not_tested("X5", claim, f"{where}: {type(exc).__name__}")
    finally:
        probe.close()
    checks["region"] = {"ok": True, "asked": where, "answer": 200}
    return check("X5", claim, False, f"{where}: answered 200")


def _ids_verdict(kind: str, ids: dict[str, list[Any]]) -> Verdict | None:
    all_ids = [i for values in ids.values() for i in values]
    names = ", ".join(sorted(ids))
    if kind == "int":
        bad = [i for i in all_ids if isinstance(i, bool) or not isinstance(i, int) or not 0 < i <= _MAX_INT_ID]
        claim, item = "integer ids are JSON integers from 1 to 2^63-1", "V-a"
    elif kind == "uuid":

        def not_uuid(value: Any) -> bool:
            try:
                uuid.UUID(str(value))
            except ValueError:
                return True
            return False

        bad = [i for i in all_ids if not isinstance(i, str) or not_uuid(i)]
        claim, item = "flag and experiment ids are UUIDs", "V-b"
    else:
        bad = [i for i in all_ids if not isinstance(i, str) or not _STR_ID.fullmatch(i)]
        claim, item = "webhook ids are letters, digits, '-' and '_' (at most 128)", "V-c"
    if not all_ids:
        return not_tested(item, claim, f"no {names} to look at")
    return check(item, claim, not bad, f"{len(all_ids) - len(bad)} of {len(all_ids)} ids of {names} fit")


def _paging_keys(body: Any) -> list[str]:
    if not isinstance(body, dict):
        return []
    inner = body.get("pagination")
    keys = [k for k in body if k not in ("status", "results") and _PAGING_KEYS.search(k)]
    return sorted(keys + ([f"pagination.{k}" for k in inner] if isinstance(inner, dict) else []))


def _missing(ws: Any, doc: FamilyDoctor, watch: Watch, verdicts: list[Verdict]) -> tuple[bool | None, str]:
    """Read an id that cannot exist; the error answer's shape (X2) and, where errors carry one, its type."""
    if doc.missing is None:
        return None, "no single read"
    watch.forget()
    try:
        again(lambda: doc.missing(ws))  # type: ignore[misc]
    except APIError as exc:
        body = watch.last_body()
        shape = keys_of(body)
        holds = isinstance(body, dict) and body.get("status") == "error" and "error" in body
        if doc.error_type_item is not None:
            kind = body.get("type") if isinstance(body, dict) else None
            seen = (
                f"{doc.family}: HTTP {exc.status} type {kind!r}" if kind in _ERROR_TYPES else f"{doc.family}: {shape}"
            )
            claim = "flag and experiment errors carry a type (not_found, validation_error, ...)"
            verdicts.append(check(doc.error_type_item, claim, kind in _ERROR_TYPES, seen))
        return holds, f"HTTP {exc.status} {shape}"
    except MpnbError as exc:
        return None, type(exc).__name__
    return False, "answered 2xx"


def _one_family(ws: Any, doc: FamilyDoctor, watch: Watch, verdicts: list[Verdict]) -> tuple[dict[str, Any], Any]:
    fam = REGISTRY.get(doc.family)
    out: dict[str, Any] = {"list": {"ok": False}, "reads": {}}
    watch.forget()
    try:
        records = again(ws.records(fam.name).read_all)
    except MpnbError as exc:
        out["list"] = {"ok": False, **error_of(exc)}
        return out, None
    body = watch.last_body()
    listed: dict[str, Any] = {
        "ok": True,
        "count": len(records),
        "envelope": envelope_of(body),
        "paging_keys": _paging_keys(body),
        "fields": fields_of(records),
        **model_check(fam.model, records),
    }
    if doc.spec is not None:
        listed["spec"] = spec_check(doc.spec, body)
    out["list"] = listed
    if doc.path_item:
        verdicts.append(check(doc.path_item, f"the {fam.name} list answers on the path mpnb uses", True, "HTTP 200"))

    def probe(what: str, fn: Callable[[], Any]) -> Any:
        watch.forget()
        try:
            again(fn)
        except MpnbError as exc:
            out["reads"][what] = {"ok": False, **error_of(exc)}
            return None
        answer = watch.last_body()
        out["reads"][what] = {"ok": True, **envelope_of(answer)}
        return answer

    for read in doc.reads:
        try:
            verdicts.extend(read(ws, records, probe))
        except (MpnbError, KeyError, TypeError, ValueError) as exc:
            out["reads"][getattr(read, "__name__", "read")] = {"ok": False, **error_of(exc)}
    return out, records


def read_families(
    ws: Any, doctors: dict[str, FamilyDoctor], watch: Watch, data: dict[str, Any], verdicts: list[Verdict]
) -> dict[str, list[Raw]]:
    """One list call per family (and each family's own reads); the records, for the leftover count."""
    by_kind: dict[str, dict[str, list[Any]]] = {}
    errors: list[tuple[bool | None, str, str]] = []
    got: dict[str, list[Raw]] = {}
    for fam in REGISTRY:
        doc = doctors[fam.name]
        result, records = _one_family(ws, doc, watch, verdicts)
        data["families"][fam.name] = result
        if records is None:
            data["errors"].append(
                {"where": f"{fam.name} list", **{k: v for k, v in result["list"].items() if k != "ok"}}
            )
            continue
        got[fam.name] = records
        by_kind.setdefault(fam.id_kind, {})[fam.name] = [fam.id_of(r) for r in records]
        holds, seen = _missing(ws, doc, watch, verdicts)
        if seen != "no single read":
            errors.append((holds, fam.name, seen))
    for kind in ("int", "uuid", "str"):
        found = _ids_verdict(kind, by_kind.get(kind, {}))
        if found is not None:
            verdicts.append(found)
    told = [e for e in errors if e[0] is not None]
    claim = 'an error answer is {"status": "error", "error": ...} in every family'
    wrong = [f"{name}: {seen}" for holds, name, seen in told if not holds]
    seen = "; ".join(wrong) if wrong else f"{len(told)} families: " + "; ".join(f"{n} {s}" for _, n, s in told[:2])
    verdicts.append(check("X2", claim, (not wrong) if told else None, seen or "no family could be asked"))
    return got
