"""Sphinx configuration of the edition. The edition's own machinery is the `edition` package."""

from __future__ import annotations

import os
from importlib.metadata import version as _version

project = "DPRK–US Relations, 2017–2024: Four Documents"
author = "The editors"
copyright = "2026, the editors"
release = _version("dprk-us-edition")
# The date of this version (a release updates it with the version in pyproject.toml), and
# who is responsible for the edition, as citations give them.
edition_issued = "2026-11-23"
edition_editors = "The editors of the DPRK–US relations edition"
# The Chronology's timeline: the years of the documents; earlier events stand above the axis.
edition_timeline_years = (2017, 2024)
# The published site's address, for permanent URLs in citations (None in a local build).
edition_base_url = os.environ.get("EDITION_BASE_URL") or None
html_baseurl = edition_base_url or ""
version = release
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "edition",
]

# Typographic quotes are written by the editors; never let Sphinx change a transcribed quote.
smartquotes = False

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_generated", "_*.md", "Thumbs.db", ".DS_Store"]
# No "substitution": it renders {{ … }} in every MyST string, data included, with Jinja2.
# The edition's check refuses to build with any extension its contribution gate does not know.
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 0  # anchors are written in the data, never derived from titles

bibtex_bibfiles = ["../bibliography.bib"]
bibtex_default_style = "edition"  # edition/bibstyle.py
bibtex_reference_style = "edition"  # (Author Year)

templates_path = ["_templates"]
html_theme = "furo"
html_title = "DPRK–US Relations, 2017–2024"
html_static_path: list[str] = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_favicon = "_static/favicon.svg"  # the edition's pilcrow, drawn for it (no font needed)
# No general index: the register and the bibliography are the edition's indexes, and
# Sphinx's would be an empty "Index" page.
html_use_index = False

edition_root = None  # the repository root: the parent of docs/
edition_seeds_dir = None  # $EDITION_SEEDS or ../shared/seeds

# -- The printed book (make pdf): xelatex, polyglossia per column, fonts with Cyrillic and Hangul.
extensions.append("sphinxcontrib.rsvgconverter")  # the timeline SVG as PDF, via rsvg-convert
latex_engine = "xelatex"
# The book has its own root page (book.md): the title page of the HTML edition nests
# everything under its last section, which in print would make the documents subsections.
latex_documents = [("book", "dprk-us-edition.tex", project, author, "manual", False)]
latex_show_urls = "no"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "babel": r"""\usepackage{polyglossia}
\setmainlanguage{english}
\setotherlanguages{russian,ukrainian}""",
    "fontpkg": r"""\setmainfont{Noto Serif}
\setsansfont{Noto Sans}
\setmonofont{DejaVu Sans Mono}[Scale=0.85]
\newfontfamily\cyrillicfont{Noto Serif}
\newfontfamily\cyrillicfontsf{Noto Sans}
\newfontfamily\cyrillicfonttt{DejaVu Sans Mono}[Scale=0.85]
\newfontfamily\hangulfont{NanumMyeongjo}""",
    "fncychap": "",
    "sphinxsetup": "hmargin={2.6cm,2.2cm}, vmargin={2.4cm,2.6cm}",
    # Figures numbered through the book (the class restarts them in every chapter, and
    # without a chapter prefix the two figures were both "Fig. 1").
    "sphinxpkgoptions": "[nonumfigreset]",
    "printindex": "",
}
latex_domain_indices = False

# -- The e-book (make epub, which passes -t epub): it starts at book.md, like the printed
# book, and its panels are plain sections (the dropdowns' inline SVG is not valid EPUB).
if tags.has("epub"):  # noqa: F821 - Sphinx provides `tags` to conf.py
    root_doc = "book"
    # pages for the site only
    exclude_patterns += [
        "index.md",
        "contributing.md",
        "schemas.md",
        "find.md",
        "performance.md",
        "architecture.md",
    ]
    html_favicon = None  # an e-book has no tab to show it in
edition_plain_panels = tags.has("epub")  # noqa: F821

epub_title = project
epub_author = author
epub_language = "en"
epub_publisher = author
epub_copyright = copyright
epub_description = (
    "An annotated source edition of four documents on relations between the DPRK and the "
    "United States, 2017–2024: each transcribed, translated (Russian and Ukrainian into "
    "English, English into Russian) and annotated, with a register of the actors and "
    "events they name and a bibliography."
)
# epub_contributor is not set: the editors are the author, and no one else contributed; the
# package's "unknown" is left out (edition.sphinx_ext.epub_package).
# The e-book's own identifier: a UUID made once for this edition (uuid4) and never changed,
# so that a reading system knows a new version as the same book.
epub_identifier = "urn:uuid:78aa68d5-e289-4f0c-86d3-e69fbc9fe10d"
epub_scheme = "uuid"
epub_uid = "edition-id"
epub_show_urls = "no"
# Sphinx's theme files that no page of the e-book uses (epubcheck 5: OPF-097).
epub_exclude_files = [
    "search.html",
    "genindex.html",
    "_static/basic.css",
    "_static/plus.png",
    "_static/minus.png",
    # Sphinx keeps the last build's record here when the configuration changed, and its
    # EPUB builder, which ignores ".buildinfo", does not ignore this one.
    ".buildinfo.bak",
]
