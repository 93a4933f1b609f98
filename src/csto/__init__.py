"""csto: the Collective Security Treaty Organization as executable software.

The public API is what ``__all__`` lists; a test guards it. Layers, each importing only the
ones before it: ``record`` (what happened) -> ``state`` (the organization on a date) ->
``law`` -> ``procedures`` -> edges (``store``, ``io``, ``cli``, ``web``).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from csto.errors import CstoError

try:
    __version__ = version("csto")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["CstoError", "__version__"]
