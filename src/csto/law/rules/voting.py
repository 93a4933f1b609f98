"""How a body's vote is counted: who votes on a day, what consensus needs, and the verdict a
count leads to.

Consensus with one vote per member is the Charter's rule for everything but procedural
questions. What consensus needs when a member is absent, abstains, declares that it does not
take part, or has frozen its participation is open (readings ``consensus-absence``,
``frozen-participation``, ``procedural-questions``, ``concerned-state-vote``): :func:`tally`
asks the profile and explains each choice; :func:`conclude` decides from the count. Any rule
whose verb a body decides uses these two; :func:`voters` says who counts.
"""

from __future__ import annotations

from collections.abc import Mapping

from csto.codes import ORGANS
from csto.law.context import Ctx, name
from csto.law.rules.refs import CH_DECISIONS, CH_SUSPENSION, CST_3, RULES_13_1
from csto.law.verdict import DecisionRule, Fact, Tally
from csto.state.statuses import VOTES

__all__ = ["conclude", "decision_basis", "rule_for", "tally", "voters"]


def decision_basis(ctx: Ctx, organ: str, question: str) -> DecisionRule:
    """Cite the decision rule in force for ``organ`` and return it."""
    if question == "procedural":
        option = ctx.read("procedural-questions")
        ctx.cite(
            (CH_DECISIONS, CST_3),
            "Procedural questions are excepted from the consensus rule; the rule that governs "
            "them is in the Rules of Procedure, whose text we could not read. "
            + (
                "This profile applies consensus to them as well, pending the text."
                if option == "consensus"
                else "This profile applies a simple majority of the members entitled to vote."
            ),
            reading="procedural-questions",
        )
        return "procedural"
    if ctx.has(CH_DECISIONS):
        ctx.cite(
            CH_DECISIONS,
            f"The {ORGANS.get(organ, organ)} decides by consensus; each member has one vote.",
        )
        if organ == "CSC" and ctx.has(RULES_13_1):
            ctx.cite(RULES_13_1, "The Rules of Procedure require consensus for the Council.")
    else:
        ctx.cite(
            CST_3,
            "Before the Charter, the Treaty sets up the Council of heads of state; no voting rule "
            "was read in the Treaty, and the Council's practice of deciding by consensus is "
            "assumed.",
        )
    return "consensus"


def voters(ctx: Ctx, concerned: str | None = None) -> tuple[list[str], list[Fact]]:
    """The members entitled to vote on the day, and the facts that decided who they are."""
    out: list[str] = []
    facts: list[Fact] = []
    for code, member in sorted(ctx.state.members.items()):
        if member.status == "signatory":
            continue
        if member.status == "participation_suspended":
            facts.append(ctx.status_fact(code))
            continue
        if member.status not in VOTES:  # frozen: a member in law, its vote is a reading
            option = ctx.read("frozen-participation")
            facts.append(ctx.status_fact(code))
            if option == "set-aside":
                continue
        if code == concerned and ctx.read("concerned-state-vote") == "excluded":
            facts.append(Fact(f"{name(code)} is the state concerned", "assumed"))
            continue
        out.append(code)
    return out, facts


def tally(
    ctx: Ctx,
    organ: str,
    question: str,
    positions: Mapping[str, str],
    *,
    concerned: str | None = None,
) -> Tally:
    """Apply the decision rule to ``positions``; ``adopted`` is None when none were given.

    Cites the rule and explains who counted and who blocked.
    """
    rule_kind = decision_basis(ctx, organ, question)
    entitled, facts = voters(ctx, concerned)
    counting = ctx.counting
    if counting is not None and counting.excluded:
        entitled = [c for c in entitled if c not in counting.excluded]
    if any(m.status == "participation_frozen" for m in ctx.state.members.values()):
        frozen_opt = ctx.readings.get("frozen-participation")
        ctx.cite(
            (CH_DECISIONS, CST_3),
            "A member that has frozen its participation "
            + (
                "keeps its vote: the law knows no frozen status."
                if frozen_opt == "still-member"
                else "is left out of the count while its participation is frozen."
            ),
            facts,
            reading="frozen-participation",
        )
    if concerned is not None and "concerned-state-vote" in ctx.readings:
        ctx.cite(
            (CH_SUSPENSION, CH_DECISIONS),
            f"{name(concerned)}, the state concerned, "
            + (
                "does not take part in the decision on itself."
                if ctx.readings["concerned-state-vote"] == "excluded"
                else "takes part in the decision on itself like any member."
            ),
            reading="concerned-state-vote",
        )
    if not positions:
        ctx.cite(
            None,
            "No positions were given: adoption needs "
            + _needs(ctx, rule_kind)
            + f" among {len(entitled)} members entitled to vote ("
            + ", ".join(entitled)
            + ").",
        )
        ctx.tally = Tally(tuple(entitled), None)
        return ctx.tally
    for code in (c for c in positions if c not in entitled):
        ctx.cite(
            None,
            f"{name(code)}'s position ({positions[code]}) does not count: it is not entitled "
            "to vote on that day.",
            [ctx.status_fact(code)],
        )
    cast = {c: positions.get(c, "absent") for c in entitled}
    described = ", ".join(f"{c}: {p}" for c, p in cast.items())
    given = [ctx.assumed(f"positions as stated by the action: {described}")]
    if counting is not None:
        adopted, blocking = counting.decide(cast)
        ctx.cite(
            None,
            f"Counterfactual rule '{counting.id}' ({counting.explain()}), not the law: "
            + ("adopted." if adopted else "not adopted")
            + (": blocked by " + ", ".join(blocking) + "." if blocking else "")
            + ("" if adopted or blocking else ": too few supporters."),
            given,
        )
        ctx.tally = Tally(tuple(entitled), adopted, tuple(cast.items()), blocking)
        return ctx.tally
    if rule_kind == "procedural" and any(p == "object" for p in cast.values()):
        qualification = ctx.read("procedural-qualification")
        objectors = ", ".join(c for c, p in cast.items() if p == "object")
        ctx.cite(
            (CH_DECISIONS, CST_3),
            "Whether the question is procedural is itself open when a member objects ("
            + objectors
            + "). Under this reading "
            + {
                "consensus-double-veto": "the classification needs consensus too, so the "
                "objection makes it a question of substance, decided by consensus.",
                "chair-rules": "the chair rules that it is procedural, and the ruling stands.",
                "majority-classifies": "the Council classifies it by the procedural rule, so it "
                "stays procedural.",
            }[qualification],
            given,
            reading="procedural-qualification",
        )
        if qualification == "consensus-double-veto":
            rule_kind = "consensus"
    if rule_kind == "procedural" and ctx.readings.get("procedural-questions") == "simple-majority":
        yes = sum(1 for p in cast.values() if p == "support")
        adopted = yes * 2 > len(cast)
        ctx.cite(
            None,
            f"{yes} of {len(cast)} members support: "
            + ("a majority; adopted." if adopted else "no majority; not adopted."),
            given,
        )
        ctx.tally = Tally(tuple(entitled), adopted, tuple(cast.items()))
        return ctx.tally
    option = ctx.read("consensus-absence")
    objecting = tuple(c for c, p in cast.items() if p == "object")
    silent = tuple(c for c, p in cast.items() if p in ("abstain", "absent", "not_participate"))
    supporting = [c for c, p in cast.items() if p == "support"]
    if option == "unanimity":
        blocking = objecting + silent
        why = "every member entitled to vote must support"
    else:
        blocking = objecting
        why = (
            "consensus means that no member objects; absence, abstention and declared "
            "non-participation do not block"
            if option == "no-objection"
            else "a member that is absent or declares it does not take part stands outside the "
            "decision, which then binds only those that took it; an objection still blocks"
        )
    adopted = not blocking and bool(supporting)
    verdict = (
        "adopted."
        if adopted
        else (
            "not adopted: " + ", ".join(f"{name(c)} ({cast[c]})" for c in blocking) + "."
            if blocking
            else "not adopted: no member supports it."
        )
    )
    ctx.cite(
        (CH_DECISIONS, CST_3),
        f"Under this reading {why}: {verdict}",
        given,
        reading="consensus-absence",
    )
    not_bound = silent if option == "limited-format" and adopted else ()
    ctx.tally = Tally(tuple(entitled), adopted, tuple(cast.items()), blocking, not_bound)
    return ctx.tally


def _needs(ctx: Ctx, rule_kind: DecisionRule) -> str:
    if ctx.counting is not None:
        return f"what the counterfactual rule '{ctx.counting.id}' asks ({ctx.counting.says})"
    if rule_kind == "procedural" and ctx.readings.get("procedural-questions") == "simple-majority":
        return "a simple majority"
    option = ctx.read("consensus-absence")
    return {
        "no-objection": "at least one supporter and no objection",
        "unanimity": "the support of every member",
        "limited-format": "no objection from any member taking part",
    }[option]


def conclude(
    ctx: Ctx,
    result: Tally,
    what: str,
    organ: str = "CSC",
    rule_kind: DecisionRule = "consensus",
) -> None:
    """Decide from a tally: adopted -> permitted; blocked -> not permitted (and the rule
    ends); unknown -> permitted subject to the body's decision. The rule may add effects
    after a permitted conclusion. The norms: the body's collective power to decide, and, once
    it has adopted, each bound member's duty to carry the decision out."""
    subject = what[:1].lower() + what[1:]
    ctx.decides(organ, f"whether to adopt {subject}", rule_kind, CH_DECISIONS)
    if result.adopted is False:
        ctx.stop(
            "not_permitted",
            organ,
            rule_kind,
            effect=f"{what} cannot be adopted as the positions stand.",
        )
    ctx.decide("permitted", organ, rule_kind)
    if result.adopted:
        bound = [c for c in result.voters if c not in result.not_bound]
        ctx.must(bound, f"carry out what was adopted: {subject}", CH_DECISIONS, on=ctx.date)
        ctx.effect(f"{what}: adopted; binding on " + ", ".join(bound) + ".", ctx.date)
        if result.not_bound:
            ctx.effect("Not bound (stood outside the decision): " + ", ".join(result.not_bound))
    else:
        ctx.effect(f"{what}, if the {ORGANS.get(organ, organ)} adopts it.")


def rule_for(question: str, ctx: Ctx | None = None) -> DecisionRule:
    """The decision rule a question is decided by: procedural or consensus (consensus for a
    procedural question that the profile's ``procedural-qualification`` turned into one of
    substance when a member objected, as :func:`tally` found)."""
    if question != "procedural":
        return "consensus"
    if ctx is not None and ctx.readings.get("procedural-qualification") == "consensus-double-veto":
        return "consensus"
    return "procedural"
