"""How a plan shows itself to a person: a per-action and per-field summary first, then samples of every
field and action (each row named, typed, and for deletes placed on its board with views and last change),
then "N more" (never a silent cut). The text, the HTML, PlanView and the CLI all read from here; the full
plan goes to ``plan.to_frame()`` / ``plan.to_csv(path)``. Sizes stay bounded whatever the plan's size.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from mpnb.frames._changes import Change
    from mpnb.frames._plandata import PlanData as Plan

__all__ = [
    "PLAN_COLUMNS",
    "SAMPLE",
    "action_words",
    "entity_info",
    "plan_csv",
    "plan_frame",
    "plan_html",
    "plan_summary",
    "plan_text",
    "results_text",
]

SAMPLE = 8  # rows shown per field (updates) and per action (deletes, creates, conflicts, invalid)
PLAN_COLUMNS = ["action", "id", "type", "name", "field", "before", "after", "conflict", "server"]
PLAN_COLUMNS += ["board", "views", "modified", "detail"]
_NOUN_FIELDS = {"name", "description", "title", "tag", "url", "key", "hypothesis"}


def _n(count: int) -> str:
    return f"{count:,}"


def _short(v: Any, width: int = 48) -> str:
    if v is None or v == "":
        return "(empty)"
    text = json.dumps(v, default=str, separators=(",", ":")) if isinstance(v, (dict, list)) else str(v)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _singular(family: str, n: int = 1) -> str:
    return family if n != 1 else family.removesuffix("s")


def entity_info(plan: Plan, rid: Any) -> dict[str, Any]:
    """Name/title, type, board, views and last change of one entity, from the plan's fresh read."""
    rec = plan.fresh.get(rid) or {}
    name = rec.get("name") or rec.get("title") or rec.get("key") or rec.get("description") or ""
    kind = rec.get("type") or rec.get("bookmark_type") or _singular(plan.family)
    views = rec.get("total_view_count")
    mod = plan.spec.modified
    modified = rec.get(mod) if mod else None
    return {
        "name": str(name),
        "type": str(kind),
        "board": rec.get("dashboard_id"),
        "views": views,
        "modified": str(modified)[:10] if modified else None,
    }


def _by_field(changes: list[Change]) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = {}
    for ch in changes:
        out.setdefault(ch.field, []).append(ch)
    return dict(sorted(out.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _field_counts(plan: Plan) -> list[tuple[str, int]]:
    """Changed fields, most changed first (ties by name, so the order is stable)."""
    return sorted(Counter(ch.field for ch in plan.changes).items(), key=lambda kv: (-kv[1], kv[0]))


def plan_summary(plan: Plan) -> str:
    """One line: "3,255 updates: name 1,751, description 1,504; 4,246 deletes" (what happens, counted)."""
    parts: list[str] = []
    if plan.updates:
        per = ", ".join(f"{f} {_n(n)}" for f, n in _field_counts(plan))
        parts.append(f"{_n(len(plan.updates))} update{'s' * (len(plan.updates) != 1)}: {per}")
    c = plan.counts()
    for key in ("delete", "archive", "create"):
        if c[key]:
            parts.append(f"{_n(c[key])} {key}{'s' * (c[key] != 1)}")
    if c["conflict"]:
        parts.append(
            f"{_n(c['conflict'])} conflict{'s' * (c['conflict'] != 1)} ({'sent' if plan.overwrite else 'not sent'})"
        )
    if c["invalid"]:
        parts.append(f"{_n(c['invalid'])} invalid (not sent)")
    return "; ".join(parts) if parts else "no changes"


def action_words(plan: Plan) -> str:
    """What Apply does, in words: "delete 22 reports, update 10 descriptions" (for confirmations)."""
    fam = plan.family
    words: list[str] = []
    c = plan.counts()
    if c["delete"]:
        words.append(f"delete {_n(c['delete'])} {_singular(fam, c['delete'])}")
    if c["archive"]:
        words.append(f"archive {_n(c['archive'])} {_singular(fam, c['archive'])}")
    for f, n in _field_counts(plan):
        plural = "s" * (n != 1)
        words.append(
            f"update {_n(n)} {f}{plural}" if f in _NOUN_FIELDS else f"update {f} on {_n(n)} {_singular(fam, n)}"
        )
    if c["create"]:
        words.append(f"create {_n(c['create'])} {_singular(fam, c['create'])}")
    return ", ".join(words) if words else "nothing"


def _header(plan: Plan) -> list[str]:
    lines = [
        f"Plan for {plan.family} on {plan.target}: {plan_summary(plan)}",
        f"  applying takes {_n(plan.requests())} requests (the fresh read took {plan.fresh_requests})",
    ]
    lines += [f"  note: {n}" for n in plan.notes[:SAMPLE]]
    if len(plan.notes) > SAMPLE:
        lines.append(f"  ... {_n(len(plan.notes) - SAMPLE)} more notes")
    for fam, records in plan.cascades.items():
        names = ", ".join(f"{r.get('id')} {r.get('name') or r.get('title') or ''}".strip() for r in records[:SAMPLE])
        more = f" and {_n(len(records) - SAMPLE)} more" if len(records) > SAMPLE else ""
        lines.append(f"  deleting also removes {_n(len(records))} {fam}: {names}{more}")
    if any(d.action == "delete" for d in plan.deletes):
        lost = ", ".join(plan.spec.lost_on_restore)
        lines.append(f"  a backup is written first; a restore brings them back without: {lost}")
    return lines


def _more(n: int, what: str) -> str:
    return f"... {_n(n)} more {what} (plan.to_frame() or plan.to_csv(path) has them all)"


def _change_row(plan: Plan, ch: Change) -> dict[str, Any]:
    info = entity_info(plan, ch.id)
    return {"id": ch.id, "type": info["type"], "name": info["name"], "before": ch.before, "after": ch.after}


def plan_text(plan: Plan) -> str:
    lines = _header(plan)
    for f, chs in _by_field(plan.changes).items():
        lines.append(f"  update {f} ({_n(len(chs))}):")
        for ch in chs[:SAMPLE]:
            r = _change_row(plan, ch)
            lines.append(
                f"    {ch.id!s:>10}  {r['type']:<9} {_short(r['name'], 30):<30}  "
                f"{_short(ch.before)} -> {_short(ch.after)}"
            )
        if len(chs) > SAMPLE:
            lines.append("    " + _more(len(chs) - SAMPLE, f"{f} updates"))
    for action in ("delete", "archive"):
        rows = [d for d in plan.deletes if d.action == action]
        if not rows:
            continue
        lines.append(f"  {action} ({_n(len(rows))}):")
        for d in rows[:SAMPLE]:
            i = entity_info(plan, d.id)
            where = []
            if i["board"] is not None:
                where.append(f"board {i['board']}")
            if i["views"] is not None:
                where.append(f"{_n(int(i['views']))} views")
            if i["modified"]:
                where.append(f"modified {i['modified']}")
            lines.append(f"    {d.id!s:>10}  {i['type']:<9} {_short(i['name'], 30):<30}  {', '.join(where)}")
        if len(rows) > SAMPLE:
            lines.append("    " + _more(len(rows) - SAMPLE, f"{action}s"))
    if plan.creates:
        lines.append(f"  create ({_n(len(plan.creates))}):")
        for cr in plan.creates[:SAMPLE]:
            lines.append(f"    {'(new)':>10}  {_short(cr.fields, 80)}")
        if len(plan.creates) > SAMPLE:
            lines.append("    " + _more(len(plan.creates) - SAMPLE, "creates"))
    if plan.conflicts:
        verb = "OVERWRITTEN (overwrite=True)" if plan.overwrite else "skipped; pass overwrite=True to force"
        lines.append(f"  conflicts ({verb}): the server changed these since the frame was read")
        for ch in plan.conflicts[:SAMPLE]:
            lines.append(
                f"    {ch.id!s:>10}  {ch.field:<14} yours {_short(ch.after)}, server {_short(ch.server)}, "
                f"read {_short(ch.before)}"
            )
        if len(plan.conflicts) > SAMPLE:
            lines.append("    " + _more(len(plan.conflicts) - SAMPLE, "conflicts"))
    invalid = list(plan.invalid.items())
    if invalid:
        lines.append(f"  invalid, not sent ({_n(len(invalid))}):")
        lines += [f"    {rid!s:>10}  {msg}" for rid, msg in invalid[:SAMPLE]]
        if len(invalid) > SAMPLE:
            lines.append("    " + _more(len(invalid) - SAMPLE, "invalid rows"))
    return "\n".join(lines)


_ROW_STYLE = {"delete": "color:#b00", "archive": "color:#9a6700", "create": "color:#060", "conflict": "background:#fee"}


def plan_html(plan: Plan, *, header: bool = True) -> str:
    """The plan as bounded HTML: the same summary and samples as the text, as a before/after table.

    ``header=False`` leaves out the summary lines but the notes and the restore warning (PlanView shows them).
    """
    e = html.escape
    lines = _header(plan) if header else ([] if plan.is_empty else _header(plan)[1:])
    head = "".join(f"<div>{e(line.strip())}</div>" for line in lines)
    body: list[str] = []

    def row(action: str, rid: Any, kind: str, name: str, fld: str, before: str, after: str) -> None:
        style = _ROW_STYLE.get(action, "")
        body.append(
            f"<tr style='{style}'><td>{e(action)}</td><td>{e(str(rid))}</td><td>{e(kind)}</td>"
            f"<td>{e(_short(name, 40))}</td><td>{e(fld)}</td><td>{e(before)}</td><td>{e(after)}</td></tr>"
        )

    def more(n: int, what: str) -> None:
        body.append(f"<tr><td colspan='7'><i>{e(_more(n, what))}</i></td></tr>")

    for f, chs in _by_field(plan.changes).items():
        for ch in chs[:SAMPLE]:
            r = _change_row(plan, ch)
            row("update", ch.id, r["type"], r["name"], f, _short(ch.before), _short(ch.after))
        if len(chs) > SAMPLE:
            more(len(chs) - SAMPLE, f"{f} updates")
    for action in ("delete", "archive"):
        rows = [d for d in plan.deletes if d.action == action]
        for d in rows[:SAMPLE]:
            i = entity_info(plan, d.id)
            where = ", ".join(
                p
                for p in (
                    f"board {i['board']}" if i["board"] is not None else "",
                    f"{_n(int(i['views']))} views" if i["views"] is not None else "",
                    f"modified {i['modified']}" if i["modified"] else "",
                )
                if p
            )
            row(action, d.id, i["type"], i["name"], "", where, "")
        if len(rows) > SAMPLE:
            more(len(rows) - SAMPLE, f"{action}s")
    for cr in plan.creates[:SAMPLE]:
        row("create", "(new)", _singular(plan.family), str(cr.fields.get("name") or ""), "", "", _short(cr.fields, 80))
    if len(plan.creates) > SAMPLE:
        more(len(plan.creates) - SAMPLE, "creates")
    for ch in plan.conflicts[:SAMPLE]:
        r = _change_row(plan, ch)
        after = f"{_short(ch.after)} (server: {_short(ch.server)})"
        row("conflict", ch.id, r["type"], r["name"], ch.field, _short(ch.before), after)
    if len(plan.conflicts) > SAMPLE:
        more(len(plan.conflicts) - SAMPLE, "conflicts")
    for rid, msg in list(plan.invalid.items())[:SAMPLE]:
        row("invalid", rid, "", "", "", "", msg)
    if len(plan.invalid) > SAMPLE:
        more(len(plan.invalid) - SAMPLE, "invalid rows")
    cols = "".join(f"<th>{c}</th>" for c in ("action", "id", "type", "name", "field", "before", "after"))
    css = (
        "<style>.mpnb-plan td,.mpnb-plan th{padding:2px 8px;text-align:left;vertical-align:top}"
        ".mpnb-plan thead th{border-bottom:1px solid #d0d7de}</style>"
    )
    table = f"<table><thead><tr>{cols}</tr></thead><tbody>{''.join(body)}</tbody></table>" if body else ""
    return f"<div class='mpnb-plan'>{css if body else ''}<b>{head}</b>{table}</div>"


def plan_frame(plan: Plan) -> pd.DataFrame:
    """Every row of the plan: updates (one per field), deletes/archives, creates, conflicts and invalid rows."""
    import pandas as pd

    rows: list[dict[str, Any]] = []

    def add(action: str, rid: Any, **extra: Any) -> None:
        info = entity_info(plan, rid) if rid is not None else {}
        rows.append({"action": action, "id": rid, **{k: info.get(k) for k in ("type", "name")}, **extra})

    for ch in plan.changes:
        add("update", ch.id, field=ch.field, before=ch.before, after=ch.after)
    for d in plan.deletes:
        info = entity_info(plan, d.id)
        add(d.action, d.id, board=info["board"], views=info["views"], modified=info["modified"])
    for cr in plan.creates:
        rows.append(
            {"action": "create", "type": _singular(plan.family), "name": cr.fields.get("name"), "after": cr.fields}
        )
    for ch in plan.conflicts:
        add("conflict", ch.id, field=ch.field, before=ch.before, after=ch.after, conflict=True, server=ch.server)
    for rid, msg in plan.invalid.items():
        rows.append({"action": "invalid", "id": rid, "detail": msg})
    out: pd.DataFrame = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    out["conflict"] = out["action"].eq("conflict")
    return out


def plan_csv(plan: Plan, path: str | os.PathLike[str]) -> str:
    """Write the full plan (``plan_frame``) as CSV, nested values as JSON; returns the path written."""
    df = plan_frame(plan)
    for col in ("before", "after"):
        df[col] = [json.dumps(v, default=str) if isinstance(v, (dict, list)) else v for v in df[col]]
    df.to_csv(path, index=False)
    return os.fspath(path)


def results_text(result: pd.DataFrame, target: str = "") -> str:
    """One line of counts per action and status: "Applied to SANDBOX: 10 updated, 22 deleted, 1 error"."""
    if not len(result):
        return f"Applied to {target}: no rows." if target else "no rows"
    done = {"update": "updated", "delete": "deleted", "archive": "archived", "create": "created"}
    parts: list[str] = []
    ok = result[result["status"] == "ok"]
    for action, n in ok["action"].value_counts(sort=False).items():
        parts.append(f"{_n(int(n))} {done.get(str(action), str(action))}")
    for status, n in result.loc[result["status"] != "ok", "status"].value_counts(sort=False).items():
        parts.append(f"{_n(int(n))} {status}")
    where = f"Applied to {target}: " if target else ""
    return where + ", ".join(parts) + "."
