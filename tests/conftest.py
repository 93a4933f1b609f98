"""Settings for the whole suite: the YAML parse cache lives in a temporary directory
(never the user's ``~/.cache``), removed at the end."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_MADE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    if "CSTO_CACHE_DIR" not in os.environ:
        _MADE.append(tempfile.mkdtemp(prefix="csto-test-cache-"))
        os.environ["CSTO_CACHE_DIR"] = _MADE[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    for path in _MADE:
        shutil.rmtree(path, ignore_errors=True)
