"""Options the data dictionary's commands share: yes/no flags that are unset unless given, lists of names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["flag", "names_option", "split_names"]

F = TypeVar("F", bound=Callable[..., Any])


def flag(name: str, help: str) -> Callable[[F], F]:
    """``--NAME/--no-NAME``, ``None`` when neither is given (so only what was asked for is sent)."""
    dest = name.replace("-", "_")
    return click.option(f"--{name}/--no-{name}", dest, default=None, help=help)


def names_option(option: str, dest: str, help: str) -> Callable[[F], F]:
    """A repeatable option of names (``--tag core --tag commerce``): names may hold commas and spaces."""
    return click.option(option, dest, multiple=True, help=help)


def split_names(values: tuple[str, ...] | None) -> list[str] | None:
    """Repeated option values as a list; ``None`` when the option was not given at all."""
    return list(values) if values else None
