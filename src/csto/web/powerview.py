"""Edge: the ``/power`` page (the Council's a-priori voting power on a date under the law,
every rule variant and every other reading, side by side, with the history since 1994),
its charts (``/power/worlds.svg``, ``/power/history.svg``, drawn offline by vl-convert) and
``/api/power`` (the document of ``csto power --json``). With ``scenario`` (a shipped
simulation scenario) and optionally ``form``, both add each world's success, decisiveness and
P(act) with the simulation's delegations on a draft of that scenario (``csto power
--scenario``; :data:`PREFERENCE_DRAWS` draws, seed 0), explained against the a-priori figures.

The handlers are plain functions, so FastAPI runs them in its thread pool and the event
loop never computes. Reports are kept per (day, profile, others) in a small LRU; the
history per profile.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from csto.errors import InputError, Problem, UnknownIdError
from csto.io.powercharts import history_chart, svg, worlds_chart
from csto.web.api import Day, Profile
from csto.web.pages import templates
from csto.web.params import parse_day
from csto.web.site import Site

__all__ = ["router"]

router = APIRouter()

_POSITIONS = ("object", "abstain", "absent", "not_participate")
_FORMS = ("forces", "mission", "material", "statement", "decision")
#: Monte Carlo draws for the figures under a scenario's delegations (seed 0)
PREFERENCE_DRAWS = 20_000
_KEEP = 64
_lock = threading.Lock()
_T = TypeVar("_T")


def _memo(request: Request, key: tuple[Any, ...], build: Callable[[], _T]) -> _T:
    store: OrderedDict[tuple[Any, ...], Any] = request.app.state.__dict__.setdefault(
        "power_cache", OrderedDict()
    )
    with _lock:
        if key in store:
            store.move_to_end(key)
            return store[key]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        store[key] = value
        if len(store) > _KEEP:
            store.popitem(last=False)
    return value


def _params(
    request: Request, date: str | None, profile: str, others: str
) -> tuple[Site, dt.date, str]:
    site: Site = request.app.state.site
    day = parse_day(date, "date", default=dt.date.today())
    site.lawview.catalogue.profile(profile)  # an unknown (or empty) profile: 404 naming the known
    if others not in _POSITIONS:
        raise InputError(
            "unknown position for the other voters",
            (
                Problem(
                    "no such position", field="others", expected=", ".join(_POSITIONS), got=others
                ),
            ),
        )
    return site, day, others


def _shipped_scenarios() -> tuple[str, ...]:
    from csto.io.scenariofiles import builtin_scenario_files

    return tuple(f.stem for f in builtin_scenario_files())


def _scenario(
    request: Request, scenario: str | None, form: str | None
) -> tuple[Any, dt.date] | None:
    """The vote model of a shipped scenario (its delegations on a draft of ``form``) and
    the scenario's date; None without a scenario. Only shipped scenarios, never a file."""
    form = form or None  # the page's empty choice: the default form
    if form is not None and form not in _FORMS:
        raise InputError(
            "unknown form of draft",
            (Problem("no such form", field="form", expected=", ".join(_FORMS), got=form),),
        )
    if not scenario:
        return None  # a form without a scenario (the page's empty choice) has nothing to apply to
    known = _shipped_scenarios()
    if scenario not in known:
        raise UnknownIdError(
            f"no shipped scenario {scenario!r}",
            (
                Problem(
                    "unknown scenario", field="scenario", expected=", ".join(known), got=scenario
                ),
            ),
        )

    def build() -> tuple[Any, dt.date]:
        from csto.io.powerfiles import read_scenario_votes

        return read_scenario_votes(scenario, form=form)

    return _memo(request, ("scenario", scenario, form), build)


def _doc(
    request: Request,
    site: Site,
    day: dt.date,
    profile: str,
    others: str,
    model: tuple[Any, dt.date] | None = None,
) -> dict[str, Any]:
    if model is not None:
        vote_model = model[0]

        def measured() -> dict[str, Any]:
            from csto.power.report import report_document, with_preferences

            report = _report(request, site, day, profile, others)
            return report_document(
                with_preferences(report, vote_model, draws=PREFERENCE_DRAWS, seed=0)
            )

        key = ("doc", day, profile, others, vote_model.plan.scenario, vote_model.rung)
        return _memo(request, key, measured)
    return _memo(
        request,
        ("doc", day, profile, others),
        lambda: _document(_report(request, site, day, profile, others)),
    )


def _document(report: Any) -> dict[str, Any]:
    from csto.power.report import report_document

    return report_document(report)


def _report(request: Request, site: Site, day: dt.date, profile: str, others: str) -> Any:
    def build() -> Any:
        from csto.power.report import council_report  # numpy: on first use

        try:
            report = council_report(
                site.lawview.engine,
                site.history.on(day),
                profile=profile,
                others=others,  # type: ignore[arg-type]
            )
        except InputError as exc:
            # no Council (or nobody entitled to vote) that day: nothing to show there
            raise UnknownIdError(exc.message, exc.problems) from None
        return report

    return _memo(request, ("report", day, profile, others), build)


def _history(request: Request, site: Site, profile: str) -> list[dict[str, Any]]:
    today = dt.date.today()

    def build() -> list[dict[str, Any]]:
        from csto.power.history import history_document, power_history  # numpy: on first use

        periods = power_history(site.lawview.engine, site.history, end=today, profile=profile)
        return history_document(periods)

    return _memo(request, ("history", today, profile), build)


DateQ = Day
ProfileQ = Profile
OthersQ = Annotated[
    str,
    Query(
        description="The position of every voter outside the supporting coalition",
        json_schema_extra={"enum": list(_POSITIONS)},
    ),
]
IndexQ = Annotated[str, Query(max_length=30)]
ScenarioQ = Annotated[
    str | None,
    Query(
        max_length=60,
        description="A shipped simulation scenario (csto sim list): add success, decisiveness "
        "and P(act) with its delegations; the date defaults to the scenario's",
    ),
]
FormQ = Annotated[
    str | None,
    Query(
        description="The form of the draft for the scenario (default, or empty: the first on "
        "its ladder that the law leaves open)",
        json_schema_extra={"enum": [*_FORMS, ""]},
    ),
]


def _index(index: str) -> str:
    from csto.power.indices import INDICES  # numpy: on first use

    if index not in INDICES:
        raise InputError(
            "unknown power index",
            (Problem("no such index", field="index", expected=", ".join(INDICES), got=index),),
        )
    return index


@router.get("/power", response_class=HTMLResponse, include_in_schema=False)
def power_page(
    request: Request,
    date: DateQ = None,
    profile: ProfileQ = "default",
    others: OthersQ = "object",
    scenario: ScenarioQ = None,
    form: FormQ = None,
) -> Response:
    """The Council's voting power on a date: every world side by side, and since 1994."""
    model = _scenario(request, scenario, form)
    if model is not None and date is None:
        date = model[1].isoformat()
    site, day, others = _params(request, date, profile, others)
    doc = _doc(request, site, day, profile, others, model)
    query = f"date={day.isoformat()}&profile={profile}&others={others}"
    api_query = query + (
        f"&scenario={scenario}" + (f"&form={form}" if form else "") if model is not None else ""
    )
    return templates.TemplateResponse(
        request,
        "power.html",
        {
            "site": site,
            "source": site.record.source,
            "path": request.url.path,
            "today": dt.date.today(),
            "doc": doc,
            "day": day,
            "profile": profile,
            "profiles": site.lawview.catalogue.profiles,
            "others": others,
            "positions": _POSITIONS,
            "query": query,
            "api_query": api_query,
            "scenarios": _shipped_scenarios(),
            "scenario": scenario if model is not None else None,
            "forms": _FORMS,
            "form": form,
            "preference_draws": PREFERENCE_DRAWS,
        },
    )


@router.get("/power/worlds.svg", include_in_schema=False)
def worlds_svg(
    request: Request,
    date: DateQ = None,
    profile: ProfileQ = "default",
    others: OthersQ = "object",
    index: IndexQ = "banzhaf_raw",
) -> Response:
    """The worlds side by side: power to act and each member's index."""
    site, day, others = _params(request, date, profile, others)
    doc = _doc(request, site, day, profile, others)
    chart = _memo(
        request,
        ("worlds.svg", day, profile, others, _index(index)),
        lambda: svg(worlds_chart(doc, index)),
    )
    return Response(chart, media_type="image/svg+xml")


@router.get("/power/history.svg", include_in_schema=False)
def history_svg(
    request: Request, profile: ProfileQ = "default", index: IndexQ = "shapley_shubik"
) -> Response:
    """The power to act and each voter's index since 1994."""
    site, _, _ = _params(request, None, profile, "object")
    rows = _history(request, site, profile)
    chart = _memo(
        request,
        ("history.svg", dt.date.today(), profile, _index(index)),
        lambda: svg(history_chart(rows, index)),
    )
    return Response(chart, media_type="image/svg+xml")


_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "csto power --json (schema power.schema.json)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Power"}}},
    },
    404: {
        "description": "A day without a Council game (before 1994), or an unknown profile",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    },
}


@router.get(
    "/api/power",
    tags=["power"],
    summary="A-priori voting power in the Council (as csto power --json)",
    response_class=JSONResponse,
    responses=_RESPONSES,
)
def api_power(
    request: Request,
    date: DateQ = None,
    profile: ProfileQ = "default",
    others: OthersQ = "object",
    scenario: ScenarioQ = None,
    form: FormQ = None,
) -> Response:
    """A-priori voting power in the Council on ``date`` under the law, every rule variant
    and every other reading of its tally: the document of ``csto power --json``
    (power.schema.json); with ``scenario``, as ``csto power --scenario`` adds."""
    model = _scenario(request, scenario, form)
    if model is not None and date is None:
        date = model[1].isoformat()
    site, day, others = _params(request, date, profile, others)
    return JSONResponse(_doc(request, site, day, profile, others, model))
