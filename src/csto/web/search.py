"""Search across the record's events, the instruments' articles and the conformance cases.

A small in-memory index, built once: each entry keeps its words (case- and
accent-folded). A query matches an entry when every one of its words starts a word of the
entry; hits in the title rank first, then by how many times the words occur, then by date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from csto.cases.episode import Episode
from csto.codes import ORGANS, STATES
from csto.law.texts import ArticleRef, Law
from csto.record.codec import to_data
from csto.record.events import Event

__all__ = ["Hit", "SearchIndex", "words"]

_WORD = re.compile(r"[\w-]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The folded words of a text: lower case, accents dropped, split on non-letters."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    out = []
    for token in _WORD.findall(plain):
        out.append(token)
        if "-" in token:
            out.extend(t for t in token.split("-") if t)
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: what it is, its title, where to read it, a snippet, a date to sort by."""

    kind: str  # "event", "article" or "case"
    key: str
    title: str
    url: str
    snippet: str
    date: str
    score: tuple[int, int] = (0, 0)


@dataclass
class _Entry:
    hit: Hit
    title_words: list[str]
    body_words: list[str] = field(default_factory=list)


def _flatten(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, list):
        for v in value:
            yield from _flatten(v)
    elif value is not None:
        yield str(value)


class SearchIndex:
    """Events, articles and cases, searchable by words."""

    def __init__(self, events: Iterable[Event], law: Law, episodes: Iterable[Episode] = ()) -> None:
        self._entries: list[_Entry] = []
        for e in events:
            names = [STATES[s].name for s in e.states if s in STATES]
            organ = getattr(e, "organ", None)
            body = " ".join([e.id, e.type, *names, ORGANS.get(str(organ), ""), e.note or ""])
            body += " " + " ".join(
                _flatten({k: v for k, v in to_data(e).items() if k != "sources"})
            )
            self._entries.append(
                _Entry(
                    Hit("event", e.id, e.summary, f"/events/{e.id}", e.note or "", e.date.iso()),
                    words(e.summary),
                    words(body),
                )
            )
        for ins in law.instruments.values():
            for article in ins.articles:
                ref = ArticleRef(ins.id, article.number)
                title = f"{ref}: {article.heading}"
                paraphrases = [" ".join(v.paraphrase.split()) for v in article.versions]
                body = " ".join([*paraphrases, article.note or "", " ".join(article.tags)])
                self._entries.append(
                    _Entry(
                        Hit(
                            "article",
                            str(ref),
                            title,
                            f"/instruments/{ins.id}/articles/{article.number}",
                            paraphrases[-1] if paraphrases else (article.note or ""),
                            "",
                        ),
                        words(title),
                        words(body),
                    )
                )

        for ep in episodes:
            title = f"{ep.id}: {ep.title}"
            summary = " ".join(ep.summary.split())
            self._entries.append(
                _Entry(
                    Hit("case", ep.id, title, f"/cases/{ep.id}", summary, ep.start.isoformat()),
                    words(title),
                    words(summary),
                )
            )

    def search(self, query: str, limit: int = 100) -> list[Hit]:
        """Entries matching every word of ``query``, best first."""
        wanted = [w for w in words(query) if w]
        if not wanted:
            return []
        hits = []
        for entry in self._entries:
            in_title = sum(1 for w in wanted if any(t.startswith(w) for t in entry.title_words))
            total = 0
            for w in wanted:
                n = sum(1 for t in entry.body_words if t.startswith(w)) + sum(
                    1 for t in entry.title_words if t.startswith(w)
                )
                if n == 0:
                    break
                total += n
            else:
                h = entry.hit
                hits.append(
                    Hit(h.kind, h.key, h.title, h.url, h.snippet, h.date, (in_title, total))
                )
        hits.sort(key=lambda h: (-h.score[0], -h.score[1], h.date, h.key))
        return hits[:limit]
