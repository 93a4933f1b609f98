"""Search across everything the site shows, on SQLite's FTS5 full-text engine.

What is searched: the record's events, the instruments and their articles, the
conformance cases, the states (English and Russian names, codes), the organs, the officials
and the sources. Each becomes one row of an in-memory FTS5 table (title and body columns)
built once when the site warms up.

Why FTS5 with the **trigram** tokenizer: it ships inside the SQLite that Python already
has (no new dependency, no server), it indexes every three-character sequence, so one
index serves English and Russian alike without a stemmer per language, and it can
answer the questions a word tokenizer cannot: a part of a word ("Казахстан" inside
"Казахстана"), and a misspelt word, whose trigrams mostly still match ("kazakstan" shares
five of its seven trigrams with "kazakhstan"; "defense" three of five with "defence").

How a query is answered:

1. the query is folded (lower case, accents dropped, "ё" as "е") and split into words;
   ``art.`` is read as ``article`` (and the index spells every article "article N" too);
2. FTS5 finds the candidate rows holding any of the words' trigrams and ranks them with
   its BM25 (the title weighs ten times the body);
3. each candidate must hold, for every word of three letters or more, enough of the
   word's trigrams (three in four for short words, three in five for longer ones), and
   every shorter word or number as a whole word: that is the tolerance for spelling;
4. the survivors are ordered by how well they match: the whole query as written in the
   title, then in the text, every word found as written, words in the title, then BM25,
   then date; a state, an organ or an official whose name is the query comes first.

Filters (kind of result, a period for dated results) and paging are applied after ranking,
so the counts per kind are those of the whole query.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from csto.codes import ORGANS, STATES, state_name, state_name_ru
from csto.law.texts import ArticleRef
from csto.record.codec import to_data
from csto.record.events import Event
from csto.record.sources import Instrument, Source

if TYPE_CHECKING:
    from csto.cases.episode import Episode
    from csto.law.texts import Law

__all__ = [
    "KINDS",
    "Doc",
    "Hit",
    "KindName",
    "Results",
    "SearchIndex",
    "documents",
    "fold",
    "trigrams",
    "words",
]

KindName = Literal["event", "article", "case", "state", "organ", "official", "instrument", "source"]

#: kinds of result, in the order the filters list them
KINDS: dict[str, str] = {
    "event": "events",
    "article": "articles",
    "case": "cases",
    "state": "states",
    "organ": "organs",
    "official": "officials",
    "instrument": "instruments",
    "source": "sources",
}

_WORD = re.compile(r"[\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, accents dropped, ``ё`` as ``е``: how both index and query are read."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain).replace("ё", "е")


def words(text: str) -> list[str]:
    """The folded words of a text (``art`` read as ``article``)."""
    out = []
    for token in _WORD.findall(fold(text)):
        out.append("article" if token in ("art", "arts") else token)
    return out


def trigrams(word: str) -> set[str]:
    """Every three-character sequence of a word."""
    return {word[i : i + 3] for i in range(len(word) - 2)}


@dataclass(frozen=True, slots=True)
class Doc:
    """What is indexed for one result."""

    kind: str
    key: str
    title: str
    url: str
    body: str
    snippet: str = ""
    date: str = ""  # YYYY-MM-DD (or shorter) for dated results, else ""
    names: tuple[str, ...] = ()  # what it is called: a query equal to one ranks it first


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: what it is, its title, where to read it, a snippet, a date to sort by."""

    kind: str
    key: str
    title: str
    url: str
    snippet: str
    date: str
    score: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Results:
    """One page of results, with the totals behind it."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    page: int
    per_page: int
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages the results fill."""
        return max(1, -(-self.total // self.per_page))


def _flatten(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, list):
        for v in value:
            yield from _flatten(v)
    elif value is not None:
        yield str(value)


def _names(codes: Iterable[str]) -> list[str]:
    out = []
    for code in codes:
        if code in STATES:
            out += [state_name(code), state_name_ru(code) or "", code]
    return out


def _article_words(text: str) -> str:
    """``art. 4`` also as ``article 4`` (the index and the query speak alike)."""
    return re.sub(r"\barts?\.\s*", "article ", text)


def documents(
    events: Iterable[Event],
    law: Law | None = None,
    episodes: Iterable[Episode] = (),
    instruments: Iterable[Instrument] = (),
    sources: Iterable[Source] = (),
    officials: Iterable[tuple[str, str, str | None, Sequence[str]]] = (),
) -> list[Doc]:
    """Everything searchable, as documents. ``officials``: (slug, name, nationality,
    posts in words)."""
    docs: list[Doc] = []
    titles: dict[str, str] = {}
    for ins in instruments:
        titles[ins.id] = ins.title_en
        docs.append(
            Doc(
                "instrument",
                ins.id,
                ins.title_en,
                f"/instruments/{ins.id}",
                " ".join([ins.id, ins.title_ru or "", ins.kind, ins.note or ""]),
                ins.note or "",
                names=(ins.id, ins.title_en, ins.title_ru or ""),
            )
        )
    for e in events:
        organ = getattr(e, "organ", None) or getattr(e, "by", None)
        fields = _flatten({k: v for k, v in to_data(e).items() if k not in ("sources", "id")})
        body = " ".join(
            [
                *_names({*e.states, str(getattr(e, "state", "") or "")}),
                ORGANS.get(str(organ), ""),
                titles.get(str(getattr(e, "instrument", "")), ""),
                e.note or "",
                *fields,
            ]
        )
        docs.append(
            Doc(
                "event",
                e.id,
                e.summary,
                f"/events/{e.id}",
                _article_words(body),
                e.note or "",
                e.date.earliest.isoformat(),
            )
        )
    if law is not None:
        for text in law.instruments.values():
            for article in text.articles:
                ref = ArticleRef(text.id, article.number)
                name = titles.get(text.id, text.id)
                title = f"{ref}: {article.heading}"
                paraphrases = [" ".join(v.paraphrase.split()) for v in article.versions]
                body = " ".join(
                    [
                        f"{name} article {article.number}",
                        *paraphrases,
                        article.note or "",
                        " ".join(article.tags),
                    ]
                )
                docs.append(
                    Doc(
                        "article",
                        str(ref),
                        title,
                        f"/instruments/{text.id}/articles/{article.number}",
                        _article_words(body),
                        paraphrases[-1] if paraphrases else (article.note or ""),
                        names=(f"article {article.number}", f"{name} article {article.number}"),
                    )
                )
    for ep in episodes:
        summary = " ".join(ep.summary.split())
        docs.append(
            Doc(
                "case",
                ep.id,
                f"{ep.id}: {ep.title}",
                f"/cases/{ep.id}",
                " ".join([summary, *_names(ep.states)]),
                summary,
                ep.start.isoformat(),
                names=(ep.id, ep.title),
            )
        )
    for code in STATES:
        name, name_ru = state_name(code), state_name_ru(code) or ""
        docs.append(
            Doc(
                "state",
                code,
                name,
                f"/states/{code}",
                f"{name_ru} {code} state member",
                f"{name} ({name_ru})",
                names=(name, name_ru, code),
            )
        )
    for oid, name in ORGANS.items():
        docs.append(
            Doc("organ", oid, name, f"/organs/{oid}", f"{oid} organ body", name, names=(name, oid))
        )
    for slug, person, nationality, posts in officials:
        docs.append(
            Doc(
                "official",
                slug,
                person,
                f"/officials/{slug}",
                " ".join([*posts, *_names([nationality] if nationality else [])]),
                "; ".join(posts),
                names=(person,),
            )
        )
    for src in sources:
        docs.append(
            Doc(
                "source",
                src.id,
                src.title,
                f"/sources/{src.id}",
                " ".join([src.id, src.publisher or "", src.published or ""]),
                src.publisher or "",
                "",
            )
        )
    return docs


class SearchIndex:
    """The documents in an in-memory FTS5 table (trigram tokenizer), with the query
    logic the module docstring describes. Safe to share between threads."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        self._docs = list(docs)
        self._folded = [fold(f"{d.title} {d.body}") for d in self._docs]
        self._titles = [fold(_article_words(d.title)) for d in self._docs]
        self._names = [[(n, trigrams(n)) for n in map(fold, d.names) if n] for d in self._docs]
        self._grams = [trigrams(t) for t in self._folded]
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='trigram case_sensitive 0')"
        )
        self._db.executemany(
            "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
            [
                (i, fold(d.title), folded)
                for i, (d, folded) in enumerate(zip(self._docs, self._folded, strict=True))
            ],
        )
        self._db.commit()

    def __len__(self) -> int:
        return len(self._docs)

    def _candidates(self, grams: set[str]) -> dict[int, float]:
        """Rows holding any of the trigrams, with FTS5's BM25 (lower is better)."""
        if not grams:
            return {}
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))
        with self._lock:
            rows = self._db.execute(
                "SELECT rowid, bm25(docs, 10.0, 1.0) FROM docs WHERE docs MATCH ?", (match,)
            ).fetchall()
        return {int(r): float(s) for r, s in rows}

    def search(
        self,
        query: str,
        *,
        kinds: Iterable[str] = (),
        start: str | None = None,
        end: str | None = None,
        page: int = 1,
        per_page: int = 20,
    ) -> Results:
        """The results for ``query``, best first, one page of them (``page`` from 1)."""
        wanted = words(query)
        long_words = [w for w in wanted if len(w) >= 3 and not w.isdigit()]
        exact_words = [w for w in wanted if w not in long_words]
        grams = set().union(*(trigrams(w) for w in long_words)) if long_words else set()
        if not wanted:
            return Results(query, (), 0, 1, per_page)
        if grams:
            candidates = self._candidates(grams)
        else:  # only numbers or short words: every row is a candidate
            candidates = dict.fromkeys(range(len(self._docs)), 0.0)
        phrase = " ".join(wanted)
        scored: list[tuple[tuple[float, ...], int]] = []
        for row, bm25 in candidates.items():
            text, title, have = self._folded[row], self._titles[row], self._grams[row]
            as_written = 0
            in_title = 0
            closeness = 0.0
            for w in long_words:
                g = trigrams(w)
                share = len(g & have) / len(g)
                if share < (0.75 if len(g) <= 4 else 0.6):
                    break
                closeness += share
                if w in text:
                    as_written += 1
                if w in title:
                    in_title += 1
            else:
                if not all(re.search(rf"\b{re.escape(w)}\b", text) for w in exact_words):
                    continue
                as_written += len(exact_words)
                in_title += sum(1 for w in exact_words if re.search(rf"\b{re.escape(w)}\b", title))
                named = max((_likeness(phrase, n, g) for n, g in self._names[row]), default=0.0)
                score = (
                    round(named, 2) if named >= 0.5 else 0.0,
                    float(phrase in title),
                    float(phrase in text),
                    float(self._docs[row].kind != "source"),  # what a source says comes first
                    float(as_written),
                    float(in_title),
                    round(closeness, 3),
                    -bm25,
                )
                scored.append((score, row))
        scored.sort(key=lambda sr: (tuple(-v for v in sr[0]), self._docs[sr[1]].date, sr[1]))
        by_kind = Counter(self._docs[r].kind for _, r in scored)
        chosen = set(kinds)
        kept = [
            (s, r)
            for s, r in scored
            if (not chosen or self._docs[r].kind in chosen)
            and (start is None or (self._docs[r].date and self._docs[r].date >= start))
            and (end is None or (self._docs[r].date and self._docs[r].date[: len(end)] <= end))
        ]
        per_page = max(1, min(per_page, 100))
        page = max(1, page)
        window = kept[(page - 1) * per_page : page * per_page]
        hits = tuple(self._hit(row, score, [*long_words, *exact_words]) for score, row in window)
        return Results(query, hits, len(kept), page, per_page, dict(by_kind))

    def _hit(self, row: int, score: tuple[float, ...], wanted: list[str]) -> Hit:
        d = self._docs[row]
        return Hit(d.kind, d.key, d.title, d.url, _snippet(d.snippet, wanted), d.date, score)


def _likeness(phrase: str, name: str, grams: set[str]) -> float:
    """How close a query is to a name: 1 when equal, else the share of trigrams they have
    in common (Jaccard); numbers must be the same ("article 4" is not "article 6")."""
    if phrase == name:
        return 1.0
    if set(re.findall(r"\d+", phrase)) != set(re.findall(r"\d+", name)) or not grams:
        return 0.0
    wanted = trigrams(phrase)
    return len(grams & wanted) / len(grams | wanted)


def _snippet(text: str, wanted: list[str], width: int = 220) -> str:
    """Up to ``width`` characters of ``text`` around the first word of the query in it."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    folded = fold(text)
    at = min((folded.find(w) for w in wanted if folded.find(w) >= 0), default=0)
    begin = max(0, at - width // 3)
    piece = text[begin : begin + width]
    return ("…" if begin else "") + piece + ("…" if begin + width < len(text) else "")
