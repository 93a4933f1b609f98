"""yaml-rs (csto.io.fastyaml) against ruamel.yaml: the same data, or it stands aside.

ruamel.yaml's C loader is the reference: on every record file (the curated ones and the
record told over) the Rust loader must give exactly its data, types included, and read the
file itself (not stand aside); on odd scalars (YAML 1.1 and 1.2 booleans, octal-looking
numbers, dates, underscores, infinities) and odd documents, :func:`load_yaml` must give what
ruamel gives, or fail as it fails. The property tests draw scalars from the pieces on which
YAML loaders disagree and documents that ruamel writes in every style.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from csto.errors import CstoError, RecordError
from csto.io import fastyaml
from csto.io.limits import load_yaml
from csto.io.recordfiles import builtin_files, parse_texts

pytestmark = pytest.mark.skipif(fastyaml.yaml_rs is None, reason="yaml-rs is not installed")


def _same(a: Any, b: Any, path: str = "") -> str | None:
    """Where ``a`` and ``b`` differ (type, keys, their order, or value), or None."""
    if type(a) is not type(b):
        where = path or "(the document)"
        return f"{where}: {type(a).__name__} {a!r:.60} vs {type(b).__name__} {b!r:.60}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)!r:.80} vs {list(b)!r:.80}"
        for key in a:
            if (found := _same(a[key], b[key], f"{path}.{key}")) is not None:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if (found := _same(x, y, f"{path}[{i}]")) is not None:
                return found
        return None
    if isinstance(a, float) and math.isnan(a):
        return None if math.isnan(b) else f"{path}: nan vs {b!r}"
    return None if a == b else f"{path}: {a!r:.60} vs {b!r:.60}"


def _ruamel(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    with monkeypatch.context() as patch:
        patch.setattr(fastyaml, "yaml_rs", None)
        return _outcome(text)


def _outcome(text: str) -> tuple[str, Any]:
    try:
        return "data", load_yaml("case.yaml", text, fast=True)
    except CstoError as exc:
        return "refused", type(exc).__name__


def _assert_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    reference, ours = _ruamel(text, monkeypatch), _outcome(text)
    assert reference[0] == ours[0], f"{text!r}: ruamel {reference}, now {ours}"
    if reference[0] == "data":
        assert _same(reference[1], ours[1]) is None, f"{text!r}: {_same(reference[1], ours[1])}"
    else:
        assert reference[1] == ours[1], text


def _record_files() -> Iterator[tuple[str, str]]:
    from bench.scaled import scaled_texts

    yield from builtin_files()
    for name, text in scaled_texts(2):
        yield f"{name} (told twice)", text


@pytest.fixture(scope="module")
def record_files() -> list[tuple[str, str]]:
    return list(_record_files())


def test_every_record_file_reads_alike(
    record_files: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    read_by_rust = 0
    for name, text in record_files:
        reference = _ruamel(text, monkeypatch)
        assert reference[0] == "data", name
        ours = fastyaml.load(text)
        aliased = "&" in text and "*" in text  # checked by ruamel's parser for the limits
        if not aliased:
            assert ours is not fastyaml.STOOD_ASIDE, f"{name}: {fastyaml.unsure(text)}"
            read_by_rust += 1
            assert _same(reference[1], ours) is None, f"{name}: {_same(reference[1], ours)}"
        assert _same(reference[1], load_yaml(name, text, fast=True)) is None, name
    assert read_by_rust >= len(record_files) - 4


def test_the_record_is_the_same_with_either_loader(
    record_files: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSTO_CACHE_DIR", "")
    curated = [(name, text) for name, text in record_files if "told" not in name]
    told_twice = [(name, text) for name, text in record_files if "told" in name]
    ours = [parse_texts(curated), parse_texts(told_twice)]
    assert len(ours[1].events) == 2 * len(ours[0].events)
    monkeypatch.setattr(fastyaml, "yaml_rs", None)
    assert [parse_texts(curated), parse_texts(told_twice)] == ours


#: (YAML, whether yaml-rs reads it itself): YAML 1.1 against 1.2, numbers, dates, quoting,
#: and every construct the screen stands aside for
CASES = [
    ("a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: True\nh: TRUE\ni: NO\nj: Yes\n", True),
    ("a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\n", True),
    ("a: 017\nb: 09\nc: +12\nd: -0\ne: 0\nf: 123456789012345678901234567890\ng: 12:30\n", True),
    ("a: 0o17\nb: 0O17\nc: 0x1F\nd: 0b101\n", False),
    ("a: 1_000\n", False),
    ("a: _1\n", False),
    ("a: 1.5\nb: 1e3\nc: 1E3\nd: 1.\ne: 6.8523015e+5\nf: -1.5\ng: 1e400\nh: 0.\n", True),
    ("a: .5\n", False),
    ("a: .inf\nb: -.Inf\nc: .nan\nd: .NaN\ne: .iNf\nf: .nAn\n", False),
    ("a: inf\nb: nan\nc: INF\n", True),
    ("a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10 -5\n", True),
    ("d: 2002-1-1\ne: 1992-05\nf: 1992\ng: '2001-12-14'\n2001-01-01: key\n", True),
    ("a: 'it''s'\nb: \"\\t\\\"q\\\"\"\nc: |\n  one\n  two\nd: >\n  folded\n  text\n", False),
    ("e: |-\n  strip\nf: >+\n  keep\n\n", False),
    ("g: plain\n  multi\n  line\nh: 'multi\n  line'\nj: é ü 中\n", True),
    ("1: a\nyes: b\n~: c\n1.5: d\n'1': e\n", True),
    ("a: [1, 2, {b: c, d: [e]}]\nb: {x: 1, y: 'z'}\nc: []\nd: {}\n", True),
    ('{"a": 1, "b": [true, false, null], "c": "x", "d": 1.5e3}', True),
    ("a: [b: c]\n", True),
    ("a: [x: y: z]\n", False),
    ("a: [12:30]\n", False),
    ("a: !!str 123\nb: !!int '5'\n", False),
    ("a: !!binary aGVsbG8=\n", False),
    ("a: !foo bar\n", False),
    ("a:\n  <<: {b: 1}\n  c: 2\n", False),
    ("? a\n? b\n", False),
    ("? [a, b]\n: c\n", False),
    ("a: &x 1\nb: *x\n", False),
    ("a: &x 1\n", False),
    ("- : v\n", False),
    ("%YAML 1.1\n---\na: yes\nb: 017\n", False),
    ("---\na: 1\n...\n", False),
    ("a: 1\n---\nb: 2\n", False),
    ('a: "\\u00e9 \\x41"\n', False),
    ('a: "\\ud83d\\ude00"\n', False),
    ("a:\tb\n", False),
    ('a: "\x07"\n', False),
    ("a: b\x85c\n", False),
    ("a: b\u2028c\n", False),
    ("a: 1\na: 2\n", True),
    ("1: a\n1.0: b\n", True),
    ("1: a\ntrue: b\n", True),
    ("a: " + "9" * 5000 + "\n", False),
    ("a: b: c\n", True),
    ("a:\n  b: 1\n c: 2\n", True),
    ("", True),
    ("# nothing\n", True),
    ("- 1\n- a\n", True),
    ("hello\n", True),
    ("a: https://x.org/a_1/0x1?q=1&r=2\nb: x.5 and a_1 or 10o7 in prose\n", True),
    ("c: Taylor & Francis\n", True),
    ("a: why? because > 1 | 2 @ `x`\n", True),
    ("a: [why?]\n", False),
]


@pytest.mark.parametrize(("text", "read_by_rust"), CASES)
def test_odd_yaml_reads_as_ruamel_reads_it(
    text: str, read_by_rust: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_alike(text, monkeypatch)
    reason = fastyaml.unsure(text)
    if read_by_rust:
        assert reason is None
    elif reason is None:  # the screen let it through: yaml-rs must refuse it itself
        assert fastyaml.load(text) is fastyaml.STOOD_ASIDE, text


def test_without_yaml_rs_ruamel_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "yaml_rs", None)
    assert fastyaml.load("a: 1\n") is fastyaml.STOOD_ASIDE
    assert load_yaml("x.yaml", "a: 1\n", fast=True) == {"a": 1}
    assert fastyaml.loader_name() is None


def test_a_problem_found_after_a_fast_read_still_names_its_line() -> None:
    text = builtin_files()[0][1]
    assert fastyaml.unsure(text) is None or "&" in text
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("date:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f"{indent}date: 2010-13-45"
    broken = "\n".join(lines) + "\n"
    assert fastyaml.load(broken) is not fastyaml.STOOD_ASIDE
    with pytest.raises(RecordError) as info:
        parse_texts([("broken.yaml", broken)])
    lines_named = [p.line for p in info.value.problems if p.file == "broken.yaml"]
    assert at + 1 in lines_named, info.value.problems


_FIXTURE = [HealthCheck.function_scoped_fixture]  # monkeypatch is undone in each example
#: pieces of scalars on which YAML loaders disagree
_PIECES = [
    "0", "1", "9", ".", "+", "-", "_", "e", "E", "x", "X", "o", "O", "b", "B", ":", "inf",
    "Inf", "INF", "nan", "NaN", "nAn", "~", "null", "Null", "true", "True", "tRue", "false",
    "yes", "no", "on", "Off", "0x", "0o", "0b", "1_", ".5", "e+", "e-", "12", "00", "a", " ",
    "#", '"', "'", "\\", "!", "&", "*", "?", "|", ">", "[", "]", "{", "}", ",", "\n", "\n  ",
    "\n- ", "- ", ": ", "\t", "%", "@", "`", "é", "\u2028", "\x85", "\x07", "2001-01-01",
    "12:30", "<<", "---", "...",
]  # fmt: skip
_TEMPLATES = [
    "k: {}\n", "- {}\n", "{}: v\n", "k: [{}]\n", "k: {{a: {}}}\n", "{}", "a:\n  b: {}\n  c: 1\n",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=_FIXTURE)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8),
    template=st.sampled_from(_TEMPLATES),
)
def test_random_scalars_read_as_ruamel_reads_them(
    pieces: list[str], template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_alike(template.format("".join(pieces)), monkeypatch)


_scalars = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.text(st.sampled_from("0123456789._+-eExXoObB:ainfTrueFalsNl "), max_size=8),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates().map(dt.date.isoformat),
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=_FIXTURE)
@given(
    document=st.dictionaries(st.text(min_size=1, max_size=6), _documents, min_size=1, max_size=4),
    flow=st.sampled_from([False, True, None]),
    style=st.sampled_from([None, '"', "'"]),
    width=st.sampled_from([20, 80, 4096]),
)
def test_documents_written_in_any_style_read_as_ruamel_reads_them(
    document: dict[str, Any],
    flow: bool | None,
    style: str | None,
    width: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    writer = YAML(typ="safe", pure=True)
    writer.default_flow_style = flow
    writer.default_style = style  # type: ignore[assignment]
    writer.width = width
    buffer = io.StringIO()
    writer.dump(document, buffer)
    _assert_alike(buffer.getvalue(), monkeypatch)


@pytest.mark.parametrize("offset", [0, 1, 7, 1000, 2150, 2151, 4299])
def test_a_run_of_more_digits_than_python_reads_is_found_wherever_it_stands(
    offset: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys, "get_int_max_str_digits", lambda: 640)
    for run, found in ((640, False), (641, True), (2000, True)):
        text = "a: " + "x" * offset + "\nb: " + "7" * run + "\nc: " + "5 " * 700 + "\n"
        reason = fastyaml.unsure(text)
        assert (reason is not None and "digits" in reason) is found, (run, reason)
