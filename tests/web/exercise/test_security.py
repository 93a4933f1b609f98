"""Safe against its own users: invitation codes (single use, short-lived, replaced, voided,
never in a URL, rate-limited when wrong), sessions (cookie attributes, a new token at each
sign-in), CSRF (origin and form token on every state change), rate limits on moves,
participants' text escaped everywhere, the security headers on every exercise page."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from fastapi import FastAPI

from csto.exercise.moves import MOVES, read_move
from csto.law.fields import specs
from csto.web.exercise import invitations
from csto.web.exercise.forms import move_form, move_from_form
from tests.exercise.conftest import Clock
from tests.web.exercise.conftest import Participant, browser, invite

TEMPLATES = Path(__file__).parents[3] / "src/csto/web/templates/exercise"


def _redeem(p: Participant, code: str) -> int:
    return int(p.post("/exercise/join", {"code": code}).status_code)


def test_a_code_works_once(app: FastAPI, room: dict[str, Participant]) -> None:
    code = invite(room["facilitator"], "KGZ")
    first, second = browser(app), browser(app)
    assert _redeem(first, code) == 303
    assert _redeem(second, code) == 401
    assert "opens nothing" in second.post("/exercise/join", {"code": code}).text


def test_a_code_is_read_as_typed(app: FastAPI, room: dict[str, Participant]) -> None:
    code = invite(room["facilitator"], "KGZ")
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert _redeem(browser(app), typed) == 303


def test_a_code_expires(app: FastAPI, room: dict[str, Participant], clock: Clock) -> None:
    code = invite(room["facilitator"], "KGZ")
    clock.advance(31)
    assert _redeem(browser(app), code) == 401


def test_a_newer_code_or_a_revocation_voids_the_old_one(
    app: FastAPI, room: dict[str, Participant]
) -> None:
    fac = room["facilitator"]
    old = invite(fac, "KGZ")
    new = invite(fac, "KGZ")
    assert _redeem(browser(app), old) == 401
    pending = invite(fac, "TJK")
    fac.post(f"/exercise/{fac.exercise}/revoke", {"seat": "TJK"})
    assert _redeem(browser(app), pending) == 401
    assert _redeem(browser(app), new) == 303


def test_two_racing_redemptions_of_one_code_give_one_seat(
    app: FastAPI, room: dict[str, Participant]
) -> None:
    api = app.state.exercises
    made = invitations.issue(
        api.store, room["facilitator"].exercise, "KGZ", by="t", now=api.clock()
    )
    won: list[object] = []
    lost: list[object] = []

    def go() -> None:
        try:
            won.append(invitations.redeem(api.store, made.code, now=api.clock()))
        except invitations.InvalidCodeError as exc:
            lost.append(exc)

    threads = [threading.Thread(target=go) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    assert len(lost) == 7


def test_a_code_in_a_url_grants_nothing(app: FastAPI, room: dict[str, Participant]) -> None:
    fac = room["facilitator"]
    page = fac.post(f"/exercise/{fac.exercise}/invite", {"seat": "KGZ"})
    code = re.search(r'<code class="code">([^<]+)</code>', page.text)
    assert code
    assert not re.search(r'href="[^"]*' + re.escape(code.group(1)), page.text)
    stranger = browser(app)
    got = stranger.client.get(f"/exercise/join?code={code.group(1)}", follow_redirects=False)
    assert got.status_code == 200
    assert not any("cstox." in name for name in stranger.client.cookies)
    assert _redeem(stranger, code.group(1)) == 303, "the code was not used up by the GET"


def test_wrong_codes_are_rate_limited_per_address_and_right_ones_are_not(
    app: FastAPI, room: dict[str, Participant]
) -> None:
    fac = room["facilitator"]
    guesser = browser(app)
    statuses = [_redeem(guesser, f"AAAA-AAAA-{i:04d}") for i in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    refused = guesser.post("/exercise/join", {"code": invite(fac, "KGZ")})
    assert refused.status_code == 429, "while blocked, even a right code waits"
    assert int(refused.headers["retry-after"]) >= 1


def test_the_session_cookie(app: FastAPI, room: dict[str, Participant]) -> None:
    p = browser(app)
    p.get("/exercise/join")
    answer = p.post("/exercise/join", {"code": invite(room["facilitator"], "KGZ")})
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie")
    assert cookie.startswith(f"__Host-cstox.{room['facilitator'].exercise}=cstox_")
    for attribute in ("HttpOnly", "Secure", "Path=/", "SameSite=strict"):
        assert attribute.lower() in cookie.lower(), attribute
    assert "domain=" not in cookie.lower()
    assert "cstox_" not in answer.headers["location"]


def test_state_changes_need_this_sites_origin_and_form_token(
    room: dict[str, Participant],
) -> None:
    arm = room["ARM"]
    ex = arm.exercise
    arm.get(f"/exercise/{ex}/room")
    path = f"/exercise/{ex}/move"
    form = {"move": "ask_floor"}
    assert arm.client.post(path, data=form, follow_redirects=False).status_code == 403
    bad = {**form, "csrf": "x" * 43}
    assert arm.client.post(path, data=bad, follow_redirects=False).status_code == 403
    ok = {**form, "csrf": arm.csrf}
    evil = {"Origin": "https://evil.example"}
    assert arm.client.post(path, data=ok, headers=evil, follow_redirects=False).status_code == 403
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert arm.client.post(path, data=ok, headers=cross, follow_redirects=False).status_code == 403
    null = {"Origin": "null"}
    assert arm.client.post(path, data=ok, headers=null, follow_redirects=False).status_code == 403
    null_same = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert (
        arm.client.post(path, data=ok, headers=null_same, follow_redirects=False).status_code == 303
    )
    same = {"Origin": "https://testserver", "Sec-Fetch-Site": "same-origin"}
    assert arm.client.post(path, data=ok, headers=same, follow_redirects=False).status_code == 303
    api = f"/api/exercises/{ex}/moves"
    assert arm.client.post(api, json=form).status_code == 403, "a cookie session needs the token"
    bearer = {"Authorization": f"Bearer {arm.token}"}
    fresh = browser(arm.client.app)  # type: ignore[arg-type]
    assert fresh.client.post(api, json=form, headers=bearer).status_code == 200


def test_moves_are_rate_limited_per_seat(room: dict[str, Participant]) -> None:
    arm = room["ARM"]
    api = f"/api/exercises/{arm.exercise}/moves"
    bearer = {"Authorization": f"Bearer {arm.token}"}
    statuses = [
        arm.client.post(api, json={"move": "ask_floor"}, headers=bearer).status_code
        for _ in range(32)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[-1] == 429
    other = room["BLR"]
    ok = other.client.post(
        api, json={"move": "ask_floor"}, headers={"Authorization": f"Bearer {other.token}"}
    )
    assert ok.status_code == 200, "another seat is not held back"


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'


def test_participants_text_is_text_everywhere(room: dict[str, Participant]) -> None:
    fac, chair, kaz, arm = room["facilitator"], room["chair"], room["KAZ"], room["ARM"]
    ex = fac.exercise
    fac.move("start")
    chair.move("open_item", item="request")
    kaz.move("request_assistance", grounds="unrest", attacker="non-state")
    kaz.move("table", subject=HOSTILE, text=HOSTILE, kind="assistance", form="forces", force="CPF")
    arm.move("amend", subject=HOSTILE, text=HOSTILE)
    arm.move("message", to=["BLR", "KAZ"], text=HOSTILE)
    chair.move("statement", text=HOSTILE)
    fac.move("inject", kind="news", title=HOSTILE, text=HOSTILE, back="console")
    fac.move("pause", reason=HOSTILE, back="console")
    pages = {
        "room": kaz.get(f"/exercise/{ex}/room").text,
        "console": fac.get(f"/exercise/{ex}/console").text,
        "projector": arm.get(f"/exercise/{ex}/projector").text,
        "report": fac.get(f"/exercise/{ex}/report").text,
    }
    for name, html in pages.items():
        assert "&lt;script&gt;" in html, f"{name} does not show the text"
        assert "<script>alert" not in html, name
        assert "<img src=x" not in html, name
    assert pages["room"].count("&lt;script&gt;") >= 4  # draft, amendment, message, statement
    assert "CST-1992 art. 2" in pages["room"], "the request's article, by its label"
    assert "amended_by" not in pages["room"]


def test_exercise_pages_carry_the_security_headers(room: dict[str, Participant]) -> None:
    fac = room["facilitator"]
    for path in ("console", "room", "projector"):
        got = fac.get(f"/exercise/{fac.exercise}/{path}")
        csp = got.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert got.headers["cache-control"] == "no-store"
        assert got.headers["x-content-type-options"] == "nosniff"


def test_no_template_has_inline_script_or_handlers() -> None:
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path.name
        assert not re.search(r"\son[a-z]+\s*=", text), path.name
        assert "|safe" not in text.replace(" ", ""), path.name


@pytest.mark.parametrize("verb", list(MOVES))
def test_every_moves_form_has_its_fields_and_reads_back(verb: str) -> None:
    room = {"seats": [("BLR", "Belarus"), ("chair", "chair")], "items": ["request"]}
    form = move_form(verb, room)
    names = {c.name for c in form.controls}
    assert names == {s.name for s in specs(MOVES[verb]) if s.name != "by"}
    filled: dict[str, list[str]] = {}
    for c in form.controls:
        if c.options:
            filled[c.name] = [c.options[0][0]]
        elif c.widget == "check":
            filled[c.name] = ["true"]
        elif c.widget == "date":
            filled[c.name] = ["2022-01-06"]
        elif c.kind == "state":
            filled[c.name] = ["RUS"]
        elif c.widget == "number":
            filled[c.name] = ["1"]
        else:
            filled[c.name] = ["words"]
    data = move_from_form(verb, filled)
    move, _ = read_move(data)
    assert move.verb == verb
