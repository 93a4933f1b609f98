"""The HTML pages: server-rendered with Jinja2, working without JavaScript.

Each route parses its parameters, asks the :class:`~csto.web.site.Site`, and renders one
template from ``templates/``. The date control's script (``static/csto.js``) only
enhances: it swaps in the fragments ``/fragment/state`` and ``/fragment/map`` as the
slider moves, instead of reloading the page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.types import Scope

from csto import __version__
from csto.codes import ORGANS, STATES, state_name
from csto.errors import CstoError, InputError, Problem, UnknownIdError
from csto.law.texts import ArticleRef
from csto.record.codec import to_data
from csto.record.events import EVENT_TYPES, Event
from csto.state.statuses import STATUS_LABELS
from csto.state.tenure import POSTS, slug
from csto.web import present, words
from csto.web.cache import MARK
from csto.web.dated import NO_RATIFICATION
from csto.web.instrumentbrief import instrument_brief
from csto.web.lawview import CHECK_LEVELS, action_fields, action_from_form, article_label
from csto.web.organbrief import organ_brief
from csto.web.params import parse_day, parse_kinds, parse_state
from csto.web.problems import describe, status_for
from csto.web.site import ORGAN_TAGS, Site
from csto.web.statebrief import state_brief
from csto.web.worldmap import CAPTION, LEGEND, Country, MapView, country_names, map_view

__all__ = ["error_page", "router", "templates"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

NAV = (
    ("/", "Organization"),
    ("/map", "Map"),
    ("/compare", "Compare"),
    ("/timeline", "Timeline"),
    ("/states", "States"),
    ("/organs", "Organs"),
    ("/officials", "Officials"),
    ("/instruments", "Instruments"),
    ("/sources", "Sources"),
    ("/ask", "Ask"),
    ("/readings", "Readings"),
    ("/cases", "Cases"),
    ("/power", "Power"),
    ("/search", "Search"),
    ("/glossary", "Glossary"),
    ("/api", "API"),
)


def _state_name(code: str | None) -> str:
    if code is None:
        return "-"
    return state_name(code) if code in STATES else country_names().get(code, code)


def _value(value: Any) -> str:
    """A field's value as text for the event page."""
    data = to_data(value)
    if isinstance(data, list):
        return ", ".join(_value(v) if not isinstance(v, str) else v for v in data)
    if isinstance(data, dict):
        return "; ".join(f"{k}: {v}" for k, v in data.items())
    return str(data)


@functools.lru_cache(maxsize=64)
def _svg(
    countries: tuple[Country, ...], width: int, height: int, inset: tuple[float, ...]
) -> Markup:
    template = templates.env.get_template("_svg.html")
    return Markup(
        template.render(countries=countries, width=width, height=height, inset=inset, states=STATES)
    )


def map_svg(view: MapView) -> Markup:
    """The map's SVG markup; the same for every day with the same colours and tooltips."""
    return _svg(view.countries, view.width, view.height, view.inset)


def ask_url(action: dict[str, Any], profile: str = "default") -> str:
    """The ask page's address that judges this action (its mapping, as in a file)."""
    params: list[tuple[str, str]] = [("action", str(action["action"])), ("judge", "1")]
    for key, value in action.items():
        if key == "action" or value is None:
            continue
        if isinstance(value, dict):
            params += [(f"{key}.{k}", str(v)) for k, v in value.items()]
        elif isinstance(value, list):
            params += [(key, str(v)) for v in value]
        elif isinstance(value, bool):
            params.append((key, "true" if value else ""))
        else:
            params.append((key, str(value)))
    params.append(("profile", profile))
    return "/ask?" + urlencode(params)


templates.env.globals.update(
    ask_url=ask_url,
    map_svg=map_svg,
    nav=NAV,
    version=__version__,
    organs=ORGANS,
    states=STATES,
    posts=POSTS,
    status_text=STATUS_LABELS,
    check_levels=CHECK_LEVELS,
    legend=LEGEND,
    caption=CAPTION,
)
templates.env.filters.update(
    state_name=_state_name,
    article_label=article_label,
    value=_value,
    slug=slug,
)
words.install(templates.env)


def _site(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def _render(request: Request, name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    site = _site(request)
    context.setdefault("today", dt.date.today())
    context["site"] = site
    context["source"] = site.record.source
    context["path"] = request.url.path
    response = templates.TemplateResponse(request, name, context, status_code=http_status)
    response.headers[MARK] = "1"  # depends only on the site and the request: may be kept
    return response


def error_page(request: Request, doc: dict[str, Any]) -> Response:
    """The HTML page for a problem document (same status)."""
    return _render(request, "error.html", http_status=doc["status"], problem=doc)


DateQ = Annotated[str | None, Query()]


def _cached(request: Request, build: Callable[[], HTMLResponse]) -> Response:
    """A page: rendered here, kept by the application's answer cache (web/cache.py)."""
    return build()


#: what stands for the day and the slider's offset in a date page rendered once per interval
#: (the day as a day no page otherwise shows, so that it survives being made a slug)
_DAY, _OFFSET = "0001-01-01", "@@csto-offset@@"
#: how many date pages (one per interval between change days and page) to keep
DATE_PAGES = 1024
#: how many events one page of the timeline shows
TIMELINE_PAGE = 200


class _AnyDay(dt.date):
    """A day of the interval, written as a placeholder (compared as the day it is)."""

    def __str__(self) -> str:
        return _DAY

    def isoformat(self) -> str:
        return _DAY


class _AnyOffset(int):
    """The slider's offset, written as a placeholder."""

    def __str__(self) -> str:
        return _OFFSET


#: the placeholders, as they are cut out of a rendered page
_DAY_B = _DAY.encode()
_HOLES = re.compile(b"(" + re.escape(_DAY_B) + b"|" + re.escape(_OFFSET.encode()) + b")")


class _Holes:
    """A date page rendered once for its interval, cut at its placeholders, so that a day
    is filled in by one join (``bytes.replace`` scanned the whole page once per
    placeholder: ~0.09 ms of the ~0.1 ms of CPU a home page took through the application;
    0.025 ms now)."""

    __slots__ = ("days", "offsets", "parts")

    def __init__(self, body: bytes) -> None:
        self.parts = _HOLES.split(body)  # the placeholders at the odd places
        self.days = tuple(i for i in range(1, len(self.parts), 2) if self.parts[i] == _DAY_B)
        self.offsets = tuple(i for i in range(1, len(self.parts), 2) if self.parts[i] != _DAY_B)

    def fill(self, day: bytes, offset: bytes) -> bytes:
        parts = self.parts.copy()
        for i in self.days:
            parts[i] = day
        for i in self.offsets:
            parts[i] = offset
        return b"".join(parts)


_date_pages: dict[tuple[object, ...], _Holes] = {}


def _date_page(request: Request, template: str, day: dt.date, page_path: str) -> Response:
    """A date page. The organization is the same on every day between two change days, and
    the page differs only where it writes the day (its address included) and the slider's
    offset: it is rendered once per interval (and once for the change day itself, whose
    'previous change' differs) with placeholders there, which each request fills in. A
    request naming its day other than as YYYY-MM-DD is rendered in full."""
    site = _site(request)
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    given = [v for k, v in pairs if k == "date"]
    if given and given != [day.isoformat()]:
        return _render(request, template, **_state_context(site, day, page_path))
    masked = urlencode([(k, _DAY if k == "date" else v) for k, v in pairs])
    key = _date_key(site, template, page_path, masked, day, request.headers.get("host"))
    page = _date_pages.get(key)
    if page is None:
        context = _state_context(site, day, page_path)
        context["day"] = _AnyDay(day.year, day.month, day.day)
        context["offset"] = _AnyOffset(context["offset"])
        placeholder = Request({**request.scope, "query_string": masked.encode()})
        response = _render(placeholder, template, **context)
        if response.status_code != 200:
            return response
        page = _Holes(bytes(response.body))
        if len(_date_pages) >= DATE_PAGES:
            _date_pages.clear()
        _date_pages[key] = page
    return HTMLResponse(_fill(site, page, day), headers={MARK: "1"})


def _date_key(
    site: Site, template: str, page_path: str, masked: str, day: dt.date, host: str | None
) -> tuple[object, ...]:
    """What a date page's rendering depends on: the page and its other parameters, the
    interval between change days (and whether the day starts it), the host, today, and,
    past the last change day, whether the day is in the future (the horizon warning)."""
    days = site.change_days
    index = bisect.bisect_right(days, day)
    starts = index > 0 and days[index - 1] == day
    today = dt.date.today()
    return (id(site), template, page_path, masked, index, starts, host, today, day > today)


def _fill(site: Site, page: _Holes, day: dt.date) -> bytes:
    return page.fill(day.isoformat().encode(), str((day - site.first_day).days).encode())


#: the date pages by path: (template, the path of the page its controls lead to)
DATE_ROUTES = {
    "/": ("home.html", "/"),
    "/fragment/state": ("_state.html", "/"),
    "/map": ("map.html", "/map"),
    "/fragment/map": ("_mapview.html", "/map"),
}
_HTML = [(b"content-type", b"text/html; charset=utf-8")]


def kept_date_page(scope: Scope) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
    """A date page asked as ``PATH?date=YYYY-MM-DD`` whose interval was rendered before:
    its headers and body, filled in for the day, straight from the pages kept, with no
    routing and no thread (the application's answer cache asks this first,
    :class:`~csto.web.cache.ResponseCache`). None for anything else: the route answers."""
    route = DATE_ROUTES.get(scope["path"])
    query: bytes = scope["query_string"]
    if route is None or len(query) != 15 or not query.startswith(b"date="):
        return None
    try:
        text = query[5:].decode("ascii")
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    if day.isoformat() != text:
        return None
    site: Site = scope["app"].state.site
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
    kept = _date_pages.get(_date_key(site, *route, f"date={_DAY}", day, host))
    if kept is None:
        return None
    page = _fill(site, kept, day)
    return [*_HTML, (b"content-length", str(len(page)).encode())], page


def _state_context(site: Site, day: dt.date, page_path: str) -> dict[str, Any]:
    state = site.on(day)
    days = site.change_days
    before = [d for d in days if d < day]
    after = [d for d in days if d > day]
    return {
        "day": day,
        "state": state,
        "map": map_view(state),
        "previous_change": before[-1] if before else None,
        "next_change": after[0] if after else None,
        "offset": (day - site.first_day).days,
        "span": (max(dt.date.today(), site.first_day) - site.first_day).days,
        "key_days": site.membership_changes(),
        "first_day": site.first_day,
        "page_path": page_path,
    }


@router.get("/", response_class=HTMLResponse)
def home(request: Request, date: DateQ = None) -> Response:
    """The organization on a date, with the map and the date control."""
    day = parse_day(date, "date", default=dt.date.today())
    return _date_page(request, "home.html", day, "/")


@router.get("/fragment/state", response_class=HTMLResponse)
def state_fragment(request: Request, date: DateQ = None) -> Response:
    """The state section of the home page alone (the date control swaps it in)."""
    day = parse_day(date, "date", default=dt.date.today())
    return _date_page(request, "_state.html", day, "/")


@router.get("/map", response_class=HTMLResponse)
def world_map(request: Request, date: DateQ = None) -> Response:
    """The map of members on a date, with its legend and caption."""
    day = parse_day(date, "date", default=dt.date.today())
    return _date_page(request, "map.html", day, "/map")


@router.get("/fragment/map", response_class=HTMLResponse)
def map_fragment(request: Request, date: DateQ = None) -> Response:
    """The map section alone."""
    day = parse_day(date, "date", default=dt.date.today())
    return _date_page(request, "_mapview.html", day, "/map")


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request,
    state: Annotated[str | None, Query()] = None,
    kind: Annotated[list[str] | None, Query()] = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    disputed: Annotated[str | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
) -> Response:
    """Events with filters (type, state, period), each with sources and other versions,
    :data:`TIMELINE_PAGE` to a page."""
    site = _site(request)
    code = parse_state(state, "state", site.state_codes)
    kinds = parse_kinds(kind, "kind")
    d1 = parse_day(start, "from") if start else None
    d2 = parse_day(end, "to") if end else None
    events = site.history.timeline(state=code, kind=kinds or None, start=d1, end=d2)
    if disputed:
        events = [e for e in events if e.disputed]
    pages = max(1, -(-len(events) // TIMELINE_PAGE))
    if page > pages:
        raise UnknownIdError(
            f"the timeline has {pages} page(s) for these filters, not {page}",
            (Problem("no such page", field="page", expected=f"1 to {pages}", got=str(page)),),
        )
    first = (page - 1) * TIMELINE_PAGE
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]

    def link(number: int) -> str:
        return "/timeline?" + urlencode([*query, ("page", str(number))])

    return _render(
        request,
        "timeline.html",
        events=events[first : first + TIMELINE_PAGE],
        total=len(events),
        paging={
            "page": page,
            "pages": pages,
            "first": first + 1,
            "previous": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
        },
        kinds=sorted(EVENT_TYPES),
        used_kinds=sorted({e.type for e in site.record.events}),
        chosen={
            "state": code,
            "kind": kinds,
            "from": d1 and d1.isoformat(),
            "to": d2 and d2.isoformat(),
            "disputed": bool(disputed),
        },
        state_codes=sorted(c for c in site.state_codes if c in site.by_state),
    )


def _event(site: Site, event_id: str) -> Event:
    if not site.record.has_event(event_id):
        raise UnknownIdError(
            f"no event with id {event_id[:80]!r}",
            (Problem("no such event", field="event_id", got=repr(event_id[:80])),),
        )
    return site.record.event(event_id)


_SHOWN_ELSEWHERE = {
    "id",
    "date",
    "recorded",
    "states",
    "summary",
    "confidence",
    "sources",
    "alternatives",
    "default_reason",
    "note",
    "origin",
}


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    """One event: every field, its sources, its other versions."""
    site = _site(request)
    event = _event(site, event_id)
    fields = [
        (name, getattr(event, name))
        for name in event.__dataclass_fields__
        if name not in _SHOWN_ELSEWHERE and getattr(event, name) not in (None, ())
    ]
    return _render(
        request,
        "event.html",
        event=event,
        fields=fields,
        cases=site.cases.by_event.get(event.id, []),
    )


@router.get("/states", response_class=HTMLResponse)
def states_page(request: Request) -> Response:
    """Every state that has been a party, with its membership history at a glance."""
    site = _site(request)
    today = site.on(dt.date.today())
    return _render(request, "states.html", periods=site.periods, now=today)


@router.get("/states/{code}", response_class=HTMLResponse)
def state_page(request: Request, code: str, date: DateQ = None) -> Response:
    """One state: what it is in the CSTO on a date (today by default) in a few sourced
    sentences, its membership periods and every event that concerns it."""
    site = _site(request)
    found = parse_state(code, "code", site.state_codes)
    assert found is not None
    today = dt.date.today()
    day = parse_day(date, "date", default=today)
    brief = state_brief(site.record.events, found, day)
    return _render(
        request,
        "state.html",
        code=found,
        info=STATES.get(found),
        periods=site.periods.get(found, []),
        events=site.by_state.get(found, []),
        now=site.on(day),
        day=day,
        dated=date is not None and day != today,
        brief=brief,
        notes=list(dict.fromkeys(i for f in brief for i in f.events)),
        cases=site.cases.by_state.get(found, []),
    )


@router.get("/organs", response_class=HTMLResponse)
def organs_page(request: Request) -> Response:
    """The organs, when each was established, and how much the record knows of each."""
    site = _site(request)
    return _render(request, "organs.html", now=site.on(dt.date.today()), by_organ=site.by_organ)


@router.get("/organs/{organ_id}", response_class=HTMLResponse)
def organ_page(request: Request, organ_id: str) -> Response:
    """One organ: its establishment, sessions, decisions, chairs and the articles about it."""
    site = _site(request)
    key = organ_id.upper()
    if key not in ORGANS:
        raise UnknownIdError(
            f"no organ {organ_id[:20]!r}",
            (
                Problem(
                    "no such organ",
                    field="organ_id",
                    expected="one of " + ", ".join(ORGANS),
                    got=repr(organ_id[:20]),
                ),
            ),
        )
    tag = ORGAN_TAGS.get(key)
    record_brief = organ_brief(site.record.events, key, dt.date.today())
    articles = [
        (ins.id, a)
        for ins in site.lawview.law.instruments.values()
        for a in ins.articles
        if tag in a.tags
    ]
    return _render(
        request,
        "organ.html",
        organ=key,
        events=site.by_organ.get(key, []),
        articles=articles,
        brief=_organ_brief(site, tag),
        record_brief=record_brief,
        notes=list(dict.fromkeys(i for f in record_brief for i in f.events)),
        now=site.on(dt.date.today()),
    )


#: the constitutive document whose articles say what each organ is and how it decides
CHARTER = "CHARTER-2002"
_EMPHASIS = re.compile(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])")


def _organ_brief(site: Site, tag: str | None) -> list[tuple[str, str, Markup, Markup | None]]:
    """What the organ is and how it decides, in the words of the Charter's articles in force
    today that are about it (not the article listing every body): ``(role, number, first,
    now)``, the role ``what`` or ``decides``, ``first`` the article's first wording (which
    stands alone) and ``now`` the one in force today when an amendment changed it (its
    paraphrase says what changed), else None; both as plain words (present.plain_note) with
    the law data's *emphasis* rendered."""
    law = site.lawview.law
    if tag is None or CHARTER not in law.instruments:
        return []

    def words(text: str) -> Markup:
        return Markup(_EMPHASIS.sub(r"<em>\1</em>", str(present.plain_note(text))))

    out = []
    for a in law.instruments[CHARTER].articles:
        if tag not in a.tags or a.number == "11" or not a.versions:
            continue
        now = law.version(ArticleRef(CHARTER, a.number), dt.date.today())
        if now is not None:
            role = "decides" if "decision-making" in a.tags else "what"
            first = a.versions[0]
            amended = None
            if now is not first:
                since = f"As amended from {now.from_}: " if now.from_ else "As amended: "
                amended = Markup(since) + words(now.paraphrase)
            out.append((role, a.number, words(first.paraphrase), amended))
    return sorted(out, key=lambda r: r[0] == "decides")


@router.get("/officials", response_class=HTMLResponse)
def officials_page(request: Request) -> Response:
    """The people the record names in posts, with their terms."""
    return _render(request, "officials.html", officials=_site(request).officials)


@router.get("/officials/{key}", response_class=HTMLResponse)
def official_page(request: Request, key: str) -> Response:
    """One official: posts held, from which event to which."""
    site = _site(request)
    person = site.official(key)
    events = [site.record.event(i) for p in person.posts for i in p.events]
    return _render(request, "official.html", person=person, events=events)


@router.get("/instruments", response_class=HTMLResponse)
def instruments_page(request: Request) -> Response:
    """The instruments and, where the law data has them, their articles."""
    site = _site(request)
    return _render(request, "instruments.html", now=site.on(dt.date.today()))


@router.get("/instruments/{instrument_id}", response_class=HTMLResponse)
def instrument_page(request: Request, instrument_id: str) -> Response:
    """One instrument: signature, entry into force, texts, articles and events."""
    site = _site(request)
    instrument = site.instrument(instrument_id)
    law = site.lawview
    brief = instrument_brief(
        site.record.events,
        instrument.id,
        dt.date.today(),
        ratified=instrument.kind not in NO_RATIFICATION,
    )
    return _render(
        request,
        "instrument.html",
        instrument=instrument,
        brief=brief,
        notes=list(dict.fromkeys(i for f in brief for i in f.events)),
        text=law.instrument_document(instrument.id) if law.has_text(instrument.id) else None,
        events=site.by_instrument.get(instrument.id, []),
        status=site.on(dt.date.today()).instruments.get(instrument.id),
    )


@router.get("/instruments/{instrument_id}/articles/{number}", response_class=HTMLResponse)
def article_page(request: Request, instrument_id: str, number: str, on: DateQ = None) -> Response:
    """One article: every version with its paraphrase and sources, the one in force on a
    day, the check level, and the worked verdicts of the law cases that cite it."""
    site = _site(request)
    instrument = site.instrument(instrument_id)
    day = parse_day(on, "on", default=dt.date.today())
    doc = site.lawview.instrument_document(instrument.id, number, day)
    return _render(
        request,
        "article.html",
        instrument=instrument,
        doc=doc,
        article=doc["articles"][0],
        on=day,
        worked=site.lawview.worked(instrument.id, number),
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    """Every source, with how many events and articles cite it."""
    site = _site(request)
    return _render(request, "sources.html", sources=site.record.sources)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: str) -> Response:
    """One source and everything that cites it."""
    site = _site(request)
    src = site.source(source_id)
    return _render(
        request,
        "source.html",
        src=src,
        events=site.by_source.get(src.id, []),
        articles=site.articles_citing(src.id),
    )


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request) -> Response:
    """Build an action in a form; get the verdict with its reasons (as ``csto ask``)."""
    from csto.law.actions import ACTIONS

    site = _site(request)
    form: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        form.setdefault(key, []).append(value)
    verb = (form.get("action") or [""])[-1]
    profile = (form.get("profile") or ["default"])[-1]
    context: dict[str, Any] = {
        "verbs": list(ACTIONS),
        "verb": verb if verb in ACTIONS else "",
        "profile": profile,
        "profiles": site.lawview.catalogue.profiles,
        "form": {k: v[-1] for k, v in form.items()},
        "form_lists": form,
        "fields": action_fields(verb) if verb in ACTIONS else [],
        "doc": None,
        "problems": [],
        "action_help": (ACTIONS[verb].__doc__ or "") if verb in ACTIONS else "",
    }
    status = 200
    if verb and verb not in ACTIONS:
        context["problems"] = [
            Problem("unknown action", field="action", expected="one of " + ", ".join(ACTIONS))
        ]
        status = 400
    elif verb and form.get("judge"):
        try:
            data = action_from_form(verb, form)
            context["doc"] = site.lawview.verdict_document(data, profile)
        except CstoError as exc:
            if not isinstance(exc, InputError):
                raise
            context["problems"] = list(exc.problems) or [Problem(exc.message)]
            status = status_for(exc)
    return _render(request, "ask.html", http_status=status, **context)


@router.get("/readings", response_class=HTMLResponse)
def readings_page(request: Request) -> Response:
    """The catalogue of the law's open questions, and what each profile chooses."""
    site = _site(request)
    return _render(
        request,
        "readings.html",
        doc=site.lawview.readings_document(),
        turning=site.cases.by_reading,
        statement={c["reading"]: c for c in site.cases.summary()["compliance"]},
    )


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request) -> Response:
    """History as a conformance suite: totals, the compliance statement, where the verdicts
    change, and every episode with its result (``csto cases run``)."""
    from csto.cases.episode import RESULTS
    from csto.cases.variants import VARIANTS

    cases = _site(request).cases
    return _render(
        request,
        "cases.html",
        runs=cases.runs(),
        summary=cases.summary(),
        results_mean=RESULTS,
        variants=VARIANTS,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: str) -> Response:
    """One episode: its timeline from the record with the judged steps in place, each
    step's verdict under every profile, reading and rule variant, the engine's reasons,
    what history did, the result, the counterfactuals and the sources."""
    from csto.cases.episode import RESULTS
    from csto.cases.variants import VARIANTS

    cases = _site(request).cases
    return _render(
        request,
        "case.html",
        case=cases.page(case_id),
        results_mean=RESULTS,
        variants=VARIANTS,
    )


@router.get("/about", response_class=HTMLResponse)
def about_page(request: Request) -> Response:
    """What the application shows, where the data and the map come from, licences."""
    licence = (Path(__file__).parent / "data" / "world" / "LICENSE-world-atlas.txt").read_text()
    return _render(request, "about.html", store=request.app.state.store, licence=licence)


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> Response:
    """The JSON API's reference, rendered from its OpenAPI document."""
    return _render(request, "api.html", openapi=request.app.openapi())


@router.get("/problems/{code}", response_class=HTMLResponse)
def problem_page(request: Request, code: str) -> Response:
    """What an error code means."""
    described = describe(code)
    if described is None:
        raise UnknownIdError(
            f"no error code {code[:10]!r}",
            (Problem("no such error code", field="code", expected="E100, E120, ..."),),
        )
    return _render(request, "problem.html", code=code, described=described)
