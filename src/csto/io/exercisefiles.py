"""Read exercise files and resolve an exercise against the record, with every problem located
(file, line, field, what was expected, how to fix it); a file with any problem creates
nothing.

An exercise file is a scenario file of ``csto sim`` with an ``exercise:`` block beside
``scenario:`` (which may also be a shipped scenario's id); :func:`fork_spec` makes the block
for an exercise forked on a date with no scenario. :func:`resolve` turns a block into the
:class:`~csto.exercise.config.ExerciseConfig` the exercise runs on: the seats from the
members on the day (their statuses from the record), the chair, the facts of the fork day,
the bots' parameters from the simulation's delegations, and a briefing per seat (generated
from the record and the delegations' parameters, plus the file's own lines, each sourced).

The ready exercises ship in ``csto/exercise/library/*.yaml``.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csto.codes import label
from csto.errors import InputError, Problem
from csto.exercise.config import (
    AgendaItem,
    ExerciseConfig,
    ExerciseSpec,
    ForkFacts,
    MemberFact,
    Seat,
    decode_spec,
    line_of,
)
from csto.io.exercisebriefs import bot_model, briefings_for
from csto.io.lawfiles import parse_yaml
from csto.io.limits import read_text
from csto.law.engine import Engine
from csto.law.lawcases import state_before
from csto.record.codec import Decoder
from csto.sim.models.scenario import Scenario, ScenarioDecoder, decode_scenario
from csto.sim.models.variants import parse_variant
from csto.state.history import History
from csto.state.statuses import VOTES

__all__ = [
    "LIBRARY",
    "ExerciseFile",
    "fork_spec",
    "library_files",
    "load_exercise_file",
    "resolve",
    "resolve_exercise",
]

MAX_FILE_BYTES = 1_000_000
LIBRARY = "csto.exercise"
_URL = re.compile(r"^https?://\S+$")
#: the member statuses that get a seat at the Council's table
SEATED = frozenset({*VOTES, "participation_frozen"})


def library_files() -> list[Path]:
    """The ready exercises shipped with csto."""
    root = importlib.resources.files(LIBRARY) / "library"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".yaml"))


def resolve_exercise(name: str | Path) -> Path:
    """An exercise file: ``name`` itself, or the ready exercise with that id."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml", ".json") or path.exists():
        return path
    for file in library_files():
        if file.stem == str(name):
            return file
    known = ", ".join(f.stem for f in library_files())
    raise InputError(
        f"no exercise file or ready exercise {str(name)!r}",
        (Problem("unknown exercise", field="exercise", expected=f"a path or one of {known}"),),
    )


@dataclass(frozen=True)
class ExerciseFile:
    """A file read: the exercise block, the scenario (if any), where it came from."""

    spec: ExerciseSpec
    scenario: Scenario | None
    path: str
    doc: Any


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path} is {size:,} bytes; exercise files are at most {MAX_FILE_BYTES:,}",
                (Problem("file too large", file=str(path)),),
            )
        return read_text(path)  # bounded: a stream (no size) too; UTF-8 located
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read {path}: {exc}",
            (Problem(f"cannot read: {exc}", file=str(path), fix="check the path"),),
        ) from None


def load_exercise_file(name: str | Path, history: History, engine: Engine) -> ExerciseFile:
    """The file's exercise block and scenario, decoded and the scenario checked; InputError
    listing every problem otherwise."""
    path = resolve_exercise(name)
    label_ = str(path)
    doc = parse_yaml(label_, _read(path))
    decoder = ScenarioDecoder(label_)
    if not isinstance(doc, Mapping) or "exercise" not in doc or set(doc) - {"exercise", "scenario"}:
        decoder.problem(
            "an exercise file holds 'exercise:' (and 'scenario:', a scenario or a shipped "
            "scenario's id)",
            line=line_of(doc),
            field="exercise",
            expected="exercise: {id: ..., title: ..., about: ..., agenda: [...]}",
            fix="put the exercise's fields under a top-level 'exercise:' key",
        )
        raise InputError(f"the exercise file {label_} has problems", tuple(decoder.problems))
    spec = decode_spec(decoder, doc["exercise"], doc["exercise"], "exercise")
    scenario = None
    raw = doc.get("scenario")
    if isinstance(raw, str):
        scenario = _shipped_scenario(raw, decoder, doc, history, engine)
    elif raw is not None:
        scenario = decode_scenario(decoder, {"scenario": raw})
        if scenario is not None and not decoder.problems:
            _check_scenario(decoder, {"scenario": raw}, scenario, history, engine)
    if decoder.problems or spec is None:
        raise InputError(f"the exercise file {label_} has problems", tuple(decoder.problems))
    return ExerciseFile(spec, scenario, label_, doc)


def _shipped_scenario(
    name: str, decoder: Decoder, doc: Any, history: History, engine: Engine
) -> Scenario | None:
    from csto.io.scenariofiles import builtin_scenario_files

    for file in builtin_scenario_files():
        if file.stem == name:
            sdoc = parse_yaml(str(file), _read(file))
            sdecoder = ScenarioDecoder(str(file))
            scenario = decode_scenario(sdecoder, sdoc)
            if scenario is not None and not sdecoder.problems:
                _check_scenario(sdecoder, sdoc, scenario, history, engine)
            decoder.problems.extend(sdecoder.problems)
            return scenario
    known = ", ".join(f.stem for f in builtin_scenario_files())
    decoder.problem(
        f"no shipped scenario {name!r}",
        line=line_of(doc, "scenario"),
        field="scenario",
        expected=f"one of {known}, or a scenario mapping",
    )
    return None


def _check_scenario(
    decoder: Decoder, doc: Any, scenario: Scenario, history: History, engine: Engine
) -> None:
    """The simulation's own checks, where they need no UN data (the bots say what they lack)."""
    from csto.sim.models.scenario import ScenarioContext, check_scenario
    from csto.sim.models.variants import VARIANTS

    record = history.record

    def known_ref(ref: str) -> bool:
        if record.has_event(ref):
            return True
        try:
            record.source(ref)
        except KeyError:
            return False
        return True

    state = state_before(history, scenario.date)
    ctx = ScenarioContext(
        members={code: m.status for code, m in state.members.items()},
        profiles=frozenset(engine.catalogue.profiles),
        variants=frozenset(v for v in VARIANTS if ":" not in v),
        known_ref=known_ref,
        has_data=lambda code: True,
    )
    check_scenario(decoder, doc, scenario, ctx)


def fork_spec(
    day: dt.date,
    *,
    exercise_id: str,
    title: str | None = None,
    items: tuple[str, ...] = (),
    minutes: int | None = None,
    profile: str | None = None,
    variant: str = "consensus",
    bots: tuple[str, ...] = (),
    empty: tuple[str, ...] = (),
    observers: int = 0,
) -> ExerciseSpec:
    """The exercise block of an exercise forked on ``day`` with no file: the agenda from
    ``items`` (titles), every member played by a person unless named in ``bots``/``empty``."""
    agenda = tuple(
        AgendaItem(id=f"item-{i}", title=t, minutes=minutes) for i, t in enumerate(items, 1)
    ) or (AgendaItem(id="item-1", title="General business", minutes=minutes),)
    seats: dict[str, Any] = dict.fromkeys(bots, "bot")
    seats.update(dict.fromkeys(empty, "empty"))
    return ExerciseSpec(
        id=exercise_id,
        title=title or f"The Council on {day.isoformat()}",
        about=f"The Collective Security Council as it stood on {day.isoformat()}, from the record.",
        date=day,
        profile=profile,
        variant=variant,
        seats=seats,
        observers=observers,
        agenda=agenda,
    )


# --- resolving -----------------------------------------------------------------------------


class _Problems:
    def __init__(self, file: str, doc: Any) -> None:
        self.file, self.doc = file, doc
        self.found: list[Problem] = []

    def add(self, path: tuple[str | int, ...], message: str, **kw: str) -> None:
        node: Any = self.doc
        key: Any = None
        for step in ("exercise", *path):
            if isinstance(node, Mapping | list):
                try:
                    parent, node = node, node[step]  # type: ignore[index]
                    key = step
                except (KeyError, IndexError, TypeError):
                    break
        line = None
        if key is not None:
            line = line_of(parent, key)
        field = "exercise" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        self.found.append(Problem(message, file=self.file, line=line, field=field, **kw))


def resolve(
    spec: ExerciseSpec,
    scenario: Scenario | None,
    history: History,
    engine: Engine,
    *,
    file: str = "<exercise>",
    doc: Any = None,
) -> ExerciseConfig:
    """The configuration the exercise runs on (see the module docstring); InputError listing
    every problem otherwise."""
    bad = _Problems(file, doc)
    day = spec.date or (scenario.date if scenario else None)
    if day is None:
        bad.add(("date",), "the exercise needs a day to fork the organization on", fix="add 'date'")
        raise InputError(f"the exercise {spec.id} has problems", tuple(bad.found))
    profile = spec.profile or (scenario.rules.profile if scenario else "default")
    if profile not in engine.catalogue.profiles:
        bad.add(
            ("profile",),
            f"unknown profile {profile!r}",
            expected="one of " + ", ".join(sorted(engine.catalogue.profiles)),
        )
    try:
        variant = parse_variant(spec.variant)
        if variant.add or variant.remove or variant.rule.startswith("file:"):
            bad.add(
                ("variant",),
                f"{spec.variant!r}: an exercise plays the members of its day under one counting "
                "rule; membership changes and variant files are for 'csto sim'",
                expected="consensus, minus-parties, majority, silence or k-of-n:K",
            )
    except ValueError as exc:
        bad.add(("variant",), str(exc), expected="consensus, majority, silence or k-of-n:K")
    if scenario is not None and (scenario.membership.add or scenario.membership.remove):
        bad.add(
            (),
            f"the scenario {scenario.id} changes the membership of its day; an exercise plays "
            "the members the record has (membership variants are for 'csto sim')",
            fix="use a scenario without 'membership:'",
        )
    state = state_before(history, day)
    members = {c: m for c, m in state.members.items() if m.status in SEATED}
    chair_record = state.chair_state
    chair = spec.chair or (chair_record.state if chair_record else None)
    if chair is None:
        bad.add(("chair",), f"the record knows no chair of the Council on {day}", fix="add 'chair'")
    elif chair not in members:
        bad.add(("chair",), f"{chair} has no seat at the Council on {day}")
    for code in spec.seats:
        if code not in members:
            bad.add(
                ("seats", code),
                f"{code} has no seat at the Council on {day}",
                expected="one of " + ", ".join(sorted(members)),
            )
    for i, code in enumerate(spec.guests):
        if code in members:
            bad.add(("guests", i), f"{code} is a member on {day}, not a guest")
    ids = [i.id for i in spec.agenda]
    if len(set(ids)) != len(ids):
        bad.add(("agenda",), "two agenda items have the same id")
    for i, item in enumerate(spec.agenda):
        if item.minutes is not None and not 1 <= item.minutes <= 24 * 60:
            bad.add(("agenda", i, "minutes"), "minutes must be from 1 to 1440")
    injects = _check_injects(spec, history, day, bad)
    if spec.observers < 0 or spec.observers > 50:
        bad.add(("observers",), "from 0 to 50 observers")
    seats = [Seat("facilitator", "facilitator")]
    if chair is not None:
        seats.append(Seat("chair", "chair", chair))
    seats += [Seat(c, "member", c, spec.seats.get(c, "human")) for c in sorted(members)]
    seats += [Seat(c, "guest", c) for c in spec.guests]
    seats += [Seat(f"observer-{n}", "observer") for n in range(1, spec.observers + 1)]
    seat_ids = {s.seat for s in seats}
    record = history.record
    for code, lines in spec.briefings.items():
        if code not in seat_ids:
            bad.add(("briefings", code), f"{code} is not a seat of this exercise")
        for j, line in enumerate(lines):
            for ref in line.sources:
                if not (_URL.match(ref) or _known(record, ref)):
                    bad.add(
                        ("briefings", code, j),
                        f"{ref!r} names no record event or source, and is not a URL",
                    )
            if not line.sources:
                bad.add(("briefings", code, j), "a briefing line must cite its sources")
    for i, src in enumerate(spec.sources):
        if not (_URL.match(src.ref) or _known(record, src.ref)):
            bad.add(("sources", i), f"{src.ref!r} names no record event or source, nor a URL")
    if bad.found:
        raise InputError(f"the exercise {spec.id} has problems", tuple(bad.found))
    fork = _fork_facts(history, day, state, members)
    agenda = spec.agenda or (_default_item(scenario),)
    crisis = scenario.crisis if scenario else None
    bots = bot_model(spec, scenario, history, day, sorted(members))
    briefings = briefings_for(spec, scenario, state, members, seats, bots, history, day)
    return ExerciseConfig(
        id=spec.id,
        title=spec.title,
        about=spec.about,
        date=day,
        profile=profile,
        variant=spec.variant,
        seats=tuple(seats),
        fork=fork,
        agenda=agenda,
        absent_seats=spec.absent_seats,
        floor=spec.floor,
        facilitator_sees_private=spec.facilitator_sees_private,
        injects=injects,
        briefings=briefings,
        crisis=crisis,
        history=scenario.history if scenario else None,
        episode=scenario.episode if scenario else None,
        scenario=scenario.id if scenario else None,
        bots=bots,
        sources=(*spec.sources, *(scenario.sources if scenario else ())),
    )


def _known(record: Any, ref: str) -> bool:
    if record.has_event(ref):
        return True
    try:
        record.source(ref)
    except KeyError:
        return False
    return True


def _default_item(scenario: Scenario | None) -> AgendaItem:
    if scenario is None:
        return AgendaItem(id="item-1", title="General business")
    c = scenario.crisis
    what = "request for help" if c.kind == "assistance" else "draft decision"
    return AgendaItem(id="item-1", title=f"{label(c.requester)}'s {what}", about=scenario.title)


def _check_injects(spec: ExerciseSpec, history: History, day: dt.date, bad: _Problems) -> Any:
    """Each prepared inject's facts decode as record events, dated from the fork day on, with
    ids the record does not use; returns the injects with their events as plain data."""
    out = []
    ids: set[str] = set()
    for i, inject in enumerate(spec.injects):
        if inject.id in ids:
            bad.add(("injects", i, "id"), f"two injects are called {inject.id!r}")
        ids.add(inject.id)
        if inject.date is not None and inject.date < day:
            bad.add(("injects", i, "date"), f"{inject.date} is before the fork day {day}")
        if inject.kind != "facts" and inject.events:
            bad.add(("injects", i, "events"), "only a 'facts' inject changes the record's facts")
        decoder = Decoder(bad.file)
        events = []
        for j, raw in enumerate(inject.events):
            event = decoder.event(raw, f"exercise.injects[{i}].events[{j}]")
            if event is None:
                continue
            if history.record.has_event(event.id):
                bad.add(("injects", i, "events", j), f"the record has an event {event.id!r}")
            if event.date.earliest < day:
                bad.add(("injects", i, "events", j), f"{event.id} is dated before the fork day")
            events.append(plain_event(event))
        bad.found.extend(decoder.problems)
        out.append(
            type(inject)(
                inject.id,
                inject.kind,
                inject.title,
                inject.text,
                inject.date,
                tuple(events),
                inject.sources,
            )
        )
    return tuple(out)


def plain_event(event: Any) -> dict[str, Any]:
    from csto.record.codec import to_data

    out: dict[str, Any] = to_data(event)
    return out


def _fork_facts(
    history: History, day: dt.date, state: Any, members: Mapping[str, Any]
) -> ForkFacts:
    chair = state.chair_state
    sg = state.secretary
    events: set[str] = set()
    for m in state.members.values():
        events.update(m.events)
    if chair:
        events.update(chair.events)
    if sg:
        events.update(sg.events)
    in_force = {}
    for iid, ins in sorted(state.instruments.items()):
        if ins.in_force:
            in_force[iid] = tuple(ins.in_force_for)
            events.update(ins.events)
    set_aside = sum(1 for e in history.events if e.date.earliest >= day)
    return ForkFacts(
        date=day,
        members=tuple(MemberFact(c, m.status, m.since) for c, m in sorted(state.members.items())),
        chair=chair.state if chair else None,
        chair_head=chair.head if chair else None,
        secretary_general=sg.name if sg else None,
        secretary_state=sg.state if sg else None,
        instruments=in_force,
        events=tuple(sorted(events)),
        set_aside=set_aside,
    )
