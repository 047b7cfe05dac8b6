"""Annotation rules: untagged annotations, duplicates on the same date."""

from __future__ import annotations

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import findings

__all__ = ["duplicate_annotation", "untagged_annotation"]


@rule("annotations", "low")
def untagged_annotation(ctx: AuditContext) -> list[Finding]:
    """Annotations without a tag: they cannot be filtered on charts. Tagging needs a person: review."""
    df = ctx.frame("annotations")
    mask = pd.Series([not t for t in df["tags"]], index=df.index)
    return findings(df, mask, "description", ["date"])


@rule("annotations", "medium")
def duplicate_annotation(ctx: AuditContext) -> list[Finding]:
    """Annotations with the same text (case and spaces ignored) on the same day; the oldest id is kept.

    Duplicates draw the same marker twice on every chart.
    """
    df = ctx.frame("annotations").copy()
    df["day"] = df["date"].str.slice(0, 10)
    df["text"] = df["description"].fillna("").str.lower().str.split().str.join(" ")
    dup = df[df.duplicated(["day", "text"], keep=False)].sort_index()
    groups = dup.groupby(["day", "text"], sort=False)
    first = pd.Series(dup.index.astype("int64"), index=dup.index).groupby([dup["day"], dup["text"]]).transform("first")
    rest = dup.assign(kept=first.astype("int64"))[groups.cumcount().to_numpy() > 0]
    return findings(rest, [True] * len(rest), "description", ["date", "kept"], "delete")
