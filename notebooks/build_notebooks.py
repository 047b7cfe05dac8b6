"""Write the demo notebooks in this folder from the cells below (run it after editing them).

    python notebooks/build_notebooks.py            # rewrites notebooks/*.ipynb (no outputs), README links
    python notebooks/build_notebooks.py --check    # exit 1 when a notebook differs from what this writes

Notebooks are written without outputs, widget state or execution counts, with stable cell ids, so a
diff shows only what changed. The repository's public URL comes from pyproject.toml's ``[project.urls]``
(its one home): the Colab install cell of every notebook uses it, and the README's Binder and Colab links
must match it (``tests/test_release.py`` and ``tests/test_notebooks.py`` check both).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import nbformat

HERE = Path(__file__).resolve().parent
PLACEHOLDER_OWNER = "MPNB-OWNER"  # in the URL until the repository is published


def repository_url() -> str:
    """``[project.urls] Repository`` from pyproject.toml: the one place the repository's public URL lives."""
    text = (HERE.parent / "pyproject.toml").read_text(encoding="utf-8")
    section = re.search(r"^\[project\.urls\]\n(.*?)(?:^\[|\Z)", text, re.M | re.S)
    match = re.search(r'^Repository\s*=\s*"([^"]+)"', section.group(1) if section else "", re.M)
    if match is None:
        raise SystemExit("pyproject.toml has no [project.urls] Repository entry")
    return match.group(1)


# Set it in pyproject.toml, then run this script: the Colab cells and the README's links follow.
MPNB_REPO_URL = repository_url()
nbf: Any = nbformat  # untyped package

Cell = tuple[str, str, list[str]]  # kind, source, tags


def md(text: str) -> Cell:
    return ("markdown", dedent(text).strip("\n"), [])


def code(text: str, *tags: str) -> Cell:
    return ("code", dedent(text).strip("\n"), list(tags))


COLAB = """
# Colab only: install mpnb from its repository. Anywhere else (Binder, JupyterLab, CI) this does nothing.
MPNB_REPO_URL = "@REPO@"  # pyproject.toml's [project.urls] Repository, at build time
try:
    import google.colab  # noqa: F401
except ImportError:
    IN_COLAB = False
else:
    IN_COLAB = True
if IN_COLAB:
    import subprocess
    import sys

    if "@OWNER@" in MPNB_REPO_URL:
        raise RuntimeError(
            "This notebook was built before mpnb's repository URL was known. Set MPNB_REPO_URL above to "
            "the repository's https://github.com/OWNER/mpnb URL (or a fork of it) and run this cell again."
        )
    # Colab already has matplotlib and ipywidgets; the notebooks extra would only add JupyterLab
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"mpnb @ git+{MPNB_REPO_URL}"], check=True)
"""

SECRET = """
import os
import tempfile
from urllib.parse import urlsplit

import mpnb as mp

secret_box = None
if TARGET == "mixpanel":  # real Mixpanel: the secret goes into a password box, never into a cell
    import ipywidgets as widgets
    from IPython.display import display

    secret_box = widgets.Password(description="Secret", placeholder="service account secret")
    display(widgets.HTML(f"Secret of <b>{MP_USERNAME}</b>, then run the next cell:"), secret_box)
"""

CONNECT = """
served = urlsplit(os.environ.get("MPNB_BASE_URL", "")).hostname in ("127.0.0.1", "localhost", "::1")
if TARGET == "mixpanel":
    if secret_box is None or not secret_box.value:
        raise RuntimeError("type the secret into the box above, then run this cell again")
    ws = mp.Workspace(username=MP_USERNAME, secret=secret_box.value, project_id=MP_PROJECT_ID, region=MP_REGION)
    secret_box.value = ""  # the Workspace keeps it hidden; the box forgets it
elif TARGET == "env" or served:
    ws = mp.Workspace()  # resolves MPNB_BASE_URL (a served sandbox) or the MP_* variables
else:
    ws = mp.Workspace.sandbox(seed=0, backup_dir=tempfile.mkdtemp(prefix="mpnb-demo-backups-"))
print(ws.info())
"""

WRITE_GUARD = """
if ws.target.is_real and not ALLOW_WRITES_TO_REAL_PROJECT:
    raise RuntimeError(f"{ws.target.label()} is real Mixpanel; set ALLOW_WRITES_TO_REAL_PROJECT = True to go on")
"""


# -- the cells every notebook starts with ---------------------------------------------------------------
def intro(title: str, summary: str, *, writes: bool) -> list[Cell]:
    guard = (
        "This notebook **changes** entities. On real Mixpanel it stops after connecting unless you also set\n"
        "`ALLOW_WRITES_TO_REAL_PROJECT = True`, and bulk changes then ask for `confirm=True` as everywhere in mpnb."
        if writes
        else "This notebook only reads."
    )
    first = md(
        """
        # TITLE

        SUMMARY

        **Where it runs.** As it is, on mpnb's built-in **sandbox**: a seeded demo project in memory, no
        credentials, no network. To point it somewhere else, change the cell tagged `parameters` below
        (papermill can set it too):

        * `TARGET = "env"` uses the environment: `MPNB_BASE_URL` with `MP_USERNAME`/`MP_SECRET`/`MP_PROJECT_ID`
          (e.g. the `export` lines `mpnb sandbox serve` prints), or real Mixpanel through `MP_USERNAME`,
          `MP_SECRET` (a service account), `MP_PROJECT_ID` and `MP_REGION`. Set them before starting Jupyter.
        * `TARGET = "mixpanel"` with `MP_USERNAME`, `MP_PROJECT_ID` and `MP_REGION` filled in: the next cells show a
          password box for the service account's secret (shown only for this target). Run the cells one by one.
        * With the default target, a sandbox served on this machine (`MPNB_BASE_URL` on 127.0.0.1) is used when set.

        Never type a secret into a cell. GUARD
        """
    )
    text = first[1].replace("TITLE", title).replace("SUMMARY", summary).replace("GUARD", guard)
    first = ("markdown", text, [])
    params = [
        "# parameters: leave as they are to run on the built-in sandbox (no credentials, no network)",
        'TARGET = "sandbox"  # "sandbox", "env" (MPNB_BASE_URL or MP_* variables) or "mixpanel" (asks for the secret)',
        'MP_USERNAME = ""  # TARGET = "mixpanel": the service account\'s username (not a secret)',
        'MP_PROJECT_ID = 0  # TARGET = "mixpanel": the project\'s id',
        'MP_REGION = "us"  # TARGET = "mixpanel": "us", "eu" or "in"',
    ]
    if writes:
        params.append("ALLOW_WRITES_TO_REAL_PROJECT = False  # this demo edits entities: True lets it on real Mixpanel")
    colab = code(COLAB.replace("@REPO@", MPNB_REPO_URL).replace("@OWNER@", PLACEHOLDER_OWNER))
    connect = CONNECT + (WRITE_GUARD if writes else "")
    return [first, code("\n".join(params), "parameters"), colab, code(SECRET), code(connect)]


PLOT_SETUP = """
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)
"""


# -- 01 quickstart -------------------------------------------------------------------------------------------
def quickstart() -> list[Cell]:
    return [
        *intro(
            "mpnb quickstart",
            "Connect, see where requests go, and read every entity family of the project as a pandas DataFrame.",
            writes=False,
        ),
        md(
            """
            ## Every family as a frame

            `ws.<family>.frame()` makes one list call and returns a DataFrame indexed by the entity's id, with
            nullable dtypes and a few derived columns (`owner`, `age_days`). The same frame is where bulk edits
            start (see *02-bulk-cleanup-reports*).
            """
        ),
        code(
            PLOT_SETUP
            + """
FAMILIES = ["dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"]
frames = {family: getattr(ws, family).frame() for family in FAMILIES}
summary = pd.DataFrame({"entities": {family: len(df) for family, df in frames.items()}})
assert list(summary.index) == FAMILIES and (summary["entities"] >= 0).all()
summary
"""
        ),
        code(
            """
            ax = summary["entities"].sort_values().plot.barh(figsize=(6, 3), title=f"Entities on {ws.target.label()}")
            ax.set_xlabel("count")
            plt.show()
            """
        ),
        md("### Dashboards and reports"),
        code('frames["dashboards"][["title", "owner", "modified", "total_view_count"]].head(10)'),
        code('frames["reports"][["name", "bookmark_type", "dashboard_id", "owner", "modified"]].head(10)'),
        md("### Cohorts, feature flags and experiments"),
        code('frames["cohorts"][["name", "count", "is_visible", "last_edited"]].head(10)'),
        code('frames["flags"][["name", "key", "status", "serving_method", "tags"]].head(10)'),
        code('frames["experiments"][["name", "status", "start_date", "end_date", "owner"]].head(10)'),
        md("### Alerts, annotations and webhooks"),
        code('frames["alerts"][["name", "frequency", "paused", "valid"]].head(10)'),
        code('frames["annotations"][["date", "description"]].head(10)'),
        code('frames["webhooks"][["name", "url", "is_enabled", "auth_type"]]'),
        md(
            """
            ## The same calls, one entity at a time

            Every operation of Mixpanel's entity-management guide is a method on `ws` with the guide's name and
            params model (`ws.list_bookmarks_v2()`, `mp.CreateDashboardParams`, `ws.launch_experiment(...)`).
            """
        ),
        code(
            """
            report = ws.list_bookmarks_v2()[0]
            history = ws.get_bookmark_history(bookmark_id=report.id, page_size=5)
            more = history.pagination.has_more
            print(f"report {report.id} {report.name!r}: {len(history.data)} history entries, more pages: {more}")
            """
        ),
        md(
            """
            ## Next

            * `02-bulk-cleanup-reports`: find untitled, stale and duplicate reports, fix them in a frame, plan, apply,
              delete with a backup, restore.
            * `03-flags-and-experiments`: forms for flags and experiments, the lifecycle panel.
            * `04-alerts-annotations-webhooks` and `05-dashboards`.
            """
        ),
    ]


# -- 02 bulk cleanup -----------------------------------------------------------------------------------------
def cleanup() -> list[Cell]:
    return [
        *intro(
            "Bulk cleanup of reports",
            "Find untitled, stale and duplicate reports; name them from their query and describe them in a "
            "FrameEditor; review what a delete would take away; delete with a backup; restore from it. Every "
            "change waits for **your** click on Apply.",
            writes=True,
        ),
        code(
            "import json\n"
            + PLOT_SETUP
            + """
from IPython.display import display

from mpnb.widgets import FrameEditor, PlanView, readable

reports = ws.reports.frame()
now = pd.Timestamp.now().normalize()
if "idle_days" not in reports:  # days since the last edit (newer mpnb versions add the column themselves)
    reports["idle_days"] = (now - pd.to_datetime(reports["modified"])).dt.days
print(f"{len(reports)} reports on {ws.target.label()}")
readable(reports).head()  # short ids, plain dates, empty cells instead of <NA>
"""
        ),
        md(
            """
            ## Reports by age

            How long since each report was last edited, by type: the tail on the right is the cleanup.
            """
        ),
        code(
            """
            fig, ax = plt.subplots(figsize=(8, 3.5))
            types = sorted(reports["bookmark_type"].unique())
            ages = [reports.loc[reports["bookmark_type"] == t, "idle_days"] for t in types]
            ax.hist(ages, bins=12, stacked=True, label=types)
            ax.set_xlabel("days since last modified")
            ax.set_ylabel("reports")
            ax.legend()
            plt.show()
            """
        ),
        md(
            """
            ## Find them

            * **untitled**: the name starts with "Untitled";
            * **undescribed**: no description;
            * **stale**: not edited for a year and never viewed;
            * **duplicates**: the same type and the same query. In each group the **most viewed** copy stays
              (the oldest on a tie); another copy is proposed only when nobody views it (0 views). A copy that
              people open is shown for review but never proposed: deleting it would break their links.
            """
        ),
        code(
            """
            untitled = reports[reports["name"].str.match(r"(?i)^untitled")]
            undescribed = reports[reports["description"].fillna("").str.strip() == ""]
            stale = reports[(reports["idle_days"] > 365) & (reports["total_view_count"] == 0)]

            query = reports["bookmark_type"] + "|" + reports["params"].map(lambda p: json.dumps(p, sort_keys=True))
            ranked = reports.assign(query=query).sort_values(["total_view_count", "created"], ascending=[False, True])
            kept = ranked.drop_duplicates("query")["query"]
            kept = pd.Series(kept.index, index=kept.to_numpy())  # query -> the id that stays
            copies = ranked[ranked.duplicated("query")]
            pairs = pd.DataFrame(
                {
                    "keep": copies["query"].map(kept).to_numpy(),
                    "copy": copies.index,
                    "copy views": copies["total_view_count"].to_numpy(),
                    "proposed": (copies["total_view_count"] == 0).to_numpy(),
                }
            )
            duplicates = copies[copies["total_view_count"] == 0]
            print(
                f"untitled: {len(untitled)}, without a description: {len(undescribed)}, "
                f"stale: {len(stale)}, duplicate copies: {len(copies)} (proposed: {len(duplicates)})"
            )
            """
        ),
        md("Each duplicate next to the copy that stays: name, board and views of both."),
        code(
            """
            cols = ["name", "dashboard_id", "total_view_count"]
            side = pd.concat(
                {
                    "stays": readable(reports.loc[pairs["keep"]], cols).reset_index(),
                    "copy": readable(reports.loc[pairs["copy"]], cols).reset_index(),
                },
                axis=1,
            )
            side[("copy", "proposed")] = ["delete" if p else "keep: people view it" for p in pairs["proposed"]]
            side
            """
        ),
        md(
            """
            ## Name the untitled ones from their query

            A name made from what the report asks ("Funnels: Search → Checkout → Purchase") instead of a
            placeholder. The plan shows each rename; nothing is sent until you click **Apply**.
            """
        ),
        code(
            """
            def name_from_query(row: pd.Series) -> str:
                shown = (row["params"] or {}).get("sections", {}).get("show", [])
                events = [s.get("behavior", {}).get("name") for s in shown if s.get("behavior", {}).get("name")]
                return f"{row['bookmark_type'].title()}: {' → '.join(events) or 'no events'}"


            named = reports.copy()
            named.loc[untitled.index, "name"] = untitled.apply(name_from_query, axis=1)
            rename_view = PlanView(ws.reports.plan(named), progress=False)
            rename_view
            """
        ),
        md(
            """
            ## Describe them, in the FrameEditor

            The reports without a description, in a grid: sort and search it, select rows, type what they
            answer into **Set description**, and the plan beneath follows. Only you know what a report is for,
            so nothing is written for you: **Apply** sends what you typed.
            """
        ),
        code(
            """
            editor = FrameEditor(ws, "reports", ids=list(undescribed.index), progress=False)
            editor
            """
        ),
        md(
            """
            ## Review the deletes

            The stale reports and the unviewed duplicate copies. Put the ids you want to keep into
            `keep_anyway` and run the cell again. The most viewed reports are never in this list (the
            check below stops the notebook if one were).
            """
        ),
        code(
            """
            keep_anyway: set[int] = set()  # ids to keep after all, e.g. {41, 47}

            doomed = sorted((set(stale.index) | set(duplicates.index)) - keep_anyway)
            most_viewed = set(reports.nlargest(10, "total_view_count").index)
            assert not most_viewed & set(doomed), "a most-viewed report is proposed for deletion: review the rules"
            review = readable(reports.loc[doomed], ["name", "dashboard_id", "total_view_count", "idle_days"])
            review["why"] = ["duplicate, unviewed" if i in duplicates.index else "stale" for i in doomed]
            review
            """
        ),
        md("**What a restore cannot bring back.** Read this before you click Apply:"),
        code(
            """
            lost = ", ".join(ws.reports.spec.lost_on_restore)
            boards = sorted(int(b) for b in reports.loc[doomed, "dashboard_id"].dropna().unique())
            print(
                f"Deleting {len(doomed)} reports removes their cards from boards {boards}. A backup of the full "
                f"records is written first, and ws.restore(backup) recreates them, but without: {lost}."
            )
            """
        ),
        md(
            """
            ## Delete, with a backup

            The plan names each report, its board, views and last edit. **Apply** asks before it sends;
            every delete writes a backup of the full records first. Deleting this many reports at once (more
            than a tenth of the project's) also needs the box above Apply ticked: a large delete is never one
            click away.
            """
        ),
        code(
            """
            delete_view = PlanView(ws.reports.plan(ws.reports.frame(), delete=doomed), progress=False)
            delete_view
            """
        ),
        md(
            """
            ## Restore

            After the delete, `ws.restore(backup)` recreates what the backup holds: new ids, and the map of
            old to new ids comes back. Run this cell after you applied the delete above.
            """
        ),
        code(
            """
            backup = ws.backups.latest("reports")
            if delete_view.result is None or backup is None:
                print("Nothing deleted yet: click Apply in the delete plan above, then run this cell again.")
            else:
                restored = ws.restore(backup)
                print(restored)  # what came back, and what could not
                print(f"{len(ws.reports.frame())} reports now")
                table = restored.to_frame()
                display(table.head())
            """
        ),
    ]


# -- 03 flags and experiments --------------------------------------------------------------------------------
def flags_experiments() -> list[Cell]:
    return [
        *intro(
            "Feature flags and experiments",
            "Forms for flags and experiments, the experiment lifecycle panel, and the project's experiments by state.",
            writes=True,
        ),
        code(
            PLOT_SETUP
            + """
STATES = ["draft", "active", "concluded", "success", "fail"]  # every chart orders states the same way
flags = ws.flags.frame()
experiments = ws.experiments.frame()
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
flags["status"].value_counts().plot.bar(ax=left, title="Flags by status", rot=0)
by_state = experiments["status"].value_counts().reindex(STATES, fill_value=0)
by_state.plot.bar(ax=right, title="Experiments by state", rot=0)
plt.tight_layout()
plt.show()
"""
        ),
        md(
            """
            ## A new feature flag

            Type a **Name** (the key follows it), adjust variants and rollout, and click **Create**. Errors show next
            to their field; the status line says what was sent.
            """
        ),
        code(
            """
            from mpnb.widgets import ExperimentForm, ExperimentList, FlagForm, LifecyclePanel

            flag_form = FlagForm(ws)
            flag_form
            """
        ),
        md(
            """
            ## A new experiment

            Name, variants (splits in percent; **split evenly** shares them), metrics one per line
            (`name = event`, the first is primary), then optional dates and a flag to link. A flag you create
            above is picked here for you. **Create** runs the steps and reports each.
            """
        ),
        code(
            """
            experiment_form = ExperimentForm(ws)
            flag_form.on_created(lambda flag: experiment_form.load_flags(select=flag.id))
            experiment_form
            """
        ),
        md(
            """
            ## The lifecycle panel

            A draft experiment made in code, and its panel: one button per legal move (draft: **Launch** or
            **Archive**), each asking for confirmation before it is sent.
            """
        ),
        code(
            """
            draft = ws.create_experiment(
                mp.CreateExperimentParams(
                    name="Checkout Button Color",
                    description="Green vs blue checkout button",
                    hypothesis="A green button lifts checkouts",
                    variants=[
                        {"key": "control", "is_control": True, "split": 0.5},
                        {"key": "green", "is_control": False, "split": 0.5},
                    ],
                    metrics=[{"name": "Checkout conversion", "type": "primary", "event": "Checkout"}],
                )
            )
            panel = LifecyclePanel(ws, draft.id)
            panel
            """
        ),
        md("## Every experiment\n\nPick one to open its lifecycle panel below the table."),
        code(
            """
            experiment_list = ExperimentList(ws)
            experiment_list.follow(panel)  # the table follows the panel above too
            experiment_list
            """
        ),
        md(
            """
            ## The same widgets, driven from code

            Each control is an attribute, so a script (or a test) fills and clicks them as a person would.
            """
        ),
        code(
            """
            scripted_flag = FlagForm(ws)
            scripted_flag.name.value = "Scripted Dark Mode"
            scripted_flag.create.click()
            print(scripted_flag.status_text)
            assert scripted_flag.created is not None and scripted_flag.created.key == "scripted_dark_mode"

            scripted_experiment = ExperimentForm(ws)
            scripted_experiment.name.value = "Scripted Onboarding Test"
            scripted_experiment.metrics.value = "Activation = Sign Up"
            scripted_experiment.load_flags()
            scripted_experiment.flag.value = scripted_flag.created.id
            scripted_experiment.create.click()
            print(scripted_experiment.status_text)
            assert scripted_experiment.done == ["create", "link"]
            """
        ),
        code(
            """
            scripted_panel = LifecyclePanel(ws, scripted_experiment.experiment.id)
            for move in ("launch", "conclude", "decide"):
                scripted_panel.buttons[move].click()
                scripted_panel.confirm.yes.click()
                print(scripted_panel.status_text)
            assert scripted_panel.lifecycle.status.value == "success"
            """
        ),
        code(
            """
            experiments = ws.experiments.frame()
            counts = experiments["status"].value_counts().reindex(STATES, fill_value=0)
            ax = counts.plot.bar(figsize=(5, 3), title="Experiments by state, now", rot=0)
            plt.show()
            """
        ),
    ]


# -- 04 alerts, annotations, webhooks ------------------------------------------------------------------------
def alerts_annotations_webhooks() -> list[Cell]:
    return [
        *intro(
            "Alerts, annotations and webhooks",
            "Create an alert on a saved report (form and code), pause noisy ones in bulk, mark releases with "
            "annotations, and test and manage webhooks.",
            writes=True,
        ),
        code(
            PLOT_SETUP
            + """
alerts = ws.alerts.frame()
alerts["report"] = alerts["bookmark"].map(lambda b: b.get("name") if isinstance(b, dict) else None)
alerts[["name", "report", "frequency", "paused", "last_fired"]]
"""
        ),
        md(
            """
            ## An alert from the form

            Search a report, name the alert, set the condition and recipients, then **Create**.
            """
        ),
        code(
            """
            from mpnb.widgets import AlertForm

            alert_form = AlertForm(ws)
            alert_form
            """
        ),
        md("## The same in code: test first, then create"),
        code(
            """
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
            """
        ),
        md("## Pause the hourly alerts in one plan"),
        code(
            """
            frame = ws.alerts.frame()
            frame.loc[frame["frequency"] == 3600, "paused"] = True
            plan = ws.alerts.plan(frame)
            print(plan.counts())
            result = plan.apply(confirm=ws.target.is_real, progress=False)
            assert (result["status"] == "ok").all()
            assert ws.alerts.frame().query("frequency == 3600")["paused"].all()
            """
        ),
        md("## Annotations\n\nWhat happened when, on one line: releases, incidents, experiments."),
        code(
            """
            tags = {t.name: t.id for t in ws.list_annotation_tags()}
            release = tags.get("release") or ws.create_annotation_tag(mp.CreateAnnotationTagParams(name="release")).id
            note = ws.create_annotation(
                mp.CreateAnnotationParams(date="2026-01-15 09:00:00", description="v3.0 release", tags=[release])
            )
            annotations = ws.annotations.frame()
            annotations["tag"] = annotations["tags"].map(lambda ts: ts[0]["name"] if len(ts) else "(none)")
            assert note.id in annotations.index
            annotations[["date", "description", "tag"]].tail()
            """
        ),
        code(
            """
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
            """
        ),
        md(
            """
            ## Webhooks

            Test a URL before saving it (the sandbox answers without leaving the machine: `*.invalid` hosts fail).
            A Basic-auth password would come from a password box or an environment variable, never from a cell.
            """
        ),
        code(
            """
            for url in ("https://hooks.example.com/mixpanel", "https://hooks.down.invalid/mixpanel"):
                outcome = ws.test_webhook(mp.WebhookTestParams(url=url))
                print(f"{url}: {'ok' if outcome.success else 'failed'} ({outcome.status_code}) {outcome.message}")
            hook = ws.create_webhook(mp.CreateWebhookParams(name="Cohort sync (demo)", url="https://hooks.example.com/mixpanel"))
            ws.webhooks.frame()[["name", "url", "is_enabled"]]
            """
        ),
        code(
            """
            # one plan: disable every webhook whose URL does not answer a test, and rename the demo hook
            hooks = ws.webhooks.frame()
            answers = {wid: ws.test_webhook(mp.WebhookTestParams(url=url)).success for wid, url in hooks["url"].items()}
            hooks.loc[[wid for wid, ok in answers.items() if not ok], "is_enabled"] = False
            hooks.loc[hook.id, "name"] = "Cohort sync (demo, checked)"
            result = ws.webhooks.plan(hooks).apply(confirm=ws.target.is_real, progress=False)
            print(result[["id", "action", "status"]])
            assert len(result) >= 1 and (result["status"] == "ok").all()
            ws.delete_webhook(hook.id)  # a backup is written first
            assert hook.id not in ws.webhooks.frame().index
            """
        ),
    ]


# -- 05 dashboards ---------------------------------------------------------------------------------------
def dashboards() -> list[Cell]:
    return [
        *intro(
            "Dashboards",
            "Build dashboards from blueprints, add and remove reports, edit text cards, and clean up with a backup.",
            writes=True,
        ),
        code(
            PLOT_SETUP
            + """
boards = ws.dashboards.frame()
boards[["title", "owner", "modified", "total_view_count"]]
"""
        ),
        code(
            """
            views = boards.set_index("title")["total_view_count"].sort_values()
            views.plot.barh(figsize=(6, 3), title="Views by dashboard")
            plt.show()
            """
        ),
        md(
            """
            ## From a blueprint

            Mixpanel's templates create a board with its reports and text cards in three calls.
            """
        ),
        code(
            """
            templates = ws.list_blueprint_templates()
            for t in templates:
                print(f"{t.title_key}: {t.number_of_reports} reports")
            draft = ws.create_blueprint(template_type="product_analytics")
            config = ws.get_blueprint_config(draft.id)
            board = ws.finalize_blueprint(mp.BlueprintFinishParams(dashboard_id=draft.id, cards=config.cards))
            print(f"dashboard {board.id} {board.title!r}: {len(board.report_ids)} reports")
            """
        ),
        md("## Text cards"),
        code(
            """
            board = ws.get_dashboard(board.id)
            text_cards = board.cards("text")
            if text_cards:
                ws.update_text_card(
                    dashboard_id=board.id,
                    text_card_id=text_cards[0]["content_id"],
                    params=mp.UpdateTextCardParams(markdown="## Weekly review\\nOwner: growth team"),
                )
                board = ws.get_dashboard(board.id)
                print(board.contents["text"][str(text_cards[0]["content_id"])]["markdown"])
            """
        ),
        md("## A board of your own: add and remove reports"),
        code(
            """
            header = mp.DashboardRowContent(content_type="text", content_params={"markdown": "## Checkout"})
            mine = ws.create_dashboard(
                mp.CreateDashboardParams(
                    title="Checkout health",
                    description="Checkout reports in one place",
                    rows=[mp.DashboardRow(contents=[header])],
                )
            )
            picks = [r.id for r in ws.list_bookmarks_v2() if "checkout" in r.name.lower()][:3]
            for rid in picks:
                ws.add_report_to_dashboard(mine.id, rid)
            mine = ws.get_dashboard(mine.id)
            print(f"{mine.title}: {len(mine.report_ids)} reports, {len(mine.cards('text'))} text card(s)")
            assert len(mine.report_ids) == len(picks)
            """
        ),
        code(
            """
            if mine.report_ids:
                ws.remove_report_from_dashboard(mine.id, mine.report_ids[-1])
            mine = ws.get_dashboard(mine.id)
            print(f"after removing one: {len(mine.report_ids)} reports")
            """
        ),
        md("## Rename in bulk, then delete with a backup"),
        code(
            """
            frame = ws.dashboards.frame()
            frame.loc[mine.id, "description"] = "Checkout reports; reviewed weekly"
            result = ws.dashboards.plan(frame).apply(confirm=ws.target.is_real, progress=False)
            print(result[["id", "action", "status"]])
            ws.delete_dashboard(mine.id)
            backup = ws.backups.latest("dashboards")
            cascaded = sum(map(len, backup.cascades.values()))
            print(f"backup of {len(backup.records)} dashboard(s) and {cascaded} record(s) that went with them")
            assert mine.id not in ws.dashboards.frame().index
            """
        ),
    ]


NOTEBOOKS = {
    "01-quickstart.ipynb": quickstart,
    "02-bulk-cleanup-reports.ipynb": cleanup,
    "03-flags-and-experiments.ipynb": flags_experiments,
    "04-alerts-annotations-webhooks.ipynb": alerts_annotations_webhooks,
    "05-dashboards.ipynb": dashboards,
}


def build(name: str) -> Any:
    nb = nbf.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    stem = name.split("-")[0]
    for i, (kind, source, tags) in enumerate(NOTEBOOKS[name]()):
        cell = nbf.v4.new_markdown_cell(source) if kind == "markdown" else nbf.v4.new_code_cell(source)
        cell.id = f"nb{stem}-{i:02d}"
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nbf.validate(nb)
    return nb


def render(name: str) -> str:
    return str(nbf.writes(build(name))) + "\n"


README = HERE.parent / "README.md"
_LINK = re.compile(r"(https://mybinder\.org/v2/gh/|https://colab\.research\.google\.com/github/)[\w.-]+/[\w.-]+/")


def readme_with_links(text: str) -> str:
    """The README with its Binder and Colab links pointing at ``MPNB_REPO_URL``."""
    owner_repo = MPNB_REPO_URL.removeprefix("https://github.com/").strip("/")
    return _LINK.sub(lambda m: f"{m.group(1)}{owner_repo}/", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the notebooks are up to date")
    args = parser.parse_args(argv)
    stale = []
    for name in NOTEBOOKS:
        path = HERE / name
        text = render(name)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    if readme_with_links(readme) != readme:
        if args.check:
            stale.append("README.md links")
        else:
            README.write_text(readme_with_links(readme), encoding="utf-8")
    if stale:
        print("out of date (run python notebooks/build_notebooks.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


# -- 06 audit (appended: the cleanup audit across all eight families) ----------------------------------------
def audit_notebook() -> list[Cell]:
    return [
        *intro(
            "Cleanup audit",
            "Find what is stale, broken, duplicated or orphaned in all eight families, chart it, review it, "
            "fix two rules through plans, and audit again.",
            writes=True,
        ),
        md(
            """
            ## Audit

            `ws.audit()` reads each family once (plus a few named extra reads) and **changes nothing**.
            Mixpanel's API does not list a project's members, so the rules about departed owners need the
            people still in the project: edit `MEMBERS` (or leave it `None` to skip those rules). Testing
            webhooks sends one request to each receiver, so it is on only for the sandbox here.
            """
        ),
        code(
            PLOT_SETUP
            + """
from IPython.display import display

# the demo project's people, minus one who left (edit for your project; None skips the owner rules)
MEMBERS = ["ana@example.com", "ben@example.com", "chen@example.com", "eli@example.com"]
audit = ws.audit(members=MEMBERS, test_webhooks=not ws.target.is_real)
audit
"""
        ),
        md("## Findings by family and rule"),
        code(
            """
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
            """
        ),
        md(
            """
            ## One finding of every rule

            The demo project is messy on purpose: it has at least one finding of every rule (a stale board of
            an old quarter, a card twice on one board, an experiment running past its end date, a project over
            its flag allowance, a webhook on a dead host, ...). The first finding of each rule, with why:
            """
        ),
        code(
            """
            summary = audit.summary().set_index("rule")
            skipped = summary.loc[summary["skipped"] != "", "skipped"]
            print(f"{(summary['findings'] > 0).sum()} of {len(summary)} rules found something; skipped: {len(skipped)}")
            findings.drop_duplicates("rule")[["family", "rule", "name", "severity", "action", "evidence"]]
            """
        ),
        md(
            """
            ## Review

            Every finding carries its evidence and a suggested action as data: `delete`, `archive` and
            `update` can become a plan; `review` needs a person (near-duplicates, untitled reports, ...).
            """
        ),
        code(
            """
            findings.query("severity == 'high'")[["family", "name", "rule", "action", "evidence"]]
            """
        ),
        code(
            """
            pd.crosstab(findings["rule"], findings["action"])
            """
        ),
        md(
            """
            The same query on two boards is only ever reported: which copy is right is a person's call.
            Side by side:
            """
        ),
        code(
            """
            near = findings[findings["rule"] == "near_duplicate_report"]
            evidence = pd.json_normalize(near["evidence"].tolist())
            pd.concat([near[["id", "name"]].reset_index(drop=True), evidence], axis=1)
            """
        ),
        md(
            """
            ## Fix two rules through plans

            Alerts whose report is broken, and flags disabled for months (archiving them also frees room under
            the flag allowance). `audit.plan(rules=[...])` makes one frames plan per family (backups before
            deletes, confirmation on real Mixpanel, one result row per entity). Each `PlanView` below has an
            **Apply** button: click it to apply that family's plan.
            """
        ),
        code(
            """
            from mpnb.widgets import PlanView

            plan = audit.plan(rules=["orphaned_alert", "stale_flag"])
            views = [PlanView(p, progress=False) for p in plan.plans.values()]
            for view in views:
                display(view)
            """
        ),
        code(
            """
            # Applied here in code so that Run All can show the re-audit. Working by hand, click Apply above
            # instead: a plan applied by a click is skipped here.
            if not any(p.applied for p in plan.plans.values()):
                result = plan.apply(confirm=ws.target.is_real, progress=False)
                print(result.groupby(["family", "action", "status"]).size())
            """
        ),
        md("## Audit again\n\nThe rules whose count changed: the two fixed ones, and any the fix helped."),
        code(
            """
            after = ws.audit(members=MEMBERS, test_webhooks=not ws.target.is_real)
            before_counts = audit.summary().set_index("rule")["findings"]
            compare = pd.DataFrame({"before": before_counts, "after": after.summary().set_index("rule")["findings"]})
            assert compare.loc[["orphaned_alert", "stale_flag"], "after"].eq(0).all()
            compare[compare["before"] != compare["after"]]
            """
        ),
        md(
            """
            From the shell the same audit is `mpnb audit --format table` (exit code 8 when something is found,
            0 when clean, for scheduled jobs) and `mpnb audit --fix stale_flag --yes`.

            Back to [the quickstart](01-quickstart.ipynb) or [the report cleanup](02-bulk-cleanup-reports.ipynb).
            """
        ),
    ]


NOTEBOOKS["06-audit.ipynb"] = audit_notebook


if __name__ == "__main__":
    sys.exit(main())
