"""What every mpnb widget shares: a visible status area, guarded callbacks, hooks, field errors, confirmation.

ipywidgets only logs an exception raised in a callback, and a ``print`` there shows nowhere in JupyterLab,
so every callback runs through ``Shell.run``: it disables the busy buttons, catches the error and writes
the outcome into ``self.status`` (an HTML widget). Only controls present in ipywidgets 7.7 and 8.
"""

from __future__ import annotations

import html
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import ipywidgets as w
from pydantic import ValidationError

from mpnb.errors import InputError, MpnbError
from mpnb.widgets._colab import enable_colab_widgets

__all__ = [
    "Confirm",
    "FieldErrors",
    "Shell",
    "check_range",
    "error_text",
    "esc",
    "loc_text",
    "plain_message",
    "reading",
    "split_list",
]

T = TypeVar("T")
_COLORS = {"info": "#555", "ok": "#1a7f37", "error": "#cf222e", "busy": "#9a6700"}


def esc(value: Any) -> str:
    return html.escape(str(value))


def split_list(text: str) -> list[str]:
    """Comma- or newline-separated text as a list of stripped, non-empty items (order kept, no repeats)."""
    out: list[str] = []
    for part in text.replace("\n", ",").split(","):
        item = part.strip()
        if item and item not in out:
            out.append(item)
    return out


_PLAIN = (
    (re.compile(r"^(Value error|Assertion failed), "), ""),
    (re.compile(r"String should have at least 1 character"), "cannot be empty"),
    (re.compile(r"String should have at least (\d+) characters"), r"needs at least \1 characters"),
    (re.compile(r"String should have at most (\d+) characters"), r"can have at most \1 characters"),
    (re.compile(r"^Field required$"), "is required"),
    (re.compile(r"^Input should be a valid integer.*"), "should be a whole number"),
    (re.compile(r"^Input should be a valid number.*"), "should be a number"),
    (re.compile(r"^Input should be a valid boolean.*"), "should be yes or no"),
    (re.compile(r"^Input should be (greater|less) than( or equal to)? (\S+)"), r"should be \1 than\2 \3"),
)
_INDEXED = re.compile(r"\b([a-z_]+?)s?\[(\d+)\](?:\.(\w+))?")
_PATH_PREFIX = re.compile(r"^[a-z_]+(?:\.[a-z_]+|\[\d+\])+: ")  # "ruleset.variants: " (a path, not "name: ")
_FRACTION_SUM = re.compile(r"sum to (\d+(?:\.\d+)?), they sum to (\d+(?:\.\d+)?)")


def _pct(text: str) -> str:
    return f"{round(float(text) * 100, 4):g}%"


def plain_message(msg: str, *, percent: bool = False) -> str:
    """A validator's message in plain words: no "Value error," or "subscriptions[1].value" (the second
    subscription), and with ``percent`` the split sums a form shows in percent ("sum to 100%, not 90%")."""
    text = _PATH_PREFIX.sub("", msg)
    for pattern, repl in _PLAIN:
        text = pattern.sub(repl, text)
    text = _INDEXED.sub(lambda m: f"{m.group(1).replace('_', ' ')} {int(m.group(2)) + 1}", text)
    if percent:
        text = _FRACTION_SUM.sub(lambda m: f"sum to {_pct(m.group(1))}, they sum to {_pct(m.group(2))}", text)
    return text


def loc_text(loc: Sequence[Any]) -> str:
    """A pydantic location as words: ("subscriptions", 1, "value") -> "subscription 2 value"."""
    out: list[str] = []
    for part in loc:
        if isinstance(part, int) and out:
            out[-1] = f"{out[-1].removesuffix('s')} {part + 1}"
        else:
            out.append(str(part).replace("_", " "))
    return " ".join(out) or "the form"


_URL = re.compile(r"\s*\(?(?:GET|POST|PUT|PATCH|DELETE)?\s*https?://\S+?(?:\s*->\s*\d+)?\)?(?=[\s;,.]|$)")
_STATUS_WORDS = {
    401: "Mixpanel did not accept the credentials",
    403: "Mixpanel does not allow this for these credentials",
    404: "Mixpanel does not know it (deleted meanwhile?)",
    429: "Mixpanel asks to slow down: try again in a minute",
}


def server_text(exc: BaseException) -> str:
    """An error from the server or the connection in plain words: its message, never the URL sent."""
    from mpnb.errors import APIError, TransportError

    if isinstance(exc, APIError):
        message = _URL.sub("", exc.message).strip()
        status = exc.status or 0
        lead = _STATUS_WORDS.get(status) or ("Mixpanel had a problem: try again" if status >= 500 else "")
        return f"{lead}: {message}" if lead and message and lead not in message else (message or lead)
    text = str(exc)
    if isinstance(exc, TransportError) and exc.method:
        text = text.removesuffix(f" ({exc.method} {exc.url})")
    return _URL.sub("", text).strip()


def check_range(
    value: float, what: str, field: str, *, low: float | None = None, high: float | None = None, unit: str = ""
) -> None:
    """Refuse ``value`` outside [low, high] in the form's words ("rollout must be between 0 and 100%, not 150")."""
    inside = (low is None or value >= low) and (high is None or value <= high)
    if inside:
        return
    if low is not None and high is not None:
        rule = f"between {low:g} and {high:g}{unit}"
    elif low is not None:
        rule = f"{low:g}{unit} or more"
    else:
        rule = f"{high:g}{unit} or less"
    raise InputError(f"{what} must be {rule}, not {value:g}", field=field)


def error_text(exc: BaseException, *, percent: bool = False) -> str:
    """One readable line per problem, in plain words: per field for pydantic, mpnb's message (a server's
    without the URL it was sent to), else the type."""
    from mpnb.errors import APIError, TransportError

    if isinstance(exc, ValidationError):
        return "; ".join(f"{loc_text(e['loc'])}: {plain_message(e['msg'], percent=percent)}" for e in exc.errors())
    if isinstance(exc, (APIError, TransportError)):
        return plain_message(server_text(exc), percent=percent)
    if isinstance(exc, MpnbError):
        return plain_message(str(exc), percent=percent)
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def reading(what: str) -> Iterator[None]:
    """While a widget reads before it is drawn (its cell still running), say so in the cell's output.

    In a kernel the line shows at once (IPython's display, updated in place) and is replaced by how long
    it took; outside a kernel (tests, scripts) nothing is printed.
    """
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        shell = None
    if shell is None or not hasattr(shell, "kernel"):
        yield
        return
    from IPython import display as ipd

    HTML: Any = ipd.HTML  # untyped in IPython
    display: Any = ipd.display
    style = f"color:{_COLORS['busy']}"
    handle = display(HTML(f"<span style='{style}'>{esc(what)} …</span>"), display_id=True)
    started = time.monotonic()
    try:
        yield
    finally:
        took = time.monotonic() - started
        if handle is not None:
            handle.update(HTML(f"<span style='color:#555'>{esc(what)}: done in {took:.1f} s</span>"))


class FieldErrors:
    """An HTML label next to each field; pydantic locations and ``InputError.field`` route to them.

    ``aliases`` maps an error location's first part (``ruleset``) to the field label that shows it.
    """

    def __init__(
        self, fields: Iterable[str], aliases: Mapping[str, str] | None = None, *, percent: bool = False
    ) -> None:
        self.labels: dict[str, w.HTML] = {f: w.HTML(value="") for f in fields}
        self._aliases = dict(aliases or {})
        self.percent = percent  # the form shows fractions as percent: so do its messages

    def __getitem__(self, field: str) -> w.HTML:
        return self.labels[field]

    def clear(self) -> None:
        for label in self.labels.values():
            label.value = ""

    def _route(self, loc: str) -> str | None:
        for prefix in sorted(self._aliases, key=len, reverse=True):
            if loc == prefix or loc.startswith((f"{prefix}.", f"{prefix}[", f"{prefix} ")):
                return self._aliases[prefix]
        head = loc.split(".")[0].split("[")[0].split(" ")[0]
        return head if head in self.labels else None

    def set(self, field: str, message: str) -> bool:
        """Show ``message`` next to ``field``; False when no such field is displayed."""
        name = self._route(field)
        if name is None:
            return False
        old = self.labels[name].value
        message = plain_message(message, percent=self.percent)
        text = f"<span style='color:{_COLORS['error']}'>{esc(message)}</span>"
        self.labels[name].value = f"{old}<br>{text}" if old else text
        return True

    def show(self, exc: BaseException) -> None:
        """Put each problem of ``exc`` next to its field (those without a field stay in the status only)."""
        if isinstance(exc, ValidationError):
            for e in exc.errors():
                loc = ".".join(map(str, e["loc"]))
                self.set(loc or "params", e["msg"])
        elif isinstance(exc, InputError) and exc.field:
            self.set(exc.field, str(exc))

    @property
    def messages(self) -> dict[str, str]:
        """The fields that show an error now (for tests and code)."""
        return {k: v.value for k, v in self.labels.items() if v.value}


class Confirm(w.VBox):  # type: ignore[misc]
    """An inline confirmation: a question, an optional typed answer, Yes and No (hidden until asked).

    ``ask(message, action, typed="prod")`` shows it; ``yes.click()`` runs ``action`` only when the typed
    text matches; ``no.click()`` drops it. Tests click ``yes``/``no`` like a user.
    """

    def __init__(self) -> None:
        self.message = w.HTML(value="")
        self.answer = w.Text(placeholder="type it to confirm")
        self.yes = w.Button(description="Yes, go ahead", button_style="danger")
        self.no = w.Button(description="Cancel")
        self._action: Callable[[], None] | None = None
        self._typed: str | None = None
        self._on_cancel: list[Callable[[], None]] = []
        super().__init__(children=[])
        self.yes.on_click(lambda _b: self._yes())
        self.no.on_click(lambda _b: self._no())

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the user clicks Cancel (widgets reset their "waiting" status)."""
        self._on_cancel.append(callback)

    def _no(self) -> None:
        was = self.pending
        self.cancel()
        if was:
            for cb in self._on_cancel:
                cb()

    @property
    def pending(self) -> bool:
        return self._action is not None

    def ask(self, message: str, action: Callable[[], None], *, typed: str | None = None) -> None:
        self._action, self._typed = action, typed
        self.yes.disabled = False
        self.answer.value = ""
        hint = f"<br>Type <code>{esc(typed)}</code> to confirm." if typed else ""
        self.message.value = f"<b>{message}</b>{hint}"
        row = w.HBox(children=[self.yes, self.no])
        self.children = [self.message, self.answer, row] if typed else [self.message, row]

    def cancel(self) -> None:
        self._action, self._typed = None, None
        self.children = []

    def _yes(self) -> None:
        action = self._action
        if action is None or self.yes.disabled:  # a disabled Yes (e.g. no winner picked yet) sends nothing
            return
        if self._typed is not None and self.answer.value.strip() != self._typed:
            self.message.value = (
                f"{self.message.value.split('<br><i')[0]}<br><i style='color:{_COLORS['error']}'>"
                f"the typed text does not match {esc(self._typed)!s}</i>"
            )
            return
        self.cancel()
        action()


class Shell:
    """Mixed into each widget: status area, busy guard, hooks and the Colab switch."""

    EVENTS: Sequence[str] = ()
    PERCENT = False  # forms whose splits are typed in percent say percent in their errors too

    def _init_shell(self) -> None:
        enable_colab_widgets()
        self.status = w.HTML(value="")
        self.busy = False
        self._busy_buttons: list[w.Button] = []
        self._hooks: dict[str, list[Callable[..., Any]]] = {e: [] for e in self.EVENTS}
        self.uncertain: str | None = None  # set after a create failed ambiguously: never send it again
        self.last_error: str | None = None  # the last callback's error in plain words (None after a success)

    def _refuse_if_uncertain(self, new_button: str) -> None:
        """After an "outcome unknown" create the entity may exist: refuse until the user checks and resets."""
        if self.uncertain:
            raise InputError(f"{self.uncertain}; nothing sent. Check first, then click '{new_button}' to try again")

    # -- status ----------------------------------------------------------------------------------------
    def say(self, text: str, kind: str = "info", *, raw: bool = False) -> None:
        body = text if raw else esc(text)
        self.status.value = f"<div style='color:{_COLORS.get(kind, '#555')};white-space:pre-wrap'>{body}</div>"

    @property
    def status_text(self) -> str:
        """The status area as plain text (what the user reads)."""
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.status.value))

    # -- hooks -----------------------------------------------------------------------------------------
    def on(self, event: str, callback: Callable[..., Any], remove: bool = False) -> None:
        """Register (or with ``remove=True`` drop) ``callback`` for ``event``; errors in it show in the status."""
        if event not in self._hooks:
            raise ValueError(f"unknown event {event!r}; this widget has: {', '.join(self._hooks)}")
        hooks = self._hooks[event]
        if remove:
            if callback in hooks:
                hooks.remove(callback)
        elif callback not in hooks:
            hooks.append(callback)

    def _fire(self, event: str, *args: Any) -> None:
        for cb in list(self._hooks.get(event, [])):
            try:
                cb(*args)
            except Exception as exc:
                self.say(f"{self.status_text}\n(your on_{event} callback failed: {error_text(exc)})", "error")

    # -- guarded callbacks -----------------------------------------------------------------------------
    def run(self, what: str, fn: Callable[[], T]) -> T | None:
        """Run ``fn`` with the busy buttons disabled; an error goes to the status area, never up the stack.

        A call while another one runs is refused (the busy flag), so a double click cannot send twice.
        """
        if self.busy:
            self.say(f"{what}: still busy with the previous click; ignored", "busy")
            return None
        self.busy = True
        states = [(b, b.disabled) for b in self._busy_buttons]
        for b, _ in states:
            b.disabled = True
        before = self.status.value
        self.last_error = None
        self.say(f"{what}: working …", "busy")  # sent to the page at once: the kernel is busy from here on
        try:
            return self._timed(what, fn, before)
        except Exception as exc:
            detail = "" if isinstance(exc, (MpnbError, ValidationError)) else "\n" + traceback.format_exc(limit=3)
            self.last_error = error_text(exc, percent=self.PERCENT)
            self.say(f"{what} failed: {self.last_error}{detail}", "error")
            return None
        finally:
            for b, was in states:
                b.disabled = was
            self.busy = False
            self._settle()

    def _timed(self, what: str, fn: Callable[[], T], before: str) -> T:
        """Run ``fn``; when it left the "working" line in place (it said nothing), put the old status back."""
        working = self.status.value
        out = fn()
        if self.status.value == working:
            self.status.value = before
        return out

    def _settle(self) -> None:
        """After a callback: widgets whose buttons depend on state (legal moves, applied) set them here."""
