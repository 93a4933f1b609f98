"""Edge: the ``/sim`` page: pick a shipped scenario and a rule variant, see the simulation's
report (P(act) with its interval, the form of help, the days to a decision, who blocks and
who is decisive, the delegations' parameters with their sources, the receipt), run on the
server with a bounded number of replications (:data:`MAX_REPLICATIONS`) in this process.

Only shipped scenarios and the built-in rule variants are accepted (never a file named in
the query). The handler is a plain function, so FastAPI runs it in its thread pool; reports
are kept in a small LRU per (scenario, variant, replications, seed).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from csto.errors import InputError, Problem, UnknownIdError
from csto.web.pages import templates

__all__ = ["MAX_REPLICATIONS", "router"]

router = APIRouter()

#: the most replications a request may ask the server for
MAX_REPLICATIONS = 20_000
DEFAULT_REPLICATIONS = 2_000
_KEEP = 16
_lock = threading.Lock()


def _shipped() -> list[tuple[str, str]]:
    """(id, title) of every shipped scenario, read once."""
    from csto.io.lawfiles import parse_yaml
    from csto.io.scenariofiles import builtin_scenario_files

    out = []
    for f in builtin_scenario_files():
        doc = parse_yaml(str(f), f.read_text("utf-8"))
        out.append((f.stem, str(doc["scenario"].get("title", f.stem))))
    return out


def _check(scenario: str, variant: str | None, replications: int) -> None:
    from csto.sim.models.variants import parse_variant

    known = [sid for sid, _ in _SCENARIOS]
    if scenario not in known:
        raise UnknownIdError(
            f"no shipped scenario {scenario!r}",
            (
                Problem(
                    "unknown scenario", field="scenario", expected=", ".join(known), got=scenario
                ),
            ),
        )
    if variant is not None:
        try:
            spec = parse_variant(variant)
        except ValueError as exc:
            raise InputError(str(exc), (Problem(str(exc), field="variant", got=variant),)) from None
        if spec.rule.startswith("file:"):
            raise InputError(
                "a variant file cannot be named on the web",
                (
                    Problem(
                        "variant files are read only on the command line",
                        field="variant",
                        got=variant,
                        fix="use csto sim run SCENARIO --variant file:PATH",
                    ),
                ),
            )
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise InputError(
            f"replications must be between 1 and {MAX_REPLICATIONS:,} on the server",
            (
                Problem(
                    "out of range",
                    field="replications",
                    expected=f"1 to {MAX_REPLICATIONS}",
                    got=str(replications),
                    fix="run more on your own machine: csto sim run",
                ),
            ),
        )


def _report(
    request: Request, scenario: str, variant: str | None, replications: int, seed: int | None
) -> dict[str, Any]:
    store: OrderedDict[tuple[Any, ...], dict[str, Any]] = request.app.state.__dict__.setdefault(
        "sim_cache", OrderedDict()
    )
    key = (scenario, variant, replications, seed)
    with _lock:
        if key in store:
            store.move_to_end(key)
            return store[key]
    from csto.io.simreport import simulation_body
    from csto.sim.api import simulate

    sim = simulate(
        scenario,
        replications=replications,
        seed=seed,
        variants=(variant,) if variant else None,
        executor="inline",
    )
    value = {
        "body": simulation_body(sim),
        "variants": [s.id for s in sim.summaries],
        "receipt": sim.receipt["digest"],
    }
    with _lock:
        store[key] = value
        if len(store) > _KEEP:
            store.popitem(last=False)
    return value


_SCENARIOS: list[tuple[str, str]] = []

ScenarioQ = Annotated[str | None, Query(max_length=60, description="A shipped scenario's id")]
VariantQ = Annotated[
    str | None, Query(max_length=60, description="A rule variant, e.g. consensus or majority@-ARM")
]
RepsQ = Annotated[int, Query(description=f"Replications, 1 to {MAX_REPLICATIONS}")]
SeedQ = Annotated[int | None, Query(ge=0, le=2**63 - 1, description="The run's seed")]


@router.get("/sim", response_class=HTMLResponse, include_in_schema=False)
def sim_page(
    request: Request,
    scenario: ScenarioQ = None,
    variant: VariantQ = None,
    replications: RepsQ = DEFAULT_REPLICATIONS,
    seed: SeedQ = None,
) -> Response:
    """Pick a shipped scenario and a variant; see the simulation's report."""
    from csto.sim.models.variants import VARIANTS

    if not _SCENARIOS:
        _SCENARIOS[:] = _shipped()
    variant = variant or None
    report = None
    if scenario:
        _check(scenario, variant, replications)
        report = _report(request, scenario, variant, replications, seed)
    site = request.app.state.site
    return templates.TemplateResponse(
        request,
        "sim.html",
        {
            "site": site,
            "source": site.record.source,
            "path": request.url.path,
            "scenarios": _SCENARIOS,
            "scenario": scenario,
            "variants": list(VARIANTS),
            "variant": variant,
            "replications": replications,
            "max_replications": MAX_REPLICATIONS,
            "seed": seed,
            "report": report,
        },
    )
