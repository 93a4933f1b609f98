"""YAML parsed by a Rust loader (``yaml-rs``) where it is sure to give what ruamel.yaml gives.

ruamel.yaml's C parser hands every node to a Python constructor and every scalar to a
Python resolver: a few thousand record events per second. ``yaml-rs`` (saphyr's YAML 1.2
parser, PyPI ``yaml-rs``) builds the same plain data (dicts, lists, str, int, float, bool,
None) in Rust, about fifteen times faster. csto's record files are YAML 1.2 read with
ruamel's safe loader and dates kept as text, and both loaders agree on them exactly (a
test compares them over every record file, the curated ones and the record told 100 times
over). Where they could disagree, this module stands aside and ruamel.yaml reads the text
as before, so the data never depends on which loader ran:

- **numbers that only one of them reads as numbers**: underscores next to digits
  (``1_000``, ``_1``), a scalar starting with a dot (``.5``, ``.NaN``, ``.iNf``) and the
  radix prefixes ``0o``, ``0x``, ``0b`` (``0O17`` is text to ruamel, 15 to yaml-rs);
- **tags** (``!!binary``, ``!!omap``, ``!foo``), **merge keys** (``<<``), **escapes**
  ``\\x``, ``\\u``, ``\\U`` (surrogate pairs), **directives and document markers**
  (several documents are a list to yaml-rs, an error to ruamel), **complex keys** (``?``);
- **characters ruamel refuses** (control characters, C1, U+2028/9, U+FFFE/F, lone surrogates)
  and whole numbers longer than Python reads (ruamel refuses them, yaml-rs does not);
- anything yaml-rs refuses (tabs where ruamel allows them, say): ruamel then decides.

The screen errs towards standing aside (a URL with ``_1`` in it costs nothing: only a
scalar *starting* like a number counts); the property tests in ``tests/io`` hold it to
ruamel on random scalars and random documents. Aliases and deep nesting never reach here:
:func:`csto.io.limits.load_yaml` checks those with ruamel's parser first. Duplicate keys
are refused by both. When ``yaml-rs`` is not installed (it has wheels for CPython only),
:func:`load` always stands aside.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from types import ModuleType
from typing import Any

yaml_rs: ModuleType | None
try:
    import yaml_rs
except ImportError:  # pragma: no cover - a platform without its wheels: ruamel reads all
    yaml_rs = None

__all__ = ["STOOD_ASIDE", "load", "loader_name", "unsure"]

#: what :func:`load` returns when it leaves the text to ruamel.yaml
STOOD_ASIDE: Any = object()

# each pattern opens with a literal character, so that the regular expression engine skips
# to it at C speed; what follows checks where it stands (most candidates are not scalars)
_UNDERSCORE = re.compile(r"_(?:(?<=[0-9.+\-]_)|(?=[0-9.]))")
_RADIX = re.compile(r"0[oOxXbB]")
_DOT = re.compile(r"\.(?=[0-9A-Za-z_])(?:(?<=[\s\[{,:]\.)|(?<=[\s\[{,:][-+]\.))")
_TAG = re.compile(r"!(?<=[\s\[{,]!)")
#: an indicator opening a node (after ': ', '- ', a flow bracket or comma, or indentation):
#: an anchor, a block scalar, a reserved character
_INDICATORS = tuple(
    (
        ord(c),
        re.compile(rf"{e}(?:(?<=[:\-\[{{,] {e})|(?<=[\[{{,\n]{e})|(?<=  {e}))"),
    )
    for c, e in ((c, re.escape(c)) for c in "&|>@`")
)
#: a colon right after a line's indentation or a dash: an empty key (what comes before the
#: colon is looked at first: after most colons, a key's, comes a space)
_EMPTY_KEY = re.compile(r":(?<=[\n -]:)(?=[ \r\n]|$)")
#: what a one-line flow collection of plain words and quoted text is made of
_SIMPLE_FLOW = re.compile(
    r"(?:[\[\]{}, ]|: |\"[^\"\\\n]*\"|'[^'\n]*'|[^\W_][\w .()/+\-]*)*(?:[ ]#[^\n]*)?"
)
_QUOTED = re.compile(r"\"[^\"\\\n]*\"|'[^'\n]*'")
#: in a flow collection (each quoted text made a NUL): an empty key, a collection as a
#: key, a quote glued to a word
_FLOW_ODD = re.compile(r"[\[{,] *:|[\]}] *:|[^\s\[{,:]\0|\0[^\s\]},:]")
_QUESTION = re.compile(r"\?(?=[ \t\r\n])")
_ESCAPE = re.compile(r"\\[xuU]")
_MARKER = re.compile(rb"\n(?:---|\.\.\.)")
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_LINE_SEPARATORS = re.compile(rb"\xe2\x80[\xa8\xa9]")
_NONCHARACTERS = re.compile(rb"\xef\xbf[\xbe\xbf]")
_TAB = 9
#: bytes ruamel.yaml refuses in a text (C0 controls but tab and line ends, DEL)
_CONTROL_BYTES = frozenset([*range(0, 9), 11, 12, *range(14, 0x20), 0x7F])
#: the bytes looked for apart; every other byte is common and dropped in one pass
_RARE_BYTES = frozenset([_TAB, *_CONTROL_BYTES, *b"!?&|>@`%\\<[{", 0xC2, 0xE2, 0xEF])
_COMMON_BYTES = bytes(b for b in range(256) if b not in _RARE_BYTES)
_NUMERIC_START = re.compile(r"[-+]?[0-9._]")
#: every ASCII digit to "0", every other byte to a space: long runs of digits found as "000..."
_DIGITS_AS_ZEROS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_BOUNDARY = " \t\r\n[]{},"


def loader_name() -> str | None:
    """The Rust loader and its version, or None when it is not installed."""
    if yaml_rs is None:
        return None
    return f"yaml-rs {metadata.version('yaml-rs')}"


def _token_start(text: str, at: int) -> int:
    """Where the whitespace- or flow-delimited token holding ``text[at]`` starts."""
    start = at
    while start > 0 and text[start - 1] not in _BOUNDARY:
        start -= 1
    return start


def _simple_flows(text: str) -> bool:
    """Whether every flow collection in ``text`` opens and closes on its line and holds only
    plain words and quoted text (ruamel.yaml, a YAML 1.1 scanner, refuses colons, question
    marks and other indicators inside flow scalars that yaml-rs, for YAML 1.2, accepts)."""
    lines: set[int] = set()
    for bracket in "[{":
        at = text.find(bracket)
        while at != -1:
            line_start = text.rfind("\n", 0, at) + 1
            lines.add(line_start)
            line_end = text.find("\n", at)
            at = -1 if line_end == -1 else text.find(bracket, line_end)
    for line_start in lines:
        line_end = text.find("\n", line_start)
        line = text[line_start : len(text) if line_end == -1 else line_end].rstrip(" \r")
        for at, char in enumerate(line):
            if char not in "[{":
                continue
            before = line[:at].rstrip(" ")
            if before.strip(" -") and not before.endswith((":", "-")):
                continue  # a bracket inside a scalar's text
            segment = line[at:]
            if (
                segment.count("[") != segment.count("]")
                or segment.count("{") != segment.count("}")
                or not _SIMPLE_FLOW.fullmatch(segment)
                or _FLOW_ODD.search(_QUOTED.sub("\0", segment))
            ):
                return False
            break
    return True


def unsure(text: str) -> str | None:
    """Why yaml-rs and ruamel.yaml might read ``text`` differently, or None when they agree."""
    return _screen(text)[0]


def _screen(text: str) -> tuple[str | None, bytes]:
    """:func:`unsure`'s answer, and the text as UTF-8 (what yaml-rs is given)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return "a lone surrogate", b""
    return _unsure(text, data), data


def _too_many_digits(data: bytes) -> bool:
    """Whether ``data`` holds a run of more digits than Python reads as a whole number."""
    longest = sys.get_int_max_str_digits()
    if not longest or len(data) <= longest:
        return False
    # a run of longest + 1 >= 2 * step digits holds two neighbours among the bytes taken
    # every step bytes: where no two neighbours are digits, there is no such run
    step = (longest + 1) // 2
    if b"00" not in data[step - 1 :: step].translate(_DIGITS_AS_ZEROS):
        return False
    return b"0" * (longest + 1) in data.translate(_DIGITS_AS_ZEROS)


def _unsure(text: str, data: bytes) -> str | None:
    if text.startswith("\ufeff"):
        return "a byte order mark"
    # one pass keeps the rare characters; only those present are looked for
    rare = set(data.translate(None, _COMMON_BYTES))
    if rare & _CONTROL_BYTES:
        return "a control character"
    if _TAB in rare:
        return "a tab (ruamel.yaml and yaml-rs allow them in different places)"
    head = text.lstrip(" \r\n")
    if head.startswith(("---", "...", "%", "!", "?", ":", "&", "|", ">", "@", "`")):
        return "a directive, a document marker, or an indicator at the start"
    if _MARKER.search(data) or (ord("%") in rare and "\n%" in text):
        return "a directive or a document marker"
    if ord("<") in rare and "<<" in text:
        return "a merge key"
    if ord("\\") in rare and _ESCAPE.search(text):
        return "a \\x or \\u escape"
    if ord("!") in rare and _TAG.search(text):
        return "a tag"
    if ord("?") in rare:
        for match in _QUESTION.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if not text[line_start : match.start()].strip(" -[{,"):
                return "a complex key"
    for char, indicator in _INDICATORS:
        if char in rare and indicator.search(text):
            return "an anchor, a block scalar or a reserved indicator"
    for match in _EMPTY_KEY.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not text[line_start : match.start()].strip(" -"):
            return "an empty key"
    if (ord("[") in rare or ord("{") in rare) and not _simple_flows(text):
        return "a flow collection beyond plain words and quoted text on one line"
    if _DOT.search(text) or head.lstrip("+-").startswith("."):
        return "a scalar starting with a dot"
    for match in _RADIX.finditer(text):
        start = _token_start(text, match.start())
        if text[start:].lstrip("+-").startswith(match.group()):
            return "a number with a radix prefix"
    for match in _UNDERSCORE.finditer(text):
        if _NUMERIC_START.match(text, _token_start(text, match.start())):
            return "a number-like scalar with an underscore"
    if _too_many_digits(data):
        return "more digits in a row than Python reads as a whole number"
    if not text.isascii():
        if 0xC2 in rare and _C1.search(data):
            return "a C1 control character"
        if 0xE2 in rare and _LINE_SEPARATORS.search(data):
            return "a line or paragraph separator"
        if 0xEF in rare and _NONCHARACTERS.search(data):
            return "a non-character"
    return None


def load(text: str) -> Any:
    """The data yaml-rs reads from ``text`` (dates kept as text, duplicate keys refused), or
    :data:`STOOD_ASIDE` when ruamel.yaml should read it instead."""
    if yaml_rs is None:
        return STOOD_ASIDE
    why, data = _screen(text)
    if why is not None:
        return STOOD_ASIDE
    try:
        return yaml_rs.load(
            data,
            parse_datetime=False,
            encoding="utf-8",
            encoder_errors="strict",
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    # whatever yaml-rs refuses, or fails on, ruamel.yaml reads again and reports in its own
    # words, with the file and line: nothing is lost by standing aside
    except Exception:
        return STOOD_ASIDE
