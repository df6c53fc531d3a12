#!/usr/bin/env python3
"""Screenshots of the built edition, as a reader sees it, with Debian's chromium.

    python scripts/screenshot.py                  # the README's and the docs' pictures
    python scripts/screenshot.py PAGE[#anchor] --width 390 --out build/screenshots

Without pages, it renders the document page at 1280 and 390 px into docs/images/, the
pictures README.md and the title page show (run `make html` first). Playwright drives
/usr/bin/chromium; no browser is downloaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chromium import CHROMIUM, FLAGS  # scripts/chromium.py

ROOT = Path(__file__).resolve().parent.parent
# The pictures of the README and the docs: (file, page, width, height).
DEFAULT_SHOTS = [
    ("document-1280.png", "sources/rt-choe-son-hui-2019.html#p1", 1280, 900),
    ("document-390.png", "sources/rt-choe-son-hui-2019.html#p1", 390, 844),
]


def shoot(shots: list[tuple[str, str, int, int]], html: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, page_name, width, height in shots:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(
                (html / page_name.split("#")[0]).resolve().as_uri()
                + ("#" + page_name.split("#")[1] if "#" in page_name else "")
            )
            page.wait_for_timeout(300)
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
    parser.add_argument("--out", type=Path, help="folder for the PNGs")
    parser.add_argument("--html", type=Path, default=ROOT / "build" / "html")
    args = parser.parse_args()
    if not (args.html / "index.html").is_file():
        sys.exit(f"{args.html}/index.html not found: run make html first")
    if args.pages:
        shots = [
            (f"{Path(p.split('#')[0]).stem}-{w}.png", p, w, args.height)
            for p in args.pages
            for w in args.width or [1280, 390]
        ]
        written = shoot(shots, args.html, args.out or ROOT / "build" / "screenshots")
    else:
        written = shoot(DEFAULT_SHOTS, args.html, args.out or ROOT / "docs" / "images")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
