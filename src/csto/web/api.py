"""The JSON API under ``/api/``: the same documents as the CLI's ``--json``.

Each route parses its parameters (:mod:`csto.web.params`), makes one call into the site
(:class:`~csto.web.site.Site`, which calls the state layer's document functions), and
sends the document. State, diff and timeline are ``csto state|diff|timeline --json``;
events and sources are ``csto record list|show|sources --json``; instruments, articles,
readings and verdicts are ``csto law list|show|readings --json`` and ``csto ask --json``;
the conformance report is ``csto cases run [ID] --json``; search is described in the
OpenAPI document (``/api/openapi.json``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from csto.codes import state_words
from csto.errors import InputError, Problem, UnknownIdError
from csto.record.events import EVENT_TYPES
from csto.state.document import (
    EventFilter,
    event_document,
    event_list_document,
    source_detail_document,
    sources_document,
    statuses_document,
)
from csto.web.cache import MARK
from csto.web.openapi import ref
from csto.web.params import (
    DATE_PATTERN,
    parse_day,
    parse_kinds,
    parse_state,
    read_json_body,
    search_params,
)
from csto.web.search import KindName
from csto.web.site import Site

__all__ = ["router"]

#: the schema names the CLI's record documents carry

router = APIRouter(prefix="/api", tags=["api"])

_JSON = "application/json"
#: the most events one page of /api/events holds (its default: datasette's largest page)
PAGE_MAX = 1000


def _ok(name: str, text: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": text, "content": {_JSON: {"schema": ref(name)}}},
        404: {
            "description": "An id, a state or an article the record does not know",
            "content": {"application/problem+json": {"schema": ref("Problem")}},
        },
    }


def _send(body: bytes | dict[str, Any]) -> Response:
    if isinstance(body, dict):
        body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    # a GET's document depends only on the site and the request: it may be kept
    return Response(body, media_type=_JSON, headers={MARK: "1"})


def _site(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


Day = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        json_schema_extra={"format": "date"},
        description="A day, YYYY-MM-DD (today if omitted)",
        examples=["2012-12-19"],
    ),
]
StateCode = Annotated[
    str | None,
    Query(
        pattern=r"^[A-Za-z]{3}$",
        description="Only events concerning this state (ISO 3166-1 alpha-3)",
        examples=["ARM"],
    ),
]
Kinds = Annotated[
    list[str],
    Query(
        description="Only events of these types (repeatable)",
        json_schema_extra={"items": {"enum": sorted(EVENT_TYPES)}},
    ),
]
From = Annotated[
    str | None,
    Query(
        alias="from",
        pattern=DATE_PATTERN,
        description="From this day (YYYY-MM-DD)",
        json_schema_extra={"format": "date"},
    ),
]
To = Annotated[
    str | None,
    Query(
        alias="to",
        pattern=DATE_PATTERN,
        description="Up to this day (YYYY-MM-DD)",
        json_schema_extra={"format": "date"},
    ),
]


@router.get(
    "/state",
    summary="The organization on a date",
    response_class=Response,
    responses=_ok("State", "csto state DATE --json (schema csto.state/1)"),
)
def api_state(request: Request, date: Day = None) -> Response:
    """Members and their status, chair, Secretary-General, organs, instruments, forces and
    operations on the day, each with the events it rests on."""
    day = parse_day(date, "date", default=dt.date.today())
    return _send(_site(request).state_json(day))


#: the most days one /api/statuses request may ask for
MAX_DAYS = 10_000


@router.get(
    "/statuses",
    summary="Every state's membership status on many dates, in columns",
    response_class=Response,
    responses=_ok("Statuses", "csto state --dates FILE --json (schema csto.statuses/1)"),
)
def api_statuses(
    request: Request,
    date: Annotated[
        list[str],
        Query(
            description=f"The days, YYYY-MM-DD (repeatable, at most {MAX_DAYS:,})",
            json_schema_extra={
                "items": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                "minItems": 1,
                "maxItems": MAX_DAYS,
            },
        ),
    ],
) -> Response:
    """The status of every state the record names (member, signatory, frozen, suspended,
    withdrawal pending, former, none) on each day asked, and whether the record can settle
    it that day; the days in the order asked."""
    if not date:
        raise InputError(
            "'date' is required",
            (Problem("give at least one day", field="date", expected="YYYY-MM-DD"),),
        )
    if len(date) > MAX_DAYS:
        raise InputError(
            f"{len(date):,} days asked; at most {MAX_DAYS:,} in one request",
            (Problem("too many days", field="date", fix="split the days over requests"),),
        )
    days = [parse_day(d, "date") for d in date]
    site = _site(request)
    return _send(statuses_document(site.history.statuses(days), site.record))


@router.get(
    "/diff",
    summary="What changed between two dates",
    response_class=Response,
    responses=_ok("Diff", "csto diff FROM TO --json (schema csto.diff/1)"),
)
def api_diff(
    request: Request,
    start: Annotated[
        str,
        Query(
            alias="from",
            pattern=DATE_PATTERN,
            description="The first day (YYYY-MM-DD)",
            json_schema_extra={"format": "date"},
        ),
    ],
    end: Annotated[
        str,
        Query(
            alias="to",
            pattern=DATE_PATTERN,
            description="The last day (YYYY-MM-DD)",
            json_schema_extra={"format": "date"},
        ),
    ],
) -> Response:
    """Every change after FROM up to and including TO, with the events that caused it."""
    d1, d2 = parse_day(start, "from"), parse_day(end, "to")
    return _send(_site(request).diff_json(d1, d2))


@router.get(
    "/timeline",
    summary="Events, oldest first, filtered",
    response_class=Response,
    responses=_ok("Timeline", "csto timeline --json (schema csto.timeline/1)"),
)
def api_timeline(
    request: Request,
    state: StateCode = None,
    kind: Kinds = [],  # noqa: B006 - FastAPI copies defaults
    start: From = None,
    end: To = None,
) -> Response:
    """The record's events filtered by state, type and period."""
    site = _site(request)
    code = parse_state(state, "state", site.state_codes, allow_empty=False)
    kinds = tuple(parse_kinds(kind, "kind", allow_empty=False))
    d1 = parse_day(start, "from") if start else None
    d2 = parse_day(end, "to") if end else None
    return _send(site.timeline_json(code, kinds, d1, d2))


@router.get(
    "/events",
    summary="Events with filters (as csto record list --json)",
    response_class=Response,
    responses=_ok("EventList", "csto record list --json"),
)
def api_events(
    request: Request,
    type: Kinds = [],  # noqa: B006 - the CLI's option name; FastAPI copies defaults
    state: Annotated[
        list[str],
        Query(
            description="Only events concerning any of these states, by code or name (repeatable)",
            json_schema_extra={
                "items": {
                    "anyOf": [
                        {"type": "string", "pattern": "^[A-Za-z]{3}$"},
                        {"enum": state_words()},
                    ]
                }
            },
        ),
    ] = [],  # noqa: B006
    start: From = None,
    end: To = None,
    offset: Annotated[
        int, Query(ge=0, le=10**9, description="Skip this many of the events (paging)")
    ] = 0,
    limit: Annotated[
        int, Query(ge=1, le=PAGE_MAX, description="At most this many events (paging)")
    ] = PAGE_MAX,
) -> Response:
    """The record's events, oldest first; filters as ``csto record list``. Paged: when the
    page does not hold every event the filters admit, the document has ``page`` (offset,
    limit, total) and the answer a ``Link`` header to the next page."""
    record = _site(request).record
    d1 = parse_day(start, "from") if start else None
    d2 = parse_day(end, "to") if end else None
    chosen = EventFilter.read(record, types=type, states=state, start=d1, end=d2)
    doc = event_list_document(record, chosen, offset, limit)
    response = _send(doc)
    page = doc.get("page")
    if page is not None and offset + limit < page["total"]:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        following = urlencode([*query, ("offset", str(offset + limit))])
        response.headers["link"] = f'<{request.url.path}?{following}>; rel="next"'
    return response


@router.get(
    "/events/{event_id}",
    summary="One event, its other versions and its sources (as csto record show --json)",
    response_class=Response,
    responses=_ok("EventDetail", "csto record show ID --json"),
)
def api_event(
    request: Request, event_id: Annotated[str, Path(description="The event's id")]
) -> Response:
    """One event with every version the sources give, and those sources in full."""
    site = _site(request)
    rec = site.record
    if not rec.has_event(event_id):
        raise UnknownIdError(
            f"no event with id {event_id[:80]!r}",
            (Problem("no such event", field="event_id", got=repr(event_id[:80])),),
        )
    return _send(event_document(rec, event_id))


@router.get(
    "/sources",
    summary="Every source and how many events cite it (as csto record sources --json)",
    response_class=Response,
    responses=_ok("SourceList", "csto record sources --json"),
)
def api_sources(request: Request) -> Response:
    """The registered sources with the number of events citing each."""
    return _send(sources_document(_site(request).record))


@router.get(
    "/sources/{source_id}",
    summary="One source, the events and the articles that cite it",
    response_class=Response,
    responses=_ok("SourceDetail", "schema csto.web.source/1"),
)
def api_source(
    request: Request, source_id: Annotated[str, Path(description="The source's id")]
) -> Response:
    """A source in full, with what cites it."""
    site = _site(request)
    source = site.source(source_id)
    events = site.by_source.get(source.id, [])
    return _send(source_detail_document(source, events, site.articles_citing(source.id)))


On = Annotated[
    str | None,
    Query(
        pattern=DATE_PATTERN,
        json_schema_extra={"format": "date"},
        description="Mark the version in force on this day (YYYY-MM-DD)",
    ),
]


@router.get(
    "/instruments",
    summary="The instruments whose articles the law data holds (as csto law list --json)",
    response_class=Response,
    responses=_ok("InstrumentList", "csto law list --json (schema csto.instruments/1)"),
)
def api_instruments(request: Request) -> Response:
    """Every instrument of the law data with its header and its article numbers."""
    return _send(_site(request).lawview.instruments_document())


@router.get(
    "/instruments/{instrument_id}",
    summary="One instrument and all its articles (as csto law show ID --json)",
    response_class=Response,
    responses=_ok("Article", "csto law show ID [--on D] --json (schema csto.article/1)"),
)
def api_instrument(
    request: Request,
    instrument_id: Annotated[str, Path(description="e.g. CHARTER-2002")],
    on: On = None,
) -> Response:
    """An instrument with every article and version; ``on`` marks the versions in force."""
    day = parse_day(on, "on") if on else None
    return _send(_site(request).lawview.instrument_document(instrument_id, None, day))


@router.get(
    "/instruments/{instrument_id}/articles/{number}",
    summary="One article (as csto law show ID NUMBER --json)",
    response_class=Response,
    responses=_ok("Article", "csto law show ID NUMBER [--on D] --json (schema csto.article/1)"),
)
def api_article(
    request: Request,
    instrument_id: Annotated[str, Path(description="e.g. CHARTER-2002")],
    number: Annotated[str, Path(description="e.g. 4, preamble, 13(1), unnumbered:budget")],
    on: On = None,
) -> Response:
    """One article of an instrument, every version of it, and how far we could check it."""
    day = parse_day(on, "on") if on else None
    return _send(_site(request).lawview.instrument_document(instrument_id, number, day))


@router.get(
    "/readings",
    summary="The catalogue of the law's open questions (as csto law readings --json)",
    response_class=Response,
    responses=_ok("Readings", "csto law readings --json (schema csto.readings/1)"),
)
def api_readings(request: Request) -> Response:
    """Every reading the law leaves open, its options, and what each profile chooses."""
    return _send(_site(request).lawview.readings_document())


Profile = Annotated[
    str,
    Query(
        description="Interpretation profile of the main verdicts (see /api/readings)",
        json_schema_extra={"enum": ["default", "practice", "strict"]},
    ),
]


@router.get(
    "/cases",
    summary="History as a conformance suite (as csto cases run --json)",
    response_class=Response,
    responses=_ok("Cases", "csto cases run [--profile P] --json (schema csto.cases/1)"),
)
def api_cases(request: Request, profile: Profile = "default") -> Response:
    """Every documented episode replayed through the law engine under every profile,
    every reading its verdicts depend on and every rule variant: each step conforms, departs
    from a named rule, or is contested (turns on a reading); the compliance statement (which
    option of each reading history supports) and where the verdicts change."""
    return _send(_site(request).cases.report_json(profile))


@router.get(
    "/cases/{case_id}",
    summary="One episode's conformance report (as csto cases run ID --json)",
    response_class=Response,
    responses=_ok("Cases", "csto cases run ID [--profile P] --json (schema csto.cases/1)"),
)
def api_case(
    request: Request,
    case_id: Annotated[str, Path(description="The episode's id, e.g. KAZ-2022-01")],
    profile: Profile = "default",
) -> Response:
    """One episode: its steps with the verdicts under every profile and rule variant,
    what history did, the result, the counterfactuals, and the compliance statement
    restricted to it."""
    return _send(_site(request).cases.case_json(case_id, profile))


@router.post(
    "/ask",
    summary="The verdict on an action (as csto ask ... --json)",
    response_class=Response,
    responses=_ok("Verdict", "csto ask ... --json (schema csto.verdict/2)"),
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One action, as in a csto ask file",
            "content": {_JSON: {"schema": ref("Action")}},
        }
    },
)
async def api_ask(
    request: Request,
    profile: Annotated[
        str,
        Query(
            description="Interpretation profile (see /api/readings)",
            json_schema_extra={"enum": ["default", "practice", "strict"]},
        ),
    ] = "default",
) -> Response:
    """What the law says of the action: outcome, who decides and how, what follows and
    when, the reasons article by article, the readings it depends on, and a receipt. The
    organization is taken as it stood when the action's day began."""
    data = read_json_body(request.headers.get("content-type"), await request.body())
    return _send(_site(request).lawview.verdict_document(data, profile))


@router.get(
    "/search",
    summary="Search events, articles, cases, states, organs, officials, instruments, sources",
    response_class=Response,
    responses=_ok("SearchResult", "schema csto.web.search/1"),
)
def api_search(
    request: Request,
    q: Annotated[str, Query(max_length=200, description="Words to look for")] = "",
    kind: Annotated[list[KindName] | None, Query(description="Only results of these kinds")] = None,
    start: Annotated[
        str | None,
        Query(
            alias="from",
            pattern=DATE_PATTERN,
            description="Only results dated on or after this day (YYYY-MM-DD)",
            json_schema_extra={"format": "date"},
        ),
    ] = None,
    end: Annotated[
        str | None,
        Query(
            alias="to",
            pattern=DATE_PATTERN,
            description="Only results dated on or before this day (YYYY-MM-DD)",
            json_schema_extra={"format": "date"},
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, le=1000, description="Page of results, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=100, description="Results per page")] = 20,
) -> Response:
    """Results matching every word of the query (spelling need not be exact), best first,
    a page at a time; ``count`` is the number of results in all."""
    kinds, d1, d2 = search_params(list(kind or []), start, end)
    found = _site(request).search.search(
        q, kinds=kinds, start=d1, end=d2, page=page, per_page=per_page
    )
    return _send(
        {
            "schema": "csto.web.search/1",
            "query": q,
            "count": found.total,
            "page": found.page,
            "pages": found.pages,
            "per_page": found.per_page,
            "by_kind": found.by_kind,
            "hits": [
                {
                    "kind": h.kind,
                    "key": h.key,
                    "title": h.title,
                    "url": h.url,
                    "snippet": h.snippet,
                    "date": h.date,
                }
                for h in found.hits
            ],
        }
    )
