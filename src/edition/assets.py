"""The edition's CSS and JavaScript for HTML builders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.util.fileutil import copy_asset_file

STATIC = Path(__file__).parent / "static"
FILES = ("edition.css", "edition.js")


def _copy(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        for name in FILES:
            # force: an edited stylesheet must replace the copy of the previous build.
            copy_asset_file(STATIC / name, Path(app.outdir) / "_static" / name, force=True)


def setup_assets(app: Any) -> None:
    app.add_css_file("edition.css")
    app.add_js_file("edition.js")
    app.connect("build-finished", _copy)
