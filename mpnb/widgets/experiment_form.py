"""``ExperimentForm``: create an experiment, then optionally set its dates (PATCH) and link a flag (safe PUT).

>>> form = ExperimentForm(ws)
>>> form.name.value = "Pricing Page Test"; form.flag.value = flag.id
>>> form.create.click(); form.experiment, form.done

Three steps, each reported in the status area. A failure after the create never creates again: the form
keeps the experiment it made, the button turns into "Resume", and the next click runs only the steps not
done yet. "New experiment" starts over.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb.entities.experiments import CreateExperimentParams, Experiment, UpdateExperimentParams
from mpnb.entities.flags import FeatureFlag, UpdateFeatureFlagParams
from mpnb.errors import InputError, OutcomeUnknownError
from mpnb.widgets._base import FieldErrors, Shell, check_range, error_text, esc
from mpnb.widgets._variants import VariantEditor

if TYPE_CHECKING:
    from mpnb import Workspace

__all__ = ["STEPS", "ExperimentForm", "metrics_from_text"]

STEPS = ("create", "dates", "link")
_DEFAULT_VARIANTS = [
    {"key": "control", "is_control": True, "split": 0.5},
    {"key": "treatment", "is_control": False, "split": 0.5},
]


def metrics_from_text(text: str) -> list[dict[str, Any]]:
    """One metric per line, ``name = event`` or just ``event``; the first is primary, the rest secondary."""
    out: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, event = line.partition("=")
        name, event = name.strip(), (event.strip() if sep else name.strip())
        out.append({"name": name or event, "type": "secondary" if out else "primary", "event": event})
    return out


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class ExperimentForm(w.VBox, Shell):  # type: ignore[misc]
    """Create an experiment in up to three steps. Events: created (after step 1), done (after the last)."""

    EVENTS = ("created", "done")
    PERCENT = True

    def __init__(self, ws: Workspace) -> None:
        self._init_shell()
        self.ws = ws
        self.experiment: Experiment | None = None
        self.flags_loaded = 0
        self.done: list[str] = []
        self._log: list[str] = []
        self.name = w.Text(description="Name")
        self.description = w.Textarea(description="Description", placeholder="at most 400 characters")
        self.hypothesis = w.Textarea(description="Hypothesis")
        self.variants = VariantEditor(with_value=False)
        self.variants.set_variants(_DEFAULT_VARIANTS)
        self.metrics = w.Textarea(description="Metrics", placeholder="one per line: name = event (first is primary)")
        self.confidence = w.FloatText(value=95.0, step=1, description="Confidence %")  # checked, never clamped
        self.min_sample = w.IntText(value=1000, description="Min sample")
        self.start_date = w.DatePicker(description="Start")
        self.end_date = w.DatePicker(description="End")
        # index=0, not value=None: ipywidgets reads value None as "no selection" and shows a blank box
        self.flag = w.Dropdown(options=[("(no flag)", None)], index=0, description="Flag")
        self.reload_flags = w.Button(description="Reload flags", icon="refresh")
        self.create = w.Button(description="Create", button_style="primary")
        self.new = w.Button(description="New experiment")
        self.errors = FieldErrors(
            ["name", "description", "hypothesis", "variants", "metrics", "settings", "dates", "flag"],
            {"start_date": "dates", "end_date": "dates", "feature_flag": "flag", "experiment_id": "flag"},
            percent=True,
        )
        self._busy_buttons = [self.create, self.new]
        self.create.on_click(lambda _b: self.run("Create", self._submit))
        self.new.on_click(lambda _b: self.reset())
        self.reload_flags.on_click(lambda _b: self.run("Reload flags", self._reload))
        self.run("Load flags", self.load_flags)
        e = self.errors
        super().__init__(
            children=[
                w.HTML(value="<b>New experiment</b>"),
                self.name,
                e["name"],
                self.description,
                e["description"],
                self.hypothesis,
                e["hypothesis"],
                w.HTML(value="Variants (split in percent):"),
                self.variants,
                e["variants"],
                self.metrics,
                e["metrics"],
                w.HBox(children=[self.confidence, self.min_sample]),
                e["settings"],
                w.HTML(value="Optional, set after the create:"),
                w.HBox(children=[self.start_date, self.end_date]),
                e["dates"],
                w.HBox(children=[self.flag, self.reload_flags]),
                e["flag"],
                w.HBox(children=[self.create, self.new]),
                self.status,
            ]
        )

    def on_created(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after the experiment is created; ``remove=True`` unhooks it."""
        self.on("created", callback, remove)

    def on_done(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` when the form's last step is saved; ``remove=True`` unhooks it."""
        self.on("done", callback, remove)

    def _reload(self) -> None:
        self.load_flags()
        self.say(f"{self.flags_loaded} flags without an experiment to pick from.", "info")

    def load_flags(self, select: str | None = None) -> None:
        """Fill the flag picker (one list call), newest first; flags tied to an experiment are left out.

        The choice made stays selected; ``select`` (a flag id) picks that flag, e.g. one a FlagForm just made.
        """
        flags = [f for f in self.ws.list_feature_flags() if not f.experiment_id]
        flags.sort(key=lambda f: str(f.created or ""), reverse=True)
        keep = select or self.flag.value
        self.flag.options = [("(no flag)", None), *((f"{f.name} ({f.key})", f.id) for f in flags)]
        if keep is not None and any(f.id == keep for f in flags):
            self.flag.value = keep
        else:
            self.flag.index = 0
        self.flags_loaded = len(flags)

    def reset(self) -> None:
        """Start another experiment: forget the one made and the steps done."""
        self.experiment, self.done, self._log, self.uncertain = None, [], [], None
        self.create.description = "Create"
        self.errors.clear()
        self.say("")

    # -- params ------------------------------------------------------------------------------------------
    def params(self) -> CreateExperimentParams:
        """The create body, as the same model ``ws.create_experiment`` takes."""
        check_range(float(self.confidence.value), "confidence", "settings", low=50, high=99.9, unit="%")
        check_range(float(self.min_sample.value), "minimum sample", "settings", low=0)
        settings: dict[str, Any] = {"confidence_level": round(self.confidence.value / 100, 6)}
        if self.min_sample.value:
            settings["min_sample_size"] = self.min_sample.value
        variants = self.variants.variants()
        total = self.variants.percent_total()
        if variants and abs(sum(v["split"] for v in variants) - 1) > 1e-6:
            raise InputError(f"the splits sum to {total:g}%, not 100% ('split evenly' helps)", field="variants")
        if any(not v["key"] for v in variants):
            raise InputError("variants: every variant needs a key", field="variants")
        return CreateExperimentParams(
            name=self.name.value.strip(),
            description=self.description.value.strip() or None,
            hypothesis=self.hypothesis.value.strip() or None,
            variants=variants or None,
            metrics=metrics_from_text(self.metrics.value) or None,
            settings=settings,
        )

    def dates(self) -> UpdateExperimentParams | None:
        """The PATCH of step 2, or None when no date is set."""
        start, end = _day(self.start_date.value), _day(self.end_date.value)
        if start is None and end is None:
            return None
        if start and end and end < start:
            raise InputError(f"end date {end} is before the start date {start}", field="end_date")
        return UpdateExperimentParams(start_date=start, end_date=end)

    # -- steps -------------------------------------------------------------------------------------------
    def _step(self, line: str, kind: str = "ok") -> None:
        self._log.append(line)
        self.say("\n".join(self._log), kind)

    def _submit(self) -> None:
        self.errors.clear()
        try:  # check every input before the first request, so bad input makes nothing
            create, dates, flag_id = self.params(), self.dates(), self.flag.value
        except Exception as exc:
            self.errors.show(exc)
            raise
        wanted = ["create", *(["dates"] if dates else []), *(["link"] if flag_id else [])]
        todo = [s for s in wanted if s not in self.done]
        if not todo:
            assert self.experiment is not None
            self.say(
                f"Experiment {self.experiment.name} ({self.experiment.id}) is made and every step is done; "
                "nothing sent. Click 'New experiment' to make another.",
                "info",
            )
            return
        if self.experiment is not None:
            self._step(f"Resuming with experiment {self.experiment.id} (not created again): {', '.join(todo)}", "busy")
        for n, step in enumerate(todo, start=1):
            try:
                self._run_step(step, create, dates, flag_id)
            except Exception as exc:
                self.errors.show(exc)
                if step == "link":
                    self.errors.set("flag", error_text(exc))
                again = "; click Resume to retry from this step (the experiment is not created again)"
                self._step(f"step {step} failed: {error_text(exc)}{again if self.experiment else ''}", "error")
                if self.experiment is not None:
                    self.create.description = "Resume"
                return
            self._step(f"{n}/{len(todo)} {step}: done", "ok")
        self.create.description = "Create"
        exp = self.experiment
        assert exp is not None
        self._step(f"Experiment {esc(exp.name)} ({exp.id}) is ready as a draft.", "ok")
        self._fire("done", exp)

    def _run_step(self, step: str, create: CreateExperimentParams, dates: Any, flag_id: str | None) -> None:
        if step == "create":
            self._refuse_if_uncertain("New experiment")
            try:
                self.experiment = self.ws.create_experiment(create)
            except OutcomeUnknownError:
                self.uncertain = f"the create may have made experiment {create.name!r} (ws.list_experiments())"
                raise
            self.done.append("create")
            self._log.append(f"created experiment {self.experiment.name} ({self.experiment.id})")
            self._fire("created", self.experiment)
        elif step == "dates":
            assert self.experiment is not None
            self.experiment = self.ws.update_experiment(self.experiment.id, dates)
            self.done.append("dates")
        elif step == "link":
            assert self.experiment is not None and flag_id is not None
            self.link_flag(self.ws.get_feature_flag(flag_id), self.experiment)
            self.done.append("link")

    def link_flag(self, flag: FeatureFlag, experiment: Experiment) -> FeatureFlag:
        """Tie ``flag`` to ``experiment`` through the safe flag PUT (everything else on the flag is kept)."""
        params = UpdateFeatureFlagParams(
            name=flag.name, key=flag.key, status=flag.status, ruleset=flag.ruleset, experiment_id=experiment.id
        )
        return self.ws.update_feature_flag(flag.id, params)
