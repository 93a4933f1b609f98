"""The templates' helpers: plain words (:mod:`csto.web.present`) and what a dated page
shows (:mod:`csto.web.dated`), registered as Jinja globals and filters.

Helpers that need the record take it from the template's context (the ``site`` every page
is rendered with), so templates call them with the page's own values only:
``instruments_of(state)``, ``horizon_of(day)``, ``note | plain``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from csto.codes import ORGANS, STATES, state_name
from csto.io.bibtex import bibtex_entry
from csto.record.events import Event
from csto.record.sources import Source
from csto.state.model import State, Uncertainty
from csto.web import dated, present
from csto.web.lawview import article_label

__all__ = ["install"]


def _record(ctx: Context) -> Any:
    return ctx["site"].record


@pass_context
def _instruments_of(ctx: Context, state: State) -> list[dated.InstrumentOnDay]:
    return dated.instruments_on(_record(ctx), state)


@pass_context
def _counting_of(ctx: Context, state: State) -> dated.Counting:
    return dated.counting(_record(ctx), state)


@pass_context
def _horizon_of(ctx: Context, day: dt.date) -> dated.Horizon:
    today = ctx.get("today") or dt.date.today()
    return dated.horizon(_record(ctx), day, today)


@pass_context
def _event_of(ctx: Context, event_id: str) -> Event | None:
    record = _record(ctx)
    return record.event(event_id) if record.has_event(event_id) else None


@pass_context
def _source_of(ctx: Context, source_id: str) -> Source | None:
    try:
        found: Source = _record(ctx).source(source_id)
    except KeyError:
        return None
    return found


@pass_context
def _instrument_title(ctx: Context, instrument_id: str) -> str:
    try:
        title: str = _record(ctx).instrument(instrument_id).title_en
    except KeyError:
        return instrument_id
    return title


_SEED_FILE = re.compile(r"seeds/(\d{3})_")


@pass_context
def _plain(ctx: Context, text: str | None) -> Markup:
    record = _record(ctx)

    def lookup(source_id: str) -> Source | None:
        try:
            found: Source = record.source(source_id)
        except KeyError:
            return None
        return found

    return present.plain_note(text, lookup, _aliases(record))


_ALIASES: dict[str, dict[str, str]] = {}


def _aliases(record: Any) -> dict[str, str]:
    """Notes call the seed articles by their file number ("seed000"); the seed sources'
    registrations say which file each is."""
    key = record.digest()
    if key not in _ALIASES:
        aliases = {}
        for src in record.sources:
            found = _SEED_FILE.search(src.note or "") if src.kind == "seed" else None
            if found:
                aliases[f"seed{found.group(1)}"] = src.id
        _ALIASES[key] = aliases
    return _ALIASES[key]


_SECTIONS = {
    "members": "the status of",
    "former_members": "the departure of",
    "observers": "the observer status of",
    "partners": "the partner status of",
    "chair": "the chair of",
    "secretary_general": "the Secretary-General",
    "organs": "the establishment of",
    "instruments": "the standing of",
    "forces": "the",
    "operations": "the operation",
}


@pass_context
def _uncertain_text(ctx: Context, u: Uncertainty) -> str:
    """What may have changed, in words: ``forces/CRRF`` -> ``the Collective Rapid ...``."""
    key = u.key
    if u.section == "forces":
        force = ctx["state"].forces.get(key) if "state" in ctx else None
        return f"the {force.name if force else key}"
    if key in STATES:
        name = state_name(key)
    elif key in ORGANS:
        name = f"the {ORGANS[key]}"
    else:
        name = key
    lead = _SECTIONS.get(u.section, u.section.replace("_", " "))
    return f"{lead} {name}".strip() if u.section != "secretary_general" else lead


#: an unnumbered provision as the law's labels cite it: ``CHARTER-2002 [decision-making]``
_UNNUMBERED_REF = re.compile(r"\b([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \[([a-z0-9-]+)\]")
_PROVISIONS: dict[int, dict[tuple[str, str], str]] = {}


def _provisions(ctx: Context) -> dict[tuple[str, str], str]:
    """(instrument, slug) -> the heading of an unnumbered provision (without its asides in
    parentheses), and ("", slug) -> the first such heading in any instrument."""
    law = ctx["site"].lawview.law
    found = _PROVISIONS.get(id(law))
    if found is None:
        found = {}
        for ins in law.instruments.values():
            for a in ins.articles:
                if a.number.startswith("unnumbered:"):
                    slug = a.number.removeprefix("unnumbered:")
                    words = re.sub(r"\s*\([^)]*\)", "", a.heading or "").strip()
                    found[(ins.id, slug)] = words or slug.replace("-", " ")
                    found.setdefault(("", slug), found[(ins.id, slug)])
        _PROVISIONS.clear()
        _PROVISIONS[id(law)] = found
    return found


def _provision(ctx: Context, instrument: str, slug: str) -> str:
    words = _provisions(ctx).get((instrument, slug)) or _provisions(ctx).get(("", slug))
    return f"unnumbered provision “{words or slug.replace('-', ' ')}”"


@pass_context
def _article_label(ctx: Context, number: str) -> str:
    """An article without its instrument: ``art. 4``, ``preamble``; an unnumbered provision
    by its heading (``unnumbered provision “Decision-making in the councils”``), not the
    law data's key."""
    if number.startswith("unnumbered:"):
        return _provision(ctx, "", number.removeprefix("unnumbered:"))
    return article_label(number)


@pass_context
def _article_refs(ctx: Context, text: str | None) -> str:
    """A text with the law's labels of unnumbered provisions (``CHARTER-2002
    [decision-making]``) said by their headings."""
    if not text:
        return ""
    return _UNNUMBERED_REF.sub(
        lambda m: f"{m.group(1)}, {_provision(ctx, m.group(1), m.group(2))}", str(text)
    )


def install(env: Environment) -> None:
    """Register the helpers with the templates' environment."""
    env.globals.update(
        instruments_of=_instruments_of,
        counting_of=_counting_of,
        horizon_of=_horizon_of,
        observers_of=dated.observers_on,
        event_of=_event_of,
        source_of=_source_of,
        instrument_title=_instrument_title,
        bibtex=bibtex_entry,
        uncertain_text=_uncertain_text,
        standings=dated.STANDINGS,
        event_labels=present.EVENT_LABELS,
        check_labels=present.CHECK_LABELS,
        confidence_labels=present.CONFIDENCE_LABELS,
        outcome_labels=present.OUTCOME_LABELS,
        instrument_kinds=present.INSTRUMENT_KINDS,
        source_kinds=present.SOURCE_KINDS,
        count=present.count,
    )
    env.filters.update(
        human_date=present.human_date,
        article_label=_article_label,
        article_refs=_article_refs,
        plain_dates=present.plain_dates,
        plain_value=present.plain_value,
        plain_words=present.plain_words,
        post_label=present.post_label,
        event_label=present.event_label,
        locator=present.locator,
        markdown=present.markdown,
        plain=_plain,
        short_source=present.short_source,
    )
