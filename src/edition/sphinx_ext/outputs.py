"""The edition's outputs, named once: every decision that depends on the builder asks here,
in these words, instead of comparing builder names and formats where it stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.builders import Builder


# The published website: citation downloads, the multilingual search, redirect pages.
SITE_BUILDERS = ("html", "dirhtml")


def is_site(builder: Builder) -> bool:
    """The website (standalone pages, or one folder per page)."""
    return builder.name in SITE_BUILDERS


def is_standalone_site(builder: Builder) -> bool:
    """The website with one file per page (the addresses the navigation cache knows)."""
    return bool(builder.name == "html")


def is_html(builder: Builder) -> bool:
    """Any HTML output: the website and the e-book's pages."""
    return bool(builder.format == "html")


def is_ebook(builder: Builder) -> bool:
    return bool(builder.name.startswith("epub"))


def assembles_pages(builder: Builder) -> bool:
    """One document made of every page (the book, a single HTML page, Texinfo): its
    doctree is resolved under the root document's name."""
    return bool(builder.name in ("latex", "singlehtml", "texinfo"))


def is_book(builder: Builder) -> bool:
    """The printed book: one LaTeX document assembled from every page."""
    return bool(builder.format == "latex")
