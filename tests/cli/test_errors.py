"""Errors at the command line: one table of exit codes, one line per problem, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.cli.errmap import EXIT_CODES, exit_code_for
from csto.errors import (
    ConcurrencyError,
    CstoError,
    ImportDataError,
    InputError,
    IntegrityError,
    InternalError,
    RecordError,
    RefusedError,
    StoreError,
    UnknownIdError,
)

BAD = Path(__file__).parent.parent / "record" / "bad"


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InputError("x"), 2),
        (RecordError("x"), 2),
        (UnknownIdError("x"), 2),
        (ImportDataError("x"), 2),
        (RefusedError("x"), 2),
        (ConcurrencyError("x"), 2),
        (StoreError("x"), 1),
        (IntegrityError("x"), 1),
        (InternalError("x"), 1),
        (CstoError("x"), 1),
    ],
)
def test_exit_codes_come_from_one_table(error: CstoError, code: int) -> None:
    assert exit_code_for(error) == code


def test_every_error_class_has_a_distinct_stable_code() -> None:
    import csto.errors as errors

    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, CstoError)]
    codes = [c.code for c in classes]
    assert len(set(codes)) == len(codes)
    assert all(c.code.startswith("E") and len(c.code) == 4 for c in classes)
    assert set(EXIT_CODES) <= set(classes)


def test_a_bad_record_file_exits_2_with_every_problem_and_no_traceback() -> None:
    result = CliRunner().invoke(cli, ["record", "validate", "--alone", str(BAD / "bad_state.yaml")])
    assert result.exit_code == 2
    assert "csto: bad input [E110]: the record has 2 problem(s)" in result.output
    assert "bad_state.yaml:9" in result.output
    assert "Traceback" not in result.output


def test_unknown_event_id_is_a_user_error_with_suggestions() -> None:
    result = CliRunner().invoke(cli, ["record", "show", "no-such-event"])
    assert result.exit_code == 2
    assert "[E120]: no event with id 'no-such-event'" in result.output


def test_internal_errors_exit_1_with_a_hint_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import csto.cli.state as state_cli

    def boom(_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(state_cli, "_history", boom)
    result = CliRunner().invoke(cli, ["state", "2000-01-01"])
    assert result.exit_code == 1
    assert "internal error [E900]: ZeroDivisionError: boom" in result.output
    assert "--debug" in result.output
    debug = CliRunner().invoke(cli, ["--debug", "state", "2000-01-01"])
    assert isinstance(debug.exception, ZeroDivisionError)


def test_version_and_help() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).output.startswith("csto, version ")
    assert "Usage: csto" in runner.invoke(cli, ["--help"]).output


def test_validating_a_shipped_file_by_path_does_not_count_it_twice() -> None:
    import csto.record

    shipped = sorted((Path(csto.record.__file__).parent / "data").glob("*.yaml"))[0]
    result = CliRunner().invoke(cli, ["record", "validate", str(shipped)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")
