#!/usr/bin/env python3
"""Render built pages with headless Chromium, to look at them as a reader would.

    python scripts/screenshot.py build/html/sources/zhebin-2024.html#r3 --width 390 --out shots/

Writes one PNG per page and width. Uses Debian's chromium (never a downloaded browser).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def screenshot(page: str, width: int, height: int, out: Path) -> Path:
    """Screenshot of ``page`` (a built file, optionally with ``#anchor``) at ``width``."""
    path, _, anchor = page.partition("#")
    url = Path(path).resolve().as_uri() + (f"#{anchor}" if anchor else "")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium not found: apt-get install chromium")
    target = out / f"{Path(path).stem}{'-' + anchor if anchor else ''}-{width}.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={target}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", help="built HTML files, each optionally with #anchor")
    parser.add_argument("--width", type=int, action="append", help="viewport width (repeatable)")
    parser.add_argument("--height", type=int, default=2400, help="viewport height in px")
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for page in args.pages:
        for width in args.width or [1280, 390]:
            print(screenshot(page, width, args.height, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
