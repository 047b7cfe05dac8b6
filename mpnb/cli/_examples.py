"""One example per command (shown as its help epilog), the environment section and shell completion help.

Kept in one table so the examples read as a whole and a test can check that no command lacks one.
"""

from __future__ import annotations

import click

from mpnb._families import REGISTRY

__all__ = ["ENVIRONMENT", "EXAMPLES", "attach_examples"]

_U = "0b5e6f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b"  # an example UUID

EXAMPLES: dict[str, str] = {
    "": "mpnb reports list --format table",
    "dashboards list": "mpnb dashboards list --columns id,title --format csv",
    "dashboards create": 'mpnb dashboards create --title "Growth" --description "Weekly review"',
    "dashboards get": "mpnb dashboards get 12",
    "dashboards update": 'mpnb dashboards update 12 --title "Growth (2025)"',
    "dashboards delete": "mpnb dashboards delete 12 --dry-run",
    "dashboards bulk-delete": "mpnb dashboards bulk-delete --ids 12,13 --yes",
    "dashboards favorite": "mpnb dashboards favorite 12",
    "dashboards unfavorite": "mpnb dashboards unfavorite 12",
    "dashboards pin": "mpnb dashboards pin 12",
    "dashboards unpin": "mpnb dashboards unpin 12",
    "dashboards add-report": "mpnb dashboards add-report 12 345",
    "dashboards remove-report": "mpnb dashboards remove-report 12 345",
    "dashboards blueprints": "mpnb dashboards blueprints --format table",
    "dashboards blueprint-create": "mpnb dashboards blueprint-create product_analytics",
    "dashboards blueprint-config": "mpnb dashboards blueprint-config 12",
    "dashboards blueprint-finish": "mpnb dashboards blueprint-finish 12",
    "dashboards blueprint-cohorts": (
        'mpnb dashboards blueprint-cohorts --cohorts \'[{"placeholder": "new_users", "cohort_id": 42}]\''
    ),
    "dashboards rca": """mpnb dashboards rca --source-id 7 --source-data '{"type": "anomaly"}'""",
    "dashboards erf": "mpnb dashboards erf 12",
    "dashboards update-report-link": "mpnb dashboards update-report-link 12 99 --type embedded",
    "dashboards update-text-card": 'mpnb dashboards update-text-card 12 5 --markdown "# Notes"',
    "reports list": "mpnb reports list --type funnels -q",
    "reports create": (
        "mpnb reports create --name Signups --type insights --dashboard-id 12 --params '{\"sections\": {}}'"
    ),
    "reports get": "mpnb reports get 345",
    "reports update": 'mpnb reports update 345 --name "Signups (weekly)"',
    "reports delete": "mpnb reports delete 345 --yes",
    "reports bulk-delete": (
        "mpnb reports list --type flows -q | paste -sd, - | xargs -I{} mpnb reports bulk-delete --ids {} --dry-run"
    ),
    "reports bulk-update": """mpnb reports bulk-update --entries '[{"id": 345, "name": "Signups"}]'""",
    "reports linked-dashboards": "mpnb reports linked-dashboards 345",
    "reports dashboard-ids": "mpnb reports dashboard-ids 345",
    "reports history": "mpnb reports history 345 --limit 10 --format table",
    "cohorts list": "mpnb cohorts list --columns id,name,count --format csv",
    "cohorts get": "mpnb cohorts get 42",
    "cohorts create": 'mpnb cohorts create --name "Power users" --description "5+ sessions a week"',
    "cohorts update": 'mpnb cohorts update 42 --name "Power users (EU)"',
    "cohorts delete": "mpnb cohorts delete 42 --ignore-missing",
    "cohorts bulk-delete": "mpnb cohorts bulk-delete --ids 42,43 --yes",
    "cohorts bulk-update": """mpnb cohorts bulk-update --entries '[{"id": 42, "name": "Power users"}]'""",
    "flags list": "mpnb flags list --include-archived --columns id,key,status --format table",
    "flags create": "mpnb flags create --name Checkout --key new_checkout --tags web,payments",
    "flags get": f"mpnb flags get {_U}",
    "flags update": f"mpnb flags update {_U} --status enabled",
    "flags delete": f"mpnb flags delete {_U} --yes",
    "flags bulk-delete": f"mpnb flags bulk-delete --ids {_U} --dry-run",
    "flags bulk-update": f"""mpnb flags bulk-update --entries '[{{"id": "{_U}", "status": "disabled"}}]'""",
    "flags archive": f"mpnb flags archive {_U}",
    "flags restore": f"mpnb flags restore {_U}",
    "flags duplicate": f"mpnb flags duplicate {_U}",
    "flags set-test-users": f"""mpnb flags set-test-users {_U} --users '{{"On": "qa-user-1"}}'""",
    "flags history": f"mpnb flags history {_U} --all --format table",
    "flags limits": "mpnb flags limits",
    "experiments list": "mpnb experiments list --include-archived -q",
    "experiments create": 'mpnb experiments create --name "Pricing v3" --hypothesis "Annual plans convert better"',
    "experiments get": f"mpnb experiments get {_U}",
    "experiments update": f'mpnb experiments update {_U} --description "Runs two weeks"',
    "experiments delete": f"mpnb experiments delete {_U} --yes",
    "experiments bulk-delete": f"mpnb experiments bulk-delete --ids {_U} --dry-run",
    "experiments bulk-update": f"""mpnb experiments bulk-update --entries '[{{"id": "{_U}", "description": "X"}}]'""",
    "experiments launch": f"mpnb experiments launch {_U}",
    "experiments conclude": f"mpnb experiments conclude {_U} --end-date 2025-04-30",
    "experiments decide": f"mpnb experiments decide {_U} --success --variant treatment",
    "experiments archive": f"mpnb experiments archive {_U}",
    "experiments restore": f"mpnb experiments restore {_U}",
    "experiments duplicate": f'mpnb experiments duplicate {_U} --name "Pricing v4"',
    "experiments erf": "mpnb experiments erf",
    "experiments lifecycle": f"mpnb experiments lifecycle {_U}",
    "alerts list": "mpnb alerts list --bookmark-id 345 --format table",
    "alerts create": (
        'mpnb alerts create --bookmark-id 345 --name "Low signups" --frequency '
        'daily --condition \'{"type": "absolute", "op": "<", "value": 100}\''
    ),
    "alerts get": "mpnb alerts get 7",
    "alerts update": "mpnb alerts update 7 --paused",
    "alerts delete": "mpnb alerts delete 7 --yes",
    "alerts bulk-delete": "mpnb alerts bulk-delete --ids 7,8 --yes",
    "alerts bulk-update": (
        'mpnb alerts bulk-update --entries \'[{"id": 7, "paused": true}, {"id": 8, "paused": true}]\''
    ),
    "alerts count": "mpnb alerts count",
    "alerts history": "mpnb alerts history 7 --limit 20 --format table",
    "alerts test": (
        "mpnb alerts test --bookmark-id 345 --name Try --frequency hourly "
        '--condition \'{"type": "absolute", "op": "<", "value": 1}\''
    ),
    "alerts screenshot": "mpnb alerts screenshot --gcs-key alerts/7/2025-03-31.png",
    "alerts validate": (
        "mpnb alerts validate --alert-ids 7 --bookmark-type insights --bookmark-params '{\"sections\": {}}'"
    ),
    "annotations list": "mpnb annotations list --from 2025-01-01 --to 2025-03-31 --format table",
    "annotations create": 'mpnb annotations create --date "2025-03-31 00:00:00" --description "Pricing change"',
    "annotations get": "mpnb annotations get 15",
    "annotations update": 'mpnb annotations update 15 --description "Pricing change (EU only)"',
    "annotations delete": "mpnb annotations delete 15 --yes",
    "annotations bulk-delete": "mpnb annotations bulk-delete --ids 15,16 --dry-run",
    "annotations tags": "mpnb annotations tags --format csv",
    "annotations tags list": "mpnb annotations tags list --format table",
    "annotations tags create": "mpnb annotations tags create --name release",
    "webhooks list": "mpnb webhooks list --wide --format table",
    "webhooks create": (
        "printf '%s\\n' \"$PASS\" | mpnb webhooks create --name Ops --url "
        "https://example.com/hook --auth-type basic --username ops --password-stdin"
    ),
    "webhooks update": "mpnb webhooks update WEBHOOK_ID --no-enabled",
    "webhooks get": "mpnb webhooks get WEBHOOK_ID",
    "webhooks delete": "mpnb webhooks delete WEBHOOK_ID --yes",
    "webhooks bulk-delete": 'mpnb webhooks bulk-delete --ids "$WEBHOOK_A,$WEBHOOK_B" --dry-run',
    "webhooks test": "mpnb webhooks test --url https://example.com/hook",
    "events list": "mpnb events list --name 'Add to Cart' --name add_to_cart --format table",
    "events get": "mpnb events get 'Add to Cart'",
    "events update": "mpnb events update add_to_cart --hidden --tag legacy --dry-run",
    "events bulk-update": (
        'mpnb events bulk-update --entries \'[{"name": "add_to_cart", "hidden": true}, '
        '{"name": "addToCart", "hidden": true}]\' --dry-run'
    ),
    "events delete": "mpnb events delete debug_log --dry-run",
    "properties list": "mpnb properties list --resource-type Event --columns name,sensitive --format csv",
    "properties get": "mpnb properties get email --resource-type User",
    "properties update": "mpnb properties update email --resource-type User --sensitive --dry-run",
    "properties bulk-update": (
        'mpnb properties bulk-update --entries \'[{"name": "phone", "resource_type": "Event", '
        '"sensitive": true}]\' --dry-run'
    ),
    "lexicon-tags list": "mpnb lexicon-tags list --format ids",
    "lexicon-tags create": "mpnb lexicon-tags create --name checkout-team",
    "lexicon-tags update": "mpnb lexicon-tags update 12 --name payments-team --dry-run",
    "lexicon-tags delete": "mpnb lexicon-tags delete q3-launch-2023 --dry-run",
    "drop-filters list": "mpnb drop-filters list --columns id,event_name,active --format table",
    "drop-filters get": "mpnb drop-filters get 3",
    "drop-filters limits": "mpnb drop-filters limits",
    "drop-filters create": (
        'mpnb drop-filters create --event-name debug_log --filters \'[{"resourceType": "event", '
        '"value": "env", "filterType": "string", "filterOperator": "equals", "filterValue": "dev"}]\' --dry-run'
    ),
    "drop-filters update": "mpnb drop-filters update 3 --no-active --dry-run",
    "drop-filters delete": "mpnb drop-filters delete 3 --dry-run",
    "custom-events list": "mpnb custom-events list --columns custom_event_id,name --format csv",
    "custom-events get": "mpnb custom-events get 1",
    "custom-events create": "mpnb custom-events create --name 'Cart Added' --event 'Add to Cart' --event add_to_cart",
    "custom-events update": "mpnb custom-events update 1 --description 'Any add-to-cart event' --dry-run",
    "custom-events delete": "mpnb custom-events delete 1 --dry-run",
    "custom-properties list": "mpnb custom-properties list --columns custom_property_id,name --format csv",
    "custom-properties get": "mpnb custom-properties get 1",
    "custom-properties create": (
        "mpnb custom-properties create --name 'Double Amount' --resource-type events --formula 'A * 2' "
        '--composed \'{"A": {"value": "amount", "resourceType": "event"}}\' --dry-run'
    ),
    "custom-properties validate": (
        "mpnb custom-properties validate --name Check --resource-type events --formula 'A * (2' "
        '--composed \'{"A": {"value": "amount", "resourceType": "event"}}\''
    ),
    "custom-properties update": "mpnb custom-properties update 1 --description 'In dollars' --dry-run",
    "custom-properties delete": "mpnb custom-properties delete 1 --dry-run",
    "backups": "mpnb backups list --format table",
    "backups list": "mpnb backups list --family reports --format table",
    "backups show": "mpnb backups show 20250331T120000000000-sandbox-reports.jsonl --format table",
    "backups restore": "mpnb backups restore 20250331T120000000000-sandbox-reports.jsonl --dry-run",
    "restore": "mpnb restore ~/.mpnb/backups/20250331T120000000000-sandbox-reports.jsonl --yes",
    "inspect": "mpnb inspect info",
    "inspect info": "mpnb inspect info --format table",
    "inspect workspaces": "mpnb inspect workspaces --format table",
    "sandbox": "mpnb sandbox serve --port 8765",
    "sandbox serve": "mpnb sandbox serve --port 8765 --faults 429=0.1",
    "sandbox reset": "mpnb sandbox reset --seed 1 --size 200",
    "sandbox path": "mpnb sandbox path",
    "audit": "mpnb audit --family reports --format table",
    "deps": "mpnb deps dashboards 12 --format table",
    "context": "mpnb context list --format table",
    "context add": "mpnb context add prod --region eu --project-id 12345 --username svc.cleanup --secret-env PROD_PW",
    "context list": "mpnb context list --format table",
    "context show": "mpnb context show prod",
    "context use": "mpnb context use prod",
    "context remove": "mpnb context remove staging",
    "copy": "mpnb copy --to-project-id 1001 --dashboards 12,15 --flags checkout_v2 --dry-run",
    "doctor": "mpnb doctor --write --yes-i-mean-project 1000",
}

for _f in REGISTRY.names:
    _cmd = _f.replace("_", "-")  # the command's name: drop_filters -> drop-filters
    EXAMPLES.setdefault(_cmd, f"mpnb {_cmd} list --format table")
    EXAMPLES[f"{_cmd} export"] = f"mpnb {_cmd} export --format json > {_cmd}.json"
    EXAMPLES[f"{_cmd} apply"] = f"mpnb {_cmd} apply {_cmd}.json --dry-run --format json"

ENVIRONMENT = """\b
Environment:
  MP_USERNAME, MP_SECRET     service account (with MP_PROJECT_ID, MP_REGION: us, eu or in)
  MP_OAUTH_TOKEN             an OAuth bearer token instead of a service account
  MP_PROJECT_ID, MP_REGION   the project and its data residency
  MP_WORKSPACE_ID            the workspace (data view); --workspace-id overrides it
  MPNB_BASE_URL              another server, e.g. `mpnb sandbox serve`'s URL (confirmations stay on
                             unless it is a loopback address)
  MPNB_CONTEXT               a context saved with `mpnb context add` (same as --context)
  MPNB_QUIET=1               do not say on stderr that the local sandbox is used (--quiet-sandbox)
  MPNB_HOME                  where backups, journals and the CLI's sandbox live (default ~/.mpnb)
  MPNB_WEBHOOK_PASSWORD      a webhook's Basic-auth password, instead of a prompt
  COLUMNS                    table width when it cannot be read from the terminal

\b
Shell completion (commands, options and ids):
  bash: eval "$(_MPNB_COMPLETE=bash_source mpnb)"    (add to ~/.bashrc)
  zsh:  eval "$(_MPNB_COMPLETE=zsh_source mpnb)"     (add to ~/.zshrc)
  fish: _MPNB_COMPLETE=fish_source mpnb | source

\b
Filtering JSON: pipe to jq, or --jq (pip install 'mpnb[shell]'), e.g.
  mpnb reports list | jq -r '.[] | select(.bookmark_type == "flows") | .id'
  mpnb reports list --jq '.[] | select(.bookmark_type == "flows") | .id'

Ids as gh and kubectl take them:
  mpnb reports delete 3 4 5 --yes; mpnb reports list -q | mpnb reports bulk-delete --ids - --dry-run
"""


def _walk(cmd: click.Command, path: tuple[str, ...]) -> list[tuple[str, click.Command]]:
    out = [(" ".join(path), cmd)]
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            out += _walk(sub, (*path, name))
    return out


def attach_examples(main: click.Group) -> None:
    """Put each command's example in its epilog (after anything the command says there itself)."""
    for path, cmd in _walk(main, ()):
        example = EXAMPLES.get(path)
        if example is None:
            continue
        block = f"\b\nExample:\n  {example}"
        cmd.epilog = f"{block}\n\n{cmd.epilog}" if cmd.epilog else block
