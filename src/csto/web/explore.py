"""Pages for explaining and re-using what the site shows: the glossary, the map as an
image file, and (in :mod:`csto.web.downloads`) the tables as files.

Routes here, like those of :mod:`csto.web.pages`, parse their parameters, ask the
:class:`~csto.web.site.Site` and render one template.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from csto import __version__
from csto.web.glossary import GLOSSARY
from csto.web.pages import _render, _site, templates
from csto.web.params import parse_day, search_params
from csto.web.search import KINDS
from csto.web.worldmap import LEGEND, PALETTE, map_view

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

DateQ = Annotated[str | None, Query()]


@router.get("/map.svg")
async def map_file(request: Request, date: DateQ = None) -> Response:
    """The map on a date as a standalone SVG file (colours, labels, legend and credits
    inside it), to save or print."""
    site = _site(request)
    day = parse_day(date, "date", default=dt.date.today())
    view = map_view(site.on(day))
    body = templates.env.get_template("map.svg").render(
        map=view,
        day=day,
        legend=LEGEND,
        palette=PALETTE,
        version=__version__,
        digest=site.record.digest()[:12],
    )
    return Response(
        body,
        media_type="image/svg+xml",
        headers={"content-disposition": f'inline; filename="csto-map-{day}.svg"'},
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[list[str] | None, Query()] = None,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    """Everything the site shows, matching the words (spelling need not be exact), with
    filters by kind and period, a page at a time."""
    kinds, d1, d2 = search_params(kind, start, end)
    results = (
        _site(request).search.search(q, kinds=kinds, start=d1, end=d2, page=page)
        if q.strip()
        else None
    )
    return _render(
        request,
        "search.html",
        q=q,
        results=results,
        kinds=KINDS,
        chosen={"kind": kinds, "from": start or "", "to": end or ""},
    )


@router.get("/glossary", response_class=HTMLResponse)
async def glossary_page(request: Request) -> Response:
    """The words the site uses, each explained in a sentence or two."""
    return _render(request, "glossary.html", glossary=GLOSSARY)
