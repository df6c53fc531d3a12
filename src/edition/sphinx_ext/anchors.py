"""Retired pages keep their URLs: a redirect or a tombstone page is written in their place."""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from ..data.anchors import load_retired
from .outputs import is_html
from .state import project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


REDIRECT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}"><title>Moved</title></head>
<body><p>This page has moved to <a href="{url}">{url}</a>.</p></body></html>
"""
TOMBSTONE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Withdrawn</title></head>
<body><p>This page was withdrawn in version {since}: {reason}</p>
<p><a href="{home}">The edition's title page</a></p></body></html>
"""


def _write_retired_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html(app.builder):
        return
    retired, _problems = load_retired(project_of(app).retired_path)
    out = Path(app.outdir)
    for source, target in retired.redirects.items():
        if "#" in source:
            continue
        page, _, anchor = target.partition("#")
        url = posixpath.relpath(f"{page}.html", posixpath.dirname(source) or ".")
        url += f"#{anchor}" if anchor else ""
        path = out / f"{source}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REDIRECT.format(url=html.escape(url)), encoding="utf-8")
    for source, reason in retired.tombstones.items():
        if "#" in source:
            continue
        home = posixpath.relpath("index.html", posixpath.dirname(source) or ".")
        path = out / f"{source}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = TOMBSTONE.format(
            since=html.escape(retired.since[source]), reason=html.escape(reason), home=home
        )
        path.write_text(text, encoding="utf-8")


def setup_sphinx_anchors(app: Sphinx) -> None:
    app.connect("build-finished", _write_retired_pages)
