"""Which counterfactual decision rules (:mod:`csto.law.counting`) a power report shows, by
the names the simulation uses for them.

- ``consensus``: the law as it stands (the report's first world);
- ``majority``, ``silence``: the shipped :data:`~csto.law.counting.COUNTINGS`;
- ``k-of-n:K`` (:func:`~csto.law.counting.k_of_n`); bare ``k-of-n``: every K from 1 to the
  number of voters;
- ``minus-parties:A+B`` (:func:`~csto.law.counting.minus_parties`, the parties to a dispute
  named); bare ``minus-parties``: each voter in turn as the one party (a scenario names its
  parties from its crisis, as the simulation does);
- ``file:PATH``: a counting read from a variant file by the edge that was given it (the core
  reads no files), passed in ``files``.

By default a report shows every one of them: :data:`DEFAULT_COUNTINGS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from csto.errors import InputError, Problem
from csto.law.counting import COUNTINGS, Counting, k_of_n, minus_parties

__all__ = ["COUNTING_NAMES", "DEFAULT_COUNTINGS", "is_counting", "resolve_countings"]

#: the counting names a report accepts, with what each means
COUNTING_NAMES: dict[str, str] = {
    "consensus": "the law as it stands (the Charter's consensus, as the profile reads it)",
    "majority": COUNTINGS["majority"].says,
    "silence": COUNTINGS["silence"].says,
    "k-of-n": "at least K members support, none can block alone: every K from 1 to the voters",
    "k-of-n:K": "at least K members support; none can block alone (e.g. k-of-n:4)",
    "minus-parties": "consensus minus the parties to a dispute: each voter in turn as the party",
    "minus-parties:A+B": "consensus among the members other than the parties A and B",
    "file:PATH": "a decision rule of your own, from a variant file (docs/sim.md)",
}

#: what a report shows when no variant is named
DEFAULT_COUNTINGS: tuple[str, ...] = ("majority", "silence", "k-of-n", "minus-parties")


def is_counting(name: str) -> bool:
    """Whether ``name`` names a counting (rather than a rule variant of ``csto.cases``)."""
    return name in ("consensus", "majority", "silence", "k-of-n", "minus-parties") or (
        name.startswith(("k-of-n:", "minus-parties:", "file:"))
    )


def _problem(name: str, why: str, fix: str) -> InputError:
    return InputError(
        f"the counting {name!r} is not valid",
        (Problem(why, field="variant", got=name, fix=fix),),
    )


def _parties(name: str, codes: str) -> tuple[str, ...]:
    parties = tuple(p.strip() for p in codes.replace(",", "+").split("+") if p.strip())
    bad = [p for p in parties if not (len(p) == 3 and p.isalpha() and p.isupper())]
    if not parties or bad:
        raise _problem(
            name,
            "name the parties by their ISO 3166-1 alpha-3 codes",
            "e.g. minus-parties:KGZ+TJK",
        )
    return parties


def resolve_countings(
    names: Sequence[str],
    voters: Sequence[str],
    files: Mapping[str, Counting] | None = None,
) -> list[tuple[str, Counting | None]]:
    """``(name, counting)`` for every world the names ask for (None: the law itself), the
    families expanded over ``voters`` (the members the law lets vote that day)."""
    out: list[tuple[str, Counting | None]] = []
    for name in names:
        if name == "consensus":
            out.append((name, None))
        elif name in COUNTINGS:
            out.append((name, COUNTINGS[name]))
        elif name == "k-of-n":
            out.extend((f"k-of-n:{k}", k_of_n(k)) for k in range(1, len(voters) + 1))
        elif name.startswith("k-of-n:"):
            tail = name[7:]
            if not (tail.isdigit() and int(tail) >= 1):
                raise _problem(name, "K must be a whole number, 1 or more", "e.g. k-of-n:4")
            out.append((name, k_of_n(int(tail))))
        elif name == "minus-parties":
            out.extend((f"minus-parties:{v}", minus_parties((v,))) for v in voters)
        elif name.startswith("minus-parties:"):
            counting = minus_parties(_parties(name, name[14:]))
            out.append((counting.id, counting))
        elif name.startswith("file:"):
            found = (files or {}).get(name[5:])
            if found is None:
                raise _problem(
                    name,
                    "the variant file was not read",
                    "give the file's path after file: (the command line reads it)",
                )
            out.append((name, found))
        else:
            raise _problem(name, "not a counting", "one of " + ", ".join(COUNTING_NAMES))
    return out
