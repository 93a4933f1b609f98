"""Take the README's screenshots: ``python -m tests.web.screenshots`` (not a test).

Starts ``csto serve`` on a scratch store, opens the home page and the map in Debian's
chromium through Playwright, and writes ``docs/img/home.png`` and ``docs/img/map.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.web.conftest import start_server, stop_server
from tests.web.test_browser import ARGS, CHROMIUM

OUT = Path(__file__).resolve().parents[2] / "docs" / "img"
SHOTS = {
    "home.png": ("/?date=2012-12-20", 1280, 1000),
    "map.png": ("/map?date=2024-06-01", 1280, 1000),
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "csto.db", Path(tmp) / "serve.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                for name, (path, width, height) in SHOTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(server.url + path)
                    page.screenshot(path=str(OUT / name), full_page=name == "map.png")
                    sys.stdout.write(f"wrote {OUT / name}\n")
                    page.close()
                browser.close()
        finally:
            stop_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
