"""``mpnb audit``: the cleanup audit from the shell (findings as JSON, a table or CSV; ``--fix`` a rule).

Exit codes: 0 when nothing is found (so a scheduled job stays green), 9 when there are findings, and the
usual codes of ``mpnb`` for errors (see ``mpnb/cli/_common.py``).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from mpnb.cli._common import (
    EXIT,
    common_options,
    emit,
    exit_code_of_rows,
    get_workspace,
    handle_errors,
    set_pending_exit,
)
from mpnb.cli._output import chosen_format

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
  mpnb audit --fix stale_report --yes --allow-mass-delete --format csv   # results as CSV

\b
Exit codes: 0 nothing found; 9 findings (also when the reader of stdout
stops early, as `| head` does); with --fix: 0 applied, dry run or nothing to
apply, 8 not applied (no --yes and no terminal, not confirmed, or a mass
delete without --allow-mass-delete), 4 a row was refused, 5 rate limited or
conflicts, 6 server error, 7 outcome unknown; 2 usage; 3 auth.
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
@click.option(
    "--allow-mass-delete",
    is_flag=True,
    help="With --fix: needed when the fix deletes more than 100 rows or more than a tenth of a family.",
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
    allow_mass_delete: bool,
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
        _fix(audit, fix, yes, dry_run, allow_mass_delete, include_in_use)
        return
    rows = [{str(k): v for k, v in r.items()} for r in audit.findings.to_dict("records")]
    fmt = chosen_format()
    if len(audit):
        set_pending_exit(FINDINGS_EXIT)  # `mpnb audit | head` still says there were findings
    emit_findings(rows, fmt)
    click.echo(f"{len(audit)} findings; {audit.requests} requests ({', '.join(audit.reads)})", err=True)
    if len(audit):
        sys.exit(FINDINGS_EXIT)


def emit_findings(rows: list[dict[str, Any]], fmt: str | None) -> None:
    if rows or fmt != "csv":
        emit(rows, COLUMNS)
    else:
        click.echo(",".join(COLUMNS))  # a header, so a scheduled job's CSV always parses


def _fix(audit: Any, rule: str, yes: bool, dry_run: bool, allow_mass_delete: bool, include_in_use: bool) -> None:
    """The fix's plan (the answer of a dry run, else on stderr), then its results in the chosen format."""
    from mpnb.cli._frames import plan_text

    plan = audit.plan(rules=[rule], include_in_use=include_in_use)
    chosen = chosen_format()
    plans = list(plan.plans.values()) if hasattr(plan, "plans") else [plan]
    if plan.is_empty:
        click.echo(f"nothing to apply for {rule} ({len(audit)} findings, none with a delete, archive or update)")
        return
    text = "\n\n".join(plan_text(p, None) for p in plans if not p.is_empty)
    answer = chosen is None and (dry_run or (not yes and not _interactive()))
    click.echo(text, err=not answer)
    if dry_run:
        if chosen is not None:
            emit([r for p in plans for r in p.to_frame().to_dict("records")], None)
        return
    mass = [p for p in plans if p.mass_delete]
    if mass and not allow_mass_delete:
        n = sum(sum(1 for d in p.deletes if d.action == "delete") for p in mass)
        click.echo(f"not applied: {rule} deletes {n} entities; check the plan, then pass --allow-mass-delete", err=True)
        sys.exit(EXIT["not_applied"])
    target = audit.ws.target.label()
    if not yes:
        if not _interactive():
            click.echo(
                f"not applied: pass --yes to apply the {rule} fix on {target} (no terminal to confirm on)", err=True
            )
            sys.exit(EXIT["not_applied"])
        question = f"apply the {rule} fix on {target}? type yes"
        if click.prompt(question, default="", show_default=False, err=True).strip().lower() != "yes":
            click.echo(f"not applied: not confirmed (the {rule} fix on {target})", err=True)
            sys.exit(EXIT["not_applied"])
    result = plan.apply(confirm=True, progress=sys.stderr.isatty(), allow_mass_delete=allow_mass_delete)
    if "family" not in result.columns:  # one family's plan: its rows say which family too
        result.insert(0, "family", plans[0].family)
    counts = result.groupby(["action", "status"]).size()
    summary = "applied: " + ", ".join(f"{a} {s} {n}" for (a, s), n in counts.items())
    if chosen is None:
        click.echo(summary)
    else:
        click.echo(summary, err=True)
        emit(result.to_dict("records"), ["family", "id", "action", "status", "error"])
    errors = [str(e) for e in result["error"] if e is not None]
    code = exit_code_of_rows([str(x) for x in result["status"]], errors)
    if code:
        sys.exit(code)
