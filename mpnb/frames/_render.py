"""How a plan shows itself: the target first, then counts and requests, then id / field / before / after."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mpnb.frames._plan import Plan

__all__ = ["plan_html", "plan_text"]

MAX_ROWS = 40


def _short(v: Any, width: int = 48) -> str:
    text = json.dumps(v, default=str, separators=(",", ":")) if isinstance(v, (dict, list)) else repr(v)
    return text if len(text) <= width else text[: width - 1] + "…"


def _header(plan: Plan) -> list[str]:
    c = plan.counts()
    parts = [f"{n} {k}" for k, n in c.items() if n]
    lines = [
        f"Plan for {plan.family} on {plan.target}",
        "  " + (", ".join(parts) if parts else "no changes"),
        f"  applying takes {plan.requests()} requests (the fresh read took {plan.fresh_requests})",
    ]
    lines += [f"  note: {n}" for n in plan.notes]
    return lines


def _cascade_lines(plan: Plan) -> list[str]:
    out = []
    for fam, records in plan.cascades.items():
        names = ", ".join(f"{r.get('id')} {r.get('name') or r.get('title') or ''}".strip() for r in records[:10])
        more = f" and {len(records) - 10} more" if len(records) > 10 else ""
        out.append(f"  deleting also removes {len(records)} {fam}: {names}{more}")
    return out


def plan_text(plan: Plan) -> str:
    lines = _header(plan) + _cascade_lines(plan)
    if plan.changes:
        lines.append(f"  {'id':>10}  {'field':<22} before -> after")
        for ch in plan.changes[:MAX_ROWS]:
            lines.append(f"  {ch.id!s:>10}  {ch.field:<22} {_short(ch.before)} -> {_short(ch.after)}")
        if len(plan.changes) > MAX_ROWS:
            lines.append(f"  ... {len(plan.changes) - MAX_ROWS} more changes (plan.to_frame() has them all)")
    for d in plan.deletes[:MAX_ROWS]:
        lines.append(f"  {d.id!s:>10}  {d.action.upper()}")
    for cr in plan.creates[:MAX_ROWS]:
        lines.append(f"  {'(new)':>10}  CREATE {_short(cr.fields, 80)}")
    if plan.conflicts:
        verb = "OVERWRITTEN (overwrite=True)" if plan.overwrite else "skipped; pass overwrite=True to force"
        lines.append(f"  conflicts ({verb}): the server changed these since the frame was read")
        for ch in plan.conflicts[:MAX_ROWS]:
            lines.append(
                f"  {ch.id!s:>10}  {ch.field:<22} yours {_short(ch.after)}, server {_short(ch.server)}, "
                f"read {_short(ch.before)}"
            )
    for rid, msg in list(plan.invalid.items())[:MAX_ROWS]:
        lines.append(f"  {rid!s:>10}  INVALID {msg}")
    return "\n".join(lines)


def plan_html(plan: Plan) -> str:
    e = html.escape
    head = "".join(f"<div>{e(line.strip())}</div>" for line in _header(plan) + _cascade_lines(plan))
    body = []
    for ch in plan.changes[:MAX_ROWS]:
        body.append(
            f"<tr><td>{e(str(ch.id))}</td><td>update</td><td>{e(ch.field)}</td>"
            f"<td>{e(_short(ch.before))}</td><td>{e(_short(ch.after))}</td></tr>"
        )
    for d in plan.deletes[:MAX_ROWS]:
        body.append(
            f"<tr style='color:#b00'><td>{e(str(d.id))}</td><td>{d.action}</td><td></td><td></td><td></td></tr>"
        )
    for cr in plan.creates[:MAX_ROWS]:
        body.append(
            f"<tr style='color:#060'><td></td><td>create</td><td></td><td></td><td>{e(_short(cr.fields, 80))}</td></tr>"
        )
    for ch in plan.conflicts[:MAX_ROWS]:
        body.append(
            f"<tr style='background:#fee'><td>{e(str(ch.id))}</td><td>conflict</td><td>{e(ch.field)}</td>"
            f"<td>{e(_short(ch.before))}</td><td>{e(_short(ch.after))} (server: {e(_short(ch.server))})</td></tr>"
        )
    table = (
        "<table><thead><tr><th>id</th><th>action</th><th>field</th><th>before</th><th>after</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        if body
        else ""
    )
    return f"<div class='mpnb-plan'><b>{head}</b>{table}</div>"
