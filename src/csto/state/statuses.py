"""The rules for membership statuses, in one place: what makes a state a member, what
changes its status (as the fold applies them), and what each status permits
(:data:`TAKES_PART`, :data:`VOTES`, :data:`SUSPENDABLE`, :func:`is_member`), which the law's
rules, the procedures and the edges import from here.

- **Signatory, then member.** The Collective Security Treaty (``CST-1992``) was signed on
  15 May 1992 and others acceded in 1993; it entered into force on 20 April 1994. A state
  that signed or acceded is a ``signatory`` until the Treaty is in force (overall, or for
  that state by its own entry into force), then a ``member``. The Organization's
  membership coincides with the parties to the Treaty (``CHARTER-2002``, art. 1, creates
  the Organization among the Treaty's states; the Charter's own membership article is
  ``CHARTER-2002 art. 19``, read only in secondary sources:
  csto/law/data/instruments/CHARTER-2002.yaml has what could be checked, and its sources).
  Acceding to the Treaty or the Charter after the Treaty is in force makes a
  state a member at once; so does being readmitted (Uzbekistan, 2006).
- **Withdrawal on notice.** A party may withdraw by notifying the others at least six
  months in advance (``CST-1992 art. 11``; seed-kostiuk-2022 L22; for the Charter, art. 19
  as the Russian foreign ministry described it in 2024 — TASS in 2012 said the Charter had
  no unilateral withdrawal: see the law data for both readings). From the notice until it
  takes effect the state is ``withdrawal_pending`` (still a member, with the day its
  withdrawal takes effect); where the record gives no effective day, it is the notice day
  plus six months (:func:`withdrawal_effective`), and on that day the state becomes a
  former member even if the record has no separate ``Withdrew`` event. A notice dated only
  to a month or a year has no computable effective day: it is left unknown.
- **Lapse.** A party that did not join the extension of the Treaty (``CST-PROTOCOL-1999``)
  ceased to be a party when the first term ended: a former member, ``how = lapsed``.
- **Suspension.** The Council may suspend a member's participation in the organs for a
  breach of its obligations (the Charter, article number not verified, and the 2004
  Regulation on suspension and exclusion, whose text was not found); a member may also ask
  for its own suspension, as Uzbekistan did in 2012 (``SuspensionRequested``): it stays a
  member until the Council decides. Suspended:
  ``participation_suspended`` — still a member de jure.
- **Frozen participation.** A member may stop taking part without any legal act; the law
  does not name this status. The record keeps who said what (``ParticipationFrozen``);
  the state shows ``participation_frozen``: a member de jure that does not take part.
- **Resumption** returns a suspended or frozen member to ``member``.
"""

from __future__ import annotations

import datetime as dt

from csto.record.dates import EventDate, add_months

__all__ = [
    "MEMBERSHIP_INSTRUMENTS",
    "MEMBER_STATUSES",
    "STATUS_LABELS",
    "SUSPENDABLE",
    "TAKES_PART",
    "TREATY",
    "VOTES",
    "WITHDRAWAL_NOTICE_MONTHS",
    "describe_status",
    "is_member",
    "withdrawal_effective",
]

#: The instrument whose parties are the members.
TREATY = "CST-1992"
#: Acceding to any of these makes a state a party.
MEMBERSHIP_INSTRUMENTS = frozenset({"CST-1992", "CHARTER-2002"})
#: CST-1992 art. 11: at least six months' notice of withdrawal (Charter art. 19 likewise).
WITHDRAWAL_NOTICE_MONTHS = 6

# --- what each status permits (the one place every layer takes these from) ---------------

#: a member in law: every status but ``signatory`` (suspended and frozen ones included)
MEMBER_STATUSES = frozenset(
    {"member", "withdrawal_pending", "participation_suspended", "participation_frozen"}
)
#: takes part in the bodies' work: a member, one under notice, and a frozen one (the law
#: does not know that status, so in law it still takes part); not a suspended one
TAKES_PART = frozenset({"member", "withdrawal_pending", "participation_frozen"})
#: votes in the bodies whatever the reading (a frozen member's vote is reading
#: ``frozen-participation``; a suspended member has none)
VOTES = frozenset({"member", "withdrawal_pending"})
#: may be suspended by the Council: a member taking part that has not given notice
SUSPENDABLE = frozenset({"member", "participation_frozen"})

#: each status in a few words (tables, pages), and the other answers of ``State.status_of``
STATUS_LABELS: dict[str, str] = {
    "signatory": "signatory",
    "member": "member",
    "participation_frozen": "participation frozen",
    "participation_suspended": "participation suspended",
    "withdrawal_pending": "withdrawal pending",
    "former": "former member",
    "none": "not a party",
}


def is_member(status: str | None) -> bool:
    """Whether a state with this status (None: none recorded) is a member in law."""
    return status in MEMBER_STATUSES


def describe_status(status: str, effective: str | None = None) -> str:
    """A status as a verb phrase (``is a member whose participation is frozen``);
    ``effective``: the day a pending withdrawal takes effect."""
    return {
        "member": "is a member",
        "participation_frozen": "is a member whose participation is frozen",
        "participation_suspended": "is a member whose participation is suspended",
        "withdrawal_pending": f"has given notice of withdrawal effective {effective}",
        "signatory": "has signed the Treaty, which is not yet in force",
    }[status]


def withdrawal_effective(notice: EventDate, stated: EventDate | None) -> dt.date | None:
    """The day a withdrawal takes effect: as stated, else the notice day plus six months.

    None when neither is known to the day (a notice dated only to a month).
    """
    if stated is not None:
        return stated.earliest if stated.precision == "day" else None
    if notice.precision != "day":
        return None
    return add_months(notice.earliest, WITHDRAWAL_NOTICE_MONTHS)
