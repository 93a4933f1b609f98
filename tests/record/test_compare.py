"""Comparing two versions of the record: what was added, withdrawn, corrected, disputed."""

from __future__ import annotations

import dataclasses
import datetime as dt

from csto.record.compare import compare, manifest
from csto.record.dates import EventDate
from csto.record.events import Alternative, Citation, ExerciseHeld
from csto.record.record import Record, assemble
from csto.record.sources import Source

SRC = Source(id="s1", title="T", url=None, language="en", accessed=dt.date(2026, 1, 1), kind="news")
SRC2 = dataclasses.replace(SRC, id="s2", title="T2")


def _exercise(n: int, **changes: object) -> ExerciseHeld:
    e = ExerciseHeld(
        id=f"ex-{n}",
        date=EventDate.day(dt.date(2010, 1, n)),
        recorded=dt.date(2026, 1, 1),
        states=("RUS",),
        summary=f"exercise {n}",
        confidence="high",
        sources=(Citation(source="s1", locator="p. 1"),),
        name=f"Exercise {n}",
    )
    return dataclasses.replace(e, **changes)  # type: ignore[arg-type]


def _record(*events: ExerciseHeld) -> Record:
    return assemble([SRC, SRC2], [], events)


OLD = _record(_exercise(1), _exercise(2), _exercise(3), _exercise(4), _exercise(5))
NEW = _record(
    _exercise(1, date=EventDate.day(dt.date(2010, 2, 1))),
    _exercise(
        2,
        alternatives=(
            Alternative(label="other", changes=(("size", 500),), sources=(Citation(source="s2"),)),
        ),
        default_reason="the main source is closer",
    ),
    _exercise(3, sources=(Citation(source="s1", locator="p. 2"),)),
    _exercise(4),
    _exercise(6),
)


def test_each_event_is_classed_by_what_moved() -> None:
    diff = compare(OLD, NEW)
    assert not diff.same
    assert diff.detailed
    assert diff.added == ("ex-6",)
    assert diff.removed == ("ex-5",)
    kinds = {c.id: c.kinds for c in diff.changed}
    assert kinds == {"ex-1": ("corrected",), "ex-2": ("disputed",), "ex-3": ("cited",)}
    fields = {c.id: c.fields for c in diff.changed}
    assert fields["ex-1"] == {"date": ("2010-01-01", "2010-02-01")}
    assert set(fields["ex-2"]) == {"alternatives", "default_reason"}
    assert [c.id for c in diff.of_kind("corrected")] == ["ex-1"]


def test_a_correction_and_a_new_version_at_once_is_in_both_classes() -> None:
    both = _record(
        _exercise(
            1,
            summary="exercise one, renamed",
            alternatives=(
                Alternative(
                    label="other", changes=(("size", 5),), sources=(Citation(source="s2"),)
                ),
            ),
            default_reason="r",
        )
    )
    (change,) = compare(_record(_exercise(1)), both).changed
    assert change.kinds == ("corrected", "disputed")


def test_the_same_record_has_nothing_to_show() -> None:
    diff = compare(OLD, _record(*OLD.events))
    assert diff.same
    assert (diff.added, diff.removed, diff.changed) == ((), (), ())


def test_a_manifest_tells_what_changed_but_not_how() -> None:
    diff = compare(manifest(OLD), NEW)
    assert not diff.detailed
    assert diff.added == ("ex-6",)
    assert {c.id: c.kinds for c in diff.changed} == {
        "ex-1": ("changed",),
        "ex-2": ("changed",),
        "ex-3": ("changed",),
    }
    assert compare(manifest(NEW), NEW).same


def test_sources_are_compared_by_id() -> None:
    fewer = assemble([SRC], [], [_exercise(1)])
    diff = compare(fewer, _record(_exercise(1)))
    assert diff.sources == {"added": ("s2",), "removed": (), "changed": ()}
