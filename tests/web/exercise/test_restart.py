"""The server killed mid-session, in real browsers: ``csto serve`` in its own process (on
SQLite; and with two worker processes on PostgreSQL), the facilitator's console, three
seats' rooms and the projector open in their own browser contexts, moves made through forms
in other tabs of the same contexts. The server is killed with SIGKILL and started again on
the same port. Without a reload by the test, every open page says it is reconnecting, comes
back live by itself, and receives the moves made after the restart; each page has received
every event its principal may see exactly once (its event ids, counted against the engine's
feed read from the store afterwards, from the version the page was rendered at), shows each
statement and message once, and sees the session to its end. No page was reloaded (a mark
set in each page's window at the start is still there at the end)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright

from csto.exercise.game import Exercise
from csto.exercise.log import stream_of
from csto.exercise.views import project
from csto.io.exercises import Exercises
from csto.store import EventStore, open_store
from tests.web.exercise.serving import Server, server_env
from tests.web.exercise.test_browser import move
from tests.web.test_browser import ARGS, CHROMIUM, HAVE_CHROMIUM, NO_CHROMIUM

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)
expect.set_options(timeout=30_000)  # a busy shared machine

#: kept by every page: each server-sent event it receives (type, id), each time its stream
#: opens, and a mark a reload would wipe out
RECORDER = """
(() => {
  window.__cstoMark = Math.random().toString(36).slice(2);
  window.__cstoEvents = [];
  window.__cstoOpens = 0;
  const Native = window.EventSource;
  window.EventSource = function (url, init) {
    const source = new Native(url, init);
    source.addEventListener("open", () => { window.__cstoOpens += 1; });
    for (const kind of ["move", "rewound", "credential", "created"]) {
      source.addEventListener(kind, (e) => {
        window.__cstoEvents.push([kind, Number(e.lastEventId)]);
      });
    }
    return source;
  };
  window.EventSource.prototype = Native.prototype;
  Object.assign(window.EventSource, Native);
})();
"""
#: what chromium logs about requests refused while the server is down (expected here)
_DOWN = (
    "ERR_INCOMPLETE_CHUNKED_ENCODING",  # an open stream cut by the kill
    "ERR_CONNECTION_REFUSED",  # a reconnection tried while the server is down
    "ERR_CONNECTION_RESET",
    "ERR_EMPTY_RESPONSE",
    "status of 503",  # the refusal the test puts in a proxy's place
)


@dataclass
class Watched:
    """A page left open: never navigated after it was first rendered."""

    name: str
    page: Page
    after: int  # the version it was rendered at
    mark: str = ""

    def events(self) -> list[list[Any]]:
        found: list[list[Any]] = self.page.evaluate("window.__cstoEvents")
        return found

    def ids(self) -> list[int]:
        return [int(i) for _, i in self.events()]

    def wait_for(self, version: int) -> None:
        self.page.wait_for_function(
            "v => window.__cstoEvents.some(e => e[1] >= v)", arg=version, timeout=30_000
        )


class Class:
    """The participants' browser contexts; console errors and requests leaving the machine."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: dict[str, BrowserContext] = {}
        self.errors: list[str] = []
        self.refused: list[str] = []

    def context(self, who: str) -> BrowserContext:
        if who in self.contexts:
            return self.contexts[who]
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(RECORDER)

        def route(r: Route) -> None:
            if urlsplit(r.request.url).hostname in ("127.0.0.1", "localhost"):
                r.continue_()
            else:
                self.refused.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        self.contexts[who] = context
        return context

    def page(self, who: str) -> Page:
        page = self.context(who).new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page

    def close(self) -> None:
        for c in self.contexts.values():
            c.close()


def _version(actor: Page) -> int:
    """The version the actor's page was rendered at (after its move's redirect)."""
    return int(actor.locator("#status .version").first.inner_text())


def _join(room: Class, fac: Page, url: str, exercise: str, seat: str) -> Page:
    with fac.expect_navigation():
        fac.get_by_role("button", name=f"Invite {seat}", exact=True).click()
    code = fac.locator("#invited .code").inner_text()
    actor = room.page(seat)
    actor.goto(f"{url}/exercise/join")
    actor.locator("#code").fill(code)
    with actor.expect_navigation():
        actor.locator("#code").press("Enter")
    assert actor.url.endswith(f"/exercise/{exercise}/room"), actor.url
    return actor


def _watch(room: Class, who: str, url: str, name: str) -> Watched:
    page = room.page(who)
    page.goto(url)
    expect(page.locator("#live-state")).to_have_text("live")
    after = int(page.locator(".live-root").get_attribute("data-version") or "0")
    return Watched(name, page, after, page.evaluate("window.__cstoMark"))


def _expected(store: EventStore, exercise: str, token: str | None, after: int) -> list[int]:
    """The ids a page rendered at ``after`` should have received: the seat's feed (token),
    or the public room (the projector)."""
    if token is not None:
        return [i["version"] for i in Exercises(store).feed(exercise, token, after)]
    entries = store.read_stream(stream_of(exercise))
    ex = Exercise.from_entries(entries)
    out = []
    for entry in entries[after:]:
        shown = project(ex, entry)
        if shown is not None and shown.audience.room:
            out.append(entry.version)
    return out


def _token(context: BrowserContext, exercise: str) -> str:
    for cookie in context.cookies():
        if cookie["name"].endswith("cstox." + exercise):
            return cookie["value"]
    raise AssertionError("the context holds no session for the exercise")


def _said(page: Page, text: str) -> int:
    """How many times ``text`` is shown as something said (a statement or a message)."""
    return page.locator(".said", has_text=text).count()


def play_through_a_restart(browser: Browser, server: Server, store: Any) -> None:
    """The session, the crash, the restart, the end; ``store()`` opens the server's store."""
    room = Class(browser)
    try:
        _play(room, server, store)
    finally:
        room.close()
    unexpected = [e for e in room.errors if not any(d in e for d in _DOWN)]
    assert not unexpected, f"console errors: {unexpected}"
    assert not room.refused, f"requests that would leave the machine: {room.refused}"


def _play(room: Class, server: Server, store: Any) -> None:
    url = server.url
    fac = room.page("facilitator")
    fac.goto(f"{url}/exercise")
    fac.locator("#library").select_option("kaz-2022-01")
    with fac.expect_navigation():
        fac.locator("#new-library button[type=submit]").click()
    exercise = fac.url.split("/")[-2]
    actors = {s: _join(room, fac, url, exercise, s) for s in ("chair", "ARM", "KAZ", "RUS", "BLR")}
    base = f"{url}/exercise/{exercise}"
    watched = [
        _watch(room, "facilitator", f"{base}/console", "console"),
        _watch(room, "facilitator", f"{base}/projector", "projector"),
        _watch(room, "KAZ", f"{base}/room", "KAZ"),
        _watch(room, "RUS", f"{base}/room", "RUS"),
        _watch(room, "BLR", f"{base}/room", "BLR"),
    ]
    by = {w.name: w for w in watched}
    chair, arm, kaz, rus = (actors[s] for s in ("chair", "ARM", "KAZ", "RUS"))

    def moved(actor: Page, verb: str, **fields: Any) -> int:
        move(actor, verb, **fields)
        expect(actor.locator("#result.result-accepted")).to_be_visible()
        return _version(actor)

    # before the crash: the session starts, a statement, a private message
    moved(fac, "start")
    moved(chair, "open_item", item="request")
    moved(rus, "ask_floor")
    moved(chair, "give_floor")
    said = moved(rus, "statement", text="Before the crash: Moscow is ready")
    secret = moved(arm, "message", to=["BLR"], text="Before the crash, between us")
    for w in watched:
        w.wait_for(said)
        expect(w.page.locator("#statements")).to_contain_text("Before the crash: Moscow")
    by["BLR"].wait_for(secret)
    expect(by["BLR"].page.locator("#channels")).to_contain_text("Before the crash, between")
    before = {w.name: w.ids() for w in watched}

    # one page's first try to reconnect is refused, as a proxy in front of a restarting
    # server refuses it (the browser's EventSource gives up on a 503; the page must not)
    refusals = [1]

    def proxy(r: Route) -> None:
        if refusals[0] > 0:
            refusals[0] -= 1
            r.fulfill(status=503, body="restarting")
        else:
            r.continue_()

    by["KAZ"].page.route("**/events?*", proxy)

    # SIGKILL: no shutdown, no last frame; every open page notices by itself
    server.kill()
    for w in watched:
        expect(w.page.locator("#live-state")).to_have_text("reconnecting…")
    server.start()
    for w in watched:
        expect(w.page.locator("#live-state")).to_have_text("live")  # no reload
    assert refusals == [0], "the refused reconnection was not tried"

    # after the restart: the moves reach every open page; the session goes on to its end
    moved(kaz, "ask_floor")
    moved(chair, "give_floor")
    said = moved(kaz, "statement", text="After the restart: Astana thanks the Council")
    secret = moved(arm, "message", to=["BLR"], text="After the restart, between us")
    ended = moved(fac, "end")
    for w in watched:
        w.wait_for(ended)
        expect(w.page.locator("#statements")).to_contain_text("After the restart: Astana")
        expect(w.page.locator("#status .phase")).to_have_text("ended")
    expect(by["BLR"].page.locator("#channels")).to_contain_text("After the restart, between")

    opened = store()
    try:
        for w in watched:
            got = w.ids()
            assert got[: len(before[w.name])] == before[w.name], w.name  # nothing rewritten
            assert len(got) == len(set(got)), f"{w.name}: an event came twice: {got}"
            token = None if w.name == "projector" else _token(w.page.context, exercise)
            assert got == _expected(opened, exercise, token, w.after), w.name  # none missed
            assert got[-1] == ended
            assert w.page.evaluate("window.__cstoMark") == w.mark, f"{w.name} was reloaded"
            assert w.page.evaluate("window.__cstoOpens") >= 2, f"{w.name} never reconnected"
            for text in ("Before the crash: Moscow", "After the restart: Astana"):
                assert _said(w.page, text) == 1, (w.name, text)
        for text in ("Before the crash, between us", "After the restart, between us"):
            assert _said(by["BLR"].page, text) == 1
            for w in watched:
                if w.name != "BLR":
                    assert _said(w.page, text) == 0, (w.name, text)  # private: BLR's only
    finally:
        opened.close()
    assert server.starts == 2


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def test_a_session_goes_on_in_the_browsers_after_the_server_is_killed(
    browser: Browser, tmp_path: Path
) -> None:
    db = tmp_path / "class.db"
    server = Server(["--db", str(db)], server_env(tmp_path), tmp_path / "serve.log")
    server.start()
    try:
        play_through_a_restart(browser, server, lambda: open_store(db, create=False))
    finally:
        server.kill()


@pytest.mark.postgres
@pytest.mark.slow
def test_with_two_workers_on_postgres_a_session_goes_on_after_the_server_is_killed(
    browser: Browser, tmp_path: Path, pg_database: str
) -> None:
    args = ["--database-url", pg_database, "--workers", "2"]
    server = Server(args, server_env(tmp_path), tmp_path / "serve.log")
    server.start()
    try:
        play_through_a_restart(browser, server, lambda: open_store(pg_database, create=False))
    finally:
        server.kill()
