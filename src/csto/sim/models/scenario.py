"""A scenario: a crisis forked from the record on a date, the rules to run it under, the
membership, the horizon, replications and seed, overrides of any parameter (each with its
source), and, for an episode that happened, what history did.

:func:`decode_scenario` builds one from plain data (as read from YAML by ``csto.io``),
collecting every problem with its line and field; :func:`check_scenario` then checks it
against the organization on its date and what csto knows (states, profiles, variants,
parameters). Nothing here reads a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from csto.record.codec import Decoder
from csto.record.events import kind
from csto.sim.models.parameters import DELEGATION_PARAMETERS, LADDER, MODEL_PARAMETERS
from csto.sim.models.params import DIST_KINDS, Dist, DistKind, Param, Source
from csto.sim.models.variants import parse_variant

__all__ = [
    "INTENSITY",
    "OUTCOMES",
    "Crisis",
    "HistoryOutcome",
    "Membership",
    "ParamSpec",
    "Rules",
    "Scenario",
    "ScenarioContext",
    "ScenarioDecoder",
    "ScenarioSource",
    "check_scenario",
    "decode_scenario",
]

Intensity = Literal["low", "medium", "high"]
#: intensity on the latent scale's [0, 1] (the weight 'threat' is calibrated on it)
INTENSITY: dict[str, float] = {"low": 1 / 3, "medium": 2 / 3, "high": 1.0}

Asks = Literal["unspecified", "forces", "mission", "material", "statement"]
Outcome = Literal["forces", "mission", "material", "statement", "adopted", "none"]
OUTCOMES: dict[str, str] = {
    "forces": "the Council decided to send collective forces",
    "mission": "the Council decided to send a mission",
    "material": "the Council decided on material help",
    "statement": "the Council adopted a statement, no measures",
    "adopted": "the Council adopted the draft decision",
    "none": "the Council decided nothing",
}

MAX_HORIZON = 365
MAX_REPLICATIONS = 100_000_000
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True, slots=True)
class Crisis:
    """What happens and what is asked. ``kind: decision`` is a draft decision put by
    ``requester`` (its proposer), with no attacker and no ladder of help."""

    requester: str = kind("state")
    kind: Literal["assistance", "decision"] = "assistance"
    grounds: Literal["aggression", "threat", "unrest"] = "aggression"
    attacker: str | None = None
    territory: Literal["recognised", "undelimited", "disputed"] = "recognised"
    intensity: Intensity = "medium"
    asks: Asks = "unspecified"
    requested: bool = True
    subject: str | None = None

    @property
    def ladder(self) -> tuple[str, ...]:
        """The drafts the chair may put, strongest first ('unspecified' starts at the
        strongest form; the law may still bar some)."""
        if self.kind == "decision":
            return ("decision",)
        start = 0 if self.asks == "unspecified" else LADDER.index(self.asks)
        return LADDER[start:]

    @property
    def state_attacker(self) -> str | None:
        """The attacker when it is a state, else None."""
        return None if self.attacker in (None, "non-state") else self.attacker


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """An override: ``value`` (fixed) or ``dist`` with ``a`` and ``b``; always a source."""

    source: str
    value: float | None = None
    dist: DistKind | None = None
    a: float | None = None
    b: float | None = None


@dataclass(frozen=True, slots=True)
class Membership:
    """States added to or removed from the members on the scenario's date."""

    add: tuple[str, ...] = kind("state", ())
    remove: tuple[str, ...] = kind("state", ())


@dataclass(frozen=True, slots=True)
class Rules:
    """The interpretation profile, and the rule variants to compare (``law`` is the law as
    read by the profile; see ``csto sim variants``; ``file:PATH`` names a variant file)."""

    profile: str = "default"
    variants: tuple[str, ...] = ("law",)


@dataclass(frozen=True, slots=True)
class HistoryOutcome:
    """What the Council did in the episode: the outcome, after how many days, the record
    events that show it, and whether calibration may fit on it (``why_not`` if not)."""

    outcome: Outcome
    says: str
    day: int | None = None
    events: tuple[str, ...] = kind("event", ())
    fit: bool = True
    why_not: str | None = None


@dataclass(frozen=True, slots=True)
class ScenarioSource:
    """Where a scenario's facts come from: a record event id, a record source id or a URL."""

    ref: str
    locator: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    about: str
    date: dt.date
    crisis: Crisis
    sources: tuple[ScenarioSource, ...]
    rules: Rules = Rules()
    membership: Membership = Membership()
    horizon: int = 30
    replications: int = 10_000
    seed: int = 0
    delegations: dict[str, dict[str, ParamSpec]] = field(default_factory=dict)
    model: dict[str, ParamSpec] = field(default_factory=dict)
    history: HistoryOutcome | None = None
    episode: str | None = None

    def replace(self, **changes: Any) -> Scenario:
        return dataclasses.replace(self, **changes)


class ScenarioDecoder(Decoder):
    """The record's decoder, taught numbers (scenarios carry parameters)."""

    def value(
        self,
        hint: Any,
        raw: object,
        node: object,
        key: object,
        path: str,
        code_kind: str | None,
    ) -> Any:
        if hint is float:
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                self.problem(
                    "expected a number",
                    line=line_of(node, key),
                    field=path,
                    got=f"{type(raw).__name__} {raw!r}",
                )
                return _BAD
            if not math.isfinite(raw):
                self.problem("expected a finite number", line=line_of(node, key), field=path)
                return _BAD
            return float(raw)
        return super().value(hint, raw, node, key, path, code_kind)


_BAD: Any = object()


def line_of(node: object, key: object = None) -> int | None:
    """The 1-based line of ``node`` (or of ``key`` in it) when the YAML reader kept it."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is not None:
            return int((lc.item(key) if isinstance(key, int) else lc.key(key))[0]) + 1
        return int(lc.line) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def decode_scenario(decoder: Decoder, doc: object) -> Scenario | None:
    """The scenario in ``doc`` (a mapping with one key, ``scenario``), or None with the
    problems recorded in ``decoder``."""
    if not isinstance(doc, Mapping) or set(doc) != {"scenario"}:
        decoder.problem(
            "a scenario file holds one mapping, 'scenario'",
            line=line_of(doc),
            field="scenario",
            expected="scenario: {id: ..., title: ..., date: ..., crisis: ...}",
            fix="put the scenario's fields under a top-level 'scenario:' key",
        )
        return None
    return decoder.build(Scenario, doc["scenario"], doc["scenario"], "scenario")


@dataclass(frozen=True, slots=True)
class ScenarioContext:
    """What a scenario is checked against: the members on its date (code -> status), the
    profiles and variant names csto knows, and whether a reference names something real."""

    members: Mapping[str, str]
    profiles: frozenset[str]
    variants: frozenset[str]
    known_ref: Callable[[str], bool]
    has_data: Callable[[str], bool]


def _at(doc: object, *path: str | int) -> tuple[object, object]:
    """The node holding the last key of ``path`` in ``doc``, and that key."""
    node: Any = doc
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return node, None
    return node, path[-1] if path else None


def check_scenario(decoder: Decoder, doc: object, scenario: Scenario, ctx: ScenarioContext) -> None:
    """Every problem with a decoded scenario that needs the world to see, located."""

    def bad(path: tuple[str | int, ...], message: str, **kw: str) -> None:
        node, key = _at(doc, "scenario", *path)
        line = line_of(node, key) if key is not None else None
        decoder.problem(
            message,
            line=line or line_of(node),
            field="scenario" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path),
            **kw,
        )

    s = scenario
    voters = {c for c, status in ctx.members.items() if status != "signatory"}
    voters = (voters | set(s.membership.add)) - set(s.membership.remove)
    crisis = s.crisis
    if crisis.requester not in voters:
        bad(
            ("crisis", "requester"),
            f"{crisis.requester} is not a member on {s.date} in this scenario",
            expected="one of " + ", ".join(sorted(voters)),
            fix="pick a member, or add the state under 'membership: {add: [...]}'",
        )
    if crisis.kind == "decision" and (crisis.attacker is not None or crisis.asks != "unspecified"):
        bad(
            ("crisis", "kind"),
            "a draft decision has no attacker and no form of help",
            fix="remove 'attacker' and 'asks', or use kind: assistance",
        )
    if crisis.attacker not in (None, "non-state"):
        attacker = crisis.attacker
        if not (len(attacker) == 3 and attacker.isalpha() and attacker.isupper()):
            bad(
                ("crisis", "attacker"),
                f"{attacker!r} is neither a state code nor 'non-state'",
                expected="an ISO 3166-1 alpha-3 code (e.g. AZE) or non-state",
            )
        elif attacker == crisis.requester:
            bad(("crisis", "attacker"), "the requester cannot attack itself")
    for i, code in enumerate(s.membership.add):
        if code in ctx.members and ctx.members[code] != "signatory":
            bad(("membership", "add", i), f"{code} is already a member on {s.date}")
    for i, code in enumerate(s.membership.remove):
        if code not in ctx.members:
            bad(("membership", "remove", i), f"{code} is not a member on {s.date}")
    if s.rules.profile not in ctx.profiles:
        bad(
            ("rules", "profile"),
            f"unknown profile {s.rules.profile!r}",
            expected="one of " + ", ".join(sorted(ctx.profiles)),
        )
    if not s.rules.variants:
        bad(("rules", "variants"), "no variant to run", fix="list at least one, e.g. [law]")
    for i, name in enumerate(s.rules.variants):
        try:
            variant = parse_variant(name)
        except ValueError as exc:
            bad(
                ("rules", "variants", i),
                str(exc),
                expected="one of " + ", ".join(sorted(ctx.variants)) + ", k-of-n:K, file:PATH",
                fix="'csto sim variants' lists them; '@-ARM' removes a member",
            )
            continue
        if crisis.requester in variant.remove:
            bad(("rules", "variants", i), f"{name!r} removes the requester {crisis.requester}")
    if len(set(s.rules.variants)) != len(s.rules.variants):
        bad(("rules", "variants"), "a variant is listed twice")
    if not 1 <= s.horizon <= MAX_HORIZON:
        bad(("horizon",), f"horizon {s.horizon} is out of range", expected=f"1 to {MAX_HORIZON}")
    if not 1 <= s.replications <= MAX_REPLICATIONS:
        bad(
            ("replications",),
            f"{s.replications} replications is out of range",
            expected=f"1 to {MAX_REPLICATIONS:,}",
        )
    if not 0 <= s.seed < 2**63:
        bad(("seed",), "the seed must be a whole number from 0 to 2**63 - 1")
    for i, src in enumerate(s.sources):
        if not (_URL.match(src.ref) or ctx.known_ref(src.ref)):
            bad(
                ("sources", i, "ref"),
                f"{src.ref!r} names no record event or source, and is not a URL",
                fix="cite a record event id, a record source id, or a URL",
            )
    if not s.sources:
        bad(("sources",), "a scenario must cite its sources", fix="add record events or URLs")
    if s.history is not None:
        for i, event in enumerate(s.history.events):
            if not ctx.known_ref(event):
                bad(("history", "events", i), f"unknown record event {event!r}")
        if s.crisis.kind == "decision" and s.history.outcome not in ("adopted", "none"):
            bad(
                ("history", "outcome"),
                "a draft decision is adopted or not",
                expected="adopted or none",
            )
        if s.crisis.kind == "assistance" and s.history.outcome == "adopted":
            bad(
                ("history", "outcome"),
                "say which form of help was decided",
                expected="forces, mission, material, statement or none",
            )
    for code, params in s.delegations.items():
        if code not in voters | set(ctx.members):
            bad(("delegations", code), f"{code} has no delegation in this scenario")
        for name, spec in params.items():
            if name not in DELEGATION_PARAMETERS:
                bad(
                    ("delegations", code, name),
                    f"unknown delegation parameter {name!r}",
                    expected="one of " + ", ".join(DELEGATION_PARAMETERS),
                )
                continue
            _check_spec(bad, ("delegations", code, name), spec)
    for name, spec in s.model.items():
        if name not in MODEL_PARAMETERS:
            bad(
                ("model", name),
                f"unknown model parameter {name!r}",
                expected="one of " + ", ".join(MODEL_PARAMETERS),
            )
            continue
        _check_spec(bad, ("model", name), spec)
    partners = {
        "alignment_requester": crisis.requester,
        "alignment_attacker": crisis.state_attacker,
        "alignment_russia": "RUS",
    }
    for code in sorted(voters):
        overrides = s.delegations.get(code, {})
        for param, partner in partners.items():
            if partner is None or partner == code or param in overrides:
                continue
            if not (ctx.has_data(code) and ctx.has_data(partner)):
                bad(
                    ("delegations", code) if code in s.delegations else ("crisis",),
                    f"no UN General Assembly data for {code} and {partner}",
                    fix=f"give '{param}' under 'delegations: {code}:' with its source",
                )


def _check_spec(bad: Callable[..., None], path: tuple[str | int, ...], spec: ParamSpec) -> None:
    try:
        spec_dist(spec)
    except ValueError as exc:
        bad(path, str(exc), fix="give 'value: X', or 'dist: beta|normal|uniform' with a and b")


def spec_dist(spec: ParamSpec) -> Dist:
    """The distribution an override describes (``ValueError`` says what is wrong)."""
    if spec.value is not None:
        if spec.dist not in (None, "fixed") or spec.a is not None or spec.b is not None:
            raise ValueError("give either 'value' or 'dist' with 'a' and 'b', not both")
        return Dist("fixed", spec.value)
    if spec.dist is None:
        raise ValueError("an override needs 'value' or 'dist'")
    if spec.dist not in DIST_KINDS:  # pragma: no cover - the decoder checks the literal
        raise ValueError(f"unknown distribution {spec.dist!r}")
    if spec.a is None or (spec.dist != "fixed" and spec.b is None):
        raise ValueError(f"a {spec.dist} distribution needs 'a' and 'b'")
    return Dist(spec.dist, spec.a, spec.b if spec.b is not None else 0.0)


def spec_param(name: str, spec: ParamSpec) -> Param:
    """The override as a parameter whose source is the scenario's."""
    return Param(name, spec_dist(spec), Source("scenario", spec.source))


def outcome_names(ladder: Iterable[str]) -> tuple[str, ...]:
    """The outcomes a run can end in: each rung of the ladder, or nothing."""
    return (*tuple("adopted" if r == "decision" else r for r in ladder), "none")
