"""Plain data <-> typed record objects, with every problem located, and nothing else.

:class:`Decoder` turns mappings (as read from YAML or JSON, by someone else) into events,
sources and instruments, checking each field's type and codes and collecting every
:class:`~csto.errors.Problem` rather than stopping at the first. When the mappings carry
ruamel.yaml line information, problems name the line. :func:`to_data` is the inverse: it
turns any record object back into plain JSON-ready data. No file is touched here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from csto.codes import ORGANS, is_state_code
from csto.errors import DateError, Problem, preview
from csto.record.dates import EventDate
from csto.record.events import EVENT_TYPES, Alternative, Citation, Event, Origin
from csto.record.fastcodec import Unfit, fast_event, fast_registration
from csto.record.sources import Instrument, Source

__all__ = ["Decoder", "Reference", "event_from_data", "to_data"]

T = TypeVar("T")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_INSTRUMENT_ID = re.compile(r"^[A-Z0-9][A-Z0-9.-]*$")
_NOT_INPUT = {"origin"}
_ALT_KEYS = {"label", "sources", "note"}


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    """A value that must name something registered elsewhere (a source, an instrument...)."""

    kind: str
    value: str
    file: str
    line: int | None
    field: str


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _line(node: object, key: object = None) -> int | None:
    """The 1-based line of ``node`` (or of ``key`` in it) when ruamel recorded it."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is not None:
            if isinstance(key, int):
                return int(lc.item(key)[0]) + 1
            return int(lc.key(key)[0]) + 1
        return int(lc.line) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def _describe(value: object) -> str:
    return preview(value)


class Decoder:
    """Decode one file's worth of mappings, collecting problems and references."""

    def __init__(self, file: str, *, fast: bool = False) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        #: try the compiled plans first (:mod:`csto.record.fastcodec`); the slow way on
        #: anything they refuse, which then says what is wrong and where
        self.fast = fast
        #: (kind, value) pairs the fast path already listed: a reference that does not
        #: resolve fails the fast pass, and the slow pass then lists every occurrence
        self._listed: set[tuple[str, str]] = set()

    def _refer(self, refs: dict[tuple[str, str], str], path: str) -> None:
        listed = self._listed
        for key, name in refs.items():
            if key not in listed:
                listed.add(key)
                self.references.append(Reference(*key, self.file, None, f"{path}.{name}"))

    # --- reporting ---------------------------------------------------------------------

    def problem(self, message: str, *, line: int | None, field: str | None, **kw: str) -> None:
        self.problems.append(Problem(message, file=self.file, line=line, field=field, **kw))

    # --- top-level objects -------------------------------------------------------------

    def event(self, data: object, path: str) -> Event | None:
        """Decode one event mapping; ``None`` (with problems recorded) if it is broken."""
        if self.fast:
            refs: dict[tuple[str, str], str] = {}
            try:
                fast = fast_event(data, self.file, refs)
            except Unfit:
                pass
            else:
                self._refer(refs, path)
                return fast
        if not isinstance(data, Mapping):
            self.problem(
                "an event must be a mapping of fields",
                line=_line(data),
                field=path,
                expected="a mapping with 'id', 'type', 'date', ...",
                got=_describe(data),
            )
            return None
        type_name = data.get("type")
        cls = EVENT_TYPES.get(type_name) if isinstance(type_name, str) else None
        if cls is None:
            self.problem(
                f"unknown event type {type_name!r}",
                line=_line(data, "type") or _line(data),
                field=f"{path}.type",
                expected="one of " + ", ".join(sorted(EVENT_TYPES)),
                fix="use one of the event types listed in docs/record-format.md",
            )
            return None
        body = {k: v for k, v in data.items() if k not in ("type", "alternatives")}
        event = self.build(cls, body, data, path)
        if event is None:
            return None
        alternatives = self._alternatives(cls, body, data.get("alternatives"), data, path)
        if alternatives is None:
            return None
        event = dataclasses.replace(
            event, alternatives=alternatives, origin=Origin(self.file, _line(data))
        )
        if alternatives and not event.default_reason:
            self.problem(
                "an event with alternatives must say why its main version is the default",
                line=_line(data),
                field=f"{path}.default_reason",
                fix="add 'default_reason: ...' explaining which source is followed and why",
            )
        return event

    def _fast(self, cls: type[Source] | type[Instrument], data: object, path: str) -> Any:
        refs: dict[tuple[str, str], str] = {}
        try:
            built = fast_registration(cls, data, self.file, refs)
        except Unfit:
            return None
        self._refer(refs, path)
        return built

    def source(self, data: object, path: str) -> Source | None:
        """Decode one source registration."""
        if self.fast and (fast := self._fast(Source, data, path)) is not None:
            return fast  # type: ignore[no-any-return]
        src = self.build(Source, data, data, path)
        return None if src is None else dataclasses.replace(src, origin=self._origin(data))

    def instrument(self, data: object, path: str) -> Instrument | None:
        """Decode one instrument registration."""
        if self.fast and (fast := self._fast(Instrument, data, path)) is not None:
            return fast  # type: ignore[no-any-return]
        ins = self.build(Instrument, data, data, path)
        if ins is None:
            return None
        if not _INSTRUMENT_ID.match(ins.id):
            self.problem(
                f"instrument id {ins.id!r} is not of the form CHARTER-2002",
                line=_line(data, "id"),
                field=f"{path}.id",
                expected="capitals, digits and '-'",
            )
            return None
        if ins.until is not None:
            try:
                EventDate.parse(ins.until)
            except DateError as exc:
                self.problem(
                    f"instrument {ins.id}: 'until' is not a date: {exc}",
                    line=_line(data, "until"),
                    field=f"{path}.until",
                    expected="YYYY, YYYY-MM or YYYY-MM-DD",
                )
                return None
        return dataclasses.replace(ins, origin=self._origin(data))

    def _origin(self, data: object) -> Origin:
        return Origin(self.file, _line(data))

    def _alternatives(
        self,
        cls: type[Event],
        body: Mapping[str, Any],
        raw: object,
        parent: Mapping[str, Any],
        path: str,
    ) -> tuple[Alternative, ...] | None:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.problem(
                "'alternatives' must be a list",
                line=_line(parent, "alternatives"),
                field=f"{path}.alternatives",
                got=_describe(raw),
            )
            return None
        out: list[Alternative] = []
        ok = True
        for i, alt in enumerate(raw):
            apath = f"{path}.alternatives[{i}]"
            if not isinstance(alt, Mapping) or "label" not in alt or "sources" not in alt:
                self.problem(
                    "an alternative must be a mapping with 'label', 'sources' and the fields "
                    "that differ",
                    line=_line(raw, i),
                    field=apath,
                    got=_describe(alt),
                )
                ok = False
                continue
            changes = {k: v for k, v in alt.items() if k not in _ALT_KEYS}
            bad = [k for k in changes if k not in _hints(cls) or k in ("id", "type", "sources")]
            if bad:
                self.problem(
                    f"an alternative may change only the event's own fields; {bad} cannot be",
                    line=_line(alt),
                    field=apath,
                    expected="fields of " + cls.__name__,
                )
                ok = False
                continue
            if not changes:
                self.problem(
                    "an alternative must change at least one field",
                    line=_line(alt),
                    field=apath,
                    fix="add the field (e.g. 'date') whose value the other sources give",
                )
                ok = False
                continue
            merged = {**body, **changes}
            version = self.build(cls, merged, alt, apath)
            sources = self.value(
                tuple[Citation, ...], alt["sources"], alt, "sources", f"{apath}.sources", None
            )
            if version is None or sources is _BAD:
                ok = False
                continue
            note = alt.get("note")
            out.append(
                Alternative(
                    label=str(alt["label"]),
                    changes=tuple((k, getattr(version, k)) for k in sorted(changes)),
                    sources=sources,
                    note=None if note is None else str(note),
                )
            )
        return tuple(out) if ok else None

    # --- generic dataclass building ----------------------------------------------------

    def build(self, cls: type[T], data: object, node: object, path: str) -> T | None:
        """Build dataclass ``cls`` from mapping ``data``; ``node`` carries line numbers."""
        if not isinstance(data, Mapping):
            self.problem(
                f"expected a mapping for {cls.__name__}",
                line=_line(node),
                field=path,
                got=_describe(data),
            )
            return None
        hints = _hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in _NOT_INPUT}  # type: ignore[arg-type]
        before = len(self.problems)
        unknown = [k for k in data if k not in fields]
        for key in unknown:
            self.problem(
                f"unknown field {key!r} for {cls.__name__}",
                line=_line(node, key) if key in node else _line(node),  # type: ignore[operator]
                field=f"{path}.{key}",
                expected="one of " + ", ".join(sorted(fields)),
                fix="remove it or correct its spelling",
            )
        kwargs: dict[str, Any] = {}
        for name, f in fields.items():
            if name not in data:
                required = (
                    f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                )
                if required:
                    self.problem(
                        f"missing required field {name!r}",
                        line=_line(node),
                        field=f"{path}.{name}",
                        expected=_type_name(hints[name]),
                        fix=f"add '{name}: ...' to this {cls.__name__}",
                    )
                continue
            value = self.value(
                hints[name],
                data[name],
                node,
                name,
                f"{path}.{name}",
                f.metadata.get("kind"),
            )
            if value is not _BAD:
                kwargs[name] = value
        if len(self.problems) > before:
            return None
        pattern = getattr(cls, "ID_PATTERN", _SLUG)
        if "id" in kwargs and cls is not Instrument and not pattern.match(kwargs["id"]):
            self.problem(
                f"id {kwargs['id']!r} is not a slug",
                line=_line(node, "id"),
                field=f"{path}.id",
                expected="lower-case letters, digits, '.', '_' and '-'",
                fix="rename it, e.g. 'uzb-suspended-2012'",
            )
            return None
        return cls(**kwargs)

    def value(
        self,
        hint: Any,
        raw: object,
        node: object,
        key: object,
        path: str,
        code_kind: str | None,
    ) -> Any:
        """Decode one value against a type hint; returns ``_BAD`` after recording a problem."""
        line = _line(node, key) if isinstance(node, Mapping | list) else None
        line = line or _line(node)
        origin = get_origin(hint)
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(hint) if a is not type(None)]
            if raw is None:
                return None
            return self.value(args[0], raw, node, key, path, code_kind)
        if origin is Literal:
            choices = get_args(hint)
            if raw not in choices:
                self.problem(
                    f"{raw!r} is not allowed here",
                    line=line,
                    field=path,
                    expected="one of " + ", ".join(map(str, choices)),
                )
                return _BAD
            return raw
        if origin is dict:
            key_hint, item = get_args(hint)
            if not isinstance(raw, Mapping):
                self.problem("expected a mapping", line=line, field=path, got=_describe(raw))
                return _BAD
            pairs = [
                (
                    self.value(key_hint, k, raw, k, f"{path}.{k}", code_kind),
                    self.value(item, v, raw, k, f"{path}.{k}", None),
                )
                for k, v in raw.items()
            ]
            if any(k is _BAD or v is _BAD for k, v in pairs):
                return _BAD
            return dict(pairs)
        if origin is tuple:
            (item,) = get_args(hint)[:1]
            if not isinstance(raw, list):
                self.problem("expected a list", line=line, field=path, got=_describe(raw))
                return _BAD
            items = [
                self.value(item, v, raw, i, f"{path}[{i}]", code_kind) for i, v in enumerate(raw)
            ]
            return _BAD if any(v is _BAD for v in items) else tuple(items)
        if hint is EventDate:
            try:
                return EventDate.parse(raw)
            except DateError as exc:
                self.problem(
                    str(exc), line=line, field=path, fix='write 2012-06-19, "2012-06" or "2012"'
                )
                return _BAD
        if hint is dt.date:
            try:
                parsed = EventDate.parse(raw)
            except DateError as exc:
                self.problem(str(exc), line=line, field=path)
                return _BAD
            if parsed.precision != "day":
                self.problem("expected a full day", line=line, field=path, got=_describe(raw))
                return _BAD
            return parsed.earliest
        if hint is bool:
            if not isinstance(raw, bool):
                self.problem("expected true or false", line=line, field=path, got=_describe(raw))
                return _BAD
            return raw
        if hint is int:
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.problem("expected a whole number", line=line, field=path, got=_describe(raw))
                return _BAD
            return raw
        if hint is str:
            if isinstance(raw, bool) or not isinstance(raw, str | int | float):
                self.problem("expected text", line=line, field=path, got=_describe(raw))
                return _BAD
            text = str(raw)
            if not text.strip():
                self.problem("must not be empty", line=line, field=path)
                return _BAD
            return self._code(text, code_kind, line, path)
        if hint is Any:
            return raw
        if dataclasses.is_dataclass(hint):
            built = self.build(hint, raw, raw if isinstance(raw, Mapping) else node, path)  # type: ignore[arg-type]
            return _BAD if built is None else built
        raise TypeError(
            f"csto.record.codec cannot decode a field of type {hint!r}"
        )  # pragma: no cover

    def _code(self, text: str, code_kind: str | None, line: int | None, path: str) -> Any:
        if code_kind == "state" and not is_state_code(text):
            self.problem(
                f"{text!r} is not an ISO 3166-1 alpha-3 state code",
                line=line,
                field=path,
                expected="three capital letters, e.g. ARM, KAZ, RUS",
            )
            return _BAD
        if code_kind == "organ" and text not in ORGANS:
            self.problem(
                f"{text!r} is not an organ",
                line=line,
                field=path,
                expected="one of " + ", ".join(ORGANS),
            )
            return _BAD
        if code_kind in ("source", "instrument", "event"):
            self.references.append(Reference(code_kind, text, self.file, line, path))
        return text


class _Bad:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<bad>"


_BAD: Any = _Bad()


def _type_name(hint: Any) -> str:
    if hint is EventDate:
        return "a date (YYYY-MM-DD, YYYY-MM or YYYY)"
    origin = get_origin(hint)
    if origin is tuple:
        return "a list"
    if origin is dict:
        return "a mapping"
    if origin is Literal:
        return "one of " + ", ".join(map(str, get_args(hint)))
    if origin in (Union, types.UnionType):
        return _type_name(next(a for a in get_args(hint) if a is not type(None)))
    return getattr(hint, "__name__", str(hint))


def event_from_data(data: Mapping[str, Any], file: str = "<data>") -> Event:
    """Decode one event from plain data or raise :class:`~csto.errors.RecordError`."""
    from csto.errors import RecordError

    decoder = Decoder(file, fast=True)
    event = decoder.event(data, "event")
    if event is None or decoder.problems:
        raise RecordError("the event is not valid", tuple(decoder.problems))
    return event


def to_data(obj: Any) -> Any:
    """Plain, JSON-ready data for any record object, in the shape the files use."""
    if isinstance(obj, Event):
        out: dict[str, Any] = {"id": obj.id, "type": obj.type}
        for f in dataclasses.fields(obj):
            if f.name in ("id", "origin", "alternatives"):
                continue
            value = getattr(obj, f.name)
            if value is None or value == () or (f.name == "acting" and value is False):
                continue
            out[f.name] = to_data(value)
        if obj.alternatives:
            out["alternatives"] = [to_data(a) for a in obj.alternatives]
        return out
    if isinstance(obj, Alternative):
        alt: dict[str, Any] = {"label": obj.label}
        alt.update({k: to_data(v) for k, v in obj.changes})
        alt["sources"] = [to_data(c) for c in obj.sources]
        if obj.note is not None:
            alt["note"] = obj.note
        return alt
    if isinstance(obj, EventDate):
        return obj.to_data()
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, tuple | list):
        return [to_data(v) for v in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_data(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name != "origin" and getattr(obj, f.name) not in (None, ())
        }
    return obj
