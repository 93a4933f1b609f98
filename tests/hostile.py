"""Hostile inputs, shared by the hostile-input suite (``pytest -m hostile``).

What an attacker or a careless user feeds csto's readers: payloads (values put into an
otherwise well-formed document at a field of the test's choosing) and whole documents
(alias bombs, nesting thousands deep, invalid UTF-8, wrong top-level types). Each is named
by its *kind*; ``docs/hardening.md`` has one row per kind (:func:`table`, written by
``scripts/hardening_docs.py`` and checked by ``tests/test_hardening_doc.py``, which also
checks that every test a row names exists). Hypothesis strategies draw from them; the
named documents and payloads are the ones every run tries.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from hypothesis import strategies as st

__all__ = [
    "CLI_READERS",
    "DOCUMENTS",
    "KINDS",
    "PAYLOADS",
    "Kind",
    "deadline",
    "documents",
    "payloads",
    "table",
]


#: the command-line readers of a user's file the suite feeds (tests/cli/test_hostile.py)
CLI_READERS = (
    "record validate",
    "ask",
    "law test",
    "session show",
    "session act",
    "record coverage --gaps",
    "power --weights",
    "store import",
)
_CLI = "the CLI's file readers (" + ", ".join(CLI_READERS) + ")"
_ASK = "POST /api/ask"


@dataclass(frozen=True)
class Kind:
    """One kind of hostile input or fault: what is tried, where, what must hold, and the
    tests (``module::function``) that try it."""

    name: str
    what: str
    where: str
    holds: str
    tests: tuple[str, ...]


_LOGS = "tests/io/test_procedurelogs.py"
_CLI_DOCS = (
    "tests/cli/test_hostile.py::test_every_hostile_document_is_an_input_error",
    "tests/cli/test_hostile.py::test_hostile_documents_after_a_well_formed_start",
)
_CLI_PAYLOADS = (
    "tests/cli/test_hostile.py::test_every_payload_kind_at_the_first_field",
    "tests/cli/test_hostile.py::test_payloads_anywhere_in_a_well_formed_file",
)
_STORE = "tests/store/contract.py::EventStoreContract"
_WEB_FUZZ = (
    "tests/web/test_hostile.py::test_every_payload_at_every_field_of_an_action",
    "tests/web/test_hostile.py::test_payloads_nested_anywhere_in_an_action",
)

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "deep nesting",
            "JSON or YAML nested 65 to 100,000 deep (flow, block, compact, objects)",
            f"{_CLI}; {_ASK}",
            "refused before any parser recurses (E150, 413 on the web), naming the line and "
            "--max-depth; no crash",
            (
                "tests/io/test_limits.py::test_nesting_over_the_limit_is_refused_before_parsing",
                *_CLI_DOCS,
                *_CLI_PAYLOADS,
                "tests/web/test_hostile.py::test_every_hostile_document_as_a_body",
            ),
        ),
        Kind(
            "alias bomb",
            "YAML aliases expanding a 1 kB file to 10^9 nodes; an alias to its own node",
            f"{_CLI}; {_ASK}",
            "refused while reading the parser's events (E150), in milliseconds; the shipped "
            "record's few aliases still load",
            (
                "tests/io/test_limits.py::test_an_alias_bomb_is_refused_at_once",
                "tests/io/test_limits.py::test_an_alias_to_its_own_node_is_refused",
                *_CLI_DOCS,
                "tests/web/test_hostile.py::test_every_hostile_document_as_a_body",
            ),
        ),
        Kind(
            "invalid UTF-8",
            "bytes that are not UTF-8 (0xff, a truncated sequence)",
            f"{_CLI}; {_ASK}",
            "refused naming line and column (E100, 400)",
            (
                "tests/io/test_limits.py::test_invalid_utf8_is_named_by_line_and_column",
                *_CLI_DOCS,
                "tests/web/test_hostile.py::test_the_cases_once_answered_500",
            ),
        ),
        Kind(
            "lone surrogate",
            'half a surrogate pair escaped in JSON or YAML ("\\ud800"), in a value or a key',
            f"{_CLI}; {_ASK}",
            "refused naming the field (E100, 400); never a 500 while writing the answer",
            (
                "tests/io/test_limits.py::test_a_lone_surrogate_is_refused_naming_the_field",
                *_CLI_PAYLOADS,
                *_WEB_FUZZ,
            ),
        ),
        Kind(
            "huge number",
            "1e999, -1e999, NaN, Infinity, a whole number of 5,000 digits",
            f"{_CLI}; {_ASK}",
            "refused naming the file, line or field (E100, 400), or a type error on the field",
            (
                "tests/io/test_limits.py::test_numbers_csto_cannot_hold_are_refused",
                *_CLI_PAYLOADS,
                *_WEB_FUZZ,
            ),
        ),
        Kind(
            "far year",
            "days past 2999 or before 1900 (3000-01-01, 9999-12-31, 10000-01-01, 0001-01-01)",
            f"{_CLI}; {_ASK}; date options; query values of the pages and the API",
            "refused naming the field or option (E100/E110/E130, exit 2, 400)",
            (
                *_CLI_PAYLOADS,
                *_WEB_FUZZ,
                "tests/web/test_hostile.py::test_hostile_query_values",
                "tests/cli/test_defects.py::test_the_chair_forecast_refuses_days_outside_the_range",
                "tests/cli/test_defects.py::"
                "test_a_procedure_move_dated_past_2999_is_refused_and_writes_nothing",
            ),
        ),
        Kind(
            "wrong type",
            "a number, text, null, a list where a mapping is expected and the reverse, at "
            "every field and at the top",
            f"{_CLI}; {_ASK}",
            "refused naming the field (E100/E110/E140, 400)",
            (
                *_CLI_DOCS,
                *_CLI_PAYLOADS,
                *_WEB_FUZZ,
                "tests/web/test_hostile.py::test_the_cases_once_answered_500",
            ),
        ),
        Kind(
            "too large",
            "a file over --max-file-mb (also /dev/zero); a request body over --max-body-kb, "
            "declared or streamed",
            f"{_CLI}; every web request",
            "refused before parsing (E150, 413), naming the limit and how to raise it",
            (
                "tests/cli/test_hostile.py::test_a_file_over_the_size_limit_is_refused_by_every_reader",
                "tests/io/test_limits.py::test_a_stream_without_a_size_is_cut_at_the_limit",
                "tests/web/test_hostile.py::test_a_body_over_the_limit_is_refused_before_it_is_read",
                "tests/web/test_hostile.py::test_a_streamed_body_over_the_limit_is_cut",
            ),
        ),
        Kind(
            "empty",
            "an empty file, a comment only, an empty list of actions",
            f"{_CLI}",
            "refused: nothing to read is an input error (exit 2), never a silent success",
            (
                *_CLI_DOCS,
                "tests/cli/test_defects.py::test_an_empty_record_file_is_an_error",
                "tests/cli/test_defects.py::test_an_action_file_with_nothing_to_judge_is_an_error",
            ),
        ),
        Kind(
            "terminal escapes",
            "ESC sequences, C1 controls and bidirectional overrides in a log or an option",
            "session show and act; every error message at the command line",
            "shown as visible escapes (\\x1b); the data is kept as written",
            (
                "tests/cli/test_defects.py::test_session_show_never_passes_terminal_escapes_through",
                "tests/cli/test_defects.py::test_error_messages_escape_what_the_input_said",
            ),
        ),
        Kind(
            "hostile HTTP",
            "a body not declared as JSON, HEAD, a forged Host header, a bug in a route",
            "every web request",
            "415 naming content-type; HEAD answered as GET without a body; redirects name "
            "no host; a bug is a 500 problem document (E900) without internals; security "
            "headers on every answer, errors included",
            (
                "tests/web/test_hostile.py::test_the_body_must_be_declared_as_json",
                "tests/web/test_hostile.py::test_head_is_answered_like_get_without_a_body",
                "tests/web/test_hostile.py::test_redirects_never_name_the_host_the_request_gave",
                "tests/web/test_hostile.py::test_a_bug_is_a_problem_document_with_the_headers",
            ),
        ),
        Kind(
            "streams and pipes",
            "/dev/zero and a named pipe nobody writes to, given as the file",
            "every reader of a user's file: the CLI's file readers, record coverage --gaps, "
            "power --weights, sim run, exercise new, store --key-file",
            "a stream is cut one byte past --max-file-mb (E150), a pipe without a writer "
            "reads as empty (exit 2), never a hang; a procedure log must be a regular file",
            (
                "tests/cli/test_streams.py::"
                "test_a_stream_is_cut_at_the_limit_and_an_unwritten_pipe_reads_empty",
            ),
        ),
        Kind(
            "moves at once",
            "three 'session act' processes on one log at once: three different moves, and "
            "the same move three times; a log held past the wait",
            "procedure logs (csto <procedure> act)",
            "taken one after the other under the log's lock, each judged on the steps "
            "before it: the same move succeeds once, the others are refused (exit 2); a "
            "log held too long is a concurrency error (E210); the log loads, chained",
            (
                f"{_LOGS}::test_moves_made_at_once_are_taken_one_after_the_other",
                f"{_LOGS}::test_the_same_move_made_at_once_succeeds_once",
                f"{_LOGS}::test_a_log_held_too_long_is_a_concurrency_error",
            ),
        ),
        Kind(
            "killed writer",
            "a writer killed (SIGKILL) half-way through writing, before its rename, and at "
            "random moments of a move",
            "procedure logs (csto <procedure> act)",
            "the log is the old one or the new one, whole (written beside it and renamed "
            "over it); what a killed writer left is removed by the next move",
            (
                f"{_LOGS}::test_a_writer_killed_while_writing_leaves_the_log_whole",
                f"{_LOGS}::test_writers_killed_at_random_moments_never_leave_a_broken_log",
            ),
        ),
        Kind(
            "hand-edited log",
            "a vote by a state that had left, a changed outcome or event, a changed start, "
            "a line changed or its link removed, no final newline, line separators in a note",
            "procedure logs (every rebuild: act and show)",
            "every step taken again under the law: the first that differs is named by step, "
            "line and field (E100); the hash chain names a changed line; a missing final "
            "newline is added before the next step; lines split on newlines only",
            (
                "tests/procedures/test_audit.py::test_a_vote_by_a_state_that_had_left_is_named",
                "tests/procedures/test_audit.py::test_a_changed_outcome_is_named_by_its_field",
                "tests/procedures/test_audit.py::"
                "test_a_changed_start_and_a_different_profile_are_named",
                f"{_LOGS}::test_the_chain_names_a_line_changed_by_hand",
                f"{_LOGS}::test_a_log_written_before_the_chain_is_read_and_chained_on",
                f"{_LOGS}::test_a_log_saved_without_a_final_newline_gets_one",
                f"{_LOGS}::test_a_note_with_a_line_separator_is_kept_in_its_line",
            ),
        ),
        Kind(
            "cut tail",
            "the last rows of the log deleted behind csto's back (triggers dropped)",
            "the event store (memory, SQLite, PostgreSQL)",
            "found by verify from the head record, without a head kept by hand; an append "
            "onto the cut log is refused and writes nothing",
            (
                f"{_STORE}.test_a_cut_tail_is_found_by_the_head_record",
                f"{_STORE}.test_an_append_onto_a_cut_log_is_refused_and_writes_nothing",
                "tests/store/test_cli.py::test_a_cut_tail_is_found_without_a_noted_head",
            ),
        ),
        Kind(
            "rewritten chain",
            "a row changed and every hash after it recomputed; the head record rewritten "
            "too, without the key",
            "the event store",
            "the head record's hash differs; a head rewritten to match has a signature that "
            "does not hold (or none); nothing is signed over it",
            (
                f"{_STORE}.test_a_rewritten_chain_is_found_by_the_head_record",
                f"{_STORE}.test_a_rewritten_chain_and_head_are_found_by_the_signature",
                f"{_STORE}.test_seal_signs_an_unsigned_store_that_verifies_and_no_other",
                "tests/store/test_cli.py::test_a_keyless_writer_is_reported_by_a_keyed_verify",
            ),
        ),
        Kind(
            "REPLACE",
            "SQLite's REPLACE and INSERT OR REPLACE, INSERT ... ON CONFLICT DO UPDATE (both "
            "databases), over events and idempotency keys",
            "the event store's schema",
            "refused by the schema's triggers (append-only), nothing changed",
            (f"{_STORE}.test_rows_cannot_be_rewritten_by_inserting_over_them",),
        ),
        Kind(
            "idempotency keys",
            "a key's digest changed, a key pointed at another batch, a key deleted",
            "the event store",
            "verify checks every key against the events it names (stream, versions, the "
            "batch's digest recomputed) and the head record's count and chain of keys",
            (
                f"{_STORE}.test_an_altered_idempotency_key_is_named",
                f"{_STORE}.test_a_key_pointed_at_another_batch_is_named",
                f"{_STORE}.test_a_removed_idempotency_key_is_found",
            ),
        ),
        Kind(
            "read-only commands",
            "store verify, info, export on an empty file, a missing file, an older store",
            "csto store; the SQLite and PostgreSQL adapters opened with create=False",
            "nothing written (the file's bytes unchanged, no schema made, no migration); "
            "exit 2 naming the place (E320)",
            (
                "tests/store/test_cli.py::test_read_only_commands_never_write",
                "tests/store/test_cli.py::"
                "test_an_older_store_is_verified_read_only_and_upgraded_by_init",
                "tests/store/test_sqlite.py::TestSQLiteStore.test_a_read_only_handle_never_writes",
                "tests/store/test_postgres.py::TestPostgresStore."
                "test_a_read_only_handle_never_writes",
            ),
        ),
    )
}


def table() -> str:
    """The Markdown table of ``docs/hardening.md``: one row per kind."""
    lines = [
        "| Kind | What is tried | Where | What holds | Tests |",
        "|---|---|---|---|---|",
    ]
    for k in KINDS.values():
        tests = "<br>".join(f"`{t.split('::')[1].split('.')[-1]}`" for t in k.tests)
        lines.append(f"| {k.name} | {k.what} | {k.where} | {k.holds} | {tests} |")
    return "\n".join(lines) + "\n"


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
