"""Authorisation: every route of the exercise, tried as every role (no session, the
facilitator, the chair, a member, an observer, a revoked member), answers as the table says;
a seat never reads another seat's private channel anywhere (room, console, projector, API
view, feed, report); the table covers every route the application has."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from tests.web.exercise.conftest import Participant, browser

ALL = {"facilitator", "chair", "member", "observer"}
FAC = {"facilitator"}

#: (method, path, form or JSON body, the roles allowed); {ex}: the exercise
ROUTES: list[tuple[str, str, dict[str, Any] | None, set[str]]] = [
    ("GET", "/exercise/{ex}/console", None, FAC),
    ("POST", "/exercise/{ex}/invite", {"seat": "KGZ"}, FAC),
    ("POST", "/exercise/{ex}/revoke", {"seat": "TJK"}, FAC),
    ("GET", "/exercise/{ex}/room", None, ALL),
    ("GET", "/exercise/{ex}/projector", None, ALL),
    ("POST", "/exercise/{ex}/move", {"move": "ask_floor"}, ALL),
    ("GET", "/exercise/{ex}/report", None, ALL),
    ("GET", "/exercise/{ex}/report.html", None, ALL),
    ("GET", "/exercise/{ex}/report.pdf", None, ALL),
    ("POST", "/exercise/{ex}/signout", {}, ALL),
    ("GET", "/exercise/{ex}/events", None, ALL),
    ("GET", "/api/exercises/{ex}", None, ALL),
    ("GET", "/api/exercises/{ex}/feed", None, ALL),
    ("POST", "/api/exercises/{ex}/moves", {"move": "ask_floor"}, ALL),
    ("GET", "/api/exercises/{ex}/seats", None, FAC),
    ("POST", "/api/exercises/{ex}/invitations", {"seat": "KGZ"}, FAC),
    ("POST", "/api/exercises/{ex}/seats/TJK/revoke", {}, FAC),
    ("GET", "/api/exercises/{ex}/refusals", None, ALL),
    ("GET", "/api/exercises/{ex}/report", None, ALL),
]
#: routes open to anyone (no exercise in the path)
PUBLIC = {
    ("GET", "/exercise"),
    ("POST", "/exercise/new"),
    ("GET", "/exercise/join"),
    ("POST", "/exercise/join"),
    ("GET", "/api/exercises/library"),
    ("POST", "/api/exercises"),
    ("POST", "/api/exercises/join"),
}
ROLES = ("anonymous", "facilitator", "chair", "member", "observer", "revoked")


def _who(room: dict[str, Participant], app: FastAPI, role: str) -> Participant:
    if role == "anonymous":
        anon = browser(app)
        anon.exercise = room["facilitator"].exercise
        anon.get("/exercise")
        return anon
    if role == "revoked":
        fac = room["facilitator"]
        assert fac.post(f"/exercise/{fac.exercise}/revoke", {"seat": "BLR"}).status_code == 303
        return room["BLR"]
    return room[{"member": "ARM", "observer": "observer-1"}.get(role, role)]


def _call(p: Participant, method: str, path: str, body: dict[str, Any] | None) -> int:
    if method == "GET":
        return int(p.client.get(path, follow_redirects=False).status_code)
    if path.startswith("/api/"):
        headers = {"X-CSRF-Token": p.csrf}
        return int(p.client.post(path, json=body, headers=headers).status_code)
    return int(p.post(path, body).status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "allowed"), ROUTES, ids=lambda v: str(v))
def test_every_route_as_every_role(
    app: FastAPI,
    room: dict[str, Participant],
    role: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    allowed: set[str],
) -> None:
    fac = room["facilitator"]
    assert fac.move("start").status_code == 303
    who = _who(room, app, role)
    who.get("/exercise")  # a form token, as a browser has
    if path.endswith("/events") and role not in ("anonymous", "revoked"):
        # an open stream never ends in process: the browser test reads the seats' streams
        # (tests/web/exercise/test_browser.py); here, only that it is refused to the others
        pytest.skip("read by the browser test")
    status = _call(who, method, path.format(ex=fac.exercise), body)
    if role in ("anonymous", "revoked"):
        assert status == 401, f"{role} {method} {path}: {status}"
    elif role in allowed:
        assert status in (200, 201, 303), f"{role} {method} {path}: {status}"
    else:
        assert status == 403, f"{role} {method} {path}: {status}"


def test_the_table_covers_every_route() -> None:
    from csto.web.exercise import api, pages

    mine = {
        (m, r.path)
        for r in [*pages.router.routes, *api.router.routes]
        if isinstance(r, APIRoute)
        for m in (r.methods or set()) - {"HEAD"}
    }
    listed = {
        (m, p.replace("{ex}", "{exercise}").replace("/TJK/", "/{seat}/")) for m, p, _, _ in ROUTES
    }
    assert mine == listed | PUBLIC


def test_a_seat_acts_only_for_its_own_state(room: dict[str, Participant]) -> None:
    fac, arm = room["facilitator"], room["ARM"]
    fac.move("start")
    room["chair"].move("open_item", item="request")
    arm.get("/exercise")
    answer = arm.client.post(
        f"/api/exercises/{arm.exercise}/moves",
        json={"move": "statement", "text": "speaking for Russia", "by": "RUS"},
        headers={"X-CSRF-Token": arm.csrf},
    )
    assert answer.status_code == 200
    assert answer.json()["accepted"] is False
    assert "RUS" in " ".join(answer.json()["refused"]["reasons"])


def test_a_private_message_reaches_its_channel_only(room: dict[str, Participant]) -> None:
    fac = room["facilitator"]
    fac.move("start")
    secret = "meet-me-at-the-embassy-7731"
    sent = room["ARM"].move("message", to=["BLR"], text=secret)
    assert sent.headers["location"].endswith("moved=accepted#result")
    ex = fac.exercise
    for seat, p in room.items():
        pages = [p.get(f"/exercise/{ex}/room").text, p.get(f"/exercise/{ex}/projector").text]
        if seat == "facilitator":
            pages.append(p.get(f"/exercise/{ex}/console").text)
        pages.append(p.client.get(f"/api/exercises/{ex}").text)
        pages.append(p.client.get(f"/api/exercises/{ex}/feed").text)
        pages.append(p.client.get(f"/api/exercises/{ex}/report?replications=0").text)
        seen = [secret in page for page in pages]
        if seat in ("ARM", "BLR"):
            assert seen[0], f"{seat}'s room"
            assert seen[-3], f"{seat}'s view"
            assert seen[-2], f"{seat}'s feed"
            assert not seen[1], "the projector shows the public room only"
        else:
            assert not any(seen), f"{seat} read ARM's message to BLR"


def test_a_revoked_seat_is_out_at_once_and_a_new_code_brings_it_back(
    app: FastAPI, room: dict[str, Participant]
) -> None:
    from tests.web.exercise.conftest import invite, join

    fac, blr = room["facilitator"], room["BLR"]
    ex = fac.exercise
    assert blr.get(f"/exercise/{ex}/room").status_code == 200
    fac.post(f"/exercise/{ex}/revoke", {"seat": "BLR"})
    assert blr.get(f"/exercise/{ex}/room").status_code == 401
    assert (
        blr.client.get(
            f"/api/exercises/{ex}", headers={"Authorization": f"Bearer {blr.token}"}
        ).status_code
        == 401
    )
    again = join(app, invite(fac, "BLR"))
    assert again.get(f"/exercise/{ex}/room").status_code == 200
    assert blr.get(f"/exercise/{ex}/room").status_code == 401, "the old session stays ended"


def test_a_new_sign_in_ends_the_seats_older_session(
    app: FastAPI, room: dict[str, Participant]
) -> None:
    from tests.web.exercise.conftest import invite, join

    fac, kgz = room["facilitator"], room["KGZ"]
    ex = fac.exercise
    second = join(app, invite(fac, "KGZ"))
    assert second.token != kgz.token
    assert kgz.get(f"/exercise/{ex}/room").status_code == 401
    assert second.get(f"/exercise/{ex}/room").status_code == 200


def test_bearer_credentials_work_and_malformed_ones_are_refused(
    room: dict[str, Participant],
) -> None:
    arm = room["ARM"]
    ex = arm.exercise
    bare = browser_free(arm)
    assert (
        bare.get(
            f"/api/exercises/{ex}", headers={"Authorization": f"Bearer {arm.token}"}
        ).status_code
        == 200
    )
    for bad in ("cstox_" + "A" * 43, "not-a-token", ""):
        got = bare.get(f"/api/exercises/{ex}", headers={"Authorization": f"Bearer {bad}"})
        assert got.status_code == 401, bad
        assert got.headers["content-type"].startswith("application/problem+json")


def browser_free(p: Participant) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(p.client.app, base_url="https://testserver")


def test_an_unknown_exercise_is_not_found_for_a_signed_in_request(
    room: dict[str, Participant],
) -> None:
    arm = room["ARM"]
    got = browser_free(arm).get(
        "/api/exercises/no-such-exercise", headers={"Authorization": f"Bearer {arm.token}"}
    )
    assert got.status_code == 404
    assert browser_free(arm).get("/exercise/no-such-exercise/room").status_code == 401
    assert browser_free(arm).get("/exercise/bad%20id!/room").status_code in (400, 404)
