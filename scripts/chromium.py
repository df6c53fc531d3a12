"""How the edition's tools start Debian's Chromium (browser tests, screenshots): the
system browser, never a downloaded one, with the flags a headless, offline run needs."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
