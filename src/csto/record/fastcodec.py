"""The fast path of decoding: one compiled plan per event type, for data that is right.

:class:`~csto.record.codec.Decoder` reads every field through its type hint at run time and
locates every problem; that is what a person fixing a file needs, and it is slow. Here each
type's fields are turned once into a plan of small converters, and an event is built from
a mapping in one pass. A plan accepts exactly what the decoder accepts; on anything it
does not (a wrong type, an unknown field, a code that is not a state...), it raises
:class:`Unfit` and the caller decodes that item the slow way, which says what is wrong and
where. The tests hold both paths to the same results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from csto.codes import ORGANS, is_state_code
from csto.errors import DateError
from csto.record.dates import EventDate
from csto.record.events import EVENT_TYPES, Alternative, Citation, Event, Origin
from csto.record.sources import Instrument, Source

__all__ = ["Unfit", "fast_event", "fast_registration"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_INSTRUMENT_ID = re.compile(r"^[A-Z0-9][A-Z0-9.-]*$")
_ALT_KEYS = frozenset({"label", "sources", "note", "type"})
_NOT_INPUT = frozenset({"origin"})

T = TypeVar("T")

#: the references an item makes, (kind, value) -> the field naming it first
Refs = dict[tuple[str, str], str]
#: a converter: raw value, the references collected -> decoded value (or Unfit)
Convert = Callable[[Any, Refs], Any]


class Unfit(Exception):  # noqa: N818 - a signal, not an error: the slow path takes over
    """The data is not for the fast path; decode it the slow way to learn why."""


_UNFIT = Unfit()


def _text(raw: Any) -> str:
    kind = type(raw)
    if kind is str:
        text: str = raw
    elif kind is int or kind is float:
        text = str(raw)
    else:
        raise _UNFIT
    if not text.strip():
        raise _UNFIT
    return text


#: state codes already found well-formed
_STATE_CODES: set[str] = set()


def _string(code_kind: str | None, name: str) -> Convert:
    if code_kind == "state":

        def state(raw: Any, refs: Refs) -> str:
            if type(raw) is str and raw in _STATE_CODES:
                return raw
            text = _text(raw)
            if not is_state_code(text):
                raise _UNFIT
            _STATE_CODES.add(text)
            return text

        return state
    if code_kind == "organ":

        def organ(raw: Any, refs: Refs) -> str:
            text = _text(raw)
            if text not in ORGANS:
                raise _UNFIT
            return text

        return organ
    if code_kind in ("source", "instrument", "event"):
        ref_kind = code_kind

        def reference(raw: Any, refs: Refs) -> str:
            text = raw if type(raw) is str and raw and not raw.isspace() else _text(raw)
            refs.setdefault((ref_kind, text), name)
            return text

        return reference

    return _plain


def _plain(raw: Any, refs: Refs) -> str:
    if type(raw) is str and raw and not raw.isspace():
        return raw
    return _text(raw)


@functools.lru_cache(maxsize=8192)
def _date_text(text: str) -> EventDate | None:
    try:
        return EventDate.parse(text)
    except DateError:
        return None


@functools.lru_cache(maxsize=4096)
def _range_text(low: str, high: str) -> EventDate | None:
    try:
        return EventDate.parse({"earliest": low, "latest": high})
    except DateError:
        return None


def _event_date(raw: Any, refs: Refs) -> EventDate:
    date: EventDate | None
    if type(raw) is str:  # the usual case, and days repeat: parsed once each
        date = _date_text(raw)
        if date is None:
            raise _UNFIT
        return date
    if type(raw) is dict and len(raw) == 2:
        low, high = raw.get("earliest"), raw.get("latest")
        if type(low) is str and type(high) is str:
            date = _range_text(low, high)
            if date is None:
                raise _UNFIT
            return date
    try:
        return EventDate.parse(raw)
    except DateError:
        raise _UNFIT from None


def _day(raw: Any, refs: Refs) -> dt.date:
    date = _event_date(raw, refs)
    if date.precision != "day":
        raise _UNFIT
    return date.earliest


def _bool(raw: Any, refs: Refs) -> bool:
    if type(raw) is not bool:
        raise _UNFIT
    return bool(raw)


def _int(raw: Any, refs: Refs) -> int:
    if type(raw) is not int:
        raise _UNFIT
    return int(raw)


#: lists of state codes already found well-formed (as tuples); the same lists recur
_STATE_LISTS: set[tuple[Any, ...]] = set()


def _states(item: Convert) -> Convert:
    def states(raw: Any, refs: Refs) -> tuple[str, ...]:
        if type(raw) is not list:
            raise _UNFIT
        codes = tuple(raw)
        try:
            known = codes in _STATE_LISTS  # only tuples of exact, well-formed codes are kept
        except TypeError:  # an item that cannot be a key (a mapping, a list): not a code
            raise _UNFIT from None
        if known:
            return codes
        found = tuple([item(v, refs) for v in raw])
        if found == codes and len(_STATE_LISTS) < 65_536:
            _STATE_LISTS.add(found)
        return found

    return states


def _converter(hint: Any, code_kind: str | None, name: str) -> Convert:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        inner = _converter(next(a for a in get_args(hint) if a is not type(None)), code_kind, name)
        return lambda raw, refs: None if raw is None else inner(raw, refs)
    if origin is Literal:
        choices = frozenset(get_args(hint))

        def literal(raw: Any, refs: Refs) -> Any:
            if type(raw) is not str or raw not in choices:
                raise _UNFIT
            return raw

        return literal
    if origin is tuple:
        item = _converter(get_args(hint)[0], code_kind, name)
        if code_kind == "state":
            return _states(item)

        def sequence(raw: Any, refs: Refs) -> tuple[Any, ...]:
            if type(raw) is not list:
                raise _UNFIT
            return tuple([item(v, refs) for v in raw])

        return sequence
    if hint is EventDate:
        return _event_date
    if hint is dt.date:
        return _day
    if hint is bool:
        return _bool
    if hint is int:
        return _int
    if hint is str:
        return _string(code_kind, name)
    if hint is Citation:
        return _citation
    if dataclasses.is_dataclass(hint):
        plan = _plan(hint)  # type: ignore[arg-type]
        return lambda raw, refs: plan.build(raw, refs)
    raise _UNFIT  # a type only the slow path knows (dict fields, Any...)


class _Plan:
    """How to build one dataclass from a mapping: one converter per field.

    ``skip`` names keys the caller handles itself (an event's ``type`` and
    ``alternatives``): they are allowed in the mapping and not converted.
    """

    def __init__(self, cls: type, skip: frozenset[str] = frozenset()) -> None:
        hints = typing.get_type_hints(cls)
        self.cls = cls
        self.convert: dict[str, Convert] = {}
        for f in dataclasses.fields(cls):
            if f.name in _NOT_INPUT or f.name in skip:
                continue
            self.convert[f.name] = _converter(hints[f.name], f.metadata.get("kind"), f.name)
        self.names = frozenset(self.convert)
        self.skip = skip
        self.slug: re.Pattern[str] | None = None
        if "id" in self.names:
            self.slug = _INSTRUMENT_ID if cls is Instrument else getattr(cls, "ID_PATTERN", _SLUG)

    def kwargs(self, data: Any, refs: Refs) -> dict[str, Any]:
        """The converted fields; a missing required one is left to the constructor."""
        if type(data) is not dict:
            raise _UNFIT
        out = {}
        convert, skip = self.convert, self.skip
        for name, raw in data.items():
            found = convert.get(name)
            if found is _plain and type(raw) is str and raw and not raw.isspace():
                out[name] = raw  # what _plain gives, without the call (most fields are text)
            elif found is not None:
                out[name] = found(raw, refs)
            elif name not in skip:
                raise _UNFIT
        slug = self.slug
        if slug is not None and not slug.match(out.get("id", "")):
            raise _UNFIT
        return out

    def build(self, data: Any, refs: Refs) -> Any:
        return _construct(self.cls, self.kwargs(data, refs))


def _construct(cls: type[T], kwargs: dict[str, Any]) -> T:
    build = _BUILDERS.get(cls)
    if build is None:
        build = _BUILDERS[cls] = _builder(cls)
    try:
        return build(kwargs)  # type: ignore[no-any-return]
    except (TypeError, KeyError):  # a required field is missing
        raise _UNFIT from None


_BUILDERS: dict[type, Callable[[dict[str, Any]], Any]] = {}


def _slot(cls: type, name: str) -> Any:
    """What ``cls`` has under ``name`` (a slot's descriptor, for a field of a class with
    slots), from the class that declares it."""
    return next((vars(k)[name] for k in cls.__mro__ if name in vars(k)), None)


def _builder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """``cls(**kwargs)``, for a frozen dataclass with slots, in about half the time.

    The ``__init__`` a frozen dataclass is given sets each field with
    ``object.__setattr__``; this one, compiled once per class as dataclasses compiles
    ``__init__``, sets each slot through its descriptor, with the same defaults (a
    default, or a fresh value from a default factory). A missing required field raises
    KeyError and a field the class does not have TypeError, as the constructor would
    refuse them. A class with ``__post_init__``, a field outside ``__init__`` or no slots
    gets its constructor.
    """
    fields = dataclasses.fields(cls)
    slots = {f.name: _slot(cls, f.name) for f in fields}
    plain = not hasattr(cls, "__post_init__") and all(
        f.init and isinstance(slots[f.name], types.MemberDescriptorType) for f in fields
    )
    if not plain or not getattr(vars(cls).get("__dataclass_params__"), "frozen", False):
        return lambda kwargs: cls(**kwargs)
    names = frozenset(f.name for f in fields)
    space: dict[str, Any] = {"new": object.__new__, "cls": cls, "names": names}
    lines = [
        "def build(kw):",
        "    if not names.issuperset(kw):",
        "        raise TypeError('a field the class does not have')",
        "    obj = new(cls)",
    ]
    for i, f in enumerate(fields):
        space[f"set{i}"] = slots[f.name].__set__
        if f.default is not dataclasses.MISSING:
            space[f"default{i}"] = f.default
            value = f"kw.get({f.name!r}, default{i})"
        elif f.default_factory is not dataclasses.MISSING:
            space[f"factory{i}"] = f.default_factory
            value = f"kw[{f.name!r}] if {f.name!r} in kw else factory{i}()"
        else:
            value = f"kw[{f.name!r}]"
        lines.append(f"    set{i}(obj, {value})")
    lines.append("    return obj")
    exec("\n".join(lines), space)  # our own text, built from the class's field names
    build: Callable[[dict[str, Any]], Any] = space["build"]
    return build


_PLANS: dict[type, _Plan] = {}
#: an event's own keys that its plan leaves to :func:`fast_event`
_EVENT_KEYS = frozenset({"type", "alternatives"})


def _plan(cls: type) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        skip = _EVENT_KEYS if issubclass(cls, Event) else frozenset()
        plan = _PLANS[cls] = _Plan(cls, skip)
    return plan


#: citations already decoded, by their (key, value) pairs: the same ones recur
_CITATIONS: dict[tuple[Any, ...], Citation] = {}


def _citation(raw: Any, refs: Refs) -> Citation:
    if type(raw) is not dict:
        raise _UNFIT
    try:
        key = tuple(raw.items())
        found = _CITATIONS.get(key)
    except TypeError:  # a value that cannot be a key: not a valid citation anyway
        raise _UNFIT from None
    if found is None:
        found = _plan(Citation).build(raw, {})
        if len(_CITATIONS) < 65_536:
            _CITATIONS[key] = found
    refs.setdefault(("source", found.source), "source")
    return found


def _citations(raw: Any, refs: Refs) -> tuple[Citation, ...]:
    if type(raw) is not list:
        raise _UNFIT
    return tuple([_citation(c, refs) for c in raw])


def _alternatives(
    plan: _Plan, body: dict[str, Any], raw: Any, refs: Refs
) -> tuple[Alternative, ...]:
    if type(raw) is not list:
        raise _UNFIT
    out = []
    for alt in raw:
        if type(alt) is not dict or "label" not in alt or "sources" not in alt:
            raise _UNFIT
        changes = {k: v for k, v in alt.items() if k not in _ALT_KEYS}
        alt_type = alt.get("type")
        alt_plan, told_as = plan, None
        if alt_type is not None and alt_type != plan.cls.__name__:
            other = EVENT_TYPES.get(alt_type) if type(alt_type) is str else None
            if other is None:
                raise _UNFIT
            alt_plan, told_as = _plan(other), other.__name__
        if (not changes and told_as is None) or any(
            k not in alt_plan.names or k in ("id", "sources", "alternatives") for k in changes
        ):
            raise _UNFIT
        if told_as is None:  # the body's fields went through this plan a moment ago
            convert = plan.convert
            version = {k: convert[k](v, refs) for k, v in changes.items()}
        else:  # told as another type: the body's fields must hold for that type too
            merged = {k: v for k, v in body.items() if k in alt_plan.names} | changes
            version = alt_plan.kwargs(merged, refs)
        note = alt.get("note")
        out.append(
            Alternative(
                label=str(alt["label"]),
                changes=tuple((k, version[k]) for k in sorted(changes)),
                sources=_citations(alt["sources"], refs),
                note=None if note is None else str(note),
                type=told_as,
            )
        )
    return tuple(out)


@functools.lru_cache(maxsize=256)
def _origin(file: str) -> Origin:
    return Origin(file, None)  # one per file: the fast loader knows no lines


def fast_event(data: Any, file: str, refs: Refs) -> Event:
    """The event ``data`` describes, or :class:`Unfit` if anything about it is not right.

    References to sources, instruments and other events are added to ``refs`` as
    (kind, value) -> the field that names it, for the caller to check.
    """
    if type(data) is not dict:
        raise _UNFIT
    type_name = data.get("type")
    cls = EVENT_TYPES.get(type_name) if type(type_name) is str else None
    if cls is None:
        raise _UNFIT
    plan = _plan(cls)
    kwargs = plan.kwargs(data, refs)
    raw_alternatives = data.get("alternatives")
    if raw_alternatives is not None:
        body = {k: v for k, v in data.items() if k not in _EVENT_KEYS}
        kwargs["alternatives"] = _alternatives(plan, body, raw_alternatives, refs)
        if kwargs["alternatives"] and not kwargs.get("default_reason"):
            raise _UNFIT
    kwargs["origin"] = _origin(file)
    return _construct(cls, kwargs)


def fast_registration(
    cls: type[Source] | type[Instrument], data: Any, file: str, refs: Refs
) -> Source | Instrument:
    """A source or instrument registration, or :class:`Unfit` (as :func:`fast_event`)."""
    kwargs = _plan(cls).kwargs(data, refs)
    kwargs["origin"] = _origin(file)
    return _construct(cls, kwargs)
