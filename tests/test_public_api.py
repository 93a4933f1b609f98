"""A small public surface, guarded: csto.__all__ is exactly the public API."""

from __future__ import annotations

import datetime as dt

import csto

PUBLIC = {"CstoError", "__version__", "ask", "exercise", "load", "power", "simulate"}


def test_all_is_exactly_the_public_api() -> None:
    assert set(csto.__all__) == PUBLIC
    assert len(csto.__all__) == len(PUBLIC)


def test_every_public_name_exists() -> None:
    for name in csto.__all__:
        assert hasattr(csto, name), name


def test_no_other_public_names_leak() -> None:
    leaked = {
        n
        for n in vars(csto)
        if not n.startswith("_") and n not in PUBLIC and n not in {"annotations", "TYPE_CHECKING"}
    }
    # subpackages imported by the interpreter appear as attributes; they are not API
    leaked -= {"errors", "codes", "record", "state", "io", "cli", "store", "law", "procedures"}
    leaked -= {"cases", "web", "sim"}
    leaked -= {"web"}  # imported by the web tests at collection
    assert not leaked


def test_load_answers_on_a_date() -> None:
    history = csto.load()
    state = history.on(dt.date(2012, 12, 20))
    assert state.date == dt.date(2012, 12, 20)


def test_ask_answers_with_a_verdict() -> None:
    verdict = csto.ask({"action": "notify_withdrawal", "by": "KGZ", "date": "2026-08-31"})
    assert verdict.outcome == "permitted"
    # six months counted back from the withdrawal date (the Charter's reported wording)
    assert [e.on for e in verdict.effects if e.on] == [dt.date(2027, 3, 1)]


def test_power_answers_for_the_council_and_for_a_weighted_game() -> None:
    report = csto.power("2024-06-01")
    law = report.results[0]
    assert law.indices.players == ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")
    assert str(law.indices.act) == "1/64"
    eec = csto.power(weights={"FRA": 4, "DEU": 4, "ITA": 4, "BEL": 2, "NLD": 2, "LUX": 1}, quota=12)
    assert str(eec.results[0].indices.of("shapley_shubik", "FRA")) == "7/30"
