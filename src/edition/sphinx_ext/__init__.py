"""The edition's Sphinx extension: the only layer that imports Sphinx or docutils.

``setup()`` stays thin: each feature lives in its own module with its own
``setup_<feature>(app)``, in the manner of sphinx-design.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# The shape of the extension's data in the environment (see setup's env_version). 2: the
# register's report records join the mentions of each page; 3: what pages show of other
# pages' data moved into the edition domain.
ENV_VERSION = 5


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every part of the edition's Sphinx extension, one setup per feature."""
    from .anchors import setup_sphinx_anchors
    from .assets import setup_assets
    from .bibstyle import setup_bibstyle
    from .bibtex_errors import setup_bibliography
    from .bibtex_index import setup_bibtex_index
    from .book_bibliography import setup_book_bibliography
    from .build_log import setup_build_log
    from .catalogue import setup_catalogue
    from .citations import setup_citations
    from .cite_pages import setup_cite_pages
    from .config import setup_config
    from .data_dependencies import setup_data_dependencies
    from .document import setup_document
    from .epub_package import setup_epub_package
    from .hangul import setup_hangul
    from .html_writer import setup_html_writer
    from .incremental import setup_incremental
    from .inventory import setup_inventory
    from .latex import setup_latex
    from .memory import setup_memory
    from .navigation import setup_navigation
    from .paragraph_refs import setup_paragraph_refs
    from .register_pages import setup_register_pages
    from .schema_docs import setup_schema_docs
    from .search_index import setup_search_index
    from .settings import setup_settings
    from .site_pages import setup_site_pages
    from .standard_exports import setup_standard_exports
    from .template_cache import setup_template_cache
    from .xref import setup_xref

    setup_settings(app)
    setup_build_log(app)
    setup_config(app)
    setup_assets(app)
    setup_document(app)
    setup_catalogue(app)
    setup_sphinx_anchors(app)
    setup_citations(app)
    setup_bibstyle(app)
    setup_bibliography(app)
    setup_bibtex_index(app)
    setup_paragraph_refs(app)
    setup_register_pages(app)
    setup_latex(app)
    setup_book_bibliography(app)
    setup_hangul(app)
    setup_cite_pages(app)
    setup_standard_exports(app)
    setup_schema_docs(app)
    setup_html_writer(app)
    setup_epub_package(app)
    setup_search_index(app)
    setup_site_pages(app)
    setup_xref(app)
    setup_incremental(app)
    setup_data_dependencies(app)
    setup_inventory(app)
    setup_navigation(app)
    setup_template_cache(app)
    setup_memory(app)
    return {
        "version": __version__,
        # Raised whenever what the extension keeps in the environment changes shape (its
        # domain data, the state it records per page): Sphinx then reads every page again
        # rather than trust an environment pickled by an earlier version.
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
