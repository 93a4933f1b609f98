"""``Record.same_facts``: two records with the same facts (the files they came from aside)
share one digest; a record that differs in any fact is not the same and keeps its own."""

from __future__ import annotations

import dataclasses

import csto
from csto.record.record import Record, assemble


def _copy(record: Record) -> Record:
    """The same facts in new objects, without their files and lines (as read from a store)."""
    events = [dataclasses.replace(e, origin=None) for e in record.events]
    return assemble(record.sources, record.instruments, events)


def test_the_same_facts_share_the_digest_computed_once() -> None:
    curated = csto.load().record
    expected = _copy(curated).digest()  # computed from nothing
    curated.digest()
    read_back = _copy(curated)
    assert "_digest" not in read_back.__dict__
    assert read_back.same_facts(curated)
    assert "_digest" in read_back.__dict__  # given, not computed again
    assert read_back.digest() == expected == curated.digest()


def test_a_record_differing_in_one_fact_is_not_the_same() -> None:
    curated = csto.load().record
    curated.digest()
    events = list(_copy(curated).events)
    first = events[0]
    events[0] = dataclasses.replace(first, summary=first.summary + " (changed)")
    changed = assemble(curated.sources, curated.instruments, events)
    assert not changed.same_facts(curated)
    assert not curated.same_facts(changed)
    assert "_digest" not in changed.__dict__
    assert changed.digest() != curated.digest()
    fewer = assemble(curated.sources, curated.instruments, _copy(curated).events[1:])
    assert not fewer.same_facts(curated)
