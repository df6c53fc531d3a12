"""Pages the book needs and the site does not: a page whose front matter says
``site-redirect: PAGE`` (the book's root and its introduction, whose contents the site's
title page shows) is written in the site as a redirect to PAGE, so that its address, which
the anchor lock keeps, still leads somewhere and no page of the site is reachable from
nowhere. The book and the e-book build the page as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from .outputs import is_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx


REDIRECT_KEY = "site-redirect"
TEMPLATE = "edition-redirect.html"


def redirect_target(app: Sphinx, pagename: str) -> str | None:
    """The page the site sends ``pagename`` to, or None if it is an ordinary page."""
    target = app.env.metadata.get(pagename, {}).get(REDIRECT_KEY)
    return str(target) if target else None


def _redirect_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document
) -> str | None:
    if doctree is None or not is_site(app.builder):
        return None
    target = redirect_target(app, pagename)
    if target is None:
        return None
    context["redirect_url"] = context["pathto"](target)
    context["redirect_title"] = (
        app.env.titles[target].astext() if target in app.env.titles else target
    )
    return TEMPLATE


def _front_matter_redirect(doctree: nodes.document) -> str | None:
    """The ``site-redirect`` of a page's front matter (a docinfo field, before Sphinx
    collects it into the environment's metadata)."""
    for docinfo in doctree.findall(nodes.docinfo):
        for field in docinfo.findall(nodes.field):
            if field[0].astext() == REDIRECT_KEY:
                return field[1].astext().strip() or None
    return None


def _drop_book_contents(app: Sphinx, doctree: nodes.document) -> None:
    """In the site, a redirected page's table of contents is not the site's: the title
    page lists the same pages, and Sphinx would report each of them as "referenced in
    multiple toctrees" at every build. The book keeps it (its doctrees are its own)."""
    if not is_site(app.builder) or _front_matter_redirect(doctree) is None:
        return
    for toctree in list(doctree.findall(addnodes.toctree)):
        wrapper = toctree.parent
        if isinstance(wrapper, nodes.compound) and len(wrapper.children) == 1:
            wrapper.parent.remove(wrapper)
        else:
            wrapper.remove(toctree)


def setup_site_pages(app: Sphinx) -> None:
    app.connect("html-page-context", _redirect_page)
    # Before Sphinx's toctree collector reads the page (priority 500).
    app.connect("doctree-read", _drop_book_contents, priority=400)
