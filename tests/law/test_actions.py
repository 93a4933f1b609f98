"""Actions from data: every mistake names the field and the valid choices; data round-trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csto.codes import STATES
from csto.errors import InputError
from csto.io.lawfiles import load_actions
from csto.law.actions import (
    ACTIONS,
    POSITIONS,
    AdoptDecision,
    NotifyWithdrawal,
    action_from_data,
    action_to_data,
)


def _problems(data: object) -> str:
    with pytest.raises(InputError) as info:
        action_from_data(data)
    return "\n".join(str(p) for p in info.value.problems)


def test_unknown_action_lists_the_verbs() -> None:
    text = _problems({"action": "declare_war", "date": "2020-01-01"})
    assert "field 'action.action'" in text
    assert "request_assistance" in text
    assert "grant_partner_status" in text


def test_missing_action_name() -> None:
    assert "missing the action's name" in _problems({"date": "2020-01-01"})


def test_unknown_state_lists_the_parties() -> None:
    text = _problems({"action": "notify_withdrawal", "date": "2020-01-01", "by": "FRA"})
    assert "field 'action.by'" in text
    assert "'FRA' has never been a party" in text
    assert ", ".join(sorted(STATES)) in text


def test_missing_field_names_it() -> None:
    text = _problems({"action": "request_assistance", "date": "2020-01-01", "by": "ARM"})
    assert "field 'action.grounds'" in text
    assert "missing required field 'grounds'" in text


def test_bad_choice_lists_the_choices() -> None:
    text = _problems(
        {"action": "request_assistance", "date": "2020-01-01", "by": "ARM", "grounds": "x"}
    )
    assert "aggression, threat, unrest" in text


def test_bad_date_and_unknown_field_and_organ_together() -> None:
    text = _problems(
        {"action": "adopt_decision", "date": "2020-13-01", "organ": "NATO", "subject": "s", "x": 1}
    )
    assert "field 'action.date'" in text
    assert "field 'action.organ'" in text
    assert "unknown field 'x'" in text


def test_bad_position_and_unknown_voter() -> None:
    text = _problems(
        {
            "action": "adopt_decision",
            "date": "2020-01-01",
            "subject": "s",
            "positions": {"ARM": "maybe", "FRA": "support"},
        }
    )
    assert "field 'action.positions.ARM'" in text
    assert "'FRA' has never been a party" in text


def test_accession_is_open_to_any_state() -> None:
    action = action_from_data({"action": "accede", "date": "2026-01-01", "by": "SRB"})
    assert action.actor == "SRB"


def test_verbs_accept_dashes() -> None:
    action = action_from_data({"action": "notify-withdrawal", "date": "2026-01-01", "by": "KGZ"})
    assert isinstance(action, NotifyWithdrawal)


def test_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(
        "actions:\n"
        "  - {action: notify_withdrawal, date: 2026-01-01, by: KGZ}\n"
        "  - action: request_assistance\n"
        "    date: 2026-01-01\n"
        "    by: XXX\n"
        "    grounds: aggression\n"
    )
    with pytest.raises(InputError) as info:
        load_actions(path)
    problem = info.value.problems[0]
    assert problem.file == str(path)
    assert problem.line == 5
    assert problem.field == "actions[1].by"


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("action: accede\n  by: [KGZ\n")
    with pytest.raises(InputError) as info:
        load_actions(path)
    assert info.value.problems[0].line is not None


def test_json_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"action": "accede", "date": "2026-01-01", "by": "SRB"}')
    (action,) = load_actions(path)
    assert action.date == dt.date(2026, 1, 1)


_day = st.dates(min_value=dt.date(1992, 1, 1), max_value=dt.date(2040, 12, 31))
_member = st.sampled_from(sorted(STATES))


@given(
    day=_day,
    positions=st.dictionaries(_member, st.sampled_from(POSITIONS), max_size=9),
    question=st.sampled_from(["substantive", "procedural"]),
)
def test_round_trip(day: dt.date, positions: dict[str, str], question: str) -> None:
    action = AdoptDecision(date=day, subject="s", question=question, positions=positions)  # type: ignore[arg-type]
    assert action_from_data(action_to_data(action)) == action


def test_every_verb_has_a_docstring() -> None:
    for verb, cls in ACTIONS.items():
        assert (cls.__doc__ or "").strip(), verb


def test_days_outside_the_judged_range_are_refused() -> None:
    text = _problems({"action": "notify_withdrawal", "date": "9999-12-31", "by": "KGZ"})
    assert "field 'action.date'" in text
    assert "a day from 1900-01-01 to 2999-12-31" in text
    text = _problems(
        {
            "action": "notify_withdrawal",
            "date": "2026-01-01",
            "by": "KGZ",
            "effective": "0001-01-01",
        }
    )
    assert "field 'action.effective'" in text


def test_every_law_case_action_fits_the_generated_schema() -> None:
    import jsonschema

    from csto.io.lawfiles import load_cases
    from csto.law.actions import action_schema

    validator = jsonschema.Draft202012Validator(action_schema())
    for case in load_cases():
        errors = [e.message for e in validator.iter_errors(action_to_data(case.action))]
        assert not errors, (case.name, errors[:2])
