"""The kinds of fact the coverage report checks, and how to find each kind's items.

Each :class:`Kind` knows the items a complete record would hold (computed from the record
where it can tell, e.g. each instrument's signatories, or listed here where only outside
knowledge can, e.g. the crises the Organization was asked about) and which events hold each
one. :mod:`csto.state.coverage` puts them together with the declared gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from csto.record import events as ev
from csto.record.record import Record
from csto.state.history import History

__all__ = [
    "BODIES",
    "CRISES",
    "KINDS",
    "OPERATIONS",
    "PARTNERS",
    "POSITIONS",
    "RATIFIABLE_KINDS",
    "SG_MANDATE_YEARS",
    "UNGA_SESSIONS",
    "Gap",
    "GapStatus",
    "Item",
    "ItemStatus",
    "Kind",
    "sg_vacancies",
]

GapStatus = Literal["missing", "not_held"]
ItemStatus = Literal["recorded", "missing", "not_held", "undeclared"]

#: Instrument kinds that states ratify (or approve, or accede to) under their own law.
RATIFIABLE_KINDS = frozenset({"treaty", "charter", "protocol", "agreement"})


@dataclass(frozen=True, slots=True)
class Gap:
    """Items of one kind that the record lacks, with what was searched for them."""

    kind: str
    items: tuple[str, ...]
    status: GapStatus
    searched: str
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One thing a complete record would hold, and the events (if any) that hold it."""

    key: str
    label: str
    events: tuple[str, ...] = ()
    gap: Gap | None = None

    @property
    def status(self) -> ItemStatus:
        if self.events:
            return "recorded"
        if self.gap is None:
            return "undeclared"
        return self.gap.status

    @property
    def stale(self) -> bool:
        """A gap is declared for it, yet the record now has it."""
        return bool(self.events) and self.gap is not None


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of fact: its title, what a complete record holds, how to find its items."""

    kind: str
    title: str
    what: str
    items: Callable[[Record, History, dt.date], list[Item]]
    figures: Callable[[Record, History, dt.date], list[tuple[str, str]]] = field(
        default=lambda r, h, d: []
    )


def _year(e: ev.Event) -> int:
    return e.date.earliest.year


def _csc_sessions(record: Record) -> list[ev.SessionHeld]:
    return [e for e in record.events if isinstance(e, ev.SessionHeld) and e.organ == "CSC"]


# --- sessions ------------------------------------------------------------------------------


def _session_items(record: Record, history: History, today: dt.date) -> list[Item]:
    by_year: dict[int, list[str]] = {}
    for e in _csc_sessions(record):
        by_year.setdefault(_year(e), []).append(e.id)
    return [
        Item(str(y), f"Council sessions in {y}", tuple(by_year.get(y, ())))
        for y in range(1992, today.year + 1)
    ]


def _session_figures(record: Record, history: History, today: dt.date) -> list[tuple[str, str]]:
    sessions = _csc_sessions(record)
    kinds: dict[str, int] = {}
    for e in sessions:
        kinds[e.session_type or "type not stated"] = (
            kinds.get(e.session_type or "type not stated", 0) + 1
        )
    out = [("Council sessions recorded", str(len(sessions)))]
    out += [(f"  {k}", str(n)) for k, n in sorted(kinds.items())]
    out.append(("  with a chair named", str(sum(1 for e in sessions if e.chair))))
    out.append(("  with headline decisions", str(sum(1 for e in sessions if e.headlines))))
    others = sum(1 for e in record.events if isinstance(e, ev.SessionHeld) and e.organ != "CSC")
    out.append(("sessions of other organs", str(others)))
    return out


# --- the chair and the Secretary-General ---------------------------------------------------


def _year_ends(first: int, today: dt.date) -> list[dt.date]:
    return [min(dt.date(y, 12, 31), today) for y in range(first, today.year + 1)]


def _chair_items(record: Record, history: History, today: dt.date) -> list[Item]:
    out = []
    for day in _year_ends(2002, today):
        chair = history.on(day).chair_state
        events = () if chair is None else chair.events
        out.append(Item(str(day.year), f"the Council's chair on {day}", tuple(events)))
    return out


def _sg_items(record: Record, history: History, today: dt.date) -> list[Item]:
    out = []
    for day in _year_ends(2003, today):
        sg = history.on(day).secretary
        events = () if sg is None else sg.events
        out.append(Item(str(day.year), f"the Secretary-General (or acting) on {day}", events))
    return out + _sg_mandate_items(record)


#: Years in which a Council decision on the Secretary-General's mandate is expected:
#: Bordyuzha's appointment (2003) and its renewals every three years (the 2012 extension was
#: "for three more years", so earlier ones are implied in 2006 and 2009), the one-year
#: extension of 2015, and the appointments under rotation.
SG_MANDATE_YEARS: tuple[int, ...] = (2003, 2006, 2009, 2012, 2015, 2017, 2018, 2019, 2022, 2025)


def _sg_mandate_items(record: Record) -> list[Item]:
    decisions = [
        e
        for e in record.events
        if isinstance(e, ev.DecisionAdopted)
        and e.organ == "CSC"
        and "Secretary-General" in e.title.replace("Secretary General", "Secretary-General")
    ]
    return [
        Item(
            f"mandate:{year}",
            f"a Council decision on the Secretary-General's mandate in {year}",
            tuple(e.id for e in decisions if _year(e) == year),
        )
        for year in SG_MANDATE_YEARS
    ]


def sg_vacancies(record: Record, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Spells when no one held the Secretary-General's post (nor acted in it), by the record."""
    holder: str | None = None
    spells: list[tuple[dt.date, dt.date]] = []
    vacant_since: dt.date | None = None
    posts = ("secretary_general", "acting_secretary_general")
    ordered = sorted(
        (
            e
            for e in record.events
            if isinstance(e, ev.OfficialAppointed | ev.OfficialLeft) and e.post in posts
        ),
        key=lambda e: (e.date.earliest, isinstance(e, ev.OfficialAppointed), e.id),
    )
    for e in ordered:
        day = e.date.earliest
        if isinstance(e, ev.OfficialLeft):
            if holder == e.person:
                holder = None
                vacant_since = day
        else:
            if (
                holder is None
                and vacant_since is not None
                and vacant_since < day
                and start <= vacant_since <= end
            ):
                spells.append((vacant_since, day - dt.timedelta(days=1)))
            holder = e.person
            vacant_since = None
    return spells


def _sg_figures(record: Record, history: History, today: dt.date) -> list[tuple[str, str]]:
    appointed = [
        e
        for e in record.events
        if isinstance(e, ev.OfficialAppointed) and e.post == "secretary_general"
    ]
    spells = sg_vacancies(record, dt.date(2003, 4, 28), today)
    text = ", ".join(f"{a}..{b}" for a, b in spells) or "none"
    return [
        ("Secretaries-General appointed", str(len(appointed))),
        ("days the post was vacant (no acting holder either)", text),
    ]


# --- ratifications -------------------------------------------------------------------------


def _ratification_items(record: Record, history: History, today: dt.date) -> list[Item]:
    ratifiable = [i.id for i in record.instruments if i.kind in RATIFIABLE_KINDS]
    signatories: dict[str, set[str]] = {i: set() for i in ratifiable}
    done: dict[tuple[str, str], list[str]] = {}
    for e in record.events:
        if isinstance(e, ev.InstrumentSigned) and e.instrument in signatories:
            signatories[e.instrument] |= set(e.signatories or e.states)
        elif isinstance(e, ev.InstrumentRatified | ev.Acceded):
            done.setdefault((e.instrument, e.state), []).append(e.id)
            if isinstance(e, ev.Acceded) and e.instrument in signatories:
                signatories[e.instrument].add(e.state)
    out = []
    for iid in ratifiable:
        for state in sorted(signatories[iid]):
            out.append(
                Item(
                    f"{iid}:{state}",
                    f"{state} ratifies (or accedes to) {iid}",
                    tuple(done.get((iid, state), ())),
                )
            )
    return out


def _ratification_figures(
    record: Record, history: History, today: dt.date
) -> list[tuple[str, str]]:
    ratifications = [e for e in record.events if isinstance(e, ev.InstrumentRatified)]
    to_day = sum(1 for e in ratifications if e.date.precision == "day")
    return [
        ("ratifications recorded", str(len(ratifications))),
        ("  dated to the day", str(to_day)),
        ("  dated by a range or a month", str(len(ratifications) - to_day)),
    ]


# --- members' positions --------------------------------------------------------------------

_Pred = Callable[[ev.Event], bool]


def _absent(state: str, year: int) -> _Pred:
    return lambda e: isinstance(e, ev.SessionHeld) and state in e.absent and _year(e) == year


def _of(cls: type[ev.Event], state: str, year: int | None = None) -> _Pred:
    def pred(e: ev.Event) -> bool:
        if not isinstance(e, cls):
            return False
        who = getattr(e, "state", None) or getattr(e, "requester", None)
        refused = getattr(e, "refused_by", ())
        return (who == state or state in refused) and (year is None or _year(e) == year)

    return pred


def _disputed_exit(state: str, year: int) -> _Pred:
    return lambda e: (
        getattr(e, "state", None) == state
        and _year(e) == year
        and any(a.type in ("Withdrew", "WithdrawalNotified") for a in e.alternatives)
    )


POSITIONS: tuple[tuple[str, str, _Pred], ...] = (
    ("UZB:2009-absences", "Uzbekistan stays away from meetings (2009)", _absent("UZB", 2009)),
    ("BLR:2009-boycott", "Belarus boycotts the Council session (2009)", _absent("BLR", 2009)),
    ("UZB:2012-note", "Uzbekistan's note of 2012", _of(ev.SuspensionRequested, "UZB", 2012)),
    (
        "UZB:2012-council",
        "the Council suspends Uzbekistan (2012)",
        _of(ev.ParticipationSuspended, "UZB", 2012),
    ),
    (
        "UZB:2012-dispute",
        "the 2012 exit told both ways: suspended and left",
        _disputed_exit("UZB", 2012),
    ),
    (
        "ARM:2023-exercise",
        "Armenia refuses to host the 2023 exercise",
        _of(ev.ExerciseCancelled, "ARM", 2023),
    ),
    ("ARM:2023-absent", "Armenia stays away from the Council (2023)", _absent("ARM", 2023)),
    (
        "ARM:2023-request-withdrawn",
        "Armenia withdraws its request for assistance",
        _of(ev.RequestWithdrawn, "ARM"),
    ),
    ("ARM:2024-frozen", "Armenia freezes its participation", _of(ev.ParticipationFrozen, "ARM")),
    (
        "ARM:2024-funds",
        "Armenia withholds its contribution",
        _of(ev.ContributionsWithheld, "ARM", 2024),
    ),
    (
        "ARM:2024-leave",
        "Armenia says it will leave",
        _of(ev.IntentionToLeaveDeclared, "ARM", 2024),
    ),
    ("ARM:2024-absent", "Armenia stays away from the Council (2024)", _absent("ARM", 2024)),
    (
        "ARM:2025-secretariat-note",
        "Armenia notifies the Secretariat it will not pay",
        lambda e: (
            isinstance(e, ev.ContributionsWithheld) and e.state == "ARM" and e.notified_to == "SEC"
        ),
    ),
    ("ARM:2025-absent", "Armenia stays away from the Council (2025)", _absent("ARM", 2025)),
    (
        "ARM:2025-leave",
        "Armenia says it will most likely leave (2025)",
        _of(ev.IntentionToLeaveDeclared, "ARM", 2025),
    ),
    ("ARM:2026", "Armenia's position in 2026", lambda e: "ARM" in e.states and _year(e) == 2026),
)


def _checklist(
    checks: Iterable[tuple[str, str, _Pred]],
) -> Callable[[Record, History, dt.date], list[Item]]:
    def items(record: Record, history: History, today: dt.date) -> list[Item]:
        return [
            Item(key, label, tuple(e.id for e in record.events if pred(e)))
            for key, label, pred in checks
        ]

    return items


# --- crises --------------------------------------------------------------------------------

#: Crises the Organization was asked about (or met on): slug, label, the state that asked
#: (or the first one concerned), a word its consultations' topics use, and the period in
#: which to look for the request and the answer (a search window, not a recorded fact), and
#: the slug of the operation deployed, if any.
CRISES: tuple[tuple[str, str, str, str, dt.date, dt.date, str | None], ...] = (
    ("kgz-2010", "Osh and Jalal-Abad violence (2010)", "KGZ", "Kyrgyzstan",
     dt.date(2010, 6, 1), dt.date(2010, 12, 31), None),
    ("nk-2020", "Nagorno-Karabakh war (2020)", "ARM", "Karabakh",
     dt.date(2020, 9, 27), dt.date(2020, 12, 31), None),
    ("arm-2021", "Azerbaijani incursion into Armenia (2021)", "ARM", "Armenia",
     dt.date(2021, 5, 12), dt.date(2021, 12, 31), None),
    ("kgz-tjk-2021", "Kyrgyz-Tajik border clashes (2021)", "KGZ", "Kyrgyz-Tajik",
     dt.date(2021, 4, 28), dt.date(2021, 6, 30), None),
    ("kaz-2022", "Kazakhstan unrest and CSTO deployment (2022)", "KAZ", "Kazakhstan",
     dt.date(2022, 1, 1), dt.date(2022, 1, 31), "csto-kazakhstan-2022"),
    ("kgz-tjk-2022-01", "Kyrgyz-Tajik clashes at Tort-Kocho (Jan 2022)", "KGZ", "Kyrgyz-Tajik",
     dt.date(2022, 1, 27), dt.date(2022, 2, 28), None),
    ("arm-2022", "Azerbaijani attack on Armenia (Sept 2022)", "ARM", "Armenia",
     dt.date(2022, 9, 12), dt.date(2022, 11, 30), None),
    ("kgz-tjk-2022-09", "Kyrgyz-Tajik border war (Sept 2022)", "KGZ", "Kyrgyz",
     dt.date(2022, 9, 14), dt.date(2022, 10, 31), None),
)  # fmt: skip


def _crisis_event(cls: type[ev.Event], crisis: str) -> _Pred:
    return lambda e: isinstance(e, cls) and getattr(e, "crisis", None) == crisis


def _operation_event(cls: type[ev.Event], operation: str) -> _Pred:
    return lambda e: isinstance(e, cls) and getattr(e, "operation", None) == operation


def _asked(state: str, word: str) -> _Pred:
    def pred(e: ev.Event) -> bool:
        if isinstance(e, ev.AssistanceRequested):
            return e.requester == state
        return isinstance(e, ev.ConsultationsHeld) and word in e.topic

    return pred


def _answered(state: str) -> _Pred:
    def pred(e: ev.Event) -> bool:
        if isinstance(e, ev.AssistanceDecided | ev.AssistanceDeclined):
            return e.requester == state
        return isinstance(e, ev.MissionSent) and e.to == state

    return pred


def _ids(events: Iterable[ev.Event], pred: _Pred) -> tuple[str, ...]:
    return tuple(e.id for e in events if pred(e))


def _crisis_items(record: Record, history: History, today: dt.date) -> list[Item]:
    out = []
    every = record.events
    for slug, label, state, word, start, end, operation in CRISES:
        window = [e for e in every if start <= e.date.earliest <= end]
        checks: tuple[tuple[str, str, Sequence[ev.Event], _Pred], ...] = (
            ("start", "the crisis begins", every, _crisis_event(ev.CrisisStarted, slug)),
            ("end", "the crisis ends", every, _crisis_event(ev.CrisisEnded, slug)),
            ("asked", "the Organization is asked, or consults", window, _asked(state, word)),
            ("answer", "its answer (decided, declined, a mission)", window, _answered(state)),
        )
        out += [Item(f"{slug}:{k}", f"{label}: {w}", _ids(among, p)) for k, w, among, p in checks]
        if operation is not None:
            for key, cls, what in (
                ("deployment", ev.OperationStarted, "the deployment begins"),
                ("withdrawal-start", ev.OperationWithdrawalStarted, "the withdrawal begins"),
                ("withdrawal-end", ev.OperationEnded, "the withdrawal ends"),
            ):
                found = _ids(every, _operation_event(cls, operation))
                out.append(Item(f"{slug}:{key}", f"{label}: {what}", found))
    return out


# --- standing operations and bodies --------------------------------------------------------

#: Standing regional operations: slug, name, the first year of a stage.
OPERATIONS: tuple[tuple[str, str, int], ...] = (
    ("channel", "anti-drug operation Channel", 2003),
    ("illegal", "operation against illegal migration (Illegal)", 2008),
    ("proxy", "operation against crime in the information sphere (PROXY)", 2009),
)

#: Coordinating and subsidiary bodies the Council set up: slug, name.
BODIES: tuple[tuple[str, str], ...] = (
    ("cc-drugs", "Coordinating Council of heads of anti-drug agencies"),
    ("cc-migration", "Coordinating Council of heads of agencies on illegal migration"),
    ("cc-emergencies", "Coordinating Council on emergency situations"),
    ("wg-afghanistan", "Working Group on Afghanistan under the Council of Foreign Ministers"),
    ("cc-information-security", "Coordinating Council on information security"),
    ("crisis-response-centre", "CSTO Crisis Response Centre"),
    ("cc-biological-safety", "Coordinating Council on biological safety"),
)


def _operation_items(record: Record, history: History, today: dt.date) -> list[Item]:
    out = []
    for slug, name, first in OPERATIONS:
        stages = [
            e
            for e in record.events
            if isinstance(e, ev.RegionalOperationHeld) and e.operation == slug
        ]
        for year in range(first, today.year):
            out.append(
                Item(
                    f"{slug}:{year}",
                    f"{name}: a stage held in {year}",
                    tuple(e.id for e in stages if _year(e) == year),
                )
            )
    for slug, name in BODIES:
        out.append(
            Item(
                f"body:{slug}",
                f"{name} established",
                tuple(
                    e.id
                    for e in record.events
                    if isinstance(e, ev.BodyEstablished) and e.body == slug
                ),
            )
        )
    return out


# --- external relations --------------------------------------------------------------------

#: Sessions of the UN General Assembly expected to have adopted a text on the CSTO: the
#: observer status (59th, 2004) and, from the 64th (2010), the resolution on cooperation that
#: the Assembly considers every other year (odd sessions), as the UN and CSTO Secretaries-
#: General call them "biennial resolutions" (odkb-un-joint-statement-2020).
UNGA_SESSIONS: tuple[int, ...] = (59, 64, 65, 67, 69, 71, 73, 75, 77, 79)

#: Agreements with other organisations: (partner, what).
PARTNERS: tuple[tuple[str, str], ...] = (
    ("UN", "the UN Secretariat"),
    ("SCO", "the SCO Secretariat"),
    ("CIS", "the CIS Executive Committee"),
    ("CIS Inter-Parliamentary Assembly", "the CIS Inter-Parliamentary Assembly"),
    ("UNODC", "the UN Office on Drugs and Crime"),
    ("OSCE", "the OSCE Secretariat"),
    ("ICRC", "the International Committee of the Red Cross"),
    ("EAEU", "the Eurasian Economic Commission"),
)


def _relation_items(record: Record, history: History, today: dt.date) -> list[Item]:
    out = []
    for session in UNGA_SESSIONS:
        out.append(
            Item(
                f"unga:{session}",
                f"a UN General Assembly resolution on the CSTO at its {session}th session",
                tuple(
                    e.id
                    for e in record.events
                    if (
                        isinstance(e, ev.ResolutionAdopted)
                        and e.body == "UNGA"
                        and e.session == str(session)
                    )
                    or (isinstance(e, ev.StatusGranted) and f"{session}/" in e.status)
                ),
            )
        )
    for partner, what in PARTNERS:
        out.append(
            Item(
                f"agreement:{partner}",
                f"an agreement or memorandum with {what}",
                tuple(
                    e.id
                    for e in record.events
                    if isinstance(e, ev.AgreementSigned) and e.partner == partner
                ),
            )
        )
    return out


# --- event types ---------------------------------------------------------------------------


def _type_items(record: Record, history: History, today: dt.date) -> list[Item]:
    return [
        Item(
            name,
            f"events of type {name}",
            tuple(e.id for e in record.events if type(e) is cls),
        )
        for name, cls in sorted(ev.EVENT_TYPES.items())
    ]


KINDS: tuple[Kind, ...] = (
    Kind(
        "sessions",
        "Council sessions",
        "Every session of the Collective Security Council since 1992, regular, extraordinary "
        "and informal, with its place, date, chair and headline decisions; one item per year.",
        _session_items,
        _session_figures,
    ),
    Kind(
        "chair",
        "The chair of the Council",
        "Who chaired the Collective Security Council at the end of each year since the "
        "Organization was founded (2002), from the record's handovers.",
        _chair_items,
    ),
    Kind(
        "secretary_general",
        "The Secretary-General",
        "Who held the post (or acted in it) at the end of each year since 2003, every day "
        "the post was left without anyone, and the Council's decisions on its mandates.",
        _sg_items,
        _sg_figures,
    ),
    Kind(
        "ratifications",
        "Ratifications",
        "For every treaty, protocol and agreement the record holds, whether each signatory "
        "ratified (or acceded to) it, by which act and on which day.",
        _ratification_items,
        _ratification_figures,
    ),
    Kind(
        "positions",
        "Members' positions on participation",
        "What members did about their own participation: Uzbekistan's exit of 2012 (told "
        "both ways), Belarus's boycott of 2009, Armenia's turning away since 2023.",
        _checklist(POSITIONS),
    ),
    Kind(
        "crises",
        "Crises, day by day",
        "For each crisis the Organization was asked about: when it began and ended, the "
        "request or consultations, the answer, and for a deployment its start and the "
        "withdrawal's start and end.",
        _crisis_items,
    ),
    Kind(
        "operations",
        "Standing operations and bodies",
        "The yearly stages of the standing regional operations (Channel, Illegal, PROXY) and "
        "the coordinating bodies the Council set up.",
        _operation_items,
    ),
    Kind(
        "relations",
        "External relations",
        "The UN General Assembly's resolutions on the CSTO and the Organization's agreements "
        "with other organisations.",
        _relation_items,
    ),
    Kind(
        "event_types",
        "Event types",
        "Every type of event the record format defines is used at least once.",
        _type_items,
    ),
)
