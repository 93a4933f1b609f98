"""The one contract every event store adapter keeps. Not collected by itself.

An adapter's test module subclasses :class:`EventStoreContract` and says only how to make
a store (``make_store``); every test here then runs against it. ``make_store`` may be
called more than once in a test and must then return handles on the same store.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from csto.errors import (
    ConcurrencyError,
    IdempotencyKeyError,
    ImportDataError,
    InputError,
    IntegrityError,
    StoreError,
)
from csto.record.codec import event_from_data
from csto.store import ANY, EventStore, NewEvent, Upcasters
from csto.store.records import append_record_events, read_record_events
from tests.store import tamper

#: a store key (kept outside the store; here, in the test)
KEY = b"csto-test-key-0123456789abcdef!!"


def ev(n: int, type_: str = "Happened", **extra: Any) -> NewEvent:
    return NewEvent(type_, {"n": n, **extra}, {"by": "test"})


def events(*ns: int) -> list[NewEvent]:
    return [ev(n) for n in ns]


def _race(
    s: EventStore, who: int, expected: int, barrier: threading.Barrier, outcomes: list[str]
) -> None:
    barrier.wait()
    try:
        s.append("race", [ev(who), ev(who)], expected_version=expected)
        outcomes.append("won")
    except ConcurrencyError:
        outcomes.append("lost")


class EventStoreContract:
    """The behaviour every adapter must show; subclasses define ``make_store``."""

    __test__ = False

    def make_store(self, **options: Any) -> EventStore:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _context(self, tmp_path: Any, request: pytest.FixtureRequest) -> Iterator[None]:
        self.tmp_path = tmp_path
        self.request = request
        self.opened: list[EventStore] = []
        yield
        for s in self.opened:
            s.close()

    def open(self, **options: Any) -> EventStore:
        s = self.make_store(**options)
        self.opened.append(s)
        return s

    @pytest.fixture
    def store(self) -> EventStore:
        return self.open()

    # --- the basics -------------------------------------------------------------------

    def test_a_new_store_is_empty_and_verifies(self, store: EventStore) -> None:
        assert store.head() == 0
        assert store.read_all() == []
        assert store.stream_version("s") == 0
        report = store.verify()
        assert report.ok
        assert report.events == 0

    def test_append_then_read_a_stream_and_the_log(self, store: EventStore) -> None:
        first = store.append("a", events(1, 2), expected_version=0)
        second = store.append("b", events(3), expected_version=0)
        third = store.append("a", events(4), expected_version=2)
        assert (first.first_version, first.last_version, first.first_position) == (1, 2, 1)
        assert (second.first_position, third.first_version, third.last_position) == (3, 3, 4)
        assert not first.duplicate
        stream = store.read_stream("a")
        assert [e.version for e in stream] == [1, 2, 3]
        assert [e.data["n"] for e in stream] == [1, 2, 4]
        assert stream[0].metadata == {"by": "test"}
        assert stream[0].type == "Happened"
        assert stream[0].schema_version == 1
        assert [e.position for e in store.read_all()] == [1, 2, 3, 4]
        assert [e.data["n"] for e in store.read_all(after=2)] == [3, 4]
        assert [e.position for e in store.read_all(after=1, limit=2)] == [2, 3]
        assert [e.version for e in store.read_stream("a", from_version=2, limit=1)] == [2]
        assert store.stream_version("a") == 3
        assert store.head() == 4

    def test_data_round_trips_unicode_nesting_and_numbers(self, store: EventStore) -> None:
        data = {"name": "Ереван", "nested": {"list": [1, 2.5, None, True]}, "big": 2**53 + 1}
        store.append("u", [NewEvent("T", data)], expected_version=0)
        assert store.read_stream("u")[0].data == data

    def test_recorded_at_comes_from_the_clock_and_is_hashed(self) -> None:
        moment = dt.datetime(2022, 1, 6, 12, 0, tzinfo=dt.UTC)
        s = self.open(clock=lambda: moment)
        s.append("c", events(1), expected_version=0)
        assert s.read_all()[0].recorded_at == "2022-01-06T12:00:00.000000Z"
        assert s.verify().ok

    def test_bad_requests_are_refused_before_anything_is_written(self, store: EventStore) -> None:
        with pytest.raises(InputError, match="at least one event"):
            store.append("a", [], expected_version=0)
        with pytest.raises(InputError, match="stream id"):
            store.append("", events(1), expected_version=0)
        with pytest.raises(StoreError, match="not JSON"):
            store.append("a", [NewEvent("T", {"when": dt.date(2022, 1, 6)})], expected_version=0)
        assert store.head() == 0

    # --- optimistic concurrency -------------------------------------------------------

    def test_a_stale_expected_version_conflicts_and_writes_nothing(self, store: EventStore) -> None:
        store.append("a", events(1, 2), expected_version=0)
        for stale in (0, 1, 3):
            with pytest.raises(ConcurrencyError, match="version 2"):
                store.append("a", events(9), expected_version=stale)
        assert store.head() == 2
        assert store.append("a", events(3), expected_version=ANY).last_version == 3

    def test_two_writers_racing_on_one_stream_exactly_one_wins(self) -> None:
        writers = [self.open(), self.open()]
        writers[0].append("race", events(0), expected_version=0)
        for round_ in range(5):
            barrier = threading.Barrier(2)
            outcomes: list[str] = []
            threads = [
                threading.Thread(target=_race, args=(w, i, 1 + 2 * round_, barrier, outcomes))
                for i, w in enumerate(writers)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(outcomes) == ["lost", "won"]
        stream = writers[1].read_stream("race")
        assert len(stream) == 11
        for i in range(1, 11, 2):  # each batch is one writer's, whole
            assert stream[i].data == stream[i + 1].data
        assert writers[1].verify().ok

    # --- idempotency ------------------------------------------------------------------

    def test_a_retry_with_the_same_key_returns_the_first_result(self, store: EventStore) -> None:
        first = store.append("a", events(1, 2), expected_version=0, idempotency_key="k1")
        store.append("a", events(3), expected_version=2)
        again = store.append("a", events(1, 2), expected_version=0, idempotency_key="k1")
        assert again.duplicate
        assert (again.first_version, again.last_version) == (
            first.first_version,
            first.last_version,
        )
        assert (again.first_position, again.last_position) == (1, 2)
        assert store.head() == 3

    def test_a_key_reused_for_other_work_is_refused(self, store: EventStore) -> None:
        store.append("a", events(1), expected_version=0, idempotency_key="k")
        with pytest.raises(IdempotencyKeyError, match="fresh key"):
            store.append("a", events(2), expected_version=1, idempotency_key="k")
        with pytest.raises(IdempotencyKeyError):
            store.append("b", events(1), expected_version=0, idempotency_key="k")
        assert store.head() == 1

    def test_concurrent_retries_write_once(self) -> None:
        handles = [self.open() for _ in range(3)]
        barrier = threading.Barrier(3)
        results = []

        def retry(s: EventStore) -> None:
            barrier.wait()
            results.append(
                s.append("r", events(1, 2), expected_version=ANY, idempotency_key="once")
            )

        threads = [threading.Thread(target=retry, args=(h,)) for h in handles]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert handles[0].head() == 2
        assert sorted(r.duplicate for r in results) == [False, True, True]

    # --- atomic batches -----------------------------------------------------------------

    def test_a_batch_is_written_whole_or_not_at_all(self, store: EventStore) -> None:
        store.append("a", events(1), expected_version=0)
        bad = [ev(2), ev(3), NewEvent("T", {"x": {1, 2}}), ev(5)]
        with pytest.raises(StoreError):
            store.append("a", bad, expected_version=1)
        with pytest.raises(ConcurrencyError):
            store.append("a", events(2, 3, 4), expected_version=0)
        assert store.head() == 1
        assert store.stream_version("a") == 1
        big = store.append("a", [ev(i) for i in range(500)], expected_version=1)
        assert (big.first_position, big.last_position) == (2, 501)
        stored = store.read_stream("a", from_version=2)  # written in several statements
        assert [(e.position, e.version, e.stream_id, e.data) for e in stored] == [
            (i + 2, i + 2, "a", {"n": i}) for i in range(500)
        ]
        assert len({e.recorded_at for e in stored}) == 1
        assert store.verify().ok

    # --- tamper evidence ------------------------------------------------------------------

    def _filled(self) -> EventStore:
        s = self.open()
        for i in range(6):
            s.append(f"s{i % 2}", events(i), expected_version=ANY)
        assert s.verify().ok
        return s

    def test_an_altered_row_is_named(self) -> None:
        s = self._filled()
        tamper.alter(s, 3, {"n": 99})
        report = s.verify()
        assert not report.ok
        assert any("position 3 " in p and "altered" in p for p in report.problems), report.problems

    def test_a_removed_row_is_named(self) -> None:
        s = self._filled()
        tamper.remove(s, 4)
        problems = s.verify().problems
        assert any("position(s) 4 missing" in p for p in problems), problems

    def test_reordered_rows_are_named(self) -> None:
        s = self._filled()
        tamper.swap(s, 2, 5)
        problems = " ".join(s.verify().problems)
        assert "position 2 " in problems
        assert "position 5 " in problems

    def test_a_cut_tail_is_found_against_a_noted_head(self) -> None:
        s = self._filled()
        head = s.verify()
        tamper.remove(s, 6)
        problems = s.verify(noted=(head.head_position, head.head_hash)).problems
        assert any("position 6 was noted earlier" in p for p in problems), problems

    # --- the head record: what a chain cannot see on its own ----------------------------

    def test_a_cut_tail_is_found_by_the_head_record(self) -> None:
        s = self._filled()
        tamper.remove(s, 6)
        tamper.remove(s, 5)
        problems = s.verify().problems  # nobody kept the head by hand
        assert any(
            "ends at position 4, but its head record says 6: rows removed from the end" in p
            for p in problems
        ), problems

    def test_an_append_onto_a_cut_log_is_refused_and_writes_nothing(self) -> None:
        s = self._filled()
        tamper.remove(s, 6)
        with pytest.raises(IntegrityError, match="nothing was written"):
            s.append("s0", events(9), expected_version=ANY)
        assert s.head() == 5

    def test_a_rewritten_chain_is_found_by_the_head_record(self) -> None:
        s = self._filled()
        tamper.rewrite(s, 2, {"n": 99})  # every hash recomputed: the chains verify...
        problems = s.verify().problems
        assert not any("altered" in p for p in problems), problems
        assert any("the chain was rewritten" in p for p in problems), problems  # ...the head

    def test_a_rewritten_chain_and_head_are_found_by_the_signature(self) -> None:
        s = self.open(key=KEY)
        for i in range(4):
            s.append("a", events(i), expected_version=ANY)
        assert s.verify().ok
        assert "signed and holds" in " ".join(s.verify().notes)
        tamper.rewrite(s, 2, {"n": 99})
        tamper.set_head(s, **tamper.head_matching_the_log(s))  # the attacker has no key
        problems = s.verify().problems
        assert any("signature does not hold" in p for p in problems), problems
        tamper.set_head(s, mac=None)
        assert any("not signed" in p for p in s.verify().problems)
        with pytest.raises(IntegrityError):  # and nothing is written onto it
            s.append("a", events(5), expected_version=ANY)

    def test_without_the_key_the_signature_is_not_checked_and_says_so(self) -> None:
        signed = self.open(key=KEY)
        signed.append("a", events(1), expected_version=0)
        report = self.open().verify()
        assert report.ok
        assert any("signature was not checked" in n for n in report.notes), report.notes
        other = self.open(key=b"\x01" * 32)
        assert any("signature does not hold" in p for p in other.verify().problems)
        with pytest.raises(IntegrityError, match="another key"):
            other.append("a", events(2), expected_version=1)

    def test_seal_signs_an_unsigned_store_that_verifies_and_no_other(self) -> None:
        plain = self._filled()
        keyed = self.open(key=KEY)
        assert any("not signed" in p for p in keyed.verify().problems)
        with pytest.raises(IntegrityError, match="not signed"):
            keyed.append("s0", events(7), expected_version=ANY)
        assert keyed.seal().ok
        keyed.append("s0", events(7), expected_version=ANY)
        assert keyed.verify().ok
        tamper.alter(plain, 3, {"n": 30})
        with pytest.raises(IntegrityError, match="nothing was signed"):
            keyed.seal()
        with pytest.raises(StoreError, match="give the key"):
            plain.seal()

    # --- idempotency keys are covered by verify -------------------------------------------

    def _keyed(self) -> EventStore:
        s = self.open()
        s.append("a", events(1, 2), expected_version=0, idempotency_key="k1")
        s.append("b", events(3), expected_version=0, idempotency_key="k2")
        s.append("a", events(4), expected_version=2)
        assert s.verify().ok, s.verify().problems
        return s

    def test_an_altered_idempotency_key_is_named(self) -> None:
        s = self._keyed()
        tamper.alter_key(s, "k1", digest="0" * 64)
        problems = " ".join(s.verify().problems)
        assert "idempotency key 'k1'" in problems
        assert "does not match" in problems

    def test_a_key_pointed_at_another_batch_is_named(self) -> None:
        s = self._keyed()
        tamper.alter_key(s, "k2", first_position=4, last_position=4, stream_id="a",
                         first_version=3, last_version=3)  # fmt: skip
        problems = " ".join(s.verify().problems)
        assert "idempotency key 'k2'" in problems
        assert "keys added, removed or altered" in problems  # the head's chain of keys

    def test_a_removed_idempotency_key_is_found(self) -> None:
        s = self._keyed()
        tamper.delete_key(s, "k2")
        problems = " ".join(s.verify().problems)
        assert "holds 1 idempotency key(s), but its head record says 2" in problems

    def test_rows_cannot_be_rewritten_by_inserting_over_them(self) -> None:
        s = self._keyed()
        refusals = tamper.raw_replace_refusals(s)
        if refusals is not None:  # a database: REPLACE and ON CONFLICT DO UPDATE refused
            assert refusals
            assert all("append-only" in r for r in refusals), refusals
        assert s.read_all()[0].type == "Happened"
        assert s.verify().ok

    def test_the_chain_holds_under_concurrent_writers(self) -> None:
        handles = [self.open() for _ in range(4)]
        barrier = threading.Barrier(4)

        def write(s: EventStore, who: int) -> None:
            barrier.wait()
            for i in range(15):
                s.append(f"w{who}", events(i), expected_version=i)
                s.append("shared", events(i, i), expected_version=ANY)

        threads = [threading.Thread(target=write, args=(h, i)) for i, h in enumerate(handles)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report = handles[0].verify()
        assert report.ok, report.problems
        assert (report.events, report.streams) == (180, 5)
        assert [e.position for e in handles[1].read_all()] == list(range(1, 181))

    def test_the_schema_refuses_update_and_delete(self, store: EventStore) -> None:
        store.append("a", events(1), expected_version=0)
        assert not any(hasattr(store, name) for name in ("update", "delete", "remove"))
        refusals = tamper.raw_change_refusals(store)
        if refusals is not None:  # a database: its triggers refuse raw changes too
            assert len(refusals) == 2
            assert all("append-only" in r for r in refusals), refusals
        assert store.read_all()[0].type == "Happened"
        assert store.verify().ok

    # --- waiting ----------------------------------------------------------------------------

    def test_wait_returns_at_once_when_events_are_there(self, store: EventStore) -> None:
        store.append("a", events(1, 2), expected_version=0)
        assert [e.position for e in store.wait(after=1, timeout=5)] == [2]

    def test_wait_times_out_empty(self, store: EventStore) -> None:
        assert store.wait(after=0, timeout=0.05) == []

    def test_wait_wakes_when_another_writer_appends(self, store: EventStore) -> None:
        writer = self.open()
        timer = threading.Timer(0.1, lambda: writer.append("a", events(1), expected_version=0))
        timer.start()
        try:
            got = store.wait(after=0, timeout=10)
        finally:
            timer.join()
        assert [e.data["n"] for e in got] == [1]

    # --- schema versions, restore, record events -----------------------------------------

    def test_old_schema_versions_are_upcast_on_read(self) -> None:
        up = Upcasters()
        up.register("Renamed", 1, lambda d: {"count": d["n"]})
        up.register("Renamed", 2, lambda d: {**d, "unit": "events"})
        s = self.open(upcasters=up)
        s.append("u", [NewEvent("Renamed", {"n": 3})], expected_version=0)
        s.append(
            "u",
            [NewEvent("Renamed", {"count": 4, "unit": "x"}, schema_version=3)],
            expected_version=1,
        )
        got = s.read_stream("u")
        assert [(e.schema_version, e.data) for e in got] == [
            (3, {"count": 3, "unit": "events"}),
            (3, {"count": 4, "unit": "x"}),
        ]
        assert s.verify().ok  # the stored rows are untouched

    def test_restore_keeps_positions_times_and_hashes(self) -> None:
        source = self._filled()
        target = self.open_empty()
        assert target.restore(source.read_all()) == 6
        assert target.read_all() == source.read_all()
        assert target.verify().head_hash == source.verify().head_hash
        with pytest.raises(ImportDataError, match="already holds"):
            target.restore(source.read_all())

    def test_restore_refuses_events_that_do_not_verify(self) -> None:
        import dataclasses

        rows = self._filled().read_all()
        rows[2] = dataclasses.replace(rows[2], data_json='{"n":99}')
        target = self.open_empty()
        with pytest.raises(ImportDataError, match="nothing was written"):
            target.restore(rows)
        assert target.head() == 0

    def open_empty(self) -> EventStore:
        """A second, empty store (adapters whose handles share one store override this)."""
        return self.open(separate=True)

    def test_record_events_round_trip_through_the_codec(self, store: EventStore) -> None:
        data = {
            "id": "arm-request-2022-09",
            "type": "AssistanceRequested",
            "date": "2022-09-13",
            "recorded": "2024-11-24",
            "requester": "ARM",
            "grounds": "aggression",
            "summary": "Armenia asks for help.",
            "confidence": "high",
            "sources": [{"source": "seed-1", "locator": "para 3"}],
        }
        event = event_from_data(data)
        append_record_events(store, "session-1", [event], expected_version=0)
        assert read_record_events(store, "session-1") == [event]

    def test_a_closed_store_refuses_work(self) -> None:
        s = self.make_store()
        s.close()
        with pytest.raises(StoreError):
            s.append("a", events(1), expected_version=0)
