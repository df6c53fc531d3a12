#!/usr/bin/env python3
"""Screenshots of the built edition, as a reader sees it, with Debian's chromium.

    python scripts/screenshot.py                  # the README's pictures, into build/screenshots/
    python scripts/screenshot.py --readme         # refresh the README's pictures in docs/images/
    python scripts/screenshot.py PAGE[#anchor] --width 390 --out build/screenshots

Without pages, it renders the document page at 1280 and 390 px, the pictures README.md and
the title page show, into build/screenshots/ (`make screenshots`), where they can be looked
at and compared; only --readme (`make readme-images`) replaces the tracked pictures in
docs/images/. Run `make html` first. Playwright drives /usr/bin/chromium; no browser is
downloaded.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from chromium import CHROMIUM, FLAGS  # scripts/chromium.py

ROOT = Path(__file__).resolve().parent.parent
# The pictures of the README and the docs: (file, page, width, height).
DEFAULT_SHOTS = [
    ("document-1280.png", "sources/rt-choe-son-hui-2019.html#p1", 1280, 900),
    ("document-390.png", "sources/rt-choe-son-hui-2019.html#p1", 390, 844),
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _served(html: Path) -> Iterator[str]:
    """build/html on loopback, as `make serve` shows it: a page opened from disk would show
    the note that search needs a server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def shoot(shots: list[tuple[str, str, int, int]], html: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright, _served(html) as site:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, page_name, width, height in shots:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(site + page_name)
            page.wait_for_load_state("networkidle")
            target = out / name
            page.screenshot(path=str(target))
            written.append(target)
            page.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pages", nargs="*", help="built pages, relative to build/html, with #anchor"
    )
    parser.add_argument("--width", type=int, action="append", help="viewport width (repeatable)")
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--out", type=Path, help="folder for the PNGs (build/screenshots)")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="write the README's pictures into docs/images/ (they are tracked: commit them)",
    )
    parser.add_argument("--html", type=Path, default=ROOT / "build" / "html")
    args = parser.parse_args()
    if not (args.html / "index.html").is_file():
        sys.exit(f"{args.html}/index.html not found: run make html first")
    if args.readme and (args.pages or args.out):
        parser.error("--readme writes the README's pictures into docs/images/: no pages, no --out")
    if args.pages:
        shots = [
            (f"{Path(p.split('#')[0]).stem}-{w}.png", p, w, args.height)
            for p in args.pages
            for w in args.width or [1280, 390]
        ]
    else:
        shots = DEFAULT_SHOTS
    out = ROOT / "docs" / "images" if args.readme else args.out or ROOT / "build" / "screenshots"
    written = shoot(shots, args.html, out)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
