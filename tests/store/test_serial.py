"""The store's canonical text: orjson's fast path writes exactly what the standard encoder
writes, the recording time is formatted as before, and the append loop chains exactly as
csto.store.hashchain defines. A store written before these changes (the standard encoder
only) still opens, verifies and takes appends with the same idempotency digests.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.errors import StoreError
from csto.io.recordfiles import load_record
from csto.record.codec import to_data
from csto.store import append as core
from csto.store import hashchain, serial
from csto.store.port import NewEvent
from csto.store.serial import _CANONICAL, dumps, timestamp
from csto.store.sqlite import SQLiteEventStore

pytestmark = pytest.mark.skipif(serial._orjson is None, reason="orjson is not installed")


def _stdlib(value: dict[str, Any]) -> str:
    return _CANONICAL(value)


def test_every_record_event_is_written_as_the_standard_encoder_writes_it() -> None:
    record = load_record()
    fast = 0
    for event in record.events:
        data = to_data(event)
        assert dumps(data) == _stdlib(data), event.id
        fast += serial._plain(data)
    assert fast >= len(record.events) // 2  # most take the fast path (floats do not)


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_plain = st.recursive(
    st.one_of(
        _text,
        st.integers(min_value=-(2**70), max_value=2**70),
        st.booleans(),
        st.none(),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(_text, inner, max_size=4),
    ),
    max_leaves=15,
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(_text, _plain, min_size=1, max_size=5))
def test_random_data_is_written_as_the_standard_encoder_writes_it(data: dict[str, Any]) -> None:
    assert dumps(data) == _stdlib(data)


class Colour(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Name(str):
    pass


@pytest.mark.parametrize(
    "data",
    [
        {"x": 1e-07, "y": 6.780474001402814e-05, "z": 1e16, "w": -0.0},
        {"x": Level.HIGH, "y": Name("n")},
        {"x": {2: "int key", 1: "another"}},
        {"x": [1, [2, (3, {"y": [None]})]]},
        {"b": 1, "a": {"d": 2, "c": 3}, "é": 0, "\uffff": 1, "\U00010000": 2},
        {"x": '\x00\x1f\x7f\u2028"\\ \t\n'},
        {"x": 2**64},
    ],
)
def test_odd_data_is_written_as_before(data: dict[str, Any]) -> None:
    assert dumps(data) == _stdlib(data)


@pytest.mark.parametrize(
    "data",
    [
        {"x": uuid.UUID(int=1)},
        {"x": Colour.RED},
        {"x": dt.date(2020, 1, 1)},
        {"x": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
        {"x": {1, 2}},
        {"x": float("nan")},
        {"x": "\ud800"},
        {"x": b"bytes"},
    ],
)
def test_what_json_cannot_hold_is_still_refused(data: dict[str, Any]) -> None:
    with pytest.raises(StoreError):
        dumps(data)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))]),
    )
)
def test_the_recording_time_is_formatted_as_before(moment: dt.datetime) -> None:
    assert timestamp(moment) == moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_the_append_loop_chains_as_hashchain_defines() -> None:
    events = [NewEvent("A", {"n": i, "f": 0.5 * i, "s": "é" * i}, {"by": "test"}) for i in range(5)]
    stream, log = core.Head(3, "a" * 64), core.Head(10, "b" * 64)
    rows = core.plan("stream-é", events, 3, stream, log, "2026-01-01T00:00:00.000000Z")
    s_hash, l_hash = stream.hash, log.hash
    for i, (row, event) in enumerate(zip(rows, events, strict=True)):
        assert row[:8] == (
            11 + i, "stream-é", 4 + i, "A", 1, _stdlib(dict(event.data)),
            _stdlib(dict(event.metadata)), "2026-01-01T00:00:00.000000Z",
        )  # fmt: skip
        content = hashchain.row_content(*row[1:2], row[2], row[0], *row[3:8])
        s_hash = hashchain.stream_hash(s_hash, content)
        l_hash = hashchain.log_hash(l_hash, s_hash)
        assert row[8:] == (s_hash, l_hash)


def test_a_store_written_with_the_standard_encoder_verifies_and_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "before.db"
    batch = [NewEvent("A", {"n": i, "s": "é", "l": [1, None, True]}) for i in range(3)]
    with monkeypatch.context() as before:  # as csto wrote stores before orjson
        before.setattr(serial, "_orjson", None)
        old = SQLiteEventStore(path)
        old.append("s", batch, expected_version=0, idempotency_key="k1")
        old.close()
    store = SQLiteEventStore(path)
    try:
        assert store.verify().ok
        again = store.append("s", batch, expected_version=0, idempotency_key="k1")
        assert again.duplicate  # the digest recomputed now matches the one stored then
        store.append("s", batch, expected_version=3, idempotency_key="k2")
        report = store.verify()
        assert report.ok, report.problems
        assert report.events == 6
    finally:
        store.close()
