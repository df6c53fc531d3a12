"""Citing the edition in Sphinx: the "How to cite" panel of each document page, the
download links and files (BibTeX, RIS, CSL-JSON), the head metadata and cite-button data
(made in :mod:`edition.products.page_metadata`) put on each page, and the How-to-cite
page's examples.

The published site's address comes from ``edition_base_url`` (which conf.py may take from
``$EDITION_BASE_URL``): with it, citations carry permanent absolute URLs; without it, a
local build says so.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..core.model import Source
from ..data.parse_cache import code_digest
from ..products.citation import (
    Edition,
    document_item,
    edition_item,
    format_reference,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from ..products.output_files import read_json_object, write_if_changed
from ..products.page_metadata import cite_data, edition_head_metadata, head_metadata, script_json
from ..products.standard_exports import TEI_DIR
from . import myst_text
from .outputs import SITE_BUILDERS, is_site
from .settings import edition_config
from .shown import EXAMPLES, note_shown
from .state import builder_of, project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..data.project import Project


CITE_DIR = "cite"  # in the HTML output: cite/<slug>.bib, .ris, .json and cite/edition.*
GUIDE = "how-to-cite"  # the docname of the How-to-cite page
FORMATS = (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))
# In the output folder, beside the exports' manifest: each page's digest when written.
CITE_MANIFEST = ".cite-manifest.json"
LOCAL_BUILD = (
    "This is a local build: its addresses are not permanent. The published edition's "
    "address is set with EDITION_BASE_URL when the site is built."
)


def edition_of(config: Config) -> Edition:
    settings = edition_config(config)
    return Edition(
        config.project,
        settings.editors,
        config.release,
        settings.issued,
        settings.base_url,
        settings.pdf_url,
    )


class cite_downloads(nodes.General, nodes.Element):
    """Where the download links of a document's (or the edition's) citation go."""


def cite_panel_lines(
    source: Source, edition: Edition, guide: str | None, site: bool = True
) -> list[str]:
    """The body of the "How to cite" panel, in MyST (the citation itself is escaped);
    ``guide`` is the docname of the How-to-cite page, if the project has one; ``site``:
    for the website (its buttons and addresses), else for the book or the e-book."""
    citation = format_reference(document_item(source, edition))
    see = f" See {{doc}}`/{guide}`." if guide else ""
    if site:
        how = (
            "To cite a paragraph, add its number and anchor: the \u201ccite\u201d button "
            "beside each paragraph number copies the citation, and the number itself is "
            "the paragraph's permanent link."
        )
    else:
        how = (
            "To cite a paragraph, add its number (\u00b6 3); in the edition's website each "
            "paragraph number is also the paragraph's permanent link."
        )
    lines = [myst_text.escape(citation), "", how + see, ""]
    if site and not edition.base_url:
        lines += [f"*{myst_text.escape(LOCAL_BUILD)}*", ""]
    return lines


class CiteDownloadsTransform(SphinxPostTransform):
    """The download links, in the website (whose build writes the files they point at)."""

    builders = SITE_BUILDERS
    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        builder = builder_of(self.env)
        for node in list(self.document.findall(cite_downloads)):
            # From the page's own file: sources/x.html (html) or sources/x/ (dirhtml).
            depth = builder.get_target_uri(self.env.docname).count("/")
            prefix = "../" * depth + f"{CITE_DIR}/{node['key']}."
            paragraph = nodes.paragraph(classes=["ed-cite-downloads"])
            paragraph += nodes.Text("Download the citation: ")
            for index, (suffix, label) in enumerate(FORMATS):
                if index:
                    paragraph += nodes.Text(" · ")
                paragraph += nodes.reference(label, label, refuri=prefix + suffix)
            if node["key"] == "edition":
                node.replace_self(paragraph)
                continue
            text = nodes.paragraph(classes=["ed-text-downloads"])
            text += nodes.Text("Download the text: ")
            tei = "../" * depth + f"{TEI_DIR}/{node['key']}.xml"
            text += nodes.reference("TEI XML", "TEI XML", refuri=tei)
            node.replace_self([paragraph, text])


class NoCiteDownloads(SphinxPostTransform):
    """Elsewhere (the book, the e-book) there are no downloads: the placeholders go."""

    default_priority = 21  # after the website's transform has filled them

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(cite_downloads)):
            node.parent.remove(node)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document
) -> None:
    if not is_site(app.builder):
        return
    edition = edition_of(app.config)
    context["edition_version"] = edition.version
    permanent = edition.url(pagename)
    if permanent:  # RFC 8574: the address to cite this page by
        link = f'<link rel="cite-as" href="{html.escape(permanent)}">\n'
        context["metatags"] = context.get("metatags", "") + link
    if pagename in (app.config.root_doc, GUIDE):
        context["metatags"] = context.get("metatags", "") + edition_head_metadata(edition)
        return
    source = project_of(app).sources.get(pagename.removeprefix("sources/"))
    if source is None or source.docname != pagename:
        return
    data = script_json(cite_data(source, edition))
    context["metatags"] = (
        context.get("metatags", "")
        + head_metadata(source, edition, project_of(app).register)
        + f'<script type="application/json" id="ed-cite-data">{data}</script>\n'
    )


def _write_exports(app: Sphinx, exception: Exception | None) -> None:
    """cite/<slug>.{bib,ris,json} for each document and cite/edition.* for the whole;
    a page's three files are made again only when its items or the code that writes
    them changed since the build that wrote them (or one of them is gone)."""
    if exception is not None or not is_site(app.builder):
        return
    edition = edition_of(app.config)
    out = Path(app.outdir) / CITE_DIR
    out.mkdir(parents=True, exist_ok=True)
    items = {"edition": [edition_item(edition)]}
    for slug, document in project_of(app).documents.items():
        items[slug] = [document_item(document, edition)]
    items["edition"] += [item for slug, page in items.items() if slug != "edition" for item in page]
    manifest = read_json_object(out.parent / CITE_MANIFEST) or {}
    code = code_digest("products/citation.py")
    # The folder listed once (three thousand files at N = 1000, not a look at each).
    with os.scandir(out) as entries:
        present = {entry.name for entry in entries if entry.is_file()}
    digests = {}
    for key, page_items in items.items():
        digests[key] = hashlib.sha256(f"{code}\0{page_items!r}".encode()).hexdigest()
        names = [f"{key}.{suffix}" for suffix, _ in FORMATS]
        if manifest.get(key) == digests[key] and all(name in present for name in names):
            continue
        for suffix, text in (
            ("json", to_csl_json(page_items)),
            ("bib", "\n".join(map(to_bibtex, page_items))),
            ("ris", "\n".join(map(to_ris, page_items))),
        ):
            write_if_changed(out / f"{key}.{suffix}", text.encode("utf-8"))
    record = json.dumps(digests, separators=(",", ":")).encode()
    write_if_changed(out.parent / CITE_MANIFEST, record)


def paragraph_citation(source: Source, edition: Edition, label: str, anchor: str) -> str:
    """The citation of one paragraph (or note): the document's, then where in it."""
    citation = format_reference(document_item(source, edition))
    url = edition.url(source.docname, anchor)
    where = f"¶ {label}" if not label.startswith("note") else label
    return f"{citation} {where}." + (f" {url}." if url else "")


def _example_source(project: Project) -> Source | None:
    """The example: a document with a named author, as most citations will be (only its
    texts are read)."""
    documents = list(project.documents.values())
    named = [d for d in documents if d.meta.authorship == "named"]
    return project.sources[(named or documents)[0].slug] if documents else None


def example_data(project: Project, docname: str = "", key: str = "") -> str:
    """Everything of the data that the citation examples show, as one text."""
    source = _example_source(project)
    if source is None:
        return ""
    first = next(b for b in source.original.rendered if not b.is_heading)
    note = [(n.id, n.number) for n in source.notes[:1]]
    return json.dumps([source.slug, asdict(source.meta), first.id, first.label, note])


class CitationExamplesDirective(SphinxDirective):
    """``{edition-citations}``: the edition's own citation and worked examples, generated
    from the same data as the pages' citations, so that they never disagree."""

    def run(self) -> list[nodes.Node]:
        project = project_of(self.env)
        edition = edition_of(self.config)
        source = _example_source(project)
        # Read again when the data the examples show changes (incremental builds).
        note_shown(self.env, EXAMPLES, "", example_data(project))
        lines = [
            "**The edition**",
            "",
            myst_text.escape(format_reference(edition_item(edition))),
            "",
            "CITE-DOWNLOADS",
            "",
        ]
        if source is not None:
            first = next(b for b in source.original.rendered if not b.is_heading)
            lines += [
                f"**A document** ({myst_text.escape(source.meta.short_title)})",
                "",
                myst_text.escape(format_reference(document_item(source, edition))),
                "",
                f"**A paragraph** ({{para}}`{source.slug}#{first.id}`)",
                "",
                myst_text.escape(paragraph_citation(source, edition, first.label, first.id)),
                "",
            ]
            if source.notes:
                note = source.notes[0]
                lines += [
                    f"**A note** ({{para}}`{source.slug}#{note.id}`)",
                    "",
                    myst_text.escape(
                        paragraph_citation(source, edition, f"note {note.number}", note.id)
                    ),
                    "",
                ]
        if not edition.base_url:
            lines += [f"*{myst_text.escape(LOCAL_BUILD)}*", ""]
        holder = nodes.container(classes=["ed-citation-examples"])
        self.state.nested_parse(StringList(lines), self.content_offset, holder)
        for paragraph in list(holder.findall(nodes.paragraph)):
            if paragraph.astext() == "CITE-DOWNLOADS":
                paragraph.replace_self(cite_downloads(key="edition"))
        return [holder]


def setup_cite_pages(app: Sphinx) -> None:
    app.add_directive("edition-citations", CitationExamplesDirective)
    app.add_node(cite_downloads)
    app.add_post_transform(CiteDownloadsTransform)
    app.add_post_transform(NoCiteDownloads)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write_exports)
