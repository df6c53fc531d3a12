"""The edition's CSS and JavaScript: the interactive page for HTML, a plain stacked layout
for the e-book (reading systems run no script, and epubcheck rejects newer CSS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
STATIC = HERE / "static"
STATIC_EPUB = HERE / "static-epub"


def _add_assets(app: Any) -> None:
    if app.builder.format != "html":
        return
    # Sphinx copies (and on rebuilds refreshes) html_static_path with the theme's files.
    if app.builder.name.startswith("epub"):
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC_EPUB)]
        app.add_css_file("edition-epub.css")
    else:
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
        app.add_css_file("edition.css")
        app.add_js_file("edition.js")


def setup_assets(app: Any) -> None:
    app.connect("builder-inited", _add_assets)
