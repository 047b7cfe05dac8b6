"""The shared shell: status area, guarded callbacks, hooks, field errors, confirmation, the Colab switch."""

from __future__ import annotations

import subprocess
import sys
import types
from typing import Any

import ipywidgets as w
import pytest
from pydantic import BaseModel, Field, ValidationError

from mpnb.errors import InputError
from mpnb.widgets import _colab, enable_colab_widgets
from mpnb.widgets._base import Confirm, FieldErrors, Shell, split_list


class Probe(Shell):
    EVENTS = ("done",)

    def __init__(self) -> None:
        self._init_shell()
        self.button = w.Button()
        self._busy_buttons = [self.button]


def test_import_mpnb_loads_no_widgets_but_mpnb_widgets_does() -> None:
    code = "import sys, mpnb; a = 'ipywidgets' in sys.modules; import mpnb.widgets; "
    code += "print(a, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_run_shows_errors_in_the_status_and_never_raises() -> None:
    p = Probe()

    def boom() -> None:
        raise InputError("name: too long", field="name")

    assert p.run("Create", boom) is None
    assert p.status_text == "Create failed: name: too long"
    assert not p.busy and not p.button.disabled

    def bug() -> None:
        raise KeyError("x")

    p.run("Create", bug)
    assert "Create failed: KeyError" in p.status_text and "Traceback" in p.status_text


def test_run_disables_buttons_while_busy_and_refuses_a_second_call() -> None:
    p = Probe()
    seen: list[Any] = []

    def outer() -> str:
        seen.append(p.button.disabled)
        seen.append(p.run("again", lambda: "inner ran"))
        return "outer ran"

    assert p.run("Create", outer) == "outer ran"
    assert seen == [True, None]
    assert not p.button.disabled


def test_hooks_register_remove_and_their_errors_show() -> None:
    p = Probe()
    got: list[int] = []

    def hook(x: int) -> None:
        got.append(x)

    p.on("done", hook)
    p.on("done", hook)  # registered once
    p._fire("done", 1)
    p.on("done", hook, remove=True)
    p._fire("done", 2)
    assert got == [1]

    def broken(_x: int) -> None:
        raise RuntimeError("oops")

    p.on("done", broken)
    p._fire("done", 3)
    assert "your on_done callback failed: RuntimeError: oops" in p.status_text
    with pytest.raises(ValueError, match="unknown event"):
        p.on("nope", hook)


def test_field_errors_route_pydantic_and_input_errors() -> None:
    class M(BaseModel):
        name: str = Field(max_length=3)

    errors = FieldErrors(["name", "variants"], {"ruleset": "variants"})
    with pytest.raises(ValidationError) as exc:
        M(name="toolong")
    errors.show(exc.value)
    assert "at most 3 characters" in errors.messages["name"]
    errors.clear()
    errors.show(InputError("splits must sum to 1", field="ruleset.variants"))
    assert list(errors.messages) == ["variants"]
    assert errors.set("unknown", "x") is False


def test_confirm_runs_only_on_yes_and_checks_typed_text() -> None:
    c = Confirm()
    ran: list[str] = []
    c.ask("Delete?", lambda: ran.append("yes"))
    assert c.pending and c.children
    c.no.click()
    assert not c.pending and ran == [] and not c.children
    c.ask("Apply?", lambda: ran.append("typed"), typed="1000")
    c.answer.value = "999"
    c.yes.click()
    assert ran == [] and "does not match" in c.message.value
    c.answer.value = "1000"
    c.yes.click()
    assert ran == ["typed"] and not c.pending


def test_split_list() -> None:
    assert split_list(" a, b\nc,,a ") == ["a", "b", "c"]


def _fake_colab(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    output = types.ModuleType("google.colab.output")
    output.enable_custom_widget_manager = lambda: calls.append("enabled")  # type: ignore[attr-defined]
    colab = types.ModuleType("google.colab")
    colab.output = output  # type: ignore[attr-defined]
    google = types.ModuleType("google")
    google.colab = colab  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab.output", output)
    return calls


def test_colab_custom_widget_manager_enabled_once_when_a_widget_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_colab(monkeypatch)
    monkeypatch.setattr(_colab, "_ipywidgets_major", lambda: 8)  # the suite also runs on 7.7
    Probe()
    Probe()
    assert calls == ["enabled"]
    assert enable_colab_widgets() is False  # already done


def test_the_installed_ipywidgets_major_is_read() -> None:
    assert _colab._ipywidgets_major() == int(w.__version__.split(".")[0])


def test_colab_not_touched_on_ipywidgets_7_or_outside_colab(monkeypatch: pytest.MonkeyPatch) -> None:
    assert enable_colab_widgets() is False  # not on Colab
    calls = _fake_colab(monkeypatch)
    monkeypatch.setattr(_colab, "_ipywidgets_major", lambda: 7)
    assert enable_colab_widgets() is False
    assert calls == []


def test_colab_failure_never_stops_a_widget(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_colab(monkeypatch)
    monkeypatch.setattr(_colab, "_ipywidgets_major", lambda: 8)

    def broken() -> None:
        raise RuntimeError("no manager")

    monkeypatch.setattr(sys.modules["google.colab.output"], "enable_custom_widget_manager", broken)
    assert Probe().status.value == ""
    assert _colab._done is False  # tried again next time


def test_widgets_use_no_ipywidgets_8_only_controls() -> None:
    """S9: the widgets must also run on ipywidgets 7.7 (Colab's and older hubs'); the suite passes on both."""
    from pathlib import Path

    import mpnb.widgets

    eight_only = ("Stack", "TagsInput", "ColorsInput", "FloatsInput", "IntsInput", "description_allow_html")
    eight_only += ("NaiveDatetimePicker", "DatetimePicker", "TimePicker", "AppLayout(", "GridspecLayout(")
    for path in Path(mpnb.widgets.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in eight_only if f"w.{n}" in text or f"ipywidgets.{n}" in text], path.name
