"""Hostile inputs, shared by the hostile-input suite (``pytest -m hostile``).

What an attacker or a careless user feeds csto's readers: payloads (values put into an
otherwise well-formed document at a field of the test's choosing) and whole documents
(alias bombs, nesting thousands deep, invalid UTF-8, wrong top-level types). Each is named
by its *kind*; ``docs/hardening.md`` has one row per kind, checked by
``tests/test_hardening_doc.py``. Hypothesis strategies draw from them; the named cases
below are the ones every run tries.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from hypothesis import strategies as st

__all__ = [
    "DOCUMENTS",
    "KINDS",
    "PAYLOADS",
    "Kind",
    "deadline",
    "documents",
    "payloads",
]


@dataclass(frozen=True)
class Kind:
    """One kind of hostile input: its name, what it is, and what must hold."""

    name: str
    what: str
    holds: str


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "deep nesting",
            "JSON or YAML nested 65 to 100,000 deep (flow, block, objects)",
            "refused before parsing (E150, names the line and --max-depth); no crash",
        ),
        Kind(
            "alias bomb",
            "YAML aliases that expand a 1 kB file to 10^9 nodes; an alias to itself",
            "refused while reading the parser's events (E150), in milliseconds",
        ),
        Kind(
            "invalid UTF-8",
            "bytes that are not UTF-8 (0xff, a truncated sequence)",
            "refused naming line and column (E100)",
        ),
        Kind(
            "lone surrogate",
            'a JSON or YAML escape of half a surrogate pair ("\\ud800")',
            "refused naming the field (E100)",
        ),
        Kind(
            "huge number",
            "1e999, -1e999, NaN, Infinity, a whole number of 5,000 digits",
            "refused naming the file or field (E100), or a type error on the field",
        ),
        Kind(
            "far year",
            "days past 2999 or before 1900 (3000-01-01, 9999-12-31, 10000-01-01)",
            "refused naming the field (E100/E110/E130) or the option (usage error, exit 2)",
        ),
        Kind(
            "wrong type",
            "a number, text, null, a list where a mapping is expected, and the reverse",
            "refused naming the field (E100/E110)",
        ),
        Kind(
            "too large",
            "a file over --max-file-mb; a request body over --max-body-kb",
            "refused before parsing (E150, 413), naming the limit and how to raise it",
        ),
        Kind(
            "empty",
            "an empty file, an empty list of actions",
            "refused: nothing to read is an input error (exit 2)",
        ),
    )
}

#: payloads: JSON text put at one field of a well-formed document, by kind
PAYLOADS: dict[str, tuple[str, ...]] = {
    "deep nesting": (
        "[" * 65 + "]" * 65,
        "[" * 5000 + "]" * 5000,
        '{"a":' * 3000 + "1" + "}" * 3000,
    ),
    "lone surrogate": ('"\\ud800"', '"x\\udfffy"', '{"\\ud83d": 1}'),
    "huge number": ("1e999", "-1e999", "NaN", "Infinity", "9" * 5000, "1" + "0" * 40),
    "far year": ('"3000-01-01"', '"9999-12-31"', '"10000-01-01"', '"0001-01-01"', "99999"),
    "wrong type": ("5", "null", "true", "[]", "{}", '"text"', '[{"a": []}]', "-1"),
}


def _alias_bomb(levels: int = 9, width: int = 9) -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _deep_block(depth: int) -> bytes:
    return (
        "".join(" " * (2 * i) + "a:\n" for i in range(depth)).encode() + b" " * (2 * depth) + b"x"
    )


#: whole documents, by kind
DOCUMENTS: dict[str, tuple[bytes, ...]] = {
    "deep nesting": (
        b"[" * 100_000 + b"]" * 100_000,
        _deep_block(300),
        b"- " * 200 + b"x\n",
    ),
    "alias bomb": (_alias_bomb(), b"&a [*a]\n", b"a: &a\n  b: *a\n"),
    "invalid UTF-8": (b"\xff\xfe\x00", b"events:\n  - id: \xc3\x28\n", b"a: \xe2\x82"),
    "wrong type": (b"5\n", b'"text"\n', b"null\n", b"- 1\n- 2\n", b"true\n", b"[[[]]]\n"),
    "empty": (b"", b"# only a comment\n", b"[]\n", b"{}\n"),
}


def payloads() -> st.SearchStrategy[tuple[str, str]]:
    """(kind, payload) pairs."""
    return st.sampled_from([(k, p) for k, ps in PAYLOADS.items() for p in ps])


def documents() -> st.SearchStrategy[tuple[str, bytes]]:
    """(kind, document) pairs."""
    return st.sampled_from([(k, d) for k, ds in DOCUMENTS.items() for d in ds])


def put(skeleton: dict[str, object], field: str, payload: str) -> str:
    """The JSON text of ``skeleton`` with the payload's text as the value of ``field``
    (a dotted path of keys and list indexes)."""
    marker = "\u0000PAYLOAD\u0000"
    doc = json.loads(json.dumps(skeleton))
    target: object = doc
    parts = field.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]  # type: ignore[index]
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = marker
    else:
        assert isinstance(target, dict)
        target[last] = marker
    return json.dumps(doc).replace(json.dumps(marker), payload)


def fields(skeleton: object, prefix: str = "") -> Iterator[str]:
    """Every dotted path to a value of ``skeleton``."""
    if isinstance(skeleton, dict):
        for key, value in skeleton.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            yield path
            yield from fields(value, path)
    elif isinstance(skeleton, list):
        for i, value in enumerate(skeleton):
            path = f"{prefix}.{i}" if prefix else str(i)
            yield path
            yield from fields(value, path)


class HungError(Exception):
    """A call ran past its deadline: csto hung on an input."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail the block (raise :class:`HungError`) if it runs longer than ``seconds``: a hang
    guard for the hostile suite, far above what any input should take."""

    def expire(signum: int, frame: object) -> None:
        raise HungError(f"still running after {seconds} s: a hang")

    previous: Callable[..., object] | int | None = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]
