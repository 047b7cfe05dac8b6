# %% [markdown]
# # Dashboards
#
# Build dashboards from blueprints, add and remove reports, edit text cards, and clean up with a backup.
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
from mpnb.notebook import board_html, connect

ws = connect(TARGET, MP_USERNAME, MP_PROJECT_ID, MP_REGION, allow_writes=ALLOW_WRITES_TO_REAL_PROJECT)
print(ws.info())

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

pd.set_option("display.max_colwidth", 60)

from mpnb.widgets import PlanView, readable

boards = ws.dashboards.frame()
readable(boards, ["title", "owner", "modified", "total_view_count"]).head(20)

# %%
# the 15 most viewed boards, and how views spread over all of them (a project can have thousands)
top = boards.nlargest(15, "total_view_count").set_index("title")["total_view_count"].sort_values()
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.5), gridspec_kw={"width_ratios": [3, 2]})
top.plot.barh(ax=left, title=f"The 15 most viewed of {len(boards)} boards")
left.set_ylabel("")
boards["total_view_count"].fillna(0).plot.hist(ax=right, bins=20, title="Views per board")
right.set_xlabel("views")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## From a blueprint
#
# Mixpanel's templates create a board with its reports and text cards in three calls.

# %%
templates = ws.list_blueprint_templates()
for t in templates:
    print(f"{t.title_key}: {t.number_of_reports} reports")
draft = ws.create_blueprint(template_type="product_analytics")
config = ws.get_blueprint_config(draft.id)
board = ws.finalize_blueprint(mp.BlueprintFinishParams(dashboard_id=draft.id, cards=config.cards))
print(f"dashboard {board.id} {board.title!r}: {len(board.report_ids)} reports")

# %% [markdown]
# ## Text cards, and the board's layout
#
# A board is rows of cards, each row twelve columns wide. `board_html(ws, board_id)` draws them to scale:
# report cards with their name and type, text cards with their first line.

# %%
board = ws.get_dashboard(board.id)
text_cards = board.cards("text")
if text_cards:
    ws.update_text_card(
        dashboard_id=board.id,
        text_card_id=text_cards[0]["content_id"],
        params=mp.UpdateTextCardParams(markdown="## Weekly review\nOwner: growth team"),
    )
    board = ws.get_dashboard(board.id)
    print(board.contents["text"][str(text_cards[0]["content_id"])]["markdown"])
HTML(board_html(ws, board.id))

# %% [markdown]
# ## A board of your own: add and remove reports

# %%
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
assert len(mine.report_ids) == len(picks)
HTML(board_html(ws, mine.id))

# %%
if mine.report_ids:
    ws.remove_report_from_dashboard(mine.id, mine.report_ids[-1])
mine = ws.get_dashboard(mine.id)
print(f"after removing one: {len(mine.report_ids)} reports")
display(HTML(board_html(ws, mine.id)))

# %% [markdown]
# ## Rename in bulk
#
# One plan for several boards: the boards of the person who owns the most get their team in front of the
# title. Edit the frame, read the plan; **Apply** sends it.

# %%
frame = ws.dashboards.frame()
owner = frame["owner"].value_counts().idxmax()
theirs = frame.index[frame["owner"] == owner]
frame.loc[theirs, "title"] = "Growth · " + frame.loc[theirs, "title"]
plan = ws.dashboards.plan(frame)
rename_view = PlanView(plan, progress=False)
rename_view

# %%
if rename_view.result is None:
    print("Nothing sent yet: click Apply above, then run this cell to see the boards as they are now.")
else:
    after = ws.dashboards.frame()
    display(after.loc[theirs, ["title", "owner", "description"]])

# %% [markdown]
# ## Delete with a backup
#
# The two boards this tutorial made go again, with the reports saved to them: the project is left as it was
# found. Each delete writes a backup first (`ws.restore(backup)` would bring a board back).

# %%
for made in (mine.id, board.id):
    ws.delete_dashboard(made)
    backup = ws.backups.latest("dashboards")
    cascaded = sum(map(len, backup.cascades.values()))
    print(f"board {made}: backup of {len(backup.records)} dashboard and {cascaded} record(s) that went with it")
assert not {mine.id, board.id} & set(ws.dashboards.frame().index)


# %% [markdown]
# ## Next
#
# [06 Cleanup audit](06-audit.ipynb): what is stale, broken, duplicated or orphaned across all eight families,
# and fixes through plans. Back to the start: [01 Quickstart](01-quickstart.ipynb).
