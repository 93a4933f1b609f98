"""The bots' parameters and the seats' briefings of a new exercise, from the simulation's
delegations and the record.

:func:`bot_model` takes, for the members on the fork day, the delegation parameters as
``csto.sim`` derives them (alignment from UN General Assembly votes with every other member,
with the crisis's attacker and with Russia; the regions shared; the accused member's
constraint) and the model's parameters at their means (the shipped calibration's where it has
them), each with its source. :func:`briefings_for` writes each seat's briefing: its status,
the instruments in force for it, its attendance at the Council, its place in the crisis, its
alignments, then the exercise file's own lines; every line cites its sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from csto.codes import label
from csto.exercise.config import BotModel, Briefing, BriefingLine, ExerciseSpec, Figure, Seat
from csto.record.events import SessionHeld
from csto.sim.models.scenario import Scenario
from csto.state.history import History

__all__ = ["bot_model", "briefings_for"]


# --- the bots' parameters, from the simulation's delegations ----------------------------------


def bot_model(
    spec: ExerciseSpec,
    scenario: Scenario | None,
    history: History,
    day: dt.date,
    states: list[str],
) -> BotModel | None:
    """The simulation's delegation and model parameters for the members on ``day`` (None when
    the sim extra is not installed: bots then abstain, and say why)."""
    policy = spec.absent_seats.bot
    try:
        from csto.io.simdata import agreement_table, load_draws, load_regions
        from csto.sim.models.delegations import delegations_for
        from csto.sim.models.parameters import prior_params
        from csto.sim.models.scenario import INTENSITY, Crisis
    except ImportError:  # pragma: no cover - the exercise extra installs numpy
        return BotModel(policy=policy, seed=spec.absent_seats.seed)
    table = agreement_table()
    regions = load_regions(history.record)
    draws = load_draws()
    model: dict[str, Figure] = {}
    for prior in prior_params():
        if scenario is not None and prior.name in scenario.model:
            s = scenario.model[prior.name]
            value = s.value if s.value is not None else float(s.a or 0.0)
            model[prior.name] = Figure(value, f"scenario: {s.source}")
        elif draws is not None and prior.name in draws.names:
            column = draws.values[:, draws.names.index(prior.name)]
            weights = draws.weights / draws.weights.sum()
            model[prior.name] = Figure(
                float((column * weights).sum()),
                f"calibration: weighted mean of the draws fitted on the episodes [{draws.receipt}]",
            )
        else:
            model[prior.name] = Figure(prior.dist.mean, str(prior.source))
    crisis = scenario.crisis if scenario else None
    overrides = scenario.delegations if scenario else None
    alignment: dict[str, dict[str, Figure]] = {s: {} for s in states}
    region: dict[str, dict[str, Figure]] = {s: {} for s in states}
    russia: dict[str, Figure] = {}
    missing: list[str] = []
    for requester in states:
        try:
            found = delegations_for(
                Crisis(requester=requester, kind="decision"),
                day,
                states,
                table=table,
                regions=regions,
                attendance={},
            )
        except KeyError as exc:
            missing.append(str(exc))
            continue
        for d in found:
            a = d.param("alignment_requester")
            alignment[d.state][requester] = Figure(a.dist.mean, str(a.source))
            r = d.param("region")
            region[d.state][requester] = Figure(r.dist.mean, str(r.source))
            ru = d.param("alignment_russia")
            russia[d.state] = Figure(ru.dist.mean, str(ru.source))
    attacker_alignment: dict[str, Figure] = {}
    constraint: dict[str, Figure] = {}
    attacker = crisis.state_attacker if crisis else None
    if crisis is not None:
        try:
            found = delegations_for(
                crisis,
                day,
                states,
                table=table,
                regions=regions,
                attendance={},
                overrides=overrides,
            )
            for d in found:
                p = d.param("alignment_attacker")
                attacker_alignment[d.state] = Figure(p.dist.mean, str(p.source))
                c = d.param("constraint")
                constraint[d.state] = Figure(c.dist.mean, str(c.source))
        except KeyError as exc:
            missing.append(str(exc))
    if missing:
        return BotModel(policy=policy, seed=spec.absent_seats.seed)
    return BotModel(
        policy=policy,
        seed=spec.absent_seats.seed,
        intensity=INTENSITY[crisis.intensity] if crisis else INTENSITY["medium"],
        attacker=attacker,
        model=model,
        alignment=alignment,
        attacker_alignment=attacker_alignment,
        russia=russia,
        region=region,
        constraint=constraint,
    )


# --- briefings ---------------------------------------------------------------------------------


def briefings_for(
    spec: ExerciseSpec,
    scenario: Scenario | None,
    state: Any,
    members: Mapping[str, Any],
    seats: list[Seat],
    bots: BotModel | None,
    history: History,
    day: dt.date,
) -> tuple[Briefing, ...]:
    out = []
    crisis = scenario.crisis if scenario else None
    attendance = _attendance(history, day)
    for seat in seats:
        lines: list[BriefingLine] = []
        code = seat.state
        if seat.role == "chair" and code:
            lines.append(
                BriefingLine(
                    f"You chair the Council for {label(code)}: you open and close the agenda "
                    "items, give the floor, put drafts to the Council and declare them adopted "
                    "or not. The seat of your state votes for it.",
                    tuple(state.chair_state.events)
                    if state.chair_state and state.chair_state.state == code
                    else ("exercise: the chair is set by the exercise's configuration",),
                )
            )
        if seat.role == "member" and code:
            m = members[code]
            lines.append(
                BriefingLine(
                    f"{label(code)} is a {m.status.replace('_', ' ')} on {day} (since {m.since}).",
                    tuple(m.events),
                )
            )
            lines += _instrument_lines(state, code)
            if code in attendance:
                present, absent, events = attendance[code]
                lines.append(
                    BriefingLine(
                        f"At the Council's sessions the record names before {day}, "
                        f"{label(code)} was present at {present} and absent from {absent}.",
                        events[:6],
                    )
                )
            if crisis is not None:
                lines += _crisis_lines(code, crisis, scenario, bots)
        if seat.role == "guest" and code:
            lines.append(
                BriefingLine(
                    f"{label(code)} is not a member on {day}: it may speak, write and apply to "
                    "join; it does not vote.",
                    tuple(state.former_members[code].events)
                    if code in state.former_members
                    else (),
                )
            )
        lines += list(spec.briefings.get(seat.seat, ()))
        if lines:
            out.append(Briefing(seat.seat, tuple(lines)))
    return tuple(out)


def _instrument_lines(state: Any, code: str) -> list[BriefingLine]:
    out = []
    for iid in ("CRRF-AGREEMENT-2009", "PEACEKEEPING-AGREEMENT-2007", "CST-PROTOCOL-2010"):
        ins = state.instruments.get(iid)
        if ins is None or not ins.in_force:
            continue
        yes = code in ins.in_force_for
        out.append(
            BriefingLine(
                f"{iid}: the record has it in force for {', '.join(ins.in_force_for)}"
                + ("" if yes else f", not (or not yet known) for {label(code)}")
                + "; ratifications the record lacks are not counted.",
                tuple(ins.events),
            )
        )
    return out


def _crisis_lines(
    code: str, crisis: Any, scenario: Scenario | None, bots: BotModel | None
) -> list[BriefingLine]:
    refs = tuple(s.ref for s in scenario.sources) if scenario else ()
    out = []
    if code == crisis.requester:
        out.append(
            BriefingLine(
                f"Your state asks the members for help ({crisis.grounds}"
                + (f"; attacker: {crisis.attacker}" if crisis.attacker else "")
                + ").",
                refs,
            )
        )
    if crisis.state_attacker == code:
        out.append(
            BriefingLine(
                "Your state is the one accused of the attack; the simulation's delegations "
                "assume a member so accused objects to any measure against itself.",
                refs,
            )
        )
    if (
        bots is not None
        and code != crisis.requester
        and crisis.requester in bots.alignment.get(code, {})
    ):
        f = bots.alignment[code][crisis.requester]
        out.append(
            BriefingLine(
                f"In the UN General Assembly your state voted as {label(crisis.requester)} did "
                f"on a share {f.value:.3f} of the roll calls (the bots' alignment).",
                (f.source,),
            )
        )
    if bots is not None and code in bots.russia and code != "RUS":
        f = bots.russia[code]
        out.append(
            BriefingLine(
                f"In the UN General Assembly your state voted as Russia did on a share "
                f"{f.value:.3f} of the roll calls.",
                (f.source,),
            )
        )
    if bots is not None and code in bots.region and crisis.requester in bots.region[code]:
        f = bots.region[code][crisis.requester]
        if code != crisis.requester:
            shared = "shares" if f.value else "does not share"
            out.append(
                BriefingLine(
                    f"{label(code)} {shared} {label(crisis.requester)}'s region of collective "
                    "security.",
                    (f.source,),
                )
            )
    return out


def _attendance(history: History, day: dt.date) -> dict[str, tuple[int, int, tuple[str, ...]]]:
    present: dict[str, int] = {}
    absent: dict[str, int] = {}
    events: dict[str, list[str]] = {}
    for e in history.record.events:
        if isinstance(e, SessionHeld) and e.organ == "CSC" and e.date.latest < day:
            for c in e.present:
                present[c] = present.get(c, 0) + 1
                events.setdefault(c, []).append(e.id)
            for c in e.absent:
                absent[c] = absent.get(c, 0) + 1
                events.setdefault(c, []).append(e.id)
    return {c: (present.get(c, 0), absent.get(c, 0), tuple(reversed(events[c]))) for c in events}
