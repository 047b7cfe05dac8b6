"""The seed's Annotations section, through the Workspace, on the sandbox in-process and over loopback HTTP."""

from __future__ import annotations

from datetime import date, datetime

import pydantic
import pytest

import mpnb as mp


def test_seed_annotations_section(any_ws: mp.Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    ws = any_ws
    # Precondition (S1): two tags and an annotation inside the seed's date range, made for the snippet.
    release = ws.create_annotation_tag(mp.CreateAnnotationTagParams(name="release-train"))
    incident = ws.create_annotation_tag(mp.CreateAnnotationTagParams(name="sev1"))
    made = ws.create_annotation(
        mp.CreateAnnotationParams(date="2025-03-31 00:00:00", description="v2.0 launch", tags=[release.id])
    )
    other = ws.create_annotation(mp.CreateAnnotationParams(date="2025-02-14 09:30:00", description="Checkout outage"))

    # List all annotations
    annotations = ws.list_annotations()
    assert made.id in {a.id for a in annotations} and len(annotations) > 2

    # Filter by date range
    annotations = ws.list_annotations(
        from_date="2025-01-01",
        to_date="2025-03-31",
    )
    assert {made.id, other.id} <= {a.id for a in annotations}  # inclusive of 2025-03-31
    assert all("2025-01-01" <= str(a.date)[:10] <= "2025-03-31" for a in annotations)  # the demo's Q1 2025 too

    # Filter by tags
    annotations = ws.list_annotations(tags=[release.id, incident.id])
    for ann in annotations:
        print(f"{ann.date}: {ann.description}")
    assert [a.id for a in annotations] == [made.id]
    assert "2025-03-31 00:00:00: v2.0 launch" in capsys.readouterr().out

    # Get, Update, Delete
    got = ws.get_annotation(made.id)
    assert got.date == "2025-03-31 00:00:00" and got.tags[0].name == "release-train"
    updated = ws.update_annotation(
        made.id, mp.UpdateAnnotationParams(description="v2.0 launch (all regions)", tags=[incident.id])
    )
    assert updated.description == "v2.0 launch (all regions)" and updated.tag_ids == [incident.id]
    assert updated.date == made.date  # immutable
    ws.delete_annotation(made.id)
    with pytest.raises(mp.NotFoundError):
        ws.get_annotation(made.id)
    backup = ws.backups.latest("annotations")
    assert backup is not None and backup.records[0]["description"] == "v2.0 launch (all regions)"

    # Annotation Tags
    tags = ws.list_annotation_tags()
    names = {t.name: t for t in tags}
    assert {"release-train", "sev1", "release", "incident"} <= set(names)
    assert names["sev1"].has_annotations is False  # its only annotation was deleted


def test_seed_data_is_a_past_year_of_tagged_annotations(any_ws: mp.Workspace) -> None:
    annotations = any_ws.list_annotations()
    days = [datetime.strptime(a.date, "%Y-%m-%d %H:%M:%S") for a in annotations]
    assert (max(days) - min(days)).days > 180
    assert {"release", "incident", "campaign"} <= {t.name for a in annotations for t in a.tags}


def test_date_and_datetime_objects_work_everywhere(ws: mp.Workspace) -> None:
    made = ws.create_annotation(mp.CreateAnnotationParams(date=datetime(2024, 7, 4, 18, 0), description="July 4"))
    assert made.date == "2024-07-04 18:00:00"
    found = ws.list_annotations(from_date=date(2024, 7, 4), to_date=datetime(2024, 7, 4, 23, 0))
    assert [a.id for a in found] == [made.id]


def test_bad_dates_are_clear_errors(ws: mp.Workspace) -> None:
    with pytest.raises(mp.InputError, match="from_date"):
        ws.list_annotations(from_date="2025/01/01")
    with pytest.raises(mp.InputError, match="to_date"):
        ws.list_annotations(to_date="yesterday")
    with pytest.raises(pydantic.ValidationError, match="%Y-%m-%d %H:%M:%S"):
        mp.CreateAnnotationParams(date="03/31/2025 00:00", description="x")
    with pytest.raises(pydantic.ValidationError, match="immutable"):
        mp.UpdateAnnotationParams(date="2025-04-01 00:00:00")  # type: ignore[call-arg]


def test_unknown_tag_is_refused_by_the_server(ws: mp.Workspace) -> None:
    with pytest.raises(mp.BadRequestError, match="999"):
        ws.create_annotation(mp.CreateAnnotationParams(date="2025-01-01", description="x", tags=[999]))


def test_annotations_ignore_a_pinned_workspace(ws: mp.Workspace) -> None:
    ws.set_workspace_id(2)
    before = len(ws.emulator.requests) if ws.emulator else 0
    ws.list_annotations()
    assert ws.emulator is not None
    method, path = ws.emulator.requests[before]
    assert (method, path) == ("GET", "/api/app/projects/1000/annotations")
