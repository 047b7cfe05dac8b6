# %% [markdown]
# # Cleanup audit
#
# Find what is stale, broken, duplicated or orphaned in all eight families, chart it, review it, fix two rules
# through plans, and audit again.
#
# **Where it runs.** As it is, on mpnb's built-in **sandbox**: a seeded demo project in memory, no credentials,
# no network (or a sandbox that `mpnb sandbox serve` serves on this machine, when `MPNB_BASE_URL` points there).
# The cell tagged `parameters` changes the target (papermill can set it too): `TARGET = "env"` uses
# `MPNB_BASE_URL` or the `MP_USERNAME`/`MP_SECRET`/`MP_PROJECT_ID`/`MP_REGION` variables; `TARGET = "mixpanel"`
# with `MP_USERNAME`, `MP_PROJECT_ID` and `MP_REGION` asks for the service account's secret in a password box.
# Never type a secret into a cell. This notebook **changes** entities: on real Mixpanel it stops after
# connecting unless `ALLOW_WRITES_TO_REAL_PROJECT = True`, and bulk changes then ask for `confirm=True`.

# %% tags=["parameters"]
TARGET = "sandbox"  # "sandbox", "env" (MPNB_BASE_URL or MP_* variables) or "mixpanel" (asks for the secret)
MP_USERNAME = ""  # TARGET = "mixpanel": the service account's username (not a secret)
MP_PROJECT_ID = 0  # TARGET = "mixpanel": the project's id
MP_REGION = "us"  # TARGET = "mixpanel": "us", "eu" or "in"
ALLOW_WRITES_TO_REAL_PROJECT = False  # this demo edits entities: True lets it on real Mixpanel

# %%
from mpnb.notebook import connect

ws = connect(TARGET, MP_USERNAME, MP_PROJECT_ID, MP_REGION, allow_writes=ALLOW_WRITES_TO_REAL_PROJECT)
print(ws.info())

# %% [markdown]
# ## Audit
#
# `ws.audit()` reads each family once (plus a few named extra reads) and **changes nothing**.
# Mixpanel's API does not list a project's members, so the rules about departed owners need the
# people still in the project: edit `MEMBERS` (or leave it `None` to skip those rules). Testing
# webhooks sends one request to each receiver, so it is on only for the sandbox here.

# %%
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

from IPython.display import display

# the demo project's people, minus one who left (edit for your project; None skips the owner rules)
MEMBERS = ["ana@example.com", "ben@example.com", "chen@example.com", "eli@example.com"]
audit = ws.audit(members=MEMBERS, test_webhooks=not ws.target.is_real)
audit

# %% [markdown]
# ## Findings by family and rule

# %%
findings = audit.findings
by_rule = findings.groupby(["family", "rule"], observed=True).size().rename("findings")
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 6), gridspec_kw={"width_ratios": [3, 2]})
by_rule.sort_index(ascending=False).plot.barh(ax=left, title="Findings by family and rule")
left.set_ylabel("")
severity = pd.crosstab(findings["family"], findings["severity"]).reindex(columns=["high", "medium", "low"])
severity.plot.barh(ax=right, stacked=True, color=["#c0392b", "#d68910", "#95a5a6"], title="By severity")
right.set_ylabel("")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## One finding of every rule
#
# The demo project is messy on purpose: it has at least one finding of every rule (a stale board of an old
# quarter, a card twice on one board, an experiment running past its end date, a project over its flag
# allowance, a webhook on a dead host, ...). The first finding of each rule, with why:

# %%
summary = audit.summary().set_index("rule")
skipped = summary.loc[summary["skipped"] != "", "skipped"]
print(f"{(summary['findings'] > 0).sum()} of {len(summary)} rules found something; skipped: {len(skipped)}")
first = findings.drop_duplicates("rule")
why = ["; ".join(f"{k}: {v}" for k, v in list(e.items())[:4]) for e in first["evidence"]]
first[["family", "rule", "name", "severity", "action"]].assign(evidence=why)

# %% [markdown]
# ## Review
#
# Every finding carries its evidence and a suggested action as data: `delete`, `archive` and
# `update` can become a plan; `review` needs a person (near-duplicates, untitled reports, ...).

# %%
findings.query("severity == 'high'")[["family", "name", "rule", "action", "evidence"]]

# %%
pd.crosstab(findings["rule"], findings["action"])

# %% [markdown]
# The same query on several boards is only ever reported (one finding per query, the most viewed copy):
# which copy is right is a person's call. The queries with the most copies:

# %%
near = findings[findings["rule"] == "near_duplicate_report"]
evidence = pd.json_normalize(near["evidence"].tolist())
table = pd.concat([near[["id", "name"]].reset_index(drop=True), evidence], axis=1)
table.sort_values("copies", ascending=False).head(10)

# %% [markdown]
# ## Review the proposed deletes
#
# Every delete and archive the rules propose, grouped by reason (the rule), board, owner or age, with
# counts. Each row starts at the policy's default (what people view, edited lately, or something live
# depends on starts at keep); a group's "delete" never switches those. The plans beneath follow your
# choices, one per family, each with its **Apply**.

# %%
from mpnb.widgets import ReviewQueue

queue = ReviewQueue(audit, progress=False)
queue

# %% [markdown]
# ## Fix two rules through plans
#
# Alerts whose report is broken, and flags disabled for months (archiving them also frees room under the
# flag allowance). `audit.plan(rules=[...])` makes one frames plan per family (backups before deletes,
# confirmation on real Mixpanel, one result row per entity); a flag an active experiment runs on is left
# out, and the plan says so. Each `PlanView` below has an **Apply** button: nothing is sent until you
# click it (a delete of many rows also needs the box above it ticked).

# %%
from mpnb.widgets import PlanView

plan = audit.plan(rules=["orphaned_alert", "stale_flag"])
views = [PlanView(p, progress=False) for p in plan.plans.values()]
for view in views:
    display(view)

# %% [markdown]
# ## Audit again
#
# The rules whose count changed: the two fixed ones, and any the fix helped.

# %%
if not any(view.result is not None for view in [*views, *queue.views.values()]):
    print("Nothing applied yet: click Apply above, then run this cell to audit again.")
else:
    after = ws.audit(members=MEMBERS, test_webhooks=not ws.target.is_real)
    before_counts = audit.summary().set_index("rule")["findings"]
    compare = pd.DataFrame({"before": before_counts, "after": after.summary().set_index("rule")["findings"]})
    display(compare[compare["before"] != compare["after"]])

# %% [markdown]
# From the shell the same audit is `mpnb audit --format table` (exit code 9 when something is found,
# 0 when clean, for scheduled jobs) and `mpnb audit --fix stale_flag --yes`.
#
# Next: [copy between projects](07-copy-between-projects.ipynb), or [the Lexicon cleanup](08-lexicon-cleanup.ipynb)
# for the data dictionary's events. Back to [the quickstart](01-quickstart.ipynb) or
# [the report cleanup](02-bulk-cleanup-reports.ipynb).
