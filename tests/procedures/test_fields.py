"""The moves share the actions' field surface: one declaration per field gives the command
line's options, the JSON Schema and the decoder, and every move a replay makes is valid under
the schema and reads back as itself."""

from __future__ import annotations

import jsonschema
import pytest

from csto.law.fields import specs
from csto.procedures import MACHINES
from csto.procedures.codec import move_from_data, move_schema, move_to_data
from tests.procedures.episodes import EPISODES, Episode


@pytest.mark.parametrize("episode", EPISODES, ids=[e.name for e in EPISODES])
def test_every_replayed_move_fits_the_schema_and_reads_back(episode: Episode) -> None:
    validator = jsonschema.Draft202012Validator(move_schema(episode.machine))
    for move in (episode.opening, *episode.moves):
        data = move_to_data(move)
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (move.verb, errors[:2])
        assert move_from_data(episode.machine, data) == move


def test_every_move_field_is_declared_with_help() -> None:
    for machine in MACHINES.values():
        jsonschema.Draft202012Validator.check_schema(move_schema(machine))
        for cls in (machine.opening, *(t.move for t in machine.transitions)):
            for spec in specs(cls):
                assert spec.help.strip(), f"{machine.kind} {cls.verb}: {spec.name} has no help"
