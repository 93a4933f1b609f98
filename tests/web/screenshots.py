"""Take the README's screenshots: ``python -m tests.web.screenshots`` (not a test).

Starts ``csto serve`` on a scratch store, opens the home page on five dates (one in each
era of the organization: signatories only, the Treaty in force, after the lapse of 1999,
Uzbekistan suspended, Armenia frozen), the map, and the home page at a phone's width in
Debian's chromium through Playwright, and writes them under ``docs/img/``.
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
    "home-1993-06-01.png": ("/?date=1993-06-01", 1280, 1000),
    "home-1996-01-01.png": ("/?date=1996-01-01", 1280, 1000),
    "home-2000-01-01.png": ("/?date=2000-01-01", 1280, 1000),
    "home-2013-06-01.png": ("/?date=2013-06-01", 1280, 1000),
    "home-2024-06-01.png": ("/?date=2024-06-01", 1280, 1000),
    "home-phone.png": ("/?date=2024-06-01", 390, 844),
}
FULL_PAGE = {"map.png", "home-phone.png"}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "csto.db", Path(tmp) / "serve.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                for name, (path, width, height) in SHOTS.items():
                    page = browser.new_page(
                        viewport={"width": width, "height": height},
                        device_scale_factor=2 if width < 500 else 1,
                        is_mobile=width < 500,
                    )
                    page.goto(server.url + path)
                    page.screenshot(path=str(OUT / name), full_page=name in FULL_PAGE)
                    sys.stdout.write(f"wrote {OUT / name}\n")
                    page.close()
                browser.close()
        finally:
            stop_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
