"""Sources and the instrument registry: what every fact in the record rests on.

A :class:`Source` is registered once and cited by id (with a locator) from events. The
:class:`Instrument` registry names the treaties, charters and agreements that events refer
to; the law layer adds their articles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from csto.record.events import Citation, Origin

__all__ = ["SOURCE_KINDS", "Instrument", "Source", "SourceKind"]

SourceKind = Literal["seed", "primary", "official", "news", "scholarship", "reference"]
SOURCE_KINDS: tuple[str, ...] = ("seed", "primary", "official", "news", "scholarship", "reference")


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document or page we read, registered once and cited by id.

    ``kind``: a ``seed`` article of the project, a ``primary`` document (a treaty text, a
    decision), an ``official`` site or statement, ``news``, ``scholarship``, or a general
    ``reference`` work.
    """

    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    language: str
    accessed: dt.date
    kind: SourceKind
    published: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Instrument:
    """A treaty, charter, protocol, agreement or decision that events refer to by id."""

    id: str
    title_en: str
    title_ru: str | None = None
    kind: Literal[
        "treaty",
        "protocol",
        "charter",
        "agreement",
        "convention",
        "regulation",
        "decision",
        "concept",
        "strategy",
        "memorandum",
        "declaration",
        "rules",
    ]
    sources: tuple[Citation, ...] = ()
    note: str | None = None
    #: for a document with a set term (a strategy "for the period up to 2025"): the last
    #: year, month or day it covers (as the record writes dates), as its title or sources say
    until: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)
