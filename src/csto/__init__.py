"""csto: the Collective Security Treaty Organization as executable software.

The public API is what ``__all__`` lists; a test guards it. Layers, each importing only the
ones before it: ``record`` (what happened) -> ``state`` (the organization on a date) ->
``law`` -> ``procedures`` -> edges (``store``, ``io``, ``cli``, ``web``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable as _Iterable
from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version
from pathlib import Path as _Path
from typing import TYPE_CHECKING

from csto.errors import CstoError

if TYPE_CHECKING:
    from csto.state.history import History

try:
    __version__ = _version("csto")
except _PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["CstoError", "__version__", "load"]


def load(
    paths: _Iterable[str | _Path] | None = None,
    *,
    recorded_on: _dt.date | None = None,
) -> History:
    """The history: the curated record (plus your own record files in ``paths``), ready to
    answer ``history.on(date)``, ``history.between(d1, d2)`` and ``history.timeline()``.

    ``recorded_on`` answers with what the record knew on that day.
    """
    from csto.io.recordfiles import load_record
    from csto.state.history import History

    history = History(load_record(paths))
    return history if recorded_on is None else history.as_recorded(recorded_on)
