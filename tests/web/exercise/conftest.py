"""Fixtures of the exercise's web tests: one application per test module over an exercise
store in memory and a clock the tests move, and a class of participants, each an in-process
client with its own cookies (a browser), who joined by redeeming an invitation code."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from csto.io.exercises import Exercises, LawWorld
from csto.store import MemoryEventStore
from csto.web.app import create_app
from csto.web.exercise import invitations
from csto.web.site import Site
from tests.exercise.conftest import Clock
from tests.store.conftest import RUN, pg_url  # noqa: F401  (the PostgreSQL fixture)

__all__ = ["Participant", "join", "make_class"]

BASE = "https://testserver"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_CODE = re.compile(r'<code class="code">([^<]+)</code>')


@pytest.fixture(scope="session")
def law(site: Site) -> LawWorld:
    return LawWorld(site.history)


@pytest.fixture
def clock() -> Clock:
    return Clock(step=1.0)


@pytest.fixture
def app(site: Site, law: LawWorld, clock: Clock) -> FastAPI:
    made = create_app(site, exercises=Exercises(MemoryEventStore(), law=law, clock=clock))
    made.state.exercise_replications = 0  # the report without the simulation's runs
    return made


@dataclass
class Participant:
    """One browser: its client (cookies), its form token, the exercise and seat it holds."""

    client: TestClient
    exercise: str = ""
    seat: str = ""
    csrf: str = ""
    seen: list[str] = field(default_factory=list)

    def get(self, path: str, **kw: Any) -> Any:
        response = self.client.get(path, **kw)
        found = _CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        if not self.csrf:
            self.get("/exercise")
        form = {"csrf": self.csrf, **(data or {})}
        kw.setdefault("follow_redirects", False)
        return self.client.post(path, data=form, **kw)

    def move(self, verb: str, **fields: Any) -> Any:
        return self.post(f"/exercise/{self.exercise}/move", {"move": verb, **fields})

    @property
    def token(self) -> str:
        for name, value in self.client.cookies.items():
            if name.endswith("cstox." + self.exercise):
                return value
        raise AssertionError("no session cookie")


def browser(app: FastAPI) -> Participant:
    return Participant(TestClient(app, base_url=BASE))


def invite(facilitator: Participant, seat: str) -> str:
    page = facilitator.post(f"/exercise/{facilitator.exercise}/invite", {"seat": seat})
    assert page.status_code == 200, page.text[:2000]
    found = _CODE.search(page.text)
    assert found, "no code on the page"
    return found.group(1)


def join(app: FastAPI, code: str) -> Participant:
    p = browser(app)
    p.get("/exercise/join")
    answer = p.post("/exercise/join", {"code": code})
    assert answer.status_code == 303, answer.text[:2000]
    p.exercise, where = answer.headers["location"].split("/")[2:4]
    p.seat = "facilitator" if where == "console" else ""
    return p


def make_class(
    app: FastAPI, source: str = "kaz-2022-01", observers: int = 1
) -> dict[str, Participant]:
    """A facilitator who created ``source``, and every other seat joined by its code."""
    fac = browser(app)
    fac.get("/exercise")
    made = fac.post("/exercise/new", {"library": source, "observers": str(observers)})
    assert made.status_code == 303, made.text[:2000]
    fac.exercise = made.headers["location"].split("/")[2]
    fac.seat = "facilitator"
    api: Exercises = app.state.exercises
    seats = [s.seat for s in api.load(fac.exercise).config.seats if s.seat != "facilitator"]
    out = {"facilitator": fac}
    assert invite(fac, seats[0])  # as a facilitator does, once; the rest straight to the store
    for seat in seats:
        code = invitations.issue(api.store, fac.exercise, seat, by="facilitator", now=api.clock())
        p = join(app, code.code)
        p.seat = seat
        out[seat] = p
    return out


@pytest.fixture
def room(app: FastAPI) -> dict[str, Participant]:
    """Kazakhstan, January 2022: a facilitator, the chair, six members, an observer."""
    return make_class(app)


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:  # noqa: F811  (the fixture imported above)
    """A database of its own (``csto serve`` keeps its store in the public schema)."""
    import psycopg

    name = f"csto_t{RUN}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            yield pg_url.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
