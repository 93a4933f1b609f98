"""Verdicts, articles and the readings catalogue as JSON documents: the contract shared by
``csto ask --json``, the web API and outside tools. ``schema/verdict.schema.json`` fixes the
verdict's shape; ``schema`` in every document names it with its version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from csto.law.actions import Action, action_to_data
from csto.law.fields import Resolved
from csto.law.norms import norm_label
from csto.law.readings import Catalogue, Reading
from csto.law.texts import CHECK_LEVELS, Article, ArticleRef, InstrumentText, Law
from csto.law.verdict import (
    DECISION_RULES,
    NORM_HOLDERS,
    NORM_KINDS,
    OUTCOMES,
    EpisodeLink,
    Norm,
    Reason,
    Verdict,
)
from csto.record.codec import to_data
from csto.state.model import InstrumentStatus

__all__ = [
    "ARTICLE_SCHEMA",
    "INSTRUMENTS_SCHEMA",
    "READINGS_SCHEMA",
    "VERDICT_SCHEMA",
    "article_document",
    "instruments_document",
    "open_questions",
    "readings_document",
    "verdict_document",
    "verdicts_document",
]

VERDICT_SCHEMA = "csto.verdict/2"
ARTICLE_SCHEMA = "csto.article/1"
READINGS_SCHEMA = "csto.readings/1"
INSTRUMENTS_SCHEMA = "csto.instruments/1"


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _reason(reason: Reason) -> dict[str, Any]:
    art = reason.article
    return {
        "applied": reason.applied,
        "article": None
        if art is None
        else {
            "instrument": art.instrument,
            "number": art.number,
            "label": str(art.ref),
            "heading": art.heading,
            "check": art.check,
            "version_from": _day(art.version_from),
            "version_to": _day(art.version_to),
            "amended_by": art.amended_by,
        },
        "facts": [
            {"says": f.says, "basis": f.basis, "events": list(f.events)} for f in reason.facts
        ],
        "reading": None
        if reason.reading is None
        else {"id": reason.reading[0], "option": reason.reading[1]},
    }


def _norm(norm: Norm) -> dict[str, Any]:
    return {
        "kind": norm.kind,
        "kind_means": NORM_KINDS[norm.kind],
        "holder": norm.holder,
        "holder_means": NORM_HOLDERS[norm.holder],
        "bearers": list(norm.bearers),
        "bearer_label": norm_label(norm),
        "says": norm.says,
        "article": None if norm.article is None else str(norm.article),
        "decision_rule": norm.decision_rule,
        "condition": norm.condition,
        "reading": None
        if norm.reading is None
        else {"id": norm.reading[0], "option": norm.reading[1]},
        "on": _day(norm.on),
    }


def _episode(link: EpisodeLink) -> dict[str, Any]:
    return {
        "episode": link.episode,
        "title": link.title,
        "step": link.step,
        "date": link.date.isoformat(),
        "done": link.done,
        "says": link.says,
        "exact": link.exact,
    }


def verdicts_document(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """Several verdict documents as one (``csto ask FILE --json`` with several actions);
    one alone is returned as it is."""
    if len(documents) == 1:
        return documents[0]
    return {"schema": "csto.verdicts/1", "verdicts": documents}


def verdict_document(
    verdict: Verdict,
    action: Action,
    resolved: Iterable[Resolved] = (),
    *,
    episodes: Sequence[EpisodeLink] = (),
) -> dict[str, Any]:
    """One verdict (schema ``csto.verdict/2``), with the action it answers, the norms it rests
    on by bearer, the documented episodes whose steps match it (``episodes``, found by
    ``csto.cases.links``; empty when the caller did not look) and, when a state's name was
    given for its code, how it was read (``read_as``)."""
    read_as = [{"field": r.field, "given": r.given, "read_as": r.read_as} for r in resolved]
    return {
        "schema": VERDICT_SCHEMA,
        "action": action_to_data(action),
        **({"read_as": read_as} if read_as else {}),
        "date": verdict.date.isoformat(),
        "outcome": verdict.outcome,
        "outcome_means": OUTCOMES[verdict.outcome],
        "deciding_organ": verdict.deciding_organ,
        "decision_rule": verdict.decision_rule,
        "decision_rule_means": DECISION_RULES[verdict.decision_rule],
        "effects": [
            {
                "says": e.says,
                "on": _day(e.on),
                "article": None if e.article is None else str(e.article),
            }
            for e in verdict.effects
        ],
        "norms": [_norm(n) for n in verdict.norms],
        "reasons": [_reason(r) for r in verdict.reasons],
        "articles": [str(a) for a in verdict.articles],
        "contested": [
            {
                "reading": c.reading,
                "question": c.question,
                "chosen": c.chosen,
                "changes_outcome": c.changes_outcome,
                "variants": [
                    {
                        "option": v.option,
                        "says": v.says,
                        "outcome": v.outcome,
                        "deciding_organ": v.deciding_organ,
                        "decision_rule": v.decision_rule,
                        "effects": list(v.effects),
                        "sources": list(v.sources),
                        "norms": list(v.norms),
                    }
                    for v in c.variants
                ],
            }
            for c in verdict.contested
        ],
        "tally": None
        if verdict.tally is None
        else {
            "voters": list(verdict.tally.voters),
            "adopted": verdict.tally.adopted,
            "positions": dict(verdict.tally.cast),
            "blocking": list(verdict.tally.blocking),
            "not_bound": list(verdict.tally.not_bound),
        },
        "unverified": list(verdict.unverified),
        "episodes": [_episode(e) for e in episodes],
        "rules": list(verdict.rules),
        "receipt": {
            "csto_version": verdict.receipt.csto_version,
            "record_digest": verdict.receipt.record_digest,
            "rules_digest": verdict.receipt.rules_digest,
            "profile": verdict.receipt.profile,
            "date": verdict.receipt.date.isoformat(),
        },
    }


def open_questions(catalogue: Catalogue, ref: ArticleRef) -> list[dict[str, Any]]:
    """The readings of the catalogue that name ``ref``, each with its question and the
    documented episodes (``csto cases``) that turn on it: from an article to what history
    did with it."""
    return [
        {
            "reading": r.id,
            "question": " ".join(r.question.split()),
            "episodes": list(r.episodes),
        }
        for r in catalogue.readings.values()
        if any(a.instrument == ref.instrument and a.article == ref.number for a in r.articles)
    ]


def _article(
    law: Law,
    ins: InstrumentText,
    art: Article,
    on: dt.date | None,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    ref = ArticleRef(ins.id, art.number)
    in_force = None if on is None else law.version(ref, on)
    return {
        "number": art.number,
        "label": str(ArticleRef(ins.id, art.number)),
        "heading": art.heading,
        "check": art.check,
        "check_means": CHECK_LEVELS[art.check],
        "tags": list(art.tags),
        "note": art.note,
        "versions": [
            {
                "from": _day(v.from_ or ins.in_force_from()),
                "to": _day(v.to),
                "paraphrase": " ".join(v.paraphrase.split()),
                "check": v.check,
                "check_means": CHECK_LEVELS[v.check],
                "read": None if v.read is None else " ".join(v.read.split()),
                "quote": v.quote,
                "amended_by": v.amended_by,
                "sources": to_data(v.sources),
                "in_force_on_date": in_force is v,
            }
            for v in art.versions
        ],
        "open_questions": None if catalogue is None else open_questions(catalogue, ref),
    }


def article_document(
    law: Law,
    instrument_id: str,
    number: str | None,
    on: dt.date | None = None,
    status: InstrumentStatus | None = None,
    catalogue: Catalogue | None = None,
) -> dict[str, Any]:
    """An instrument (all its articles, or one) with versions; ``on`` marks the one in force.

    ``status`` (from the state on that day) adds who signed, ratified and is bound, per the
    record's events; ``catalogue`` adds each article's open questions and the episodes that
    turn on them (``open_questions``; None when not asked)."""
    ins = law.instrument(instrument_id)
    articles = ins.articles if number is None else (law.article(ArticleRef(ins.id, number)),)
    header = to_data(ins.header)
    return {
        "schema": ARTICLE_SCHEMA,
        "instrument": header,
        "in_force_on_date": None if on is None else law.in_force(ins.id, on),
        "date": _day(on),
        "per_state": None
        if status is None
        else {
            "signed_by": list(status.signed_by),
            "ratified_by": list(status.ratified_by),
            "in_force_for": list(status.in_force_for),
            "in_force_since": status.in_force_since,
            "events": list(status.events),
        },
        "articles": [_article(law, ins, a, on, catalogue) for a in articles],
    }


def _reading(reading: Reading, catalogue: Catalogue) -> dict[str, Any]:
    data: dict[str, Any] = to_data(reading)
    data["question"] = " ".join(reading.question.split())
    data["chosen_by"] = {p.id: p.choices.get(reading.id) for p in catalogue.profiles.values()}
    return data


def readings_document(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue of open questions and the profiles' choices."""
    return {
        "schema": READINGS_SCHEMA,
        "readings": [_reading(r, catalogue) for r in catalogue.readings.values()],
        "profiles": [
            {
                "id": p.id,
                "title": p.title,
                "description": " ".join(p.description.split()),
                "choices": dict(p.choices),
            }
            for p in catalogue.profiles.values()
        ],
    }


def instruments_document(law: Law) -> dict[str, Any]:
    """Every instrument's header and its article numbers (``csto law list --json``)."""
    return {
        "schema": INSTRUMENTS_SCHEMA,
        "instruments": [
            to_data(ins.header) | {"articles": [a.number for a in ins.articles]}
            for ins in law.instruments.values()
        ],
    }
