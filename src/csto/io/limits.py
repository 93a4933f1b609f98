"""Bounded reading of untrusted input: size, nesting depth, YAML aliases, text and numbers.

Every file csto reads whole (record, action, profile, law case and episode files, procedure
logs, store imports) and every web request body goes through here, so that no input can
hang csto, crash it or exhaust its memory:

- **size**: a file is read with at most ``max_file_bytes`` (a web request body with at most
  ``max_body_bytes``); a longer one is refused before anything is parsed;
- **nesting**: YAML and JSON nested deeper than ``max_depth`` are refused before a parser
  recurses into them (libyaml's composer would crash the process, Python's would overflow
  its stack); a cheap bound on the text decides for ordinary files, and an exact count over
  the parser's events (which does not recurse) for the rest;
- **aliases**: a YAML document whose aliases would expand it by more than
  ``max_alias_nodes`` nodes (a "billion laughs"), or that refers to itself, is refused
  before it is built;
- **text and numbers**: invalid UTF-8 is named by line and column; lone surrogates
  (``"\\ud800"``), ``NaN`` and infinite numbers, and whole numbers too long to read, are
  refused with the line or the field's path.

A limit broken raises :class:`~csto.errors.LimitError` naming the limit and how to raise it;
any other fault, an :class:`~csto.errors.InputError`; each with one located
:class:`~csto.errors.Problem`. The limits in force are set once by an edge (the CLI's
``--max-file-mb`` and ``--max-depth``, ``csto serve --max-body-kb``, or their environment
variables, which only the CLI reads) with :func:`configure`; this module never reads the
environment. ``docs/hardening.md`` lists the limits and what each input is tested with.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)
from ruamel.yaml.nodes import ScalarNode

from csto.errors import InputError, LimitError, Problem
from csto.io import fastyaml

__all__ = [
    "HOW_TO_RAISE",
    "KIB",
    "MIB",
    "Limits",
    "configure",
    "current",
    "decode_utf8",
    "load_json",
    "load_yaml",
    "read_text",
    "too_large",
]

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds every reader keeps (defaults in brackets).

    ``max_file_bytes`` (16 MiB): the largest file read whole; the whole curated record is
    under 0.5 MiB. ``max_depth`` (64): the deepest nesting of YAML or JSON; csto's own
    files nest 6 deep. ``max_alias_nodes`` (100,000): how many nodes YAML aliases may add to
    a document. ``max_body_bytes`` (256 KiB): the largest web request body.
    """

    max_file_bytes: int = 16 * MIB
    max_depth: int = 64
    max_alias_nodes: int = 100_000
    max_body_bytes: int = 256 * KIB


#: how a user raises each limit (the edges that read these options and variables)
HOW_TO_RAISE: dict[str, str] = {
    "max_file_bytes": "raise it with 'csto --max-file-mb N ...' or CSTO_MAX_FILE_MB=N",
    "max_depth": "raise it with 'csto --max-depth N ...' or CSTO_MAX_DEPTH=N",
    "max_alias_nodes": "write the repeated values out instead of aliasing them, or split the file",
    "max_body_bytes": "the server's operator can raise it with 'csto serve --max-body-kb N' "
    "or CSTO_MAX_BODY_KB=N",
}

_current = Limits()


def current() -> Limits:
    """The limits in force."""
    return _current


def configure(limits: Limits) -> None:
    """Set the limits in force (an edge calls this once, from its options)."""
    global _current
    _current = limits


def _size(n: int) -> str:
    if n >= MIB and n % MIB == 0:
        return f"{n // MIB} MiB"
    if n >= KIB and n % KIB == 0:
        return f"{n // KIB} KiB"
    return f"{n:,} bytes"


def too_large(name: str, size: int | None, limit: int, which: str = "max_file_bytes") -> LimitError:
    """The error for an input over a size limit (``size`` None: more than the limit)."""
    got = f"more than {_size(limit)}" if size is None else _size(size)
    return LimitError(
        f"{name} is larger than csto reads ({got}; the limit is {_size(limit)})",
        (
            Problem(
                f"larger than the limit of {_size(limit)}",
                file=name,
                got=got,
                fix=HOW_TO_RAISE[which],
            ),
        ),
    )


# --- reading files ----------------------------------------------------------------------------


def read_text(path: str | Path, *, limits: Limits | None = None) -> str:
    """The UTF-8 text of a file, reading at most ``max_file_bytes`` of it.

    Raises :class:`~csto.errors.LimitError` for a larger file (found from its size before
    reading when the file system knows it, else after reading one byte past the limit),
    and :class:`~csto.errors.InputError` for a missing or unreadable file or bad UTF-8.
    """
    lim = limits or _current
    name = str(path)
    try:
        # a named pipe nobody writes to must not block the open: opened without waiting,
        # then read as usual (with no writer, it reads as empty)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            os.set_blocking(fd, True)
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                raise IsADirectoryError(path)
            size = os.fstat(fd).st_size
            if size > lim.max_file_bytes:
                raise too_large(name, size, lim.max_file_bytes)
            data = handle.read(lim.max_file_bytes + 1)
    except FileNotFoundError:
        raise InputError(
            f"no such file: {name}", (Problem("no such file", file=name, fix="check the path"),)
        ) from None
    except IsADirectoryError:
        raise InputError(
            f"{name} is a directory", (Problem("expected a file", file=name, got="a directory"),)
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read {name}",
            (Problem(f"cannot read the file: {exc.strerror or exc}", file=name),),
        ) from None
    if len(data) > lim.max_file_bytes:
        raise too_large(name, None, lim.max_file_bytes)
    return decode_utf8(name, data)


def decode_utf8(name: str, data: bytes) -> str:
    """``data`` as UTF-8 text (a leading byte-order mark dropped); the first bad byte is
    named by line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise InputError(
            f"{name} is not UTF-8 text",
            (
                Problem(
                    f"byte 0x{data[start]:02x} at column {column} is not UTF-8 ({exc.reason})",
                    file=name,
                    line=line,
                    expected="UTF-8 text",
                    fix="save the file as UTF-8",
                ),
            ),
        ) from None


# --- nesting and aliases ------------------------------------------------------------------------

#: the indentation, dashes, '?' and ':' that open a line: block nesting lives there (the
#: first line is matched apart: a pattern opening with a newline is searched for at C speed,
#: seven times faster than one opening with '^' in multi-line mode)
_WIDE_PREFIX = "[ \\t?:-]{%d}"
#: an innermost flow collection: brackets with no bracket inside
_INNERMOST = re.compile(r"[\[{][^\[\]{}]*[\]}]")


def _flow_depth_at_most(text: str, bound: int) -> bool:
    """True when the brackets of ``text`` nest at most ``bound`` deep (brackets inside
    quoted text count too, so the answer errs towards False; False asks for an exact
    count, never refuses by itself)."""
    if "[" not in text and "{" not in text:
        return True
    rest = text
    for _ in range(bound):
        rest = _INNERMOST.sub("", rest)
        if "[" not in rest and "{" not in rest and "]" not in rest and "}" not in rest:
            return True
    return False


def _surely_shallow(text: str, max_depth: int) -> bool:
    """A cheap proof that YAML ``text`` nests at most ``max_depth`` deep.

    In block style every two levels of nesting take at least one more character at the
    start of a line (indentation, ``-``, ``?``, ``:``), so a line prefix narrower than
    ``w`` bounds block nesting by ``2 * (w + 2)``; flow collections add at most their own
    bracket depth.
    """
    width = max(max_depth // 4 - 2, 1)
    wide = _WIDE_PREFIX % width
    if re.match(wide, text) or re.search("\n" + wide, text):
        return False
    return _flow_depth_at_most(text, max(max_depth - 2 * (width + 2), 1))


def _check_events(events: Iterator[Any], name: str, lim: Limits) -> None:
    """Walk the parser's events (the parser keeps its own stack; nothing recurses) and
    refuse nesting deeper than the limit and aliases that expand the document too far."""
    open_nodes: list[list[Any]] = []  # [anchor, expanded size so far]
    sizes: dict[str, int] = {}  # anchor -> expanded size of its node
    written = expanded = 0
    for event in events:
        if isinstance(event, CollectionStartEvent):
            written += 1
            open_nodes.append([event.anchor, 1])
            if len(open_nodes) > lim.max_depth:
                raise _too_deep(name, event.start_mark.line + 1, lim.max_depth)
        elif isinstance(event, CollectionEndEvent):
            anchor, size = open_nodes.pop()
            if anchor is not None:
                sizes[anchor] = size
            if open_nodes:
                open_nodes[-1][1] += size
        elif isinstance(event, AliasEvent):
            if event.anchor not in sizes:
                if any(node[0] == event.anchor for node in open_nodes):
                    raise _alias_problem(
                        name,
                        event.start_mark.line + 1,
                        f"the alias *{event.anchor} refers to a node that contains it",
                        "an alias may not refer to a node that contains it",
                    )
                continue  # an unknown anchor: the composer reports it
            size = sizes[event.anchor]
            expanded += size
            if expanded > lim.max_alias_nodes:
                raise _alias_problem(
                    name,
                    event.start_mark.line + 1,
                    f"aliases expand this document by more than {lim.max_alias_nodes:,} nodes "
                    f"(it has {written:,} written so far): an alias bomb?",
                    f"aliases adding at most {lim.max_alias_nodes:,} nodes",
                )
            if open_nodes:
                open_nodes[-1][1] += size
        elif isinstance(event, NodeEvent):  # a scalar
            written += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
            if open_nodes:
                open_nodes[-1][1] += 1


def _too_deep(name: str, line: int | None, limit: int) -> LimitError:
    return LimitError(
        f"{name} nests deeper than csto reads (more than {limit} levels)",
        (
            Problem(
                "nested too deeply",
                file=name,
                line=line,
                expected=f"at most {limit} levels of nesting",
                fix=HOW_TO_RAISE["max_depth"],
            ),
        ),
    )


def _alias_problem(name: str, line: int, message: str, expected: str) -> LimitError:
    return LimitError(
        f"{name}: YAML aliases refused",
        (
            Problem(
                message,
                file=name,
                line=line,
                expected=expected,
                fix=HOW_TO_RAISE["max_alias_nodes"],
            ),
        ),
    )


# --- YAML -----------------------------------------------------------------------------------------


def _date_as_text(constructor: Any, node: Any) -> Any:
    assert isinstance(node, ScalarNode)
    return str(node.value)


def _checked_int(base: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def construct(constructor: Any, node: Any) -> Any:
        try:
            return base(constructor, node)
        except ValueError as exc:
            raise ConstructorError(
                None, None, f"cannot read this number: {str(exc)[:80]}", node.start_mark
            ) from None

    return construct


class _LineConstructor(RoundTripConstructor):
    """Round-trip constructor (line numbers kept), dates kept as text for the decoders."""


class _FastConstructor(SafeConstructor):
    """Safe constructor for the C parser, dates kept as text for the decoders."""


for _cls in (_LineConstructor, _FastConstructor):
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)
    _cls.add_constructor(
        "tag:yaml.org,2002:int", _checked_int(_cls.yaml_constructors["tag:yaml.org,2002:int"])
    )


def _yaml(fast: bool) -> YAML:
    if fast:
        yaml = YAML(typ="safe", pure=False)
        yaml.Constructor = _FastConstructor
        return yaml
    yaml = YAML(typ="rt")
    yaml.Constructor = _LineConstructor
    return yaml


def _yaml_error(name: str, exc: YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None) if isinstance(exc, MarkedYAMLError) else None
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    fix = "check indentation, colons and quotes on that line"
    if isinstance(exc, ConstructorError):
        fix = "check the value on that line"
    return InputError(
        f"{name} is not valid YAML or JSON",
        (
            Problem(
                f"not valid YAML: {problem}",
                file=name,
                line=None if mark is None else mark.line + 1,
                fix=fix,
            ),
        ),
    )


def load_yaml(name: str, text: str, *, fast: bool = False, limits: Limits | None = None) -> Any:
    """YAML (or JSON) text to data, within the limits.

    ``fast`` gives plain data without line numbers: from yaml-rs where it is sure to read the
    text as ruamel.yaml does (:mod:`csto.io.fastyaml`), else from ruamel's C parser;
    otherwise mappings and lists keep their lines (ruamel's round-trip types). Dates stay
    text for the decoders to check and locate. Raises :class:`~csto.errors.LimitError` or
    :class:`~csto.errors.InputError` naming the file and line.
    """
    lim = limits or _current
    aliased = "&" in text and "*" in text
    shallow = not aliased and _surely_shallow(text, lim.max_depth)
    if fast and shallow:
        data = fastyaml.load(text)
        if data is not fastyaml.STOOD_ASIDE:
            return data
    yaml = _yaml(fast)
    try:
        if not shallow:
            _check_events(iter(yaml.parse(text)), name, lim)
            yaml = _yaml(fast)
        data = yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(name, exc) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise InputError(
            f"{name} holds a value csto cannot read",
            (Problem(f"cannot read a value: {str(exc)[:120]}", file=name),),
        ) from None
    if ("\\u" in text or "\\U" in text) and not fast:
        _refuse_surrogates(name, data)
    return data


# --- JSON -----------------------------------------------------------------------------------------

_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_depth(name: str, text: str, lim: Limits, line: int | None) -> None:
    if text.count("[") + text.count("{") <= lim.max_depth:
        return
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > lim.max_depth:
                at = line if line is not None else text.count("\n", 0, match.start()) + 1
                raise _too_deep(name, at, lim.max_depth)
        elif token in ("]", "}"):
            depth -= 1


def _refuse_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a number csto accepts")


def _finite(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise ValueError(f"{token[:40]} is too large a number")
    return value


def load_json(
    name: str, text: str, *, line: int | None = None, limits: Limits | None = None
) -> Any:
    """One JSON document to data, within the limits (``line``: where it starts in a file
    of JSON Lines). Refuses nesting beyond the limit before parsing, ``NaN``, infinite and
    overflowing numbers, and lone surrogates (naming the field's path)."""
    lim = limits or _current
    _json_depth(name, text, lim, line)
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} is not valid JSON",
            (
                Problem(
                    f"not JSON: {exc.msg} at column {exc.colno}",
                    file=name,
                    line=exc.lineno if line is None else line + exc.lineno - 1,
                ),
            ),
        ) from None
    except (ValueError, RecursionError) as exc:
        raise InputError(
            f"{name} holds a value csto cannot read",
            (Problem(f"cannot read a value: {str(exc)[:120]}", file=name, line=line),),
        ) from None
    if "\\u" in text:
        _refuse_surrogates(name, data, line)
    return data


def _refuse_surrogates(name: str, data: Any, line: int | None = None) -> None:
    """Text with a lone surrogate cannot be written as UTF-8: refuse it, naming where."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise InputError(
                    f"{name} holds text that is not valid Unicode",
                    (
                        Problem(
                            "a lone surrogate (such as \\ud800) is not a character",
                            file=name,
                            line=line,
                            field=path or "(the document)",
                            expected="text of Unicode characters",
                            fix="escape whole characters only (a surrogate pair, or the "
                            "character itself)",
                        ),
                    ),
                )
        elif isinstance(value, Mapping):
            for key, inner in value.items():
                name = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", f"{key!s:.40}")
                stack.append((key, f"{path}.{name}" if path else name))
                stack.append((inner, f"{path}.{name}" if path else name))
        elif isinstance(value, list | tuple):
            stack.extend((inner, f"{path}[{i}]") for i, inner in enumerate(value))
