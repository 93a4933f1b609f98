"""The glossary: every word of the site's own vocabulary, said plainly.

Terms of the organization and of treaty law as the pages use them, and the words of this
tool (record, event, profile, reading, rule variant, conformance, receipt). The page
``/glossary`` lists them; other pages link a term to ``/glossary#ANCHOR``. A test checks
that every term the pages explain by link is here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GLOSSARY", "Term", "anchors"]


@dataclass(frozen=True, slots=True)
class Term:
    """One entry: the term, its anchor on the page, what it means, where to see it."""

    term: str
    anchor: str
    means: str
    see: str = ""


GLOSSARY: tuple[Term, ...] = (
    # --- the organization ------------------------------------------------------------
    Term(
        "CST, CSTO",
        "cst",
        "The Collective Security Treaty (CST), signed in Tashkent on 15 May 1992, and the "
        "Collective Security Treaty Organization (CSTO) its parties built on it from 2002. "
        "The site writes CST/CSTO where both are meant.",
        "/instruments/CST-1992",
    ),
    Term(
        "member",
        "member",
        "A state for which the Treaty is in force. A member whose participation is frozen "
        "is still a member; one whose membership is suspended is a party in law but takes "
        "no part in the bodies.",
        "/states",
    ),
    Term(
        "signatory",
        "signatory",
        "A state that has signed an instrument but for which it is not yet in force "
        "(it has not ratified, or the instrument has not yet entered into force).",
    ),
    Term(
        "ratification",
        "ratification",
        "A state's formal consent to be bound by a treaty it signed, usually by a law of "
        "its parliament. Treaties, protocols and agreements need it; the Council's "
        "decisions and the documents it approves (concepts, strategies, rules) do not.",
    ),
    Term(
        "accession",
        "accession",
        "Joining a treaty that one did not sign when it was opened: it has the same "
        "effect as signature and ratification together.",
    ),
    Term(
        "entry into force",
        "in-force",
        "The day from which an instrument binds its parties. An instrument can be signed "
        "years before it enters into force, or never enter into force.",
    ),
    Term(
        "adopted (takes effect without ratification)",
        "adopted",
        "A decision of the Collective Security Council, or a document it approves (a "
        "concept, a strategy, regulations, rules of procedure): it takes effect when "
        "adopted and is not put to the members' parliaments.",
    ),
    Term(
        "expired",
        "expired",
        "An instrument written for a set period (such as a strategy 'for the period up to "
        "2025') whose period has ended.",
    ),
    Term(
        "participation frozen",
        "frozen",
        "A member that has stopped taking part in the Organization's work without leaving "
        "or being suspended: a de facto state, not one the Charter provides for "
        "(Armenia since 2024).",
        "/states/ARM",
    ),
    Term(
        "participation suspended",
        "suspended",
        "A member whose rights in the Organization the Council has suspended (Uzbekistan "
        "from 2012, at its own request). It remains a party to the Treaty in law; the "
        "site lists it apart and does not count it among the members.",
        "/states/UZB",
    ),
    Term(
        "withdrawal pending",
        "pending",
        "A member that has given notice of withdrawal; it stays a member until the notice "
        "period (six months) runs out.",
    ),
    Term(
        "former member",
        "former",
        "A state that was a member and left: it withdrew, or its membership lapsed when it "
        "did not sign the 1999 protocol extending the Treaty (Azerbaijan, Georgia and "
        "Uzbekistan in 1999).",
    ),
    Term(
        "observer",
        "observer",
        "A state, a parliament or an assembly admitted to follow the work of an organ "
        "without voting, for example in the Parliamentary Assembly. The map colours the "
        "state an observer parliament belongs to.",
    ),
    Term(
        "partner",
        "partner",
        "A state or organization the CSTO cooperates with under the 2018 protocol on "
        "observers and partners.",
    ),
    Term(
        "organ",
        "organ",
        "A body of the Organization: the Collective Security Council (heads of state), the "
        "councils of foreign and defence ministers, the committee of secretaries of "
        "security councils, the Permanent Council, the Secretariat, the Joint Staff and "
        "the Parliamentary Assembly.",
        "/organs",
    ),
    Term(
        "chairmanship",
        "chair",
        "The member state that chairs the Collective Security Council, passing in turn "
        "(in Russian alphabetical order of the members' names).",
        "/organs/CSC",
    ),
    Term(
        "Secretary-General, acting",
        "secretary-general",
        "The Organization's chief administrative official, appointed by the Council. "
        "Acting: someone who performs the duties while the post is vacant.",
        "/officials",
    ),
    Term(
        "instrument",
        "instrument",
        "A treaty, charter, protocol, agreement, decision or other document that the "
        "Organization or its members adopted.",
        "/instruments",
    ),
    Term(
        "article, version",
        "article",
        "A numbered part of an instrument. When a protocol amends an article, the article "
        "has several versions, each in force from one day to another; the site shows the "
        "one in force on the day you choose.",
    ),
    Term(
        "consensus",
        "consensus",
        "A decision taken when no member objects; the Charter's rule for the councils' "
        "decisions (one vote per member state).",
    ),
    # --- the record --------------------------------------------------------------------
    Term(
        "record, event",
        "record",
        "The record is this site's list of what happened, event by event: each event has "
        "its date, what it changed and the sources it rests on. The organization on any "
        "day is worked out from the events up to that day.",
        "/timeline",
    ),
    Term(
        "source",
        "source",
        "A document we read: a treaty text, an official page, a news report, a scholarly "
        "article. Every event cites its sources, with the paragraph or line where the fact "
        "is found.",
        "/sources",
    ),
    Term(
        "source article",
        "seed",
        "One of the two scholarly articles the project started from (Kostiuk and Katkova "
        "2022; Çakır and Bakhronov 2022). They are cited like any other source; their "
        "locators are line numbers of the text we hold.",
        "/sources/seed-cakir-2022",
    ),
    Term(
        "disputed, other version",
        "disputed",
        "Sources disagree about an event (its date, who took part). The site shows one "
        "version by default, says why, and keeps every other version with its sources.",
        "/timeline?disputed=1",
    ),
    Term(
        "well, fairly well, weakly attested",
        "confidence",
        "How firmly the sources establish an event: several independent or primary sources "
        "(well), one good source (fairly well), or an indirect or late account (weakly).",
    ),
    Term(
        "dated to a month, a year or a range",
        "precision",
        "Where the sources give only a month, a year or two bounds, the event is dated so; "
        "the organization may then have changed on any day in between, and the page says "
        "so ('uncertain on this date').",
    ),
    Term(
        "how far the text was checked",
        "check",
        "For each article: 'text read' (we read the wording in a stored text), 'text partly "
        "read', 'from secondary sources only' (known from summaries, news or scholarship), "
        "or 'no text found' (the rule rests on a reading we could not verify).",
    ),
    Term(
        "unnumbered provision",
        "unnumbered",
        "A provision of an instrument that the sources describe but whose article number we "
        "could not read in a text (it is known from summaries, news or scholarship). The "
        "site names it by its subject, e.g. the Charter's unnumbered provision “Decision-"
        "making in the councils”.",
        "/instruments/CHARTER-2002#articles",
    ),
    # --- the law engine ----------------------------------------------------------------
    Term(
        "verdict",
        "verdict",
        "What the law engine answers to an action on a day: whether the law allows it, does "
        "not allow it, obliges the other members to act on it, or does not provide for it; "
        "who decides and by which rule; what follows; and the reasons, article by article.",
        "/ask",
    ),
    Term(
        "others must act",
        "required",
        "The verdict on a request (such as a request for assistance): the law obliges the "
        "other members, or the Council, to act on it. It does not oblige the one who asks.",
    ),
    Term(
        "reading",
        "reading",
        "A question the law leaves open (for example, whether a frozen member still votes), "
        "with the possible answers and the sources for each.",
        "/readings",
    ),
    Term(
        "profile (interpretation profile)",
        "profile",
        "A chosen answer to every open reading: 'default' reads the instruments as far as "
        "we could read them, 'practice' follows the Organization's own conduct, 'strict' "
        "protects each member's veto.",
        "/readings",
    ),
    Term(
        "rule variant",
        "variant",
        "A changed rule, to ask 'what if' (for example, a four-year term for the "
        "Secretary-General): the cases are judged again under it.",
        "/cases",
    ),
    Term(
        "case, conformance suite",
        "case",
        "A documented episode (such as the January 2022 deployment to Kazakhstan) replayed "
        "through the law engine step by step; all the cases together are a conformance "
        "suite, as a game's referee is tested on published cases.",
        "/cases",
    ),
    Term(
        "conforms, departed, contested, engine wrong",
        "results",
        "How a case's step compares with history: the engine and history agree (conforms); "
        "history did not follow a rule, which the case names (departed); the answer turns "
        "on a reading sources disagree about (contested); the engine disagrees with what "
        "the case expects, a fault in the engine (engine wrong).",
        "/cases",
    ),
    Term(
        "receipt",
        "receipt",
        "The versions behind a verdict or a page: csto's version, the record's digest, the "
        "rules' digest and the profile. With them anyone can reproduce and cite the answer.",
    ),
    Term(
        "digest",
        "digest",
        "A fingerprint (SHA-256) of the whole record: the same facts always give the same "
        "digest, so a citation can name the exact version of the record it used.",
        "/about",
    ),
    # --- the exports -------------------------------------------------------------------
    Term(
        "COW, ATOP, Popolo, data package, Parquet",
        "exports",
        "Formats the record can be downloaded in: Correlates of War IGO codes (a state's "
        "membership per year), ATOP-style obligation phases (alliance treaties), Popolo "
        "(people, posts and organizations), a Frictionless data package (CSV tables with "
        "their description) and Parquet (tables for data tools).",
        "/downloads",
    ),
)


def anchors() -> set[str]:
    """Every anchor on the glossary page."""
    return {t.anchor for t in GLOSSARY}
