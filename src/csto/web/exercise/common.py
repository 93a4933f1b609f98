"""What the exercise's pages and API share: the engine API of the application, its limits,
the ready exercises, creating an exercise from the web, and the answer for a seat's
request to act."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from typing import Any

from starlette.requests import Request

from csto.errors import InputError, Problem
from csto.io.exercises import Created, Exercises, configure
from csto.web.exercise.ratelimit import Limits

__all__ = ["api_of", "client_key", "create", "library", "limits_of"]


def api_of(request: Request) -> Exercises:
    api: Exercises = request.app.state.exercises
    return api


def limits_of(request: Request) -> Limits:
    limits: Limits = request.app.state.exercise_limits
    return limits


def client_key(request: Request) -> str:
    return request.client.host if request.client else "?"


@functools.cache
def library() -> tuple[tuple[str, str], ...]:
    """The ready exercises: (id, title)."""
    from csto.io.exercisefiles import library_files
    from csto.io.lawfiles import parse_yaml

    out = []
    for path in library_files():
        doc = parse_yaml(str(path), path.read_text(encoding="utf-8"))
        block = doc.get("exercise", {})
        out.append((path.stem, str(block.get("title", path.stem))))
    return tuple(out)


def create(
    request: Request,
    *,
    source: str | None,
    date: str | None,
    title: str | None = None,
    minutes: int | None = None,
    observers: int = 0,
) -> Created:
    """A new exercise from a ready one (by id only: never a path) or forked on a day."""
    limits_of(request).creations.take(client_key(request))
    api = api_of(request)
    known = dict(library())
    suffix = secrets.token_hex(3)
    if source:
        if source not in known:
            raise InputError(
                f"no ready exercise {source[:40]!r}",
                (Problem("unknown exercise", field="library", expected=", ".join(known)),),
            )
        config = configure(
            api.law, source, exercise_id=f"{source}-{suffix}", observers=_bounded(observers)
        )
    elif date:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise InputError(
                f"{date[:20]!r} is not a day",
                (Problem("expected a day", field="date", expected="YYYY-MM-DD"),),
            ) from None
        config = configure(
            api.law,
            None,
            exercise_id=f"council-{day.isoformat()}-{suffix}",
            date=day,
            title=(title or "").strip()[:200] or None,
            items=((title or "").strip()[:200],) if (title or "").strip() else (),
            minutes=minutes if minutes and 1 <= minutes <= 1440 else None,
            observers=_bounded(observers),
        )
    else:
        raise InputError(
            "choose a ready exercise or a day",
            (Problem("nothing to create", field="library", fix="pick one, or a date"),),
        )
    return api.create(config)


def _bounded(observers: int) -> int:
    if not 0 <= observers <= 50:
        raise InputError(
            "observers: 0 to 50",
            (Problem("out of range", field="observers", expected="0 to 50"),),
        )
    return observers


def briefing_lines(lines: Any) -> list[dict[str, Any]]:
    return [line if isinstance(line, dict) else {"says": str(line)} for line in lines or ()]
