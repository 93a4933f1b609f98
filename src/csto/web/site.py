"""What the web application knows, built once at start-up from a record.

A :class:`Site` holds the history (the record folded), the law
(:class:`~csto.web.lawview.LawView`), the conformance cases
(:class:`~csto.web.casesview.CasesView`), and the indexes the pages need: each state's
membership periods and each official's posts (asked of :mod:`csto.state.tenure`, once),
events by organ, instrument and source, and
(built on first use, or by :meth:`Site.warm` in the background) the search index and the
sources' citations in the law data. Everything is derived from the record and the law
data; nothing here is a fact of its own. The state document is built once per interval
between change days.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from csto.codes import ORGANS, STATES
from csto.errors import Problem, UnknownIdError
from csto.law.texts import ArticleRef
from csto.record.events import (
    ChairmanshipPassed,
    Event,
)
from csto.record.record import Record
from csto.record.sources import Instrument, Source
from csto.state.document import diff_document, state_document, timeline_of
from csto.state.history import History
from csto.state.model import State
from csto.state.tenure import (
    POSTS,
    Official,
    change_days,
    membership_periods,
    officials,
)
from csto.web.casesview import CasesView
from csto.web.lawview import LawView, _Lazy
from csto.web.search import SearchIndex, documents

__all__ = ["ORGAN_TAGS", "Site"]

#: the law data's article tags that name an organ
ORGAN_TAGS = {
    "CSC": "csc",
    "CFM": "cfm",
    "CMD": "cdm",
    "CSSC": "cssc",
    "PC": "permanent-council",
    "SEC": "secretariat",
    "JS": "joint-staff",
    "PA": "parliamentary-assembly",
}


@dataclass(eq=False)
class Site:
    """The loaded record with every index the pages and the API need."""

    history: History

    def __post_init__(self) -> None:
        rec = self.record
        self.first_day = min(e.date.earliest for e in rec.events)
        self.state_codes = {s for e in rec.events for s in e.states} | set(STATES)
        self.by_state: dict[str, list[Event]] = defaultdict(list)
        self.by_organ: dict[str, list[Event]] = defaultdict(list)
        self.by_instrument: dict[str, list[Event]] = defaultdict(list)
        self.by_source: dict[str, list[Event]] = defaultdict(list)
        for e in rec.events:
            for code in {*e.states, getattr(e, "state", None)} - {None}:
                self.by_state[str(code)].append(e)
            organ = getattr(e, "organ", None) or getattr(e, "by", None)
            if isinstance(organ, str) and organ in ORGANS:
                self.by_organ[organ].append(e)
            if isinstance(e, ChairmanshipPassed):
                self.by_organ["CSC"].append(e)
            instrument = getattr(e, "instrument", None)
            if isinstance(instrument, str):
                self.by_instrument[instrument].append(e)
            cited = {c.source for c in e.sources} | {
                c.source for a in e.alternatives for c in a.sources
            }
            for source in cited:
                self.by_source[source].append(e)
        self.change_days = change_days(rec.events)
        self._state_docs: dict[int, tuple[State, bytes, bytes]] = {}
        self.periods = membership_periods(self.on, self.change_days)
        self.officials = officials(rec.events)
        self.lawview = LawView(self.history)
        self.cases = CasesView(self.history, self.lawview)
        self._lazy = _Lazy()

    @property
    def record(self) -> Record:
        """The record behind the history."""
        return self.history.record

    # --- the organization on a date ----------------------------------------------------

    def on(self, day: dt.date) -> State:
        """The organization on ``day``."""
        return self.history.on(day)

    def membership_changes(self) -> list[dt.date]:
        """The days on which some state's status changed, oldest first."""
        return sorted({p.start for periods in self.periods.values() for p in periods})

    # --- people ------------------------------------------------------------------------

    def official(self, key: str) -> Official:
        """The person with this slug, or an UnknownIdError naming ``field``."""
        found = self.officials.get(key)
        if found is None:
            raise UnknownIdError(
                f"the record names no official {key!r}",
                (Problem("no such official", field="official", got=key),),
            )
        return found

    # --- instruments and articles ------------------------------------------------------

    def warm(self) -> None:
        """Load the law, the engine, the worked verdicts, the conformance runs and the
        search index now."""
        self.lawview.warm()
        self.cases.warm()
        _ = self.search, self.article_citations

    @property
    def search(self) -> SearchIndex:
        """The search index over events, articles, cases, states, organs, officials,
        instruments and sources (built on first use)."""

        def make() -> SearchIndex:
            people = [
                (p.slug, p.name, p.nationality, [POSTS.get(x.post, x.post) for x in p.posts])
                for p in self.officials.values()
            ]
            docs = documents(
                self.record.events,
                self.lawview.law,
                self.cases.episodes,
                self.record.instruments,
                self.record.sources,
                people,
            )
            return SearchIndex(docs)

        return self._lazy.get("search", make)

    @property
    def article_citations(self) -> dict[str, list[str]]:
        """Source id -> the instruments and articles (as labels) whose data cite it."""

        def make() -> dict[str, list[str]]:
            cited: dict[str, list[str]] = defaultdict(list)
            for ins in self.lawview.law.instruments.values():
                for c in ins.header.sources:
                    cited[c.source].append(ins.id)
                for article in ins.articles:
                    label = str(ArticleRef(ins.id, article.number))
                    for version in article.versions:
                        for c in version.sources:
                            if label not in cited[c.source]:
                                cited[c.source].append(label)
            return dict(cited)

        return self._lazy.get("citations", make)

    def articles_citing(self, source_id: str) -> list[str]:
        """The instruments and articles (as labels) whose data cite this source."""
        return list(self.article_citations.get(source_id, []))

    def source(self, source_id: str) -> Source:
        """The registered source, or an UnknownIdError naming ``source_id``."""
        try:
            return self.record.source(source_id)
        except KeyError:
            raise UnknownIdError(
                f"no source with id {source_id[:80]!r}",
                (Problem("no such source", field="source_id", got=repr(source_id[:80])),),
            ) from None

    def instrument(self, instrument_id: str) -> Instrument:
        """The registered instrument, or an UnknownIdError naming ``instrument_id``."""
        try:
            return self.record.instrument(instrument_id)
        except KeyError:
            raise UnknownIdError(
                f"no instrument with id {instrument_id[:80]!r}",
                (
                    Problem(
                        "no such instrument",
                        field="instrument_id",
                        got=repr(instrument_id[:80]),
                        expected="one of " + ", ".join(i.id for i in self.record.instruments),
                    ),
                ),
            ) from None

    def article_count(self, instrument_id: str) -> int:
        """How many articles of the instrument the law data holds."""
        ins = self.lawview.law.instruments.get(instrument_id)
        return 0 if ins is None else len(ins.articles)

    # --- documents (the same as the CLI's --json), cached --------------------------------

    def state_json(self, day: dt.date) -> bytes:
        """``csto state DAY --json`` as UTF-8 bytes.

        The organization is constant between two change days, so the document is built once
        per interval (by the state layer's :func:`state_document`) and only its date is set
        per request; a cached document is reused only if its state equals this day's.
        """
        state = self.on(day)
        key = bisect.bisect_right(self.change_days, day)
        hit = self._state_docs.get(key)
        if hit is None or replace(hit[0], date=day) != state:
            doc = state_document(state, self.record)
            doc["date"] = _PLACEHOLDER
            head, tail = _dumps(doc).split(_PLACEHOLDER.encode())
            hit = self._state_docs[key] = (state, head, tail)
        return hit[1] + day.isoformat().encode() + hit[2]

    @functools.lru_cache(maxsize=1024)  # noqa: B019
    def diff_json(self, start: dt.date, end: dt.date) -> bytes:
        """``csto diff START END --json`` as UTF-8 bytes."""
        changes = self.history.between(start, end)
        return _dumps(diff_document(self.on(start), self.on(end), changes))

    @functools.lru_cache(maxsize=1024)  # noqa: B019
    def timeline_json(
        self,
        state: str | None,
        kinds: tuple[str, ...],
        start: dt.date | None,
        end: dt.date | None,
    ) -> bytes:
        """``csto timeline ... --json`` as UTF-8 bytes."""
        return _dumps(timeline_of(self.history, state, kinds, start, end))


_PLACEHOLDER = "@@csto-date@@"


def _dumps(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
