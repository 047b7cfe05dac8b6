"""Cursor pages: the server's ``results`` + ``pagination``, read as the seed reads them.

``page.data`` is ``page.results``; ``page.pagination.has_more`` says a next cursor exists;
``page.pagination.cursor`` is that cursor. A missing ``pagination`` reads as "no more pages".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from pydantic import Field, PrivateAttr, field_validator
from typing_extensions import Self

from mpnb._models import ResponseModel
from mpnb.errors import InputError

__all__ = ["CursorPage", "Pagination", "check_page_size"]


def check_page_size(value: Any, field: str = "page_size") -> int | None:
    """A positive integer page size (any integral type), ``None`` for the server's default."""
    if value is None:
        return None
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise InputError(f"{field} must be a positive integer, got {value!r}", field=field)
    number = int(value.__index__())
    if number < 1:
        raise InputError(f"{field} must be a positive integer, got {value!r}", field=field)
    return number


T = TypeVar("T")


class Pagination(ResponseModel):
    """Where a cursor page stands: ``has_more`` and the ``cursor`` to pass back for the next page."""

    page_size: int = 0
    next_cursor: str | None = None
    previous_cursor: str | None = None

    @property
    def has_more(self) -> bool:
        """True when another page follows."""
        return bool(self.next_cursor)

    @property
    def cursor(self) -> str | None:
        """The cursor of the next page (pass it back as ``cursor=``)."""
        return self.next_cursor


class CursorPage(ResponseModel, Generic[T]):
    """One page of a history: ``data`` (the entries; ``results`` on the wire) and ``pagination``.

    ``page.pagination.has_more`` says whether to ask again with ``cursor=page.pagination.cursor``.
    """

    results: list[T] = Field(default_factory=list)
    pagination: Pagination = Field(default_factory=Pagination)

    @field_validator("pagination", mode="before")
    @classmethod
    def _missing_is_last(cls, value: Any) -> Any:
        return {} if value is None else value

    _next: Callable[[str], CursorPage[T]] | None = PrivateAttr(default=None)

    def with_next(self, fetch: Callable[[str], CursorPage[T]]) -> Self:
        """Remember how to fetch the page after a cursor (the method that made this page), for ``iter_pages``."""
        self._next = fetch
        return self

    def iter_pages(self) -> Iterator[CursorPage[T]]:
        """This page, then each following one, fetched as the iteration reaches it."""
        page: CursorPage[T] = self
        while True:
            yield page
            cursor = page.pagination.cursor
            if not page.pagination.has_more or cursor is None or page._next is None:
                return
            page = page._next(cursor)

    def iter_items(self) -> Iterator[T]:
        """Every entry of this page and the following ones."""
        for page in self.iter_pages():
            yield from page.results

    @property
    def data(self) -> list[T]:
        """The entries of this page (the seed's name for ``results``)."""
        return self.results

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)
