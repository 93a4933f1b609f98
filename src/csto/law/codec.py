"""Plain data -> law objects: instrument files, the readings catalogue, profiles, and law
test cases, with every problem located (file, line, field) and nothing half-built.

The mappings come from YAML or JSON read by someone else (``csto.io.lawfiles``); this module
only checks and builds, reusing the record's :class:`~csto.record.codec.Decoder`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from csto.law.readings import NO_SOURCE, Profile, Reading
from csto.law.texts import Article, InstrumentHeader, InstrumentText
from csto.record.codec import Decoder

__all__ = ["decode_instrument", "decode_profile", "decode_readings"]


def _line(node: object, key: object = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return int(lc.key(key)[0] if key is not None else lc.line) + 1
    except (KeyError, TypeError, AttributeError):
        return None


def _mapping(decoder: Decoder, doc: object, what: str, keys: tuple[str, ...]) -> bool:
    if not isinstance(doc, Mapping):
        decoder.problem(
            f"a {what} file must be a mapping",
            line=1,
            field=None,
            expected="a mapping with " + ", ".join(repr(k) for k in keys),
            got=type(doc).__name__,
        )
        return False
    for key in doc:
        if key not in keys:
            decoder.problem(
                f"unknown top-level key {key!r}",
                line=_line(doc, key),
                field=str(key),
                expected="one of " + ", ".join(keys),
            )
    return True


def decode_instrument(decoder: Decoder, doc: object) -> InstrumentText | None:
    """One instrument file: ``instrument:`` (the header) and ``articles:``."""
    if not _mapping(decoder, doc, "law instrument", ("instrument", "articles")):
        return None
    assert isinstance(doc, Mapping)
    before = len(decoder.problems)
    header = decoder.build(InstrumentHeader, doc.get("instrument"), doc, "instrument")
    articles: list[Article] = []
    raw = doc.get("articles") or []
    if not isinstance(raw, list):
        decoder.problem("'articles' must be a list", line=_line(doc, "articles"), field="articles")
        raw = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        path = f"articles[{i}]"
        if isinstance(item, Mapping) and isinstance(item.get("versions"), list):
            versions = [_renamed(v) if isinstance(v, Mapping) else v for v in item["versions"]]
            item = {**item, "versions": versions}
        article = decoder.build(Article, item, raw[i], path)
        if article is None:
            continue
        if article.number in seen:
            decoder.problem(
                f"article {article.number!r} appears twice",
                line=_line(raw[i]),
                field=f"{path}.number",
                fix="merge the two entries or correct the number",
            )
        seen.add(article.number)
        _check_versions(decoder, article, raw[i], path)
        articles.append(article)
    if header is None or len(decoder.problems) > before:
        return None
    return InstrumentText(header, tuple(articles), decoder.file)


class _Located(dict[str, Any]):
    """A plain mapping that keeps the YAML node's line marks (``lc``) for located errors."""

    lc: Any = None


def _renamed(version: Mapping[str, Any]) -> dict[str, Any]:
    """``from`` is a Python keyword: the dataclass field is ``from_``. The copy keeps the
    node's line marks, so that a problem in a version is reported at its line."""
    out = _Located(version)
    out.lc = getattr(version, "lc", None)
    if "from" in out:
        out["from_"] = out.pop("from")
    else:
        out.setdefault("from_", None)
    return out


def _check_versions(decoder: Decoder, article: Article, node: object, path: str) -> None:
    """Versions must be in date order and must not overlap; an article with no version (its
    content not found) must say in its note what is known of it."""
    if not article.versions and not article.note:
        decoder.problem(
            "an article with no version must say in its 'note' what is known of it and where "
            "it was looked for",
            line=_line(node),
            field=f"{path}.note",
        )
        return
    previous_to = None
    for i, version in enumerate(article.versions):
        if i > 0 and version.from_ is None:
            decoder.problem(
                "only the first version may start at entry into force (from: null)",
                line=_line(node),
                field=f"{path}.versions[{i}].from",
            )
        if previous_to is not None and version.from_ != previous_to:
            decoder.problem(
                f"version {i} starts on {version.from_}, but the one before ends on {previous_to}",
                line=_line(node),
                field=f"{path}.versions[{i}].from",
                fix="make each version start on the day the previous one ends",
            )
        if version.to is not None and version.from_ is not None and version.to <= version.from_:
            decoder.problem(
                "a version must end after it starts",
                line=_line(node),
                field=f"{path}.versions[{i}].to",
            )
        previous_to = version.to


def decode_readings(decoder: Decoder, doc: object) -> list[Reading]:
    """The catalogue file: ``readings:`` (a list)."""
    if not _mapping(decoder, doc, "readings", ("readings",)):
        return []
    assert isinstance(doc, Mapping)
    raw = doc.get("readings") or []
    out: list[Reading] = []
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        reading = decoder.build(Reading, item, item, f"readings[{i}]")
        if reading is None:
            continue
        if len(reading.options) < 2:
            decoder.problem(
                "a reading needs at least two options",
                line=_line(item),
                field=f"readings[{i}].options",
            )
            continue
        ids = [o.id for o in reading.options]
        if len(set(ids)) != len(ids):
            decoder.problem(
                "two options share an id", line=_line(item), field=f"readings[{i}].options"
            )
            continue
        unsupported = [
            o.id
            for o in reading.options
            if not o.sources and NO_SOURCE not in (o.note or "").lower()
        ]
        if unsupported:
            decoder.problem(
                "an option without sources must say so: " + ", ".join(repr(u) for u in unsupported),
                line=_line(item),
                field=f"readings[{i}].options",
                fix=f"cite its sources, or give it a note saying '{NO_SOURCE}' and why",
            )
            continue
        out.append(reading)
    return out


def decode_profile(decoder: Decoder, doc: object) -> Profile | None:
    """A profile file: ``profile: {id, title, description, choices: {reading: option}}``."""
    if not _mapping(decoder, doc, "profile", ("profile",)):
        return None
    assert isinstance(doc, Mapping)
    return decoder.build(Profile, doc.get("profile"), doc, "profile")
