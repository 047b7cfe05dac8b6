"""What every family mixin may use: the HTTP layer, the one delete path, and input checks.

Family modules define their endpoint table and a ``<Family>Methods`` mixin on top of ``FamilyBase``;
the Workspace supplies ``_http``, ``_backups`` and ``target_label``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from mpnb._backup import Backup, Backups
from mpnb._http import Http, Op
from mpnb.errors import InputError, NotFoundError

__all__ = ["FamilyBase", "check_int_id", "check_int_ids", "check_str_id", "ids_csv"]


def check_int_id(value: Any, field: str) -> int:
    """An integer entity id, or an ``InputError`` naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        raise InputError(f"{field} must be an integer id, got {value!r}", field=field)
    if value <= 0:
        raise InputError(f"{field} must be a positive id, got {value!r}", field=field)
    return value


def check_int_ids(values: Any, field: str, *, allow_empty: bool = False) -> list[int]:
    """``values`` as a list of positive int ids, or ``InputError`` naming ``field`` and the bad item."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InputError(f"{field} must be a list of integer ids, got {values!r}", field=field)
    ids = [check_int_id(v, f"{field}[{i}]") for i, v in enumerate(values)]
    if not ids and not allow_empty:
        raise InputError(f"{field} must name at least one id", field=field)
    return ids


def check_str_id(value: Any, field: str) -> str:
    """A UUID-like string id (flags, experiments, webhooks)."""
    if not isinstance(value, str) or not value.strip() or "/" in value:
        raise InputError(f"{field} must be a non-empty string id (a UUID), got {value!r}", field=field)
    return value.strip()


def ids_csv(ids: Sequence[int] | None, field: str = "ids") -> str | None:
    """``ids`` as the comma-joined query value Mixpanel expects, or ``None`` when empty."""
    if not ids:
        return None
    return ",".join(str(i) for i in check_int_ids(ids, field))


class FamilyBase:
    """Base of the family mixins; the Workspace provides these attributes."""

    _http: Http
    _backups: Backups

    @property
    def target_label(self) -> str:
        """The target as one line for messages, e.g. ``Mixpanel us · project 123``."""
        return self._http.target.label(self._http.workspace_id)

    def _require_confirm(self, what: str, confirm: bool) -> None:
        """Bulk deletes against real Mixpanel need ``confirm=True``."""
        if self._http.target.is_real and not confirm:
            raise InputError(
                f"{what} on {self.target_label} deletes real data; pass confirm=True to go ahead",
                field="confirm",
            )

    def _bulk(self, op: Op, key: str, items: list[Any]) -> None:
        """POST ``{key: items}`` through the bulk path frames use too (batches, split on 413); raises on failure."""
        from mpnb._bulk import send_batches

        send_batches(self._http, op, key, items, raise_errors=True)

    def _delete(
        self,
        family: str,
        ids: list[Any],
        records: list[dict[str, Any]],
        send: Callable[[], Any],
        *,
        cascades: dict[str, list[dict[str, Any]]] | None = None,
        id_key: str = "id",
    ) -> Backup:
        """The one delete path: refuse unknown ids, back up, then send."""
        found = {str(r.get(id_key)) for r in records}
        missing = [i for i in ids if str(i) not in found]
        if missing:
            raise NotFoundError(
                f"no {family} with id {', '.join(map(str, missing))} on {self.target_label}; nothing was deleted",
                status=404,
            )
        backup = self._backups.save(
            Backup(
                family=family,
                target=self.target_label,
                ids=list(ids),
                records=records,
                cascades=cascades or {},
            )
        )
        send()
        return backup
