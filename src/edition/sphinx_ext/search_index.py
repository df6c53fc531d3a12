"""Search in every language of the edition: the Sphinx side (the search page's directive,
and the Pagefind index started with the build and put in place when it ends). The pages
the indexer reads and the index itself are made in :mod:`edition.products.search_pages`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..products.search_pages import BackgroundIndex
from .outputs import is_site
from .state import project_of, state_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder


def _start_index(app: Sphinx) -> None:
    if is_site(app.builder):
        # One search for the whole site: the sidebar's box opens this one, so Sphinx's
        # own index (English stems for every language, and a tenth of a large build's
        # time) is not built. This is the switch Sphinx's help builders use.
        cast("StandaloneHTMLBuilder", app.builder).search = False
        state_of(app).search_index = BackgroundIndex(project_of(app), Path(app.outdir))


def _finish_index(app: Sphinx, exception: Exception | None) -> None:
    state = state_of(app)
    running, state.search_index = state.search_index, None
    if running is not None:
        running.finish(succeeded=exception is None)


class SearchDirective(SphinxDirective):
    """``{edition-search}``: where edition.js puts the search box and its results."""

    def run(self) -> list[nodes.Node]:
        box = nodes.container(ids=["ed-search"], classes=["ed-search"])
        text = "Searching the texts needs JavaScript."
        box += nodes.paragraph(text, text, classes=["ed-search-noscript"])
        return [box]


def setup_search_index(app: Sphinx) -> None:
    app.add_directive("edition-search", SearchDirective)
    app.connect("builder-inited", _start_index, priority=600)  # after the data is loaded
    app.connect("build-finished", _finish_index)
