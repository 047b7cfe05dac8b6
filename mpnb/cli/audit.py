"""``mpnb audit``: the cleanup audit from the shell (findings as JSON, a table or CSV; ``--fix`` a rule).

Exit codes: 0 when nothing is found (so a scheduled job stays green), 9 when there are findings, and the
usual codes of ``mpnb`` for errors (see ``mpnb/cli/_common.py``).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from mpnb.cli._common import EXIT, common_options, emit, get_workspace, handle_errors

__all__ = ["FINDINGS_EXIT", "group"]

FINDINGS_EXIT = EXIT["findings"]  # not 8, which means "nothing applied" in every command, --fix too
COLUMNS = ["family", "id", "name", "rule", "severity", "action", "changes", "evidence"]

EPILOG = """
\b
Examples:
  mpnb audit --format table                    # every rule; exit 9 when something is found
  mpnb audit --family alerts --rule paused_alert --param paused_alert.days=30
  mpnb audit --fix stale_flag --dry-run        # print the plan, apply nothing
  mpnb audit --fix stale_flag --yes            # apply it (backups first, as for every delete)

\b
Exit codes: 0 nothing found; 9 findings; with --fix: 0 applied, dry run or
nothing to apply, 8 not applied (no --yes and no terminal, or not confirmed),
1 a row did not apply; 2 usage; 3 auth; 4 invalid input; 5 rate limited;
6 server error.
"""


def _interactive() -> bool:
    return sys.stdin.isatty()


def _params(values: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """``rule.name=value`` options -> ``{rule: {name: value}}`` (values read as JSON when they parse)."""
    import json

    out: dict[str, dict[str, Any]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        rule, dot, name = key.partition(".")
        if not sep or not dot or not rule or not name:
            raise click.BadParameter(f"expected RULE.NAME=VALUE, got {item!r}", param_hint="--param")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        out.setdefault(rule, {})[name] = value
    return out


@click.command("audit", epilog=EPILOG)
@click.option("--family", "families", multiple=True, help="Audit only this family (repeatable).")
@click.option("--rule", "rules", multiple=True, help="Run only this rule (repeatable); see --list-rules.")
@click.option("--param", "params", multiple=True, help="A rule threshold as RULE.NAME=VALUE (repeatable).")
@click.option("--member", "members", multiple=True, help="A person still in the project (email, name or id).")
@click.option("--test-webhooks", is_flag=True, help="Also send one test call per enabled webhook.")
@click.option("--fix", "fix", default=None, metavar="RULE", help="Print the plan that carries out RULE's actions.")
@click.option("--yes", is_flag=True, help="With --fix: apply the plan without asking.")
@click.option("--dry-run", is_flag=True, help="With --fix: print the plan and apply nothing.")
@click.option(
    "--include-in-use",
    is_flag=True,
    help="With --fix: also archive or delete what something live depends on (left out by default, and listed).",
)
@click.option("--list-rules", is_flag=True, help="List the rules with their family, severity and thresholds.")
@common_options
@handle_errors
def group(
    families: tuple[str, ...],
    rules: tuple[str, ...],
    params: tuple[str, ...],
    members: tuple[str, ...],
    test_webhooks: bool,
    fix: str | None,
    yes: bool,
    dry_run: bool,
    include_in_use: bool,
    list_rules: bool,
) -> None:
    """Find stale, broken, duplicated or orphaned entities; reads only, unless --fix ... --yes."""
    from mpnb.audit import rules as all_rules

    if list_rules:
        rows = []
        for r in all_rules().values():
            rows.append({"rule": r.name, "family": r.family, "severity": r.severity, "thresholds": r.thresholds()})
            rows[-1]["why"] = r.summary
        emit(rows, ["rule", "family", "severity", "thresholds", "why"])
        return
    ws = get_workspace()
    wanted = list(rules) + ([fix] if fix and rules and fix not in rules else [])
    audit = ws.audit(
        families=list(families) or None,
        rules=wanted or ([fix] if fix else None),
        params=_params(params) or None,
        members=list(members) or None,
        test_webhooks=test_webhooks,
    )
    if fix:
        _fix(audit, fix, yes, dry_run, include_in_use)
        return
    rows = [{str(k): v for k, v in r.items()} for r in audit.findings.to_dict("records")]
    fmt = (click.get_current_context().find_root().obj or {}).get("format")
    if rows or fmt != "csv":
        emit(rows, COLUMNS)
    else:
        click.echo(",".join(COLUMNS))  # a header, so a scheduled job's CSV always parses
    click.echo(f"{len(audit)} findings; {audit.requests} requests ({', '.join(audit.reads)})", err=True)
    if len(audit):
        sys.exit(FINDINGS_EXIT)


def _fix(audit: Any, rule: str, yes: bool, dry_run: bool, include_in_use: bool = False) -> None:
    plan = audit.plan(rules=[rule], include_in_use=include_in_use)
    if plan.is_empty:
        click.echo(f"nothing to apply for {rule} ({len(audit)} findings, none with a delete, archive or update)")
        return
    click.echo(repr(plan))
    if dry_run:
        return
    if not yes:
        if not _interactive():
            click.echo("not applied: pass --yes to apply (no terminal to confirm on)", err=True)
            sys.exit(EXIT["not_applied"])
        if click.prompt("apply? type yes", default="", show_default=False).strip().lower() != "yes":
            click.echo("not applied: not confirmed", err=True)
            sys.exit(EXIT["not_applied"])
    result = plan.apply(confirm=True, progress=False)
    counts = result.groupby(["action", "status"]).size()
    click.echo("applied: " + ", ".join(f"{a} {s} {n}" for (a, s), n in counts.items()))
    if set(result["status"]) - {"ok"}:
        sys.exit(EXIT["error"])
