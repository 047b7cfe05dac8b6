"""Cursor pages: the server's ``results`` + ``pagination``, read as the seed reads them.

``page.data`` is ``page.results``; ``page.pagination.has_more`` says a next cursor exists;
``page.pagination.cursor`` is that cursor. A missing ``pagination`` reads as "no more pages".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from pydantic import Field, field_validator

from mpnb._models import ResponseModel

__all__ = ["CursorPage", "Pagination"]

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

    @property
    def data(self) -> list[T]:
        """The entries of this page (the seed's name for ``results``)."""
        return self.results

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)
