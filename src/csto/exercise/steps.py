"""What each exercise move asks of the procedures and the law, and the runner that asks it.

A move is turned into the steps of csto's procedure machines (:mod:`csto.procedures`): the
Council's session (convened when the first agenda item opens; drafts proposed, positions
taken, adopted or dropped), a request for help (requested, consulted on, decided), a state's
membership (notice of withdrawal, an application, admission). Each step is judged by the law
on the in-game date, in a world made of the record up to the fork day, the facts the injects
added and what the other procedures emitted. A move the machines do not have but the law has
a rule for (an amendment: may this member put a draft?) is asked of the law directly.

If any step is refused, the whole move is refused and nothing is kept. With ``insist`` (the
chair's declaration, a member's notice) a move the law refuses is carried out as a
*departure*, recorded with the outcome, the article and the reason it breaks.

What each move asks is :data:`ASKS` (the docs' table is generated from it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from csto.errors import InternalError
from csto.exercise.play import DraftState, Play, StepRecord
from csto.law.actions import Action, Position
from csto.law.document import verdict_document
from csto.procedures import Judge, Move, Procedure, World
from csto.procedures import assistance as asst
from csto.procedures import membership as mem
from csto.procedures import session as ses
from csto.procedures.codec import header_to_data, procedure_from_data, step_to_data
from csto.procedures.registry import MACHINES
from csto.record.events import Event
from csto.state.model import State

__all__ = [
    "ACCEPTS",
    "ASKS",
    "LawAsk",
    "MachineStep",
    "NotTaken",
    "StagedWorld",
    "Taken",
    "run_steps",
]

#: what each move asks of the procedures and the law (moves not named ask nothing)
ASKS: dict[str, str] = {
    "open_item": "the first time: session convene (convene_session)",
    "table": "session propose (propose_decision)",
    "amend": "the law: propose_decision",
    "position": "session position (take_position)",
    "declare_adopted": (
        "session adopt (adopt_decision); an assistance draft also assistance decide "
        "(deploy_force with forces, decide_assistance with material help) or send_mission "
        "(decide_assistance); an admission draft membership admit (accede)"
    ),
    "declare_blocked": "session drop (adopt_decision)",
    "request_assistance": "assistance request (request_assistance)",
    "consult": "assistance consult (request_assistance)",
    "give_notice": "membership notify_withdrawal (notify_withdrawal)",
    "apply": "membership apply (accede)",
    "end": "session close (no rule: the machine's guard only)",
}
#: what the law may answer for a move asked of it directly
ACCEPTS = frozenset({"permitted", "required"})


class StagedWorld(World):
    """A world whose ``staged`` events (the injects' facts, other procedures' events) count
    on every day, as a procedure's own events do: they happened in the game already."""

    def __init__(self, base: World, staged: Sequence[Event]) -> None:
        self.events = base.events
        self.instruments = base.instruments
        self._latest = base._latest
        self.staged = tuple(staged)

    def state_before(self, day: dt.date, own: Any = ()) -> State:
        return super().state_before(day, (*self.staged, *own))


@dataclass(frozen=True, slots=True)
class MachineStep:
    """One move of one procedure (``opening``: the procedure is opened with it first)."""

    procedure: str
    machine: str
    move: Move
    opening: Move | None = None


@dataclass(frozen=True, slots=True)
class LawAsk:
    """An action asked of the law directly (for a move no machine has)."""

    action: Action


@dataclass(frozen=True, slots=True)
class Taken:
    steps: tuple[StepRecord, ...] = ()
    asked: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class NotTaken:
    """A step refused: why (the machine's guard or the law), and the verdict when the law
    refused."""

    reasons: tuple[str, ...]
    verdicts: tuple[dict[str, Any], ...] = ()
    by_law: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def run_steps(
    play: Play,
    plan: Sequence[MachineStep | LawAsk],
    *,
    world: World,
    judge: Judge,
    context: dict[str, Any],
) -> Taken | NotTaken:
    """Take every step of ``plan`` in order on copies of the procedures; all or nothing."""
    records: list[StepRecord] = []
    asked: list[dict[str, Any]] = []
    logs: dict[str, list[dict[str, Any]]] = {}
    new_events: dict[str, list[Event]] = {}

    def staged(but: str | None) -> list[Event]:
        out = list(play.staged(but))
        for pid, events in new_events.items():
            if pid != but:
                out.extend(events)
        return out

    for item in plan:
        if isinstance(item, LawAsk):
            state = StagedWorld(world, staged(None)).state_before(item.action.date)
            verdict = judge(state, item.action)
            doc = verdict_document(verdict, item.action)
            if verdict.outcome not in ACCEPTS:
                reason = next(
                    (r.applied for r in reversed(verdict.reasons) if r.article is not None),
                    verdict.reasons[-1].applied if verdict.reasons else "(no reason given)",
                )
                return NotTaken(
                    (f"the law says {verdict.outcome.replace('_', ' ')}: {reason}",),
                    (doc,),
                    by_law=True,
                )
            asked.append(doc)
            continue
        local = StagedWorld(world, staged(item.procedure))
        header = None
        log = logs.get(item.procedure) or play.procedures.get(item.procedure)
        if log:
            proc = procedure_from_data(log, "<exercise>")
        else:
            if item.opening is None:  # pragma: no cover - the planners open what they use
                raise InternalError(f"the procedure {item.procedure} is not open")
            proc = Procedure.open(
                MACHINES[item.machine], item.procedure, item.opening, world=local, context=context
            )
            header = header_to_data(proc)
            log = [header]
        step = proc.act(item.move, world=local, judge=judge)
        if step.refused:
            verdicts = (dict(step.judgement),) if step.judgement is not None else ()
            return NotTaken(step.problems, verdicts, by_law=step.verdict is not None)
        data = step_to_data(step)
        logs[item.procedure] = [*log, data]
        records.append(StepRecord(item.procedure, item.machine, data, header))
        new_events.setdefault(item.procedure, []).extend(step.events)
    return Taken(tuple(records), tuple(asked))


# --- the plans of the moves ----------------------------------------------------------------


def convene(play: Play, day: dt.date) -> list[MachineStep]:
    """The session's first step, if it has not been taken (the chair convenes the Council)."""
    if play.session in play.procedures:
        return []
    config = play.config
    chair = config.chair.state if config.chair is not None else None
    by = chair or config.fork.chair or next(m.state for m in config.fork.members)
    differs = chair is not None and chair != config.fork.chair
    return [
        MachineStep(
            play.session,
            "session",
            ses.Convene(date=day, by=by, extraordinary=True, chair=chair if differs else None),
            opening=ses.OpenSession(date=day),
        )
    ]


def propose(play: Play, day: dt.date, by: str, subject: str, question: str) -> MachineStep:
    return MachineStep(
        play.session,
        "session",
        ses.Propose(date=day, by=by, subject=subject, question=question),  # type: ignore[arg-type]
    )


def position(play: Play, day: dt.date, by: str, subject: str, stance: str) -> MachineStep:
    return MachineStep(
        play.session,
        "session",
        ses.TakeAPosition(date=day, by=by, position=stance, subject=subject),  # type: ignore[arg-type]
    )


def decide(
    play: Play, day: dt.date, draft: DraftState, insist: bool
) -> tuple[list[MachineStep], str | None]:
    """Adopting a draft: the session's adoption and, for an assistance or admission draft,
    the decision in its own procedure. Returns the plan, or a reason it cannot be made."""
    plan = [
        MachineStep(
            play.session, "session", ses.Adopt(date=day, subject=draft.subject, depart=insist)
        )
    ]
    positions = cast(dict[str, Position], dict(draft.positions))
    if draft.kind == "assistance":
        pid = _request_for(play)
        if pid is None:
            return [], "no request for assistance is before the Council; a member makes one first"
        if draft.form == "mission":
            move: Move = asst.SendMission(
                date=day,
                purpose=draft.text,
                positions=positions,
                depart=insist,
            )
        elif draft.form in ("forces", "material"):
            move = asst.Decide(
                date=day,
                measures=draft.text,
                force=draft.force if draft.form == "forces" else None,  # type: ignore[arg-type]
                positions=positions,
                depart=insist,
            )
        else:
            return plan, None
        plan.append(MachineStep(pid, "assistance", move))
    elif draft.kind == "admission":
        pid = next(
            (p for p, m in play.machines.items() if m == "membership" and _applied(play, p)),
            None,
        )
        if pid is None:
            return [], "no application to join is before the Council"
        plan.append(
            MachineStep(pid, "membership", mem.Admit(date=day, positions=positions, depart=insist))
        )
    return plan, None


def _request_for(play: Play) -> str | None:
    """The procedure of the open request for help (the latest one)."""
    for pid in reversed(list(play.requests.values())):
        return pid
    return None


def _applied(play: Play, pid: str) -> bool:
    log = play.procedures.get(pid, [])
    return bool(log) and log[-1].get("to") == "applied"


def drop(play: Play, day: dt.date, draft: DraftState) -> MachineStep:
    return MachineStep(play.session, "session", ses.Drop(date=day, subject=draft.subject))


def request(play: Play, day: dt.date, by: str, **fields: Any) -> MachineStep:
    pid = f"ex-assistance-{by.lower()}"
    return MachineStep(
        pid,
        "assistance",
        asst.Request(date=day, by=by, **fields),
        opening=asst.OpenAssistance(date=day) if pid not in play.procedures else None,
    )


def consult(play: Play, day: dt.date, topic: str | None) -> MachineStep | None:
    pid = _request_for(play)
    if pid is None:
        return None
    return MachineStep(pid, "assistance", asst.Consult(date=day, topic=topic))


def membership(play: Play, day: dt.date, code: str, move: Move) -> MachineStep:
    pid = f"ex-membership-{code.lower()}"
    opening = None if pid in play.procedures else mem.OpenMembership(date=day, state=code)
    return MachineStep(pid, "membership", move, opening=opening)


def close(play: Play, day: dt.date) -> list[MachineStep]:
    log = play.procedures.get(play.session)
    if not log or log[-1].get("to") in (None, "new", "closed"):
        return []
    return [MachineStep(play.session, "session", ses.Close(date=day))]


#: a move's plan builder: (play, day, ...) -> steps
Planner = Callable[..., list[MachineStep | LawAsk]]
