"""The instruments as data: articles, their versions in force by date, and how well we checked them.

An :class:`InstrumentText` holds what the law data files say of one treaty, charter,
protocol, agreement, decision or regulation: titles, signature, entry into force, links to
the texts we read, and every article with its versions. How far a wording was checked is
said *per version* (:attr:`ArticleVersion.check`, with what was read and where in
:attr:`ArticleVersion.read`): the original words of an article may have been read in full
while its amended wording is known only from an official summary. :class:`Law` answers
"which version of this article was in force on that day?". Nothing here reads a file (see
``csto.io.lawfiles``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from csto.errors import UnknownIdError
from csto.record.dates import EventDate
from csto.record.events import Citation

__all__ = [
    "CHECK_LEVELS",
    "CHECK_ORDER",
    "Article",
    "ArticleRef",
    "ArticleVersion",
    "Check",
    "EntryIntoForce",
    "InstrumentHeader",
    "InstrumentText",
    "Law",
    "Signature",
    "TextLink",
    "weakest",
]

Check = Literal["text_read", "text_partly_read", "secondary_only", "not_found"]

#: what each check level means, for documents and the terminal (strongest first)
CHECK_LEVELS: dict[str, str] = {
    "text_read": "this wording was read in a stored text",
    "text_partly_read": (
        "part of this wording was read in a stored text (its opening, or the amending words); "
        "the rest is known from secondary sources"
    ),
    "secondary_only": (
        "this wording is known only from secondary sources (official summaries, news, scholarship)"
    ),
    "not_found": "no text or reliable account found; the rule rests on an unverified reading",
}

#: the check levels from strongest to weakest
CHECK_ORDER: tuple[Check, ...] = ("text_read", "text_partly_read", "secondary_only", "not_found")


def weakest(levels: Iterable[Check]) -> Check:
    """The weakest of several check levels (``not_found`` for none)."""
    worst = 0
    seen = False
    for level in levels:
        seen = True
        worst = max(worst, CHECK_ORDER.index(level))
    return CHECK_ORDER[worst] if seen else "not_found"


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article named by instrument id and number (``"4"``, ``"13(1)"``, ``"unnumbered:…"``)."""

    instrument: str
    number: str

    def __str__(self) -> str:
        if self.number.startswith("unnumbered:"):
            return f"{self.instrument} [{self.number.removeprefix('unnumbered:')}]"
        if self.number == "preamble":
            return f"{self.instrument} preamble"
        return f"{self.instrument} art. {self.number}"


@dataclass(frozen=True, slots=True)
class Signature:
    """When and where it was signed (or adopted); ``date`` None when no source we read
    confirms the signature (``note`` says what is known)."""

    date: dt.date | None
    place: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class EntryIntoForce:
    """When the instrument entered into force (as precisely as known), and why we think so."""

    date: EventDate | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class TextLink:
    """A place where (part of) the text can be read, and how much of it we read there."""

    url: str
    language: str
    extent: Literal["full", "partial", "opening", "title_only"]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class InstrumentHeader:
    ID_PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^[A-Z0-9][A-Z0-9.-]*$")

    id: str
    title_en: str
    kind: str
    signed: Signature
    title_ru: str | None = None
    entry_into_force: EntryIntoForce = field(default_factory=EntryIntoForce)
    amended_by: tuple[str, ...] = ()
    texts: tuple[TextLink, ...] = ()
    sources: tuple[Citation, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    """One wording of an article, in force from ``from_`` (None: from entry into force) until
    ``to`` (exclusive; None: still in force), in our words. ``check`` says how far *this*
    wording was checked and ``read`` what of it was read, in which text."""

    from_: dt.date | None
    paraphrase: str
    check: Check
    to: dt.date | None = None
    quote: str | None = None
    amended_by: str | None = None
    sources: tuple[Citation, ...] = ()
    read: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article (or point, or unnumbered provision) with all its versions; an article
    with no version is one whose content no source gives (``check`` is then ``not_found``)."""

    number: str
    heading: str
    versions: tuple[ArticleVersion, ...]
    tags: tuple[str, ...] = ()
    note: str | None = None

    @property
    def check(self) -> Check:
        """The weakest check of its versions: an article counts as read only if every one of
        its wordings was read."""
        return weakest(v.check for v in self.versions)


@dataclass(frozen=True, slots=True)
class InstrumentText:
    """One instrument with its articles."""

    header: InstrumentHeader
    articles: tuple[Article, ...] = ()
    file: str | None = None

    @property
    def id(self) -> str:
        return self.header.id

    def article(self, number: str) -> Article | None:
        for art in self.articles:
            if art.number == number:
                return art
        return None

    def in_force_from(self) -> dt.date | None:
        """The earliest day it may have been in force (None: not known to be in force)."""
        eif = self.header.entry_into_force.date
        return None if eif is None else eif.earliest


class Law:
    """Every instrument, by id, with article lookup by date."""

    def __init__(self, instruments: Iterable[InstrumentText]) -> None:
        self.instruments: Mapping[str, InstrumentText] = {i.id: i for i in instruments}
        self._versions: dict[tuple[ArticleRef, dt.date], ArticleVersion | None] = {}

    def instrument(self, instrument_id: str) -> InstrumentText:
        try:
            return self.instruments[instrument_id]
        except KeyError:
            raise UnknownIdError(
                f"no instrument {instrument_id!r} in the law data; known: "
                + ", ".join(sorted(self.instruments))
            ) from None

    def article(self, ref: ArticleRef) -> Article:
        ins = self.instrument(ref.instrument)
        art = ins.article(ref.number)
        if art is None:
            numbers = ", ".join(a.number for a in ins.articles)
            hint = ""
            believed = re.compile(
                rf"believed to be arts?\. [^;.]*\b{re.escape(ref.number)}\b", re.I
            )
            for candidate in ins.articles:
                if candidate.note and believed.search(" ".join(candidate.note.split())):
                    hint = (
                        f" Its number is not confirmed by any source we read: see "
                        f"'{candidate.number}', believed to be art. {ref.number}."
                    )
            raise UnknownIdError(
                f"{ref.instrument} has no article {ref.number!r} in the law data; "
                f"its articles: {numbers}.{hint}"
            )
        return art

    def version(self, ref: ArticleRef, on: dt.date) -> ArticleVersion | None:
        """The version of ``ref`` in force on ``on``; None before the instrument's entry into
        force or when no version covers the day."""
        key = (ref, on)
        if key in self._versions:
            return self._versions[key]
        start = self.instrument(ref.instrument).in_force_from()
        found: ArticleVersion | None = None
        if start is not None and on >= start:
            for version in self.article(ref).versions:
                begins = version.from_ or start
                if begins <= on and (version.to is None or on < version.to):
                    found = version
                    break
        self._versions[key] = found
        return found

    def in_force(self, instrument_id: str, on: dt.date) -> bool:
        start = self.instrument(instrument_id).in_force_from()
        return start is not None and on >= start
