"""The demo notebooks as committed: generated, clean, safe by default; nbval runs them (pyproject's addopts)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

import mpnb as mp
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = [
    "01-quickstart.ipynb",
    "02-bulk-cleanup-reports.ipynb",
    "03-flags-and-experiments.ipynb",
    "04-alerts-annotations-webhooks.ipynb",
    "05-dashboards.ipynb",
    "06-audit.ipynb",
    "07-copy-between-projects.ipynb",
    "08-lexicon-cleanup.ipynb",
]


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_notebooks", NOTEBOOKS / "build_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_notebooks", module)
    spec.loader.exec_module(module)
    return module


def _read(name: str) -> Any:
    return nbformat.read(NOTEBOOKS / name, as_version=4)  # type: ignore[no-untyped-call]


def _cell(nb: Any, needle: str) -> str:
    return next(str(c.source) for c in nb.cells if c.cell_type == "code" and needle in c.source)


def test_the_notebooks_are_the_generators_output() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED
    assert sorted(_builder().NOTEBOOKS) == EXPECTED  # one percent source per notebook
    assert _builder().main(["--check"]) == 0, "run: python notebooks/build_notebooks.py"


def test_check_notices_a_notebook_edited_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _builder()
    for name in EXPECTED:
        (tmp_path / name).write_text((NOTEBOOKS / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(builder, "HERE", tmp_path)
    monkeypatch.setattr(builder, "README", tmp_path / "README.md")
    (tmp_path / "README.md").write_text("no links\n", encoding="utf-8")
    assert builder.main(["--check"]) == 0
    nb = _read("04-alerts-annotations-webhooks.ipynb")
    nb.cells[-1].source += "\nprint('edited in Jupyter')"
    nbformat.write(nb, tmp_path / "04-alerts-annotations-webhooks.ipynb")  # type: ignore[no-untyped-call]
    assert builder.main(["--check"]) == 1
    assert builder.main([]) == 0 and builder.main(["--check"]) == 0  # rebuilt from the source


def test_the_percent_sources_are_what_ruff_checks() -> None:
    """The notebooks' code is linted where it is written: a mistake in a source fails ruff."""
    pytest.importorskip("ruff", reason="ruff is installed by the test extra")
    import subprocess

    sources = sorted((NOTEBOOKS / "src").glob("*.py"))
    assert [p.stem for p in sources if p.stem[0].isdigit()] == [n.removesuffix(".ipynb") for n in EXPECTED]
    ok = subprocess.run([sys.executable, "-m", "ruff", "check", *map(str, sources)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    fmt = [sys.executable, "-m", "ruff", "format", "--check", *map(str, sources)]
    assert subprocess.run(fmt, capture_output=True, text=True).returncode == 0
    broken = NOTEBOOKS / "src" / "01-quickstart.py"
    text = broken.read_text(encoding="utf-8") + "\n# %%\nprint(undefined_name)\n"
    bad = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--stdin-filename", str(broken), "-"],
        input=text,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "F821" in bad.stdout


@pytest.mark.parametrize("name", EXPECTED)
def test_committed_without_outputs_widget_state_secrets_or_absolute_paths(name: str) -> None:
    text = (NOTEBOOKS / name).read_text(encoding="utf-8")
    nb = _read(name)
    nbformat.validate(nb)  # type: ignore[no-untyped-call]
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert "widgets" not in nb.metadata
    assert nb.metadata.kernelspec.name == "python3"
    assert not re.search(r"(/work/|/root/|/home/|/tmp/|/Users/|[A-Z]:\\\\)", text)
    assert DEMO_SECRET not in text  # not even the sandbox's documented one
    assert not re.search(r"(secret|password|token)\s*=\s*[\"'][^\"']+[\"']", text, re.I)


@pytest.mark.parametrize("name", EXPECTED)
def test_first_cell_explains_the_target_and_a_parameters_cell_sets_it(name: str) -> None:
    nb = _read(name)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    for word in ("sandbox", "parameters", "MPNB_BASE_URL", "MP_USERNAME", "password box", "Never type a secret"):
        assert word in first.source
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and 'TARGET = "sandbox"' in params[0].source


@pytest.mark.parametrize("name", EXPECTED)
def test_the_colab_cell_is_a_no_op_outside_colab(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    source = _cell(_read(name), "google.colab")
    assert f'MPNB_REPO_URL = "{_builder().MPNB_REPO_URL}"' in source
    monkeypatch.setitem(sys.modules, "google.colab", None)  # import fails as it does outside Colab

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Colab cell ran pip outside Colab")

    monkeypatch.setattr(subprocess, "run", refuse)
    namespace: dict[str, Any] = {}
    exec(compile(source, name, "exec"), namespace)
    assert namespace["IN_COLAB"] is False


def _connect(name: str, **params: Any) -> mp.Workspace:
    """Run a notebook's parameters and connect cells (with ``params`` overriding the parameters)."""
    nb = _read(name)
    namespace: dict[str, Any] = {}
    exec(next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", [])), namespace)
    namespace.update(params)
    exec(_cell(nb, "ws = connect("), namespace)
    ws: mp.Workspace = namespace["ws"]
    return ws


def test_by_default_the_notebooks_ignore_real_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MP_USERNAME", "someone.real")
    monkeypatch.setenv("MP_SECRET", "not-for-a-demo")
    monkeypatch.setenv("MP_PROJECT_ID", "4242")
    ws = _connect("02-bulk-cleanup-reports.ipynb")
    assert ws.target.kind == "sandbox" and not ws.target.is_real


def test_a_sandbox_served_on_loopback_is_used_when_set(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPNB_BASE_URL", server.url)
    monkeypatch.setenv("MP_USERNAME", DEMO_USERNAME)
    monkeypatch.setenv("MP_SECRET", DEMO_SECRET)
    monkeypatch.setenv("MP_PROJECT_ID", str(DEMO_PROJECT_ID))
    ws = _connect("03-flags-and-experiments.ipynb")
    assert ws.target.kind == "url" and ws.target.app_url.startswith(server.url)


def test_the_real_target_asks_for_the_secret_and_writes_need_consent(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "")
    with pytest.raises(RuntimeError, match="type it into the password box"):
        _connect("01-quickstart.ipynb", TARGET="mixpanel", MP_USERNAME="sa", MP_PROJECT_ID=1)
    assert asked == ["Service account secret of sa: "]  # the read-only notebook asks at once
    for name in EXPECTED[1:]:  # every notebook that edits stops before asking, until the reader consents
        with pytest.raises(RuntimeError, match="ALLOW_WRITES_TO_REAL_PROJECT = True"):
            _connect(name, TARGET="mixpanel", MP_USERNAME="sa", MP_PROJECT_ID=1)
        params = _cell(_read(name), "ALLOW_WRITES_TO_REAL_PROJECT = False")
        assert "parameters" in next(c for c in _read(name).cells if c.source == params).metadata["tags"]
    assert len(asked) == 1
    with pytest.raises(RuntimeError, match="type it into the password box"):
        _connect(
            "05-dashboards.ipynb",
            TARGET="mixpanel",
            MP_USERNAME="sa",
            MP_PROJECT_ID=1,
            **{"ALLOW_WRITES_TO_REAL_PROJECT": True},
        )
    assert len(asked) == 2


def test_the_setup_is_short_and_the_colab_cell_is_collapsed() -> None:
    for name in EXPECTED:
        cells = _read(name).cells
        assert [c.cell_type for c in cells[:4]] == ["markdown", "code", "code", "code"]
        assert "parameters" in cells[1].metadata["tags"]
        assert "google.colab" in cells[2].source and cells[2].metadata["jupyter"]["source_hidden"] is True
        assert cells[2].metadata["cellView"] == "form" and "# @param" in cells[2].source  # a form on Colab
        assert "ws = connect(TARGET" in cells[3].source and len(cells[3].source.splitlines()) <= 5
        extra = 1 if name.startswith("07-") else 0  # the copy notebook also names the project to copy into
        assert len(cells[1].source.splitlines()) <= 5 + extra  # TARGET, the three real-project fields, consent


def test_next_links_are_markdown_links_to_notebooks_that_exist() -> None:
    for name in EXPECTED:
        text = "\n".join(c.source for c in _read(name).cells if c.cell_type == "markdown")
        links = re.findall(r"\]\(([\w.-]+\.ipynb)\)", text)
        assert links, f"{name} links to no other notebook"
        assert set(links) <= set(EXPECTED) - {name}, (name, links)
        assert not re.search(r"`0\d-[\w-]+`", text), f"{name} names a notebook as code text, not a link"


def test_readme_links_binder_and_colab_with_the_repository_constant() -> None:
    url = _builder().MPNB_REPO_URL
    owner_repo = url.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MPNB_REPO_URL" in readme
    assert f"https://mybinder.org/v2/gh/{owner_repo}/HEAD" in readme
    for name in EXPECTED:
        assert f"https://colab.research.google.com/github/{owner_repo}/blob/main/notebooks/{name}" in readme


def _run_all(name: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Every code cell of a notebook, top to bottom, in one namespace (a "Run All" without a kernel)."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setitem(sys.modules, "google.colab", None)
    namespace: dict[str, Any] = {}
    for cell in _read(name).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, name, "exec"), namespace)
    return namespace


def _writes(ws: mp.Workspace) -> list[tuple[str, str]]:
    assert ws.emulator is not None
    return [(m, p) for m, p in ws.emulator.requests if m != "GET"]


def test_cleanup_run_all_proposes_no_viewed_report_and_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    ns = _run_all("02-bulk-cleanup-reports.ipynb", monkeypatch)
    ws: mp.Workspace = ns["ws"]
    assert _writes(ws) == []  # Run All clicked nothing
    before = ws.reports.frame()
    queue = ns["queue"]
    proposed = set(queue.deletes("reports"))
    assert proposed and not proposed & set(before.index[before["unique_view_count"].fillna(0) > 0])
    dups = ns["cleanup"].findings.query("rule == 'duplicate_report'")
    for f in dups.itertuples():  # a proposed copy shares its board and query with the copy that stays
        kept = before.loc[f.evidence["kept"]]
        assert (kept["dashboard_id"], kept["params_key"]) == tuple(before.loc[f.id, ["dashboard_id", "params_key"]])
    assert ns["rename_view"].result is None and ns["editor"].result is None

    # the reader's clicks: rename, describe three reports in the editor, delete from the queue, restore
    ns["rename_view"].apply.click()
    ns["rename_view"].confirm.yes.click()
    editor = ns["editor"]
    three = editor.frame.index[:3].tolist()
    editor.select(three)
    editor.set_value("description", "Answers how many people buy each week")
    editor.apply_button.click()
    editor.confirm.yes.click()
    assert [ws.get_bookmark(i).description for i in three] == ["Answers how many people buy each week"] * 3
    view = queue.views["reports"]
    view.allow_mass_delete.value = True
    view.apply.click()
    view.confirm.yes.click()
    done = view.result.set_index("id")["status"]
    held = set(done[done == "conflict"].index)  # renamed or described by the reader after planning: kept
    assert held <= {c.id for c in ns["rename_view"].plan.changes} | set(three)
    deleted = set(done[done == "ok"].index)
    assert deleted and set(ws.reports.frame().index) == set(before.index) - deleted
    exec(_cell(_read("02-bulk-cleanup-reports.ipynb"), "restored = ws.restore(backup)"), ns)
    table = ns["table"]
    entities = table[table.role == "entity"]
    assert set(entities[entities.family == "reports"].old_id) == deleted and (entities["status"] == "ok").all()
    assert set(table[table.role == "dependant"].status) <= {"ok", "listed"}
    assert len(ws.reports.frame()) == len(before)


def test_dashboards_run_all_renames_several_boards_in_one_plan_and_draws_layouts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ns = _run_all("05-dashboards.ipynb", monkeypatch)
    ws: mp.Workspace = ns["ws"]
    plan = ns["plan"]
    renamed = [c for c in plan.changes if c.field == "title"]
    assert len(renamed) >= 2 and not plan.applied  # a bulk rename: several rows, one plan, sent only by a click
    assert not any(t.startswith("Growth · ") for t in ws.dashboards.frame()["title"])
    ns["rename_view"].apply.click()
    ns["rename_view"].confirm.yes.click()
    titles = ws.dashboards.frame()["title"]
    assert all(titles[c.id].startswith("Growth · ") for c in renamed)
    source = "\n".join(c.source for c in _read("05-dashboards.ipynb").cells if c.cell_type == "code")
    assert source.count("board_html(ws, ") >= 2  # the blueprint's board and the reader's own


def _shown(name: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each code cell of a notebook displays (its last expression, as Jupyter renders it), after Run All."""
    import ast

    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setitem(sys.modules, "google.colab", None)
    namespace: dict[str, Any] = {}
    shown: list[str] = []
    for cell in _read(name).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, name, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
            render = getattr(value, "_repr_html_", None)
            shown.append(str(render() if callable(render) else repr(value)))
    return shown


def test_the_quickstart_shows_tidy_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short ids, dates without a midnight time, empty cells for missing values, frequencies in words."""
    shown = "\n".join(_shown("01-quickstart.ipynb", monkeypatch))
    assert "<table" in shown  # the frames are on show
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", shown)
    assert "T00:00:00" not in shown and " 00:00:00" not in shown
    assert "&lt;NA&gt;" not in shown and "<NA>" not in shown and ">NaT<" not in shown and ">None<" not in shown
    assert not re.search(r">\s*(604800|86400|3600)\s*<", shown)
    assert "weekly" in shown or "daily" in shown or "hourly" in shown


def _destination(dst: mp.Workspace) -> dict[str, str]:
    """What a write to the copy's destination would change: every family's records there, hashed."""
    import hashlib
    import json

    from mpnb._families import REGISTRY
    from mpnb.copying.families import rules_for

    out = {}
    for fam in REGISTRY:
        if rules_for(fam.name).copyable:
            records = sorted(dst.records(fam.name).read_all(), key=lambda r: str(fam.id_of(r)))
            out[fam.name] = hashlib.sha256(json.dumps(records, sort_keys=True, default=str).encode()).hexdigest()
    return out


def test_copy_run_all_sends_nothing_to_the_destination_until_apply_is_clicked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "07-copy-between-projects.ipynb"
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setitem(sys.modules, "google.colab", None)
    ns: dict[str, Any] = {}
    before: dict[str, str] | None = None
    for cell in _read(name).cells:  # Run All, with the destination read as soon as a cell names it
        if cell.cell_type == "code":
            exec(compile(cell.source, name, "exec"), ns)
            if before is None and "dst" in ns:
                before = _destination(ns["dst"])
    ws: mp.Workspace = ns["ws"]
    dst: mp.Workspace = ns["dst"]
    assert before is not None and _destination(dst) == before  # the destination is as it was
    assert _writes(ws) == []  # nothing written anywhere (source and destination share the sandbox)
    assert "click Apply above first" in capsys.readouterr().out  # later cells wait, and say so
    view = ns["copy_view"]
    assert view.result is None and not view.plan.applied

    # the reader's clicks: apply the copy (the confirmation names the destination project)
    view.apply.click()
    assert _destination(dst) == before and f"project {dst.target.project_id}" in view.confirm.message.value
    view.confirm.yes.click()
    assert view.result is not None and set(view.result.to_frame()["status"]) == {"ok"}
    assert "ok" in view.results.value and _destination(dst) != before
    board = view.result.id_map["dashboards"][ns["board_id"]]
    assert dst.get_dashboard(board).title == ws.get_dashboard(ns["board_id"]).title
    cells = [c.source for c in _read(name).cells if c.cell_type == "code"]
    for source in cells[cells.index(_cell(_read(name), "copy_view.result")) :]:
        exec(compile(source, name, "exec"), ns)  # the later cells, run again after the click
    assert set(ns["again"].to_frame()["action"]) == {"skip"}  # a re-run creates nothing twice
    first = ns["first"]
    ns["edit_view"].apply.click()  # the source edit, then the copy of that change
    ns["edit_view"].confirm.yes.click()
    for source in cells[cells.index(_cell(_read(name), "update_view = ")) :]:
        exec(compile(source, name, "exec"), ns)
    update = ns["update_view"]
    assert update.plan.to_frame().query("action == 'update'")["source_id"].tolist() == [first]
    update.apply.click()
    update.confirm.yes.click()
    assert dst.get_bookmark(update.result.id_map["reports"][first]).description == "Promoted from staging"


DICTIONARY = ("events", "properties", "lexicon_tags", "drop_filters", "custom_events", "custom_properties")


def _dictionary(ws: mp.Workspace) -> dict[str, list[str]]:
    """Every record of the data dictionary's families as the server holds them (the test's own raw reads)."""
    return {f: sorted(json.dumps(r, sort_keys=True, default=str) for r in ws.records(f).read_all()) for f in DICTIONARY}


def _run_lexicon(monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Run All of notebook 08; also the dictionary as it was right after the connect cell, before the rest."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setitem(sys.modules, "google.colab", None)
    namespace: dict[str, Any] = {}
    before: dict[str, list[str]] = {}
    for cell in _read(LEXICON).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, LEXICON, "exec"), namespace)
            if "ws = connect(" in cell.source:
                before = _dictionary(namespace["ws"])
    return namespace, before


LEXICON = "08-lexicon-cleanup.ipynb"


def test_lexicon_run_all_sends_nothing_and_plans_to_hide_only_unused_events(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ns, before = _run_lexicon(monkeypatch)
    ws: mp.Workspace = ns["ws"]
    assert _writes(ws) == [] and _dictionary(ws) == before  # Run All changed nothing in the project
    assert "Nothing hidden yet" in capsys.readouterr().out  # the restore cell waits for the click
    events = ns["events"]
    assert int(ns["glance"].to_numpy().sum()) == len(events)  # every event is in the chart, once
    near = ns["near"]
    spellings = set(near["name"])
    assert {"Add to Cart", "add_to_cart", "addToCart"} <= spellings  # a group side by side
    assert {"used_by_reports", "used_by_custom_events"} <= set(near.columns)
    assert near.loc[near["name"] == "Add to Cart", "used_by_reports"].iloc[0] > 0

    view = ns["hide_view"]
    hides = sorted(view.plan.updates)
    assert hides and all(ch == {"hidden": True} for ch in view.plan.updates.values())
    assert view.result is None and ns["editor"].result is None
    assert not ws.graph().where_used("events", hides)  # nothing uses what the plan hides
    filtered = {r["event_name"] for r in ws.records("drop_filters").read_all()}
    assert not set(hides) & filtered and not any(n.startswith("$") for n in hides)
    assert {"pageView", "log_in"} <= set(hides)
    assert not {"add_to_cart", "heartbeat", "Add to Cart"} & set(hides)  # a custom event's, a drop filter's
    assert any("nothing uses" in n for n in view.plan.notes)  # the plan says what it would affect


def test_lexicon_clicks_describe_hide_and_restore(monkeypatch: pytest.MonkeyPatch) -> None:
    ns, before = _run_lexicon(monkeypatch)
    ws: mp.Workspace = ns["ws"]
    editor = ns["editor"]
    two = ["Search", "Invite Sent"]
    editor.select(two)
    editor.set_value("description", "Described by the data team")
    editor.select(two)
    editor.add_tag("reviewed")
    editor.apply_button.click()
    editor.confirm.yes.click()
    for e in ws.get_event_definitions(names=two):
        assert e.description == "Described by the data team" and "reviewed" in e.tags

    view = ns["hide_view"]
    hides = sorted(view.plan.updates)
    view.apply.click()
    view.confirm.yes.click()
    hidden = {e.name: e.hidden for e in ws.list_event_definitions()}
    assert all(hidden[n] for n in hides)
    was = {json.loads(r)["name"]: json.loads(r)["hidden"] for r in before["events"]}
    assert {n for n, h in hidden.items() if h} == {n for n, h in was.items() if h} | set(hides)

    exec(_cell(_read(LEXICON), "undo_view = PlanView("), ns)  # the restore cell, after the click
    import pandas as pd

    saved = pd.read_csv(ns["backup_file"])  # what the click changed, as it was before: names and hidden
    assert sorted(saved["id"]) == hides and not saved["hidden"].any()
    undo = ns["undo_view"]
    assert sorted(undo.plan.updates) == hides and undo.result is None  # the restore waits for its own click
    undo.apply.click()
    undo.confirm.yes.click()
    assert {e.name: e.hidden for e in ws.list_event_definitions()} == was
