"""The edition's CSS and JavaScript: the interactive page for HTML, a plain stacked layout
for the e-book (reading systems run no script, and epubcheck rejects newer CSS)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.fileutil import copy_asset_file

from .outputs import is_ebook, is_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx


HERE = Path(__file__).parent
STATIC = HERE / "static"
STATIC_EPUB = HERE / "static-epub"


def _add_assets(app: Sphinx) -> None:
    if not is_html(app.builder):
        return
    # Copied now, before any page is written (an e-book is packed before build-finished),
    # and not through html_static_path: changing the configuration here would make every
    # incremental build see "the configuration has changed" and read every page again.
    epub = is_ebook(app.builder)
    names = ["edition-epub.css"] if epub else ["edition.css", "edition.js"]
    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    for name in names:
        source = (STATIC_EPUB if epub else STATIC) / name
        copy_asset_file(source, Path(app.outdir) / "_static" / name, force=True)
    for name in names:
        if name.endswith(".css"):
            app.add_css_file(name)
        else:
            app.add_js_file(name)


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", _add_assets)
