"""``csto serve``'s worker processes build the same application as one process does, with a
live hub of their own (what each worker of ``--workers N`` imports; the two-worker tests in
``test_workers.py`` run the same supervisor around the live stream's small application)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from csto.web.live import LiveHub
from csto.web.serve import WORKER_SPEC, worker_app


def test_a_worker_builds_the_application_with_its_own_live_hub(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "worker.db"
    monkeypatch.setenv(WORKER_SPEC, json.dumps({"target": str(db), "key_file": None}))
    app = worker_app()
    hub = app.state.live
    assert isinstance(hub, LiveHub)
    assert hub.listen is None  # SQLite: the in-process bus
    with TestClient(app) as client:
        assert client.get("/api/state?date=2012-12-20").status_code == 200
        assert hub.active, "the hub runs with the application"
    assert not hub.active
    assert db.exists()
