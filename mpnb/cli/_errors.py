"""Errors in one line, exit codes, and what Ctrl-C says: the CLI's side of every failure.

Exit codes: 0 ok (a closed pipe too, e.g. ``| head``); 1 transport or unexpected error; 2 usage (bad option,
malformed JSON or file); 3 auth, permission or configuration (an unwritable ``MPNB_HOME``, a damaged sandbox
state, a credential that cannot be sent); 4 not found or invalid input (rows the server refused too); 5 rate
limited, or rows not applied because the server changed them since the export (conflicts): re-run later or
re-export; 6 server error; 7 outcome unknown (a create may or may not have happened); 8 nothing applied
because confirmation was missing (no terminal and no ``--yes``) or refused; 9 findings (``mpnb audit``
only); 130 interrupted (Ctrl-C).
Errors are one line on stderr, in the words of the command line, never a secret.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
import pydantic

from mpnb import errors

__all__ = [
    "EXIT",
    "Progress",
    "cli_words",
    "exit_code_of_rows",
    "handle_errors",
    "one_line",
    "progress",
    "set_pending_exit",
    "user_words",
]

F = TypeVar("F", bound=Callable[..., Any])

EXIT = {
    "ok": 0,
    "error": 1,
    "usage": 2,
    "auth": 3,
    "invalid": 4,
    "rate_limited": 5,
    "server": 6,
    "unknown": 7,
    "not_applied": 8,
    "findings": 9,
    "interrupted": 130,
}


def exit_code(exc: BaseException) -> int:
    """The exit code of one error."""
    if isinstance(exc, errors.OutcomeUnknownError):
        return EXIT["unknown"]
    if isinstance(exc, (errors.AuthenticationError, errors.PermissionDeniedError, errors.ConfigError)):
        return EXIT["auth"]
    if isinstance(exc, (errors.NotFoundError, errors.BadRequestError, errors.InputError, pydantic.ValidationError)):
        return EXIT["invalid"]
    if isinstance(exc, errors.RateLimitError):
        return EXIT["rate_limited"]
    if isinstance(exc, (errors.ServerError, errors.InvalidResponseError, errors.RedirectError)):
        return EXIT["server"]
    return EXIT["error"]


def exit_code_of_rows(statuses: Iterable[str], messages: Iterable[str | None] = ()) -> int:
    """The exit code of a run of rows: 0 when every row is ok (or was listed as left alone), else the worst.

    Unknown outcomes (7) come first, then server errors (6), rate limits and conflicts (5: run it again later,
    or re-export), then rows the server refused (4).
    """
    bad = {s for s in statuses if s not in ("ok", "listed", "skipped", "already restored")}
    if not bad:
        return EXIT["ok"]
    texts = " ".join(m for m in messages if m).lower()
    if "unknown" in bad:
        return EXIT["unknown"]
    if "server error" in texts:
        return EXIT["server"]
    if "conflict" in bad or "rate limited" in texts:
        return EXIT["rate_limited"]
    return EXIT["invalid"]


_CLASS = re.compile(r"\b(?:Create|Update|BulkUpdate|Duplicate|Set|Validate)?([A-Z][A-Za-z]*?)(?:Params|Entry)\b")

# Python spellings in messages shared with the library, and the command line's own words for them.
_PYTHON_WORDS = [
    (re.compile(r"plan\.to_frame\(\) or plan\.to_csv\(path\)"), "--plan-out FILE"),
    (re.compile(r"plan\.to_csv\(path\)"), "--plan-out FILE"),
    (re.compile(r"plan\.to_frame\(\)"), "--plan-out FILE"),
    (re.compile(r"\b(?:pass )?overwrite=True\b"), "--overwrite"),
    (re.compile(r"\b(?:pass )?allow_mass_delete=True\b"), "--allow-mass-delete"),
    (re.compile(r"\b(?:pass )?confirm=True\b"), "--yes"),
    (re.compile(r"\bapply\(concurrency=N\)"), "--concurrency N"),
    (re.compile(r"\bconcurrency=N\b"), "--concurrency N"),
    (re.compile(r"\bbatch_size=N\b"), "--batch-size N"),
    (re.compile(r"\barchive=False\b"), "--no-archive"),
    (re.compile(r"\bws\.<family>\.plan\(df\)"), "a new export and apply"),
    (re.compile(r"\bws\.(\w+)\.frame\(\)"), r"`mpnb \1 export`"),
    (re.compile(r"\bws\.(\w+)\.plan\([^)]*\)"), r"`mpnb \1 apply`"),
    (re.compile(r"\bws\.restore\([^)]*\)"), "mpnb restore FILE"),
    (re.compile(r"\bws\.for_project\((\d+)\)"), r"MP_PROJECT_ID=\1"),
    (re.compile(r"\bdf\.fillna\b"), "an edit of the file"),
]


def cli_words(text: str) -> str:
    """A library message in the command line's words: ``overwrite=True`` -> ``--overwrite`` and so on."""
    for pattern, words in _PYTHON_WORDS:
        text = pattern.sub(words, text)
    return text


def user_words(text: str) -> str:
    """Internal names out of a message: ``Bookmark 9 not found`` -> ``report 9 not found``, no params classes."""
    text = re.sub(r"\b[A-Z]\w*Params sets no field\b", "nothing to change: give at least one field option", text)
    text = _CLASS.sub(lambda m: re.sub(r"(?<!^)(?=[A-Z])", " ", m.group(1)).lower(), text)
    words = []
    for word in text.split(" "):
        if "/" not in word:  # URLs stay as sent
            word = re.sub(r"\bBookmark(s?)\b", lambda m: "Report" + m.group(1), word)
            word = re.sub(r"\bbookmark(s?)\b(?!_)", lambda m: "report" + m.group(1), word)
        words.append(word)
    return cli_words(" ".join(words))


def one_line(exc: BaseException) -> str:
    """The error as one line of the command line's words."""
    if isinstance(exc, pydantic.ValidationError):
        parts = []
        for e in exc.errors():
            msg = str(e["msg"]).removeprefix("Value error, ")
            loc = ".".join(str(p) for p in e["loc"] if p != "value")
            parts.append(f"{loc}: {msg}" if loc else msg)
        return user_words(f"invalid {exc.title}: " + "; ".join(parts))
    return user_words(" ".join(str(exc).split()))


class Progress:
    """How far a long run got, for the Ctrl-C message: sent, done, not sent, and where the backups are."""

    def __init__(self, total: int, what: str, where: str | None = None, request_count: Callable[[], int] | None = None):
        self.total, self.what, self.where = total, what, where
        self.sent = self.done = 0
        self._requests = request_count
        self._start = request_count() if request_count else 0

    def summary(self, exc: BaseException | None = None) -> str:
        from mpnb._bulk import NOT_SENT, Interrupted

        if isinstance(exc, Interrupted):
            c = exc.counts
            text = (
                f"interrupted: {self.what} of {self.total} rows: {c['ok']} done, {c['error']} refused, "
                f"{c['unknown']} sent without an answer, {c[NOT_SENT]} not sent; "
                "re-run the same command to send only what was not sent"
            )
        elif self._requests is not None and self.done == 0 and self.sent == 0:
            sent = self._requests() - self._start
            text = (
                f"interrupted: {self.what} of {self.total} rows: {sent} requests sent (done or in flight), "
                "the rest not sent; re-run the same command to plan only what is left"
            )
        else:
            text = (
                f"interrupted: {self.what}: {self.done} done, {self.sent - self.done} sent without an answer, "
                f"{self.total - self.sent} not sent"
            )
        return text + (f"; backups and journal: {self.where}" if self.where else "")


_current: list[Progress] = []
_interrupted: list[Progress] = []
_pending: list[int] = []


@contextmanager
def progress(run: Progress) -> Iterator[Progress]:
    """Make ``run`` the one the Ctrl-C handler reports on."""
    _current.append(run)
    try:
        yield run
    except KeyboardInterrupt:
        _interrupted.append(run)
        raise
    finally:
        _current.remove(run)


def set_pending_exit(code: int) -> None:
    """The exit code this command ends with even if its reader goes away (``mpnb audit | head`` still exits 9)."""
    _pending.append(code)


def _env_fault(exc: BaseException) -> str | None:
    from mpnb._backup import mpnb_home

    home = mpnb_home()
    if isinstance(exc, OSError):
        where = exc.filename or home
        return (
            f"cannot use {where} ({exc.strerror or exc}); MPNB_HOME ({home}) must be a writable folder: "
            "set MPNB_HOME to one, or fix its permissions"
        )
    if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
        return f"a file mpnb keeps under {home} cannot be read ({exc}); move it aside and run the command again"
    return None


def _quiet_stdout() -> None:
    """The reader of stdout went away: point stdout at /dev/null so the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor (CliRunner)
        pass


def handle_errors(fn: F) -> F:
    """Turn mpnb's errors into one stderr line and a distinct exit code; Ctrl-C says how far the run got."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _pending.clear()
        try:
            value = fn(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
            return value
        except click.exceptions.ClickException:
            raise
        except (errors.MpnbError, pydantic.ValidationError) as exc:
            click.echo(f"error: {one_line(exc)}", err=True)
            sys.exit(exit_code(exc))
        except KeyboardInterrupt as exc:
            run = _interrupted[-1] if _interrupted else None
            _interrupted.clear()
            if run is not None:
                message = run.summary(exc)
            elif str(exc):
                message = str(exc)
            else:
                message = "interrupted: a request may have been in flight"
            click.echo(message, err=True)
            sys.exit(EXIT["interrupted"])
        except BrokenPipeError:  # `| head` read what it wanted: not an error
            _quiet_stdout()
            sys.exit(_pending[-1] if _pending else EXIT["ok"])
        except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            fault = _env_fault(exc)
            if fault is None:  # pragma: no cover - _env_fault knows every class caught here
                raise
            click.echo(f"error: {fault}", err=True)
            sys.exit(EXIT["auth"])
        except RecursionError:  # a last guard: deep input is refused earlier, with the field named
            click.echo("error: the input is nested too deeply to read", err=True)
            sys.exit(EXIT["invalid"])

    return wrapper  # type: ignore[return-value]
