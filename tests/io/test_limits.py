"""The bounded readers of csto.io.limits: size, nesting, aliases, UTF-8, surrogates, numbers.

Each limit is tried just under and just over, and the error must name the limit and how
to raise it; the shipped record (which uses a few YAML aliases) must still load.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.errors import InputError, LimitError, Problem, preview
from csto.io import limits
from csto.io.limits import Limits, load_json, load_yaml, read_text
from csto.io.recordfiles import builtin_files

pytestmark = pytest.mark.hostile


def _bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fast", [True, False])
def test_an_alias_bomb_is_refused_at_once(fast: bool) -> None:
    with pytest.raises(LimitError) as info:
        load_yaml("bomb.yaml", _bomb(9), fast=fast)
    (problem,) = info.value.problems
    assert "alias bomb" in problem.message
    assert problem.line == 5  # a4: where the expansion passes 100,000 nodes
    assert problem.fix
    assert "instead of aliasing" in problem.fix


@pytest.mark.parametrize("fast", [True, False])
def test_aliases_within_the_limit_still_load(fast: bool) -> None:
    data = load_yaml("ok.yaml", _bomb(3), fast=fast)  # 1,000 leaves: fine
    assert len(data["a3"]) == 10
    assert data["a3"][0][0] == data["a1"]


@pytest.mark.parametrize("text", ["&a [*a]\n", "a: &a\n  b: *a\n", "&a {k: [*a]}\n"])
def test_an_alias_to_its_own_node_is_refused(text: str) -> None:
    for fast in (True, False):
        with pytest.raises(LimitError, match="aliases refused") as info:
            load_yaml("loop.yaml", text, fast=fast)
        assert "contains it" in info.value.problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        "[" * 65 + "]" * 65,
        "[" * 100_000 + "]" * 100_000,
        "".join(" " * (2 * i) + "a:\n" for i in range(70)) + " " * 140 + "x\n",
        "- " * 70 + "x\n",
        '{"a":' * 70 + "1" + "}" * 70,
    ],
    ids=["flow-65", "flow-100000", "block-70", "compact-70", "json-70"],
)
@pytest.mark.parametrize("fast", [True, False])
def test_nesting_over_the_limit_is_refused_before_parsing(text: str, fast: bool) -> None:
    with pytest.raises(LimitError) as info:
        load_yaml("deep.yaml", text, fast=fast)
    (problem,) = info.value.problems
    assert problem.expected == "at most 64 levels of nesting"
    assert problem.fix
    assert "--max-depth" in problem.fix
    assert "CSTO_MAX_DEPTH" in problem.fix
    assert problem.line is not None


@pytest.mark.parametrize("fast", [True, False])
def test_nesting_at_the_limit_loads(fast: bool) -> None:
    assert load_yaml("ok.yaml", "[" * 64 + "]" * 64, fast=fast) is not None
    block = "".join(" " * (2 * i) + "a:\n" for i in range(63)) + " " * 126 + "x\n"
    assert load_yaml("ok.yaml", block, fast=fast) is not None


def test_a_raised_depth_limit_reads_deeper() -> None:
    text = "[" * 100 + "]" * 100
    assert load_yaml("ok.yaml", text, limits=Limits(max_depth=128)) is not None
    assert load_json("ok.json", text, limits=Limits(max_depth=128)) is not None


def test_the_shipped_record_files_pass_every_check() -> None:
    for name, text in builtin_files():
        assert load_yaml(name, text, fast=True) is not None
        assert load_yaml(name, text) is not None


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(LimitError) as info:
        read_text(path, limits=Limits(max_file_bytes=1024))
    (problem,) = info.value.problems
    assert problem.message == "larger than the limit of 1 KiB"
    assert problem.got == "2 KiB"
    assert problem.fix
    assert "--max-file-mb" in problem.fix
    assert "CSTO_MAX_FILE_MB" in problem.fix
    assert read_text(path, limits=Limits(max_file_bytes=2048)) == "x" * 2048


def test_a_stream_without_a_size_is_cut_at_the_limit() -> None:
    with pytest.raises(LimitError, match="more than 1 KiB"):
        read_text("/dev/zero", limits=Limits(max_file_bytes=1024))


def test_invalid_utf8_is_named_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"events:\n  - id: caf\xe9\n")
    with pytest.raises(InputError) as info:
        read_text(path)
    (problem,) = info.value.problems
    assert (problem.line, "column 12" in problem.message) == (2, True)
    assert "0xe9" in problem.message


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text(path) == "a: 1\n"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"a": "\\ud800"}', "a"),
        ('{"a": [1, "x\\udfff"]}', "a[1]"),
        ('{"\\ud83d": 1}', "\\ud83d"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_the_field(text: str, field: str) -> None:
    with pytest.raises(InputError) as info:
        load_json("body", text)
    assert info.value.problems[0].field == field
    with pytest.raises(InputError) as again:
        load_yaml("file.yaml", text)
    assert again.value.problems[0].field == field


def test_a_surrogate_pair_is_a_character() -> None:
    assert load_json("body", '{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}


@pytest.mark.parametrize("text", ["1e999", "-1e999", "NaN", "Infinity", "9" * 5000])
def test_numbers_csto_cannot_hold_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="cannot read a value"):
        load_json("body", f'{{"n": {text}}}')


def test_a_yaml_number_too_long_to_read_is_located() -> None:
    with pytest.raises(InputError) as info:
        load_yaml("n.yaml", "a: 1\nb: " + "9" * 5000 + "\n", fast=True)
    assert info.value.problems[0].line == 2


def test_json_syntax_errors_keep_their_line_in_a_json_lines_file() -> None:
    with pytest.raises(InputError) as info:
        load_json("log.jsonl", '{"a": }', line=7)
    assert info.value.problems[0].line == 7


def test_errors_never_render_more_than_they_print() -> None:
    shared: list[object] = ["x"]
    for _ in range(40):  # 2**40 leaves if rendered in full
        shared = [shared, shared]
    assert len(preview(shared)) <= 60
    assert len(preview("y" * 10_000_000)) <= 60
    assert "digits" in preview(10**5000)
    problem = Problem("m" * 100_000, got="g" * 100_000)
    assert len(str(problem)) < 1000
    many = InputError("many", tuple(Problem(f"p{i}") for i in range(1000)))
    assert "950 more problem(s)" in str(many)


def test_the_cli_options_set_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("action: " + "[" * 80 + "]" * 80 + "\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["ask", str(path)])
    assert result.exit_code == 2
    assert "more than 64 levels" in result.output
    result = runner.invoke(cli, ["--max-depth", "100", "ask", str(path)])
    assert result.exit_code == 2  # read now, and refused as an action
    assert "more than 64 levels" not in result.output
    assert "action" in result.output
    result = runner.invoke(cli, ["ask", str(path)], env={"CSTO_MAX_DEPTH": "100"})
    assert "more than 64 levels" not in result.output
    big = tmp_path / "big.yaml"
    big.write_text("note: " + "x" * (2 * limits.MIB) + "\n")
    result = runner.invoke(cli, ["--max-file-mb", "1", "record", "validate", str(big)])
    assert result.exit_code == 2
    assert "the limit is 1 MiB" in result.output
    assert "--max-file-mb" in result.output
    runner.invoke(cli, ["record", "list", "--type", "Acceded"])  # defaults again
    assert limits.current() == Limits()


def test_the_cli_defaults_are_the_library_defaults() -> None:
    params = {p.name: p.default for p in cli.params}
    assert params["max_file_mb"] * limits.MIB == Limits().max_file_bytes
    assert params["max_depth"] == Limits().max_depth
