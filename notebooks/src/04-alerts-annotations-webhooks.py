# %% [markdown]
# # Alerts, annotations and webhooks
#
# Create an alert on a saved report (form and code), pause noisy ones in bulk, mark releases with annotations,
# and test and manage webhooks.
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
import mpnb as mp
from mpnb.notebook import connect

ws = connect(TARGET, MP_USERNAME, MP_PROJECT_ID, MP_REGION, allow_writes=ALLOW_WRITES_TO_REAL_PROJECT)
print(ws.info())

# %%
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

alerts = ws.alerts.frame()
alerts["report"] = alerts["bookmark"].map(lambda b: b.get("name") if isinstance(b, dict) else None)
alerts[["name", "report", "frequency", "paused", "last_fired"]]

# %% [markdown]
# ## An alert from the form
#
# Search a report, name the alert, set the condition and recipients, then **Create**.

# %%
from mpnb.widgets import AlertForm

alert_form = AlertForm(ws)
alert_form

# %% [markdown]
# ## The same in code: test first, then create

# %%
report = next(r for r in ws.list_bookmarks_v2() if r.bookmark_type in ("insights", "funnels"))
params = mp.CreateAlertParams(
    bookmark_id=report.id,
    name=f"{report.name} dropped"[:50],
    condition={"type": "absolute", "op": "<", "value": 100},
    frequency=mp.AlertFrequencyPreset.DAILY,
    paused=False,
    subscriptions=[{"type": "email", "value": "team@example.com"}],
)
print("test notification:", ws.test_alert(params))
alert = ws.create_alert(params)
print(f"alert {alert.id} {alert.name!r} on report {report.id}")

# %% [markdown]
# ## Pause the hourly alerts in one plan
#
# Edit the frame, read the plan: nothing is sent until you click **Apply** (and confirm).

# %%
from mpnb.widgets import PlanView

frame = ws.alerts.frame()
frame.loc[frame["frequency"] == 3600, "paused"] = True
pause_view = PlanView(ws.alerts.plan(frame), progress=False)
pause_view

# %% [markdown]
# ## Annotations
#
# What happened when, on one line: releases, incidents, experiments.

# %%
tags = {t.name: t.id for t in ws.list_annotation_tags()}
release = tags.get("release") or ws.create_annotation_tag(mp.CreateAnnotationTagParams(name="release")).id
note = ws.create_annotation(
    mp.CreateAnnotationParams(date="2026-01-15 09:00:00", description="v3.0 release", tags=[release])
)
annotations = ws.annotations.frame()
annotations["tag"] = annotations["tags"].map(lambda ts: ts[0]["name"] if len(ts) else "(none)")
assert note.id in annotations.index
annotations[["date", "description", "tag"]].tail()

# %%
dates = pd.to_datetime(annotations["date"])
labels = sorted(annotations["tag"].unique())
fig, ax = plt.subplots(figsize=(9, 2.5))
for i, label in enumerate(labels):
    when = dates[annotations["tag"] == label]
    ax.scatter(when, [i] * len(when), marker="|", s=300)
ax.set_yticks(range(len(labels)), labels)
ax.set_title("Annotations by tag")
fig.autofmt_xdate()
plt.show()

# %% [markdown]
# ## Webhooks
#
# Test a URL before saving it (the sandbox answers without leaving the machine: `*.invalid` hosts fail).
# A Basic-auth password would come from a password box or an environment variable, never from a cell.

# %%
for url in ("https://hooks.example.com/mixpanel", "https://hooks.down.invalid/mixpanel"):
    outcome = ws.test_webhook(mp.WebhookTestParams(url=url))
    print(f"{url}: {'ok' if outcome.success else 'failed'} ({outcome.status_code}) {outcome.message}")
hook = ws.create_webhook(mp.CreateWebhookParams(name="Cohort sync (demo)", url="https://hooks.example.com/mixpanel"))
ws.webhooks.frame()[["name", "url", "is_enabled"]]

# %%
# one plan: disable every webhook whose URL does not answer a test, and rename the demo hook; Apply sends it
hooks = ws.webhooks.frame()
answers = {wid: ws.test_webhook(mp.WebhookTestParams(url=url)).success for wid, url in hooks["url"].items()}
hooks.loc[[wid for wid, ok in answers.items() if not ok], "is_enabled"] = False
hooks.loc[hook.id, "name"] = "Cohort sync (demo, checked)"
hooks_view = PlanView(ws.webhooks.plan(hooks), progress=False)
hooks_view

# %%
ws.delete_webhook(hook.id)  # the demo hook this notebook made; a backup is written first
assert hook.id not in ws.webhooks.frame().index

# %% [markdown]
# ## Next
#
# [05 Dashboards](05-dashboards.ipynb): boards from blueprints, their layout drawn, reports added and removed.
