"""Real procedures as the machines replay them, built only from the curated record.

Every move's date and every party comes from the record events the episode re-enacts
(named in ``without``, which sets them aside so that the world does not hold them twice);
the comment on a move names the event it rests on. Where the record does not give what a
move needs (the members' positions on a decision nobody objected to, say), the move asserts
it and the comment says so: the law's verdict then marks it as assumed by the action.

``departures`` lists the moves that the profile's reading of the law refuses and that
history made all the same; ``divergences`` the curated events whose emitted twin differs,
each with its reason. Both are checked: a departure or a divergence that disappears fails
the test as surely as a new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from csto.procedures.assistance import (
    ASSISTANCE,
    Consult,
    Contribute,
    Decide,
    Deploy,
    EndOperation,
    OpenAssistance,
    Request,
    Withdraw,
)
from csto.procedures.base import Machine, Move
from csto.procedures.membership import MEMBERSHIP, OpenMembership, RequestSuspension, Suspend
from csto.procedures.secretary_general import (
    SECRETARY_GENERAL,
    AppointActing,
    AppointSG,
    EndActing,
    EndTerm,
    OpenSecretaryGeneral,
    ProposeSG,
    Release,
    TakeOffice,
)
from csto.procedures.session import (
    SESSION,
    Adopt,
    Close,
    Convene,
    OpenSession,
    Propose,
    TakeAPosition,
)

__all__ = ["EPISODES", "Episode"]

D = dt.date.fromisoformat
#: the six members taking part from 2012 to 2023 (Uzbekistan suspended from December 2012)
SIX = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")


def support(*states: str, **others: str) -> dict[str, Any]:
    return {**dict.fromkeys(states, "support"), **others}


@dataclass(frozen=True)
class Episode:
    name: str
    machine: Machine[Any]
    pid: str
    opening: Move
    moves: tuple[Move, ...]
    without: tuple[str, ...]
    profile: str = "default"
    departures: tuple[str, ...] = ()
    divergences: dict[str, str] = field(default_factory=dict)


# --- the 2009 CRRF decision, without Belarus and Uzbekistan --------------------------------
# csc-session-2009-06-14-moscow: Moscow, chaired by Russia, Belarus absent (boycott);
# csc-decision-crrf-2009-06-14: signed by ARM KAZ KGZ RUS TJK, not by BLR and UZB, no
# consensus; crrf-agreement-signed-2009: the Agreement signed by the same five.
# Uzbekistan's refusal is taken as an objection ("did not sign", Karimov's reservations).
_DAY_2009 = D("2009-06-14")
_CRRF_MOVES: tuple[Move, ...] = (
    Convene(date=_DAY_2009, by="RUS", host="RUS", place="Moscow"),
    Propose(
        date=_DAY_2009,
        by="RUS",
        subject="Agreement on the Collective Rapid Reaction Forces of the CSTO",
        instrument="CRRF-AGREEMENT-2009",
    ),
    *(
        TakeAPosition(date=_DAY_2009, by=c, position="support")
        for c in ("ARM", "KAZ", "KGZ", "RUS", "TJK")
    ),
    TakeAPosition(date=_DAY_2009, by="BLR", position="absent"),
    TakeAPosition(date=_DAY_2009, by="UZB", position="object"),
    Adopt(date=_DAY_2009, depart=True),
    Close(date=_DAY_2009),
)
_CRRF_WITHOUT = (
    "csc-session-2009-06-14-moscow",
    "csc-decision-crrf-2009-06-14",
    "crrf-agreement-signed-2009",
)

CRRF_2009 = Episode(
    "2009 CRRF decision (default profile: Uzbekistan's objection blocks consensus)",
    SESSION,
    "csc-2009-06",
    OpenSession(date=_DAY_2009),
    _CRRF_MOVES,
    _CRRF_WITHOUT,
    departures=("adopt",),
)
CRRF_2009_PRACTICE = Episode(
    "2009 CRRF decision (practice profile: an objection still blocks a limited format)",
    SESSION,
    "csc-2009-06",
    OpenSession(date=_DAY_2009),
    _CRRF_MOVES,
    _CRRF_WITHOUT,
    profile="practice",
    departures=("adopt",),
)

# --- Uzbekistan's suspension, 2012 ---------------------------------------------------------
# uzb-note-suspension-2012: the Secretariat confirms Uzbekistan's note on 28 June 2012;
# uzb-suspension-csc-decision-2012: the Council suspends it in Moscow on 19 December 2012.
# Positions: the record says the Council granted the request; no objection is recorded, so
# the six other members are taken to support (the concerned state does not vote under both
# profiles used here).
_UZB_MOVES: tuple[Move, ...] = (
    RequestSuspension(date=D("2012-06-28")),
    Suspend(
        date=D("2012-12-19"),
        positions=support(*SIX),
        grounds="At Uzbekistan's own request (its note of June 2012); no reasons were "
        "officially given.",
        depart=True,
    ),
)
_UZB_WITHOUT = ("uzb-note-suspension-2012", "uzb-suspension-csc-decision-2012")

UZB_2012 = Episode(
    "Uzbekistan's 2012 suspension (default profile: the Charter suspends only for a breach)",
    MEMBERSHIP,
    "uzb-2012",
    OpenMembership(date=D("2012-06-28"), state="UZB"),
    _UZB_MOVES,
    _UZB_WITHOUT,
    departures=("suspend",),
)
UZB_2012_PRACTICE = Episode(
    "Uzbekistan's 2012 suspension (practice profile: suspension on request allowed)",
    MEMBERSHIP,
    "uzb-2012",
    OpenMembership(date=D("2012-06-28"), state="UZB"),
    _UZB_MOVES,
    _UZB_WITHOUT,
    profile="practice",
)

# --- Kazakhstan, January 2022 ---------------------------------------------------------------
# kaz-2022-request-csto (5 Jan, aggression, to the CSC); kaz-2022-csc-chair-consultations
# (5 Jan); kaz-2022-csc-decision (6 Jan, the CPF); kaz-2022-operation-started (6 Jan, the
# contingents and the sizes their senders gave); withdrawal began 13 Jan (the OperationEnded
# event's alternative 'withdrawal-began-13-january'); kaz-2022-operation-ended (19 Jan).
# Positions on the decision: taken without a meeting, by consultation; every member sent
# troops and none objected, so each is taken to support.
KAZ_2022 = Episode(
    "Kazakhstan, January 2022: request, consultations, decision, deployment, withdrawal",
    ASSISTANCE,
    "kaz-2022",
    OpenAssistance(date=D("2022-01-05")),
    (
        Request(date=D("2022-01-05"), by="KAZ", grounds="aggression", addressed_to="CSC"),
        Consult(date=D("2022-01-05"), organ="CSC", topic="Kazakhstan's request for assistance"),
        Decide(
            date=D("2022-01-06"),
            measures="Send the CSTO Collective Peacekeeping Forces to Kazakhstan for a "
            "limited time to stabilise and normalise the situation.",
            force="CPF",
            positions=support(*SIX),
        ),
        Contribute(date=D("2022-01-06"), state="RUS", unit="Airborne Forces units"),
        Contribute(date=D("2022-01-06"), state="BLR", unit="103rd Vitebsk airborne brigade"),
        Contribute(date=D("2022-01-06"), state="ARM", size=100),
        Contribute(date=D("2022-01-06"), state="TJK", size=200),
        Contribute(date=D("2022-01-06"), state="KGZ", size=150),
        Deploy(date=D("2022-01-06"), operation="csto-kazakhstan-2022"),
        Withdraw(date=D("2022-01-13")),
        EndOperation(date=D("2022-01-19")),
    ),
    (
        "kaz-2022-request-csto",
        "kaz-2022-csc-chair-consultations",
        "kaz-2022-csc-decision",
        "kaz-2022-operation-started",
        "kaz-2022-operation-ended",
    ),
)

# --- every Secretary-General since 2017 ------------------------------------------------------
# acting-sg-semerikov-2017; csc-decision-sg-khachaturov-2017 (14 April 2017, at the informal
# summit in Bishkek); acting-sg-semerikov-ended-2017 and
# sg-khachaturov-appointed-2017 (2 May); csc-decision-khachaturov-relieved-2018 and
# sg-khachaturov-left-2018 and acting-sg-semerikov-2018 (2 Nov 2018); the CFM agreeing Zas's
# candidacy on 22 May 2019 (note of csc-decision-sg-zas-2019, euroradio-zas-2019);
# csc-decision-sg-zas-2019 (28 Nov, from 1 Jan 2020); acting-sg-semerikov-ended-2019;
# sg-zas-appointed-2020; csc-decision-sg-tasmagambetov-2022; sg-zas-left-2022;
# sg-tasmagambetov-appointed-2023; csc-decision-sg-masadykov-2025 (Armenia absent, did not
# object); sg-tasmagambetov-left-2025; sg-masadykov-appointed-2026.
# Where the record does not date a CFM proposal, the appointment asserts it (the verdict
# marks it assumed). Positions: every decision was adopted with no objection recorded.
# The release and the 2025 appointment carry 'depart': history went ahead, so where a
# profile's reading refuses them the step is recorded as a departure.
_SG_MOVES: tuple[Move, ...] = (
    AppointActing(date=D("2017-01-01"), person="Valery Semerikov", nationality="RUS"),
    AppointSG(
        date=D("2017-04-14"),
        person="Yuri Khachaturov",
        nationality="ARM",
        proposed_by_cfm=True,
        term_start=D("2017-05-02"),
        positions=support(*SIX),
    ),
    EndActing(date=D("2017-05-02"), reason="successor took office"),
    TakeOffice(date=D("2017-05-02")),
    Release(
        date=D("2018-11-02"),
        initiated_by="ARM",
        positions=support(*SIX),
        reason="recalled early by Armenia; dismissed by CSC decision",
        depart=True,
    ),
    AppointActing(date=D("2018-11-02"), person="Valery Semerikov", nationality="RUS"),
    ProposeSG(date=D("2019-05-22"), person="Stanislav Zas", nationality="BLR"),
    AppointSG(date=D("2019-11-28"), term_start=D("2020-01-01"), positions=support(*SIX)),
    EndActing(date=D("2019-12-31"), reason="successor took office on 1 Jan 2020"),
    TakeOffice(date=D("2020-01-01")),
    AppointSG(
        date=D("2022-11-23"),
        person="Imangali Tasmagambetov",
        nationality="KAZ",
        proposed_by_cfm=True,
        positions=support(*SIX),
    ),
    EndTerm(date=D("2022-12-31")),
    TakeOffice(date=D("2023-01-01")),
    AppointSG(
        date=D("2025-11-27"),
        person="Taalatbek Masadykov",
        nationality="KGZ",
        proposed_by_cfm=True,
        positions=support("BLR", "KAZ", "KGZ", "RUS", "TJK", ARM="absent"),
        depart=True,
    ),
    EndTerm(date=D("2025-12-31")),
    TakeOffice(date=D("2026-01-01")),
)
_SG_WITHOUT = (
    "acting-sg-semerikov-2017",
    "csc-decision-sg-khachaturov-2017",
    "acting-sg-semerikov-ended-2017",
    "sg-khachaturov-appointed-2017",
    "csc-decision-khachaturov-relieved-2018",
    "sg-khachaturov-left-2018",
    "acting-sg-semerikov-2018",
    "csc-decision-sg-zas-2019",
    "acting-sg-semerikov-ended-2019",
    "sg-zas-appointed-2020",
    "sg-zas-left-2022",
    "csc-decision-sg-tasmagambetov-2022",
    "sg-tasmagambetov-appointed-2023",
    "sg-tasmagambetov-left-2025",
    "csc-decision-sg-masadykov-2025",
    "sg-masadykov-appointed-2026",
)
SG_SINCE_2017 = Episode(
    "Secretaries-General since 2017 (default profile: a frozen Armenia still counts)",
    SECRETARY_GENERAL,
    "sg-2017",
    OpenSecretaryGeneral(date=D("2017-01-01")),
    _SG_MOVES,
    _SG_WITHOUT,
    divergences={
        "csc-decision-sg-masadykov-2025": "Armenia had frozen its participation; the default "
        "profile keeps it among the members entitled to vote (absent, not signing), while the "
        "record lists only the five that took part",
    },
)
SG_SINCE_2017_STRICT = Episode(
    "Secretaries-General since 2017 (strict profile: no early release; absence blocks)",
    SECRETARY_GENERAL,
    "sg-2017",
    OpenSecretaryGeneral(date=D("2017-01-01")),
    _SG_MOVES,
    _SG_WITHOUT,
    profile="strict",
    departures=("release", "appoint"),
    divergences=SG_SINCE_2017.divergences,
)
SG_SINCE_2017_PRACTICE = Episode(
    "Secretaries-General since 2017 (practice profile: a frozen Armenia is set aside)",
    SECRETARY_GENERAL,
    "sg-2017",
    OpenSecretaryGeneral(date=D("2017-01-01")),
    _SG_MOVES,
    _SG_WITHOUT,
    profile="practice",
)

EPISODES = (
    CRRF_2009,
    CRRF_2009_PRACTICE,
    UZB_2012,
    UZB_2012_PRACTICE,
    KAZ_2022,
    SG_SINCE_2017,
    SG_SINCE_2017_PRACTICE,
    SG_SINCE_2017_STRICT,
)
