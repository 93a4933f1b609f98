"""Route groups installed on first request (:mod:`csto.web.groups`): each group answers
only its own paths and no other route answers them (so a group installed late answers what
it would have answered at start); a group is installed by the first request for one of its
paths and not before; the OpenAPI document describes every group's routes whichever were
asked for; serving the first answer imports none of the groups' modules, nor the law's
engine or the exercise's; after it, the warm-up installs the rest, then ``after_warm`` runs
(``csto serve``: :func:`~csto.web.serve.freeze_heap`)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from csto.web.app import create_app
from csto.web.groups import Group, Groups
from csto.web.serve import freeze_heap
from csto.web.site import Site

ROOT = Path(__file__).resolve().parents[2]


def _paths(app: FastAPI) -> set[str]:
    """Every route path of the application, the included routers' flattened."""
    out: set[str] = set()
    for route in app.routes:
        inner = getattr(route, "original_router", None)
        for r in inner.routes if inner is not None else [route]:
            out.add(str(getattr(r, "path", "")))
    return out


def test_each_group_answers_only_its_paths_and_no_other_route_does(site: Site) -> None:
    app = create_app(site)
    groups: Groups = app.state.groups
    assert groups.pending
    assert not groups.installed
    seen = _paths(app)
    for path in seen:
        assert not any(g.covers(path) for g in groups.groups), path
    for group in groups.groups:
        groups.load([group])
        added = _paths(app) - seen
        assert added, group.name
        assert all(group.covers(p) for p in added), (group.name, added)
        seen |= added
    assert not groups.pending
    assert groups.installed == [g.name for g in groups.groups]


def test_a_group_is_installed_by_the_first_request_for_its_paths(site: Site) -> None:
    app = create_app(site)
    groups: Groups = app.state.groups
    with TestClient(app) as client:
        assert "sim" not in groups.installed
        answer = client.get("/sim")
        assert answer.status_code == 200
        assert "sim" in groups.installed
        assert client.get("/sim/nothing").status_code == 404


def test_a_group_is_installed_once_and_covers_its_paths_exactly() -> None:
    calls: list[str] = []
    group = Group("g", ("/g", "/api/g"), lambda: calls.append("g"))
    assert [p for p in ("/g", "/g/x", "/api/g/1") if not group.covers(p)] == []
    assert [p for p in ("/gx", "/api/gone", "/", "/api") if group.covers(p)] == []
    groups = Groups([group])
    groups.load([group])
    groups.load([group])
    groups.load_all()
    assert calls == ["g"]
    assert not groups.wanted("/g/x")


def test_the_openapi_document_describes_every_group(site: Site) -> None:
    app = create_app(site)
    with TestClient(app) as client:
        doc = client.get("/api/openapi.json").json()
    assert "/api/exercises/{exercise}/moves" in doc["paths"]
    assert "/api/power" in doc["paths"]
    assert not app.state.groups.pending


SCRIPT = """
import json, sys
import anyio
import csto.web.serve
from csto.io.recordfiles import load_record
from csto.state.history import History
from csto.web.app import create_app
from csto.web.site import Site

app = create_app(Site(History(load_record())))

async def ask():
    sent, modules = [], []
    scope = {"type": "http", "method": "GET", "path": "/api/state", "raw_path": b"/api/state",
             "query_string": b"date=2012-12-20", "headers": [(b"host", b"x")],
             "http_version": "1.1", "scheme": "http", "server": ("x", 80),
             "client": ("y", 1), "root_path": ""}
    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}
    async def send(message):  # what was imported when the answer was sent
        sent.append(message)
        modules.append(sorted(sys.modules))
    await app(scope, receive, send)
    return sent[0]["status"], modules[-1]

status, modules = anyio.run(ask)
print(json.dumps({"status": status, "modules": modules}))
"""

#: modules the first answer needs none of (each loaded later, on use or in the background)
NOT_AT_START = (
    "csto.io.exercises",
    "csto.io.exerciselaw",
    "csto.exercise.engine",
    "csto.exercise.game",
    "csto.web.exercise.api",
    "csto.web.exercise.pages",
    "csto.web.powerview",
    "csto.web.simview",
    "csto.law.engine",
    "csto.law.actions",
    "csto.io.lawfiles",
    "csto.cases.conformance",
    "csto.procedures",
    "numpy",
)


def test_the_first_answer_imports_no_group_nor_the_law() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    loaded = set(answer["modules"])
    assert "csto.web.app" in loaded  # the script did build the application
    assert [m for m in NOT_AT_START if m in loaded] == []


def test_after_the_first_answer_the_warm_up_installs_every_group_then_calls_after_warm(
    site: Site,
) -> None:
    done = threading.Event()
    seen: list[list[str]] = []
    app = create_app(site, after_warm=lambda: (seen.append(list(groups.installed)), done.set()))
    groups: Groups = app.state.groups
    with TestClient(app) as client:
        assert client.get("/api/state?date=2012-12-20").status_code == 200
        assert done.wait(120)
    assert seen == [[g.name for g in groups.groups]]


def test_freeze_heap_leaves_what_is_alive_out_of_later_collections() -> None:
    before = gc.get_freeze_count()  # another test's server in this process may have frozen
    kept = [[i] for i in range(1000)]  # containers the collector tracks, made just now
    try:
        freeze_heap()
        assert gc.get_freeze_count() >= before + len(kept)
        assert gc.is_tracked(kept[0])
    finally:
        if before == 0:
            gc.unfreeze()
