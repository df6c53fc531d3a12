"""The e-book's package as a reading system and EPUB's own rules want it (epubcheck 5 with
its usage checks, EPUB Accessibility 1.1), where Sphinx's EPUB builder falls short:

- its pages carry ``<meta name="viewport">`` (twice: Sphinx's layout and docutils), which
  reading systems must ignore in reflowable documents;
- its package document dates the book by the day of the build, says ``unknown`` where no
  description or contributor is set, and has no accessibility metadata;
- its NCX names the book by ``epub_uid`` (an XML ID) instead of the package's identifier.

Sphinx's templates for the package are fixed (``templates/epub3``): the package document
is amended once the builder has written it, before the book is zipped."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from xml.sax.saxutils import escape

from .outputs import is_ebook
from .settings import edition_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders._epub_base import EpubBuilder


VIEWPORT = re.compile(r'[ \t]*<meta name="viewport"[^>]*/?>\n?')

# What the e-book offers a reader who cannot see, or does not use, its pictures
# (schema.org's accessibility vocabulary, as EPUB Accessibility 1.1 asks).
ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "The texts, their translations and the notes are text, each in its language, in "
        "reading order: every paragraph of an original is followed by its translation, and "
        "each note mark links to its note and back. Headings structure every chapter; the "
        "two figures (a document page and a timeline) have text alternatives, and the "
        "timeline's events are also listed in the text.",
    ),
)


def amend_package(opf: str, issued: str) -> str:
    """The package document with the edition's date of issue for the build's date, no
    empty or ``unknown`` Dublin Core elements, and the accessibility metadata."""
    opf = re.sub(r"<dc:date>[^<]*</dc:date>", f"<dc:date>{issued}</dc:date>", opf)
    opf = re.sub(
        r'<meta property="dcterms:modified">[^<]*</meta>',
        f'<meta property="dcterms:modified">{issued}T00:00:00Z</meta>',
        opf,
    )
    opf = re.sub(r"[ \t]*<dc:(\w+)>(?:unknown)?</dc:\1>\n?", "", opf)
    metas = "".join(
        f'    <meta property="{name}">{escape(value)}</meta>\n' for name, value in ACCESSIBILITY
    )
    if "</metadata>" not in opf:
        raise ValueError("the EPUB package document has no </metadata>")
    return opf.replace("  </metadata>", metas + "  </metadata>", 1)


def _amend_builder(app: Sphinx) -> None:
    if not is_ebook(app.builder):
        return
    builder = cast("EpubBuilder", app.builder)
    render = builder.templates.render
    builder.templates.render = lambda name, context: VIEWPORT.sub("", render(name, context))
    build_content = builder.build_content
    issued = edition_config(app.config).issued

    def build_content_amended() -> None:
        build_content()
        opf = Path(builder.outdir) / "content.opf"
        opf.write_text(amend_package(opf.read_text(encoding="utf-8"), issued), encoding="utf-8")

    builder.build_content = build_content_amended  # type: ignore[method-assign]
    # The NCX names the book by the package's identifier (epubcheck: NCX-001); Sphinx gives
    # it epub_uid, the XML ID of the identifier's element.
    toc_metadata = builder.toc_metadata
    identifier = escape(app.config.epub_identifier)

    def toc_metadata_identified(level: int, navpoints: list[Any]) -> dict[str, Any]:
        return {**toc_metadata(level, navpoints), "uid": identifier}

    builder.toc_metadata = toc_metadata_identified  # type: ignore[method-assign]


def setup_epub_package(app: Sphinx) -> None:
    app.connect("builder-inited", _amend_builder)
