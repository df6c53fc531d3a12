"""Pages the book needs and the site does not: a page whose front matter says
``site-redirect: PAGE`` (the book's root and its introduction, whose contents the site's
title page shows) is written in the site as a redirect to PAGE, so that its address, which
the anchor lock keeps, still leads somewhere and no page of the site is reachable from
nowhere. The book and the e-book build the page as it is."""

from __future__ import annotations

from typing import Any

from .outputs import is_site

REDIRECT_KEY = "site-redirect"
TEMPLATE = "edition-redirect.html"


def redirect_target(app: Any, pagename: str) -> str | None:
    """The page the site sends ``pagename`` to, or None if it is an ordinary page."""
    target = app.env.metadata.get(pagename, {}).get(REDIRECT_KEY)
    return str(target) if target else None


def _redirect_page(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
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


def setup_site_pages(app: Any) -> None:
    app.connect("html-page-context", _redirect_page)
