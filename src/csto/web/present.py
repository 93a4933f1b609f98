"""Words for people: how the pages say what the record and the law hold.

The record and the law name things as code does (``InstrumentSigned``, ``secondary_only``,
``participation_frozen``, a source id with a line locator); this module turns them into
plain English for the pages, once, so that templates never show a raw value:

- labels for event types, check levels, confidence, verdict outcomes and instrument kinds;
- dates as a reader says them (a month, a year, "between ... and ...");
- a source as a short reference ("Çakır and Bakhronov 2022") and its locator ("line 22");
- notes written for the project ("seed-cakir-2022 L215 says ...") rewritten for readers,
  with the source linked;
- the little Markdown the law data's paraphrases use (emphasis, code, lists, paragraphs),
  rendered safely (everything else escaped).

Nothing here is a fact: every function only re-words what it is given.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable

from markupsafe import Markup

from csto.record.dates import EventDate
from csto.record.sources import Source
from csto.state.tenure import POSTS

__all__ = [
    "CHECK_LABELS",
    "CONFIDENCE_LABELS",
    "EVENT_LABELS",
    "INSTRUMENT_KINDS",
    "OUTCOME_LABELS",
    "SOURCE_KINDS",
    "count",
    "event_label",
    "human_date",
    "join_words",
    "locator",
    "markdown",
    "plain_dates",
    "plain_note",
    "plain_value",
    "plain_words",
    "post_label",
    "short_source",
]

#: event types as a heading says them (the record's class names are CamelCase)
EVENT_LABELS: dict[str, str] = {
    "InstrumentSigned": "signed or adopted",
    "InstrumentRatified": "ratified",
    "InstrumentEnteredIntoForce": "entered into force",
    "Acceded": "accession",
    "WithdrawalNotified": "notice of withdrawal",
    "Withdrew": "withdrawal",
    "Expelled": "expulsion",
    "MembershipLapsed": "membership lapsed",
    "ParticipationSuspended": "participation suspended",
    "SuspensionRequested": "suspension requested",
    "ParticipationFrozen": "participation frozen",
    "ParticipationResumed": "participation resumed",
    "Readmitted": "readmission",
    "ObserverStatusGranted": "observer status granted",
    "ObserverStatusEnded": "observer status ended",
    "PartnerStatusGranted": "partner status granted",
    "OrganEstablished": "organ established",
    "SessionHeld": "session",
    "DecisionAdopted": "decision",
    "OfficialAppointed": "appointment",
    "OfficialLeft": "left office",
    "ChairmanshipPassed": "chairmanship passed",
    "ForceEstablished": "force established",
    "ForceContributed": "contribution to a force",
    "AssistanceRequested": "request for assistance",
    "ConsultationsHeld": "consultations",
    "AssistanceDecided": "assistance decided",
    "AssistanceDeclined": "assistance declined",
    "MissionSent": "mission sent",
    "OperationStarted": "operation began",
    "OperationEnded": "operation ended",
    "ExerciseHeld": "exercise",
    "AgreementSigned": "agreement signed",
    "StatusGranted": "status granted",
}

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def event_label(event_type: str) -> str:
    """An event type as words (``ParticipationFrozen`` -> ``participation frozen``); a type
    this table does not know yet is split at its capitals rather than shown raw."""
    return EVENT_LABELS.get(event_type) or _CAMEL.sub(" ", event_type).lower()


#: how well an article's wording could be checked (short forms of the law's CHECK_LEVELS)
CHECK_LABELS: dict[str, str] = {
    "text_read": "text read",
    "text_partly_read": "text partly read",
    "secondary_only": "from secondary sources only",
    "not_found": "no text found",
}

CONFIDENCE_LABELS: dict[str, str] = {
    "high": "well attested",
    "medium": "fairly well attested",
    "low": "weakly attested",
}

#: a verdict's outcome as its headline, said so that it does not read as if the one who
#: acts were obliged ("required" means: the law obliges the others to act on it)
OUTCOME_LABELS: dict[str, str] = {
    "permitted": "allowed",
    "not_permitted": "not allowed",
    "required": "others must act",
    "not_provided_for": "not provided for",
}

INSTRUMENT_KINDS: dict[str, str] = {
    "treaty": "treaty",
    "protocol": "protocol amending or adding to a treaty",
    "charter": "founding charter",
    "agreement": "agreement between the members",
    "convention": "convention",
    "regulation": "regulation approved by the Council",
    "decision": "decision of the Council",
    "concept": "concept approved by the Council",
    "strategy": "strategy approved by the Council",
    "memorandum": "memorandum of understanding",
    "declaration": "joint declaration",
    "rules": "rules of procedure approved by the Council",
}

SOURCE_KINDS: dict[str, str] = {
    "seed": "scholarly article (one of the two the project started from)",
    "primary": "primary document (a treaty text, a law, a decision)",
    "official": "official site or statement",
    "news": "news report",
    "scholarship": "scholarship",
    "reference": "reference work",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


_RANGE_IN_TEXT = re.compile(r"\b(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})\b")
_SNAKE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")


def plain_dates(text: str | None) -> str:
    """A text with its raw date ranges (``2022-11-23/2023-01-01``) said as a reader says
    them (``between 23 November 2022 and 1 January 2023``)."""
    if not text:
        return ""
    return _RANGE_IN_TEXT.sub(lambda m: human_date(f"{m.group(1)}/{m.group(2)}"), text)


_SNAKE_IN_TEXT = re.compile(r"(?<![\w/.])[a-z]+(?:_[a-z0-9]+)+(?![\w/])")


def plain_words(text: str | None) -> str:
    """An engine's sentence with its raw date ranges said as dates (:func:`plain_dates`) and
    its code values as words (``UZB: not_participate`` -> ``UZB: not participate``)."""
    return _SNAKE_IN_TEXT.sub(lambda m: m.group(0).replace("_", " "), plain_dates(text))


def plain_value(value: str) -> str:
    """A code value of the record as words: ``unrest_with_outside_interference`` ->
    ``unrest with outside interference``; anything else unchanged."""
    return value.replace("_", " ") if _SNAKE.fullmatch(value) else value


def post_label(post: str) -> str:
    """A post as a heading says it: the record's label where it has one
    (``secretary_general`` -> ``Secretary-General``), else its words
    (``permanent_representative`` -> ``Permanent representative``)."""
    return POSTS.get(post) or post.replace("_", " ").capitalize()


def human_date(value: EventDate | dt.date | str | None) -> str:
    """A date as a reader says it: ``2012-12-19`` stays a day in ISO form (as the date
    control shows it); a month is ``May 1992``, a year ``1992``, a range ``between 7
    October 2002 and 18 September 2003``."""
    if value is None:
        return "not known"
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", value):
            lo, hi = value.split("/", 1)
            return human_date(
                EventDate.between(dt.date.fromisoformat(lo), dt.date.fromisoformat(hi))
            )
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            year, month = value.split("-")
            return f"{_MONTHS[int(month) - 1]} {year}"
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if value.precision == "day":
        return value.earliest.isoformat()
    if value.precision == "month":
        return f"{_MONTHS[value.earliest.month - 1]} {value.earliest.year}"
    if value.precision == "year":
        return str(value.earliest.year)
    first, last = value.earliest, value.latest
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {_MONTHS[first.month - 1]} {first.year}"
    return f"between {_day(first)} and {_day(last)}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 event``, ``2 events`` (``plural`` when adding an s is wrong)."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


_AUTHORS = re.compile(r"^([^,(]+?)(?:,|\(|$)")
_YEAR = re.compile(r"(19|20)\d\d")


def short_source(src: Source) -> str:
    """A source as a short reference: authors (or publisher) and year, else its title."""
    year_match = _YEAR.search(src.published or "") or _YEAR.search(src.id)
    year = year_match.group(0) if year_match else ""
    who = ""
    if src.publisher:
        found = _AUTHORS.match(src.publisher)
        who = found.group(1).strip() if found else src.publisher
        # "M. Çakır and A. Bakhronov" -> "Çakır and Bakhronov"
        who = re.sub(r"\b[A-ZА-Я]\.\s*(?:[A-ZА-Я]\.\s*)?", "", who).strip()
    if not who:
        title = src.title if len(src.title) <= 60 else src.title[:57].rstrip() + "…"
        return f"{title} ({year})" if year and year not in title else title
    return f"{who} {year}".strip()


_LINES = re.compile(r"^L(\d+)(?:\s*[-–]\s*L?(\d+))?$")


def locator(text: str | None) -> str:
    """A citation's locator for readers: ``L22`` -> ``line 22``, ``L3-L9`` -> ``lines 3-9``."""
    if not text:
        return ""
    found = _LINES.match(text.strip())
    if found:
        lo, hi = found.groups()
        return f"lines {lo}–{hi}" if hi else f"line {lo}"
    return re.sub(r"\bL(\d+)\b", r"line \1", text)


# --- notes written for the project, re-worded for readers -------------------------------

_PHRASES = (
    (re.compile(r"\(as cited by a seed\)"), "(as cited by one of the source articles)"),
    (
        re.compile(
            r"Seed article shared/seeds/[\w.-]+\.txt; locators are line numbers of that file"
        ),
        "One of the two source articles the project started from; its locators are line"
        " numbers of the project's plain-text copy of it",
    ),
    (
        re.compile(r"\b(?:shared/)?seeds/[\w.-]+\.txt\b"),
        "the project's copy of the article",
    ),
    (re.compile(r"\b[\w-]+\.ya?ml\b"), "another part of the record"),
    (re.compile(r"\bone seed\b"), "one of the source articles"),
    (re.compile(r"research notes \(([\w.-]+\.md)\)"), "the project's research notes"),
    (re.compile(r"\b[\w-]+\.md\b"), "the project's research notes"),
    (re.compile(r"\bPer the seed\b"), "Per the source article"),
    (re.compile(r"\b[Tt]he seeds\b"), "the source articles"),
    (re.compile(r"\b[Tt]he seed\b"), "the source article"),
    (re.compile(r"\bseed (?=L\d)"), "source article, "),
    (re.compile(r"\ba seed\b"), "a source article"),
    (re.compile(r"\bseeds\b"), "source articles"),
    (re.compile(r"\bseed\b"), "source article"),
)
_CAMEL_WORD = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")
_LOCATOR_IN_TEXT = re.compile(r"\bL(\d+)(?:\s*[-–]\s*L(\d+))?\b")


def plain_note(
    text: str | None,
    source: Callable[[str], Source | None] | None = None,
    aliases: dict[str, str] | None = None,
) -> Markup:
    """A note as readers should see it: source ids (and ``aliases`` of them, such as
    ``seed000``) become linked short references, line locators become "line N", event
    types words, and the project's own terms (seed, research notes) plain ones. The result
    is escaped HTML."""
    if not text:
        return Markup("")
    out = html.escape(text, quote=False)
    kept: list[str] = []

    def keep(markup: str) -> str:
        kept.append(markup)
        return f"\x00{len(kept) - 1}\x00"

    if source is not None:

        def link(m: re.Match[str]) -> str:
            key = m.group(0)
            found = source((aliases or {}).get(key, key))
            if found is None:
                return key
            return keep(f'<a href="/sources/{found.id}">{html.escape(short_source(found))}</a>')

        out = _SOURCE_ID.sub(link, out)
        if aliases:
            out = re.sub(r"\b(?:" + "|".join(map(re.escape, aliases)) + r")\b", link, out)
    out = re.sub(r"(\x00\d+\x00)\s+(?=L\d)", r"\1, ", out)
    for pattern, words in _PHRASES:
        out = pattern.sub(words, out)

    def lines(m: re.Match[str]) -> str:
        lo, hi = m.groups()
        return f"lines {lo}–{hi}" if hi else f"line {lo}"

    out = _LOCATOR_IN_TEXT.sub(lines, out)
    out = _CAMEL_WORD.sub(lambda m: EVENT_LABELS.get(m.group(0), m.group(0)), out)
    out = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], out)
    return Markup(out)


#: what a source id looks like inside a note (lower case, with a hyphen and a digit or a
#: known prefix); only ids the record registers are turned into links
_SOURCE_ID = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")


# --- the little Markdown of the law data ------------------------------------------------

_INLINE = (
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])"), r"<em>\1</em>"),
    (re.compile(r"(?<![\w_])_([^_\s][^_]*?)_(?![\w_])"), r"<em>\1</em>"),
)


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    for pattern, repl in _INLINE:
        out = pattern.sub(repl, out)
    return out


def markdown(text: str | None) -> Markup:
    """Paragraphs, bullet and numbered lists, ``code``, **strong** and *emphasis*: the
    Markdown the law data's texts use, as escaped HTML (no raw HTML passes through)."""
    if not text:
        return Markup("")
    for pattern, words in _PHRASES:  # the project's own terms and files, as in notes
        text = pattern.sub(words, text)
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.rstrip() for ln in block.splitlines() if ln.strip()]
        bullets = [re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", ln) for ln in lines]
        if lines and all(bullets):
            tag = "ol" if re.match(r"^\s*\d", lines[0]) else "ul"
            items = "".join(f"<li>{_inline(b.group(1))}</li>" for b in bullets if b)
            blocks.append(f"<{tag}>{items}</{tag}>")
        else:
            blocks.append(f"<p>{_inline(' '.join(ln.strip() for ln in lines))}</p>")
    return Markup("".join(blocks))


def join_words(items: Iterable[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
