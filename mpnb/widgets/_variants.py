"""``VariantEditor``: an editable list of variants (flags and experiments), splits in percent, one control.

Exactly one control is guaranteed by construction: it is one dropdown over the variant keys, not a checkbox
per row. Splits are typed in percent and sent as fractions; the editor shows their sum live. Typed splits that
round to 100% (33.33 three times) are sent as fractions that sum to exactly 1; "split evenly" fills them in.
"""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as w

__all__ = ["VariantEditor", "VariantRow", "parse_value", "show_value"]

_EXTRA_KEEP = ("description", "is_sticky", "name")
ROUNDING = 0.05  # percent: a sum this close to 100 is typed rounding (3 x 33.33), not a mistake


def parse_value(text: str) -> Any:
    """A variant value as typed: JSON when it parses (``true``, ``3``, ``{"a": 1}``), else the text itself."""
    s = text.strip()
    try:
        return json.loads(s)
    except ValueError:
        return text


def show_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class VariantRow(w.HBox):  # type: ignore[misc]
    """One variant: key, value (flags only), split in percent, and a remove button."""

    def __init__(self, key: str, value: str, percent: float, with_value: bool) -> None:
        self.key = w.Text(value=key, placeholder="key", layout=w.Layout(width="160px"))
        self.value = w.Text(value=value, placeholder="value (JSON or text)", layout=w.Layout(width="200px"))
        # not Bounded: a bounded box would silently clamp 150 to 100; the form refuses it in words instead
        self.percent = w.FloatText(value=percent, step=1, layout=w.Layout(width="90px"))
        self.remove = w.Button(description="remove", layout=w.Layout(width="80px"))
        kids = [self.key, self.value] if with_value else [self.key]
        super().__init__(children=[*kids, self.percent, w.HTML(value="%"), self.remove])


class VariantEditor(w.VBox):  # type: ignore[misc]
    """Rows of variants plus an ``add`` button, a ``control`` dropdown and the live ``total`` of the splits."""

    def __init__(self, *, with_value: bool = True) -> None:
        self.with_value = with_value
        self.rows: list[VariantRow] = []
        self._extra: dict[str, dict[str, Any]] = {}
        self.add = w.Button(description="add variant", icon="plus")
        self.even = w.Button(description="split evenly", icon="balance-scale")
        self.control = w.Dropdown(options=[], description="Control")
        self.total = w.HTML(value="")
        self._box = w.VBox(children=[])
        self.add.on_click(lambda _b: self.add_variant())
        self.even.on_click(lambda _b: self.split_evenly())
        super().__init__(children=[self._box, w.HBox(children=[self.add, self.even, self.control]), self.total])

    def split_evenly(self) -> None:
        """Give every variant the same share (two decimals; the last one takes the rounding)."""
        n = len(self.rows)
        if not n:
            return
        share = round(100 / n, 2)
        for r in self.rows[:-1]:
            r.percent.value = share
        self.rows[-1].percent.value = round(100 - share * (n - 1), 2)

    def add_variant(self, key: str = "", value: Any = "", percent: float = 0.0) -> VariantRow:
        row = VariantRow(key, show_value(value), percent, self.with_value)
        row.remove.on_click(lambda _b: self.remove_variant(self.rows.index(row)))
        row.key.observe(lambda _c: self._changed(), names="value")
        row.percent.observe(lambda _c: self._changed(), names="value")
        self.rows.append(row)
        self._changed()
        return row

    def remove_variant(self, index: int) -> None:
        self.rows.pop(index)
        self._changed()

    def set_variants(self, variants: list[dict[str, Any]]) -> None:
        """Show ``variants`` (the ruleset's, or an experiment's); fields not shown are kept per key."""
        self.rows = []
        self._extra = {}
        control = None
        for v in variants:
            key = str(v.get("key", ""))
            self._extra[key] = {k: v[k] for k in _EXTRA_KEEP if k in v}
            split = v.get("split")
            pct = round(float(split) * 100, 4) if isinstance(split, (int, float)) else 0.0
            self.add_variant(key, v.get("value", ""), pct)
            if v.get("is_control"):
                control = key
        if control is not None and control in self.keys_list():
            self.control.value = control

    def keys_list(self) -> list[str]:
        return [r.key.value.strip() for r in self.rows]

    def percent_total(self) -> float:
        return round(sum(float(r.percent.value) for r in self.rows), 6)

    def _changed(self) -> None:
        self._box.children = list(self.rows)
        keys = [k for k in self.keys_list() if k]
        current = self.control.value
        self.control.options = keys
        if current in keys:
            self.control.value = current
        elif keys:
            self.control.value = keys[-1] if self.with_value and len(keys) == 2 else keys[0]
        total = self.percent_total()
        ok = abs(total - 100) <= ROUNDING
        color = "#1a7f37" if ok else "#cf222e"
        hint = " (must be 100%)" if not ok else ("" if total == 100 else " (sent as 100%)")
        self.total.value = f"<span style='color:{color}'>splits sum to {total:g}%{hint}</span>"

    def check(self) -> None:
        """Refuse a split outside 0-100% in words, naming the variant (before anything is sent)."""
        from mpnb.widgets._base import check_range

        for n, r in enumerate(self.rows, start=1):
            check_range(float(r.percent.value), f"variant {n} split", "variants", low=0, high=100, unit="%")

    def fractions(self) -> list[float]:
        """The splits as fractions; a sum within rounding of 100% is scaled to exactly 1 (last takes the rest)."""
        pct = [float(r.percent.value) for r in self.rows]
        total = sum(pct)
        if not pct or abs(total - 100) > ROUNDING or total == 0:
            return [round(p / 100, 6) for p in pct]
        out = [round(p / total, 6) for p in pct]
        out[-1] = round(1 - sum(out[:-1]), 6)
        return out

    def variants(self) -> list[dict[str, Any]]:
        """The rows as the API's variant objects (split as a fraction); the model/ruleset check validates them."""
        self.check()
        out = []
        for r, split in zip(self.rows, self.fractions()):
            key = r.key.value.strip()
            item: dict[str, Any] = {"key": key}
            if self.with_value:
                item["value"] = parse_value(r.value.value)
            item["is_control"] = key == self.control.value
            item["split"] = split
            out.append({**self._extra.get(key, {}), **item})
        return out
