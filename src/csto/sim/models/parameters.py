"""The named parameters of the simulation: those of each delegation, and the model's own.

A delegation's stance on a draft at ladder level ``m`` in a round is, on a latent scale,

    base + affinity * (alignment_requester - alignment_attacker)
         + russia * alignment_russia * (Russia's own alignment_requester - alignment_attacker)
         + urgency * intensity + threat * region * intensity + legal * obligation
         - cost * steps(m) - constraint + noise

where ``steps(m)`` counts the steps from a statement up to ``m`` (statement 0, material help
1, a mission 2, forces 3), ``obligation`` is 1 when the law (``request_assistance``) finds
that the Treaty obliges the members to help (art. 4, or art. 2 as amended in 2010) and 0
otherwise, and the noise is a standard
normal that carries over between rounds with correlation ``persistence``. The delegation
supports above 0, abstains down to ``-band``, objects below, and is absent with probability
``1 - attendance``. Each round the chair, knowing the positions from the consultations,
puts the strongest form the rule would adopt; when even a statement would fail, the round
fails and the delegations move (the noise carries over). docs/sim.md explains each choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from csto.sim.models.params import Dist, Param, Source

__all__ = [
    "DELEGATION_PARAMETERS",
    "LADDER",
    "MODEL_PARAMETERS",
    "ModelParameter",
    "prior_params",
]

#: the forms of help, strongest first; a statement decides no measures
LADDER: tuple[str, ...] = ("forces", "mission", "material", "statement")

#: delegation parameter -> what it measures
DELEGATION_PARAMETERS: dict[str, str] = {
    "alignment_requester": (
        "share of UN General Assembly roll calls (five years before the crisis) on which the "
        "state voted as the requester did; 1 for the requester itself"
    ),
    "alignment_attacker": (
        "share of roll calls on which the state voted as the attacker did; 0 when the "
        "attacker is not a state, 1 for the attacker itself"
    ),
    "alignment_russia": (
        "share of roll calls on which the state voted as Russia did: how far it follows "
        "Russia's lead (a proxy for dependence on Russia; 1 for Russia)"
    ),
    "region": (
        "1 when the state belongs to the requester's region of collective security (threat "
        "perception), else 0"
    ),
    "attendance": "probability that the delegation attends a round of the Council",
    "constraint": "domestic constraint against acting, on the latent scale (0: none known)",
}


@dataclass(frozen=True, slots=True)
class ModelParameter:
    name: str
    says: str
    prior: Dist


_ASSUMED = "prior (no data); 'csto sim calibrate' fits it on the documented episodes"

MODEL_PARAMETERS: dict[str, ModelParameter] = {
    p.name: p
    for p in (
        ModelParameter(
            "base",
            "stance on a statement of a delegation with no affinity, threat or obligation",
            Dist("normal", 0.0, 5.0),
        ),
        ModelParameter(
            "affinity",
            "weight of alignment with the requester minus alignment with the attacker "
            "(agreement shares differ by tenths, hence the wide prior)",
            Dist("normal", 0.0, 30.0),
        ),
        ModelParameter(
            "russia",
            "weight of alignment with Russia times Russia's own affinity for the requester",
            Dist("normal", 0.0, 30.0),
        ),
        ModelParameter(
            "urgency",
            "weight of the crisis's intensity, for every delegation",
            Dist("normal", 0.0, 5.0),
        ),
        ModelParameter(
            "threat",
            "weight of sharing the requester's region, times intensity",
            Dist("normal", 0.0, 5.0),
        ),
        ModelParameter(
            "legal",
            "weight of the Treaty's obligation to act (per the law)",
            Dist("normal", 0.0, 5.0),
        ),
        ModelParameter("cost", "cost of each step up the ladder", Dist("uniform", 0.0, 5.0)),
        ModelParameter("band", "width of the abstention band", Dist("uniform", 0.0, 3.0)),
        ModelParameter(
            "persistence",
            "correlation of a delegation's noise from one round to the next",
            Dist("uniform", 0.0, 1.0),
        ),
    )
}


def prior_params() -> tuple[Param, ...]:
    """The model's parameters at their priors, each with its source (an assumption)."""
    return tuple(
        Param(p.name, p.prior, Source("assumption", _ASSUMED)) for p in MODEL_PARAMETERS.values()
    )
