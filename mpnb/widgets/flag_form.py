"""``FlagForm``: create a feature flag, or edit one through the safe fill-and-PUT.

>>> form = FlagForm(ws)                               # create mode
>>> form.name.value = "Dark Mode"                     # form.key follows: "dark_mode" (until you edit it)
>>> form.create.click(); form.created
>>> FlagForm(ws, flag_id=flag.id).save.click()        # edit mode

Edit mode starts from the flag's own ruleset, so what the form does not show is kept: rollout groups after
the first, group-specific splits (unless the variants changed), test users (unless edited) and the hash salt
(``update_feature_flag`` fills it from the current flag).
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb.entities.flags import (
    CreateFeatureFlagParams,
    FeatureFlag,
    ServingMethod,
    UpdateFeatureFlagParams,
)
from mpnb.entities.flags._rules import default_ruleset, users_by_distinct_id
from mpnb.errors import InputError, OutcomeUnknownError
from mpnb.widgets._base import FieldErrors, Shell, check_range, split_list
from mpnb.widgets._variants import VariantEditor

if TYPE_CHECKING:
    from mpnb import Workspace

__all__ = ["FlagForm", "build_ruleset", "format_test_users", "parse_test_users", "suggest_key"]

EVERYONE = "Everyone"


def suggest_key(name: str) -> str:
    """A flag key from its name: ``"Dark Mode (beta)"`` -> ``"dark_mode_beta"``."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def parse_test_users(text: str) -> dict[str, str]:
    """Lines ``distinct_id: variant`` (or ``=``) as a map, in the direction the user wrote it."""
    users: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        sep = ":" if ":" in line else "="
        left, _, right = line.partition(sep)
        if not right.strip():
            raise InputError(f"test users: {line.strip()!r} should read 'distinct_id: variant_key'", field="test_users")
        users[left.strip()] = right.strip()
    return users


def format_test_users(users: dict[str, str]) -> str:
    return "\n".join(f"{user}: {variant}" for user, variant in users.items())


def build_ruleset(
    variants: list[dict[str, Any]],
    rollout_percent: float,
    base: dict[str, Any] | None = None,
    test_users: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The ruleset the form means, on top of ``base`` (an edited flag's), keeping what the form does not show.

    The form shows the first rollout group's percentage; on a new flag that group is "Everyone". Its
    ``variant_splits`` follow the variants only when the variants' keys or splits changed. ``test_users``
    (``{distinct_id: variant}``) replaces the test users when given; ``None`` keeps them.
    """
    rs = copy.deepcopy(base) if base else {"variants": [], "rollout": []}
    old_splits = {v.get("key"): v.get("split") for v in rs.get("variants") or [] if isinstance(v, dict)}
    new_splits = {v["key"]: v["split"] for v in variants}
    rs["variants"] = variants
    groups = list(rs.get("rollout") or [])
    pct = round(rollout_percent / 100, 6)
    if groups:
        first = dict(groups[0])
        first["rollout_percentage"] = pct
        if new_splits != old_splits:
            first["variant_splits"] = dict(new_splits)
        groups[0] = first
    else:
        groups = [{"name": EVERYONE, "rollout_percentage": pct, "variant_splits": dict(new_splits)}]
    rs["rollout"] = groups
    if test_users is not None:
        rs["test"] = {"users": dict(test_users)}
    return rs


class FlagForm(w.VBox, Shell):  # type: ignore[misc]
    """Create (or, with ``flag_id``, edit) one feature flag. Events: created, saved."""

    EVENTS = ("created", "saved")
    PERCENT = True

    def __init__(self, ws: Workspace, flag_id: str | None = None) -> None:
        self._init_shell()
        self.ws = ws
        self.flag: FeatureFlag | None = ws.get_feature_flag(flag_id) if flag_id is not None else None
        self.created: FeatureFlag | None = None
        self._suggested = ""
        self.name = w.Text(description="Name")
        self.key = w.Text(description="Key", placeholder="suggested from the name")
        self.description = w.Textarea(description="Description")
        self.tags = w.Text(description="Tags", placeholder="comma separated")
        self.context = w.Text(value="distinct_id", description="Context", placeholder="the assignment key")
        self.serving_method = w.Dropdown(
            options=[m.value for m in ServingMethod], value=ServingMethod.CLIENT.value, description="Serving"
        )
        self.variants = VariantEditor(with_value=True)
        self.rollout = w.FloatText(value=100.0, step=5, description="Rollout %")  # checked, never clamped
        self.rollout_note = w.HTML(value="")
        self.enabled = w.Checkbox(value=False, description="Enabled (serve the flag)")
        self.test_users = w.Textarea(description="Test users", placeholder="distinct_id: variant_key, one per line")
        self.create = w.Button(description="Save" if self.flag else "Create", button_style="primary")
        self.save = self.create
        self.new = w.Button(description="New flag")
        self.errors = FieldErrors(
            ["name", "key", "description", "tags", "context", "serving_method", "variants", "rollout", "test_users"],
            {"ruleset": "variants", "ruleset.rollout": "rollout", "ruleset.test": "test_users", "users": "test_users"},
            percent=True,
        )
        self._busy_buttons = [self.create, self.new]
        self.name.observe(lambda _c: self._suggest(), names="value")
        self.create.on_click(lambda _b: self.run("Save" if self.flag else "Create", self._submit))
        self.new.on_click(lambda _b: self.reset())
        self.title = w.HTML(value="")
        if self.flag is not None:
            self._fill(self.flag)
        else:
            self.variants.set_variants(default_ruleset()["variants"])
        self._title()
        e = self.errors
        super().__init__(
            children=[
                self.title,
                self.name,
                e["name"],
                self.key,
                e["key"],
                self.description,
                e["description"],
                self.tags,
                e["tags"],
                w.HBox(children=[self.context, self.serving_method]),
                e["context"],
                e["serving_method"],
                w.HTML(value="Variants (split in percent):"),
                self.variants,
                e["variants"],
                w.HBox(children=[self.rollout, self.rollout_note]),
                e["rollout"],
                self.enabled,
                self.test_users,
                e["test_users"],
                w.HBox(children=[self.create, self.new]),
                self.status,
            ]
        )

    def _title(self) -> None:
        flag = self.flag
        text = f"Edit flag {flag.key} ({flag.status.value})" if flag else "New feature flag"
        self.title.value = f"<b>{text}</b>"

    def on_created(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after a flag is created; ``remove=True`` unhooks it."""
        self.on("created", callback, remove)

    def on_saved(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after an edited flag is saved; ``remove=True`` unhooks it."""
        self.on("saved", callback, remove)

    def _suggest(self) -> None:
        """Keep the key in step with the name until the user types a key of their own."""
        if self.flag is None and self.key.value in ("", self._suggested):
            self._suggested = suggest_key(self.name.value)
            self.key.value = self._suggested

    def _fill(self, flag: FeatureFlag) -> None:
        self.name.value, self.key.value = flag.name, flag.key
        self.description.value = flag.description or ""
        self.tags.value = ", ".join(flag.tags)
        self.context.value = flag.context
        self.serving_method.value = flag.serving_method.value
        self.variants.set_variants(list(flag.ruleset.get("variants") or []))
        groups = flag.ruleset.get("rollout") or []
        if groups:
            self.rollout.value = round(float(groups[0].get("rollout_percentage", 0)) * 100, 4)
            more = len(groups) - 1
            self.rollout_note.value = f"<i>of group {groups[0].get('name') or '1'!r}</i>" + (
                f"<i>; {more} more group(s) kept as they are</i>" if more else ""
            )
        self.test_users.value = format_test_users(flag.test_users)
        self.enabled.value = flag.status.value == "enabled"

    def reset(self) -> None:
        """Start another flag: empty fields, default variants, create mode (an edited flag is left as saved)."""
        self.created, self.flag, self.uncertain = None, None, None
        self._suggested = ""
        for text in (self.name, self.key, self.description, self.tags, self.test_users):
            text.value = ""
        self.context.value, self.serving_method.value = "distinct_id", ServingMethod.CLIENT.value
        self.variants.set_variants(default_ruleset()["variants"])
        self.rollout.value, self.rollout_note.value, self.enabled.value = 100.0, "", False
        self.create.description = "Create"
        self._title()
        self.errors.clear()
        self.say("")

    def _test_users(self, keys: list[str]) -> dict[str, str] | None:
        """The typed test users as ``{distinct_id: variant}``; ``None`` when unchanged from the edited flag."""
        typed = parse_test_users(self.test_users.value)
        if self.flag is not None and typed == self.flag.test_users:
            return None
        if not typed:
            return {} if self.flag is not None and self.flag.test_users else None
        return users_by_distinct_id(typed, keys)

    def _ruleset(self) -> dict[str, Any]:
        check_range(float(self.rollout.value), "rollout", "rollout", low=0, high=100, unit="%")
        variants = self.variants.variants()
        users = self._test_users([v["key"] for v in variants])
        return build_ruleset(variants, self.rollout.value, self.flag.ruleset if self.flag else None, users)

    def params(self) -> CreateFeatureFlagParams | UpdateFeatureFlagParams:
        """The form as the same params model ``ws.create_feature_flag``/``update_feature_flag`` take."""
        self.errors.clear()
        try:
            fields: dict[str, Any] = {
                "name": self.name.value.strip(),
                "key": self.key.value.strip(),
                "description": self.description.value.strip() or None,
                "tags": split_list(self.tags.value),
                "context": self.context.value.strip(),
                "serving_method": self.serving_method.value,
                "ruleset": self._ruleset(),
            }
            status = "enabled" if self.enabled.value else "disabled"
            if self.flag is None:
                return CreateFeatureFlagParams(status=status, **fields)
            if fields["description"] is None and not self.flag.description:
                del fields["description"]  # keep "" or null as the flag has it
            keep = self.flag.status.value not in ("enabled", "disabled")  # e.g. archived: the form leaves it
            return UpdateFeatureFlagParams(status=self.flag.status if keep else status, **fields)
        except Exception as exc:
            self.errors.show(exc)
            raise

    def _create(self, params: CreateFeatureFlagParams) -> FeatureFlag:
        """Create; after an ambiguous failure look the flag up by its (unique) key instead of sending again."""
        try:
            return self.ws.create_feature_flag(params)
        except OutcomeUnknownError:
            found = [f for f in self.ws.list_feature_flags(include_archived=True) if f.key == params.key]
            if len(found) != 1:
                raise
            self.say(f"The create's answer was lost, but flag {params.key} exists: using it.", "busy")
            return found[0]

    def _submit(self) -> None:
        if self.flag is None and self.created is not None:
            self.say(
                f"Already created flag {self.created.key} ({self.created.id}); nothing sent. "
                "Click 'New flag' to make another.",
                "info",
            )
            return
        params = self.params()
        try:
            if isinstance(params, CreateFeatureFlagParams):
                flag = self._create(params)
            else:
                assert self.flag is not None
                flag = self.ws.update_feature_flag(self.flag.id, params)
        except InputError as exc:
            self.errors.show(exc)
            raise
        if self.flag is None:
            self.created = flag
            self.say(f"Created flag {flag.key} ({flag.id}), {flag.status.value}. 'New flag' starts another.", "ok")
            self._fire("created", flag)
        else:
            self.flag = flag
            self._title()
            self.say(
                f"Saved flag {flag.key} ({flag.id}), {flag.status.value}; "
                "rollout groups, test users and hash salt kept.",
                "ok",
            )
            self._fire("saved", flag)
