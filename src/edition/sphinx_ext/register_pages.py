"""The register in Sphinx: links from every mention, the Actors, Events and Chronology pages,
"mentioned in" lists, and the panel of each document page.

Mentions are collected per document while document pages are read, into the ``edition``
domain (``clear_doc`` and ``merge_domaindata`` keep it right under incremental and
parallel builds). The "mentioned in" lists need every document, so the register pages hold
placeholders that a post-transform fills at write time, and ``edition.incremental`` has
Sphinx rewrite those pages whenever what the lists show (the map of mentions, the
documents' short titles, the paragraphs' numbers) has changed.

The pieces: the domain (:mod:`edition.sphinx_ext.register_domain`), the directive
(:mod:`edition.sphinx_ext.register_directive`), the entries' fields
(:mod:`edition.sphinx_ext.register_fields`, written as HTML on the website by
:mod:`edition.sphinx_ext.register_fields_html`) and the lists
(:mod:`edition.sphinx_ext.mention_lists`); here, the timeline, the tooltips of mention
links, and the setup that joins them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..products.output_files import write_if_changed
from ..products.timeline import default_years, timeline_svg
from .mention_lists import (
    MentionedInHTMLTransform,
    MentionedInTransform,
    mentioned_in,
)
from .outputs import is_site
from .register_directive import RegisterDirective
from .register_domain import EditionDomain, domain_of
from .register_fields import setup_register_fields
from .register_fields_html import setup_register_fields_html
from .settings import edition_config
from .state import project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class RegisterLinkTitles(SphinxPostTransform):
    """HTML: a link to a register entry has the entry's short description as its title,
    which edition.js turns into a tooltip that keyboard focus shows too."""

    formats = ("html",)
    default_priority = 9  # once the links point at their pages (8)

    def run(self, **kwargs: Any) -> None:
        entries = project_of(self.env).register.entries
        for ref in self.document.findall(nodes.reference):
            if "ed-reg" not in ref["classes"]:
                continue
            # A register entry's anchor is its ID (core.labels).
            anchor = ref.get("refid") or str(ref.get("refuri", "")).partition("#")[2]
            entry = entries.get(anchor)
            if entry is not None:
                ref["reftitle"] = f"{entry.name}: {entry.description}"
                ref["classes"].append("ed-reg-link")


TIMELINE = "_generated/timeline.svg"  # in the Sphinx source folder; not committed


def _write_timeline(app: Sphinx) -> None:
    """Draw the timeline before the pages are read (the Chronology page shows it)."""
    project = project_of(app)
    events = [e for e in project.register.entries.values() if e.kind == "event"]
    if events:
        documents = list(project.documents.values())
        years = edition_config(app.config).timeline_years
        span = (years[0], years[1]) if years else default_years(documents, events)
        svg = timeline_svg(events, documents, span)
        # Only a changed figure: an unchanged one must not make Sphinx read its page again.
        write_if_changed(Path(app.srcdir) / TIMELINE, svg.encode("utf-8"))


def _keep_the_shown_contents(app: Sphinx, doctree: nodes.document) -> None:
    """A register page keeps in Sphinx's environment only the part of its table of
    contents that is ever shown (its ``tocdepth``: the page and its groups, not its
    entries). Sphinx keeps every section (5000 entries at N = 1000, a fifth of the saved
    environment, written and read back at every build) and cuts them off where it shows
    them. The website only: the e-book's navigation is made without that cut."""
    env = app.env
    depth = int(env.metadata[env.docname].get("tocdepth", 0) or 0)
    toc = env.tocs.get(env.docname)
    if env.docname not in domain_of(env).data["pages"] or not depth or toc is None:
        return
    if not is_site(app.builder):
        return

    def cut(node: nodes.Element, level: int) -> None:
        for child in list(node.children):
            if isinstance(child, nodes.bullet_list) and level + 1 > depth:
                node.remove(child)
            elif isinstance(child, nodes.Element):
                cut(child, level + 1 if isinstance(child, nodes.bullet_list) else level)

    cut(toc, 1)


def setup_register_pages(app: Sphinx) -> None:
    app.connect("builder-inited", _write_timeline)
    # After Sphinx's collector has made the table of contents (priority 500).
    app.connect("doctree-read", _keep_the_shown_contents, priority=900)
    app.add_domain(EditionDomain)
    app.add_node(mentioned_in)
    setup_register_fields(app)
    setup_register_fields_html(app)
    app.add_directive("edition-register", RegisterDirective)
    app.add_post_transform(MentionedInHTMLTransform)
    app.add_post_transform(MentionedInTransform)
    app.add_post_transform(RegisterLinkTitles)
