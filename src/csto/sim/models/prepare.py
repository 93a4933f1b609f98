"""From a scenario to a :class:`~csto.sim.models.plan.Plan`: fork the record on the date,
apply the membership, derive the delegations' parameters, ask the law about the request and
each rung of the ladder, and compile each variant's tally from the law.

Rule variants (:data:`VARIANTS`): ``consensus`` is the law as it stands, read by the
scenario's profile; the others swap in a counterfactual count (:mod:`csto.law.counting`)
through the engine's one factory argument. A variant name may carry a membership change
after ``@``: ``consensus@-ARM`` (without Armenia), ``majority@+UZB,-ARM``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from csto.errors import InputError, Problem
from csto.law.counting import COUNTINGS, Counting, k_of_n, minus_parties, with_counting
from csto.law.engine import Engine
from csto.law.lawcases import state_before
from csto.law.rules import load_rules
from csto.sim.models.delegations import Region, attendance_counts, delegations_for
from csto.sim.models.lawbridge import adjusted_state, law_voters, request_finding, rung_judge
from csto.sim.models.parameters import MODEL_PARAMETERS, prior_params
from csto.sim.models.params import Param, Source
from csto.sim.models.plan import DEFAULT_BATCH, Draws, Plan, VariantPlan
from csto.sim.models.scenario import INTENSITY, Membership, Scenario, spec_param
from csto.sim.models.unga import AgreementTable
from csto.sim.models.variants import VARIANTS, VariantSpec, parse_variant
from csto.sim.models.voting import VoteRule, compile_rule
from csto.state.history import History

__all__ = ["World", "prepare"]


@dataclass(frozen=True)
class World:
    """What a scenario is prepared against: the history, the law's engine, the UNGA table,
    the regions, a calibration (None: the priors), and counting rules read from files."""

    history: History
    engine: Engine
    table: AgreementTable
    regions: tuple[Region, ...]
    draws: Draws | None = None
    files: Mapping[str, Counting] = field(default_factory=dict)


def _counting(spec: VariantSpec, scenario: Scenario, world: World) -> Counting | None:
    rule = spec.rule
    if rule == "consensus":
        return None
    if rule == "minus-parties":
        crisis = scenario.crisis
        attacker = crisis.state_attacker
        return minus_parties((crisis.requester,) + ((attacker,) if attacker else ()))
    if rule.startswith("k-of-n:"):
        return k_of_n(int(rule[7:]))
    if rule.startswith("file:"):
        found = world.files.get(rule[5:])
        if found is None:
            raise InputError(f"the variant file {rule[5:]!r} was not read")
        return found
    return COUNTINGS[rule]


def _engine(world: World, counting: Counting | None) -> Engine:
    if counting is None:
        return world.engine
    base = world.engine
    return Engine(
        base.law,
        base.catalogue,
        record_digest=base.record_digest,
        csto_version=base.csto_version,
        rules=with_counting(load_rules(), counting),
    )


def prepare(
    scenario: Scenario,
    world: World,
    *,
    variants: tuple[str, ...] | None = None,
    replications: int | None = None,
    seed: int | None = None,
    batch: int = DEFAULT_BATCH,
    cycle_draws: bool = False,
) -> Plan:
    """The plan of ``scenario`` (variants, replications and seed may be overridden)."""
    day = scenario.date
    crisis = scenario.crisis
    names = variants or scenario.rules.variants
    try:
        specs = [parse_variant(n) for n in names]
    except ValueError as exc:
        raise InputError(str(exc), (Problem(str(exc), field="variants"),)) from None
    base_state = state_before(world.history, day)
    states_by_variant = []
    for spec in specs:
        membership = Membership(
            add=tuple(sorted(set(scenario.membership.add) | set(spec.add))),
            remove=tuple(sorted(set(scenario.membership.remove) | set(spec.remove))),
        )
        if crisis.requester in membership.remove:
            raise InputError(
                f"variant {spec.name!r} removes the requester {crisis.requester}",
                (Problem("the requester must stay a member", field="variants"),),
            )
        states_by_variant.append(adjusted_state(base_state, membership, day))
    profile = world.engine.profile(scenario.rules.profile)
    # the delegations: every member the law lets vote under some variant (a suspended
    # member, say, never does), in one fixed order for every variant
    union = sorted(
        {code for st in states_by_variant for code in law_voters(world.engine, st, profile, day)}
        | {crisis.requester}
    )
    if len(union) > 10:
        raise InputError(
            f"{len(union)} delegations: the simulation handles at most 10",
            (Problem("too many members", field="membership"),),
        )
    delegations = delegations_for(
        crisis,
        day,
        union,
        table=world.table,
        regions=world.regions,
        attendance=attendance_counts(world.history.record, day),
        overrides=scenario.delegations,
    )
    plans: list[VariantPlan] = []
    notes: list[str] = []
    states = tuple(union)
    for spec, state in zip(specs, states_by_variant, strict=True):
        counting = _counting(spec, scenario, world)
        engine = _engine(world, counting)
        finding = request_finding(engine, state, profile, crisis, day)
        barred: list[str | None] = []
        rule: VoteRule | None = None
        for rung in crisis.ladder:
            judge = rung_judge(engine, state, profile, crisis, rung, day)
            compiled = compile_rule(
                judge,
                states,
                f"{spec.name} ({rung})",
                check=128 if rule is None else 16,
                rng=np.random.default_rng(len(barred)),
            )
            if compiled.barred:
                barred.append(compiled.article)
                notes.append(f"{spec.name}: the law bars '{rung}' ({compiled.article})")
                continue
            barred.append(None)
            rule = rule or compiled
        if rule is None:
            rule = compiled
        if counting is not None and not rule.barred:
            rule = VoteRule(
                rule.label,
                rule.states,
                rule.voters,
                rule.veto,
                rule.quota,
                f"counterfactual rule {counting.id}",
            )
        members = np.array([c in state.members for c in states], dtype=bool)
        plans.append(
            VariantPlan(
                id=spec.name,
                says=counting.explain() if counting is not None else VARIANTS["consensus"],
                members=members,
                rule=rule,
                barred=tuple(barred),
                obligation=1.0 if finding.obligation else 0.0,
                request_outcome=finding.outcome,
                request_article=finding.article,
                russia=states.index("RUS") if "RUS" in state.members else None,
                rules_digest=engine.rules_digest,
            )
        )
    model = _model_params(scenario, world.draws)
    draws = world.draws
    if draws is not None and draws.record_digest not in (None, world.engine.record_digest):
        notes.append(
            f"the calibration was fitted on record {str(draws.record_digest)[:19]}; this record is "
            f"{world.engine.record_digest[:19]}: 'csto sim calibrate' refits it"
        )
    return Plan(
        scenario=scenario.id,
        states=states,
        delegations=delegations,
        model=model,
        ladder=crisis.ladder,
        intensity=INTENSITY[crisis.intensity],
        variants=tuple(plans),
        rounds=scenario.horizon,
        days_per_round=1,
        replications=replications if replications is not None else scenario.replications,
        seed=seed if seed is not None else scenario.seed,
        batch=batch,
        draws=world.draws,
        cycle_draws=cycle_draws,
        notes=tuple(notes),
    )


def _model_params(scenario: Scenario, draws: Draws | None) -> tuple[Param, ...]:
    out: list[Param] = []
    for prior in prior_params():
        spec = scenario.model.get(prior.name)
        if spec is not None:
            out.append(spec_param(prior.name, spec))
        elif draws is not None and prior.name in draws.names:
            column = draws.values[:, draws.names.index(prior.name)]
            weights = draws.weights / draws.weights.sum()
            mean = float((column * weights).sum())
            out.append(
                Param(
                    prior.name,
                    prior.dist,
                    Source(
                        "calibration",
                        f"weighted draws (mean {mean:.3g}) fitted on the episodes",
                        (draws.receipt,),
                    ),
                )
            )
        else:
            out.append(prior)
    assert [p.name for p in out] == list(MODEL_PARAMETERS)
    return tuple(out)
